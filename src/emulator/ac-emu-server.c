/* ac-emu-server.c: the HTTP side of authing-emulator (SoupServer, routing, shared helpers)
 *
 * Conventions (HACKING.md, "Emulator conventions"): business outcomes are HTTP 200 with the
 * envelope {code, message, data}; protocol errors carry the HTTP status and an envelope whose
 * code is that status. The endpoints live in the route files (ac-emu-routes-*.c,
 * ac-emu-graphql.c), which register their tables here; see ac-emu-server-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ac-emu-gate.h"
#include "ac-emu-json.h"
#include "ac-emu-request.h"
#include "ac-emu-server-private.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"
#include "ac-emu-v3.h"

G_DEFINE_FINAL_TYPE (AcEmuServer, ac_emu_server, G_TYPE_OBJECT)

/* Every area of endpoints; a new route file adds its register function here. */
static void (* const areas[]) (AcEmuServer *self) = {
  _ac_emu_routes_auth_register,
  _ac_emu_routes_profile_register,
  _ac_emu_routes_directory_register,
  _ac_emu_routes_security_register,
  _ac_emu_routes_devices_register,
  _ac_emu_graphql_register,
  _ac_emu_routes_oidc_register,
};

/* A route with its pattern split once */
typedef struct
{
  const AcEmuRoute *route;
  char **parts;
  guint n_parts;
  guint n_wildcards;
} CompiledRoute;

/* ---------------------------------------------------------------------------------------- */
/* Responses */

void
_ac_emu_reply_json (AcEmuRequest *req,
                    guint         status,
                    JsonNode     *node)
{
  g_autofree char *text = ac_emu_json_to_string (node);
  gsize len = strlen (text);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

void
_ac_emu_reply_envelope (AcEmuRequest *req,
                        guint         status,
                        int           code,
                        const char   *message,
                        JsonNode     *data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) envelope = NULL;

  if (req->gql_field != NULL)
    {
      _ac_emu_graphql_reply (req, status, code, message, data);
      return;
    }
  /* v3 paths answer the v3 envelope; "no such endpoint" keeps the v2 shape everywhere */
  if (_ac_emu_v3_is_request (req) && !(status == SOUP_STATUS_NOT_FOUND && code == 404))
    {
      _ac_emu_v3_reply_envelope (req, status, code, message, data);
      return;
    }

  root = json_node_new (JSON_NODE_OBJECT);
  envelope = json_object_new ();
  json_object_set_int_member (envelope, "code", code);
  json_object_set_string_member (envelope, "message", message);
  json_object_set_member (envelope, "data", data != NULL ? data : json_node_new (JSON_NODE_NULL));
  json_node_set_object (root, envelope);
  _ac_emu_reply_json (req, status, root);
}

void
_ac_emu_reply_ok (AcEmuRequest *req,
                  AcEmuMsg      message,
                  JsonNode     *data)
{
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 200, ac_emu_message (message, req->lang), data);
}

void
_ac_emu_reply_ok_object (AcEmuRequest *req,
                         AcEmuMsg      message,
                         JsonObject   *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  _ac_emu_reply_ok (req, message, node);
}

void
_ac_emu_reply_ok_array (AcEmuRequest *req,
                        AcEmuMsg      message,
                        JsonArray    *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  _ac_emu_reply_ok (req, message, node);
}

void
_ac_emu_reply_ok_text (AcEmuRequest *req,
                       AcEmuMsg      message,
                       GString      *data_json)
{
  g_autoptr(GString) prefix = g_string_new ("{\"code\":200,\"message\":");
  gsize len;

  if (req->gql_field != NULL)
    {
      /* the GraphQL wrapping works on trees; not used for large answers */
      JsonNode *data = ac_emu_json_parse_strict (data_json->str, data_json->len,
                                                 AC_EMU_MAX_JSON_DEPTH, NULL);

      g_string_free (data_json, TRUE);
      _ac_emu_reply_ok (req, message, data);
      return;
    }
  /* the envelope around the text, without copying the text through a tree */
  ac_emu_json_append_string (prefix, ac_emu_message (message, req->lang));
  g_string_append (prefix, ",\"data\":");
  g_string_prepend_len (data_json, prefix->str, (gssize) prefix->len);
  g_string_append_c (data_json, '}');
  len = data_json->len;
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_string_free (data_json, FALSE), len);
}

void
_ac_emu_reply_error (AcEmuRequest *req,
                     int           code,
                     AcEmuMsg      message)
{
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, code, ac_emu_message (message, req->lang), NULL);
}

void
_ac_emu_reply_invalid (AcEmuRequest *req,
                       char         *message)
{
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 400, message, NULL);
  g_free (message);
}

void
_ac_emu_reply_http_error (AcEmuRequest *req,
                          guint         status,
                          AcEmuMsg      message)
{
  _ac_emu_reply_envelope (req, status, (int) status, ac_emu_message (message, req->lang), NULL);
}

void
_ac_emu_reply_internal (AcEmuRequest *req,
                        GError       *error)
{
  g_warning ("%s %s: %s", soup_server_message_get_method (req->msg), req->path,
             error != NULL ? error->message : "failed");
  ac_emu_store_rollback (req->self->store);
  _ac_emu_reply_http_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, AC_EMU_MSG_INTERNAL);
}

/* ---------------------------------------------------------------------------------------- */
/* Request helpers */

char *
_ac_emu_get_meta (AcEmuRequest *req,
                  const char   *key)
{
  return ac_emu_store_get_meta (req->self->store, key);
}

/* The host:port the client used to reach us (for upload URLs and requestHostname) */
char *
_ac_emu_request_host_port (AcEmuRequest *req)
{
  GUri *uri = soup_server_message_get_uri (req->msg);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  int port = uri != NULL ? g_uri_get_port (uri) : -1;

  if (host == NULL || *host == '\0')
    return g_strdup (req->self->base_url + strlen ("http://"));
  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

char *
_ac_emu_request_base_url (AcEmuRequest *req)
{
  g_autofree char *host_port = _ac_emu_request_host_port (req);

  return g_strconcat ("http://", host_port, NULL);
}

gboolean
_ac_emu_authenticate (AcEmuRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token;

  /* v3 paths take the token with or without "Bearer " (authing-api-security.md §1) */
  if (_ac_emu_v3_is_request (req))
    token = _ac_emu_v3_token_from_header (auth);
  else if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return FALSE;
  else
    for (token = auth + 7; *token == ' '; token++)
      ;
  if (token == NULL)
    return FALSE;
  if (!ac_emu_token_verify (req->self->store, token, &req->user_id, &req->jti,
                            &req->token_iat, &req->token_exp) &&
      !_ac_emu_oidc_authenticate (req->self, token, &req->user_id, &req->jti,
                                  &req->token_iat, &req->token_exp))
    return FALSE;
  req->token = g_strdup (token);
  return TRUE;
}

const char *
_ac_emu_query_get (AcEmuRequest *req,
                   const char   *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

gboolean
_ac_emu_query_int (AcEmuRequest *req,
                   const char   *name,
                   gint64        fallback,
                   gint64        max,
                   gint64       *out)
{
  const char *text = _ac_emu_query_get (req, name);
  guint64 v;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, (guint64) max, &v, NULL))
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, name, AC_EMU_EXPECT_POSITIVE_INTEGER));
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

gboolean
_ac_emu_body_string (AcEmuRequest  *req,
                     const char    *member,
                     gboolean       required,
                     const char   **out)
{
  JsonNode *node = json_object_get_member (req->body, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, member));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, member, AC_EMU_EXPECT_STRING));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
_ac_emu_check_key (AcEmuRequest *req,
                   const char   *name,
                   const char   *value)
{
  if (!ac_emu_request_has_control_chars (value))
    return TRUE;
  _ac_emu_reply_invalid (req, ac_emu_msg_no_control (req->lang, name));
  return FALSE;
}

void
_ac_emu_request_set_body (AcEmuRequest *req,
                          JsonObject   *body)
{
  g_clear_pointer (&req->body_node, json_node_unref);
  req->body_node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (req->body_node, body);
  req->body = body;
}

/* ---------------------------------------------------------------------------------------- */
/* Routing */

void
_ac_emu_server_add_routes (AcEmuServer      *self,
                           const AcEmuRoute *routes,
                           guint             n_routes)
{
  for (guint i = 0; i < n_routes; i++)
    {
      CompiledRoute compiled = { &routes[i], g_strsplit (routes[i].pattern, "/", -1), 0, 0 };

      compiled.n_parts = g_strv_length (compiled.parts);
      for (guint j = 0; j < compiled.n_parts; j++)
        if (g_str_equal (compiled.parts[j], "*"))
          compiled.n_wildcards++;
      g_array_append_val (self->routes, compiled);
    }
}

static void
compiled_route_clear (gpointer data)
{
  CompiledRoute *compiled = data;

  g_strfreev (compiled->parts);
}

static gboolean
pattern_matches (const CompiledRoute  *compiled,
                 char                **segments,
                 guint                 n_segments)
{
  if (n_segments != compiled->n_parts)
    return FALSE;
  for (guint i = 0; i < n_segments; i++)
    {
      if (g_str_equal (compiled->parts[i], "*"))
        {
          if (*segments[i] == '\0')
            return FALSE;
        }
      else if (!g_str_equal (compiled->parts[i], segments[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
method_matches (const AcEmuRoute *route,
                const char       *method)
{
  return g_str_equal (route->method, method) ||
         (g_str_equal (method, "HEAD") && g_str_equal (route->method, "GET") &&
          (route->flags & AC_EMU_ROUTE_NO_HEAD) == 0);
}

static gsize
body_limit (AcEmuBodyKind kind)
{
  return kind == AC_EMU_BODY_MULTIPART ? AC_EMU_UPLOAD_BODY_LIMIT : AC_EMU_JSON_BODY_LIMIT;
}

/* Parses the JSON body of a route (ac_emu_request_parse_json_body()) */
static gboolean
read_json_body (AcEmuRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *path = NULL;
  JsonNode *root = NULL;

  switch (ac_emu_request_parse_json_body (soup_message_headers_get_content_type (headers, NULL),
                                          g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                          &root, &path))
    {
    case AC_EMU_BODY_OK:
      req->body_node = root;
      req->body = json_node_get_object (req->body_node);
      return TRUE;
    case AC_EMU_BODY_NUL:
      _ac_emu_reply_invalid (req, ac_emu_msg_no_nul (req->lang, path));
      return FALSE;
    case AC_EMU_BODY_TOO_LARGE:
      _ac_emu_reply_http_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
      return FALSE;
    case AC_EMU_BODY_BAD_CONTENT_TYPE:
      _ac_emu_reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_CONTENT_TYPE);
      return FALSE;
    case AC_EMU_BODY_NOT_OBJECT:
      _ac_emu_reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_NOT_OBJECT);
      return FALSE;
    case AC_EMU_BODY_BAD_JSON:
    default:
      _ac_emu_reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_JSON);
      return FALSE;
    }
}

static void
dispatch (AcEmuRequest *req)
{
  AcEmuServer *self = req->self;
  const char *method = soup_server_message_get_method (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GString) allowed = g_string_new (NULL);
  guint n_segments = g_strv_length (req->segments);
  const CompiledRoute *best = NULL;
  const AcEmuRoute *route;

  for (guint i = 0; i < self->routes->len; i++)
    {
      const CompiledRoute *compiled = &g_array_index (self->routes, CompiledRoute, i);

      if (!pattern_matches (compiled, req->segments, n_segments))
        continue;
      if (method_matches (compiled->route, method))
        {
          if (best == NULL || compiled->n_wildcards < best->n_wildcards)
            best = compiled;
          continue;
        }
      if (strstr (allowed->str, compiled->route->method) == NULL)
        {
          if (allowed->len > 0)
            g_string_append (allowed, ", ");
          g_string_append (allowed, compiled->route->method);
        }
    }

  if (best == NULL)
    {
      if (allowed->len > 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", allowed->str);
          _ac_emu_reply_http_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, AC_EMU_MSG_METHOD_NOT_ALLOWED);
        }
      else
        _ac_emu_reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
      return;
    }
  route = best->route;

  /* authing-api-security.md §10: an application id that names no application of the pool is
   * a configuration error on every API endpoint; without the header, the pool's application */
  if (g_str_has_prefix (req->path, "/api/") || g_str_has_prefix (req->path, "/graphql/"))
    {
      const char *app_id = soup_message_headers_get_one (
        soup_server_message_get_request_headers (req->msg), "x-authing-app-id");

      if (app_id != NULL && *app_id != '\0' && !ac_emu_store_is_application (self->store, app_id))
        {
          _ac_emu_reply_error (req, 404, AC_EMU_MSG_APP_NOT_FOUND);
          return;
        }
    }

  if (req->raw_query != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *bad = NULL;

      req->query = ac_emu_request_parse_query (req->raw_query, &bad, &error);
      if (req->query == NULL)
        {
          if (g_error_matches (error, AC_EMU_REQUEST_ERROR, AC_EMU_REQUEST_ERROR_NUL))
            _ac_emu_reply_invalid (req, ac_emu_msg_no_nul (req->lang, bad));
          else
            _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, bad, AC_EMU_EXPECT_ENCODED_TEXT));
          return;
        }
    }

  if (body->length > (goffset) body_limit (route->body))
    {
      _ac_emu_reply_http_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
      return;
    }
  if (route->body == AC_EMU_BODY_JSON && !read_json_body (req))
    return;
  if (route->body == AC_EMU_BODY_MULTIPART)
    {
      const char *type = soup_message_headers_get_content_type (
        soup_server_message_get_request_headers (req->msg), NULL);

      if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
        {
          _ac_emu_reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_MULTIPART);
          return;
        }
    }
  if ((route->flags & AC_EMU_ROUTE_AUTH) != 0 && !_ac_emu_authenticate (req))
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return;
    }
  route->func (req);
}

/* ---------------------------------------------------------------------------------------- */
/* Faults and latency */

static void log_request (AcEmuServer *self, const char *method, const char *path, guint status);

/* Returns TRUE when the connection was taken away from libsoup */
static gboolean
inject_failure (AcEmuServer       *self,
                SoupServerMessage *msg,
                AcEmuRequest      *req)
{
  AcEmuFailKind kind = self->options.fail_kind;

  if (kind == AC_EMU_FAIL_MIXED)
    kind = (AcEmuFailKind) g_random_int_range (AC_EMU_FAIL_500, AC_EMU_FAIL_MALFORMED + 1);

  switch (kind)
    {
    case AC_EMU_FAIL_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        /* libsoup forgets a stolen message: log it here, status 0 for "no answer" */
        log_request (self, soup_server_message_get_method (msg), req->path, 0);

        if (stream != NULL)
          g_io_stream_close (stream, NULL, NULL);
        return TRUE;
      }
    case AC_EMU_FAIL_MALFORMED:
      {
        static const char truncated[] = "{\"code\":200,\"message\":\"";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                          truncated, strlen (truncated));
        return FALSE;
      }
    case AC_EMU_FAIL_500:
    case AC_EMU_FAIL_MIXED:
    default:
      _ac_emu_reply_http_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, AC_EMU_MSG_INJECTED);
      return FALSE;
    }
}

/* Adds the CORS headers for a request with an Origin; answers a preflight (returns TRUE) */
static gboolean
add_cors_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *origin = soup_message_headers_get_one (request, "Origin");
  const char *wanted;

  if (origin == NULL)
    return FALSE;
  soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (response, "Access-Control-Allow-Credentials", "true");
  soup_message_headers_append (response, "Vary", "Origin");
  if (!g_str_equal (soup_server_message_get_method (msg), "OPTIONS") ||
      soup_message_headers_get_one (request, "Access-Control-Request-Method") == NULL)
    return FALSE;

  wanted = soup_message_headers_get_one (request, "Access-Control-Request-Headers");
  soup_message_headers_replace (response, "Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  soup_message_headers_replace (response, "Access-Control-Allow-Headers",
                                wanted != NULL ? wanted : "Authorization, Content-Type");
  soup_message_headers_replace (response, "Access-Control-Max-Age", "600");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  return TRUE;
}

static gboolean
process (AcEmuServer       *self,
         SoupServerMessage *msg,
         gboolean           fail)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  gboolean stolen = FALSE;
  AcEmuRequest req = { 0, };

  req.self = self;
  req.msg = msg;
  req.lang = ac_emu_lang_from_header (soup_message_headers_get_one (headers, "x-authing-lang"));
  req.path = uri != NULL ? g_uri_get_path (uri) : "/";
  req.segments = g_strsplit (req.path != NULL ? req.path : "", "/", -1);
  req.raw_query = query;

  /* CORS, so that the JS SDK also works from a web page (cookies included) */
  if (add_cors_headers (msg))
    stolen = FALSE;
  /* Injected failures are decided before anything touches the database. */
  else if (fail)
    stolen = inject_failure (self, msg, &req);
  else
    dispatch (&req);

  g_debug ("%s %s -> %s", soup_server_message_get_method (msg), req.path,
           stolen ? "dropped" : "answered");

  g_strfreev (req.segments);
  g_clear_pointer (&req.query, g_hash_table_unref);
  g_clear_pointer (&req.body_node, json_node_unref);
  g_free (req.gql_field);
  g_free (req.user_id);
  g_free (req.token);
  g_free (req.jti);
  return stolen;
}

/* --latency MS: every answer leaves MS after its request arrived, as over a network whose
 * round trip is MS. The request is handled as soon as the requests that arrived with it were
 * read (an idle after them), and its answer held until then, so that requests arriving together
 * are answered together, as by a server that handles them in parallel (this one handles them
 * one after another, a fraction of a millisecond each: held behind the latency, that does not
 * add up, and it is not counted in the arrival of the next one). A request chosen to fail
 * (--fail-rate) is failed once the delay has passed, without having been handled: the fault is
 * decided before anything touches the database. A client that hangs up after its request was
 * handled gets nothing, but what it asked for was done (as on a real server). */
typedef struct
{
  AcEmuServer *self;
  SoupServerMessage *msg;
  gboolean fail;        /* failed when the time comes, never handled */
  gboolean handled;     /* the answer is ready */
  gboolean finished;
  gulong finished_id;
  guint handle_id;
} Delayed;

static void
delayed_finished_cb (SoupServerMessage *msg,
                     Delayed           *delayed)
{
  delayed->finished = TRUE;
}

static gboolean
delayed_handle_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  delayed->handle_id = 0;
  if (!delayed->finished)
    {
      process (delayed->self, delayed->msg, FALSE);
      delayed->handled = TRUE;
    }
  return G_SOURCE_REMOVE;
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  g_clear_handle_id (&delayed->handle_id, g_source_remove);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  if (!delayed->finished)
    {
      if (delayed->fail)
        {
          /* (a request is only stolen by a failure) */
          if (!process (delayed->self, delayed->msg, TRUE))
            soup_server_message_unpause (delayed->msg);
        }
      else
        {
          if (!delayed->handled)
            process (delayed->self, delayed->msg, FALSE);
          soup_server_message_unpause (delayed->msg);
        }
    }
  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* A source dispatched at its ready time (g_source_set_ready_time()) */
static gboolean
answer_time_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs answer_time_funcs = { NULL, NULL, answer_time_dispatch, NULL, NULL, NULL };

static void
request_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  AcEmuServer *self = user_data;
  gint64 arrived = g_get_monotonic_time ();
  /* Injected failures are decided before anything touches the database. */
  gboolean fail = self->options.fail_rate > 0 && g_random_double () < self->options.fail_rate;

  g_debug ("%s %s received", soup_server_message_get_method (msg), path);
  if (self->options.latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      GSource *source;

      delayed->self = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->fail = fail;
      delayed->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), delayed);
      soup_server_message_pause (msg);
      if (!fail)
        delayed->handle_id = g_idle_add (delayed_handle_cb, delayed);
      /* to the microsecond (a timeout in milliseconds would add up to two) */
      source = g_source_new (&answer_time_funcs, sizeof (GSource));
      g_source_set_ready_time (source, arrived + (gint64) self->options.latency_ms * 1000);
      g_source_set_callback (source, delayed_cb, delayed, NULL);
      g_source_attach (source, NULL);
      g_source_unref (source);
      return;
    }
  process (self, msg, fail);
}

/* ---------------------------------------------------------------------------------------- */
/* The request log (--request-log): one line per request, "METHOD PATH STATUS" */

static void
log_request (AcEmuServer *self,
             const char  *method,
             const char  *path,
             guint        status)
{
  if (self->request_log == NULL)
    return;
  fprintf (self->request_log, "%s %s %u\n", method != NULL ? method : "-",
           path != NULL && *path != '\0' ? path : "-", status);
  fflush (self->request_log);
}

static void
gate_log_cb (gpointer    user_data,
             const char *method,
             const char *path,
             guint       status)
{
  log_request (user_data, method, path, status);
}

static void
request_done (AcEmuServer       *self,
              SoupServerMessage *msg,
              gboolean           completed)
{
  GUri *uri = soup_server_message_get_uri (msg);

  /* FALSE: the gate answered this request itself (a chunked body over the limit) */
  if (self->gate != NULL && !ac_emu_gate_request_done (self->gate, msg, completed))
    return;
  log_request (self, soup_server_message_get_method (msg),
               uri != NULL ? g_uri_get_path (uri) : NULL, soup_server_message_get_status (msg));
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_done (user_data, msg, TRUE);
}

/* libsoup also reports an answered 500 as aborted */
static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  request_done (user_data, msg, FALSE);
}

gboolean
ac_emu_server_open_request_log (AcEmuServer  *self,
                                const char   *path,
                                GError      **error)
{
  FILE *file;

  g_return_val_if_fail (AC_EMU_IS_SERVER (self), FALSE);

  file = g_fopen (path, "ae");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (self->request_log != NULL)
    fclose (self->request_log);
  self->request_log = file;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */

static void
ac_emu_server_dispose (GObject *object)
{
  AcEmuServer *self = AC_EMU_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_pointer (&self->gate, ac_emu_gate_free);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  if (self->request_log != NULL)
    {
      fclose (self->request_log);
      self->request_log = NULL;
    }

  G_OBJECT_CLASS (ac_emu_server_parent_class)->dispose (object);
}

static void
ac_emu_server_finalize (GObject *object)
{
  AcEmuServer *self = AC_EMU_SERVER (object);

  g_free (self->base_url);
  g_clear_pointer (&self->routes, g_array_unref);
  g_clear_pointer (&self->oidc, ac_emu_oidc_free);

  G_OBJECT_CLASS (ac_emu_server_parent_class)->finalize (object);
}

static void
ac_emu_server_class_init (AcEmuServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_emu_server_dispose;
  object_class->finalize = ac_emu_server_finalize;
}

static void
ac_emu_server_init (AcEmuServer *self)
{
  self->routes = g_array_new (FALSE, FALSE, sizeof (CompiledRoute));
  g_array_set_clear_func (self->routes, compiled_route_clear);
}

AcEmuServer *
ac_emu_server_new (AcEmuStore         *store,
                   AcEmuKeys          *keys,
                   const AcEmuOptions *options)
{
  AcEmuServer *self = g_object_new (AC_EMU_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->keys = keys;
  self->options = *options;
  self->server = soup_server_new ("server-header", "authing-emulator/" PACKAGE_VERSION " ", NULL);
  self->gate = ac_emu_gate_new (self->server, gate_log_cb, self);
  soup_server_add_handler (self->server, NULL, request_cb, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_aborted_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    areas[i] (self);
  return self;
}

gboolean
ac_emu_server_listen (AcEmuServer   *self,
                      GInetAddress  *address,
                      guint          port,
                      GError       **error)
{
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;
  GInetSocketAddress *inet;

  g_return_val_if_fail (AC_EMU_IS_SERVER (self), FALSE);

  /* Our own listener checks every request before the SoupServer reads it (ac-emu-gate.c) */
  if (!ac_emu_gate_listen (self->gate, address, port, &bound, error))
    return FALSE;
  inet = G_INET_SOCKET_ADDRESS (bound);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  g_free (self->base_url);
  if (strchr (host, ':') != NULL)
    self->base_url = g_strdup_printf ("http://[%s]:%u", host, g_inet_socket_address_get_port (inet));
  else
    self->base_url = g_strdup_printf ("http://%s:%u", host, g_inet_socket_address_get_port (inet));
  return TRUE;
}

const char *
ac_emu_server_get_base_url (AcEmuServer *self)
{
  g_return_val_if_fail (AC_EMU_IS_SERVER (self), NULL);
  return self->base_url;
}

void
ac_emu_server_stop (AcEmuServer *self)
{
  g_return_if_fail (AC_EMU_IS_SERVER (self));

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->gate != NULL)
    ac_emu_gate_stop (self->gate);
}
