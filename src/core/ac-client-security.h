/* ac-client-security.h: AcClient's account-security operations (protocol-security.md §2–§5, §8)
 *
 * Included by ac-client.h; the operations follow its conventions (an _async/_finish pair on
 * the main thread, errors in AC_ERROR with the service's own code and message, cancelling
 * gives G_IO_ERROR_CANCELLED).
 *
 * Two-step sign-in: when a sign-in (ac_client_sign_in_async() or a code sign-in below) answers
 * 1635 (or 1636), it fails with AC_ERROR_MFA_REQUIRED and the client keeps the second step:
 * ac_client_get_mfa_challenge() tells who is signing in (nickname, avatar), and
 * ac_client_verify_totp_async() or ac_client_recover_with_code_async() finish it, which
 * starts the session exactly as a sign-in does (token, expiry, user, refresh timer). The
 * mfaToken never leaves the client (not in an error message, not in the traffic log). A
 * second step that the service no longer accepts (five minutes passed, used, or locked after
 * six wrong codes) fails with AC_ERROR_NOT_LOGGED_IN and is forgotten: sign in again.
 *
 * Secrets: passwords are RSA-encrypted with the server's key as at sign-in; verification
 * codes, TOTP codes, recovery codes and the enrolment's secret are never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-mfa-authenticator.h"
#include "ac-mfa-challenge.h"
#include "ac-mfa-enrollment.h"
#include "ac-password-strength.h"
#include "ac-user-info.h"

G_BEGIN_DECLS

/**
 * AcEmailScene:
 *
 * Why an e-mail code is sent (`scene` of `email/send`).
 */
typedef enum {
  AC_EMAIL_SCENE_VERIFY_CODE,     /* sign in with a code, confirm a deletion */
  AC_EMAIL_SCENE_CHANGE_EMAIL,    /* bind or change the address */
  AC_EMAIL_SCENE_MFA_VERIFY,
  AC_EMAIL_SCENE_RESET_PASSWORD,
  AC_EMAIL_SCENE_VERIFY_EMAIL,
} AcEmailScene;

/**
 * AcCodeChannel:
 *
 * Where a verification code went: the bound phone (SMS) or the bound e-mail address.
 */
typedef enum {
  AC_CODE_CHANNEL_SMS,
  AC_CODE_CHANNEL_EMAIL,
} AcCodeChannel;

/* The password */

/* @old_password NULL for an account without a password. The new one is checked against the
 * policy first (ac_password_strength_check_policy(): AC_ERROR_INVALID_INPUT, nothing sent).
 * The service signs out every other session of the account; this one stays. Returns the
 * updated user (also AcClient:user). Errors: AC_ERROR_OLD_PASSWORD_WRONG, 400 (policy). */
void          ac_client_update_password_async      (AcClient             *self,
                                                    const char           *old_password,
                                                    const char           *new_password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_update_password_finish     (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Whether @password is the account's password (to confirm who is there, e.g. before deleting
 * the account). A wrong one is FALSE with AC_ERROR_WRONG_PASSWORD. */
void          ac_client_check_password_async       (AcClient             *self,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_check_password_finish      (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Verification codes: 6 digits, valid 5 minutes, one send per address per minute
 * (AC_ERROR_SENT_TOO_SOON). Signed in, a code can go to a new address (to bind it); signed
 * out, only to an address that belongs to an account, though the answer is the same for any.
 * @country_code (nullable) e.g. "+86". Errors: AC_ERROR_INVALID_EMAIL, 400 (malformed phone). */
void          ac_client_send_sms_code_async        (AcClient             *self,
                                                    const char           *phone,
                                                    const char           *country_code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_send_sms_code_finish       (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_send_email_code_async      (AcClient             *self,
                                                    const char           *email,
                                                    AcEmailScene          scene,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_send_email_code_finish     (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Signing in with a code sent to a bound phone or e-mail address. Like
 * ac_client_sign_in_async(): the session starts, or AC_ERROR_MFA_REQUIRED (see above).
 * A wrong or expired code is AC_ERROR_WRONG_VERIFY_CODE. */
void          ac_client_sign_in_with_phone_code_async  (AcClient         *self,
                                                        const char       *phone,
                                                        const char       *country_code,
                                                        const char       *code,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
AcUserInfo   *ac_client_sign_in_with_phone_code_finish (AcClient         *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);
void          ac_client_sign_in_with_email_code_async  (AcClient         *self,
                                                        const char       *email,
                                                        const char       *code,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
AcUserInfo   *ac_client_sign_in_with_email_code_finish (AcClient         *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);

/* Binding. Each returns the updated user (also AcClient:user). A new value is verified.
 * Codes are sent to the new value (and, to change a bound one, to the current one too:
 * @old_code). Errors: AC_ERROR_WRONG_VERIFY_CODE; AC_ERROR_PHONE_ALREADY_BOUND or
 * AC_ERROR_PHONE_IN_USE (another account has that phone); AC_ERROR_USER_EXISTS (another
 * account has that e-mail address); AC_ERROR_SAME_PHONE; AC_ERROR_CANNOT_UNBIND or
 * AC_ERROR_NO_OTHER_LOGIN_METHOD (it is the only way left to sign in);
 * AC_ERROR_EMAIL_NOT_BOUND; 400 for the rest (e.g. binding while one is bound). */
void          ac_client_bind_phone_async           (AcClient             *self,
                                                    const char           *phone,
                                                    const char           *country_code,
                                                    const char           *code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_bind_phone_finish          (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_update_phone_async         (AcClient             *self,
                                                    const char           *phone,
                                                    const char           *country_code,
                                                    const char           *code,
                                                    const char           *old_code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_update_phone_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_unbind_phone_async         (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_unbind_phone_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_bind_email_async           (AcClient             *self,
                                                    const char           *email,
                                                    const char           *code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_bind_email_finish          (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_update_email_async         (AcClient             *self,
                                                    const char           *email,
                                                    const char           *code,
                                                    const char           *old_code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_update_email_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_unbind_email_async         (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_unbind_email_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Deleting the account, confirmed with a code sent to the bound phone or e-mail address (for
 * an account without a password; one with a password confirms with
 * ac_client_check_password_async() and then ac_client_delete_account_async()). On success
 * the session and the user are forgotten. */
void          ac_client_delete_account_with_code_async  (AcClient        *self,
                                                         AcCodeChannel    channel,
                                                         const char      *code,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
gboolean      ac_client_delete_account_with_code_finish (AcClient        *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

/* TOTP authenticators */

/* (element-type AcMfaAuthenticator): empty when TOTP is off */
void          ac_client_list_mfa_authenticators_async  (AcClient         *self,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
GPtrArray    *ac_client_list_mfa_authenticators_finish (AcClient         *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);
/* Starts an enrolment: show the QR code (or the secret) and the recovery code, then confirm
 * with a code from the app. Until confirmed TOTP stays off. 400 when it is on already. */
void          ac_client_enroll_totp_async          (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcMfaEnrollment *ac_client_enroll_totp_finish      (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Turns TOTP on. Errors: AC_ERROR_WRONG_TOTP, AC_ERROR_MFA_CODE_MISSING, 400 (no enrolment) */
void          ac_client_confirm_totp_async         (AcClient             *self,
                                                    const char           *code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_confirm_totp_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          ac_client_disable_totp_async         (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_disable_totp_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* The second step of a sign-in */

/* (transfer none) (nullable): the pending second step, NULL when there is none */
AcMfaChallenge *ac_client_get_mfa_challenge        (AcClient             *self);
/* Forgets the pending second step (the person went back) */
void          ac_client_cancel_mfa                 (AcClient             *self);
/* Finishes it with a code of the authenticator app. Errors: AC_ERROR_WRONG_TOTP (wrong or
 * already used; try again), AC_ERROR_MFA_CODE_MISSING, AC_ERROR_NOT_LOGGED_IN (no second step
 * pending, or it ended: sign in again), AC_ERROR_INVALID_INPUT (not 6 digits, nothing sent) */
void          ac_client_verify_totp_async          (AcClient             *self,
                                                    const char           *code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_verify_totp_finish         (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Finishes it with the recovery code. Each code works once: @new_recovery_code (out, nullable)
 * receives the next one, which the person must write down (NULL if the service sent none).
 * Errors: AC_ERROR_WRONG_RECOVERY_CODE, AC_ERROR_MFA_CODE_MISSING, AC_ERROR_NOT_LOGGED_IN */
void          ac_client_recover_with_code_async    (AcClient             *self,
                                                    const char           *recovery_code,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_recover_with_code_finish   (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    char                **new_recovery_code,
                                                    GError              **error);

G_END_DECLS
