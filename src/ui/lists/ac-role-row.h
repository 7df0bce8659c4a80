/* ac-role-row.h: one row of a list page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-role.h"

G_BEGIN_DECLS

#define AC_TYPE_ROLE_ROW (ac_role_row_get_type ())

G_DECLARE_FINAL_TYPE (AcRoleRow, ac_role_row, AC, ROLE_ROW, GtkWidget)

GtkWidget  *ac_role_row_new    (void);
AcRole *ac_role_row_get_role (AcRoleRow *self);
void        ac_role_row_set_role (AcRoleRow *self,
                                 AcRole *role);

G_END_DECLS
