/* screenshots.c: PNG screenshots of every main page of the running app, for the README and
 * for looking at the pages. Usage: screenshots OUTPUT-FOLDER (run under build-aux/test-env or
 * any display). Starts the bundled emulator with the demo pool, as account-center --demo does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ac-account-center.h"
#include "ac-demo-server.h"
#include "ac-profile-page.h"
#include "ac-delete-dialog.h"
#include "ac-reauth-dialog.h"
#include "ac-window.h"

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
save_widget (GtkWidget  *widget,
             const char *folder,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", folder, name);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    g_error ("nothing to render for %s", name);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);
  g_print ("%s\n", path);
}

typedef struct
{
  char     *url;
  GError   *error;
  gboolean  done;
} Started;

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Started *started = user_data;

  started->url = ac_demo_server_start_finish (AC_DEMO_SERVER (object), result, &started->error);
  started->done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const char *pages[] = { "profile", "custom-fields", "security", "applications",
                                 "organizations", "roles", "resources", "devices", "history",
                                 "groups" };
  g_autoptr(AcDemoServer) server = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autofree char *app_id = NULL;
  g_autoptr(GError) error = NULL;
  Started started = { 0 };
  AcWindow *window;
  const char *folder;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTPUT-FOLDER\n", argv[0]);
      return 2;
    }
  folder = argv[1];
  g_mkdir_with_parents (folder, 0755);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  adw_init ();

  server = ac_demo_server_new ();
  ac_demo_server_start_async (server, NULL, started_cb, &started);
  while (!started.done)
    g_main_context_iteration (NULL, TRUE);
  if (started.url == NULL)
    g_error ("demo server: %s", started.error->message);
  if (!ac_demo_server_read_credentials (ac_demo_server_get_pool_path (server), &username, &password, &app_id, &error))
    g_error ("%s", error->message);

  window = ac_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  ac_window_set_demo (window, TRUE);

  /* The sign-in page, filled in */
  ac_sign_in_page_set_host (ac_window_get_sign_in_page (window), started.url);
  ac_sign_in_page_set_app_id (ac_window_get_sign_in_page (window), app_id);
  ac_sign_in_page_set_account (ac_window_get_sign_in_page (window), username);
  ac_sign_in_page_set_password (ac_window_get_sign_in_page (window), password);
  wait_ms (800);
  save_widget (GTK_WIDGET (window), folder, "sign-in");

  ac_window_sign_in (window, started.url, app_id, username, password, FALSE);
  while (g_strcmp0 (ac_window_get_state (window), "account") != 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      ac_window_show_page (window, pages[i]);
      wait_ms (1500);
      save_widget (GTK_WIDGET (window), folder, pages[i]);
    }

  /* The profile's personal group: gender and the birthdate picker, with its popover open */
  {
    AcProfilePage *profile = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
    GtkWidget *row = ac_profile_page_get_row (profile, "gender");
    GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
    graphene_point_t point;

    ac_window_show_page (window, "profile");
    wait_ms (500);
    if (scrolled != NULL &&
        gtk_widget_compute_point (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                  &GRAPHENE_POINT_INIT (0, 0), &point))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                                point.y - 80);
    wait_ms (500);
    save_widget (GTK_WIDGET (window), folder, "profile-personal");
  }

  /* Dark style */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ac_window_show_page (window, "profile");
  wait_ms (800);
  save_widget (GTK_WIDGET (window), folder, "profile-dark");
  ac_window_show_page (window, "security");
  wait_ms (800);
  save_widget (GTK_WIDGET (window), folder, "security-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Narrow: the sidebar folds away */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  wait_ms (800);
  ac_window_show_page (window, "profile");
  wait_ms (800);
  save_widget (GTK_WIDGET (window), folder, "narrow-profile");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  wait_ms (800);
  save_widget (GTK_WIDGET (window), folder, "narrow-sidebar");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  wait_ms (800);

  /* The delete dialog */
  {
    AdwMessageDialog *dialog = ac_window_open_delete_dialog (window);

    wait_ms (800);
    save_widget (GTK_WIDGET (dialog), folder, "delete-dialog");
    gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog))), username);
    wait_ms (300);
    save_widget (GTK_WIDGET (dialog), folder, "delete-dialog-typed");
    adw_message_dialog_response (dialog, "cancel");
  }

  /* The re-sign-in dialog of an expired session */
  {
    GtkWidget *dialog = ac_reauth_dialog_new (GTK_WINDOW (window), ac_window_get_session (window), username);

    gtk_window_present (GTK_WINDOW (dialog));
    wait_ms (800);
    save_widget (dialog, folder, "sign-in-again");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_ms (200);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ac_demo_server_stop (server);
  return 0;
}
