/* ac-demo-server.h: the bundled authing-emulator, started for --demo
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AC_TYPE_DEMO_SERVER (ac_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (AcDemoServer, ac_demo_server, AC, DEMO_SERVER, GObject)

AcDemoServer *ac_demo_server_new            (void);
/* Where the emulator and the demo pool are: next to the app in the build tree, else the
 * installed locations (LIBEXECDIR, PATH; PKGDATADIR). NULL and an error when not found. */
char         *ac_demo_server_find_emulator  (GError             **error);
char         *ac_demo_server_find_pool      (GError             **error);
/* The demo user's credentials and the pool's application id, read from the pool file. */
gboolean      ac_demo_server_read_credentials (const char        *pool_path,
                                               char             **username,
                                               char             **password,
                                               char             **app_id,
                                               GError           **error);
void          ac_demo_server_start_async    (AcDemoServer        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns the base URL (http://127.0.0.1:PORT). */
char         *ac_demo_server_start_finish   (AcDemoServer        *self,
                                             GAsyncResult        *result,
                                             GError             **error);
const char   *ac_demo_server_get_url        (AcDemoServer        *self);
const char   *ac_demo_server_get_pool_path  (AcDemoServer        *self);
const char   *ac_demo_server_get_data_dir   (AcDemoServer        *self);
/* Stops the emulator (SIGTERM, then SIGKILL after a grace period) and removes the data
 * folder. Safe to call more than once. */
void          ac_demo_server_stop           (AcDemoServer        *self);
/* An outbox line of the emulator's stderr: the address and the code ("message" signal). */
gboolean      ac_demo_server_parse_outbox_line (const char         *line,
                                                char              **to,
                                                char              **code);

G_END_DECLS
