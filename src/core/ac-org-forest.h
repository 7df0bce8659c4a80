/* ac-org-forest.h: the user's organizations as a forest (authing-api.md §6.10)
 *
 * AcOrgForest is a GListModel of AcOrganization: one top-level item per organization (kind
 * %AC_ORGANIZATION_KIND_ORG, see ac-organization.h), in the order of first appearance in the
 * listOrgs paths. Nodes are merged by id; the last node of every path (the user's own node) has
 * is-member set. ac_organization_get_children() gives each level, so a GtkTreeListModel can
 * expand the forest with ac_org_forest_create_child_model() as its create-func.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ac-types.h"
#include "ac-organization.h"

G_BEGIN_DECLS

#define AC_TYPE_ORG_FOREST (ac_org_forest_get_type ())

G_DECLARE_FINAL_TYPE (AcOrgForest, ac_org_forest, AC, ORG_FOREST, GObject)

AcOrgForest    *ac_org_forest_new                   (void);
AcOrgForest    *ac_org_forest_new_from_json         (JsonArray    *paths,
                                                     GError      **error);
AcOrganization *ac_org_forest_lookup                (AcOrgForest  *self,
                                                     const char   *id);
GPtrArray      *ac_org_forest_get_member_nodes      (AcOrgForest  *self);
GListModel     *ac_org_forest_create_child_model    (gpointer      item,
                                                     gpointer      user_data);
gboolean        ac_org_forest_item_has_member_below (AcOrganization *item);
guint           ac_org_forest_item_count_members    (AcOrganization *item);

G_END_DECLS
