/* ac-organization-row.h: one organization or node of the forest, with its expander
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-organization.h"

G_BEGIN_DECLS

#define AC_TYPE_ORGANIZATION_ROW (ac_organization_row_get_type ())

G_DECLARE_FINAL_TYPE (AcOrganizationRow, ac_organization_row, AC, ORGANIZATION_ROW, GtkWidget)

/* The row shows the item of a GtkTreeListRow whose item is an AcOrganization: name, code,
 * description, and the "Your position" badge (an icon and text) on the person's own nodes. */
GtkWidget      *ac_organization_row_new               (void);
GtkTreeListRow *ac_organization_row_get_list_row      (AcOrganizationRow *self);
void            ac_organization_row_set_list_row      (AcOrganizationRow *self,
                                                       GtkTreeListRow    *list_row);
AcOrganization *ac_organization_row_get_organization  (AcOrganizationRow *self);
GPtrArray      *ac_organization_row_preload_icons     (GtkWidget         *widget);

G_END_DECLS
