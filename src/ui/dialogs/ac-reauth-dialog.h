/* ac-reauth-dialog.h: "Sign In Again" when the session expired, over what the person was doing
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-session.h"
#include "ac-sign-in-page.h"

G_BEGIN_DECLS

#define AC_TYPE_REAUTH_DIALOG (ac_reauth_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AcReauthDialog, ac_reauth_dialog, AC, REAUTH_DIALOG, AdwWindow)

/* A modal window over parent with the sign-in form (the server fixed, the account filled in)
 * that signs the session in again. Once it is signed in, the dialog closes and the work that
 * waited goes on; closing it gives up (the work fails, the person's edits stay). It says so
 * through parent's "win.toast". */
GtkWidget    *ac_reauth_dialog_new           (GtkWindow      *parent,
                                              AcSession      *session,
                                              const char     *account_name);
AcSignInPage *ac_reauth_dialog_get_sign_in_page (AcReauthDialog *self);

G_END_DECLS
