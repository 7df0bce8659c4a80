/* ac-client.c: the service object, one SoupSession talking to an Authing user pool
 *
 * Every operation of authing-api.md is an _async/_finish pair. All of them go through
 * request_*(): build the message with the headers of authing-api.md §2 (and the token when the
 * operation needs one), refresh the token first when it is about to expire, send, and turn the
 * outcome into either the envelope's `data` or a GError in AC_ERROR (see HACKING.md).
 *
 * The client lives on the main thread (libsoup's advice). Each GTask holds a reference to the
 * client, so a callback never sees a finalized client; a caller whose own object may be gone by
 * then passes a GCancellable it cancels in dispose and checks for G_IO_ERROR_CANCELLED first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ac-client.h"
#include "ac-avatar.h"
#include "ac-client-redact.h"
#include "ac-crypto.h"
#include "ac-json.h"

/* Refresh when less than a tenth of the lifetime or five minutes remain, but never more than
 * half way through the lifetime (very short tokens would otherwise be refreshed forever). */
#define REFRESH_MIN_MARGIN_US  (5 * G_TIME_SPAN_MINUTE)
/* The largest answer accepted (the largest real one, a page of applications, is far smaller) */
#define MAX_ANSWER_SIZE        (16 * 1024 * 1024)
/* Enough for every read of ac_account_load_all_async() at once */
#define MAX_CONNS_PER_HOST     8
/* After a refresh that failed for another reason than an invalid session. */
#define REFRESH_RETRY_US       (30 * G_TIME_SPAN_SECOND)
/* How much of each body the traffic log shows (after secrets were hidden) */
#define LOG_BODY_MAX           4096

typedef enum
{
  REQUEST_AUTH       = 1 << 0, /* sends the token, 2020 means the session expired */
  REQUEST_BARE_ARRAY = 1 << 1, /* a bare JSON array is a successful answer */
  REQUEST_NO_REFRESH = 1 << 2, /* never refresh ahead for this one */
  REQUEST_UPLOAD     = 1 << 3, /* refusals are AC_ERROR_UPLOAD_FAILED */
} RequestFlags;

struct _AcClient
{
  GObject        parent_instance;

  SoupSession   *session;
  GTlsDatabase  *tls_database;

  char          *host;
  char          *base_url;        /* scheme://host[:port][/path], no trailing slash, or NULL */
  char          *app_id;
  char          *user_pool_id;
  char          *lang;
  guint          timeout;
  gboolean       auto_refresh;
  gboolean       log_traffic;     /* G_MESSAGES_DEBUG covers us: bodies are logged, redacted */

  char          *public_key;      /* PEM from .well-known, cached */

  /* The session */
  char          *token;
  GDateTime     *token_expires_at;
  gint64         token_received_us; /* real time when the token was set */
  guint          session_serial;  /* changes whenever the token changes */
  AcUserInfo    *user;

  guint          refresh_source;
  gboolean       refreshing;
  GPtrArray     *refresh_waiters; /* GTask: requests and refresh_token calls */
};

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
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void schedule_refresh (AcClient *self);
static void start_refresh    (AcClient *self);

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

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* An integer member. A number written with a fraction or an exponent (`1e3`) counts when it is
 * a whole number that fits in 64 bits; anything else (`1e300`, `2.5`) is not an integer: the
 * conversion of an out-of-range double would be undefined behaviour. */
static gboolean
object_get_int (JsonObject *object,
                const char *member,
                gint64     *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || !json_object_has_member (object, member))
    return FALSE;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (node);

      /* -2^63 and 2^63 are exact doubles; [-2^63, 2^63) is what fits */
      if (!isfinite (number) || number != floor (number) ||
          number < -9223372036854775808.0 || number >= 9223372036854775808.0)
        return FALSE;

      *value = (gint64) number;
      return TRUE;
    }

  return FALSE;
}

static char *
user_id (AcClient *self)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *id = NULL;

  if (self->user != NULL)
    id = ac_user_info_get_id (self->user);
  if (id != NULL && *id != '\0')
    return g_strdup (id);

  claims = jwt_claims (self->token);
  id = object_get_string (claims, "sub");
  if (id != NULL && *id != '\0')
    return g_strdup (id);

  return NULL;
}

/* The last second GDateTime can hold (9999-12-31T23:59:59Z) */
#define MAX_UNIX_SECONDS G_GINT64_CONSTANT (253402300799)

/* The expiry of a token from the answer that carried it: `exp` (unix seconds), else
 * `tokenExpiredAt` (ISO-8601), else the JWT's own `exp` claim. */
static GDateTime *
token_expiry_from (JsonObject *data,
                   const char *token)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *iso;
  gint64 exp;

  if (object_get_int (data, "exp", &exp) && exp > 0 && exp <= MAX_UNIX_SECONDS)
    return g_date_time_new_from_unix_utc (exp);

  iso = object_get_string (data, "tokenExpiredAt");
  if (iso != NULL)
    {
      GDateTime *dt = g_date_time_new_from_iso8601 (iso, NULL);
      if (dt != NULL)
        return dt;
    }

  claims = jwt_claims (token);
  if (object_get_int (claims, "exp", &exp) && exp > 0 && exp <= MAX_UNIX_SECONDS)
    return g_date_time_new_from_unix_utc (exp);

  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Session state                                                                              */

static void
set_user (AcClient   *self,
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

static void
set_token (AcClient   *self,
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

  schedule_refresh (self);

  if (token_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
  if (expiry_changed || token_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRES_AT]);
  if (was_signed_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* The session answers of sign-in and refresh carry a user with `token` and its expiry. */
static AcUserInfo *
accept_session_user (AcClient    *self,
                     JsonNode    *data,
                     GError     **error)
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
  token = object_get_string (object, "token");
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
  expires_at = token_expiry_from (object, token);
  set_token (self, token, expires_at);
  set_user (self, user);
  g_object_thaw_notify (G_OBJECT (self));

  return g_steal_pointer (&user);
}

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

static gboolean
token_needs_refresh (AcClient *self)
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
      schedule_refresh (self);
      return G_SOURCE_REMOVE;
    }

  g_debug ("Refreshing the token ahead of its expiry");
  start_refresh (self);

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

static void
schedule_refresh (AcClient *self)
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

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                   */

typedef struct
{
  char         *method;
  char         *path;          /* below base_url, with its query */
  GBytes       *body;
  char         *content_type;
  RequestFlags  flags;
  char         *token_used;
  guint         serial_used;
  SoupMessage  *message;
  GInputStream *stream;        /* the answer's body, while it is read */
  GByteArray   *received;
} Request;

static void
request_free (Request *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->token_used, g_free);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->received, g_byte_array_unref);
  g_free (request);
}

static GError *
error_from_transport (AcClient *self,
                      GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (AC_ERROR, AC_ERROR_TIMEOUT,
                        /* Translators: %s is the server address */
                        _("%s did not answer in time"), self->host);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (AC_ERROR, AC_ERROR_TLS,
                        /* Translators: the first %s is the server address, the second the reason */
                        _("A secure connection to %s could not be established: %s"),
                        self->host, error->message);

  if (error->domain == SOUP_SESSION_ERROR &&
      (error->code == SOUP_SESSION_ERROR_PARSING || error->code == SOUP_SESSION_ERROR_ENCODING))
    return g_error_new (AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                        _("%s sent an answer that could not be read: %s"),
                        self->host, error->message);

  return g_error_new (AC_ERROR, AC_ERROR_NETWORK,
                      /* Translators: the first %s is the server address, the second the reason */
                      _("Could not connect to %s: %s"), self->host, error->message);
}

static char *
envelope_message (JsonNode *root)
{
  JsonObject *object;
  const char *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  message = object_get_string (object, "message");
  if (message == NULL || *message == '\0')
    return NULL;

  return g_strdup (message);
}

static GError *
error_from_envelope (AcClient *self,
                     Request  *request,
                     gint64    code,
                     JsonNode *root)
{
  g_autofree char *message = envelope_message (root);

  if (code < G_MININT || code > G_MAXINT)
    code = AC_ERROR_FAILED;

  /* 2206/2207 ("login expired/invalid") are what other endpoints of the service say for the
   * same thing: all three end the session. */
  if ((code == AC_ERROR_NOT_LOGGED_IN || code == AC_ERROR_LOGIN_EXPIRED ||
       code == AC_ERROR_LOGIN_INVALID) && request->token_used != NULL)
    {
      if (request->serial_used == self->session_serial)
        {
          g_autofree char *shown = _ac_client_redact_path (request->path);

          g_debug ("The session expired (%s %s)", request->method, shown);
          set_token (self, NULL, NULL);
          g_signal_emit (self, signals[SESSION_EXPIRED], 0);
        }

      return g_error_new_literal (AC_ERROR, AC_ERROR_NOT_LOGGED_IN,
                                  _("Your session has expired. Please sign in again."));
    }

  if (request->flags & REQUEST_UPLOAD)
    return g_error_new (AC_ERROR, AC_ERROR_UPLOAD_FAILED,
                        /* Translators: %s is the server's reason */
                        _("The picture was refused: %s"),
                        message != NULL ? message : ac_error_describe ((int) code));

  if (message != NULL)
    return g_error_new_literal (AC_ERROR, (int) code, message);

  return g_error_new_literal (AC_ERROR, (int) code, ac_error_describe ((int) code));
}

/* Turns an answer into the envelope's data (or the bare array), or an error. */
static JsonNode *
process_answer (AcClient  *self,
                Request   *request,
                GBytes    *body,
                GError   **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = soup_message_get_status (request->message);
  JsonObject *envelope;
  gint64 code;

  if (body != NULL && g_bytes_get_size (body) > 0)
    root = ac_json_parse_bytes (body, &parse_error);

  if (status >= 500)
    {
      g_autofree char *message = envelope_message (root);

      if (message != NULL)
        g_set_error (error, AC_ERROR, AC_ERROR_SERVER,
                     /* Translators: %s is the server's own message */
                     _("The server had a problem: %s"), message);
      else
        g_set_error (error, AC_ERROR, AC_ERROR_SERVER,
                     /* Translators: %u is an HTTP status code, %s its reason phrase */
                     _("The server had a problem (HTTP %u %s)"),
                     status, soup_status_get_phrase (status));
      return NULL;
    }

  if (status < 200 || status >= 300)
    {
      g_autofree char *message = envelope_message (root);

      if ((request->flags & REQUEST_UPLOAD) && status >= 400 && status < 500)
        g_set_error (error, AC_ERROR, AC_ERROR_UPLOAD_FAILED,
                     _("The picture was refused: %s"),
                     message != NULL ? message : soup_status_get_phrase (status));
      else if (message != NULL)
        g_set_error (error, AC_ERROR, AC_ERROR_HTTP,
                     /* Translators: %u is an HTTP status code, %s the server's message */
                     _("The server refused the request (HTTP %u): %s"), status, message);
      else
        g_set_error (error, AC_ERROR, AC_ERROR_HTTP,
                     /* Translators: %u is an HTTP status code, %s its reason phrase */
                     _("The server refused the request (HTTP %u %s)"),
                     status, soup_status_get_phrase (status));
      return NULL;
    }

  if (root == NULL)
    {
      g_autofree char *shown = _ac_client_redact_path (request->path);

      g_debug ("Unreadable answer to %s %s: %s", request->method, shown,
               parse_error != NULL ? parse_error->message : "empty body");
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the server address */
                   _("%s sent an answer that could not be read"), self->host);
      return NULL;
    }

  if ((request->flags & REQUEST_BARE_ARRAY) && JSON_NODE_HOLDS_ARRAY (root))
    return g_steal_pointer (&root);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto unexpected;

  envelope = json_node_get_object (root);
  if (!object_get_int (envelope, "code", &code))
    goto unexpected;

  if (code != 200)
    {
      *error = error_from_envelope (self, request, code, root);
      return NULL;
    }

  if (!json_object_has_member (envelope, "data"))
    return json_node_new (JSON_NODE_NULL);

  return json_node_copy (json_object_get_member (envelope, "data"));

unexpected:
  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               _("%s sent an answer of an unexpected shape"), self->host);
  return NULL;
}

/* The traffic log of a body: secrets hidden first, then cut to LOG_BODY_MAX bytes. */
static void
log_body (AcClient     *self,
          Request      *request,
          char          direction,
          const char   *content_type,
          const guint8 *data,
          gsize         length)
{
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;

  if (!self->log_traffic)
    return;

  path = _ac_client_redact_path (request->path);
  shown = _ac_client_redact_body (content_type, data, length, LOG_BODY_MAX);
  g_debug ("%c body of %s %s: %s", direction, request->method, path, shown);
}

static void
answer_complete (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->received));
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  g_clear_object (&request->stream);

  if (self->log_traffic)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
      gsize length = 0;
      const guint8 *bytes = g_bytes_get_data (body, &length);

      log_body (self, request, '<', soup_message_headers_get_content_type (headers, NULL),
                bytes, length);
    }

  data = process_answer (self, request, body, &error);
  if (data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, data, (GDestroyNotify) json_node_unref);
}

static void
answer_too_large (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);

  g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           /* Translators: %s is the server address */
                           _("%s sent an answer too large to be right"), self->host);
}

static void body_read_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* Takes over @task */
static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), body_read_cb, task);
}

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error_from_transport (self, error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      answer_complete (task);
      return;
    }

  if (request->received->len + g_bytes_get_size (chunk) > MAX_ANSWER_SIZE)
    {
      answer_too_large (task);
      return;
    }

  g_byte_array_append (request->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  request->stream = soup_session_send_finish (session, result, &error);
  if (request->stream == NULL)
    {
      g_task_return_error (task, error_from_transport (self, error));
      return;
    }

  /* Read the body with a limit: a broken or hostile server must not exhaust memory. */
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > MAX_ANSWER_SIZE)
    {
      answer_too_large (task);
      return;
    }

  request->received = g_byte_array_sized_new (MAX (length, 0) + 1);
  read_more (g_steal_pointer (&task));
}

static void
request_send (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (self->base_url == NULL || self->app_id == NULL || *self->app_id == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_CONFIG, "%s",
                               self->base_url == NULL
                               ? _("The server address is missing or not valid")
                               : _("The application ID is missing"));
      g_object_unref (task);
      return;
    }

  url = g_strconcat (self->base_url, request->path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_CONFIG,
                               _("The address %s is not valid: %s"), url, error->message);
      g_object_unref (task);
      return;
    }

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (request->method, uri);
  headers = soup_message_get_request_headers (request->message);

  soup_message_headers_replace (headers, "x-authing-app-id", self->app_id);
  if (self->user_pool_id != NULL && *self->user_pool_id != '\0')
    soup_message_headers_replace (headers, "x-authing-userpool-id", self->user_pool_id);
  soup_message_headers_replace (headers, "x-authing-request-from", "AccountCenter@" PACKAGE_VERSION);
  soup_message_headers_replace (headers, "x-authing-sdk-version", "gtk:" PACKAGE_VERSION);
  soup_message_headers_replace (headers, "x-authing-lang", self->lang);
  soup_message_headers_replace (headers, "Accept", "application/json");

  g_clear_pointer (&request->token_used, g_free);
  if ((request->flags & REQUEST_AUTH) && self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      request->token_used = g_strdup (self->token);
      request->serial_used = self->session_serial;
    }

  if (request->body != NULL)
    {
      gsize length = 0;
      const guint8 *bytes = g_bytes_get_data (request->body, &length);

      log_body (self, request, '>', request->content_type, bytes, length);
      soup_message_set_request_body_from_bytes (request->message, request->content_type, request->body);
    }

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           request_sent_cb,
                           task);
}

/* Starts a request. @body is a JSON node (a copy is sent) or NULL. */
static void
request_full (AcClient            *self,
              const char          *method,
              const char          *path,
              GBytes              *body,
              const char          *content_type,
              RequestFlags         flags,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_full);
  g_task_set_name (task, path);
  /* An answer that arrived is handed over even if the cancellable was cancelled meanwhile:
   * the operation decides (e.g. a deletion the server did is applied locally all the same);
   * the public task still reports the cancellation to its caller. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->content_type = g_strdup (content_type);
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if ((flags & REQUEST_AUTH) && !(flags & REQUEST_NO_REFRESH) && token_needs_refresh (self))
    {
      g_autofree char *shown = _ac_client_redact_path (path);

      g_debug ("The token is about to expire: refreshing before %s", shown);
      g_ptr_array_add (self->refresh_waiters, task);
      start_refresh (self);
      return;
    }

  request_send (task);
}

static void
request_json (AcClient            *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              RequestFlags         flags,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize len = 0;
      char *text;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &len);
      bytes = g_bytes_new_take (text, len);
    }

  request_full (self, method, path, bytes, body != NULL ? "application/json" : NULL,
                flags, cancellable, callback, user_data);
}

/* The checks and result of a _finish() of this file: @result must be a task of @self started
 * by the function @source_tag. */
static gpointer
task_finish_pointer (AcClient      *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
task_finish_boolean (AcClient      *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static JsonNode *
request_finish (AcClient      *self,
                GAsyncResult  *result,
                GError       **error)
{
  return task_finish_pointer (self, result, request_full, error);
}

/* request_finish() in a callback that owns @task: on failure the error is returned on @task,
 * and %NULL comes back. */
static JsonNode *
request_finish_task (AcClient     *self,
                     GAsyncResult *result,
                     GTask        *task)
{
  GError *error = NULL;
  JsonNode *data = request_finish (self, result, &error);

  if (data == NULL)
    g_task_return_error (task, error);

  return data;
}

/* Whether the answer @data is a JSON object or array, as @shape says. */
static gboolean
check_shape (AcClient      *self,
             JsonNode      *data,
             JsonNodeType   shape,
             GError       **error)
{
  if (json_node_get_node_type (data) == shape)
    return TRUE;

  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               _("%s sent an answer of an unexpected shape"), self->host);
  return FALSE;
}

/* A model's constructor ac_…_new_from_json(), from a JsonObject or a JsonArray. */
typedef gpointer (*ModelFromJson) (gpointer json, GError **error);

static gpointer model_from_data (AcClient      *self,
                                 JsonNode      *data,
                                 JsonNodeType   shape,
                                 ModelFromJson  model_new,
                                 const char    *bad_format,
                                 GError       **error) G_GNUC_PRINTF (5, 0);
static void     return_model    (AcClient      *self,
                                 GAsyncResult  *result,
                                 GTask         *task,
                                 JsonNodeType   shape,
                                 ModelFromJson  model_new,
                                 const char    *bad_format) G_GNUC_PRINTF (6, 0);

/* The format of these two is checked at their callers (G_GNUC_PRINTF above). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* Builds a model from the answer @data, which must have @shape, with @model_new. When that
 * fails, the error is %AC_ERROR_INVALID_RESPONSE with the message @bad_format (translated, one
 * `%s` for the reason). */
static gpointer
model_from_data (AcClient      *self,
                 JsonNode      *data,
                 JsonNodeType   shape,
                 ModelFromJson  model_new,
                 const char    *bad_format,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer json;
  gpointer model;

  if (!check_shape (self, data, shape, error))
    return NULL;

  if (shape == JSON_NODE_OBJECT)
    json = json_node_get_object (data);
  else
    json = json_node_get_array (data);

  model = model_new (json, &local_error);
  if (model == NULL)
    g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE, bad_format,
                 local_error != NULL ? local_error->message : "?");

  return model;
}

/* The whole of a callback whose answer is one model (a #GObject): request_finish_task(), then
 * model_from_data(), and the model or the error returned on @task. */
static void
return_model (AcClient      *self,
              GAsyncResult  *result,
              GTask         *task,
              JsonNodeType   shape,
              ModelFromJson  model_new,
              const char    *bad_format)
{
  g_autoptr(JsonNode) data = request_finish_task (self, result, task);
  GError *error = NULL;
  gpointer model;

  if (data == NULL)
    return;

  model = model_from_data (self, data, shape, model_new, bad_format, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

#pragma GCC diagnostic pop

/* ------------------------------------------------------------------------------------------ */
/* Token refresh                                                                              */

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

  data = request_finish (self, result, &error);
  if (data != NULL)
    {
      if (serial == self->session_serial)
        {
          g_autoptr(AcUserInfo) user = accept_session_user (self, data, &error);
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

      if (g_task_get_source_tag (task) == request_full)
        {
          /* A request that waited for the refresh goes on with whatever token we have now. */
          request_send (task);
        }
      else
        {
          if (error != NULL)
            g_task_return_error (task, g_error_copy (error));
          else
            g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }
    }
}

static void
start_refresh (AcClient *self)
{
  g_autoptr(JsonNode) body = NULL;

  if (self->refreshing)
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refreshing = TRUE;

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, json_object_new ());

  request_json (self, "POST", "/api/v2/users/refresh-token", body,
                REQUEST_AUTH | REQUEST_NO_REFRESH, NULL,
                refresh_done_cb, GUINT_TO_POINTER (self->session_serial));
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
  start_refresh (self);
}

gboolean
ac_client_refresh_token_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return task_finish_boolean (self, result, ac_client_refresh_token_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing lists                                                                              */

typedef gpointer (*ItemFromJson) (JsonObject *object, GError **error);

static GPtrArray *
items_from_array (AcClient      *self,
                  JsonArray     *array,
                  ItemFromJson   item_from_json,
                  GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       _("%s sent an answer of an unexpected shape"), self->host);
          return NULL;
        }

      item = item_from_json (json_node_get_object (node), &local_error);
      if (item == NULL)
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       /* Translators: %s is the reason */
                       _("The server sent an item that could not be read: %s"),
                       local_error != NULL ? local_error->message : "?");
          return NULL;
        }

      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/* `data` as a list: a bare array, or {list: [...], totalCount: n} */
static GPtrArray *
items_from_data (AcClient      *self,
                 JsonNode      *data,
                 ItemFromJson   item_from_json,
                 guint         *total_count,
                 GError       **error)
{
  GPtrArray *items;
  JsonArray *array = NULL;
  gint64 total = -1;

  if (JSON_NODE_HOLDS_ARRAY (data))
    {
      array = json_node_get_array (data);
    }
  else if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *object = json_node_get_object (data);
      JsonNode *list = json_object_get_member (object, "list");

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        array = json_node_get_array (list);
      if (!object_get_int (object, "totalCount", &total))
        total = -1;
    }

  if (array == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   _("%s sent an answer of an unexpected shape"), self->host);
      return NULL;
    }

  items = items_from_array (self, array, item_from_json, error);
  if (items != NULL && total_count != NULL)
    *total_count = total >= 0 && total <= G_MAXUINT ? (guint) total : items->len;

  return items;
}

/* ------------------------------------------------------------------------------------------ */
/* Traffic log (G_MESSAGES_DEBUG=ac-client), without secrets                                  */

/* SoupLogger shows the request and status lines and the headers (one line per call); the bodies
 * are logged by log_body(), which can hide secrets before it cuts. */

static void
log_printer (SoupLogger         *logger,
             SoupLoggerLogLevel  level,
             char                direction,
             const char         *data,
             gpointer            user_data)
{
  g_autofree char *hidden = _ac_client_redact_header_line (data);

  g_debug ("%c %s", direction, hidden);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                    */

/* A NULL database in libsoup means "trust nothing": ours means the system's. */
static void
apply_tls_database (AcClient *self)
{
  g_autoptr(GTlsDatabase) system = NULL;

  if (self->session == NULL)
    return;

  if (self->tls_database == NULL)
    system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  soup_session_set_tls_database (self->session, self->tls_database != NULL ? self->tls_database : system);
}

static void
ac_client_constructed (GObject *object)
{
  AcClient *self = AC_CLIENT (object);

  G_OBJECT_CLASS (ac_client_parent_class)->constructed (object);

  self->base_url = normalize_host (self->host);

  /* libsoup allows two connections per host by default: loading the whole account starts
   * seven reads at once, which must not queue behind each other over HTTP/1.1. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 NULL);
  apply_tls_database (self);
  soup_session_set_user_agent (self->session, "AccountCenter/" PACKAGE_VERSION " ");

  {
    const char *debug = g_getenv ("G_MESSAGES_DEBUG");

    if (debug != NULL && (strstr (debug, G_LOG_DOMAIN) != NULL || strstr (debug, "all") != NULL))
      {
        g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

        self->log_traffic = TRUE;
        soup_logger_set_printer (logger, log_printer, NULL, NULL);
        soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
      }
  }
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
  g_clear_pointer (&self->public_key, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->user_pool_id, g_free);
  g_clear_pointer (&self->lang, g_free);

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
          schedule_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TLS_DATABASE:
      ac_client_set_tls_database (self, g_value_get_object (value));
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
      apply_tls_database (self);
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
  set_user (self, NULL);
  set_token (self, token, expires_at);
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
  set_token (self, NULL, NULL);
  set_user (self, NULL);
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

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (!check_shape (self, data, JSON_NODE_OBJECT, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  config = json_node_get_object (data);
  pool = object_get_string (config, "userPoolId");
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
  request_json (self, "GET", path, NULL, 0, cancellable, public_config_cb, g_steal_pointer (&task));
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
  return task_finish_pointer (self, result, ac_client_fetch_public_config_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing in                                                                                 */

typedef struct
{
  char *account;
  char *password;
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
  g_free (state);
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (g_task_return_error_if_cancelled (task))
    return;

  user = accept_session_user (self, data, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

static void
sign_in_send (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  SignIn *state = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *encrypted = NULL;
  GError *error = NULL;

  encrypted = ac_crypto_encrypt_password (self->public_key, state->password, &error);
  if (encrypted == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, state->account);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, encrypted);
  json_builder_set_member_name (builder, "autoRegister");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request_json (self, "POST", "/api/v2/login/account", body, 0,
                g_task_get_cancellable (task), sign_in_done_cb, task);
}

static void
well_known_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  const char *key = NULL;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    key = object_get_string (json_node_get_object (data), "publicKey");

  if (key == NULL || *key == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s did not publish the key to encrypt passwords with"),
                               self->host);
      return;
    }

  g_free (self->public_key);
  self->public_key = g_strdup (key);

  sign_in_send (g_steal_pointer (&task));
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
 * Signs in with a password, encrypted with the server's public key (fetched once). On success
 * the client holds the token, its expiry and the user.
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

  if (self->public_key != NULL)
    sign_in_send (g_steal_pointer (&task));
  else
    request_json (self, "GET", "/api/v2/.well-known", NULL, 0, cancellable,
                  well_known_cb, g_steal_pointer (&task));
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
  return task_finish_pointer (self, result, ac_client_sign_in_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* The user                                                                                   */

static void
user_answer_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  user = model_from_data (self, data, JSON_NODE_OBJECT, (ModelFromJson) ac_user_info_new_from_json,
                          _("The server sent an account that could not be read: %s"), &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  set_user (self, user);
  g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

/**
 * ac_client_get_current_user_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the signed-in user (`users/me`) and makes it #AcClient:user. This also validates a
 * session restored with ac_client_set_session().
 */
void
ac_client_get_current_user_async (AcClient            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_current_user_async);

  request_json (self, "GET", "/api/v2/users/me", NULL, REQUEST_AUTH, cancellable,
                user_answer_cb, task);
}

/**
 * ac_client_get_current_user_finish:
 *
 * Returns: (transfer full): the user
 */
AcUserInfo *
ac_client_get_current_user_finish (AcClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return task_finish_pointer (self, result, ac_client_get_current_user_async, error);
}

/**
 * ac_client_update_profile_async:
 * @self: a #AcClient
 * @changes: the fields to change, e.g. `{"nickname": "Ann"}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Changes profile fields. The server refuses the whole change when one field is not
 * accepted (code 400, naming the field). The updated user becomes #AcClient:user.
 */
void
ac_client_update_profile_async (AcClient            *self,
                                JsonObject          *changes,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_update_profile_async);

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, changes);

  request_json (self, "POST", "/api/v2/users/profile/update", body, REQUEST_AUTH, cancellable,
                user_answer_cb, task);
}

/**
 * ac_client_update_profile_finish:
 *
 * Returns: (transfer full): the updated user
 */
AcUserInfo *
ac_client_update_profile_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return task_finish_pointer (self, result, ac_client_update_profile_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Avatar                                                                                     */

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  const char *url = NULL;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    url = object_get_string (json_node_get_object (data), "url");

  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s did not say where the picture was stored"), self->host);
      return;
    }

  g_task_return_pointer (task, g_strdup (url), g_free);
}

/**
 * ac_client_upload_image_async:
 * @self: a #AcClient
 * @image: the encoded picture
 * @content_type: its MIME type, e.g. "image/jpeg"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Uploads a picture as it is (see ac_client_change_avatar_async() for an avatar). A refusal is
 * %AC_ERROR_UPLOAD_FAILED.
 */
void
ac_client_upload_image_async (AcClient            *self,
                              GBytes              *image,
                              const char          *content_type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *multipart_type;
  const char *filename;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (image != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_upload_image_async);

  if (g_str_equal (content_type, "image/png"))
    filename = "avatar.png";
  else if (g_str_equal (content_type, "image/jpeg"))
    filename = "avatar.jpg";
  else
    filename = "avatar";

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", filename, content_type, image);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &body);
  multipart_type = soup_message_headers_get_one (headers, "Content-Type");

  /* The SDKs send no token with an upload, and neither do we. */
  request_full (self, "POST", "/api/v2/upload?folder=avatar", body, multipart_type,
                REQUEST_UPLOAD, cancellable, upload_cb, task);
}

/**
 * ac_client_upload_image_finish:
 *
 * Returns: (transfer full): the URL of the stored picture
 */
char *
ac_client_upload_image_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return task_finish_pointer (self, result, ac_client_upload_image_async, error);
}

static void
avatar_profile_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  AcUserInfo *user;

  user = ac_client_update_profile_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, user, g_object_unref);
}

static void
avatar_uploaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  url = ac_client_upload_image_finish (self, result, &error);
  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  changes = json_object_new ();
  json_object_set_string_member (changes, "photo", url);
  cancellable = g_task_get_cancellable (task);
  ac_client_update_profile_async (self, changes, cancellable,
                                  avatar_profile_cb, g_steal_pointer (&task));
}

static void
avatar_processed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  g_autoptr(GBytes) image = NULL;
  g_autofree char *content_type = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  image = ac_avatar_process_finish (result, &content_type, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  cancellable = g_task_get_cancellable (task);
  ac_client_upload_image_async (self, image, content_type, cancellable,
                                avatar_uploaded_cb, g_steal_pointer (&task));
}

/**
 * ac_client_change_avatar_async:
 * @self: a #AcClient
 * @image: the picked picture
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Turns @image upright, scales it down to at most %AC_AVATAR_MAX_SIZE pixels a side (in a
 * worker thread), uploads it and makes it the user's photo. A file that is not a readable
 * image fails with %AC_ERROR_INVALID_INPUT before anything is sent.
 */
void
ac_client_change_avatar_async (AcClient            *self,
                               GFile               *image,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_change_avatar_async);

  ac_avatar_process_async (image, cancellable, avatar_processed_cb, task);
}

/**
 * ac_client_change_avatar_finish:
 *
 * Returns: (transfer full): the updated user
 */
AcUserInfo *
ac_client_change_avatar_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return task_finish_pointer (self, result, ac_client_change_avatar_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Custom fields                                                                              */

static void
custom_fields_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  GPtrArray *items;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  items = items_from_data (self, data, (ItemFromJson) ac_custom_field_new_from_json, NULL, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ac_client_get_custom_fields_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the user's custom fields (`udvs/get`).
 */
void
ac_client_get_custom_fields_async (AcClient            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_custom_fields_async);

  id = user_id (self);
  object = json_object_new ();
  json_object_set_string_member (object, "targetType", "USER");
  json_object_set_string_member (object, "targetId", id != NULL ? id : "");
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  request_json (self, "POST", "/api/v2/udvs/get", body, REQUEST_AUTH | REQUEST_BARE_ARRAY,
                cancellable, custom_fields_cb, task);
}

/**
 * ac_client_get_custom_fields_finish:
 *
 * Returns: (transfer full) (element-type AcCustomField): the fields
 */
GPtrArray *
ac_client_get_custom_fields_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return task_finish_pointer (self, result, ac_client_get_custom_fields_async, error);
}

/**
 * ac_client_set_custom_fields_async:
 * @self: a #AcClient
 * @values: field key → new value, as native JSON values (a number for NUMBER, a boolean for
 *   BOOLEAN, an object for OBJECT, a string otherwise)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sets custom field values (`udfs/values`). The server refuses the whole change when a key is
 * unknown or a value has the wrong type (code 400, naming the field).
 */
void
ac_client_set_custom_fields_async (AcClient            *self,
                                   JsonObject          *values,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonArray *udfs;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (values != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_set_custom_fields_async);

  udfs = json_array_new ();
  members = json_object_get_members (values);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *udf = json_object_new ();

      json_object_set_string_member (udf, "definition", l->data);
      json_object_set_member (udf, "value", json_node_copy (json_object_get_member (values, l->data)));
      json_array_add_object_element (udfs, udf);
    }

  object = json_object_new ();
  json_object_set_array_member (object, "udfs", udfs);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  request_json (self, "POST", "/api/v2/udfs/values", body, REQUEST_AUTH, cancellable,
                custom_fields_cb, task);
}

/**
 * ac_client_set_custom_fields_finish:
 *
 * Returns: (transfer full) (element-type AcCustomField): the fields as the server now has them
 */
GPtrArray *
ac_client_set_custom_fields_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return task_finish_pointer (self, result, ac_client_set_custom_fields_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Security level                                                                             */

static void
security_level_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  return_model (AC_CLIENT (object), result, task, JSON_NODE_OBJECT,
                (ModelFromJson) ac_security_level_new_from_json,
                _("The server sent a security level that could not be read: %s"));
}

void
ac_client_get_security_level_async (AcClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_security_level_async);

  request_json (self, "GET", "/api/v2/users/me/security-level", NULL, REQUEST_AUTH,
                cancellable, security_level_cb, task);
}

/**
 * ac_client_get_security_level_finish:
 *
 * Returns: (transfer full): the security level
 */
AcSecurityLevel *
ac_client_get_security_level_finish (AcClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return task_finish_pointer (self, result, ac_client_get_security_level_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Lists: applications, roles, resources                                                      */

typedef struct
{
  GPtrArray *items;
  guint      total_count;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

typedef struct
{
  ItemFromJson  item_from_json;
  char         *namespace_;   /* recorded on resources */
} ListState;

static void
list_state_free (ListState *state)
{
  g_free (state->namespace_);
  g_free (state);
}

static void
set_list_state (GTask        *task,
                ItemFromJson  item_from_json,
                const char   *namespace_)
{
  ListState *state = g_new0 (ListState, 1);

  state->item_from_json = item_from_json;
  state->namespace_ = g_strdup (namespace_);
  g_task_set_task_data (task, state, (GDestroyNotify) list_state_free);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  ListState *state = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  Page *page;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  page = g_new0 (Page, 1);
  page->items = items_from_data (self, data, state->item_from_json, &page->total_count, &error);
  if (page->items == NULL)
    {
      page_free (page);
      g_task_return_error (task, error);
      return;
    }

  if (state->item_from_json == (ItemFromJson) ac_resource_new_from_json)
    for (guint i = 0; i < page->items->len; i++)
      ac_resource_set_namespace (g_ptr_array_index (page->items, i), state->namespace_);

  g_task_return_pointer (task, page, (GDestroyNotify) page_free);
}

static GPtrArray *
list_finish (AcClient      *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             guint         *total_count,
             GError       **error)
{
  Page *page = task_finish_pointer (self, result, source_tag, error);
  GPtrArray *items;

  if (page == NULL)
    return NULL;

  if (total_count != NULL)
    *total_count = page->total_count;
  items = g_steal_pointer (&page->items);
  page_free (page);

  return items;
}

/**
 * ac_client_list_applications_async:
 * @self: a #AcClient
 * @page: the page, from 1
 * @limit: applications per page
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of the applications the user may access.
 */
void
ac_client_list_applications_async (AcClient            *self,
                                   guint                page,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_applications_async);
  set_list_state (task, (ItemFromJson) ac_application_new_from_json, NULL);

  path = g_strdup_printf ("/api/v2/users/me/applications/allowed?page=%u&limit=%u",
                          MAX (page, 1), MAX (limit, 1));
  request_json (self, "GET", path, NULL, REQUEST_AUTH, cancellable, list_cb, task);
}

/**
 * ac_client_list_applications_finish:
 * @total_count: (out) (optional): the number of applications over all pages
 *
 * Returns: (transfer full) (element-type AcApplication): the applications of the page
 */
GPtrArray *
ac_client_list_applications_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    guint         *total_count,
                                    GError       **error)
{
  return list_finish (self, result, ac_client_list_applications_async, total_count, error);
}

/**
 * ac_client_list_roles_async:
 * @self: a #AcClient
 * @namespace_: (nullable): a namespace code, or %NULL for every namespace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
ac_client_list_roles_async (AcClient            *self,
                            const char          *namespace_,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_roles_async);
  set_list_state (task, (ItemFromJson) ac_role_new_from_json, NULL);

  if (namespace_ != NULL && *namespace_ != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (namespace_, NULL, FALSE);
      path = g_strconcat ("/api/v2/users/me/roles?namespace=", escaped, NULL);
    }
  else
    {
      path = g_strdup ("/api/v2/users/me/roles");
    }

  request_json (self, "GET", path, NULL, REQUEST_AUTH, cancellable, list_cb, task);
}

/**
 * ac_client_list_roles_finish:
 *
 * Returns: (transfer full) (element-type AcRole): the roles
 */
GPtrArray *
ac_client_list_roles_finish (AcClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return list_finish (self, result, ac_client_list_roles_async, NULL, error);
}

/**
 * ac_client_list_resources_async:
 * @self: a #AcClient
 * @namespace_: a namespace code, e.g. "default"
 * @resource_type: (nullable): DATA, API, MENU, UI or BUTTON, or %NULL for every type
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the resources the user is authorized for.
 */
void
ac_client_list_resources_async (AcClient            *self,
                                const char          *namespace_,
                                const char          *resource_type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_resources_async);
  if (namespace_ == NULL || *namespace_ == '\0')
    namespace_ = "default";
  set_list_state (task, (ItemFromJson) ac_resource_new_from_json, namespace_);

  object = json_object_new ();
  json_object_set_string_member (object, "namespace", namespace_);
  if (resource_type != NULL && *resource_type != '\0')
    json_object_set_string_member (object, "resourceType", resource_type);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  request_json (self, "POST", "/api/v2/users/resource/authorized", body, REQUEST_AUTH,
                cancellable, list_cb, task);
}

/**
 * ac_client_list_resources_finish:
 * @total_count: (out) (optional): the server's total
 *
 * Returns: (transfer full) (element-type AcResource): the resources
 */
GPtrArray *
ac_client_list_resources_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 guint         *total_count,
                                 GError       **error)
{
  return list_finish (self, result, ac_client_list_resources_async, total_count, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Organizations                                                                              */

static void
organizations_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  return_model (AC_CLIENT (object), result, task, JSON_NODE_ARRAY,
                (ModelFromJson) ac_org_forest_new_from_json,
                _("The server sent organizations that could not be read: %s"));
}

/**
 * ac_client_list_organizations_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the user's places in the organizations (`users/<id>/orgs`, or `users/me/orgs` when
 * the user id is not known yet) and merges the paths into a forest.
 */
void
ac_client_list_organizations_async (AcClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_organizations_async);

  id = user_id (self);
  if (id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
      path = g_strdup_printf ("/api/v2/users/%s/orgs", escaped);
    }
  else
    {
      path = g_strdup ("/api/v2/users/me/orgs");
    }

  request_json (self, "GET", path, NULL, REQUEST_AUTH, cancellable, organizations_cb, task);
}

/**
 * ac_client_list_organizations_finish:
 *
 * Returns: (transfer full): the organization forest
 */
AcOrgForest *
ac_client_list_organizations_finish (AcClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return task_finish_pointer (self, result, ac_client_list_organizations_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing out, deleting the account                                                          */

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = request_finish (self, result, &error);

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
  request_json (self, "GET", path, NULL, REQUEST_AUTH | REQUEST_NO_REFRESH, cancellable,
                sign_out_cb, task);
}

gboolean
ac_client_sign_out_finish (AcClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return task_finish_boolean (self, result, ac_client_sign_out_async, error);
}

static void
delete_account_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;

  data = request_finish_task (self, result, task);
  if (data == NULL)
    return;

  /* The account is gone even if the caller is no longer interested. */
  ac_client_forget_session (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * ac_client_delete_account_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes the signed-in account for good, then forgets the session and the user.
 */
void
ac_client_delete_account_async (AcClient            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_delete_account_async);

  request_json (self, "DELETE", "/api/v2/users/delete", NULL, REQUEST_AUTH, cancellable,
                delete_account_cb, task);
}

gboolean
ac_client_delete_account_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return task_finish_boolean (self, result, ac_client_delete_account_async, error);
}
