/* bench-emulator-rps.c: authing-emulator under load, on loopback
 *
 *   bench-emulator-rps URL APP_ID rps CONCURRENCY MAX_REQUESTS MAX_SECONDS
 *       CONCURRENCY threads, each on its own keep-alive connection, send
 *       GET /api/v2/users/me/security-level (signed in as alice) one after another until
 *       MAX_REQUESTS answers in all or MAX_SECONDS have passed. Prints requests/s.
 *   bench-emulator-rps URL APP_ID orgs
 *       alice's GET /api/v2/users/me/orgs, timed to its last byte, while bob's security level
 *       is asked again and again on another connection: prints the organizations time, its
 *       size, and how many of bob's requests were answered meanwhile (and the slowest).
 *
 * One JSON line on stdout. The sign-in goes through AcClient (the password must be RSA
 * encrypted); the load itself is plain HTTP/1.1 on sockets, so the generator costs little.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac-client.h"
#include "bench-common.h"

static struct sockaddr_in server;
static char *app_id;

static void
result_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
token_for (const char *url, const char *account, const char *password)
{
  g_autoptr(AcClient) client = ac_client_new (url, app_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_sign_in_async (client, account, password, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  user = ac_client_sign_in_finish (client, result, &error);
  if (user == NULL)
    g_error ("sign-in of %s: %s", account, error->message);
  return g_strdup (ac_client_get_token (client));
}

static int
connect_server (void)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;

  if (fd < 0 || connect (fd, (struct sockaddr *) &server, sizeof server) < 0)
    g_error ("connect: %s", g_strerror (errno));
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/* A connection with its read buffer */
typedef struct
{
  int      fd;
  GString *buf;
} Conn;

static gboolean
fill (Conn *c)
{
  char chunk[65536];
  ssize_t n;

  do
    n = read (c->fd, chunk, sizeof chunk);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;
  g_string_append_len (c->buf, chunk, n);
  return TRUE;
}

/* Reads one answer (Content-Length or chunked); returns its body size, or -1 */
static gssize
read_answer (Conn *c, guint *status)
{
  char *end;
  gsize head_len, body = 0;
  gboolean chunked;
  const char *cl;
  g_autofree char *head = NULL;

  while ((end = g_strstr_len (c->buf->str, c->buf->len, "\r\n\r\n")) == NULL)
    if (!fill (c))
      return -1;
  head_len = end - c->buf->str + 4;
  head = g_ascii_strdown (c->buf->str, head_len);
  *status = (guint) g_ascii_strtoull (c->buf->str + 9, NULL, 10);
  g_string_erase (c->buf, 0, head_len);
  chunked = strstr (head, "transfer-encoding: chunked") != NULL;
  cl = strstr (head, "content-length:");

  if (!chunked)
    {
      gsize len = cl ? g_ascii_strtoull (cl + strlen ("content-length:"), NULL, 10) : 0;

      while (c->buf->len < len)
        if (!fill (c))
          return -1;
      g_string_erase (c->buf, 0, len);
      return len;
    }

  for (;;)
    {
      char *eol;
      gsize size;

      while ((eol = g_strstr_len (c->buf->str, c->buf->len, "\r\n")) == NULL)
        if (!fill (c))
          return -1;
      size = g_ascii_strtoull (c->buf->str, NULL, 16);
      g_string_erase (c->buf, 0, eol - c->buf->str + 2);
      while (c->buf->len < size + 2)
        if (!fill (c))
          return -1;
      g_string_erase (c->buf, 0, size + 2);
      body += size;
      if (size == 0)
        return body;
    }
}

static char *
request (const char *path, const char *token)
{
  return g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nx-authing-app-id: %s\r\n"
                          "x-authing-lang: en-US\r\nAuthorization: Bearer %s\r\n\r\n",
                          path, ntohs (server.sin_port), app_id, token);
}

static gssize
exchange (Conn *c, const char *req, guint *status)
{
  gsize len = strlen (req), sent = 0;

  while (sent < len)
    {
      ssize_t n = write (c->fd, req + sent, len - sent);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      sent += n;
    }
  return read_answer (c, status);
}

/* rps ------------------------------------------------------------------------------------- */

static char *rps_request;
static gint issued, answered, failed;
static int max_requests;
static double deadline;

static gpointer
rps_worker (gpointer data)
{
  Conn c = { connect_server (), g_string_new (NULL) };

  while (g_atomic_int_add (&issued, 1) < max_requests && bench_now () < deadline)
    {
      guint status = 0;

      if (exchange (&c, rps_request, &status) < 0 || status != 200)
        {
          g_atomic_int_inc (&failed);
          close (c.fd);
          c.fd = connect_server ();
          g_string_truncate (c.buf, 0);
          continue;
        }
      g_atomic_int_inc (&answered);
    }
  close (c.fd);
  g_string_free (c.buf, TRUE);
  return NULL;
}

static int
run_rps (const char *url, int concurrency, int requests, double seconds)
{
  g_autofree char *token = token_for (url, "alice", "alice-pass-1");
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  double start;

  rps_request = request ("/api/v2/users/me/security-level", token);
  max_requests = requests;
  start = bench_now ();
  deadline = start + seconds;
  for (int i = 0; i < concurrency; i++)
    g_ptr_array_add (threads, g_thread_new ("rps", rps_worker, NULL));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  start = bench_now () - start;

  printf ("{\"bench\":\"emulator-rps\",\"concurrency\":%d,\"answered\":%d,\"failed\":%d,"
          "\"seconds\":%.4f,\"rps\":%.1f}\n", concurrency, answered, failed, start,
          answered / start);
  return failed ? 1 : 0;
}

/* orgs under a second client's load -------------------------------------------------------- */

static gint stop_other;
static char *other_request;
static gint64 window_start, window_end;   /* µs, monotonic: alice's request */

typedef struct
{
  guint  during;
  double max_ms;
  guint  failed;
} Other;

static gpointer
other_worker (gpointer data)
{
  Other *o = data;
  Conn c = { connect_server (), g_string_new (NULL) };

  while (!g_atomic_int_get (&stop_other))
    {
      gint64 t0 = g_get_monotonic_time (), t1;
      guint status = 0;

      if (exchange (&c, other_request, &status) < 0 || status != 200)
        {
          o->failed++;
          break;
        }
      t1 = g_get_monotonic_time ();
      if (g_atomic_pointer_get (&window_start) && t0 >= window_start && t1 <= window_end)
        {
          o->during++;
          o->max_ms = MAX (o->max_ms, (t1 - t0) / 1000.0);
        }
      g_usleep (1000);
    }
  close (c.fd);
  g_string_free (c.buf, TRUE);
  return NULL;
}

static int
run_orgs (const char *url)
{
  g_autofree char *alice = token_for (url, "alice", "alice-pass-1");
  g_autofree char *bob = token_for (url, "bob", "Bob12345678Secure");
  g_autofree char *req = request ("/api/v2/users/me/orgs", alice);
  Conn c = { connect_server (), g_string_new (NULL) };
  Other other = { 0 };
  GThread *thread;
  guint status = 0;
  gssize size;
  gint64 t0, t1;

  other_request = request ("/api/v2/users/me/security-level", bob);
  thread = g_thread_new ("other", other_worker, &other);
  g_usleep (50000);
  window_end = G_MAXINT64;
  t0 = g_get_monotonic_time ();
  g_atomic_pointer_set (&window_start, t0);
  size = exchange (&c, req, &status);
  t1 = g_get_monotonic_time ();
  window_end = t1;
  g_usleep (50000);
  g_atomic_int_set (&stop_other, 1);
  g_thread_join (thread);
  close (c.fd);
  g_string_free (c.buf, TRUE);
  if (size < 0 || status != 200)
    g_error ("organizations: status %u", status);

  printf ("{\"bench\":\"emulator-orgs\",\"ms\":%.3f,\"bytes\":%" G_GSSIZE_FORMAT ","
          "\"other_answered_during\":%u,\"other_max_ms\":%.3f,\"other_failed\":%u}\n",
          (t1 - t0) / 1000.0, size, other.during, other.max_ms, other.failed);
  return other.failed ? 1 : 0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GUri) uri = NULL;

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s URL APP_ID rps CONCURRENCY MAX_REQUESTS MAX_SECONDS | orgs\n", argv[0]);
      return 2;
    }
  uri = g_uri_parse (argv[1], G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return 2;
  app_id = argv[2];
  server.sin_family = AF_INET;
  server.sin_port = htons (g_uri_get_port (uri));
  inet_pton (AF_INET, "127.0.0.1", &server.sin_addr);

  if (g_str_equal (argv[3], "rps") && argc == 7)
    return run_rps (argv[1], atoi (argv[4]), atoi (argv[5]), g_ascii_strtod (argv[6], NULL));
  if (g_str_equal (argv[3], "orgs"))
    return run_orgs (argv[1]);
  return 2;
}
