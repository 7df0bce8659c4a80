/* ac-lists-common.h: small helpers shared by the list pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-application.h"

G_BEGIN_DECLS

/* Loads ac-lists.css into the default display once. Called by each page's init. */
void ac_lists_ensure_style (void);

/* Gives @view its row factory when it first comes on screen (its "map"), or now when it is on
 * screen already. Until then its model is there (the page is filled: its items, counts and
 * empty state) but no row is made: pages made at sign-in and not shown do not make rows, as a
 * list view does not make the rows scrolled out of view. */
void ac_lists_set_factory_when_shown (GtkListView        *view,
                                      GtkListItemFactory *factory);

/* Sets @label to @text and hides it when @text is NULL or empty; an ellipsizing label gets
 * the whole text as its tooltip. */
void ac_lists_set_label    (GtkLabel   *label,
                            const char *text);

/* Shows @error in @status (a readable text, see ac_describe_error()), with an icon for a
 * network failure. */
void ac_lists_show_error   (AdwStatusPage *status,
                            const GError  *error);

/* The page where a person signs in to @application: its domain as a URL ("https://" before a
 * host name, ".authing.cn" after a bare identifier); NULL when it has none. */
char *ac_lists_application_url (AcApplication *application);

/* Opens @uri in the browser (gtk_show_uri) for @widget's window. Tests catch it with
 * ac_lists_set_show_uri_func() instead. */
typedef void (*AcListsShowUriFunc) (const char *uri,
                                    gpointer    user_data);
void  ac_lists_show_uri          (GtkWidget          *widget,
                                  const char         *uri);
void  ac_lists_set_show_uri_func (AcListsShowUriFunc  func,
                                  gpointer            user_data);

G_END_DECLS
