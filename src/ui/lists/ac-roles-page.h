/* ac-roles-page.h: the roles of the signed-in person, filtered by namespace
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_ROLES_PAGE (ac_roles_page_get_type ())

G_DECLARE_FINAL_TYPE (AcRolesPage, ac_roles_page, AC, ROLES_PAGE, AdwBin)

/*
 * Shows ac_account_get_roles(). The namespace drop-down offers "All namespaces" plus every
 * namespace seen so far; choosing one re-fetches from the server with `namespace=`, and it
 * follows what the store was loaded for (a Refresh asks for the same again). The page fetches
 * on its own only when nobody loads the store (a page shown on its own).
 *
 * An AcPage. Errors are shown inline (an AdwStatusPage with a Retry button), never as toasts;
 * after an expiry the page fetches again once its session is ready again. The "loading"
 * property (and "busy") is TRUE while the store loads.
 * The action "roles.reload" (and ac_roles_page_reload()) fetches the current filter again.
 */
GtkWidget  *ac_roles_page_new            (AcAccount   *account);
AcAccount  *ac_roles_page_get_account    (AcRolesPage *self);
gboolean    ac_roles_page_get_loading    (AcRolesPage *self);
void        ac_roles_page_reload         (AcRolesPage *self);

G_END_DECLS
