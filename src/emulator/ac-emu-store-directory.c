/* ac-emu-store-directory.c: the queries about applications, organizations, roles, resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-store"

#include "config.h"

#include <string.h>

#include "ac-emu-store-private.h"

gboolean
ac_emu_store_is_application (AcEmuStore *self,
                             const char *id)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  if (id == NULL)
    return FALSE;
  stmt = ac_emu_store_statement (self,
                               "SELECT 1 FROM meta WHERE key IN ('app_id', 'app_identifier') AND value = ?1"
                               " UNION ALL SELECT 1 FROM applications WHERE id = ?1 OR identifier = ?1"
                               " LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

#define ALLOWED_APPS \
  " FROM applications a WHERE a.access_all = 1 OR EXISTS (SELECT 1 FROM app_access x" \
  " WHERE x.app_id = a.id AND (x.user_id = ?1" \
  " OR x.role_id IN (SELECT role_id FROM role_members WHERE user_id = ?1)" \
  " OR x.node_id IN (SELECT node_id FROM node_members WHERE user_id = ?1)))"

JsonObject *
ac_emu_store_allowed_apps_json (AcEmuStore  *self,
                                const char  *user_id,
                                gint64       page,
                                gint64       limit,
                                GError     **error)
{
  g_autoptr(AcEmuStmt) count_stmt = NULL;
  g_autoptr(AcEmuStmt) stmt = NULL;
  JsonObject *data;
  JsonArray *list;
  gint64 total = 0;

  count_stmt = ac_emu_store_statement (self, "SELECT COUNT(*)" ALLOWED_APPS, error);
  if (count_stmt == NULL)
    return NULL;
  stmt = ac_emu_store_statement (self,
                               "SELECT a.id, a.name, a.logo, a.identifier, a.description, a.created_at,"
                               " a.updated_at, a.protocol, a.app_type" ALLOWED_APPS
                               " ORDER BY a.position LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (count_stmt, 1, user_id);
  if (sqlite3_step (count_stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (count_stmt, 0);

  ac_emu_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, (page - 1) * limit);
  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *app = json_object_new ();

      _ac_emu_set_column (app, "id", stmt, 0);
      _ac_emu_set_column (app, "name", stmt, 1);
      _ac_emu_set_column (app, "logo", stmt, 2);
      _ac_emu_set_column (app, "domain", stmt, 3);
      _ac_emu_set_column (app, "identifier", stmt, 3);
      _ac_emu_set_column (app, "description", stmt, 4);
      _ac_emu_set_column (app, "createdAt", stmt, 5);
      _ac_emu_set_column (app, "updatedAt", stmt, 6);
      _ac_emu_set_column (app, "protocol", stmt, 7);
      json_object_set_boolean_member (app, "isIntegrate", FALSE);
      _ac_emu_set_column (app, "appType", stmt, 8);
      json_object_set_null_member (app, "template");
      json_array_add_object_element (list, app);
    }

  data = json_object_new ();
  json_object_set_array_member (data, "list", list);
  json_object_set_int_member (data, "totalCount", total);
  return data;
}

/* ---------------------------------------------------------------------------------------- */
/* Organizations */

/* The organization and node objects are written as JSON text straight from their rows: a
 * user with 10,000 memberships gets ~11 MB of paths, which json-glib's tree and generator
 * took over a second to build. Each object is written once and copied into every path. */

static void
member_text (GString      *out,
             const char   *name,
             sqlite3_stmt *stmt,
             int           column)
{
  g_string_append (out, ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
  ac_emu_json_append_string (out, ac_emu_column_text (stmt, column));
}

static char *
org_text (sqlite3_stmt *stmt,
          const char   *pool_id)
{
  /* columns: id, logo, tenant_id, root_node_id, created_at, updated_at */
  GString *o = g_string_new ("{\"type\":\"org\"");

  member_text (o, "id", stmt, 0);
  member_text (o, "createdAt", stmt, 4);
  member_text (o, "updatedAt", stmt, 5);
  g_string_append (o, ",\"userPoolId\":");
  ac_emu_json_append_string (o, pool_id);
  member_text (o, "rootNodeId", stmt, 3);
  member_text (o, "logo", stmt, 1);
  member_text (o, "tenantId", stmt, 2);
  g_string_append_c (o, '}');
  return g_string_free (o, FALSE);
}

static char *
node_text (sqlite3_stmt *stmt,
           const char   *pool_id)
{
  /* columns: id, org_id, parent_id, name, code, description, leader_user_id, sort_order,
   * created_at, updated_at */
  GString *n = g_string_new ("{\"type\":\"node\"");

  member_text (n, "id", stmt, 0);
  member_text (n, "createdAt", stmt, 8);
  member_text (n, "updatedAt", stmt, 9);
  g_string_append (n, ",\"userPoolId\":");
  ac_emu_json_append_string (n, pool_id);
  member_text (n, "orgId", stmt, 1);
  member_text (n, "name", stmt, 3);
  g_string_append (n, ",\"nameI18n\":null");
  member_text (n, "description", stmt, 5);
  g_string_append (n, ",\"descriptionI18n\":null");
  if (sqlite3_column_type (stmt, 7) == SQLITE_NULL)
    g_string_append (n, ",\"order\":null");
  else
    g_string_append_printf (n, ",\"order\":%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 7));
  member_text (n, "code", stmt, 4);
  member_text (n, "leaderUserId", stmt, 6);
  member_text (n, "parentId", stmt, 2);
  g_string_append_c (n, '}');
  return g_string_free (n, FALSE);
}

#define NODE_COLUMNS \
  "id, org_id, parent_id, name, code, description, leader_user_id, sort_order, created_at, updated_at, position"

typedef struct _Node Node;

struct _Node
{
  char   *text;               /* the node's JSON object */
  gsize   text_len;
  char   *id;
  char   *parent_id;
  char   *org_id;
  gint64  position;
  Node   *parent;             /* resolved once all nodes are read */
  guint   depth;              /* 0 until resolved; 1 for a root */
};

typedef struct
{
  char   *text;               /* the organization's JSON object */
  gsize   text_len;
  gint64  position;
} Org;

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->text);
  g_free (node->id);
  g_free (node->parent_id);
  g_free (node->org_id);
  g_free (node);
}

static void
org_free (gpointer data)
{
  Org *org = data;

  g_free (org->text);
  g_free (org);
}

/* Paths are cut at this depth (in case of a cycle) */
#define MAX_DEPTH 256

/* The depth of @node from its root, its parent resolved (bounded, in case of a cycle: a node
 * deeper than 256 is cut there) */
static guint
node_depth (GHashTable *nodes,
            Node       *node,
            guint       budget)
{
  if (node->depth != 0)
    return node->depth;
  if (budget == 0)
    return node->depth = 1;
  node->parent = node->parent_id != NULL ? g_hash_table_lookup (nodes, node->parent_id) : NULL;
  node->depth = 1;   /* guards against a cycle while the parent's depth is found */
  node->depth = node->parent != NULL ? node_depth (nodes, node->parent, budget - 1) + 1 : 1;
  return node->depth;
}

typedef struct
{
  Node *node;
  Org  *org;
} Member;

static int
member_compare (gconstpointer a,
                gconstpointer b)
{
  const Member *x = a, *y = b;

  if (x->org->position != y->org->position)
    return x->org->position < y->org->position ? -1 : 1;
  if (x->node->position != y->node->position)
    return x->node->position < y->node->position ? -1 : 1;
  return 0;
}

#define MEMBER_ORGS \
  "(SELECT DISTINCT n.org_id FROM node_members m JOIN nodes n ON n.id = m.node_id WHERE m.user_id = ?1)"

/* Every path from an organization down to a node the user is a member of, in the order of
 * the seed, as the JSON text of an array of arrays. The nodes and organizations involved are
 * read once (one query each, no join sorted by SQLite) and the paths built in memory into a
 * string of exactly their size: 10,000 memberships (~16 MB) in well under 300 ms. */
GString *
ac_emu_store_org_paths_text (AcEmuStore  *self,
                             const char  *user_id,
                             GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autoptr(GHashTable) nodes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, node_free);
  g_autoptr(GHashTable) orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, org_free);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  g_autoptr(GString) out = NULL;
  g_autofree char *pool_id = ac_emu_store_get_meta (self, "pool_id");
  gsize size = 2;

  stmt = ac_emu_store_statement (self, "SELECT " NODE_COLUMNS " FROM nodes WHERE org_id IN " MEMBER_ORGS, error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Node *node = g_new0 (Node, 1);

      node->text = node_text (stmt, pool_id);
      node->text_len = strlen (node->text);
      node->id = g_strdup (ac_emu_column_text (stmt, 0));
      node->org_id = g_strdup (ac_emu_column_text (stmt, 1));
      node->parent_id = g_strdup (ac_emu_column_text (stmt, 2));
      node->position = sqlite3_column_int64 (stmt, 10);
      g_hash_table_insert (nodes, node->id, node);
    }
  g_clear_pointer (&stmt, ac_emu_stmt_release);
  if (g_hash_table_size (nodes) == 0)
    return g_string_new ("[]");

  stmt = ac_emu_store_statement (self,
                                 "SELECT id, logo, tenant_id, root_node_id, created_at, updated_at, position"
                                 " FROM orgs WHERE id IN " MEMBER_ORGS, error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Org *org = g_new0 (Org, 1);

      org->text = org_text (stmt, pool_id);
      org->text_len = strlen (org->text);
      org->position = sqlite3_column_int64 (stmt, 6);
      g_hash_table_insert (orgs, g_strdup (ac_emu_column_text (stmt, 0)), org);
    }
  g_clear_pointer (&stmt, ac_emu_stmt_release);

  /* The user's nodes, then in the seed's order (organization, then node) */
  stmt = ac_emu_store_statement (self, "SELECT node_id FROM node_members WHERE user_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *node_id = ac_emu_column_text (stmt, 0);
      Member member = { g_hash_table_lookup (nodes, node_id), NULL };

      member.org = member.node != NULL ? g_hash_table_lookup (orgs, member.node->org_id) : NULL;
      if (member.org == NULL)
        {
          g_set_error (error, AC_EMU_STORE_ERROR, 0, "node %s has no organization", node_id);
          return NULL;
        }
      g_array_append_val (members, member);
    }
  g_clear_pointer (&stmt, ac_emu_stmt_release);
  g_array_sort (members, member_compare);

  /* The exact size: "[", the paths with their commas and brackets, "]" */
  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);
      guint chain_len = 0;

      size += member->org->text_len + 3;
      node_depth (nodes, member->node, MAX_DEPTH);
      for (Node *n = member->node; n != NULL && chain_len < MAX_DEPTH; n = n->parent, chain_len++)
        size += n->text_len + 1;
    }

  out = g_string_sized_new (size + 1);
  g_string_append_c (out, '[');
  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);

      g_ptr_array_set_size (chain, 0);
      for (Node *n = member->node; n != NULL && chain->len < MAX_DEPTH; n = n->parent)
        g_ptr_array_add (chain, n);

      g_string_append (out, i > 0 ? ",[" : "[");
      g_string_append_len (out, member->org->text, (gssize) member->org->text_len);
      for (guint k = chain->len; k > 0; k--)
        {
          Node *n = chain->pdata[k - 1];

          g_string_append_c (out, ',');
          g_string_append_len (out, n->text, (gssize) n->text_len);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------------------------- */
/* Roles and resources */

JsonArray *
ac_emu_store_roles_json (AcEmuStore  *self,
                         const char  *user_id,
                         const char  *ns,
                         GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autofree char *pool_id = ac_emu_store_get_meta (self, "pool_id");
  JsonArray *list;

  stmt = ac_emu_store_statement (self,
                               "SELECT r.id, r.code, r.description, r.parent_code, r.is_system,"
                               " r.created_at, r.updated_at, ns.id, ns.code"
                               " FROM roles r JOIN role_members m ON m.role_id = r.id"
                               " JOIN namespaces ns ON ns.id = r.namespace_id"
                               " WHERE m.user_id = ?1 AND (?2 IS NULL OR ns.code = ?2"
                               " OR CAST(ns.id AS TEXT) = ?2) ORDER BY r.position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  ac_emu_bind_text (stmt, 2, ns);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *role = json_object_new ();
      g_autofree char *arn = g_strdup_printf ("arn:cn:authing:%s:role:%s", pool_id,
                                              ac_emu_column_text (stmt, 0));

      _ac_emu_set_column (role, "id", stmt, 0);
      _ac_emu_set_column (role, "createdAt", stmt, 5);
      _ac_emu_set_column (role, "updatedAt", stmt, 6);
      ac_emu_json_set_string_or_null (role, "userPoolId", pool_id);
      _ac_emu_set_column (role, "code", stmt, 1);
      _ac_emu_set_column (role, "description", stmt, 2);
      _ac_emu_set_column (role, "parentCode", stmt, 3);
      json_object_set_boolean_member (role, "isSystem", sqlite3_column_int (stmt, 4) != 0);
      json_object_set_int_member (role, "namespaceId", sqlite3_column_int64 (stmt, 7));
      _ac_emu_set_column (role, "namespace", stmt, 8);
      json_object_set_string_member (role, "arn", arn);
      json_array_add_object_element (list, role);
    }
  return list;
}

JsonArray *
ac_emu_store_resources_json (AcEmuStore  *self,
                             const char  *user_id,
                             const char  *ns,
                             const char  *type,
                             GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *list;

  stmt = ac_emu_store_statement (self,
                               "SELECT r.id, r.code, r.type, r.api_identifier, g.actions"
                               " FROM resources r JOIN namespaces ns ON ns.id = r.namespace_id"
                               " JOIN grants g ON g.resource_id = r.id"
                               " WHERE ns.code = ?2 AND (?3 IS NULL OR r.type = ?3) AND ("
                               "  g.user_id = ?1"
                               "  OR g.role_id IN (SELECT m.role_id FROM role_members m"
                               "   JOIN roles ro ON ro.id = m.role_id"
                               "   WHERE m.user_id = ?1 AND ro.namespace_id = r.namespace_id)"
                               "  OR g.node_id IN (SELECT node_id FROM node_members WHERE user_id = ?1))"
                               " ORDER BY r.position, g.position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  ac_emu_bind_text (stmt, 2, ns);
  ac_emu_bind_text (stmt, 3, type);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(JsonNode) actions = ac_emu_json_parse_text (ac_emu_column_text (stmt, 4));
      JsonObject *item = g_hash_table_lookup (by_id, &id);
      JsonArray *merged;

      if (item == NULL)
        {
          item = json_object_new ();
          _ac_emu_set_column (item, "code", stmt, 1);
          _ac_emu_set_column (item, "type", stmt, 2);
          json_object_set_array_member (item, "actions", json_array_new ());
          _ac_emu_set_column (item, "apiIdentifier", stmt, 3);
          json_array_add_object_element (list, item);
          g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), item);
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
  return list;
}
