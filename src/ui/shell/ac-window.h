/* ac-window.h: the main window: sign-in, then a sidebar of pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account-center.h"
#include "ac-core.h"
#include "ac-sign-in-page.h"

G_BEGIN_DECLS

#define AC_TYPE_WINDOW (ac_window_get_type ())

G_DECLARE_FINAL_TYPE (AcWindow, ac_window, AC, WINDOW, AdwApplicationWindow)

typedef void (*AcRetryFunc) (gpointer user_data);

/* Signals: "signed-in" (gboolean remember) after a session started; "signed-out" after a
 * sign-out or an account deletion, once everything of the person is gone. */
AcWindow     *ac_window_new                (AcAccountCenter *app);
AcClient     *ac_window_get_client         (AcWindow        *self);
AcAccount    *ac_window_get_account        (AcWindow        *self);
AcSignInPage *ac_window_get_sign_in_page   (AcWindow        *self);
/* The page widget of the sidebar entry NAME ("profile", "custom-fields", "security",
 * "applications", "organizations", "roles", "resources"), or NULL when signed out. */
GtkWidget    *ac_window_get_page           (AcWindow        *self,
                                            const char      *name);
void          ac_window_show_page          (AcWindow        *self,
                                            const char      *name);
/* "sign-in", "loading" or "account" */
const char   *ac_window_get_state          (AcWindow        *self);

/* Fills the sign-in form and submits it. remember: store host, app id and account in
 * GSettings after a successful sign-in. */
void          ac_window_sign_in            (AcWindow        *self,
                                            const char      *host,
                                            const char      *app_id,
                                            const char      *account,
                                            const char      *password,
                                            gboolean         remember);
/* Starts a session with a client that is already signed in (a remembered session), as a
 * successful sign-in would: pages, loading, then "signed-in". */
void          ac_window_resume_session     (AcWindow        *self,
                                            AcClient        *client);
void          ac_window_show_sign_in       (AcWindow        *self,
                                            const char      *error_message);
void          ac_window_show_busy          (AcWindow        *self,
                                            const char      *title);
void          ac_window_set_demo           (AcWindow        *self,
                                            gboolean         demo);
gboolean      ac_window_get_demo           (AcWindow        *self);

void          ac_window_add_toast          (AcWindow        *self,
                                            const char      *title);
/* The title of the last toast shown (for tests). */
const char   *ac_window_get_last_toast     (AcWindow        *self);

/* The session expired (an operation got AC_ERROR_NOT_LOGGED_IN): ask the person to sign in
 * again over the current state; once signed in, call retry. If they give up, destroy is
 * called without retry. */
void          ac_window_request_reauthentication (AcWindow       *self,
                                                  AcRetryFunc     retry,
                                                  gpointer        user_data,
                                                  GDestroyNotify  destroy);
/* The re-sign-in dialog while it is open, else NULL (for tests). */
GtkWindow    *ac_window_get_reauthentication_dialog (AcWindow   *self);
AcSignInPage *ac_window_get_reauthentication_page   (AcWindow   *self);

/* Opens the "Delete Account?" dialog and returns it. */
AdwMessageDialog *ac_window_open_delete_dialog (AcWindow    *self);
void          ac_window_refresh            (AcWindow        *self);
void          ac_window_sign_out           (AcWindow        *self);

/* Shows an error of an operation: a toast, or re-authentication for an expired session
 * (then retry is called after signing in again). Ignores G_IO_ERROR_CANCELLED. Returns
 * TRUE when it started re-authentication (retry/destroy are taken in every case). */
gboolean      ac_window_handle_error       (AcWindow        *self,
                                            const GError    *error,
                                            AcRetryFunc      retry,
                                            gpointer         user_data,
                                            GDestroyNotify   destroy);

/* A readable sentence for an error of the client. */
char         *ac_describe_error            (const GError    *error);
/* The name shown for a person: nickname, name, username, e-mail or phone. */
char         *ac_user_display_name         (AcUserInfo      *user);

G_END_DECLS
