/* test-fuzz.c: mutated fixtures through ac_json_parse() and every model constructor
 *
 * Deterministic (fixed seeds): each mutant must give either an object or an error, never both,
 * never neither, and never crash, warn or leak (run under AddressSanitizer too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

#define ITERATIONS 10000

static const char *fixtures[] = {
  "user.json", "user-full.json", "applications.json", "orgs.json", "orgs-forest.json",
  "roles.json", "security-level.json", "resources.json", "udvs.json", "udvs-all-types.json",
};

/* Values that are wrong somewhere: spliced in place of a random byte range */
static const char *splices[] = {
  "null", "true", "0", "-1", "1e999", "99999999999999999999", "\"\"", "\"x\"", "[]", "{}",
  "[[[[[[", "]]]]", "{\"type\":\"org\"}", "{\"type\":\"node\",\"id\":\"6108e6fd552ad0a95a2ac771\"}",
  "\"\\u0000\"", "\"\\ud800\"", "\xff", ",", ":", "\"id\":1,",
};

typedef gpointer (*NewFromJson) (JsonObject *object, GError **error);

static void
check_result (gpointer  object,
              GError   *error)
{
  g_assert_true ((object != NULL) != (error != NULL));
  if (error != NULL)
    g_assert_true (error->domain == AC_ERROR);
}

static void
try_object (JsonObject *object)
{
  static NewFromJson constructors[] = {
    (NewFromJson) ac_user_info_new_from_json,
    (NewFromJson) ac_application_new_from_json,
    (NewFromJson) ac_organization_new_from_json,
    (NewFromJson) ac_role_new_from_json,
    (NewFromJson) ac_resource_new_from_json,
    (NewFromJson) ac_security_level_new_from_json,
    (NewFromJson) ac_custom_field_new_from_json,
  };

  for (guint i = 0; i < G_N_ELEMENTS (constructors); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer result = constructors[i] (object, &error);

      check_result (result, error);
      if (result != NULL && AC_IS_CUSTOM_FIELD (result))
        {
          g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
          g_autoptr(GDateTime) dt = NULL;
          g_autoptr(JsonNode) obj = NULL;
          double number;
          gboolean boolean;

          ac_custom_field_get_number (result, &number, &e1);
          ac_custom_field_get_boolean (result, &boolean, &e2);
          dt = ac_custom_field_get_datetime (result, &e3);
          obj = ac_custom_field_get_object (result, &e4);
        }
      if (result != NULL && AC_IS_USER_INFO (result))
        {
          g_autoptr(GError) merge_error = NULL;
          g_autoptr(AcUserInfo) merged = ac_user_info_merge (result, object, &merge_error);

          check_result (merged, merge_error);
          g_assert_nonnull (ac_user_info_get_display_name (result));
        }
      if (result != NULL && AC_IS_SECURITY_LEVEL (result))
        g_array_unref (ac_security_level_get_checks (result));
      g_clear_object (&result);
    }
}

static void
try_node (JsonNode *node)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      JsonNode *member;

      try_object (object);
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        if (JSON_NODE_HOLDS_OBJECT (member) || JSON_NODE_HOLDS_ARRAY (member))
          try_node (member);
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AcOrgForest) forest = ac_org_forest_new_from_json (array, &error);

    check_result (forest, error);
  }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        try_object (json_node_get_object (element));
    }
}

static char *
mutate (GRand      *rand,
        const char *text)
{
  GString *s = g_string_new (text);
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint k = 0; k < n && s->len > 0; k++)
    {
      gsize at = g_rand_int_range (rand, 0, s->len);

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:   /* truncate */
          g_string_truncate (s, at);
          break;
        case 1:   /* flip a byte */
          s->str[at] = (char) g_rand_int_range (rand, 1, 256);
          break;
        case 2:   /* splice a wrong value over a range */
          {
            gsize wanted = g_rand_int_range (rand, 0, 12);   /* MIN() evaluates twice */
            gsize length = MIN (wanted, s->len - at);

            g_string_erase (s, at, length);
            g_string_insert (s, at, splices[g_rand_int_range (rand, 0, G_N_ELEMENTS (splices))]);
          }
          break;
        default:  /* duplicate a range */
          {
            gsize wanted = g_rand_int_range (rand, 1, 40);
            gsize length = MIN (wanted, s->len - at);
            g_autofree char *copy = g_strndup (s->str + at, length);

            g_string_insert (s, g_rand_int_range (rand, 0, s->len), copy);
          }
          break;
        }
    }

  return g_string_free (s, FALSE);
}

static void
test_mutants (gconstpointer data)
{
  const char *fixture = data;
  g_autofree char *path = g_build_filename (g_getenv ("AC_SOURCE_ROOT") ? g_getenv ("AC_SOURCE_ROOT") : SOURCE_ROOT,
                                            "tests", "fixtures", "core", fixture, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (fixture));
  guint parsed = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  for (guint i = 0; i < ITERATIONS; i++)
    {
      g_autofree char *mutant = mutate (rand, text);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ac_json_parse (mutant, -1, &error);

      check_result (node, error);
      if (node != NULL)
        {
          parsed++;
          try_node (node);
        }
    }

  /* The mutations must leave enough valid JSON to reach the constructors */
  g_test_message ("%s: %u of %u mutants were valid JSON", fixture, parsed, ITERATIONS);
  g_assert_cmpuint (parsed, >, ITERATIONS / 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/fuzz/%s", fixtures[i]);

      g_test_add_data_func (name, fixtures[i], test_mutants);
    }

  return g_test_run ();
}
