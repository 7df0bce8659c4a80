/* ac-devices-page.h: the devices and linked accounts of the signed-in person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_DEVICES_PAGE (ac_devices_page_get_type ())

G_DECLARE_FINAL_TYPE (AcDevicesPage, ac_devices_page, AC, DEVICES_PAGE, AdwBin)

GtkWidget *ac_devices_page_new (AcAccount *account);

G_END_DECLS
