/* ac-session-expiry.c: when the token is refused: waiting for ready, signing in again, and
 * reloading (which waits across an expiry)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-session-private.h"

#define signals _ac_session_signals

/* ------------------------------------------------------------------------------------------ */
/* Waiting for ready                                                                          */

/**
 * ac_session_wait_ready_async:
 * @self: a #AcSession
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once ready, or when it will not be
 * @user_data: data for @callback
 *
 * Ready now: at once. Loading or expired: once ready (after an expiry that the person gave up
 * on, "reauthentication-needed" asks them again). Otherwise %AC_ERROR_NOT_LOGGED_IN.
 */
void
ac_session_wait_ready_async (AcSession           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_wait_ready_async);

  switch (self->state)
    {
    case AC_SESSION_STATE_READY:
      g_task_return_boolean (task, TRUE);
      return;

    case AC_SESSION_STATE_LOADING:
      g_queue_push_tail (&self->waiters, g_steal_pointer (&task));
      return;

    case AC_SESSION_STATE_EXPIRED:
      g_queue_push_tail (&self->waiters, g_steal_pointer (&task));
      if (self->reauth_given_up)
        {
          self->reauth_given_up = FALSE;
          g_signal_emit (self, signals[REAUTHENTICATION_NEEDED], 0);
        }
      return;

    case AC_SESSION_STATE_SIGNED_OUT:
    case AC_SESSION_STATE_SIGNING_IN:
    case AC_SESSION_STATE_MFA_REQUIRED:
    default:
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      return;
    }
}

gboolean
ac_session_wait_ready_finish (AcSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Reloading                                                                                  */

static void reload_start (GTask *task);

static void
reload_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ac_session_wait_ready_finish (AC_SESSION (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  reload_start (g_steal_pointer (&task));
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (ac_account_load_finish (AC_ACCOUNT (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Expired on the way: once signed in again, load again. */
  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) &&
      AC_ACCOUNT (object) == self->account && _ac_session_is_open (self))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_clear_error (&error);
      ac_session_wait_ready_async (self, cancellable, reload_ready_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_error (task, error);
}

static void
reload_start (GTask *task)
{
  AcSession *self = g_task_get_source_object (task);

  if (self->account == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      g_object_unref (task);
      return;
    }

  ac_account_load_async (self->account, AC_ACCOUNT_ALL_PARTS, g_task_get_cancellable (task),
                         reloaded_cb, task);
}

/**
 * ac_session_reload_async:
 * @self: a #AcSession
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads every part again (one request each). An expiry on the way waits for the person to
 * sign in again, then reads again; the error is then the one of that last load.
 */
void
ac_session_reload_async (AcSession           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_reload_async);
  reload_start (task);
}

gboolean
ac_session_reload_finish (AcSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing in again                                                                           */

/* The server took the password (or the second step): the session goes on where it was. */
static void
reauthenticated (AcSession  *self,
                 GTask      *task,
                 AcClient   *client,
                 AcUserInfo *user)
{
  Attempt *attempt = g_task_get_task_data (task);

  if (client != self->client || self->state != AC_SESSION_STATE_EXPIRED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_clear_object (&self->reauth_cancellable);
  self->reauth_given_up = FALSE;
  _ac_session_set_account_name (self, attempt->account_name);

  /* Someone else signed in: the account let go of the previous person's data. */
  if (g_strcmp0 (attempt->user_id, ac_user_info_get_id (user)) != 0)
    {
      self->loaded = FALSE;
      self->load_again = TRUE;
    }

  if (self->load_again || (!self->loaded && !self->loading))
    _ac_session_start_first_load (self);
  else if (self->loading)
    _ac_session_set_state (self, AC_SESSION_STATE_LOADING);
  else
    {
      _ac_session_set_state (self, AC_SESSION_STATE_READY);
      _ac_session_flush_waiters (self, NULL);
    }

  g_task_return_boolean (task, TRUE);
}

static void
reauthenticated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  /* AC_ERROR_MFA_REQUIRED: the client keeps the second step for
   * ac_session_reauthenticate_second_step_async() */
  user = ac_client_sign_in_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  reauthenticated (self, task, AC_CLIENT (object), user);
}

/**
 * ac_session_reauthenticate_async:
 * @self: a #AcSession in expired
 * @account_name: a username, e-mail address or phone number
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepted or refused
 * @user_data: data for @callback
 */
void
ac_session_reauthenticate_async (AcSession           *self,
                                 const char          *account_name,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (account_name != NULL && password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_session_attempt_task_new (self, ac_session_reauthenticate_async, account_name, cancellable,
                           callback, user_data);
  if (self->account != NULL && ac_account_get_user (self->account) != NULL)
    ((Attempt *) g_task_get_task_data (task))->user_id =
      g_strdup (ac_user_info_get_id (ac_account_get_user (self->account)));

  if (self->client == NULL || self->state != AC_SESSION_STATE_EXPIRED)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      g_object_unref (task);
      return;
    }

  if (self->reauth_cancellable != NULL)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  self->reauth_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->reauth_cancellable, G_CONNECT_SWAPPED);

  ac_client_sign_in_async (self->client, account_name, password, self->reauth_cancellable,
                           reauthenticated_cb, task);
}

gboolean
ac_session_reauthenticate_finish (AcSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
second_step_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  AcClient *client = AC_CLIENT (object);
  g_autoptr(AcUserInfo) user = NULL;
  char *new_code = NULL;
  GError *error = NULL;

  if (g_async_result_is_tagged (result, ac_client_recover_with_code_async))
    user = ac_client_recover_with_code_finish (client, result, &new_code, &error);
  else
    user = ac_client_verify_totp_finish (client, result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "new-recovery-code", new_code, g_free);
  reauthenticated (self, task, client, user);
}

/**
 * ac_session_reauthenticate_second_step_async:
 * @self: a #AcSession in expired, whose ac_session_reauthenticate_async() failed with
 *   %AC_ERROR_MFA_REQUIRED
 * @account_name: the account name given to ac_session_reauthenticate_async()
 * @code: a code of the authenticator app, or the recovery code
 * @recovery: whether @code is the recovery code
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepted or refused
 * @user_data: data for @callback
 *
 * Finishes signing in again for an account with two-step sign-in on. Errors as
 * ac_client_verify_totp_async() and ac_client_recover_with_code_async() (AC_ERROR_NOT_LOGGED_IN:
 * the server ended this sign-in, start again with the password).
 */
void
ac_session_reauthenticate_second_step_async (AcSession           *self,
                                             const char          *account_name,
                                             const char          *code,
                                             gboolean             recovery,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (account_name != NULL && code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_session_attempt_task_new (self, ac_session_reauthenticate_second_step_async, account_name,
                                       cancellable, callback, user_data);
  if (self->account != NULL && ac_account_get_user (self->account) != NULL)
    ((Attempt *) g_task_get_task_data (task))->user_id =
      g_strdup (ac_user_info_get_id (ac_account_get_user (self->account)));

  if (self->client == NULL || self->state != AC_SESSION_STATE_EXPIRED ||
      ac_client_get_mfa_challenge (self->client) == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      g_object_unref (task);
      return;
    }

  if (recovery)
    ac_client_recover_with_code_async (self->client, code, cancellable, second_step_cb, task);
  else
    ac_client_verify_totp_async (self->client, code, cancellable, second_step_cb, task);
}

/* @new_recovery_code: (out) (optional): after a recovery code, the next one (show it once) */
gboolean
ac_session_reauthenticate_second_step_finish (AcSession     *self,
                                              GAsyncResult  *result,
                                              char         **new_recovery_code,
                                              GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (new_recovery_code != NULL)
    *new_recovery_code = g_strdup (g_object_get_data (G_OBJECT (result), "new-recovery-code"));
  return TRUE;
}

void
ac_session_cancel_reauthentication (AcSession *self)
{
  g_return_if_fail (AC_IS_SESSION (self));

  if (self->reauth_cancellable != NULL)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);

  if (self->state != AC_SESSION_STATE_EXPIRED)
    return;

  self->reauth_given_up = TRUE;
  _ac_session_fail_waiters (self);
}

