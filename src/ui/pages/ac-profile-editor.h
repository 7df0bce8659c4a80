/* ac-profile-editor.h: the editor row of one profile field
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-user-info.h"

G_BEGIN_DECLS

/* One field of the profile page: an AdwEntryRow (text, web address), an AdwComboRow (gender),
 * an AdwActionRow with a searchable drop-down (time zone, locale) or with a date picker and a
 * clear button (birthdate);
 * its value as edited (normalized: gender U/M/F, date YYYY-MM-DD, "" when empty) against the
 * baseline it started from, and its validation error. */
typedef struct _AcProfileEditor AcProfileEditor;

typedef void (*AcProfileEditorFunc) (AcProfileEditor *editor,
                                     gpointer         user_data);

/* changed: the person changed the value; activated: Enter in a text row. */
AcProfileEditor      *ac_profile_editor_new          (const AcProfileField *field,
                                                      AcProfileEditorFunc   changed,
                                                      AcProfileEditorFunc   activated,
                                                      gpointer              user_data);
void                  ac_profile_editor_free         (AcProfileEditor      *editor);
const AcProfileField *ac_profile_editor_get_field    (AcProfileEditor      *editor);
GtkWidget            *ac_profile_editor_get_row      (AcProfileEditor      *editor);
/* The row of its error message, to add right after the editor's row. */
GtkWidget            *ac_profile_editor_get_error_row (AcProfileEditor     *editor);
/* The date picker of a date field, else NULL. */
GtkCalendar          *ac_profile_editor_get_calendar (AcProfileEditor      *editor);

/* The list of a time zone or locale field, else NULL; the item of value (added when the list
 * lacks it). */
GtkDropDown          *ac_profile_editor_get_drop_down (AcProfileEditor     *editor);
guint                 ac_profile_editor_find_choice  (AcProfileEditor      *editor,
                                                      const char           *value);

/* A value as the editor shows and compares it. */
char                 *ac_profile_editor_normalize    (const AcProfileField *field,
                                                      const char           *value);
char                 *ac_profile_editor_get_value    (AcProfileEditor      *editor);
/* Shows value (normalized); no "changed". */
void                  ac_profile_editor_set_value    (AcProfileEditor      *editor,
                                                      const char           *value);
/* A date field: as its picker would (NULL clears it), with "changed". */
void                  ac_profile_editor_set_date     (AcProfileEditor      *editor,
                                                      GDateTime            *date);
const char           *ac_profile_editor_get_baseline (AcProfileEditor      *editor);
void                  ac_profile_editor_set_baseline (AcProfileEditor      *editor,
                                                      const char           *value);
gboolean              ac_profile_editor_is_dirty     (AcProfileEditor      *editor);
/* Checks a changed value (a birthdate after today is refused); the error (NULL when valid)
 * does not name the field: it shows under the row, which takes the "error" style. */
void                  ac_profile_editor_validate     (AcProfileEditor      *editor);
const char           *ac_profile_editor_get_error    (AcProfileEditor      *editor);
/* Read-only (the administrator's policy): the value stays readable. */
void                  ac_profile_editor_set_editable (AcProfileEditor      *editor,
                                                      gboolean              editable);

G_END_DECLS
