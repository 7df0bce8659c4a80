/* ac-custom-fields-page.h: one editor per custom field, by data type
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"

G_BEGIN_DECLS

#define AC_TYPE_CUSTOM_FIELDS_PAGE (ac_custom_fields_page_get_type ())

G_DECLARE_FINAL_TYPE (AcCustomFieldsPage, ac_custom_fields_page, AC, CUSTOM_FIELDS_PAGE, AdwBin)

GtkWidget  *ac_custom_fields_page_new          (AcAccount          *account);
gboolean    ac_custom_fields_page_get_can_save (AcCustomFieldsPage *self);
gboolean    ac_custom_fields_page_get_busy     (AcCustomFieldsPage *self);
void        ac_custom_fields_page_save         (AcCustomFieldsPage *self);
void        ac_custom_fields_page_discard      (AcCustomFieldsPage *self);
/* The editor of a field key: AdwEntryRow (STRING, NUMBER), AdwActionRow with a GtkSwitch
 * (BOOLEAN) or with date and time pickers (DATETIME), AdwComboRow (SELECT), a row with a
 * GtkTextView (OBJECT). */
GtkWidget  *ac_custom_fields_page_get_row      (AcCustomFieldsPage *self,
                                                const char         *key);
/* The widget that holds the value: the row itself, the GtkSwitch, or the GtkTextView. */
GtkWidget  *ac_custom_fields_page_get_editor   (AcCustomFieldsPage *self,
                                                const char         *key);
/* The text being edited for a key, as sent (before conversion to its JSON type). */
char       *ac_custom_fields_page_get_text     (AcCustomFieldsPage *self,
                                                const char         *key);
/* Sets a DATETIME field as its pickers would. */
void        ac_custom_fields_page_set_datetime (AcCustomFieldsPage *self,
                                                const char         *key,
                                                GDateTime          *datetime);
/* The validation error shown under a field, or NULL. */
const char *ac_custom_fields_page_get_field_error (AcCustomFieldsPage *self,
                                                   const char         *key);
/* The message of the last failed save, or NULL. */
const char *ac_custom_fields_page_get_error    (AcCustomFieldsPage *self);

G_END_DECLS
