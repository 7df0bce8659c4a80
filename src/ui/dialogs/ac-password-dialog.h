/* ac-password-dialog.h: "Change Password": the current one, the new one twice, a live meter
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_PASSWORD_DIALOG (ac_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AcPasswordDialog, ac_password_dialog, AC, PASSWORD_DIALOG, AdwWindow)

/* Without the current password field when the account has none (its security level says so).
 * On success the dialog closes and says so through @parent's "win.toast". */
GtkWidget  *ac_password_dialog_new              (GtkWindow        *parent,
                                                 AcAccount        *account);
/* For tests */
GtkWidget  *ac_password_dialog_get_current_row  (AcPasswordDialog *self);
GtkWidget  *ac_password_dialog_get_new_row      (AcPasswordDialog *self);
GtkWidget  *ac_password_dialog_get_confirm_row  (AcPasswordDialog *self);
GtkWidget  *ac_password_dialog_get_change_button (AcPasswordDialog *self);
/* The error shown under the current password, or under the new one ("" when none) */
const char *ac_password_dialog_get_current_error (AcPasswordDialog *self);
const char *ac_password_dialog_get_new_error    (AcPasswordDialog *self);
int         ac_password_dialog_get_strength     (AcPasswordDialog *self);
gboolean    ac_password_dialog_get_busy         (AcPasswordDialog *self);

G_END_DECLS
