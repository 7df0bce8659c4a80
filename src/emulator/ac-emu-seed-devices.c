/* ac-emu-seed-devices.c: the seed keys of users[] for devices and accounts
 * (authing-api-security.md §9, pool-format.md)
 *
 *   "identities":   [{"provider", "userIdInIdp", "userInfoInIdp": {…}}]
 *   "groups":       [{"code", "name", "description"}]
 *   "loginHistory": [{"loginAt", "clientIp", "success", "userAgent", "appId",
 *                     "loginMethod", "errorMessage"}]
 *
 * Rules: provider, userIdInIdp and code are non-empty strings; an external account
 * (provider + userIdInIdp) belongs to one user of the pool; a group code appears once per user;
 * loginAt is an ISO-8601 date-time with a time zone; success is a boolean; appId names the
 * pool's application or one of applications[] (by id or identifier); the other members are
 * strings or null. loginMethod defaults to "password"; a failure without errorMessage shows the
 * message of a wrong password.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-seed"

#include "config.h"

#include "ac-emu-crypto.h"
#include "ac-emu-seed-devices.h"
#include "ac-emu-store-devices.h"
#include "ac-emu-util.h"

#define EN AC_EMU_LANG_EN

static const char * const identity_keys[] = { "provider", "userIdInIdp", "userInfoInIdp", NULL };
static const char * const group_keys[] = { "code", "name", "description", NULL };
static const char * const history_keys[] = {
  "loginAt", "clientIp", "success", "userAgent", "appId", "loginMethod", "errorMessage", NULL
};

typedef struct
{
  GPtrArray *errors;
  GHashTable *app_refs;        /* ids and identifiers of applications */
  GHashTable *external;        /* "provider\nuserIdInIdp" */
} Check;

static void add_error (Check *c, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_error (Check      *c,
           const char *path,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (c->errors, g_strdup_printf ("%s: %s", path, message));
}

static JsonArray *
array_member (Check      *c,
              JsonObject *object,
              const char *member,
              const char *path)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, member);
      g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, p, AC_EMU_EXPECT_ARRAY));
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
item_object (Check      *c,
             JsonArray  *array,
             guint       i,
             const char *path,
             const char * const *keys)
{
  JsonNode *node = json_array_get_element (array, i);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, path, AC_EMU_EXPECT_OBJECT));
      return NULL;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data))
      {
        g_autofree char *kp = g_strdup_printf ("%s.%s", path, (const char *) l->data);
        add_error (c, kp, "unknown key");
      }
  return object;
}

/* A string member: required ones must be non-empty; optional ones may be null or absent */
static const char *
string_member (Check      *c,
               JsonObject *object,
               const char *member,
               const char *path,
               gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *p = g_strdup_printf ("%s.%s", path, member);

  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    {
      if (required)
        add_error (c, p, "required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (required && *json_node_get_string (node) == '\0'))
    {
      g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, p, required ? AC_EMU_EXPECT_NON_EMPTY_STRING
                                                                       : AC_EMU_EXPECT_STRING_OR_NULL));
      return NULL;
    }
  return json_node_get_string (node);
}

static void
check_identities (Check      *c,
                  JsonObject *user,
                  const char *path)
{
  JsonArray *array = array_member (c, user, "identities", path);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s.identities[%u]", path, i);
      JsonObject *o = item_object (c, array, i, p, identity_keys);
      const char *provider, *id;
      JsonNode *info;

      if (o == NULL)
        continue;
      provider = string_member (c, o, "provider", p, TRUE);
      id = string_member (c, o, "userIdInIdp", p, TRUE);
      info = json_object_get_member (o, "userInfoInIdp");
      if (info != NULL && !JSON_NODE_HOLDS_NULL (info) && !JSON_NODE_HOLDS_OBJECT (info))
        {
          g_autofree char *ip = g_strdup_printf ("%s.userInfoInIdp", p);
          g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, ip, AC_EMU_EXPECT_OBJECT));
        }
      if (provider != NULL && id != NULL)
        {
          g_autofree char *key = g_strdup_printf ("%s\n%s", provider, id);

          if (g_hash_table_contains (c->external, key))
            add_error (c, p, "duplicate identity \"%s\" \"%s\" (an external account belongs to one user)",
                       provider, id);
          else
            g_hash_table_add (c->external, g_steal_pointer (&key));
        }
    }
}

static void
check_groups (Check      *c,
              JsonObject *user,
              const char *path)
{
  JsonArray *array = array_member (c, user, "groups", path);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s.groups[%u]", path, i);
      JsonObject *o = item_object (c, array, i, p, group_keys);
      const char *code;

      if (o == NULL)
        continue;
      code = string_member (c, o, "code", p, TRUE);
      string_member (c, o, "name", p, FALSE);
      string_member (c, o, "description", p, FALSE);
      if (code != NULL)
        {
          if (g_hash_table_contains (codes, code))
            add_error (c, p, "duplicate group code \"%s\"", code);
          else
            g_hash_table_add (codes, g_strdup (code));
        }
    }
}

static void
check_history (Check      *c,
               JsonObject *user,
               const char *path)
{
  JsonArray *array = array_member (c, user, "loginHistory", path);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s.loginHistory[%u]", path, i);
      JsonObject *o = item_object (c, array, i, p, history_keys);
      const char *when, *app;
      JsonNode *success;

      if (o == NULL)
        continue;
      when = string_member (c, o, "loginAt", p, TRUE);
      if (when != NULL)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (when, NULL);

          if (dt == NULL)
            {
              g_autofree char *wp = g_strdup_printf ("%s.loginAt", p);
              add_error (c, wp, "expected an ISO-8601 date-time with a time zone");
            }
        }
      success = json_object_get_member (o, "success");
      if (success == NULL)
        {
          g_autofree char *sp = g_strdup_printf ("%s.success", p);
          add_error (c, sp, "required");
        }
      else if (!JSON_NODE_HOLDS_VALUE (success) || json_node_get_value_type (success) != G_TYPE_BOOLEAN)
        {
          g_autofree char *sp = g_strdup_printf ("%s.success", p);
          g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, sp, AC_EMU_EXPECT_BOOLEAN));
        }
      string_member (c, o, "clientIp", p, FALSE);
      string_member (c, o, "userAgent", p, FALSE);
      string_member (c, o, "loginMethod", p, FALSE);
      string_member (c, o, "errorMessage", p, FALSE);
      app = string_member (c, o, "appId", p, FALSE);
      if (app != NULL && !g_hash_table_contains (c->app_refs, app))
        {
          g_autofree char *ap = g_strdup_printf ("%s.appId", p);
          add_error (c, ap, "no application \"%s\"", app);
        }
    }
}

static void
add_app_refs (GHashTable *refs,
              JsonObject *app)
{
  static const char * const members[] = { "id", "identifier", "domain", NULL };

  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *s = ac_emu_json_get_string (app, members[i]);

      if (s != NULL && *s != '\0')
        g_hash_table_add (refs, g_strdup (s));
    }
}

static JsonArray *
root_array (JsonObject *root,
            const char *member)
{
  JsonNode *node = json_object_get_member (root, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

void
_ac_emu_seed_devices_check (JsonObject *root,
                            GPtrArray  *errors)
{
  JsonArray *users = root_array (root, "users");
  JsonArray *apps = root_array (root, "applications");
  JsonNode *pool_app = json_object_get_member (root, "application");
  Check c = { errors, NULL, NULL };

  c.app_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.external = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (pool_app != NULL && JSON_NODE_HOLDS_OBJECT (pool_app))
    add_app_refs (c.app_refs, json_node_get_object (pool_app));
  else
    g_hash_table_add (c.app_refs, g_strdup ("emulator"));   /* the default identifier */
  for (guint i = 0; apps != NULL && i < json_array_get_length (apps); i++)
    {
      JsonNode *node = json_array_get_element (apps, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_app_refs (c.app_refs, json_node_get_object (node));
    }

  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonNode *node = json_array_get_element (users, i);
      g_autofree char *path = g_strdup_printf ("users[%u]", i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;    /* reported by the main checker */
      check_identities (&c, json_node_get_object (node), path);
      check_groups (&c, json_node_get_object (node), path);
      check_history (&c, json_node_get_object (node), path);
    }

  g_hash_table_unref (c.app_refs);
  g_hash_table_unref (c.external);
}

/* ---------------------------------------------------------------------------------------- */
/* Writing */

static JsonArray *
opt_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
step (AcEmuStore    *store,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  gboolean ok = ac_emu_store_step_done (store, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
insert_identities (AcEmuStore  *store,
                   const char  *user_id,
                   JsonArray   *array,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (array == NULL)
    return TRUE;
  stmt = ac_emu_store_prepare (store,
                               "INSERT INTO identities (id, user_id, ext_idp_id, provider, type,"
                               " user_id_in_idp, user_info, position) VALUES (?, ?, ?, ?, 'primary', ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonNode *info = json_object_get_member (o, "userInfoInIdp");
      const char *provider = ac_emu_json_get_string (o, "provider");
      g_autofree char *id = ac_emu_new_id ();
      g_autofree char *ext = ac_emu_ext_idp_id_for_provider (provider);
      g_autofree char *info_text = info != NULL && JSON_NODE_HOLDS_OBJECT (info)
                                   ? ac_emu_json_to_string (info) : g_strdup ("{}");

      ac_emu_bind_text (stmt, 1, id);
      ac_emu_bind_text (stmt, 2, user_id);
      ac_emu_bind_text (stmt, 3, ext);
      ac_emu_bind_text (stmt, 4, provider);
      ac_emu_bind_text (stmt, 5, ac_emu_json_get_string (o, "userIdInIdp"));
      ac_emu_bind_text (stmt, 6, info_text);
      sqlite3_bind_int64 (stmt, 7, i);
      if (!step (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_groups (AcEmuStore  *store,
               const char  *user_id,
               JsonArray   *array,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (array == NULL)
    return TRUE;
  stmt = ac_emu_store_prepare (store,
                               "INSERT INTO user_groups (user_id, code, name, description, position)"
                               " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *code = ac_emu_json_get_string (o, "code");
      const char *name = ac_emu_json_get_string (o, "name");

      ac_emu_bind_text (stmt, 1, user_id);
      ac_emu_bind_text (stmt, 2, code);
      ac_emu_bind_text (stmt, 3, name != NULL ? name : code);
      ac_emu_bind_text (stmt, 4, ac_emu_json_get_string (o, "description"));
      sqlite3_bind_int64 (stmt, 5, i);
      if (!step (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_history (AcEmuStore  *store,
                const char  *user_id,
                JsonArray   *array,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) app_ids = NULL;     /* appId as given ("" for none) -> canonical id */

  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE;
  app_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  stmt = ac_emu_store_prepare_add_login (store, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonNode *success = json_object_get_member (o, "success");
      const char *method = ac_emu_json_get_string (o, "loginMethod");
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (ac_emu_json_get_string (o, "loginAt"), NULL);
      const char *given = ac_emu_json_get_string (o, "appId");
      const char *app_id = g_hash_table_lookup (app_ids, given != NULL ? given : "");
      AcEmuLoginRecord record = { 0, };

      if (app_id == NULL)
        {
          char *canonical = ac_emu_store_canonical_app_id (store, given);

          g_hash_table_insert (app_ids, g_strdup (given != NULL ? given : ""), canonical);
          app_id = canonical;
        }

      record.user_id = user_id;
      record.login_at_ms = g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000;
      record.client_ip = ac_emu_json_get_string (o, "clientIp");
      record.success = json_node_get_boolean (success);
      record.error_code = record.success ? 0 : 2333;
      record.error_message = record.success ? NULL : ac_emu_json_get_string (o, "errorMessage");
      record.user_agent = ac_emu_json_get_string (o, "userAgent");
      record.app_id = app_id;
      record.login_method = method != NULL ? method : "password";
      if (!ac_emu_store_add_login (store, stmt, &record, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_ac_emu_seed_devices_insert (AcEmuStore  *store,
                             JsonObject  *root,
                             GHashTable  *user_ids,
                             GError     **error)
{
  JsonArray *users = opt_array (root, "users");

  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonObject *u = json_array_get_object_element (users, i);
      const char *user_id = g_hash_table_lookup (user_ids, ac_emu_json_get_string (u, "username"));

      if (user_id == NULL)
        continue;
      if (!insert_identities (store, user_id, opt_array (u, "identities"), error) ||
          !insert_groups (store, user_id, opt_array (u, "groups"), error) ||
          !insert_history (store, user_id, opt_array (u, "loginHistory"), error))
        return FALSE;
    }
  return TRUE;
}
