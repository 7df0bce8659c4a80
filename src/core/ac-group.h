/* ac-group.h: a group the user belongs to (protocol-security.md §7, `get-my-group-list`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_TYPE_GROUP (ac_group_get_type ())

G_DECLARE_FINAL_TYPE (AcGroup, ac_group, AC, GROUP, GObject)

AcGroup      *ac_group_new_from_json         (JsonObject   *object,
                                              GError      **error);
const char   *ac_group_get_code              (AcGroup      *self);
const char   *ac_group_get_name              (AcGroup      *self);
const char   *ac_group_get_description       (AcGroup      *self);
gboolean      ac_group_matches               (AcGroup      *self,
                                              const char   *needle);

G_END_DECLS
