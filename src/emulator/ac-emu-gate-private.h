/* ac-emu-gate-private.h: one connection of the gate, shared by ac-emu-gate.c and its streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ac-emu-gate.h"
#include "ac-emu-request.h"

G_BEGIN_DECLS

typedef struct _AcEmuGateConn AcEmuGateConn;

AcEmuGateConn *_ac_emu_gate_conn_ref         (AcEmuGateConn  *conn);
void           _ac_emu_gate_conn_unref       (AcEmuGateConn  *conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuGateConn, _ac_emu_gate_conn_unref)

/* Reads checked request bytes into buffer: > 0 bytes, 0 at the end (the peer closed, the gate
 * answered the request itself, or the connection was closed), -1 with error (for
 * G_IO_ERROR_WOULD_BLOCK when not blocking and nothing is ready) */
gssize         _ac_emu_gate_conn_read        (AcEmuGateConn  *conn,
                                              void           *buffer,
                                              gsize           count,
                                              gboolean        blocking,
                                              GCancellable   *cancellable,
                                              GError        **error);
/* Whether a read would return without waiting for the socket */
gboolean       _ac_emu_gate_conn_has_pending (AcEmuGateConn  *conn);
GInputStream  *_ac_emu_gate_conn_get_base_input  (AcEmuGateConn *conn);
GOutputStream *_ac_emu_gate_conn_get_base_output (AcEmuGateConn *conn);
/* libsoup closed its stream */
void           _ac_emu_gate_conn_stream_closed   (AcEmuGateConn *conn);

/* The stream classes (ac-emu-gate-input.c, ac-emu-gate-stream.c) */
#define AC_EMU_TYPE_GATE_INPUT (ac_emu_gate_input_get_type ())
G_DECLARE_FINAL_TYPE (AcEmuGateInput, ac_emu_gate_input, AC_EMU, GATE_INPUT, GInputStream)
GInputStream  *ac_emu_gate_input_new         (AcEmuGateConn  *conn);

#define AC_EMU_TYPE_GATE_STREAM (ac_emu_gate_stream_get_type ())
G_DECLARE_FINAL_TYPE (AcEmuGateStream, ac_emu_gate_stream, AC_EMU, GATE_STREAM, GIOStream)
GIOStream     *ac_emu_gate_stream_new        (AcEmuGateConn  *conn);

G_END_DECLS
