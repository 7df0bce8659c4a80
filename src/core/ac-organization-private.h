/* ac-organization-private.h: what AcOrgForest needs to build the tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-organization.h"

G_BEGIN_DECLS

/* One element of a listOrgs path, read and checked but not yet an object */
typedef struct
{
  char   *id;
  char   *org_id;
  char   *root_node_id;
  char   *name;
  char   *code;
  char   *description;
  char   *logo;
  char   *leader_user_id;
  gint64  order;
  char   *user_pool_id;
  char   *created_at;
  char   *updated_at;
} AcOrganizationFields;

gboolean        _ac_organization_fields_read      (JsonObject            *object,
                                                   AcOrganizationKind     kind,
                                                   AcOrganizationFields  *fields,
                                                   GError               **error);
void            _ac_organization_fields_clear     (AcOrganizationFields  *fields);
AcOrganization *_ac_organization_new_from_fields  (AcOrganizationKind     kind,
                                                   AcOrganizationFields  *fields);
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
