/* ac-emu-server.c: the HTTP side of authing-emulator (SoupServer, routing, the endpoints)
 *
 * Conventions (HACKING.md, "Emulator conventions"): business outcomes are HTTP 200 with the
 * envelope {code, message, data}; protocol errors carry the HTTP status and an envelope whose
 * code is that status. POST /api/v2/udvs/get answers a bare array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ac-emu-messages.h"
#include "ac-emu-server.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

#define JSON_BODY_LIMIT (1024 * 1024)
#define UPLOAD_FILE_LIMIT (5 * 1024 * 1024)
#define UPLOAD_BODY_LIMIT (UPLOAD_FILE_LIMIT + 64 * 1024)
#define MAX_JSON_DEPTH 64

struct _AcEmuServer
{
  GObject parent_instance;

  AcEmuStore *store;
  AcEmuKeys *keys;
  AcEmuOptions options;
  SoupServer *server;
  char *base_url;
};

G_DEFINE_FINAL_TYPE (AcEmuServer, ac_emu_server, G_TYPE_OBJECT)

typedef enum {
  BODY_NONE,
  BODY_JSON,
  BODY_MULTIPART,
} BodyKind;

/* How a GraphQL answer reshapes what the REST handler produced */
typedef enum {
  GQL_AS_IS,
  GQL_USER,            /* the user plus identities and customData */
  GQL_TOKEN,           /* refreshToken: {token, iat, exp} */
  GQL_USER_ROLES,      /* {roles: {totalCount, list}} */
  GQL_USER_RESOURCES,  /* {authorizedResources: {totalCount, list}} */
} GqlShape;

typedef struct
{
  AcEmuServer *self;
  SoupServerMessage *msg;
  AcEmuLang lang;
  char *gql_field;          /* non-NULL: answer as GraphQL {"data": {gql_field: ...}} */
  GqlShape gql_shape;
  const char *path;
  char **segments;          /* path split on '/' */
  GHashTable *query;        /* decoded query string, may be NULL */
  JsonObject *body;         /* for BODY_JSON routes, never NULL there */
  JsonNode *body_node;
  char *user_id;            /* authenticated routes */
  char *token;
  char *jti;
  gint64 token_iat;
  gint64 token_exp;
} Request;

typedef void (*RouteFunc) (Request *req);

typedef struct
{
  const char *method;
  const char *pattern;      /* '*' matches one path segment */
  BodyKind body;
  gboolean auth;
  RouteFunc func;
} Route;

/* ---------------------------------------------------------------------------------------- */
/* Responses */

static void
reply_json (Request  *req,
            guint     status,
            JsonNode *node)
{
  g_autofree char *text = ac_emu_json_to_string (node);
  gsize len = strlen (text);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

static JsonNode *gql_reshape (Request *req, JsonNode *data);

/* GraphQL answers (authing-api.md §3): {"data": {field: ...}}, or errors whose `message` is
 * itself an object {code, message, data}. Takes ownership of data. */
static void
reply_graphql (Request    *req,
               guint       status,
               int         code,
               const char *message,
               JsonNode   *data)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) answer = json_object_new ();

  if (code == 200)
    {
      JsonObject *inner = json_object_new ();

      json_object_set_member (inner, req->gql_field,
                              gql_reshape (req, data != NULL ? data : json_node_new (JSON_NODE_NULL)));
      json_object_set_object_member (answer, "data", inner);
    }
  else
    {
      JsonArray *errors = json_array_new ();
      JsonObject *error = json_object_new ();
      JsonObject *inner = json_object_new ();

      if (data != NULL)
        json_node_unref (data);
      json_object_set_int_member (inner, "code", code);
      json_object_set_string_member (inner, "message", message);
      json_object_set_null_member (inner, "data");
      json_object_set_object_member (error, "message", inner);
      json_object_set_array_member (error, "locations", json_array_new ());
      json_array_add_object_element (errors, error);
      json_object_set_array_member (answer, "errors", errors);
      json_object_set_null_member (answer, "data");
    }
  json_node_set_object (root, answer);
  reply_json (req, status, root);
}

/* Takes ownership of data (may be NULL for null) */
static void
reply_envelope (Request    *req,
                guint       status,
                int         code,
                const char *message,
                JsonNode   *data)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) envelope = json_object_new ();

  if (req->gql_field != NULL)
    {
      reply_graphql (req, status, code, message, data);
      return;
    }

  json_object_set_int_member (envelope, "code", code);
  json_object_set_string_member (envelope, "message", message);
  json_object_set_member (envelope, "data", data != NULL ? data : json_node_new (JSON_NODE_NULL));
  json_node_set_object (root, envelope);
  reply_json (req, status, root);
}

static void
reply_ok (Request  *req,
          AcEmuMsg  message,
          JsonNode *data)
{
  reply_envelope (req, SOUP_STATUS_OK, 200, ac_emu_message (message, req->lang), data);
}

static void
reply_ok_object (Request    *req,
                 AcEmuMsg    message,
                 JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  reply_ok (req, message, node);
}

static void
reply_ok_array (Request   *req,
                AcEmuMsg   message,
                JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  reply_ok (req, message, node);
}

/* A business error: HTTP 200 and a non-200 code */
static void
reply_error (Request  *req,
             int       code,
             AcEmuMsg  message)
{
  reply_envelope (req, SOUP_STATUS_OK, code, ac_emu_message (message, req->lang), NULL);
}

/* A validation error: HTTP 200, code 400, a message naming the field (taken) */
static void
reply_invalid (Request *req,
               char    *message)
{
  reply_envelope (req, SOUP_STATUS_OK, 400, message, NULL);
  g_free (message);
}

/* A protocol error: HTTP status and code alike */
static void
reply_http_error (Request  *req,
                  guint     status,
                  AcEmuMsg  message)
{
  reply_envelope (req, status, (int) status, ac_emu_message (message, req->lang), NULL);
}

static void
reply_internal (Request *req,
                GError  *error)
{
  g_warning ("%s %s: %s", soup_server_message_get_method (req->msg), req->path,
             error != NULL ? error->message : "failed");
  ac_emu_store_rollback (req->self->store);
  reply_http_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, AC_EMU_MSG_INTERNAL);
}

/* ---------------------------------------------------------------------------------------- */
/* JSON helpers */

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_column_text (JsonObject   *object,
                 const char   *member,
                 sqlite3_stmt *stmt,
                 int           column)
{
  set_string_or_null (object, member, ac_emu_column_text (stmt, column));
}

static JsonNode *
parse_json_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

static char *
get_meta (Request    *req,
          const char *key)
{
  return ac_emu_store_get_meta (req->self->store, key);
}

/* The base URL the client used to reach us (for upload URLs and requestHostname) */
static char *
request_host_port (Request *req)
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

static char *
request_base_url (Request *req)
{
  g_autofree char *host_port = request_host_port (req);

  return g_strconcat ("http://", host_port, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Users */

#define USER_COLUMNS \
  "id, username, email, phone, email_verified, phone_verified, password_hash, password_level," \
  " mfa, profile, logins_count, last_login, last_ip, created_at, updated_at"

static JsonObject *
user_json (Request     *req,
           const char  *user_id,
           const char  *token,
           gint64       token_exp,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) profile_node = NULL;
  g_autofree char *pool_id = get_meta (req, "pool_id");
  g_autofree char *arn = NULL;
  JsonObject *profile = NULL;
  JsonObject *u;
  const char *id;
  static const char * const string_fields[] = {
    "nickname", "photo", "device", "browser", "company", "name", "givenName", "familyName",
    "middleName", "profile", "preferredUsername", "website", "gender", "birthdate", "zoneinfo",
    "locale", "address", "formatted", "streetAddress", "locality", "region", "postalCode",
    "city", "province", "country", NULL
  };

  stmt = ac_emu_store_prepare (req->self->store, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0, "user %s vanished", user_id);
      return NULL;
    }

  profile_node = parse_json_text (ac_emu_column_text (stmt, 9));
  if (profile_node != NULL && JSON_NODE_HOLDS_OBJECT (profile_node))
    profile = json_node_get_object (profile_node);

  id = ac_emu_column_text (stmt, 0);
  arn = g_strdup_printf ("arn:cn:authing:%s:user:%s", pool_id, id);

  u = json_object_new ();
  json_object_set_string_member (u, "id", id);
  json_object_set_string_member (u, "arn", arn);
  set_string_or_null (u, "userPoolId", pool_id);
  json_object_set_string_member (u, "status", "Activated");
  set_column_text (u, "username", stmt, 1);
  set_column_text (u, "email", stmt, 2);
  json_object_set_boolean_member (u, "emailVerified", sqlite3_column_int (stmt, 4) != 0);
  set_column_text (u, "phone", stmt, 3);
  json_object_set_boolean_member (u, "phoneVerified", sqlite3_column_int (stmt, 5) != 0);
  json_object_set_null_member (u, "phoneCountryCode");
  json_object_set_null_member (u, "unionid");
  json_object_set_null_member (u, "openid");
  json_object_set_null_member (u, "oauth");
  json_object_set_null_member (u, "externalId");
  json_object_set_int_member (u, "loginsCount", sqlite3_column_int64 (stmt, 10));
  set_column_text (u, "lastLogin", stmt, 11);
  set_column_text (u, "lastIP", stmt, 12);
  set_column_text (u, "signedUp", stmt, 13);
  json_object_set_boolean_member (u, "blocked", FALSE);
  json_object_set_boolean_member (u, "isDeleted", FALSE);
  for (guint i = 0; string_fields[i] != NULL; i++)
    set_string_or_null (u, string_fields[i],
                        profile != NULL ? ac_emu_json_get_string (profile, string_fields[i]) : NULL);
  if (json_object_get_null_member (u, "gender"))
    json_object_set_string_member (u, "gender", "U");
  set_column_text (u, "createdAt", stmt, 13);
  set_column_text (u, "updatedAt", stmt, 14);

  if (token != NULL)
    {
      g_autofree char *expires = ac_emu_time_iso (token_exp);

      json_object_set_string_member (u, "token", token);
      json_object_set_string_member (u, "tokenExpiredAt", expires);
    }
  else
    {
      json_object_set_null_member (u, "token");
      json_object_set_null_member (u, "tokenExpiredAt");
    }
  return u;
}

static void
reply_user (Request  *req,
            AcEmuMsg  message,
            const char *token,
            gint64    token_exp)
{
  g_autoptr(GError) error = NULL;
  JsonObject *u = user_json (req, req->user_id, token, token_exp, &error);

  if (u == NULL)
    {
      reply_internal (req, error);
      return;
    }
  reply_ok_object (req, message, u);
}

/* ---------------------------------------------------------------------------------------- */
/* Authentication */

static gboolean
authenticate (Request *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return FALSE;
  token = auth + 7;
  while (*token == ' ')
    token++;
  if (!ac_emu_token_verify (req->self->store, token, &req->user_id, &req->jti,
                            &req->token_iat, &req->token_exp))
    return FALSE;
  req->token = g_strdup (token);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Public endpoints */

static void
handle_well_known (Request *req)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "publicKey", ac_emu_keys_get_public_pem (req->self->keys));
  json_object_set_string_member (data, "keyType", "RSA");
  reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static JsonArray *
string_array (const char *first,
              ...)
{
  JsonArray *array = json_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    json_array_add_string_element (array, s);
  va_end (args);
  return array;
}

static void
handle_public_config (Request *req)
{
  const char *app = req->segments[4];
  g_autofree char *app_id = get_meta (req, "app_id");
  g_autofree char *identifier = get_meta (req, "app_identifier");
  g_autofree char *app_name = get_meta (req, "app_name");
  g_autofree char *app_logo = get_meta (req, "app_logo");
  g_autofree char *pool_id = get_meta (req, "pool_id");
  g_autofree char *pool_name = get_meta (req, "pool_name");
  g_autofree char *pool_logo = get_meta (req, "pool_logo");
  g_autofree char *host = request_host_port (req);
  JsonObject *data, *tabs;

  if (g_strcmp0 (app, app_id) != 0 && g_strcmp0 (app, identifier) != 0)
    {
      reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_APP_NOT_FOUND);
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "id", app_id);
  set_string_or_null (data, "userPoolId", pool_id);
  set_string_or_null (data, "identifier", identifier);
  json_object_set_string_member (data, "requestHostname", host);
  set_string_or_null (data, "name", app_name);
  set_string_or_null (data, "logo", app_logo);
  set_string_or_null (data, "userpoolName", pool_name);
  set_string_or_null (data, "userpoolLogo", pool_logo);
  json_object_set_int_member (data, "verifyCodeLength", 6);
  json_object_set_int_member (data, "passwordStrength", 0);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "list", string_array ("password", NULL));
  json_object_set_string_member (tabs, "default", "password");
  json_object_set_object_member (data, "loginTabs", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "list", json_array_new ());
  json_object_set_string_member (tabs, "default", "");
  json_object_set_object_member (data, "registerTabs", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "enabledLoginMethods",
                                string_array ("username-password", "email-password",
                                              "phone-password", NULL));
  json_object_set_object_member (data, "passwordTabConfig", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "enabledLoginMethods", json_array_new ());
  json_object_set_object_member (data, "verifyCodeTabConfig", tabs);
  json_object_set_array_member (data, "ecConnections", json_array_new ());
  json_object_set_array_member (data, "extendsFields", json_array_new ());
  json_object_set_array_member (data, "redirectUris", json_array_new ());
  json_object_set_boolean_member (data, "deviceFuncEnabled", FALSE);
  json_object_set_string_member (data, "appType", "INDIVIDUAL");
  reply_ok_object (req, AC_EMU_MSG_OK, data);
}

/* Type-checks an optional string member of the body. Replies 400 and returns FALSE if
 * the member is there but not a string (null counts as absent when nullable). */
static gboolean
body_string (Request     *req,
             const char  *member,
             gboolean     required,
             const char **out)
{
  JsonNode *node = json_object_get_member (req->body, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          reply_invalid (req, ac_emu_msg_required (req->lang, member));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      reply_invalid (req, ac_emu_msg_expected (req->lang, member, AC_EMU_EXPECT_STRING));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static void
handle_login (Request *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *pool_id = NULL;
  g_autofree char *now = NULL;
  const char *account, *encrypted;
  const char *ip;
  gint64 exp = 0;

  if (!body_string (req, "account", TRUE, &account) ||
      !body_string (req, "password", TRUE, &encrypted))
    return;

  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT id, password_hash FROM users"
                               " WHERE username = ?1 OR email = ?1 OR phone = ?1"
                               " ORDER BY CASE WHEN username = ?1 THEN 0 WHEN email = ?1 THEN 1 ELSE 2 END"
                               " LIMIT 1", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, account);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      user_id = g_strdup (ac_emu_column_text (stmt, 0));
      hash = g_strdup (ac_emu_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Plain text is refused: only what decrypts with our key is a password. */
  password = ac_emu_keys_decrypt_password (req->self->keys, encrypted, NULL);
  if (user_id == NULL || hash == NULL || password == NULL ||
      !ac_emu_password_verify (password, hash))
    {
      reply_error (req, 2333, AC_EMU_MSG_BAD_CREDENTIALS);
      return;
    }

  pool_id = get_meta (req, "pool_id");
  now = ac_emu_now_iso ();
  ip = soup_server_message_get_remote_host (req->msg);
  if (!ac_emu_store_begin (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  token = ac_emu_token_issue (req->self->store, user_id, pool_id, req->self->base_url,
                              req->self->options.token_ttl, NULL, &exp, &error);
  if (token == NULL)
    {
      reply_internal (req, error);
      return;
    }
  stmt = ac_emu_store_prepare (req->self->store,
                               "UPDATE users SET logins_count = logins_count + 1, last_login = ?,"
                               " last_ip = ? WHERE id = ?", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, now);
  ac_emu_bind_text (stmt, 2, ip);
  ac_emu_bind_text (stmt, 3, user_id);
  if (!ac_emu_store_step_done (req->self->store, stmt, &error) ||
      !ac_emu_store_commit (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }

  req->user_id = g_steal_pointer (&user_id);
  reply_user (req, AC_EMU_MSG_LOGIN_OK, token, exp);
}

static void
handle_logout (Request *req)
{
  g_autoptr(GError) error = NULL;

  /* Logging out without a (valid) session succeeds too (authing-api.md §6.3). */
  if (authenticate (req))
    {
      if (!ac_emu_store_begin (req->self->store, &error) ||
          !ac_emu_token_revoke (req->self->store, req->jti, &error) ||
          !ac_emu_store_commit (req->self->store, &error))
        {
          reply_internal (req, error);
          return;
        }
    }
  reply_ok (req, AC_EMU_MSG_LOGOUT_OK, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* The current user */

static void
handle_me (Request *req)
{
  reply_user (req, AC_EMU_MSG_OK, req->token, req->token_exp);
}

static void
handle_refresh_token (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_id = get_meta (req, "pool_id");
  g_autofree char *token = NULL;
  JsonObject *u;
  gint64 iat = 0, exp = 0;

  if (!ac_emu_store_begin (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  token = ac_emu_token_issue (req->self->store, req->user_id, pool_id, req->self->base_url,
                              req->self->options.token_ttl, &iat, &exp, &error);
  if (token == NULL || !ac_emu_store_commit (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  u = user_json (req, req->user_id, token, exp, &error);
  if (u == NULL)
    {
      reply_internal (req, error);
      return;
    }
  json_object_set_int_member (u, "iat", iat);
  json_object_set_int_member (u, "exp", exp);
  reply_ok_object (req, AC_EMU_MSG_REFRESH_OK, u);
}

static void
handle_profile_update (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = json_object_get_members (req->body);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) profile_node = NULL;
  g_autofree char *profile_text = NULL;
  g_autofree char *now = NULL;
  const char *new_username = NULL;
  JsonObject *profile;

  /* Check everything before changing anything */
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      AcEmuExpect expect;

      if (g_strcmp0 (key, "phone") == 0 || g_strcmp0 (key, "email") == 0 ||
          g_strcmp0 (key, "password") == 0)
        {
          reply_invalid (req, ac_emu_msg_field_not_allowed (req->lang, key));
          return;
        }
      if (!ac_emu_profile_field_is_known (key))
        {
          reply_invalid (req, ac_emu_msg_unknown_field (req->lang, key));
          return;
        }
      if (!ac_emu_profile_value_is_valid (key, json_object_get_member (req->body, key), &expect))
        {
          reply_invalid (req, ac_emu_msg_expected (req->lang, key, expect));
          return;
        }
    }
  new_username = ac_emu_json_get_string (req->body, "username");

  if (!ac_emu_store_begin (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  if (new_username != NULL)
    {
      stmt = ac_emu_store_prepare (req->self->store,
                                   "SELECT 1 FROM users WHERE username = ? AND id != ?", &error);
      if (stmt == NULL)
        {
          reply_internal (req, error);
          return;
        }
      ac_emu_bind_text (stmt, 1, new_username);
      ac_emu_bind_text (stmt, 2, req->user_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          ac_emu_store_rollback (req->self->store);
          reply_error (req, 2026, AC_EMU_MSG_USER_EXISTS);
          return;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = ac_emu_store_prepare (req->self->store, "SELECT profile FROM users WHERE id = ?", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    profile_node = parse_json_text (ac_emu_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (profile_node == NULL || !JSON_NODE_HOLDS_OBJECT (profile_node))
    {
      g_clear_pointer (&profile_node, json_node_unref);
      profile_node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (profile_node, json_object_new ());
    }
  profile = json_node_get_object (profile_node);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (req->body, key);

      if (g_strcmp0 (key, "username") == 0)
        continue;
      if (JSON_NODE_HOLDS_NULL (value) ||
          (g_strcmp0 (key, "birthdate") == 0 && *json_node_get_string (value) == '\0'))
        json_object_remove_member (profile, key);
      else
        json_object_set_string_member (profile, key, json_node_get_string (value));
    }
  profile_text = ac_emu_json_to_string (profile_node);
  now = ac_emu_now_iso ();

  stmt = ac_emu_store_prepare (req->self->store,
                               "UPDATE users SET profile = ?, username = COALESCE(?, username),"
                               " updated_at = ? WHERE id = ?", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, profile_text);
  ac_emu_bind_text (stmt, 2, new_username);
  ac_emu_bind_text (stmt, 3, now);
  ac_emu_bind_text (stmt, 4, req->user_id);
  if (!ac_emu_store_step_done (req->self->store, stmt, &error) ||
      !ac_emu_store_commit (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  reply_user (req, AC_EMU_MSG_UPDATE_OK, req->token, req->token_exp);
}

static void
handle_security_level (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *data;
  gboolean email, phone, password, mfa;
  int level, score;

  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT email IS NOT NULL AND email != '', phone IS NOT NULL AND phone != '',"
                               " password_hash IS NOT NULL, password_level, mfa FROM users WHERE id = ?",
                               &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return;
    }
  email = sqlite3_column_int (stmt, 0) != 0;
  phone = sqlite3_column_int (stmt, 1) != 0;
  password = sqlite3_column_int (stmt, 2) != 0;
  level = sqlite3_column_int (stmt, 3);
  mfa = sqlite3_column_int (stmt, 4) != 0;

  /* pool-format.md: 40 for a password + 20/25/30 for its level 1/2/3 + 5 for an e-mail
   * + 10 for a phone + 15 for MFA, at most 100 (a heuristic matching the known scores). */
  score = 0;
  if (password)
    score += 40 + (level >= 3 ? 30 : level == 2 ? 25 : 20);
  if (email)
    score += 5;
  if (phone)
    score += 10;
  if (mfa)
    score += 15;
  score = MIN (score, 100);

  data = json_object_new ();
  json_object_set_int_member (data, "score", score);
  json_object_set_boolean_member (data, "email", email);
  json_object_set_boolean_member (data, "phone", phone);
  json_object_set_boolean_member (data, "password", password);
  if (password && level > 0)
    json_object_set_int_member (data, "passwordSecurityLevel", level);
  else
    json_object_set_null_member (data, "passwordSecurityLevel");
  json_object_set_boolean_member (data, "mfa", mfa);
  reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_delete (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!ac_emu_store_begin (req->self->store, &error) ||
      !ac_emu_token_revoke_user (req->self->store, req->user_id, &error))
    {
      reply_internal (req, error);
      return;
    }
  stmt = ac_emu_store_prepare (req->self->store, "DELETE FROM users WHERE id = ?", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  if (!ac_emu_store_step_done (req->self->store, stmt, &error) ||
      !ac_emu_store_commit (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  reply_ok (req, AC_EMU_MSG_DELETE_OK, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Custom data */

/* Every defined field in definition order (unset ones with value ""), or for GraphQL only
 * the fields that have a value: the JS SDK JSON.parse()s NUMBER, BOOLEAN and OBJECT values. */
static JsonArray *
custom_values_json (Request  *req,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *array;

  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT f.key, f.label, f.data_type, f.options, v.value"
                               " FROM custom_fields f LEFT JOIN custom_values v"
                               " ON v.key = f.key AND v.user_id = ? ORDER BY f.position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, req->user_id);

  array = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      const char *value = ac_emu_column_text (stmt, 4);
      const char *options = ac_emu_column_text (stmt, 3);

      if (value == NULL && req->gql_field != NULL)
        {
          json_object_unref (item);
          continue;
        }

      set_column_text (item, "key", stmt, 0);
      json_object_set_string_member (item, "value", value != NULL ? value : "");
      set_column_text (item, "dataType", stmt, 2);
      set_column_text (item, "label", stmt, 1);
      if (g_strcmp0 (ac_emu_column_text (stmt, 2), "SELECT") == 0)
        {
          JsonNode *node = parse_json_text (options);

          if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
            {
              g_clear_pointer (&node, json_node_unref);
              node = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (node, json_array_new ());
            }
          json_object_set_member (item, "options", node);
        }
      json_array_add_object_element (array, item);
    }
  return array;
}

/* targetType must be USER and targetId (when given) the caller's own id */
static gboolean
check_target (Request    *req,
              const char *target_type,
              const char *target_id)
{
  if (target_type != NULL && g_strcmp0 (target_type, "USER") != 0)
    {
      reply_invalid (req, ac_emu_msg_expected (req->lang, "targetType", AC_EMU_EXPECT_TARGET_USER));
      return FALSE;
    }
  if (target_id != NULL && *target_id != '\0' && g_strcmp0 (target_id, req->user_id) != 0)
    {
      reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return FALSE;
    }
  return TRUE;
}

static void
handle_udvs_get (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *target_type, *target_id;
  JsonArray *array;

  if (!body_string (req, "targetType", FALSE, &target_type) ||
      !body_string (req, "targetId", FALSE, &target_id) ||
      !check_target (req, target_type, target_id))
    return;
  array = custom_values_json (req, &error);
  if (array == NULL)
    {
      reply_internal (req, error);
      return;
    }
  /* a bare array, not an envelope (authing-api.md §6.4) */
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, array);
  reply_json (req, SOUP_STATUS_OK, root);
}

static void
handle_udfs_values_get (Request *req)
{
  g_autoptr(GError) error = NULL;
  const char *target_type = req->query ? g_hash_table_lookup (req->query, "targetType") : NULL;
  const char *target_id = req->query ? g_hash_table_lookup (req->query, "targetId") : NULL;
  JsonArray *array;

  if (!check_target (req, target_type, target_id))
    return;
  array = custom_values_json (req, &error);
  if (array == NULL)
    {
      reply_internal (req, error);
      return;
    }
  reply_ok_array (req, AC_EMU_MSG_OK, array);
}

static void
handle_udfs_values_set (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) wires = g_ptr_array_new_with_free_func (g_free);
  JsonNode *udfs_node = json_object_get_member (req->body, "udfs");
  const char *target_type, *target_id;
  JsonArray *udfs, *result;
  guint n;

  if (!body_string (req, "targetType", FALSE, &target_type) ||
      !body_string (req, "targetId", FALSE, &target_id) ||
      !check_target (req, target_type, target_id))
    return;
  if (udfs_node == NULL || JSON_NODE_HOLDS_NULL (udfs_node))
    {
      reply_invalid (req, ac_emu_msg_required (req->lang, "udfs"));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (udfs_node))
    {
      reply_invalid (req, ac_emu_msg_expected (req->lang, "udfs", AC_EMU_EXPECT_ARRAY));
      return;
    }
  udfs = json_node_get_array (udfs_node);
  n = json_array_get_length (udfs);

  /* Check the whole batch first: nothing changes on any error */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item_node = json_array_get_element (udfs, i);
      g_autofree char *item_path = g_strdup_printf ("udfs[%u]", i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(JsonNode) options = NULL;
      g_autofree char *wire = NULL;
      g_autofree char *choices = NULL;
      g_autofree char *data_type = NULL;
      JsonObject *item;
      JsonNode *value;
      const char *key;
      AcEmuExpect expect;

      if (!JSON_NODE_HOLDS_OBJECT (item_node))
        {
          reply_invalid (req, ac_emu_msg_expected (req->lang, item_path, AC_EMU_EXPECT_OBJECT));
          return;
        }
      item = json_node_get_object (item_node);
      key = ac_emu_json_get_string (item, "definition");
      if (key == NULL)
        key = ac_emu_json_get_string (item, "key");
      if (key == NULL)
        {
          g_autofree char *p = g_strconcat (item_path, ".definition", NULL);
          reply_invalid (req, ac_emu_msg_expected (req->lang, p, AC_EMU_EXPECT_STRING));
          return;
        }

      stmt = ac_emu_store_prepare (req->self->store,
                                   "SELECT data_type, options FROM custom_fields WHERE key = ?", &error);
      if (stmt == NULL)
        {
          reply_internal (req, error);
          return;
        }
      ac_emu_bind_text (stmt, 1, key);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          reply_invalid (req, ac_emu_msg_unknown_field (req->lang, key));
          return;
        }
      data_type = g_strdup (ac_emu_column_text (stmt, 0));
      options = parse_json_text (ac_emu_column_text (stmt, 1));

      value = json_object_get_member (item, "value");
      if (value == NULL)
        {
          g_autofree char *p = g_strconcat (item_path, ".value", NULL);
          reply_invalid (req, ac_emu_msg_required (req->lang, p));
          return;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        {
          /* null clears the value */
          g_ptr_array_add (keys, (gpointer) key);
          g_ptr_array_add (wires, NULL);
          continue;
        }
      if (!ac_emu_custom_value_to_wire (data_type,
                                        options != NULL && JSON_NODE_HOLDS_ARRAY (options)
                                          ? json_node_get_array (options) : NULL,
                                        value, &wire, &expect, &choices))
        {
          if (choices != NULL)
            reply_invalid (req, ac_emu_msg_expected_option (req->lang, key, choices));
          else
            reply_invalid (req, ac_emu_msg_expected (req->lang, key, expect));
          return;
        }
      g_ptr_array_add (keys, (gpointer) key);
      g_ptr_array_add (wires, g_steal_pointer (&wire));
    }

  if (!ac_emu_store_begin (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *wire = wires->pdata[i];
      g_autoptr(sqlite3_stmt) stmt =
        ac_emu_store_prepare (req->self->store,
                              wire != NULL
                                ? "INSERT OR REPLACE INTO custom_values (user_id, key, value) VALUES (?, ?, ?)"
                                : "DELETE FROM custom_values WHERE user_id = ? AND key = ?",
                              &error);

      if (stmt == NULL)
        {
          reply_internal (req, error);
          return;
        }
      ac_emu_bind_text (stmt, 1, req->user_id);
      ac_emu_bind_text (stmt, 2, keys->pdata[i]);
      if (wire != NULL)
        ac_emu_bind_text (stmt, 3, wire);
      if (!ac_emu_store_step_done (req->self->store, stmt, &error))
        {
          reply_internal (req, error);
          return;
        }
    }
  if (!ac_emu_store_commit (req->self->store, &error))
    {
      reply_internal (req, error);
      return;
    }

  result = custom_values_json (req, &error);
  if (result == NULL)
    {
      reply_internal (req, error);
      return;
    }
  reply_ok_array (req, AC_EMU_MSG_UPDATE_OK, result);
}

/* ---------------------------------------------------------------------------------------- */
/* Applications, organizations, roles, resources */

static gboolean
query_int (Request    *req,
           const char *name,
           gint64      fallback,
           gint64      max,
           gint64     *out)
{
  const char *text = req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
  guint64 v;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, (guint64) max, &v, NULL))
    {
      reply_invalid (req, ac_emu_msg_expected (req->lang, name, AC_EMU_EXPECT_POSITIVE_INTEGER));
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

#define ALLOWED_APPS \
  " FROM applications a WHERE a.access_all = 1 OR EXISTS (SELECT 1 FROM app_access x" \
  " WHERE x.app_id = a.id AND (x.user_id = ?1" \
  " OR x.role_id IN (SELECT role_id FROM role_members WHERE user_id = ?1)" \
  " OR x.node_id IN (SELECT node_id FROM node_members WHERE user_id = ?1)))"

static void
handle_applications (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) count_stmt = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *data;
  JsonArray *list;
  gint64 page, limit, total = 0;

  if (!query_int (req, "page", 1, G_MAXINT32, &page) ||
      !query_int (req, "limit", 10, 1000, &limit))
    return;

  count_stmt = ac_emu_store_prepare (req->self->store, "SELECT COUNT(*)" ALLOWED_APPS, &error);
  stmt = count_stmt == NULL ? NULL :
    ac_emu_store_prepare (req->self->store,
                          "SELECT a.id, a.name, a.logo, a.identifier, a.description, a.created_at,"
                          " a.updated_at, a.protocol, a.app_type" ALLOWED_APPS
                          " ORDER BY a.position LIMIT ?2 OFFSET ?3", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (count_stmt, 1, req->user_id);
  if (sqlite3_step (count_stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (count_stmt, 0);

  ac_emu_bind_text (stmt, 1, req->user_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, (page - 1) * limit);
  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *app = json_object_new ();

      set_column_text (app, "id", stmt, 0);
      set_column_text (app, "name", stmt, 1);
      set_column_text (app, "logo", stmt, 2);
      set_column_text (app, "domain", stmt, 3);
      set_column_text (app, "identifier", stmt, 3);
      set_column_text (app, "description", stmt, 4);
      set_column_text (app, "createdAt", stmt, 5);
      set_column_text (app, "updatedAt", stmt, 6);
      set_column_text (app, "protocol", stmt, 7);
      json_object_set_boolean_member (app, "isIntegrate", FALSE);
      set_column_text (app, "appType", stmt, 8);
      json_object_set_null_member (app, "template");
      json_array_add_object_element (list, app);
    }

  data = json_object_new ();
  json_object_set_array_member (data, "list", list);
  json_object_set_int_member (data, "totalCount", total);
  reply_ok_object (req, AC_EMU_MSG_APPS_OK, data);
}

static JsonObject *
org_json (Request      *req,
          sqlite3_stmt *stmt,
          const char   *pool_id)
{
  /* columns: id, logo, tenant_id, root_node_id, created_at, updated_at */
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", "org");
  set_column_text (o, "id", stmt, 0);
  set_column_text (o, "createdAt", stmt, 4);
  set_column_text (o, "updatedAt", stmt, 5);
  set_string_or_null (o, "userPoolId", pool_id);
  set_column_text (o, "rootNodeId", stmt, 3);
  set_column_text (o, "logo", stmt, 1);
  set_column_text (o, "tenantId", stmt, 2);
  return o;
}

static JsonObject *
node_json (sqlite3_stmt *stmt,
           const char   *pool_id)
{
  /* columns: id, org_id, parent_id, name, code, description, leader_user_id, sort_order,
   * created_at, updated_at */
  JsonObject *n = json_object_new ();

  json_object_set_string_member (n, "type", "node");
  set_column_text (n, "id", stmt, 0);
  set_column_text (n, "createdAt", stmt, 8);
  set_column_text (n, "updatedAt", stmt, 9);
  set_string_or_null (n, "userPoolId", pool_id);
  set_column_text (n, "orgId", stmt, 1);
  set_column_text (n, "name", stmt, 3);
  json_object_set_null_member (n, "nameI18n");
  set_column_text (n, "description", stmt, 5);
  json_object_set_null_member (n, "descriptionI18n");
  if (sqlite3_column_type (stmt, 7) == SQLITE_NULL)
    json_object_set_null_member (n, "order");
  else
    json_object_set_int_member (n, "order", sqlite3_column_int64 (stmt, 7));
  set_column_text (n, "code", stmt, 4);
  set_column_text (n, "leaderUserId", stmt, 6);
  set_column_text (n, "parentId", stmt, 2);
  return n;
}

#define NODE_COLUMNS \
  "id, org_id, parent_id, name, code, description, leader_user_id, sort_order, created_at, updated_at"

static JsonArray *
org_path_json (Request     *req,
               const char  *node_id,
               const char  *pool_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) node_stmt = NULL;
  g_autoptr(sqlite3_stmt) org_stmt = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *current = g_strdup (node_id);
  g_autofree char *org_id = NULL;
  JsonArray *path;

  node_stmt = ac_emu_store_prepare (req->self->store, "SELECT " NODE_COLUMNS " FROM nodes WHERE id = ?", error);
  if (node_stmt == NULL)
    return NULL;
  /* walk up to the root (bounded, in case of a cycle) */
  for (guint depth = 0; current != NULL && depth < 256; depth++)
    {
      sqlite3_reset (node_stmt);
      ac_emu_bind_text (node_stmt, 1, current);
      if (sqlite3_step (node_stmt) != SQLITE_ROW)
        break;
      g_ptr_array_insert (chain, 0, node_json (node_stmt, pool_id));
      g_free (org_id);
      org_id = g_strdup (ac_emu_column_text (node_stmt, 1));
      g_free (current);
      current = g_strdup (ac_emu_column_text (node_stmt, 2));
    }

  org_stmt = ac_emu_store_prepare (req->self->store,
                                   "SELECT id, logo, tenant_id, root_node_id, created_at, updated_at"
                                   " FROM orgs WHERE id = ?", error);
  if (org_stmt == NULL)
    return NULL;
  ac_emu_bind_text (org_stmt, 1, org_id);
  if (sqlite3_step (org_stmt) != SQLITE_ROW)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0, "node %s has no organization", node_id);
      return NULL;
    }

  path = json_array_new ();
  json_array_add_object_element (path, org_json (req, org_stmt, pool_id));
  for (guint i = 0; i < chain->len; i++)
    json_array_add_object_element (path, json_object_ref (chain->pdata[i]));
  return path;
}

static void
handle_orgs (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) paths = json_array_new ();
  g_autofree char *pool_id = get_meta (req, "pool_id");
  const char *who = req->segments[4];

  if (g_strcmp0 (who, "me") != 0 && g_strcmp0 (who, req->user_id) != 0)
    {
      reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return;
    }

  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT m.node_id FROM node_members m JOIN nodes n ON n.id = m.node_id"
                               " JOIN orgs o ON o.id = n.org_id WHERE m.user_id = ?"
                               " ORDER BY o.position, n.position", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonArray *path = org_path_json (req, ac_emu_column_text (stmt, 0), pool_id, &error);

      if (path == NULL)
        {
          reply_internal (req, error);
          return;
        }
      json_array_add_array_element (paths, path);
    }
  reply_ok_array (req, AC_EMU_MSG_ORGS_OK, g_steal_pointer (&paths));
}

static void
handle_roles (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pool_id = get_meta (req, "pool_id");
  const char *ns = req->query != NULL ? g_hash_table_lookup (req->query, "namespace") : NULL;
  JsonArray *list;

  if (ns != NULL && *ns == '\0')
    ns = NULL;
  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT r.id, r.code, r.description, r.parent_code, r.is_system,"
                               " r.created_at, r.updated_at, ns.id, ns.code"
                               " FROM roles r JOIN role_members m ON m.role_id = r.id"
                               " JOIN namespaces ns ON ns.id = r.namespace_id"
                               " WHERE m.user_id = ?1 AND (?2 IS NULL OR ns.code = ?2"
                               " OR CAST(ns.id AS TEXT) = ?2) ORDER BY r.position", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  ac_emu_bind_text (stmt, 2, ns);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *role = json_object_new ();
      g_autofree char *arn = g_strdup_printf ("arn:cn:authing:%s:role:%s", pool_id,
                                              ac_emu_column_text (stmt, 0));

      set_column_text (role, "id", stmt, 0);
      set_column_text (role, "createdAt", stmt, 5);
      set_column_text (role, "updatedAt", stmt, 6);
      set_string_or_null (role, "userPoolId", pool_id);
      set_column_text (role, "code", stmt, 1);
      set_column_text (role, "description", stmt, 2);
      set_column_text (role, "parentCode", stmt, 3);
      json_object_set_boolean_member (role, "isSystem", sqlite3_column_int (stmt, 4) != 0);
      json_object_set_int_member (role, "namespaceId", sqlite3_column_int64 (stmt, 7));
      set_column_text (role, "namespace", stmt, 8);
      json_object_set_string_member (role, "arn", arn);
      json_array_add_object_element (list, role);
    }
  reply_ok_array (req, AC_EMU_MSG_OK, list);
}

static void
handle_resources (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *ns, *type;
  JsonArray *list;
  JsonObject *data;

  if (!body_string (req, "namespace", FALSE, &ns) ||
      !body_string (req, "resourceType", FALSE, &type))
    return;
  if (ns == NULL || *ns == '\0')
    ns = "default";
  if (type != NULL && *type == '\0')
    type = NULL;
  if (type != NULL && !ac_emu_is_resource_type (type))
    {
      reply_invalid (req, ac_emu_msg_expected (req->lang, "resourceType", AC_EMU_EXPECT_RESOURCE_TYPE));
      return;
    }

  stmt = ac_emu_store_prepare (req->self->store,
                               "SELECT r.id, r.code, r.type, r.api_identifier, g.actions"
                               " FROM resources r JOIN namespaces ns ON ns.id = r.namespace_id"
                               " JOIN grants g ON g.resource_id = r.id"
                               " WHERE ns.code = ?2 AND (?3 IS NULL OR r.type = ?3) AND ("
                               "  g.user_id = ?1"
                               "  OR g.role_id IN (SELECT m.role_id FROM role_members m"
                               "   JOIN roles ro ON ro.id = m.role_id"
                               "   WHERE m.user_id = ?1 AND ro.namespace_id = r.namespace_id)"
                               "  OR g.node_id IN (SELECT node_id FROM node_members WHERE user_id = ?1))"
                               " ORDER BY r.position, g.position", &error);
  if (stmt == NULL)
    {
      reply_internal (req, error);
      return;
    }
  ac_emu_bind_text (stmt, 1, req->user_id);
  ac_emu_bind_text (stmt, 2, ns);
  ac_emu_bind_text (stmt, 3, type);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(JsonNode) actions = parse_json_text (ac_emu_column_text (stmt, 4));
      JsonObject *item = g_hash_table_lookup (by_id, &id);
      JsonArray *merged;

      if (item == NULL)
        {
          item = json_object_new ();
          set_column_text (item, "code", stmt, 1);
          set_column_text (item, "type", stmt, 2);
          json_object_set_array_member (item, "actions", json_array_new ());
          set_column_text (item, "apiIdentifier", stmt, 3);
          json_array_add_object_element (list, item);
          g_array_append_val (ids, id);
          g_hash_table_insert (by_id, &g_array_index (ids, gint64, ids->len - 1), item);
        }
      merged = json_object_get_array_member (item, "actions");
      if (actions != NULL && JSON_NODE_HOLDS_ARRAY (actions))
        {
          JsonArray *a = json_node_get_array (actions);

          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              const char *action = json_array_get_string_element (a, i);
              g_autofree char *key = NULL;

              if (action == NULL)
                continue;
              key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", id, action);
              if (g_hash_table_add (seen, g_steal_pointer (&key)))
                json_array_add_string_element (merged, action);
            }
        }
    }

  data = json_object_new ();
  json_object_set_int_member (data, "totalCount", json_array_get_length (list));
  json_object_set_array_member (data, "list", list);
  reply_ok_object (req, AC_EMU_MSG_OK, data);
}

/* ---------------------------------------------------------------------------------------- */
/* GraphQL (/graphql/v2): the fixed documents of the JS SDK v4 (authing-api.md §7), recognised
 * by their root field and answered by the REST handlers above. Not a general GraphQL server:
 * selection sets are not applied (clients ignore extra fields). */

static JsonNode *
gql_reshape (Request  *req,
             JsonNode *data)
{
  switch (req->gql_shape)
    {
    case GQL_USER:
      if (JSON_NODE_HOLDS_OBJECT (data) && req->user_id != NULL)
        {
          JsonObject *user = json_node_get_object (data);
          JsonArray *custom = custom_values_json (req, NULL);

          json_object_set_array_member (user, "identities", json_array_new ());
          if (custom != NULL)
            json_object_set_array_member (user, "customData", custom);
        }
      return data;

    case GQL_TOKEN:
      if (JSON_NODE_HOLDS_OBJECT (data))
        {
          JsonObject *user = json_node_get_object (data);
          JsonObject *token = json_object_new ();
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_object_set_member (token, "token", json_node_copy (json_object_get_member (user, "token")));
          json_object_set_member (token, "iat", json_node_copy (json_object_get_member (user, "iat")));
          json_object_set_member (token, "exp", json_node_copy (json_object_get_member (user, "exp")));
          json_node_take_object (node, token);
          json_node_unref (data);
          return node;
        }
      return data;

    case GQL_USER_ROLES:
      if (JSON_NODE_HOLDS_ARRAY (data))
        {
          JsonArray *list = json_node_get_array (data);
          JsonObject *roles = json_object_new ();
          JsonObject *user = json_object_new ();
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          for (guint i = 0; i < json_array_get_length (list); i++)
            json_object_set_null_member (json_array_get_object_element (list, i), "parent");
          json_object_set_int_member (roles, "totalCount", json_array_get_length (list));
          json_object_set_member (roles, "list", data);
          json_object_set_object_member (user, "roles", roles);
          json_node_take_object (node, user);
          return node;
        }
      return data;

    case GQL_USER_RESOURCES:
      {
        JsonObject *user = json_object_new ();
        JsonNode *node = json_node_new (JSON_NODE_OBJECT);

        json_object_set_member (user, "authorizedResources", data);
        json_node_take_object (node, user);
        return node;
      }

    case GQL_AS_IS:
    default:
      return data;
    }
}

/* Replaces the request body (takes the object) */
static void
set_body (Request    *req,
          JsonObject *body)
{
  g_clear_pointer (&req->body_node, json_node_unref);
  req->body_node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (req->body_node, body);
  req->body = body;
}

static char *
gql_root_field (const char *query)
{
  const char *p = strchr (query, '{');
  const char *start;

  if (p == NULL)
    return NULL;
  p++;
  while (g_ascii_isspace (*p) || *p == ',')
    p++;
  start = p;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  if (p == start || g_ascii_isdigit (*start))
    return NULL;
  return g_strndup (start, p - start);
}

static JsonNode *
gql_var (JsonObject *vars,
         const char *name)
{
  JsonNode *node = vars != NULL ? json_object_get_member (vars, name) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static const char *
gql_string (JsonObject *vars,
            const char *name)
{
  return vars != NULL ? ac_emu_json_get_string (vars, name) : NULL;
}

static void
copy_string_member (JsonObject *to,
                    const char *to_name,
                    JsonObject *from,
                    const char *from_name)
{
  JsonNode *node = from != NULL ? json_object_get_member (from, from_name) : NULL;

  if (node != NULL)
    json_object_set_member (to, to_name, json_node_copy (node));
}

/* A udv value arrives as JSON text (JSON.stringify in the SDK); plain text is a string */
static JsonNode *
parse_udv_value (JsonNode *value)
{
  const char *text;
  JsonNode *parsed;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);
  text = json_node_get_string (value);
  parsed = ac_emu_json_depth_ok (text, strlen (text), MAX_JSON_DEPTH) ? parse_json_text (text) : NULL;
  return parsed != NULL ? parsed : json_node_copy (value);
}

static gboolean
gql_require_self (Request    *req,
                  JsonObject *vars,
                  const char *name)
{
  const char *id = gql_string (vars, name);

  if (!authenticate (req))
    {
      reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return FALSE;
    }
  if (id != NULL && *id != '\0' && g_strcmp0 (id, req->user_id) != 0)
    {
      reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return FALSE;
    }
  return TRUE;
}

static void
gql_check_login_status (Request    *req,
                        JsonObject *vars)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token = gql_string (vars, "token");
  JsonObject *data = json_object_new ();

  if (token == NULL && auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    token = auth + 7;
  if (token != NULL &&
      ac_emu_token_verify (req->self->store, token, &req->user_id, &req->jti,
                           &req->token_iat, &req->token_exp))
    {
      g_autofree char *pool_id = get_meta (req, "pool_id");
      g_autofree char *arn = g_strdup_printf ("arn:cn:authing:%s:user:%s", pool_id, req->user_id);
      JsonObject *who = json_object_new ();

      json_object_set_int_member (data, "code", 200);
      json_object_set_string_member (data, "message", ac_emu_message (AC_EMU_MSG_LOGGED_IN, req->lang));
      json_object_set_boolean_member (data, "status", TRUE);
      json_object_set_int_member (data, "exp", req->token_exp);
      json_object_set_int_member (data, "iat", req->token_iat);
      json_object_set_string_member (who, "id", req->user_id);
      set_string_or_null (who, "userPoolId", pool_id);
      json_object_set_string_member (who, "arn", arn);
      json_object_set_object_member (data, "data", who);
    }
  else
    {
      json_object_set_int_member (data, "code", 2206);
      json_object_set_string_member (data, "message", ac_emu_message (AC_EMU_MSG_LOGIN_EXPIRED, req->lang));
      json_object_set_boolean_member (data, "status", FALSE);
      json_object_set_null_member (data, "exp");
      json_object_set_null_member (data, "iat");
      json_object_set_null_member (data, "data");
    }
  reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_graphql (Request *req)
{
  JsonNode *vars_node = json_object_get_member (req->body, "variables");
  JsonObject *vars = vars_node != NULL && JSON_NODE_HOLDS_OBJECT (vars_node)
    ? json_object_ref (json_node_get_object (vars_node)) : json_object_new ();
  g_autoptr(JsonObject) vars_owned = vars;
  g_autofree char *query = g_strdup (ac_emu_json_get_string (req->body, "query"));
  g_autofree char *field = query != NULL ? gql_root_field (query) : NULL;

  if (field == NULL)
    {
      req->gql_field = g_strdup ("query");
      reply_invalid (req, ac_emu_msg_required (req->lang, "query"));
      return;
    }
  req->gql_field = g_strdup (field);

  if (g_str_equal (field, "loginByUsername") || g_str_equal (field, "loginByEmail") ||
      g_str_equal (field, "loginByPhonePassword"))
    {
      JsonNode *input_node = gql_var (vars, "input");
      JsonObject *input = input_node != NULL && JSON_NODE_HOLDS_OBJECT (input_node)
        ? json_node_get_object (input_node) : NULL;
      JsonObject *body = json_object_new ();
      const char *account_key = g_str_equal (field, "loginByUsername") ? "username"
                              : g_str_equal (field, "loginByEmail") ? "email" : "phone";

      copy_string_member (body, "account", input, account_key);
      copy_string_member (body, "password", input, "password");
      set_body (req, body);
      req->gql_shape = GQL_USER;
      handle_login (req);
    }
  else if (g_str_equal (field, "user"))
    {
      if (!gql_require_self (req, vars, "id"))
        return;
      if (strstr (query, "authorizedResources") != NULL)
        {
          JsonObject *body = json_object_new ();

          copy_string_member (body, "namespace", vars, "namespace");
          copy_string_member (body, "resourceType", vars, "resourceType");
          set_body (req, body);
          req->gql_shape = GQL_USER_RESOURCES;
          handle_resources (req);
        }
      else if (strstr (query, "roles") != NULL)
        {
          const char *ns = gql_string (vars, "namespace");

          g_clear_pointer (&req->query, g_hash_table_unref);
          req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          if (ns != NULL)
            g_hash_table_insert (req->query, g_strdup ("namespace"), g_strdup (ns));
          req->gql_shape = GQL_USER_ROLES;
          handle_roles (req);
        }
      else
        {
          req->gql_shape = GQL_USER;
          handle_me (req);
        }
    }
  else if (g_str_equal (field, "updateUser"))
    {
      JsonNode *input = gql_var (vars, "input");

      if (!gql_require_self (req, vars, "id"))
        return;
      if (input == NULL || !JSON_NODE_HOLDS_OBJECT (input))
        {
          reply_invalid (req, ac_emu_msg_expected (req->lang, "input", AC_EMU_EXPECT_OBJECT));
          return;
        }
      set_body (req, json_object_ref (json_node_get_object (input)));
      handle_profile_update (req);
    }
  else if (g_str_equal (field, "refreshToken"))
    {
      if (!gql_require_self (req, vars, "id"))
        return;
      req->gql_shape = GQL_TOKEN;
      handle_refresh_token (req);
    }
  else if (g_str_equal (field, "udv"))
    {
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (!gql_require_self (req, vars, "targetId") ||
          !check_target (req, gql_string (vars, "targetType"), NULL))
        return;
      array = custom_values_json (req, &error);
      if (array == NULL)
        reply_internal (req, error);
      else
        reply_ok_array (req, AC_EMU_MSG_OK, array);
    }
  else if (g_str_equal (field, "setUdvBatch") || g_str_equal (field, "setUdv") ||
           g_str_equal (field, "removeUdv"))
    {
      JsonObject *body = json_object_new ();
      JsonArray *udfs = json_array_new ();

      json_object_set_array_member (body, "udfs", udfs);
      set_body (req, body);
      if (!gql_require_self (req, vars, "targetId") ||
          !check_target (req, gql_string (vars, "targetType"), NULL))
        return;
      if (g_str_equal (field, "setUdvBatch"))
        {
          JsonNode *list_node = gql_var (vars, "udvList");
          JsonArray *list = list_node != NULL && JSON_NODE_HOLDS_ARRAY (list_node)
            ? json_node_get_array (list_node) : NULL;

          if (list == NULL)
            {
              reply_invalid (req, ac_emu_msg_expected (req->lang, "udvList", AC_EMU_EXPECT_ARRAY));
              return;
            }
          for (guint i = 0; i < json_array_get_length (list); i++)
            {
              JsonNode *item_node = json_array_get_element (list, i);
              JsonObject *item = JSON_NODE_HOLDS_OBJECT (item_node) ? json_node_get_object (item_node) : NULL;
              JsonObject *udf = json_object_new ();

              copy_string_member (udf, "definition", item, "key");
              if (item != NULL && json_object_has_member (item, "value"))
                json_object_set_member (udf, "value", parse_udv_value (json_object_get_member (item, "value")));
              json_array_add_object_element (udfs, udf);
            }
        }
      else
        {
          JsonObject *udf = json_object_new ();

          copy_string_member (udf, "definition", vars, "key");
          if (g_str_equal (field, "removeUdv"))
            json_object_set_null_member (udf, "value");
          else if (json_object_has_member (vars, "value"))
            json_object_set_member (udf, "value", parse_udv_value (json_object_get_member (vars, "value")));
          json_array_add_object_element (udfs, udf);
        }
      handle_udfs_values_set (req);
    }
  else if (g_str_equal (field, "checkLoginStatus"))
    {
      gql_check_login_status (req, vars);
    }
  else
    {
      reply_invalid (req, g_strdup_printf ("%s: %s", field,
                                           ac_emu_message (AC_EMU_MSG_UNSUPPORTED_OPERATION, req->lang)));
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Upload */

static const char *
image_extension (const guint8 *data,
                 gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };

  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "png";
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpg";
  if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "gif";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

static void
handle_upload (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  GBytes *file = NULL;
  const char *ext;
  JsonObject *data;
  int n;

  body = soup_message_body_flatten (request_body);
  multipart = soup_multipart_new_from_message (headers, body);
  if (multipart == NULL)
    {
      reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_MULTIPART);
      return;
    }
  n = soup_multipart_get_length (multipart);
  for (int i = 0; i < n && file == NULL; i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *disposition = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (soup_message_headers_get_content_disposition (part_headers, &disposition, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        file = part_body;
    }
  if (file == NULL)
    {
      reply_invalid (req, g_strdup (ac_emu_message (AC_EMU_MSG_NO_FILE_PART, req->lang)));
      return;
    }
  if (g_bytes_get_size (file) > UPLOAD_FILE_LIMIT)
    {
      reply_http_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
      return;
    }
  ext = image_extension (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  if (ext == NULL)
    {
      reply_invalid (req, g_strdup (ac_emu_message (AC_EMU_MSG_NOT_AN_IMAGE, req->lang)));
      return;
    }

  /* The name is ours alone; the client's file name and folder never reach the disk. */
  dir = g_build_filename (ac_emu_store_get_data_dir (req->self->store), "uploads", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      reply_internal (req, NULL);
      return;
    }
  {
    g_autofree char *hex = ac_emu_random_hex (12);
    name = g_strdup_printf ("%s.%s", hex, ext);
  }
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (file, NULL), (gssize) g_bytes_get_size (file),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      reply_internal (req, error);
      return;
    }

  base = request_base_url (req);
  url = g_strdup_printf ("%s/files/%s", base, name);
  data = json_object_new ();
  json_object_set_string_member (data, "key", name);
  json_object_set_string_member (data, "url", url);
  reply_ok_object (req, AC_EMU_MSG_UPLOAD_OK, data);
}

static gboolean
is_upload_name (const char *name)
{
  const char *dot = strchr (name, '.');

  if (dot == NULL || dot - name != 24)
    return FALSE;
  for (const char *p = name; p < dot; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return g_str_equal (dot, ".png") || g_str_equal (dot, ".jpg") ||
         g_str_equal (dot, ".gif") || g_str_equal (dot, ".webp");
}

static void
handle_file (Request *req)
{
  const char *name = req->segments[2];
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *type;

  if (!is_upload_name (name))
    {
      reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
      return;
    }
  path = g_build_filename (ac_emu_store_get_data_dir (req->self->store), "uploads", name, NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
      return;
    }
  type = g_str_has_suffix (name, ".png") ? "image/png"
       : g_str_has_suffix (name, ".jpg") ? "image/jpeg"
       : g_str_has_suffix (name, ".gif") ? "image/gif" : "image/webp";
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "public, max-age=31536000, immutable");
  soup_server_message_set_response (req->msg, type, SOUP_MEMORY_TAKE, g_steal_pointer (&contents), len);
}

/* ---------------------------------------------------------------------------------------- */
/* Routing */

static const Route routes[] = {
  { "GET", "/api/v2/.well-known", BODY_NONE, FALSE, handle_well_known },
  { "GET", "/api/v2/applications/*/public-config", BODY_NONE, FALSE, handle_public_config },
  { "POST", "/api/v2/login/account", BODY_JSON, FALSE, handle_login },
  { "GET", "/api/v2/logout", BODY_NONE, FALSE, handle_logout },
  { "GET", "/logout", BODY_NONE, FALSE, handle_logout },   /* JS SDK logoutCurrent() */
  { "GET", "/api/v2/users/me", BODY_NONE, TRUE, handle_me },
  { "POST", "/api/v2/users/refresh-token", BODY_JSON, TRUE, handle_refresh_token },
  { "POST", "/api/v2/users/profile/update", BODY_JSON, TRUE, handle_profile_update },
  { "GET", "/api/v2/users/me/security-level", BODY_NONE, TRUE, handle_security_level },
  { "DELETE", "/api/v2/users/delete", BODY_NONE, TRUE, handle_delete },
  { "POST", "/api/v2/udvs/get", BODY_JSON, TRUE, handle_udvs_get },
  { "GET", "/api/v2/udfs/values", BODY_NONE, TRUE, handle_udfs_values_get },
  { "POST", "/api/v2/udfs/values", BODY_JSON, TRUE, handle_udfs_values_set },
  { "GET", "/api/v2/users/me/applications/allowed", BODY_NONE, TRUE, handle_applications },
  { "GET", "/api/v2/users/*/orgs", BODY_NONE, TRUE, handle_orgs },
  { "GET", "/api/v2/users/me/roles", BODY_NONE, TRUE, handle_roles },
  { "POST", "/api/v2/users/resource/authorized", BODY_JSON, TRUE, handle_resources },
  { "POST", "/api/v2/upload", BODY_MULTIPART, FALSE, handle_upload },
  { "GET", "/files/*", BODY_NONE, FALSE, handle_file },
  { "POST", "/graphql/v2", BODY_JSON, FALSE, handle_graphql },
};

static gboolean
pattern_matches (const char  *pattern,
                 char       **segments)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
  guint n = g_strv_length (parts);

  if (g_strv_length (segments) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (parts[i], "*"))
        {
          if (*segments[i] == '\0')
            return FALSE;
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  return TRUE;
}

static gsize
body_limit (BodyKind kind)
{
  return kind == BODY_MULTIPART ? UPLOAD_BODY_LIMIT : JSON_BODY_LIMIT;
}

/* Parses the JSON body of a route. An empty body counts as {} (curl -X POST). */
static gboolean
read_json_body (Request *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize len = g_bytes_get_size (bytes);
  JsonNode *root;

  if (len == 0)
    {
      req->body_node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (req->body_node, json_object_new ());
      req->body = json_node_get_object (req->body_node);
      return TRUE;
    }
  if (type == NULL ||
      (g_ascii_strcasecmp (type, "application/json") != 0 && !g_str_has_suffix (type, "+json")))
    {
      reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_CONTENT_TYPE);
      return FALSE;
    }
  if (!ac_emu_json_depth_ok (data, len, MAX_JSON_DEPTH) ||
      !g_utf8_validate (data, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    {
      reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_JSON);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_NOT_OBJECT);
      return FALSE;
    }
  req->body_node = json_node_copy (root);
  req->body = json_node_get_object (req->body_node);
  return TRUE;
}

static void
dispatch (Request *req)
{
  const char *method = soup_server_message_get_method (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GString) allowed = g_string_new (NULL);
  const Route *route = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!pattern_matches (routes[i].pattern, req->segments))
        continue;
      if (g_str_equal (routes[i].method, method) ||
          (g_str_equal (method, "HEAD") && g_str_equal (routes[i].method, "GET") &&
           routes[i].func != handle_logout))
        {
          route = &routes[i];
          break;
        }
      if (allowed->len > 0)
        g_string_append (allowed, ", ");
      g_string_append (allowed, routes[i].method);
    }

  if (route == NULL)
    {
      if (allowed->len > 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", allowed->str);
          reply_http_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, AC_EMU_MSG_METHOD_NOT_ALLOWED);
        }
      else
        reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
      return;
    }

  if (body->length > (goffset) body_limit (route->body))
    {
      reply_http_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
      return;
    }
  if (route->body == BODY_JSON && !read_json_body (req))
    return;
  if (route->body == BODY_MULTIPART)
    {
      const char *type = soup_message_headers_get_content_type (
        soup_server_message_get_request_headers (req->msg), NULL);

      if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
        {
          reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_MULTIPART);
          return;
        }
    }
  if (route->auth && !authenticate (req))
    {
      reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return;
    }
  route->func (req);
}

/* ---------------------------------------------------------------------------------------- */
/* Faults and latency */

/* Returns TRUE when the connection was taken away from libsoup */
static gboolean
inject_failure (AcEmuServer       *self,
                SoupServerMessage *msg,
                Request           *req)
{
  AcEmuFailKind kind = self->options.fail_kind;

  if (kind == AC_EMU_FAIL_MIXED)
    kind = (AcEmuFailKind) g_random_int_range (AC_EMU_FAIL_500, AC_EMU_FAIL_MALFORMED + 1);

  switch (kind)
    {
    case AC_EMU_FAIL_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

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
      reply_http_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, AC_EMU_MSG_INJECTED);
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
         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  gboolean stolen = FALSE;
  Request req = { 0, };

  req.self = self;
  req.msg = msg;
  req.lang = ac_emu_lang_from_header (soup_message_headers_get_one (headers, "x-authing-lang"));
  req.path = uri != NULL ? g_uri_get_path (uri) : "/";
  req.segments = g_strsplit (req.path != NULL ? req.path : "", "/", -1);
  req.query = query != NULL ? soup_form_decode (query) : NULL;

  /* CORS, so that the JS SDK also works from a web page (cookies included) */
  if (add_cors_headers (msg))
    stolen = FALSE;
  /* Injected failures are decided before anything touches the database. */
  else if (self->options.fail_rate > 0 && g_random_double () < self->options.fail_rate)
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

typedef struct
{
  AcEmuServer *self;
  SoupServerMessage *msg;
  gboolean finished;
  gulong finished_id;
} Delayed;

static void
delayed_finished_cb (SoupServerMessage *msg,
                     Delayed           *delayed)
{
  delayed->finished = TRUE;
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  if (!delayed->finished)
    {
      if (!process (delayed->self, delayed->msg))
        soup_server_message_unpause (delayed->msg);
    }
  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
request_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  AcEmuServer *self = user_data;

  g_debug ("%s %s received", soup_server_message_get_method (msg), path);
  if (self->options.latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), delayed);
      soup_server_message_pause (msg);
      g_timeout_add (self->options.latency_ms, delayed_cb, delayed);
      return;
    }
  process (self, msg);
}

/* Refuses oversized bodies from their Content-Length, before they are read. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gsize limit = g_str_has_prefix (path, "/api/v2/upload") ? UPLOAD_BODY_LIMIT : JSON_BODY_LIMIT;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) limit)
    {
      Request req = { 0, };

      req.self = user_data;
      req.msg = msg;
      req.lang = ac_emu_lang_from_header (soup_message_headers_get_one (headers, "x-authing-lang"));
      req.path = path;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      reply_http_error (&req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
    }
}

/* ---------------------------------------------------------------------------------------- */

static void
ac_emu_server_dispose (GObject *object)
{
  AcEmuServer *self = AC_EMU_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ac_emu_server_parent_class)->dispose (object);
}

static void
ac_emu_server_finalize (GObject *object)
{
  AcEmuServer *self = AC_EMU_SERVER (object);

  g_free (self->base_url);

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
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, request_cb, self, NULL);
  return self;
}

gboolean
ac_emu_server_listen (AcEmuServer   *self,
                      GInetAddress  *address,
                      guint          port,
                      GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, (guint16) port);
  g_autoptr(GSList) uris = NULL;
  g_autofree char *host = NULL;
  GUri *uri;

  g_return_val_if_fail (AC_EMU_IS_SERVER (self), FALSE);

  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no listening address");
      return FALSE;
    }
  uri = uris->data;
  host = g_strdup (g_uri_get_host (uri));
  if (strchr (host, ':') != NULL)
    self->base_url = g_strdup_printf ("http://[%s]:%d", host, g_uri_get_port (uri));
  else
    self->base_url = g_strdup_printf ("http://%s:%d", host, g_uri_get_port (uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
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
}
