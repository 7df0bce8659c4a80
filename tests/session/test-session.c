/* test-session.c: AcSession's states against a real authing-emulator: signing in (refused,
 * cancelled, with a second step through the MFA hook), the expiry (signing in again, the
 * waiting work goes on; giving up), signing out, deleting the account, and resuming a kept
 * session (alive, dead, expired by its date)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "ac-session.h"
#include "ac-session-private.h"
#include "ac-test-emulator.h"

#define DEMO_USER "demo"
#define DEMO_PASSWORD "demo1234"
#define AWAIT_S 60

static const char *state_names[] = {
  "signed-out", "signing-in", "mfa-required", "loading", "ready", "expired",
};

/* Every state the session went through, and how often it asked to sign in again. */
typedef struct
{
  AcTestEmulator *emu;
  AcSession      *session;
  GString        *states;
  guint           reauth_needed;
  guint           load_failed;
} Fixture;

static void
state_cb (AcSession  *session,
          GParamSpec *pspec,
          Fixture    *f)
{
  g_string_append_printf (f->states, "%s ", state_names[ac_session_get_state (session)]);
}

static void
reauth_needed_cb (AcSession *session,
                  Fixture   *f)
{
  f->reauth_needed++;
}

static void
load_failed_cb (AcSession    *session,
                const GError *error,
                Fixture      *f)
{
  g_test_message ("load failed: %s", error->message);
  f->load_failed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const *args = data;
  g_autoptr(GError) error = NULL;

  f->emu = ac_test_emulator_start (g_getenv ("AC_DEMO_POOL"), args, &error);
  g_assert_no_error (error);
  f->session = ac_session_new ();
  f->states = g_string_new (NULL);
  g_signal_connect (f->session, "notify::state", G_CALLBACK (state_cb), f);
  g_signal_connect (f->session, "reauthentication-needed", G_CALLBACK (reauth_needed_cb), f);
  g_signal_connect (f->session, "load-failed", G_CALLBACK (load_failed_cb), f);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer weak = f->session;

  g_object_add_weak_pointer (G_OBJECT (f->session), &weak);
  g_clear_object (&f->session);
  ac_test_run_for (50);
  /* Nothing else holds the session. */
  g_assert_null (weak);
  g_string_free (f->states, TRUE);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static gboolean
sign_in (Fixture     *f,
         const char  *account,
         const char  *password,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_sign_in_async (f->session, ac_test_emulator_get_url (f->emu),
                            ac_test_emulator_get_app_id (f->emu), account, password, TRUE,
                            NULL, ac_test_result_cb, &result);
  return ac_session_sign_in_finish (f->session, ac_test_await (&result, AWAIT_S), error);
}

static void
wait_for_state (Fixture        *f,
                AcSessionState  state)
{
  gint64 deadline = g_get_monotonic_time () + AWAIT_S * G_USEC_PER_SEC;

  while (ac_session_get_state (f->session) != state)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the session did not get to %s (it is %s)", state_names[state],
                 state_names[ac_session_get_state (f->session)]);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
sign_in_ready (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in (f, DEMO_USER, DEMO_PASSWORD, &error));
  g_assert_no_error (error);
  wait_for_state (f, AC_SESSION_STATE_READY);
}

/* A separate client, signed in as @account: to see what the server holds. */
static AcClient *
other_client (Fixture    *f,
              const char *account,
              const char *password,
              GError    **error)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (f->emu),
                                              ac_test_emulator_get_app_id (f->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  ac_client_sign_in_async (client, account, password, NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, AWAIT_S), error);
  return user != NULL ? g_steal_pointer (&client) : NULL;
}

/* Revokes @token at the server, as a sign-out elsewhere with that very token would: the
 * next request made with it is refused (2020), whatever its expiry. */
static void
revoke_token (Fixture    *f,
              const char *token)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (f->emu),
                                              ac_test_emulator_get_app_id (f->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (client, "auto-refresh", FALSE, NULL);
  ac_client_set_session (client, token, NULL);
  ac_client_sign_out_async (client, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_sign_out_finish (client, ac_test_await (&result, AWAIT_S), &error));
  g_assert_no_error (error);
}

/* Whether @token still opens a session at the server. */
static gboolean
token_alive (Fixture    *f,
             const char *token)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (f->emu),
                                              ac_test_emulator_get_app_id (f->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (client, "auto-refresh", FALSE, NULL);
  ac_client_set_session (client, token, NULL);
  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  user = ac_client_get_current_user_finish (client, ac_test_await (&result, AWAIT_S), &error);
  if (user == NULL)
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  return user != NULL;
}

/* Signing in */

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  AcAccount *account;

  sign_in_ready (f);
  g_assert_cmpstr (f->states->str, ==, "signing-in loading ready ");
  g_assert_nonnull (ac_session_get_client (f->session));
  g_assert_true (ac_client_get_signed_in (ac_session_get_client (f->session)));
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, DEMO_USER);
  g_assert_true (ac_session_get_remember (f->session));
  g_assert_false (ac_session_get_resuming (f->session));
  g_assert_null (ac_session_get_error (f->session));
  g_assert_cmpuint (f->load_failed, ==, 0);

  /* Ready: every part of the account is there (the user from the sign-in answer). */
  account = ac_session_get_account (f->session);
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (account)), ==, DEMO_USER);
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    g_assert_cmpint (ac_account_get_part_state (account, i), ==, AC_LOAD_STATE_LOADED);
  g_assert_cmpuint (g_list_model_get_n_items (ac_account_get_applications (account)), >, 0);
  g_assert_nonnull (ac_account_get_security_level (account));

  /* Ready now: waiting for ready answers at once. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ac_session_wait_ready_async (f->session, NULL, ac_test_result_cb, &result);
    g_assert_true (ac_session_wait_ready_finish (f->session, ac_test_await (&result, AWAIT_S), &error));
    g_assert_no_error (error);
  }
}

static void
test_sign_in_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sign_in (f, DEMO_USER, "not-the-password", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (f->states->str, ==, "signing-in signed-out ");
  g_assert_error ((GError *) ac_session_get_error (f->session), AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_null (ac_session_get_client (f->session));
  g_assert_null (ac_session_get_account (f->session));
  /* What was typed stays, to fill the form again. */
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, DEMO_USER);

  /* Waiting for ready while signed out: refused at once. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) wait_error = NULL;

    ac_session_wait_ready_async (f->session, NULL, ac_test_result_cb, &result);
    g_assert_false (ac_session_wait_ready_finish (f->session, ac_test_await (&result, AWAIT_S), &wait_error));
    g_assert_error (wait_error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  }
}

static void
test_sign_in_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* (The emulator answers after a second: time to change one's mind.) */
  ac_session_sign_in_async (f->session, ac_test_emulator_get_url (f->emu),
                            ac_test_emulator_get_app_id (f->emu), DEMO_USER, DEMO_PASSWORD,
                            FALSE, NULL, ac_test_result_cb, &result);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNING_IN);
  ac_session_cancel_sign_in (f->session);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);

  g_assert_false (ac_session_sign_in_finish (f->session, ac_test_await (&result, AWAIT_S), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The answer on its way changed nothing. */
  ac_test_run_for (1500);
  g_assert_cmpstr (f->states->str, ==, "signing-in signed-out ");
  g_assert_null (ac_session_get_error (f->session));
  g_assert_null (ac_session_get_client (f->session));
}

static void
totp_recovered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  user = ac_client_recover_with_code_finish (AC_CLIENT (object), result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  *(gboolean *) user_data = TRUE;
}

/* The hook of two-step sign-in: the session waits in mfa-required with the pending client;
 * once that client finished the second step, the session opens as a sign-in would. */
static void
test_sign_in_second_step (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AcClient *pending;
  gboolean recovered = FALSE;

  g_assert_false (sign_in (f, "totp-demo", DEMO_PASSWORD, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpstr (f->states->str, ==, "signing-in mfa-required ");
  pending = ac_session_get_pending_client (f->session);
  g_assert_nonnull (pending);
  g_assert_nonnull (ac_client_get_mfa_challenge (pending));
  g_assert_null (ac_session_get_client (f->session));

  /* Going back forgets it. */
  ac_session_cancel_sign_in (f->session);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);
  g_assert_null (ac_session_get_pending_client (f->session));

  /* Again, and this time finished with the recovery code (data/demo/pool.json). */
  g_assert_false (sign_in (f, "totp-demo", DEMO_PASSWORD, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  pending = ac_session_get_pending_client (f->session);
  ac_client_recover_with_code_async (pending, "demo-0000-1111-2222-3333-4444", NULL,
                                     totp_recovered_cb, &recovered);
  while (!recovered)
    g_main_context_iteration (NULL, TRUE);

  g_string_truncate (f->states, 0);
  ac_session_finish_sign_in (f->session);
  wait_for_state (f, AC_SESSION_STATE_READY);
  g_assert_cmpstr (f->states->str, ==, "loading ready ");
  g_assert_true (ac_session_get_client (f->session) == pending);
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (f->session))),
                   ==, "totp-demo");
  g_assert_true (ac_session_get_remember (f->session));
}

/* Signing in with a code sent to an e-mail address (read back from the emulator's outbox) */

static char *
outbox_code (Fixture    *f,
             const char *to)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *url = g_strconcat (ac_test_emulator_get_url (f->emu), "/_emulator/outbox?to=", escaped, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *entries;

  body = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error));
  entries = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (entries), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 0), "code"));
}

static gboolean
sign_in_with_code (Fixture     *f,
                   const char  *email,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_sign_in_with_code_async (f->session, ac_test_emulator_get_url (f->emu),
                                      ac_test_emulator_get_app_id (f->emu), AC_CODE_CHANNEL_EMAIL,
                                      email, NULL, code, TRUE, NULL, ac_test_result_cb, &result);
  return ac_session_sign_in_with_code_finish (f->session, ac_test_await (&result, AWAIT_S), error);
}

static void
test_sign_in_with_code (Fixture       *f,
                        gconstpointer  data)
{
  const char *email = "demo@yunshan.example";
  g_autoptr(AcClient) sender = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  ac_client_send_email_code_async (sender, email, AC_EMAIL_SCENE_VERIFY_CODE, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_send_email_code_finish (sender, ac_test_await (&result, AWAIT_S), &error));
  g_assert_no_error (error);
  code = outbox_code (f, email);
  wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);

  /* A wrong code: back to signed-out, and the session says why. */
  g_assert_false (sign_in_with_code (f, email, wrong, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
  g_clear_error (&error);
  g_assert_cmpstr (f->states->str, ==, "signing-in signed-out ");
  g_assert_true (g_error_matches (ac_session_get_error (f->session), AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE));

  g_string_truncate (f->states, 0);
  g_assert_true (sign_in_with_code (f, email, code, &error));
  g_assert_no_error (error);
  wait_for_state (f, AC_SESSION_STATE_READY);
  g_assert_cmpstr (f->states->str, ==, "signing-in loading ready ");
  g_assert_null (ac_session_get_error (f->session));
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, email);
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (f->session))), ==, DEMO_USER);
  g_assert_true (ac_session_get_remember (f->session));
}

/* A right code for an account with TOTP on: the second step, as after a password. */
static void
test_sign_in_with_code_second_step (Fixture       *f,
                                    gconstpointer  data)
{
  const char *email = "totp-demo@yunshan.example";
  g_autoptr(AcClient) sender = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  ac_client_send_email_code_async (sender, email, AC_EMAIL_SCENE_VERIFY_CODE, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_send_email_code_finish (sender, ac_test_await (&result, AWAIT_S), &error));
  code = outbox_code (f, email);
  g_assert_false (sign_in_with_code (f, email, code, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_assert_cmpstr (f->states->str, ==, "signing-in mfa-required ");
  g_assert_nonnull (ac_session_get_pending_client (f->session));
  ac_session_cancel_sign_in (f->session);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);
}

/* The expiry */

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  gboolean ready;

  ready = ac_session_wait_ready_finish (AC_SESSION (object), result, error);
  g_assert_true (ready == (*error == NULL));
  g_object_set_data (object, "waited", GINT_TO_POINTER (1));
}

static gboolean
update_nickname (AcAccount   *account,
                 const char  *nickname,
                 GError     **error)
{
  g_autoptr(AcProfileChanges) changes = ac_profile_changes_new ();
  g_autoptr(GAsyncResult) result = NULL;

  ac_profile_changes_set (changes, "nickname", nickname);
  ac_account_update_profile_async (account, changes, NULL, ac_test_result_cb, &result);
  return ac_account_update_profile_finish (account, ac_test_await (&result, AWAIT_S), error);
}

static gboolean
reauthenticate (Fixture     *f,
                const char  *password,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_reauthenticate_async (f->session, DEMO_USER, password, NULL, ac_test_result_cb, &result);
  return ac_session_reauthenticate_finish (f->session, ac_test_await (&result, AWAIT_S), error);
}

/* The token is refused: a write fails, the session waits for the person; the work waiting
 * for ready goes on once they signed in again. */
static void
test_expired_reauthenticate (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wait_error = NULL;
  g_autoptr(GAsyncResult) reload = NULL;
  g_autoptr(AcClient) check = NULL;
  g_autoptr(AcUserInfo) stored = NULL;
  AcAccount *account;
  AcClient *client;
  guint n_apps;

  sign_in_ready (f);
  client = ac_session_get_client (f->session);
  account = ac_session_get_account (f->session);
  n_apps = g_list_model_get_n_items (ac_account_get_applications (account));
  revoke_token (f, ac_client_get_token (client));

  g_string_truncate (f->states, 0);
  g_assert_false (update_nickname (account, "Saved After Signing In Again", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);
  g_assert_cmpstr (f->states->str, ==, "expired ");
  g_assert_cmpuint (f->reauth_needed, ==, 1);
  /* What was shown stays. */
  g_assert_cmpuint (g_list_model_get_n_items (ac_account_get_applications (account)), ==, n_apps);

  /* The failed write waits for ready; a Refresh waits too. */
  ac_session_wait_ready_async (f->session, NULL, waited_cb, &wait_error);
  ac_session_reload_async (f->session, NULL, ac_test_result_cb, &reload);
  ac_test_run_for (300);
  g_assert_null (g_object_get_data (G_OBJECT (f->session), "waited"));
  g_assert_null (reload);

  /* A wrong password: still expired, still waiting. */
  g_assert_false (reauthenticate (f, "wrong", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_EXPIRED);
  g_assert_null (g_object_get_data (G_OBJECT (f->session), "waited"));

  /* The right one: ready, the same client and account, and the work goes on. */
  g_assert_true (reauthenticate (f, DEMO_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->states->str, ==, "expired ready ");
  g_assert_true (ac_session_get_client (f->session) == client);
  g_assert_true (ac_session_get_account (f->session) == account);
  while (g_object_get_data (G_OBJECT (f->session), "waited") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait_error);
  g_assert_true (update_nickname (account, "Saved After Signing In Again", &error));
  g_assert_no_error (error);
  g_assert_true (ac_session_reload_finish (f->session, ac_test_await (&reload, AWAIT_S), &error));
  g_assert_no_error (error);

  check = other_client (f, DEMO_USER, DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_nickname (ac_client_get_user (check)), ==, "Saved After Signing In Again");
}

/* The person gives up signing in again: the waiting work fails, the session stays expired,
 * and the next work that waits asks again. */
static void
test_expired_given_up (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wait_error = NULL;
  g_autoptr(GAsyncResult) again = NULL;

  sign_in_ready (f);
  revoke_token (f, ac_client_get_token (ac_session_get_client (f->session)));
  g_assert_false (update_nickname (ac_session_get_account (f->session), "Never Saved", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_EXPIRED);
  g_assert_cmpuint (f->reauth_needed, ==, 1);

  ac_session_wait_ready_async (f->session, NULL, waited_cb, &wait_error);
  ac_session_cancel_reauthentication (f->session);
  while (g_object_get_data (G_OBJECT (f->session), "waited") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (wait_error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_EXPIRED);
  g_assert_nonnull (ac_session_get_account (f->session));

  /* New work that waits asks the person again. */
  ac_session_wait_ready_async (f->session, NULL, ac_test_result_cb, &again);
  g_assert_cmpuint (f->reauth_needed, ==, 2);
  g_assert_true (reauthenticate (f, DEMO_PASSWORD, &error));
  g_assert_true (ac_session_wait_ready_finish (f->session, ac_test_await (&again, AWAIT_S), &error));
  g_assert_no_error (error);
}

/* Ending */

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = NULL;
  gpointer weak_account;

  sign_in_ready (f);
  token = g_strdup (ac_client_get_token (ac_session_get_client (f->session)));
  weak_account = ac_session_get_account (f->session);
  g_object_add_weak_pointer (G_OBJECT (weak_account), &weak_account);

  g_string_truncate (f->states, 0);
  ac_session_sign_out (f->session);
  g_assert_cmpstr (f->states->str, ==, "signed-out ");
  g_assert_null (ac_session_get_client (f->session));
  g_assert_null (ac_session_get_account (f->session));
  g_assert_false (ac_session_get_remember (f->session));
  /* Nothing of the person is left in memory... */
  ac_test_run_for (100);
  g_assert_null (weak_account);

  /* ...and the server revoked the token (told in the background). */
  for (guint i = 0; i < 50 && token_alive (f, token); i++)
    ac_test_run_for (100);
  g_assert_false (token_alive (f, token));
}

static void
test_delete_account (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcClient) again = NULL;

  sign_in_ready (f);
  g_string_truncate (f->states, 0);
  ac_session_delete_account_async (f->session, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_session_delete_account_finish (f->session, ac_test_await (&result, AWAIT_S), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->states->str, ==, "signed-out ");
  g_assert_null (ac_session_get_account (f->session));
  /* The deleted account's name is not offered again. */
  g_assert_null (ac_session_get_account_name (f->session));

  again = other_client (f, DEMO_USER, DEMO_PASSWORD, &error);
  g_assert_null (again);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
}

/* Resuming a kept session */

static AcStoredSession *
stored_session (Fixture *f,
                AcClient **client_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcClient) client = other_client (f, DEMO_USER, DEMO_PASSWORD, &error);

  g_assert_no_error (error);
  if (client_out != NULL)
    *client_out = g_object_ref (client);
  return ac_stored_session_new (ac_client_get_host (client), ac_client_get_app_id (client),
                                ac_user_info_get_id (ac_client_get_user (client)), DEMO_USER,
                                ac_client_get_token (client), ac_client_get_token_expires_at (client));
}

static gboolean
resume (Fixture               *f,
        const AcStoredSession *stored,
        GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_resume_async (f->session, stored, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_session_get_resuming (f->session));
  return ac_session_resume_finish (f->session, ac_test_await (&result, AWAIT_S), error);
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AcStoredSession) stored = stored_session (f, NULL);
  g_autoptr(GError) error = NULL;

  /* Looked up first (the keyring), then resumed. */
  ac_session_expect_resume (f->session);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNING_IN);
  g_assert_true (ac_session_get_resuming (f->session));

  g_assert_true (resume (f, stored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_LOADING);
  wait_for_state (f, AC_SESSION_STATE_READY);
  g_assert_cmpstr (f->states->str, ==, "signing-in loading ready ");
  g_assert_cmpstr (ac_client_get_token (ac_session_get_client (f->session)), ==, stored->token);
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, DEMO_USER);
  g_assert_true (ac_session_get_remember (f->session));
}

static void
test_resume_dead (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AcClient) other = NULL;
  g_autoptr(AcStoredSession) stored = stored_session (f, &other);
  g_autoptr(AcStoredSession) expired = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Signed out elsewhere: the server refuses the kept token. */
  ac_client_sign_out_async (other, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_sign_out_finish (other, ac_test_await (&result, AWAIT_S), &error));

  g_assert_false (resume (f, stored, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);
  g_assert_cmpstr (f->states->str, ==, "signing-in signed-out ");
  g_assert_error ((GError *) ac_session_get_error (f->session), AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_true (ac_session_get_resuming (f->session));
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, DEMO_USER);
  g_assert_cmpuint (f->reauth_needed, ==, 0);

  /* Expired by its date: refused without asking the server. */
  expired = stored_session (f, NULL);
  g_clear_pointer (&expired->expires_at, g_date_time_unref);
  expired->expires_at = g_date_time_new_from_unix_utc (1700000000);
  ac_test_emulator_stop (f->emu);
  g_assert_false (resume (f, expired, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);

  /* Nothing kept: back to signed-out, with the account that was stored. */
  ac_session_expect_resume (f->session);
  ac_session_cancel_resume (f->session, "someone", NULL);
  g_assert_cmpint (ac_session_get_state (f->session), ==, AC_SESSION_STATE_SIGNED_OUT);
  g_assert_null (ac_session_get_error (f->session));
  g_assert_cmpstr (ac_session_get_account_name (f->session), ==, "someone");
}

/* The sign-in form on screen: a client connects ahead to its server, and the sign-in to that
 * server uses it; one to another server or application gets a client of its own. */
static void
test_sign_in_warmed_up (Fixture       *f,
                        gconstpointer  data)
{
  const char *url = ac_test_emulator_get_url (f->emu);
  const char *app_id = ac_test_emulator_get_app_id (f->emu);
  AcClient *warm;
  AcClient *other;
  AcAccount *next;
  AcAccount *other_next;

  /* a form without an application id: nothing to connect for */
  ac_session_warm_up (f->session, url, "");
  g_assert_null (f->session->warm_client);
  g_assert_null (ac_session_get_next_account (f->session));

  ac_session_warm_up (f->session, url, "some-other-app");
  other = f->session->warm_client;
  other_next = ac_session_get_next_account (f->session);
  g_assert_nonnull (other);
  g_assert_nonnull (other_next);
  ac_session_warm_up (f->session, url, app_id);
  warm = f->session->warm_client;
  g_assert_nonnull (warm);
  g_assert_true (warm != other);
  /* the account the sign-in will fill, made ahead: empty, not signed in */
  next = ac_session_get_next_account (f->session);
  g_assert_nonnull (next);
  g_assert_true (next != other_next);
  g_assert_true (ac_account_get_client (next) == warm);
  g_assert_false (ac_account_get_signed_in (next));
  g_assert_null (ac_account_get_user (next));
  g_assert_null (ac_session_get_account (f->session));
  ac_test_run_for (200);
  /* the same server again: the same client and account */
  ac_session_warm_up (f->session, url, app_id);
  g_assert_true (f->session->warm_client == warm);
  g_assert_true (ac_session_get_next_account (f->session) == next);

  sign_in_ready (f);
  g_assert_true (ac_session_get_client (f->session) == warm);
  g_assert_null (f->session->warm_client);
  g_assert_true (ac_client_get_signed_in (warm));
  /* the session fills the account made ahead, and there is no next one until a warm-up */
  g_assert_true (ac_session_get_account (f->session) == next);
  g_assert_true (ac_account_get_signed_in (next));
  g_assert_nonnull (ac_account_get_user (next));
  g_assert_null (ac_session_get_next_account (f->session));
}

/* A sign-in to another server than the one connected ahead gets an account of its own. */
static void
test_sign_in_not_warmed_up (Fixture       *f,
                            gconstpointer  data)
{
  AcAccount *next;

  ac_session_warm_up (f->session, ac_test_emulator_get_url (f->emu), "some-other-app");
  next = g_object_ref (ac_session_get_next_account (f->session));
  sign_in_ready (f);
  g_assert_true (ac_session_get_account (f->session) != next);
  g_assert_false (ac_account_get_signed_in (next));
  g_assert_true (ac_session_get_next_account (f->session) == next);
  g_object_unref (next);
}

int
main (int   argc,
      char *argv[])
{
  static const char *slow[] = { "--latency", "1000", NULL };

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/session/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("sign-in", test_sign_in, NULL);
  ADD ("sign-in/refused", test_sign_in_refused, NULL);
  ADD ("sign-in/warmed-up", test_sign_in_warmed_up, NULL);
  ADD ("sign-in/not-warmed-up", test_sign_in_not_warmed_up, NULL);
  ADD ("sign-in/cancelled", test_sign_in_cancelled, slow);
  ADD ("sign-in/second-step", test_sign_in_second_step, NULL);
  ADD ("sign-in/code", test_sign_in_with_code, NULL);
  ADD ("sign-in/code-second-step", test_sign_in_with_code_second_step, NULL);
  ADD ("expired/reauthenticate", test_expired_reauthenticate, NULL);
  ADD ("expired/given-up", test_expired_given_up, NULL);
  ADD ("sign-out", test_sign_out, NULL);
  ADD ("delete-account", test_delete_account, NULL);
  ADD ("resume", test_resume, NULL);
  ADD ("resume/dead", test_resume_dead, NULL);

  return g_test_run ();
}
