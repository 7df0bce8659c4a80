/* ac-organization-private.h: what AcOrgForest needs to build the tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-organization.h"

G_BEGIN_DECLS

AcOrganization *_ac_organization_new_from_json_as (JsonObject         *object,
                                                   AcOrganizationKind  kind,
                                                   GError            **error);
void            _ac_organization_adopt_root_node  (AcOrganization     *self,
                                                   AcOrganization     *root);
void            _ac_organization_append_child     (AcOrganization     *self,
                                                   AcOrganization     *child);
void            _ac_organization_set_is_member    (AcOrganization     *self,
                                                   gboolean            is_member);
void            _ac_organization_ensure_name      (AcOrganization     *self);

G_END_DECLS
