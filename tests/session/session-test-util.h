/* session-test-util.h: helpers shared by the session tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the default main context until *result is set, failing the test after
 * timeout_seconds. */
void        st_wait_for_result       (GAsyncResult **result,
                                      guint          timeout_seconds);
/* Iterates the default main context until *flag is TRUE or the timeout passes. */
gboolean    st_wait_for_flag         (gboolean      *flag,
                                      guint          timeout_seconds);
/* Callback for _async calls: stores a reference to the result in *(GAsyncResult **) user_data. */
void        st_store_result_cb       (GObject       *object,
                                      GAsyncResult  *result,
                                      gpointer       user_data);

/* The regular files under dir (recursively, symlinks not followed) whose content contains
 * needle. Returns a NULL-terminated array of paths (empty when none). */
GStrv       st_find_files_containing (const char    *dir,
                                      const char    *needle);
/* Every regular file under dir, sorted. */
GStrv       st_list_files            (const char    *dir);
/* TRUE when the file at path contains needle. */
gboolean    st_file_contains         (const char    *path,
                                      const char    *needle);

G_END_DECLS
