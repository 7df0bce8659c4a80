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

/* Shows @error in @status (a readable text, see ac_describe_error()), with an icon for a
 * network failure. */
void ac_lists_show_error   (AdwStatusPage *status,
                            const GError  *error);

G_END_DECLS
