/* ac-emu-gate-stream.c: the I/O stream the SoupServer gets for a gated connection
 *
 * Input: the gate's checked bytes (AcEmuGateInput); output: the socket's. Closing it tells the
 * gate, which closes the socket (or keeps it a moment to drain a refused body first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-gate"

#include "config.h"

#include "ac-emu-gate-private.h"

struct _AcEmuGateStream
{
  GIOStream parent_instance;

  AcEmuGateConn *conn;
  GInputStream *input;
  gboolean closed;
};

G_DEFINE_FINAL_TYPE (AcEmuGateStream, ac_emu_gate_stream, G_TYPE_IO_STREAM)

static GInputStream *
ac_emu_gate_stream_get_input_stream (GIOStream *stream)
{
  return AC_EMU_GATE_STREAM (stream)->input;
}

static GOutputStream *
ac_emu_gate_stream_get_output_stream (GIOStream *stream)
{
  return _ac_emu_gate_conn_get_base_output (AC_EMU_GATE_STREAM (stream)->conn);
}

static void
close_once (AcEmuGateStream *self)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  _ac_emu_gate_conn_stream_closed (self->conn);
}

static gboolean
ac_emu_gate_stream_close (GIOStream     *stream,
                          GCancellable  *cancellable,
                          GError       **error)
{
  close_once (AC_EMU_GATE_STREAM (stream));
  return TRUE;
}

/* Closing is immediate: do it on the caller's thread, not in a worker as GIOStream would */
static void
ac_emu_gate_stream_close_async (GIOStream           *stream,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, ac_emu_gate_stream_close_async);
  close_once (AC_EMU_GATE_STREAM (stream));
  g_task_return_boolean (task, TRUE);
}

static gboolean
ac_emu_gate_stream_close_finish (GIOStream     *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ac_emu_gate_stream_dispose (GObject *object)
{
  close_once (AC_EMU_GATE_STREAM (object));

  G_OBJECT_CLASS (ac_emu_gate_stream_parent_class)->dispose (object);
}

static void
ac_emu_gate_stream_finalize (GObject *object)
{
  AcEmuGateStream *self = AC_EMU_GATE_STREAM (object);

  g_clear_object (&self->input);
  g_clear_pointer (&self->conn, _ac_emu_gate_conn_unref);

  G_OBJECT_CLASS (ac_emu_gate_stream_parent_class)->finalize (object);
}

static void
ac_emu_gate_stream_class_init (AcEmuGateStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = ac_emu_gate_stream_dispose;
  object_class->finalize = ac_emu_gate_stream_finalize;
  stream_class->get_input_stream = ac_emu_gate_stream_get_input_stream;
  stream_class->get_output_stream = ac_emu_gate_stream_get_output_stream;
  stream_class->close_fn = ac_emu_gate_stream_close;
  stream_class->close_async = ac_emu_gate_stream_close_async;
  stream_class->close_finish = ac_emu_gate_stream_close_finish;
}

static void
ac_emu_gate_stream_init (AcEmuGateStream *self)
{
}

GIOStream *
ac_emu_gate_stream_new (AcEmuGateConn *conn)
{
  AcEmuGateStream *self = g_object_new (AC_EMU_TYPE_GATE_STREAM, NULL);

  self->conn = _ac_emu_gate_conn_ref (conn);
  self->input = ac_emu_gate_input_new (conn);
  return G_IO_STREAM (self);
}
