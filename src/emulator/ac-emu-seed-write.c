/* ac-emu-seed-write.c: writing a checked user pool (pool-format.md) into the store
 *
 * ac-emu-seed.c has checked the whole file; here the JSON is known to be valid and everything
 * is written in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-seed"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "ac-emu-crypto.h"
#include "ac-emu-seed-devices.h"
#include "ac-emu-seed-private.h"
#include "ac-emu-store-security.h"
#include "ac-emu-util.h"

typedef struct
{
  AcEmuStore *store;
  GHashTable *user_by_name;    /* username -> id */
  GHashTable *role_by_ref;     /* "ns:code" -> id */
  char *now;
  gint64 position;
} Insert;

static const char *
opt_string (JsonObject *object,
            const char *member)
{
  return object != NULL ? ac_emu_json_get_string (object, member) : NULL;
}

static gboolean
opt_bool (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonArray *
opt_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
opt_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
id_or_new (JsonObject *object)
{
  const char *id = opt_string (object, "id");

  return id != NULL ? g_strdup (id) : ac_emu_new_id ();
}

static gboolean
run (Insert      *ins,
     const char  *sql,
     GError     **error,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = ac_emu_store_prepare (ins->store, sql, error);
  int count;
  va_list args;

  if (stmt == NULL)
    return FALSE;
  count = sqlite3_bind_parameter_count (stmt);
  va_start (args, error);
  /* arguments: 's' + const char * or 'i' + gint64, one pair per parameter */
  for (int i = 1; i <= count; i++)
    {
      int kind = va_arg (args, int);

      if (kind == 's')
        ac_emu_bind_text (stmt, i, va_arg (args, const char *));
      else
        sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
    }
  va_end (args);
  return ac_emu_store_step_done (ins->store, stmt, error);
}

static gint64
namespace_id (Insert      *ins,
              const char  *code,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!run (ins, "INSERT OR IGNORE INTO namespaces (code) VALUES (?)", error, 's', code))
    return -1;
  stmt = ac_emu_store_prepare (ins->store, "SELECT id FROM namespaces WHERE code = ?", error);
  if (stmt == NULL)
    return -1;
  ac_emu_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
insert_fields (Insert     *ins,
               JsonArray  *fields,
               GError    **error)
{
  guint n = fields != NULL ? json_array_get_length (fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      JsonNode *options = json_object_get_member (f, "options");
      g_autofree char *options_text = NULL;
      const char *key = opt_string (f, "key");
      const char *label = opt_string (f, "label");

      if (options != NULL && JSON_NODE_HOLDS_ARRAY (options))
        options_text = ac_emu_json_to_string (options);
      if (!run (ins, "INSERT INTO custom_fields (key, label, data_type, options, position) "
                     "VALUES (?, ?, ?, ?, ?)", error,
                's', key, 's', label != NULL ? label : key, 's', opt_string (f, "dataType"),
                's', options_text, 'i', (gint64) i))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_users (Insert     *ins,
              JsonArray  *users,
              JsonObject *root,
              GError    **error)
{
  guint n = users != NULL ? json_array_get_length (users) : 0;
  JsonArray *fields = opt_array (root, "customFields");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *u = json_array_get_object_element (users, i);
      JsonObject *profile = opt_object (u, "profile");
      JsonObject *data = opt_object (u, "customData");
      g_autofree char *id = id_or_new (u);
      g_autofree char *hash = NULL;
      g_autofree char *profile_text = NULL;
      g_autoptr(JsonNode) profile_node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) stored = json_object_new ();
      const char *password = opt_string (u, "password");
      const char *created = opt_string (u, "createdAt");

      if (password != NULL && (hash = ac_emu_password_hash (password, error)) == NULL)
        return FALSE;

      if (profile != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (profile);

          for (GList *l = members; l != NULL; l = l->next)
            if (strcmp (l->data, "username") != 0)
              json_object_set_member (stored, l->data,
                                      json_node_copy (json_object_get_member (profile, l->data)));
        }
      json_node_set_object (profile_node, stored);
      profile_text = ac_emu_json_to_string (profile_node);

      if (!run (ins,
                "INSERT INTO users (id, username, email, phone, email_verified, phone_verified,"
                " password_hash, password_level, mfa, profile, created_at, updated_at, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error,
                's', id, 's', opt_string (u, "username"), 's', opt_string (u, "email"),
                's', opt_string (u, "phone"), 'i', (gint64) opt_bool (u, "emailVerified"),
                'i', (gint64) opt_bool (u, "phoneVerified"), 's', hash,
                'i', (gint64) ac_emu_password_level (password), 'i', (gint64) opt_bool (u, "mfa"),
                's', profile_text, 's', created != NULL ? created : ins->now,
                's', created != NULL ? created : ins->now, 'i', (gint64) i))
        return FALSE;
      g_hash_table_insert (ins->user_by_name, g_strdup (opt_string (u, "username")), g_strdup (id));
      if (!ac_emu_store_seed_mfa (ins->store, id, json_object_get_member (u, "mfa"), error))
        return FALSE;   /* ac-emu-store-security.c */

      if (data != NULL)
        {
          for (guint k = 0; fields != NULL && k < json_array_get_length (fields); k++)
            {
              JsonObject *f = json_array_get_object_element (fields, k);
              const char *key = opt_string (f, "key");
              g_autofree char *wire = NULL;
              g_autofree char *choices = NULL;
              AcEmuExpect expect;

              if (!json_object_has_member (data, key))
                continue;
              if (!ac_emu_custom_value_to_wire (opt_string (f, "dataType"), opt_array (f, "options"),
                                                json_object_get_member (data, key),
                                                &wire, &expect, &choices))
                continue;  /* cannot happen: checked */
              if (!run (ins, "INSERT INTO custom_values (user_id, key, value) VALUES (?, ?, ?)",
                        error, 's', id, 's', key, 's', wire))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
insert_members (Insert      *ins,
                const char  *sql,
                const char  *owner_id,
                JsonArray   *members,
                GError     **error)
{
  guint n = members != NULL ? json_array_get_length (members) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *user = g_hash_table_lookup (ins->user_by_name,
                                              json_array_get_string_element (members, i));

      if (!run (ins, sql, error, 's', owner_id, 's', user))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_node (Insert      *ins,
             JsonObject  *node,
             const char  *org_id,
             const char  *parent_id,
             const char  *node_id,
             GError     **error)
{
  JsonArray *children = opt_array (node, "children");
  JsonNode *order = json_object_get_member (node, "order");
  const char *leader = opt_string (node, "leader");

  if (!run (ins, "INSERT INTO nodes (id, org_id, parent_id, name, code, description, leader_user_id,"
                 " sort_order, created_at, updated_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            error, 's', node_id, 's', org_id, 's', parent_id, 's', opt_string (node, "name"),
            's', opt_string (node, "code"), 's', opt_string (node, "description"),
            's', leader != NULL ? (const char *) g_hash_table_lookup (ins->user_by_name, leader) : NULL,
            's', NULL, 's', ins->now, 's', ins->now, 'i', ins->position++))
    return FALSE;
  if (order != NULL && JSON_NODE_HOLDS_VALUE (order) &&
      !run (ins, "UPDATE nodes SET sort_order = ? WHERE id = ?", error,
            'i', json_node_get_int (order), 's', node_id))
    return FALSE;
  if (!insert_members (ins, "INSERT OR IGNORE INTO node_members (node_id, user_id) VALUES (?, ?)",
                       node_id, opt_array (node, "members"), error))
    return FALSE;

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);
      g_autofree char *child_id = id_or_new (child);

      if (!insert_node (ins, child, org_id, node_id, child_id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_orgs (Insert     *ins,
             JsonArray  *orgs,
             GError    **error)
{
  guint n = orgs != NULL ? json_array_get_length (orgs) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (orgs, i);
      JsonObject *root = opt_object (o, "root");
      g_autofree char *id = id_or_new (o);
      g_autofree char *root_id = id_or_new (root);
      const char *created = opt_string (o, "createdAt");

      if (!run (ins, "INSERT INTO orgs (id, logo, tenant_id, root_node_id, created_at, updated_at, position)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", error,
                's', id, 's', opt_string (o, "logo"), 's', opt_string (o, "tenantId"), 's', root_id,
                's', created != NULL ? created : ins->now, 's', created != NULL ? created : ins->now,
                'i', (gint64) i))
        return FALSE;
      if (!insert_node (ins, root, id, NULL, root_id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_roles (Insert     *ins,
              JsonArray  *roles,
              GError    **error)
{
  guint n = roles != NULL ? json_array_get_length (roles) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (roles, i);
      const char *ns = opt_string (r, "namespace");
      g_autofree char *id = id_or_new (r);
      gint64 ns_id;

      if (ns == NULL)
        ns = "default";
      if ((ns_id = namespace_id (ins, ns, error)) < 0)
        return FALSE;
      if (!run (ins, "INSERT INTO roles (id, namespace_id, code, description, parent_code, is_system,"
                     " created_at, updated_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error,
                's', id, 'i', ns_id, 's', opt_string (r, "code"), 's', opt_string (r, "description"),
                's', opt_string (r, "parentCode"), 'i', (gint64) opt_bool (r, "isSystem"),
                's', ins->now, 's', ins->now, 'i', (gint64) i))
        return FALSE;
      g_hash_table_insert (ins->role_by_ref, g_strdup_printf ("%s:%s", ns, opt_string (r, "code")),
                           g_strdup (id));
      if (!insert_members (ins, "INSERT OR IGNORE INTO role_members (role_id, user_id) VALUES (?, ?)",
                           id, opt_array (r, "members"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_applications (Insert     *ins,
                     JsonArray  *apps,
                     GError    **error)
{
  guint n = apps != NULL ? json_array_get_length (apps) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (apps, i);
      JsonObject *access = opt_object (a, "access");
      g_autofree char *id = id_or_new (a);
      const char *identifier = opt_string (a, "identifier");
      const char *protocol = opt_string (a, "protocol");
      const char *app_type = opt_string (a, "appType");
      const char *created = opt_string (a, "createdAt");
      JsonArray *list;

      if (identifier == NULL)
        identifier = opt_string (a, "domain");
      if (!run (ins, "INSERT INTO applications (id, name, identifier, logo, description, protocol,"
                     " app_type, access_all, created_at, updated_at, position)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error,
                's', id, 's', opt_string (a, "name"), 's', identifier, 's', opt_string (a, "logo"),
                's', opt_string (a, "description"), 's', protocol != NULL ? protocol : "oidc",
                's', app_type != NULL ? app_type : "INDIVIDUAL",
                'i', (gint64) (access != NULL && opt_bool (access, "all")),
                's', created != NULL ? created : ins->now, 's', created != NULL ? created : ins->now,
                'i', (gint64) i))
        return FALSE;

      list = opt_array (access, "users");
      for (guint k = 0; list != NULL && k < json_array_get_length (list); k++)
        if (!run (ins, "INSERT INTO app_access (app_id, user_id) VALUES (?, ?)", error, 's', id,
                  's', g_hash_table_lookup (ins->user_by_name, json_array_get_string_element (list, k))))
          return FALSE;
      list = opt_array (access, "roles");
      for (guint k = 0; list != NULL && k < json_array_get_length (list); k++)
        if (!run (ins, "INSERT INTO app_access (app_id, role_id) VALUES (?, ?)", error, 's', id,
                  's', g_hash_table_lookup (ins->role_by_ref, json_array_get_string_element (list, k))))
          return FALSE;
      list = opt_array (access, "nodes");
      for (guint k = 0; list != NULL && k < json_array_get_length (list); k++)
        if (!run (ins, "INSERT INTO app_access (app_id, node_id) VALUES (?, ?)", error, 's', id,
                  's', json_array_get_string_element (list, k)))
          return FALSE;
    }
  return TRUE;
}

static gboolean
insert_resources (Insert     *ins,
                  JsonArray  *resources,
                  GError    **error)
{
  guint n = resources != NULL ? json_array_get_length (resources) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      JsonArray *grants = opt_array (r, "grants");
      const char *ns = opt_string (r, "namespace");
      gint64 ns_id, resource_id;

      if (ns == NULL)
        ns = "default";
      if ((ns_id = namespace_id (ins, ns, error)) < 0)
        return FALSE;
      if (!run (ins, "INSERT INTO resources (namespace_id, code, type, api_identifier, description, position)"
                     " VALUES (?, ?, ?, ?, ?, ?)", error,
                'i', ns_id, 's', opt_string (r, "code"), 's', opt_string (r, "type"),
                's', opt_string (r, "apiIdentifier"), 's', opt_string (r, "description"), 'i', (gint64) i))
        return FALSE;
      resource_id = sqlite3_last_insert_rowid (ac_emu_store_get_db (ins->store));

      for (guint k = 0; grants != NULL && k < json_array_get_length (grants); k++)
        {
          JsonObject *g = json_array_get_object_element (grants, k);
          const char *to = opt_string (g, "to");
          JsonNode *actions = json_object_get_member (g, "actions");
          g_autofree char *actions_text = NULL;
          const char *user = NULL, *role = NULL, *node = NULL;

          if (actions != NULL && JSON_NODE_HOLDS_ARRAY (actions))
            actions_text = ac_emu_json_to_string (actions);
          if (g_str_has_prefix (to, "user:"))
            user = g_hash_table_lookup (ins->user_by_name, to + 5);
          else if (g_str_has_prefix (to, "role:"))
            role = g_hash_table_lookup (ins->role_by_ref, to + 5);
          else
            node = to + 5;
          if (!run (ins, "INSERT INTO grants (resource_id, user_id, role_id, node_id, actions, position)"
                         " VALUES (?, ?, ?, ?, ?, ?)", error,
                    'i', resource_id, 's', user, 's', role, 's', node,
                    's', actions_text != NULL ? actions_text : "[]", 'i', (gint64) k))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
insert_pool_meta (Insert      *ins,
                  JsonObject  *pool,
                  JsonObject  *app,
                  GError     **error)
{
  struct { const char *key; const char *value; } meta[] = {
    { "pool_id", opt_string (pool, "id") },
    { "pool_name", opt_string (pool, "name") },
    { "pool_logo", opt_string (pool, "logo") },
    { "app_id", opt_string (app, "id") },
    { "app_identifier", opt_string (app, "identifier") },
    { "app_name", opt_string (app, "name") },
    { "app_logo", opt_string (app, "logo") },
  };
  g_autofree char *pool_id = ac_emu_new_id ();
  g_autofree char *app_id = ac_emu_new_id ();

  if (meta[0].value == NULL)
    meta[0].value = pool_id;
  if (meta[1].value == NULL)
    meta[1].value = "Authing Emulator";
  if (meta[3].value == NULL)
    meta[3].value = app_id;
  if (meta[4].value == NULL)
    meta[4].value = "emulator";
  if (meta[5].value == NULL)
    meta[5].value = "Account Center";

  for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
    if (meta[i].value != NULL && !ac_emu_store_set_meta (ins->store, meta[i].key, meta[i].value, error))
      return FALSE;
  return TRUE;
}

gboolean
_ac_emu_seed_insert_pool (AcEmuStore  *store,
                          JsonObject  *root,
                          GError     **error)
{
  Insert ins = { 0, };
  gboolean ok;

  ins.store = store;
  ins.user_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ins.role_by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ins.now = ac_emu_now_iso ();

  ok = ac_emu_store_begin (store, error) &&
       insert_pool_meta (&ins, opt_object (root, "userPool"), opt_object (root, "application"), error) &&
       insert_fields (&ins, opt_array (root, "customFields"), error) &&
       insert_users (&ins, opt_array (root, "users"), root, error) &&
       insert_orgs (&ins, opt_array (root, "organizations"), error) &&
       insert_roles (&ins, opt_array (root, "roles"), error) &&
       insert_applications (&ins, opt_array (root, "applications"), error) &&
       insert_resources (&ins, opt_array (root, "resources"), error) &&
       _ac_emu_seed_devices_insert (store, root, ins.user_by_name, error) &&
       ac_emu_store_set_meta (store, "seeded", ins.now, error) &&
       ac_emu_store_commit (store, error);
  if (!ok)
    ac_emu_store_rollback (store);

  g_hash_table_unref (ins.user_by_name);
  g_hash_table_unref (ins.role_by_ref);
  g_free (ins.now);
  return ok;
}

gboolean
ac_emu_seed_ensure_pool (AcEmuStore  *store,
                         GError     **error)
{
  g_autofree char *pool_id = ac_emu_store_get_meta (store, "pool_id");
  Insert ins = { 0, };
  gboolean ok;

  if (pool_id != NULL)
    return TRUE;

  ins.store = store;
  ok = ac_emu_store_begin (store, error) &&
       insert_pool_meta (&ins, NULL, NULL, error) &&
       ac_emu_store_commit (store, error);
  if (!ok)
    ac_emu_store_rollback (store);
  return ok;
}
