/* ac-idle-monitor.c: notices when nobody has touched the app for a while
 *
 * A GtkEventControllerLegacy in the capture phase on every toplevel window sees each input
 * event before any widget can consume it, and lets it pass. Time is measured with the
 * monotonic clock, so changing the wall clock neither shortens nor extends a session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "ac-idle-monitor"

#include "ac-idle-monitor.h"

/* How often the countdown is recomputed. */
#define TICK_MS 200

struct _AcIdleMonitor
{
  GObject     parent_instance;

  GListModel *toplevels;      /* borrowed from GTK */
  gulong      toplevels_handler;
  GPtrArray  *controllers;    /* GtkEventController, owned */
  char       *data_key;

  guint       timeout;
  guint       warning;
  gboolean    active;
  gint64      last_input_us;
  guint       countdown;
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (AcIdleMonitor, ac_idle_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  PROP_WARNING,
  PROP_ACTIVE,
  PROP_COUNTDOWN,
  N_PROPS
};

enum {
  IDLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  double x;
  double y;
  gboolean known;
} PointerPosition;

static void
set_countdown (AcIdleMonitor *self,
               guint          countdown)
{
  if (self->countdown == countdown)
    return;

  self->countdown = countdown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
}

static gboolean
tick_cb (gpointer user_data)
{
  AcIdleMonitor *self = user_data;
  gint64 deadline, left_us;
  guint left;

  deadline = self->last_input_us + (gint64) self->timeout * G_USEC_PER_SEC;
  left_us = deadline - g_get_monotonic_time ();

  if (left_us <= 0)
    {
      g_debug ("No input for %u s", self->timeout);
      self->tick_id = 0;
      g_object_ref (self);
      ac_idle_monitor_set_active (self, FALSE);
      g_signal_emit (self, signals[IDLE], 0);
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }

  /* Whole seconds, rounded up: "1 s" is shown until the very end. */
  left = (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  set_countdown (self, left <= self->warning ? left : 0);

  return G_SOURCE_CONTINUE;
}

static void
update_timer (AcIdleMonitor *self)
{
  gboolean want = self->active && self->timeout > 0;

  if (want && self->tick_id == 0)
    {
      self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
      g_source_set_name_by_id (self->tick_id, "[ac] idle monitor");
    }
  else if (!want && self->tick_id != 0)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
    }

  if (!want)
    set_countdown (self, 0);
}

static gboolean
is_input (GtkEventController *controller,
          GdkEvent           *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      return TRUE;

    case GDK_MOTION_NOTIFY:
      {
        /* Only a pointer that really moved: not a motion event repeated for a pointer that
         * stays where it is while the window changes under it. */
        PointerPosition *last = g_object_get_data (G_OBJECT (controller), "ac-pointer-position");
        double x, y;

        if (!gdk_event_get_position (event, &x, &y))
          return TRUE;
        if (last->known && last->x == x && last->y == y)
          return FALSE;
        last->x = x;
        last->y = y;
        last->known = TRUE;
        return TRUE;
      }

    default:
      return FALSE;
    }
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          AcIdleMonitor            *self)
{
  if (is_input (GTK_EVENT_CONTROLLER (controller), event))
    ac_idle_monitor_reset (self);

  return GDK_EVENT_PROPAGATE;
}

static void
watch_window (AcIdleMonitor *self,
              GtkWindow     *window)
{
  GtkEventController *controller;

  if (g_object_get_data (G_OBJECT (window), self->data_key) != NULL)
    return;

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (controller, "ac-idle-monitor");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_object_set_data_full (G_OBJECT (controller), "ac-pointer-position",
                          g_new0 (PointerPosition, 1), g_free);
  g_signal_connect_object (controller, "event", G_CALLBACK (event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), g_object_ref (controller));
  g_ptr_array_add (self->controllers, controller);
  g_object_set_data (G_OBJECT (window), self->data_key, GINT_TO_POINTER (1));
}

static void
watch_toplevels (AcIdleMonitor *self)
{
  guint n = g_list_model_get_n_items (self->toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (self->toplevels, i);

      watch_window (self, window);
    }
}

static void
toplevels_changed_cb (GListModel    *model,
                      guint          position,
                      guint          removed,
                      guint          added,
                      AcIdleMonitor *self)
{
  /* A window that appears (a dialog) is watched from then on. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (model, i);

      watch_window (self, window);
    }
}

static void
ac_idle_monitor_dispose (GObject *object)
{
  AcIdleMonitor *self = AC_IDLE_MONITOR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_signal_handler (&self->toplevels_handler, self->toplevels);

  if (self->controllers != NULL)
    {
      for (guint i = 0; i < self->controllers->len; i++)
        {
          GtkEventController *controller = g_ptr_array_index (self->controllers, i);
          GtkWidget *widget = gtk_event_controller_get_widget (controller);

          if (widget != NULL)
            {
              g_object_set_data (G_OBJECT (widget), self->data_key, NULL);
              gtk_widget_remove_controller (widget, controller);
            }
        }
      g_clear_pointer (&self->controllers, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (ac_idle_monitor_parent_class)->dispose (object);
}

static void
ac_idle_monitor_finalize (GObject *object)
{
  AcIdleMonitor *self = AC_IDLE_MONITOR (object);

  g_free (self->data_key);

  G_OBJECT_CLASS (ac_idle_monitor_parent_class)->finalize (object);
}

static void
ac_idle_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcIdleMonitor *self = AC_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_WARNING:
      g_value_set_uint (value, self->warning);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_idle_monitor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AcIdleMonitor *self = AC_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      ac_idle_monitor_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_WARNING:
      ac_idle_monitor_set_warning (self, g_value_get_uint (value));
      break;
    case PROP_ACTIVE:
      ac_idle_monitor_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_idle_monitor_class_init (AcIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_idle_monitor_dispose;
  object_class->finalize = ac_idle_monitor_finalize;
  object_class->get_property = ac_idle_monitor_get_property;
  object_class->set_property = ac_idle_monitor_set_property;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNING] =
    g_param_spec_uint ("warning", NULL, NULL, 0, G_MAXUINT, AC_IDLE_MONITOR_DEFAULT_WARNING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTDOWN] =
    g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AcIdleMonitor::idle:
   *
   * Nobody touched the app for #AcIdleMonitor:timeout seconds. The monitor is inactive
   * afterwards.
   */
  signals[IDLE] = g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ac_idle_monitor_init (AcIdleMonitor *self)
{
  self->warning = AC_IDLE_MONITOR_DEFAULT_WARNING;
  self->last_input_us = g_get_monotonic_time ();
  self->controllers = g_ptr_array_new_with_free_func (g_object_unref);
  self->data_key = g_strdup_printf ("ac-idle-monitor-%p", (void *) self);

  self->toplevels = gtk_window_get_toplevels ();
  self->toplevels_handler = g_signal_connect (self->toplevels, "items-changed",
                                              G_CALLBACK (toplevels_changed_cb), self);
  watch_toplevels (self);
}

AcIdleMonitor *
ac_idle_monitor_new (void)
{
  return g_object_new (AC_TYPE_IDLE_MONITOR, NULL);
}

guint
ac_idle_monitor_get_timeout (AcIdleMonitor *self)
{
  g_return_val_if_fail (AC_IS_IDLE_MONITOR (self), 0);
  return self->timeout;
}

void
ac_idle_monitor_set_timeout (AcIdleMonitor *self,
                             guint          seconds)
{
  g_return_if_fail (AC_IS_IDLE_MONITOR (self));

  if (self->timeout == seconds)
    return;

  /* A new timeout counts from now. */
  self->timeout = seconds;
  self->last_input_us = g_get_monotonic_time ();
  set_countdown (self, 0);
  update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
ac_idle_monitor_get_warning (AcIdleMonitor *self)
{
  g_return_val_if_fail (AC_IS_IDLE_MONITOR (self), 0);
  return self->warning;
}

void
ac_idle_monitor_set_warning (AcIdleMonitor *self,
                             guint          seconds)
{
  g_return_if_fail (AC_IS_IDLE_MONITOR (self));

  if (self->warning == seconds)
    return;

  self->warning = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

gboolean
ac_idle_monitor_get_active (AcIdleMonitor *self)
{
  g_return_val_if_fail (AC_IS_IDLE_MONITOR (self), FALSE);
  return self->active;
}

void
ac_idle_monitor_set_active (AcIdleMonitor *self,
                            gboolean       active)
{
  g_return_if_fail (AC_IS_IDLE_MONITOR (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  self->last_input_us = g_get_monotonic_time ();
  update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

guint
ac_idle_monitor_get_countdown (AcIdleMonitor *self)
{
  g_return_val_if_fail (AC_IS_IDLE_MONITOR (self), 0);
  return self->countdown;
}

void
ac_idle_monitor_reset (AcIdleMonitor *self)
{
  g_return_if_fail (AC_IS_IDLE_MONITOR (self));

  self->last_input_us = g_get_monotonic_time ();
  set_countdown (self, 0);
}
