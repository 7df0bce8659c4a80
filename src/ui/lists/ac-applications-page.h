/* ac-applications-page.h: the applications the signed-in person may use, page by page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"
#include "ac-image-loader.h"

G_BEGIN_DECLS

#define AC_TYPE_APPLICATIONS_PAGE (ac_applications_page_get_type ())

G_DECLARE_FINAL_TYPE (AcApplicationsPage, ac_applications_page, AC, APPLICATIONS_PAGE, AdwBin)

/*
 * Shows one page of ac_account_get_applications(): logo (loaded asynchronously through the
 * shared AcImageLoader, a placeholder until then and on failure), name, protocol badge,
 * domain and description. The paging bar moves between pages ("Page 2 of 4") and sets the page
 * size (10, 20, 50), each a fetch from the server; the search entry filters the current page by
 * name, domain and description (ac_application_matches()). The page follows the account's store and
 * its state, whoever loads it (the session at sign-in and on Refresh); it fetches on its own
 * only when nobody does (a page shown on its own).
 *
 * An AcPage. Errors are shown inline (an AdwStatusPage with a Retry button), never as toasts;
 * after an expiry the page fetches again once its session is ready again. The "loading"
 * property (and "busy") is TRUE while the store loads. Actions: "applications.reload",
 * "applications.previous-page", "applications.next-page".
 */
GtkWidget  *ac_applications_page_new          (AcAccount          *account);
AcAccount  *ac_applications_page_get_account  (AcApplicationsPage *self);
gboolean    ac_applications_page_get_loading  (AcApplicationsPage *self);
void        ac_applications_page_reload       (AcApplicationsPage *self);

G_END_DECLS
