/* ac-error.h: the AC_ERROR domain
 *
 * The code of a GError in AC_ERROR is the service's own `code` when the server answered with
 * one; codes the service never sends are client-side, in the 10000 range (see HACKING.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AC_ERROR (ac_error_quark ())

typedef enum {
  AC_ERROR_FAILED                  = 1,
  AC_ERROR_INVALID_PARAMETER       = 400,

  /* Service codes (authing-api.md §3) */
  AC_ERROR_DEVICE_DISABLED         = 1577,
  AC_ERROR_DEVICE_SUSPENDED        = 1578,
  AC_ERROR_MFA_REQUIRED            = 1635, /* a sign-in answered 1635 (or 1636): second step */
  AC_ERROR_FIRST_LOGIN             = 1639,
  AC_ERROR_CAPTCHA_REQUIRED        = 2000,
  AC_ERROR_WRONG_VERIFY_CODE       = 2001,
  AC_ERROR_INVALID_EMAIL           = 2003,
  AC_ERROR_USER_NOT_FOUND          = 2004,
  AC_ERROR_WRONG_PASSWORD          = 2006,
  AC_ERROR_NOT_LOGGED_IN           = 2020,
  AC_ERROR_USER_EXISTS             = 2026,
  AC_ERROR_PHONE_IN_USE            = 2035,
  AC_ERROR_SENT_TOO_SOON           = 2080,
  AC_ERROR_LOGIN_EXPIRED           = 2206,
  AC_ERROR_LOGIN_INVALID           = 2207,
  AC_ERROR_SAME_PHONE              = 2230,
  AC_ERROR_BAD_CREDENTIALS         = 2333,
  AC_ERROR_LOGOUT_INVALID_TOKEN    = 1010001,
  AC_ERROR_INVALID_EMAIL_ADDRESS   = 1020017,
  AC_ERROR_PHONE_ALREADY_BOUND     = 1320004,
  AC_ERROR_CANNOT_UNBIND           = 1320005,
  AC_ERROR_EMAIL_NOT_BOUND         = 1320009,
  AC_ERROR_NO_OTHER_LOGIN_METHOD   = 1320010,
  AC_ERROR_OLD_PASSWORD_WRONG      = 1320011,
  AC_ERROR_WRONG_TOTP              = 6001,
  AC_ERROR_WRONG_RECOVERY_CODE     = 6002,
  AC_ERROR_MFA_CODE_MISSING        = 6003,

  /* Client-side codes (never sent by the service) */
  AC_ERROR_NETWORK                 = 10001,
  AC_ERROR_CONFIG                  = 10002,
  AC_ERROR_INVALID_RESPONSE        = 10004,
  AC_ERROR_UPLOAD_FAILED           = 10009,
  AC_ERROR_SERVER                  = 10010,
  AC_ERROR_HTTP                    = 10011,
  AC_ERROR_TLS                     = 10012,
  AC_ERROR_TIMEOUT                 = 10013,
  AC_ERROR_INVALID_INPUT           = 10014,
  AC_ERROR_TOO_LARGE               = 10015,
  AC_ERROR_BROWSER_SIGN_IN         = 10016, /* sign-in in the browser refused or tampered with */
  AC_ERROR_NOT_FOUND               = 10020, /* v3 statusCode 404: not (or no longer) the user's */
} AcError;

GQuark      ac_error_quark             (void);
const char *ac_error_describe          (int            code);
gboolean    ac_error_is_session_error  (const GError  *error);
GError     *ac_error_new_from_service  (int            code,
                                        const char    *message);

G_END_DECLS
