/* ac-application.h: an application the user may access (authing-api.md §6.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

#define AC_TYPE_APPLICATION (ac_application_get_type ())

G_DECLARE_FINAL_TYPE (AcApplication, ac_application, AC, APPLICATION, GObject)

AcApplication *ac_application_new_from_json     (JsonObject     *object,
                                                 GError        **error);
const char    *ac_application_get_id            (AcApplication  *self);
const char    *ac_application_get_name          (AcApplication  *self);
const char    *ac_application_get_logo          (AcApplication  *self);
const char    *ac_application_get_domain        (AcApplication  *self);
const char    *ac_application_get_description   (AcApplication  *self);
const char    *ac_application_get_protocol      (AcApplication  *self);
const char    *ac_application_get_app_type      (AcApplication  *self);
gboolean       ac_application_get_is_integrate  (AcApplication  *self);
const char    *ac_application_get_template      (AcApplication  *self);
const char    *ac_application_get_created_at    (AcApplication  *self);
const char    *ac_application_get_updated_at    (AcApplication  *self);
gboolean       ac_application_matches           (AcApplication  *self,
                                                 const char     *needle);

G_END_DECLS
