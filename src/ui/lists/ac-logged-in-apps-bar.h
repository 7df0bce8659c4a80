/* ac-logged-in-apps-bar.h: the applications the person is signed in to, as a strip on the
 * Applications page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_LOGGED_IN_APPS_BAR (ac_logged_in_apps_bar_get_type ())

G_DECLARE_FINAL_TYPE (AcLoggedInAppsBar, ac_logged_in_apps_bar, AC, LOGGED_IN_APPS_BAR, AdwBin)

GtkWidget *ac_logged_in_apps_bar_new (AcAccount *account);

G_END_DECLS
