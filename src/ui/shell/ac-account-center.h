/* ac-account-center.h: the application
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-core.h"
#include "ac-demo-server.h"
#include "ac-kiosk.h"
#include "ac-session-keeper.h"

G_BEGIN_DECLS

#define AC_TYPE_ACCOUNT_CENTER (ac_account_center_get_type ())

G_DECLARE_FINAL_TYPE (AcAccountCenter, ac_account_center, AC, ACCOUNT_CENTER, AdwApplication)

/* The application owns the session (AcSession) and the administrator's policy (AcPolicy);
 * for its window it keeps the session in the keyring (AcSessionKeeper) and applies kiosk
 * mode and the idle sign-out (AcKiosk). All of them observe the session, none the window. */
AcAccountCenter *ac_account_center_new          (void);
GSettings       *ac_account_center_get_settings (AcAccountCenter *self);
AcSession       *ac_account_center_get_session  (AcAccountCenter *self);
AcPolicy        *ac_account_center_get_policy   (AcAccountCenter *self);
/* While the app has a window, else NULL. */
AcSessionKeeper *ac_account_center_get_session_keeper (AcAccountCenter *self);
AcKiosk         *ac_account_center_get_kiosk    (AcAccountCenter *self);
gboolean         ac_account_center_get_demo     (AcAccountCenter *self);
/* The --host and --app-id given on the command line, or NULL. */
const char      *ac_account_center_get_host_override   (AcAccountCenter *self);
const char      *ac_account_center_get_app_id_override (AcAccountCenter *self);

/* The demo server started for --demo, or NULL. */
AcDemoServer    *ac_account_center_get_demo_server     (AcAccountCenter *self);

G_END_DECLS
