/* session-test-util.c: helpers shared by the session tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "session-test-util.h"

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
st_wait_for_result (GAsyncResult **result,
                    guint          timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("No result after %u s", timeout_seconds);
  g_source_remove (id);
}

gboolean
st_wait_for_flag (gboolean *flag,
                  guint     timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

void
st_store_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || len < n)
    return n == 0;

  for (gsize i = 0; i + n <= len; i++)
    {
      if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
st_file_contains (const char *path,
                  const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  return contains_bytes (contents, len, needle);
}

static void
walk (const char *dir,
      const char *needle,
      GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk (path, needle, out);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               (needle == NULL || st_file_contains (path, needle)))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

GStrv
st_find_files_containing (const char *dir,
                          const char *needle)
{
  GPtrArray *out = g_ptr_array_new ();

  g_assert_nonnull (needle);
  walk (dir, needle, out);
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

GStrv
st_list_files (const char *dir)
{
  GPtrArray *out = g_ptr_array_new ();

  walk (dir, NULL, out);
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}
