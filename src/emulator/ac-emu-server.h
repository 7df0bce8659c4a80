/* ac-emu-server.h: the HTTP side of authing-emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ac-emu-crypto.h"
#include "ac-emu-store.h"

G_BEGIN_DECLS

typedef enum {
  AC_EMU_FAIL_MIXED,
  AC_EMU_FAIL_500,
  AC_EMU_FAIL_DROP,
  AC_EMU_FAIL_MALFORMED,
} AcEmuFailKind;

typedef struct {
  gint64 token_ttl;        /* seconds */
  guint latency_ms;
  double fail_rate;        /* 0..1 */
  AcEmuFailKind fail_kind;
} AcEmuOptions;

#define AC_EMU_TYPE_SERVER (ac_emu_server_get_type ())

G_DECLARE_FINAL_TYPE (AcEmuServer, ac_emu_server, AC_EMU, SERVER, GObject)

AcEmuServer  *ac_emu_server_new            (AcEmuStore          *store,
                                            AcEmuKeys           *keys,
                                            const AcEmuOptions  *options);
gboolean      ac_emu_server_listen         (AcEmuServer         *self,
                                            GInetAddress        *address,
                                            guint                port,
                                            GError             **error);
gboolean      ac_emu_server_open_request_log (AcEmuServer       *self,
                                            const char          *path,
                                            GError             **error);
const char   *ac_emu_server_get_base_url   (AcEmuServer         *self);
void          ac_emu_server_stop           (AcEmuServer         *self);

G_END_DECLS
