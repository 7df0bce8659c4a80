/* ac-policy.h: the administrator's keys and their locks, as read-only properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AC_TYPE_POLICY (ac_policy_get_type ())

G_DECLARE_FINAL_TYPE (AcPolicy, ac_policy, AC, POLICY, GObject)

/* Reads the application's GSettings (values and locks, e.g. from a dconf system database)
 * and notifies each property when the administrator changes a value or a lock while the app
 * runs. Without settings everything is allowed and nothing is locked. Pages and actions bind
 * to the properties; nothing reaches into widgets. */
AcPolicy    *ac_policy_new                    (GSettings *settings);
GSettings   *ac_policy_get_settings           (AcPolicy  *self);

/* Kiosk mode: the "kiosk" key or --kiosk. */
gboolean     ac_policy_get_kiosk              (AcPolicy  *self);
/* --kiosk on the command line: kiosk mode whatever the key says. */
void         ac_policy_set_kiosk_requested    (AcPolicy  *self,
                                               gboolean   requested);
/* The sign-in page shows no host or app id: kiosk mode, or either key locked. */
gboolean     ac_policy_get_server_locked      (AcPolicy  *self);
/* The administrator's host or app id when that key is locked (it wins over the command
 * line), else NULL. */
const char  *ac_policy_get_locked_host        (AcPolicy  *self);
const char  *ac_policy_get_locked_app_id      (AcPolicy  *self);
gboolean     ac_policy_get_can_edit_profile   (AcPolicy  *self);
gboolean     ac_policy_get_can_change_avatar  (AcPolicy  *self);
gboolean     ac_policy_get_can_delete_account (AcPolicy  *self);
/* Seconds without input before signing out; 0: never. */
guint        ac_policy_get_idle_sign_out      (AcPolicy  *self);
/* Sessions may be kept in the keyring: remember-session, and not in kiosk mode. */
gboolean     ac_policy_get_remember_session   (AcPolicy  *self);
/* "Sign In with Browser" is offered: outside kiosk mode, or kiosk-browser-sign-in. */
gboolean     ac_policy_get_can_browser_sign_in (AcPolicy *self);

G_END_DECLS
