/* ac-session-keeper.h: remembers a window's session in the keyring and restores it at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-session-store.h"
#include "ac-window.h"

G_BEGIN_DECLS

#define AC_TYPE_SESSION_KEEPER (ac_session_keeper_get_type ())

G_DECLARE_FINAL_TYPE (AcSessionKeeper, ac_session_keeper, AC, SESSION_KEEPER, GObject)

/* On a desktop (not in kiosk or demo mode, and with remember-session on):
 *   - at once, restores the remembered session for the window's host and app id: checks it
 *     with the server (the client refreshes a token near its expiry) and opens signed in; a
 *     dead session is removed and the sign-in page shows with the account filled in;
 *   - after each sign-in (with "remember" on) and each token change, stores the session;
 *   - after a sign-out or an account deletion, removes it.
 * Without a keyring it says so once (a toast) and the session lives in memory only.
 * With remember-session off, or in kiosk mode, nothing is stored (and what was is removed).
 * The window owns the returned object. */
AcSessionKeeper *ac_session_keeper_attach          (AcWindow        *window);
AcSessionKeeper *ac_session_keeper_get_for_window  (AcWindow        *window);

AcSessionStore  *ac_session_keeper_get_store       (AcSessionKeeper *self);
/* Keyring operations under way (for tests: wait until 0). */
guint            ac_session_keeper_get_pending     (AcSessionKeeper *self);
/* Whether restoring at start is under way. */
gboolean         ac_session_keeper_get_restoring   (AcSessionKeeper *self);
/* FALSE once the keyring turned out to be unavailable. */
gboolean         ac_session_keeper_get_available   (AcSessionKeeper *self);

G_END_DECLS
