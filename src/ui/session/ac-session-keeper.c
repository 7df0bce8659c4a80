/* ac-session-keeper.c: remembers a window's session in the keyring and restores it at start
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

#include "ac-account-center.h"
#include "ac-session-keeper.h"

#define KEEPER_DATA_KEY "ac-session-keeper"

struct _AcSessionKeeper
{
  GObject         parent_instance;

  AcWindow       *window;          /* weak: the window owns us */
  GSettings      *settings;
  AcSessionStore *store;
  GCancellable   *cancellable;

  AcClient       *client;          /* the signed-in client whose token is watched */
  AcClient       *restore_client;  /* the client being checked at start */
  char           *saved_hash;      /* SHA-256 of the token last stored */

  gboolean        kiosk;
  gboolean        demo;
  gboolean        remember;        /* the current session is to be remembered */
  gboolean        window_remember; /* the window asked for it (not in demo mode, ...) */
  gboolean        available;
  gboolean        told;            /* the person was told about a keyring problem */
  gboolean        restoring;
  guint           pending;
};

G_DEFINE_FINAL_TYPE (AcSessionKeeper, ac_session_keeper, G_TYPE_OBJECT)

static gboolean
remember_allowed (AcSessionKeeper *self)
{
  return !self->kiosk && !self->demo &&
         (self->settings == NULL || g_settings_get_boolean (self->settings, "remember-session"));
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

  if (self->told || self->window == NULL)
    return;
  self->told = TRUE;

  if (ac_session_store_error_is_unavailable (error))
    ac_window_add_toast (self->window,
                         _("No keyring is available: you will have to sign in again next time"));
  else
    {
      /* Translators: %s is the reason given by the keyring */
      g_autofree char *message = g_strdup_printf (_("Your session could not be kept in the keyring: %s"),
                                                  error->message);
      ac_window_add_toast (self->window, message);
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
  /* Not cancelled with the window: the secret must go even when the app closes now. */
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
  const char *token, *account = NULL;
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
  if (self->window != NULL)
    account = ac_sign_in_page_get_account (ac_window_get_sign_in_page (self->window));
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

/* Window signals */

static void
signed_in_cb (AcSessionKeeper *self,
              gboolean         remember)
{
  if (self->window == NULL)
    return;

  watch_client (self, ac_window_get_client (self->window));
  self->window_remember = remember;
  self->remember = remember && remember_allowed (self);
  save_current (self);
}

static void
signed_out_cb (AcSessionKeeper *self)
{
  watch_client (self, NULL);
  self->remember = FALSE;
  self->window_remember = FALSE;
  if (!self->kiosk)
    clear_stored (self);
}

static void
settings_changed_cb (AcSessionKeeper *self,
                     const char      *key)
{
  if (g_strcmp0 (key, "remember-session") != 0)
    return;

  if (remember_allowed (self))
    {
      /* Turned back on: remember the current session from now on. */
      if (self->client != NULL && self->window_remember)
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

static void
restore_finished (AcSessionKeeper *self,
                  const char      *message)
{
  self->restoring = FALSE;
  g_clear_object (&self->restore_client);

  if (self->window != NULL &&
      g_strcmp0 (ac_window_get_state (self->window), "loading") == 0 &&
      ac_window_get_client (self->window) == NULL)
    ac_window_show_sign_in (self->window, message);
}

static gboolean
session_is_dead (const GError *error)
{
  return g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) ||
         g_error_matches (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcSessionKeeper *self = user_data;
  AcClient *client = AC_CLIENT (object);
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  user = ac_client_get_current_user_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user == NULL)
    {
      g_autofree char *message = NULL;

      if (session_is_dead (error))
        {
          g_debug ("The remembered session has ended");
          clear_stored (self);
          message = g_strdup (_("Your session has ended. Sign in again."));
        }
      else
        {
          /* The server could not say: keep the session for the next start. */
          message = ac_describe_error (error);
        }
      restore_finished (self, message);
      return;
    }

  g_debug ("The remembered session is alive");
  self->restoring = FALSE;
  g_clear_object (&self->restore_client);
  if (self->window != NULL && ac_window_get_client (self->window) == NULL)
    ac_window_resume_session (self->window, client);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AcSessionKeeper *self = user_data;
  g_autoptr(AcStoredSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *stored_host = NULL;
  g_autoptr(GDateTime) now = NULL;
  AcSignInPage *page;
  const char *app_id;

  session = ac_session_store_load_finish (AC_SESSION_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pending--;

  if (self->window == NULL)
    return;

  if (session == NULL)
    {
      if (error != NULL)
        {
          g_debug ("No session restored: %s", error->message);
          if (ac_session_store_error_is_unavailable (error))
            self->available = FALSE;
          else if (g_error_matches (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID))
            clear_stored (self);
        }
      restore_finished (self, NULL);
      return;
    }

  page = ac_window_get_sign_in_page (self->window);
  host = normalize_host (ac_sign_in_page_get_host (page));
  stored_host = normalize_host (session->host);
  app_id = ac_sign_in_page_get_app_id (page);

  /* A session of another server or application (chosen on the command line) is not used,
   * nor removed. */
  if (g_strcmp0 (host, stored_host) != 0 || g_strcmp0 (app_id ? app_id : "", session->app_id) != 0)
    {
      g_debug ("The remembered session belongs to another server or application");
      restore_finished (self, NULL);
      return;
    }

  if (session->account != NULL && *session->account != '\0')
    ac_sign_in_page_set_account (page, session->account);

  now = g_date_time_new_now_utc ();
  if (session->expires_at != NULL && g_date_time_compare (session->expires_at, now) <= 0)
    {
      g_debug ("The remembered session has expired");
      clear_stored (self);
      restore_finished (self, _("Your session has ended. Sign in again."));
      return;
    }

  self->saved_hash = hash_token (session->token);
  self->restore_client = ac_client_new (session->host, session->app_id);
  ac_client_set_session (self->restore_client, session->token, session->expires_at);
  ac_client_get_current_user_async (self->restore_client, self->cancellable, verified_cb, self);
}

static void
restore (AcSessionKeeper *self)
{
  if (self->kiosk || self->demo)
    return;

  if (!remember_allowed (self))
    {
      /* The administrator (or the person) turned it off: nothing may stay stored. */
      clear_stored (self);
      return;
    }

  self->restoring = TRUE;
  self->pending++;
  ac_window_show_busy (self->window, _("Restoring Your Session…"));
  ac_session_store_load_async (self->store, NULL, NULL, self->cancellable, loaded_cb, self);
}

/* GObject */

static void
ac_session_keeper_dispose (GObject *object)
{
  AcSessionKeeper *self = AC_SESSION_KEEPER (object);

  g_cancellable_cancel (self->cancellable);
  watch_client (self, NULL);
  g_clear_object (&self->restore_client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (ac_session_keeper_parent_class)->dispose (object);
}

static void
ac_session_keeper_finalize (GObject *object)
{
  AcSessionKeeper *self = AC_SESSION_KEEPER (object);

  g_free (self->saved_hash);

  G_OBJECT_CLASS (ac_session_keeper_parent_class)->finalize (object);
}

static void
ac_session_keeper_class_init (AcSessionKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_session_keeper_dispose;
  object_class->finalize = ac_session_keeper_finalize;
}

static void
ac_session_keeper_init (AcSessionKeeper *self)
{
  self->available = TRUE;
  self->cancellable = g_cancellable_new ();
  self->store = ac_session_store_new ();
}

static void
window_destroyed_cb (GtkWidget *window)
{
  g_object_set_data (G_OBJECT (window), KEEPER_DATA_KEY, NULL);
}

AcSessionKeeper *
ac_session_keeper_attach (AcWindow *window)
{
  AcSessionKeeper *self;
  GtkApplication *app;

  g_return_val_if_fail (AC_IS_WINDOW (window), NULL);

  self = ac_session_keeper_get_for_window (window);
  if (self != NULL)
    return self;

  self = g_object_new (AC_TYPE_SESSION_KEEPER, NULL);
  g_set_weak_pointer (&self->window, window);
  g_object_set_data_full (G_OBJECT (window), KEEPER_DATA_KEY, self, g_object_unref);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroyed_cb), NULL);

  app = gtk_window_get_application (GTK_WINDOW (window));
  if (AC_IS_ACCOUNT_CENTER (app))
    {
      self->settings = g_object_ref (ac_account_center_get_settings (AC_ACCOUNT_CENTER (app)));
      self->kiosk = ac_account_center_get_kiosk (AC_ACCOUNT_CENTER (app));
      self->demo = ac_account_center_get_demo (AC_ACCOUNT_CENTER (app));
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (window, "signed-in", G_CALLBACK (signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "signed-out", G_CALLBACK (signed_out_cb), self, G_CONNECT_SWAPPED);

  if (ac_window_get_client (window) == NULL)
    restore (self);

  return self;
}

AcSessionKeeper *
ac_session_keeper_get_for_window (AcWindow *window)
{
  g_return_val_if_fail (AC_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), KEEPER_DATA_KEY);
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
