/* test-avatar.c: ac_avatar_process() on large photos, which it decodes at a fraction of their
 * size: the result is the size the whole picture gives, upright, and a cut file is still
 * refused. (The round trip to the server is in tests/client/test-client-write.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "core-test-util.h"
#include "ac-avatar.h"

/* Left half red, right half blue */
static GdkPixbuf *
two_halves (int      width,
            int      height,
            gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * n_channels;
        gboolean left = x < width / 2;

        p[0] = left ? 220 : 20;
        p[1] = 20;
        p[2] = left ? 20 : 220;
        if (alpha)
          p[3] = 200;
      }

  return pixbuf;
}

/* A JPEG whose APP1 Exif segment says Orientation = @orientation. */
static GBytes *
jpeg_with_orientation (GdkPixbuf *pixbuf,
                       guint16    orientation)
{
  g_autofree char *jpeg = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  GByteArray *out = g_byte_array_new ();
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0x00, 0x00,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,
    orientation >> 8, orientation & 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", &error, "quality", "85", NULL));
  g_assert_no_error (error);
  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, size - 2);

  return g_byte_array_free_to_bytes (out);
}

static GFile *
write_temp (GBytes     *bytes,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static const guint8 *
pixel (GdkPixbuf *pixbuf,
       int        x,
       int        y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
         (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
}

static gboolean
is_red (const guint8 *p)
{
  return p[0] > 150 && p[2] < 100;
}

static gboolean
is_blue (const guint8 *p)
{
  return p[0] < 100 && p[2] > 150;
}

static void
test_sizes (void)
{
  static const struct {
    int width, height;
    guint16 orientation;
    int avatar_width, avatar_height;
  } cases[] = {
    /* decoded at 1/4 (750 × 500): turned a quarter, then scaled as the whole picture would be */
    { 3000, 2000, 6, 341, 512 },
    { 3000, 2000, 8, 341, 512 },
    { 3000, 2000, 1, 512, 341 },
    { 3000, 2000, 3, 512, 341 },
    /* 1/8 for the first, 1/2 for the second, 1 for the third: never smaller than the avatar */
    { 4500, 4100, 1, 512, 466 },
    { 1100, 1000, 5, 465, 512 },
    { 1023, 700, 6, 350, 512 },
    /* thin: the short side still follows the whole picture's rounding */
    { 4000, 30, 1, 512, 3 },
    { 30, 4000, 6, 512, 3 },
    /* small: kept as it is */
    { 400, 300, 6, 300, 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkPixbuf) original = two_halves (cases[i].width, cases[i].height, FALSE);
      g_autoptr(GBytes) jpeg = jpeg_with_orientation (original, cases[i].orientation);
      g_autoptr(GFile) file = write_temp (jpeg, "photo.jpg");
      g_autoptr(GError) error = NULL;
      g_autofree char *content_type = NULL;
      g_autoptr(GBytes) encoded = ac_avatar_process (file, &content_type, NULL, &error);
      g_autoptr(GdkPixbuf) avatar = NULL;
      int w, h;

      g_test_message ("%d×%d, orientation %u", cases[i].width, cases[i].height, cases[i].orientation);
      g_assert_no_error (error);
      g_assert_cmpstr (content_type, ==, "image/jpeg");
      avatar = decode (encoded);
      w = gdk_pixbuf_get_width (avatar);
      h = gdk_pixbuf_get_height (avatar);
      g_assert_cmpint (w, ==, cases[i].avatar_width);
      g_assert_cmpint (h, ==, cases[i].avatar_height);

      /* upright: where the red half went */
      if (w >= 16 && h >= 16)
        switch (cases[i].orientation)
          {
          case 1:
            g_assert_true (is_red (pixel (avatar, w / 4, h / 2)));
            g_assert_true (is_blue (pixel (avatar, 3 * w / 4, h / 2)));
            break;
          case 3:   /* half a turn: red on the right */
            g_assert_true (is_blue (pixel (avatar, w / 4, h / 2)));
            g_assert_true (is_red (pixel (avatar, 3 * w / 4, h / 2)));
            break;
          case 6:   /* a quarter clockwise: red on top */
          case 5:   /* transposed: red on top */
            g_assert_true (is_red (pixel (avatar, w / 2, h / 4)));
            g_assert_true (is_blue (pixel (avatar, w / 2, 3 * h / 4)));
            break;
          case 8:   /* a quarter anticlockwise: red at the bottom */
            g_assert_true (is_blue (pixel (avatar, w / 2, h / 4)));
            g_assert_true (is_red (pixel (avatar, w / 2, 3 * h / 4)));
            break;
          default:
            g_assert_not_reached ();
          }

      g_file_delete (file, NULL, NULL);
    }
}

/* A photo cut short is refused, also when it is decoded at a fraction of its size. */
static void
test_truncated_large (void)
{
  g_autoptr(GdkPixbuf) original = two_halves (3000, 2000, FALSE);
  g_autoptr(GBytes) jpeg = jpeg_with_orientation (original, 6);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) * 6 / 10);
  g_autoptr(GFile) file = write_temp (cut, "cut.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = ac_avatar_process (file, NULL, NULL, &error);

  g_assert_null (encoded);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_file_delete (file, NULL, NULL);
}

/* A JPEG with @extra appended to its APP1 Exif segment (after IFD0), as a thumbnail is. */
static GBytes *
jpeg_with_app1_extra (GdkPixbuf    *pixbuf,
                      const guint8 *extra,
                      gsize         extra_size)
{
  g_autoptr(GBytes) plain = jpeg_with_orientation (pixbuf, 1);
  const guint8 *data = g_bytes_get_data (plain, NULL);
  gsize size = g_bytes_get_size (plain);
  GByteArray *out = g_byte_array_new ();
  guint length = 0x22 + extra_size;
  guint8 length_bytes[2] = { length >> 8, length & 0xff };

  /* SOI, then APP1 whose length is bytes 4-5 and whose body ends at 2 + 0x24 */
  g_byte_array_append (out, data, 4);
  g_byte_array_append (out, length_bytes, 2);
  g_byte_array_append (out, data + 6, 0x24 - 4);
  g_byte_array_append (out, extra, extra_size);
  g_byte_array_append (out, data + 2 + 0x24, size - 2 - 0x24);

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
cut_bytes (GBytes *bytes,
           gsize   keep)
{
  return g_bytes_new_from_bytes (bytes, 0, keep);
}

static void
assert_refused (GBytes     *bytes,
                const char *name)
{
  g_autoptr(GFile) file = write_temp (bytes, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = ac_avatar_process (file, NULL, NULL, &error);

  if (encoded != NULL)
    g_error ("%s was accepted", name);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_file_delete (file, NULL, NULL);
}

static void
assert_accepted (GBytes     *bytes,
                 const char *name)
{
  g_autoptr(GFile) file = write_temp (bytes, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = ac_avatar_process (file, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (encoded);
  g_file_delete (file, NULL, NULL);
}

/* The end of a JPEG is looked for in its bytes (GdkPixbuf fills a cut one with grey). */
static void
test_jpeg_end (void)
{
  g_autoptr(GdkPixbuf) small = two_halves (400, 300, FALSE);
  g_autoptr(GBytes) plain = jpeg_with_orientation (small, 1);
  gsize size = g_bytes_get_size (plain);
  /* an Exif thumbnail: a JPEG of its own, with its own end, inside APP1 */
  const guint8 thumbnail[] = { 0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0xff, 0xd9 };
  g_autoptr(GBytes) with_thumbnail = jpeg_with_app1_extra (small, thumbnail, sizeof thumbnail);
  g_autoptr(GBytes) thumbnail_cut = cut_bytes (with_thumbnail, g_bytes_get_size (with_thumbnail) / 2);
  g_autoptr(GBytes) small_cut = cut_bytes (plain, size * 7 / 10);
  g_autoptr(GBytes) no_eoi = cut_bytes (plain, size - 2);
  g_autoptr(GByteArray) trailing = g_byte_array_new ();
  g_autoptr(GBytes) with_trailer = NULL;

  g_byte_array_append (trailing, g_bytes_get_data (plain, NULL), size);
  g_byte_array_append (trailing, (const guint8 *) "\0\0trailer of a camera\xff\xd8", 24);
  with_trailer = g_byte_array_free_to_bytes (g_steal_pointer (&trailing));

  assert_accepted (plain, "plain.jpg");
  assert_accepted (with_thumbnail, "thumbnail.jpg");
  assert_accepted (with_trailer, "trailer.jpg");
  assert_refused (small_cut, "small-cut.jpg");
  assert_refused (no_eoi, "no-eoi.jpg");
  assert_refused (thumbnail_cut, "thumbnail-cut.jpg");
}

/* Other formats are decoded whole, and keep their alpha. */
static void
test_large_png (void)
{
  g_autoptr(GdkPixbuf) original = two_halves (1500, 1000, TRUE);
  g_autofree char *png = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GdkPixbuf) avatar = NULL;
  g_autofree char *content_type = NULL;

  g_assert_true (gdk_pixbuf_save_to_buffer (original, &png, &size, "png", &error, NULL));
  bytes = g_bytes_new (png, size);
  file = write_temp (bytes, "large.png");

  encoded = ac_avatar_process (file, &content_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "image/png");
  avatar = decode (encoded);
  g_assert_true (gdk_pixbuf_get_has_alpha (avatar));
  g_assert_cmpint (gdk_pixbuf_get_width (avatar), ==, 512);
  g_assert_cmpint (gdk_pixbuf_get_height (avatar), ==, 341);
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/avatar/sizes", test_sizes);
  g_test_add_func ("/core/avatar/truncated-large", test_truncated_large);
  g_test_add_func ("/core/avatar/jpeg-end", test_jpeg_end);
  g_test_add_func ("/core/avatar/large-png", test_large_png);

  return g_test_run ();
}
