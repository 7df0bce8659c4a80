/* ac-emu-outbox.h: verification codes, their outbox, and the clock of the security rules
 *
 * The rules (protocol-security.md §3):
 *   - a code is 6 random digits, valid AC_EMU_CODE_TTL seconds, usable once, bound to the
 *     channel ("sms" or "email") and the address it was sent to;
 *   - one send per address per AC_EMU_CODE_RESEND seconds (2080 otherwise); a new send
 *     replaces the address's previous code;
 *   - a wrong code counts; the AC_EMU_CODE_MAX_FAILURES-th wrong try burns the code;
 *   - a request that is refused never consumes a code (callers check every other rule first
 *     and consume only in the transaction that applies the change).
 * Nothing is sent: each message lands in the outbox table (GET /_emulator/outbox) and is
 * printed on stderr as `outbox: sms +86 13800000000 code 123456`.
 *
 * The clock: ac_emu_security_now() is the real time plus an offset that only a test can move
 * (POST /_emulator/clock, enabled by AC_EMULATOR_TEST_CLOCK=1 in the environment). It times
 * codes, the resend limit, mfaTokens and TOTP; sign-in tokens keep the real time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-store.h"

G_BEGIN_DECLS

#define AC_EMU_CODE_TTL (5 * 60)
#define AC_EMU_CODE_RESEND 60
#define AC_EMU_CODE_MAX_FAILURES 5
#define AC_EMU_OUTBOX_KEEP 500

#define AC_EMU_CHANNEL_SMS "sms"
#define AC_EMU_CHANNEL_EMAIL "email"

gint64       ac_emu_security_now             (void);
gboolean     ac_emu_security_clock_enabled   (void);
/* Moves the clock forward (seconds ≥ 0); returns the total offset */
gint64       ac_emu_security_clock_advance   (gint64        seconds);

/* Records a send to address (inside a transaction). *out_too_soon when the address was sent
 * to less than AC_EMU_CODE_RESEND seconds ago (nothing changes then). With deliver, a new code
 * is made (*out_code) and put in the outbox; without, only the rate limit is recorded. */
gboolean     ac_emu_codes_send               (AcEmuStore   *store,
                                              const char   *channel,
                                              const char   *address,
                                              const char   *country_code,
                                              const char   *scene,
                                              gboolean      deliver,
                                              gboolean     *out_too_soon,
                                              char        **out_code,
                                              GError      **error);
/* Prints the stderr line of a message that was committed */
void         ac_emu_outbox_announce          (const char   *channel,
                                              const char   *address,
                                              const char   *country_code,
                                              const char   *code,
                                              const char   *scene);
/* Whether code is the live code of address (inside a transaction). A wrong one counts as a
 * failure (and may burn the code): commit even when *out_right is FALSE. */
gboolean     ac_emu_codes_check              (AcEmuStore   *store,
                                              const char   *channel,
                                              const char   *address,
                                              const char   *code,
                                              gboolean     *out_right,
                                              GError      **error);
/* Uses the code up (in the transaction that applies what it allowed) */
gboolean     ac_emu_codes_consume            (AcEmuStore   *store,
                                              const char   *channel,
                                              const char   *address,
                                              GError      **error);

G_END_DECLS
