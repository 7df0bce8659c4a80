/* test-layout.c: the window with a crowded account (a 120-character nickname, long names and
 * codes, many actions), at 360 px and wide: every page fits 360 px, Resources does not fold
 * at 960 px; focus on a page switch; Ctrl+R's feedback; toasts that leave room for the content
 *
 * The crowded pool is made here from the demo pool, so that it follows the seed format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "shell-test-util.h"

#define NARROW 360

static const char * const page_names[] = {
  "profile", "custom-fields", "security", "applications", "organizations", "roles", "resources",
  "devices", "history", "groups",
};

typedef struct
{
  AcTestEmulator  *emu;
  AcAccountCenter *app;
  AcWindow        *window;
  char            *pool_path;
  char            *nickname;
} Fixture;

/* ---- the crowded pool ------------------------------------------------------------------ */

static char *
repeat (const char *word,
        guint       length)
{
  GString *text = g_string_new (NULL);

  while (text->len < length)
    g_string_append (text, word);
  g_string_truncate (text, length);
  return g_string_free (text, FALSE);
}

static JsonObject *
demo_user (JsonObject *pool)
{
  JsonArray *users = json_object_get_array_member (pool, "users");

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_strcmp0 (json_object_get_string_member (user, "username"), DEMO_USER) == 0)
        return user;
    }
  g_assert_not_reached ();
  return NULL;
}

static char *
make_crowded_pool (const char *folder,
                   char      **nickname_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *nickname = repeat ("Extraordinarily-Long-Nickname ", 120);
  JsonObject *pool, *profile;
  JsonArray *roles, *resources, *applications, *organizations;
  char *path;

  json_parser_load_from_file (parser, g_getenv ("AC_DEMO_POOL"), &error);
  g_assert_no_error (error);
  pool = json_node_get_object (json_parser_get_root (parser));

  /* A nickname of 120 characters and a long name. */
  g_assert_cmpuint (g_utf8_strlen (nickname, -1), ==, 120);
  profile = json_object_get_object_member (demo_user (pool), "profile");
  json_object_set_string_member (profile, "nickname", nickname);
  json_object_set_string_member (profile, "name", "Maximiliana Theodora Wilhelmina von Hohenzollern-Sigmaringen-Auersperg");
  json_object_set_string_member (profile, "company", "International Consolidated Holdings of Extremely Long Company Names Ltd.");

  /* Roles with long codes and descriptions. */
  roles = json_object_get_array_member (pool, "roles");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *role = json_object_new ();
      JsonArray *members = json_array_new ();
      g_autofree char *id = g_strdup_printf ("65f1a50000000000000009%02u", i);
      g_autofree char *code = g_strdup_printf ("role-with-a-very-long-code-that-does-not-fit-anywhere-%u-%s", i,
                                               "abcdefghijklmnopqrstuvwxyz");

      json_object_set_string_member (role, "id", id);
      json_object_set_string_member (role, "code", code);
      json_object_set_string_member (role, "namespace", "default");
      json_object_set_string_member (role, "description", "A role whose description goes on and on about what it allows, where, when and why, far beyond one line");
      json_object_set_null_member (role, "parentCode");
      json_object_set_boolean_member (role, "isSystem", FALSE);
      json_array_add_string_element (members, DEMO_USER);
      json_object_set_array_member (role, "members", members);
      json_array_add_object_element (roles, role);
    }

  /* Resources with long codes (no space to break at) and many actions. */
  resources = json_object_get_array_member (pool, "resources");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *resource = json_object_new ();
      JsonArray *grants = json_array_new ();
      JsonObject *grant = json_object_new ();
      JsonArray *actions = json_array_new ();
      g_autofree char *code = g_strdup_printf ("repo:%s-%u", "very-long-resource-code-without-any-space-to-break-at-all-0123456789", i);
      g_autofree char *api = g_strdup_printf ("https://api.example.com/v1/a/very/long/api/identifier/path/%u", i);

      json_object_set_string_member (resource, "code", code);
      json_object_set_string_member (resource, "type", "API");
      json_object_set_string_member (resource, "namespace", "default");
      json_object_set_string_member (resource, "apiIdentifier", api);
      for (guint a = 0; a < 24; a++)
        {
          g_autofree char *action = g_strdup_printf ("repo:action-with-a-long-name-%02u", a);
          json_array_add_string_element (actions, action);
        }
      json_object_set_string_member (grant, "to", "user:" DEMO_USER);
      json_object_set_array_member (grant, "actions", actions);
      json_array_add_object_element (grants, grant);
      json_object_set_array_member (resource, "grants", grants);
      json_array_add_object_element (resources, resource);
    }

  /* Applications with long names, domains and descriptions (on the first page: in front). */
  applications = json_object_get_array_member (pool, "applications");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *application = json_object_new ();
      JsonObject *access = json_object_new ();
      g_autofree char *id = g_strdup_printf ("65f1a20000000000000009%02u", i);
      g_autofree char *identifier = g_strdup_printf ("crowded-%u", i);
      g_autofree char *domain = g_strdup_printf ("an-application-with-a-very-long-domain-name-%u.subdomain.yunshan.example", i);

      json_object_set_string_member (application, "id", id);
      json_object_set_string_member (application, "name", "The Application With The Longest Name Anyone Has Ever Given To An Application");
      json_object_set_string_member (application, "identifier", identifier);
      json_object_set_string_member (application, "domain", domain);
      json_object_set_null_member (application, "logo");
      json_object_set_string_member (application, "description", "A description that is long enough to need two lines at least, and then some more words to be sure of it");
      json_object_set_string_member (application, "protocol", "oidc");
      json_object_set_string_member (application, "appType", "INDIVIDUAL");
      json_object_set_boolean_member (access, "all", TRUE);
      json_object_set_object_member (application, "access", access);
      json_array_add_object_element (applications, application);
    }

  /* A long organization name. */
  organizations = json_object_get_array_member (pool, "organizations");
  json_object_set_string_member (json_object_get_object_member (json_array_get_object_element (organizations, 0), "root"),
                                 "name", "The Organization With A Name Long Enough To Cross Any Narrow Window Twice Over");

  json_generator_set_root (generator, json_parser_get_root (parser));
  path = g_build_filename (folder, "crowded-pool.json", NULL);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  *nickname_out = g_steal_pointer (&nickname);
  return path;
}

/* ---- helpers ----------------------------------------------------------------------------- */

static void
settle (guint ms)
{
  ac_test_run_for (ms);
}

static void
find_all (GtkWidget  *root,
          GType       type,
          GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      find_all (child, type, found);
    }
}

static GtkWidget *
find_first (GtkWidget *root,
            GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static GtkWidget *
find_by_type_name (GtkWidget  *root,
                   const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (G_OBJECT_TYPE_NAME (child), name))
        return child;
      found = find_by_type_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
resize (Fixture *fixture,
        int      width,
        int      height)
{
  int before = gtk_widget_get_width (GTK_WIDGET (fixture->window));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  for (guint i = 0; i < 200 && gtk_widget_get_width (GTK_WIDGET (fixture->window)) == before; i++)
    settle (20);
  settle (300);
  /* (the default size counts the decorations of a window without a window manager) */
  g_test_message ("the window is %d px wide", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (fixture->window)) - width), <=, 12);
}

static gboolean
lists_loaded (gpointer data)
{
  AcWindow *window = data;
  AcAccount *account = ac_session_get_account (ac_window_get_session (window));

  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    if (ac_account_get_part_state (account, i) != AC_LOAD_STATE_LOADED)
      return FALSE;
  return TRUE;
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  const char *dir = g_getenv ("AC_SCREENSHOT_DIR");
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  g_mkdir_with_parents (dir, 0755);
  settle (200);
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

/* ---- fixture --------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("ac-layout-XXXXXX", &error);

  g_assert_no_error (error);
  fixture->pool_path = make_crowded_pool (folder, &fixture->nickname);
  fixture->emu = ac_test_emulator_start (fixture->pool_path, NULL, &error);
  g_assert_no_error (error);
  fixture->app = shell_app_new ();
  fixture->window = shell_window_new (fixture->app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  shell_sign_in (fixture->window, fixture->emu, DEMO_USER, DEMO_PASSWORD);
  shell_wait_until (lists_loaded, fixture->window, 60, "every part of the account");
  settle (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->pool_path);

  shell_destroy_window (fixture->window);
  g_clear_object (&fixture->app);
  ac_test_emulator_free (fixture->emu);
  g_unlink (fixture->pool_path);
  g_rmdir (folder);
  g_free (fixture->pool_path);
  g_free (fixture->nickname);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
assert_cut_labels_have_tooltips (GtkWidget  *root,
                                 const char *where)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint cut = 0;

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (label);
      const char *tooltip;

      /* (not a text field's placeholder) */
      if (!gtk_widget_get_mapped (GTK_WIDGET (label)) || gtk_widget_get_width (GTK_WIDGET (label)) <= 0 ||
          !pango_layout_is_ellipsized (gtk_label_get_layout (label)) ||
          gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_TEXT) != NULL)
        continue;
      cut++;
      tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (label));
      if (tooltip == NULL || strstr (tooltip, text) == NULL)
        g_error ("%s: “%s” is cut short with no tooltip that has all of it", where, text);
    }
  g_test_message ("%s: %u labels cut short, each with its tooltip", where, cut);
}

/* Names the widgets below @widget that are wider than the window may be (for the log). */
static void
say_too_wide (GtkWidget *widget,
              guint      depth)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int cmin = 0;

      if (!gtk_widget_get_visible (c))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
      if (cmin > NARROW - 24)
        {
          g_test_message ("%*s%s (%s): %d px", (int) depth * 2, "", G_OBJECT_TYPE_NAME (c),
                          gtk_widget_get_name (c), cmin);
          say_too_wide (c, depth + 1);
        }
    }
}

/* Every page's minimum width, measured on the window's content, is at most 360 px; the long
 * nickname does not widen the sidebar; at 960 px Resources does not fold. */
static void
test_crowded_widths (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  AdwLeaflet *leaflet = ADW_LEAFLET (find_first (content, ADW_TYPE_LEAFLET));
  GtkWidget *sidebar;
  gboolean too_wide = FALSE;

  g_assert_nonnull (leaflet);
  /* The account loaded the nickname, the header shows it cut, with all of it in the tooltip. */
  g_assert_cmpstr (ac_user_info_get_nickname (ac_account_get_user (ac_session_get_account (ac_window_get_session (fixture->window)))),
                   ==, fixture->nickname);
  /* The nickname ends with a blank: shown, it is not an edit (nothing to save on arrival). */
  {
    gboolean can_save = TRUE;

    g_object_get (ac_window_get_page (fixture->window, "profile"), "can-save", &can_save, NULL);
    g_assert_false (can_save);
  }
  for (sidebar = gtk_widget_get_first_child (GTK_WIDGET (leaflet)); sidebar != NULL;
       sidebar = gtk_widget_get_next_sibling (sidebar))
    if (g_strcmp0 (gtk_widget_get_name (sidebar), "sidebar") == 0)
      break;
  g_assert_nonnull (sidebar);
  {
    int min = 0, nat = 0;

    gtk_widget_measure (sidebar, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_test_message ("sidebar: minimum %d px, natural %d px", min, nat);
    g_assert_cmpint (nat, <=, 300);
  }

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      int min = 0, nat = 0, page_min = 0;
      GtkWidget *page = ac_window_get_page (fixture->window, page_names[i]);

      ac_window_show_page (fixture->window, page_names[i]);
      settle (300);
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
      g_test_message ("%s: window content minimum %d px (page %d px), natural %d px",
                      page_names[i], min, page_min, nat);
      if (min > NARROW)
        {
          too_wide = TRUE;
          for (GtkWidget *w = page; w != NULL && w != content; w = gtk_widget_get_parent (w))
            for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (w)); c != NULL; c = gtk_widget_get_next_sibling (c))
              {
                int cmin = 0;

                gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
                if (cmin > NARROW)
                  g_test_message ("  too wide: a %s (%s) of %d px", G_OBJECT_TYPE_NAME (c), gtk_widget_get_name (c), cmin);
              }
        }
      if (g_str_equal (page_names[i], "resources") || g_str_equal (page_names[i], "applications"))
        screenshot (fixture, g_str_equal (page_names[i], "resources") ? "crowded-resources" : "crowded-applications");
    }
  g_assert_false (too_wide);

  /* The sign-in page too (its steps are built already): the window's minimum is 360 px. */
  {
    int min = 0;

    gtk_widget_measure (GTK_WIDGET (ac_window_get_sign_in_page (fixture->window)),
                        GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_test_message ("sign-in page: minimum %d px", min);
    if (min > NARROW)
      say_too_wide (GTK_WIDGET (ac_window_get_sign_in_page (fixture->window)), 0);
    g_assert_cmpint (min, <=, NARROW);
  }

  /* At 960 px the sidebar and the page are side by side, on every page. */
  resize (fixture, 960, 760);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      ac_window_show_page (fixture->window, page_names[i]);
      settle (200);
      g_test_message ("%s at 960 px: %s", page_names[i], adw_leaflet_get_folded (leaflet) ? "folded" : "side by side");
      g_assert_false (adw_leaflet_get_folded (leaflet));
    }

  /* A name cut short has all of it in its tooltip (the list pages and the sidebar). */
  assert_cut_labels_have_tooltips (GTK_WIDGET (fixture->window), "the sidebar");
  for (guint i = 3; i < G_N_ELEMENTS (page_names); i++)
    {
      ac_window_show_page (fixture->window, page_names[i]);
      settle (300);
      assert_cut_labels_have_tooltips (ac_window_get_page (fixture->window, page_names[i]), page_names[i]);
    }

  /* At 360 px every page is there, folded, and nothing is cut (the content fits). */
  resize (fixture, NARROW, 720);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *page = ac_window_get_page (fixture->window, page_names[i]);
      g_autofree char *name = g_strdup_printf ("narrow-%s", page_names[i]);

      ac_window_show_page (fixture->window, page_names[i]);
      settle (300);
      /* a page last laid out wide gets its narrow allocation on a later frame: under the
       * sanitizers that can take longer than the settle above (bounded: 10 s) */
      for (guint t = 0; t < 500 && gtk_widget_get_width (page) > NARROW; t++)
        settle (20);
      settle (100);
      g_assert_cmpint (gtk_widget_get_width (page), <=, NARROW);
      g_assert_cmpint (gtk_widget_get_width (page), >=, NARROW - 2);
      if (i >= 3)
        assert_cut_labels_have_tooltips (page, name);
      screenshot (fixture, name);
    }
}

static gboolean
inside_editable (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w))
      return TRUE;
  return FALSE;
}

static void
assert_page_focused (Fixture    *fixture,
                     const char *name)
{
  GtkWidget *page = ac_window_get_page (fixture->window, name);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_assert_nonnull (focus);
  g_test_message ("%s: focus on a %s", name, G_OBJECT_TYPE_NAME (focus));
  g_assert_true (focus == page || gtk_widget_is_ancestor (focus, page));
  g_assert_false (inside_editable (focus));
  /* Nothing selected on arrival, in a label or in a text field. */
  {
    g_autoptr(GPtrArray) texts = g_ptr_array_new ();

    find_all (page, GTK_TYPE_TEXT, texts);
    for (guint i = 0; i < texts->len; i++)
      {
        GtkEditable *text = g_ptr_array_index (texts, i);
        int start, end;

        if (gtk_widget_get_mapped (GTK_WIDGET (text)) && gtk_editable_get_selection_bounds (text, &start, &end))
          g_error ("%s: the field “%s” has a selection on arrival", name, gtk_editable_get_text (text));
      }
  }
  find_all (page, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      int start, end;

      if (gtk_widget_get_mapped (GTK_WIDGET (label)) && gtk_label_get_selection_bounds (label, &start, &end))
        g_error ("%s: the label “%s” has a selection on arrival", name, gtk_label_get_text (label));
    }
}

/* Ctrl+1 … Ctrl+7 focus the page, never a text field, and select nothing: wide and folded. */
static void
test_focus_on_page_switch (Fixture       *fixture,
                           gconstpointer  data)
{
  for (guint width = 0; width < 2; width++)
    {
      if (width == 1)
        resize (fixture, NARROW, 720);
      for (guint pass = 0; pass < 2; pass++)
        for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
          {
            /* First from the page before, then from a text field of Profile (Ctrl+2, Ctrl+7 landed
             * in a field with its text selected). */
            if (pass == 1)
              {
                GtkWidget *profile = ac_window_get_page (fixture->window, "profile");
                GtkWidget *text = NULL;
                g_autoptr(GPtrArray) editables = g_ptr_array_new ();

                gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-to-page", "i", 0);
                settle (100);
                find_all (profile, GTK_TYPE_TEXT, editables);
                for (guint e = 0; e < editables->len && text == NULL; e++)
                  if (gtk_widget_get_mapped (g_ptr_array_index (editables, e)))
                    text = g_ptr_array_index (editables, e);
                if (text != NULL)
                  gtk_widget_grab_focus (text);
              }
            gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-to-page", "i", (gint32) i);
            settle (150);
            assert_page_focused (fixture, page_names[i]);
          }
    }
}

static gboolean
not_refreshing (gpointer data)
{
  return !ac_window_get_refreshing (AC_WINDOW (data));
}

static void
count_map (guint *maps)
{
  (*maps)++;
}

/* Ctrl+R shows that it refreshes (a spinner in the header), then says it is done, or why not. */
static void
test_refresh_feedback (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *spinner = NULL;
  guint maps = 0;
  g_autoptr(GPtrArray) spinners = g_ptr_array_new ();

  find_all (GTK_WIDGET (fixture->window), GTK_TYPE_SPINNER, spinners);
  for (guint i = 0; i < spinners->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (spinners, i)), "Refreshing…") == 0)
      spinner = g_ptr_array_index (spinners, i);
  g_assert_nonnull (spinner);
  g_assert_false (gtk_widget_get_visible (spinner));

  /* The refresh may be done before the next frame on a fast machine: count the times the spinner
   * is shown on screen rather than look for it after a pause. */
  g_signal_connect_swapped (spinner, "map", G_CALLBACK (count_map), &maps);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_true (ac_window_get_refreshing (fixture->window));
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  shell_wait_until (not_refreshing, fixture->window, 30, "the refresh");
  g_assert_cmpuint (maps, >=, 1);
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_cmpstr (ac_window_get_last_toast (fixture->window), ==, "Account refreshed");

  /* The server is gone: the toast names the failure. */
  ac_test_emulator_stop (fixture->emu);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  g_assert_true (ac_window_get_refreshing (fixture->window));
  shell_wait_until (not_refreshing, fixture->window, 60, "the failed refresh");
  g_test_message ("after a failed refresh: %s", ac_window_get_last_toast (fixture->window));
  g_assert_true (g_str_has_prefix (ac_window_get_last_toast (fixture->window), "Could not refresh: "));
  g_assert_cmpuint (strlen (ac_window_get_last_toast (fixture->window)), >, strlen ("Could not refresh: "));
  g_assert_false (gtk_widget_get_visible (spinner));
}

static gboolean
toast_widget_shown (gpointer data)
{
  GtkWidget *widget = find_by_type_name (GTK_WIDGET (data), "AdwToastWidget");

  return widget != NULL && gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0;
}

static gboolean
toast_gone (gpointer data)
{
  return !ac_window_get_toast_shown (AC_WINDOW (data));
}

/* A toast never covers the content: it has room of its own at the bottom while it is shown,
 * on every page, wide and narrow; it goes after a few seconds; a new one replaces it. */
static void
test_toast_room (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *overlay = find_first (GTK_WIDGET (fixture->window), ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *stack = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));
  gint64 start;
  double seconds;

  for (guint width = 0; width < 2; width++)
    {
      if (width == 1)
        resize (fixture, NARROW, 720);
      for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
        {
          graphene_rect_t toast_bounds, content_bounds;
          GtkWidget *toast;

          ac_window_show_page (fixture->window, page_names[i]);
          gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toast", "s", "Token refreshed");
          shell_wait_until (toast_widget_shown, overlay, 10, "the toast");
          settle (300);
          toast = find_by_type_name (overlay, "AdwToastWidget");
          g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (fixture->window), &toast_bounds));
          g_assert_true (gtk_widget_compute_bounds (stack, GTK_WIDGET (fixture->window), &content_bounds));
          g_test_message ("%s: content ends at %.0f, the toast starts at %.0f", page_names[i],
                          content_bounds.origin.y + content_bounds.size.height, toast_bounds.origin.y);
          g_assert_cmpfloat (content_bounds.origin.y + content_bounds.size.height, <=, toast_bounds.origin.y);
          if (i == 2 && width == 1)
            screenshot (fixture, "narrow-toast");
        }
    }

  /* One at a time; it goes by itself after a few seconds (a pointer over it does not keep it:
   * the window dismisses it). */
  g_assert_cmpuint (ac_window_get_toast_seconds (fixture->window), >=, 3);
  g_assert_cmpuint (ac_window_get_toast_seconds (fixture->window), <=, 10);
  start = g_get_monotonic_time ();
  shell_wait_until (toast_gone, fixture->window, 15, "the toast to go");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpfloat (seconds, <=, 10.5);
  settle (500);
  g_assert_cmpint (gtk_widget_get_margin_bottom (stack), ==, 0);
  g_assert_null (find_by_type_name (overlay, "AdwToastWidget"));
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add ("/ui/layout/crowded-widths", Fixture, NULL, fixture_set_up, test_crowded_widths, fixture_tear_down);
  g_test_add ("/ui/layout/focus-on-page-switch", Fixture, NULL, fixture_set_up, test_focus_on_page_switch, fixture_tear_down);
  g_test_add ("/ui/layout/refresh-feedback", Fixture, NULL, fixture_set_up, test_refresh_feedback, fixture_tear_down);
  g_test_add ("/ui/layout/toast-room", Fixture, NULL, fixture_set_up, test_toast_room, fixture_tear_down);

  return g_test_run ();
}
