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
 * server, which filters. On construction the page fetches namespace "default", every type,
 * unless the store already holds exactly that.
 *
 * Errors are shown inline (an AdwStatusPage with a Retry button), never as toasts; an
 * expired session also asks the enclosing AcWindow to sign in again, then fetches again. The
 * "loading" property is TRUE while a fetch runs. The action "resources.reload" (and
 * ac_resources_page_reload()) fetches the current filter again.
 */
GtkWidget  *ac_resources_page_new          (AcAccount       *account);
AcAccount  *ac_resources_page_get_account  (AcResourcesPage *self);
gboolean    ac_resources_page_get_loading  (AcResourcesPage *self);
void        ac_resources_page_reload       (AcResourcesPage *self);

G_END_DECLS
