/* ac-delete-dialog.h: "Delete Account?": names the consequence, asks for the username
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_DELETE_DIALOG (ac_delete_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AcDeleteDialog, ac_delete_dialog, AC, DELETE_DIALOG, AdwMessageDialog)

/* Says what goes with the account (its applications and memberships) and enables the
 * "delete" response only once the person typed their username (the account's user's, else
 * fallback_username) and proved it is them: their password, or, for an account without one,
 * a code sent (from the dialog) to the bound phone or e-mail address. Only a confirmation:
 * whoever opens it deletes on "delete" with ac_session_delete_account_confirmed_async(). A
 * response hides the dialog (hide-on-close): after a wrong password or code, show the error
 * with ac_delete_dialog_set_error() and present it again; otherwise destroy it. */
GtkWidget *ac_delete_dialog_new       (GtkWindow      *parent,
                                       AcAccount      *account,
                                       const char     *fallback_username);
GtkWidget *ac_delete_dialog_get_entry (AcDeleteDialog *self);
/* The password typed, or NULL when a code is asked for instead */
const char *ac_delete_dialog_get_password (AcDeleteDialog *self);
/* The code typed and where it was sent, or NULL when the password is asked for */
const char *ac_delete_dialog_get_code     (AcDeleteDialog *self,
                                           AcCodeChannel  *channel);
/* Shown under the password or code (NULL clears it) */
void        ac_delete_dialog_set_error    (AcDeleteDialog *self,
                                           const char     *message);
const char *ac_delete_dialog_get_error    (AcDeleteDialog *self);
/* The password entry, or the code entry */
GtkWidget  *ac_delete_dialog_get_proof_entry (AcDeleteDialog *self);
GtkWidget  *ac_delete_dialog_get_send_button (AcDeleteDialog *self);

G_END_DECLS
