/* ac-profile-page.h: the avatar and every field of updateProfile
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account.h"
#include "ac-policy.h"

G_BEGIN_DECLS

#define AC_TYPE_PROFILE_PAGE (ac_profile_page_get_type ())

G_DECLARE_FINAL_TYPE (AcProfilePage, ac_profile_page, AC, PROFILE_PAGE, AdwBin)

/* An AcPage. Properties: "account", "session" (nullable), "policy" (nullable: everything
 * allowed). */
GtkWidget  *ac_profile_page_new            (AcAccount     *account);
/* Whether something changed, everything is valid and no save is running. */
gboolean    ac_profile_page_get_can_save   (AcProfilePage *self);
gboolean    ac_profile_page_get_busy       (AcProfilePage *self);
/* Sends the changed fields (only those). */
void        ac_profile_page_save           (AcProfilePage *self);
void        ac_profile_page_discard        (AcProfilePage *self);
/* The editor row of a profile field key ("nickname", "gender", "birthdate", ...): an
 * AdwEntryRow, an AdwComboRow (gender) or an AdwActionRow (birthdate, time zone, locale). */
GtkWidget  *ac_profile_page_get_row        (AcProfilePage *self,
                                            const char    *key);
/* The value being edited for a key (gender as U/M/F, birthdate as YYYY-MM-DD, "" if empty). */
char       *ac_profile_page_get_value      (AcProfilePage *self,
                                            const char    *key);
/* Sets the birthdate as the date picker would (NULL clears it). */
void        ac_profile_page_set_birthdate  (AcProfilePage *self,
                                            GDateTime     *date);
GtkCalendar *ac_profile_page_get_calendar  (AcProfilePage *self);
/* Uploads the image as the file chooser's "accept" would. */
void        ac_profile_page_change_avatar  (AcProfilePage *self,
                                            GFile         *file);
AdwAvatar  *ac_profile_page_get_avatar     (AcProfilePage *self);
/* The message under the form after a failed save, or NULL. */
const char *ac_profile_page_get_error      (AcProfilePage *self);
const char *ac_profile_page_get_avatar_error (AcProfilePage *self);
/* The message under a field that is not valid, or NULL. */
const char *ac_profile_page_get_field_error (AcProfilePage *self,
                                             const char    *key);
/* The searchable list of a time zone or locale field ("zoneinfo", "locale"). */
GtkDropDown *ac_profile_page_get_drop_down (AcProfilePage *self,
                                            const char    *key);
/* Chooses value in that list as the person would. */
void        ac_profile_page_choose         (AcProfilePage *self,
                                            const char    *key,
                                            const char    *value);
/* Clears the picture as "Remove Picture" does. */
void        ac_profile_page_remove_avatar  (AcProfilePage *self);

G_END_DECLS
