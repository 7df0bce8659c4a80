/* fuzz-custom-field.c: the custom-field editor's input parsing and the wire value decoders
 *
 * Input: one byte choosing the data type (modulo the 7 AcCustomFieldType values), then the
 * text the person typed, then optionally a nul byte and the SELECT choices separated by nul
 * bytes. The text goes through ac_custom_field_type_parse_input() (what the editor sends) and,
 * as a field's wire value, through every typed accessor (what the page shows). Checked: an
 * answer or an AC_ERROR_INVALID_INPUT, never both; what is sent reads back as the same value
 * (numbers and objects through ac_json_parse(), dates through ac_json_parse_datetime()); a
 * value the page can show as a number, a boolean, a date or an object is accepted by the
 * editor as the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ac-core.h"
#include "ac-json.h"
#include "fuzz-common.h"

#define MAX_OPTIONS 32

static double
node_number (JsonNode *node)
{
  FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  FUZZ_CHECK (json_node_get_value_type (node) == G_TYPE_DOUBLE);
  return json_node_get_double (node);
}

/* What is sent (written with ac_json_to_string(), as everything sent must be) is JSON that
 * ac_json_parse() reads back as the same value. */
static JsonNode *
reparse (JsonNode *node)
{
  g_autofree char *text = ac_json_to_string (node, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *again = ac_json_parse (text, -1, &error);

  if (again == NULL)
    {
      fprintf (stderr, "the value sent is not read back: %s\n%s\n", error->message, text);
      abort ();
    }
  return again;
}

static JsonNode *
parse_input (AcCustomFieldType   type,
             const char         *text,
             const char * const *options)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = ac_custom_field_type_parse_input (type, text, options, &error);

  FUZZ_CHECK ((node != NULL) != (error != NULL));
  if (error != NULL)
    {
      FUZZ_CHECK (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  return node;
}

static void
check_sent (AcCustomFieldType   type,
            const char         *text,
            const char * const *options,
            JsonNode           *node)
{
  g_autoptr(JsonNode) again = reparse (node);

  switch (type)
    {
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
      {
        double value = node_number (node);

        FUZZ_CHECK (isfinite (value));
        FUZZ_CHECK (node_number (again) == value);
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
      FUZZ_CHECK (json_node_get_boolean (again) == json_node_get_boolean (node));
      break;

    case AC_CUSTOM_FIELD_TYPE_DATETIME:
      {
        g_autofree char *stripped = g_strstrip (g_strdup (text));
        g_autoptr(GDateTime) typed = ac_json_parse_datetime (stripped);
        g_autoptr(GDateTime) sent = NULL;

        FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
        sent = ac_json_parse_datetime (json_node_get_string (node));
        if (sent == NULL)
          {
            fprintf (stderr, "the date sent, “%s”, is not read back\n", json_node_get_string (node));
            abort ();
          }
        FUZZ_CHECK (typed != NULL);
        FUZZ_CHECK (g_date_time_equal (typed, sent));
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_SELECT:
      FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
      FUZZ_CHECK (g_str_equal (json_node_get_string (node), text));
      if (options[0] != NULL)
        FUZZ_CHECK (g_strv_contains (options, text));
      break;

    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (node));
      FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (again));
      FUZZ_CHECK (json_node_equal (node, again));
      break;

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
      FUZZ_CHECK (g_str_equal (json_node_get_string (node), text));
      FUZZ_CHECK (g_str_equal (json_node_get_string (again), text));
      break;
    }
}

static gboolean
is_milliseconds (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy[0] == '-' ? copy + 1 : copy;

  if (*p == '\0')
    return FALSE;
  for (; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* The same text as a field's wire value: what the page shows, and the editor accepts it. */
static void
check_field (AcCustomFieldType   type,
             const char         *text,
             const char * const *options)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) choices = json_array_new ();
  g_autoptr(AcCustomField) field = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  g_autoptr(GDateTime) datetime = NULL;
  g_autoptr(JsonNode) shown_object = NULL;
  g_autoptr(JsonNode) edited = NULL;
  const char *wire_type = ac_custom_field_type_to_string (type);
  double number;
  gboolean boolean;

  for (guint i = 0; options[i] != NULL; i++)
    {
      g_autoptr(JsonObject) choice = json_object_new ();

      json_object_set_string_member (choice, "value", options[i]);
      json_object_set_string_member (choice, "label", options[i]);
      json_array_add_object_element (choices, g_steal_pointer (&choice));
    }

  json_object_set_string_member (object, "key", "field");
  json_object_set_string_member (object, "label", "Field");
  json_object_set_string_member (object, "dataType", wire_type != NULL ? wire_type : "COLOUR");
  json_object_set_string_member (object, "value", text);
  json_object_set_array_member (object, "options", json_array_ref (choices));

  field = ac_custom_field_new_from_json (object, &error);
  if (strlen (text) > AC_JSON_MAX_STRING_LENGTH)
    {
      FUZZ_CHECK (field == NULL && error != NULL);
      return;
    }
  FUZZ_CHECK (field != NULL && error == NULL);
  FUZZ_CHECK (ac_custom_field_get_data_type (field) == type);
  FUZZ_CHECK (g_str_equal (ac_custom_field_get_value (field), text));

  edited = ac_custom_field_parse_input (field, text, &error);
  FUZZ_CHECK ((edited != NULL) != (error != NULL));
  g_clear_pointer (&edited, json_node_unref);
  g_clear_error (&error);

  if (ac_custom_field_get_number (field, &number, &e1))
    {
      g_autoptr(JsonNode) sent = parse_input (AC_CUSTOM_FIELD_TYPE_NUMBER, text, NULL);

      FUZZ_CHECK (isfinite (number));
      /* 2^63 or more cannot be sent as JSON by json-glib 1.6: refused in the editor */
      if (fabs (number) >= 9223372036854775808.0)
        FUZZ_CHECK (sent == NULL);
      else
        {
          FUZZ_CHECK (sent != NULL);
          FUZZ_CHECK (node_number (sent) == number);
        }
    }
  else
    FUZZ_CHECK (e1 != NULL && e1->domain == AC_ERROR);

  if (ac_custom_field_get_boolean (field, &boolean, &e2))
    {
      g_autoptr(JsonNode) sent = parse_input (AC_CUSTOM_FIELD_TYPE_BOOLEAN, text, NULL);

      FUZZ_CHECK (sent != NULL);
      FUZZ_CHECK (json_node_get_boolean (sent) == boolean);
    }
  else
    FUZZ_CHECK (e2 != NULL && e2->domain == AC_ERROR);

  datetime = ac_custom_field_get_datetime (field, &e3);
  FUZZ_CHECK ((datetime != NULL) != (e3 != NULL));
  if (datetime != NULL && !is_milliseconds (text))
    {
      g_autoptr(JsonNode) sent = parse_input (AC_CUSTOM_FIELD_TYPE_DATETIME, text, NULL);
      g_autoptr(GDateTime) read_back = NULL;
      g_autoptr(GDateTime) utc = g_date_time_to_utc (datetime);

      /* sent in UTC, so refused when that is before the year 1 or after 9999 */
      if (utc == NULL)
        FUZZ_CHECK (sent == NULL);
      else
        {
          FUZZ_CHECK (sent != NULL);
          read_back = ac_json_parse_datetime (json_node_get_string (sent));
          FUZZ_CHECK (read_back != NULL);
          FUZZ_CHECK (g_date_time_equal (read_back, datetime));
        }
    }

  shown_object = ac_custom_field_get_object (field, &e4);
  FUZZ_CHECK ((shown_object != NULL) != (e4 != NULL));
  if (shown_object != NULL)
    {
      g_autoptr(JsonNode) sent = parse_input (AC_CUSTOM_FIELD_TYPE_OBJECT, text, NULL);

      FUZZ_CHECK (sent != NULL);
      FUZZ_CHECK (json_node_equal (sent, shown_object));
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AcCustomFieldType type;
  g_autofree char *text = NULL;
  const char *options[MAX_OPTIONS + 1] = { NULL, };
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  const uint8_t *end = data + size;
  const uint8_t *p;
  guint n_options = 0;

  if (size < 1)
    return 0;

  type = data[0] % (AC_CUSTOM_FIELD_TYPE_OBJECT + 1);
  p = data + 1;

  {
    const uint8_t *nul = memchr (p, '\0', end - p);

    text = g_strndup ((const char *) p, (nul != NULL ? nul : end) - p);
    p = nul != NULL ? nul + 1 : end;
  }

  while (p < end && n_options < MAX_OPTIONS)
    {
      const uint8_t *nul = memchr (p, '\0', end - p);
      char *option = g_strndup ((const char *) p, (nul != NULL ? nul : end) - p);

      g_ptr_array_add (owned, option);
      options[n_options++] = option;
      p = nul != NULL ? nul + 1 : end;
    }

  node = parse_input (type, text, options);
  if (!g_utf8_validate (text, -1, NULL))
    FUZZ_CHECK (node == NULL);
  if (node != NULL)
    check_sent (type, text, options, node);

  /* the wire side only ever holds text that was valid JSON, so valid UTF-8, and a choice's
   * value is never empty (ac_custom_field_new_from_json() refuses that) */
  if (g_utf8_validate (text, -1, NULL))
    {
      const char *wire_options[MAX_OPTIONS + 1] = { NULL, };
      guint n = 0;

      for (guint i = 0; i < n_options; i++)
        if (*options[i] != '\0' && g_utf8_validate (options[i], -1, NULL))
          wire_options[n++] = options[i];
      check_field (type, text, wire_options);
    }

  return 0;
}
