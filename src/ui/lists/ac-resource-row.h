/* ac-resource-row.h: one row of a list page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-resource.h"

G_BEGIN_DECLS

#define AC_TYPE_RESOURCE_ROW (ac_resource_row_get_type ())

G_DECLARE_FINAL_TYPE (AcResourceRow, ac_resource_row, AC, RESOURCE_ROW, GtkWidget)

GtkWidget  *ac_resource_row_new    (void);
AcResource *ac_resource_row_get_resource (AcResourceRow *self);
void        ac_resource_row_set_resource (AcResourceRow *self,
                                 AcResource *resource);

G_END_DECLS
