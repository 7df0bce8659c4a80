/* ac-oidc-loopback.c: the one-request listener that receives the browser's redirect
 *
 * RFC 8252 §7.3: the app listens on the loopback address on a port the system picks and gives
 * http://127.0.0.1:<port>/<path> as its redirect URI. This listener takes exactly one request:
 * the first connection that sends a complete request head decides, and the listening socket is
 * closed at that moment, so that a second request finds nothing there. Connections that send
 * nothing within a few seconds (a browser's speculative connection) do not count.
 *
 * The browser's connection is kept open while the app finishes the sign-in, so that the page it
 * shows says how it ended (ac_oidc_loopback_answer()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-oidc"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-oidc-loopback.h"
#include "ac-oidc-util.h"

/* A request head longer than this is not a browser's redirect */
#define MAX_HEAD 8192
/* A connection that has not sent its request by then is dropped (it does not count) */
#define IDLE_CONNECTION_S 10
/* Connections waiting for their request at once */
#define MAX_PENDING 8

struct _AcOidcLoopback
{
  GObject          parent_instance;

  GSocketService  *service;
  guint16          port;
  char            *path;
  char            *redirect_uri;
  gboolean         listening;

  GTask           *task;         /* the wait, until it is over */
  guint            timeout_id;
  GSource         *cancel_source;
  GPtrArray       *pending;      /* Conn: connected, request not complete yet */
  GSocketConnection *held;       /* the browser's request, answered by ac_oidc_loopback_answer() */
  /* A request that came before ac_oidc_loopback_wait_async() (never in practice) */
  GSocketConnection *early;
  GByteArray      *early_head;
};

G_DEFINE_FINAL_TYPE (AcOidcLoopback, ac_oidc_loopback, G_TYPE_OBJECT)

typedef struct
{
  AcOidcLoopback    *self;       /* weak: the object drops its Conns before it goes */
  GSocketConnection *connection;
  GCancellable      *cancellable;
  GByteArray        *head;
  guint              idle_id;
} Conn;

static void request_complete (AcOidcLoopback *self, GSocketConnection *connection, GByteArray *head);

/* ------------------------------------------------------------------------------------------ */
/* The page for the browser                                                                   */

static const char page_style[] =
  "body{font-family:system-ui,sans-serif;background:#f6f5f4;color:#1e1e1e;margin:0}"
  "main{max-width:28rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;"
  "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.5rem;margin:0 0 1rem}";

static char *
page_html (const GError *error)
{
  GString *html = g_string_new (NULL);
  /* Translators: the language tag of the page the browser shows after signing in, e.g. zh-CN */
  const char *lang = C_("HTML language", "en");
  g_autofree char *title = g_markup_escape_text (_("Account Center"), -1);

  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<title>%s</title><link rel=\"icon\" href=\"data:,\"><style>%s</style>"
                          "</head><body><main>",
                          lang, title, page_style);
  if (error == NULL)
    {
      g_autofree char *heading = g_markup_escape_text (_("You are signed in"), -1);
      g_autofree char *text = g_markup_escape_text (_("You can return to Account Center. This tab can be closed."), -1);

      g_string_append_printf (html, "<h1 id=\"result\" data-result=\"signed-in\">%s</h1><p>%s</p>",
                              heading, text);
    }
  else
    {
      g_autofree char *heading = g_markup_escape_text (_("Sign-in did not complete"), -1);
      g_autofree char *reason = g_markup_escape_text (error->message, -1);
      g_autofree char *text = g_markup_escape_text (_("Return to Account Center to try again."), -1);

      g_string_append_printf (html, "<h1 id=\"result\" data-result=\"failed\">%s</h1>"
                              "<p role=\"alert\">%s</p><p>%s</p>", heading, reason, text);
    }
  g_string_append (html, "</main></body></html>\n");
  return g_string_free (html, FALSE);
}

static void
page_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GSocketConnection) connection = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_debug ("The browser did not take the page: %s", error->message);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

/* Answers and closes @connection (takes it) */
static void
send_page (GSocketConnection *connection,
           guint              status,
           const GError      *error)
{
  g_autofree char *html = page_html (error);
  g_autoptr(GString) response = g_string_new (NULL);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GBytes *bytes;
  gsize len;

  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: text/html; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Referrer-Policy: no-referrer\r\n"
                          "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:\r\n"
                          "X-Content-Type-Options: nosniff\r\n"
                          "Connection: close\r\n\r\n%s",
                          status, status == 200 ? "OK" : "Bad Request", strlen (html), html);
  len = response->len;
  bytes = g_string_free_to_bytes (g_steal_pointer (&response));
  g_output_stream_write_all_async (out, g_bytes_get_data (bytes, NULL), len, G_PRIORITY_DEFAULT,
                                   NULL, page_written_cb, connection);
  /* The data must outlive the write: tie it to the stream */
  g_object_set_data_full (G_OBJECT (out), "ac-oidc-page", bytes, (GDestroyNotify) g_bytes_unref);
}

/* ------------------------------------------------------------------------------------------ */
/* Connections                                                                                */

static void
conn_free (Conn *conn)
{
  g_clear_handle_id (&conn->idle_id, g_source_remove);
  g_clear_object (&conn->cancellable);
  g_clear_object (&conn->connection);
  g_clear_pointer (&conn->head, g_byte_array_unref);
  g_free (conn);
}

/* Drops a connection that did not complete its request: closed, unanswered */
static void
conn_drop (Conn *conn)
{
  if (conn->self != NULL)
    g_ptr_array_remove_fast (conn->self->pending, conn);
  if (conn->connection != NULL)
    g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  conn_free (conn);
}

static gboolean
conn_idle_cb (gpointer user_data)
{
  Conn *conn = user_data;

  conn->idle_id = 0;
  g_debug ("A connection to the sign-in address sent nothing: dropped");
  /* The read still runs: cancel it, its callback drops the connection */
  g_cancellable_cancel (conn->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
head_complete (GByteArray *head)
{
  for (guint i = 0; i + 1 < head->len; i++)
    {
      if (head->data[i] != '\n')
        continue;
      if (head->data[i + 1] == '\n')
        return TRUE;
      if (i + 2 < head->len && head->data[i + 1] == '\r' && head->data[i + 2] == '\n')
        return TRUE;
    }
  return FALSE;
}

static void conn_read (Conn *conn);

static void
conn_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  AcOidcLoopback *self = conn->self;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL || g_bytes_get_size (chunk) == 0 || self == NULL)
    {
      /* Closed, cancelled, idle or an error before a whole request: it does not count */
      conn_drop (conn);
      return;
    }

  g_byte_array_append (conn->head, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (!head_complete (conn->head) && conn->head->len <= MAX_HEAD)
    {
      conn_read (conn);
      return;
    }

  /* A request (or more than a request head can be): this is the one */
  {
    g_autoptr(GSocketConnection) connection = g_steal_pointer (&conn->connection);
    g_autoptr(GByteArray) head = g_steal_pointer (&conn->head);

    g_ptr_array_remove_fast (self->pending, conn);
    conn_free (conn);
    request_complete (self, connection, head);
  }
}

static void
conn_read (Conn *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));

  g_input_stream_read_bytes_async (in, 4096, G_PRIORITY_DEFAULT, conn->cancellable,
                                   conn_read_cb, conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  AcOidcLoopback *self = user_data;
  Conn *conn;

  if (!self->listening || self->pending->len >= MAX_PENDING)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  conn = g_new0 (Conn, 1);
  conn->self = self;
  conn->connection = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();
  conn->head = g_byte_array_new ();
  conn->idle_id = g_timeout_add_seconds (IDLE_CONNECTION_S, conn_idle_cb, conn);
  g_ptr_array_add (self->pending, conn);
  conn_read (conn);
  return TRUE;
}

/* Closes the listening socket and every connection still waiting: nothing else gets in */
static void
stop_listening (AcOidcLoopback *self)
{
  if (self->listening)
    {
      self->listening = FALSE;
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_debug ("Stopped listening on port %u", self->port);
    }
  /* Their reads end in conn_read_cb(), which frees them */
  for (guint i = 0; i < self->pending->len; i++)
    {
      Conn *conn = g_ptr_array_index (self->pending, i);

      conn->self = NULL;
      g_clear_handle_id (&conn->idle_id, g_source_remove);
      g_cancellable_cancel (conn->cancellable);
    }
  g_ptr_array_set_size (self->pending, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* The wait                                                                                   */

static void
end_wait (AcOidcLoopback *self,
          GHashTable     *params,
          GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  stop_listening (self);

  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, params, (GDestroyNotify) g_hash_table_unref);
}

static GError *
unexpected_request_error (void)
{
  return g_error_new_literal (AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                              _("An unexpected request reached Account Center’s sign-in address, "
                                "so the sign-in was stopped to be safe. Nothing was signed in."));
}

/* The request line's method and target, or FALSE */
static gboolean
parse_request_line (GByteArray  *head,
                    char       **out_method,
                    char       **out_target)
{
  const char *data = (const char *) head->data;
  const char *end = memchr (data, '\n', head->len);
  g_autofree char *line = NULL;
  g_auto(GStrv) parts = NULL;

  if (end == NULL)
    return FALSE;
  line = g_strndup (data, end - data);
  g_strchomp (line);
  if (!g_utf8_validate (line, -1, NULL))
    return FALSE;
  parts = g_strsplit (line, " ", 4);
  if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1."))
    return FALSE;
  *out_method = g_strdup (parts[0]);
  *out_target = g_strdup (parts[1]);
  return TRUE;
}

static void
request_complete (AcOidcLoopback    *self,
                  GSocketConnection *connection,
                  GByteArray        *head)
{
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *query;
  gsize path_len;

  if (self->task == NULL)
    {
      /* Before anyone waits: keep it for ac_oidc_loopback_wait_async() */
      stop_listening (self);
      if (self->early == NULL)
        {
          self->early = g_object_ref (connection);
          self->early_head = g_byte_array_ref (head);
        }
      return;
    }

  /* Whatever it is, it is the only one. */
  stop_listening (self);

  if (!parse_request_line (head, &method, &target) || !g_str_equal (method, "GET") ||
      head->len > MAX_HEAD)
    goto unexpected;
  query = strchr (target, '?');
  path_len = query != NULL ? (gsize) (query - target) : strlen (target);
  if (path_len != strlen (self->path) || strncmp (target, self->path, path_len) != 0)
    goto unexpected;
  params = ac_oidc_parse_query (query != NULL ? query + 1 : "");
  if (params == NULL)
    goto unexpected;

  g_debug ("The browser came back to port %u", self->port);
  g_clear_object (&self->held);
  self->held = g_object_ref (connection);
  end_wait (self, g_steal_pointer (&params), NULL);
  return;

unexpected:
  {
    GError *error = unexpected_request_error ();

    g_debug ("An unexpected request reached port %u", self->port);
    send_page (g_object_ref (connection), 400, error);
    end_wait (self, NULL, error);
  }
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  AcOidcLoopback *self = user_data;

  self->timeout_id = 0;
  end_wait (self, NULL,
            g_error_new_literal (AC_ERROR, AC_ERROR_TIMEOUT,
                                 _("The browser did not come back in time. Nothing was signed in.")));
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  AcOidcLoopback *self = user_data;

  end_wait (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled.")));
  return G_SOURCE_REMOVE;
}

void
ac_oidc_loopback_wait_async (AcOidcLoopback      *self,
                             guint                timeout_s,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (AC_IS_OIDC_LOOPBACK (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (timeout_s > 0);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ac_oidc_loopback_wait_async);

  if (!self->listening && self->early == NULL)
    {
      end_wait (self, NULL, g_error_new_literal (AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                                                 _("Signing in with the browser did not complete.")));
      return;
    }

  /* Milliseconds, not g_timeout_add_seconds(): that one fires on a whole second shared with
   * other timers, which can be before the time given (1.986 s for 2 s was seen). */
  self->timeout_id = g_timeout_add (MIN (timeout_s, G_MAXUINT / 1000) * 1000, wait_timeout_cb, self);
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  if (self->early != NULL)
    {
      g_autoptr(GSocketConnection) connection = g_steal_pointer (&self->early);
      g_autoptr(GByteArray) head = g_steal_pointer (&self->early_head);

      request_complete (self, connection, head);
    }
}

GHashTable *
ac_oidc_loopback_wait_finish (AcOidcLoopback  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ac_oidc_loopback_wait_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ac_oidc_loopback_answer (AcOidcLoopback *self,
                         const GError   *error)
{
  g_return_if_fail (AC_IS_OIDC_LOOPBACK (self));

  if (self->held != NULL)
    send_page (g_steal_pointer (&self->held), 200, error);
}

/* ------------------------------------------------------------------------------------------ */

guint16
ac_oidc_loopback_get_port (AcOidcLoopback *self)
{
  g_return_val_if_fail (AC_IS_OIDC_LOOPBACK (self), 0);
  return self->port;
}

const char *
ac_oidc_loopback_get_redirect_uri (AcOidcLoopback *self)
{
  g_return_val_if_fail (AC_IS_OIDC_LOOPBACK (self), NULL);
  return self->redirect_uri;
}

gboolean
ac_oidc_loopback_is_listening (AcOidcLoopback *self)
{
  g_return_val_if_fail (AC_IS_OIDC_LOOPBACK (self), FALSE);
  return self->listening;
}

static void
ac_oidc_loopback_dispose (GObject *object)
{
  AcOidcLoopback *self = AC_OIDC_LOOPBACK (object);

  if (self->service != NULL)
    {
      stop_listening (self);
      g_signal_handlers_disconnect_by_data (self->service, self);
    }
  if (self->held != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                                                     _("Signing in with the browser did not complete."));

      send_page (g_steal_pointer (&self->held), 200, error);
    }
  g_clear_object (&self->early);
  g_clear_pointer (&self->early_head, g_byte_array_unref);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (ac_oidc_loopback_parent_class)->dispose (object);
}

static void
ac_oidc_loopback_finalize (GObject *object)
{
  AcOidcLoopback *self = AC_OIDC_LOOPBACK (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->path);
  g_free (self->redirect_uri);

  G_OBJECT_CLASS (ac_oidc_loopback_parent_class)->finalize (object);
}

static void
ac_oidc_loopback_class_init (AcOidcLoopbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_oidc_loopback_dispose;
  object_class->finalize = ac_oidc_loopback_finalize;
}

static void
ac_oidc_loopback_init (AcOidcLoopback *self)
{
  self->pending = g_ptr_array_new ();
}

AcOidcLoopback *
ac_oidc_loopback_new (const char  *path,
                      GError     **error)
{
  g_autoptr(AcOidcLoopback) self = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  self = g_object_new (AC_TYPE_OIDC_LOOPBACK, NULL);
  self->path = g_strdup (path);
  self->service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return NULL;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  self->listening = TRUE;
  g_debug ("Listening for the browser on port %u", self->port);
  return g_steal_pointer (&self);
}
