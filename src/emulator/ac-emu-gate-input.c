/* ac-emu-gate-input.c: the input stream libsoup reads a gated connection from
 *
 * Pollable, as libsoup's HTTP/1 reader needs: a read returns only bytes the gate has checked
 * (ac-emu-gate.c); its source is ready at once when such bytes wait, else when the socket is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-gate"

#include "config.h"

#include "ac-emu-gate-private.h"

struct _AcEmuGateInput
{
  GInputStream parent_instance;

  AcEmuGateConn *conn;
};

static void ac_emu_gate_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcEmuGateInput, ac_emu_gate_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      ac_emu_gate_input_pollable_init))

static gssize
ac_emu_gate_input_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  AcEmuGateInput *self = AC_EMU_GATE_INPUT (stream);

  return _ac_emu_gate_conn_read (self->conn, buffer, count, TRUE, cancellable, error);
}

static gboolean
ac_emu_gate_input_close (GInputStream  *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  /* the socket belongs to the gate connection, closed with the I/O stream */
  return TRUE;
}

static gboolean
ac_emu_gate_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
ac_emu_gate_input_is_readable (GPollableInputStream *stream)
{
  AcEmuGateInput *self = AC_EMU_GATE_INPUT (stream);

  return _ac_emu_gate_conn_has_pending (self->conn) ||
         g_pollable_input_stream_is_readable (
           G_POLLABLE_INPUT_STREAM (_ac_emu_gate_conn_get_base_input (self->conn)));
}

static GSource *
ac_emu_gate_input_create_source (GPollableInputStream *stream,
                                 GCancellable         *cancellable)
{
  AcEmuGateInput *self = AC_EMU_GATE_INPUT (stream);
  g_autoptr(GSource) child = NULL;

  if (_ac_emu_gate_conn_has_pending (self->conn))
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (
      G_POLLABLE_INPUT_STREAM (_ac_emu_gate_conn_get_base_input (self->conn)), cancellable);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
ac_emu_gate_input_read_nonblocking (GPollableInputStream  *stream,
                                    void                  *buffer,
                                    gsize                  count,
                                    GError               **error)
{
  AcEmuGateInput *self = AC_EMU_GATE_INPUT (stream);

  return _ac_emu_gate_conn_read (self->conn, buffer, count, FALSE, NULL, error);
}

static void
ac_emu_gate_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = ac_emu_gate_input_can_poll;
  iface->is_readable = ac_emu_gate_input_is_readable;
  iface->create_source = ac_emu_gate_input_create_source;
  iface->read_nonblocking = ac_emu_gate_input_read_nonblocking;
}

static void
ac_emu_gate_input_finalize (GObject *object)
{
  AcEmuGateInput *self = AC_EMU_GATE_INPUT (object);

  g_clear_pointer (&self->conn, _ac_emu_gate_conn_unref);

  G_OBJECT_CLASS (ac_emu_gate_input_parent_class)->finalize (object);
}

static void
ac_emu_gate_input_class_init (AcEmuGateInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = ac_emu_gate_input_finalize;
  input_class->read_fn = ac_emu_gate_input_read;
  input_class->close_fn = ac_emu_gate_input_close;
}

static void
ac_emu_gate_input_init (AcEmuGateInput *self)
{
}

GInputStream *
ac_emu_gate_input_new (AcEmuGateConn *conn)
{
  AcEmuGateInput *self = g_object_new (AC_EMU_TYPE_GATE_INPUT, NULL);

  self->conn = _ac_emu_gate_conn_ref (conn);
  return G_INPUT_STREAM (self);
}
