/* test-client-security.c: AcClient's account security against a real emulator
 *
 * The password (update, check), verification codes (read back from the emulator's outbox),
 * signing in with a code, binding, deleting with a code, TOTP enrolment and the two-step
 * sign-in — a TOTP code computed here with liboath, and the recovery code — each with its
 * success and its errors; the traffic log never shows a secret. The emulator is seeded with
 * tests/fixtures/pools/security.json and started with AC_EMULATOR_TEST_CLOCK=1, so that a test
 * can move the clock of codes and second steps forward.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <libsoup/soup.h>

#include "ac-client-private.h"
#include "ac-client-redact.h"
#include "client-util.h"
#include "security-util.h"

/* ------------------------------------------------------------------------------------------ */
/* The operations, awaited                                                                    */

#define AWAIT(async_call)                                 \
  g_autoptr(GAsyncResult) result = NULL;                  \
  async_call;                                             \
  ac_test_await (&result, AWAIT_S)

static gboolean
send_sms (AcClient *c, const char *phone, GError **error)
{
  AWAIT (ac_client_send_sms_code_async (c, phone, "+86", NULL, ac_test_result_cb, &result));
  return ac_client_send_sms_code_finish (c, result, error);
}

static gboolean
send_email (AcClient *c, const char *email, AcEmailScene scene, GError **error)
{
  AWAIT (ac_client_send_email_code_async (c, email, scene, NULL, ac_test_result_cb, &result));
  return ac_client_send_email_code_finish (c, result, error);
}

static AcUserInfo *
phone_sign_in (AcClient *c, const char *phone, const char *code, GError **error)
{
  AWAIT (ac_client_sign_in_with_phone_code_async (c, phone, NULL, code, NULL, ac_test_result_cb, &result));
  return ac_client_sign_in_with_phone_code_finish (c, result, error);
}

static AcUserInfo *
email_sign_in (AcClient *c, const char *email, const char *code, GError **error)
{
  AWAIT (ac_client_sign_in_with_email_code_async (c, email, code, NULL, ac_test_result_cb, &result));
  return ac_client_sign_in_with_email_code_finish (c, result, error);
}

static AcUserInfo *
update_password (AcClient *c, const char *old_pw, const char *new_pw, GError **error)
{
  AWAIT (ac_client_update_password_async (c, old_pw, new_pw, NULL, ac_test_result_cb, &result));
  return ac_client_update_password_finish (c, result, error);
}

static gboolean
check_password (AcClient *c, const char *pw, GError **error)
{
  AWAIT (ac_client_check_password_async (c, pw, NULL, ac_test_result_cb, &result));
  return ac_client_check_password_finish (c, result, error);
}

static AcUserInfo *
bind_phone (AcClient *c, const char *phone, const char *code, GError **error)
{
  AWAIT (ac_client_bind_phone_async (c, phone, NULL, code, NULL, ac_test_result_cb, &result));
  return ac_client_bind_phone_finish (c, result, error);
}

static AcUserInfo *
update_phone (AcClient *c, const char *phone, const char *code, const char *old_code, GError **error)
{
  AWAIT (ac_client_update_phone_async (c, phone, NULL, code, old_code, NULL, ac_test_result_cb, &result));
  return ac_client_update_phone_finish (c, result, error);
}

static AcUserInfo *
unbind_phone (AcClient *c, GError **error)
{
  AWAIT (ac_client_unbind_phone_async (c, NULL, ac_test_result_cb, &result));
  return ac_client_unbind_phone_finish (c, result, error);
}

static AcUserInfo *
bind_email (AcClient *c, const char *email, const char *code, GError **error)
{
  AWAIT (ac_client_bind_email_async (c, email, code, NULL, ac_test_result_cb, &result));
  return ac_client_bind_email_finish (c, result, error);
}

static AcUserInfo *
update_email (AcClient *c, const char *email, const char *code, const char *old_code, GError **error)
{
  AWAIT (ac_client_update_email_async (c, email, code, old_code, NULL, ac_test_result_cb, &result));
  return ac_client_update_email_finish (c, result, error);
}

static AcUserInfo *
unbind_email (AcClient *c, GError **error)
{
  AWAIT (ac_client_unbind_email_async (c, NULL, ac_test_result_cb, &result));
  return ac_client_unbind_email_finish (c, result, error);
}

static gboolean
delete_with_code (AcClient *c, AcCodeChannel channel, const char *code, GError **error)
{
  AWAIT (ac_client_delete_account_with_code_async (c, channel, code, NULL, ac_test_result_cb, &result));
  return ac_client_delete_account_with_code_finish (c, result, error);
}

static GPtrArray *
list_authenticators (AcClient *c, GError **error)
{
  AWAIT (ac_client_list_mfa_authenticators_async (c, NULL, ac_test_result_cb, &result));
  return ac_client_list_mfa_authenticators_finish (c, result, error);
}

static AcMfaEnrollment *
enroll (AcClient *c, GError **error)
{
  AWAIT (ac_client_enroll_totp_async (c, NULL, ac_test_result_cb, &result));
  return ac_client_enroll_totp_finish (c, result, error);
}

static gboolean
confirm (AcClient *c, const char *code, GError **error)
{
  AWAIT (ac_client_confirm_totp_async (c, code, NULL, ac_test_result_cb, &result));
  return ac_client_confirm_totp_finish (c, result, error);
}

static gboolean
disable (AcClient *c, GError **error)
{
  AWAIT (ac_client_disable_totp_async (c, NULL, ac_test_result_cb, &result));
  return ac_client_disable_totp_finish (c, result, error);
}

static AcUserInfo *
verify (AcClient *c, const char *code, GError **error)
{
  AWAIT (ac_client_verify_totp_async (c, code, NULL, ac_test_result_cb, &result));
  return ac_client_verify_totp_finish (c, result, error);
}

static AcUserInfo *
recover (AcClient *c, const char *code, char **new_code, GError **error)
{
  AWAIT (ac_client_recover_with_code_async (c, code, NULL, ac_test_result_cb, &result));
  return ac_client_recover_with_code_finish (c, result, new_code, error);
}

static AcSecurityLevel *
security_level (AcClient *c)
{
  g_autoptr(GError) error = NULL;
  AcSecurityLevel *level;
  AWAIT (ac_client_get_security_level_async (c, NULL, ac_test_result_cb, &result));
  level = ac_client_get_security_level_finish (c, result, &error);
  g_assert_no_error (error);
  return level;
}

/* A client of @emulator signed in with a code sent to @phone */
static AcClient *
phone_client (AcTestEmulator *emulator,
              const char     *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  AcClient *c = client_for (emulator);

  clock_advance (emulator, 61);
  g_assert_true (send_sms (c, phone, &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, phone);
  user = phone_sign_in (c, phone, code, &error);
  g_assert_no_error (error);
  return c;
}

/* ------------------------------------------------------------------------------------------ */
/* The password                                                                               */

static void
test_password_update (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = signed_in_client (emulator, "frank", "frank-pass-1");
  g_autoptr(AcClient) other = signed_in_client (emulator, "frank", "frank-pass-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) again = NULL;
  g_autoptr(AcSecurityLevel) level = NULL;

  /* refused before sending: the policy */
  g_assert_null (update_password (c, "frank-pass-1", "short1", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (update_password (c, "frank-pass-1", "FRANK", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_null (update_password (c, "not-franks-1", "Frank-pass-2025", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_OLD_PASSWORD_WRONG);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  user = update_password (c, "frank-pass-1", "Frank-pass-2025", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "frank");
  g_assert_true (ac_client_get_signed_in (c));
  level = security_level (c);
  g_assert_cmpint (ac_security_level_get_password_security_level (level), ==, 3);

  /* the other session of the account ended; this one goes on */
  again = current_user (other, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_false (ac_client_get_signed_in (other));
  g_clear_error (&error);
  sign_in (other, "frank", "frank-pass-1", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  sign_in (other, "frank", "Frank-pass-2025", &error);
  g_assert_no_error (error);
}

static void
test_password_set_without_old (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) dave = phone_client (emulator, "13700000004");
  g_autoptr(AcClient) again = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  user = update_password (dave, NULL, "dave-pass-1", &error);
  g_assert_no_error (error);
  sign_in (again, "dave", "dave-pass-1", &error);
  g_assert_no_error (error);
}

static void
test_password_check (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = signed_in_client (emulator, "alice", "Alice-pass-2024");
  g_autoptr(AcClient) nobody = client_for (emulator);
  g_autoptr(GError) error = NULL;

  g_assert_true (check_password (c, "Alice-pass-2024", &error));
  g_assert_no_error (error);
  g_assert_false (check_password (c, "alice-pass-2024", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (check_password (c, "", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (check_password (nobody, "Alice-pass-2024", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_true (ac_client_get_signed_in (c));
}

/* ------------------------------------------------------------------------------------------ */
/* Codes and code sign-in                                                                     */

static void
test_send_codes (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_assert_true (send_sms (c, "13700000001", &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "13700000001");
  g_assert_cmpuint (strlen (code), ==, 6);

  g_assert_false (send_sms (c, "13700000001", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON);
  g_clear_error (&error);
  g_assert_false (send_sms (c, "12", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_false (send_sms (c, "", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (send_email (c, "alice@example.com", AC_EMAIL_SCENE_VERIFY_CODE, &error));
  g_assert_no_error (error);
  g_assert_false (send_email (c, "not an address", AC_EMAIL_SCENE_VERIFY_CODE, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_EMAIL);
  g_clear_error (&error);
  g_assert_false (send_email (c, "alice@example.com", AC_EMAIL_SCENE_CHANGE_EMAIL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_code_sign_in (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) bad = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  g_assert_true (send_email (c, "erin@example.com", AC_EMAIL_SCENE_VERIFY_CODE, &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "erin@example.com");
  wrong = wrong_code (code);

  bad = email_sign_in (c, "erin@example.com", wrong, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
  g_assert_false (ac_client_get_signed_in (c));
  g_clear_error (&error);

  user = email_sign_in (c, "erin@example.com", code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "erin");
  g_assert_true (ac_client_get_signed_in (c));
  g_assert_nonnull (ac_client_get_token_expires_at (c));
  g_assert_true (ac_client_get_user (c) == user || g_strcmp0 (ac_user_info_get_id (ac_client_get_user (c)),
                                                               ac_user_info_get_id (user)) == 0);
  g_clear_object (&bad);
  bad = current_user (c, &error);
  g_assert_no_error (error);

  /* a phone: once, and nobody's number signs nobody in */
  {
    g_autoptr(AcClient) d = client_for (emulator);
    g_autoptr(AcUserInfo) u = NULL;
    g_autofree char *sms = NULL;

    g_assert_true (send_sms (d, "13700000004", &error));
    g_assert_no_error (error);
    sms = outbox_code (emulator, "13700000004");
    u = phone_sign_in (d, "13700000004", sms, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (u), ==, "dave");
    g_clear_object (&u);
    u = phone_sign_in (d, "13700000004", sms, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
    g_clear_error (&error);
    u = phone_sign_in (d, "13999999999", "123456", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Binding                                                                                    */

static void
test_phone_binding (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = signed_in_client (emulator, "bob", "bob-pass-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcSecurityLevel) before = security_level (c);
  g_autoptr(AcSecurityLevel) after = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *old = NULL;
  g_autofree char *wrong = NULL;

  /* a signed-in person may send a code to a new number */
  g_assert_true (send_sms (c, "13711110001", &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "13711110001");
  wrong = wrong_code (code);

  user = bind_phone (c, "13711110001", wrong, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
  g_clear_error (&error);
  user = bind_phone (c, "13700000001", code, &error);      /* alice's */
  g_assert_error (error, AC_ERROR, AC_ERROR_PHONE_ALREADY_BOUND);
  g_clear_error (&error);

  user = bind_phone (c, "13711110001", code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_phone (user), ==, "13711110001");
  g_assert_true (ac_user_info_get_phone_verified (user));
  g_assert_cmpstr (ac_user_info_get_phone (ac_client_get_user (c)), ==, "13711110001");
  after = security_level (c);
  g_assert_true (ac_security_level_get_phone (after));
  g_assert_cmpint (ac_security_level_get_score (after), ==, ac_security_level_get_score (before) + 10);
  g_clear_object (&user);

  /* change: codes to the new and to the current number */
  clock_advance (emulator, 61);
  g_assert_true (send_sms (c, "13711110002", &error));
  g_assert_no_error (error);
  code2 = outbox_code (emulator, "13711110002");
  g_assert_true (send_sms (c, "13711110001", &error));
  g_assert_no_error (error);
  old = outbox_code (emulator, "13711110001");
  user = update_phone (c, "13711110001", old, old, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_SAME_PHONE);
  g_clear_error (&error);
  user = update_phone (c, "13711110002", code2, NULL, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  user = update_phone (c, "13711110002", code2, old, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_phone (user), ==, "13711110002");
  g_clear_object (&user);

  user = unbind_phone (c, &error);
  g_assert_no_error (error);
  g_assert_null (ac_user_info_get_phone (user));
  g_assert_null (ac_user_info_get_phone (ac_client_get_user (c)));
  g_clear_object (&user);
  user = unbind_phone (c, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  /* the only way left to sign in */
  {
    g_autoptr(AcClient) dave = phone_client (emulator, "13700000004");
    g_autoptr(AcUserInfo) u = unbind_phone (dave, &error);

    g_assert_error (error, AC_ERROR, AC_ERROR_CANNOT_UNBIND);
    g_assert_cmpstr (error->message, !=, "");
  }
}

static void
test_email_binding (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = signed_in_client (emulator, "grace", "Grace-pass-2024");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *old_code = NULL;

  user = unbind_email (c, &error);
  g_assert_no_error (error);
  g_assert_null (ac_user_info_get_email (user));
  g_clear_object (&user);
  user = unbind_email (c, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_EMAIL_NOT_BOUND);
  g_clear_error (&error);

  g_assert_true (send_email (c, "grace.new@example.com", AC_EMAIL_SCENE_CHANGE_EMAIL, &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "grace.new@example.com");
  user = bind_email (c, "alice@example.com", code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_USER_EXISTS);
  g_clear_error (&error);
  user = bind_email (c, "not-an-address", code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_EMAIL);
  g_clear_error (&error);
  user = bind_email (c, "grace.new@example.com", code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_email (user), ==, "grace.new@example.com");
  g_assert_true (ac_user_info_get_email_verified (user));
  g_clear_object (&user);

  clock_advance (emulator, 61);
  g_assert_true (send_email (c, "grace@example.com", AC_EMAIL_SCENE_CHANGE_EMAIL, &error));
  g_assert_no_error (error);
  new_code = outbox_code (emulator, "grace@example.com");
  g_assert_true (send_email (c, "grace.new@example.com", AC_EMAIL_SCENE_CHANGE_EMAIL, &error));
  g_assert_no_error (error);
  old_code = outbox_code (emulator, "grace.new@example.com");
  user = update_email (c, "grace@example.com", new_code, old_code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_email (ac_client_get_user (c)), ==, "grace@example.com");

  /* the only way left to sign in */
  {
    g_autoptr(AcClient) erin = client_for (emulator);
    g_autoptr(AcUserInfo) u = NULL;
    g_autofree char *ecode = NULL;

    g_assert_true (send_email (erin, "erin@example.com", AC_EMAIL_SCENE_VERIFY_CODE, &error));
    g_assert_no_error (error);
    ecode = outbox_code (emulator, "erin@example.com");
    u = email_sign_in (erin, "erin@example.com", ecode, &error);
    g_assert_no_error (error);
    g_clear_object (&u);
    u = unbind_email (erin, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_NO_OTHER_LOGIN_METHOD);
  }
}

static void
test_delete_with_code (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  g_assert_true (send_email (c, "erin@example.com", AC_EMAIL_SCENE_VERIFY_CODE, &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "erin@example.com");
  user = email_sign_in (c, "erin@example.com", code, &error);
  g_assert_no_error (error);
  g_free (code);

  clock_advance (emulator, 61);
  g_assert_true (send_email (c, "erin@example.com", AC_EMAIL_SCENE_VERIFY_CODE, &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "erin@example.com");
  wrong = wrong_code (code);
  g_assert_false (delete_with_code (c, AC_CODE_CHANNEL_EMAIL, wrong, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
  g_assert_true (ac_client_get_signed_in (c));
  g_clear_error (&error);
  g_assert_false (delete_with_code (c, AC_CODE_CHANNEL_SMS, code, &error));   /* no phone bound */
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_assert_true (delete_with_code (c, AC_CODE_CHANNEL_EMAIL, code, &error));
  g_assert_no_error (error);
  g_assert_false (ac_client_get_signed_in (c));
  g_assert_null (ac_client_get_user (c));
}

/* ------------------------------------------------------------------------------------------ */
/* TOTP                                                                                       */

static void
test_totp_enrolment_and_sign_in (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = signed_in_client (emulator, "bob", "bob-pass-1");
  g_autoptr(AcClient) second = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(AcMfaEnrollment) enrollment = NULL;
  g_autoptr(AcSecurityLevel) level = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *next = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *grouped = NULL;
  AcMfaChallenge *challenge;
  AcMfaAuthenticator *authenticator;

  list = list_authenticators (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  enrollment = enroll (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (ac_mfa_enrollment_get_secret (enrollment)), ==, 32);
  g_assert_true (g_str_has_prefix (ac_mfa_enrollment_get_uri (enrollment), "otpauth://totp/"));
  g_assert_nonnull (strstr (ac_mfa_enrollment_get_uri (enrollment), ac_mfa_enrollment_get_secret (enrollment)));
  g_assert_nonnull (ac_mfa_enrollment_get_recovery_code (enrollment));
  g_assert_nonnull (ac_mfa_enrollment_get_qr_code_png (enrollment));
  grouped = ac_mfa_enrollment_format_secret (enrollment);
  g_assert_cmpuint (strlen (grouped), ==, 39);

  code = totp_now (emulator, ac_mfa_enrollment_get_secret (enrollment), 0);
  wrong = wrong_code (code);
  g_assert_false (confirm (c, wrong, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_TOTP);
  g_clear_error (&error);
  g_assert_false (confirm (c, "12a456", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (confirm (c, code, &error));
  g_assert_no_error (error);

  list = list_authenticators (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  authenticator = g_ptr_array_index (list, 0);
  g_assert_cmpstr (ac_mfa_authenticator_get_authenticator_type (authenticator), ==, "totp");
  g_assert_true (ac_mfa_authenticator_get_enabled (authenticator));
  g_assert_nonnull (ac_mfa_authenticator_get_created_at (authenticator));
  level = security_level (c);
  g_assert_true (ac_security_level_get_mfa (level));

  /* the password sign-in of another client now needs the second step */
  sign_in (second, "bob", "bob-pass-1", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_assert_false (ac_client_get_signed_in (second));
  challenge = ac_client_get_mfa_challenge (second);
  g_assert_nonnull (challenge);
  g_assert_cmpstr (ac_mfa_challenge_get_username (challenge), ==, "bob");
  g_assert_cmpstr (ac_mfa_challenge_get_display_name (challenge), ==, "Bob");
  g_assert_nonnull (ac_mfa_challenge_get_expires_at (challenge));
  g_assert_null (strstr (error->message, _ac_client_mfa_token (second)));
  g_clear_error (&error);

  /* the code that confirmed does not replay; a wrong one keeps the step open */
  user = verify (second, code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_TOTP);
  g_assert_nonnull (ac_client_get_mfa_challenge (second));
  g_clear_error (&error);

  next = totp_now (emulator, ac_mfa_enrollment_get_secret (enrollment), 1);
  user = verify (second, next, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "bob");
  g_assert_true (ac_client_get_signed_in (second));
  g_assert_nonnull (ac_client_get_token (second));
  g_assert_nonnull (ac_client_get_token_expires_at (second));
  g_assert_null (ac_client_get_mfa_challenge (second));
  g_clear_object (&user);
  user = current_user (second, &error);
  g_assert_no_error (error);
  g_clear_object (&user);

  /* nothing pending any more */
  user = verify (second, next, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  g_assert_true (disable (c, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_authenticators (c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  {
    g_autoptr(AcClient) third = client_for (emulator);

    sign_in (third, "bob", "bob-pass-1", &error);
    g_assert_no_error (error);
  }
}

static void
test_totp_code_sign_in_then_verify (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *totp = NULL;

  g_assert_true (send_sms (c, "13700000008", &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "13700000008");
  user = phone_sign_in (c, "13700000008", code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_assert_cmpstr (ac_mfa_challenge_get_nickname (ac_client_get_mfa_challenge (c)), ==, "Heidi");
  g_clear_error (&error);

  totp = totp_now (emulator, HEIDI_SECRET, 0);
  user = verify (c, totp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "heidi");
  g_assert_true (ac_client_get_signed_in (c));
}

static void
test_recovery_sign_in (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *newer = NULL;

  sign_in (c, "carol", "Carol-pass-2024", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_assert_cmpstr (ac_mfa_challenge_get_avatar (ac_client_get_mfa_challenge (c)), ==,
                   "https://example.com/carol.png");
  g_clear_error (&error);

  user = recover (c, "ffff-ffff-ffff-ffff-ffff-ffff", &new_code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_RECOVERY_CODE);
  g_assert_null (new_code);
  g_assert_nonnull (ac_client_get_mfa_challenge (c));
  g_clear_error (&error);
  user = recover (c, "  ", &new_code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  user = recover (c, CAROL_RECOVERY, &new_code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "carol");
  g_assert_true (ac_client_get_signed_in (c));
  g_assert_nonnull (new_code);
  g_assert_cmpstr (new_code, !=, CAROL_RECOVERY);
  g_clear_object (&user);

  /* each code works once */
  {
    g_autoptr(AcClient) d = client_for (emulator);

    sign_in (d, "carol", "Carol-pass-2024", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
    g_clear_error (&error);
    user = recover (d, CAROL_RECOVERY, NULL, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_RECOVERY_CODE);
    g_clear_error (&error);
    user = recover (d, new_code, &newer, &error);
    g_assert_no_error (error);
    g_assert_nonnull (newer);
    g_assert_cmpstr (newer, !=, new_code);
  }
}

static void
test_second_step_ends (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  /* without a first step */
  user = verify (c, "123456", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  /* after five minutes */
  sign_in (c, "carol", "Carol-pass-2024", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);
  clock_advance (emulator, 5 * 60 + 1);
  code = totp_now (emulator, CAROL_SECRET, 0);
  user = verify (c, code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (ac_client_get_mfa_challenge (c));
  g_clear_error (&error);

  /* after six wrong codes */
  sign_in (c, "carol", "Carol-pass-2024", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);
  g_free (code);
  code = totp_now (emulator, CAROL_SECRET, 0);
  wrong = wrong_code (code);
  for (int i = 0; i < 6; i++)
    {
      user = verify (c, wrong, &error);
      g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_TOTP);
      g_clear_error (&error);
    }
  user = verify (c, code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (ac_client_get_mfa_challenge (c));
  g_assert_false (ac_client_get_signed_in (c));
  g_clear_error (&error);

  /* going back */
  sign_in (c, "carol", "Carol-pass-2024", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);
  g_assert_nonnull (ac_client_get_mfa_challenge (c));
  ac_client_cancel_mfa (c);
  g_assert_null (ac_client_get_mfa_challenge (c));
  user = verify (c, code, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
}

/* ------------------------------------------------------------------------------------------ */
/* Answers the emulator does not give: a fake server                                          */

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *public_key_answer;
  const char *login_answer;
  const char *second_step_answer;
  char       *last_authorization;
} Fake;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  const char *answer = "{\"code\":404,\"message\":\"no\"}";
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  g_free (fake->last_authorization);
  fake->last_authorization = g_strdup (auth);
  if (g_str_equal (path, "/api/v2/.well-known"))
    answer = fake->public_key_answer;
  else if (g_str_equal (path, "/api/v2/login/account"))
    answer = fake->login_answer;
  else if (g_str_has_prefix (path, "/api/v2/mfa/totp/"))
    answer = fake->second_step_answer;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
fake_start (Fake           *fake,
            AcTestEmulator *emulator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) key = emulator_json (emulator, "GET", "/api/v2/.well-known", NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GSList *uris;

  json_generator_set_root (generator, key);
  fake->public_key_answer = json_generator_to_data (generator, NULL);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_free (fake->url);
  g_free (fake->public_key_answer);
  g_free (fake->last_authorization);
}

#define FAKE_USER "{\"id\":\"u1\",\"username\":\"fake\",\"token\":\"aaa.bbb.ccc\",\"tokenExpiredAt\":\"2099-01-01T00:00:00Z\"}"

static void
test_second_step_answers (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  Fake fake = { 0, };

  fake_start (&fake, emulator);

  /* 1636, some services' code: the same second step; no message: ours */
  {
    g_autoptr(AcClient) c = ac_client_new (fake.url, "app");
    g_autoptr(GError) error = NULL;
    g_autoptr(AcUserInfo) user = NULL;

    ac_client_set_lang (c, "en-US");
    fake.login_answer = "{\"code\":1636,\"message\":\"\",\"data\":{\"mfaToken\":\"MFA-TOKEN-1\",\"nickname\":\"N\"}}";
    sign_in (c, "x", "y", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
    g_assert_cmpstr (error->message, ==, ac_error_describe (AC_ERROR_MFA_REQUIRED));
    g_assert_null (strstr (error->message, "MFA-TOKEN-1"));
    g_assert_cmpstr (ac_mfa_challenge_get_display_name (ac_client_get_mfa_challenge (c)), ==, "N");
    g_clear_error (&error);

    /* the second step sends the mfaToken (and no sign-in token) */
    fake.second_step_answer = "{\"code\":200,\"message\":\"ok\",\"data\":" FAKE_USER "}";
    user = verify (c, "123 456", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fake.last_authorization, ==, "Bearer MFA-TOKEN-1");
    g_assert_cmpstr (ac_client_get_token (c), ==, "aaa.bbb.ccc");
    g_assert_null (ac_client_get_mfa_challenge (c));
  }

  /* the new recovery code inside `data` is read too */
  {
    g_autoptr(AcClient) c = ac_client_new (fake.url, "app");
    g_autoptr(GError) error = NULL;
    g_autoptr(AcUserInfo) user = NULL;
    g_autofree char *next = NULL;

    fake.login_answer = "{\"code\":1635,\"message\":\"m\",\"data\":{\"mfaToken\":\"MFA-TOKEN-2\"}}";
    sign_in (c, "x", "y", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
    g_clear_error (&error);
    fake.second_step_answer = "{\"code\":200,\"message\":\"ok\",\"data\":{\"id\":\"u1\",\"token\":\"aaa.bbb.ccc\","
                              "\"recoveryCode\":\"NEXT-CODE\"}}";
    user = recover (c, "old-code", &next, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (next, ==, "NEXT-CODE");
    g_assert_cmpstr (fake.last_authorization, ==, "Bearer MFA-TOKEN-2");
  }

  /* 1635 without a usable mfaToken: the error, but no second step to finish */
  {
    static const char * const answers[] = {
      "{\"code\":1635,\"message\":\"m\",\"data\":null}",
      "{\"code\":1635,\"message\":\"m\",\"data\":{\"mfaToken\":42}}",
      "{\"code\":1635,\"message\":\"m\",\"data\":{\"mfaToken\":\"\"}}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
      {
        g_autoptr(AcClient) c = ac_client_new (fake.url, "app");
        g_autoptr(GError) error = NULL;

        fake.login_answer = answers[i];
        sign_in (c, "x", "y", &error);
        g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
        g_assert_null (ac_client_get_mfa_challenge (c));
      }
  }

  /* a challenge with members of the wrong type still lets the person finish */
  {
    g_autoptr(AcClient) c = ac_client_new (fake.url, "app");
    g_autoptr(GError) error = NULL;

    fake.login_answer = "{\"code\":1635,\"message\":\"m\",\"data\":{\"mfaToken\":\"T\",\"nickname\":[1]}}";
    sign_in (c, "x", "y", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
    g_assert_nonnull (ac_client_get_mfa_challenge (c));
    g_assert_cmpstr (ac_mfa_challenge_get_display_name (ac_client_get_mfa_challenge (c)), ==, "");
  }

  fake_stop (&fake);
}

/* ------------------------------------------------------------------------------------------ */
/* The traffic log                                                                            */

static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (captured != NULL && (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          {
            if (fields[i].length < 0)
              g_string_append (captured, fields[i].value);
            else
              g_string_append_len (captured, fields[i].value, fields[i].length);
            g_string_append_c (captured, '\n');
          }
      return G_LOG_WRITER_HANDLED;
    }
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_not_logged (const char *secret)
{
  g_assert_nonnull (secret);
  if (strstr (captured->str, secret) != NULL)
    g_test_fail_printf ("the traffic log shows “%s”", secret);
}

/* A six-digit code may occur inside an id by chance: look for it as a value (a JSON string or
 * a parameter) */
static void
assert_code_not_logged (const char *code)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", code);
  g_autofree char *parameter = g_strdup_printf ("=%s", code);

  assert_not_logged (quoted);
  assert_not_logged (parameter);
}

static void
test_traffic_log_hides_secrets (void)
{
  g_autoptr(AcTestEmulator) emulator = security_emulator ();
  g_autoptr(AcClient) c = NULL;
  g_autoptr(AcClient) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcMfaEnrollment) enrollment = NULL;
  g_autofree char *code = NULL;
  g_autofree char *totp = NULL;
  g_autofree char *mfa_token = NULL;
  g_autofree char *new_recovery = NULL;

  g_setenv ("G_MESSAGES_DEBUG", "ac-client", TRUE);
  captured = g_string_new (NULL);
  c = signed_in_client (emulator, "alice", "Alice-pass-2024");
  m = client_for (emulator);

  g_assert_true (check_password (c, "Alice-pass-2024", &error));
  user = update_password (c, "Alice-pass-2024", "Alice-secret-2025", &error);
  g_assert_no_error (error);
  g_clear_object (&user);
  g_assert_true (send_sms (c, "13700000001", &error));
  g_assert_no_error (error);
  code = outbox_code (emulator, "13700000001");
  {
    g_autofree char *wrong = wrong_code (code);

    g_assert_false (delete_with_code (c, AC_CODE_CHANNEL_SMS, wrong, &error));
    g_assert_error (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE);
    g_clear_error (&error);
  }
  enrollment = enroll (c, &error);
  g_assert_no_error (error);

  sign_in (m, "carol", "Carol-pass-2024", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);
  mfa_token = g_strdup (_ac_client_mfa_token (m));
  totp = totp_now (emulator, CAROL_SECRET, 0);
  user = verify (m, totp, &error);
  g_assert_no_error (error);
  g_clear_object (&user);
  sign_in (m, "carol", "Carol-pass-2024", &error);
  g_clear_error (&error);
  user = recover (m, CAROL_RECOVERY, &new_recovery, &error);
  g_assert_no_error (error);
  g_clear_object (&user);
  user = phone_sign_in (m, "13700000001", code, &error);
  g_assert_no_error (error);

  /* the log did run, and shows none of it */
  g_assert_nonnull (strstr (captured->str, "/api/v2/mfa/totp/verify"));
  g_assert_nonnull (strstr (captured->str, "/api/v2/users/password/check"));
  assert_not_logged ("Alice-pass-2024");
  assert_not_logged ("Alice-secret-2025");
  assert_not_logged ("Carol-pass-2024");
  assert_not_logged (mfa_token);
  assert_not_logged (ac_client_get_token (m));
  assert_not_logged (ac_mfa_enrollment_get_secret (enrollment));
  assert_not_logged (ac_mfa_enrollment_get_recovery_code (enrollment));
  assert_not_logged (CAROL_RECOVERY);
  assert_not_logged (CAROL_SECRET);
  assert_not_logged (new_recovery);
  assert_code_not_logged (code);
  assert_code_not_logged (totp);

  g_string_free (captured, TRUE);
  captured = NULL;
  g_unsetenv ("G_MESSAGES_DEBUG");
}

static void
test_redact_code_names (void)
{
  static const char * const names[] = {
    "phoneCode", "oldPhoneCode", "emailCode", "oldEmailCode", "recoveryCode", "totp", "mfaToken",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *form = g_strdup_printf ("%s=123456&x=1", names[i]);
      g_autofree char *json = g_strdup_printf ("{\"%s\": 123456, \"code\": 200}", names[i]);
      g_autofree char *shown_form = _ac_client_redact_form (form, strlen (form), 4096);
      g_autofree char *shown_json = _ac_client_redact_json (json, strlen (json), 4096);

      g_assert_null (strstr (shown_form, "123456"));
      g_assert_null (strstr (shown_json, "123456"));
      g_assert_nonnull (strstr (shown_json, "200"));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/client/security/password/update", test_password_update);
  g_test_add_func ("/client/security/password/set-without-old", test_password_set_without_old);
  g_test_add_func ("/client/security/password/check", test_password_check);
  g_test_add_func ("/client/security/codes/send", test_send_codes);
  g_test_add_func ("/client/security/codes/sign-in", test_code_sign_in);
  g_test_add_func ("/client/security/binding/phone", test_phone_binding);
  g_test_add_func ("/client/security/binding/email", test_email_binding);
  g_test_add_func ("/client/security/delete-with-code", test_delete_with_code);
  g_test_add_func ("/client/security/totp/enrol-and-sign-in", test_totp_enrolment_and_sign_in);
  g_test_add_func ("/client/security/totp/code-sign-in", test_totp_code_sign_in_then_verify);
  g_test_add_func ("/client/security/totp/recovery", test_recovery_sign_in);
  g_test_add_func ("/client/security/totp/second-step-ends", test_second_step_ends);
  g_test_add_func ("/client/security/totp/other-answers", test_second_step_answers);
  g_test_add_func ("/client/security/log/hides-secrets", test_traffic_log_hides_secrets);
  g_test_add_func ("/client/security/log/code-names", test_redact_code_names);

  return g_test_run ();
}
