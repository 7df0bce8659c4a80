/* ac-session-keeper.c: keeps the session in the keyring and resumes it at start
 *
 * The token only ever goes to AcSessionStore (the Secret Service); what the keeper keeps to
 * avoid storing the same token twice is a SHA-256 of it, never the token itself. Nothing
 * here logs a token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "ac-session-keeper"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "ac-session-keeper.h"

struct _AcSessionKeeper
{
  GObject         parent_instance;

  AcSession      *session;
  AcPolicy       *policy;
  AcSessionStore *store;
  GCancellable   *cancellable;

  AcClient       *client;          /* the open session's client, whose token is watched */
  char           *saved_hash;      /* SHA-256 of the token last stored */
  char           *restore_host;    /* what the app is set up for */
  char           *restore_app_id;
  AcSessionState  state;           /* the session's state as last seen */

  gboolean        demo;
  gboolean        remember;        /* the current session is to be remembered */
  gboolean        available;
  gboolean        told;            /* the person was told about a keyring problem */
  gboolean        restoring;
  guint           pending;
  /* The keyring is asked only after the window's first frame: the window it waits for, the
   * frame clock it listens to and the idle that then starts the lookup */
  GtkWidget      *first_frame_window;
  GdkFrameClock  *first_frame_clock;
  guint           lookup_id;
};

G_DEFINE_FINAL_TYPE (AcSessionKeeper, ac_session_keeper, G_TYPE_OBJECT)

enum {
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
remember_allowed (AcSessionKeeper *self)
{
  /* The policy's remember-session is never on in kiosk mode. */
  return !self->demo && ac_policy_get_remember_session (self->policy);
}

static gboolean
is_open (AcSessionState state)
{
  return state == AC_SESSION_STATE_LOADING ||
         state == AC_SESSION_STATE_READY ||
         state == AC_SESSION_STATE_EXPIRED;
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static char *
normalize_host (const char *host)
{
  char *copy = g_strstrip (g_strdup (host ? host : ""));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

/* Tells the person once that the session cannot be kept. */
static void
report_store_error (AcSessionKeeper *self,
                    const GError    *error)
{
  if (ac_session_store_error_is_unavailable (error))
    self->available = FALSE;

  g_debug ("Keyring: %s", error->message);

  if (self->told)
    return;
  self->told = TRUE;

  if (ac_session_store_error_is_unavailable (error))
    g_signal_emit (self, signals[NOTICE], 0,
                   _("No keyring is available: you will have to sign in again next time"));
  else
    {
      /* Translators: %s is the reason given by the keyring */
      g_autofree char *message = g_strdup_printf (_("Your session could not be kept in the keyring: %s"),
                                                  error->message);
      g_signal_emit (self, signals[NOTICE], 0, message);
    }
}

static void
operation_done (AcSessionKeeper *self)
{
  g_assert (self->pending > 0);
  self->pending--;
}

/* Clearing */

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AcSessionKeeper) self = user_data;
  g_autoptr(GError) error = NULL;

  operation_done (self);
  if (!ac_session_store_clear_finish (AC_SESSION_STORE (object), result, &error))
    {
      if (ac_session_store_error_is_unavailable (error))
        self->available = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not remove the stored session: %s", error->message);
    }
}

static void
clear_stored (AcSessionKeeper *self)
{
  g_clear_pointer (&self->saved_hash, g_free);
  if (!self->available)
    return;

  self->pending++;
  /* Not cancelled with the keeper: the secret must go even when the app closes now. */
  ac_session_store_clear_async (self->store, NULL, cleared_cb, g_object_ref (self));
}

/* Saving */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AcSessionKeeper) self = user_data;
  g_autoptr(GError) error = NULL;

  operation_done (self);
  if (!ac_session_store_save_finish (AC_SESSION_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_pointer (&self->saved_hash, g_free);
      report_store_error (self, error);
      return;
    }

  /* Signed out (or stopped remembering) while it was being stored: take it back. */
  if (self->client == NULL || !self->remember)
    clear_stored (self);
}

static void
save_current (AcSessionKeeper *self)
{
  g_autoptr(AcStoredSession) session = NULL;
  g_autofree char *hash = NULL;
  const char *token, *account;
  AcUserInfo *user;

  if (self->client == NULL || !self->remember || !remember_allowed (self))
    return;

  if (!self->available)
    {
      /* Found out at start, said now: when it matters. */
      g_autoptr(GError) error = g_error_new_literal (AC_SESSION_STORE_ERROR,
                                                     AC_SESSION_STORE_ERROR_UNAVAILABLE,
                                                     "no Secret Service");
      report_store_error (self, error);
      return;
    }

  token = ac_client_get_token (self->client);
  if (token == NULL || *token == '\0')
    return;

  hash = hash_token (token);
  if (g_strcmp0 (hash, self->saved_hash) == 0)
    return;

  user = ac_client_get_user (self->client);
  account = ac_session_get_account_name (self->session);
  if ((account == NULL || *account == '\0') && user != NULL)
    account = ac_user_info_get_username (user);
  if ((account == NULL || *account == '\0') && user != NULL)
    account = ac_user_info_get_email (user);

  session = ac_stored_session_new (ac_client_get_host (self->client),
                                   ac_client_get_app_id (self->client),
                                   user ? ac_user_info_get_id (user) : NULL,
                                   account, token,
                                   ac_client_get_token_expires_at (self->client));

  g_free (self->saved_hash);
  self->saved_hash = g_steal_pointer (&hash);
  self->pending++;
  ac_session_store_save_async (self->store, session, self->cancellable, saved_cb,
                               g_object_ref (self));
}

static void
token_changed_cb (AcSessionKeeper *self)
{
  /* Refreshed ahead of its expiry, or signed in again after it expired. */
  save_current (self);
}

static void
watch_client (AcSessionKeeper *self,
              AcClient        *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::token", G_CALLBACK (token_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

/* The session and the policy */

static void
session_state_changed_cb (AcSessionKeeper *self)
{
  AcSessionState state = ac_session_get_state (self->session);
  AcSessionState previous = self->state;

  self->state = state;

  if (is_open (state) && !is_open (previous))
    {
      /* A session opened: a sign-in, or a resumed one. */
      watch_client (self, ac_session_get_client (self->session));
      self->remember = ac_session_get_remember (self->session) && remember_allowed (self);
      save_current (self);
    }
  else if (!is_open (state) && is_open (previous))
    {
      /* Signed out or the account deleted: nothing may stay stored. */
      watch_client (self, NULL);
      self->remember = FALSE;
      if (!ac_policy_get_kiosk (self->policy))
        clear_stored (self);
    }
}

static void
remember_session_changed_cb (AcSessionKeeper *self)
{
  if (remember_allowed (self))
    {
      /* Turned back on: remember the current session from now on. */
      if (self->client != NULL && ac_session_get_remember (self->session))
        {
          self->remember = TRUE;
          save_current (self);
        }
    }
  else
    {
      self->remember = FALSE;
      clear_stored (self);
    }
}

/* Restoring */

static gboolean
session_is_dead (const GError *error)
{
  return g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) ||
         g_error_matches (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AcSessionKeeper) self = user_data;
  g_autoptr(GError) error = NULL;

  self->restoring = FALSE;
  if (ac_session_resume_finish (AC_SESSION (object), result, &error))
    {
      g_debug ("The remembered session is alive");
      return;
    }

  if (session_is_dead (error))
    {
      g_debug ("The remembered session has ended");
      clear_stored (self);
    }
  /* Otherwise the server could not say: the session is kept for the next start. */
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AcSessionKeeper) self = user_data;
  g_autoptr(AcStoredSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *stored_host = NULL;
  const char *app_id;

  stored = ac_session_store_load_finish (AC_SESSION_STORE (object), result, &error);
  operation_done (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->restoring = FALSE;
      return;
    }

  if (stored == NULL)
    {
      if (error != NULL)
        {
          g_debug ("No session restored: %s", error->message);
          if (ac_session_store_error_is_unavailable (error))
            self->available = FALSE;
          else if (g_error_matches (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID))
            clear_stored (self);
        }
      self->restoring = FALSE;
      ac_session_cancel_resume (self->session, NULL, NULL);
      return;
    }

  host = normalize_host (self->restore_host);
  stored_host = normalize_host (stored->host);
  app_id = self->restore_app_id;

  /* A session of another server or application (chosen on the command line) is not used,
   * nor removed. */
  if (g_strcmp0 (host, stored_host) != 0 || g_strcmp0 (app_id ? app_id : "", stored->app_id) != 0)
    {
      g_debug ("The remembered session belongs to another server or application");
      self->restoring = FALSE;
      ac_session_cancel_resume (self->session, NULL, NULL);
      return;
    }

  /* The person may have signed in while the keyring answered: that session stays. */
  if (ac_session_get_state (self->session) != AC_SESSION_STATE_SIGNED_OUT)
    {
      g_debug ("Signed in meanwhile: the remembered session is not resumed");
      self->restoring = FALSE;
      return;
    }

  self->saved_hash = hash_token (stored->token);
  ac_session_expect_resume (self->session);
  ac_session_resume_async (self->session, stored, self->cancellable, resumed_cb, g_object_ref (self));
}

static gboolean
lookup_cb (gpointer user_data)
{
  AcSessionKeeper *self = user_data;

  self->lookup_id = 0;
  ac_session_store_load_async (self->store, NULL, NULL, self->cancellable, loaded_cb,
                               g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void stop_waiting_for_first_frame (AcSessionKeeper *self);

static void
after_first_frame_cb (GdkFrameClock   *clock,
                      AcSessionKeeper *self)
{
  stop_waiting_for_first_frame (self);
  if (self->lookup_id == 0)
    self->lookup_id = g_idle_add (lookup_cb, self);
}

static void
first_frame_window_mapped_cb (GtkWidget       *window,
                              AcSessionKeeper *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, first_frame_window_mapped_cb, self);
  if (clock == NULL)
    {
      after_first_frame_cb (NULL, self);
      return;
    }
  self->first_frame_clock = g_object_ref (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_first_frame_cb), self);
}

static void
stop_waiting_for_first_frame (AcSessionKeeper *self)
{
  if (self->first_frame_window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->first_frame_window, first_frame_window_mapped_cb, self);
      g_clear_object (&self->first_frame_window);
    }
  if (self->first_frame_clock != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->first_frame_clock, after_first_frame_cb, self);
      g_clear_object (&self->first_frame_clock);
    }
}

/* Asks the keyring once the app's window has drawn its first frame (the keyring's first answer
 * can take most of a second: the sign-in page is shown and usable meanwhile), or at once when
 * there is no window. */
static void
start_lookup_after_first_frame (AcSessionKeeper *self)
{
  g_autoptr(GtkWidget) window = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (g_list_model_get_n_items (toplevels) > 0)
    window = g_list_model_get_item (toplevels, 0);

  stop_waiting_for_first_frame (self);
  if (window == NULL)
    {
      self->lookup_id = g_idle_add (lookup_cb, self);
      return;
    }
  if (gtk_widget_get_mapped (window))
    {
      first_frame_window_mapped_cb (window, self);
      return;
    }
  self->first_frame_window = g_object_ref (window);
  g_signal_connect (window, "map", G_CALLBACK (first_frame_window_mapped_cb), self);
}

/**
 * ac_session_keeper_restore:
 * @self: a #AcSessionKeeper
 * @host: the host the app is set up for
 * @app_id: the application ID the app is set up for
 *
 * Resumes the session kept for @host and @app_id, if any. The keyring is asked once the
 * app's window has drawn its first frame; the session is told it is resuming one
 * (ac_session_expect_resume()) only when one is found, and only if nobody signed in
 * meanwhile.
 */
void
ac_session_keeper_restore (AcSessionKeeper *self,
                           const char      *host,
                           const char      *app_id)
{
  g_return_if_fail (AC_IS_SESSION_KEEPER (self));

  if (ac_policy_get_kiosk (self->policy) || self->demo)
    return;

  if (!remember_allowed (self))
    {
      /* The administrator (or the person) turned it off: nothing may stay stored. */
      clear_stored (self);
      return;
    }

  if (ac_session_get_state (self->session) != AC_SESSION_STATE_SIGNED_OUT)
    return;

  g_free (self->restore_host);
  self->restore_host = g_strdup (host);
  g_free (self->restore_app_id);
  self->restore_app_id = g_strdup (app_id);
  self->restoring = TRUE;
  self->pending++;
  /* Nothing is said to the session before a session is found: the sign-in page stays usable
   * until then, and a session found is resumed only if nobody signed in meanwhile. */
  start_lookup_after_first_frame (self);
}

/* GObject */

static void
ac_session_keeper_dispose (GObject *object)
{
  AcSessionKeeper *self = AC_SESSION_KEEPER (object);

  g_cancellable_cancel (self->cancellable);
  stop_waiting_for_first_frame (self);
  g_clear_handle_id (&self->lookup_id, g_source_remove);
  watch_client (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->policy);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ac_session_keeper_parent_class)->dispose (object);
}

static void
ac_session_keeper_finalize (GObject *object)
{
  AcSessionKeeper *self = AC_SESSION_KEEPER (object);

  g_free (self->saved_hash);
  g_free (self->restore_host);
  g_free (self->restore_app_id);

  G_OBJECT_CLASS (ac_session_keeper_parent_class)->finalize (object);
}

static void
ac_session_keeper_class_init (AcSessionKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_session_keeper_dispose;
  object_class->finalize = ac_session_keeper_finalize;

  /**
   * AcSessionKeeper::notice:
   * @text: what the person should know
   *
   * The session cannot be kept (no keyring, or it refused): said once.
   */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ac_session_keeper_init (AcSessionKeeper *self)
{
  self->available = TRUE;
  self->cancellable = g_cancellable_new ();
  self->store = ac_session_store_new ();
}

/**
 * ac_session_keeper_new:
 * @session: the application's session
 * @policy: the administrator's policy (remember-session, kiosk mode)
 * @demo: the app runs against its demo server (nothing is kept)
 *
 * Returns: (transfer full): a keeper that follows @session
 */
AcSessionKeeper *
ac_session_keeper_new (AcSession *session,
                       AcPolicy  *policy,
                       gboolean   demo)
{
  AcSessionKeeper *self;

  g_return_val_if_fail (AC_IS_SESSION (session), NULL);
  g_return_val_if_fail (AC_IS_POLICY (policy), NULL);

  self = g_object_new (AC_TYPE_SESSION_KEEPER, NULL);
  self->session = g_object_ref (session);
  self->policy = g_object_ref (policy);
  self->demo = demo;
  self->state = ac_session_get_state (session);

  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (policy, "notify::remember-session", G_CALLBACK (remember_session_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (is_open (self->state))
    {
      self->state = AC_SESSION_STATE_SIGNED_OUT;
      session_state_changed_cb (self);
    }

  return self;
}

AcSessionStore *
ac_session_keeper_get_store (AcSessionKeeper *self)
{
  g_return_val_if_fail (AC_IS_SESSION_KEEPER (self), NULL);
  return self->store;
}

guint
ac_session_keeper_get_pending (AcSessionKeeper *self)
{
  g_return_val_if_fail (AC_IS_SESSION_KEEPER (self), 0);
  return self->pending;
}

gboolean
ac_session_keeper_get_restoring (AcSessionKeeper *self)
{
  g_return_val_if_fail (AC_IS_SESSION_KEEPER (self), FALSE);
  return self->restoring;
}

gboolean
ac_session_keeper_get_available (AcSessionKeeper *self)
{
  g_return_val_if_fail (AC_IS_SESSION_KEEPER (self), FALSE);
  return self->available;
}
