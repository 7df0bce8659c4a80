/* ac-avatar.h: turning a picked image into an avatar upload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest width and height of an uploaded avatar, in pixels. */
#define AC_AVATAR_MAX_SIZE 512

void    ac_avatar_process_async  (GFile                *file,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
GBytes *ac_avatar_process_finish (GAsyncResult         *result,
                                  char                **content_type,
                                  GError              **error);
GBytes *ac_avatar_process        (GFile                *file,
                                  char                **content_type,
                                  GCancellable         *cancellable,
                                  GError              **error);

G_END_DECLS
