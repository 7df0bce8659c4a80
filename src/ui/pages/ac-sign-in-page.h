/* ac-sign-in-page.h: host, application id, account and password, with inline errors
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AC_TYPE_SIGN_IN_PAGE (ac_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (AcSignInPage, ac_sign_in_page, AC, SIGN_IN_PAGE, AdwBin)

/* The page validates and collects; whoever owns it does the signing in. It emits
 * "submit" (Enter or the button, only when the form is complete and the host is a valid
 * http(s) URL) and "cancel" (while busy). */
GtkWidget  *ac_sign_in_page_new              (void);
const char *ac_sign_in_page_get_host         (AcSignInPage *self);
void        ac_sign_in_page_set_host         (AcSignInPage *self,
                                              const char   *host);
const char *ac_sign_in_page_get_app_id       (AcSignInPage *self);
void        ac_sign_in_page_set_app_id       (AcSignInPage *self,
                                              const char   *app_id);
const char *ac_sign_in_page_get_account      (AcSignInPage *self);
void        ac_sign_in_page_set_account      (AcSignInPage *self,
                                              const char   *account);
const char *ac_sign_in_page_get_password     (AcSignInPage *self);
void        ac_sign_in_page_set_password     (AcSignInPage *self,
                                              const char   *password);
gboolean    ac_sign_in_page_get_busy         (AcSignInPage *self);
void        ac_sign_in_page_set_busy         (AcSignInPage *self,
                                              gboolean      busy);
/* Hide the host and application id (when re-signing in, or locked by the administrator). */
void        ac_sign_in_page_set_server_locked (AcSignInPage *self,
                                               gboolean      locked);
void        ac_sign_in_page_set_title        (AcSignInPage *self,
                                              const char   *title,
                                              const char   *subtitle);
/* NULL hides the error. */
void        ac_sign_in_page_set_error        (AcSignInPage *self,
                                              const char   *message);
const char *ac_sign_in_page_get_error        (AcSignInPage *self);
/* Emits "submit" as Enter would, if the form allows it. Returns whether it did. */
gboolean    ac_sign_in_page_submit           (AcSignInPage *self);
void        ac_sign_in_page_focus_first_empty (AcSignInPage *self);
/* Checks a host URL; FALSE with a readable message when it is not an http(s) URL. */
gboolean    ac_sign_in_page_check_host       (const char   *host,
                                              char        **message);

G_END_DECLS
