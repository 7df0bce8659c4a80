/* ac-emu-gate.c: the emulator's own listener in front of the SoupServer (see ac-emu-gate.h)
 *
 * Each accepted connection gets an AcEmuGateConn and is handed to the SoupServer at once. When
 * libsoup reads, the connection reads the socket (16 KiB at a time, only when nothing checked
 * is waiting) and runs the bytes through a small state machine:
 *
 *   HEAD     collect up to AC_EMU_REQUEST_HEAD_LIMIT bytes until the blank line, check them
 *            (ac_emu_request_check_head()), release them; then
 *   LENGTH   release Content-Length bytes (already known to be within the path's limit), or
 *   CHUNKED  release the chunked body while counting its data (ac_emu_chunked_feed()),
 *
 * and back to HEAD for the next request on the connection. Anything refused is answered here
 * (an envelope, `Connection: close`), the write side is shut down and what the client still
 * sends is read and dropped for at most two seconds (so that it sees the answer rather than a
 * reset), then the socket is closed; libsoup reads an end of stream. Memory per connection is
 * bounded by the head limit plus two 16 KiB buffers (libsoup keeps at most the body limit).
 *
 * A once-a-second timer closes connections idle for AC_EMU_GATE_IDLE_SECONDS (no request
 * being answered, nothing read), heads that take longer than that, and ends the draining.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-gate"

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <json-glib/json-glib.h>

#include "ac-emu-gate-private.h"
#include "ac-emu-messages.h"

#define READ_CHUNK (16 * 1024)
#define LINGER_USEC (2 * G_USEC_PER_SEC)
#define LINGER_MAX_BYTES (64 * 1024 * 1024)
#define BUSY_MAX_USEC ((gint64) 700 * G_USEC_PER_SEC)   /* beyond --latency's 600 s */

typedef enum {
  STATE_HEAD,
  STATE_LENGTH,
  STATE_CHUNKED,
  STATE_REFUSED,          /* the gate answered; libsoup reads the end */
} State;

struct _AcEmuGate
{
  SoupServer *server;
  GSocketService *service;
  GHashTable *conns;        /* GSocketAddress (remote, by pointer) -> AcEmuGateConn (owned) */
  guint timer_id;
  AcEmuGateLogFunc log_func;
  gpointer log_data;
};

struct _AcEmuGateConn
{
  grefcount ref;
  AcEmuGate *gate;          /* NULL once the connection left the gate's table */
  GSocketConnection *connection;
  GSocket *socket;
  GSocketAddress *remote;
  GSocketAddress *local;

  State state;
  GByteArray *in;           /* read, not yet checked */
  GByteArray *ready;        /* checked, for libsoup */
  gsize ready_pos;
  guint64 body_left;
  gsize body_limit;
  AcEmuChunked chunked;
  char *method;             /* of the request being read, for the log */
  char *path;

  gboolean eof;
  gboolean closed;
  gboolean answered;        /* the gate answered a request libsoup had started */
  gboolean lingering;
  gboolean reuse;           /* the last answer keeps the connection open for the next request */
  guint busy;               /* requests passed to libsoup and not answered yet */
  gint64 last_activity;
  gint64 head_started;      /* 0: no partial head */
  gint64 busy_since;
  gint64 linger_until;
  guint64 drained;
  GSource *drain_source;
};

static void conn_close (AcEmuGateConn *conn);

AcEmuGateConn *
_ac_emu_gate_conn_ref (AcEmuGateConn *conn)
{
  g_ref_count_inc (&conn->ref);
  return conn;
}

void
_ac_emu_gate_conn_unref (AcEmuGateConn *conn)
{
  if (!g_ref_count_dec (&conn->ref))
    return;
  g_assert (conn->drain_source == NULL);
  g_clear_object (&conn->connection);
  g_clear_object (&conn->remote);
  g_clear_object (&conn->local);
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->ready);
  g_free (conn->method);
  g_free (conn->path);
  g_free (conn);
}

GInputStream *
_ac_emu_gate_conn_get_base_input (AcEmuGateConn *conn)
{
  return g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));
}

GOutputStream *
_ac_emu_gate_conn_get_base_output (AcEmuGateConn *conn)
{
  return g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
}

gboolean
_ac_emu_gate_conn_has_pending (AcEmuGateConn *conn)
{
  return conn->ready_pos < conn->ready->len || conn->state == STATE_REFUSED ||
         conn->closed || conn->eof;
}

/* ---------------------------------------------------------------------------------------- */
/* Answers of the gate itself */

static const char *
status_message (guint     status,
                AcEmuLang lang)
{
  switch (status)
    {
    case 413: return ac_emu_message (AC_EMU_MSG_TOO_LARGE, lang);
    case 417: return ac_emu_message (AC_EMU_MSG_EXPECTATION_FAILED, lang);
    case 431: return ac_emu_message (AC_EMU_MSG_HEADERS_TOO_LARGE, lang);
    case 503: return ac_emu_message (AC_EMU_MSG_TOO_MANY_CONNECTIONS, lang);
    case 505: return ac_emu_message (AC_EMU_MSG_HTTP_VERSION, lang);
    default: return ac_emu_message (AC_EMU_MSG_BAD_REQUEST, lang);
    }
}

static gboolean
drain_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  AcEmuGateConn *conn = user_data;
  char buffer[READ_CHUNK];
  gssize n;

  n = g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE, NULL, NULL);
  if (n > 0)
    conn->drained += (guint64) n;
  if (n == 0 || (n < 0 && (condition & (G_IO_HUP | G_IO_ERR)) != 0) ||
      conn->drained > LINGER_MAX_BYTES)
    {
      g_clear_pointer (&conn->drain_source, g_source_unref);
      conn_close (conn);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Answers status, shuts the write side and drains what the client still sends for a moment */
static void
conn_refuse (AcEmuGateConn *conn,
             guint          status,
             const char    *method,
             const char    *path,
             const char    *lang_header)
{
  AcEmuLang lang = ac_emu_lang_from_header (lang_header);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;

  conn->state = STATE_REFUSED;
  conn->lingering = TRUE;
  conn->linger_until = g_get_monotonic_time () + LINGER_USEC;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, status_message (status, lang));
  json_builder_set_member_name (builder, "data");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);
  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                            "Server: authing-emulator/" PACKAGE_VERSION "\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                            "Connection: close\r\n\r\n%s",
                            status, soup_status_get_phrase (status), strlen (body), body);

  /* a few hundred bytes into an empty send buffer; never block the main loop on it */
  g_socket_send_with_blocking (conn->socket, answer, strlen (answer), FALSE, NULL, NULL);
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);

  if (conn->gate != NULL && conn->gate->log_func != NULL)
    conn->gate->log_func (conn->gate->log_data, method, path, status);
  g_debug ("refused %s %s with %u", method != NULL ? method : "-", path != NULL ? path : "-", status);

  if (conn->drain_source == NULL && !conn->closed)
    {
      conn->drain_source = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (conn->drain_source, (GSourceFunc) G_CALLBACK (drain_cb),
                             _ac_emu_gate_conn_ref (conn), (GDestroyNotify) _ac_emu_gate_conn_unref);
      g_source_attach (conn->drain_source, NULL);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The checks */

static void
move_to_ready (AcEmuGateConn *conn,
               gsize          n)
{
  g_byte_array_append (conn->ready, conn->in->data, (guint) n);
  g_byte_array_remove_range (conn->in, 0, (guint) n);
}

static void
request_complete (AcEmuGateConn *conn)
{
  conn->state = STATE_HEAD;
  if (conn->busy++ == 0)
    conn->busy_since = g_get_monotonic_time ();
}

/* Checks as much of conn->in as possible, moving what passes to conn->ready */
static void
conn_process (AcEmuGateConn *conn)
{
  for (;;)
    {
      switch (conn->state)
        {
        case STATE_HEAD:
          {
            AcEmuHead head = { 0, };
            gsize end;
            guint status;

            /* One request at a time: libsoup buffers what it reads ahead, and a pipelined
             * request would be lost when it lets go of the connection after an answer */
            if (conn->in->len == 0 || conn->busy > 0)
              return;
            if (conn->head_started == 0)
              conn->head_started = g_get_monotonic_time ();
            end = ac_emu_request_head_end ((const char *) conn->in->data, conn->in->len);
            if (end == 0 || end > AC_EMU_REQUEST_HEAD_LIMIT)
              {
                if (end != 0 || conn->in->len > AC_EMU_REQUEST_HEAD_LIMIT)
                  conn_refuse (conn, 431, NULL, NULL, NULL);
                return;
              }
            status = ac_emu_request_check_head ((const char *) conn->in->data, end, &head);
            if (status != 0)
              {
                conn_refuse (conn, status, head.method, head.path, head.lang);
                ac_emu_head_clear (&head);
                return;
              }
            g_free (conn->method);
            g_free (conn->path);
            conn->method = g_steal_pointer (&head.method);
            conn->path = g_steal_pointer (&head.path);
            conn->body_limit = head.body_limit;
            conn->head_started = 0;
            move_to_ready (conn, end);
            if (head.framing == AC_EMU_BODY_FRAMING_LENGTH && head.content_length > 0)
              {
                conn->state = STATE_LENGTH;
                conn->body_left = head.content_length;
              }
            else if (head.framing == AC_EMU_BODY_FRAMING_CHUNKED)
              {
                conn->state = STATE_CHUNKED;
                ac_emu_chunked_init (&conn->chunked);
              }
            else
              request_complete (conn);
            ac_emu_head_clear (&head);
          }
          break;

        case STATE_LENGTH:
          {
            gsize n = (gsize) MIN ((guint64) conn->in->len, conn->body_left);

            if (n == 0)
              return;
            move_to_ready (conn, n);
            conn->body_left -= n;
            if (conn->body_left == 0)
              request_complete (conn);
          }
          break;

        case STATE_CHUNKED:
          {
            gsize consumed = 0;
            gboolean done = FALSE;
            guint status;

            if (conn->in->len == 0)
              return;
            status = ac_emu_chunked_feed (&conn->chunked, (const char *) conn->in->data,
                                          conn->in->len, conn->body_limit, &consumed, &done);
            if (status != 0)
              {
                /* libsoup has started this request: its end of stream must not be logged */
                conn->answered = TRUE;
                conn_refuse (conn, status, conn->method, conn->path, NULL);
                return;
              }
            move_to_ready (conn, consumed);
            if (done)
              request_complete (conn);
          }
          break;

        case STATE_REFUSED:
        default:
          return;
        }
    }
}

gssize
_ac_emu_gate_conn_read (AcEmuGateConn  *conn,
                        void           *buffer,
                        gsize           count,
                        gboolean        blocking,
                        GCancellable   *cancellable,
                        GError        **error)
{
  GInputStream *base = _ac_emu_gate_conn_get_base_input (conn);
  guint8 chunk[READ_CHUNK];

  for (;;)
    {
      gssize n;

      if (conn->ready_pos < conn->ready->len)
        {
          gsize avail = conn->ready->len - conn->ready_pos;

          n = (gssize) MIN (avail, count);
          memcpy (buffer, conn->ready->data + conn->ready_pos, (gsize) n);
          conn->ready_pos += (gsize) n;
          if (conn->ready_pos == conn->ready->len)
            {
              g_byte_array_set_size (conn->ready, 0);
              conn->ready_pos = 0;
            }
          return n;
        }
      if (conn->state == STATE_REFUSED || conn->closed || conn->eof)
        return 0;
      if (conn->busy > 0 && conn->state == STATE_HEAD && !blocking)
        {
          /* the next request waits until the last one is answered (see conn_process()) */
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "waiting for an answer");
          return -1;
        }

      if (blocking)
        n = g_input_stream_read (base, chunk, sizeof chunk, cancellable, error);
      else
        n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base), chunk,
                                                      sizeof chunk, NULL, error);
      if (n < 0)
        return -1;
      if (n == 0)
        {
          conn->eof = TRUE;
          return 0;
        }
      conn->last_activity = g_get_monotonic_time ();
      g_byte_array_append (conn->in, chunk, (guint) n);
      conn_process (conn);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Connections */

static void
conn_close (AcEmuGateConn *conn)
{
  AcEmuGate *gate = conn->gate;

  if (conn->drain_source != NULL)
    {
      g_source_destroy (conn->drain_source);
      g_clear_pointer (&conn->drain_source, g_source_unref);
    }
  if (!conn->closed)
    {
      conn->closed = TRUE;
      g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
    }
  if (gate != NULL)
    {
      conn->gate = NULL;
      g_hash_table_remove (gate->conns, conn->remote);   /* drops the table's reference */
    }
}

static void conn_serve (AcEmuGateConn *conn);

static gboolean
serve_again_cb (gpointer user_data)
{
  AcEmuGateConn *conn = user_data;

  if (!conn->closed && conn->gate != NULL)
    {
      conn_process (conn);    /* a pipelined request may be waiting in conn->in */
      conn_serve (conn);
    }
  return G_SOURCE_REMOVE;
}

/* libsoup lets go of a connection after each request unless it listens itself (it keeps a
 * connection alive only with a listener of its own: soup-server.c, request_finished()). So a
 * kept-alive connection is handed to it again, with a fresh stream, for the next request. */
void
_ac_emu_gate_conn_stream_closed (AcEmuGateConn *conn)
{
  if (conn->lingering)
    return;     /* a refused connection stays open until its draining ends */
  if (conn->reuse && !conn->closed && !conn->eof && conn->state == STATE_HEAD && conn->gate != NULL)
    {
      conn->reuse = FALSE;
      g_idle_add_full (G_PRIORITY_DEFAULT, serve_again_cb, _ac_emu_gate_conn_ref (conn),
                       (GDestroyNotify) _ac_emu_gate_conn_unref);
      return;
    }
  conn_close (conn);
}

static gboolean
timer_cb (gpointer user_data)
{
  AcEmuGate *gate = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) _ac_emu_gate_conn_unref);
  GHashTableIter iter;
  AcEmuGateConn *conn;

  g_hash_table_iter_init (&iter, gate->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      gint64 idle = (gint64) AC_EMU_GATE_IDLE_SECONDS * G_USEC_PER_SEC;

      if (conn->lingering ? now > conn->linger_until
          : conn->busy > 0 ? now - conn->busy_since > BUSY_MAX_USEC
          : conn->head_started != 0 ? now - conn->head_started > idle
          : now - conn->last_activity > idle)
        g_ptr_array_add (expired, _ac_emu_gate_conn_ref (conn));
    }
  for (guint i = 0; i < expired->len; i++)
    {
      conn = expired->pdata[i];
      if (conn->lingering)
        {
          conn_close (conn);
          continue;
        }
      /* Idle: shut the socket so that libsoup's pending read ends and it lets go of the
       * connection; the socket itself is closed on the next round (never under a source
       * libsoup still polls, whose descriptor could be reused meanwhile). */
      g_debug ("closing an idle connection");
      g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
      conn->lingering = TRUE;
      conn->linger_until = now + LINGER_USEC;
    }
  return G_SOURCE_CONTINUE;
}

/* Hands the connection to the SoupServer for its next request */
static void
conn_serve (AcEmuGateConn *conn)
{
  g_autoptr(GIOStream) stream = ac_emu_gate_stream_new (conn);
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (conn->gate->server, stream, conn->local, conn->remote, &error))
    {
      g_warning ("cannot serve a connection: %s", error->message);
      conn_close (conn);
    }
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  AcEmuGate *gate = user_data;
  AcEmuGateConn *conn;

  conn = g_new0 (AcEmuGateConn, 1);
  g_ref_count_init (&conn->ref);
  conn->gate = gate;
  conn->connection = g_object_ref (connection);
  conn->socket = g_socket_connection_get_socket (connection);
  conn->remote = g_socket_connection_get_remote_address (connection, NULL);
  conn->local = g_socket_connection_get_local_address (connection, NULL);
  conn->in = g_byte_array_new ();
  conn->ready = g_byte_array_new ();
  conn->last_activity = g_get_monotonic_time ();
  if (conn->remote == NULL || conn->local == NULL)
    {
      conn->gate = NULL;
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      _ac_emu_gate_conn_unref (conn);
      return TRUE;
    }
  g_hash_table_insert (gate->conns, conn->remote, conn);
  g_socket_set_option (conn->socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  if (g_hash_table_size (gate->conns) > AC_EMU_GATE_MAX_CONNECTIONS)
    {
      conn_refuse (conn, 503, NULL, NULL, NULL);
      return TRUE;
    }

  conn_serve (conn);
  return TRUE;
}

AcEmuGate *
ac_emu_gate_new (SoupServer       *server,
                 AcEmuGateLogFunc  log_func,
                 gpointer          user_data)
{
  AcEmuGate *gate = g_new0 (AcEmuGate, 1);

  gate->server = g_object_ref (server);
  gate->log_func = log_func;
  gate->log_data = user_data;
  gate->conns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) _ac_emu_gate_conn_unref);
  gate->service = g_socket_service_new ();
  g_signal_connect (gate->service, "incoming", G_CALLBACK (incoming_cb), gate);
  return gate;
}

gboolean
ac_emu_gate_listen (AcEmuGate        *gate,
                    GInetAddress     *address,
                    guint             port,
                    GSocketAddress  **out_bound,
                    GError          **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, (guint16) port);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (gate->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      out_bound, error))
    return FALSE;
  g_socket_service_start (gate->service);
  if (gate->timer_id == 0)
    gate->timer_id = g_timeout_add_seconds (1, timer_cb, gate);
  return TRUE;
}

void
ac_emu_gate_stop (AcEmuGate *gate)
{
  g_autoptr(GList) conns = NULL;

  g_socket_service_stop (gate->service);
  g_socket_listener_close (G_SOCKET_LISTENER (gate->service));
  g_clear_handle_id (&gate->timer_id, g_source_remove);
  conns = g_hash_table_get_values (gate->conns);
  for (GList *l = conns; l != NULL; l = l->next)
    _ac_emu_gate_conn_ref (l->data);
  for (GList *l = conns; l != NULL; l = l->next)
    {
      conn_close (l->data);
      _ac_emu_gate_conn_unref (l->data);
    }
}

void
ac_emu_gate_free (AcEmuGate *gate)
{
  if (gate == NULL)
    return;
  ac_emu_gate_stop (gate);
  g_hash_table_unref (gate->conns);
  g_clear_object (&gate->service);
  g_clear_object (&gate->server);
  g_free (gate);
}

/* As libsoup decides whether a connection outlives an answer (RFC 9112 §9.3) */
static gboolean
message_keeps_alive (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (soup_message_headers_header_contains (request, "Connection", "close") ||
      soup_message_headers_header_contains (response, "Connection", "close"))
    return FALSE;
  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    return soup_message_headers_header_contains (request, "Connection", "Keep-Alive");
  return TRUE;
}

gboolean
ac_emu_gate_request_done (AcEmuGate         *gate,
                          SoupServerMessage *msg,
                          gboolean           completed)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  AcEmuGateConn *conn = remote != NULL ? g_hash_table_lookup (gate->conns, remote) : NULL;

  if (conn == NULL)
    return TRUE;
  if (conn->answered)
    return FALSE;
  conn->reuse = completed && message_keeps_alive (msg);
  if (conn->busy > 0)
    conn->busy--;
  conn->busy_since = g_get_monotonic_time ();
  conn->last_activity = conn->busy_since;
  return TRUE;
}

guint
ac_emu_gate_get_n_connections (AcEmuGate *gate)
{
  return g_hash_table_size (gate->conns);
}
