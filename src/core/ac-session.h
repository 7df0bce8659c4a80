/* ac-session.h: the one owner of the person's session, observed by everything that shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-account.h"
#include "ac-client.h"
#include "ac-session-store.h"

G_BEGIN_DECLS

/**
 * AcSessionState:
 * @AC_SESSION_STATE_SIGNED_OUT: nobody is signed in (#AcSession:error says why, if it ended
 *   by itself: a refused password, a dead remembered session)
 * @AC_SESSION_STATE_SIGNING_IN: a sign-in, or the resumption of a remembered session
 *   (#AcSession:resuming), is under way
 * @AC_SESSION_STATE_MFA_REQUIRED: the server wants a second factor before it opens the
 *   session (the hook of two-step sign-in, see ac_session_get_pending_client())
 * @AC_SESSION_STATE_LOADING: signed in; the account loads for the first time
 * @AC_SESSION_STATE_READY: signed in and loaded
 * @AC_SESSION_STATE_EXPIRED: the token was refused: waiting for the person to sign in again
 *   (ac_session_reauthenticate_async()); work that failed waits for %READY again
 *
 * signed-out -> signing-in -> [mfa-required] -> loading -> ready <-> expired; sign-out and
 * account deletion lead back to signed-out.
 */
typedef enum {
  AC_SESSION_STATE_SIGNED_OUT,
  AC_SESSION_STATE_SIGNING_IN,
  AC_SESSION_STATE_MFA_REQUIRED,
  AC_SESSION_STATE_LOADING,
  AC_SESSION_STATE_READY,
  AC_SESSION_STATE_EXPIRED,
} AcSessionState;

#define AC_TYPE_SESSION_STATE (ac_session_state_get_type ())
GType ac_session_state_get_type (void) G_GNUC_CONST;

#define AC_TYPE_SESSION (ac_session_get_type ())

G_DECLARE_FINAL_TYPE (AcSession, ac_session, AC, SESSION, GObject)

AcSession      *ac_session_new                       (void);

AcSessionState  ac_session_get_state                 (AcSession           *self);
/* The client and the account of the current session; NULL while signed out. */
AcClient       *ac_session_get_client                (AcSession           *self);
AcAccount      *ac_session_get_account               (AcSession           *self);
/* Whether the session may be kept in the keyring (as asked at sign-in). */
gboolean        ac_session_get_remember              (AcSession           *self);
/* What the person signed in with (username, e-mail or phone), or the account a remembered
 * session was stored for; kept after signing out to prefill the form. */
const char     *ac_session_get_account_name          (AcSession           *self);
/* The current (or last) attempt is the resumption of a remembered session. */
gboolean        ac_session_get_resuming              (AcSession           *self);
/* Why the session went back to signed-out by itself, else NULL. */
const GError   *ac_session_get_error                 (AcSession           *self);

/* Signs in with a password: signing-in, then loading (each part of the account read once;
 * the user comes with the sign-in answer) and ready. Finishes once the server accepted or
 * refused the password (then signed-out, or mfa-required for AC_ERROR_MFA_REQUIRED).
 * remember: the session may be kept in the keyring. */
void            ac_session_sign_in_async             (AcSession           *self,
                                                      const char          *host,
                                                      const char          *app_id,
                                                      const char          *account_name,
                                                      const char          *password,
                                                      gboolean             remember,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_sign_in_finish            (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* As ac_session_sign_in_async(), with a code sent to a bound phone (SMS, @country_code
 * nullable) or e-mail address: an account without a password can sign in. */
void            ac_session_sign_in_with_code_async   (AcSession           *self,
                                                      const char          *host,
                                                      const char          *app_id,
                                                      AcCodeChannel        channel,
                                                      const char          *address,
                                                      const char          *country_code,
                                                      const char          *code,
                                                      gboolean             remember,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_sign_in_with_code_finish  (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Back to signed-out from signing-in or mfa-required, at once. */
void            ac_session_cancel_sign_in            (AcSession           *self);

/* The MFA hook: in mfa-required, the client that keeps the second step of the sign-in
 * (ac_client_get_mfa_challenge()). The two-step feature finishes it through that client
 * (ac_client_verify_totp_async(), ac_client_recover_with_code_async()), then calls
 * ac_session_finish_sign_in(): the session opens as the sign-in would have (loading, ready).
 * ac_session_cancel_sign_in() goes back (and forgets the second step). */
AcClient       *ac_session_get_pending_client        (AcSession           *self);
void            ac_session_finish_sign_in            (AcSession           *self);
/* Starts a session with a client that already holds a token and its user (after a second
 * factor, or a session opened elsewhere): loading, then ready. */
void            ac_session_start                     (AcSession           *self,
                                                      AcClient            *client,
                                                      const char          *account_name,
                                                      gboolean             remember);

/* Remembered sessions (AcSessionKeeper): expect_resume() says one is being looked up
 * (signing-in, resuming) so that nothing asks for a password meanwhile; then either
 * resume_async() with what was stored (checked with users/me; refused: signed-out with
 * AcSession:error) or cancel_resume() when there is none. */
void            ac_session_expect_resume             (AcSession           *self);
void            ac_session_cancel_resume             (AcSession           *self,
                                                      const char          *account_name,
                                                      const GError        *error);
void            ac_session_resume_async              (AcSession           *self,
                                                      const AcStoredSession *stored,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_resume_finish             (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Loads every part of the account again (Refresh), asking the filtered stores for what they
 * were last asked for. After an expiry it waits for ready and loads again. */
void            ac_session_reload_async              (AcSession           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_reload_finish             (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* In expired: signs in again with the session's client. Refused: still expired, with the
 * error. Accepted: ready (or loading, if the first load had not finished), and the work
 * waiting in ac_session_wait_ready_async() goes on. */
void            ac_session_reauthenticate_async      (AcSession           *self,
                                                      const char          *account_name,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_reauthenticate_finish     (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* The person gave up signing in again: the waiting work fails (AC_ERROR_NOT_LOGGED_IN);
 * the session stays expired, and the next wait asks again ("reauthentication-needed"). */
/* An account with two-step sign-in on: ac_session_reauthenticate_async() fails with
 * AC_ERROR_MFA_REQUIRED, then this finishes it with a code of the authenticator app or the
 * recovery code (new_recovery_code: the next one, to show once). */
void            ac_session_reauthenticate_second_step_async  (AcSession           *self,
                                                              const char          *account_name,
                                                              const char          *code,
                                                              gboolean             recovery,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean        ac_session_reauthenticate_second_step_finish (AcSession           *self,
                                                              GAsyncResult        *result,
                                                              char               **new_recovery_code,
                                                              GError             **error);
void            ac_session_cancel_reauthentication   (AcSession           *self);

/* For work that failed with AC_ERROR_NOT_LOGGED_IN: TRUE once the session is ready again
 * (then do it again); FALSE with AC_ERROR_NOT_LOGGED_IN if the person gave up or signed out. */
void            ac_session_wait_ready_async          (AcSession           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_wait_ready_finish         (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Ends the session at once (signed-out); the server is told in the background. */
void            ac_session_sign_out                  (AcSession           *self);
/* Forgets the session here without telling the server (the app quits; a kept session stays
 * valid for the next start). */
void            ac_session_close                     (AcSession           *self);
/* Deletes the account at the server, then the session ends (signed-out). */
void            ac_session_delete_account_async      (AcSession           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ac_session_delete_account_finish     (AcSession           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* The same, once the person proved it is them: @password is checked first (a wrong one is
 * AC_ERROR_WRONG_PASSWORD and nothing is deleted); without a password, @code is the code sent
 * to the bound phone or e-mail address (@channel; a wrong one is AC_ERROR_WRONG_VERIFY_CODE).
 * Finish with ac_session_delete_account_finish(). */
void            ac_session_delete_account_confirmed_async (AcSession      *self,
                                                      const char          *password,
                                                      AcCodeChannel        channel,
                                                      const char          *code,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);

/* This computer (ac-session-device.c): each sign-in names it (`x-authing-device-id`) and each
 * session opened registers it once. NULL: no device. */
void            ac_session_set_device_info           (AcSession           *self,
                                                      AcDeviceInfo        *device);
AcDeviceInfo   *ac_session_get_device_info           (AcSession           *self);
/* Connects ahead to the server of the sign-in form, and makes the account its sign-in fills
 * (ac_session_get_next_account(), for a view built ahead). */
void            ac_session_warm_up                   (AcSession           *self,
                                                      const char          *host,
                                                      const char          *app_id);
AcAccount      *ac_session_get_next_account          (AcSession           *self);
/* A new client for a sign-in the session does not run itself (in the browser): it names this
 * device like the session's own, then goes to ac_session_start(). */
AcClient       *ac_session_new_client                (AcSession           *self,
                                                      const char          *host,
                                                      const char          *app_id);

G_END_DECLS
