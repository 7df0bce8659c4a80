/* bench-org-page.c: the organizations page at 10k memberships, under Xvfb
 *
 *   bench-org-page URL APP_ID ACCOUNT PASSWORD
 *
 * Signs in to the emulator at URL and fetches the person's organizations answer once. A
 * thread then serves that answer over loopback, recording when its last byte was written (the
 * answer has arrived), to the real AcOrganizationsPage (GtkListView over a GtkTreeListModel
 * fed by AcOrgForest) in a window that is already on screen. Measured:
 *  - ms_to_rows: from the answer's last byte to the first frame (GdkFrameClock after-paint)
 *    in which the list view shows rows;
 *  - max_stall_ms: the longest gap between two runs of a G_PRIORITY_HIGH 5 ms timeout, from
 *    the request until the page has opened the way to every one of the person's nodes (the
 *    number of rows unchanged for 500 ms): the main loop's longest stall while parsing and
 *    building; max_stall_to_rows_ms the same until the first rows;
 *  - ms_to_all_rows / all_rows: when the last row was added, and how many rows there are;
 *  - extra_peak_kib / extra_rss_kib: peak and resident memory above what the process used
 *    with the window up and before the page existed, against answer_bytes.
 * One JSON line on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac-account.h"
#include "ac-client.h"
#include "ac-organizations-page.h"
#include "bench-common.h"

static GBytes *answer;
static int listen_fd;
static gint64 t_answer_sent;     /* µs; written by the server thread */
static gint64 t_request;
static gint64 t_rows;
static gint64 last_tick, max_gap;
static GtkWidget *list_view;
static gboolean done;

static void
result_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Serves @answer to every request on every connection, until the process ends */
static gpointer
server_thread (gpointer data)
{
  for (;;)
    {
      int fd = accept (listen_fd, NULL, NULL);
      GString *in = g_string_new (NULL);

      if (fd < 0)
        continue;
      for (;;)
        {
          char buf[8192];
          ssize_t n;
          char *end;

          while ((end = strstr (in->str, "\r\n\r\n")) == NULL)
            {
              n = read (fd, buf, sizeof buf - 1);
              if (n <= 0)
                goto next;
              g_string_append_len (in, buf, n);
            }
          g_string_erase (in, 0, end - in->str + 4);
          {
            g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                     "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                                     g_bytes_get_size (answer));
            gsize size;
            const char *body = g_bytes_get_data (answer, &size);
            gsize sent = 0;

            if (write (fd, head, strlen (head)) < 0)
              goto next;
            while (sent < size)
              {
                n = write (fd, body + sent, size - sent);
                if (n <= 0)
                  goto next;
                sent += n;
              }
            g_atomic_pointer_set (&t_answer_sent, g_get_monotonic_time ());
          }
        }
    next:
      close (fd);
      g_string_free (in, TRUE);
    }
  return NULL;
}

static GBytes *
fetch_answer (const char *url, const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, "/api/v2/users/me/orgs", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("fetching the organizations: %s", error ? error->message : "bad status");
  return body;
}

static guint last_n_rows;
static gint64 t_last_change, max_gap_to_rows;
static gboolean finished;

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (t_request != 0 && last_tick != 0 && t_rows == 0)
    max_gap_to_rows = MAX (max_gap_to_rows, now - last_tick);
  /* The page goes on opening the way to the person's nodes after the first rows: the stall
   * counts until the number of rows has stayed the same for 500 ms. */
  if (t_request != 0 && last_tick != 0 && !finished)
    max_gap = MAX (max_gap, now - last_tick);
  if (done && !finished && list_view != NULL)
    {
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
      guint n = model ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

      if (n != last_n_rows || t_last_change == 0)
        {
          last_n_rows = n;
          t_last_change = now;
        }
      else if (now - t_last_change > 500 * 1000)
        finished = TRUE;
    }
  /* (the first tick has nothing before it) */
  if (g_getenv ("AC_BENCH_TRACE") != NULL && last_tick != 0 && now - last_tick > 30000)
    {
      gint64 arrived = g_atomic_pointer_get (&t_answer_sent);

      /* when: from the request, and from the answer's arrival once it has arrived */
      if (t_request == 0)
        fprintf (stderr, "STALL %.1f ms before the request (not counted)\n", (now - last_tick) / 1e3);
      else if (arrived == 0)
        fprintf (stderr, "STALL %.1f ms ending %.1f ms after the request\n",
                 (now - last_tick) / 1e3, (now - t_request) / 1e3);
      else
        fprintf (stderr, "STALL %.1f ms ending %.1f ms after the request, %.1f ms after the answer%s\n",
                 (now - last_tick) / 1e3, (now - t_request) / 1e3, (now - arrived) / 1e3,
                 t_rows != 0 ? ", rows painted" : "");
    }
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
rows_visible (void)
{
  GtkSelectionModel *model;

  if (list_view == NULL || !gtk_widget_get_mapped (list_view))
    return FALSE;
  model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_first_child (child) != NULL)
      return TRUE;
  return FALSE;
}

static void
after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  if (t_rows == 0 && g_atomic_pointer_get (&t_answer_sent) != 0 && rows_visible ())
    {
      t_rows = g_get_monotonic_time ();
      done = TRUE;
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(AcClient) signer = NULL, client = NULL;
  g_autoptr(AcAccount) account = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_url = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  GtkWidget *window, *page;
  gint64 base_rss, peak, rss, deadline;
  gboolean reset;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s URL APP_ID ACCOUNT PASSWORD\n", argv[0]);
      return 2;
    }
  adw_init ();

  signer = ac_client_new (argv[1], argv[2]);
  ac_client_sign_in_async (signer, argv[3], argv[4], NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  user = ac_client_sign_in_finish (signer, result, &error);
  if (user == NULL)
    g_error ("sign-in: %s", error->message);
  answer = fetch_answer (argv[1], ac_client_get_token (signer));

  listen_fd = socket (AF_INET, SOCK_STREAM, 0);
  addr.sin_family = AF_INET;
  inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
  if (bind (listen_fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (listen_fd, 8) < 0 ||
      getsockname (listen_fd, (struct sockaddr *) &addr, &len) < 0)
    g_error ("listen: %s", g_strerror (errno));
  server_url = g_strdup_printf ("http://127.0.0.1:%u", ntohs (addr.sin_port));
  g_thread_unref (g_thread_new ("answer", server_thread, NULL));

  client = ac_client_new (server_url, argv[2]);
  ac_client_set_timeout (client, 120);
  ac_client_set_session (client, ac_client_get_token (signer), ac_client_get_token_expires_at (signer));
  account = ac_account_new (client);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  /* let the empty window come up and settle */
  deadline = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 5, tick_cb, NULL, NULL);

  base_rss = bench_rss_kib ();
  reset = bench_reset_peak_rss ();
  t_request = g_get_monotonic_time ();
  page = ac_organizations_page_new (account);     /* starts loading */
  gtk_window_set_child (GTK_WINDOW (window), page);
  list_view = find_list_view (page);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (!finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!finished)
    g_error ("no rows within 120 s");
  peak = bench_peak_rss_kib ();
  rss = bench_rss_kib ();

  printf ("{\"bench\":\"org-page\",\"ms_to_rows\":%.3f,\"ms_request_to_rows\":%.3f,"
          "\"max_stall_ms\":%.3f,\"max_stall_to_rows_ms\":%.3f,\"ms_to_all_rows\":%.3f,\"all_rows\":%u,\"answer_bytes\":%" G_GSIZE_FORMAT ",\"extra_peak_kib\":%" G_GINT64_FORMAT ","
          "\"extra_rss_kib\":%" G_GINT64_FORMAT ",\"peak_reset\":%s,\"rows\":%u}\n",
          (t_rows - t_answer_sent) / 1000.0, (t_rows - t_request) / 1000.0, max_gap / 1000.0,
          max_gap_to_rows / 1000.0, (t_last_change - t_answer_sent) / 1000.0, last_n_rows,
          g_bytes_get_size (answer), peak - base_rss, rss - base_rss, reset ? "true" : "false",
          g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))));
  fflush (stdout);
  _exit (0);
}
