/* ac-address-dialog.h: bind or change the e-mail address or the phone, with codes
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_ADDRESS_DIALOG (ac_address_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AcAddressDialog, ac_address_dialog, AC, ADDRESS_DIALOG, AdwWindow)

/* Binds a new phone (@channel SMS) or e-mail address, or, when one is bound, changes it: then
 * a code to the bound value is asked for too. On success the dialog closes and says so
 * through @parent's "win.toast"; AcAccount:user and the security level follow. */
GtkWidget  *ac_address_dialog_new              (GtkWindow       *parent,
                                                AcAccount       *account,
                                                AcCodeChannel    channel);
/* For tests */
GtkWidget  *ac_address_dialog_get_address_row  (AcAddressDialog *self);
GtkWidget  *ac_address_dialog_get_code_row     (AcAddressDialog *self);
GtkWidget  *ac_address_dialog_get_old_code_row (AcAddressDialog *self);
GtkWidget  *ac_address_dialog_get_send_button  (AcAddressDialog *self);
GtkWidget  *ac_address_dialog_get_old_send_button (AcAddressDialog *self);
GtkWidget  *ac_address_dialog_get_save_button  (AcAddressDialog *self);
const char *ac_address_dialog_get_address_error (AcAddressDialog *self);
const char *ac_address_dialog_get_code_error   (AcAddressDialog *self);
const char *ac_address_dialog_get_old_error    (AcAddressDialog *self);
gboolean    ac_address_dialog_get_busy         (AcAddressDialog *self);

G_END_DECLS
