/* bench-first-frame.c: time from exec to a program's first frame, measured from outside
 *
 *   bench-first-frame TIMEOUT_S COMMAND [ARG...]
 *
 * Watches the X server (DISPLAY, e.g. Xvfb) for top-level windows being mapped and asks the
 * DAMAGE extension about each one; the first damage to a mapped window (the toolkit drawing its
 * first frame into it) ends the measurement; damage reported within 2 ms of the map is the
 * server painting the background and does not count. Then the program is terminated. No LD_PRELOAD, no
 * cooperation from the program: the same measurement for our binary and for any other.
 * Prints {"ms_map": …, "ms_first_frame": …} (milliseconds since just before exec). The child
 * gets AC_BENCH_T0 (g_get_monotonic_time() just before exec) in its environment, so a program
 * that can report its own first frame (bench-minimal-window) uses the same origin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#include "bench-common.h"

int
main (int argc, char *argv[])
{
  Display *display;
  int damage_event, damage_error, status;
  double timeout;
  gint64 t0, t_map = 0, t_frame = 0;
  char t0_text[32];
  pid_t child;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s TIMEOUT_S COMMAND [ARG...]\n", argv[0]);
      return 2;
    }
  timeout = g_ascii_strtod (argv[1], NULL);
  display = XOpenDisplay (NULL);
  if (display == NULL || !XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "bench-first-frame: no X display with the DAMAGE extension\n");
      return 2;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  t0 = g_get_monotonic_time ();
  g_snprintf (t0_text, sizeof t0_text, "%" G_GINT64_FORMAT, t0);
  g_setenv ("AC_BENCH_T0", t0_text, TRUE);
  child = fork ();
  if (child == 0)
    {
      execvp (argv[2], argv + 2);
      _exit (127);
    }

  while (t_frame == 0)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };

      if (g_get_monotonic_time () - t0 > timeout * G_USEC_PER_SEC)
        break;
      if (waitpid (child, &status, WNOHANG) == child)
        {
          fprintf (stderr, "bench-first-frame: %s exited before its first frame\n", argv[2]);
          return 1;
        }
      if (XPending (display) == 0)
        {
          poll (&pfd, 1, 20);
          continue;
        }
      while (XPending (display) > 0 && t_frame == 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && event.xmap.event == DefaultRootWindow (display))
            {
              XWindowAttributes attrs;

              if (XGetWindowAttributes (display, event.xmap.window, &attrs) &&
                  attrs.class == InputOutput && attrs.width > 10 && attrs.height > 10)
                {
                  if (t_map == 0)
                    t_map = g_get_monotonic_time ();
                  XDamageCreate (display, event.xmap.window, XDamageReportRawRectangles);
                  XFlush (display);
                }
            }
          else if (event.type == damage_event + XDamageNotify)
            {
              gint64 now = g_get_monotonic_time ();

              /* The server paints the window's background as it maps it, reported at once
               * with the map; the toolkit's frame comes after it has seen the map (GDK
               * holds its frame clock until then), at least a round trip later. */
              if (now - t_map >= 2000)
                t_frame = now;
            }
        }
    }

  /* give the program a moment to report its own first frame before it is terminated */
  for (int i = 0; i < 50 && waitpid (child, &status, WNOHANG) == 0; i++)
    g_usleep (10000);
  kill (child, SIGTERM);
  waitpid (child, &status, 0);
  if (t_frame == 0)
    {
      fprintf (stderr, "bench-first-frame: no frame within %.0f s\n", timeout);
      return 1;
    }
  printf ("{\"bench\":\"first-frame\",\"ms_map\":%.3f,\"ms_first_frame\":%.3f}\n",
          (t_map - t0) / 1000.0, (t_frame - t0) / 1000.0);
  return 0;
}
