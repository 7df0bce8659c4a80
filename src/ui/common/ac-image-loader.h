/* ac-image-loader.h: asynchronous image loading with a per-URL texture cache
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AC_TYPE_IMAGE_LOADER (ac_image_loader_get_type ())

G_DECLARE_FINAL_TYPE (AcImageLoader, ac_image_loader, AC, IMAGE_LOADER, GObject)

/* One SoupSession shared by every page. Loads http(s)://, file:// and resource:// URLs;
 * textures are cached by URL, concurrent requests for one URL share a single download, and
 * failures are not cached (a later call tries again). Main thread only. */
AcImageLoader *ac_image_loader_new              (void);
AcImageLoader *ac_image_loader_get_default      (void);
GdkTexture    *ac_image_loader_lookup           (AcImageLoader        *self,
                                                 const char           *url);
void           ac_image_loader_load_async       (AcImageLoader        *self,
                                                 const char           *url,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GdkTexture    *ac_image_loader_load_finish      (AcImageLoader        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
guint          ac_image_loader_get_n_downloads  (AcImageLoader        *self);
/* Forgets every cached picture (after a sign-out: nothing of the previous person stays). */
void           ac_image_loader_clear_cache      (AcImageLoader        *self);

G_END_DECLS
