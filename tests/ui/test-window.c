/* test-window.c: the signed-in window: sidebar of pages, adaptive folding, header, menu,
 * refresh and sign-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"

typedef struct
{
  AcTestEmulator *emu;
  AcWindow       *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->window = shell_window_new (NULL);
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *name)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  const char *names[] = { "profile", "custom-fields", "security", "applications",
                          "organizations", "roles", "resources", "devices", "history", "groups" };
  GtkWidget *sidebar;
  guint n_rows = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_nonnull (ac_window_get_page (f->window, names[i]));
      ac_window_show_page (f->window, names[i]);
      g_assert_true (gtk_widget_get_mapped (ac_window_get_page (f->window, names[i])));
    }

  /* Ctrl+1 goes back to the first page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-page", "i", 0));
  g_assert_true (gtk_widget_get_mapped (ac_window_get_page (f->window, "profile")));

  sidebar = find_descendant (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX, "sidebar-list");
  g_assert_nonnull (sidebar);
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n_rows++;
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (names));
}

static gboolean
is_folded (gpointer data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (data), ADW_TYPE_LEAFLET, NULL));

  return adw_leaflet_get_folded (leaflet);
}

static gboolean
is_unfolded (gpointer data)
{
  return !is_folded (data);
}

static void
test_folds (Fixture       *f,
            gconstpointer  data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL));

  g_assert_nonnull (leaflet);
  shell_wait_until (is_unfolded, f->window, 10, "a wide window");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  shell_wait_until (is_folded, f->window, 10, "the leaflet to fold at 360 px");

  /* Choosing a page shows the content with a back button; back shows the sidebar. */
  ac_window_show_page (f->window, "security");
  g_assert_cmpstr (gtk_widget_get_name (adw_leaflet_get_visible_child (leaflet)), ==, "content");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  g_assert_cmpstr (gtk_widget_get_name (adw_leaflet_get_visible_child (leaflet)), ==, "sidebar");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  shell_wait_until (is_unfolded, f->window, 10, "the leaflet to unfold");
}

static void
test_header_and_menu (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *menu;
  GtkWidget *avatar;

  /* The demo user's nickname */
  avatar = find_descendant (GTK_WIDGET (f->window), ADW_TYPE_AVATAR, NULL);
  g_assert_nonnull (avatar);
  g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (avatar)), ==, "小云");

  menu = find_descendant (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu);
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu)));
}

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  AcAccount *account = ac_session_get_account (ac_window_get_session (f->window));
  g_autoptr(AcClient) other = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(AcUserInfo) updated = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* Changed elsewhere, then Ctrl+R. */
  json_object_set_string_member (changes, "nickname", "Changed Elsewhere");
  ac_client_update_profile_async (other, changes, NULL, ac_test_result_cb, &result);
  updated = ac_client_update_profile_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL));
  for (guint i = 0; i < 3000 && g_strcmp0 (ac_user_info_get_nickname (ac_account_get_user (account)), "Changed Elsewhere") != 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpstr (ac_user_info_get_nickname (ac_account_get_user (account)), ==, "Changed Elsewhere");
  {
    GtkWidget *avatar = find_descendant (GTK_WIDGET (f->window), ADW_TYPE_AVATAR, NULL);

    g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (avatar)), ==, "Changed Elsewhere");
  }
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (f->window))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL));
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  /* Said on the sign-in page, not in a toast that would cover its Sign In button. */
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (f->window)), ==, "Signed out");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), !=, "Signed out");
  /* Everything of the previous person is gone. */
  g_assert_null (ac_session_get_account (ac_window_get_session (f->window)));
  g_assert_null (ac_session_get_client (ac_window_get_session (f->window)));
  g_assert_null (ac_window_get_page (f->window, "profile"));
  g_assert_cmpstr (ac_sign_in_page_get_password (ac_window_get_sign_in_page (f->window)), ==, "");
  /* The menu actions that need an account are off. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL) &&
                  ac_session_get_account (ac_window_get_session (f->window)) != NULL);

  /* The token was revoked at the server too (the sign-out request runs in the background). */
  {
    gboolean revoked = FALSE;

    for (guint attempt = 0; attempt < 50 && !revoked; attempt++)
      {
        g_autoptr(AcClient) old = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
        g_autoptr(AcUserInfo) user = NULL;
        g_autoptr(GError) error = NULL;
        GAsyncResult *result = NULL;

        g_object_set (old, "auto-refresh", FALSE, NULL);
        ac_client_set_session (old, token, NULL);
        ac_client_get_current_user_async (old, NULL, ac_test_result_cb, &result);
        user = ac_client_get_current_user_finish (old, ac_test_await (&result, 30), &error);
        g_clear_object (&result);
        revoked = g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
        if (!revoked)
          ac_test_run_for (100);
      }
    g_assert_true (revoked);
  }

  /* Signing in again works. */
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
  g_assert_nonnull (ac_window_get_page (f->window, "profile"));
  g_assert_cmpstr (ac_client_get_token (ac_session_get_client (ac_window_get_session (f->window))), !=, token);
}

typedef struct
{
  guint ready;
  guint signed_out;
} StateCounts;

static void
state_cb (AcSession   *session,
          GParamSpec  *pspec,
          StateCounts *counts)
{
  if (ac_session_get_state (session) == AC_SESSION_STATE_READY)
    counts->ready++;
  if (ac_session_get_state (session) == AC_SESSION_STATE_SIGNED_OUT)
    counts->signed_out++;
}

/* The window follows its session: a session opened elsewhere (a remembered one) shows its
 * pages, and a sign-out through the session empties the window. */
static void
test_follows_session (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  g_autoptr(AcClient) client = NULL;
  AcWindow *window = shell_window_new (NULL);
  AcSession *session = ac_window_get_session (window);
  StateCounts counts = { 0 };

  g_signal_connect (session, "notify::state", G_CALLBACK (state_cb), &counts);

  /* A client that is already signed in. */
  client = shell_fresh_client (emu, DEMO_USER, DEMO_PASSWORD);
  ac_session_start (session, client, DEMO_USER, FALSE);
  g_assert_true (ac_session_get_client (session) == client);
  g_assert_cmpint (ac_session_get_state (session), ==, AC_SESSION_STATE_LOADING);
  shell_wait_until (shell_state_is_account, window, 30, "the resumed session");
  g_assert_cmpuint (counts.ready, ==, 1);
  g_assert_nonnull (ac_window_get_page (window, "profile"));

  ac_session_sign_out (session);
  g_assert_cmpuint (counts.signed_out, ==, 1);
  g_assert_cmpstr (ac_window_get_state (window), ==, "sign-in");
  g_assert_null (ac_window_get_page (window, "profile"));
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (window)), ==, "Signed out");
  g_assert_cmpstr (ac_window_get_last_toast (window), !=, "Signed out");

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  g_assert_cmpuint (counts.ready, ==, 2);

  shell_destroy_window (window);
}

/* The keyboard shortcuts window is built when first asked for (Ctrl+? or the menu), not with
 * the window (it cost time before the first frame); then it is the window's help overlay. */
static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *t = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (t, trigger) && GTK_IS_NAMED_ACTION (a) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action))
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_help_overlay (void)
{
  g_autoptr(AcAccountCenter) app = shell_app_new ();
  AcWindow *window = shell_window_new (app);
  GtkShortcutsWindow *overlay;

  ac_test_run_for (200);
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (has_shortcut (GTK_WIDGET (window), "<Control>question", "win.show-help-overlay"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  ac_test_run_for (200);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (overlay)), ==, "Keyboard Shortcuts");

  /* closed and asked for again: the same window, not a second one */
  gtk_window_close (GTK_WINDOW (overlay));
  ac_test_run_for (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  ac_test_run_for (100);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  shell_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/window/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("pages", test_pages);
  ADD ("folds", test_folds);
  ADD ("header-and-menu", test_header_and_menu);
  ADD ("refresh", test_refresh);
  ADD ("sign-out", test_sign_out);
#undef ADD
  g_test_add_func ("/ui/window/follows-session", test_follows_session);
  g_test_add_func ("/ui/window/help-overlay", test_help_overlay);

  return g_test_run ();
}
