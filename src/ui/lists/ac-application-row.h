/* ac-application-row.h: one application: logo, name, protocol badge, domain, description
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ac-application.h"
#include "ac-image-loader.h"

G_BEGIN_DECLS

#define AC_TYPE_APPLICATION_ROW (ac_application_row_get_type ())

G_DECLARE_FINAL_TYPE (AcApplicationRow, ac_application_row, AC, APPLICATION_ROW, GtkWidget)

/* The logo shows coloured initials until the image at the application's logo URL has been
 * loaded through @loader (NULL: ac_image_loader_get_default()), and keeps it on failure. */
GtkWidget     *ac_application_row_new              (AcImageLoader    *loader);
AcApplication *ac_application_row_get_application  (AcApplicationRow *self);
void           ac_application_row_set_application  (AcApplicationRow *self,
                                                    AcApplication    *application);
gboolean       ac_application_row_get_logo_loaded  (AcApplicationRow *self);

/* The coloured initials (an AdwAvatar) while the row shows no logo, else NULL (for tests). */
GtkWidget     *ac_application_row_get_initials      (AcApplicationRow *self);

G_END_DECLS
