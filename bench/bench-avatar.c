/* bench-avatar.c: ac_avatar_process() on a large photo, against GdkPixbuf's own scaled load
 *
 *   bench-avatar --generate PATH [--width W --height H]   write a photo-like JPEG with EXIF
 *                                                        orientation 6 (default 6000×4000)
 *   bench-avatar --measure PATH [--repeat R]             time and peak memory of both ways
 *
 * --measure prints one JSON line: {"bench":"avatar","pixels":..., "ac_ms":[...],
 * "ac_extra_mib":[...], "gdk_ms":[...], "gdk_extra_mib":[...], "width":W, "height":H,
 * "bytes":B, "content_type":...}. Extra memory is the peak resident size while processing
 * minus the resident size before (the peak is reset before each sample). The generating and
 * the measuring run in separate processes, so the generator's memory is not counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "ac-avatar.h"
#include "bench-common.h"

/* Smooth gradients with a little grain, so the JPEG is about as large as a camera's. */
static GdkPixbuf *
photo_like (int width,
            int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  guint32 seed = 12345;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;
        int grain;

        seed = seed * 1103515245 + 12345;
        grain = (int) ((seed >> 16) & 15) - 8;
        /* left half warm, right half cool, as the avatar test's halves */
        p[0] = CLAMP ((x < width / 2 ? 200 : 40) + grain + (y * 40 / height), 0, 255);
        p[1] = CLAMP (60 + grain + (x * 80 / width), 0, 255);
        p[2] = CLAMP ((x < width / 2 ? 40 : 200) + grain, 0, 255);
      }

  return pixbuf;
}

static int
generate (const char *path,
          int         width,
          int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = photo_like (width, height);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  gsize size = 0;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  /* APP1 Exif, big-endian TIFF, IFD0 with Orientation = 6 (turn clockwise) */
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0x00, 0x00,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", &error, "quality", "92", NULL))
    g_error ("%s", error->message);

  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, size - 2);
  if (!g_file_set_contents (path, (const char *) out->data, out->len, &error))
    g_error ("%s", error->message);

  printf ("{\"bench\":\"avatar-generate\",\"path\":\"%s\",\"width\":%d,\"height\":%d,\"bytes\":%u}\n",
          path, width, height, out->len);
  return 0;
}

/* GdkPixbuf alone: decode scaled into the box, turn upright, encode. */
static GBytes *
gdk_scaled (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) loaded = gdk_pixbuf_new_from_file_at_scale (path, AC_AVATAR_MAX_SIZE,
                                                                   AC_AVATAR_MAX_SIZE, TRUE, &error);
  g_autoptr(GdkPixbuf) upright = NULL;
  char *data = NULL;
  gsize size = 0;

  if (loaded == NULL)
    g_error ("%s", error->message);
  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (!gdk_pixbuf_save_to_buffer (upright, &data, &size, "jpeg", &error, "quality", "90", NULL))
    g_error ("%s", error->message);
  return g_bytes_new_take (data, size);
}

static GBytes *
ac_way (const char  *path,
        char       **content_type)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = ac_avatar_process (file, content_type, NULL, &error);

  if (bytes == NULL)
    g_error ("%s", error->message);
  return bytes;
}

static void
dimensions (GBytes *bytes,
            int    *width,
            int    *height)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    g_error ("%s", error->message);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  *width = gdk_pixbuf_get_width (pixbuf);
  *height = gdk_pixbuf_get_height (pixbuf);
}

static int
measure (const char *path,
         guint       repeat)
{
  g_autoptr(GArray) ac_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ac_mib = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gdk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gdk_mib = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) result = NULL;
  gboolean reset = TRUE;
  int width = 0, height = 0, gdk_width = 0, gdk_height = 0;

  /* warm up: the loader modules, the file in the page cache */
  g_bytes_unref (gdk_scaled (path));
  g_bytes_unref (ac_way (path, NULL));

  for (guint r = 0; r < repeat; r++)
    for (int way = 0; way < 2; way++)
      {
        g_autoptr(GBytes) bytes = NULL;
        gint64 before;
        double start, ms, mib;

        reset = bench_reset_peak_rss () && reset;
        before = bench_rss_kib ();
        start = bench_now ();
        if (way == 0)
          {
            g_clear_pointer (&content_type, g_free);
            bytes = ac_way (path, &content_type);
          }
        else
          bytes = gdk_scaled (path);
        ms = (bench_now () - start) * 1000;
        mib = (bench_peak_rss_kib () - before) / 1024.0;

        g_array_append_val (way == 0 ? ac_ms : gdk_ms, ms);
        g_array_append_val (way == 0 ? ac_mib : gdk_mib, mib);
        if (way == 0 && result == NULL)
          result = g_bytes_ref (bytes);
        if (way == 1 && gdk_width == 0)
          dimensions (bytes, &gdk_width, &gdk_height);
      }

  dimensions (result, &width, &height);
  g_string_append_printf (line, "{\"bench\":\"avatar\",\"path\":\"%s\",\"width\":%d,\"height\":%d,"
                          "\"bytes\":%" G_GSIZE_FORMAT ",\"content_type\":\"%s\","
                          "\"gdk_width\":%d,\"gdk_height\":%d,\"peak_reset\":%s",
                          path, width, height, g_bytes_get_size (result), content_type,
                          gdk_width, gdk_height, reset ? "true" : "false");
  bench_print_samples (line, "ac_ms", ac_ms);
  bench_print_samples (line, "ac_extra_mib", ac_mib);
  bench_print_samples (line, "gdk_ms", gdk_ms);
  bench_print_samples (line, "gdk_extra_mib", gdk_mib);
  g_string_append_c (line, '}');
  printf ("%s\n", line->str);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  const char *generate_path = NULL;
  const char *measure_path = NULL;
  int width = 6000, height = 4000;
  guint repeat = 5;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--generate") && i + 1 < argc)
        generate_path = argv[++i];
      else if (g_str_equal (argv[i], "--measure") && i + 1 < argc)
        measure_path = argv[++i];
      else if (g_str_equal (argv[i], "--width") && i + 1 < argc)
        width = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--height") && i + 1 < argc)
        height = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
        repeat = (guint) atoi (argv[++i]);
      else
        {
          fprintf (stderr, "usage: %s --generate PATH [--width W --height H] | --measure PATH [--repeat R]\n", argv[0]);
          return 2;
        }
    }

  if (generate_path != NULL)
    return generate (generate_path, width, height);
  if (measure_path != NULL)
    return measure (measure_path, MAX (repeat, 1));

  fprintf (stderr, "usage: %s --generate PATH | --measure PATH\n", argv[0]);
  return 2;
}
