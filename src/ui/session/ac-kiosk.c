/* ac-kiosk.c: kiosk mode (fullscreen, no quitting) and the idle sign-out
 *
 * What the administrator's settings lock or forbid is applied where it shows: the window and
 * the pages bind to AcPolicy. What is left here acts on the whole app: keeping the window
 * fullscreen and open, no Quit, and signing the session out when nobody uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "ac-kiosk"

#include "ac-kiosk.h"

struct _AcKiosk
{
  GObject        parent_instance;

  AcSession     *session;
  AcPolicy      *policy;
  AcIdleMonitor *idle;
  GtkWindow     *window;        /* weak */
};

G_DEFINE_FINAL_TYPE (AcKiosk, ac_kiosk, G_TYPE_OBJECT)

static gboolean
session_open (AcKiosk *self)
{
  AcSessionState state = ac_session_get_state (self->session);

  return state == AC_SESSION_STATE_LOADING || state == AC_SESSION_STATE_READY ||
         state == AC_SESSION_STATE_EXPIRED;
}

/* Idle sign-out */

static void
apply_idle_policy (AcKiosk *self)
{
  guint timeout = ac_policy_get_idle_sign_out (self->policy);

  ac_idle_monitor_set_timeout (self->idle, timeout);
  ac_idle_monitor_set_active (self->idle, session_open (self) && timeout > 0);
}

static void
idle_cb (AcKiosk *self)
{
  if (!session_open (self))
    return;

  g_debug ("Signing out after %u idle seconds", ac_idle_monitor_get_timeout (self->idle));
  ac_session_sign_out (self->session);
}

/* Kiosk mode */

static gboolean
close_request_cb (AcKiosk   *self,
                  GtkWindow *window)
{
  g_debug ("Kiosk mode: the window stays open");
  return TRUE;
}

static gboolean
refullscreen_cb (gpointer user_data)
{
  AcKiosk *self = user_data;

  if (self->window != NULL && !gtk_window_is_fullscreen (self->window))
    gtk_window_fullscreen (self->window);
  return G_SOURCE_REMOVE;
}

static void
fullscreened_cb (AcKiosk *self)
{
  if (self->window != NULL && !gtk_window_is_fullscreen (self->window))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refullscreen_cb, g_object_ref (self), g_object_unref);
}

static void
lock_window (AcKiosk *self)
{
  GtkApplication *app = gtk_window_get_application (self->window);
  static const char *no_accels[] = { NULL };

  gtk_window_set_deletable (self->window, FALSE);
  gtk_window_fullscreen (self->window);
  g_signal_connect_object (self->window, "notify::fullscreened", G_CALLBACK (fullscreened_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window, "close-request", G_CALLBACK (close_request_cb), self,
                           G_CONNECT_SWAPPED);

  if (app != NULL)
    {
      GAction *quit = g_action_map_lookup_action (G_ACTION_MAP (app), "quit");

      if (G_IS_SIMPLE_ACTION (quit))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (quit), FALSE);
      gtk_application_set_accels_for_action (app, "app.quit", no_accels);
    }
}

/* GObject */

static void
ac_kiosk_dispose (GObject *object)
{
  AcKiosk *self = AC_KIOSK (object);

  ac_kiosk_set_window (self, NULL);
  if (self->idle != NULL)
    g_signal_handlers_disconnect_by_data (self->idle, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->idle);
  g_clear_object (&self->session);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (ac_kiosk_parent_class)->dispose (object);
}

static void
ac_kiosk_class_init (AcKioskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_kiosk_dispose;
}

static void
ac_kiosk_init (AcKiosk *self)
{
}

/**
 * ac_kiosk_new:
 * @session: the application's session
 * @policy: the administrator's policy (kiosk, idle-sign-out)
 *
 * Returns: (transfer full): the kiosk controller
 */
AcKiosk *
ac_kiosk_new (AcSession *session,
              AcPolicy  *policy)
{
  AcKiosk *self;

  g_return_val_if_fail (AC_IS_SESSION (session), NULL);
  g_return_val_if_fail (AC_IS_POLICY (policy), NULL);

  self = g_object_new (AC_TYPE_KIOSK, NULL);
  self->session = g_object_ref (session);
  self->policy = g_object_ref (policy);
  self->idle = ac_idle_monitor_new ();

  g_signal_connect_object (self->idle, "idle", G_CALLBACK (idle_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (apply_idle_policy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (policy, "notify::idle-sign-out", G_CALLBACK (apply_idle_policy), self,
                           G_CONNECT_SWAPPED);
  apply_idle_policy (self);

  return self;
}

void
ac_kiosk_set_window (AcKiosk   *self,
                     GtkWindow *window)
{
  g_return_if_fail (AC_IS_KIOSK (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  if (self->window == window)
    return;

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_set_weak_pointer (&self->window, window);

  if (window != NULL && ac_policy_get_kiosk (self->policy))
    lock_window (self);
}

gboolean
ac_kiosk_get_enabled (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), FALSE);
  return ac_policy_get_kiosk (self->policy);
}

AcIdleMonitor *
ac_kiosk_get_idle_monitor (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), NULL);
  return self->idle;
}
