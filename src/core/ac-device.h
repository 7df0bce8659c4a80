/* ac-device.h: a device the user signed in from (protocol-security.md §6, `mydevices/list`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AcDeviceType:
 * @AC_DEVICE_TYPE_UNKNOWN: a type the client does not know (the wire string is kept, see
 *   ac_device_get_type_name())
 * @AC_DEVICE_TYPE_BROWSER: a web browser
 * @AC_DEVICE_TYPE_MOBILE: a phone or a tablet
 * @AC_DEVICE_TYPE_DESKTOP: a desktop application, such as Account Center itself
 */
typedef enum {
  AC_DEVICE_TYPE_UNKNOWN,
  AC_DEVICE_TYPE_BROWSER,
  AC_DEVICE_TYPE_MOBILE,
  AC_DEVICE_TYPE_DESKTOP,
} AcDeviceType;

#define AC_TYPE_DEVICE_TYPE (ac_device_type_get_type ())
GType ac_device_type_get_type (void) G_GNUC_CONST;

AcDeviceType  ac_device_type_from_string     (const char   *type_name);

#define AC_TYPE_DEVICE (ac_device_get_type ())

G_DECLARE_FINAL_TYPE (AcDevice, ac_device, AC, DEVICE, GObject)

AcDevice     *ac_device_new_from_json        (JsonObject   *object,
                                              GError      **error);
const char   *ac_device_get_device_id        (AcDevice     *self);
const char   *ac_device_get_name             (AcDevice     *self);
AcDeviceType  ac_device_get_device_type      (AcDevice     *self);
const char   *ac_device_get_type_name        (AcDevice     *self);
const char   *ac_device_get_os               (AcDevice     *self);
const char   *ac_device_get_version          (AcDevice     *self);
const char   *ac_device_get_producer         (AcDevice     *self);
const char   *ac_device_get_model            (AcDevice     *self);
const char   *ac_device_get_status           (AcDevice     *self);
GDateTime    *ac_device_get_last_login_time  (AcDevice     *self);
const char   *ac_device_get_last_ip          (AcDevice     *self);
gboolean      ac_device_get_online           (AcDevice     *self);

G_END_DECLS
