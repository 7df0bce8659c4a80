/* test-session-ui-kiosk.c: kiosk mode, the idle sign-out, the allow-* keys and the shipped
 * administrator profile in the real app (see test-session-ui.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ac-account-center.h"
#include "ac-delete-dialog.h"
#include "ac-image-loader.h"
#include "ac-kiosk.h"
#include "ac-profile-page.h"
#include "ac-session-keeper.h"
#include "ac-session-store.h"
#include "ac-test-emulator.h"
#include "ac-window.h"
#include "session-test-util.h"
#include "session-ui.h"


/* Tests: kiosk */

/* With AC_SCREENSHOT_DIR set, a PNG of the window (to look at, not compared). */
static void
screenshot (AcWindow   *window,
            const char *name)
{
  const char *dir = g_getenv ("AC_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  run_for (400);
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
countdown_shown (Fixture *fixture)
{
  return ac_window_get_countdown_text (fixture->window) != NULL &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (ac_window_get_countdown_bar (fixture->window)));
}

static gboolean
photo_set (Fixture *fixture)
{
  AcUserInfo *user = ac_account_get_user (ac_session_get_account (ac_window_get_session (fixture->window)));
  const char *photo = user ? ac_user_info_get_photo (user) : NULL;

  return photo != NULL && g_str_has_prefix (photo, ac_test_emulator_get_url (fixture->emu));
}

static gboolean
photo_cached (Fixture *fixture)
{
  return ac_image_loader_lookup (ac_image_loader_get_default (), fixture->logo) != NULL;
}

/* Uploads a new avatar through the profile page, as the file chooser would, and waits until
 * the picture is in the app's picture cache. */
static void
change_avatar (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "avatar.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 48, 48);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AcUserInfo *user;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);

  ac_profile_page_change_avatar (AC_PROFILE_PAGE (ac_window_get_page (fixture->window, "profile")), file);
  wait_until (fixture, photo_set, TIMEOUT, "the new avatar");
  user = ac_account_get_user (ac_session_get_account (ac_window_get_session (fixture->window)));
  fixture->logo = g_intern_string (ac_user_info_get_photo (user));
  wait_until (fixture, photo_cached, TIMEOUT, "the avatar in the picture cache");
}

void
test_kiosk_idle_sign_out (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  AcClient *client;
  AcAccount *account;
  AcUserInfo *user;
  gpointer weak_account, weak_user;
  g_autofree char *logo = NULL;
  AcKiosk *kiosk;
  gint64 signed_in_at;

  g_settings_set_boolean (fixture->settings, "kiosk", TRUE);
  start_app (fixture, FALSE);
  kiosk = ac_account_center_get_kiosk (fixture->app);
  g_assert_true (ac_kiosk_get_enabled (kiosk));

  sign_in_as_person (fixture);

  /* A picture of the person: uploaded as their avatar, then in the picture cache. */
  change_avatar (fixture);
  logo = g_strdup (fixture->logo);

  ac_window_show_page (fixture->window, "profile");
  run_for (300);
  g_assert_false (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* The administrator sets a (very short) idle time while the person is signed in: it
   * applies at once. (Set after loading, which takes longer than 3 s under the sanitizers.) */
  g_settings_set_uint (fixture->settings, "idle-sign-out", 3);
  signed_in_at = g_get_monotonic_time ();
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* The person's data is on screen (the walk sees it). */
  before = all_texts ();
  g_assert_cmpuint (count_traces (before), >, 0);

  client = ac_session_get_client (ac_window_get_session (fixture->window));
  account = ac_session_get_account (ac_window_get_session (fixture->window));
  user = ac_client_get_user (client);
  weak_account = account;
  weak_user = user;
  g_object_add_weak_pointer (G_OBJECT (account), &weak_account);
  g_object_add_weak_pointer (G_OBJECT (user), &weak_user);

  /* The countdown (shorter than the warning period: at once), then the sign-out. */
  wait_until (fixture, countdown_shown, 5, "the countdown");
  screenshot (fixture->window, "kiosk-countdown");
  g_assert_nonnull (strstr (ac_window_get_countdown_text (fixture->window), "Signing out in"));
  wait_until (fixture, is_sign_in_page, 10, "the idle sign-out");
  g_assert_cmpint (g_get_monotonic_time () - signed_in_at, >=, 2 * G_USEC_PER_SEC);

  /* Nothing of the person is left: not in the window, not in memory. */
  g_assert_false (countdown_shown (fixture));
  g_assert_null (ac_session_get_client (ac_window_get_session (fixture->window)));
  g_assert_null (ac_session_get_account (ac_window_get_session (fixture->window)));
  g_assert_null (ac_window_get_page (fixture->window, "profile"));
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, "");
  g_assert_cmpstr (ac_sign_in_page_get_password (ac_window_get_sign_in_page (fixture->window)), ==, "");
  after = all_texts ();
  g_assert_cmpuint (count_traces (after), ==, 0);
  g_assert_null (ac_image_loader_lookup (ac_image_loader_get_default (), logo));

  run_for (1000);
  g_assert_null (weak_account);
  g_assert_null (weak_user);
}

static void
fake_motion (AcWindow *window,
             int       x,
             int       y)
{
  typedef int (*FakeMotion) (Display *, int, int, int, unsigned long);
  static FakeMotion fake = NULL;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (fake == NULL)
    {
      void *lib = dlopen ("libXtst.so.6", RTLD_NOW);

      g_assert_nonnull (lib);
      fake = (FakeMotion) dlsym (lib, "XTestFakeMotionEvent");
      g_assert_nonnull (fake);
    }

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  fake (gdk_x11_display_get_xdisplay (display), -1, x, y, 0);
  XFlush (gdk_x11_display_get_xdisplay (display));
}

void
test_kiosk_input_keeps_session (Fixture       *fixture,
                                gconstpointer  data)
{
  AcKiosk *kiosk;
  gint64 start;

  g_settings_set_uint (fixture->settings, "idle-sign-out", 60);
  start_app (fixture, TRUE);
  kiosk = ac_account_center_get_kiosk (fixture->app);
  sign_in_as_person (fixture);
  /* Counting since the sign-in. */
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));
  g_assert_cmpuint (ac_idle_monitor_get_countdown (ac_kiosk_get_idle_monitor (kiosk)), ==, 0);
  g_settings_set_uint (fixture->settings, "idle-sign-out", 6);

  /* Real pointer motion through the X server, a few times a second, for twice the timeout:
   * the person stays signed in. */
  start = g_get_monotonic_time ();
  for (int i = 0; g_get_monotonic_time () - start < 12 * G_USEC_PER_SEC; i++)
    {
      fake_motion (fixture->window, 100 + 10 * (i % 2), 200);
      run_for (300);
      if (g_strcmp0 (ac_window_get_state (fixture->window), "account") != 0)
        g_error ("Signed out after %.1f s of pointer motion",
                 (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* Then nothing: signed out. */
  wait_until (fixture, is_sign_in_page, 20, "the idle sign-out");
}

void
test_kiosk_restrictions (Fixture       *fixture,
                         gconstpointer  data)
{
  AcSignInPage *page;
  g_auto(GStrv) accels = NULL;
  GtkWidget *host_row;

  start_app (fixture, TRUE);
  page = ac_window_get_sign_in_page (fixture->window);

  /* No host or app id rows. */
  host_row = find_row (GTK_WIDGET (page), "Application Host");
  g_assert_nonnull (host_row);
  g_assert_false (gtk_widget_is_visible (host_row));
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (page), "Application ID")));

  /* No way to quit. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), "quit"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.quit");
  g_assert_cmpuint (g_strv_length (accels), ==, 0);
  g_assert_false (menu_shows (fixture->window, "app.quit"));
  g_assert_false (menu_has_item (GTK_WIDGET (fixture->window), "app.quit"));

  /* Closing is refused. */
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  gtk_window_close (GTK_WINDOW (fixture->window));
  run_for (200);
  g_assert_nonnull (fixture->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  sign_in_as_person (fixture);
  gtk_window_close (GTK_WINDOW (fixture->window));
  run_for (200);
  g_assert_nonnull (fixture->window);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");
}

/* Tests: the allow-* keys */

static guint
count_dialogs (AcWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        n++;
    }
  return n;
}

static void
assert_profile_editable (AcWindow *window,
                         gboolean  editable)
{
  AcProfilePage *page = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
  GtkWidget *nickname = ac_profile_page_get_row (page, "nickname");
  GtkWidget *gender = ac_profile_page_get_row (page, "gender");

  g_assert_true (ADW_IS_ENTRY_ROW (nickname));
  g_assert_cmpint (gtk_editable_get_editable (GTK_EDITABLE (nickname)), ==, editable);
  /* The value stays readable. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nickname)), ==, "小云");
  g_assert_nonnull (gender);
  g_assert_cmpint (gtk_widget_is_sensitive (gender), ==, editable);
}

void
test_policy_disallowed (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *profile, *change;

  g_settings_set_boolean (fixture->settings, "allow-delete-account", FALSE);
  g_settings_set_boolean (fixture->settings, "allow-avatar-change", FALSE);
  g_settings_set_boolean (fixture->settings, "allow-profile-edit", FALSE);
  start_app (fixture, FALSE);
  sign_in_as_person (fixture);

  /* Delete Account: no menu item, no action. */
  g_assert_false (menu_shows (fixture->window, "win.delete-account"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-account", NULL);
  run_for (200);
  g_assert_cmpuint (count_dialogs (fixture->window), ==, 0);

  /* Change… picture: hidden. */
  profile = ac_window_get_page (fixture->window, "profile");
  change = find_actionable (profile, "profile.change-avatar");
  g_assert_nonnull (change);
  g_assert_false (gtk_widget_get_visible (change));

  /* Profile: read-only. */
  assert_profile_editable (fixture->window, FALSE);

  /* The administrator allows it again while the app runs: applied at once. */
  g_settings_set_boolean (fixture->settings, "allow-profile-edit", TRUE);
  g_settings_set_boolean (fixture->settings, "allow-avatar-change", TRUE);
  g_settings_set_boolean (fixture->settings, "allow-delete-account", TRUE);
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_get_visible (change));
  g_assert_true (menu_shows (fixture->window, "win.delete-account"));
}

void
test_policy_allowed (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *change;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);

  g_assert_true (menu_shows (fixture->window, "win.delete-account"));
  g_assert_true (menu_has_item (GTK_WIDGET (fixture->window), "win.delete-account"));
  change = find_actionable (ac_window_get_page (fixture->window, "profile"), "profile.change-avatar");
  g_assert_true (gtk_widget_get_visible (change));
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_is_visible (find_row (GTK_WIDGET (ac_window_get_sign_in_page (fixture->window)),
                                                  "Application Host")) ||
                 g_strcmp0 (ac_window_get_state (fixture->window), "account") == 0);
}

/* Tests: the shipped administrator profile (data/admin) through dconf */

void
test_admin_profile (Fixture       *fixture,
                    gconstpointer  data)
{
  AcSignInPage *page;
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *host = NULL;

  /* The profile's values and locks arrived. */
  g_assert_false (g_settings_is_writable (fixture->settings, "host"));
  g_assert_false (g_settings_is_writable (fixture->settings, "app-id"));
  g_assert_false (g_settings_is_writable (fixture->settings, "kiosk"));
  g_assert_false (g_settings_is_writable (fixture->settings, "allow-delete-account"));
  g_assert_true (g_settings_is_writable (fixture->settings, "window-width"));
  host = g_settings_get_string (fixture->settings, "host");
  g_assert_cmpstr (host, ==, "https://example.authing.cn");
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-sign-out"), ==, 120);

  start_app (fixture, FALSE);
  g_assert_true (ac_kiosk_get_enabled (ac_account_center_get_kiosk (fixture->app)));
  g_assert_cmpuint (ac_idle_monitor_get_timeout (ac_kiosk_get_idle_monitor (ac_account_center_get_kiosk (fixture->app))),
                    ==, 120);

  /* Locked: the server rows are hidden, and hold the administrator's values. */
  page = ac_window_get_sign_in_page (fixture->window);
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (page), "Application Host")));
  g_assert_cmpstr (ac_sign_in_page_get_host (page), ==, "https://example.authing.cn");
  g_assert_cmpstr (ac_sign_in_page_get_app_id (page), ==, "0123456789abcdef01234567");

  /* (The example host does not exist here: sign in to the emulator instead.) */
  sign_in_as_person (fixture);
  g_assert_false (menu_shows (fixture->window, "win.delete-account"));
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_get_visible (find_actionable (ac_window_get_page (fixture->window, "profile"),
                                                          "profile.change-avatar")));

  /* remember-session is off and locked: nothing in the keyring, no remembered account. */
  after = stored_session ();
  g_assert_null (after);
  {
    g_autofree char *last = g_settings_get_string (fixture->settings, "last-account");
    g_assert_cmpstr (last, ==, "");
  }
}

