/* ac-resources-page.h: the resources the signed-in person is authorized for
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_RESOURCES_PAGE (ac_resources_page_get_type ())

G_DECLARE_FINAL_TYPE (AcResourcesPage, ac_resources_page, AC, RESOURCES_PAGE, AdwBin)

/*
 * Shows ac_account_get_resources(): code, a type badge, the actions as chips and the API
 * identifier. A namespace entry (default "default"; applied on Enter or after a short pause
 * in typing) and a type drop-down (All types, DATA, API, MENU, UI, BUTTON) re-fetch from the
 * server, which filters; both follow what the store was loaded for (a Refresh asks for the
 * same again). The page fetches on its own only when nobody loads the store (a page shown on
 * its own).
 *
 * An AcPage. Errors are shown inline (an AdwStatusPage with a Retry button), never as toasts;
 * after an expiry the page fetches again once its session is ready again. The "loading"
 * property (and "busy") is TRUE while the store loads. The action "resources.reload" (and
 * ac_resources_page_reload()) fetches the current filter again.
 */
GtkWidget  *ac_resources_page_new          (AcAccount       *account);
AcAccount  *ac_resources_page_get_account  (AcResourcesPage *self);
gboolean    ac_resources_page_get_loading  (AcResourcesPage *self);
void        ac_resources_page_reload       (AcResourcesPage *self);

G_END_DECLS
