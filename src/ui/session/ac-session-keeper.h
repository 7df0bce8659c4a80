/* ac-session-keeper.h: keeps the session in the keyring and resumes it at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-policy.h"
#include "ac-session.h"
#include "ac-session-store.h"

G_BEGIN_DECLS

#define AC_TYPE_SESSION_KEEPER (ac_session_keeper_get_type ())

G_DECLARE_FINAL_TYPE (AcSessionKeeper, ac_session_keeper, AC, SESSION_KEEPER, GObject)

/* Observes session and policy (never a window). On a desktop (not in kiosk or demo mode, and
 * with remember-session on):
 *   - ac_session_keeper_restore() resumes the remembered session for a host and app id:
 *     the session checks it with the server and opens; a dead session is removed, and the
 *     sign-in form shows with the account filled in;
 *   - once a session that may be remembered opened, and after each token change, it is
 *     stored;
 *   - after a sign-out or an account deletion, it is removed.
 * Without a keyring it says so once ("notice") and the session lives in memory only. With
 * remember-session off, or in kiosk mode, nothing is stored (and what was is removed). */
AcSessionKeeper *ac_session_keeper_new           (AcSession       *session,
                                                  AcPolicy        *policy,
                                                  gboolean         demo);
void             ac_session_keeper_restore       (AcSessionKeeper *self,
                                                  const char      *host,
                                                  const char      *app_id);

AcSessionStore  *ac_session_keeper_get_store     (AcSessionKeeper *self);
/* Keyring operations under way (for tests: wait until 0). */
guint            ac_session_keeper_get_pending   (AcSessionKeeper *self);
/* Whether restoring at start is under way. */
gboolean         ac_session_keeper_get_restoring (AcSessionKeeper *self);
/* FALSE once the keyring turned out to be unavailable. */
gboolean         ac_session_keeper_get_available (AcSessionKeeper *self);

G_END_DECLS
