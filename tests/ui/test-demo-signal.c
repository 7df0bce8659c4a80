/* test-demo-signal.c: a demo run ended by SIGTERM removes its temporary server folder (it
 * holds the server's private key); on the way the window never shows two titles at once, and
 * the demo notice is a centered banner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "shell-test-util.h"

#define DEMO_NOTICE "Demo account on a local server. Changes are discarded when Account Center quits."

typedef struct
{
  AcAccountCenter *app;
  char            *data_dir;
  guint            max_titles;
  guint            ticks;
  gboolean         signed_in;
  gboolean         signalled;
  gboolean         banner_checked;
} Run;

static void
collect_titles (GtkWidget *root,
                guint     *n)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_WINDOW_TITLE (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_child_visible (child))
        (*n)++;
      collect_titles (child, n);
    }
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every few milliseconds from the start: how many window titles are on screen at once. */
static gboolean
watch_cb (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  guint n = 0;

  if (++run->ticks > 60 * 200)
    {
      g_test_message ("the demo did not sign in within 60 s");
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (!AC_IS_WINDOW (window))
    return G_SOURCE_CONTINUE;

  collect_titles (GTK_WIDGET (window), &n);
  run->max_titles = MAX (run->max_titles, n);

  if (!run->signed_in && g_strcmp0 (ac_window_get_state (AC_WINDOW (window)), "account") == 0)
    {
      AcDemoServer *server = ac_account_center_get_demo_server (run->app);
      GtkWidget *banner;

      run->signed_in = TRUE;
      run->data_dir = g_strdup (ac_demo_server_get_data_dir (server));
      g_assert_true (g_file_test (run->data_dir, G_FILE_TEST_IS_DIR));

      /* The demo notice: a banner, centered and padded. */
      banner = find_label (GTK_WIDGET (window), DEMO_NOTICE);
      g_assert_nonnull (banner);
      g_assert_true (gtk_widget_get_visible (banner));
      g_assert_cmpint (gtk_label_get_justify (GTK_LABEL (banner)), ==, GTK_JUSTIFY_CENTER);
      g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (banner)), ==, 0.5);
      g_assert_true (gtk_widget_has_css_class (banner, "ac-banner"));
      run->banner_checked = TRUE;
    }
  else if (run->signed_in && !run->signalled && run->ticks % 100 == 0)
    {
      /* As a session manager or `kill` would end it. */
      run->signalled = TRUE;
      g_test_message ("sending SIGTERM");
      kill (getpid (), SIGTERM);
    }
  return G_SOURCE_CONTINUE;
}

static void
test_demo_sigterm (void)
{
  Run run = { 0 };
  char *argv[] = { (char *) "account-center", (char *) "--demo", NULL };
  guint watch;
  int status;

  run.app = ac_account_center_new ();
  g_application_set_flags (G_APPLICATION (run.app), G_APPLICATION_NON_UNIQUE);
  watch = g_timeout_add (5, watch_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), 2, argv);
  g_source_remove (watch);

  g_assert_true (run.signed_in);
  g_assert_true (run.banner_checked);
  g_assert_true (run.signalled);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("at most %u window titles at once", run.max_titles);
  g_assert_cmpuint (run.max_titles, ==, 1);
  /* The folder with the server's key is gone. */
  g_assert_nonnull (run.data_dir);
  g_assert_false (g_file_test (run.data_dir, G_FILE_TEST_EXISTS));

  g_free (run.data_dir);
  g_object_unref (run.app);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/demo/sigterm-removes-data", test_demo_sigterm);

  return g_test_run ();
}
