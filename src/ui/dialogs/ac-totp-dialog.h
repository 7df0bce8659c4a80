/* ac-totp-dialog.h: setting up two-step sign-in: QR code, key, confirmation, recovery code
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_TOTP_DIALOG (ac_totp_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AcTotpDialog, ac_totp_dialog, AC, TOTP_DIALOG, AdwWindow)

/* Starts an enrolment at once; the QR code is drawn here from the otpauth URI (the key never
 * leaves the machine). After the code is confirmed, the recovery code is shown once. */
GtkWidget  *ac_totp_dialog_new                 (GtkWindow    *parent,
                                                AcAccount    *account);
/* A GdkTexture of @text as a QR code (black modules on white, with a quiet zone of four
 * modules), @scale pixels a module; NULL if it cannot be encoded. */
GdkTexture *ac_qr_code_texture_new             (const char   *text,
                                                guint         scale);
/* For tests: "loading", "error", "setup" or "recovery" */
const char *ac_totp_dialog_get_step            (AcTotpDialog *self);
/* The key without spaces (the secret), the grouped text shown, the recovery code shown */
const char *ac_totp_dialog_get_secret_text     (AcTotpDialog *self);
const char *ac_totp_dialog_get_recovery_text   (AcTotpDialog *self);
GtkWidget  *ac_totp_dialog_get_code_row        (AcTotpDialog *self);
GtkWidget  *ac_totp_dialog_get_confirm_button  (AcTotpDialog *self);
GtkWidget  *ac_totp_dialog_get_qr_picture      (AcTotpDialog *self);
const char *ac_totp_dialog_get_code_error      (AcTotpDialog *self);
gboolean    ac_totp_dialog_get_busy            (AcTotpDialog *self);

G_END_DECLS
