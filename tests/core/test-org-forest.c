/* test-org-forest.c: the listOrgs paths merged into a forest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

static AcOrgForest *
forest_from_data (JsonNode  *data,
                  GError   **error)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (data));
  return ac_org_forest_new_from_json (json_node_get_array (data), error);
}

static AcOrgForest *
forest_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) root = core_test_parse (json);

  return forest_from_data (root, error);
}

/* Walks the forest the way GtkTreeListModel does (through the create-func) and writes it as
 * name[children], with * after the user's own items. */
static void
describe_level (GListModel *model,
                GString    *out)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcOrganization) item = g_list_model_get_item (model, i);
      g_autoptr(GListModel) children = ac_org_forest_create_child_model (item, NULL);

      if (i > 0)
        g_string_append (out, ",");
      g_string_append (out, ac_organization_get_name (item));
      if (ac_organization_get_is_member (item))
        g_string_append (out, "*");

      if (children != NULL)
        {
          g_assert_cmpuint (g_list_model_get_n_items (children), >, 0);
          g_string_append (out, "[");
          describe_level (children, out);
          g_string_append (out, "]");
        }
      else
        {
          g_assert_cmpuint (ac_organization_get_n_children (item), ==, 0);
        }
    }
}

static char *
describe (AcOrgForest *forest)
{
  GString *out = g_string_new (NULL);

  describe_level (G_LIST_MODEL (forest), out);
  return g_string_free (out, FALSE);
}

static void
collect_weak (GListModel *model,
              GPtrArray  *slots)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AcOrganization) item = g_list_model_get_item (model, i);
      gpointer *slot = g_new (gpointer, 1);

      *slot = item;
      g_object_add_weak_pointer (G_OBJECT (item), slot);
      g_ptr_array_add (slots, slot);
      collect_weak (ac_organization_get_children (item), slots);
    }
}

/* Unrefs FOREST and asserts that it and every item are finalized. */
static void
assert_all_finalized (AcOrgForest *forest)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (g_free);
  gpointer weak_forest = forest;

  collect_weak (G_LIST_MODEL (forest), slots);
  g_object_add_weak_pointer (G_OBJECT (forest), &weak_forest);
  g_object_unref (forest);

  g_assert_null (weak_forest);
  for (guint i = 0; i < slots->len; i++)
    g_assert_null (*(gpointer *) g_ptr_array_index (slots, i));
}

static void
test_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("orgs.json");
  g_autoptr(GError) error = NULL;
  AcOrgForest *forest = forest_from_data (core_test_envelope_data (root), &error);
  g_autoptr(AcOrganization) org = NULL;
  AcOrganization *dev;
  g_autofree char *text = NULL;
  g_autoptr(GListModel) leaf_children = NULL;

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (forest)) == AC_TYPE_ORGANIZATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forest)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (forest), 1));

  text = describe (forest);
  g_assert_cmpstr (text, ==, "HR[DevHR*]");

  org = g_list_model_get_item (G_LIST_MODEL (forest), 0);
  g_assert_cmpint (ac_organization_get_kind (org), ==, AC_ORGANIZATION_KIND_ORG);
  g_assert_cmpstr (ac_organization_get_id (org), ==, "6108e6fd64c0de1975728fe9");
  g_assert_cmpstr (ac_organization_get_org_id (org), ==, "6108e6fd64c0de1975728fe9");
  g_assert_cmpstr (ac_organization_get_root_node_id (org), ==, "6108e6fd552ad0a95a2ac771");
  g_assert_cmpstr (ac_organization_get_name (org), ==, "HR");
  g_assert_null (ac_organization_get_code (org));
  g_assert_null (ac_organization_get_logo (org));
  g_assert_cmpstr (ac_organization_get_user_pool_id (org), ==, "60ca…");
  g_assert_false (ac_organization_get_is_member (org));
  g_assert_cmpuint (ac_organization_get_n_children (org), ==, 1);

  dev = ac_organization_get_child (org, 0);
  g_assert_cmpint (ac_organization_get_kind (dev), ==, AC_ORGANIZATION_KIND_NODE);
  g_assert_cmpstr (ac_organization_get_id (dev), ==, "6108e710…");
  g_assert_cmpstr (ac_organization_get_org_id (dev), ==, "6108e6fd64c0de1975728fe9");
  g_assert_cmpstr (ac_organization_get_name (dev), ==, "DevHR");
  g_assert_true (ac_organization_get_is_member (dev));
  leaf_children = ac_org_forest_create_child_model (dev, NULL);
  g_assert_null (leaf_children);
  g_assert_null (ac_organization_get_child (dev, 0));

  /* The root node is shown by the org item */
  g_assert_true (ac_org_forest_lookup (forest, "6108e6fd552ad0a95a2ac771") == org);
  g_assert_true (ac_org_forest_lookup (forest, "6108e6fd64c0de1975728fe9") == org);
  g_assert_true (ac_org_forest_lookup (forest, "6108e710…") == dev);
  g_assert_null (ac_org_forest_lookup (forest, "nope"));

  g_clear_object (&org);
  assert_all_finalized (forest);
}

static void
assert_node (AcOrganization *item,
             const char     *id,
             const char     *name,
             const char     *code,
             gboolean        is_member,
             guint           n_children)
{
  g_assert_nonnull (item);
  g_assert_cmpint (ac_organization_get_kind (item), ==, AC_ORGANIZATION_KIND_NODE);
  g_assert_cmpstr (ac_organization_get_id (item), ==, id);
  g_assert_cmpstr (ac_organization_get_name (item), ==, name);
  g_assert_cmpstr (ac_organization_get_code (item), ==, code);
  g_assert_cmpint (ac_organization_get_is_member (item), ==, is_member);
  g_assert_cmpuint (ac_organization_get_n_children (item), ==, n_children);
}

static void
test_merge (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("orgs-forest.json");
  g_autoptr(GError) error = NULL;
  AcOrgForest *forest = forest_from_data (core_test_envelope_data (root), &error);
  g_autoptr(AcOrganization) acme = NULL;
  g_autoptr(AcOrganization) beta = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *text = NULL;
  AcOrganization *rd;
  gboolean is_member = FALSE;
  AcOrganizationKind kind = AC_ORGANIZATION_KIND_NODE;
  g_autoptr(GListModel) children = NULL;

  g_assert_no_error (error);

  /* Seven paths, two organizations; orgA repeated five times, one path twice */
  text = describe (forest);
  g_assert_cmpstr (text, ==,
                   "Acme[Research & Development*[Backend*,Frontend*],Sales*],Beta Ltd*[Operations*]");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forest)), ==, 2);
  acme = g_list_model_get_item (G_LIST_MODEL (forest), 0);
  beta = g_list_model_get_item (G_LIST_MODEL (forest), 1);

  /* The org item: the org's id, its root node's name, code, description, leader */
  g_assert_cmpint (ac_organization_get_kind (acme), ==, AC_ORGANIZATION_KIND_ORG);
  g_assert_cmpstr (ac_organization_get_id (acme), ==, "orgA");
  g_assert_cmpstr (ac_organization_get_root_node_id (acme), ==, "a-root");
  g_assert_cmpstr (ac_organization_get_name (acme), ==, "Acme");
  g_assert_cmpstr (ac_organization_get_code (acme), ==, "acme");
  g_assert_cmpstr (ac_organization_get_description (acme), ==, "Acme Inc.");
  g_assert_cmpstr (ac_organization_get_leader_user_id (acme), ==, "u-boss");
  g_assert_cmpint (ac_organization_get_order (acme), ==, 1);
  g_assert_false (ac_organization_get_is_member (acme));
  g_assert_cmpuint (ac_organization_get_n_children (acme), ==, 2);

  /* R&D: the user's own node and the ancestor of two more of them */
  rd = ac_organization_get_child (acme, 0);
  assert_node (rd, "a-rd", "Research & Development", "rd", TRUE, 2);
  g_assert_cmpint (ac_organization_get_order (rd), ==, 2);
  g_assert_cmpstr (ac_organization_get_org_id (rd), ==, "orgA");
  assert_node (ac_organization_get_child (rd, 0), "a-rd-be", "Backend", "be", TRUE, 0);
  assert_node (ac_organization_get_child (rd, 1), "a-rd-fe", "Frontend", "fe", TRUE, 0);
  assert_node (ac_organization_get_child (acme, 1), "a-sales", "Sales", "sales", TRUE, 0);

  /* Beta: the user is in its root node itself */
  g_assert_cmpint (ac_organization_get_kind (beta), ==, AC_ORGANIZATION_KIND_ORG);
  g_assert_cmpstr (ac_organization_get_id (beta), ==, "orgB");
  g_assert_cmpstr (ac_organization_get_name (beta), ==, "Beta Ltd");
  g_assert_null (ac_organization_get_code (beta));
  g_assert_cmpstr (ac_organization_get_logo (beta), ==, "https://example.com/beta.png");
  g_assert_cmpstr (ac_organization_get_description (beta), ==, "Beta's root");
  g_assert_true (ac_organization_get_is_member (beta));
  assert_node (ac_organization_get_child (beta, 0), "b-ops", "Operations", "OPS", TRUE, 0);

  g_object_get (beta, "is-member", &is_member, "kind", &kind, "children", &children, NULL);
  g_assert_true (is_member);
  g_assert_cmpint (kind, ==, AC_ORGANIZATION_KIND_ORG);
  g_assert_true (children == ac_organization_get_children (beta));

  /* The user's own items, in the order of the paths, each once */
  members = ac_org_forest_get_member_nodes (forest);
  g_assert_cmpuint (members->len, ==, 6);
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 0)), ==, "a-rd-be");
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 1)), ==, "orgB");
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 2)), ==, "a-rd");
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 3)), ==, "a-sales");
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 4)), ==, "a-rd-fe");
  g_assert_cmpstr (ac_organization_get_id (g_ptr_array_index (members, 5)), ==, "b-ops");

  /* What the page opens and counts without walking the tree: the items with one of the
   * user's nodes strictly below them, and the user's nodes in each organization */
  g_assert_true (ac_org_forest_item_has_member_below (acme));
  g_assert_true (ac_org_forest_item_has_member_below (rd));
  g_assert_true (ac_org_forest_item_has_member_below (beta));
  g_assert_false (ac_org_forest_item_has_member_below (ac_organization_get_child (rd, 0)));
  g_assert_false (ac_org_forest_item_has_member_below (ac_organization_get_child (acme, 1)));
  g_assert_false (ac_org_forest_item_has_member_below (ac_organization_get_child (beta, 0)));
  g_assert_cmpuint (ac_org_forest_item_count_members (acme), ==, 4);
  g_assert_cmpuint (ac_org_forest_item_count_members (beta), ==, 2);

  g_assert_true (ac_org_forest_lookup (forest, "b-root") == beta);
  g_assert_true (ac_org_forest_lookup (forest, "a-rd-fe") == ac_organization_get_child (rd, 1));

  /* Search, as the page filters */
  g_assert_true (ac_organization_matches (rd, "DEVELOP"));
  g_assert_true (ac_organization_matches (ac_organization_get_child (beta, 0), "ops"));
  g_assert_true (ac_organization_matches (acme, ""));
  g_assert_false (ac_organization_matches (acme, "Beta"));

  g_clear_object (&acme);
  g_clear_object (&beta);
  g_clear_object (&children);
  g_clear_pointer (&members, g_ptr_array_unref);
  assert_all_finalized (forest);
}

static void
test_edge_cases (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcOrgForest) empty = forest_from ("[]", &error);
  g_autoptr(AcOrgForest) from_null = ac_org_forest_new_from_json (NULL, &error);
  g_autoptr(AcOrgForest) org_only = NULL;
  g_autoptr(AcOrgForest) no_root_id = NULL;
  g_autoptr(AcOrgForest) untyped = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (from_null)), ==, 0);

  /* A path with the org only: the user belongs to the org itself */
  org_only = forest_from ("[[{\"type\":\"org\",\"id\":\"o\",\"name\":\"Named Org\",\"rootNodeId\":null}]]", &error);
  g_assert_no_error (error);
  text = describe (org_only);
  g_assert_cmpstr (text, ==, "Named Org*");
  g_clear_pointer (&text, g_free);

  /* Without rootNodeId the first node is the root */
  no_root_id = forest_from ("[[{\"type\":\"org\",\"id\":\"o\"},{\"type\":\"node\",\"id\":\"r\",\"name\":\"Root\"},"
                            "{\"type\":\"node\",\"id\":\"c\",\"name\":\"Child\",\"orgId\":\"o\"}]]", &error);
  g_assert_no_error (error);
  text = describe (no_root_id);
  g_assert_cmpstr (text, ==, "Root[Child*]");
  g_assert_cmpstr (ac_organization_get_root_node_id (ac_org_forest_lookup (no_root_id, "o")), ==, "r");
  g_clear_pointer (&text, g_free);

  /* Nameless items show their code, else their id */
  {
    g_autoptr(AcOrgForest) nameless = forest_from (
      "[[{\"type\":\"org\",\"id\":\"o1\"}],"
      "[{\"type\":\"org\",\"id\":\"o2\",\"rootNodeId\":\"r2\"},{\"type\":\"node\",\"id\":\"r2\",\"code\":\"R2\",\"name\":\"\"},"
      "{\"type\":\"node\",\"id\":\"n\",\"name\":null}]]", &error);
    g_autofree char *names = NULL;

    g_assert_no_error (error);
    names = describe (nameless);
    g_assert_cmpstr (names, ==, "o1*,R2[n*]");
  }

  /* Without "type" the position tells */
  untyped = forest_from ("[[{\"id\":\"o\",\"rootNodeId\":\"r\"},{\"id\":\"r\",\"name\":\"R\",\"orgId\":\"o\"}]]", &error);
  g_assert_no_error (error);
  text = describe (untyped);
  g_assert_cmpstr (text, ==, "R*");
}

static void
test_deep_path (void)
{
  GString *json = g_string_new ("[[{\"type\":\"org\",\"id\":\"o\",\"rootNodeId\":\"n0\"}");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AcOrgForest *forest;
  AcOrganization *item;
  guint depth = 0;

  for (guint i = 0; i < 255; i++)
    g_string_append_printf (json, ",{\"type\":\"node\",\"id\":\"n%u\",\"orgId\":\"o\",\"name\":\"N%u\"}", i, i);
  g_string_append (json, "]]");
  text = g_string_free (json, FALSE);

  forest = forest_from (text, &error);
  g_assert_no_error (error);

  item = ac_org_forest_lookup (forest, "o");
  while (ac_organization_get_n_children (item) > 0)
    {
      item = ac_organization_get_child (item, 0);
      depth++;
    }
  g_assert_cmpuint (depth, ==, 254);
  g_assert_cmpstr (ac_organization_get_id (item), ==, "n254");
  g_assert_true (ac_organization_get_is_member (item));

  assert_all_finalized (forest);
}

static void
assert_refused (const char *json,
                const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcOrgForest) forest = forest_from (json, &error);

  if (forest != NULL)
    g_error ("%s was accepted", json);
  core_test_assert_invalid (error, where);
}

#define ORG_A "{\"type\":\"org\",\"id\":\"A\",\"rootNodeId\":\"ra\"}"
#define ORG_B "{\"type\":\"org\",\"id\":\"B\",\"rootNodeId\":\"rb\"}"
#define ROOT_A "{\"type\":\"node\",\"id\":\"ra\",\"orgId\":\"A\",\"name\":\"A\"}"
#define ROOT_B "{\"type\":\"node\",\"id\":\"rb\",\"orgId\":\"B\",\"name\":\"B\"}"
#define NODE(id, org) "{\"type\":\"node\",\"id\":\"" id "\",\"orgId\":\"" org "\",\"name\":\"" id "\"}"

static void
test_malformed (void)
{
  g_autofree char *too_deep = NULL;
  GString *deep = g_string_new ("[[" ORG_A "," ROOT_A);

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (deep, ",{\"type\":\"node\",\"id\":\"d%u\",\"orgId\":\"A\"}", i);
  g_string_append (deep, "]]");
  too_deep = g_string_free (deep, FALSE);

  /* Not arrays of paths */
  assert_refused ("[1]", "organizations[0]");
  assert_refused ("[[" ORG_A "," ROOT_A "],{}]", "organizations[1]");
  assert_refused ("[null]", "organizations[0]");
  assert_refused ("[\"org\"]", "organizations[0]");
  /* Empty path */
  assert_refused ("[[]]", "organizations[0][0]");
  /* First element not an org */
  assert_refused ("[[" ROOT_A "]]", "organizations[0][0]");
  assert_refused ("[[{\"type\":\"team\",\"id\":\"x\"}]]", "organizations[0][0]");
  assert_refused ("[[\"A\"," ROOT_A "]]", "organizations[0][0]");
  assert_refused ("[[[" ORG_A "]]]", "organizations[0][0]");
  /* A second org instead of a node */
  assert_refused ("[[" ORG_A "," ORG_B "]]", "organizations[0][1]");
  assert_refused ("[[" ORG_A ",42]]", "organizations[0][1]");
  /* Missing or malformed ids and fields */
  assert_refused ("[[{\"type\":\"org\"}]]", "id");
  assert_refused ("[[" ORG_A ",{\"type\":\"node\",\"orgId\":\"A\"}]]", "id");
  assert_refused ("[[" ORG_A ",{\"type\":\"node\",\"id\":\"ra\",\"name\":[\"x\"]}]]", "name");
  assert_refused ("[[" ORG_A ",{\"type\":\"node\",\"id\":\"ra\",\"order\":\"1\"}]]", "order");
  assert_refused ("[[{\"type\":\"org\",\"id\":\"A\",\"logo\":1}]]", "logo");
  assert_refused ("[[{\"type\":\"org\",\"id\":\"A\",\"rootNodeId\":{}}]]", "rootNodeId");
  /* The first node is not the org's root node */
  assert_refused ("[[" ORG_A "," NODE ("x", "A") "]]", "organizations[0][1]");
  /* A node of another org */
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("x", "B") "]]", "organizations[0][2]");
  assert_refused ("[[" ORG_A "," ROOT_B "]]", "organizations[0][1]");
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("x", "A") "],[" ORG_B "," ROOT_B ",{\"type\":\"node\",\"id\":\"x\"}]]",
                  "organizations[1][2]");
  /* Inconsistent parent chains: a node under two parents, a cycle back to the root */
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("p", "A") "],[" ORG_A "," ROOT_A "," NODE ("q", "A") "," NODE ("p", "A") "]]",
                  "organizations[1][3]");
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("p", "A") "," ROOT_A "]]", "organizations[0][3]");
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("p", "A") "," NODE ("p", "A") "]]", "organizations[0][3]");
  assert_refused ("[[" ORG_A "," ROOT_A "," NODE ("p", "A") "],[" ORG_A "," NODE ("p", "A") "]]", "organizations[1][1]");
  /* Too deep */
  assert_refused (too_deep, "organizations[0]");
}

static void
test_single_elements (void)
{
  g_autoptr(JsonNode) org_json = core_test_parse ("{\"type\":\"org\",\"id\":\"o\",\"rootNodeId\":\"r\",\"logo\":\"l\"}");
  g_autoptr(JsonNode) node_json = core_test_parse ("{\"type\":\"node\",\"id\":\"n\",\"orgId\":\"o\",\"name\":\"N\",\"code\":\"c\",\"order\":3,\"leaderUserId\":\"u\"}");
  g_autoptr(JsonNode) untyped = core_test_parse ("{\"id\":\"n\",\"orgId\":\"o\"}");
  g_autoptr(JsonNode) unknown = core_test_parse ("{\"type\":\"team\",\"id\":\"t\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcOrganization) org = ac_organization_new_from_json (json_node_get_object (org_json), &error);
  g_autoptr(AcOrganization) node = NULL;
  g_autoptr(AcOrganization) inferred = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ac_organization_get_kind (org), ==, AC_ORGANIZATION_KIND_ORG);
  g_assert_cmpstr (ac_organization_get_root_node_id (org), ==, "r");
  g_assert_cmpstr (ac_organization_get_logo (org), ==, "l");
  g_assert_cmpuint (ac_organization_get_n_children (org), ==, 0);

  node = ac_organization_new_from_json (json_node_get_object (node_json), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ac_organization_get_kind (node), ==, AC_ORGANIZATION_KIND_NODE);
  g_assert_cmpstr (ac_organization_get_org_id (node), ==, "o");
  g_assert_cmpint (ac_organization_get_order (node), ==, 3);
  g_assert_cmpstr (ac_organization_get_leader_user_id (node), ==, "u");
  g_assert_false (ac_organization_get_is_member (node));

  inferred = ac_organization_new_from_json (json_node_get_object (untyped), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ac_organization_get_kind (inferred), ==, AC_ORGANIZATION_KIND_NODE);

  g_assert_null (ac_organization_new_from_json (json_node_get_object (unknown), &error));
  core_test_assert_invalid (error, "team");
  g_clear_error (&error);
  g_assert_null (ac_organization_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);

  /* The create-func refuses what is not an organization */
  g_assert_null (ac_org_forest_create_child_model (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/org-forest/example", test_example);
  g_test_add_func ("/core/org-forest/merge", test_merge);
  g_test_add_func ("/core/org-forest/edge-cases", test_edge_cases);
  g_test_add_func ("/core/org-forest/deep-path", test_deep_path);
  g_test_add_func ("/core/org-forest/malformed", test_malformed);
  g_test_add_func ("/core/org-forest/single-elements", test_single_elements);

  return g_test_run ();
}
