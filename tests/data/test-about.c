/* test-about.c: the About window built from the metainfo in the data resource bundle, the
 * icons in that bundle, and the keyboard shortcuts window.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-about"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "ac-about.h"

static void
test_about_english (void)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *about;
  AdwAboutWindow *w;
  const char *notes;

  g_setenv ("LANGUAGE", "C", TRUE);
  about = ac_about_window_new_from_resource (AC_ABOUT_METAINFO_RESOURCE, &error);
  g_assert_no_error (error);
  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  w = ADW_ABOUT_WINDOW (about);

  g_assert_cmpstr (adw_about_window_get_application_name (w), ==, "Account Center");
  g_assert_cmpstr (adw_about_window_get_comments (w), ==, "Manage your Authing account");
  g_assert_cmpstr (adw_about_window_get_application_icon (w), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_developer_name (w), ==, "The Account Center developers");
  /* The metainfo's newest release is this version: a release without notes fails here. */
  g_assert_cmpstr (adw_about_window_get_version (w), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_release_notes_version (w), ==, PACKAGE_VERSION);
  notes = adw_about_window_get_release_notes (w);
  g_assert_nonnull (notes);
  g_assert_true (g_str_has_prefix (notes, "<p>The first release of Account Center.</p>"));
  g_assert_nonnull (strstr (notes, "<ul>\n<li>"));
  g_assert_nonnull (strstr (notes, "</li>\n</ul>"));
  g_assert_null (strstr (notes, "账号"));
  g_assert_cmpint (adw_about_window_get_license_type (w), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (w), ==, "https://github.com/accountcenter/AccountCenter");
  g_assert_cmpstr (adw_about_window_get_issue_url (w), ==, "https://github.com/accountcenter/AccountCenter/issues");

  gtk_window_present (GTK_WINDOW (about));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_about_chinese (void)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *about;
  AdwAboutWindow *w;
  const char *notes;

  /* The merged metainfo carries the zh_CN texts from po/zh_CN.po. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  about = ac_about_window_new_from_resource (AC_ABOUT_METAINFO_RESOURCE, &error);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_assert_no_error (error);
  w = ADW_ABOUT_WINDOW (about);

  g_assert_cmpstr (adw_about_window_get_application_name (w), ==, "账号中心");
  g_assert_cmpstr (adw_about_window_get_comments (w), ==, "管理您的 Authing 账号");
  notes = adw_about_window_get_release_notes (w);
  g_assert_nonnull (notes);
  g_assert_true (g_str_has_prefix (notes, "<p>账号中心的首个版本。</p>"));
  g_assert_null (strstr (notes, "The first release"));
  /* as many list items as in English */
  {
    g_auto(GStrv) items = g_strsplit (notes, "<li>", -1);
    g_assert_cmpuint (g_strv_length (items), ==, 6);
  }
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_about_bad_resource (void)
{
  g_autoptr(GError) error = NULL;
  static const char not_metainfo[] = "<?xml version=\"1.0\"?><svg/>";
  static const char truncated[] = "<?xml version=\"1.0\"?><component><name>X</na";
  const struct { const char *path; const char *data; int code; } cases[] = {
    { "/test/not-metainfo.xml", not_metainfo, G_MARKUP_ERROR_INVALID_CONTENT },
    { "/test/truncated.xml", truncated, G_MARKUP_ERROR_PARSE },
  };

  g_assert_null (ac_about_window_new_from_resource (RESOURCE_BASE "/no-such-file.xml", &error));
  g_assert_error (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Anything but metainfo is an error, never a crash: parse the same bytes through a
   * resource of our own. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("ac-about-XXXXXX", NULL);
      g_autofree char *xml = g_build_filename (dir, "r.gresource.xml", NULL);
      g_autofree char *data = g_build_filename (dir, "d.xml", NULL);
      g_autofree char *target = g_build_filename (dir, "r.gresource", NULL);
      g_autofree char *contents = g_strdup_printf ("<gresources><gresource prefix=\"/test\">"
                                                   "<file alias=\"%s\">d.xml</file>"
                                                   "</gresource></gresources>",
                                                   cases[i].path + strlen ("/test/"));
      g_autofree char *cmd = NULL;
      g_autoptr(GResource) resource = NULL;
      int status = 0;

      g_assert_true (g_file_set_contents (xml, contents, -1, NULL));
      g_assert_true (g_file_set_contents (data, cases[i].data, -1, NULL));
      cmd = g_strdup_printf ("glib-compile-resources --sourcedir=%s --target=%s %s", dir, target, xml);
      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      resource = g_resource_load (target, &error);
      g_assert_no_error (error);
      g_resources_register (resource);

      g_assert_null (ac_about_window_new_from_resource (cases[i].path, &error));
      g_assert_error (error, G_MARKUP_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].path, error->message);
      g_clear_error (&error);

      g_resources_unregister (resource);
      g_unlink (xml);
      g_unlink (data);
      g_unlink (target);
      g_rmdir (dir);
    }
}

static void
test_icons_in_resource (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autofree char *symbolic = g_strconcat (APP_ID, "-symbolic", NULL);
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE "/icons");
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, symbolic));

  icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_assert_true (g_str_has_prefix (uri, "resource://" RESOURCE_BASE "/icons/scalable/apps/"));
}

/* The shortcuts window lists what the issue asks for: Ctrl+R, Ctrl+S, Ctrl+Q, Ctrl+1…9, Ctrl+0 and
 * Ctrl+? (the last bound by GtkApplication itself), every entry with a title. */
static void
test_shortcuts_window (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("AC_SOURCE_ROOT"), "src", "ui", "shell", "gtk", "help-overlay.ui", NULL);
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) objects = NULL;
  g_autoptr(GHashTable) accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *wanted[] = {
    "<Primary>r", "<Primary>s", "<Primary>q", "<Primary>question", "F10", "<Alt>Left",
    "<Primary>1", "<Primary>2", "<Primary>3", "<Primary>4", "<Primary>5", "<Primary>6", "<Primary>7",
    "<Primary>8", "<Primary>9", "<Primary>0",
  };
  GObject *window;

  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  gtk_builder_add_from_file (builder, path, &error);
  g_assert_no_error (error);
  window = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (window));

  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;
      g_autofree char *accel = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "title", &title, "accelerator", &accel, NULL);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (accel);
      g_assert_false (g_hash_table_contains (accels, accel));
      g_hash_table_add (accels, g_steal_pointer (&accel));
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      if (!g_hash_table_contains (accels, wanted[i]))
        g_error ("the shortcuts window does not list %s", wanted[i]);
    }
  g_assert_cmpuint (g_hash_table_size (accels), ==, G_N_ELEMENTS (wanted));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/data/about/english", test_about_english);
  g_test_add_func ("/data/about/chinese", test_about_chinese);
  g_test_add_func ("/data/about/bad-resource", test_about_bad_resource);
  g_test_add_func ("/data/icons/in-resource", test_icons_in_resource);
  g_test_add_func ("/data/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
