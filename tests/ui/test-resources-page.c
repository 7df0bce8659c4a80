/* test-resources-page.c: the Resources page against a real emulator
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-resource-row.h"
#include "ac-resources-page.h"
#include "list-test-util.h"

/* The server's list for @namespace_ and @type (NULL: every type). */
static JsonArray *
server_resources (LtEmulator *emu,
                  AcClient   *client,
                  const char *namespace_,
                  const char *type)
{
  g_autofree char *body = type ? g_strdup_printf ("{\"namespace\":\"%s\",\"resourceType\":\"%s\"}", namespace_, type)
                               : g_strdup_printf ("{\"namespace\":\"%s\"}", namespace_);
  g_autoptr(JsonNode) data = lt_raw_data (emu, client, "POST", "/api/v2/users/resource/authorized", body);
  JsonObject *object = json_node_get_object (data);

  g_assert_cmpint (json_object_get_int_member (object, "totalCount"), ==,
                   json_array_get_length (json_object_get_array_member (object, "list")));
  return json_array_ref (json_object_get_array_member (object, "list"));
}

/* Compares the rows with the server's resources: code, type badge, one chip per action and
 * the API identifier. */
static void
assert_rows_match (GtkWidget *page,
                   JsonArray *expected)
{
  g_autoptr(GPtrArray) rows = lt_wait_rows (page, AC_TYPE_RESOURCE_ROW, json_array_get_length (expected));

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      JsonObject *resource = json_array_get_object_element (expected, i);
      JsonArray *actions = json_object_has_member (resource, "actions") &&
                           !json_object_get_null_member (resource, "actions")
                             ? json_object_get_array_member (resource, "actions") : NULL;
      const char *api = json_object_get_string_member_with_default (resource, "apiIdentifier", NULL);
      g_autofree char *code = lt_first_label (row);
      g_autoptr(GPtrArray) chips = g_ptr_array_new ();
      guint n_chips = 0;

      g_assert_cmpstr (code, ==, json_object_get_string_member (resource, "code"));
      g_assert_true (lt_has_label (row, json_object_get_string_member (resource, "type")));
      if (api != NULL && *api != '\0')
        g_assert_true (lt_has_label (row, api));

      lt_find_all (lt_find (row, GTK_TYPE_FLOW_BOX), GTK_TYPE_LABEL, chips);
      for (guint j = 0; j < chips->len; j++)
        if (lt_shown_within (g_ptr_array_index (chips, j), row))
          n_chips++;
      g_assert_cmpuint (n_chips, ==, actions ? json_array_get_length (actions) : 0);
      for (guint j = 0; actions != NULL && j < json_array_get_length (actions); j++)
        g_assert_true (lt_has_label (row, json_array_get_string_element (actions, j)));
    }
}

static gboolean
page_is_loading (GObject *page)
{
  return !lt_not_loading (page);
}

static void
test_resources_filters (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(JsonArray) all = NULL;
  GtkWidget *page, *window, *entry;
  GtkDropDown *types;
  GListModel *type_model;
  guint api_pos = G_MAXUINT;

  lt_account_load_all (account);

  page = ac_resources_page_new (account);
  window = lt_window_new (page, 900, 1100);
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");

  /* Namespace "default", every type. */
  all = server_resources (emu, client, "default", NULL);
  g_assert_cmpuint (json_array_get_length (all), >=, 3);
  assert_rows_match (page, all);
  lt_assert_fits_narrow (page);
  lt_screenshot (window, "resources");
  lt_screenshot_narrow (window, "resources");

  /* The type filter: All types, DATA, API, MENU, UI, BUTTON. */
  types = GTK_DROP_DOWN (lt_find (page, GTK_TYPE_DROP_DOWN));
  type_model = gtk_drop_down_get_model (types);
  g_assert_cmpuint (g_list_model_get_n_items (type_model), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      static const char *want[] = { "All types", "DATA", "API", "MENU", "UI", "BUTTON" };
      g_autoptr(GtkStringObject) item = g_list_model_get_item (type_model, i);

      g_assert_cmpstr (gtk_string_object_get_string (item), ==, want[i]);
      if (g_str_equal (want[i], "API"))
        api_pos = i;
    }

  gtk_drop_down_set_selected (types, api_pos);
  g_assert_false (lt_not_loading (G_OBJECT (page)));
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_resources_type (account), ==, "API");
  {
    g_autoptr(JsonArray) api = server_resources (emu, client, "default", "API");

    g_assert_cmpuint (json_array_get_length (api), >=, 1);
    g_assert_cmpuint (json_array_get_length (api), <, json_array_get_length (all));
    for (guint i = 0; i < json_array_get_length (api); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (api, i), "type"), ==, "API");
    assert_rows_match (page, api);
  }
  lt_screenshot (window, "resources-api");

  /* Another namespace through the entry (Enter), every type again. */
  gtk_drop_down_set_selected (types, 0);
  lt_wait_loaded (page);
  entry = lt_find (page, GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "hr-system");
  g_signal_emit_by_name (entry, "activate");
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_resources_namespace (account), ==, "hr-system");
  {
    g_autoptr(JsonArray) hr = server_resources (emu, client, "hr-system", NULL);

    g_assert_cmpuint (json_array_get_length (hr), >=, 1);
    assert_rows_match (page, hr);
  }

  /* The window's Refresh reloads the store with namespace "default", every type: the page
   * keeps the person's filters and fetches them again. */
  gtk_drop_down_set_selected (types, api_pos);
  lt_wait_loaded (page);
  lt_account_load_all (account);
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_resources_namespace (account), ==, "hr-system");
  g_assert_cmpstr (ac_account_get_resources_type (account), ==, "API");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hr-system");
  g_assert_cmpuint (gtk_drop_down_get_selected (types), ==, api_pos);
  {
    g_autoptr(JsonArray) hr_api = server_resources (emu, client, "hr-system", "API");
    assert_rows_match (page, hr_api);
  }
  gtk_drop_down_set_selected (types, 0);
  lt_wait_loaded (page);

  /* Typing a namespace and pausing applies it too, without Enter. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "finance");
  lt_wait_until (page_is_loading, page, "the pause in typing to apply the namespace");
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_resources_namespace (account), ==, "finance");
  {
    g_autoptr(JsonArray) finance = server_resources (emu, client, "finance", NULL);

    g_assert_cmpuint (json_array_get_length (finance), >=, 1);
    assert_rows_match (page, finance);
  }

  /* A namespace without grants: the empty state names it. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "no-such-namespace");
  g_signal_emit_by_name (entry, "activate");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "empty");
  g_assert_true (lt_has_label (page, "No Resources"));
  g_assert_true (lt_has_label (page, "You are authorized for no resource in the namespace “no-such-namespace”."));

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_resources_empty (void)
{
  g_autofree char *pool = lt_fixture_pool ("ui-lists.json");
  LtEmulator *emu = lt_emulator_start (pool);
  g_autoptr(AcClient) client = lt_sign_in (emu, "nobody");
  g_autoptr(AcAccount) account = ac_account_new (client);
  GtkWidget *page, *window;

  page = ac_resources_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "empty");
  g_assert_true (lt_has_label (page, "No Resources"));
  lt_screenshot (window, "resources-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

int
main (int   argc,
      char *argv[])
{
  lt_init (&argc, &argv);

  g_test_add_func ("/ui/resources/filters", test_resources_filters);
  g_test_add_func ("/ui/resources/empty", test_resources_empty);

  return g_test_run ();
}
