/* ac-device-info.h: this computer, as the service's list of devices shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The file that keeps the device id, in the config folder */
#define AC_DEVICE_INFO_FILE_NAME "device-id"
/* The longest value sent for a device attribute, in characters */
#define AC_DEVICE_INFO_MAX_LENGTH 256

#define AC_TYPE_DEVICE_INFO (ac_device_info_get_type ())

G_DECLARE_FINAL_TYPE (AcDeviceInfo, ac_device_info, AC, DEVICE_INFO, GObject)

AcDeviceInfo *ac_device_info_load_for_this_device (gboolean       shared_terminal,
                                                   GError       **error);
AcDeviceInfo *ac_device_info_load                 (const char    *config_dir,
                                                   const char    *system_root,
                                                   gboolean       shared_terminal,
                                                   GError       **error);

const char   *ac_device_info_get_device_id        (AcDeviceInfo  *self);
const char   *ac_device_info_get_name             (AcDeviceInfo  *self);
const char   *ac_device_info_get_host_name        (AcDeviceInfo  *self);
const char   *ac_device_info_get_type_name        (AcDeviceInfo  *self);
const char   *ac_device_info_get_os               (AcDeviceInfo  *self);
const char   *ac_device_info_get_version          (AcDeviceInfo  *self);
const char   *ac_device_info_get_producer         (AcDeviceInfo  *self);
const char   *ac_device_info_get_model            (AcDeviceInfo  *self);
gboolean      ac_device_info_get_shared_terminal  (AcDeviceInfo  *self);
gboolean      ac_device_info_get_is_new           (AcDeviceInfo  *self);

/* The body of `create-device` (used by ac_client_register_device_async()) */
JsonNode     *ac_device_info_to_json              (AcDeviceInfo  *self);

G_END_DECLS
