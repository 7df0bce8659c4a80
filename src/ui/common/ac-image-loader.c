/* ac-image-loader.c: asynchronous image loading with a per-URL texture cache
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-image-loader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ac-image-loader.h"

/* Logos and avatars are small; anything larger is refused rather than decoded. */
#define MAX_IMAGE_BYTES (8 * 1024 * 1024)
#define MAX_CACHED      256

struct _AcImageLoader
{
  GObject      parent_instance;

  SoupSession *session;
  GHashTable  *cache;     /* url -> GdkTexture */
  GHashTable  *pending;   /* url -> Pending (unowned: a Pending lives until its download ends) */
  guint        n_downloads;
};

G_DEFINE_FINAL_TYPE (AcImageLoader, ac_image_loader, G_TYPE_OBJECT)

typedef struct
{
  AcImageLoader *self;    /* a reference is held from the start of the download to its end */
  char          *url;
  GPtrArray     *waiters; /* GTask, each with a "cancelled" handler on its cancellable */
  GCancellable  *cancellable;
} Pending;

typedef struct
{
  Pending *pending;
  gulong   cancelled_id;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  g_free (waiter);
}

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->waiters, g_ptr_array_unref);
  g_clear_object (&pending->cancellable);
  g_free (pending->url);
  g_free (pending);
}

static void
waiter_detach (GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (waiter->cancelled_id != 0 && cancellable != NULL)
    g_signal_handler_disconnect (cancellable, waiter->cancelled_id);
  waiter->cancelled_id = 0;
  waiter->pending = NULL;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     GTask        *task)
{
  Waiter *waiter = g_task_get_task_data (task);
  Pending *pending = waiter->pending;

  if (pending == NULL)
    return;

  /* Keep the task alive while it is taken out of the waiters and answered. */
  g_object_ref (task);
  waiter_detach (task);
  g_ptr_array_remove (pending->waiters, task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The image request was cancelled"));
  g_object_unref (task);

  /* Nobody wants the image any more: stop the download, and let a later request for the
   * same URL start a fresh one instead of joining this cancelled one. */
  if (pending->waiters->len == 0)
    {
      AcImageLoader *self = pending->self;

      if (g_hash_table_lookup (self->pending, pending->url) == pending)
        g_hash_table_remove (self->pending, pending->url);
      g_cancellable_cancel (pending->cancellable);
    }
}

static void
pending_complete (Pending    *pending,
                  GdkTexture *texture,
                  GError     *error)
{
  AcImageLoader *self = pending->self;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&pending->waiters);

  pending->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (texture != NULL)
    {
      if (g_hash_table_size (self->cache) >= MAX_CACHED)
        g_hash_table_remove_all (self->cache);
      g_hash_table_replace (self->cache, g_strdup (pending->url), g_object_ref (texture));
    }

  if (g_hash_table_lookup (self->pending, pending->url) == pending)
    g_hash_table_remove (self->pending, pending->url);
  pending_free (pending);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      waiter_detach (task);
      if (texture != NULL)
        g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }

  g_object_unref (self);
}

static GdkTexture *
texture_from_bytes (GBytes  *bytes,
                    GError **error)
{
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", _("The image is empty"));
      return NULL;
    }
  if (g_bytes_get_size (bytes) > MAX_IMAGE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", _("The image is too large"));
      return NULL;
    }

  return gdk_texture_new_from_bytes (bytes, error);
}

static void
http_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes != NULL)
    {
      guint status = soup_message_get_status (msg);

      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     /* Translators: %u is an HTTP status code, %s its reason phrase */
                     _("The image could not be downloaded (HTTP %u %s)"),
                     status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      else
        texture = texture_from_bytes (bytes, &error);
    }

  if (texture == NULL)
    g_debug ("Loading %s failed: %s", pending->url, error->message);

  pending_complete (pending, texture, error);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes != NULL)
    texture = texture_from_bytes (bytes, &error);

  if (texture == NULL)
    g_debug ("Loading %s failed: %s", pending->url, error->message);

  pending_complete (pending, texture, error);
}

static void
ac_image_loader_dispose (GObject *object)
{
  AcImageLoader *self = AC_IMAGE_LOADER (object);

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_image_loader_parent_class)->dispose (object);
}

static void
ac_image_loader_finalize (GObject *object)
{
  AcImageLoader *self = AC_IMAGE_LOADER (object);

  /* Every download holds a reference to the loader, so none is pending here. */
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (ac_image_loader_parent_class)->finalize (object);
}

static void
ac_image_loader_class_init (AcImageLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_image_loader_dispose;
  object_class->finalize = ac_image_loader_finalize;
}

static void
ac_image_loader_init (AcImageLoader *self)
{
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  /* Keys and values belong to the Pending, freed when its download completes. */
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * ac_image_loader_new:
 *
 * Returns: (transfer full): a loader with its own session and cache
 */
AcImageLoader *
ac_image_loader_new (void)
{
  return g_object_new (AC_TYPE_IMAGE_LOADER, NULL);
}

/**
 * ac_image_loader_get_default:
 *
 * Returns: (transfer none): the loader shared by the whole process
 */
AcImageLoader *
ac_image_loader_get_default (void)
{
  static AcImageLoader *instance;

  if (instance == NULL)
    {
      instance = ac_image_loader_new ();
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *) &instance);
    }

  return instance;
}

/**
 * ac_image_loader_lookup:
 *
 * Returns: (transfer none) (nullable): the cached texture for @url, if it was loaded before
 */
GdkTexture *
ac_image_loader_lookup (AcImageLoader *self,
                        const char    *url)
{
  g_return_val_if_fail (AC_IS_IMAGE_LOADER (self), NULL);

  if (url == NULL || self->cache == NULL)
    return NULL;

  return g_hash_table_lookup (self->cache, url);
}

void
ac_image_loader_load_async (AcImageLoader       *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *scheme = NULL;
  GdkTexture *cached;
  Pending *pending;
  Waiter *waiter;

  g_return_if_fail (AC_IS_IMAGE_LOADER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_image_loader_load_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                               _("There is no image"));
      return;
    }

  cached = ac_image_loader_lookup (self, url);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 &&
       g_ascii_strcasecmp (scheme, "https") != 0 &&
       g_ascii_strcasecmp (scheme, "file") != 0 &&
       g_ascii_strcasecmp (scheme, "resource") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               /* Translators: %s is a URL */
                               _("Unsupported image address “%s”"), url);
      return;
    }

  pending = g_hash_table_lookup (self->pending, url);
  if (pending == NULL)
    {
      pending = g_new0 (Pending, 1);
      pending->self = self;
      pending->url = g_strdup (url);
      pending->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      pending->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->pending, pending->url, pending);

      /* Released in pending_complete. */
      g_object_ref (self);
      self->n_downloads++;

      if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
        {
          g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

          if (msg == NULL)
            {
              g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     _("Invalid image address “%s”"), url);
              g_ptr_array_add (pending->waiters, g_steal_pointer (&task));
              g_task_set_task_data (g_ptr_array_index (pending->waiters, 0),
                                    g_new0 (Waiter, 1), (GDestroyNotify) waiter_free);
              pending_complete (pending, NULL, error);
              return;
            }
          soup_session_send_and_read_async (self->session, msg, G_PRIORITY_LOW,
                                            pending->cancellable, http_read_cb, pending);
        }
      else
        {
          g_autoptr(GFile) file = g_file_new_for_uri (url);

          g_file_load_bytes_async (file, pending->cancellable, file_read_cb, pending);
        }
    }

  waiter = g_new0 (Waiter, 1);
  waiter->pending = pending;
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);
  if (cancellable != NULL)
    waiter->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                             G_CALLBACK (waiter_cancelled_cb), task);
  g_ptr_array_add (pending->waiters, g_steal_pointer (&task));
}

/**
 * ac_image_loader_load_finish:
 *
 * Returns: (transfer full): the texture, or %NULL with @error set
 */
GdkTexture *
ac_image_loader_load_finish (AcImageLoader  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (AC_IS_IMAGE_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ac_image_loader_get_n_downloads:
 *
 * Returns: how many downloads were started (cache hits and shared requests do not count)
 */
guint
ac_image_loader_get_n_downloads (AcImageLoader *self)
{
  g_return_val_if_fail (AC_IS_IMAGE_LOADER (self), 0);

  return self->n_downloads;
}

void
ac_image_loader_clear_cache (AcImageLoader *self)
{
  g_return_if_fail (AC_IS_IMAGE_LOADER (self));

  g_hash_table_remove_all (self->cache);
}
