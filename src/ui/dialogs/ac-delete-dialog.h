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
 * fallback_username). Only a confirmation: whoever opens it deletes on "delete". */
GtkWidget *ac_delete_dialog_new       (GtkWindow      *parent,
                                       AcAccount      *account,
                                       const char     *fallback_username);
GtkWidget *ac_delete_dialog_get_entry (AcDeleteDialog *self);

G_END_DECLS
