/* test-delete-account.c: the "Delete Account?" dialog asks for the username, then deletes at
 * the server, wipes the session and returns to the sign-in page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"

static void
test_delete (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autofree char *body = NULL;

  shell_sign_in (window, emu, "zhaomin", "Zhaomin2024");

  dialog = ac_window_open_delete_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete Account?");
  body = g_strdup (adw_message_dialog_get_body (dialog));
  g_test_message ("body: %s", body);
  g_assert_nonnull (strstr (body, "profile"));
  g_assert_nonnull (strstr (body, "custom data"));
  g_assert_nonnull (strstr (body, "application"));
  g_assert_nonnull (strstr (body, "organization"));
  g_assert_nonnull (strstr (body, "cannot be undone"));
  g_assert_true (adw_message_dialog_has_response (dialog, "delete"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);

  /* Insensitive until the username is typed exactly. */
  entry = GTK_EDITABLE (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_editable_set_text (entry, "zhaomi");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_editable_set_text (entry, "ZHAOMIN");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_editable_set_text (entry, "zhaomin ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_editable_set_text (entry, "zhaomin");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));

  adw_message_dialog_response (dialog, "delete");
  /* Progress while deleting */
  g_assert_cmpstr (ac_window_get_state (window), ==, "loading");
  shell_wait_until (shell_state_is_sign_in, window, 30, "the sign-in page");

  /* Said on the sign-in page, not in a toast that would cover its Sign In button. */
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (window)), ==, "Account deleted");
  g_assert_cmpstr (ac_window_get_last_toast (window), !=, "Account deleted");
  g_assert_null (ac_session_get_account (ac_window_get_session (window)));
  g_assert_null (ac_session_get_client (ac_window_get_session (window)));
  g_assert_null (ac_window_get_page (window, "profile"));

  /* The account is gone at the server: signing in fails with 2333. */
  client = ac_client_new (ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu));
  ac_client_sign_in_async (client, "zhaomin", "Zhaomin2024", NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpint (error->code, ==, 2333);

  shell_destroy_window (window);
}

static void
test_cancel (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  AdwMessageDialog *dialog;
  g_autoptr(AcClient) client = NULL;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  dialog = ac_window_open_delete_dialog (window);
  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog))), DEMO_USER);
  adw_message_dialog_response (dialog, "cancel");
  ac_test_run_for (200);
  g_assert_cmpstr (ac_window_get_state (window), ==, "account");

  /* Still there. */
  client = shell_fresh_client (emu, DEMO_USER, DEMO_PASSWORD);
  shell_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/delete-account/delete", test_delete);
  g_test_add_func ("/ui/delete-account/cancel", test_cancel);

  return g_test_run ();
}
