/* ac-login-history-page.h: the sign-in history, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_LOGIN_HISTORY_PAGE (ac_login_history_page_get_type ())

G_DECLARE_FINAL_TYPE (AcLoginHistoryPage, ac_login_history_page, AC, LOGIN_HISTORY_PAGE, AdwBin)

GtkWidget *ac_login_history_page_new (AcAccount *account);

G_END_DECLS
