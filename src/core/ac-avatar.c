/* ac-avatar.c: turning a picked image into an avatar upload
 *
 * The picked file is decoded with GdkPixbuf, turned upright according to its EXIF orientation,
 * scaled down (never up) to fit AC_AVATAR_MAX_SIZE × AC_AVATAR_MAX_SIZE keeping its aspect ratio,
 * and encoded as JPEG, or as PNG when it has an alpha channel. A large JPEG (a camera's photo)
 * is decoded at 1/2, 1/4 or 1/8 of its size by libjpeg itself, never smaller than the avatar,
 * so a 24-megapixel photo never exists in memory at full size, and only the small picture is
 * turned and scaled. Anything that is not a readable
 * image is refused with AC_ERROR_INVALID_INPUT, before any network traffic. The decoding runs in
 * a GTask worker thread so the main loop never blocks on a large picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-avatar"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "ac-avatar.h"
#include "ac-error.h"

/* Refuse pictures whose decoded pixels alone would need more than ~400 MB. */
#define MAX_PIXELS (100 * 1000 * 1000)

typedef struct
{
  GBytes *bytes;
  char   *content_type;
} Encoded;

static void
encoded_free (Encoded *encoded)
{
  g_clear_pointer (&encoded->bytes, g_bytes_unref);
  g_clear_pointer (&encoded->content_type, g_free);
  g_free (encoded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Encoded, encoded_free)

typedef struct
{
  gboolean too_large;
  int      bottom;      /* the lowest row the decoder has filled in so far */
  int      width;       /* the size stored in the file */
  int      height;
} Progress;

/* The size of the avatar of a width × height picture: fit in the box, never scaled up. The
 * box is square, so turning the picture turns this size too. */
static void
avatar_size (int  width,
             int  height,
             int *w,
             int *h)
{
  if (width <= AC_AVATAR_MAX_SIZE && height <= AC_AVATAR_MAX_SIZE)
    {
      *w = width;
      *h = height;
    }
  else if (width >= height)
    {
      *w = AC_AVATAR_MAX_SIZE;
      *h = MAX (1, (int) ((gint64) height * AC_AVATAR_MAX_SIZE / width));
    }
  else
    {
      *h = AC_AVATAR_MAX_SIZE;
      *w = MAX (1, (int) ((gint64) width * AC_AVATAR_MAX_SIZE / height));
    }
}

static int
ceil_div (int n,
          int d)
{
  return (n + d - 1) / d;
}

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  Progress *progress = user_data;
  GdkPixbufFormat *format;
  g_autofree char *format_name = NULL;
  int w, h, d;

  progress->width = width;
  progress->height = height;

  if (width <= 0 || height <= 0 || (gint64) width * (gint64) height > MAX_PIXELS)
    {
      progress->too_large = TRUE;
      /* Ask for a tiny picture so the loader does not allocate the huge one. */
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }

  /* libjpeg decodes at 1/2, 1/4 or 1/8 of the size at a fraction of the cost. Ask for exactly
   * such a size (libjpeg rounds up), the smallest that is still no smaller than the avatar:
   * the loader then keeps what the decoder gives, row by row, so a cut file is still seen. */
  format = gdk_pixbuf_loader_get_format (loader);
  format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  if (g_strcmp0 (format_name, "jpeg") != 0)
    return;

  avatar_size (width, height, &w, &h);
  for (d = 8; d > 1; d /= 2)
    if (ceil_div (width, d) >= w && ceil_div (height, d) >= h)
      break;
  if (d > 1)
    gdk_pixbuf_loader_set_size (loader, ceil_div (width, d), ceil_div (height, d));
}

/* A truncated file still gives a picture (the missing part left blank): follow which rows the
 * decoder really filled, so such a file can be refused. */
static void
area_updated_cb (GdkPixbufLoader *loader,
                 int              x,
                 int              y,
                 int              width,
                 int              height,
                 gpointer         user_data)
{
  Progress *progress = user_data;

  progress->bottom = MAX (progress->bottom, y + height);
}

/* Whether a JPEG stream reaches its end (EOI) after its image data. GdkPixbuf's JPEG loader
 * fills the rows of a cut file with grey and reports them all as decoded, so the end is
 * looked for in the bytes: marker segments (an Exif thumbnail's own EOI among them) are
 * skipped by their length, and in the entropy-coded data only FF D9 is the end. */
typedef enum
{
  JPEG_START,
  JPEG_START_D8,
  JPEG_MARKER,
  JPEG_MARKER_CODE,
  JPEG_LENGTH_HIGH,
  JPEG_LENGTH_LOW,
  JPEG_SKIP,
  JPEG_DATA,
  JPEG_DATA_FF,
  JPEG_COMPLETE,
  JPEG_NOT_JPEG,
} JpegState;

typedef struct
{
  JpegState state;
  guint8    marker;
  guint     length;
} JpegEnd;

static void
segment_done (JpegEnd *end)
{
  end->state = end->marker == 0xda ? JPEG_DATA : JPEG_MARKER;   /* after SOS, the scan */
}

static void
jpeg_end_feed (JpegEnd      *end,
               const guint8 *data,
               gsize         size)
{
  const guint8 *p = data;
  const guint8 *stop = data + size;

  while (p < stop && end->state != JPEG_COMPLETE && end->state != JPEG_NOT_JPEG)
    {
      guint8 b;

      if (end->state == JPEG_SKIP)
        {
          gsize n = MIN ((gsize) end->length, (gsize) (stop - p));

          p += n;
          end->length -= n;
          if (end->length == 0)
            segment_done (end);
          continue;
        }
      if (end->state == JPEG_DATA)
        {
          const guint8 *ff = memchr (p, 0xff, stop - p);

          if (ff == NULL)
            return;
          p = ff + 1;
          end->state = JPEG_DATA_FF;
          continue;
        }

      b = *p++;
      switch (end->state)
        {
        case JPEG_START:
          end->state = b == 0xff ? JPEG_START_D8 : JPEG_NOT_JPEG;
          break;
        case JPEG_START_D8:
          end->state = b == 0xd8 ? JPEG_MARKER : JPEG_NOT_JPEG;
          break;
        case JPEG_MARKER:
          if (b == 0xff)
            end->state = JPEG_MARKER_CODE;
          break;
        case JPEG_MARKER_CODE:
        case JPEG_DATA_FF:
          if (b == 0xff)
            break;                                      /* fill bytes */
          if (b == 0xd9)
            end->state = JPEG_COMPLETE;                 /* EOI */
          else if (b == 0x00 || (b >= 0xd0 && b <= 0xd7) || b == 0x01)
            end->state = end->state == JPEG_DATA_FF ? JPEG_DATA : JPEG_MARKER;
          else
            {
              end->marker = b;                          /* a segment, e.g. a progressive scan's */
              end->state = JPEG_LENGTH_HIGH;
            }
          break;
        case JPEG_LENGTH_HIGH:
          end->length = (guint) b << 8;
          end->state = JPEG_LENGTH_LOW;
          break;
        case JPEG_LENGTH_LOW:
          end->length |= b;
          end->length = end->length >= 2 ? end->length - 2 : 0;
          if (end->length > 0)
            end->state = JPEG_SKIP;
          else
            segment_done (end);
          break;
        default:
          break;
        }
    }
}

/* Decodes @file, maybe at a fraction of its size; @width and @height get the size stored in
 * the file. */
static GdkPixbuf *
load_pixbuf (GFile         *file,
             int           *width,
             int           *height,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  Progress progress = { FALSE, 0, 0, 0 };
  JpegEnd jpeg_end = { JPEG_START, 0, 0 };
  guint8 buffer[64 * 1024];
  g_autofree char *format_name = NULL;
  GdkPixbufFormat *format;
  GdkPixbuf *pixbuf;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        /* Translators: %s is a file name, the second %s the reason */
        g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                     _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &progress);
  g_signal_connect (loader, "area-updated", G_CALLBACK (area_updated_cb), &progress);

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer,
                                      cancellable, &local_error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                         _("Could not read “%s”: %s"), name, local_error->message);
          return NULL;
        }

      if (n == 0)
        break;

      jpeg_end_feed (&jpeg_end, buffer, n);
      if (!gdk_pixbuf_loader_write (loader, buffer, n, &local_error) || progress.too_large)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          goto not_an_image;
        }
    }

  if (!gdk_pixbuf_loader_close (loader, &local_error) || progress.too_large)
    goto not_an_image;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    goto not_an_image;

  /* JPEG and PNG report every decoded row; a GIF only the area of its first frame, which may
   * be smaller than the picture, so only the former are checked for a missing end. */
  format = gdk_pixbuf_loader_get_format (loader);
  format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  if ((g_strcmp0 (format_name, "jpeg") == 0 || g_strcmp0 (format_name, "png") == 0) &&
      progress.bottom < gdk_pixbuf_get_height (pixbuf))
    goto not_an_image;
  if (g_strcmp0 (format_name, "jpeg") == 0 && jpeg_end.state != JPEG_COMPLETE)
    goto not_an_image;

  *width = progress.width > 0 ? progress.width : gdk_pixbuf_get_width (pixbuf);
  *height = progress.height > 0 ? progress.height : gdk_pixbuf_get_height (pixbuf);
  return g_object_ref (pixbuf);

not_an_image:
  if (progress.too_large)
    g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                 _("“%s” is too large a picture for an avatar"), name);
  else
    /* Translators: %s is a file name */
    g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                 _("“%s” is not an image that can be used as an avatar"), name);
  return NULL;
}

/**
 * ac_avatar_process:
 * @file: the picked image
 * @content_type: (out) (optional): the MIME type of the result, "image/jpeg" or "image/png"
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads, orients, scales and encodes @file, blocking. Use ac_avatar_process_async() from the
 * main thread.
 *
 * Returns: (transfer full): the encoded picture, or %NULL with @error set
 */
GBytes *
ac_avatar_process (GFile         *file,
                   char         **content_type,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;
  gboolean alpha;
  const char *orientation;
  int width = 0, height = 0, w, h;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  loaded = load_pixbuf (file, &width, &height, cancellable, error);
  if (loaded == NULL)
    return NULL;

  /* EXIF orientations 5 to 8 turn the picture a quarter */
  orientation = gdk_pixbuf_get_option (loaded, "orientation");
  if (orientation != NULL && orientation[0] >= '5' && orientation[0] <= '8' && orientation[1] == '\0')
    {
      int swap = width;

      width = height;
      height = swap;
    }

  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (upright == NULL)
    upright = g_object_ref (loaded);

  /* the size the whole picture would have given, even when it was decoded smaller */
  avatar_size (width, height, &w, &h);
  if (gdk_pixbuf_get_width (upright) != w || gdk_pixbuf_get_height (upright) != h)
    {
      scaled = gdk_pixbuf_scale_simple (upright, w, h, GDK_INTERP_BILINEAR);
      if (scaled == NULL)
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("Not enough memory to scale the picture"));
          return NULL;
        }
    }
  else
    {
      scaled = g_object_ref (upright);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  alpha = gdk_pixbuf_get_has_alpha (scaled);
  if (!gdk_pixbuf_save_to_buffer (scaled, &data, &size,
                                  alpha ? "png" : "jpeg", &local_error,
                                  alpha ? NULL : "quality", alpha ? NULL : "90",
                                  NULL))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                   _("Could not encode the picture: %s"), local_error->message);
      return NULL;
    }

  if (content_type != NULL)
    *content_type = g_strdup (alpha ? "image/png" : "image/jpeg");

  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static void
process_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(Encoded) encoded = g_new0 (Encoded, 1);
  GError *error = NULL;

  encoded->bytes = ac_avatar_process (file, &encoded->content_type, cancellable, &error);
  if (encoded->bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&encoded), (GDestroyNotify) encoded_free);
}

/**
 * ac_avatar_process_async:
 * @file: the picked image
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like ac_avatar_process(), in a worker thread.
 */
void
ac_avatar_process_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_avatar_process_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, process_thread);
}

/**
 * ac_avatar_process_finish:
 * @result: the result given to the callback
 * @content_type: (out) (optional): the MIME type of the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the encoded picture, or %NULL with @error set
 */
GBytes *
ac_avatar_process_finish (GAsyncResult  *result,
                          char         **content_type,
                          GError       **error)
{
  g_autoptr(Encoded) encoded = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ac_avatar_process_async, NULL);

  encoded = g_task_propagate_pointer (G_TASK (result), error);
  if (encoded == NULL)
    return NULL;

  if (content_type != NULL)
    *content_type = g_steal_pointer (&encoded->content_type);

  return g_steal_pointer (&encoded->bytes);
}
