/* ac-list-loader.h: the loading, error and retry plumbing of a list page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

/* A page function: update_view(), load(), … of one list page. */
typedef void (*AcListPageFunc) (gpointer page);

/* A list page shows one part of the account (its store). The account says whether that part
 * is loading and why it last failed, whoever started the load (the session at sign-in and on
 * Refresh, or the page when the person changes a filter, the page or presses Retry): the page
 * only follows. Embedded in the page's instance struct and filled in its init (after
 * gtk_widget_init_template()):
 *
 *   self->load_state = (AcListLoader) { .page = GTK_WIDGET (self), .part = …, … };
 *
 * then attached to the account when the page gets it. The page's own loads are
 * ac_list_loader_start() (its cancellable goes to the account's _async()) and, in the
 * callback that gets the loader as user data, ac_list_loader_finish() with the error. */
typedef struct
{
  GtkWidget      *page;           /* an AcPage; not a reference: the loader lives in the page */
  AcAccountPart   part;
  const char     *what;           /* for debug messages, e.g. "roles" */
  GtkStack       *stack;          /* views "loading", "error", "empty", "no-results", "list" */
  GtkSpinner     *spinner;
  AdwStatusPage  *error_status;
  AcListPageFunc  update_view;    /* shows the current state; calls ac_list_loader_show() */
  AcListPageFunc  loaded;         /* (nullable): the part was loaded, before update_view */
  AcListPageFunc  reload;         /* the page's load: Retry, and after signing in again */

  /* private */
  AcAccount      *account;
  GCancellable   *cancellable;    /* of the page's own load */
  gboolean        loading;        /* as last notified ("loading" and "busy") */
} AcListLoader;

void          ac_list_loader_attach      (AcListLoader *loader,
                                          AcAccount    *account);
/* Nobody loads the part (a page shown on its own, not after a sign-in), and the account is
 * signed in (a page made ahead for the next sign-in waits for its session to load it). */
gboolean      ac_list_loader_needs_load  (AcListLoader *loader);
GCancellable *ac_list_loader_start       (AcListLoader *loader);
void          ac_list_loader_finish      (AcListLoader *loader,
                                          GError       *error);
gboolean      ac_list_loader_get_loading (AcListLoader *loader);
const GError *ac_list_loader_get_error   (AcListLoader *loader);
void          ac_list_loader_show        (AcListLoader *loader,
                                          gboolean      empty,
                                          gboolean      no_results);
void          ac_list_loader_clear       (AcListLoader *loader);

G_END_DECLS
