/* ac-resource.h: a resource the user is authorized for (authing-api.md §6.12)
 *
 * The namespace is not on the wire: the client records the namespace it asked for with
 * ac_resource_set_namespace().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

const char     *ac_resource_type_to_string      (AcResourceType  type);
AcResourceType  ac_resource_type_from_string    (const char     *string);
const char     *ac_resource_type_get_label      (AcResourceType  type);

#define AC_TYPE_RESOURCE (ac_resource_get_type ())

G_DECLARE_FINAL_TYPE (AcResource, ac_resource, AC, RESOURCE, GObject)

AcResource         *ac_resource_new_from_json       (JsonObject   *object,
                                                     GError      **error);
const char         *ac_resource_get_code            (AcResource   *self);
AcResourceType      ac_resource_get_resource_type   (AcResource   *self);
const char         *ac_resource_get_type_string     (AcResource   *self);
const char * const *ac_resource_get_actions         (AcResource   *self);
const char         *ac_resource_get_api_identifier  (AcResource   *self);
const char         *ac_resource_get_namespace       (AcResource   *self);
void                ac_resource_set_namespace       (AcResource   *self,
                                                     const char   *namespace_);
gboolean            ac_resource_matches             (AcResource   *self,
                                                     const char   *needle);

G_END_DECLS
