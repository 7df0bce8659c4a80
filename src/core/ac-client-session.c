/* ac-client-session.c: signing in and out, and the token's lifecycle
 *
 * Sign-in encrypts the password with the server's public key (.well-known) and keeps the token,
 * its expiry and the user from the answer. While AcClient:auto-refresh is set the token is
 * refreshed ahead of its expiry (timer), or before a request when the timer could not run. A
 * session restored with ac_client_set_session() is validated by the first request made with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-private.h"
#include "ac-crypto.h"
#include "ac-json.h"

/* Refresh when less than a tenth of the lifetime or five minutes remain, but never more than
 * half way through the lifetime (very short tokens would otherwise be refreshed forever). */
#define REFRESH_MIN_MARGIN_US  (5 * G_TIME_SPAN_MINUTE)
/* After a refresh that failed for another reason than an invalid session. */
#define REFRESH_RETRY_US       (30 * G_TIME_SPAN_SECOND)
/* The last second GDateTime can hold (9999-12-31T23:59:59Z) */
#define MAX_UNIX_SECONDS G_GINT64_CONSTANT (253402300799)

/* ------------------------------------------------------------------------------------------ */
/* Tokens                                                                                     */

/* The claims of a JWT, without checking its signature (only to read `sub` and `exp`). */
static JsonObject *
jwt_claims (const char *token)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *b64 = NULL;
  gsize len = 0;
  gsize n;

  if (token == NULL)
    return NULL;

  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3)
    return NULL;

  /* base64url → base64 with padding */
  n = strlen (parts[1]);
  b64 = g_malloc (n + 4);
  for (gsize i = 0; i < n; i++)
    b64[i] = parts[1][i] == '-' ? '+' : parts[1][i] == '_' ? '/' : parts[1][i];
  while (n % 4 != 0)
    b64[n++] = '=';
  b64[n] = '\0';

  decoded = g_base64_decode (b64, &len);
  if (decoded == NULL || len == 0)
    return NULL;

  /* The token comes from outside: parse it with the depth and integer guards. */
  root = ac_json_parse ((const char *) decoded, len, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

char *
_ac_client_user_id (AcClient *self)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *id = NULL;

  if (self->user != NULL)
    id = ac_user_info_get_id (self->user);
  if (id != NULL && *id != '\0')
    return g_strdup (id);

  claims = jwt_claims (self->token);
  id = _ac_client_object_get_string (claims, "sub");
  if (id != NULL && *id != '\0')
    return g_strdup (id);

  return NULL;
}

/* The expiry of a token from the answer that carried it: `exp` (unix seconds), else
 * `tokenExpiredAt` (ISO-8601), else the JWT's own `exp` claim. */
static GDateTime *
token_expiry_from (JsonObject *data,
                   const char *token)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *iso;
  gint64 exp;

  if (_ac_client_object_get_int (data, "exp", &exp) && exp > 0 && exp <= MAX_UNIX_SECONDS)
    return g_date_time_new_from_unix_utc (exp);

  iso = _ac_client_object_get_string (data, "tokenExpiredAt");
  if (iso != NULL)
    {
      GDateTime *dt = g_date_time_new_from_iso8601 (iso, NULL);
      if (dt != NULL)
        return dt;
    }

  claims = jwt_claims (token);
  if (_ac_client_object_get_int (claims, "exp", &exp) && exp > 0 && exp <= MAX_UNIX_SECONDS)
    return g_date_time_new_from_unix_utc (exp);

  return NULL;
}

/* The session answers of sign-in and refresh carry a user with `token` and its expiry. */
AcUserInfo *
_ac_client_accept_session_user (AcClient  *self,
                                JsonNode  *data,
                                GError   **error)
{
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  JsonObject *object;
  const char *token;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("The server’s answer did not contain the account"));
      return NULL;
    }

  object = json_node_get_object (data);
  token = _ac_client_object_get_string (object, "token");
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("The server’s answer did not contain a session token"));
      return NULL;
    }

  user = ac_user_info_new_from_json (object, error);
  if (user == NULL)
    return NULL;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->mfa, _ac_client_mfa_free);   /* a session ends a pending second step */
  expires_at = token_expiry_from (object, token);
  _ac_client_set_token (self, token, expires_at);
  _ac_client_set_user (self, user);
  g_object_thaw_notify (G_OBJECT (self));

  return g_steal_pointer (&user);
}

/* ------------------------------------------------------------------------------------------ */
/* Token refresh                                                                              */

static gint64
refresh_margin_us (AcClient *self)
{
  gint64 expires_us, lifetime, margin;

  expires_us = g_date_time_to_unix (self->token_expires_at) * G_USEC_PER_SEC +
               g_date_time_get_microsecond (self->token_expires_at);
  lifetime = MAX (0, expires_us - self->token_received_us);
  margin = MAX (lifetime / 10, REFRESH_MIN_MARGIN_US);

  return MIN (margin, lifetime / 2);
}

static gint64
remaining_us (AcClient *self)
{
  gint64 expires_us;

  expires_us = g_date_time_to_unix (self->token_expires_at) * G_USEC_PER_SEC +
               g_date_time_get_microsecond (self->token_expires_at);

  return expires_us - g_get_real_time ();
}

gboolean
_ac_client_token_needs_refresh (AcClient *self)
{
  gint64 remaining;

  if (!self->auto_refresh || self->token == NULL || self->token_expires_at == NULL)
    return FALSE;

  remaining = remaining_us (self);

  return remaining > 0 && remaining <= refresh_margin_us (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  AcClient *self = user_data;

  self->refresh_source = 0;
  if (self->token == NULL)
    return G_SOURCE_REMOVE;

  /* A far expiry is waited for in steps (see schedule_refresh_in()). */
  if (self->token_expires_at != NULL && remaining_us (self) > refresh_margin_us (self))
    {
      _ac_client_schedule_refresh (self);
      return G_SOURCE_REMOVE;
    }

  g_debug ("Refreshing the token ahead of its expiry");
  _ac_client_start_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh_in (AcClient *self,
                     gint64    delay_us)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  /* g_timeout_add_seconds() takes a guint: a token that lives for years is looked at again
   * every week instead. */
  delay_us = CLAMP (delay_us, 0, 7 * G_TIME_SPAN_DAY);
  if (delay_us > G_TIME_SPAN_HOUR)
    self->refresh_source = g_timeout_add_seconds (delay_us / G_USEC_PER_SEC, refresh_timeout_cb, self);
  else
    self->refresh_source = g_timeout_add (delay_us / 1000, refresh_timeout_cb, self);
}

void
_ac_client_schedule_refresh (AcClient *self)
{
  gint64 remaining;

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (!self->auto_refresh || self->token == NULL || self->token_expires_at == NULL)
    return;

  remaining = remaining_us (self);
  if (remaining <= 0)
    return;

  schedule_refresh_in (self, remaining - refresh_margin_us (self));
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  self->refreshing = FALSE;

  data = _ac_client_request_finish (self, result, &error);
  if (data != NULL)
    {
      if (serial == self->session_serial)
        {
          g_autoptr(AcUserInfo) user = _ac_client_accept_session_user (self, data, &error);
          if (user != NULL)
            g_debug ("The token was refreshed");
        }
      else
        {
          g_debug ("The session changed during a refresh: its result is ignored");
        }
    }

  if (error != NULL)
    {
      g_debug ("Refreshing the token failed: %s", error->message);
      /* A transient failure: try again later, while the token still lives. */
      if (self->token != NULL && self->auto_refresh && self->token_expires_at != NULL &&
          !g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        {
          gint64 remaining = remaining_us (self);
          if (remaining > 0)
            schedule_refresh_in (self, MIN (REFRESH_RETRY_US, remaining / 2));
        }
    }

  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new ();

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      /* A request that waited for the refresh goes on with whatever token we have now. */
      if (_ac_client_request_resume (task))
        continue;

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

void
_ac_client_start_refresh (AcClient *self)
{
  g_autoptr(JsonNode) body = NULL;

  if (self->refreshing)
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refreshing = TRUE;

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, json_object_new ());

  _ac_client_request_json (self, "POST", "/api/v2/users/refresh-token", body,
                           AC_CLIENT_REQUEST_AUTH | AC_CLIENT_REQUEST_NO_REFRESH,
                           AC_CLIENT_ANSWER_USER,
                           NULL, refresh_done_cb, GUINT_TO_POINTER (self->session_serial));
}

/**
 * ac_client_refresh_token_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the server for a new token (and the current user) with the current one. Joins a refresh
 * already under way. The client refreshes on its own ahead of expiry while #AcClient:auto-refresh
 * is set.
 */
void
ac_client_refresh_token_async (AcClient            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_refresh_token_async);

  g_ptr_array_add (self->refresh_waiters, task);
  _ac_client_start_refresh (self);
}

gboolean
ac_client_refresh_token_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_refresh_token_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Kept sessions                                                                              */

/**
 * ac_client_set_session:
 * @self: a #AcClient
 * @token: (nullable): a token kept from an earlier session
 * @expires_at: (nullable): its expiry, or %NULL to read it from the token
 *
 * Restores a session (e.g. from the keyring). Nothing is checked here: follow with
 * ac_client_get_current_user_async(), which fails with %AC_ERROR_NOT_LOGGED_IN when the token
 * is no longer valid. The current user is cleared.
 */
void
ac_client_set_session (AcClient   *self,
                       const char *token,
                       GDateTime  *expires_at)
{
  g_autoptr(GDateTime) from_token = NULL;

  g_return_if_fail (AC_IS_CLIENT (self));

  if (token != NULL && expires_at == NULL)
    expires_at = from_token = token_expiry_from (NULL, token);

  g_object_freeze_notify (G_OBJECT (self));
  _ac_client_set_user (self, NULL);
  _ac_client_set_token (self, token, expires_at);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ac_client_forget_session:
 * @self: a #AcClient
 *
 * Forgets the token and the current user, without telling the server.
 */
void
ac_client_forget_session (AcClient *self)
{
  g_return_if_fail (AC_IS_CLIENT (self));

  g_object_freeze_notify (G_OBJECT (self));
  _ac_client_set_token (self, NULL, NULL);
  _ac_client_set_user (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Public configuration                                                                       */

static void
public_config_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  JsonObject *config;
  const char *pool;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (!_ac_client_check_shape (self, data, JSON_NODE_OBJECT, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  config = json_node_get_object (data);
  pool = _ac_client_object_get_string (config, "userPoolId");
  if (pool != NULL && *pool != '\0' && (self->user_pool_id == NULL || *self->user_pool_id == '\0'))
    ac_client_set_user_pool_id (self, pool);

  g_task_return_pointer (task, json_object_ref (config), (GDestroyNotify) json_object_unref);
}

/**
 * ac_client_fetch_public_config_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the application's public configuration, and fills #AcClient:user-pool-id from it
 * when empty.
 */
void
ac_client_fetch_public_config_async (AcClient            *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_fetch_public_config_async);

  escaped = g_uri_escape_string (self->app_id != NULL ? self->app_id : "", NULL, FALSE);
  path = g_strdup_printf ("/api/v2/applications/%s/public-config", escaped);
  _ac_client_request_json (self, "GET", path, NULL, 0, AC_CLIENT_ANSWER_SMALL,
                           cancellable, public_config_cb, g_steal_pointer (&task));
}

/**
 * ac_client_fetch_public_config_finish:
 *
 * Returns: (transfer full): the `data` object of the public configuration
 */
JsonObject *
ac_client_fetch_public_config_finish (AcClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_fetch_public_config_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing in                                                                                 */

/* The servers' public keys (ac-client-keys.c): fetched once per server, kept in memory and in
 * the cache folder once a key worked to encrypt a password, fetched again when a login with a
 * kept key is refused (the server may have a new key). */
static char *
public_key_lookup (const char *base_url)
{
  return _ac_client_keys_lookup (base_url);
}

static void
public_key_keep (const char *base_url,
                 const char *key)
{
  _ac_client_keys_keep (base_url, key);
}

static void
public_key_forget (const char *base_url,
                   const char *key)
{
  _ac_client_keys_forget (base_url, key);
}

char *
_ac_client_public_key_lookup (AcClient *self)
{
  return public_key_lookup (self->base_url);
}

void
_ac_client_public_key_keep (AcClient   *self,
                            const char *key)
{
  public_key_keep (self->base_url, key);
}

void
_ac_client_public_key_forget (AcClient   *self,
                              const char *key)
{
  public_key_forget (self->base_url, key);
}

typedef struct
{
  char     *account;
  char     *password;
  char     *key;          /* the PEM the password is encrypted with */
  gboolean  key_was_kept; /* from the cache, not fetched for this sign-in */
  GError   *refused;      /* the 2333 to a kept key, while a fresh key is fetched */
} SignIn;

static void
sign_in_free (SignIn *state)
{
  g_free (state->account);
  if (state->password != NULL)
    {
      memset (state->password, 0, strlen (state->password));
      g_free (state->password);
    }
  g_free (state->key);
  g_clear_error (&state->refused);
  g_free (state);
}

static void fetch_public_key (GTask *task);

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  SignIn *state = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish (self, result, &error);
  if (data == NULL)
    {
      /* The same code means "wrong password" and "not encrypted with my key": when the key
       * was a kept one, the server may have a new one. Fetch it; the login is tried again
       * only if it did change (a wrong password is not sent twice). */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS) && state->key_was_kept &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          g_debug ("A login with a kept public key was refused: fetching the key again");
          public_key_forget (self->base_url, state->key);
          state->refused = error;
          fetch_public_key (g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The login answer is the whole user (authing-api.md): no users/me is needed after it. */
  user = _ac_client_accept_session_user (self, data, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

/* Takes over @task */
static void
sign_in_send (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  SignIn *state = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *encrypted = NULL;
  GError *error = NULL;

  encrypted = ac_crypto_encrypt_password (state->key, state->password, &error);
  if (encrypted == NULL)
    {
      /* an unusable key is never kept; a kept one (from an older file, say) is fetched anew */
      public_key_forget (self->base_url, state->key);
      if (state->key_was_kept)
        {
          g_debug ("The kept public key is unusable (%s): fetching it again", error->message);
          g_clear_error (&error);
          state->key_was_kept = FALSE;
          fetch_public_key (task);
          return;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  public_key_keep (self->base_url, state->key);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, state->account);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, encrypted);
  json_builder_set_member_name (builder, "autoRegister");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  _ac_client_request_json (self, "POST", "/api/v2/login/account", body, AC_CLIENT_REQUEST_DEVICE_ID,
                           AC_CLIENT_ANSWER_USER,
                           g_task_get_cancellable (task), sign_in_done_cb, task);
}

static void
well_known_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  SignIn *state = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  const char *key = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    key = _ac_client_object_get_string (json_node_get_object (data), "publicKey");

  if (key == NULL || *key == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s did not publish the key to encrypt passwords with"),
                               self->host);
      return;
    }

  if (state->refused != NULL)
    {
      /* Fetched again after a refusal: the same key means the password was wrong. */
      if (g_strcmp0 (key, state->key) == 0)
        {
          public_key_keep (self->base_url, key);
          g_task_return_error (task, g_steal_pointer (&state->refused));
          return;
        }

      g_debug ("The server has a new public key: signing in again with it");
      g_clear_error (&state->refused);
    }

  g_free (state->key);
  state->key = g_strdup (key);
  state->key_was_kept = FALSE;

  sign_in_send (g_steal_pointer (&task));
}

/* Takes over @task */
static void
fetch_public_key (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);

  _ac_client_request_json (self, "GET", "/api/v2/.well-known", NULL, 0, AC_CLIENT_ANSWER_SMALL,
                           g_task_get_cancellable (task), well_known_cb, task);
}

/**
 * ac_client_sign_in_async:
 * @self: a #AcClient
 * @account: a username, e-mail address or phone number
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs in with a password, encrypted with the server's public key. The key is fetched once per
 * server and kept for the whole process (by every client); when a login made with a kept key is
 * refused as %AC_ERROR_BAD_CREDENTIALS, the key is fetched again and, if the server has a new
 * one, the login is tried once more with it. On success the client holds the token, its expiry
 * and the user of the login answer (the whole user: no ac_client_get_current_user_async() is
 * needed after it), which ac_client_sign_in_finish() also returns.
 */
void
ac_client_sign_in_async (AcClient            *self,
                         const char          *account,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *state;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (account != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_sign_in_async);

  state = g_new0 (SignIn, 1);
  state->account = g_strdup (account);
  state->password = g_strdup (password);
  g_task_set_task_data (task, state, (GDestroyNotify) sign_in_free);

  if (*account == '\0' || *password == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s",
                               *account == '\0'
                               ? _("Enter your username, e-mail address or phone number")
                               : _("Enter your password"));
      return;
    }

  state->key = public_key_lookup (self->base_url);
  state->key_was_kept = state->key != NULL;
  if (state->key != NULL)
    sign_in_send (g_steal_pointer (&task));
  else
    fetch_public_key (g_steal_pointer (&task));
}

/**
 * ac_client_sign_in_finish:
 *
 * Returns: (transfer full): the signed-in user
 */
AcUserInfo *
ac_client_sign_in_finish (AcClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_sign_in_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing out                                                                                */

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish (self, result, &error);

  /* The local session is gone whatever the server said. */
  if (GPOINTER_TO_UINT (g_task_get_task_data (task)) == self->session_serial)
    ac_client_forget_session (self);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_client_sign_out_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Tells the server to revoke the token, then forgets the session, even when the server could
 * not be told (the error is still reported). Without a session, nothing is sent.
 */
void
ac_client_sign_out_async (AcClient            *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_sign_out_async);

  if (self->token == NULL)
    {
      ac_client_forget_session (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (self->session_serial), NULL);

  escaped = g_uri_escape_string (self->app_id != NULL ? self->app_id : "", NULL, FALSE);
  path = g_strconcat ("/api/v2/logout?app_id=", escaped, NULL);
  _ac_client_request_json (self, "GET", path, NULL,
                           AC_CLIENT_REQUEST_AUTH | AC_CLIENT_REQUEST_NO_REFRESH, AC_CLIENT_ANSWER_SMALL,
                           cancellable, sign_out_cb, task);
}

gboolean
ac_client_sign_out_finish (AcClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_sign_out_async, error);
}
