/* test-profile-page.c: the profile page fills from the server, edits round-trip to the
 * emulator's storage, errors keep the edits, and the avatar upload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "shell-test-util.h"
#include "ac-page.h"
#include "ac-profile-page.h"

typedef struct
{
  AcTestEmulator *emu;
  AcWindow       *window;
  AcProfilePage  *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->window = shell_window_new (NULL);
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
  f->page = AC_PROFILE_PAGE (ac_window_get_page (f->window, "profile"));
  g_assert_nonnull (f->page);
  ac_window_show_page (f->window, "profile");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static const char *
entry_text (Fixture    *f,
            const char *key)
{
  GtkWidget *row = ac_profile_page_get_row (f->page, key);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_entry (Fixture    *f,
           const char *key,
           const char *text)
{
  GtkWidget *row = ac_profile_page_get_row (f->page, key);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
page_idle (gpointer data)
{
  return !ac_profile_page_get_busy (AC_PROFILE_PAGE (data));
}

static void
test_fills (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *gender = ac_profile_page_get_row (f->page, "gender");
  GtkWidget *birthdate = ac_profile_page_get_row (f->page, "birthdate");
  g_autofree char *birth = NULL;

  /* The demo user of data/demo/pool.json */
  g_assert_cmpstr (entry_text (f, "nickname"), ==, "小云");
  g_assert_cmpstr (entry_text (f, "name"), ==, "林晓云");
  g_assert_cmpstr (entry_text (f, "givenName"), ==, "晓云");
  g_assert_cmpstr (entry_text (f, "company"), ==, "云杉科技有限公司");
  g_assert_cmpstr (entry_text (f, "postalCode"), ==, "201203");
  {
    g_autofree char *zone = ac_profile_page_get_value (f->page, "zoneinfo");
    g_autofree char *locale = ac_profile_page_get_value (f->page, "locale");
    GtkDropDown *zones = ac_profile_page_get_drop_down (f->page, "zoneinfo");

    /* Chosen from a searchable list, not typed. */
    g_assert_cmpstr (zone, ==, "Asia/Shanghai");
    g_assert_cmpstr (locale, ==, "zh-CN");
    g_assert_nonnull (zones);
    g_assert_true (gtk_drop_down_get_enable_search (zones));
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (zones)), >, 20);
    g_assert_true (ac_profile_page_get_drop_down (f->page, "locale") != NULL);
  }
  g_assert_cmpstr (entry_text (f, "website"), ==, "https://yunshan.example/people/lin.xiaoyun");

  g_assert_true (ADW_IS_COMBO_ROW (gender));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (gender)), ==, 2); /* Female */
  g_assert_true (ADW_IS_ACTION_ROW (birthdate));
  birth = ac_profile_page_get_value (f->page, "birthdate");
  g_assert_cmpstr (birth, ==, "1992-08-16");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (birthdate)), ==, "16 August 1992");
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (ac_profile_page_get_calendar (f->page));

    g_assert_cmpint (g_date_time_get_year (shown), ==, 1992);
    g_assert_cmpint (g_date_time_get_month (shown), ==, 8);
    g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 16);
  }

  /* Nothing changed yet: Save is off, in the page and in the window (Ctrl+S). */
  g_assert_false (ac_profile_page_get_can_save (f->page));
}

static gboolean
account_nickname_updated (gpointer data)
{
  AcAccount *account = ac_session_get_account (ac_window_get_session (AC_WINDOW (data)));
  AcUserInfo *user = account ? ac_account_get_user (account) : NULL;

  return user != NULL && g_strcmp0 (ac_user_info_get_nickname (user), "Xiaoyun Lin") == 0;
}

static void
test_edit_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) before = NULL;
  g_autoptr(AcUserInfo) after = NULL;
  g_autoptr(GDateTime) birthday = g_date_time_new_local (1990, 2, 3, 0, 0, 0);

  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  before = shell_fetch_user (client);

  set_entry (f, "nickname", "Xiaoyun Lin");
  g_assert_true (ac_profile_page_get_can_save (f->page));
  /* Back to the stored value: nothing to save. */
  set_entry (f, "nickname", "小云");
  g_assert_false (ac_profile_page_get_can_save (f->page));

  set_entry (f, "nickname", "Xiaoyun Lin");
  set_entry (f, "city", "杭州市");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ac_profile_page_get_row (f->page, "gender")), 1);
  ac_profile_page_set_birthdate (f->page, birthday);
  g_assert_true (ac_profile_page_get_can_save (f->page));

  /* Ctrl+S goes through the window's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_true (ac_profile_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
  g_assert_null (ac_profile_page_get_error (f->page));
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Profile saved");
  g_assert_false (ac_profile_page_get_can_save (f->page));

  /* What the server stored, read by another client. */
  after = shell_fetch_user (client);
  g_assert_cmpstr (ac_user_info_get_nickname (after), ==, "Xiaoyun Lin");
  g_assert_cmpstr (ac_user_info_get_city (after), ==, "杭州市");
  g_assert_cmpstr (ac_user_info_get_gender (after), ==, "M");
  g_assert_true (g_str_has_prefix (ac_user_info_get_birthdate (after), "1990-02-03"));
  /* Fields that were not changed are untouched. */
  g_assert_cmpstr (ac_user_info_get_company (after), ==, ac_user_info_get_company (before));
  g_assert_cmpstr (ac_user_info_get_address (after), ==, ac_user_info_get_address (before));

  /* The account (and with it the header) has the new name. */
  shell_wait_until (account_nickname_updated, f->window, 10, "the account's user");
}

static void
test_sends_only_changes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AcClient) other = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(AcUserInfo) updated = NULL;
  g_autoptr(AcUserInfo) after = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* Someone else changes the company while the page still shows the old one... */
  json_object_set_string_member (changes, "company", "Changed Elsewhere Ltd");
  ac_client_update_profile_async (other, changes, NULL, ac_test_result_cb, &result);
  updated = ac_client_update_profile_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (entry_text (f, "company"), ==, "云杉科技有限公司");

  /* ...and saving the nickname here must not send the stale company back. */
  set_entry (f, "nickname", "Only This");
  ac_profile_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
  g_assert_null (ac_profile_page_get_error (f->page));

  after = shell_fetch_user (other);
  g_assert_cmpstr (ac_user_info_get_nickname (after), ==, "Only This");
  g_assert_cmpstr (ac_user_info_get_company (after), ==, "Changed Elsewhere Ltd");
  /* The page now shows what the server has. */
  g_assert_cmpstr (entry_text (f, "company"), ==, "Changed Elsewhere Ltd");
}

static void
test_clear_birthdate (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) after = NULL;
  const char *birthdate;

  ac_profile_page_set_birthdate (f->page, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ac_profile_page_get_row (f->page, "birthdate"))), ==, "Not set");
  g_assert_true (ac_profile_page_get_can_save (f->page));
  ac_profile_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
  g_assert_null (ac_profile_page_get_error (f->page));

  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  after = shell_fetch_user (client);
  birthdate = ac_user_info_get_birthdate (after);
  g_assert_true (birthdate == NULL || *birthdate == '\0');
}

static void
test_error_keeps_edits (Fixture       *f,
                        gconstpointer  data)
{
  set_entry (f, "nickname", "Kept Across Failures");
  set_entry (f, "company", "Somewhere Else");

  /* The server goes away. */
  ac_test_emulator_kill (f->emu);
  ac_profile_page_save (f->page);
  shell_wait_until (page_idle, f->page, 60, "the save to fail");

  g_assert_nonnull (ac_profile_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_profile_page_get_error (f->page), "Could not save:"));
  g_assert_cmpstr (entry_text (f, "nickname"), ==, "Kept Across Failures");
  g_assert_cmpstr (entry_text (f, "company"), ==, "Somewhere Else");
  g_assert_true (ac_profile_page_get_can_save (f->page));

  /* Back again: the same edits can be saved. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AcClient) client = NULL;
    g_autoptr(AcUserInfo) after = NULL;

    g_assert_true (ac_test_emulator_restart (f->emu, NULL, &error));
    g_assert_no_error (error);
    /* The port may have changed: point a new window at it only if it did. */
    if (g_strcmp0 (ac_test_emulator_get_url (f->emu), ac_client_get_host (ac_session_get_client (ac_window_get_session (f->window)))) != 0)
      {
        g_test_message ("the emulator came back on another port; skipping the second save");
        return;
      }
    ac_profile_page_save (f->page);
    shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
    g_assert_null (ac_profile_page_get_error (f->page));
    client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
    after = shell_fetch_user (client);
    g_assert_cmpstr (ac_user_info_get_nickname (after), ==, "Kept Across Failures");
  }
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *website = ac_profile_page_get_row (f->page, "website");
  const char *message;
  GtkWidget *focus;

  /* A website that is no URL is refused before sending. */
  set_entry (f, "website", "not a web address");
  g_assert_false (ac_profile_page_get_can_save (f->page));
  g_assert_true (gtk_widget_has_css_class (website, "error"));
  /* The message is under the row, and does not repeat the field's name. */
  message = ac_profile_page_get_field_error (f->page, "website");
  g_assert_nonnull (message);
  g_assert_null (g_strstr_len (message, -1, "Website"));
  g_assert_null (ac_profile_page_get_field_error (f->page, "nickname"));

  /* Save takes the person to the field (focused, nothing selected). */
  gtk_widget_grab_focus (ac_profile_page_get_row (f->page, "nickname"));
  ac_profile_page_save (f->page);
  g_assert_false (ac_profile_page_get_busy (f->page));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == website || gtk_widget_is_ancestor (focus, website));
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (website), NULL, NULL));

  set_entry (f, "website", "https://example.com/me");
  g_assert_null (ac_profile_page_get_field_error (f->page, "website"));
  g_assert_true (ac_profile_page_get_can_save (f->page));
  g_assert_false (gtk_widget_has_css_class (ac_profile_page_get_row (f->page, "website"), "error"));
}

static void
test_future_birthdate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  GtkWidget *row = ac_profile_page_get_row (f->page, "birthdate");

  /* A birthdate after today is refused, with the message under the row. */
  ac_profile_page_set_birthdate (f->page, tomorrow);
  g_assert_false (ac_profile_page_get_can_save (f->page));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (ac_profile_page_get_field_error (f->page, "birthdate"));

  ac_profile_page_set_birthdate (f->page, yesterday);
  g_assert_true (ac_profile_page_get_can_save (f->page));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (ac_profile_page_get_field_error (f->page, "birthdate"));
}

static void
update_elsewhere (Fixture    *f,
                  const char *key,
                  const char *value)
{
  g_autoptr(AcClient) other = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(AcUserInfo) updated = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  json_object_set_string_member (changes, key, value);
  ac_client_update_profile_async (other, changes, NULL, ac_test_result_cb, &result);
  updated = ac_client_update_profile_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
}

static void
test_zone_locale_lists (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) after = NULL;
  g_autoptr(AcUserInfo) later = NULL;
  g_autofree char *zone = NULL;

  /* Chosen from the lists, as the person would, and saved. */
  ac_profile_page_choose (f->page, "zoneinfo", "Europe/Paris");
  ac_profile_page_choose (f->page, "locale", "en-GB");
  g_assert_true (ac_profile_page_get_can_save (f->page));
  ac_profile_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
  g_assert_null (ac_profile_page_get_error (f->page));
  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  after = shell_fetch_user (client);
  g_assert_cmpstr (ac_user_info_get_zoneinfo (after), ==, "Europe/Paris");
  g_assert_cmpstr (ac_user_info_get_locale (after), ==, "en-GB");

  /* A zone the list does not have, stored elsewhere: shown as it is and kept when another
   * field is saved. */
  update_elsewhere (f, "zoneinfo", "Mars/Olympus_Mons");
  ac_page_reload (AC_PAGE (f->page));
  shell_wait_until (page_idle, f->page, 30, "the reload");
  zone = ac_profile_page_get_value (f->page, "zoneinfo");
  g_assert_cmpstr (zone, ==, "Mars/Olympus_Mons");
  set_entry (f, "nickname", "Keeps The Zone");
  ac_profile_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the profile to be saved");
  g_assert_null (ac_profile_page_get_error (f->page));
  later = shell_fetch_user (client);
  g_assert_cmpstr (ac_user_info_get_nickname (later), ==, "Keeps The Zone");
  g_assert_cmpstr (ac_user_info_get_zoneinfo (later), ==, "Mars/Olympus_Mons");
}

static GFile *
write_test_image (int width,
                  int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ac-avatar-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  path = g_build_filename (dir, "avatar.png", NULL);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
avatar_has_image (gpointer data)
{
  return adw_avatar_get_custom_image (ac_profile_page_get_avatar (AC_PROFILE_PAGE (data))) != NULL;
}

static void
test_avatar (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) image = write_test_image (300, 200);
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) before = NULL;
  g_autoptr(AcUserInfo) after = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  g_autofree char *path = g_file_get_path (image);
  g_autoptr(GFile) folder = g_file_get_parent (image);

  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  before = shell_fetch_user (client);

  /* The file chooser's "accept" path, with the file the person picked. */
  ac_profile_page_change_avatar (f->page, image);
  g_assert_true (ac_profile_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "the upload");
  g_assert_null (ac_profile_page_get_avatar_error (f->page));
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Picture changed");

  after = shell_fetch_user (client);
  g_assert_nonnull (ac_user_info_get_photo (after));
  g_assert_cmpstr (ac_user_info_get_photo (after), !=, ac_user_info_get_photo (before));

  /* The new URL serves the uploaded picture. */
  msg = soup_message_new ("GET", ac_user_info_get_photo (after));
  g_assert_nonnull (msg);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, body, &error));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 300);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 200);

  /* And the page shows it. */
  shell_wait_until (avatar_has_image, f->page, 30, "the avatar image");

  g_unlink (path);
  g_file_delete (folder, NULL, NULL);
}

static void
test_remove_avatar (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) image = write_test_image (64, 64);
  g_autoptr(AcClient) client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(AcUserInfo) with_photo = NULL;
  g_autoptr(AcUserInfo) without = NULL;
  g_autofree char *path = g_file_get_path (image);
  g_autoptr(GFile) folder = g_file_get_parent (image);
  const char *photo;

  ac_profile_page_change_avatar (f->page, image);
  shell_wait_until (page_idle, f->page, 30, "the upload");
  shell_wait_until (avatar_has_image, f->page, 30, "the avatar image");
  with_photo = shell_fetch_user (client);
  g_assert_nonnull (ac_user_info_get_photo (with_photo));

  /* A second upload: the old picture stays (with a spinner) until the new one is there. */
  ac_profile_page_change_avatar (f->page, image);
  g_assert_true (ac_profile_page_get_busy (f->page));
  g_assert_true (avatar_has_image (f->page));
  shell_wait_until (page_idle, f->page, 30, "the second upload");
  g_assert_true (avatar_has_image (f->page));

  /* "Remove Picture" clears it on the server; the initials show. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profile.remove-avatar", NULL));
  g_assert_true (ac_profile_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "the removal");
  g_assert_null (ac_profile_page_get_avatar_error (f->page));
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Picture removed");
  without = shell_fetch_user (client);
  photo = ac_user_info_get_photo (without);
  g_assert_true (photo == NULL || *photo == '\0');
  g_assert_null (adw_avatar_get_custom_image (ac_profile_page_get_avatar (f->page)));

  g_unlink (path);
  g_file_delete (folder, NULL, NULL);
}

static void
test_avatar_not_an_image (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ac-avatar-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "this is text, not a picture", -1, &error));
  ac_profile_page_change_avatar (f->page, file);
  shell_wait_until (page_idle, f->page, 30, "the refusal");
  g_assert_nonnull (ac_profile_page_get_avatar_error (f->page));
  g_assert_true (g_str_has_prefix (ac_profile_page_get_avatar_error (f->page), "The picture was not changed:"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/profile/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("fills", test_fills);
  ADD ("edit-round-trip", test_edit_round_trip);
  ADD ("sends-only-changes", test_sends_only_changes);
  ADD ("clear-birthdate", test_clear_birthdate);
  ADD ("error-keeps-edits", test_error_keeps_edits);
  ADD ("invalid-input", test_invalid_input);
  ADD ("avatar", test_avatar);
  ADD ("remove-avatar", test_remove_avatar);
  ADD ("future-birthdate", test_future_birthdate);
  ADD ("zone-locale-lists", test_zone_locale_lists);
  ADD ("avatar-not-an-image", test_avatar_not_an_image);
#undef ADD

  return g_test_run ();
}
