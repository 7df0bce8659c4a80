/* test-sign-in-steps.c: the other ways through the sign-in page against a real emulator:
 * two-step sign-in (TOTP computed here with liboath, a recovery code), a code from the
 * emulator's outbox, the browser (the test plays the browser over HTTP), kiosk mode's browser
 * key, the inline status instead of toasts, and where errors go and what gets the focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <liboath/oath.h>
#include <libsoup/soup.h>

#include "shell-test-util.h"
#include "ac-policy.h"

#define TOTP_USER "totp-demo"
#define TOTP_PASSWORD "demo1234"
#define TOTP_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define TOTP_RECOVERY "demo-0000-1111-2222-3333-4444"

typedef struct
{
  AcTestEmulator  *emu;
  AcAccountCenter *app;
  AcWindow        *window;
  AcSignInPage    *page;
  char            *uri;     /* what the page asked the browser to open */
  guint            opened;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_setenv ("AC_EMULATOR_TEST_CLOCK", "1", TRUE);
  f->emu = shell_start_emulator (NULL);
  f->app = shell_app_new ();
  f->window = shell_window_new (f->app);
  f->page = ac_window_get_sign_in_page (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GSettings *settings = ac_account_center_get_settings (f->app);

  shell_destroy_window (f->window);
  g_settings_reset (settings, "kiosk");
  g_settings_reset (settings, "kiosk-browser-sign-in");
  g_clear_object (&f->app);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
  g_free (f->uri);
}

/* The emulator's own endpoints ------------------------------------------------------------------ */

static JsonNode *
emulator_json (AcTestEmulator *emu,
               const char     *method,
               const char     *path,
               const char     *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ac_test_emulator_get_url (emu), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* How many messages the outbox holds for @to */
static guint
outbox_count (AcTestEmulator *emu,
              const char     *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/_emulator/outbox?to=", escaped, NULL);
  g_autoptr(JsonNode) root = emulator_json (emu, "GET", path, NULL);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_get_length (json_node_get_array (root));
}

static char *
outbox_code (AcTestEmulator *emu,
             const char     *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/_emulator/outbox?to=", escaped, NULL);
  g_autoptr(JsonNode) root = emulator_json (emu, "GET", path, NULL);
  JsonArray *entries = json_node_get_array (root);

  g_assert_cmpuint (json_array_get_length (entries), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 0), "code"));
}

static gint64
clock_now (AcTestEmulator *emu,
           gint64          advance)
{
  g_autofree char *body = g_strdup_printf ("{\"advance\": %" G_GINT64_FORMAT "}", advance);
  g_autoptr(JsonNode) root = emulator_json (emu, "POST", "/_emulator/clock", body);

  return json_object_get_int_member (json_node_get_object (root), "now");
}

static char *
totp_at (gint64 at)
{
  char *raw = NULL;
  size_t len = 0;
  char otp[7] = { 0 };

  g_assert_cmpint (oath_init (), ==, OATH_OK);
  g_assert_cmpint (oath_base32_decode (TOTP_SECRET, strlen (TOTP_SECRET), &raw, &len), ==, OATH_OK);
  g_assert_cmpint (oath_totp_generate (raw, len, (time_t) at, 30, 0, 6, otp), ==, OATH_OK);
  free (raw);
  return g_strdup (otp);
}

/* The code of the emulator's now, away from the end of a step */
static char *
totp_now (AcTestEmulator *emu)
{
  gint64 now = clock_now (emu, 0);

  if (now % 30 >= 25)
    now = clock_now (emu, 30 - now % 30);
  return totp_at (now);
}

/* A code that none of the accepted steps (previous, now, next) gives */
static char *
totp_wrong (AcTestEmulator *emu,
            guint           n)
{
  gint64 now = clock_now (emu, 0);

  for (guint i = n;; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%06u", (i * 137137u) % 1000000u);
      gboolean taken = FALSE;

      for (int step = -1; step <= 1; step++)
        {
          g_autofree char *code = totp_at (now + 30 * step);

          taken |= g_str_equal (code, candidate);
        }
      if (!taken)
        return g_steal_pointer (&candidate);
    }
}

/* Conditions ------------------------------------------------------------------------------------ */

static gboolean
page_not_busy (gpointer data)
{
  return !ac_sign_in_page_get_busy (AC_SIGN_IN_PAGE (data));
}

static gboolean
step_is_mfa (gpointer data)
{
  return ac_sign_in_page_get_step (AC_SIGN_IN_PAGE (data)) == AC_SIGN_IN_STEP_MFA &&
         !ac_sign_in_page_get_busy (AC_SIGN_IN_PAGE (data));
}

static gboolean
step_is_recovery_code (gpointer data)
{
  return ac_sign_in_page_get_step (AC_SIGN_IN_PAGE (data)) == AC_SIGN_IN_STEP_RECOVERY_CODE;
}

static gboolean
session_ready (gpointer data)
{
  return ac_session_get_state (ac_window_get_session (AC_WINDOW (data))) == AC_SESSION_STATE_READY;
}

static gboolean
has_status (gpointer data)
{
  return ac_sign_in_page_get_status (AC_SIGN_IN_PAGE (data)) != NULL ||
         ac_sign_in_page_get_error (AC_SIGN_IN_PAGE (data)) != NULL;
}

static void
fill (Fixture    *f,
      const char *account,
      const char *password)
{
  ac_sign_in_page_set_host (f->page, ac_test_emulator_get_url (f->emu));
  ac_sign_in_page_set_app_id (f->page, ac_test_emulator_get_app_id (f->emu));
  ac_sign_in_page_set_account (f->page, account);
  ac_sign_in_page_set_password (f->page, password);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
}

/* To the second step with the password of the TOTP user */
static void
to_second_step (Fixture *f)
{
  fill (f, TOTP_USER, TOTP_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (step_is_mfa, f->page, 30, "the second step");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_MFA_REQUIRED);
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_MFA_CODE);
}

/* Two-step sign-in ------------------------------------------------------------------------------- */

static void
test_totp (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  g_autofree char *pasted = NULL;
  AcAccount *account;

  to_second_step (f);

  /* Five digits wait; the sixth submits. */
  wrong = totp_wrong (f->emu, 1);
  ac_sign_in_page_set_mfa_code (f->page, "12345");
  g_assert_false (ac_sign_in_page_get_busy (f->page));
  ac_sign_in_page_set_mfa_code (f->page, wrong);
  g_assert_true (ac_sign_in_page_get_busy (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the wrong code to be refused");
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_MFA);
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The code is wrong."));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_MFA_CODE);
  g_assert_cmpstr (ac_sign_in_page_get_mfa_code (f->page), ==, "");

  /* A paste with a space ("123 456") is the six digits. */
  right = totp_now (f->emu);
  pasted = g_strdup_printf ("%.3s %s", right, right + 3);
  ac_sign_in_page_set_mfa_code (f->page, pasted);
  shell_wait_until (session_ready, f->window, 30, "the account after the second step");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  account = ac_session_get_account (ac_window_get_session (f->window));
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (account)), ==, TOTP_USER);
  g_assert_nonnull (ac_window_get_page (f->window, "profile"));
  /* Kept in the keyring as a password sign-in would be (outside kiosk mode). */
  g_assert_true (ac_session_get_remember (ac_window_get_session (f->window)));
  /* The form is back to its first step for next time, with no code left in it. */
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  g_assert_cmpstr (ac_sign_in_page_get_mfa_code (f->page), ==, "");
  g_assert_cmpstr (ac_sign_in_page_get_password (f->page), ==, "");
}

/* Signs the app's token out at the server, as another device would (GET /api/v2/logout) */
static void
sign_out_token (AcTestEmulator *emu,
                const char     *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ac_test_emulator_get_url (emu), "/api/v2/logout", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static gboolean
reauth_open (gpointer data)
{
  return ac_window_get_reauthentication_dialog (AC_WINDOW (data)) != NULL;
}

static gboolean
reauth_closed (gpointer data)
{
  return ac_window_get_reauthentication_dialog (AC_WINDOW (data)) == NULL &&
         ac_session_get_state (ac_window_get_session (AC_WINDOW (data))) == AC_SESSION_STATE_READY;
}

/* A session of an account with two-step sign-in on that ends under the person's hands: signing
 * in again asks for the second step too, in the dialog, then goes on. */
static void
test_reauth_second_step (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  AcSession *session = ac_window_get_session (f->window);
  AcSignInPage *reauth;

  to_second_step (f);
  first = totp_now (f->emu);
  ac_sign_in_page_set_mfa_code (f->page, first);
  shell_wait_until (session_ready, f->window, 30, "the account after the second step");

  /* Signed out elsewhere; the next request (the devices page reads each time) finds it out. */
  sign_out_token (f->emu, ac_client_get_token (ac_session_get_client (session)));
  ac_window_show_page (f->window, "devices");
  shell_wait_until (reauth_open, f->window, 30, "the re-sign-in dialog");
  reauth = ac_reauth_dialog_get_sign_in_page (AC_REAUTH_DIALOG (ac_window_get_reauthentication_dialog (f->window)));
  g_assert_cmpstr (ac_sign_in_page_get_account (reauth), ==, TOTP_USER);

  /* The password, then the second step in the dialog. */
  ac_sign_in_page_set_password (reauth, TOTP_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (reauth));
  shell_wait_until (step_is_mfa, reauth, 30, "the second step in the dialog");
  g_assert_cmpint (ac_session_get_state (session), ==, AC_SESSION_STATE_EXPIRED);

  wrong = totp_wrong (f->emu, 7);
  ac_sign_in_page_set_mfa_code (reauth, wrong);
  shell_wait_until (page_not_busy, reauth, 30, "the wrong code to be refused");
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (reauth), "The code is wrong."));
  g_assert_true (reauth_open (f->window));
  g_assert_cmpint (ac_session_get_state (session), ==, AC_SESSION_STATE_EXPIRED);

  /* The code of the first sign-in is spent: the next step's. */
  clock_now (f->emu, 30);
  right = totp_now (f->emu);
  ac_sign_in_page_set_mfa_code (reauth, right);
  shell_wait_until (reauth_closed, f->window, 30, "the session after signing in again");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (session))),
                   ==, TOTP_USER);
}

static void
test_totp_too_many (Fixture       *f,
                    gconstpointer  data)
{
  to_second_step (f);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *wrong = totp_wrong (f->emu, 10 + i);

      ac_sign_in_page_set_mfa_code (f->page, wrong);
      shell_wait_until (page_not_busy, f->page, 30, "a wrong code to be refused");
      g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_MFA);
    }

  /* The seventh try finds the sign-in ended by the server: back to the password. */
  {
    g_autofree char *right = totp_now (f->emu);

    ac_sign_in_page_set_mfa_code (f->page, right);
    shell_wait_until (page_not_busy, f->page, 30, "the ended sign-in");
  }
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_nonnull (strstr (ac_sign_in_page_get_error (f->page), "too many wrong codes"));
  g_assert_cmpstr (ac_sign_in_page_get_account (f->page), ==, TOTP_USER);
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_PASSWORD);
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_SIGNED_OUT);
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  const char *shown;
  g_autofree char *first = NULL;

  to_second_step (f);
  activate (f, "sign-in.toggle-recovery");
  g_assert_true (ac_sign_in_page_get_using_recovery (f->page));

  /* A wrong recovery code first: said on the entry. */
  ac_sign_in_page_set_mfa_code (f->page, "dead-beef-dead-beef-dead-beef");
  g_assert_false (ac_sign_in_page_get_busy (f->page));
  activate (f, "sign-in.sign-in");
  shell_wait_until (page_not_busy, f->page, 30, "the wrong recovery code to be refused");
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The recovery code is wrong."));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_MFA_CODE);

  ac_sign_in_page_set_mfa_code (f->page, " " TOTP_RECOVERY " ");
  activate (f, "sign-in.sign-in");
  shell_wait_until (step_is_recovery_code, f->page, 30, "the new recovery code");

  /* Shown once, before the account opens. */
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_MFA_REQUIRED);
  shown = ac_sign_in_page_get_recovery_code (f->page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown, !=, TOTP_RECOVERY);
  g_assert_cmpuint (strlen (shown), >=, 12);
  first = g_strdup (shown);
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_NONE);

  /* Copy puts it on the clipboard and says so inline. */
  activate (f, "sign-in.copy-recovery-code");
  g_assert_cmpstr (ac_sign_in_page_get_status (f->page), ==, "Recovery code copied");

  activate (f, "sign-in.sign-in");
  shell_wait_until (session_ready, f->window, 30, "the account after the recovery code");
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (ac_window_get_session (f->window)))),
                   ==, TOTP_USER);

  /* The old recovery code works no more; the shown one does (checked with a client). */
  {
    g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
    g_autoptr(AcUserInfo) user = NULL;
    g_autoptr(GError) error = NULL;
    GAsyncResult *result = NULL;

    ac_client_sign_in_async (client, TOTP_USER, TOTP_PASSWORD, NULL, ac_test_result_cb, &result);
    user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
    g_clear_object (&result);
    g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
    g_clear_error (&error);
    ac_client_recover_with_code_async (client, first, NULL, ac_test_result_cb, &result);
    user = ac_client_recover_with_code_finish (client, ac_test_await (&result, 30), NULL, &error);
    g_clear_object (&result);
    g_assert_no_error (error);
    g_assert_nonnull (user);
  }
}

static void
test_second_step_back (Fixture       *f,
                       gconstpointer  data)
{
  to_second_step (f);
  activate (f, "sign-in.back");
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_SIGNED_OUT);
  g_assert_cmpstr (ac_sign_in_page_get_account (f->page), ==, TOTP_USER);
  g_assert_cmpstr (ac_sign_in_page_get_password (f->page), ==, "");
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_PASSWORD);
}

/* Signing in with a code ------------------------------------------------------------------------ */

static void
test_code (Fixture       *f,
           gconstpointer  data)
{
  const char *address = "demo@yunshan.example";
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  fill (f, "", "");
  activate (f, "sign-in.show-code");
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_CODE);
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_ADDRESS);

  /* Not an address: said on the field, nothing sent. */
  ac_sign_in_page_set_code_address (f->page, "not an address");
  activate (f, "sign-in.send-code");
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_nonnull (strstr (ac_sign_in_page_get_error (f->page), "is not a phone number or an e-mail address"));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_ADDRESS);
  g_assert_cmpuint (ac_sign_in_page_get_resend_countdown (f->page), ==, 0);

  ac_sign_in_page_set_code_address (f->page, address);
  activate (f, "sign-in.send-code");
  /* The resend button counts down at once. */
  g_assert_cmpuint (ac_sign_in_page_get_resend_countdown (f->page), ==, 60);
  shell_wait_until (has_status, f->page, 30, "the code to be sent");
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_status (f->page), "If an account uses this address"));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_CODE);
  g_assert_cmpuint (outbox_count (f->emu, address), ==, 1);
  /* No second send while it counts down. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "sign-in.send-code", NULL);
  ac_test_run_for (300);
  g_assert_cmpuint (outbox_count (f->emu, address), ==, 1);
  g_assert_cmpuint (ac_sign_in_page_get_resend_countdown (f->page), >, 50);
  g_assert_cmpuint (ac_sign_in_page_get_resend_countdown (f->page), <=, 60);

  code = outbox_code (f->emu, address);
  wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
  ac_sign_in_page_set_code (f->page, wrong);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the wrong code to be refused");
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_CODE);
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The code is wrong or has expired."));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_CODE);

  ac_sign_in_page_set_code (f->page, code);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (session_ready, f->window, 30, "the account after the code");
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (ac_window_get_session (f->window)))),
                   ==, DEMO_USER);
}

/* An address without an account: the same answers as for one with an account. */
static void
test_code_unknown_address (Fixture       *f,
                           gconstpointer  data)
{
  const char *address = "nobody@yunshan.example";

  fill (f, "", "");
  activate (f, "sign-in.show-code");
  ac_sign_in_page_set_code_address (f->page, address);
  activate (f, "sign-in.send-code");
  shell_wait_until (has_status, f->page, 30, "the code to be sent");
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_status (f->page), "If an account uses this address"));
  g_assert_cmpuint (outbox_count (f->emu, address), ==, 0);

  ac_sign_in_page_set_code (f->page, "123456");
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the code to be refused");
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The code is wrong or has expired."));
}

/* A code sign-in of an account with TOTP on goes on to the second step. */
static void
test_code_then_totp (Fixture       *f,
                     gconstpointer  data)
{
  const char *address = "totp-demo@yunshan.example";
  g_autofree char *code = NULL;
  g_autofree char *totp = NULL;

  fill (f, address, "");
  activate (f, "sign-in.show-code");
  g_assert_cmpstr (ac_sign_in_page_get_code_address (f->page), ==, address);
  activate (f, "sign-in.send-code");
  shell_wait_until (has_status, f->page, 30, "the code to be sent");
  code = outbox_code (f->emu, address);
  ac_sign_in_page_set_code (f->page, code);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (step_is_mfa, f->page, 30, "the second step");
  totp = totp_now (f->emu);
  ac_sign_in_page_set_mfa_code (f->page, totp);
  shell_wait_until (session_ready, f->window, 30, "the account after both steps");
}

/* The browser ----------------------------------------------------------------------------------- */

/* The launcher is replaced: the URI is kept and no browser starts. */
static void
open_uri_cb (AcSignInPage *page,
             const char   *uri,
             Fixture      *f)
{
  f->opened++;
  g_free (f->uri);
  f->uri = g_strdup (uri);
  g_signal_stop_emission_by_name (page, "open-uri");
}

static gboolean
uri_opened (gpointer data)
{
  Fixture *f = data;

  return f->uri != NULL;
}

static char *
fetch (SoupSession *session,
       const char  *method,
       const char  *uri,
       const char  *form,
       guint       *status,
       char       **location)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The person signs in on the emulator's hosted page; returns the redirect to the app */
static char *
hosted_sign_in (Fixture    *f,
                const char *account,
                const char *password)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("name=\"interaction\" value=\"([0-9a-f]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *html = NULL;
  g_autofree char *interaction = NULL;
  g_autofree char *form = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *post = g_strconcat (ac_test_emulator_get_url (f->emu), "/oidc/interaction", NULL);
  char *location = NULL;
  guint status = 0;

  html = fetch (session, "GET", f->uri, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_regex_match (regex, html, 0, &match));
  interaction = g_match_info_fetch (match, 1);
  form = g_strdup_printf ("interaction=%s&account=%s&password=%s&action=sign-in", interaction, account, password);
  answer = fetch (session, "POST", post, form, &status, &location);
  g_assert_cmpuint (status, ==, 303);
  g_assert_nonnull (location);
  return location;
}

typedef struct
{
  gboolean done;
  guint    status;
  char    *body;
} Delivery;

static void
delivered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Delivery *delivery = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  delivery->status = soup_message_get_status (msg);
  delivery->body = body != NULL ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  delivery->done = TRUE;
}

static gboolean
delivered (gpointer data)
{
  return ((Delivery *) data)->done;
}

static gboolean
port_open (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static guint16
redirect_port (Fixture *f)
{
  g_autoptr(GUri) uri = g_uri_parse (f->uri, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_autoptr(GUri) redirect = g_uri_parse (g_hash_table_lookup (params, "redirect_uri"), G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (redirect);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");
  return (guint16) g_uri_get_port (redirect);
}

static void
start_browser (Fixture *f)
{
  g_signal_connect (f->page, "open-uri", G_CALLBACK (open_uri_cb), f);
  fill (f, "", "");
  g_assert_true (ac_sign_in_page_get_browser_offered (f->page));
  activate (f, "sign-in.browser");
  shell_wait_until (uri_opened, f, 30, "the browser to be asked to open the sign-in page");
  g_assert_cmpuint (f->opened, ==, 1);
  g_assert_true (g_str_has_prefix (f->uri, ac_test_emulator_get_url (f->emu)));
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_BROWSER);
  g_assert_cmpstr (ac_sign_in_page_get_uri (f->page), ==, f->uri);
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
}

static void
test_browser (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *callback = NULL;
  Delivery delivery = { 0, };
  guint16 port;

  start_browser (f);
  port = redirect_port (f);
  g_assert_true (port_open (port));

  callback = hosted_sign_in (f, DEMO_USER, DEMO_PASSWORD);
  msg = soup_message_new ("GET", callback);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, delivered_cb, &delivery);
  shell_wait_until (session_ready, f->window, 30, "the account after the browser");
  shell_wait_until (delivered, &delivery, 30, "the browser's answer");
  g_assert_cmpuint (delivery.status, ==, 200);
  g_assert_nonnull (strstr (delivery.body, "You can return to Account Center"));
  g_free (delivery.body);
  g_assert_false (port_open (port));

  /* A session like any other: the pages fill, the account name is the user's. */
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (ac_window_get_session (f->window)))),
                   ==, DEMO_USER);
  g_assert_cmpstr (ac_session_get_account_name (ac_window_get_session (f->window)), ==, DEMO_USER);
  g_assert_nonnull (ac_window_get_page (f->window, "profile"));
  g_assert_true (ac_session_get_remember (ac_window_get_session (f->window)));
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  /* The host and account are remembered for the next start, as after a password. */
  {
    g_autofree char *last = g_settings_get_string (ac_account_center_get_settings (f->app), "last-account");

    g_assert_cmpstr (last, ==, DEMO_USER);
  }
}

static void
test_browser_cancel (Fixture       *f,
                     gconstpointer  data)
{
  guint16 port;

  start_browser (f);
  port = redirect_port (f);
  g_assert_true (port_open (port));
  activate (f, "sign-in.cancel");
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  g_assert_false (ac_sign_in_page_get_busy (f->page));
  /* The person's own choice: a status, not a red error; the listener is closed. */
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_cmpstr (ac_sign_in_page_get_status (f->page), ==, "Signing in was cancelled.");
  ac_test_run_for (200);
  g_assert_false (port_open (port));
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_SIGNED_OUT);
}

/* The browser comes back refused (the person pressed Cancel on the hosted page). */
static void
test_browser_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *callback = NULL;
  Delivery delivery = { 0, };

  start_browser (f);
  uri = g_uri_parse (f->uri, G_URI_FLAGS_ENCODED, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  /* A wrong state: someone else's answer */
  callback = g_strdup_printf ("%s?code=abc&state=not-the-state", (char *) g_hash_table_lookup (params, "redirect_uri"));
  msg = soup_message_new ("GET", callback);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, delivered_cb, &delivery);
  shell_wait_until (page_not_busy, f->page, 30, "the refused answer");
  shell_wait_until (delivered, &delivery, 30, "the browser's answer");
  g_free (delivery.body);
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
  g_test_message ("wrong state: %s", ac_sign_in_page_get_error (f->page));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_BROWSER);
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (f->window)), ==, AC_SESSION_STATE_SIGNED_OUT);
}

static void
test_kiosk_browser_key (Fixture       *f,
                        gconstpointer  data)
{
  GSettings *settings = ac_account_center_get_settings (f->app);

  g_assert_true (ac_sign_in_page_get_browser_offered (f->page));
  g_settings_set_boolean (settings, "kiosk", TRUE);
  ac_test_run_for (100);
  g_assert_true (ac_policy_get_kiosk (ac_account_center_get_policy (f->app)));
  g_assert_false (ac_sign_in_page_get_browser_offered (f->page));
  /* The action does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "sign-in.browser", NULL);
  ac_test_run_for (100);
  g_assert_cmpint (ac_sign_in_page_get_step (f->page), ==, AC_SIGN_IN_STEP_PASSWORD);

  g_settings_set_boolean (settings, "kiosk-browser-sign-in", TRUE);
  ac_test_run_for (100);
  g_assert_true (ac_sign_in_page_get_browser_offered (f->page));
  g_settings_set_boolean (settings, "kiosk", FALSE);
  ac_test_run_for (100);
  g_assert_true (ac_sign_in_page_get_browser_offered (f->page));
}

/* Kiosk mode: the second step works there too (and nothing is remembered). */
static void
test_kiosk_totp (Fixture       *f,
                 gconstpointer  data)
{
  GSettings *settings = ac_account_center_get_settings (f->app);
  g_autofree char *code = NULL;

  g_settings_set_boolean (settings, "kiosk", TRUE);
  ac_test_run_for (100);
  /* A window started in kiosk mode (it remembers nothing); the server rows are hidden there:
   * the test fills them as the administrator's settings would. */
  shell_destroy_window (f->window);
  f->window = shell_window_new (f->app);
  f->page = ac_window_get_sign_in_page (f->window);
  g_assert_false (ac_sign_in_page_get_browser_offered (f->page));
  to_second_step (f);
  code = totp_now (f->emu);
  ac_sign_in_page_set_mfa_code (f->page, code);
  shell_wait_until (session_ready, f->window, 30, "the account after the second step");
  g_assert_false (ac_session_get_remember (ac_window_get_session (f->window)));
}

/* Errors: once, above the button, and the focus where the mistake is ----------------------------- */

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      found = find_button (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_revealer (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* the error's, the only one revealed */
      if (GTK_IS_REVEALER (child) && gtk_revealer_get_reveal_child (GTK_REVEALER (child)))
        return child;
      found = find_revealer (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
child_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

/* The Sign In button lies inside the window, below the error. */
static void
assert_button_visible (Fixture *f)
{
  GtkWidget *button = find_button (GTK_WIDGET (f->page), "sign-in.sign-in");
  GtkWidget *error = NULL;
  graphene_rect_t bounds, error_bounds;
  int height;

  /* The error's slide-down ends first (slowly under the sanitizers). */
  error = find_revealer (GTK_WIDGET (f->page));
  g_assert_nonnull (error);
  shell_wait_until (child_revealed, error, 30, "the error to be revealed");
  ac_test_run_for (200);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (f->window), &bounds));
  height = gtk_widget_get_height (GTK_WIDGET (f->window));
  g_test_message ("Sign In button %g..%g of %d", bounds.origin.y, bounds.origin.y + bounds.size.height, height);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);
  g_assert_true (gtk_widget_compute_bounds (error, GTK_WIDGET (f->window), &error_bounds));
  g_assert_cmpfloat (error_bounds.origin.y + error_bounds.size.height, <=, bounds.origin.y);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_error_focus (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *closed = ac_test_closed_port_url ();

  /* The default size of a new window */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 680);
  ac_test_run_for (300);

  /* A wrong password: the password field, its text selected to type again. */
  fill (f, DEMO_USER, "not-the-password");
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_assert_cmpstr (ac_sign_in_page_get_error (f->page), ==, "The account or the password is wrong.");
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_PASSWORD);
  assert_button_visible (f);

  /* An unreachable host: the host field; the reason said once. */
  fill (f, DEMO_USER, DEMO_PASSWORD);
  ac_sign_in_page_set_host (f->page, closed);
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_test_message ("unreachable: %s", ac_sign_in_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_sign_in_page_get_error (f->page), "The server could not be reached."));
  g_assert_cmpuint (count (ac_sign_in_page_get_error (f->page), "Could not connect"), ==, 0);
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_HOST);
  assert_button_visible (f);

  /* A wrong application ID: its field, in words a person understands. */
  fill (f, DEMO_USER, DEMO_PASSWORD);
  ac_sign_in_page_set_app_id (f->page, "000000000000000000000000");
  g_assert_true (ac_sign_in_page_submit (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_test_message ("wrong app id: %s", ac_sign_in_page_get_error (f->page));
  g_assert_cmpstr (ac_sign_in_page_get_error (f->page), ==,
                   "This server has no application with the ID “000000000000000000000000”. Check the Application ID.");
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_APP_ID);
  assert_button_visible (f);

  /* Typing the host wrong: said before anything is sent, on the host. */
  ac_sign_in_page_set_app_id (f->page, ac_test_emulator_get_app_id (f->emu));
  ac_sign_in_page_set_host (f->page, "example dot com");
  g_assert_false (ac_sign_in_page_submit (f->page));
  g_assert_cmpint (ac_sign_in_page_get_focus_field (f->page), ==, AC_SIGN_IN_FIELD_HOST);
}

/* Signing out and deleting say so on the page; a new sign-in clears it. */
static void
test_status_not_toast (Fixture       *f,
                       gconstpointer  data)
{
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL));
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "sign-in");
  g_assert_cmpstr (ac_sign_in_page_get_status (f->page), ==, "Signed out");
  g_assert_null (ac_sign_in_page_get_error (f->page));
  g_assert_cmpstr (ac_window_get_last_toast (f->window), !=, "Signed out");

  fill (f, DEMO_USER, "wrong-password");
  g_assert_true (ac_sign_in_page_submit (f->page));
  g_assert_null (ac_sign_in_page_get_status (f->page));
  shell_wait_until (page_not_busy, f->page, 30, "the sign-in to fail");
  g_assert_null (ac_sign_in_page_get_status (f->page));
  g_assert_nonnull (ac_sign_in_page_get_error (f->page));
}

/* Screenshots for the README, written when AC_SCREENSHOT_DIR is set */

static void
save_window (Fixture    *f,
             const char *name)
{
  const char *folder = g_getenv ("AC_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (f->window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (folder == NULL)
    return;
  ac_test_run_for (800);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", folder, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wrong = NULL;

  if (g_getenv ("AC_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("AC_SCREENSHOT_DIR is not set");
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 680);
  fill (f, DEMO_USER, "");
  save_window (f, "sign-in");

  to_second_step (f);
  wrong = totp_wrong (f->emu, 3);
  ac_sign_in_page_set_mfa_code (f->page, wrong);
  shell_wait_until (page_not_busy, f->page, 30, "the wrong code to be refused");
  save_window (f, "sign-in-two-step");
  activate (f, "sign-in.back");

  activate (f, "sign-in.show-code");
  ac_sign_in_page_set_code_address (f->page, "demo@yunshan.example");
  activate (f, "sign-in.send-code");
  shell_wait_until (has_status, f->page, 30, "the code to be sent");
  save_window (f, "sign-in-code");
  activate (f, "sign-in.back");

  start_browser (f);
  save_window (f, "sign-in-browser");
  activate (f, "sign-in.cancel");

  to_second_step (f);
  activate (f, "sign-in.toggle-recovery");
  ac_sign_in_page_set_mfa_code (f->page, TOTP_RECOVERY);
  activate (f, "sign-in.sign-in");
  shell_wait_until (step_is_recovery_code, f->page, 30, "the new recovery code");
  save_window (f, "sign-in-recovery-code");
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/sign-in-steps/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("totp", test_totp);
  ADD ("totp-too-many", test_totp_too_many);
  ADD ("reauth-second-step", test_reauth_second_step);
  ADD ("recovery", test_recovery);
  ADD ("second-step-back", test_second_step_back);
  ADD ("code", test_code);
  ADD ("code-unknown-address", test_code_unknown_address);
  ADD ("code-then-totp", test_code_then_totp);
  ADD ("browser", test_browser);
  ADD ("browser-cancel", test_browser_cancel);
  ADD ("browser-refused", test_browser_refused);
  ADD ("kiosk-browser-key", test_kiosk_browser_key);
  ADD ("kiosk-totp", test_kiosk_totp);
  ADD ("error-focus", test_error_focus);
  ADD ("status-not-toast", test_status_not_toast);
  ADD ("screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
