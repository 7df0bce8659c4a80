/* test-org-forest-tree.c: the forest expanded by a real GtkTreeListModel, as the
 * organizations page does (the model needs no display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "core-test-util.h"

static char *
flatten (GListModel *rows)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(AcOrganization) item = gtk_tree_list_row_get_item (row);

      if (i > 0)
        g_string_append (out, "|");
      for (guint d = 0; d < gtk_tree_list_row_get_depth (row); d++)
        g_string_append (out, "  ");
      g_string_append (out, ac_organization_get_name (item));
      if (ac_organization_get_is_member (item))
        g_string_append (out, "*");
      if (gtk_tree_list_row_is_expandable (row))
        g_string_append (out, gtk_tree_list_row_get_expanded (row) ? " -" : " +");
    }

  return g_string_free (out, FALSE);
}

static void
test_expand (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("orgs-forest.json");
  JsonNode *data = core_test_envelope_data (root);
  g_autoptr(GError) error = NULL;
  AcOrgForest *forest = ac_org_forest_new_from_json (json_node_get_array (data), &error);
  gpointer weak_forest = forest;
  GtkTreeListModel *tree;
  gpointer weak_tree;
  g_autofree char *expanded = NULL;
  g_autofree char *collapsed = NULL;
  g_autofree char *one_open = NULL;

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (forest), &weak_forest);

  /* Everything expanded (the tree list model takes a reference of its root model) */
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (forest)), FALSE, TRUE,
                                  ac_org_forest_create_child_model, NULL, NULL);
  weak_tree = tree;
  g_object_add_weak_pointer (G_OBJECT (tree), &weak_tree);
  expanded = flatten (G_LIST_MODEL (tree));
  g_assert_cmpstr (expanded, ==,
                   "Acme -|"
                   "  Research & Development* -|"
                   "    Backend*|"
                   "    Frontend*|"
                   "  Sales*|"
                   "Beta Ltd* -|"
                   "  Operations*");
  g_object_unref (tree);
  g_assert_null (weak_tree);

  /* Collapsed, then one level opened by hand */
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (forest)), FALSE, FALSE,
                                  ac_org_forest_create_child_model, NULL, NULL);
  weak_tree = tree;
  g_object_add_weak_pointer (G_OBJECT (tree), &weak_tree);
  collapsed = flatten (G_LIST_MODEL (tree));
  g_assert_cmpstr (collapsed, ==, "Acme +|Beta Ltd* +");

  {
    g_autoptr(GtkTreeListRow) acme = gtk_tree_list_model_get_row (tree, 0);

    gtk_tree_list_row_set_expanded (acme, TRUE);
  }
  one_open = flatten (G_LIST_MODEL (tree));
  g_assert_cmpstr (one_open, ==, "Acme -|  Research & Development* +|  Sales*|Beta Ltd* +");

  g_object_unref (tree);
  g_assert_null (weak_tree);
  g_assert_nonnull (weak_forest);
  g_object_unref (forest);
  g_assert_null (weak_forest);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/org-forest/gtk-tree-list-model", test_expand);

  return g_test_run ();
}
