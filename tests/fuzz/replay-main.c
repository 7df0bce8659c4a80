/* replay-main.c: runs a fuzz target once on each file given (or each file of each folder
 * given), without libFuzzer, so the committed corpus and reproducers are replayed by every
 * build, also with gcc and under the sanitizers. Fails if nothing was replayed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"

static int
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      exit (1);
    }

  /* exactly as long as the input, not nul-terminated, as libFuzzer passes it */
  printf ("Running: %s\n", path);
  fflush (stdout);
  copy = g_malloc (MAX (length, 1));
  memcpy (copy, contents, length);
  LLVMFuzzerTestOneInput (copy, length);
  return 1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static int
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  int n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return 0;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);

      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        n += replay_file (child);
    }

  return n;
}

int
main (int   argc,
      char *argv[])
{
  int n = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      int here = replay_path (argv[i]);

      printf ("%s: %d inputs\n", argv[i], here);
      n += here;
    }

  printf ("replayed %d inputs, no crash\n", n);
  return n > 0 ? 0 : 1;
}
