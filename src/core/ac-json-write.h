/* ac-json-write.h: the one JSON writer of the client and the emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *ac_json_to_string (JsonNode *node,
                         gsize    *length);

G_END_DECLS
