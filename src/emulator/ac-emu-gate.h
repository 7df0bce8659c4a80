/* ac-emu-gate.h: the emulator's own listener in front of libsoup's SoupServer
 *
 * libsoup 3.2's server reads whole request bodies into memory and leaves a malformed request
 * hanging. The gate accepts the connections itself, bounds what a connection may cost
 * (64 connections, a 32 KiB request head, the body limit of the path, 30 s of idleness),
 * checks each request head and the body framing before libsoup sees a byte, answers a refused
 * request itself (400, 413, 417, 431, 503, 505 with an envelope, then closes the connection)
 * and otherwise hands the connection to the SoupServer (soup_server_accept_iostream()) through
 * an input stream that releases only checked bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define AC_EMU_GATE_MAX_CONNECTIONS 64
#define AC_EMU_GATE_IDLE_SECONDS 30

typedef struct _AcEmuGate AcEmuGate;

/* Called for each request the gate answers itself (method and path may be NULL) */
typedef void (*AcEmuGateLogFunc) (gpointer    user_data,
                                  const char *method,
                                  const char *path,
                                  guint       status);

AcEmuGate   *ac_emu_gate_new                 (SoupServer        *server,
                                              AcEmuGateLogFunc   log_func,
                                              gpointer           user_data);
void         ac_emu_gate_free                (AcEmuGate         *gate);

/* Listens on address:port (0: a free port); *out_bound gets the address it listens on */
gboolean     ac_emu_gate_listen              (AcEmuGate         *gate,
                                              GInetAddress      *address,
                                              guint              port,
                                              GSocketAddress   **out_bound,
                                              GError           **error);
/* Stops listening and closes every connection */
void         ac_emu_gate_stop                (AcEmuGate         *gate);

/* The server tells the gate a request was answered (request-finished: completed, or
 * request-aborted). Returns FALSE when the gate had already answered that request itself (do
 * not log it twice). */
gboolean     ac_emu_gate_request_done        (AcEmuGate         *gate,
                                              SoupServerMessage *msg,
                                              gboolean           completed);

guint        ac_emu_gate_get_n_connections   (AcEmuGate         *gate);

G_END_DECLS
