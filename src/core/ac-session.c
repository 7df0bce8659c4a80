/* ac-session.c: the one owner of the person's session, observed by everything that shows it
 *
 * The application owns one AcSession. It owns the AcClient (transport, token) and the
 * AcAccount (user and stores) of the current session, and says in which state the session
 * is. The window, the keyring keeper, idle sign-out and kiosk mode observe it; none of them
 * observes another.
 *
 * Every attempt to open a session (a sign-in, a resumption) gets a serial number; an answer
 * that arrives for an attempt that is no longer the current one changes nothing.
 *
 * Opening a session is in ac-session-sign-in.c; the expiry, waiting for ready and reloading
 * in ac-session-expiry.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-session-private.h"

G_DEFINE_FINAL_TYPE (AcSession, ac_session, G_TYPE_OBJECT)

GParamSpec *_ac_session_properties[N_PROPS];
guint _ac_session_signals[N_SIGNALS];
#define properties _ac_session_properties
#define signals _ac_session_signals

GType
ac_session_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { AC_SESSION_STATE_SIGNED_OUT, "AC_SESSION_STATE_SIGNED_OUT", "signed-out" },
        { AC_SESSION_STATE_SIGNING_IN, "AC_SESSION_STATE_SIGNING_IN", "signing-in" },
        { AC_SESSION_STATE_MFA_REQUIRED, "AC_SESSION_STATE_MFA_REQUIRED", "mfa-required" },
        { AC_SESSION_STATE_LOADING, "AC_SESSION_STATE_LOADING", "loading" },
        { AC_SESSION_STATE_READY, "AC_SESSION_STATE_READY", "ready" },
        { AC_SESSION_STATE_EXPIRED, "AC_SESSION_STATE_EXPIRED", "expired" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("AcSessionState"), values);

      g_once_init_leave (&type, id);
    }
  return type;
}

/* ------------------------------------------------------------------------------------------ */
/* State                                                                                      */

void
_ac_session_set_state (AcSession      *self,
           AcSessionState  state)
{
  static const char *names[] = {
    "signed-out", "signing-in", "mfa-required", "loading", "ready", "expired",
  };

  if (self->state == state)
    return;

  g_debug ("%s -> %s", names[self->state], names[state]);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_ac_session_set_error (AcSession    *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

void
_ac_session_set_account_name (AcSession  *self,
                  const char *account_name)
{
  if (g_strcmp0 (self->account_name, account_name) == 0)
    return;

  g_free (self->account_name);
  self->account_name = g_strdup (account_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_NAME]);
}

void
_ac_session_set_resuming (AcSession *self,
              gboolean   resuming)
{
  if (self->resuming == !!resuming)
    return;

  self->resuming = !!resuming;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMING]);
}

void
_ac_session_set_remember (AcSession *self,
              gboolean   remember)
{
  if (self->remember == !!remember)
    return;

  self->remember = !!remember;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBER]);
}

gboolean
_ac_session_is_open (AcSession *self)
{
  return self->state == AC_SESSION_STATE_LOADING ||
         self->state == AC_SESSION_STATE_READY ||
         self->state == AC_SESSION_STATE_EXPIRED;
}

/* Answers the work waiting for ready: TRUE, or @error for all of it. */
void
_ac_session_flush_waiters (AcSession    *self,
               const GError *error)
{
  GTask *task;
  GQueue waiters = self->waiters;

  g_queue_init (&self->waiters);
  while ((task = g_queue_pop_head (&waiters)) != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        ;
      else if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

void
_ac_session_fail_waiters (AcSession *self)
{
  g_autoptr(GError) error = g_error_new_literal (AC_ERROR, AC_ERROR_NOT_LOGGED_IN,
                                                 _("Not signed in"));

  _ac_session_flush_waiters (self, error);
}

/* Ends the attempt under way (its answer will change nothing). */
void
_ac_session_drop_attempt (AcSession *self)
{
  self->attempt++;
  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  g_clear_object (&self->pending_client);
}

static void
client_session_expired_cb (AcSession *self)
{
  if (self->state != AC_SESSION_STATE_LOADING && self->state != AC_SESSION_STATE_READY)
    return;

  g_debug ("The session expired");
  self->reauth_given_up = FALSE;
  _ac_session_set_state (self, AC_SESSION_STATE_EXPIRED);
  g_signal_emit (self, signals[REAUTHENTICATION_NEEDED], 0);
}

/* Everything of the open session goes: loads, stores, token, waiting work. */
void
_ac_session_wipe (AcSession *self)
{
  g_autoptr(AcClient) client = g_steal_pointer (&self->client);
  g_autoptr(AcAccount) account = g_steal_pointer (&self->account);

  if (self->session_cancellable != NULL)
    g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  if (self->reauth_cancellable != NULL)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  self->loaded = FALSE;
  self->loading = FALSE;
  self->load_again = FALSE;
  self->reauth_given_up = FALSE;
  _ac_session_fail_waiters (self);

  if (account != NULL)
    ac_account_clear (account);
  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (client, self);
      ac_client_forget_session (client);
    }

  if (client != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  if (account != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* ------------------------------------------------------------------------------------------ */
/* The open session                                                                           */

void
_ac_session_open_session (AcSession  *self,
              AcClient   *client,
              const char *account_name,
              gboolean    remember)
{
  g_autoptr(AcClient) keep = g_object_ref (client);

  g_object_freeze_notify (G_OBJECT (self));

  _ac_session_drop_attempt (self);
  if (self->client != NULL)
    _ac_session_wipe (self);

  self->client = g_steal_pointer (&keep);
  /* The account made ahead with this client (ac_session_get_next_account()), or a new one */
  if (self->warm_account != NULL && ac_account_get_client (self->warm_account) == self->client)
    self->account = g_steal_pointer (&self->warm_account);
  else
    self->account = ac_account_new (self->client);
  if (self->warm_account != NULL && ac_account_get_client (self->warm_account) != self->warm_client)
    g_clear_object (&self->warm_account);
  self->session_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->client, "session-expired", G_CALLBACK (client_session_expired_cb),
                           self, G_CONNECT_SWAPPED);

  if (account_name != NULL && *account_name != '\0')
    _ac_session_set_account_name (self, account_name);
  _ac_session_set_remember (self, remember);
  _ac_session_set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  _ac_session_set_state (self, AC_SESSION_STATE_LOADING);
  /* Started before anyone hears of the new state: what observes it (the pages) sees every
   * part loading already, and loads nothing of its own. */
  _ac_session_start_first_load (self);
  _ac_session_register_device (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
first_load_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AcSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A load of a session that is gone (its cancellable was cancelled, but a load of another
   * session may have started since). */
  if (AC_ACCOUNT (object) != self->account)
    return;

  self->loading = FALSE;

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    {
      if (self->state == AC_SESSION_STATE_EXPIRED)
        {
          /* Loaded again once the person signed in again. */
          self->load_again = TRUE;
          return;
        }
      /* Signed in again already while it was on its way. */
      _ac_session_start_first_load (self);
      return;
    }

  self->loaded = TRUE;
  if (self->state == AC_SESSION_STATE_LOADING)
    {
      _ac_session_set_state (self, AC_SESSION_STATE_READY);
      _ac_session_flush_waiters (self, NULL);
    }

  if (error != NULL)
    {
      g_debug ("The first load failed: %s", error->message);
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
    }
}

void
_ac_session_start_first_load (AcSession *self)
{
  self->loading = TRUE;
  self->load_again = FALSE;
  if (self->state == AC_SESSION_STATE_READY || self->state == AC_SESSION_STATE_EXPIRED)
    _ac_session_set_state (self, AC_SESSION_STATE_LOADING);
  ac_account_load_async (self->account, FIRST_LOAD_PARTS, self->session_cancellable,
                         first_load_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                    */

static void
ac_session_dispose (GObject *object)
{
  AcSession *self = AC_SESSION (object);

  _ac_session_drop_attempt (self);
  _ac_session_wipe (self);

  G_OBJECT_CLASS (ac_session_parent_class)->dispose (object);
}

static void
ac_session_finalize (GObject *object)
{
  AcSession *self = AC_SESSION (object);

  g_clear_pointer (&self->account_name, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->warm_client);
  g_clear_object (&self->warm_account);
  g_clear_pointer (&self->warm_host, g_free);
  g_clear_pointer (&self->warm_app_id, g_free);

  G_OBJECT_CLASS (ac_session_parent_class)->finalize (object);
}

static void
ac_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AcSession *self = AC_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_REMEMBER:
      g_value_set_boolean (value, self->remember);
      break;
    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, self->account_name);
      break;
    case PROP_RESUMING:
      g_value_set_boolean (value, self->resuming);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_session_class_init (AcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ac_session_dispose;
  object_class->finalize = ac_session_finalize;
  object_class->get_property = ac_session_get_property;

  /**
   * AcSession:state:
   *
   * Where the session is (see #AcSessionState).
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AC_TYPE_SESSION_STATE, AC_SESSION_STATE_SIGNED_OUT, flags);
  /**
   * AcSession:client:
   *
   * The client of the open session, or %NULL.
   */
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, AC_TYPE_CLIENT, flags);
  /**
   * AcSession:account:
   *
   * The account of the open session (user and stores, every write), or %NULL.
   */
  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT, flags);
  /**
   * AcSession:remember:
   *
   * The session may be kept in the keyring (asked for at sign-in; set for a resumed one).
   */
  properties[PROP_REMEMBER] = g_param_spec_boolean ("remember", NULL, NULL, FALSE, flags);
  /**
   * AcSession:account-name:
   *
   * What the person signed in with, or the account of a remembered session.
   */
  properties[PROP_ACCOUNT_NAME] = g_param_spec_string ("account-name", NULL, NULL, NULL, flags);
  /**
   * AcSession:resuming:
   *
   * The current (or last) attempt resumes a remembered session.
   */
  properties[PROP_RESUMING] = g_param_spec_boolean ("resuming", NULL, NULL, FALSE, flags);
  /**
   * AcSession:error:
   *
   * Why the session went back to signed-out by itself, or %NULL.
   */
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AcSession::reauthentication-needed:
   *
   * The session expired, or work is waiting for it after the person gave up signing in
   * again: ask them to (ac_session_reauthenticate_async()).
   */
  signals[REAUTHENTICATION_NEEDED] =
    g_signal_new ("reauthentication-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * AcSession::load-failed:
   * @error: the first failing read
   *
   * The first load of the session ended with a failure other than the expiry (the parts
   * that could be read are there).
   */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ac_session_init (AcSession *self)
{
  g_queue_init (&self->waiters);
}

/* ------------------------------------------------------------------------------------------ */
/* Getters                                                                                    */

/**
 * ac_session_new:
 *
 * Returns: (transfer full): a signed-out session
 */
AcSession *
ac_session_new (void)
{
  return g_object_new (AC_TYPE_SESSION, NULL);
}

AcSessionState
ac_session_get_state (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), AC_SESSION_STATE_SIGNED_OUT);
  return self->state;
}

/**
 * ac_session_get_client:
 *
 * Returns: (transfer none) (nullable): the client of the open session
 */
AcClient *
ac_session_get_client (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->client;
}

/**
 * ac_session_get_account:
 *
 * Returns: (transfer none) (nullable): the account of the open session
 */
AcAccount *
ac_session_get_account (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->account;
}

gboolean
ac_session_get_remember (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  return self->remember;
}

const char *
ac_session_get_account_name (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->account_name;
}

gboolean
ac_session_get_resuming (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  return self->resuming;
}

const GError *
ac_session_get_error (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->error;
}

/**
 * ac_session_get_pending_client:
 *
 * Returns: (transfer none) (nullable): in mfa-required, the client that waits for the second
 *   factor
 */
AcClient *
ac_session_get_pending_client (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->state == AC_SESSION_STATE_MFA_REQUIRED ? self->pending_client : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Attempts (ac-session-sign-in.c, ac-session-expiry.c)                                      */

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt->account_name);
  g_free (attempt->user_id);
  g_free (attempt);
}

GTask *
_ac_session_attempt_task_new (AcSession           *self,
                  gpointer             source_tag,
                  const char          *account_name,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Attempt *attempt = g_new0 (Attempt, 1);

  g_task_set_source_tag (task, source_tag);
  attempt->attempt = self->attempt;
  attempt->account_name = g_strdup (account_name);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);
  return task;
}

/* ------------------------------------------------------------------------------------------ */
/* Ending                                                                                     */

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  /* The session is already gone here; the server side is best effort. */
  g_autoptr(GError) error = NULL;

  if (!ac_client_sign_out_finish (AC_CLIENT (object), result, &error))
    g_debug ("Signing out at the server failed: %s", error->message);
}

static void
end_session (AcSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  _ac_session_drop_attempt (self);
  _ac_session_wipe (self);
  _ac_session_set_error (self, NULL);
  _ac_session_set_resuming (self, FALSE);
  _ac_session_set_remember (self, FALSE);
  _ac_session_set_state (self, AC_SESSION_STATE_SIGNED_OUT);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ac_session_sign_out (AcSession *self)
{
  g_return_if_fail (AC_IS_SESSION (self));

  /* The request takes the token now; the client lives on until the server answered. */
  if (self->client != NULL && ac_client_get_signed_in (self->client))
    ac_client_sign_out_async (self->client, NULL, signed_out_cb, NULL);

  end_session (self);
}

void
ac_session_close (AcSession *self)
{
  g_return_if_fail (AC_IS_SESSION (self));

  end_session (self);
}

static void
account_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ac_client_delete_account_finish (AC_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (AC_CLIENT (object) == self->client)
    {
      g_object_freeze_notify (G_OBJECT (self));
      end_session (self);
      _ac_session_set_account_name (self, NULL);
      g_object_thaw_notify (G_OBJECT (self));
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * ac_session_delete_account_async:
 * @self: a #AcSession
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * On success the session ends (signed-out) and the account name is forgotten.
 */
void
ac_session_delete_account_async (AcSession           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_delete_account_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      g_object_unref (task);
      return;
    }

  ac_client_delete_account_async (self->client, cancellable, account_deleted_cb, task);
}

gboolean
ac_session_delete_account_finish (AcSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (AC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
deleted_with_code_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ac_client_delete_account_with_code_finish (AC_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (AC_CLIENT (object) == self->client)
    {
      g_object_freeze_notify (G_OBJECT (self));
      end_session (self);
      _ac_session_set_account_name (self, NULL);
      g_object_thaw_notify (G_OBJECT (self));
    }
  g_task_return_boolean (task, TRUE);
}

static void
password_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ac_client_check_password_finish (AC_CLIENT (object), result, &error))
    {
      if (error == NULL)
        error = g_error_new (AC_ERROR, AC_ERROR_WRONG_PASSWORD, "%s", _("Wrong password"));
      g_task_return_error (task, error);
      return;
    }
  if (self->client != AC_CLIENT (object))
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      return;
    }
  ac_client_delete_account_async (self->client, g_task_get_cancellable (task),
                                  account_deleted_cb, g_object_ref (task));
}

/**
 * ac_session_delete_account_confirmed_async:
 * @self: a #AcSession
 * @password: (nullable): the account's password, checked before deleting
 * @channel: where @code was sent, when there is no @password
 * @code: (nullable): the code sent to the bound phone or e-mail address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes only once the person proved it is them (protocol-security.md §8).
 */
void
ac_session_delete_account_confirmed_async (AcSession           *self,
                                           const char          *password,
                                           AcCodeChannel        channel,
                                           const char          *code,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_delete_account_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s", _("Not signed in"));
      g_object_unref (task);
      return;
    }

  if (password != NULL && *password != '\0')
    ac_client_check_password_async (self->client, password, cancellable, password_checked_cb, task);
  else if (code != NULL && *code != '\0')
    ac_client_delete_account_with_code_async (self->client, channel, code, cancellable,
                                              deleted_with_code_cb, task);
  else
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s",
                               _("Enter your password or the code you received"));
      g_object_unref (task);
    }
}
