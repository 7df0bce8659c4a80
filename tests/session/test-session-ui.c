/* test-session-ui.c: remembered sessions, kiosk mode and administrator settings in the real
 * app (AcAccountCenter activated as at start, its AcWindow under Xvfb) against a real
 * authing-emulator.
 *
 * Run through keyring-env (AC_KEYRING) and, for the administrator profile, admin-env
 * (AC_ADMIN_PROFILE). AC_SESSION_GROUP picks the tests:
 *   desktop    sessions in a private gnome-keyring (AC_KEYRING=private)
 *   no-keyring the same without any Secret Service (AC_KEYRING=none)
 *   kiosk      kiosk mode and the idle sign-out
 *   policy     the allow-* keys
 *   admin      the shipped administrator profile through a real dconf database
 * The kiosk, policy and admin tests are in test-session-ui-kiosk.c, the fixture and the
 * helpers in session-ui-util.c.
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

/* Tests: desktop sessions (private keyring) */

static void
test_remember_and_restore (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) stored = NULL;
  g_autofree char *token = NULL;
  AcClient *client;

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");
  sign_in_as_person (fixture);

  /* Stored, for this host, app and person, with the token the app holds. */
  client = ac_session_get_client (ac_window_get_session (fixture->window));
  token = g_strdup (ac_client_get_token (client));
  stored = stored_session ();
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->host, ==, ac_test_emulator_get_url (fixture->emu));
  g_assert_cmpstr (stored->app_id, ==, ac_test_emulator_get_app_id (fixture->emu));
  g_assert_cmpstr (stored->user_id, ==, ac_user_info_get_id (ac_client_get_user (client)));
  g_assert_cmpstr (stored->account, ==, DEMO_USER);
  g_assert_cmpstr (stored->token, ==, token);
  g_assert_nonnull (stored->expires_at);

  /* The next start opens signed in, with the same session, without a password. */
  stop_app (fixture);
  start_app (fixture, FALSE);
  wait_until (fixture, is_signed_in, TIMEOUT, "the restored session");
  client = ac_session_get_client (ac_window_get_session (fixture->window));
  g_assert_cmpstr (ac_client_get_token (client), ==, token);
  g_assert_cmpstr (ac_user_info_get_username (ac_client_get_user (client)), ==, DEMO_USER);
  g_assert_null (ac_window_get_last_toast (fixture->window));

  assert_token_nowhere (fixture, token);
}

static void
test_sign_out_removes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AcStoredSession) before = NULL;
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);
  token = g_strdup (before->token);

  ac_session_sign_out (ac_window_get_session (fixture->window));
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);

  /* The next start asks for the password again. */
  stop_app (fixture);
  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");

  assert_token_nowhere (fixture, token);
}

static gboolean
delete_dialog_gone (Fixture *fixture)
{
  return is_sign_in_page (fixture);
}

static void
test_delete_removes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AcStoredSession) after = NULL;
  g_autoptr(AcStoredSession) before = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);

  dialog = ac_window_open_delete_dialog (fixture->window);
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog)));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (entry, DEMO_USER);
  /* The password proves it is the person (protocol-security.md §8). */
  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_proof_entry (AC_DELETE_DIALOG (dialog))),
                         DEMO_PASSWORD);
  adw_message_dialog_response (dialog, "delete");

  wait_until (fixture, delete_dialog_gone, TIMEOUT, "the sign-in page after deleting");
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);
}

static void
test_dead_session (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AcClient) other = NULL;
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, &other);
  g_autoptr(AcStoredSession) after = NULL;
  AcSignInPage *page;

  /* Signed out elsewhere: the token is revoked, the keyring still has it. */
  store_session (session);
  sign_out_elsewhere (other);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the restore");
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");

  page = ac_window_get_sign_in_page (fixture->window);
  g_assert_cmpstr (ac_sign_in_page_get_account (page), ==, DEMO_USER);
  g_assert_cmpstr (ac_sign_in_page_get_password (page), ==, "");
  g_assert_nonnull (ac_sign_in_page_get_error (page));
  g_assert_null (ac_session_get_client (ac_window_get_session (fixture->window)));

  /* A dead session is not kept. */
  after = stored_session ();
  g_assert_null (after);
}

static void
test_expired_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;

  /* Expired by its date: not even tried. */
  g_clear_pointer (&session->expires_at, g_date_time_unref);
  session->expires_at = g_date_time_new_from_unix_utc (1700000000);
  store_session (session);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the restore");
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, DEMO_USER);
  after = stored_session ();
  g_assert_null (after);
}

static gboolean
stored_token_changed (Fixture *fixture)
{
  g_autoptr(AcStoredSession) session = NULL;
  const char *old = g_object_get_data (G_OBJECT (fixture->settings), "old-token");

  if (!keeper_settled (fixture))
    return FALSE;
  session = stored_session ();
  return session != NULL && g_strcmp0 (session->token, old) != 0;
}

static void
test_refresh_near_expiry (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;
  AcClient *client;

  /* The emulator's tokens live 20 s here: the restored client refreshes it ahead of its expiry
   * and the keyring follows. */
  store_session (session);
  g_object_set_data_full (G_OBJECT (fixture->settings), "old-token", g_strdup (session->token), g_free);

  start_app (fixture, FALSE);
  wait_until (fixture, is_signed_in, TIMEOUT, "the restored session");
  wait_until (fixture, stored_token_changed, TIMEOUT, "the refreshed token in the keyring");

  client = ac_session_get_client (ac_window_get_session (fixture->window));
  after = stored_session ();
  g_assert_cmpstr (after->token, ==, ac_client_get_token (client));
  g_assert_cmpstr (after->token, !=, session->token);
  g_assert_true (g_date_time_compare (after->expires_at, session->expires_at) > 0);
}

static void
test_remember_session_off (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) old = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  /* Something stored earlier, then the administrator turns remembering off. */
  store_session (old);
  g_settings_set_boolean (fixture->settings, "remember-session", FALSE);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");
  after = stored_session ();
  g_assert_null (after);

  sign_in_as_person (fixture);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  after = stored_session ();
  g_assert_null (after);
  assert_token_nowhere (fixture, token);
}

static void
test_remember_session_turned_off (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AcStoredSession) before = NULL;
  g_autoptr(AcStoredSession) after = NULL;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);

  /* Turned off while signed in: the stored session goes at once; the person stays signed in. */
  g_settings_set_boolean (fixture->settings, "remember-session", FALSE);
  run_for (100);
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");

  /* And back on: the current session is remembered again. */
  g_settings_set_boolean (fixture->settings, "remember-session", TRUE);
  run_for (100);
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_nonnull (after);
  g_assert_cmpstr (after->token, ==, ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
}

static void
test_kiosk_stores_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  g_settings_set_string (fixture->settings, "last-account", "someone-before");
  start_app (fixture, TRUE);
  g_assert_true (ac_kiosk_get_enabled (ac_account_center_get_kiosk (fixture->app)));
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, "");

  sign_in_as_person (fixture);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  after = stored_session ();
  g_assert_null (after);
  {
    g_autofree char *last = g_settings_get_string (fixture->settings, "last-account");
    g_assert_cmpstr (last, ==, "someone-before");
  }
  assert_token_nowhere (fixture, token);
}

/* Tests: no keyring */

static void
count_notice_cb (AcSessionKeeper *keeper,
                 const char      *message,
                 guint           *count)
{
  (*count)++;
}

static void
test_no_keyring (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = NULL;
  AcSessionKeeper *keeper;
  guint notices = 0;

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");

  sign_in_as_person (fixture);
  keeper = ac_account_center_get_session_keeper (fixture->app);
  g_assert_false (ac_session_keeper_get_available (keeper));
  /* A banner the person dismisses, not a toast. */
  g_assert_nonnull (ac_window_get_notice (fixture->window));
  g_assert_nonnull (strstr (ac_window_get_notice (fixture->window), "keyring"));
  g_assert_null (strstr (ac_window_get_last_toast (fixture->window) ? ac_window_get_last_toast (fixture->window) : "", "keyring"));

  /* Still signed in: the session lives in memory. */
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  g_assert_nonnull (token);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  run_for (500);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");

  /* Said once: dismissed, signing out and in again shows no second notice. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.dismiss-notice", NULL);
  g_assert_null (ac_window_get_notice (fixture->window));
  g_signal_connect (keeper, "notice", G_CALLBACK (count_notice_cb), &notices);
  ac_session_sign_out (ac_window_get_session (fixture->window));
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  /* (said on the sign-in page itself, not in a toast) */
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (fixture->window)), ==, "Signed out");
  g_assert_null (ac_window_get_notice (fixture->window));
  sign_in_as_person (fixture);
  g_assert_cmpuint (notices, ==, 0);
  g_assert_null (ac_window_get_notice (fixture->window));
  g_signal_handlers_disconnect_by_data (keeper, &notices);

  /* And no file anywhere holds the token. */
  assert_token_nowhere (fixture, token);
  g_free (token);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  assert_token_nowhere (fixture, token);
}

int
main (int   argc,
      char *argv[])
{
  const char *group = g_getenv ("AC_SESSION_GROUP");
  static const char *short_tokens[] = { "--token-ttl", "20", NULL };

  log_path = g_build_filename (g_get_tmp_dir (), "session-test.log", NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (tee_writer, NULL, NULL);

  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* GTK 4.8 warns from the cursor blink of an entry whose page was switched away while it
   * had the focus ("GtkText - did not receive a focus-out event"); warnings are fatal here. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func, data) \
  g_test_add ("/session/ui/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  if (g_strcmp0 (group, "desktop") == 0)
    {
      ADD ("desktop/remember-and-restore", test_remember_and_restore, NULL);
      ADD ("desktop/sign-out-removes", test_sign_out_removes, NULL);
      ADD ("desktop/delete-removes", test_delete_removes, NULL);
      ADD ("desktop/dead-session", test_dead_session, NULL);
      ADD ("desktop/expired-session", test_expired_session, NULL);
      ADD ("desktop/refresh-near-expiry", test_refresh_near_expiry, short_tokens);
      ADD ("desktop/remember-session-off", test_remember_session_off, NULL);
      ADD ("desktop/remember-session-turned-off", test_remember_session_turned_off, NULL);
      ADD ("desktop/kiosk-stores-nothing", test_kiosk_stores_nothing, NULL);
    }
  else if (g_strcmp0 (group, "no-keyring") == 0)
    {
      ADD ("no-keyring/memory-only", test_no_keyring, NULL);
    }
  else if (g_strcmp0 (group, "kiosk") == 0)
    {
      ADD ("kiosk/idle-sign-out", test_kiosk_idle_sign_out, NULL);
      ADD ("kiosk/input-keeps-session", test_kiosk_input_keeps_session, NULL);
      ADD ("kiosk/restrictions", test_kiosk_restrictions, NULL);
    }
  else if (g_strcmp0 (group, "policy") == 0)
    {
      ADD ("policy/disallowed", test_policy_disallowed, NULL);
      ADD ("policy/allowed", test_policy_allowed, NULL);
    }
  else if (g_strcmp0 (group, "admin") == 0)
    {
      ADD ("admin/shipped-profile", test_admin_profile, NULL);
    }
  else
    {
      g_printerr ("AC_SESSION_GROUP is “%s”: run this through meson test\n", group ? group : "unset");
      return 1;
    }

  return g_test_run ();
}
