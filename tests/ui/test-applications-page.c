/* test-applications-page.c: the Applications page against a real emulator
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-application-row.h"
#include "ac-applications-page.h"
#include "ac-image-loader.h"
#include "ac-lists-common.h"
#include "list-test-util.h"

/* The names of one page as the server lists them. */
static GPtrArray *
server_page (LtEmulator *emu,
             AcClient   *client,
             guint       page,
             guint       limit,
             guint      *total)
{
  g_autofree char *path = g_strdup_printf ("/api/v2/users/me/applications/allowed?page=%u&limit=%u", page, limit);
  g_autoptr(JsonNode) data = lt_raw_data (emu, client, "GET", path, NULL);
  JsonObject *object = json_node_get_object (data);
  JsonArray *list = json_object_get_array_member (object, "list");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (list); i++)
    g_ptr_array_add (names, g_strdup (json_object_get_string_member (json_array_get_object_element (list, i), "name")));
  if (total != NULL)
    *total = json_object_get_int_member (object, "totalCount");

  return names;
}

/* The names of the rows drawn, once there are @n of them. */
static GPtrArray *
shown_names (GtkWidget *page,
             guint      n)
{
  g_autoptr(GPtrArray) rows = lt_wait_rows (page, AC_TYPE_APPLICATION_ROW, n);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  /* (the name as the row shows it: the first label after the initials) */
  for (guint i = 0; i < rows->len; i++)
    {
      AcApplicationRow *row = g_ptr_array_index (rows, i);
      GtkWidget *initials = ac_application_row_get_initials (row);
      g_autoptr(GPtrArray) texts = lt_label_texts (GTK_WIDGET (row));
      guint skip = 0;

      if (initials != NULL)
        {
          g_autoptr(GPtrArray) initials_texts = lt_label_texts (initials);
          skip = initials_texts->len;
        }
      g_assert_cmpuint (texts->len, >, skip);
      g_ptr_array_add (names, g_strdup (g_ptr_array_index (texts, skip)));
    }

  return names;
}

static void
assert_same_names (GPtrArray *shown,
                   GPtrArray *expected)
{
  for (guint i = 0; i < MIN (shown->len, expected->len); i++)
    g_assert_cmpstr (g_ptr_array_index (shown, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (shown->len, ==, expected->len);
}

static char *
label_text_of (GtkWidget  *page,
               const char *prefix)
{
  g_autoptr(GPtrArray) texts = lt_label_texts (page);

  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (texts, i), prefix))
      return g_strdup (g_ptr_array_index (texts, i));

  return NULL;
}

static void
test_applications_paging (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *page, *window, *next, *previous;
  guint total = 0, n_pages;

  lt_account_load_all (account);

  page = ac_applications_page_new (account);
  window = lt_window_new (page, 900, 1100);
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");

  next = lt_find_button_with_action (page, "applications.next-page");
  previous = lt_find_button_with_action (page, "applications.previous-page");

  for (guint p = 1; ; p++)
    {
      g_autoptr(GPtrArray) expected = server_page (emu, client, p, 10, &total);
      g_autoptr(GPtrArray) shown = shown_names (page, expected->len);
      g_autofree char *page_text = NULL;
      g_autofree char *want = NULL;

      n_pages = (total + 9) / 10;
      g_assert_cmpuint (n_pages, >=, 3);
      g_assert_cmpuint (expected->len, ==, p < n_pages ? 10 : total - 10 * (n_pages - 1));
      assert_same_names (shown, expected);

      for (guint i = 0; i < shown->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (g_ptr_array_index (shown, i))));

      page_text = label_text_of (page, "Page ");
      want = g_strdup_printf ("Page %u of %u", p, n_pages);
      g_assert_cmpstr (page_text, ==, want);
      g_assert_cmpint (gtk_widget_is_sensitive (previous), ==, p > 1);
      g_assert_cmpint (gtk_widget_is_sensitive (next), ==, p < n_pages);

      if (p == 1 || p == 2)
        {
          g_autofree char *shot = g_strdup_printf ("applications-page-%u", p);
          lt_assert_fits_narrow (page);
          lt_screenshot (window, shot);
          if (p == 1)
            lt_screenshot_narrow (window, shot);
        }

      if (p == n_pages)
        break;

      /* Click "next" as a person would; the page fetches the next page from the server. */
      g_signal_emit_by_name (next, "clicked");
      g_assert_false (lt_not_loading (G_OBJECT (page)));
      lt_wait_loaded (page);
      g_assert_cmpstr (lt_view (page), ==, "list");
    }

  /* Every allowed application appeared exactly once over the pages. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);

  /* And back to page 2. */
  g_signal_emit_by_name (previous, "clicked");
  lt_wait_loaded (page);
  {
    g_autoptr(GPtrArray) expected = server_page (emu, client, n_pages - 1, 10, NULL);
    g_autoptr(GPtrArray) shown = shown_names (page, expected->len);
    assert_same_names (shown, expected);
    g_assert_cmpuint (ac_account_get_applications_page (account), ==, n_pages - 1);
  }

  /* The window's Refresh reloads everything behind the page's back: the account asks for the
   * page the person is on again (one request), and the page and its paging bar follow. */
  lt_account_load_all (account);
  g_assert_true (lt_not_loading (G_OBJECT (page)));
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, n_pages - 1);
  {
    g_autoptr(GPtrArray) expected = server_page (emu, client, n_pages - 1, 10, NULL);
    g_autoptr(GPtrArray) shown = shown_names (page, expected->len);
    g_autofree char *page_text = label_text_of (page, "Page ");
    g_autofree char *want = g_strdup_printf ("Page %u of %u", n_pages - 1, n_pages);
    g_autofree char *count = g_strdup_printf ("%u applications", total);

    assert_same_names (shown, expected);
    g_assert_cmpstr (page_text, ==, want);
    g_assert_true (lt_has_label (page, count));
    g_assert_true (gtk_widget_is_sensitive (previous));
    g_assert_true (gtk_widget_is_sensitive (next));
  }

  /* A bigger page size starts again at page 1 with 20 rows. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lt_find (page, GTK_TYPE_DROP_DOWN)), 1);
  lt_wait_loaded (page);
  {
    g_autoptr(GPtrArray) expected = server_page (emu, client, 1, 20, NULL);
    g_autofree char *page_text = label_text_of (page, "Page ");
    g_autofree char *want = g_strdup_printf ("Page 1 of %u", (total + 19) / 20);
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (lt_list_view_of (page))));

    g_assert_cmpuint (ac_account_get_applications_page_size (account), ==, 20);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
    for (guint i = 0; i < expected->len; i++)
      {
        g_autoptr(AcApplication) app = g_list_model_get_item (model, i);
        g_assert_cmpstr (ac_application_get_name (app), ==, g_ptr_array_index (expected, i));
      }
    g_assert_cmpstr (page_text, ==, want);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = haystack ? g_utf8_casefold (haystack, -1) : NULL;
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return h != NULL && strstr (h, n) != NULL;
}

typedef struct
{
  GtkWidget  *page;
  const char *count;
} SearchDone;

static gboolean
search_done (SearchDone *done)
{
  return lt_has_label (done->page, done->count);
}

static void
test_applications_search (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autofree char *path = g_strdup_printf ("/api/v2/users/me/applications/allowed?page=1&limit=%u",
                                           AC_ACCOUNT_DEFAULT_PAGE_SIZE);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list;
  GtkWidget *page, *window, *entry;
  const char *needle = "oidc";
  g_autofree char *domain_needle = NULL;

  /* The page fetches page 1 itself when the store is empty. */
  page = ac_applications_page_new (account);
  window = lt_window_new (page, 900, 1100);
  g_assert_cmpstr (lt_view (page), ==, "loading");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");

  /* Search by a word of the second application's domain: the server's own list, filtered by
   * name, domain and description, is what must remain. */
  data = lt_raw_data (emu, client, "GET", path, NULL);
  list = json_object_get_array_member (json_node_get_object (data), "list");
  g_assert_cmpuint (json_array_get_length (list), >=, 2);
  domain_needle = g_strdup (json_object_get_string_member (json_array_get_object_element (list, 1), "domain"));
  g_assert_nonnull (domain_needle);
  needle = domain_needle;

  /* The search covers every page: what the server lists on all of them, filtered. */
  {
    g_autoptr(JsonNode) all = NULL;
    g_autofree char *all_path = g_strdup ("/api/v2/users/me/applications/allowed?page=1&limit=1000");
    JsonArray *all_list;

    all = lt_raw_data (emu, client, "GET", all_path, NULL);
    all_list = json_object_get_array_member (json_node_get_object (all), "list");
    g_assert_cmpuint (json_array_get_length (all_list), >, json_array_get_length (list));
    for (guint i = 0; i < json_array_get_length (all_list); i++)
      {
        JsonObject *app = json_array_get_object_element (all_list, i);

        if (contains_casefold (json_object_get_string_member_with_default (app, "name", NULL), needle) ||
            contains_casefold (json_object_get_string_member_with_default (app, "domain", NULL), needle) ||
            contains_casefold (json_object_get_string_member_with_default (app, "description", NULL), needle))
          g_ptr_array_add (expected, g_strdup (json_object_get_string_member (app, "name")));
      }
  }
  g_assert_cmpuint (expected->len, >=, 1);
  g_assert_cmpuint (expected->len, <, json_array_get_length (list));

  entry = lt_find (page, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), needle);
  {
    g_autofree char *count = g_strdup_printf (expected->len == 1 ? "%u application matches" : "%u applications match",
                                              expected->len);
    SearchDone done = { page, count };

    lt_wait_until (search_done, &done, "the search of every page");
  }
  {
    g_autoptr(GPtrArray) shown = shown_names (page, expected->len);
    assert_same_names (shown, expected);
  }
  lt_screenshot (window, "applications-search");

  /* Nothing matches: the "no results" status, not an empty list. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "no-such-application-anywhere");
  lt_wait_view (page, "no-results");
  g_assert_true (lt_has_label (page, "No Results Found"));

  /* Clearing the search shows the whole page again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  lt_wait_view (page, "list");
  {
    g_autoptr(GPtrArray) shown = shown_names (page, json_array_get_length (list));
    g_assert_cmpuint (shown->len, ==, json_array_get_length (list));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
capture_uri_cb (const char *uri,
                gpointer    user_data)
{
  char **captured = user_data;

  g_free (*captured);
  *captured = g_strdup (uri);
}

/* An application only on the last page is found from page 1, shows coloured initials (the
 * demo applications have no logo), and its row opens its sign-in page in the browser. */
static void
test_applications_search_all_pages_and_open (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *captured = NULL;
  g_autofree char *last_path = NULL;
  g_autofree char *expected_url = NULL;
  g_autoptr(JsonNode) data = NULL;
  JsonArray *list;
  JsonObject *last;
  const char *name, *domain;
  GtkWidget *page, *window, *entry, *initials;
  guint total = 0, n_pages;

  g_ptr_array_unref (server_page (emu, client, 1, AC_ACCOUNT_DEFAULT_PAGE_SIZE, &total));
  n_pages = (total + AC_ACCOUNT_DEFAULT_PAGE_SIZE - 1) / AC_ACCOUNT_DEFAULT_PAGE_SIZE;
  g_assert_cmpuint (n_pages, >=, 3);
  last_path = g_strdup_printf ("/api/v2/users/me/applications/allowed?page=%u&limit=%u", n_pages,
                               AC_ACCOUNT_DEFAULT_PAGE_SIZE);
  data = lt_raw_data (emu, client, "GET", last_path, NULL);
  list = json_object_get_array_member (json_node_get_object (data), "list");
  last = json_array_get_object_element (list, json_array_get_length (list) - 1);
  name = json_object_get_string_member (last, "name");
  domain = json_object_get_string_member (last, "domain");
  g_assert_nonnull (domain);
  expected_url = strchr (domain, '.') != NULL ? g_strconcat ("https://", domain, NULL)
                                              : g_strconcat ("https://", domain, ".authing.cn", NULL);

  page = ac_applications_page_new (account);
  window = lt_window_new (page, 900, 1100);
  lt_wait_loaded (page);
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 1);
  g_assert_false (lt_has_label (page, name));

  /* Rows without a logo: coloured initials of their own name. */
  rows = lt_wait_rows (page, AC_TYPE_APPLICATION_ROW, AC_ACCOUNT_DEFAULT_PAGE_SIZE);
  initials = ac_application_row_get_initials (g_ptr_array_index (rows, 0));
  g_assert_nonnull (initials);
  g_assert_true (adw_avatar_get_show_initials (ADW_AVATAR (initials)));
  g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (initials)), ==,
                   ac_application_get_name (ac_application_row_get_application (g_ptr_array_index (rows, 0))));
  g_clear_pointer (&rows, g_ptr_array_unref);

  entry = lt_find (page, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  {
    SearchDone done = { page, "1 application matches" };

    lt_wait_until (search_done, &done, "the search of every page");
  }
  rows = lt_wait_rows (page, AC_TYPE_APPLICATION_ROW, 1);
  g_assert_cmpstr (ac_application_get_name (ac_application_row_get_application (g_ptr_array_index (rows, 0))), ==, name);
  /* The store keeps its page. */
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 1);
  lt_screenshot (window, "applications-search-all");

  /* Activating the row (a click, or Enter) opens its sign-in page. */
  ac_lists_set_show_uri_func (capture_uri_cb, &captured);
  g_signal_emit_by_name (lt_list_view_of (page), "activate", 0);
  ac_lists_set_show_uri_func (NULL, NULL);
  g_assert_cmpstr (captured, ==, expected_url);

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_applications_empty (void)
{
  g_autofree char *pool = lt_fixture_pool ("ui-lists.json");
  LtEmulator *emu = lt_emulator_start (pool);
  g_autoptr(AcClient) client = lt_sign_in (emu, "nobody");
  g_autoptr(AcAccount) account = ac_account_new (client);
  GtkWidget *page, *window;

  page = ac_applications_page_new (account);
  window = lt_window_new (page, 700, 500);
  lt_wait_loaded (page);

  g_assert_cmpstr (lt_view (page), ==, "empty");
  g_assert_true (lt_has_label (page, "No Applications"));
  g_assert_cmpuint (g_list_model_get_n_items (ac_account_get_applications (account)), ==, 0);
  lt_screenshot (window, "applications-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static GBytes *
make_png (int width,
          int height)
{
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (int i = 0; i < width * height; i++)
    {
      pixels[i * 4 + 0] = 0x35;
      pixels[i * 4 + 1] = 0x84;
      pixels[i * 4 + 2] = (i % width) * 255 / width;
      pixels[i * 4 + 3] = 0xff;
    }
  bytes = g_bytes_new (pixels, width * height * 4);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, width * 4);

  return gdk_texture_save_to_png_bytes (texture);
}

static AcApplication *
make_application (const char *name,
                  const char *logo)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GError) error = NULL;
  AcApplication *app;

  json_object_set_string_member (object, "id", "c10000000000000000000001");
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "domain", "logo-test");
  json_object_set_string_member (object, "protocol", "oidc");
  json_object_set_string_member (object, "description", "An application with an uploaded logo");
  json_object_set_string_member (object, "logo", logo);
  json_object_set_string_member (object, "appType", "INDIVIDUAL");
  json_object_set_boolean_member (object, "isIntegrate", FALSE);
  app = ac_application_new_from_json (object, &error);
  g_assert_no_error (error);

  return app;
}

static gboolean
row_logo_loaded (AcApplicationRow *row)
{
  return ac_application_row_get_logo_loaded (row);
}

/* The logo of a row (not the image inside its initials). */
static GtkWidget *
logo_image (GtkWidget *row)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new ();

  lt_find_all (row, GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    if (gtk_widget_get_ancestor (g_ptr_array_index (images, i), ADW_TYPE_AVATAR) == NULL)
      return g_ptr_array_index (images, i);
  g_assert_not_reached ();
  return NULL;
}

static void
test_applications_logo (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcImageLoader) loader = ac_image_loader_new ();
  g_autoptr(GBytes) png = make_png (48, 32);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcApplication) app = NULL;
  g_autoptr(AcApplication) broken = NULL;
  g_autoptr(GdkTexture) none = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  GtkWidget *box, *row, *broken_row, *again, *window;
  GtkImage *image;
  GdkPaintable *paintable;

  /* Upload a logo: the emulator serves it back at /files/<key>. */
  ac_client_upload_image_async (client, png, "image/png", NULL, lt_store_result_cb, &result);
  url = ac_client_upload_image_finish (client, lt_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "http"));
  missing = g_strconcat (emu->url, "/files/no-such-logo.png", NULL);

  app = make_application ("Logo App", url);
  broken = make_application ("Broken Logo App", missing);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  row = ac_application_row_new (loader);
  broken_row = ac_application_row_new (loader);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), broken_row);
  window = lt_window_new (box, 500, 200);

  ac_application_row_set_application (AC_APPLICATION_ROW (row), app);
  ac_application_row_set_application (AC_APPLICATION_ROW (broken_row), broken);

  /* Coloured initials of the name until the image has arrived. */
  image = GTK_IMAGE (logo_image (row));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (image)));
  g_assert_nonnull (ac_application_row_get_initials (AC_APPLICATION_ROW (row)));
  g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (ac_application_row_get_initials (AC_APPLICATION_ROW (row)))), ==, "Logo App");
  g_assert_false (ac_application_row_get_logo_loaded (AC_APPLICATION_ROW (row)));

  lt_wait_until (row_logo_loaded, row, "the logo");
  g_assert_null (ac_application_row_get_initials (AC_APPLICATION_ROW (row)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (image)));
  g_assert_cmpint (gtk_image_get_storage_type (image), ==, GTK_IMAGE_PAINTABLE);
  paintable = gtk_image_get_paintable (image);
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), ==, 48);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (paintable)), ==, 32);

  /* A logo that the server does not have keeps the initials. */
  ac_image_loader_load_async (loader, missing, NULL, lt_store_result_cb, &missing_result);
  none = ac_image_loader_load_finish (loader, lt_wait_result (&missing_result), &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_clear_error (&error);
  lt_settle (100);
  g_assert_false (ac_application_row_get_logo_loaded (AC_APPLICATION_ROW (broken_row)));
  g_assert_nonnull (ac_application_row_get_initials (AC_APPLICATION_ROW (broken_row)));
  g_assert_false (gtk_widget_get_visible (logo_image (broken_row)));

  lt_screenshot (window, "applications-logo");

  /* The texture is cached by URL: another row shows it at once, with no new download. */
  {
    guint downloads = ac_image_loader_get_n_downloads (loader);

    again = ac_application_row_new (loader);
    gtk_box_append (GTK_BOX (box), again);
    ac_application_row_set_application (AC_APPLICATION_ROW (again), app);
    g_assert_true (ac_application_row_get_logo_loaded (AC_APPLICATION_ROW (again)));
    g_assert_cmpuint (ac_image_loader_get_n_downloads (loader), ==, downloads);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

static void
test_image_loader_cancel (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcImageLoader) loader = ac_image_loader_new ();
  g_autoptr(GBytes) png = make_png (16, 16);
  g_autoptr(GAsyncResult) upload = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) nothing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  ac_client_upload_image_async (client, png, "image/png", NULL, lt_store_result_cb, &upload);
  url = ac_client_upload_image_finish (client, lt_wait_result (&upload), &error);
  g_assert_no_error (error);

  /* Two requests for one URL share one download; cancelling one leaves the other whole. */
  ac_image_loader_load_async (loader, url, cancellable, lt_store_result_cb, &first);
  ac_image_loader_load_async (loader, url, NULL, lt_store_result_cb, &second);
  g_assert_cmpuint (ac_image_loader_get_n_downloads (loader), ==, 1);
  g_cancellable_cancel (cancellable);

  nothing = ac_image_loader_load_finish (loader, lt_wait_result (&first), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (nothing);
  g_clear_error (&error);

  texture = ac_image_loader_load_finish (loader, lt_wait_result (&second), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 16);
  g_assert_true (ac_image_loader_lookup (loader, url) == texture);

  /* A row scrolled away cancels its only request; when it comes back at once, the new
   * request starts a fresh download rather than joining the cancelled one. */
  {
    g_autoptr(AcImageLoader) fresh = ac_image_loader_new ();
    g_autoptr(GCancellable) gone = g_cancellable_new ();
    g_autoptr(GAsyncResult) cancelled = NULL;
    g_autoptr(GAsyncResult) back = NULL;
    g_autoptr(GdkTexture) again = NULL;
    g_autoptr(GdkTexture) none = NULL;

    ac_image_loader_load_async (fresh, url, gone, lt_store_result_cb, &cancelled);
    g_cancellable_cancel (gone);
    ac_image_loader_load_async (fresh, url, NULL, lt_store_result_cb, &back);
    g_assert_cmpuint (ac_image_loader_get_n_downloads (fresh), ==, 2);

    none = ac_image_loader_load_finish (fresh, lt_wait_result (&cancelled), &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (none);
    g_clear_error (&error);

    again = ac_image_loader_load_finish (fresh, lt_wait_result (&back), &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (again), ==, 16);
  }

  lt_emulator_free (emu);
}

/* The server goes away while the person turns the page: an inline error without the paging
 * bar; once the server is back, Retry fetches the page they asked for. */
static void
test_applications_error_retry (void)
{
  LtEmulator *emu = lt_emulator_start (lt_demo_pool ());
  g_autoptr(AcClient) client = lt_sign_in (emu, "demo");
  g_autoptr(AcAccount) account = ac_account_new (client);
  GtkWidget *page, *window, *next, *retry;

  page = ac_applications_page_new (account);
  window = lt_window_new (page, 900, 900);
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");
  next = lt_find_button_with_action (page, "applications.next-page");

  lt_emulator_stop (emu);
  g_signal_emit_by_name (next, "clicked");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "error");
  g_assert_true (lt_has_label (page, "Could Not Load Applications"));
  g_assert_false (lt_shown_within (next, page));
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 1);

  lt_emulator_restart (emu);
  retry = lt_find_button_with_action (page, "applications.reload");
  g_signal_emit_by_name (retry, "clicked");
  lt_wait_loaded (page);
  g_assert_cmpstr (lt_view (page), ==, "list");
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 2);
  {
    g_autoptr(GPtrArray) expected = server_page (emu, client, 2, 10, NULL);
    g_autoptr(GPtrArray) shown = shown_names (page, expected->len);
    assert_same_names (shown, expected);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  lt_emulator_free (emu);
}

int
main (int   argc,
      char *argv[])
{
  lt_init (&argc, &argv);

  g_test_add_func ("/ui/applications/paging", test_applications_paging);
  g_test_add_func ("/ui/applications/search", test_applications_search);
  g_test_add_func ("/ui/applications/search-all-pages-and-open", test_applications_search_all_pages_and_open);
  g_test_add_func ("/ui/applications/empty", test_applications_empty);
  g_test_add_func ("/ui/applications/error-retry", test_applications_error_retry);
  g_test_add_func ("/ui/applications/logo", test_applications_logo);
  g_test_add_func ("/ui/applications/image-loader-cancel", test_image_loader_cancel);

  return g_test_run ();
}
