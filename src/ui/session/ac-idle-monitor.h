/* ac-idle-monitor.h: notices when nobody has touched the app for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The countdown shown before the idle sign-out, in seconds. */
#define AC_IDLE_MONITOR_DEFAULT_WARNING 30

#define AC_TYPE_IDLE_MONITOR (ac_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (AcIdleMonitor, ac_idle_monitor, AC, IDLE_MONITOR, GObject)

/* Watches the input (keys, pointer motion and buttons, scrolling, touch) of every toplevel
 * window of the process, including dialogs opened later. It counts on the monotonic clock
 * while active and the timeout is not 0. In the last warning seconds "countdown" says how
 * many are left (0 otherwise); when the time is up it emits "idle" once and deactivates. */
AcIdleMonitor *ac_idle_monitor_new           (void);

guint          ac_idle_monitor_get_timeout   (AcIdleMonitor *self);
/* Seconds without input before "idle" (0: never); a new value counts from now. */
void           ac_idle_monitor_set_timeout   (AcIdleMonitor *self,
                                              guint          seconds);
guint          ac_idle_monitor_get_warning   (AcIdleMonitor *self);
void           ac_idle_monitor_set_warning   (AcIdleMonitor *self,
                                              guint          seconds);
gboolean       ac_idle_monitor_get_active    (AcIdleMonitor *self);
/* Activating starts counting from now. */
void           ac_idle_monitor_set_active    (AcIdleMonitor *self,
                                              gboolean       active);
/* Seconds left before "idle" while in the warning period, else 0. */
guint          ac_idle_monitor_get_countdown (AcIdleMonitor *self);
/* Counts as input: starts over. */
void           ac_idle_monitor_reset         (AcIdleMonitor *self);

G_END_DECLS
