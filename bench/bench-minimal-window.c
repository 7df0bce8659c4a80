/* bench-minimal-window.c: the smallest libadwaita application with a window (an
 * AdwApplicationWindow with a header bar and a status page), the reference for the cold start
 * of account-center. When AC_BENCH_T0 is set (bench-first-frame sets it), prints the time of
 * its own first frame (GdkFrameClock::after-paint) since then, to check the outside
 * measurement against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include <adwaita.h>
#include <stdio.h>

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  const char *t0 = g_getenv ("AC_BENCH_T0");

  if (t0 != NULL)
    {
      printf ("{\"bench\":\"minimal-window\",\"ms_after_paint\":%.3f}\n",
              (g_get_monotonic_time () - g_ascii_strtoll (t0, NULL, 10)) / 1000.0);
      fflush (stdout);
    }
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Hello");
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.accountcenter.BenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
