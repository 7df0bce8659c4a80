/* ac-emu-graphql.c: POST /graphql/v2, the fixed documents of the JS SDK v4 (authing-api.md §7)
 *
 * Recognised by their root field and answered by the REST handlers of the route files. Not a
 * general GraphQL server: selection sets are not applied (clients ignore extra fields).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <string.h>

#include "ac-emu-json.h"
#include "ac-emu-server-private.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

static JsonNode *
gql_reshape (AcEmuRequest *req,
             JsonNode     *data)
{
  switch (req->gql_shape)
    {
    case AC_EMU_GQL_USER:
      if (JSON_NODE_HOLDS_OBJECT (data) && req->user_id != NULL)
        {
          JsonObject *user = json_node_get_object (data);
          JsonArray *custom = _ac_emu_custom_values_json (req, NULL);

          json_object_set_array_member (user, "identities", json_array_new ());
          if (custom != NULL)
            json_object_set_array_member (user, "customData", custom);
        }
      return data;

    case AC_EMU_GQL_TOKEN:
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

    case AC_EMU_GQL_USER_ROLES:
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

    case AC_EMU_GQL_USER_RESOURCES:
      {
        JsonObject *user = json_object_new ();
        JsonNode *node = json_node_new (JSON_NODE_OBJECT);

        json_object_set_member (user, "authorizedResources", data);
        json_node_take_object (node, user);
        return node;
      }

    case AC_EMU_GQL_AS_IS:
    default:
      return data;
    }
}

/* GraphQL answers (authing-api.md §3): {"data": {field: ...}}, or errors whose `message` is
 * itself an object {code, message, data}. Takes ownership of data. */
void
_ac_emu_graphql_reply (AcEmuRequest *req,
                       guint         status,
                       int           code,
                       const char   *message,
                       JsonNode     *data)
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

      json_object_set_int_member (inner, "code", code);
      json_object_set_string_member (inner, "message", message);
      /* an error's data (1635's mfaToken) reaches the SDK as the thrown error's `data` */
      json_object_set_member (inner, "data", data != NULL ? data : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (error, "message", inner);
      json_object_set_array_member (error, "locations", json_array_new ());
      json_array_add_object_element (errors, error);
      json_object_set_array_member (answer, "errors", errors);
      json_object_set_null_member (answer, "data");
    }
  json_node_set_object (root, answer);
  _ac_emu_reply_json (req, status, root);
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
  parsed = ac_emu_json_parse_strict (text, strlen (text), AC_EMU_MAX_JSON_DEPTH, NULL);
  return parsed != NULL ? parsed : json_node_copy (value);
}

static gboolean
gql_require_self (AcEmuRequest *req,
                  JsonObject   *vars,
                  const char   *name)
{
  const char *id = gql_string (vars, name);

  if (!_ac_emu_authenticate (req))
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return FALSE;
    }
  if (!_ac_emu_check_key (req, name, id))
    return FALSE;
  if (id != NULL && *id != '\0' && g_strcmp0 (id, req->user_id) != 0)
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return FALSE;
    }
  return TRUE;
}

static void
gql_check_login_status (AcEmuRequest *req,
                        JsonObject   *vars)
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
      g_autofree char *pool_id = _ac_emu_get_meta (req, "pool_id");
      g_autofree char *arn = g_strdup_printf ("arn:cn:authing:%s:user:%s", pool_id, req->user_id);
      JsonObject *who = json_object_new ();

      json_object_set_int_member (data, "code", 200);
      json_object_set_string_member (data, "message", ac_emu_message (AC_EMU_MSG_LOGGED_IN, req->lang));
      json_object_set_boolean_member (data, "status", TRUE);
      json_object_set_int_member (data, "exp", req->token_exp);
      json_object_set_int_member (data, "iat", req->token_iat);
      json_object_set_string_member (who, "id", req->user_id);
      ac_emu_json_set_string_or_null (who, "userPoolId", pool_id);
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
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_graphql (AcEmuRequest *req)
{
  JsonNode *vars_node = json_object_get_member (req->body, "variables");
  g_autoptr(JsonObject) vars = vars_node != NULL && JSON_NODE_HOLDS_OBJECT (vars_node)
    ? json_object_ref (json_node_get_object (vars_node)) : json_object_new ();
  g_autofree char *query = g_strdup (ac_emu_json_get_string (req->body, "query"));
  g_autofree char *field = query != NULL ? gql_root_field (query) : NULL;

  if (field == NULL)
    {
      req->gql_field = g_strdup ("query");
      _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, "query"));
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
      _ac_emu_request_set_body (req, body);
      req->gql_shape = AC_EMU_GQL_USER;
      _ac_emu_handle_login (req);
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
          _ac_emu_request_set_body (req, body);
          req->gql_shape = AC_EMU_GQL_USER_RESOURCES;
          _ac_emu_handle_resources (req);
        }
      else if (strstr (query, "roles") != NULL)
        {
          const char *ns = gql_string (vars, "namespace");

          g_clear_pointer (&req->query, g_hash_table_unref);
          req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          if (ns != NULL)
            g_hash_table_insert (req->query, g_strdup ("namespace"), g_strdup (ns));
          req->gql_shape = AC_EMU_GQL_USER_ROLES;
          _ac_emu_handle_roles (req);
        }
      else
        {
          req->gql_shape = AC_EMU_GQL_USER;
          _ac_emu_handle_me (req);
        }
    }
  else if (g_str_equal (field, "updateUser"))
    {
      JsonNode *input = gql_var (vars, "input");

      if (!gql_require_self (req, vars, "id"))
        return;
      if (input == NULL || !JSON_NODE_HOLDS_OBJECT (input))
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "input", AC_EMU_EXPECT_OBJECT));
          return;
        }
      _ac_emu_request_set_body (req, json_object_ref (json_node_get_object (input)));
      _ac_emu_handle_profile_update (req);
    }
  else if (g_str_equal (field, "refreshToken"))
    {
      if (!gql_require_self (req, vars, "id"))
        return;
      req->gql_shape = AC_EMU_GQL_TOKEN;
      _ac_emu_handle_refresh_token (req);
    }
  else if (g_str_equal (field, "udv"))
    {
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (!gql_require_self (req, vars, "targetId") ||
          !_ac_emu_check_target (req, gql_string (vars, "targetType"), NULL))
        return;
      array = _ac_emu_custom_values_json (req, &error);
      if (array == NULL)
        _ac_emu_reply_internal (req, error);
      else
        _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, array);
    }
  else if (g_str_equal (field, "setUdvBatch") || g_str_equal (field, "setUdv") ||
           g_str_equal (field, "removeUdv"))
    {
      JsonObject *body = json_object_new ();
      JsonArray *udfs = json_array_new ();

      json_object_set_array_member (body, "udfs", udfs);
      _ac_emu_request_set_body (req, body);
      if (!gql_require_self (req, vars, "targetId") ||
          !_ac_emu_check_target (req, gql_string (vars, "targetType"), NULL))
        return;
      if (g_str_equal (field, "setUdvBatch"))
        {
          JsonNode *list_node = gql_var (vars, "udvList");
          JsonArray *list = list_node != NULL && JSON_NODE_HOLDS_ARRAY (list_node)
            ? json_node_get_array (list_node) : NULL;

          if (list == NULL)
            {
              _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "udvList", AC_EMU_EXPECT_ARRAY));
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
      _ac_emu_handle_udfs_values_set (req);
    }
  else if (g_str_equal (field, "checkLoginStatus"))
    {
      gql_check_login_status (req, vars);
    }
  else
    {
      _ac_emu_reply_invalid (req, g_strdup_printf ("%s: %s", field,
                                           ac_emu_message (AC_EMU_MSG_UNSUPPORTED_OPERATION, req->lang)));
    }
}

static const AcEmuRoute routes[] = {
  { "POST", "/graphql/v2", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_graphql },
};

void
_ac_emu_graphql_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
