/* ac-emu-security-private.h: what the files of account security share
 *
 * ac-emu-routes-security.c (password, codes and the outbox, code sign-in, binding, deletion
 * with a code) and ac-emu-routes-mfa.c (TOTP and the two-step sign-in) answer with the texts
 * below, in the request's language, like ac-emu-messages.c does for the other areas.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-server-private.h"

G_BEGIN_DECLS

typedef enum {
  AC_EMU_SEC_PASSWORD_CHANGED,
  AC_EMU_SEC_PASSWORD_RIGHT,
  AC_EMU_SEC_PASSWORD_WRONG,
  AC_EMU_SEC_OLD_PASSWORD_WRONG,
  AC_EMU_SEC_PASSWORD_TOO_SHORT,
  AC_EMU_SEC_PASSWORD_IS_USERNAME,
  AC_EMU_SEC_SENT,
  AC_EMU_SEC_TOO_SOON,
  AC_EMU_SEC_BAD_EMAIL,
  AC_EMU_SEC_WRONG_CODE,
  AC_EMU_SEC_PHONE_TAKEN,
  AC_EMU_SEC_EMAIL_TAKEN,
  AC_EMU_SEC_SAME_PHONE,
  AC_EMU_SEC_SAME_EMAIL,
  AC_EMU_SEC_PHONE_ALREADY,
  AC_EMU_SEC_EMAIL_ALREADY,
  AC_EMU_SEC_NO_PHONE,
  AC_EMU_SEC_NO_EMAIL,
  AC_EMU_SEC_LAST_METHOD,
  AC_EMU_SEC_OLD_PHONE_MISMATCH,
  AC_EMU_SEC_OLD_EMAIL_MISMATCH,
  AC_EMU_SEC_BOUND,
  AC_EMU_SEC_UNBOUND,
  AC_EMU_SEC_CHANGED,
  AC_EMU_SEC_MFA_REQUIRED,
  AC_EMU_SEC_MFA_TOKEN_INVALID,
  AC_EMU_SEC_MFA_LOCKED,
  AC_EMU_SEC_TOTP_WRONG,
  AC_EMU_SEC_TOTP_MISSING,
  AC_EMU_SEC_RECOVERY_WRONG,
  AC_EMU_SEC_RECOVERY_MISSING,
  AC_EMU_SEC_NO_ENROLMENT,
  AC_EMU_SEC_TOTP_ALREADY,
  AC_EMU_SEC_TOTP_ON,
  AC_EMU_SEC_TOTP_OFF,
  AC_EMU_SEC_LOOPBACK_ONLY,
  AC_EMU_SEC_CLOCK_DISABLED,
} AcEmuSecMsg;

/* What a field was expected to be (400 "<field>: expected …") */
typedef enum {
  AC_EMU_SEC_EXPECT_PHONE,
  AC_EMU_SEC_EXPECT_COUNTRY_CODE,
  AC_EMU_SEC_EXPECT_EMAIL,
  AC_EMU_SEC_EXPECT_CODE,
  AC_EMU_SEC_EXPECT_SCENE,
  AC_EMU_SEC_EXPECT_TOTP_TYPE,
  AC_EMU_SEC_EXPECT_ENCRYPTED,
  AC_EMU_SEC_EXPECT_SECONDS,
} AcEmuSecExpect;

const char  *_ac_emu_sec_message             (AcEmuRequest  *req,
                                              AcEmuSecMsg    message);
/* HTTP 200, a business code, one of the texts above */
void         _ac_emu_sec_reply_error         (AcEmuRequest  *req,
                                              int            code,
                                              AcEmuSecMsg    message);
/* HTTP 200, code 400 "<field>: expected …"; returns FALSE (for `return invalid_field (…)`) */
gboolean     _ac_emu_sec_reply_expected      (AcEmuRequest  *req,
                                              const char    *field,
                                              AcEmuSecExpect expect);
/* A code-like member (verification code, TOTP, recovery code): a string of at most
 * AC_EMU_CODE_INPUT_MAX printable ASCII characters, else 400; NULL or "" is missing */
gboolean     _ac_emu_sec_body_code           (AcEmuRequest  *req,
                                              const char    *member,
                                              const char   **out);

/* Ends a sign-in (password, code or second step) of user_id: issues the token, records the
 * sign-in and answers the user with it, or, for a user with TOTP on, answers 1635 with an
 * mfaToken (unless second_step, which is the answer to that). Runs its own transaction: call
 * it after committing anything else. */
void         _ac_emu_sec_finish_sign_in      (AcEmuRequest  *req,
                                              const char    *user_id,
                                              gboolean       second_step);
/* The hook of the password sign-in (ac-emu-routes-auth.c): for a user with TOTP on answers
 * 1635 and returns TRUE; otherwise returns FALSE and the sign-in goes on. */
gboolean     _ac_emu_sec_mfa_step            (AcEmuRequest  *req,
                                              const char    *user_id);
/* The hook of DELETE users/delete (ac-emu-routes-profile.c): a `phoneCode` or `emailCode`
 * query parameter must be a right code of the bound phone / e-mail address (consumed). Returns
 * FALSE when it answered (refused). Without either parameter the deletion goes on as before. */
gboolean     _ac_emu_sec_check_delete        (AcEmuRequest  *req);

void         _ac_emu_routes_mfa_register     (AcEmuServer   *self);

G_END_DECLS
