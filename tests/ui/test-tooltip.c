/* test-tooltip.c: ac_widget_set_tooltip() sets the same tooltips as gtk_widget_set_tooltip_text(),
 * without GTK 4.8's round trip to the X server for widgets not on screen (counted with the
 * display's request numbers: gtk_widget_set_tooltip_text() makes one request per call there)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

#include "ac-tooltip.h"

#define N_LABELS 200

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Requests sent to the X server so far */
static gulong
x_requests (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  return NextRequest (gdk_x11_display_get_xdisplay (display));
}

static void
test_same_tooltips (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *shown = gtk_label_new ("on screen");
  GtkWidget *hidden = gtk_label_new ("hidden");

  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_box_append (GTK_BOX (box), shown);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_widget_set_visible (hidden, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  run_for (300);
  g_assert_true (gtk_widget_get_mapped (shown));

  /* on screen: set as GTK does */
  ac_widget_set_tooltip (shown, "One");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (shown), ==, "One");
  g_assert_true (gtk_widget_get_has_tooltip (shown));
  g_assert_true (gtk_widget_get_mapped (shown));
  ac_widget_set_tooltip (shown, "");
  g_assert_null (gtk_widget_get_tooltip_text (shown));
  g_assert_false (gtk_widget_get_has_tooltip (shown));

  /* hidden: stays hidden */
  ac_widget_set_tooltip (hidden, "Two");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hidden), ==, "Two");
  g_assert_false (gtk_widget_get_visible (hidden));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_round_trips_off_screen (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *labels[N_LABELS];
  gulong before, by_gtk, ours;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("counts X11 requests");
      return;
    }

  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  run_for (300);

  /* Rows being built: visible, not yet on screen */
  for (guint i = 0; i < N_LABELS; i++)
    labels[i] = g_object_ref_sink (gtk_label_new ("row"));

  before = x_requests ();
  for (guint i = 0; i < N_LABELS; i++)
    gtk_widget_set_tooltip_text (labels[i], "by GTK");
  by_gtk = x_requests () - before;

  before = x_requests ();
  for (guint i = 0; i < N_LABELS; i++)
    ac_widget_set_tooltip (labels[i], "ours");
  ours = x_requests () - before;
  g_test_message ("X requests for %d tooltips: gtk_widget_set_tooltip_text %lu, ac_widget_set_tooltip %lu",
                  N_LABELS, by_gtk, ours);

  /* the premise: GTK asks the display for each one */
  g_assert_cmpuint (by_gtk, >=, N_LABELS);
  g_assert_cmpuint (ours, <, 10);
  for (guint i = 0; i < N_LABELS; i++)
    {
      g_assert_cmpstr (gtk_widget_get_tooltip_text (labels[i]), ==, "ours");
      g_assert_true (gtk_widget_get_visible (labels[i]));
    }

  /* the same text again: nothing at all, on screen or not */
  gtk_box_append (GTK_BOX (box), labels[0]);
  run_for (100);
  g_assert_true (gtk_widget_get_mapped (labels[0]));
  before = x_requests ();
  for (guint i = 0; i < N_LABELS; i++)
    ac_widget_set_tooltip (labels[i], "ours");
  g_assert_cmpuint (x_requests () - before, ==, 0);

  for (guint i = 0; i < N_LABELS; i++)
    g_object_unref (labels[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/tooltip/same-tooltips", test_same_tooltips);
  g_test_add_func ("/ui/tooltip/no-round-trips-off-screen", test_no_round_trips_off_screen);

  return g_test_run ();
}
