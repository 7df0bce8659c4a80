/* ac-emu-totp.h: TOTP (RFC 6238 with liboath), secrets, recovery codes, verification codes
 *
 * TOTP here is HMAC-SHA-1, 6 digits, a 30-second step from the Unix epoch; the previous and the
 * next step are accepted too (protocol-security.md §5). Time is the security clock
 * (ac_emu_security_now()), which tests may move forward (see ac-emu-outbox.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_EMU_TOTP_DIGITS 6
#define AC_EMU_TOTP_STEP 30
#define AC_EMU_TOTP_WINDOW 1
/* Longest code-like input read before it is refused as malformed (a clear 400) */
#define AC_EMU_CODE_INPUT_MAX 64

/* A new secret: 20 random bytes in base32 (32 characters, no padding) */
char        *ac_emu_totp_new_secret          (void);
/* A new recovery code: 12 random bytes as six dash-separated groups of 4 lowercase hex digits */
char        *ac_emu_totp_new_recovery_code   (void);
/* The canonical form of a recovery code as typed (trimmed, lower case), or NULL when it cannot
 * be one (empty, too long, not printable ASCII) */
char        *ac_emu_totp_normalize_recovery_code (const char *input);

/* Whether secret is base32 (A-Z, 2-7, case-insensitive, optional '=' padding) of at least
 * 10 bytes */
gboolean     ac_emu_totp_secret_is_valid     (const char   *secret);
/* The code of secret at unix time now (for tests and the fuzzer), or NULL for a bad secret */
char        *ac_emu_totp_generate            (const char   *secret,
                                              gint64        now);
/* Checks otp against secret at time now, ±AC_EMU_TOTP_WINDOW steps. On success returns TRUE
 * and the time step (counter) that matched. A malformed otp or secret is simply no match. */
gboolean     ac_emu_totp_check               (const char   *secret,
                                              const char   *otp,
                                              gint64        now,
                                              gint64       *out_counter);
/* otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=… with both parts escaped */
char        *ac_emu_totp_uri                 (const char   *issuer,
                                              const char   *account,
                                              const char   *secret);

/* Whether s is exactly n ASCII digits */
gboolean     ac_emu_is_digits                (const char   *s,
                                              gsize         n);
/* Whether s is printable ASCII (no control characters, nothing above 0x7e) and at most
 * max_len bytes: the shape every code and address is checked for before anything else */
gboolean     ac_emu_is_short_ascii           (const char   *s,
                                              gsize         max_len);
/* Checks a seed's users[i].mfa (pool-format.md): a boolean, or an object with a base32
 * `totpSecret` and a non-empty `recoveryCode`. Appends "<path>: problem" lines to errors. */
void         ac_emu_totp_check_seed          (JsonNode     *node,
                                              const char   *path,
                                              GPtrArray    *errors);

/* A new verification code: 6 uniformly random digits */
char        *ac_emu_new_verify_code          (void);

G_END_DECLS
