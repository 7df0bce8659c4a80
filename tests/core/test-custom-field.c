/* test-custom-field.c: AcCustomField, its typed accessors and the input parser of the editors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

static GPtrArray *
load_fields (const char *fixture)
{
  g_autoptr(JsonNode) root = core_test_load_fixture (fixture);
  JsonArray *array = json_node_get_array (root);
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      AcCustomField *field = ac_custom_field_new_from_json (json_array_get_object_element (array, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (fields, field);
    }

  return fields;
}

static AcCustomField *
field_from (const char  *json,
            GError     **error)
{
  g_autoptr(JsonNode) root = core_test_parse (json);

  return ac_custom_field_new_from_json (json_node_get_object (root), error);
}

static void
test_example (void)
{
  g_autoptr(GPtrArray) fields = load_fields ("udvs.json");
  AcCustomField *school;
  g_autoptr(GError) error = NULL;
  double number = 0;

  g_assert_cmpuint (fields->len, ==, 1);
  school = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (ac_custom_field_get_key (school), ==, "school");
  g_assert_cmpstr (ac_custom_field_get_label (school), ==, "学校");
  g_assert_cmpint (ac_custom_field_get_data_type (school), ==, AC_CUSTOM_FIELD_TYPE_STRING);
  g_assert_cmpstr (ac_custom_field_get_value (school), ==, "华中科技大学");
  g_assert_null (ac_custom_field_get_option_values (school)[0]);

  g_assert_false (ac_custom_field_get_number (school, &number, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static AcCustomField *
find (GPtrArray  *fields,
      const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (ac_custom_field_get_key (g_ptr_array_index (fields, i)), key))
      return g_ptr_array_index (fields, i);

  g_assert_not_reached ();
}

static void
test_typed_accessors (void)
{
  g_autoptr(GPtrArray) fields = load_fields ("udvs-all-types.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) hired = NULL;
  g_autoptr(GDateTime) born = NULL;
  g_autoptr(JsonNode) prefs = NULL;
  AcCustomField *shirt;
  AcCustomField *unset;
  AcCustomField *future;
  AcCustomFieldType type = AC_CUSTOM_FIELD_TYPE_UNKNOWN;
  g_auto(GStrv) labels = NULL;
  double number = 0;
  gboolean boolean = FALSE;

  g_assert_cmpuint (fields->len, ==, 10);

  g_assert_true (ac_custom_field_get_number (find (fields, "age"), &number, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (number, ==, 30);
  g_assert_true (ac_custom_field_get_number (find (fields, "height"), &number, &error));
  g_assert_cmpfloat (number, ==, 1.75);

  g_assert_true (ac_custom_field_get_boolean (find (fields, "vegetarian"), &boolean, &error));
  g_assert_true (boolean);

  hired = ac_custom_field_get_datetime (find (fields, "hired"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (hired), ==, 1614556800);

  /* A number of milliseconds, as the JS SDK decodes it */
  born = ac_custom_field_get_datetime (find (fields, "born"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (born), ==, 642902400);

  prefs = ac_custom_field_get_object (find (fields, "prefs"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (prefs), "theme"), ==, "dark");

  shirt = find (fields, "shirt");
  g_assert_cmpint (ac_custom_field_get_data_type (shirt), ==, AC_CUSTOM_FIELD_TYPE_SELECT);
  g_assert_cmpstrv (ac_custom_field_get_option_values (shirt), ((const char *[]) { "m", "l", NULL }));
  g_assert_cmpstrv (ac_custom_field_get_option_labels (shirt), ((const char *[]) { "M", "L", NULL }));
  g_assert_cmpstr (ac_custom_field_get_option_label (shirt, "l"), ==, "L");
  g_assert_null (ac_custom_field_get_option_label (shirt, "xl"));
  g_object_get (shirt, "data-type", &type, "option-labels", &labels, NULL);
  g_assert_cmpint (type, ==, AC_CUSTOM_FIELD_TYPE_SELECT);
  g_assert_cmpstrv (labels, ((const char *[]) { "M", "L", NULL }));

  /* No value yet: the accessors say so instead of inventing one */
  unset = find (fields, "unset");
  g_assert_null (ac_custom_field_get_value (unset));
  g_assert_false (ac_custom_field_get_number (unset, &number, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  future = find (fields, "future");
  g_assert_cmpint (ac_custom_field_get_data_type (future), ==, AC_CUSTOM_FIELD_TYPE_UNKNOWN);
  g_assert_cmpstr (ac_custom_field_get_value (future), ==, "x");
}

static void
test_bad_values (void)
{
  static const struct {
    const char *type;
    const char *value;
  } cases[] = {
    { "NUMBER", "" }, { "NUMBER", "thirty" }, { "NUMBER", "0x1F" }, { "NUMBER", "inf" },
    { "NUMBER", "NaN" }, { "NUMBER", "1e999" }, { "NUMBER", "3 4" }, { "NUMBER", "--1" },
    { "BOOLEAN", "yes" }, { "BOOLEAN", "1" }, { "BOOLEAN", "TRUE" }, { "BOOLEAN", "" },
    { "DATETIME", "yesterday" }, { "DATETIME", "2021-02-30T00:00:00Z" },
    { "DATETIME", "99999999999999999999" }, { "DATETIME", "" },
    { "OBJECT", "[1,2]" }, { "OBJECT", "\"text\"" }, { "OBJECT", "{\"a\":" }, { "OBJECT", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = g_strescape (cases[i].value, NULL);
      g_autofree char *json = g_strdup_printf ("{\"key\":\"k\",\"label\":\"K\",\"dataType\":\"%s\",\"value\":\"%s\"}",
                                               cases[i].type, value);
      g_autoptr(GError) error = NULL;
      g_autoptr(AcCustomField) field = field_from (json, &error);
      g_autoptr(GDateTime) datetime = NULL;
      g_autoptr(JsonNode) object = NULL;
      double number;
      gboolean boolean;
      gboolean ok = FALSE;

      g_assert_no_error (error);
      switch (ac_custom_field_get_data_type (field))
        {
        case AC_CUSTOM_FIELD_TYPE_NUMBER:
          ok = ac_custom_field_get_number (field, &number, &error);
          break;
        case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
          ok = ac_custom_field_get_boolean (field, &boolean, &error);
          break;
        case AC_CUSTOM_FIELD_TYPE_DATETIME:
          datetime = ac_custom_field_get_datetime (field, &error);
          ok = datetime != NULL;
          break;
        case AC_CUSTOM_FIELD_TYPE_OBJECT:
          object = ac_custom_field_get_object (field, &error);
          ok = object != NULL;
          break;
        default:
          g_assert_not_reached ();
        }

      if (ok)
        g_error ("%s value “%s” was accepted", cases[i].type, cases[i].value);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (strstr (error->message, "K"));
    }
}

static void
test_deep_object_value (void)
{
  GString *deep = g_string_new (NULL);
  g_autofree char *value = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcCustomField) field = NULL;
  g_autoptr(JsonNode) object = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  value = g_string_free (deep, FALSE);
  escaped = g_strescape (value, NULL);
  json = g_strdup_printf ("{\"key\":\"k\",\"dataType\":\"OBJECT\",\"value\":\"%s\"}", escaped);

  field = field_from (json, &error);
  /* 500000 bytes: over the per-field limit */
  g_assert_null (field);
  core_test_assert_invalid (error, "value");
  g_clear_error (&error);
  g_clear_pointer (&json, g_free);

  /* Small enough to be kept, too deep to be decoded */
  value[5 * 1000] = '\0';
  g_clear_pointer (&escaped, g_free);
  escaped = g_strescape (value, NULL);
  json = g_strdup_printf ("{\"key\":\"k\",\"dataType\":\"OBJECT\",\"value\":\"%s\"}", escaped);
  field = field_from (json, &error);
  g_assert_no_error (error);
  object = ac_custom_field_get_object (field, &error);
  g_assert_null (object);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static void
test_hostile (void)
{
  static const struct {
    const char *json;
    const char *member;
  } refused[] = {
    { "{}", "key" },
    { "{\"key\":null}", "key" },
    { "{\"key\":\"\"}", "key" },
    { "{\"key\":7}", "key" },
    { "{\"key\":\"k\",\"label\":{}}", "label" },
    { "{\"key\":\"k\",\"dataType\":1}", "dataType" },
    { "{\"key\":\"k\",\"value\":30}", "value" },
    { "{\"key\":\"k\",\"value\":true}", "value" },
    { "{\"key\":\"k\",\"value\":{\"theme\":\"dark\"}}", "value" },
    { "{\"key\":\"k\",\"options\":{}}", "options" },
    { "{\"key\":\"k\",\"options\":[\"m\"]}", "options[0]" },
    { "{\"key\":\"k\",\"options\":[{\"label\":\"M\"}]}", "value" },
    { "{\"key\":\"k\",\"options\":[{\"value\":\"m\",\"label\":5}]}", "label" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcCustomField) no_label = field_from ("{\"key\":\"k\",\"value\":null,\"options\":[{\"value\":3}],\"x\":[]}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ac_custom_field_get_label (no_label), ==, "k");
  g_assert_cmpint (ac_custom_field_get_data_type (no_label), ==, AC_CUSTOM_FIELD_TYPE_UNKNOWN);
  g_assert_cmpstrv (ac_custom_field_get_option_labels (no_label), ((const char *[]) { "3", NULL }));

  {
    g_autoptr(AcCustomField) no_options = field_from ("{\"key\":\"s\",\"dataType\":\"SELECT\",\"value\":\"a\",\"options\":[]}", &error);
    g_autoptr(JsonNode) any = NULL;

    g_assert_no_error (error);
    g_assert_null (ac_custom_field_get_option_values (no_options)[0]);
    /* with no known choices, the editor cannot refuse a value */
    any = ac_custom_field_parse_input (no_options, "b", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_node_get_string (any), ==, "b");
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(AcCustomField) field = field_from (refused[i].json, &error);

      if (field != NULL)
        g_error ("%s was accepted", refused[i].json);
      core_test_assert_invalid (error, refused[i].member);
      g_clear_error (&error);
    }

  g_assert_null (ac_custom_field_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static char *
parsed_to_string (AcCustomFieldType   type,
                  const char         *text,
                  const char * const *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ac_custom_field_type_parse_input (type, text, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return json_to_string (node, FALSE);
}

static void
assert_input_refused (AcCustomFieldType   type,
                      const char         *text,
                      const char * const *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ac_custom_field_type_parse_input (type, text, options, &error);

  if (node != NULL)
    g_error ("“%s” was accepted", text);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

static void
test_parse_input (void)
{
  const char * const options[] = { "m", "l", NULL };
  static const struct {
    AcCustomFieldType type;
    const char *text;
    const char *json;
  } accepted[] = {
    { AC_CUSTOM_FIELD_TYPE_STRING, "ucla", "\"ucla\"" },
    { AC_CUSTOM_FIELD_TYPE_STRING, "", "\"\"" },
    { AC_CUSTOM_FIELD_TYPE_STRING, "30", "\"30\"" },
    { AC_CUSTOM_FIELD_TYPE_UNKNOWN, "x", "\"x\"" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "30", "30" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, " -7 ", "-7" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "1.5", "1.5" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "1e3", "1000" },
    /* json-glib 1.6 would write these doubles as "1e+17.0", which is not JSON (fuzz-custom-field) */
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "1e17", "100000000000000000" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "-9e18", "-9000000000000000000" },
    { AC_CUSTOM_FIELD_TYPE_NUMBER, "9007199254740993", "9007199254740992" },
    { AC_CUSTOM_FIELD_TYPE_BOOLEAN, "true", "true" },
    { AC_CUSTOM_FIELD_TYPE_BOOLEAN, "No", "false" },
    { AC_CUSTOM_FIELD_TYPE_BOOLEAN, "1", "true" },
    { AC_CUSTOM_FIELD_TYPE_DATETIME, "2021-03-01", "\"2021-03-01T00:00:00Z\"" },
    { AC_CUSTOM_FIELD_TYPE_DATETIME, "2021-03-01T09:30:00+08:00", "\"2021-03-01T01:30:00Z\"" },
    { AC_CUSTOM_FIELD_TYPE_DATETIME, " 2021-03-01 09:30:00 ", "\"2021-03-01T09:30:00Z\"" },
    { AC_CUSTOM_FIELD_TYPE_SELECT, "l", "\"l\"" },
    { AC_CUSTOM_FIELD_TYPE_OBJECT, "{\"theme\": \"dark\"}", "{\"theme\":\"dark\"}" },
    { AC_CUSTOM_FIELD_TYPE_OBJECT, " {} ", "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *json = parsed_to_string (accepted[i].type, accepted[i].text, options);

      g_assert_cmpstr (json, ==, accepted[i].json);
    }

  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "thirty", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "12abc", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "Infinity", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "1e400", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "1e19", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, "-1e300", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_NUMBER, NULL, NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_BOOLEAN, "maybe", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_BOOLEAN, "", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_DATETIME, "next week", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_DATETIME, "2021-02-30", NULL);
  /* valid, but out of GDateTime's range in UTC (fuzz-custom-field) */
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_DATETIME, "0001-01-01T00:00:00+01:00", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_DATETIME, "9999-12-31T23:30:00-01:00", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_SELECT, "xl", options);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_SELECT, "", options);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_OBJECT, "[1]", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_OBJECT, "{\"a\":", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_OBJECT, "theme=dark", NULL);
  assert_input_refused (AC_CUSTOM_FIELD_TYPE_STRING, "\xff", NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ac_custom_field_type_parse_input (AC_CUSTOM_FIELD_TYPE_STRING, "a\xff", NULL, &error);

    /* not "too long": it is not text */
    g_assert_null (node);
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
    g_assert_null (strstr (error->message, "long"));
  }

  /* A SELECT without known choices takes any value */
  {
    g_autofree char *json = parsed_to_string (AC_CUSTOM_FIELD_TYPE_SELECT, "xl", NULL);
    g_assert_cmpstr (json, ==, "\"xl\"");
  }
}

static void
test_field_parse_input (void)
{
  g_autoptr(GPtrArray) fields = load_fields ("udvs-all-types.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) age = ac_custom_field_parse_input (find (fields, "age"), "31", &error);
  g_autoptr(JsonNode) shirt = NULL;
  g_autoptr(JsonNode) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (age), ==, 31);

  shirt = ac_custom_field_parse_input (find (fields, "shirt"), "l", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (shirt), ==, "l");

  bad = ac_custom_field_parse_input (find (fields, "shirt"), "xxl", &error);
  g_assert_null (bad);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
}

static void
test_types (void)
{
  static const char *names[] = { "STRING", "NUMBER", "BOOLEAN", "DATETIME", "SELECT", "OBJECT" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AcCustomFieldType type = ac_custom_field_type_from_string (names[i]);

      g_assert_cmpint (type, !=, AC_CUSTOM_FIELD_TYPE_UNKNOWN);
      g_assert_cmpstr (ac_custom_field_type_to_string (type), ==, names[i]);
    }
  g_assert_cmpint (ac_custom_field_type_from_string ("GEOPOINT"), ==, AC_CUSTOM_FIELD_TYPE_UNKNOWN);
  g_assert_cmpint (ac_custom_field_type_from_string (NULL), ==, AC_CUSTOM_FIELD_TYPE_UNKNOWN);
  g_assert_null (ac_custom_field_type_to_string (AC_CUSTOM_FIELD_TYPE_UNKNOWN));
}

static void
test_no_leak (void)
{
  GPtrArray *fields = load_fields ("udvs-all-types.json");
  g_autoptr(GPtrArray) weak = g_ptr_array_new ();

  for (guint i = 0; i < fields->len; i++)
    {
      gpointer *slot = g_new (gpointer, 1);

      *slot = g_ptr_array_index (fields, i);
      g_object_add_weak_pointer (*slot, slot);
      g_ptr_array_add (weak, slot);
    }

  g_ptr_array_unref (fields);
  for (guint i = 0; i < weak->len; i++)
    {
      g_assert_null (*(gpointer *) g_ptr_array_index (weak, i));
      g_free (g_ptr_array_index (weak, i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/custom-field/example", test_example);
  g_test_add_func ("/core/custom-field/typed-accessors", test_typed_accessors);
  g_test_add_func ("/core/custom-field/bad-values", test_bad_values);
  g_test_add_func ("/core/custom-field/deep-object-value", test_deep_object_value);
  g_test_add_func ("/core/custom-field/hostile", test_hostile);
  g_test_add_func ("/core/custom-field/parse-input", test_parse_input);
  g_test_add_func ("/core/custom-field/field-parse-input", test_field_parse_input);
  g_test_add_func ("/core/custom-field/types", test_types);
  g_test_add_func ("/core/custom-field/no-leak", test_no_leak);

  return g_test_run ();
}
