/* ac-crypto.h: password encryption for the sign-in request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ac_crypto_encrypt_password (const char  *public_key_pem,
                                  const char  *password,
                                  GError     **error);

G_END_DECLS
