/* ac-window-private.h: what ac-window.c (the view of the session), ac-window-pages.c (the
 * pages and the sidebar), ac-window-sign-in.c (the sign-in form) and ac-window-actions.c
 * (actions, dialogs, toasts) share
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-window.h"

G_BEGIN_DECLS

struct _AcWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *main_stack;
  AcSignInPage    *sign_in_page;
  AdwWindowTitle  *sign_in_title;
  AdwStatusPage   *loading_status;
  GtkSpinner      *loading_spinner;
  /* The account view (ac-window-account.ui), NULL until _ac_window_ensure_account_view() */
  AdwLeaflet      *leaflet;
  GtkListBox      *sidebar_list;
  GtkStack        *content_stack;
  AdwWindowTitle  *content_title;
  AdwAvatar       *header_avatar;
  GtkLabel        *header_name;
  GtkSpinner      *refresh_spinner;
  GtkWidget       *demo_bar;
  GtkRevealer     *notice_bar;
  GtkLabel        *notice_label;
  GtkRevealer     *countdown_bar;
  GtkLabel        *countdown_label;
  GtkRevealer     *sign_in_notice_bar;
  GtkLabel        *sign_in_notice_label;

  /* Owned references */
  AcSession       *session;
  AcPolicy        *policy;
  AcIdleMonitor   *idle_monitor;
  GSignalGroup    *account_signals;  /* the session's account */
  GSignalGroup    *page_signals;     /* the visible page */
  GBindingGroup   *page_bindings;    /* the visible page's stack page */
  GCancellable    *sign_in_cancellable;
  guint            warm_up_id;       /* connecting ahead to the form's server, soon */
  AcAccount       *pages_account;    /* the account the pages were made for (no reference:
                                      * they hold one); NULL without pages */
  guint            pages_build_id;   /* the pages being made while nobody waits for them */
  gboolean         first_loading;    /* the session's account is read for the first time */
  guint            show_account_id;  /* showing it, once the reads went out */
  GCancellable    *cancellable;      /* refresh, deletion, pictures: cancelled when closed */
  char            *last_toast;
  char            *countdown_text;

  /* Borrowed references */
  AdwToast        *toast;            /* the one shown, until dismissed */
  GtkWindow       *reauth_dialog;    /* weak */
  GtkWindow       *delete_dialog;    /* weak */

  guint            toast_timeout_id;
  AcSessionState   shown_state;
  gboolean         remember;
  gboolean         demo;
  gboolean         refreshing;
  gboolean         deleting;
  gboolean         delete_remember;
};

/* ac-window-pages.c */
void  _ac_window_ensure_account_view       (AcWindow      *self);
void  _ac_window_build_pages               (AcWindow      *self);
void  _ac_window_build_pages_soon          (AcWindow      *self,
                                            AcAccount     *account);
gboolean _ac_window_get_pages_built        (AcWindow      *self);
void  _ac_window_pages_built               (AcWindow      *self);
void  _ac_window_destroy_pages             (AcWindow      *self);
void  _ac_window_sidebar_row_activated_cb  (AcWindow      *self,
                                            GtkListBoxRow *row);
void  _ac_window_focus_page                (AcWindow      *self);
void  _ac_window_content_page_changed_cb   (AcWindow      *self);

/* ac-window-sign-in.c */
void  _ac_window_sign_in_submit_cb         (AcWindow      *self);
void  _ac_window_warm_up_soon              (AcWindow      *self);
void  _ac_window_sign_in_cancel_cb         (AcWindow      *self);
void  _ac_window_apply_server_policy       (AcWindow      *self);
void  _ac_window_application_changed_cb    (AcWindow      *self);
void  _ac_window_sign_in_setup             (AcWindow      *self);
void  _ac_window_sign_in_show_mfa          (AcWindow      *self);
void  _ac_window_sign_in_show_error        (AcWindow      *self,
                                            const GError  *error);

/* ac-window.c */
void  _ac_window_update_actions      (AcWindow     *self);
void  _ac_window_set_refreshing      (AcWindow     *self,
                                      gboolean      refreshing);

/* ac-window-actions.c */
void  _ac_window_class_init_actions  (GtkWidgetClass *widget_class);
void  _ac_window_add_toast           (AcWindow     *self,
                                      const char   *title);
void  _ac_window_present_reauth      (AcWindow     *self);
void  _ac_window_close_dialogs       (AcWindow     *self,
                                      gboolean      all);

/* ac-window-leave.c */
void  _ac_window_cancel_leave        (AcWindow     *self);

G_END_DECLS
