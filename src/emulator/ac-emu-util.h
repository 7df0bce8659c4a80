/* ac-emu-util.h: rules shared by seeding and the routes (custom values, profile fields, times)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ac-emu-messages.h"

G_BEGIN_DECLS

extern const char * const ac_emu_profile_fields[];

char        *ac_emu_now_iso                  (void);
char        *ac_emu_time_iso                 (gint64        unix_seconds);

gboolean     ac_emu_is_data_type             (const char   *data_type);
gboolean     ac_emu_is_resource_type         (const char   *type);

/* Converts a custom field value to its wire string. On failure returns FALSE and
 * sets *expect (or *choices for SELECT, owned by the caller) to what was expected. */
gboolean     ac_emu_custom_value_to_wire     (const char   *data_type,
                                              JsonArray    *options,
                                              JsonNode     *value,
                                              char        **out_wire,
                                              AcEmuExpect  *expect,
                                              char        **choices);

/* Sign-in identifiers: a username may not look like an e-mail address (contains '@') or a
 * phone number (an optional '+', then at least 5 digits and nothing but digits, spaces, '-',
 * '(' and ')') unless it is the user's own e-mail address or phone number. */
gboolean     ac_emu_looks_like_email         (const char   *s);
gboolean     ac_emu_looks_like_phone         (const char   *s);
gboolean     ac_emu_username_allowed         (const char   *username,
                                              const char   *own_email,
                                              const char   *own_phone);

gboolean     ac_emu_profile_field_is_known   (const char   *key);
/* Checks one profile value (a string or null). Returns FALSE with *expect set. */
gboolean     ac_emu_profile_value_is_valid   (const char   *key,
                                              JsonNode     *value,
                                              AcEmuExpect  *expect);

const char  *ac_emu_json_get_string          (JsonObject   *object,
                                              const char   *member);
char        *ac_emu_json_to_string           (JsonNode     *node);
/* Parses JSON text (a stored value); NULL when text is NULL or not JSON */
JsonNode    *ac_emu_json_parse_text          (const char   *text);
/* Appends value as a JSON string (null for NULL) */
void         ac_emu_json_append_string       (GString      *out,
                                              const char   *value);
void         ac_emu_json_set_string_or_null  (JsonObject   *object,
                                              const char   *member,
                                              const char   *value);

G_END_DECLS
