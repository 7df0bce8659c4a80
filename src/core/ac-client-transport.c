/* ac-client-transport.c: AcClient's SoupSession: sending requests, reading answers
 *
 * Every operation goes through _ac_client_request_full(): the message gets the headers of
 * authing-api.md §2 (and the token when the operation needs one), the token is refreshed first
 * when it is about to expire, the answer is read with a size cap, and its outcome becomes either
 * the envelope's `data` or a GError in AC_ERROR (HACKING.md). A 2020 (or 2206/2207) answered to
 * the current token ends the session. With G_MESSAGES_DEBUG=ac-client (or all) the traffic is
 * logged, secrets hidden first (ac-client-redact.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-private.h"
#include "ac-client-redact.h"
#include "ac-json.h"

/* Enough for every read of ac_account_load_all_async() at once */
#define MAX_CONNS_PER_HOST     8
/* Connections opened ahead (ac_client_preconnect()): a sign-in sends the login on one, then
 * the first load's seven reads (and the device's registration) at once */
#define PRECONNECT_CONNS       7
/* How much of each body the traffic log shows (after secrets were hidden) */
#define LOG_BODY_MAX           4096
/* Answers from this size on are parsed in a worker thread */
#define THREAD_PARSE_MIN       (256 * 1024)

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                   */

typedef struct
{
  char                 *method;
  char                 *path;          /* below base_url, with its query */
  GBytes               *body;
  char                 *content_type;
  AcClientRequestFlags  flags;
  AcClientAnswerKind    kind;
  char                 *token_used;
  guint                 serial_used;
  SoupMessage          *message;
  GInputStream         *stream;        /* the answer's body, while it is read */
  GPtrArray            *chunks;        /* GBytes: the answer's body as it was read */
  gsize                 received;      /* their total size */
  AcJsonElementFunc     stream_func;   /* `data`'s elements go there as they are parsed */
  gpointer              stream_data;
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
  g_clear_pointer (&request->chunks, g_ptr_array_unref);
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
  message = _ac_client_object_get_string (object, "message");
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

  /* A sign-in that needs a second step (ac-client-security.c keeps its mfaToken) */
  if (code == AC_ERROR_MFA_REQUIRED || code == 1636)
    {
      GError *mfa = _ac_client_mfa_required (self, request->path, code, root);

      if (mfa != NULL)
        return mfa;
    }

  /* 2206/2207 ("login expired/invalid") are what other endpoints of the service say for the
   * same thing: all three end the session. */
  if ((code == AC_ERROR_NOT_LOGGED_IN || code == AC_ERROR_LOGIN_EXPIRED ||
       code == AC_ERROR_LOGIN_INVALID) && request->token_used != NULL)
    {
      if (request->serial_used == self->session_serial)
        {
          g_autofree char *shown = _ac_client_redact_path (request->path);

          g_debug ("The session expired (%s %s)", request->method, shown);
          _ac_client_expire_session (self);
        }

      return g_error_new_literal (AC_ERROR, AC_ERROR_NOT_LOGGED_IN,
                                  _("Your session has expired. Please sign in again."));
    }

  if (request->flags & AC_CLIENT_REQUEST_UPLOAD)
    return g_error_new (AC_ERROR, AC_ERROR_UPLOAD_FAILED,
                        /* Translators: %s is the server's reason */
                        _("The picture was refused: %s"),
                        message != NULL ? message : ac_error_describe ((int) code));

  if (message != NULL)
    return g_error_new_literal (AC_ERROR, (int) code, message);

  return g_error_new_literal (AC_ERROR, (int) code, ac_error_describe ((int) code));
}

/* Turns a parsed answer (@root, or %NULL and @parse_error) into the envelope's data (or the bare
 * array), or an error. Takes @root and @parse_error. */
static JsonNode *
process_answer (AcClient  *self,
                Request   *request,
                JsonNode  *root_,
                GError    *parse_error_,
                GError   **error)
{
  g_autoptr(GError) parse_error = parse_error_;
  g_autoptr(JsonNode) root = root_;
  guint status = soup_message_get_status (request->message);
  JsonObject *envelope;
  JsonNode *data;
  gint64 code;

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

      if ((request->flags & AC_CLIENT_REQUEST_UPLOAD) && status >= 400 && status < 500)
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

  if ((request->flags & AC_CLIENT_REQUEST_BARE_ARRAY) && JSON_NODE_HOLDS_ARRAY (root))
    return g_steal_pointer (&root);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto unexpected;

  envelope = json_node_get_object (root);
  if (_ac_client_object_get_int (envelope, "code", &code))
    ;
  else if (_ac_client_object_get_int (envelope, "statusCode", &code))     /* v3 */
    code = code == 200 ? 200 : _ac_client_v3_error_code (envelope, code);
  else
    goto unexpected;

  if (code != 200)
    {
      *error = error_from_envelope (self, request, code, root);
      return NULL;
    }

  /* (the answer of a recovery sign-in has its new code beside `data`) */
  if (request->flags & AC_CLIENT_REQUEST_ENVELOPE)
    return g_steal_pointer (&root);

  if (!json_object_has_member (envelope, "data"))
    return json_node_new (JSON_NODE_NULL);

  /* The data is taken out of the envelope, not copied (a copy of a big answer is a stall). */
  data = json_node_ref (json_object_get_member (envelope, "data"));
  g_clear_pointer (&root, json_node_unref);
  json_node_set_parent (data, NULL);

  return data;

unexpected:
  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               _("%s sent an answer of an unexpected shape"), self->host);
  return NULL;
}

/* The traffic log of a body: secrets hidden first, then cut to LOG_BODY_MAX bytes. @what says
 * which body it is (log_what()). Safe in any thread. */
static void
log_body (const char   *what,
          const char   *content_type,
          const guint8 *data,
          gsize         length)
{
  g_autofree char *shown = _ac_client_redact_body (content_type, data, length, LOG_BODY_MAX);

  g_debug ("%s: %s", what, shown);
}

static char *
log_what (Request *request,
          char     direction)
{
  g_autofree char *path = _ac_client_redact_path (request->path);

  return g_strdup_printf ("%c body of %s %s", direction, request->method, path);
}

/* The body read in chunks, in one block */
static GBytes *
join_chunks (GPtrArray *chunks,
             gsize      size)
{
  guint8 *data;
  gsize offset = 0;

  if (chunks->len == 1)
    return g_bytes_ref (g_ptr_array_index (chunks, 0));

  data = g_malloc (size + 1);
  for (guint i = 0; i < chunks->len; i++)
    {
      gsize length = 0;
      const guint8 *chunk = g_bytes_get_data (g_ptr_array_index (chunks, i), &length);

      memcpy (data + offset, chunk, length);
      offset += length;
    }

  return g_bytes_new_take (data, size);
}

/* A big answer takes long to put in one block, parse and free: that is done in a worker thread,
 * so the main loop goes on. */
typedef struct
{
  GPtrArray *chunks;
  gsize      size;
  char      *log_what;      /* NULL when the traffic is not logged */
  char      *content_type;
  AcJsonElementFunc stream_func;
  gpointer   stream_data;
  JsonNode  *root;
  GError    *error;
} Parse;

/* The answer's text parsed, `data` streamed if the request asks for it */
static JsonNode *
parse_body (GBytes            *body,
            AcJsonElementFunc  stream_func,
            gpointer           stream_data,
            GError           **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (stream_func == NULL)
    return ac_json_parse_bytes (body, error);
  return ac_json_parse_streaming (data != NULL ? data : "", (gssize) MIN (size, G_MAXSSIZE), "data",
                                  stream_func, stream_data, error);
}

static void
parse_free (Parse *parse)
{
  g_clear_pointer (&parse->chunks, g_ptr_array_unref);
  g_free (parse->log_what);
  g_free (parse->content_type);
  g_clear_pointer (&parse->root, json_node_unref);
  g_clear_error (&parse->error);
  g_free (parse);
}

static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Parse *parse = task_data;
  g_autoptr(GBytes) body = join_chunks (parse->chunks, parse->size);

  g_clear_pointer (&parse->chunks, g_ptr_array_unref);
  if (parse->log_what != NULL)
    log_body (parse->log_what, parse->content_type, g_bytes_get_data (body, NULL), parse->size);

  parse->root = parse_body (body, parse->stream_func, parse->stream_data, &parse->error);
  g_task_return_boolean (parse_task, TRUE);
}

static void
return_answer (GTask    *task,
               JsonNode *root,
               GError   *parse_error)
{
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *data;

  data = process_answer (self, request, root, parse_error, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) json_node_unref);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Parse *parse = g_task_get_task_data (G_TASK (result));

  return_answer (task, g_steal_pointer (&parse->root), g_steal_pointer (&parse->error));
}

static void
answer_complete (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize size = request->received;
  g_autoptr(GBytes) body = NULL;

  g_clear_object (&request->stream);

  if (size >= THREAD_PARSE_MIN)
    {
      /* No source object: the last reference to a task may be dropped in the worker, and the
       * client must never be finalized there (@task holds it until parsed_cb). */
      g_autoptr(GTask) parse_task = g_task_new (NULL, NULL, parsed_cb, g_object_ref (task));
      Parse *parse = g_new0 (Parse, 1);

      parse->chunks = g_steal_pointer (&request->chunks);
      parse->size = size;
      parse->stream_func = request->stream_func;
      parse->stream_data = request->stream_data;
      if (self->log_traffic)
        {
          parse->log_what = log_what (request, '<');
          parse->content_type = g_strdup (content_type);
        }
      g_task_set_source_tag (parse_task, parse_thread);
      g_task_set_task_data (parse_task, parse, (GDestroyNotify) parse_free);
      g_task_run_in_thread (parse_task, parse_thread);
      return;
    }

  body = join_chunks (request->chunks, size);
  g_clear_pointer (&request->chunks, g_ptr_array_unref);

  if (self->log_traffic)
    {
      g_autofree char *what = log_what (request, '<');

      log_body (what, content_type, g_bytes_get_data (body, NULL), size);
    }

  if (size == 0)
    {
      return_answer (task, NULL, NULL);
    }
  else
    {
      GError *parse_error = NULL;
      JsonNode *root = parse_body (body, request->stream_func, request->stream_data, &parse_error);

      return_answer (task, root, parse_error);
    }
}

#define MIB (1024 * 1024)

/**
 * _ac_client_answer_cap:
 *
 * Returns: the most bytes an answer of @kind may have
 */
gsize
_ac_client_answer_cap (AcClientAnswerKind kind)
{
  switch (kind)
    {
    case AC_CLIENT_ANSWER_SMALL:
      return 1 * MIB;
    case AC_CLIENT_ANSWER_USER:
      return 4 * MIB;
    case AC_CLIENT_ANSWER_CUSTOM_FIELDS:
    case AC_CLIENT_ANSWER_APPLICATIONS:
      return 16 * MIB;
    case AC_CLIENT_ANSWER_ROLES:
      return 64 * MIB;
    case AC_CLIENT_ANSWER_ORGANIZATIONS:
    case AC_CLIENT_ANSWER_RESOURCES:
      return 256 * MIB;
    default:
      g_assert_not_reached ();
    }
}

/* The cap was hit: say what there was too much of, in the person's words. */
static void
answer_too_large (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  guint megabytes = _ac_client_answer_cap (request->kind) / MIB;
  const char *format;

  g_debug ("The answer to %s is over its cap of %u MiB", request->method, megabytes);

  switch (request->kind)
    {
    case AC_CLIENT_ANSWER_USER:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent an account larger than Account Center can read (more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_CUSTOM_FIELDS:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent more custom fields than Account Center can show (more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_APPLICATIONS:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent more applications than Account Center can show on one page "
                 "(more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_ROLES:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent more roles than Account Center can show (more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_ORGANIZATIONS:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent more organizations than Account Center can show (more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_RESOURCES:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent more resources than Account Center can show (more than %u MB)");
      break;
    case AC_CLIENT_ANSWER_SMALL:
    default:
      /* Translators: %u is a size in megabytes */
      format = _("The server sent an answer larger than Account Center can read (more than %u MB)");
      break;
    }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_task_return_new_error (task, AC_ERROR, AC_ERROR_TOO_LARGE, format, megabytes);
#pragma GCC diagnostic pop
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

  if (request->received + g_bytes_get_size (chunk) > _ac_client_answer_cap (request->kind))
    {
      answer_too_large (task);
      return;
    }

  /* kept as they are: one block of the whole size would be allocated (and, with a big answer,
   * copied over and over) on the main thread */
  request->received += g_bytes_get_size (chunk);
  g_ptr_array_add (request->chunks, g_steal_pointer (&chunk));
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
  if (length > 0 && (guint64) length > _ac_client_answer_cap (request->kind))
    {
      answer_too_large (task);
      return;
    }

  request->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  request->received = 0;
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

  if ((request->flags & AC_CLIENT_REQUEST_DEVICE_ID) && self->device_id != NULL)
    soup_message_headers_replace (headers, "x-authing-device-id", self->device_id);

  g_clear_pointer (&request->token_used, g_free);
  if ((request->flags & AC_CLIENT_REQUEST_AUTH) && self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      request->token_used = g_strdup (self->token);
      request->serial_used = self->session_serial;
    }
  else if ((request->flags & AC_CLIENT_REQUEST_MFA_TOKEN) && _ac_client_mfa_token (self) != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", _ac_client_mfa_token (self), NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  if (request->body != NULL)
    {
      if (self->log_traffic)
        {
          g_autofree char *what = log_what (request, '>');
          gsize length = 0;
          const guint8 *bytes = g_bytes_get_data (request->body, &length);

          log_body (what, request->content_type, bytes, length);
        }
      soup_message_set_request_body_from_bytes (request->message, request->content_type, request->body);
    }

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           request_sent_cb,
                           task);
}

/* A request's task, not started yet */
static GTask *
request_task_new (AcClient             *self,
                  const char           *method,
                  const char           *path,
                  GBytes               *body,
                  const char           *content_type,
                  AcClientRequestFlags  flags,
                  AcClientAnswerKind    kind,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  GTask *task;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ac_client_request_full);
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
  request->kind = kind;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  return task;
}

/* Sends it, after a refresh of the token if that is due */
static void
request_start (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if ((request->flags & AC_CLIENT_REQUEST_AUTH) && !(request->flags & AC_CLIENT_REQUEST_NO_REFRESH) &&
      _ac_client_token_needs_refresh (self))
    {
      g_autofree char *shown = _ac_client_redact_path (request->path);

      g_debug ("The token is about to expire: refreshing before %s", shown);
      g_ptr_array_add (self->refresh_waiters, task);
      _ac_client_start_refresh (self);
      return;
    }

  request_send (task);
}

/* Starts a request. @body is a JSON node (a copy is sent) or NULL. */
void
_ac_client_request_full (AcClient             *self,
                         const char           *method,
                         const char           *path,
                         GBytes               *body,
                         const char           *content_type,
                         AcClientRequestFlags  flags,
                         AcClientAnswerKind    kind,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  request_start (request_task_new (self, method, path, body, content_type, flags, kind,
                                   cancellable, callback, user_data));
}

void
_ac_client_request_streamed (AcClient             *self,
                             const char           *path,
                             AcClientRequestFlags  flags,
                             AcClientAnswerKind    kind,
                             AcJsonElementFunc     func,
                             gpointer              func_data,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  GTask *task = request_task_new (self, "GET", path, NULL, NULL, flags, kind, cancellable,
                                  callback, user_data);
  Request *request = g_task_get_task_data (task);

  request->stream_func = func;
  request->stream_data = func_data;
  request_start (task);
}

void
_ac_client_request_json (AcClient             *self,
                         const char           *method,
                         const char           *path,
                         JsonNode             *body,
                         AcClientRequestFlags  flags,
                         AcClientAnswerKind    kind,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      gsize len = 0;
      char *text = ac_json_to_string (body, &len);

      bytes = g_bytes_new_take (text, len);
    }

  _ac_client_request_full (self, method, path, bytes, body != NULL ? "application/json" : NULL,
                           flags, kind, cancellable, callback, user_data);
}

/* A request that waited for a token refresh goes on with whatever token the client has now.
 * Returns: %FALSE when @task is not a request's (the caller returns it itself) */
gboolean
_ac_client_request_resume (GTask *task)
{
  if (g_task_get_source_tag (task) != _ac_client_request_full)
    return FALSE;

  request_send (task);
  return TRUE;
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
/* The session                                                                                */

/* A NULL database in libsoup means "trust nothing": ours means the system's. */
void
_ac_client_apply_tls_database (AcClient *self)
{
  g_autoptr(GTlsDatabase) system = NULL;

  if (self->session == NULL)
    return;

  if (self->tls_database == NULL)
    system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  soup_session_set_tls_database (self->session, self->tls_database != NULL ? self->tls_database : system);
}

static void
preconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* (a failure is said by the request that follows, in its own words) */
  if (!soup_session_preconnect_finish (SOUP_SESSION (object), result, &error))
    g_debug ("Could not connect ahead: %s", error->message);
}

/**
 * ac_client_preconnect:
 * @self: a #AcClient
 *
 * Opens connections to the server ahead of the first requests, kept for them: the sign-in
 * page calls this when it is shown, so that pressing Sign In does not wait for a connection
 * (nor, over HTTPS, for its TLS handshake: one or two more round trips to the server), and
 * neither do the reads that follow the sign-in at once (as many connections as they are, so
 * that none of them waits for its connection while the window shows the account).
 */
void
ac_client_preconnect (AcClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (AC_IS_CLIENT (self));

  if (self->base_url == NULL)
    return;
  message = soup_message_new ("GET", self->base_url);
  if (message == NULL)
    return;
  /* (a connection being opened is not idle yet: each call opens one of its own) */
  for (guint i = 0; i < PRECONNECT_CONNS; i++)
    soup_session_preconnect_async (self->session, message, G_PRIORITY_DEFAULT, NULL, preconnected_cb, NULL);
}

/* Makes the SoupSession (at construction, once host and timeout are known). */
void
_ac_client_transport_setup (AcClient *self)
{
  const char *debug = g_getenv ("G_MESSAGES_DEBUG");

  /* libsoup allows two connections per host by default: loading the whole account starts
   * seven reads at once, which must not queue behind each other over HTTP/1.1. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 NULL);
  /* A new session trusts the system's certificates, loaded with its first TLS connection (not
   * here: reading them takes milliseconds a plain-HTTP server never needs). */
  if (self->tls_database != NULL)
    _ac_client_apply_tls_database (self);
  soup_session_set_user_agent (self->session, "AccountCenter/" PACKAGE_VERSION " ");

  if (debug != NULL && (strstr (debug, G_LOG_DOMAIN) != NULL || strstr (debug, "all") != NULL))
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      self->log_traffic = TRUE;
      soup_logger_set_printer (logger, log_printer, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }
}
