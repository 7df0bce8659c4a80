/* ac-client.c: the service object, one SoupSession talking to an Authing user pool
 *
 * This file holds the object itself: its properties, its construction and the setters of the
 * session state (which notify). The operations live in the files listed in
 * ac-client-private.h; every one of them goes through the transport, which builds the message
 * with the headers of authing-api.md §2 (and the token when the operation needs one),
 * refreshes the token first when it is about to expire, sends, and turns the outcome into
 * either the envelope's `data` or a GError in AC_ERROR (see HACKING.md).
 *
 * The client lives on the main thread (libsoup's advice). Each GTask holds a reference to the
 * client, so a callback never sees a finalized client; a caller whose own object may be gone by
 * then passes a GCancellable it cancels in dispose and checks for G_IO_ERROR_CANCELLED first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>

#include "ac-client-private.h"

G_DEFINE_FINAL_TYPE (AcClient, ac_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_APP_ID,
  PROP_USER_POOL_ID,
  PROP_LANG,
  PROP_TIMEOUT,
  PROP_AUTO_REFRESH,
  PROP_TLS_DATABASE,
  PROP_TOKEN,
  PROP_TOKEN_EXPIRES_AT,
  PROP_USER,
  PROP_SIGNED_IN,
  PROP_DEVICE_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* Small helpers                                                                              */

static const char *
lang_from_locale (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "C") || g_str_has_prefix (name, "C.") || g_str_equal (name, "POSIX"))
        continue;

      if (g_str_has_prefix (name, "zh_TW") || g_str_has_prefix (name, "zh_HK") ||
          g_str_has_prefix (name, "zh_MO"))
        return "zh-TW";
      if (g_str_has_prefix (name, "zh"))
        return "zh-CN";
      if (g_str_has_prefix (name, "ja"))
        return "ja-JP";

      return "en-US";
    }

  /* The service's own default (authing-api.md §2) */
  return "zh-CN";
}

static char *
normalize_host (const char *host)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  const char *scheme;

  if (host == NULL)
    return NULL;

  with_scheme = g_strstrip (g_strdup (host));
  if (*with_scheme == '\0')
    return NULL;

  if (strstr (with_scheme, "://") == NULL)
    {
      char *tmp = g_strconcat ("https://", with_scheme, NULL);
      g_free (with_scheme);
      with_scheme = tmp;
    }

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return NULL;

  text = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
  while (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';

  return g_steal_pointer (&text);
}

/* ------------------------------------------------------------------------------------------ */
/* Session state                                                                              */

void
_ac_client_set_user (AcClient   *self,
                     AcUserInfo *user)
{
  if (g_set_object (&self->user, user))
    {
      if (user != NULL && (self->user_pool_id == NULL || *self->user_pool_id == '\0'))
        {
          const char *pool = ac_user_info_get_user_pool_id (user);
          if (pool != NULL && *pool != '\0')
            ac_client_set_user_pool_id (self, pool);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
    }
}

void
_ac_client_set_token (AcClient   *self,
                      const char *token,
                      GDateTime  *expires_at)
{
  gboolean was_signed_in = self->token != NULL;
  gboolean token_changed;
  gboolean expiry_changed;

  if (token != NULL && *token == '\0')
    token = NULL;
  if (token == NULL)
    expires_at = NULL;

  token_changed = g_strcmp0 (self->token, token) != 0;
  expiry_changed = !((self->token_expires_at == NULL && expires_at == NULL) ||
                     (self->token_expires_at != NULL && expires_at != NULL &&
                      g_date_time_equal (self->token_expires_at, expires_at)));

  g_free (self->token);
  self->token = g_strdup (token);
  g_clear_pointer (&self->token_expires_at, g_date_time_unref);
  if (token != NULL && expires_at != NULL)
    self->token_expires_at = g_date_time_ref (expires_at);
  self->token_received_us = g_get_real_time ();
  self->session_serial++;

  _ac_client_schedule_refresh (self);

  if (token_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
  if (expiry_changed || token_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRES_AT]);
  if (was_signed_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* A request made with the current token was refused as not signed in: the token is forgotten
 * (the user is kept, so the sign-in page can offer the same account), then ::session-expired. */
void
_ac_client_expire_session (AcClient *self)
{
  _ac_client_set_token (self, NULL, NULL);
  g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                    */

static void
ac_client_constructed (GObject *object)
{
  AcClient *self = AC_CLIENT (object);

  G_OBJECT_CLASS (ac_client_parent_class)->constructed (object);

  self->base_url = normalize_host (self->host);
  _ac_client_transport_setup (self);
}

static void
ac_client_dispose (GObject *object)
{
  AcClient *self = AC_CLIENT (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (ac_client_parent_class)->dispose (object);
}

static void
ac_client_finalize (GObject *object)
{
  AcClient *self = AC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->user);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->token_expires_at, g_date_time_unref);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->mfa, _ac_client_mfa_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->user_pool_id, g_free);
  g_clear_pointer (&self->lang, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (ac_client_parent_class)->finalize (object);
}

static void
ac_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AcClient *self = AC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;

    case PROP_USER_POOL_ID:
      g_value_set_string (value, self->user_pool_id);
      break;

    case PROP_LANG:
      g_value_set_string (value, self->lang);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_AUTO_REFRESH:
      g_value_set_boolean (value, self->auto_refresh);
      break;

    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_TOKEN_EXPIRES_AT:
      g_value_set_boxed (value, self->token_expires_at);
      break;

    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;

    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AcClient *self = AC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;

    case PROP_APP_ID:
      self->app_id = g_value_dup_string (value);
      break;

    case PROP_USER_POOL_ID:
      ac_client_set_user_pool_id (self, g_value_get_string (value));
      break;

    case PROP_LANG:
      ac_client_set_lang (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      ac_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_AUTO_REFRESH:
      if (self->auto_refresh != g_value_get_boolean (value))
        {
          self->auto_refresh = g_value_get_boolean (value);
          _ac_client_schedule_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TLS_DATABASE:
      ac_client_set_tls_database (self, g_value_get_object (value));
      break;

    case PROP_DEVICE_ID:
      ac_client_set_device_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_client_class_init (AcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ac_client_constructed;
  object_class->dispose = ac_client_dispose;
  object_class->finalize = ac_client_finalize;
  object_class->get_property = ac_client_get_property;
  object_class->set_property = ac_client_set_property;

  /**
   * AcClient:host:
   *
   * The app host, e.g. `https://example.authing.cn` or `http://127.0.0.1:8080`. Without a
   * scheme, `https://` is assumed.
   */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:app-id:
   *
   * The application ID, sent as `x-authing-app-id`.
   */
  properties[PROP_APP_ID] =
    g_param_spec_string ("app-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:user-pool-id:
   *
   * The user pool ID, sent as `x-authing-userpool-id` when known. Filled from the public
   * configuration or the signed-in user when empty.
   */
  properties[PROP_USER_POOL_ID] =
    g_param_spec_string ("user-pool-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:lang:
   *
   * The language of the server's messages (`x-authing-lang`): `zh-CN`, `zh-TW`, `ja-JP` or
   * `en-US`, from the user's locale by default.
   */
  properties[PROP_LANG] =
    g_param_spec_string ("lang", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:device-id:
   *
   * The id of this computer in the user's list of devices (ac_device_info_get_device_id()),
   * sent as `x-authing-device-id` when signing in; %NULL sends none (the service then names
   * the device from the user agent). Not a secret. At most 256 visible ASCII characters.
   */
  properties[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:timeout:
   *
   * Seconds to wait for the server before failing with %AC_ERROR_TIMEOUT (0: no limit).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, AC_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:auto-refresh:
   *
   * Whether the token is refreshed ahead of its expiry (when less than a tenth of its lifetime
   * or five minutes remain, and at the latest half way through it).
   */
  properties[PROP_AUTO_REFRESH] =
    g_param_spec_boolean ("auto-refresh", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:tls-database:
   *
   * The certificates to trust for HTTPS, or %NULL for the system's.
   */
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:token:
   *
   * The session token, %NULL when signed out.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:token-expires-at:
   *
   * When the token expires, if known.
   */
  properties[PROP_TOKEN_EXPIRES_AT] =
    g_param_spec_boxed ("token-expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:user:
   *
   * The signed-in user as last seen by the client. It stays after the session expires (so the
   * sign-in page can offer the same account) and is cleared by sign-out and deletion.
   */
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, AC_TYPE_USER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcClient:signed-in:
   *
   * Whether the client holds a token.
   */
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AcClient::session-expired:
   *
   * Emitted when a request made with the current token is refused with code 2020. The token is
   * forgotten before the signal; the request itself fails with %AC_ERROR_NOT_LOGGED_IN, so it
   * can be retried once the person has signed in again.
   */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ac_client_init (AcClient *self)
{
  self->lang = g_strdup (lang_from_locale ());
  self->timeout = AC_CLIENT_DEFAULT_TIMEOUT;
  self->auto_refresh = TRUE;
  self->refresh_waiters = g_ptr_array_new ();
}

/* ------------------------------------------------------------------------------------------ */
/* Properties                                                                                 */

/**
 * ac_client_new:
 * @host: the app host (`https://example.authing.cn`, `http://127.0.0.1:PORT`)
 * @app_id: the application ID
 *
 * A host or app ID that is missing or malformed is reported by each operation as
 * %AC_ERROR_CONFIG.
 *
 * Returns: (transfer full): a new #AcClient
 */
AcClient *
ac_client_new (const char *host,
               const char *app_id)
{
  return g_object_new (AC_TYPE_CLIENT,
                       "host", host,
                       "app-id", app_id,
                       NULL);
}

const char *
ac_client_get_host (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->host;
}

const char *
ac_client_get_app_id (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->app_id;
}

const char *
ac_client_get_user_pool_id (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->user_pool_id;
}

void
ac_client_set_user_pool_id (AcClient   *self,
                            const char *user_pool_id)
{
  g_return_if_fail (AC_IS_CLIENT (self));

  if (user_pool_id != NULL && *user_pool_id == '\0')
    user_pool_id = NULL;

  if (g_strcmp0 (self->user_pool_id, user_pool_id) != 0)
    {
      g_free (self->user_pool_id);
      self->user_pool_id = g_strdup (user_pool_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_POOL_ID]);
    }
}

const char *
ac_client_get_lang (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->lang;
}

/**
 * ac_client_set_lang:
 * @self: a #AcClient
 * @lang: (nullable): a language tag such as `en-US`, or %NULL for the user's locale
 */
void
ac_client_set_lang (AcClient   *self,
                    const char *lang)
{
  g_return_if_fail (AC_IS_CLIENT (self));

  if (lang == NULL || *lang == '\0')
    lang = lang_from_locale ();

  if (g_strcmp0 (self->lang, lang) != 0)
    {
      g_free (self->lang);
      self->lang = g_strdup (lang);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANG]);
    }
}

const char *
ac_client_get_device_id (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->device_id;
}

/* A device id the service accepts: 1 to 256 visible ASCII characters */
static gboolean
device_id_is_valid (const char *device_id)
{
  gsize length = strlen (device_id);

  if (length == 0 || length > 256)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (device_id[i] <= ' ' || device_id[i] > '~')
      return FALSE;
  return TRUE;
}

void
ac_client_set_device_id (AcClient   *self,
                         const char *device_id)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (device_id == NULL || device_id_is_valid (device_id));

  if (g_strcmp0 (self->device_id, device_id) != 0)
    {
      g_free (self->device_id);
      self->device_id = g_strdup (device_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
    }
}

guint
ac_client_get_timeout (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), 0);
  return self->timeout;
}

void
ac_client_set_timeout (AcClient *self,
                       guint     seconds)
{
  g_return_if_fail (AC_IS_CLIENT (self));

  if (self->timeout != seconds)
    {
      self->timeout = seconds;
      if (self->session != NULL)
        soup_session_set_timeout (self->session, seconds);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
    }
}

GTlsDatabase *
ac_client_get_tls_database (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->tls_database;
}

/**
 * ac_client_set_tls_database:
 * @self: a #AcClient
 * @database: (nullable): the certificates to trust, or %NULL for the system's
 */
void
ac_client_set_tls_database (AcClient     *self,
                            GTlsDatabase *database)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  if (g_set_object (&self->tls_database, database))
    {
      _ac_client_apply_tls_database (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
    }
}

const char *
ac_client_get_token (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->token;
}

/**
 * ac_client_get_token_expires_at:
 * @self: a #AcClient
 *
 * Returns: (transfer none) (nullable): when the token expires
 */
GDateTime *
ac_client_get_token_expires_at (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->token_expires_at;
}

/**
 * ac_client_get_user:
 * @self: a #AcClient
 *
 * Returns: (transfer none) (nullable): the current user
 */
AcUserInfo *
ac_client_get_user (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->user;
}

gboolean
ac_client_get_signed_in (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), FALSE);
  return self->token != NULL;
}
