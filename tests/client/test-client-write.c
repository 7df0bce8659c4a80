/* test-client-write.c: AcClient's writes (profile, custom fields, avatar, sign-out, deletion)
 * against a real emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

#include "ac-avatar.h"
#include "client-util.h"

static AcTestEmulator *emulator;

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* Profile ------------------------------------------------------------------------------------ */

static AcUserInfo *
update_profile (AcClient    *client,
                JsonObject  *changes,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_update_profile_async (client, changes, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_update_profile_finish (client, result, error);
}

static void
test_update_profile (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "bob", "Bob12345678Secure");
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) reread = NULL;
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  g_signal_connect (client, "notify::user", G_CALLBACK (count_cb), &notifies);

  json_object_set_string_member (changes, "nickname", "Bobby");
  json_object_set_string_member (changes, "company", "Example Inc. 例子");
  json_object_set_string_member (changes, "birthdate", "1990-05-17");
  user = update_profile (client, changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_nickname (user), ==, "Bobby");
  g_assert_cmpstr (ac_user_info_get_company (user), ==, "Example Inc. 例子");
  g_assert_cmpstr (ac_user_info_get_birthdate (user), ==, "1990-05-17");
  g_assert_true (ac_client_get_user (client) == user);
  g_assert_cmpuint (notifies, ==, 1);

  reread = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_nickname (reread), ==, "Bobby");
  g_assert_cmpstr (ac_user_info_get_company (reread), ==, "Example Inc. 例子");
}

static void
test_update_profile_refused (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "bob", "Bob12345678Secure");
  g_autoptr(GError) error = NULL;
  g_autofree char *nickname = g_strdup (ac_user_info_get_nickname (ac_client_get_user (client)));
  AcUserInfo *before = ac_client_get_user (client);

  /* e-mail cannot be changed here; the whole change is refused */
  {
    g_autoptr(JsonObject) changes = json_object_new ();
    g_autoptr(AcUserInfo) user = NULL;

    json_object_set_string_member (changes, "nickname", "Should not stick");
    json_object_set_string_member (changes, "email", "new@example.com");
    user = update_profile (client, changes, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
    g_assert_nonnull (strstr (error->message, "email"));
    g_assert_null (user);
    g_clear_error (&error);
  }

  /* an unknown field */
  {
    g_autoptr(JsonObject) changes = json_object_new ();
    g_autoptr(AcUserInfo) user = NULL;

    json_object_set_string_member (changes, "shoeSize", "42");
    user = update_profile (client, changes, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
    g_assert_nonnull (strstr (error->message, "shoeSize"));
    g_clear_error (&error);
  }

  /* a bad value */
  {
    g_autoptr(JsonObject) changes = json_object_new ();
    g_autoptr(AcUserInfo) user = NULL;

    json_object_set_string_member (changes, "gender", "X");
    user = update_profile (client, changes, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
    g_assert_nonnull (strstr (error->message, "gender"));
    g_clear_error (&error);
  }

  /* nothing changed, on either side */
  g_assert_true (ac_client_get_user (client) == before);
  {
    g_autoptr(AcUserInfo) reread = current_user (client, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_nickname (reread), ==, nickname);
  }
}

static void
test_update_profile_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (changes, "nickname", "Nobody");
  user = update_profile (client, changes, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (user);
}

/* Custom fields ------------------------------------------------------------------------------ */

static GPtrArray *
set_custom_fields (AcClient    *client,
                   JsonObject  *values,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_set_custom_fields_async (client, values, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_set_custom_fields_finish (client, result, error);
}

static GPtrArray *
get_custom_fields (AcClient  *client,
                   GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_get_custom_fields_finish (client, result, error);
}

static const char *
field_value (GPtrArray  *fields,
             const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (ac_custom_field_get_key (g_ptr_array_index (fields, i)), key) == 0)
      return ac_custom_field_get_value (g_ptr_array_index (fields, i));
  return NULL;
}

static void
test_set_custom_fields (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(JsonObject) prefs = json_object_new ();
  g_autoptr(GPtrArray) updated = NULL;
  g_autoptr(GPtrArray) reread = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (values, "school", "Stanford");
  json_object_set_int_member (values, "age", 31);
  json_object_set_boolean_member (values, "vegetarian", FALSE);
  json_object_set_string_member (values, "shirt", "l");
  json_object_set_string_member (prefs, "theme", "light");
  json_object_set_object_member (values, "prefs", json_object_ref (prefs));

  updated = set_custom_fields (client, values, &error);
  g_assert_no_error (error);
  g_assert_nonnull (updated);
  g_assert_cmpstr (field_value (updated, "school"), ==, "Stanford");

  reread = get_custom_fields (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (field_value (reread, "school"), ==, "Stanford");
  g_assert_cmpstr (field_value (reread, "age"), ==, "31");
  g_assert_cmpstr (field_value (reread, "vegetarian"), ==, "false");
  g_assert_cmpstr (field_value (reread, "shirt"), ==, "l");
  g_assert_nonnull (strstr (field_value (reread, "prefs"), "light"));
}

static void
test_set_custom_fields_refused (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *key; const char *json; } cases[] = {
    { "age", "\"old\"" },
    { "vegetarian", "\"yes\"" },
    { "shirt", "\"xxl\"" },
    { "nope", "1" },
  };

  before = get_custom_fields (client, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) values = json_object_new ();
      g_autoptr(GPtrArray) updated = NULL;

      /* a valid change along with the bad one must not stick either */
      json_object_set_string_member (values, "school", "Should not stick");
      json_object_set_member (values, cases[i].key, json_from_string (cases[i].json, NULL));
      updated = set_custom_fields (client, values, &error);
      g_test_message ("%s = %s", cases[i].key, cases[i].json);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
      g_assert_nonnull (strstr (error->message, cases[i].key));
      g_assert_null (updated);
      g_clear_error (&error);
    }

  after = get_custom_fields (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (field_value (after, "school"), ==, field_value (before, "school"));
}

static void
test_set_custom_fields_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(GPtrArray) updated = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (values, "school", "x");
  updated = set_custom_fields (client, values, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (updated);
}

/* Avatar ------------------------------------------------------------------------------------- */

/* A JPEG with an APP1 Exif segment whose IFD0 holds Orientation = @orientation, inserted right
 * after SOI. Big-endian TIFF. */
static GBytes *
jpeg_with_orientation (GdkPixbuf *pixbuf,
                       guint16    orientation)
{
  g_autofree char *jpeg = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  GByteArray *out;
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,                         /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0x00, 0x00,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,   /* TIFF header, IFD0 at 8 */
    0x00, 0x01,                                     /* one entry */
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, /* Orientation, SHORT, count 1 */
    orientation >> 8, orientation & 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,                         /* no next IFD */
  };

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", &error, "quality", "85", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint ((guint8) jpeg[0], ==, 0xff);
  g_assert_cmpuint ((guint8) jpeg[1], ==, 0xd8);

  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, size - 2);

  return g_byte_array_free_to_bytes (out);
}

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
        guint8 *p = pixels + y * stride + x * n_channels;
        gboolean left = x < width / 2;

        p[0] = left ? 220 : 20;
        p[1] = 20;
        p[2] = left ? 20 : 220;
        if (alpha)
          p[3] = 128;
      }

  return pixbuf;
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
download (const char *url,
          char      **content_type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();

  g_assert_nonnull (message);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL));

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, body, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);

  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static AcUserInfo *
change_avatar (AcClient  *client,
               GFile     *file,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_change_avatar_async (client, file, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_change_avatar_finish (client, result, error);
}

static void
test_avatar_round_trip (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(GdkPixbuf) original = two_halves (3000, 2000, FALSE);
  g_autoptr(GBytes) jpeg = jpeg_with_orientation (original, 6);
  g_autoptr(GFile) file = write_temp (jpeg, "rotated.jpg");
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) reread = NULL;
  g_autoptr(GdkPixbuf) avatar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  const char *photo;
  const guint8 *pixels;
  int stride, n_channels, w, h;

  /* the test picture itself is read as rotated by GdkPixbuf */
  {
    g_autoptr(GdkPixbuf) check = gdk_pixbuf_new_from_file (g_file_peek_path (file), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gdk_pixbuf_get_option (check, "orientation"), ==, "6");
  }

  user = change_avatar (client, file, &error);
  g_assert_no_error (error);
  photo = ac_user_info_get_photo (user);
  g_assert_nonnull (photo);
  g_assert_true (g_str_has_prefix (photo, ac_test_emulator_get_url (emulator)));
  g_assert_true (ac_client_get_user (client) == user);

  reread = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_photo (reread), ==, photo);

  avatar = download (photo, &content_type);
  g_assert_cmpstr (content_type, ==, "image/jpeg");
  w = gdk_pixbuf_get_width (avatar);
  h = gdk_pixbuf_get_height (avatar);
  g_test_message ("avatar %d×%d", w, h);
  /* upright (3000×2000 turned a quarter) and scaled down to fit 512×512 */
  g_assert_cmpint (h, ==, 512);
  g_assert_cmpint (w, >=, 340);
  g_assert_cmpint (w, <=, 342);

  /* orientation 6 turns clockwise: the red left half is now on top */
  pixels = gdk_pixbuf_read_pixels (avatar);
  stride = gdk_pixbuf_get_rowstride (avatar);
  n_channels = gdk_pixbuf_get_n_channels (avatar);
  {
    const guint8 *top = pixels + (h / 4) * stride + (w / 2) * n_channels;
    const guint8 *bottom = pixels + (3 * h / 4) * stride + (w / 2) * n_channels;

    g_assert_cmpint (top[0], >, 150);
    g_assert_cmpint (top[2], <, 100);
    g_assert_cmpint (bottom[0], <, 100);
    g_assert_cmpint (bottom[2], >, 150);
  }

  g_file_delete (file, NULL, NULL);
}

static void
test_avatar_alpha_small (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(GdkPixbuf) original = two_halves (120, 80, TRUE);
  g_autoptr(GFile) file = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GdkPixbuf) avatar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *content_type = NULL;
  gsize size;

  g_assert_true (gdk_pixbuf_save_to_buffer (original, &png, &size, "png", &error, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new (png, size);
    file = write_temp (bytes, "small.png");
  }

  user = change_avatar (client, file, &error);
  g_assert_no_error (error);

  /* kept as PNG with its alpha, and never scaled up */
  avatar = download (ac_user_info_get_photo (user), &content_type);
  g_assert_cmpstr (content_type, ==, "image/png");
  g_assert_true (gdk_pixbuf_get_has_alpha (avatar));
  g_assert_cmpint (gdk_pixbuf_get_width (avatar), ==, 120);
  g_assert_cmpint (gdk_pixbuf_get_height (avatar), ==, 80);

  g_file_delete (file, NULL, NULL);
}

static void
test_avatar_not_an_image (void)
{
  /* a client whose server does not exist: any network traffic would be AC_ERROR_NETWORK */
  g_autofree char *url = ac_test_closed_port_url ();
  g_autoptr(AcClient) client = ac_client_new (url, "app");
  g_autoptr(GError) error = NULL;
  const char *text = "This is not a picture.\n";
  g_autoptr(GBytes) text_bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GFile) text_file = write_temp (text_bytes, "notes.jpg");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/picture.png");
  g_autoptr(GFile) truncated = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  ac_client_set_session (client, "tok", NULL);

  user = change_avatar (client, text_file, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "notes.jpg"));
  g_assert_null (user);
  g_clear_error (&error);

  user = change_avatar (client, missing, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* the first kilobyte of a PNG */
  {
    g_autoptr(GdkPixbuf) pixbuf = two_halves (400, 400, TRUE);
    g_autofree char *png = NULL;
    gsize size;
    g_autoptr(GBytes) cut = NULL;

    g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", &error, NULL));
    g_assert_cmpuint (size, >, 1024);
    cut = g_bytes_new (png, 1024);
    truncated = write_temp (cut, "truncated.png");
  }
  user = change_avatar (client, truncated, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_file_delete (text_file, NULL, NULL);
  g_file_delete (truncated, NULL, NULL);
}

/* A GIF whose logical screen is 600×400 but whose only frame is 100×100 at (50, 50), encoded
 * by hand: LZW with 2-bit minimum code size, a Clear code before every two pixels so the codes
 * stay 3 bits wide. */
static GBytes *
gif_with_small_frame (void)
{
  GByteArray *gif = g_byte_array_new ();
  GByteArray *lzw = g_byte_array_new ();
  const guint8 header[] = {
    'G', 'I', 'F', '8', '9', 'a',
    0x58, 0x02, 0x90, 0x01,       /* 600 × 400 */
    0x80, 0x00, 0x00,             /* global colour table of 2 entries */
    0xdc, 0x14, 0x14,             /* 0: red */
    0x14, 0x14, 0xdc,             /* 1: blue */
    0x2c,                         /* image descriptor */
    0x32, 0x00, 0x32, 0x00,       /* at (50, 50) */
    0x64, 0x00, 0x64, 0x00,       /* 100 × 100 */
    0x00,
    0x02,                         /* LZW minimum code size */
  };
  guint32 bits = 0;
  guint n_bits = 0;
  guint n_pixels = 100 * 100;

#define PUT_CODE(code) G_STMT_START {                     \
    bits |= (guint32) (code) << n_bits;                    \
    n_bits += 3;                                           \
    while (n_bits >= 8)                                    \
      {                                                    \
        guint8 byte = bits & 0xff;                         \
        g_byte_array_append (lzw, &byte, 1);               \
        bits >>= 8;                                        \
        n_bits -= 8;                                       \
      }                                                    \
  } G_STMT_END

  for (guint i = 0; i < n_pixels; i += 2)
    {
      PUT_CODE (4);               /* Clear */
      PUT_CODE (0);
      if (i + 1 < n_pixels)
        PUT_CODE (0);
    }
  PUT_CODE (5);                   /* End of information */
  if (n_bits > 0)
    {
      guint8 byte = bits & 0xff;
      g_byte_array_append (lzw, &byte, 1);
    }
#undef PUT_CODE

  g_byte_array_append (gif, header, sizeof header);
  for (guint off = 0; off < lzw->len; off += 255)
    {
      guint8 size = MIN (255, lzw->len - off);

      g_byte_array_append (gif, &size, 1);
      g_byte_array_append (gif, lzw->data + off, size);
    }
  g_byte_array_append (gif, (const guint8 *) "\x00\x3b", 2);  /* end of data, trailer */
  g_byte_array_unref (lzw);

  return g_byte_array_free_to_bytes (gif);
}

static void
test_avatar_gif_small_frame (void)
{
  g_autoptr(GBytes) gif = gif_with_small_frame ();
  g_autoptr(GFile) file = write_temp (gif, "small-frame.gif");
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  GdkPixbuf *pixbuf;

  /* a valid picture even though its frame does not cover it: not mistaken for a cut file */
  encoded = ac_avatar_process (file, &content_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (encoded);

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, encoded, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 512);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 341);

  g_file_delete (file, NULL, NULL);
}

static void
test_avatar_refused_by_server (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("plain text, not a GIF", 21);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  /* the upload alone, with content that is no image: the server refuses it */
  ac_client_upload_image_async (client, bytes, "image/gif", NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  url = ac_client_upload_image_finish (client, result, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_UPLOAD_FAILED);
  g_assert_null (url);
}

static void
test_avatar_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GdkPixbuf) original = two_halves (64, 64, FALSE);
  g_autoptr(GBytes) jpeg = jpeg_with_orientation (original, 1);
  g_autoptr(GFile) file = write_temp (jpeg, "plain.jpg");
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  /* the upload needs no token, the profile update does */
  user = change_avatar (client, file, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (user);
  g_file_delete (file, NULL, NULL);
}

/* Sign-out ----------------------------------------------------------------------------------- */

static gboolean
sign_out (AcClient  *client,
          GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_sign_out_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_sign_out_finish (client, result, error);
}

static void
test_sign_out (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "carol", "carol");
  g_autoptr(AcClient) other = signed_in_client (emulator, "carol", "carol");
  g_autofree char *token = g_strdup (ac_client_get_token (client));
  g_autoptr(GError) error = NULL;
  guint signed_in_notifies = 0;

  g_signal_connect (client, "notify::signed-in", G_CALLBACK (count_cb), &signed_in_notifies);

  g_assert_true (sign_out (client, &error));
  g_assert_no_error (error);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_token (client));
  g_assert_null (ac_client_get_token_expires_at (client));
  g_assert_null (ac_client_get_user (client));
  g_assert_cmpuint (signed_in_notifies, ==, 1);

  /* the token was revoked on the server */
  {
    g_autoptr(AcUserInfo) user = NULL;

    ac_client_set_session (client, token, NULL);
    user = current_user (client, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
    g_clear_error (&error);
  }

  /* ...and only that one */
  {
    g_autoptr(AcUserInfo) user = current_user (other, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "carol");
  }

  /* signing out without a session is a no-op that succeeds */
  ac_client_forget_session (client);
  g_assert_true (sign_out (client, &error));
  g_assert_no_error (error);
}

static void
test_sign_out_server_gone (void)
{
  g_autoptr(AcTestEmulator) own = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (own, "carol", "carol");
  g_autoptr(GError) error = NULL;

  ac_test_emulator_kill (own);

  /* the server could not be told, but the session is forgotten all the same */
  g_assert_false (sign_out (client, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NETWORK);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user (client));
}

/* Deletion ----------------------------------------------------------------------------------- */

static gboolean
delete_account (AcClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_delete_account_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_delete_account_finish (client, result, error);
}

static void
test_delete_account (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, "dave", "dave-pass-4");
  g_autoptr(GError) error = NULL;

  g_assert_true (delete_account (client, &error));
  g_assert_no_error (error);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user (client));

  /* gone for good */
  sign_in (client, "dave", "dave-pass-4", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_false (ac_client_get_signed_in (client));
}

static void
test_delete_account_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;

  g_assert_false (delete_account (client, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/update-profile/success", test_update_profile);
  g_test_add_func ("/client/update-profile/refused", test_update_profile_refused);
  g_test_add_func ("/client/update-profile/not-signed-in", test_update_profile_not_signed_in);
  g_test_add_func ("/client/custom-fields/set", test_set_custom_fields);
  g_test_add_func ("/client/custom-fields/set/refused", test_set_custom_fields_refused);
  g_test_add_func ("/client/custom-fields/set/not-signed-in", test_set_custom_fields_not_signed_in);
  g_test_add_func ("/client/avatar/round-trip", test_avatar_round_trip);
  g_test_add_func ("/client/avatar/alpha-small", test_avatar_alpha_small);
  g_test_add_func ("/client/avatar/not-an-image", test_avatar_not_an_image);
  g_test_add_func ("/client/avatar/gif-small-frame", test_avatar_gif_small_frame);
  g_test_add_func ("/client/avatar/refused-by-server", test_avatar_refused_by_server);
  g_test_add_func ("/client/avatar/not-signed-in", test_avatar_not_signed_in);
  g_test_add_func ("/client/sign-out/success", test_sign_out);
  g_test_add_func ("/client/sign-out/server-gone", test_sign_out_server_gone);
  g_test_add_func ("/client/delete-account/success", test_delete_account);
  g_test_add_func ("/client/delete-account/not-signed-in", test_delete_account_not_signed_in);

  emulator = start_emulator (NULL);
  ret = g_test_run ();
  ac_test_emulator_free (emulator);

  return ret;
}
