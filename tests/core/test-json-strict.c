/* test-json-strict.c: ac_json_parse() against the shared table of strict JSON cases
 *
 * tests/fixtures/json-strict/accept/ and reject/ hold one case per file, as raw bytes. The
 * emulator's JSON reader is checked against the same table, so both sides of the wire agree
 * on what JSON is (RFC 8259). Every file of accept/ must parse; every file of reject/ must be
 * refused with AC_ERROR_INVALID_RESPONSE, by the strict check itself (ac_json_validate()) and
 * not only by json-glib, with a message that is text. limits/ holds valid syntax beyond a limit
 * each side sets for itself; the expectations of the client are in limits[] below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

/* Fewer cases than this means the table went missing: fail rather than pass on nothing. */
#define MIN_CASES 20

static char *
table_dir (const char *which)
{
  const char *root = g_getenv ("AC_SOURCE_ROOT") ? g_getenv ("AC_SOURCE_ROOT") : SOURCE_ROOT;

  return g_build_filename (root, "tests", "fixtures", "json-strict", which, NULL);
}

static GBytes *
read_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
test_accept (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GBytes) bytes = read_case (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);

  g_assert_true (ac_json_validate (text, length, &error));
  g_assert_no_error (error);

  node = ac_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
test_reject (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GBytes) bytes = read_case (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) validate_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);

  node = ac_json_parse_bytes (bytes, &error);
  if (node != NULL)
    g_error ("%s was accepted", path);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  g_assert_false (ac_json_validate (text, length, &validate_error));
  g_assert_error (validate_error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

/* limits/: valid RFC 8259 syntax (or, for the empty text, the edge of it) beyond a limit that
 * RFC 8259 §9 lets each reader set. Each side states its own: the client refuses numbers a double
 * or a gint64 cannot hold, nesting deeper than AC_JSON_MAX_DEPTH and an empty answer. A file
 * missing here fails the test, so a new limit case gets a decision. */
static const struct { const char *file; gboolean accepted; } limits[] = {
  { "core-depth-128.json", TRUE },
  { "core-depth-129.json", FALSE },
  { "core-empty.json", FALSE },
  { "core-int-overflow.json", FALSE },
  { "core-int-underflow.json", FALSE },
  { "core-number-overflows-double-negative.json", FALSE },
  { "core-number-overflows-double.json", FALSE },
  { "exponent-overflow-is-valid-syntax.json", FALSE },
  { "integer-beyond-int64-is-valid-syntax.json", FALSE },
  { "nesting-65-levels.json", TRUE },
};

static void
test_limit (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_str_equal (limits[i].file, name))
      {
        if (limits[i].accepted)
          test_accept (path);
        else
          test_reject (path);
        return;
      }
  g_error ("%s: a limits/ case without a decision in test-json-strict.c", name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static guint
add_cases (const char    *which,
           GTestDataFunc  func)
{
  g_autofree char *dir_path = table_dir (which);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/core/json-strict/%s/%s", which, file);

      /* the path string lives as long as the test program */
      g_test_add_data_func (test_path, g_build_filename (dir_path, file, NULL), func);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  guint n_accept, n_reject;

  g_test_init (&argc, &argv, NULL);

  n_accept = add_cases ("accept", test_accept);
  n_reject = add_cases ("reject", test_reject);
  add_cases ("limits", test_limit);
  if (n_accept < MIN_CASES || n_reject < MIN_CASES)
    g_error ("the json-strict table has %u accept and %u reject cases, expected at least %u each",
             n_accept, n_reject, MIN_CASES);

  return g_test_run ();
}
