/* ac-oidc-sign-in.c: signing in with the system browser (OIDC authorization code with PKCE)
 *
 * See ac-oidc-sign-in.h for the flow. The scope is `openid profile email phone`: no
 * `offline_access`, because the session is then kept and refreshed exactly like a password
 * sign-in's (the id_token is the client's token, refreshed through users/refresh-token), so a
 * refresh token would be a secret held for nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-oidc"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "ac-client-oidc.h"
#include "ac-oidc-loopback.h"
#include "ac-oidc-sign-in.h"
#include "ac-oidc-util.h"

#define SCOPE "openid profile email phone"
#define REDIRECT_PATH "/callback"

struct _AcOidcSignIn
{
  GObject       parent_instance;

  AcClient     *client;
  guint         timeout;
  char         *uri;
  GTask        *task;         /* the sign-in under way (weak: the task owns itself) */
};

G_DEFINE_FINAL_TYPE (AcOidcSignIn, ac_oidc_sign_in, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TIMEOUT,
  PROP_URI,
  N_PROPS
};

enum {
  OPEN_URI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char           *issuer;
  AcOidcProvider *provider;
  JsonObject     *jwks;
  AcOidcLoopback *loopback;
  char           *verifier;
  char           *state;
  char           *nonce;
  char           *id_token;
  char           *sub;
} Run;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    {
      gnutls_memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

static void
run_free (Run *run)
{
  g_free (run->issuer);
  g_clear_pointer (&run->provider, ac_oidc_provider_free);
  g_clear_pointer (&run->jwks, json_object_unref);
  g_clear_object (&run->loopback);
  wipe_free (run->verifier);
  wipe_free (run->state);
  wipe_free (run->nonce);
  wipe_free (run->id_token);
  g_free (run->sub);
  g_free (run);
}

static void
set_uri (AcOidcSignIn *self,
         const char   *uri)
{
  if (g_strcmp0 (self->uri, uri) == 0)
    return;
  g_free (self->uri);
  self->uri = g_strdup (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
}

/* Ends the sign-in: the browser's page says how, the task returns. Takes @error. */
static void
finish (GTask      *task,
        AcUserInfo *user,
        GError     *error)
{
  AcOidcSignIn *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  /* Cancel means no session, even when the answer came just before */
  if (error == NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      if (g_strcmp0 (ac_client_get_token (self->client), run->id_token) == 0)
        ac_client_forget_session (self->client);
      user = NULL;
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sign-in was cancelled."));
    }
  if (run->loopback != NULL)
    ac_oidc_loopback_answer (run->loopback, error);
  set_uri (self, NULL);
  self->task = NULL;

  if (error != NULL)
    {
      g_debug ("Browser sign-in failed: %s", error->message);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, g_object_ref (user), g_object_unref);
  g_object_unref (task);
}

static GError *
sign_in_error (const char *message)
{
  return g_error_new_literal (AC_ERROR, AC_ERROR_BROWSER_SIGN_IN, message);
}

/* ------------------------------------------------------------------------------------------ */
/* 6. The session                                                                             */

static void
user_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AcClient *client = AC_CLIENT (object);
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_get_current_user_finish (client, result, &error);
  if (user != NULL && g_strcmp0 (ac_user_info_get_id (user), run->sub) != 0)
    {
      g_clear_object (&user);
      error = sign_in_error (_("The server signed in another account than the browser did. "
                               "Nothing was signed in."));
    }
  if (user == NULL)
    {
      /* No half session: the token goes if it is still ours */
      if (g_strcmp0 (ac_client_get_token (client), run->id_token) == 0)
        ac_client_forget_session (client);
      finish (task, NULL, error);
      return;
    }
  finish (task, user, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* 5. The exchange                                                                            */

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AcClient *client = AC_CLIENT (object);
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  const char *id_token, *access_token, *token_type;
  GError *error = NULL;
  JsonNode *exp;

  answer = _ac_client_oidc_request_finish (client, result, &error);
  if (answer == NULL)
    {
      finish (task, NULL, error);
      return;
    }

  id_token = string_member (answer, "id_token");
  access_token = string_member (answer, "access_token");
  token_type = string_member (answer, "token_type");
  if (id_token == NULL || access_token == NULL || token_type == NULL ||
      g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      finish (task, NULL, g_error_new_literal (AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                                               _("The server’s answer did not contain a session token")));
      return;
    }

  claims = ac_oidc_check_id_token (id_token, run->jwks, run->issuer, ac_client_get_app_id (client),
                                   run->nonce, access_token, g_get_real_time () / G_USEC_PER_SEC,
                                   &error);
  if (claims == NULL)
    {
      finish (task, NULL, error);
      return;
    }

  /* Checked by ac_oidc_check_id_token(): an integer, and the sub a non-empty string */
  exp = json_object_get_member (claims, "exp");
  expires_at = g_date_time_new_from_unix_utc (json_node_get_int (exp));
  run->sub = g_strdup (string_member (claims, "sub"));
  run->id_token = g_strdup (id_token);

  /* As after a password sign-in: the token (the id_token, as the Guard SDKs keep it), its
   * expiry, then the user. */
  ac_client_set_session (client, id_token, expires_at);
  ac_client_get_current_user_async (client, g_task_get_cancellable (task), user_cb, task);
}

/* ------------------------------------------------------------------------------------------ */
/* 4. The browser comes back                                                                  */

static gboolean
equal_secret (const char *a,
              const char *b)
{
  gsize len;

  if (a == NULL || b == NULL)
    return FALSE;
  len = strlen (a);
  return len == strlen (b) && gnutls_memcmp (a, b, len) == 0;
}

static void
redirect_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  AcOidcSignIn *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) form = NULL;
  const char *code, *error_code, *iss;
  GError *error = NULL;

  params = ac_oidc_loopback_wait_finish (AC_OIDC_LOOPBACK (object), result, &error);
  set_uri (self, NULL);
  if (params == NULL)
    {
      finish (task, NULL, error);
      return;
    }

  /* An answer that does not carry our state is not the answer to our request, whatever else
   * it says (RFC 6749 §10.12): nothing of it is used. */
  if (!equal_secret (g_hash_table_lookup (params, "state"), run->state))
    {
      finish (task, NULL, sign_in_error (_("The browser came back with an answer that does not "
                                           "belong to this sign-in. Nothing was signed in.")));
      return;
    }
  iss = g_hash_table_lookup (params, "iss");
  if (iss != NULL && g_strcmp0 (iss, run->issuer) != 0)
    {
      finish (task, NULL, sign_in_error (_("The browser came back from another server. "
                                           "Nothing was signed in.")));
      return;
    }
  error_code = g_hash_table_lookup (params, "error");
  if (error_code != NULL)
    {
      const char *description = g_hash_table_lookup (params, "error_description");

      if (g_str_equal (error_code, "access_denied"))
        error = sign_in_error (_("Sign-in was cancelled in the browser."));
      else
        error = g_error_new (AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                             /* Translators: %s is the server's reason (often in English) */
                             _("The server refused the sign-in: %s"),
                             description != NULL && *description != '\0' ? description : error_code);
      finish (task, NULL, error);
      return;
    }
  code = g_hash_table_lookup (params, "code");
  if (code == NULL || *code == '\0')
    {
      finish (task, NULL, sign_in_error (_("The browser came back without a sign-in code.")));
      return;
    }

  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (char *) "grant_type", (char *) "authorization_code");
  g_hash_table_insert (form, (char *) "code", (char *) code);
  g_hash_table_insert (form, (char *) "redirect_uri",
                       (char *) ac_oidc_loopback_get_redirect_uri (run->loopback));
  g_hash_table_insert (form, (char *) "client_id", (char *) ac_client_get_app_id (self->client));
  g_hash_table_insert (form, (char *) "code_verifier", run->verifier);
  _ac_client_oidc_request_async (self->client, run->provider->token_endpoint, form,
                                 g_task_get_cancellable (task), token_cb, task);
}

/* ------------------------------------------------------------------------------------------ */
/* 2 and 3. The listener and the browser                                                      */

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (uri, "%c%s=%s", strchr (uri->str, '?') != NULL ? '&' : '?', name, escaped);
}

static void
open_browser (GTask *task)
{
  AcOidcSignIn *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GString) uri = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *text = NULL;
  const char *lang = ac_client_get_lang (self->client);
  GError *error = NULL;

  run->loopback = ac_oidc_loopback_new (REDIRECT_PATH, &error);
  if (run->loopback == NULL)
    {
      GError *wrapped = g_error_new (AC_ERROR, AC_ERROR_FAILED,
                                     /* Translators: %s is the system's reason */
                                     _("Account Center could not wait for the browser: %s"),
                                     error->message);

      g_error_free (error);
      finish (task, NULL, wrapped);
      return;
    }

  run->verifier = ac_oidc_random_string (32);   /* 43 characters, RFC 7636 §4.1 */
  run->state = ac_oidc_random_string (16);
  run->nonce = ac_oidc_random_string (16);
  challenge = ac_oidc_s256 (run->verifier);

  uri = g_string_new (run->provider->authorization_endpoint);
  append_param (uri, "client_id", ac_client_get_app_id (self->client));
  append_param (uri, "response_type", "code");
  append_param (uri, "scope", SCOPE);
  append_param (uri, "redirect_uri", ac_oidc_loopback_get_redirect_uri (run->loopback));
  append_param (uri, "state", run->state);
  append_param (uri, "nonce", run->nonce);
  append_param (uri, "code_challenge", challenge);
  append_param (uri, "code_challenge_method", "S256");
  if (lang != NULL && *lang != '\0')
    append_param (uri, "ui_locales", lang);
  text = g_string_free (g_steal_pointer (&uri), FALSE);

  ac_oidc_loopback_wait_async (run->loopback, self->timeout, g_task_get_cancellable (task),
                               redirect_cb, task);
  set_uri (self, text);
  g_debug ("Opening the browser; waiting on port %u", ac_oidc_loopback_get_port (run->loopback));
  g_signal_emit (self, signals[OPEN_URI], 0, text);
}

/* ------------------------------------------------------------------------------------------ */
/* 1. Discovery and keys                                                                      */

static void
jwks_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->jwks = _ac_client_oidc_request_finish (AC_CLIENT (object), result, &error);
  if (run->jwks == NULL)
    {
      finish (task, NULL, error);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The sign-in was cancelled.")));
      return;
    }
  open_browser (task);
}

static void
discovery_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcClient *client = AC_CLIENT (object);
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonObject) config = NULL;
  GError *error = NULL;

  config = _ac_client_oidc_request_finish (client, result, &error);
  if (config == NULL)
    {
      if (g_error_matches (error, AC_ERROR, AC_ERROR_HTTP) ||
          g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE))
        {
          g_debug ("No usable discovery document: %s", error->message);
          g_clear_error (&error);
          error = sign_in_error (_("This server does not offer sign-in in the browser."));
        }
      finish (task, NULL, error);
      return;
    }

  run->provider = ac_oidc_provider_new_from_json (config, run->issuer, &error);
  if (run->provider == NULL)
    {
      finish (task, NULL, error);
      return;
    }
  _ac_client_oidc_request_async (client, run->provider->jwks_uri, NULL,
                                 g_task_get_cancellable (task), jwks_cb, task);
}

/**
 * ac_oidc_sign_in_run_async:
 * @self: a #AcOidcSignIn
 * @cancellable: (nullable): a #GCancellable, e.g. for a Cancel button
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs the client in through the browser. #AcOidcSignIn::open-uri is emitted once the app is
 * ready for the browser to come back. On success the client holds the session (token, expiry,
 * user), as after ac_client_sign_in_async().
 */
void
ac_oidc_sign_in_run_async (AcOidcSignIn        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Run *run;
  const char *base;
  const char *app_id;
  g_autofree char *discovery = NULL;

  g_return_if_fail (AC_IS_OIDC_SIGN_IN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_oidc_sign_in_run_async);
  run = g_new0 (Run, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  self->task = task;

  base = _ac_client_oidc_base_url (self->client);
  app_id = ac_client_get_app_id (self->client);
  if (base == NULL || app_id == NULL || *app_id == '\0')
    {
      finish (task, NULL, g_error_new_literal (AC_ERROR, AC_ERROR_CONFIG,
                                               base == NULL
                                               ? _("The server address is missing or not valid")
                                               : _("The application ID is missing")));
      return;
    }

  run->issuer = g_strconcat (base, "/oidc", NULL);
  discovery = g_strconcat (run->issuer, "/.well-known/openid-configuration", NULL);
  _ac_client_oidc_request_async (self->client, discovery, NULL, cancellable, discovery_cb, task);
}

AcUserInfo *
ac_oidc_sign_in_run_finish (AcOidcSignIn  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ac_oidc_sign_in_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */

AcOidcSignIn *
ac_oidc_sign_in_new (AcClient *client)
{
  g_return_val_if_fail (AC_IS_CLIENT (client), NULL);

  return g_object_new (AC_TYPE_OIDC_SIGN_IN, "client", client, NULL);
}

AcClient *
ac_oidc_sign_in_get_client (AcOidcSignIn *self)
{
  g_return_val_if_fail (AC_IS_OIDC_SIGN_IN (self), NULL);
  return self->client;
}

guint
ac_oidc_sign_in_get_timeout (AcOidcSignIn *self)
{
  g_return_val_if_fail (AC_IS_OIDC_SIGN_IN (self), 0);
  return self->timeout;
}

/**
 * ac_oidc_sign_in_set_timeout:
 * @self: a #AcOidcSignIn
 * @seconds: how long to wait for the browser to come back (at least 1)
 *
 * Applies to the next run.
 */
void
ac_oidc_sign_in_set_timeout (AcOidcSignIn *self,
                             guint         seconds)
{
  g_return_if_fail (AC_IS_OIDC_SIGN_IN (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
ac_oidc_sign_in_get_uri (AcOidcSignIn *self)
{
  g_return_val_if_fail (AC_IS_OIDC_SIGN_IN (self), NULL);
  return self->uri;
}

static void
ac_oidc_sign_in_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcOidcSignIn *self = AC_OIDC_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_oidc_sign_in_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AcOidcSignIn *self = AC_OIDC_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_TIMEOUT:
      ac_oidc_sign_in_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_oidc_sign_in_dispose (GObject *object)
{
  AcOidcSignIn *self = AC_OIDC_SIGN_IN (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (ac_oidc_sign_in_parent_class)->dispose (object);
}

static void
ac_oidc_sign_in_finalize (GObject *object)
{
  AcOidcSignIn *self = AC_OIDC_SIGN_IN (object);

  g_free (self->uri);

  G_OBJECT_CLASS (ac_oidc_sign_in_parent_class)->finalize (object);
}

static void
ac_oidc_sign_in_class_init (AcOidcSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ac_oidc_sign_in_get_property;
  object_class->set_property = ac_oidc_sign_in_set_property;
  object_class->dispose = ac_oidc_sign_in_dispose;
  object_class->finalize = ac_oidc_sign_in_finalize;

  /**
   * AcOidcSignIn:client:
   *
   * The client that ends up signed in.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, AC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcOidcSignIn:timeout:
   *
   * Seconds to wait for the browser to come back (AC_OIDC_SIGN_IN_DEFAULT_TIMEOUT).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, AC_OIDC_SIGN_IN_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcOidcSignIn:uri:
   *
   * The authorization URI while waiting for the browser, else %NULL.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AcOidcSignIn::open-uri:
   * @self: the #AcOidcSignIn
   * @uri: the provider's authorization URI
   *
   * Open @uri in the default browser (gtk_show_uri(), or the OpenURI portal). Emitted once per
   * run, when the app is ready for the browser to come back.
   */
  signals[OPEN_URI] =
    g_signal_new ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ac_oidc_sign_in_init (AcOidcSignIn *self)
{
  self->timeout = AC_OIDC_SIGN_IN_DEFAULT_TIMEOUT;
}
