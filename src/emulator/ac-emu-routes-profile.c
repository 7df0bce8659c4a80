/* ac-emu-routes-profile.c: the current user, their profile, custom fields (udvs/udfs),
 * avatar upload and the uploaded files, account deletion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ac-emu-crypto.h"
#include "ac-emu-security-private.h"
#include "ac-emu-server-private.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

/* ---------------------------------------------------------------------------------------- */
/* The user */

JsonObject *
_ac_emu_user_json (AcEmuRequest  *req,
                   const char    *token,
                   gint64         token_exp,
                   GError       **error)
{
  JsonObject *u = ac_emu_store_user_json (req->self->store, req->user_id, error);

  if (u != NULL && token != NULL)
    {
      g_autofree char *expires = ac_emu_time_iso (token_exp);

      json_object_set_string_member (u, "token", token);
      json_object_set_string_member (u, "tokenExpiredAt", expires);
    }
  return u;
}

void
_ac_emu_reply_user (AcEmuRequest *req,
                    AcEmuMsg      message,
                    const char   *token,
                    gint64        token_exp)
{
  g_autoptr(GError) error = NULL;
  JsonObject *u = _ac_emu_user_json (req, token, token_exp, &error);

  if (u == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_object (req, message, u);
}

void
_ac_emu_handle_me (AcEmuRequest *req)
{
  _ac_emu_reply_user (req, AC_EMU_MSG_OK, req->token, req->token_exp);
}

void
_ac_emu_handle_profile_update (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = json_object_get_members (req->body);
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
          _ac_emu_reply_invalid (req, ac_emu_msg_field_not_allowed (req->lang, key));
          return;
        }
      if (!ac_emu_profile_field_is_known (key))
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_unknown_field (req->lang, key));
          return;
        }
      if (!ac_emu_profile_value_is_valid (key, json_object_get_member (req->body, key), &expect))
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, key, expect));
          return;
        }
    }
  new_username = ac_emu_json_get_string (req->body, "username");
  if (!_ac_emu_check_key (req, "username", new_username))
    return;

  if (!ac_emu_store_begin (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (new_username != NULL)
    {
      g_autofree char *username = NULL, *email = NULL, *phone = NULL;
      gboolean in_use = FALSE;

      /* Login matches the username, the e-mail and the phone: a username that is another
       * account's e-mail or phone would take over that account's sign-in. */
      if (!ac_emu_store_identifier_in_use (store, new_username, req->user_id, &in_use, &error) ||
          !ac_emu_store_user_identifiers (store, req->user_id, &username, &email, &phone, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
      if (in_use)
        {
          ac_emu_store_rollback (store);
          _ac_emu_reply_error (req, 2026, AC_EMU_MSG_USERNAME_TAKEN);
          return;
        }
      /* ... nor may it claim an e-mail address or phone number that is not the user's own */
      if (g_strcmp0 (new_username, username) != 0 &&
          !ac_emu_username_allowed (new_username, email, phone))
        {
          ac_emu_store_rollback (store);
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "username", AC_EMU_EXPECT_USERNAME));
          return;
        }
    }

  profile_node = ac_emu_store_get_profile (store, req->user_id, &error);
  if (profile_node == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
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

  if (!ac_emu_store_update_profile (store, req->user_id, profile_text, new_username, now, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_user (req, AC_EMU_MSG_UPDATE_OK, req->token, req->token_exp);
}

static void
handle_delete (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;

  /* A phoneCode or emailCode parameter confirms the deletion (ac-emu-routes-security.c) */
  if (!_ac_emu_sec_check_delete (req))
    return;
  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_token_revoke_user (store, req->user_id, &error) ||
      !ac_emu_store_delete_user (store, req->user_id, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok (req, AC_EMU_MSG_DELETE_OK, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Custom data */

/* Every defined field in definition order (unset ones with value ""), or for GraphQL only
 * the fields that have a value: the JS SDK JSON.parse()s NUMBER, BOOLEAN and OBJECT values. */
JsonArray *
_ac_emu_custom_values_json (AcEmuRequest  *req,
                            GError       **error)
{
  return ac_emu_store_custom_values_json (req->self->store, req->user_id,
                                          req->gql_field != NULL, error);
}

gboolean
_ac_emu_check_target (AcEmuRequest *req,
                      const char   *target_type,
                      const char   *target_id)
{
  if (!_ac_emu_check_key (req, "targetType", target_type) ||
      !_ac_emu_check_key (req, "targetId", target_id))
    return FALSE;
  if (target_type != NULL && g_strcmp0 (target_type, "USER") != 0)
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "targetType", AC_EMU_EXPECT_TARGET_USER));
      return FALSE;
    }
  if (target_id != NULL && *target_id != '\0' && g_strcmp0 (target_id, req->user_id) != 0)
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return FALSE;
    }
  return TRUE;
}

static void
handle_udvs_get (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *target_type, *target_id;
  JsonArray *array;

  if (!_ac_emu_body_string (req, "targetType", FALSE, &target_type) ||
      !_ac_emu_body_string (req, "targetId", FALSE, &target_id) ||
      !_ac_emu_check_target (req, target_type, target_id))
    return;
  array = _ac_emu_custom_values_json (req, &error);
  if (array == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  /* a bare array, not an envelope (authing-api.md §6.4) */
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, array);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, root);
}

static void
handle_udfs_values_get (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!_ac_emu_check_target (req, _ac_emu_query_get (req, "targetType"),
                             _ac_emu_query_get (req, "targetId")))
    return;
  array = _ac_emu_custom_values_json (req, &error);
  if (array == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, array);
}

void
_ac_emu_handle_udfs_values_set (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) wires = g_ptr_array_new_with_free_func (g_free);
  JsonNode *udfs_node = json_object_get_member (req->body, "udfs");
  const char *target_type, *target_id;
  JsonArray *udfs, *result;
  guint n;

  if (!_ac_emu_body_string (req, "targetType", FALSE, &target_type) ||
      !_ac_emu_body_string (req, "targetId", FALSE, &target_id) ||
      !_ac_emu_check_target (req, target_type, target_id))
    return;
  if (udfs_node == NULL || JSON_NODE_HOLDS_NULL (udfs_node))
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, "udfs"));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (udfs_node))
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "udfs", AC_EMU_EXPECT_ARRAY));
      return;
    }
  udfs = json_node_get_array (udfs_node);
  n = json_array_get_length (udfs);

  /* Check the whole batch first: nothing changes on any error */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item_node = json_array_get_element (udfs, i);
      g_autofree char *item_path = g_strdup_printf ("udfs[%u]", i);
      g_autoptr(JsonNode) options = NULL;
      g_autofree char *wire = NULL;
      g_autofree char *choices = NULL;
      g_autofree char *data_type = NULL;
      gboolean found = FALSE;
      JsonObject *item;
      JsonNode *value;
      const char *key;
      AcEmuExpect expect;

      if (!JSON_NODE_HOLDS_OBJECT (item_node))
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, item_path, AC_EMU_EXPECT_OBJECT));
          return;
        }
      item = json_node_get_object (item_node);
      key = ac_emu_json_get_string (item, "definition");
      if (key == NULL)
        key = ac_emu_json_get_string (item, "key");
      if (key == NULL)
        {
          g_autofree char *p = g_strconcat (item_path, ".definition", NULL);
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, p, AC_EMU_EXPECT_STRING));
          return;
        }
      {
        g_autofree char *p = g_strconcat (item_path, ".definition", NULL);

        if (!_ac_emu_check_key (req, p, key))
          return;
      }

      if (!ac_emu_store_custom_field (store, key, &found, &data_type, &options, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
      if (!found)
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_unknown_field (req->lang, key));
          return;
        }

      value = json_object_get_member (item, "value");
      if (value == NULL)
        {
          g_autofree char *p = g_strconcat (item_path, ".value", NULL);
          _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, p));
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
            _ac_emu_reply_invalid (req, ac_emu_msg_expected_option (req->lang, key, choices));
          else
            _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, key, expect));
          return;
        }
      g_ptr_array_add (keys, (gpointer) key);
      g_ptr_array_add (wires, g_steal_pointer (&wire));
    }

  if (!ac_emu_store_begin (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      if (!ac_emu_store_set_custom_value (store, req->user_id, keys->pdata[i], wires->pdata[i], &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
    }
  if (!ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  result = _ac_emu_custom_values_json (req, &error);
  if (result == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_UPDATE_OK, result);
}

/* ---------------------------------------------------------------------------------------- */
/* Upload */

static void
handle_upload (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(GBytes) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *ext = NULL;
  JsonObject *data;

  switch (ac_emu_request_parse_upload (soup_message_headers_get_one (headers, "Content-Type"),
                                       body, &file, &ext))
    {
    case AC_EMU_BODY_OK:
      break;
    case AC_EMU_BODY_NO_FILE_PART:
      _ac_emu_reply_invalid (req, g_strdup (ac_emu_message (AC_EMU_MSG_NO_FILE_PART, req->lang)));
      return;
    case AC_EMU_BODY_NOT_AN_IMAGE:
      _ac_emu_reply_invalid (req, g_strdup (ac_emu_message (AC_EMU_MSG_NOT_AN_IMAGE, req->lang)));
      return;
    case AC_EMU_BODY_TOO_LARGE:
      _ac_emu_reply_http_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, AC_EMU_MSG_TOO_LARGE);
      return;
    case AC_EMU_BODY_NOT_MULTIPART:
    default:
      _ac_emu_reply_http_error (req, SOUP_STATUS_BAD_REQUEST, AC_EMU_MSG_BAD_MULTIPART);
      return;
    }

  /* The name is ours alone; the client's file name and folder never reach the disk. */
  dir = g_build_filename (ac_emu_store_get_data_dir (req->self->store), "uploads", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      _ac_emu_reply_internal (req, NULL);
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
      _ac_emu_reply_internal (req, error);
      return;
    }

  base = _ac_emu_request_base_url (req);
  url = g_strdup_printf ("%s/files/%s", base, name);
  data = json_object_new ();
  json_object_set_string_member (data, "key", name);
  json_object_set_string_member (data, "url", url);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_UPLOAD_OK, data);
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
handle_file (AcEmuRequest *req)
{
  const char *name = req->segments[2];
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *type;

  if (!is_upload_name (name))
    {
      _ac_emu_reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
      return;
    }
  path = g_build_filename (ac_emu_store_get_data_dir (req->self->store), "uploads", name, NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      _ac_emu_reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_NOT_FOUND);
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

static const AcEmuRoute routes[] = {
  { "GET", "/api/v2/users/me", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, _ac_emu_handle_me },
  { "POST", "/api/v2/users/profile/update", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, _ac_emu_handle_profile_update },
  { "DELETE", "/api/v2/users/delete", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_delete },
  { "POST", "/api/v2/udvs/get", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_udvs_get },
  { "GET", "/api/v2/udfs/values", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_udfs_values_get },
  { "POST", "/api/v2/udfs/values", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, _ac_emu_handle_udfs_values_set },
  { "POST", "/api/v2/upload", AC_EMU_BODY_MULTIPART, AC_EMU_ROUTE_PUBLIC, handle_upload },
  { "GET", "/files/*", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_file },
};

void
_ac_emu_routes_profile_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
