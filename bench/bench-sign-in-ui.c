/* bench-sign-in-ui.c: from pressing Sign In to every page filled, in the real window, under Xvfb
 *
 *   bench-sign-in-ui URL APP_ID ACCOUNT PASSWORD
 *
 * Opens the real AcWindow (as the tests do), fills in the sign-in form, waits until the window
 * has been on screen for a moment (the keyring lookup after the first frame is done), then
 * presses Sign In and measures:
 *  - ms_to_filled: until the session is ready and none of the seven pages read at sign-in
 *    (profile, custom fields, security, applications, organizations, roles, resources) is
 *    loading any more: every answer is in the window (checked after each main loop dispatch);
 *  - ms_to_painted: until the first frame painted after that (GdkFrameClock after-paint). GTK
 *    paints at most once a refresh interval (16.7 ms at 60 Hz), so this waits for the next
 *    frame slot when a frame was painted shortly before;
 *  - ms_page_first_shown: then each of the six other pages is shown in turn, and the time from
 *    showing it to its first painted frame is taken (a page not on screen at sign-in makes its
 *    rows when it is first shown): the slowest of them, and its name.
 * Run it with the emulator's --latency: the network part is two round trips (the login, then
 * the reads in parallel); the rest is building the pages and painting them. One JSON line on
 * stdout, with whether the server's public key was already kept (from an earlier run with the
 * same cache folder). AC_BENCH_TRACE=1 prints the state as it changes and each page's first
 * showing; AC_BENCH_TRACE_CLOCK=1 prints the monotonic clock (s) of the press and of filled, to
 * cut a `perf record -k CLOCK_MONOTONIC` with `perf report --time`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <unistd.h>

#include "ac-client-private.h"
#include "ac-page.h"
#include "ac-session.h"
#include "ac-window.h"
#include "bench-common.h"

static const char *pages[] = { "profile", "custom-fields", "security", "applications",
                               "organizations", "roles", "resources" };

static AcWindow *window;
static gint64 t_pressed, t_filled, t_painted;
static gint64 t_painted_after;      /* a frame painted after this time ends a wait */

static void
trace (const char *what)
{
  if (g_getenv ("AC_BENCH_TRACE") != NULL)
    fprintf (stderr, "%8.1f ms  %s\n", (g_get_monotonic_time () - t_pressed) / 1000.0, what);
}

static gboolean
filled (void)
{
  AcSession *session = ac_window_get_session (window);
  static guint last_state = G_MAXUINT;
  static guint last_busy = G_MAXUINT;
  guint busy = 0;

  if (g_getenv ("AC_BENCH_TRACE") != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          GtkWidget *page = ac_window_get_page (window, pages[i]);

          if (page == NULL || ac_page_get_busy (AC_PAGE (page)))
            busy |= 1u << i;
        }
      if (ac_session_get_state (session) != last_state || busy != last_busy)
        {
          g_autofree char *what = g_strdup_printf ("window %s, session state %d, busy pages 0x%x",
                                                   ac_window_get_state (window),
                                                   ac_session_get_state (session), busy);
          trace (what);
          last_state = ac_session_get_state (session);
          last_busy = busy;
        }
    }

  if (g_strcmp0 (ac_window_get_state (window), "account") != 0 ||
      ac_session_get_state (session) != AC_SESSION_STATE_READY)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (ac_page_get_busy (AC_PAGE (ac_window_get_page (window, pages[i]))))
      return FALSE;
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (t_painted_after != 0 && t_painted == 0)
    t_painted = g_get_monotonic_time ();
}

static gboolean
run_until (gboolean (*cond) (void),
           guint     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!cond ())
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

/* Runs the main loop until the session is ready and every page has its answer; then until the
 * next frame is painted. */
static gboolean
run_until_filled_and_painted (guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (t_painted == 0)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
      if (t_filled == 0 && filled ())
        {
          t_filled = g_get_monotonic_time ();
          t_painted_after = t_filled;
        }
    }
  return TRUE;
}

static gboolean
is_painted (void)
{
  return t_painted != 0;
}

/* Shows each page but the first, one after the other; returns the slowest from showing it to
 * its first frame painted, in ms, and its name in @slowest. */
static double
show_each_page (const char **slowest)
{
  double worst = 0;

  for (guint i = 1; i < G_N_ELEMENTS (pages); i++)
    {
      gint64 shown;
      double ms, cpu;

      t_painted = 0;
      shown = g_get_monotonic_time ();
      cpu = bench_cpu_now ();
      t_painted_after = shown;
      ac_window_show_page (window, pages[i]);
      gtk_widget_queue_draw (GTK_WIDGET (window));
      if (!run_until (is_painted, 10))
        return -1;
      ms = (t_painted - shown) / 1000.0;
      if (g_getenv ("AC_BENCH_TRACE") != NULL)
        fprintf (stderr, "page %s first shown → painted: %.1f ms (CPU %.1f ms)\n", pages[i], ms,
                 (bench_cpu_now () - cpu) * 1000.0);
      if (ms > worst)
        {
          worst = ms;
          *slowest = pages[i];
        }
    }
  return worst;
}

static gboolean
settled (void)
{
  static gint64 since;

  if (since == 0)
    since = g_get_monotonic_time ();
  g_main_context_wakeup (NULL);
  return g_get_monotonic_time () - since > 700 * 1000;
}

int
main (int   argc,
      char *argv[])
{
  AcSignInPage *page;
  g_autofree char *kept = NULL;
  const char *slowest = "";
  gint64 t_painted_first;
  double page_ms;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s URL APP_ID ACCOUNT PASSWORD\n", argv[0]);
      return 2;
    }

  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_init ();
  adw_init ();

  kept = _ac_client_keys_lookup (argv[1]);

  window = ac_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  page = ac_window_get_sign_in_page (window);
  ac_sign_in_page_set_host (page, argv[1]);
  ac_sign_in_page_set_app_id (page, argv[2]);
  ac_sign_in_page_set_account (page, argv[3]);
  ac_sign_in_page_set_password (page, argv[4]);

  /* on screen, the keyring asked, nothing pending */
  run_until (settled, 10);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  t_pressed = g_get_monotonic_time ();
  if (!ac_sign_in_page_submit (page))
    {
      fprintf (stderr, "bench-sign-in-ui: Sign In could not be pressed\n");
      return 1;
    }
  if (!run_until_filled_and_painted (60))
    {
      fprintf (stderr, "bench-sign-in-ui: the pages were not filled within 60 s (state %s)\n",
               ac_window_get_state (window));
      return 1;
    }
  t_painted_first = t_painted;
  if (g_getenv ("AC_BENCH_TRACE_CLOCK") != NULL)
    fprintf (stderr, "clock pressed %.4f filled %.4f\n", t_pressed / 1e6, t_filled / 1e6);
  page_ms = show_each_page (&slowest);
  if (page_ms < 0)
    {
      fprintf (stderr, "bench-sign-in-ui: a page shown after sign-in was not painted within 10 s\n");
      return 1;
    }

  printf ("{\"bench\":\"sign-in-ui\",\"ms_to_filled\":%.3f,\"ms_to_painted\":%.3f,"
          "\"ms_page_first_shown\":%.3f,\"slowest_page\":\"%s\",\"key_kept\":%s}\n",
          (t_filled - t_pressed) / 1000.0, (t_painted_first - t_pressed) / 1000.0, page_ms, slowest,
          kept != NULL ? "true" : "false");
  fflush (stdout);
  _exit (0);
}
