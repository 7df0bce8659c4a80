/* ac-custom-field.h: a user-defined field and its value (authing-api.md §6.4)
 *
 * On the wire the value is always a string (or null). The typed accessors decode it the way the
 * JS SDK does; ac_custom_field_type_parse_input() goes the other way, from what the person typed
 * to the native JSON value `udfs/values` expects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

const char        *ac_custom_field_type_to_string    (AcCustomFieldType   type);
AcCustomFieldType  ac_custom_field_type_from_string  (const char         *string);
JsonNode          *ac_custom_field_type_parse_input  (AcCustomFieldType   type,
                                                      const char         *text,
                                                      const char * const *option_values,
                                                      GError            **error);

#define AC_TYPE_CUSTOM_FIELD (ac_custom_field_get_type ())

G_DECLARE_FINAL_TYPE (AcCustomField, ac_custom_field, AC, CUSTOM_FIELD, GObject)

AcCustomField      *ac_custom_field_new_from_json      (JsonObject     *object,
                                                        GError        **error);
const char         *ac_custom_field_get_key            (AcCustomField  *self);
const char         *ac_custom_field_get_label          (AcCustomField  *self);
AcCustomFieldType   ac_custom_field_get_data_type      (AcCustomField  *self);
const char         *ac_custom_field_get_value          (AcCustomField  *self);
const char * const *ac_custom_field_get_option_values  (AcCustomField  *self);
const char * const *ac_custom_field_get_option_labels  (AcCustomField  *self);
const char         *ac_custom_field_get_option_label   (AcCustomField  *self,
                                                        const char     *value);
gboolean            ac_custom_field_get_number         (AcCustomField  *self,
                                                        double         *out,
                                                        GError        **error);
gboolean            ac_custom_field_get_boolean        (AcCustomField  *self,
                                                        gboolean       *out,
                                                        GError        **error);
GDateTime          *ac_custom_field_get_datetime       (AcCustomField  *self,
                                                        GError        **error);
JsonNode           *ac_custom_field_get_object         (AcCustomField  *self,
                                                        GError        **error);
JsonNode           *ac_custom_field_parse_input        (AcCustomField  *self,
                                                        const char     *text,
                                                        GError        **error);
/* A change of the field: the same key, label, type and choices with a new value (the text as
 * the person typed it; NULL or "" clears the field). For ac_account_save_custom_fields_async(). */
AcCustomField      *ac_custom_field_new_changed        (AcCustomField  *self,
                                                        const char     *value);

G_END_DECLS
