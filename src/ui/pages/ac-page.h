/* ac-page.h: the contract between the window and the pages of the signed-in account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-session.h"

G_BEGIN_DECLS

#define AC_TYPE_PAGE (ac_page_get_type ())

G_DECLARE_INTERFACE (AcPage, ac_page, AC, PAGE, GtkWidget)

/**
 * AcPageInterface:
 * @save: sends the page's draft (only what changed) through the account
 * @discard: drops the draft: the page shows the account's data again
 * @reload: reads what the page shows again
 * @has_changes: whether the page holds edits that are not saved, valid or not (the window
 *   asks before they would be lost); unset: the page has edits exactly when it can save
 *
 * Properties every page has: "can-save" (a draft is there, valid, and no save runs), "busy"
 * (a save or load of the page is on its way) and "session" (construct-only, may be NULL: the
 * session whose account the page shows, for work that waits for a new sign-in). The window
 * follows the visible page through these; nothing knows the page's type.
 */
struct _AcPageInterface
{
  GTypeInterface parent_iface;

  void (*save)    (AcPage *self);
  void (*discard) (AcPage *self);
  void (*reload)  (AcPage *self);

  gboolean (*has_changes) (AcPage *self);
};

typedef void (*AcPageFunc) (AcPage *page);

gboolean   ac_page_get_can_save       (AcPage       *self);
gboolean   ac_page_get_busy           (AcPage       *self);
AcSession *ac_page_get_session        (AcPage       *self);
void       ac_page_save               (AcPage       *self);
void       ac_page_discard            (AcPage       *self);
void       ac_page_reload             (AcPage       *self);
/* Edits not saved yet, valid or not: after ac_page_save(), the save succeeded when the page
 * is no longer busy and has no changes left. */
gboolean   ac_page_has_changes        (AcPage       *self);

/* Shows a toast in the window through its "win.toast" action. */
void       ac_page_show_toast         (AcPage       *self,
                                       const char   *title);
/* After AC_ERROR_NOT_LOGGED_IN: once the session is ready again (the person signed in
 * again), calls again (self). Nothing when the page has no session, when the person gives
 * up, or after cancellable was cancelled. */
void       ac_page_retry_when_ready   (AcPage       *self,
                                       GCancellable *cancellable,
                                       AcPageFunc    again);

/* For implementations: installs the interface's properties on a page class, with these ids. */
void       ac_page_install_properties (GObjectClass *klass,
                                       guint         can_save_id,
                                       guint         busy_id,
                                       guint         session_id);

G_END_DECLS
