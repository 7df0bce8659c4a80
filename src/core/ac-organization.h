/* ac-organization.h: an organization or a node of its tree (authing-api.md §6.10)
 *
 * In the forest built by AcOrgForest, the top-level item of each tree is the organization
 * (kind %AC_ORGANIZATION_KIND_ORG): its id is the org id, it carries the name, code and
 * description of its root node (the org element on the wire has no name), its children are the
 * root node's children, and it is a member item when the user belongs to the root node itself.
 * Every other item is a node (kind %AC_ORGANIZATION_KIND_NODE). In the forest every item has
 * a name: one without (or an org without a root node) is named after its code, else its id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

#define AC_TYPE_ORGANIZATION (ac_organization_get_type ())

G_DECLARE_FINAL_TYPE (AcOrganization, ac_organization, AC, ORGANIZATION, GObject)

AcOrganization     *ac_organization_new_from_json      (JsonObject      *object,
                                                        GError         **error);
AcOrganizationKind  ac_organization_get_kind           (AcOrganization  *self);
const char         *ac_organization_get_id             (AcOrganization  *self);
const char         *ac_organization_get_org_id         (AcOrganization  *self);
const char         *ac_organization_get_root_node_id   (AcOrganization  *self);
const char         *ac_organization_get_name           (AcOrganization  *self);
const char         *ac_organization_get_code           (AcOrganization  *self);
const char         *ac_organization_get_description    (AcOrganization  *self);
const char         *ac_organization_get_logo           (AcOrganization  *self);
const char         *ac_organization_get_leader_user_id (AcOrganization  *self);
gint64              ac_organization_get_order          (AcOrganization  *self);
const char         *ac_organization_get_user_pool_id   (AcOrganization  *self);
const char         *ac_organization_get_created_at     (AcOrganization  *self);
const char         *ac_organization_get_updated_at     (AcOrganization  *self);
gboolean            ac_organization_get_is_member      (AcOrganization  *self);
GListModel         *ac_organization_get_children       (AcOrganization  *self);
guint               ac_organization_get_n_children     (AcOrganization  *self);
AcOrganization     *ac_organization_get_child          (AcOrganization  *self,
                                                        guint            position);
gboolean            ac_organization_matches            (AcOrganization  *self,
                                                        const char      *needle);

G_END_DECLS
