/* test-organizations-page.c: the Organizations page against a real emulator
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-organization-row.h"
#include "ac-organizations-page.h"
#include "list-test-util.h"

/* The forest as the server's paths describe it (authing-api.md §6.10), built here from the
 * raw JSON, independently of AcOrgForest. The organization item of each tree stands for its
 * root node. */
typedef struct
{
  GHashTable *name;       /* node id -> name */
  GHashTable *parent;     /* node id -> parent node id (roots absent) */
  GHashTable *depth;      /* node id -> depth */
  GHashTable *member;     /* node ids of the person's nodes */
  GHashTable *org_root;   /* org id -> root node id */
  GPtrArray  *roots;      /* root node ids, in order */
  GPtrArray  *nodes;      /* every node id, in order of first appearance */
} Forest;

static void
forest_free (Forest *forest)
{
  g_hash_table_unref (forest->name);
  g_hash_table_unref (forest->parent);
  g_hash_table_unref (forest->depth);
  g_hash_table_unref (forest->member);
  g_hash_table_unref (forest->org_root);
  g_ptr_array_unref (forest->roots);
  g_ptr_array_unref (forest->nodes);
  g_free (forest);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Forest, forest_free)

static Forest *
server_forest (LtEmulator *emu,
               AcClient   *client)
{
  g_autoptr(JsonNode) data = lt_raw_data (emu, client, "GET", "/api/v2/users/me/orgs", NULL);
  JsonArray *paths = json_node_get_array (data);
  Forest *forest = g_new0 (Forest, 1);

  forest->name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  forest->parent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  forest->depth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  forest->member = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  forest->org_root = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  forest->roots = g_ptr_array_new_with_free_func (g_free);
  forest->nodes = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (json_array_get_length (paths), >=, 2);
  for (guint i = 0; i < json_array_get_length (paths); i++)
    {
      JsonArray *path = json_array_get_array_element (paths, i);
      guint len = json_array_get_length (path);
      JsonObject *org = json_array_get_object_element (path, 0);

      g_assert_cmpuint (len, >=, 2);
      for (guint k = 1; k < len; k++)
        {
          JsonObject *node = json_array_get_object_element (path, k);
          const char *id = json_object_get_string_member (node, "id");

          if (!g_hash_table_contains (forest->name, id))
            {
              g_hash_table_insert (forest->name, g_strdup (id),
                                   g_strdup (json_object_get_string_member (node, "name")));
              g_hash_table_insert (forest->depth, g_strdup (id), GUINT_TO_POINTER (k - 1));
              g_ptr_array_add (forest->nodes, g_strdup (id));
              if (k == 1)
                {
                  g_ptr_array_add (forest->roots, g_strdup (id));
                  g_hash_table_insert (forest->org_root,
                                       g_strdup (json_object_get_string_member (org, "id")),
                                       g_strdup (id));
                }
              else
                g_hash_table_insert (forest->parent, g_strdup (id),
                                     g_strdup (json_object_get_string_member (json_array_get_object_element (path, k - 1), "id")));
            }
          if (k == len - 1)
            g_hash_table_add (forest->member, g_strdup (id));
        }
    }

  return forest;
}

/* The node id an item of the page stands for (an organization stands for its root node). */
static const char *
node_id_of (Forest         *forest,
            AcOrganization *org)
{
  if (ac_organization_get_kind (org) == AC_ORGANIZATION_KIND_ORG)
    return g_hash_table_lookup (forest->org_root, ac_organization_get_id (org));
  return ac_organization_get_id (org);
}

static gboolean
has_member_below (Forest     *forest,
                  const char *id)
{
  GHashTableIter iter;
  gpointer member;

  g_hash_table_iter_init (&iter, forest->member);
  while (g_hash_table_iter_next (&iter, &member, NULL))
    for (const char *p = g_hash_table_lookup (forest->parent, member); p != NULL;
         p = g_hash_table_lookup (forest->parent, p))
      if (g_str_equal (p, id))
        return TRUE;

  return FALSE;
}

static GListModel *
shown_model (GtkWidget *page)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (lt_list_view_of (page))));
}

/* Checks the drawn rows: the name, and the "Your position" mark exactly on the person's nodes. */
static void
assert_drawn_rows (GtkWidget *page,
                   Forest    *forest,
                   guint      n_expected)
{
  g_autoptr(GPtrArray) rows = lt_wait_rows (page, AC_TYPE_ORGANIZATION_ROW, n_expected);
  guint n_marked = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      AcOrganization *org = ac_organization_row_get_organization (AC_ORGANIZATION_ROW (row));
      const char *id = node_id_of (forest, org);
      gboolean member = g_hash_table_contains (forest->member, id);
      g_autofree char *name = lt_first_label (row);

      g_assert_cmpstr (name, ==, g_hash_table_lookup (forest->name, id));
      g_assert_cmpint (lt_has_label (row, "Your position"), ==, member);
      n_marked += member;
    }
  g_assert_cmpuint (n_marked, >, 0);
}

static void
test_organizations_tree (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(Forest) forest = NULL;
  GtkWidget *page, *window;
  GListModel *model;
  guint n_roots = 0;

  lt_account_load_all (account);

  page = ac_organizations_page_new (account);
  window = lt_window_new (page, 900, 1100);
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");

  forest = server_forest (emu, client);

  /* Expanded down to the person's nodes, so every node of the paths is a row, at its depth,
   * below its parent, and a row is expanded exactly when one of the person's nodes is below. */
  model = shown_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, forest->nodes->len);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(AcOrganization) org = gtk_tree_list_row_get_item (row);
      const char *id = node_id_of (forest, org);
      const char *parent_id = g_hash_table_lookup (forest->parent, id);

      g_assert_nonnull (id);
      g_assert_cmpstr (ac_organization_get_name (org), ==, g_hash_table_lookup (forest->name, id));
      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (forest->depth, id)));
      g_assert_cmpint (gtk_tree_list_row_get_expanded (row), ==, has_member_below (forest, id));
      g_assert_cmpint (ac_organization_get_is_member (org), ==, g_hash_table_contains (forest->member, id));

      if (parent_id != NULL)
        {
          g_autoptr(GtkTreeListRow) parent_row = gtk_tree_list_row_get_parent (row);
          g_autoptr(AcOrganization) parent = gtk_tree_list_row_get_item (parent_row);
          g_assert_cmpstr (node_id_of (forest, parent), ==, parent_id);
        }
      else
        {
          /* The roots, in the server's order. */
          g_assert_cmpuint (n_roots, <, forest->roots->len);
          g_assert_cmpstr (id, ==, g_ptr_array_index (forest->roots, n_roots));
          g_assert_cmpint (ac_organization_get_kind (org), ==, AC_ORGANIZATION_KIND_ORG);
          n_roots++;
        }
    }
  g_assert_cmpuint (n_roots, ==, forest->roots->len);

  assert_drawn_rows (page, forest, forest->nodes->len);
  lt_assert_fits_narrow (page);

  lt_screenshot (window, "organizations");
  lt_screenshot_narrow (window, "organizations");

  /* Activating the first organization (Enter) closes it, and again opens it. */
  {
    g_autoptr(GtkTreeListRow) first = g_list_model_get_item (model, 0);
    GtkWidget *list_view = lt_list_view_of (page);

    g_assert_true (gtk_tree_list_row_get_expanded (first));
    g_signal_emit_by_name (list_view, "activate", 0);
    g_assert_false (gtk_tree_list_row_get_expanded (first));
    g_assert_cmpuint (g_list_model_get_n_items (model), <, forest->nodes->len);
    g_signal_emit_by_name (list_view, "activate", 0);
    g_assert_true (gtk_tree_list_row_get_expanded (first));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_organizations_search (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(Forest) forest = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  const char *target = NULL;
  guint best_depth = 0;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *page, *window, *entry;
  GListModel *model;

  /* The page fetches the forest itself when the store is empty. */
  page = ac_organizations_page_new (account);
  window = lt_window_new (page, 900, 1100);
  g_assert_cmpstr (lt_view (page), ==, "loading");
  lt_wait_loaded (page);

  forest = server_forest (emu, client);

  /* Search for the deepest of the person's nodes by its full name: that node and the way down
   * to it remain, everything else goes. */
  for (guint i = 0; i < forest->nodes->len; i++)
    {
      const char *id = g_ptr_array_index (forest->nodes, i);
      guint depth = GPOINTER_TO_UINT (g_hash_table_lookup (forest->depth, id));

      if (g_hash_table_contains (forest->member, id) && depth >= best_depth)
        {
          target = id;
          best_depth = depth;
        }
    }
  g_assert_nonnull (target);
  g_assert_cmpuint (best_depth, >=, 2);
  for (const char *p = target; p != NULL; p = g_hash_table_lookup (forest->parent, p))
    g_hash_table_add (expected, (gpointer) p);

  entry = lt_find (page, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), g_hash_table_lookup (forest->name, target));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = lt_wait_rows (page, AC_TYPE_ORGANIZATION_ROW, g_hash_table_size (expected));
  g_assert_cmpstr (lt_view (page), ==, "list");

  model = shown_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_hash_table_size (expected));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(AcOrganization) org = gtk_tree_list_row_get_item (row);

      g_assert_true (g_hash_table_contains (expected, node_id_of (forest, org)));
    }
  assert_drawn_rows (page, forest, g_hash_table_size (expected));
  lt_screenshot (window, "organizations-search");

  /* No match at all. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "no-such-department-anywhere");
  lt_wait_view (page, "no-results");
  g_assert_true (lt_has_label (page, "No Results Found"));

  /* Cleared: the tree is back, expanded down to the person's nodes. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  lt_wait_view (page, "list");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = lt_wait_rows (page, AC_TYPE_ORGANIZATION_ROW, forest->nodes->len);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (page)), ==, forest->nodes->len);

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_organizations_empty (void)
{
  g_autofree char *pool = lt_fixture_pool ("ui-lists.json");
  LtEmulator *emu = lt_emulator_start (pool);
  g_autoptr(AcClient) client = lt_sign_in (emu, "nobody");
  g_autoptr(AcAccount) account = ac_account_new (client);
  GtkWidget *page, *window;

  page = ac_organizations_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "empty");
  g_assert_true (lt_has_label (page, "No Organizations"));
  lt_screenshot (window, "organizations-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

int
main (int   argc,
      char *argv[])
{
  lt_init (&argc, &argv);

  g_test_add_func ("/ui/organizations/tree", test_organizations_tree);
  g_test_add_func ("/ui/organizations/search", test_organizations_search);
  g_test_add_func ("/ui/organizations/empty", test_organizations_empty);

  return g_test_run ();
}
