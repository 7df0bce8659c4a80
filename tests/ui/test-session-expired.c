/* test-session-expired.c: a token that expires under the person's hands leads through signing
 * in again, and the profile edit is saved afterwards without being lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"
#include "ac-profile-page.h"

static gboolean
reauth_open (gpointer data)
{
  return ac_window_get_reauthentication_dialog (AC_WINDOW (data)) != NULL;
}

static gboolean
page_idle (gpointer data)
{
  return !ac_profile_page_get_busy (AC_PROFILE_PAGE (data));
}

static gboolean
saved (gpointer data)
{
  return ac_window_get_reauthentication_dialog (AC_WINDOW (data)) == NULL &&
         g_strcmp0 (ac_window_get_last_toast (AC_WINDOW (data)), "Profile saved") == 0;
}

static void
test_reauth_keeps_edit (void)
{
  const char *args[] = { "--token-ttl", "5", NULL };
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (args);
  AcWindow *window = shell_window_new (NULL);
  AcProfilePage *page;
  GtkWidget *nickname;
  AcSignInPage *reauth;
  g_autoptr(AcClient) check = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  /* No refresh ahead of expiry: the token must really run out. */
  g_object_set (ac_session_get_client (ac_window_get_session (window)), "auto-refresh", FALSE, NULL);
  page = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
  ac_window_show_page (window, "profile");

  nickname = ac_profile_page_get_row (page, "nickname");
  gtk_editable_set_text (GTK_EDITABLE (nickname), "Edited Before Expiry");
  ac_test_run_for (6000);

  ac_profile_page_save (page);
  shell_wait_until (reauth_open, window, 30, "the re-sign-in dialog");
  /* The failed save itself comes back after the client's session-expired signal. */
  shell_wait_until (page_idle, page, 30, "the failed save");
  g_assert_true (reauth_open (window));

  /* The edit is still there, and the account is prefilled. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nickname)), ==, "Edited Before Expiry");
  reauth = ac_reauth_dialog_get_sign_in_page (AC_REAUTH_DIALOG (ac_window_get_reauthentication_dialog (window)));
  g_assert_nonnull (reauth);
  g_assert_cmpstr (ac_sign_in_page_get_account (reauth), ==, DEMO_USER);
  g_assert_cmpstr (ac_window_get_state (window), ==, "account");

  /* A wrong password keeps the dialog open with an error. */
  ac_sign_in_page_set_password (reauth, "wrong");
  g_assert_true (ac_sign_in_page_submit (reauth));
  while (ac_sign_in_page_get_busy (reauth))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (ac_sign_in_page_get_error (reauth), ==, "The account or the password is wrong.");
  g_assert_true (reauth_open (window));

  ac_sign_in_page_set_password (reauth, DEMO_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (reauth));
  shell_wait_until (saved, window, 30, "the retried save");

  /* Stored at the server. */
  check = shell_fresh_client (emu, DEMO_USER, DEMO_PASSWORD);
  user = shell_fetch_user (check);
  g_assert_cmpstr (ac_user_info_get_nickname (user), ==, "Edited Before Expiry");

  shell_destroy_window (window);
}

static void
test_reauth_given_up (void)
{
  const char *args[] = { "--token-ttl", "5", NULL };
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (args);
  AcWindow *window = shell_window_new (NULL);
  AcProfilePage *page;
  GtkWidget *nickname;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  g_object_set (ac_session_get_client (ac_window_get_session (window)), "auto-refresh", FALSE, NULL);
  page = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
  nickname = ac_profile_page_get_row (page, "nickname");
  gtk_editable_set_text (GTK_EDITABLE (nickname), "Not Saved");
  ac_test_run_for (6000);
  ac_profile_page_save (page);
  shell_wait_until (reauth_open, window, 30, "the re-sign-in dialog");
  /* The failed save itself comes back after the client's session-expired signal. */
  shell_wait_until (page_idle, page, 30, "the failed save");
  g_assert_true (reauth_open (window));

  gtk_window_close (ac_window_get_reauthentication_dialog (window));
  ac_test_run_for (100);
  g_assert_null (ac_window_get_reauthentication_dialog (window));
  g_assert_cmpstr (ac_window_get_last_toast (window), ==, "Not signed in. Your changes were not saved.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nickname)), ==, "Not Saved");
  g_assert_true (ac_profile_page_get_can_save (page));

  shell_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/session-expired/re-sign-in-keeps-edit", test_reauth_keeps_edit);
  g_test_add_func ("/ui/session-expired/given-up", test_reauth_given_up);

  return g_test_run ();
}
