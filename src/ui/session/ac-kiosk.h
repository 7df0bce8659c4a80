/* ac-kiosk.h: kiosk mode, idle sign-out and the administrator's settings, applied to a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-idle-monitor.h"
#include "ac-window.h"

G_BEGIN_DECLS

#define AC_TYPE_KIOSK (ac_kiosk_get_type ())

G_DECLARE_FINAL_TYPE (AcKiosk, ac_kiosk, AC, KIOSK, GObject)

/* Applies the application's settings to window, and keeps applying them as they change:
 *   - locked host or app id (or kiosk mode): the server rows are hidden on the sign-in page
 *     and the administrator's values are used, whatever the command line says;
 *   - allow-delete-account, allow-avatar-change, allow-profile-edit: the feature is hidden
 *     or the profile shown read-only;
 *   - idle-sign-out: the person is signed out after that many seconds without input, with a
 *     countdown bar in the last AC_IDLE_MONITOR_DEFAULT_WARNING seconds;
 *   - kiosk: fullscreen, the window cannot be closed, no Quit, nothing of the previous
 *     person left on screen after a sign-out.
 * The window owns the returned object. */
AcKiosk       *ac_kiosk_attach                (AcWindow *window);
AcKiosk       *ac_kiosk_get_for_window        (AcWindow *window);

gboolean       ac_kiosk_get_enabled           (AcKiosk  *self);
AcIdleMonitor *ac_kiosk_get_idle_monitor      (AcKiosk  *self);
/* The countdown bar (a GtkRevealer) and its current text, for tests. */
GtkWidget     *ac_kiosk_get_countdown_bar     (AcKiosk  *self);
const char    *ac_kiosk_get_countdown_text    (AcKiosk  *self);

/* Whether the administrator's settings allow it (the value of the allow-* key). */
gboolean       ac_kiosk_allows                (AcKiosk    *self,
                                               const char *key);

G_END_DECLS
