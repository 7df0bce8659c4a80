/* ac-emu-qrcode.h: a QR code (libqrencode) as a PNG data URL, for TOTP enrolment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The PNG file of the QR code of text: black modules on white, MODULE_PX pixels each, with
 * the 4-module quiet zone. NULL when text cannot be encoded (too long). */
GBytes      *ac_emu_qrcode_png               (const char   *text);
/* "data:image/png;base64,…" of ac_emu_qrcode_png() */
char        *ac_emu_qrcode_data_url          (const char   *text);

G_END_DECLS
