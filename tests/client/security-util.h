/* security-util.h: the emulator's own endpoints and TOTP codes, for the client tests of account
 * security (test-client-security.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-test-emulator.h"

G_BEGIN_DECLS

#define CAROL_SECRET "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#define CAROL_RECOVERY "3fa1-9c0e-77b2-d41a-0e5f-c8b3"
#define HEIDI_SECRET "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"

/* An emulator seeded with tests/fixtures/pools/security.json, its test clock enabled */
AcTestEmulator *security_emulator   (void);
/* A request to the emulator outside AcClient (HTTP 200 expected): the parsed answer */
JsonNode       *emulator_json       (AcTestEmulator *emulator,
                                     const char     *method,
                                     const char     *path,
                                     const char     *body);
/* The newest code in the outbox for @to */
char           *outbox_code         (AcTestEmulator *emulator,
                                     const char     *to);
/* Moves the emulator's security clock; returns its now */
gint64          clock_advance       (AcTestEmulator *emulator,
                                     gint64          seconds);
/* The TOTP code of a base32 secret at unix time @at (liboath: RFC 6238, SHA-1, 6 digits, 30 s) */
char           *totp_at             (const char     *secret,
                                     gint64          at);
/* The code @steps steps from the emulator's now (moved into the next step when near its end) */
char           *totp_now            (AcTestEmulator *emulator,
                                     const char     *secret,
                                     int             steps);
/* Another 6-digit code than @code */
char           *wrong_code          (const char     *code);

G_END_DECLS
