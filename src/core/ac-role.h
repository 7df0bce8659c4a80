/* ac-role.h: a role of the user (authing-api.md §6.11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

#define AC_TYPE_ROLE (ac_role_get_type ())

G_DECLARE_FINAL_TYPE (AcRole, ac_role, AC, ROLE, GObject)

AcRole     *ac_role_new_from_json     (JsonObject  *object,
                                       GError     **error);
const char *ac_role_get_id            (AcRole      *self);
const char *ac_role_get_code          (AcRole      *self);
const char *ac_role_get_description   (AcRole      *self);
const char *ac_role_get_parent_code   (AcRole      *self);
gboolean    ac_role_get_is_system     (AcRole      *self);
const char *ac_role_get_namespace     (AcRole      *self);
const char *ac_role_get_namespace_id  (AcRole      *self);
const char *ac_role_get_arn           (AcRole      *self);
const char *ac_role_get_user_pool_id  (AcRole      *self);
const char *ac_role_get_created_at    (AcRole      *self);
const char *ac_role_get_updated_at    (AcRole      *self);
gboolean    ac_role_matches           (AcRole      *self,
                                       const char  *needle);

G_END_DECLS
