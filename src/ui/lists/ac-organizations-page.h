/* ac-organizations-page.h: the person's organizations as one expandable tree each
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_ORGANIZATIONS_PAGE (ac_organizations_page_get_type ())

G_DECLARE_FINAL_TYPE (AcOrganizationsPage, ac_organizations_page, AC, ORGANIZATIONS_PAGE, AdwBin)

/*
 * Shows ac_account_get_organizations() in a GtkListView over a GtkTreeListModel with
 * expanders. Every organization is expanded down to the person's own nodes, which carry a
 * "Your position" badge (icon and text). The search entry filters by name, code and
 * description (ac_organization_matches()) and expands the trees to every match, keeping the
 * path from the organization down to it. The page follows the account's store and its state,
 * whoever loads it; it fetches on its own only when nobody does (a page shown on its own).
 *
 * An AcPage. Errors are shown inline (an AdwStatusPage with a Retry button), never as toasts;
 * after an expiry the page fetches again once its session is ready again. The "loading"
 * property (and "busy") is TRUE while the store loads. The action "organizations.reload" (and
 * ac_organizations_page_reload()) fetches again.
 */
GtkWidget  *ac_organizations_page_new          (AcAccount           *account);
AcAccount  *ac_organizations_page_get_account  (AcOrganizationsPage *self);
gboolean    ac_organizations_page_get_loading  (AcOrganizationsPage *self);
void        ac_organizations_page_reload       (AcOrganizationsPage *self);

G_END_DECLS
