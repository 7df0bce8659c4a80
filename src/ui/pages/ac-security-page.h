/* ac-security-page.h: the security score, its checklist and the token
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_SECURITY_PAGE (ac_security_page_get_type ())

G_DECLARE_FINAL_TYPE (AcSecurityPage, ac_security_page, AC, SECURITY_PAGE, AdwBin)

GtkWidget   *ac_security_page_new              (AcAccount      *account);
GtkLevelBar *ac_security_page_get_level_bar    (AcSecurityPage *self);
/* "65 / 100" */
const char  *ac_security_page_get_score_text   (AcSecurityPage *self);
/* The checklist rows (AdwActionRow), in order. */
GPtrArray   *ac_security_page_get_check_rows   (AcSecurityPage *self);
const char  *ac_security_page_get_expiry_text  (AcSecurityPage *self);
void         ac_security_page_refresh_token    (AcSecurityPage *self);
gboolean     ac_security_page_get_busy         (AcSecurityPage *self);
/* The dialog the page opened last (password, e-mail, phone, two-step, or a confirmation), or
 * NULL once it is gone. The page's actions open them: security.change-password,
 * security.edit-email, security.edit-phone, security.unbind-email, security.unbind-phone,
 * security.two-step; so do the checklist's rows. */
GtkWindow   *ac_security_page_get_dialog       (AcSecurityPage *self);
/* Relative and absolute, e.g. "in 6 days (Sat 5 Dec 2026 10:21)". */
char        *ac_format_expiry                  (GDateTime      *expires,
                                                GDateTime      *now);

G_END_DECLS
