/* ac-json.h: safe readers for JSON from outside (private to src/core)
 *
 * json-glib's json_object_get_*_member() warn or assert on a member of the wrong type; data from
 * the network must never do that. These helpers check the type and turn every surprise into an
 * AC_ERROR_INVALID_RESPONSE error that names the member.
 *
 * Parse every body from outside with ac_json_parse() or ac_json_parse_bytes(), never with
 * JsonParser directly: json-glib 1.6 overflows the stack on deeply nested input, silently
 * wraps integers that do not fit in 64 bits and accepts much that is not JSON (RFC 8259);
 * ac_json_parse() checks the text strictly first.
 *
 * Conventions shared by every getter:
 * - a member that is missing or JSON null is "absent": if @required, that is an error;
 *   otherwise string/strv/object/array/datetime outputs become NULL and scalar outputs
 *   (int64, double, boolean) are left unchanged, so callers initialise their defaults;
 * - a member of the wrong type is always an error;
 * - strings longer than AC_JSON_MAX_STRING_LENGTH bytes are an error;
 * - on error, outputs are left unchanged;
 * - strings, strv and datetimes are returned owned (free them); objects and arrays are borrowed
 *   from @object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-json-write.h"

G_BEGIN_DECLS

/* 64 KiB per string field */
#define AC_JSON_MAX_STRING_LENGTH (64 * 1024)
/* Nesting deeper than this is refused before json-glib sees it */
#define AC_JSON_MAX_DEPTH 128

JsonNode   *ac_json_parse             (const char   *data,
                                       gssize        length,
                                       GError      **error);

/* Called with each element of the streamed array in turn (@index counts from 0), then with a
 * NULL @element and the number of elements. Return %FALSE to be handed no more elements; the
 * end is still called. */
typedef gboolean (*AcJsonElementFunc) (JsonNode  *element,
                                       guint      index,
                                       gpointer   user_data);

JsonNode   *ac_json_parse_streaming   (const char        *data,
                                       gssize             length,
                                       const char        *member,
                                       AcJsonElementFunc  func,
                                       gpointer           user_data,
                                       GError           **error);
JsonNode   *ac_json_parse_bytes       (GBytes       *bytes,
                                       GError      **error);
gboolean    ac_json_validate          (const char   *data,
                                       gsize         length,
                                       GError      **error);
gboolean    ac_json_check_depth       (JsonNode     *node,
                                       guint         max_depth,
                                       GError      **error);
const char *ac_json_node_type_name    (JsonNode     *node);

gboolean    ac_json_get_string        (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       char        **out,
                                       GError      **error);
gboolean    ac_json_get_id            (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       char        **out,
                                       GError      **error);
gboolean    ac_json_get_int64         (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       gint64       *out,
                                       GError      **error);
gboolean    ac_json_get_double        (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       double       *out,
                                       GError      **error);
gboolean    ac_json_get_boolean       (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       gboolean     *out,
                                       GError      **error);
gboolean    ac_json_get_strv          (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       GStrv        *out,
                                       GError      **error);
gboolean    ac_json_get_object        (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       JsonObject  **out,
                                       GError      **error);
gboolean    ac_json_get_array         (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       JsonArray   **out,
                                       GError      **error);
gboolean    ac_json_get_datetime      (JsonObject   *object,
                                       const char   *member,
                                       gboolean      required,
                                       GDateTime   **out,
                                       GError      **error);
GDateTime  *ac_json_parse_datetime    (const char   *text);

gboolean    ac_text_contains          (const char   *haystack,
                                       const char   *needle);

G_END_DECLS
