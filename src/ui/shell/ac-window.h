/* ac-window.h: the main window: a view of the session, with the sign-in form or the pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account-center.h"
#include "ac-core.h"
#include "ac-idle-monitor.h"
#include "ac-sign-in-page.h"

G_BEGIN_DECLS

#define AC_TYPE_WINDOW (ac_window_get_type ())

G_DECLARE_FINAL_TYPE (AcWindow, ac_window, AC, WINDOW, AdwApplicationWindow)

/* The window shows app's session and follows app's policy. Without an app (tests), it has
 * a session of its own and allows everything. Properties: "session", "policy" (construct
 * only), "idle-monitor" (the countdown bar follows it). */
AcWindow     *ac_window_new                (AcAccountCenter *app);
AcSession    *ac_window_get_session        (AcWindow        *self);
AcPolicy     *ac_window_get_policy         (AcWindow        *self);
void          ac_window_set_idle_monitor   (AcWindow        *self,
                                            AcIdleMonitor   *monitor);

AcSignInPage *ac_window_get_sign_in_page   (AcWindow        *self);
/* The page widget (an AcPage) of the sidebar entry NAME ("profile", "custom-fields",
 * "security", "applications", "organizations", "roles", "resources"), or NULL when signed
 * out. */
GtkWidget    *ac_window_get_page           (AcWindow        *self,
                                            const char      *name);
void          ac_window_show_page          (AcWindow        *self,
                                            const char      *name);
/* What the window shows: "sign-in", "loading" (a busy page, or the account's view while
 * the account is read for the first time, each page showing its own progress) or "account"
 * (signed in, the account read). */
const char   *ac_window_get_state          (AcWindow        *self);

/* Fills the sign-in form and submits it. remember: the session may be kept (keyring, and
 * host, app id and account in GSettings). */
void          ac_window_sign_in            (AcWindow        *self,
                                            const char      *host,
                                            const char      *app_id,
                                            const char      *account,
                                            const char      *password,
                                            gboolean         remember);
void          ac_window_show_busy          (AcWindow        *self,
                                            const char      *title);
void          ac_window_show_sign_in       (AcWindow        *self,
                                            const char      *error_message);
void          ac_window_set_demo           (AcWindow        *self,
                                            gboolean         demo);
gboolean      ac_window_get_demo           (AcWindow        *self);

/* The title of the last toast shown (for tests); toasts go through the "win.toast" action. */
const char   *ac_window_get_last_toast     (AcWindow        *self);
/* The re-sign-in dialog (an AcReauthDialog) while it is open, else NULL (for tests). */
GtkWindow    *ac_window_get_reauthentication_dialog (AcWindow *self);
/* Opens the "Delete Account?" dialog (an AcDeleteDialog) and returns it. */
AdwMessageDialog *ac_window_open_delete_dialog (AcWindow    *self);
/* The idle countdown bar (a GtkRevealer) and its text, for tests. */
GtkWidget    *ac_window_get_countdown_bar  (AcWindow        *self);
const char   *ac_window_get_countdown_text (AcWindow        *self);

/* What would lose the pages' unsaved edits (see ac-window-leave.c). */
typedef enum
{
  AC_WINDOW_LEAVE_QUIT,
  AC_WINDOW_LEAVE_CLOSE,
  AC_WINDOW_LEAVE_SIGN_OUT,
} AcWindowLeave;

typedef void (*AcWindowLeaveFunc) (AcWindow *window,
                                   gpointer  user_data);

gboolean      ac_window_has_unsaved_changes (AcWindow        *self);
void          ac_window_confirm_leave      (AcWindow          *self,
                                            AcWindowLeave      why,
                                            AcWindowLeaveFunc  done,
                                            gpointer           user_data);
/* The "Save changes before …?" dialog while it is open, else NULL (for tests). */
AdwMessageDialog *ac_window_get_save_changes_dialog (AcWindow *self);
/* Toasts: one at a time, dismissed by the window after a few seconds (hovering does not keep
 * them); while one is shown the content has room at the bottom for it (its height, at least
 * this much). */
#define AC_WINDOW_TOAST_ROOM 72
/* Whether Refresh (Ctrl+R) is on its way: the header shows a spinner meanwhile. */
gboolean      ac_window_get_refreshing     (AcWindow        *self);
gboolean      ac_window_get_toast_shown    (AcWindow        *self);
guint         ac_window_get_toast_seconds  (AcWindow        *self);
/* A banner under the header bar until the person dismisses it (the keyring notice). */
void          ac_window_show_notice        (AcWindow        *self,
                                            const char      *text);
const char   *ac_window_get_notice         (AcWindow        *self);

G_END_DECLS
