/* ac-device-private.h: what the models of devices and sign-in history share (not installed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An optional time, as ISO-8601 text or milliseconds since the epoch (ac-device.c) */
gboolean    _ac_device_json_get_time         (JsonObject   *object,
                                              const char   *member,
                                              GDateTime   **out,
                                              GError      **error);

G_END_DECLS
