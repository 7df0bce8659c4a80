/* ac-kiosk.h: kiosk mode (fullscreen, no quitting) and the idle sign-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-idle-monitor.h"
#include "ac-policy.h"
#include "ac-session.h"

G_BEGIN_DECLS

#define AC_TYPE_KIOSK (ac_kiosk_get_type ())

G_DECLARE_FINAL_TYPE (AcKiosk, ac_kiosk, AC, KIOSK, GObject)

/* Observes session and policy (never a window's state):
 *   - idle-sign-out: the session is signed out after that many seconds without input while
 *     it is open; the monitor's countdown says how long is left (the window shows it);
 *   - kiosk: the window it is given stays fullscreen and cannot be closed, and the app
 *     cannot be quit. */
AcKiosk       *ac_kiosk_new              (AcSession *session,
                                          AcPolicy  *policy);
/* The window to keep fullscreen in kiosk mode (NULL lets it go). */
void           ac_kiosk_set_window       (AcKiosk   *self,
                                          GtkWindow *window);
gboolean       ac_kiosk_get_enabled      (AcKiosk   *self);
AcIdleMonitor *ac_kiosk_get_idle_monitor (AcKiosk   *self);

G_END_DECLS
