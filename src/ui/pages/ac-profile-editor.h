/* ac-profile-editor.h: the editor row of one profile field
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-user-info.h"

G_BEGIN_DECLS

/* One field of the profile page: an AdwEntryRow (text, web address, time zone, locale), an
 * AdwComboRow (gender) or an AdwActionRow with a date picker and a clear button (birthdate);
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
/* The date picker of a date field, else NULL. */
GtkCalendar          *ac_profile_editor_get_calendar (AcProfileEditor      *editor);

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
/* Checks a changed value; the error names the field (NULL when valid), and a text row shows
 * it. */
void                  ac_profile_editor_validate     (AcProfileEditor      *editor);
const char           *ac_profile_editor_get_error    (AcProfileEditor      *editor);
/* Read-only (the administrator's policy): the value stays readable. */
void                  ac_profile_editor_set_editable (AcProfileEditor      *editor,
                                                      gboolean              editable);

G_END_DECLS
