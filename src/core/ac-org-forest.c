/* ac-org-forest.c: the user's organizations as a forest (authing-api.md §6.10)
 *
 * listOrgs answers a 2-D array: each inner array is one path, the org first, then the nodes
 * from the org's root node down to a node the user belongs to. merge_org_paths() folds the
 * paths into one tree per org:
 *
 * - the top-level item is the org (kind ORG), named after its root node, whose children are
 *   the root node's children; the root node itself is not a separate item;
 * - orgs are de-duplicated by id and nodes merged by id, in the order of first appearance;
 * - the last element of each path is one of the user's own nodes (is-member);
 * - an item without a name is named after its code, or else its id;
 * - a path must be an array whose first element is an org, whose second is that org's root
 *   node, and whose every node belongs to that org and keeps the parent it had in earlier
 *   paths; anything else is %AC_ERROR_INVALID_RESPONSE naming the path and element;
 * - an org or node is read from its first appearance; later ones are checked only for what
 *   places them (type, id, org, parent), the rest of them is not read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-org-forest"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-org-forest-private.h"
#include "ac-organization-private.h"

/* Deeper paths are refused: no real organization is that deep, and it bounds the recursion
 * of finalizing the tree. */
#define MAX_PATH_LENGTH 256

struct _AcOrgForest
{
  GObject     parent_instance;

  GListStore *orgs;
  /* org id → top-level AcOrganization */
  GHashTable *org_items;
  /* node id → NodeEntry */
  GHashTable *nodes;
  /* the user's own items, in order, without duplicates */
  GPtrArray  *members;
  /* org item → the nodes of the path of that org merged last, from its root node (GPtrArray of
   * NodeEntry, borrowed): a path mostly repeats the one before it in its org, whose nodes are
   * found there without a look-up in @nodes (which, at tens of thousands of nodes, is a cache
   * miss or two each) */
  GHashTable *last_paths;
  AcOrganization *last_org;   /* of the path merged last (borrowed) */
};

typedef struct {
  AcOrganization *item;     /* the item showing this node (the org item for a root node) */
  AcOrganization *parent;   /* NULL for a root node */
  char           *org_id;
  const char     *id;       /* the node's id (the key in @nodes) */
} NodeEntry;

static void
node_entry_free (gpointer data)
{
  NodeEntry *entry = data;

  g_free (entry->org_id);
  g_free (entry);
}

static GType
ac_org_forest_get_item_type (GListModel *model)
{
  return AC_TYPE_ORGANIZATION;
}

static guint
ac_org_forest_get_n_items (GListModel *model)
{
  AcOrgForest *self = AC_ORG_FOREST (model);

  return g_list_model_get_n_items (G_LIST_MODEL (self->orgs));
}

static gpointer
ac_org_forest_get_item (GListModel *model,
                        guint       position)
{
  AcOrgForest *self = AC_ORG_FOREST (model);

  return g_list_model_get_item (G_LIST_MODEL (self->orgs), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ac_org_forest_get_item_type;
  iface->get_n_items = ac_org_forest_get_n_items;
  iface->get_item = ac_org_forest_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (AcOrgForest, ac_org_forest, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
ac_org_forest_finalize (GObject *object)
{
  AcOrgForest *self = (AcOrgForest *) object;

  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->org_items, g_hash_table_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->last_paths, g_hash_table_unref);
  g_clear_object (&self->orgs);

  G_OBJECT_CLASS (ac_org_forest_parent_class)->finalize (object);
}

static void
ac_org_forest_class_init (AcOrgForestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ac_org_forest_finalize;
}

static void
ac_org_forest_init (AcOrgForest *self)
{
  self->orgs = g_list_store_new (AC_TYPE_ORGANIZATION);
  self->org_items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, node_entry_free);
  self->members = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_paths = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ac_org_forest_new:
 *
 * Returns: (transfer full): an empty forest (a user in no organization)
 */
AcOrgForest *
ac_org_forest_new (void)
{
  return g_object_new (AC_TYPE_ORG_FOREST, NULL);
}

static void
set_path_error (GError     **error,
                guint        path,
                guint        element,
                const char  *what)
{
  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               /* Translators: the %u are indexes in the list of organizations, the %s says
                * what is wrong */
               _("Malformed answer: organizations[%u][%u]: %s"), path, element, what);
}

/* Set (in the thread that builds the forest, before anyone else sees the items) on every item
 * with one of the user's nodes strictly below it, and on each top-level item the number of the
 * user's nodes in its tree: the page opens the way to them and counts them without walking
 * (and so creating) every child store on the main thread. */
static GQuark
member_below_quark (void)
{
  return g_quark_from_static_string ("ac-org-forest-member-below");
}

static GQuark
n_members_quark (void)
{
  return g_quark_from_static_string ("ac-org-forest-n-members");
}

/* Items are made by this forest alone, so is-member says whether it is listed already. */
static void
mark_member (AcOrgForest    *self,
             AcOrganization *org_item,
             AcOrganization *item)
{
  guint n;

  if (ac_organization_get_is_member (item))
    return;

  _ac_organization_set_is_member (item, TRUE);
  g_ptr_array_add (self->members, g_object_ref (item));
  n = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (org_item), n_members_quark ()));
  g_object_set_qdata (G_OBJECT (org_item), n_members_quark (), GUINT_TO_POINTER (n + 1));
}

static void
mark_member_below (AcOrganization *item)
{
  g_object_set_qdata (G_OBJECT (item), member_below_quark (), GUINT_TO_POINTER (TRUE));
}

static JsonObject *
element_object (JsonArray  *path,
                guint       path_index,
                guint       index,
                GError    **error)
{
  JsonNode *node = json_array_get_element (path, index);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = g_strdup_printf (_("should be an object, not %s"),
                                               ac_json_node_type_name (node));
      set_path_error (error, path_index, index, what);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
check_type (JsonObject          *object,
            AcOrganizationKind   expected,
            guint                path_index,
            guint                index,
            GError             **error)
{
  g_autofree char *type = NULL;
  const char *wanted = expected == AC_ORGANIZATION_KIND_ORG ? "org" : "node";

  if (!ac_json_get_string (object, "type", FALSE, &type, error))
    {
      g_prefix_error (error, "organizations[%u][%u]: ", path_index, index);
      return FALSE;
    }

  if (type != NULL && !g_str_equal (type, wanted))
    {
      set_path_error (error, path_index, index,
                      expected == AC_ORGANIZATION_KIND_ORG
                      ? _("the first element is not an organization")
                      : _("a node was expected after the organization"));
      return FALSE;
    }

  return TRUE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AcOrganizationFields, _ac_organization_fields_clear)

/* A string member as it is, not copied: NULL when absent or null; anything but a string sets
 * @other (the full checks then say what is wrong) */
static const char *
peek_string (JsonObject *object,
             const char *member,
             gboolean   *other)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  *other = TRUE;
  return NULL;
}

/* Whether the first element of @path is @org (type and id only: the rest of a repeated org
 * is not read) */
static gboolean
repeats_org (JsonArray      *path,
             AcOrganization *org)
{
  JsonNode *node = json_array_get_element (path, 0);
  gboolean other = FALSE;
  const char *type, *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  type = peek_string (json_node_get_object (node), "type", &other);
  id = peek_string (json_node_get_object (node), "id", &other);
  return !other && id != NULL && g_str_equal (id, ac_organization_get_id (org)) &&
         (type == NULL || g_str_equal (type, "org"));
}

/* Whether element @index of @path is, as far as placing it goes, @same: the node at that depth
 * of the path before, under the same parent, in the same organization. Such a node is taken as
 * it is, with nothing copied; anything else (or anything wrong) goes through the full checks. */
static gboolean
repeats (JsonArray      *path,
         guint           index,
         NodeEntry      *same,
         AcOrganization *parent,
         AcOrganization *org_item)
{
  JsonNode *node = json_array_get_element (path, index);
  const char *org_id = ac_organization_get_id (org_item);
  JsonObject *object;
  gboolean other = FALSE;
  const char *type, *id, *node_org_id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || same->parent != parent ||
      !g_str_equal (same->org_id, org_id))
    return FALSE;

  object = json_node_get_object (node);
  type = peek_string (object, "type", &other);
  id = peek_string (object, "id", &other);
  node_org_id = peek_string (object, "orgId", &other);
  if (other || id == NULL || !g_str_equal (id, same->id) ||
      (type != NULL && !g_str_equal (type, "node")) ||
      (node_org_id != NULL && !g_str_equal (node_org_id, org_id)))
    return FALSE;

  /* the first node must be the org's root node */
  if (index == 1 && ac_organization_get_root_node_id (org_item) != NULL &&
      !g_str_equal (ac_organization_get_root_node_id (org_item), id))
    return FALSE;

  return TRUE;
}

/* On the wire most elements repeat the ancestors of earlier paths. An org or node seen for the
 * first time is read and checked whole and made into an item; a repeated one stands for the
 * same org or node, so only what places it in the tree (type, id, org, parent) is read and
 * checked again. So the work per path stays the same however many paths there are. */
static gboolean
merge_path (AcOrgForest  *self,
            JsonArray    *path,
            guint         path_index,
            GError      **error)
{
  g_auto(AcOrganizationFields) org = { NULL, };
  AcOrganization *org_item;
  AcOrganization *parent = NULL;
  AcOrganization *last;
  JsonObject *object;
  guint length = json_array_get_length (path);
  const char *org_id;
  GPtrArray *last_path;

  if (length == 0)
    {
      set_path_error (error, path_index, 0, _("the path is empty"));
      return FALSE;
    }
  if (length > MAX_PATH_LENGTH)
    {
      set_path_error (error, path_index, MAX_PATH_LENGTH, _("the path is too deep"));
      return FALSE;
    }

  /* The org: most often the one of the path before */
  if (self->last_org != NULL && repeats_org (path, self->last_org))
    {
      org_item = self->last_org;
      goto nodes;
    }

  object = element_object (path, path_index, 0, error);
  if (object == NULL || !check_type (object, AC_ORGANIZATION_KIND_ORG, path_index, 0, error))
    return FALSE;

  if (!ac_json_get_id (object, "id", TRUE, &org.id, error))
    {
      g_prefix_error (error, "organizations[%u][0]: ", path_index);
      return FALSE;
    }

  org_item = g_hash_table_lookup (self->org_items, org.id);
  if (org_item == NULL)
    {
      g_clear_pointer (&org.id, g_free);
      if (!_ac_organization_fields_read (object, AC_ORGANIZATION_KIND_ORG, &org, error))
        {
          g_prefix_error (error, "organizations[%u][0]: ", path_index);
          return FALSE;
        }
      org_item = _ac_organization_new_from_fields (AC_ORGANIZATION_KIND_ORG, &org);
      g_list_store_append (self->orgs, org_item);
      g_hash_table_insert (self->org_items, g_strdup (ac_organization_get_id (org_item)), org_item);
      g_object_unref (org_item);   /* the store keeps it */
    }
  self->last_org = org_item;

nodes:
  org_id = ac_organization_get_id (org_item);
  last_path = g_hash_table_lookup (self->last_paths, org_item);
  if (last_path == NULL)
    {
      last_path = g_ptr_array_new ();
      g_hash_table_insert (self->last_paths, org_item, last_path);
    }

  last = org_item;

  /* The nodes, from the root down */
  for (guint i = 1; i < length; i++)
    {
      g_auto(AcOrganizationFields) node = { NULL, };
      NodeEntry *entry;

      /* Most often, the node at this depth of the path before */
      if (i - 1 < last_path->len &&
          repeats (path, i, g_ptr_array_index (last_path, i - 1), parent, org_item))
        {
          entry = g_ptr_array_index (last_path, i - 1);
          parent = entry->item;
          last = entry->item;
          continue;
        }

      object = element_object (path, path_index, i, error);
      if (object == NULL || !check_type (object, AC_ORGANIZATION_KIND_NODE, path_index, i, error))
        return FALSE;

      if (!ac_json_get_id (object, "id", TRUE, &node.id, error))
        {
          g_prefix_error (error, "organizations[%u][%u]: ", path_index, i);
          return FALSE;
        }

      /* A node seen before: only what places it is read again (most often it is the one at
       * the same depth of the path before) */
      if (i - 1 < last_path->len &&
          g_str_equal (((NodeEntry *) g_ptr_array_index (last_path, i - 1))->id, node.id))
        entry = g_ptr_array_index (last_path, i - 1);
      else
        entry = g_hash_table_lookup (self->nodes, node.id);
      if (entry == NULL)
        {
          g_clear_pointer (&node.id, g_free);
          if (!_ac_organization_fields_read (object, AC_ORGANIZATION_KIND_NODE, &node, error))
            {
              g_prefix_error (error, "organizations[%u][%u]: ", path_index, i);
              return FALSE;
            }
        }
      else if (!ac_json_get_id (object, "orgId", FALSE, &node.org_id, error))
        {
          g_prefix_error (error, "organizations[%u][%u]: ", path_index, i);
          return FALSE;
        }

      if (node.org_id != NULL && !g_str_equal (node.org_id, org_id))
        {
          set_path_error (error, path_index, i, _("the node belongs to another organization"));
          return FALSE;
        }

      if (i == 1)
        {
          const char *root_id = ac_organization_get_root_node_id (org_item);

          if (root_id != NULL && !g_str_equal (root_id, node.id))
            {
              set_path_error (error, path_index, i,
                              _("the first node is not the root node of the organization"));
              return FALSE;
            }
        }

      if (entry != NULL)
        {
          if (!g_str_equal (entry->org_id, org_id))
            {
              set_path_error (error, path_index, i, _("the node belongs to another organization"));
              return FALSE;
            }
          if (entry->parent != parent)
            {
              set_path_error (error, path_index, i,
                              _("the node appears under two different parents"));
              return FALSE;
            }
        }
      else
        {
          g_autoptr(AcOrganization) item = _ac_organization_new_from_fields (AC_ORGANIZATION_KIND_NODE, &node);

          entry = g_new0 (NodeEntry, 1);
          entry->parent = parent;
          entry->org_id = g_strdup (org_id);

          if (i == 1)
            {
              /* The root node is shown by the org item */
              _ac_organization_adopt_root_node (org_item, item);
              entry->item = org_item;
            }
          else
            {
              entry->item = item;
              _ac_organization_append_child (parent, item);
            }

          entry->id = g_strdup (ac_organization_get_id (item));
          g_hash_table_insert (self->nodes, (char *) entry->id, entry);
        }

      if (i - 1 < last_path->len)
        g_ptr_array_index (last_path, i - 1) = entry;
      else
        g_ptr_array_add (last_path, entry);

      parent = entry->item;
      last = entry->item;
    }

  g_ptr_array_set_size (last_path, length - 1);

  /* Every item above the user's node leads to it (the root node is shown by the org item),
   * marked from the node's parent up. An item marked before has its own ancestors marked: the
   * walk stops there, so a path that repeats the one before touches none of them. */
  for (guint d = length >= 3 ? length - 2 : 0; d > 0; d--)
    {
      AcOrganization *above = ((NodeEntry *) g_ptr_array_index (last_path, d - 1))->item;

      if (ac_org_forest_item_has_member_below (above))
        break;
      mark_member_below (above);
    }

  mark_member (self, org_item, last);
  return TRUE;
}

/**
 * ac_org_forest_new_from_json:
 * @paths: `data` of `users/<id>/orgs` (or `users/me/orgs`): an array of paths
 * @error: return location for a #GError
 *
 * Merges the paths into one tree per organization (see the top of this file). A %NULL or
 * empty @paths gives an empty forest.
 *
 * Returns: (transfer full): the forest, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
AcOrgForest *
ac_org_forest_new_from_json (JsonArray  *paths,
                             GError    **error)
{
  g_autoptr(AcOrgForest) self = ac_org_forest_new ();
  guint n = paths != NULL ? json_array_get_length (paths) : 0;

  for (guint i = 0; i < n; i++)
    if (!_ac_org_forest_add_path (self, json_array_get_element (paths, i), i, error))
      return NULL;

  _ac_org_forest_finish (self);
  return g_steal_pointer (&self);
}

/* One path of the answer (element @index of its array), merged into @self as soon as it is
 * parsed (see ac_json_parse_streaming()): the paths are then checked and merged in order. */
gboolean
_ac_org_forest_add_path (AcOrgForest  *self,
                         JsonNode     *node,
                         guint         index,
                         GError      **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %u is an index, the last %s a JSON type (not translated) */
                   _("Malformed answer: organizations[%u] should be an array, not %s"),
                   index, ac_json_node_type_name (node));
      return FALSE;
    }

  return merge_path (self, json_node_get_array (node), index, error);
}

/* Once every path is merged: every item shows something (an org without a root node, or a
 * node without a name, shows its code or else its id). */
void
_ac_org_forest_finish (AcOrgForest *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->org_items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _ac_organization_ensure_name (value);

  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _ac_organization_ensure_name (((NodeEntry *) value)->item);
}

/**
 * ac_org_forest_lookup:
 * @self: a forest
 * @id: an org id or a node id
 *
 * Returns: (transfer none) (nullable): the item showing @id (for a root node id, its org item)
 */
AcOrganization *
ac_org_forest_lookup (AcOrgForest *self,
                      const char  *id)
{
  NodeEntry *entry;

  g_return_val_if_fail (AC_IS_ORG_FOREST (self), NULL);

  if (id == NULL)
    return NULL;

  entry = g_hash_table_lookup (self->nodes, id);
  if (entry != NULL)
    return entry->item;

  return g_hash_table_lookup (self->org_items, id);
}

/**
 * ac_org_forest_get_member_nodes:
 *
 * Returns: (transfer container) (element-type AcOrganization): the user's own items, in the
 *   order of the paths, each once
 */
GPtrArray *
ac_org_forest_get_member_nodes (AcOrgForest *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (AC_IS_ORG_FOREST (self), NULL);

  copy = g_ptr_array_new_full (self->members->len, g_object_unref);
  for (guint i = 0; i < self->members->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (self->members, i)));

  return copy;
}

/**
 * ac_org_forest_create_child_model:
 * @item: (type AcOrganization): an item of the forest
 * @user_data: unused
 *
 * A `GtkTreeListModelCreateModelFunc`: the children of @item, or %NULL for a leaf (so that
 * leaves show no expander).
 *
 * Returns: (transfer full) (nullable): the children
 */
GListModel *
ac_org_forest_create_child_model (gpointer item,
                                  gpointer user_data)
{
  GListModel *children;

  if (!AC_IS_ORGANIZATION (item))
    return NULL;

  children = ac_organization_get_children (item);
  if (g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

/**
 * ac_org_forest_item_has_member_below:
 * @item: an item of a forest made by ac_org_forest_new_from_json()
 *
 * Whether one of the user's nodes is strictly below @item (known from the build: nothing is
 * walked, no child store is created).
 */
gboolean
ac_org_forest_item_has_member_below (AcOrganization *item)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (item), FALSE);

  return g_object_get_qdata (G_OBJECT (item), member_below_quark ()) != NULL;
}

/**
 * ac_org_forest_item_count_members:
 * @item: a top-level item of a forest made by ac_org_forest_new_from_json()
 *
 * Returns: how many of the user's nodes the organization's tree holds
 */
guint
ac_org_forest_item_count_members (AcOrganization *item)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (item), 0);

  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (item), n_members_quark ()));
}
