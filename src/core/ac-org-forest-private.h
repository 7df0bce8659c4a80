/* ac-org-forest-private.h: building a forest path by path, as the answer is parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-org-forest.h"

G_BEGIN_DECLS

gboolean _ac_org_forest_add_path (AcOrgForest  *self,
                                  JsonNode     *node,
                                  guint         index,
                                  GError      **error);
void     _ac_org_forest_finish   (AcOrgForest  *self);

G_END_DECLS
