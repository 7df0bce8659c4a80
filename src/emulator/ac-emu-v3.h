/* ac-emu-v3.h: the v3 envelope of /api/v3/ (authing-api-security.md §1)
 *
 *   {"statusCode": 200, "message": "…", "requestId": "…", "data": …}
 *   {"statusCode": 401, "apiCode": 2020, "message": "…", "requestId": "…", "data": null}
 *
 * Every answer to a path under /api/v3/ goes through here: _ac_emu_reply_envelope() hands v3
 * requests over, so the route files use the ordinary _ac_emu_reply_* functions and the
 * dispatcher's own answers (2020 for a missing token, 404, 405, 413, 500) get the v3 shape too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-server-private.h"

G_BEGIN_DECLS

/* Whether the request is for a path under /api/v3/ (and not a GraphQL one) */
gboolean     _ac_emu_v3_is_request           (AcEmuRequest       *req);

/* A v3 answer. api_code 0 leaves `apiCode` out (a success). Takes `data` (NULL answers null). */
void         _ac_emu_v3_reply                (AcEmuRequest       *req,
                                              guint               http_status,
                                              int                 status_code,
                                              int                 api_code,
                                              const char         *message,
                                              JsonNode           *data);

/* A v2-style outcome (HTTP status, envelope code) in the v3 shape: code 200 is statusCode 200;
 * a protocol error keeps its HTTP status as statusCode and apiCode; 2020 (and the other
 * "sign in again" codes) is statusCode 401; any other business code is statusCode 400 with
 * that code as apiCode. */
void         _ac_emu_v3_reply_envelope       (AcEmuRequest       *req,
                                              guint               http_status,
                                              int                 code,
                                              const char         *message,
                                              JsonNode           *data);

/* The token of an Authorization header on a v3 path: with or without "Bearer " */
const char  *_ac_emu_v3_token_from_header    (const char         *authorization);

G_END_DECLS
