/* ac-profile-changes.h: a typed set of profile changes, keyed by the profile field table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-user-info.h"

G_BEGIN_DECLS

#define AC_TYPE_PROFILE_CHANGES (ac_profile_changes_get_type ())

G_DECLARE_FINAL_TYPE (AcProfileChanges, ac_profile_changes, AC, PROFILE_CHANGES, GObject)

/* What a page hands to ac_account_update_profile_async(): the fields of ac_profile_fields()
 * that changed, each with its new value (NULL or "" clears the field). Only these are sent. */
AcProfileChanges   *ac_profile_changes_new         (void);
void                ac_profile_changes_set         (AcProfileChanges  *self,
                                                    const char        *key,
                                                    const char        *value);
void                ac_profile_changes_remove      (AcProfileChanges  *self,
                                                    const char        *key);
/* TRUE when key is in the changes; value (nullable) gets its new value, NULL to clear it. */
gboolean            ac_profile_changes_lookup      (AcProfileChanges  *self,
                                                    const char        *key,
                                                    const char       **value);
guint               ac_profile_changes_get_size    (AcProfileChanges  *self);
/* The keys that changed, in the order of the profile field table (NULL-terminated). */
const char        **ac_profile_changes_get_keys    (AcProfileChanges  *self);
/* Checks every new value with ac_profile_field_validate(); the error names the field
 * (AC_ERROR_INVALID_INPUT). */
gboolean            ac_profile_changes_validate    (AcProfileChanges  *self,
                                                    GError           **error);
/* The body of `profile/update`: { key: "value" | null }. Only src/core writes JSON. */
JsonObject         *ac_profile_changes_to_json     (AcProfileChanges  *self);

G_END_DECLS
