/* ac-field-error.h: the message of a field that is not valid, right under its row
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A row (an AdwPreferencesRow) for the same boxed list as field_row, to add right after it: hidden until there is an
 * error, then the message (without the field's name: the row above names it). Not focusable. */
GtkWidget  *ac_field_error_row_new       (GtkWidget  *field_row);
/* Shows message (NULL: none) under the field and marks field_row with the "error" style; the
 * message describes the field for assistive technologies. */
void        ac_field_error_row_set       (GtkWidget  *error_row,
                                          GtkWidget  *field_row,
                                          const char *message);
const char *ac_field_error_row_get_text  (GtkWidget  *error_row);
/* Scrolls field_row into view and puts the focus in it (its entry, or the row). */
void        ac_field_error_focus_row     (GtkWidget  *field_row);

G_END_DECLS
