/* ac-password-strength.h: the strength of a password as the server rates it, for a live meter
 *
 * The levels are those of pool-format.md ("Security level") and of the service's
 * `passwordSecurityLevel`: 3 for at least 12 characters with lower case, upper case and a
 * digit; 2 for at least 8 with a letter and a digit; 1 otherwise. Characters, letters, cases
 * and digits are Unicode's. The emulator rates with the same rules (ac_emu_password_level());
 * both are tested against one table, tests/fixtures/password-levels.tsv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The policy of password/update (protocol-security.md §2) */
#define AC_PASSWORD_MIN_CHARS 8

/* 1, 2 or 3; 0 for NULL or "" (nothing typed yet) */
int          ac_password_strength_level        (const char  *password);
/* Translated "Weak", "Medium" or "Strong" (the labels of the security page); "" for 0 */
const char  *ac_password_strength_label        (int          level);
/* Translated advice for reaching the next level, or NULL at level 3 */
const char  *ac_password_strength_hint         (int          level);
/* Whether the service's policy would accept @password as a new password of @username: at
 * least AC_PASSWORD_MIN_CHARS characters and not the username (ignoring case). Otherwise
 * FALSE with AC_ERROR_INVALID_INPUT and a sentence for the person. */
gboolean     ac_password_strength_check_policy (const char  *password,
                                                const char  *username,
                                                GError     **error);

G_END_DECLS
