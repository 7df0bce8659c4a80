/* ac-emu-store-users.c: the queries about users, their profile and custom values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-store"

#include "config.h"

#include <string.h>

#include "ac-emu-store-private.h"

#define USER_COLUMNS \
  "id, username, email, phone, email_verified, phone_verified, password_hash, password_level," \
  " mfa, profile, logins_count, last_login, last_ip, created_at, updated_at"

JsonObject *
ac_emu_store_user_json (AcEmuStore  *self,
                        const char  *user_id,
                        GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autoptr(JsonNode) profile_node = NULL;
  g_autofree char *pool_id = ac_emu_store_get_meta (self, "pool_id");
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

  stmt = ac_emu_store_statement (self, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0, "user %s vanished", user_id);
      return NULL;
    }

  profile_node = ac_emu_json_parse_text (ac_emu_column_text (stmt, 9));
  if (profile_node != NULL && JSON_NODE_HOLDS_OBJECT (profile_node))
    profile = json_node_get_object (profile_node);

  id = ac_emu_column_text (stmt, 0);
  arn = g_strdup_printf ("arn:cn:authing:%s:user:%s", pool_id, id);

  u = json_object_new ();
  json_object_set_string_member (u, "id", id);
  json_object_set_string_member (u, "arn", arn);
  ac_emu_json_set_string_or_null (u, "userPoolId", pool_id);
  json_object_set_string_member (u, "status", "Activated");
  _ac_emu_set_column (u, "username", stmt, 1);
  _ac_emu_set_column (u, "email", stmt, 2);
  json_object_set_boolean_member (u, "emailVerified", sqlite3_column_int (stmt, 4) != 0);
  _ac_emu_set_column (u, "phone", stmt, 3);
  json_object_set_boolean_member (u, "phoneVerified", sqlite3_column_int (stmt, 5) != 0);
  json_object_set_null_member (u, "phoneCountryCode");
  json_object_set_null_member (u, "unionid");
  json_object_set_null_member (u, "openid");
  json_object_set_null_member (u, "oauth");
  json_object_set_null_member (u, "externalId");
  json_object_set_int_member (u, "loginsCount", sqlite3_column_int64 (stmt, 10));
  _ac_emu_set_column (u, "lastLogin", stmt, 11);
  _ac_emu_set_column (u, "lastIP", stmt, 12);
  _ac_emu_set_column (u, "signedUp", stmt, 13);
  json_object_set_boolean_member (u, "blocked", FALSE);
  json_object_set_boolean_member (u, "isDeleted", FALSE);
  for (guint i = 0; string_fields[i] != NULL; i++)
    ac_emu_json_set_string_or_null (u, string_fields[i],
                                    profile != NULL ? ac_emu_json_get_string (profile, string_fields[i]) : NULL);
  if (json_object_get_null_member (u, "gender"))
    json_object_set_string_member (u, "gender", "U");
  _ac_emu_set_column (u, "createdAt", stmt, 13);
  _ac_emu_set_column (u, "updatedAt", stmt, 14);
  json_object_set_null_member (u, "token");
  json_object_set_null_member (u, "tokenExpiredAt");
  return u;
}

gboolean
ac_emu_store_find_login (AcEmuStore  *self,
                         const char  *account,
                         char       **out_user_id,
                         char       **out_hash,
                         GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  *out_user_id = NULL;
  *out_hash = NULL;
  stmt = ac_emu_store_statement (self,
                               "SELECT id, password_hash FROM users"
                               " WHERE username = ?1 OR email = ?1 OR phone = ?1"
                               " ORDER BY CASE WHEN username = ?1 THEN 0 WHEN email = ?1 THEN 1 ELSE 2 END"
                               " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, account);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_user_id = g_strdup (ac_emu_column_text (stmt, 0));
      *out_hash = g_strdup (ac_emu_column_text (stmt, 1));
    }
  return TRUE;
}

gboolean
ac_emu_store_record_login (AcEmuStore  *self,
                           const char  *user_id,
                           const char  *when,
                           const char  *ip,
                           GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  stmt = ac_emu_store_statement (self,
                               "UPDATE users SET logins_count = logins_count + 1, last_login = ?,"
                               " last_ip = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, when);
  ac_emu_bind_text (stmt, 2, ip);
  ac_emu_bind_text (stmt, 3, user_id);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_identifier_in_use (AcEmuStore  *self,
                                const char  *value,
                                const char  *except_user_id,
                                gboolean    *out_in_use,
                                GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  *out_in_use = FALSE;
  stmt = ac_emu_store_statement (self,
                               "SELECT 1 FROM users WHERE (username = ?1 OR email = ?1 OR phone = ?1)"
                               " AND id IS NOT ?2 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, value);
  ac_emu_bind_text (stmt, 2, except_user_id);
  *out_in_use = sqlite3_step (stmt) == SQLITE_ROW;
  return TRUE;
}

gboolean
ac_emu_store_user_identifiers (AcEmuStore  *self,
                               const char  *user_id,
                               char       **out_username,
                               char       **out_email,
                               char       **out_phone,
                               GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  *out_username = *out_email = *out_phone = NULL;
  stmt = ac_emu_store_statement (self, "SELECT username, email, phone FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_username = g_strdup (ac_emu_column_text (stmt, 0));
      *out_email = g_strdup (ac_emu_column_text (stmt, 1));
      *out_phone = g_strdup (ac_emu_column_text (stmt, 2));
    }
  return TRUE;
}

JsonNode *
ac_emu_store_get_profile (AcEmuStore  *self,
                          const char  *user_id,
                          GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  JsonNode *profile = NULL;

  stmt = ac_emu_store_statement (self, "SELECT profile FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    profile = ac_emu_json_parse_text (ac_emu_column_text (stmt, 0));
  if (profile == NULL || !JSON_NODE_HOLDS_OBJECT (profile))
    {
      g_clear_pointer (&profile, json_node_unref);
      profile = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (profile, json_object_new ());
    }
  return profile;
}

gboolean
ac_emu_store_update_profile (AcEmuStore  *self,
                             const char  *user_id,
                             const char  *profile_text,
                             const char  *new_username,
                             const char  *when,
                             GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  stmt = ac_emu_store_statement (self,
                               "UPDATE users SET profile = ?, username = COALESCE(?, username),"
                               " updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, profile_text);
  ac_emu_bind_text (stmt, 2, new_username);
  ac_emu_bind_text (stmt, 3, when);
  ac_emu_bind_text (stmt, 4, user_id);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_security_facts (AcEmuStore           *self,
                             const char           *user_id,
                             AcEmuSecurityFacts   *out,
                             GError              **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  memset (out, 0, sizeof *out);
  stmt = ac_emu_store_statement (self,
                               "SELECT email IS NOT NULL AND email != '', phone IS NOT NULL AND phone != '',"
                               " password_hash IS NOT NULL, password_level, mfa FROM users WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  out->found = TRUE;
  out->email = sqlite3_column_int (stmt, 0) != 0;
  out->phone = sqlite3_column_int (stmt, 1) != 0;
  out->password = sqlite3_column_int (stmt, 2) != 0;
  out->password_level = sqlite3_column_int (stmt, 3);
  out->mfa = sqlite3_column_int (stmt, 4) != 0;
  return TRUE;
}

gboolean
ac_emu_store_delete_user (AcEmuStore  *self,
                          const char  *user_id,
                          GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  stmt = ac_emu_store_statement (self, "DELETE FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  return ac_emu_store_step_done (self, stmt, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Custom values */

JsonArray *
ac_emu_store_custom_values_json (AcEmuStore  *self,
                                 const char  *user_id,
                                 gboolean     only_set,
                                 GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  JsonArray *array;

  stmt = ac_emu_store_statement (self,
                               "SELECT f.key, f.label, f.data_type, f.options, v.value"
                               " FROM custom_fields f LEFT JOIN custom_values v"
                               " ON v.key = f.key AND v.user_id = ? ORDER BY f.position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);

  array = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item;
      const char *value = ac_emu_column_text (stmt, 4);
      const char *options = ac_emu_column_text (stmt, 3);

      if (value == NULL && only_set)
        continue;

      item = json_object_new ();
      _ac_emu_set_column (item, "key", stmt, 0);
      json_object_set_string_member (item, "value", value != NULL ? value : "");
      _ac_emu_set_column (item, "dataType", stmt, 2);
      _ac_emu_set_column (item, "label", stmt, 1);
      if (g_strcmp0 (ac_emu_column_text (stmt, 2), "SELECT") == 0)
        {
          JsonNode *node = ac_emu_json_parse_text (options);

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

gboolean
ac_emu_store_custom_field (AcEmuStore  *self,
                           const char  *key,
                           gboolean    *out_found,
                           char       **out_data_type,
                           JsonNode   **out_options,
                           GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  *out_found = FALSE;
  *out_data_type = NULL;
  *out_options = NULL;
  stmt = ac_emu_store_statement (self, "SELECT data_type, options FROM custom_fields WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  *out_found = TRUE;
  *out_data_type = g_strdup (ac_emu_column_text (stmt, 0));
  *out_options = ac_emu_json_parse_text (ac_emu_column_text (stmt, 1));
  return TRUE;
}

gboolean
ac_emu_store_set_custom_value (AcEmuStore  *self,
                               const char  *user_id,
                               const char  *key,
                               const char  *wire,
                               GError     **error)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (self,
                          wire != NULL
                            ? "INSERT OR REPLACE INTO custom_values (user_id, key, value) VALUES (?, ?, ?)"
                            : "DELETE FROM custom_values WHERE user_id = ? AND key = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  ac_emu_bind_text (stmt, 2, key);
  if (wire != NULL)
    ac_emu_bind_text (stmt, 3, wire);
  return ac_emu_store_step_done (self, stmt, error);
}
