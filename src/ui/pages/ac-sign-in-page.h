/* ac-sign-in-page.h: host, application id, account and password, with inline errors; the
 * second step of a two-step sign-in, a sign-in with a code, and the wait for the browser
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AC_TYPE_SIGN_IN_PAGE (ac_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (AcSignInPage, ac_sign_in_page, AC, SIGN_IN_PAGE, AdwBin)

/**
 * AcSignInStep:
 * @AC_SIGN_IN_STEP_PASSWORD: server, account and password (and the other ways to sign in)
 * @AC_SIGN_IN_STEP_MFA: the second step: a code of the authenticator app, or a recovery code
 * @AC_SIGN_IN_STEP_RECOVERY_CODE: the new recovery code, shown once after a recovery sign-in
 * @AC_SIGN_IN_STEP_CODE: a sign-in with a code sent to a phone or an e-mail address
 * @AC_SIGN_IN_STEP_BROWSER: waiting for the browser to come back
 */
typedef enum {
  AC_SIGN_IN_STEP_PASSWORD,
  AC_SIGN_IN_STEP_MFA,
  AC_SIGN_IN_STEP_RECOVERY_CODE,
  AC_SIGN_IN_STEP_CODE,
  AC_SIGN_IN_STEP_BROWSER,
} AcSignInStep;

/**
 * AcSignInField:
 *
 * The field an error is about (it gets the focus).
 */
typedef enum {
  AC_SIGN_IN_FIELD_NONE,
  AC_SIGN_IN_FIELD_HOST,
  AC_SIGN_IN_FIELD_APP_ID,
  AC_SIGN_IN_FIELD_ACCOUNT,
  AC_SIGN_IN_FIELD_PASSWORD,
  AC_SIGN_IN_FIELD_MFA_CODE,
  AC_SIGN_IN_FIELD_ADDRESS,
  AC_SIGN_IN_FIELD_CODE,
  AC_SIGN_IN_FIELD_BROWSER,
} AcSignInField;

/* The page validates and collects; whoever owns it does the signing in. It emits
 * "submit" (Enter or the button, only when the form is complete and the host is a valid
 * http(s) URL) and "cancel" (while busy); in the other steps "verify" (a 6-digit code, or a
 * recovery code: ac_sign_in_page_get_using_recovery()), "continue" (the new recovery code was
 * seen), "send-code" and "code-submit" (a sign-in with a code), "browser" (Sign In with
 * Browser, the server being valid) and "back" (from the second step). "open-uri" asks to open
 * the browser; its default handler calls gtk_show_uri() (tests connect a handler that stops
 * the emission). */
GtkWidget  *ac_sign_in_page_new              (void);
const char *ac_sign_in_page_get_host         (AcSignInPage *self);
void        ac_sign_in_page_set_host         (AcSignInPage *self,
                                              const char   *host);
const char *ac_sign_in_page_get_app_id       (AcSignInPage *self);
void        ac_sign_in_page_set_app_id       (AcSignInPage *self,
                                              const char   *app_id);
const char *ac_sign_in_page_get_account      (AcSignInPage *self);
void        ac_sign_in_page_set_account      (AcSignInPage *self,
                                              const char   *account);
const char *ac_sign_in_page_get_password     (AcSignInPage *self);
void        ac_sign_in_page_set_password     (AcSignInPage *self,
                                              const char   *password);
gboolean    ac_sign_in_page_get_busy         (AcSignInPage *self);
void        ac_sign_in_page_set_busy         (AcSignInPage *self,
                                              gboolean      busy);
/* Hide the host and application id (when re-signing in, or locked by the administrator). */
void        ac_sign_in_page_set_server_locked (AcSignInPage *self,
                                               gboolean      locked);
void        ac_sign_in_page_set_title        (AcSignInPage *self,
                                              const char   *title,
                                              const char   *subtitle);
/* NULL hides the error. */
void        ac_sign_in_page_set_error        (AcSignInPage *self,
                                              const char   *message);
const char *ac_sign_in_page_get_error        (AcSignInPage *self);
/* Emits "submit" as Enter would, if the form allows it. Returns whether it did. */
gboolean    ac_sign_in_page_submit           (AcSignInPage *self);
void        ac_sign_in_page_focus_first_empty (AcSignInPage *self);
AcSignInStep ac_sign_in_page_get_step       (AcSignInPage *self);
/* Shows a step; going to the password step clears the codes (not the account). */
void        ac_sign_in_page_set_step         (AcSignInPage *self,
                                              AcSignInStep  step);
/* Offers "Sign In with a Code" and "Sign In with Browser" (hidden by default). */
void        ac_sign_in_page_set_alternatives (AcSignInPage *self,
                                              gboolean      code,
                                              gboolean      browser);
gboolean    ac_sign_in_page_get_browser_offered (AcSignInPage *self);
/* An inline status line (not an error: "Signed out"); NULL hides it. */
void        ac_sign_in_page_set_status       (AcSignInPage *self,
                                              const char   *message);
const char *ac_sign_in_page_get_status       (AcSignInPage *self);
/* Shows the error once, above the button, and moves the focus to @field. */
void        ac_sign_in_page_show_error       (AcSignInPage *self,
                                              const char   *message,
                                              AcSignInField field);
/* The field that has the keyboard focus (NONE when it is elsewhere). */
AcSignInField ac_sign_in_page_get_focus_field (AcSignInPage *self);
/* The second step: whom it is for (the nickname or username of the challenge). */
void        ac_sign_in_page_set_mfa_name     (AcSignInPage *self,
                                              const char   *name);
/* The code typed in the second step (digits only for a 6-digit code) */
const char *ac_sign_in_page_get_mfa_code     (AcSignInPage *self);
void        ac_sign_in_page_set_mfa_code     (AcSignInPage *self,
                                              const char   *code);
gboolean    ac_sign_in_page_get_using_recovery (AcSignInPage *self);
void        ac_sign_in_page_set_using_recovery (AcSignInPage *self,
                                              gboolean      recovery);
/* Shows the recovery-code step with @code (never logged); "continue" once seen. */
void        ac_sign_in_page_show_recovery_code (AcSignInPage *self,
                                              const char   *code);
/* The recovery code shown (NULL in the other steps) */
const char *ac_sign_in_page_get_recovery_code (AcSignInPage *self);
/* Signing in with a code */
const char *ac_sign_in_page_get_code_address (AcSignInPage *self);
void        ac_sign_in_page_set_code_address (AcSignInPage *self,
                                              const char   *address);
const char *ac_sign_in_page_get_code         (AcSignInPage *self);
void        ac_sign_in_page_set_code         (AcSignInPage *self,
                                              const char   *code);
/* The code was sent: the send button counts @seconds down before it can send again. */
void        ac_sign_in_page_start_resend_countdown (AcSignInPage *self,
                                              guint         seconds);
guint       ac_sign_in_page_get_resend_countdown (AcSignInPage *self);
/* The browser: shows the waiting step and emits "open-uri" with @uri. */
void        ac_sign_in_page_open_uri         (AcSignInPage *self,
                                              const char   *uri);
const char *ac_sign_in_page_get_uri          (AcSignInPage *self);
/* Checks a host URL; FALSE with a readable message when it is not an http(s) URL. */
gboolean    ac_sign_in_page_check_host       (const char   *host,
                                              char        **message);

G_END_DECLS
