/* test-sign-in.c: the sign-in page against a real emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"

typedef struct
{
  AcTestEmulator  *emu;
  AcAccountCenter *app;
  AcWindow        *window;
  AcSignInPage    *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->app = shell_app_new ();
  f->window = shell_window_new (f->app);
  f->page = ac_window_get_sign_in_page (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_object (&f->app);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static gboolean
page_not_busy (gpointer data)
{
  return !ac_sign_in_page_get_busy (AC_SIGN_IN_PAGE (data));
}

static void
fill (Fixture    *f,
      const char *host,
      const char *account,
      const char *password)
{
  ac_sign_in_page_set_host (f->page, host);
  ac_sign_in_page_set_app_id (f->page, ac_test_emulator_get_app_id (f->emu));
  ac_sign_in_page_set_account (f->page, account);
  ac_sign_in_page_set_password (f->page, password);
}

static void
test_bad_credentials (Fixture       *f,
                      gconstpointer  data)
{
  fill (f, ac_test_emulator_get_url (f->emu), DEMO_USER, "not-the-password");
  g_assert_true (ac_sign_in_page_submit (f->page));
  /* A spinner while signing in, the button insensitive. */
  g_assert_true (ac_sign_in_page_get_busy (f->page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f->page)) &&
                  ac_sign_in_page_submit (f->page));

  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_cmpstr (ac_sign_in_page_get_error (f->page), ==, "The account or the password is wrong.");
  g_assert_null (ac_session_get_account (ac_window_get_session (f->window)));
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *closed = ac_test_closed_port_url ();

  fill (f, closed, DEMO_USER, DEMO_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The server could not be reached."));
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
}

static void
test_invalid_host (Fixture       *f,
                   gconstpointer  data)
{
  fill (f, "example dot com", DEMO_USER, DEMO_PASSWORD);
  /* Refused before any network traffic. */
  g_assert_false (ac_sign_in_page_submit (f->page));
  g_assert_false (ac_sign_in_page_get_busy (f->page));
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_nonnull (strstr (ac_sign_in_page_get_error (f->page), "is not a valid host address"));

  fill (f, "ftp://example.com", DEMO_USER, DEMO_PASSWORD);
  g_assert_false (ac_sign_in_page_submit (f->page));
  g_assert_nonnull (strstr (ac_sign_in_page_get_error (f->page), "is not a valid host address"));
}

static void
test_wrong_host (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/not/an/authing/server", ac_test_emulator_get_url (f->emu));

  /* Something answers, but not like Authing. */
  fill (f, url, DEMO_USER, DEMO_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_test_message ("wrong host: %s", ac_sign_in_page_get_error (f->page));
}

static void
test_incomplete_form (Fixture       *f,
                      gconstpointer  data)
{
  fill (f, ac_test_emulator_get_url (f->emu), DEMO_USER, "");
  g_assert_false (ac_sign_in_page_submit (f->page));
  g_assert_false (ac_sign_in_page_get_busy (f->page));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AcTestEmulator) slow = NULL;
  const char *args[] = { "--latency", "3000", NULL };
  g_autoptr(GError) error = NULL;

  slow = ac_test_emulator_start (g_getenv ("AC_DEMO_POOL"), args, &error);
  g_assert_no_error (error);
  fill (f, ac_test_emulator_get_url (slow), DEMO_USER, DEMO_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (f->page));
  g_assert_true (ac_sign_in_page_get_busy (f->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sign-in.cancel", NULL));
  g_assert_false (ac_sign_in_page_get_busy (f->page));
  /* The person's own choice is a status line, not a red error. */
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_cmpstr (ac_sign_in_page_get_status (f->page), ==, "Signing in was cancelled.");
  ac_test_run_for (4000);
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_null (ac_session_get_account (ac_window_get_session (f->window)));
}

static void
test_success_remembers (Fixture       *f,
                        gconstpointer  data)
{
  GSettings *settings = ac_account_center_get_settings (f->app);
  g_autofree char *host = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *account = NULL;

  fill (f, ac_test_emulator_get_url (f->emu), DEMO_USER, DEMO_PASSWORD);
  /* Enter in the password row submits. */
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (shell_state_is_account, f->window, 30, "the signed-in window");

  g_assert_nonnull (ac_session_get_account (ac_window_get_session (f->window)));
  g_assert_cmpstr (ac_sign_in_page_get_password (f->page), ==, "");
  host = g_settings_get_string (settings, "host");
  app_id = g_settings_get_string (settings, "app-id");
  account = g_settings_get_string (settings, "last-account");
  g_assert_cmpstr (host, ==, ac_test_emulator_get_url (f->emu));
  g_assert_cmpstr (app_id, ==, ac_test_emulator_get_app_id (f->emu));
  g_assert_cmpstr (account, ==, DEMO_USER);

  /* A new window is prefilled from the settings. */
  {
    AcWindow *second = ac_window_new (f->app);
    AcSignInPage *page = ac_window_get_sign_in_page (second);

    g_assert_cmpstr (ac_sign_in_page_get_host (page), ==, ac_test_emulator_get_url (f->emu));
    g_assert_cmpstr (ac_sign_in_page_get_app_id (page), ==, ac_test_emulator_get_app_id (f->emu));
    g_assert_cmpstr (ac_sign_in_page_get_account (page), ==, DEMO_USER);
    shell_destroy_window (second);
  }
}

static void
test_window_state (void)
{
  g_autoptr(AcAccountCenter) app = shell_app_new ();
  GSettings *settings = ac_account_center_get_settings (app);
  AcWindow *window;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);
  window = ac_window_new (app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 700);
    g_assert_cmpint (height, ==, 500);
  }
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  ac_test_run_for (200);
  gtk_window_close (GTK_WINDOW (window));
  ac_test_run_for (200);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/sign-in/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("bad-credentials", test_bad_credentials);
  ADD ("unreachable", test_unreachable);
  ADD ("invalid-host", test_invalid_host);
  ADD ("wrong-host", test_wrong_host);
  ADD ("incomplete-form", test_incomplete_form);
  ADD ("cancel", test_cancel);
  ADD ("success-remembers", test_success_remembers);
#undef ADD
  g_test_add_func ("/ui/window-state", test_window_state);

  return g_test_run ();
}
