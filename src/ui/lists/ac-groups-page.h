/* ac-groups-page.h: the groups the signed-in person belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_GROUPS_PAGE (ac_groups_page_get_type ())

G_DECLARE_FINAL_TYPE (AcGroupsPage, ac_groups_page, AC, GROUPS_PAGE, AdwBin)

GtkWidget *ac_groups_page_new (AcAccount *account);

G_END_DECLS
