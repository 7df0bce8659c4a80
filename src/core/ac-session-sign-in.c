/* ac-session-sign-in.c: opening a session: a sign-in with a password, the second factor's
 * hook, and the resumption of a remembered session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-session-private.h"


/* ------------------------------------------------------------------------------------------ */
/* Opening a session                                                                          */

/* Starts an attempt: signing-in; returns its cancellable (chained to @cancellable). */
static GCancellable *
begin_attempt (AcSession    *self,
               GCancellable *cancellable,
               gboolean      resuming)
{
  _ac_session_drop_attempt (self);
  if (self->client != NULL)
    _ac_session_wipe (self);

  self->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->attempt_cancellable, G_CONNECT_SWAPPED);

  g_object_freeze_notify (G_OBJECT (self));
  _ac_session_set_error (self, NULL);
  _ac_session_set_resuming (self, resuming);
  _ac_session_set_state (self, AC_SESSION_STATE_SIGNING_IN);
  g_object_thaw_notify (G_OBJECT (self));

  return self->attempt_cancellable;
}

/* The answer to an attempt arrived: TRUE when it is still the current one. Otherwise the
 * task got its (cancelled) result. */
static gboolean
attempt_is_current (GTask *task)
{
  AcSession *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (attempt->attempt == self->attempt && self->state == AC_SESSION_STATE_SIGNING_IN)
    return TRUE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("Signing in was cancelled."));
  return FALSE;
}

/* The attempt failed: back to signed-out, keeping why (unless it was cancelled). */
static void
attempt_failed (AcSession    *self,
                const GError *error)
{
  /* (the client of a pending second step goes, once the new state is told) */
  AcClient *pending = g_steal_pointer (&self->pending_client);

  g_clear_object (&self->attempt_cancellable);
  g_object_freeze_notify (G_OBJECT (self));
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _ac_session_set_error (self, error);
  _ac_session_set_state (self, AC_SESSION_STATE_SIGNED_OUT);
  g_object_thaw_notify (G_OBJECT (self));
  g_clear_object (&pending);
}

/* The server answered a sign-in (a password or a code): open the session, wait for the
 * second factor, or go back to signed-out. */
static void
sign_in_answered (GTask      *task,
                  AcClient   *client,
                  AcUserInfo *user,
                  GError     *error)
{
  AcSession *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (!attempt_is_current (task))
    {
      g_clear_error (&error);
      return;
    }

  if (user == NULL)
    {
      if (g_error_matches (error, AC_ERROR, AC_ERROR_MFA_REQUIRED))
        {
          /* The two-step sign-in takes over from here with the pending client. */
          g_clear_object (&self->attempt_cancellable);
          _ac_session_set_state (self, AC_SESSION_STATE_MFA_REQUIRED);
        }
      else
        attempt_failed (self, error);
      g_task_return_error (task, error);
      return;
    }

  /* The answer carries the user: the account starts with it, and no users/me follows. */
  _ac_session_open_session (self, client, attempt->account_name, self->pending_remember);
  g_task_return_boolean (task, TRUE);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_sign_in_finish (AC_CLIENT (object), result, &error);
  sign_in_answered (task, AC_CLIENT (object), user, error);
}

static void
signed_in_with_phone_code_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_sign_in_with_phone_code_finish (AC_CLIENT (object), result, &error);
  sign_in_answered (task, AC_CLIENT (object), user, error);
}

static void
signed_in_with_email_code_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_sign_in_with_email_code_finish (AC_CLIENT (object), result, &error);
  sign_in_answered (task, AC_CLIENT (object), user, error);
}

/**
 * ac_session_sign_in_async:
 * @self: a #AcSession
 * @host: the application host
 * @app_id: the application ID
 * @account_name: a username, e-mail address or phone number
 * @password: the password
 * @remember: the session may be kept in the keyring
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepted or refused
 * @user_data: data for @callback
 *
 * A session already open is forgotten first (without telling the server).
 */
void
ac_session_sign_in_async (AcSession           *self,
                          const char          *host,
                          const char          *app_id,
                          const char          *account_name,
                          const char          *password,
                          gboolean             remember,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GCancellable *attempt_cancellable;
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (host != NULL && app_id != NULL);
  g_return_if_fail (account_name != NULL && password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  attempt_cancellable = begin_attempt (self, cancellable, FALSE);
  _ac_session_set_account_name (self, account_name);
  self->pending_client = _ac_session_take_client (self, host, app_id);
  self->pending_remember = remember;

  task = _ac_session_attempt_task_new (self, ac_session_sign_in_async, account_name, cancellable,
                           callback, user_data);
  ac_client_sign_in_async (self->pending_client, account_name, password, attempt_cancellable,
                           signed_in_cb, task);
}

gboolean
ac_session_sign_in_finish (AcSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ac_session_sign_in_with_code_async:
 * @self: a #AcSession
 * @host: the application host
 * @app_id: the application ID
 * @channel: whether @address is a phone (SMS) or an e-mail address
 * @address: the phone number (without its country code) or the e-mail address
 * @country_code: (nullable): the phone's country code, e.g. "+86"
 * @code: the code that was sent to @address
 * @remember: the session may be kept in the keyring
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepted or refused
 * @user_data: data for @callback
 *
 * As ac_session_sign_in_async(), with a verification code instead of a password
 * (AC_ERROR_WRONG_VERIFY_CODE for a wrong or expired one).
 */
void
ac_session_sign_in_with_code_async (AcSession           *self,
                                    const char          *host,
                                    const char          *app_id,
                                    AcCodeChannel        channel,
                                    const char          *address,
                                    const char          *country_code,
                                    const char          *code,
                                    gboolean             remember,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GCancellable *attempt_cancellable;
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (host != NULL && app_id != NULL);
  g_return_if_fail (address != NULL && code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  attempt_cancellable = begin_attempt (self, cancellable, FALSE);
  _ac_session_set_account_name (self, address);
  self->pending_client = ac_client_new (host, app_id);
  self->pending_remember = remember;

  task = _ac_session_attempt_task_new (self, ac_session_sign_in_with_code_async, address, cancellable,
                                       callback, user_data);
  if (channel == AC_CODE_CHANNEL_EMAIL)
    ac_client_sign_in_with_email_code_async (self->pending_client, address, code, attempt_cancellable,
                                             signed_in_with_email_code_cb, task);
  else
    ac_client_sign_in_with_phone_code_async (self->pending_client, address, country_code, code,
                                             attempt_cancellable, signed_in_with_phone_code_cb, task);
}

gboolean
ac_session_sign_in_with_code_finish (AcSession     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ac_session_cancel_sign_in:
 * @self: a #AcSession
 *
 * From signing-in (a sign-in or a resumption) or mfa-required: signed-out at once; the
 * answer still on its way changes nothing.
 */
void
ac_session_cancel_sign_in (AcSession *self)
{
  g_return_if_fail (AC_IS_SESSION (self));

  if (self->state != AC_SESSION_STATE_SIGNING_IN && self->state != AC_SESSION_STATE_MFA_REQUIRED)
    return;

  /* The client forgets the second step it was keeping. */
  if (self->state == AC_SESSION_STATE_MFA_REQUIRED && self->pending_client != NULL)
    ac_client_cancel_mfa (self->pending_client);
  _ac_session_drop_attempt (self);
  _ac_session_set_state (self, AC_SESSION_STATE_SIGNED_OUT);
}

/**
 * ac_session_finish_sign_in:
 * @self: a #AcSession in mfa-required
 *
 * The pending client finished the second step (it holds the token and the user): the
 * session opens with it, remembered or not as the sign-in asked.
 */
void
ac_session_finish_sign_in (AcSession *self)
{
  g_autoptr(AcClient) client = NULL;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (self->state == AC_SESSION_STATE_MFA_REQUIRED);
  g_return_if_fail (self->pending_client != NULL && ac_client_get_signed_in (self->pending_client));

  client = g_object_ref (self->pending_client);
  _ac_session_open_session (self, client, self->account_name, self->pending_remember);
}

/**
 * ac_session_start:
 * @self: a #AcSession
 * @client: a client holding a token and its user
 * @account_name: (nullable): what the person signed in with
 * @remember: the session may be kept in the keyring
 *
 * Opens a session with @client: loading, then ready.
 */
void
ac_session_start (AcSession  *self,
                  AcClient   *client,
                  const char *account_name,
                  gboolean    remember)
{
  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (AC_IS_CLIENT (client));

  _ac_session_open_session (self, client, account_name, remember);
}

/* Resuming */

void
ac_session_expect_resume (AcSession *self)
{
  g_return_if_fail (AC_IS_SESSION (self));

  if (self->state != AC_SESSION_STATE_SIGNED_OUT)
    return;

  begin_attempt (self, NULL, TRUE);
}

/**
 * ac_session_cancel_resume:
 * @self: a #AcSession
 * @account_name: (nullable): the account of the session that could not be resumed (to
 *   prefill the form)
 * @error: (nullable): why, or %NULL when nothing was kept
 *
 * Ends the wait that ac_session_expect_resume() started: signed-out.
 */
void
ac_session_cancel_resume (AcSession    *self,
                          const char   *account_name,
                          const GError *error)
{
  g_return_if_fail (AC_IS_SESSION (self));

  if (self->state != AC_SESSION_STATE_SIGNING_IN || !self->resuming || self->pending_client != NULL)
    return;

  _ac_session_drop_attempt (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (account_name != NULL && *account_name != '\0')
    _ac_session_set_account_name (self, account_name);
  _ac_session_set_error (self, error);
  _ac_session_set_state (self, AC_SESSION_STATE_SIGNED_OUT);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_get_current_user_finish (AC_CLIENT (object), result, &error);
  if (!attempt_is_current (task))
    {
      g_clear_error (&error);
      return;
    }

  if (user == NULL)
    {
      attempt_failed (self, error);
      g_task_return_error (task, error);
      return;
    }

  /* users/me answered: the session is alive, and the account starts with that user. */
  _ac_session_open_session (self, AC_CLIENT (object), attempt->account_name, TRUE);
  g_task_return_boolean (task, TRUE);
}

/**
 * ac_session_resume_async:
 * @self: a #AcSession
 * @stored: a session kept earlier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it was checked
 * @user_data: data for @callback
 *
 * Opens the kept session if the server still accepts its token (one users/me); an expiry
 * date in the past is refused without asking. Fails with %AC_ERROR_NOT_LOGGED_IN or
 * %AC_ERROR_BAD_CREDENTIALS for a dead session, anything else when the server could not say.
 */
void
ac_session_resume_async (AcSession             *self,
                         const AcStoredSession *stored,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GCancellable *attempt_cancellable;
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (stored != NULL && stored->token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  attempt_cancellable = begin_attempt (self, cancellable, TRUE);
  if (stored->account != NULL && *stored->account != '\0')
    _ac_session_set_account_name (self, stored->account);
  task = _ac_session_attempt_task_new (self, ac_session_resume_async, stored->account, cancellable,
                           callback, user_data);

  if (stored->expires_at != NULL && g_date_time_compare (stored->expires_at, now) <= 0)
    {
      g_autoptr(GError) error = g_error_new_literal (AC_ERROR, AC_ERROR_NOT_LOGGED_IN,
                                                     _("Your session has expired. Please sign in again."));

      g_debug ("The remembered session has expired");
      attempt_failed (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  self->pending_client = ac_client_new (stored->host, stored->app_id);
  _ac_session_prepare_client (self, self->pending_client);
  ac_client_set_session (self->pending_client, stored->token, stored->expires_at);
  ac_client_get_current_user_async (self->pending_client, attempt_cancellable, resumed_cb, task);
}

gboolean
ac_session_resume_finish (AcSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

