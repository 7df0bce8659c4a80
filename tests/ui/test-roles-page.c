/* test-roles-page.c: the Roles page against a real emulator
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-role-row.h"
#include "ac-roles-page.h"
#include "list-test-util.h"
#include "shell-test-util.h"

typedef struct
{
  char     *code;
  char     *namespace_;
  gboolean  is_system;
} Role;

static void
role_free (Role *role)
{
  g_free (role->code);
  g_free (role->namespace_);
  g_free (role);
}

/* The roles as the server lists them, for @namespace_ (NULL: all). */
static GPtrArray *
server_roles (LtEmulator *emu,
              AcClient   *client,
              const char *namespace_)
{
  g_autofree char *path = namespace_ ? g_strdup_printf ("/api/v2/users/me/roles?namespace=%s", namespace_)
                                     : g_strdup ("/api/v2/users/me/roles");
  g_autoptr(JsonNode) data = lt_raw_data (emu, client, "GET", path, NULL);
  JsonArray *list = json_node_get_array (data);
  GPtrArray *roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_free);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *object = json_array_get_object_element (list, i);
      Role *role = g_new0 (Role, 1);

      role->code = g_strdup (json_object_get_string_member (object, "code"));
      role->namespace_ = g_strdup (json_object_get_string_member (object, "namespace"));
      role->is_system = json_object_get_boolean_member_with_default (object, "isSystem", FALSE);
      g_ptr_array_add (roles, role);
    }

  return roles;
}

/* Compares the rows shown with the server's roles: code, namespace and the System badge. */
static void
assert_rows_match (GtkWidget *page,
                   GPtrArray *expected)
{
  g_autoptr(GPtrArray) rows = lt_wait_rows (page, AC_TYPE_ROLE_ROW, expected->len);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      Role *role = g_ptr_array_index (expected, i);
      g_autofree char *code = lt_first_label (row);

      g_assert_cmpstr (code, ==, role->code);
      g_assert_true (lt_has_label (row, role->namespace_));
      g_assert_cmpint (lt_has_label (row, "System"), ==, role->is_system);
    }
}

static GStrv
dropdown_strings (GtkDropDown *dropdown)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      g_strv_builder_add (builder, gtk_string_object_get_string (item));
    }

  return g_strv_builder_end (builder);
}

static void
test_roles_namespaces (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) namespaces = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) choices = NULL;
  GtkWidget *page, *window;
  GtkDropDown *dropdown;
  const char *chosen = NULL;
  guint chosen_pos = 0;

  lt_account_load_all (account);

  page = ac_roles_page_new (account);
  window = lt_window_new (page, 800, 700);
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");

  /* Every namespace at first. */
  all = server_roles (emu, client, NULL);
  g_assert_cmpuint (all->len, >=, 2);
  assert_rows_match (page, all);
  g_assert_null (ac_account_get_roles_namespace (account));
  lt_assert_fits_narrow (page);
  lt_screenshot (window, "roles");
  lt_screenshot_narrow (window, "roles");

  /* The drop-down offers "All namespaces" and every namespace seen. */
  for (guint i = 0; i < all->len; i++)
    g_hash_table_add (namespaces, ((Role *) g_ptr_array_index (all, i))->namespace_);
  g_assert_cmpuint (g_hash_table_size (namespaces), >=, 2);
  dropdown = GTK_DROP_DOWN (lt_find (page, GTK_TYPE_DROP_DOWN));
  choices = dropdown_strings (dropdown);
  g_assert_cmpuint (g_strv_length (choices), ==, 1 + g_hash_table_size (namespaces));
  g_assert_cmpstr (choices[0], ==, "All namespaces");
  for (guint i = 1; choices[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (namespaces, choices[i]));

  /* Choose a namespace other than the first role's: the page asks the server again. */
  for (guint i = 1; choices[i] != NULL && chosen == NULL; i++)
    if (g_strcmp0 (choices[i], ((Role *) g_ptr_array_index (all, 0))->namespace_) != 0)
      {
        chosen = choices[i];
        chosen_pos = i;
      }
  g_assert_nonnull (chosen);

  gtk_drop_down_set_selected (dropdown, chosen_pos);
  g_assert_false (lt_not_loading (G_OBJECT (page)));
  g_assert_cmpstr (lt_view (page), ==, "loading");
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, chosen);
  {
    g_autoptr(GPtrArray) filtered = server_roles (emu, client, chosen);

    g_assert_cmpuint (filtered->len, >=, 1);
    g_assert_cmpuint (filtered->len, <, all->len);
    for (guint i = 0; i < filtered->len; i++)
      g_assert_cmpstr (((Role *) g_ptr_array_index (filtered, i))->namespace_, ==, chosen);
    assert_rows_match (page, filtered);
  }
  lt_screenshot (window, "roles-namespace");

  /* The window's Refresh reloads the store with the default namespace: the page keeps the
   * person's choice and fetches it again. */
  lt_account_load_all (account);
  lt_wait_loaded (page);
  g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, chosen);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (dropdown))), ==, chosen);
  {
    g_autoptr(GPtrArray) filtered = server_roles (emu, client, chosen);
    assert_rows_match (page, filtered);
  }

  /* The choices stay, and "All namespaces" brings every role back. */
  {
    g_auto(GStrv) again = dropdown_strings (dropdown);
    g_assert_cmpstrv (again, choices);
  }
  gtk_drop_down_set_selected (dropdown, 0);
  lt_wait_loaded (page);
  assert_rows_match (page, all);

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

/* A person with a system role sees the System badge on that role only. */
static void
test_roles_system_badge (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "lihua");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GPtrArray) all = NULL;
  GtkWidget *page, *window;
  guint n_system = 0;

  page = ac_roles_page_new (account);
  window = lt_window_new (page, 800, 700);
  lt_wait_loaded (page);

  all = server_roles (emu, client, NULL);
  for (guint i = 0; i < all->len; i++)
    n_system += ((Role *) g_ptr_array_index (all, i))->is_system;
  g_assert_cmpuint (n_system, >=, 1);
  g_assert_cmpuint (n_system, <, all->len);
  assert_rows_match (page, all);
  lt_screenshot (window, "roles-system");

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_roles_empty (void)
{
  g_autofree char *pool = lt_fixture_pool ("ui-lists.json");
  LtEmulator *emu = lt_emulator_start (pool);
  g_autoptr(AcClient) client = lt_sign_in (emu, "nobody");
  g_autoptr(AcAccount) account = ac_account_new (client);
  GtkWidget *page, *window;

  page = ac_roles_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "empty");
  g_assert_true (lt_has_label (page, "No Roles"));
  lt_screenshot (window, "roles-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

/* The server goes away: an inline error with Retry; once it is back, Retry fills the page. */
static void
test_roles_error_retry (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GPtrArray) all = NULL;
  GtkWidget *page, *window, *retry;

  lt_emulator_stop (emu);

  page = ac_roles_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "error");
  g_assert_true (lt_has_label (page, "Could Not Load Roles"));
  retry = lt_find_button_with_action (page, "roles.reload");
  g_assert_true (lt_shown_within (retry, page));
  lt_screenshot (window, "roles-error");

  /* Same address and data folder: the session survives the restart. */
  lt_emulator_restart (emu);
  g_signal_emit_by_name (retry, "clicked");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");
  all = server_roles (emu, client, NULL);
  assert_rows_match (page, all);

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

/* The session was revoked behind the page's back: the inline error says to sign in again
 * (inside an AcWindow the page also asks the window to sign in again). */
static void
test_roles_session_expired (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(JsonNode) logout = NULL;
  GtkWidget *page, *window;

  /* Sign out at the server with this very token (not through the client, which would forget
   * it): the next request is refused with code 2020. */
  logout = lt_raw_data (emu, client, "GET", "/api/v2/logout", NULL);

  page = ac_roles_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "error");
  g_assert_true (lt_has_label (page, "Your session has expired. Sign in again."));

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static gboolean
reauth_open (gpointer window)
{
  return ac_window_get_reauthentication_dialog (AC_WINDOW (window)) != NULL;
}

static gboolean
reloaded_after_sign_in (gpointer page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));

  return !reauth_open (root) && lt_not_loading (G_OBJECT (page)) &&
         g_strcmp0 (lt_view (GTK_WIDGET (page)), "list") == 0;
}

/* In the real window: the session is revoked, the person changes the namespace, the window
 * asks them to sign in again, and then the page fetches what they had chosen. */
static void
test_roles_re_sign_in (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcAccountCenter) app = shell_app_new ();
  AcWindow *window = shell_window_new (app);
  g_autoptr(JsonNode) logout = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  GtkWidget *page;
  GtkDropDown *dropdown;
  AcSignInPage *reauth;
  AcClient *client;
  guint position = G_MAXUINT;

  shell_sign_in (window, emu->emulator, "demo", lt_pool_password (emu, "demo"));
  client = ac_session_get_client (ac_window_get_session (window));
  page = ac_window_get_page (window, "roles");
  g_assert_true (AC_IS_ROLES_PAGE (page));
  ac_window_show_page (window, "roles");
  lt_wait_loaded (page);
  filtered = server_roles (emu, client, "hr-system");
  g_assert_cmpuint (filtered->len, >=, 1);

  /* Revoke the window's token at the server. */
  logout = lt_raw_data (emu, client, "GET", "/api/v2/logout", NULL);

  dropdown = GTK_DROP_DOWN (lt_find (page, GTK_TYPE_DROP_DOWN));
  {
    g_auto(GStrv) choices = dropdown_strings (dropdown);
    for (guint i = 0; choices[i] != NULL; i++)
      if (g_str_equal (choices[i], "hr-system"))
        position = i;
  }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  gtk_drop_down_set_selected (dropdown, position);

  lt_wait_until (reauth_open, window, "the re-sign-in dialog");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "error");

  reauth = ac_reauth_dialog_get_sign_in_page (AC_REAUTH_DIALOG (ac_window_get_reauthentication_dialog (window)));
  ac_sign_in_page_set_password (reauth, lt_pool_password (emu, "demo"));
  g_assert_true (ac_sign_in_page_submit (reauth));
  lt_wait_until (reloaded_after_sign_in, page, "the roles after signing in again");

  g_assert_cmpstr (ac_account_get_roles_namespace (ac_session_get_account (ac_window_get_session (window))), ==, "hr-system");
  assert_rows_match (page, filtered);

  shell_destroy_window (window);
  lt_emulator_free (emu);
}

int
main (int   argc,
      char *argv[])
{
  lt_init (&argc, &argv);

  g_test_add_func ("/ui/roles/namespaces", test_roles_namespaces);
  g_test_add_func ("/ui/roles/system-badge", test_roles_system_badge);
  g_test_add_func ("/ui/roles/empty", test_roles_empty);
  g_test_add_func ("/ui/roles/error-retry", test_roles_error_retry);
  g_test_add_func ("/ui/roles/session-expired", test_roles_session_expired);
  g_test_add_func ("/ui/roles/re-sign-in", test_roles_re_sign_in);

  return g_test_run ();
}
