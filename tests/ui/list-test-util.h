/* list-test-util.h: helpers of the list page tests (emulator process, sign-in, raw HTTP,
 * widget look-ups, screenshots). Header-only so that each test-*.c stays one file.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ac-account.h"
#include "ac-client.h"
#include "ac-test-emulator.h"

/* ---- the emulator process (tests/lib) ----------------------------------------------- */

typedef struct
{
  AcTestEmulator *emulator;
  char           *url;      /* http://127.0.0.1:PORT */
  JsonObject     *pool;
} LtEmulator;

static inline const char *
lt_demo_pool (void)
{
  const char *pool = g_getenv ("AC_DEMO_POOL");

  g_assert_nonnull (pool);
  return pool;
}

static inline char *
lt_fixture_pool (const char *name)
{
  g_autofree char *relative = g_build_filename ("tests", "fixtures", "pools", name, NULL);

  return ac_test_source_path (relative);
}

static inline LtEmulator *
lt_emulator_start (const char *seed)
{
  LtEmulator *emu = g_new0 (LtEmulator, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_parser_load_from_file (parser, seed, &error);
  g_assert_no_error (error);
  emu->pool = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  emu->emulator = ac_test_emulator_start (seed, NULL, &error);
  g_assert_no_error (error);
  emu->url = g_strdup (ac_test_emulator_get_url (emu->emulator));
  g_test_message ("emulator at %s", emu->url);

  return emu;
}

/* Stops the process; lt_emulator_restart() starts it again on the same port and data. */
static inline void
lt_emulator_stop (LtEmulator *emu)
{
  ac_test_emulator_stop (emu->emulator);
}

static inline void
lt_emulator_restart (LtEmulator *emu)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ac_test_emulator_restart (emu->emulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ac_test_emulator_get_url (emu->emulator), ==, emu->url);
}

static inline void
lt_emulator_free (LtEmulator *emu)
{
  ac_test_emulator_free (emu->emulator);
  json_object_unref (emu->pool);
  g_free (emu->url);
  g_free (emu);
}

static inline const char *
lt_pool_app_id (LtEmulator *emu)
{
  return json_object_get_string_member (json_object_get_object_member (emu->pool, "application"), "id");
}

static inline const char *
lt_pool_id (LtEmulator *emu)
{
  return json_object_get_string_member (json_object_get_object_member (emu->pool, "userPool"), "id");
}

/* The seeded password of @username. */
static inline const char *
lt_pool_password (LtEmulator *emu,
                  const char *username)
{
  JsonArray *users = json_object_get_array_member (emu->pool, "users");

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_strcmp0 (json_object_get_string_member (user, "username"), username) == 0)
        return json_object_get_string_member (user, "password");
    }

  g_error ("no user %s in the pool", username);
  return NULL;
}

/* ---- the main loop -------------------------------------------------------------------- */

static inline gboolean
lt_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @cond is TRUE; fails the test after @timeout_ms. */
static inline void
lt_wait_until_impl (gboolean   (*cond) (gpointer),
                    gpointer     data,
                    guint        timeout_ms,
                    const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, lt_wake_cb, NULL);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

#define lt_wait_until(cond, data, what) \
  lt_wait_until_impl ((gboolean (*) (gpointer)) (cond), (data), 20000, (what))

static inline gboolean
lt_result_ready (GAsyncResult **result)
{
  return *result != NULL;
}

static inline void
lt_store_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the main loop until the async call that was given lt_store_result_cb and &result ends. */
static inline GAsyncResult *
lt_wait_result (GAsyncResult **result)
{
  lt_wait_until (lt_result_ready, result, "an asynchronous call");
  return *result;
}

/* Lets pending idles, layouts and frames run for a moment. */
static inline void
lt_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (5, lt_wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* ---- signing in ------------------------------------------------------------------------ */

static inline AcClient *
lt_sign_in (LtEmulator *emu,
            const char *username)
{
  g_autoptr(AcClient) client = ac_client_new (emu->url, lt_pool_app_id (emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_set_user_pool_id (client, lt_pool_id (emu));
  ac_client_set_lang (client, "en-US");
  ac_client_sign_in_async (client, username, lt_pool_password (emu, username), NULL,
                           lt_store_result_cb, &result);
  user = ac_client_sign_in_finish (client, lt_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_true (ac_client_get_signed_in (client));

  return g_steal_pointer (&client);
}

static inline void
lt_account_load_all (AcAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ac_account_load_all_async (account, NULL, lt_store_result_cb, &result);
  g_assert_true (ac_account_load_all_finish (account, lt_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* ---- the server's own answer, over plain HTTP (not through AcClient) --------------------- */

/* Returns the envelope's "data" of @method @path (with a JSON @body for POST), signed in with
 * @client's token; asserts code 200. */
static inline JsonNode *
lt_raw_data (LtEmulator *emu,
             AcClient   *client,
             const char *method,
             const char *path,
             const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (emu->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strconcat ("Bearer ", ac_client_get_token (client), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *envelope;

  g_assert_nonnull (msg);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_append (soup_message_get_request_headers (msg), "x-authing-app-id", lt_pool_app_id (emu));
  soup_message_headers_append (soup_message_get_request_headers (msg), "x-authing-userpool-id", lt_pool_id (emu));
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  envelope = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (envelope, "code"), ==, 200);

  return json_node_copy (json_object_get_member (envelope, "data"));
}

/* ---- widgets --------------------------------------------------------------------------- */

static inline GtkWidget *
lt_window_new (GtkWidget *child,
               int        width,
               int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static inline void
lt_find_all (GtkWidget *root,
             GType      type,
             GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        g_ptr_array_add (out, child);
      lt_find_all (child, type, out);
    }
}

static inline GtkWidget *
lt_find (GtkWidget *root,
         GType      type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  lt_find_all (root, type, all);
  g_assert_cmpuint (all->len, >, 0);
  return g_ptr_array_index (all, 0);
}

/* Whether @widget and every parent up to @root are visible. */
static inline gboolean
lt_shown_within (GtkWidget *widget,
                 GtkWidget *root)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
        return FALSE;
      if (w == root)
        return TRUE;
    }
  return TRUE;
}

/* The texts of the shown labels under @root, in widget order. */
static inline GPtrArray *
lt_label_texts (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  lt_find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (lt_shown_within (label, root))
        g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
    }

  return texts;
}

static inline gboolean
lt_has_label (GtkWidget  *root,
              const char *text)
{
  g_autoptr(GPtrArray) texts = lt_label_texts (root);

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;

  return FALSE;
}

/* The text of the first shown label under @root: each row's heading. */
static inline char *
lt_first_label (GtkWidget *root)
{
  g_autoptr(GPtrArray) texts = lt_label_texts (root);

  g_assert_cmpuint (texts->len, >, 0);
  return g_strdup (g_ptr_array_index (texts, 0));
}

static inline int
lt_compare_y (gconstpointer a,
              gconstpointer b)
{
  GtkWidget *wa = *(GtkWidget **) a;
  GtkWidget *wb = *(GtkWidget **) b;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (wa));
  graphene_point_t pa, pb;

  g_assert_true (gtk_widget_compute_point (wa, root, &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (wb, root, &GRAPHENE_POINT_INIT (0, 0), &pb));

  return pa.y < pb.y ? -1 : pa.y > pb.y ? 1 : 0;
}

/* The rows of @type that the list view shows (mapped), top to bottom. */
static inline GPtrArray *
lt_rows (GtkWidget *list_view,
         GType      type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *rows = g_ptr_array_new ();

  lt_find_all (list_view, type, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (all, i);

      if (gtk_widget_get_mapped (row) && gtk_widget_get_width (row) > 0)
        g_ptr_array_add (rows, row);
    }
  g_ptr_array_sort (rows, lt_compare_y);

  return rows;
}

/* The page's list (drop-downs have list views of their own in their popovers). */
static inline GtkWidget *
lt_list_view_of (GtkWidget *page)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  lt_find_all (page, GTK_TYPE_LIST_VIEW, lists);
  for (guint i = 0; i < lists->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "ac-list"))
      return g_ptr_array_index (lists, i);

  g_error ("no list in the page");
  return NULL;
}

typedef struct
{
  GtkWidget *page;
  GType      type;
  guint      n;
  const char *view;
} LtRowsWait;

static inline gboolean
lt_rows_count_is (LtRowsWait *wait)
{
  g_autoptr(GPtrArray) rows = lt_rows (lt_list_view_of (wait->page), wait->type);

  return rows->len == wait->n;
}

/* Waits until the page's list draws exactly @n rows of @type (layout runs on frames, which
 * may lag on a loaded machine), then returns them top to bottom. */
static inline GPtrArray *
lt_wait_rows (GtkWidget *page,
              GType      type,
              guint      n)
{
  LtRowsWait wait = { page, type, n, NULL };

  lt_wait_until (lt_rows_count_is, &wait, "the rows to be drawn");
  return lt_rows (lt_list_view_of (page), type);
}

/* The visible child name of the page's state stack (the GtkStack with a "loading" child;
 * drop-downs have stacks of their own). */
static inline const char *
lt_view (GtkWidget *page)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  lt_find_all (page, GTK_TYPE_STACK, stacks);
  for (guint i = 0; i < stacks->len; i++)
    {
      GtkStack *stack = g_ptr_array_index (stacks, i);

      if (gtk_stack_get_child_by_name (stack, "loading") != NULL)
        return gtk_stack_get_visible_child_name (stack);
    }

  g_error ("no state stack in the page");
  return NULL;
}

static inline gboolean
lt_view_is (LtRowsWait *wait)
{
  return g_strcmp0 (lt_view (wait->page), wait->view) == 0;
}

/* Waits until the page shows the state @view ("list", "empty", "no-results", ...). */
static inline void
lt_wait_view (GtkWidget  *page,
              const char *view)
{
  LtRowsWait wait = { page, G_TYPE_NONE, 0, view };

  lt_wait_until (lt_view_is, &wait, view);
}

static inline GtkWidget *
lt_find_button_with_action (GtkWidget  *root,
                            const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  lt_find_all (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0)
        return button;
    }

  g_error ("no button for %s", action);
  return NULL;
}

static inline gboolean
lt_not_loading (GObject *page)
{
  gboolean loading = TRUE;

  g_object_get (page, "loading", &loading, NULL);
  return !loading;
}

/* Waits until @page has finished fetching and drawn its rows. */
static inline void
lt_wait_loaded (GtkWidget *page)
{
  lt_wait_until (lt_not_loading, page, "the page to load");
  lt_settle (150);
}

/* The page must fit a phone-sized window (360 px) once the sidebar folds away. */
static inline void
lt_assert_fits_narrow (GtkWidget *page)
{
  int minimum = 0;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
}

/* ---- screenshots ------------------------------------------------------------------------ */

/* Renders @window to $AC_SCREENSHOT_DIR/@name.png, and to @name-dark.png in the dark style. */
static inline void
lt_screenshot (GtkWidget  *window,
               const char *name)
{
  const char *dir = g_getenv ("AC_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (dir == NULL || *dir == '\0')
    return;

  g_mkdir_with_parents (dir, 0755);

  for (guint dark = 0; dark <= 1; dark++)
    {
      g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      int width, height;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      lt_settle (200);

      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("screenshot %s", path);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lt_settle (50);
}

/* Also renders @window at 360 px wide as @name-narrow (only when screenshots are asked for). */
static inline void
lt_screenshot_narrow (GtkWidget  *window,
                      const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-narrow", name);
  int width, height;

  if (g_getenv ("AC_SCREENSHOT_DIR") == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  lt_settle (300);
  lt_screenshot (window, narrow);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  lt_settle (300);
}

static inline void
lt_init (int    *argc,
         char ***argv)
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* The pages are drawn with the cairo renderer; without GL, Mesa's one-time allocations
   * (which LeakSanitizer cannot attribute) stay out of the sanitizer runs. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}
