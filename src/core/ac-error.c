/* ac-error.c: the AC_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"

G_DEFINE_QUARK (ac-error-quark, ac_error)

/**
 * ac_error_describe:
 * @code: a code of the %AC_ERROR domain (or any code the service sent)
 *
 * Gives a translated sentence for @code, for when the service sent no message of its own.
 *
 * Returns: (transfer none): a translated sentence, never %NULL
 */
const char *
ac_error_describe (int code)
{
  switch (code)
    {
    case AC_ERROR_INVALID_PARAMETER:
      return _("The service refused one of the values.");
    case AC_ERROR_DEVICE_DISABLED:
      return _("This device has been disabled for your account.");
    case AC_ERROR_DEVICE_SUSPENDED:
      return _("This device has been suspended for your account.");
    case AC_ERROR_MFA_REQUIRED:
    case 1636: /* what some clients check for the same answer */
      return _("Enter the code from your authenticator app to finish signing in.");
    case AC_ERROR_FIRST_LOGIN:
      return _("This is the first sign-in: the password must be reset first.");
    case AC_ERROR_CAPTCHA_REQUIRED:
      return _("Too many attempts: a captcha is required.");
    case AC_ERROR_WRONG_VERIFY_CODE:
      return _("The verification code is wrong.");
    case AC_ERROR_INVALID_EMAIL:
    case AC_ERROR_INVALID_EMAIL_ADDRESS:
      return _("The e-mail address is not valid.");
    case AC_ERROR_USER_NOT_FOUND:
      return _("The user does not exist.");
    case AC_ERROR_WRONG_PASSWORD:
      return _("The password is wrong.");
    case AC_ERROR_NOT_LOGGED_IN:
      return _("You are not signed in, or your session has ended. Please sign in again.");
    case AC_ERROR_USER_EXISTS:
      return _("A user with this name already exists.");
    case AC_ERROR_SENT_TOO_SOON:
      return _("A code was sent less than a minute ago. Wait a moment before asking for another one.");
    case AC_ERROR_LOGIN_EXPIRED:
      return _("Your sign-in has expired. Please sign in again.");
    case AC_ERROR_LOGIN_INVALID:
      return _("Your sign-in is no longer valid. Please sign in again.");
    case AC_ERROR_SAME_PHONE:
      return _("This is already your phone number.");
    case AC_ERROR_BAD_CREDENTIALS:
      return _("The account or the password is wrong.");
    case AC_ERROR_LOGOUT_INVALID_TOKEN:
      return _("The session to sign out is invalid or has expired.");
    case AC_ERROR_PHONE_ALREADY_BOUND:
    case AC_ERROR_PHONE_IN_USE:
      return _("This phone number is already bound to an account.");
    case AC_ERROR_CANNOT_UNBIND:
      return _("This cannot be unbound: there is no other way to sign in.");
    case AC_ERROR_EMAIL_NOT_BOUND:
      return _("No e-mail address is bound to this account.");
    case AC_ERROR_NO_OTHER_LOGIN_METHOD:
      return _("There is no other way to sign in to this account.");
    case AC_ERROR_OLD_PASSWORD_WRONG:
      return _("The current password is wrong.");
    case AC_ERROR_WRONG_TOTP:
      return _("The code from the authenticator app is wrong or has already been used.");
    case AC_ERROR_WRONG_RECOVERY_CODE:
      return _("The recovery code is wrong.");
    case AC_ERROR_MFA_CODE_MISSING:
      return _("Enter the code.");
    case AC_ERROR_NETWORK:
      return _("The service cannot be reached. Check the network connection and the address.");
    case AC_ERROR_CONFIG:
      return _("The service address or the application ID is missing or not valid.");
    case AC_ERROR_INVALID_RESPONSE:
      return _("The service sent an answer that cannot be understood.");
    case AC_ERROR_UPLOAD_FAILED:
      return _("The image could not be uploaded.");
    case AC_ERROR_SERVER:
      return _("The service had an internal error. Try again later.");
    case AC_ERROR_HTTP:
      return _("The service answered with an unexpected status.");
    case AC_ERROR_TLS:
      return _("The secure connection to the service failed: its certificate is not trusted.");
    case AC_ERROR_TIMEOUT:
      return _("The service did not answer in time.");
    case AC_ERROR_INVALID_INPUT:
      return _("The value is not valid.");
    case AC_ERROR_BROWSER_SIGN_IN:
      return _("Signing in with the browser did not complete.");
    case AC_ERROR_NOT_FOUND:
      return _("It is no longer there: it may have been removed in the meantime.");
    case AC_ERROR_FAILED:
    default:
      return _("Something went wrong.");
    }
}

/**
 * ac_error_is_session_error:
 * @error: (nullable): a #GError
 *
 * Whether @error means that the person must sign in again (codes 2020, 2206 and 2207).
 */
gboolean
ac_error_is_session_error (const GError *error)
{
  if (error == NULL || error->domain != AC_ERROR)
    return FALSE;

  return error->code == AC_ERROR_NOT_LOGGED_IN ||
         error->code == AC_ERROR_LOGIN_EXPIRED ||
         error->code == AC_ERROR_LOGIN_INVALID;
}

/**
 * ac_error_new_from_service:
 * @code: the `code` of the service's answer
 * @message: (nullable): the `message` of the answer
 *
 * Makes the #GError for a business error of the service. The code is kept as is (a code that
 * cannot be a GError code, 0 or less, becomes %AC_ERROR_FAILED); an empty or missing message is
 * replaced by ac_error_describe().
 *
 * Returns: (transfer full): a new #GError in %AC_ERROR
 */
GError *
ac_error_new_from_service (int         code,
                           const char *message)
{
  if (code <= 0)
    code = AC_ERROR_FAILED;

  if (message == NULL || *message == '\0')
    message = ac_error_describe (code);

  return g_error_new_literal (AC_ERROR, code, message);
}
