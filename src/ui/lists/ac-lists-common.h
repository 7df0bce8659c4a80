/* ac-lists-common.h: small helpers shared by the list pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Loads ac-lists.css into the default display once. Called by each page's init. */
void ac_lists_ensure_style (void);

/* Sets @label to @text and hides it when @text is NULL or empty. */
void ac_lists_set_label    (GtkLabel   *label,
                            const char *text);

/* Shows @error in @status (a readable text, see ac_describe_error()). When the session expired
 * and the page is in an AcWindow, also asks the window to sign in again, then calls
 * @reload (@page) so that the page fetches again. */
void ac_lists_show_error   (GtkWidget     *page,
                            AdwStatusPage *status,
                            const GError  *error);
void ac_lists_reauthenticate (GtkWidget    *page,
                              const GError *error,
                              void        (*reload) (gpointer page));

/* A page function: update_view(), retry after signing in, … of one list page. */
typedef void (*AcListPageFunc) (gpointer page);

/* The loading, error and retry plumbing of a list page, embedded in the page's instance
 * struct and filled in its init (after gtk_widget_init_template()):
 *
 *   self->loader = (AcListLoader) { .page = GTK_WIDGET (self), .what = "roles", … };
 *
 * A load is ac_list_loader_start() (its cancellable goes to the account's _async()) and, in
 * the callback that gets the loader as user data, the _finish() error given to
 * ac_list_loader_finish(). */
typedef struct
{
  GtkWidget      *page;           /* not a reference: the loader lives in the page */
  GParamSpec     *loading_pspec;  /* the page's "loading" property */
  const char     *what;           /* for debug messages, e.g. "roles" */
  GtkStack       *stack;          /* views "loading", "error", "empty", "no-results", "list" */
  GtkSpinner     *spinner;
  AdwStatusPage  *error_status;
  AcListPageFunc  update_view;    /* shows the current state; calls ac_list_loader_show() */
  AcListPageFunc  loaded;         /* (nullable): after a successful load, before update_view */
  AcListPageFunc  retry;          /* loads again after the person signed in again */

  /* read-only for the page */
  GCancellable   *cancellable;
  GError         *error;          /* why the last load failed, or NULL */
  gboolean        loading;
} AcListLoader;

GCancellable *ac_list_loader_start  (AcListLoader *loader);
void          ac_list_loader_finish (AcListLoader *loader,
                                     GError       *error);
void          ac_list_loader_show   (AcListLoader *loader,
                                     gboolean      empty,
                                     gboolean      no_results);
void          ac_list_loader_clear  (AcListLoader *loader);

G_END_DECLS
