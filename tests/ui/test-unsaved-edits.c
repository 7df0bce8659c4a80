/* test-unsaved-edits.c: signing out, closing the window or quitting with unsaved edits asks
 * "Save changes before …?": Cancel keeps the edit, Save saves (the emulator's storage has it)
 * and then goes on, Discard goes on without saving; a Save that cannot be sent stays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"
#include "ac-custom-fields-page.h"
#include "ac-idle-monitor.h"
#include "ac-profile-page.h"

typedef struct
{
  AcTestEmulator  *emu;
  AcAccountCenter *app;
  AcWindow        *window;
  AcProfilePage   *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->app = shell_app_new ();
  f->window = shell_window_new (f->app);
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
  f->page = AC_PROFILE_PAGE (ac_window_get_page (f->window, "profile"));
  g_assert_nonnull (f->page);
  ac_window_show_page (f->window, "profile");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    {
      AdwMessageDialog *dialog = ac_window_get_save_changes_dialog (f->window);

      if (dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));
      shell_destroy_window (f->window);
    }
  g_clear_object (&f->app);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static void
edit_nickname (Fixture    *f,
               const char *text)
{
  GtkWidget *row = ac_profile_page_get_row (f->page, "nickname");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_assert_true (ac_window_has_unsaved_changes (f->window));
}

static char *
server_nickname (Fixture *f)
{
  g_autoptr(AcClient) client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(AcUserInfo) user = shell_fetch_user (client);

  return g_strdup (ac_user_info_get_nickname (user));
}

static gboolean
dialog_gone (gpointer data)
{
  return ac_window_get_save_changes_dialog (AC_WINDOW (data)) == NULL;
}

static AdwMessageDialog *
expect_question (Fixture    *f,
                 const char *heading)
{
  AdwMessageDialog *dialog = ac_window_get_save_changes_dialog (f->window);

  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_true (g_strstr_len (adw_message_dialog_get_body (dialog), -1, "Profile") != NULL);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  return dialog;
}

static void
test_nothing_to_ask (Fixture       *f,
                     gconstpointer  data)
{
  /* No edits: Sign Out signs out at once. */
  g_assert_false (ac_window_has_unsaved_changes (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  g_assert_null (ac_window_get_save_changes_dialog (f->window));
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-in form");
}

static void
test_sign_out_cancel (Fixture       *f,
                      gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *nickname = NULL;
  g_autofree char *value = NULL;

  edit_nickname (f, "Not Lost");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  dialog = expect_question (f, "Save Changes Before Signing Out?");

  adw_message_dialog_response (dialog, "cancel");
  shell_wait_until (dialog_gone, f->window, 10, "the question to close");
  /* Still signed in, the edit still there, nothing sent. */
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  value = ac_profile_page_get_value (f->page, "nickname");
  g_assert_cmpstr (value, ==, "Not Lost");
  nickname = server_nickname (f);
  g_assert_cmpstr (nickname, !=, "Not Lost");
}

static void
test_sign_out_save (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *nickname = NULL;

  edit_nickname (f, "Saved Before Leaving");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  dialog = expect_question (f, "Save Changes Before Signing Out?");

  adw_message_dialog_response (dialog, "save");
  /* Saved first, then signed out. */
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-out after the save");
  nickname = server_nickname (f);
  g_assert_cmpstr (nickname, ==, "Saved Before Leaving");
}

static void
test_sign_out_discard (Fixture       *f,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *before = server_nickname (f);
  g_autofree char *after = NULL;

  edit_nickname (f, "Thrown Away");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  dialog = expect_question (f, "Save Changes Before Signing Out?");

  adw_message_dialog_response (dialog, "discard");
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-out");
  after = server_nickname (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_save_invalid_stays (Fixture       *f,
                         gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *website = ac_profile_page_get_row (f->page, "website");
  GtkWidget *focus;

  /* An edit that cannot be saved, on a page that is not showing. */
  gtk_editable_set_text (GTK_EDITABLE (website), "not a web address");
  ac_window_show_page (f->window, "security");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  dialog = expect_question (f, "Save Changes Before Signing Out?");

  adw_message_dialog_response (dialog, "save");
  shell_wait_until (dialog_gone, f->window, 10, "the question to close");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  /* Not signed out; the profile shows with the field marked and focused, the edit kept. */
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  g_assert_true (gtk_widget_has_css_class (website, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (website)), ==, "not a web address");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == website || gtk_widget_is_ancestor (focus, website));
}

static void
test_close_window (Fixture       *f,
                   gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *nickname = NULL;

  edit_nickname (f, "Saved Before Closing");
  gtk_window_close (GTK_WINDOW (f->window));
  /* The window stays while the question is open. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  dialog = expect_question (f, "Save Changes Before Closing?");

  adw_message_dialog_response (dialog, "cancel");
  shell_wait_until (dialog_gone, f->window, 10, "the question to close");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_true (ac_window_has_unsaved_changes (f->window));

  /* Again, and Save: saved, then the window closes. */
  g_object_ref (f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = expect_question (f, "Save Changes Before Closing?");
  adw_message_dialog_response (dialog, "save");
  while (gtk_widget_get_visible (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
  nickname = server_nickname (f);
  g_assert_cmpstr (nickname, ==, "Saved Before Closing");
  g_clear_object (&f->window);
}

static void
test_quit (Fixture       *f,
           gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *value = NULL;

  /* Ctrl+Q is app.quit. */
  edit_nickname (f, "Not Quitting Yet");
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  dialog = expect_question (f, "Save Changes Before Quitting?");

  adw_message_dialog_response (dialog, "cancel");
  shell_wait_until (dialog_gone, f->window, 10, "the question to close");
  value = ac_profile_page_get_value (f->page, "nickname");
  g_assert_cmpstr (value, ==, "Not Quitting Yet");
}

static gboolean
countdown_shown (gpointer data)
{
  return ac_window_get_countdown_text (AC_WINDOW (data)) != NULL;
}

static void
test_idle_countdown (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AcIdleMonitor) monitor = ac_idle_monitor_new ();

  /* The idle sign-out does not ask (nobody is there): its countdown says the edits go. */
  edit_nickname (f, "Left Unsaved");
  ac_idle_monitor_set_timeout (monitor, 3);
  ac_window_set_idle_monitor (f->window, monitor);
  ac_idle_monitor_set_active (monitor, TRUE);
  shell_wait_until (countdown_shown, f->window, 10, "the countdown");
  g_assert_nonnull (strstr (ac_window_get_countdown_text (f->window), "Signing out in"));
  g_assert_nonnull (strstr (ac_window_get_countdown_text (f->window), "unsaved changes will be discarded"));
  ac_idle_monitor_set_active (monitor, FALSE);
  ac_window_set_idle_monitor (f->window, NULL);
}

static void
test_custom_fields_too (Fixture       *f,
                        gconstpointer  data)
{
  AcCustomFieldsPage *fields = AC_CUSTOM_FIELDS_PAGE (ac_window_get_page (f->window, "custom-fields"));
  GtkWidget *school = ac_custom_fields_page_get_editor (fields, "school");
  AdwMessageDialog *dialog;

  /* Every page with edits counts, through the AcPage contract. */
  gtk_editable_set_text (GTK_EDITABLE (school), "Wuhan University");
  g_assert_true (ac_window_has_unsaved_changes (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  dialog = ac_window_get_save_changes_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_true (g_strstr_len (adw_message_dialog_get_body (dialog), -1, "Custom Fields") != NULL);
  adw_message_dialog_response (dialog, "discard");
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-out");
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/unsaved-edits/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("nothing-to-ask", test_nothing_to_ask);
  ADD ("sign-out-cancel", test_sign_out_cancel);
  ADD ("sign-out-save", test_sign_out_save);
  ADD ("sign-out-discard", test_sign_out_discard);
  ADD ("save-invalid-stays", test_save_invalid_stays);
  ADD ("close-window", test_close_window);
  ADD ("quit", test_quit);
  ADD ("custom-fields-too", test_custom_fields_too);
  ADD ("idle-countdown", test_idle_countdown);
#undef ADD

  return g_test_run ();
}
