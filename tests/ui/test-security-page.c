/* test-security-page.c: the score, the checklist and the token, from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"
#include "ac-security-page.h"

typedef struct
{
  AcTestEmulator *emu;
  AcWindow       *window;
  AcSecurityPage *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->window = shell_window_new (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static void
open_page (Fixture    *f,
           const char *user,
           const char *password)
{
  shell_sign_in (f->window, f->emu, user, password);
  f->page = AC_SECURITY_PAGE (ac_window_get_page (f->window, "security"));
  g_assert_nonnull (f->page);
  ac_window_show_page (f->window, "security");
}

static AcSecurityLevel *
server_level (Fixture    *f,
              const char *user,
              const char *password)
{
  g_autoptr(AcClient) client = shell_fresh_client (f->emu, user, password);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  AcSecurityLevel *level;

  ac_client_get_security_level_async (client, NULL, ac_test_result_cb, &result);
  level = ac_client_get_security_level_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  return level;
}

static gboolean
row_passed (GtkWidget *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "passed"));
}

static void
check_user (Fixture    *f,
            const char *user,
            const char *password)
{
  g_autoptr(AcSecurityLevel) level = NULL;
  g_autofree char *expected = NULL;
  GPtrArray *rows;

  open_page (f, user, password);
  level = server_level (f, user, password);

  expected = g_strdup_printf ("%d / 100", ac_security_level_get_score (level));
  g_assert_cmpstr (ac_security_page_get_score_text (f->page), ==, expected);
  g_assert_cmpfloat (gtk_level_bar_get_value (ac_security_page_get_level_bar (f->page)), ==,
                     ac_security_level_get_score (level));

  /* password, strength, e-mail, phone, MFA */
  rows = ac_security_page_get_check_rows (f->page);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (row_passed (g_ptr_array_index (rows, 0)), ==, ac_security_level_get_password (level));
  g_assert_cmpint (row_passed (g_ptr_array_index (rows, 2)), ==, ac_security_level_get_email (level));
  g_assert_cmpint (row_passed (g_ptr_array_index (rows, 3)), ==, ac_security_level_get_phone (level));
  g_assert_cmpint (row_passed (g_ptr_array_index (rows, 4)), ==, ac_security_level_get_mfa (level));
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      g_assert_nonnull (subtitle);
      g_assert_cmpstr (subtitle, !=, "");
    }
  /* The strength is named in its row. */
  g_assert_nonnull (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)),
                            ac_security_level_get_password_strength_label (level)));
}

static void
test_fills_demo (Fixture       *f,
                 gconstpointer  data)
{
  /* demo: e-mail, password demo1234 (level 2), no phone, no MFA: 40 + 25 + 5 = 70 */
  check_user (f, DEMO_USER, DEMO_PASSWORD);
  g_assert_cmpstr (ac_security_page_get_score_text (f->page), ==, "70 / 100");
}

static void
test_fills_strong (Fixture       *f,
                   gconstpointer  data)
{
  /* lihua: e-mail, phone, MFA and a strong password: 100 */
  check_user (f, "lihua", "Str0ngPassw0rd2024");
  g_assert_cmpstr (ac_security_page_get_score_text (f->page), ==, "100 / 100");
}

static void
test_fills_weak (Fixture       *f,
                 gconstpointer  data)
{
  /* wangwei: only a weak password */
  check_user (f, "wangwei", "123456");
  g_assert_cmpstr (ac_security_page_get_score_text (f->page), ==, "60 / 100");
}

static gboolean
page_idle (gpointer data)
{
  return !ac_security_page_get_busy (AC_SECURITY_PAGE (data));
}

static void
test_refresh_token (Fixture       *f,
                    gconstpointer  data)
{
  AcClient *client;
  g_autofree char *old_token = NULL;
  const char *expiry;

  open_page (f, DEMO_USER, DEMO_PASSWORD);
  client = ac_session_get_client (ac_window_get_session (f->window));
  old_token = g_strdup (ac_client_get_token (client));
  expiry = ac_security_page_get_expiry_text (f->page);
  g_assert_nonnull (expiry);
  g_test_message ("expiry: %s", expiry);
  g_assert_true (g_str_has_prefix (expiry, "in "));

  ac_security_page_refresh_token (f->page);
  g_assert_true (ac_security_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "the token refresh");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Token refreshed");
  g_assert_cmpstr (ac_client_get_token (client), !=, old_token);
}

static void
test_format_expiry (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 11, 28, 10, 0, 0);
  g_autoptr(GDateTime) in_days = g_date_time_add_days (now, 6);
  g_autoptr(GDateTime) in_hours = g_date_time_add_hours (now, 3);
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);
  g_autofree char *a = ac_format_expiry (in_days, now);
  g_autofree char *b = ac_format_expiry (in_hours, now);
  g_autofree char *c = ac_format_expiry (past, now);

  g_assert_cmpstr (a, ==, "in 6 days (Fri 4 Dec 2026 10:00)");
  g_assert_cmpstr (b, ==, "in 3 hours (Sat 28 Nov 2026 13:00)");
  g_assert_cmpstr (c, ==, "Expired 5 minutes ago (Sat 28 Nov 2026 09:55)");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/security/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("fills-demo", test_fills_demo);
  ADD ("fills-strong", test_fills_strong);
  ADD ("fills-weak", test_fills_weak);
  ADD ("refresh-token", test_refresh_token);
#undef ADD
  g_test_add_func ("/ui/security/format-expiry", test_format_expiry);

  return g_test_run ();
}
