/* test-custom-fields.c: one editor per data type, filled from the server; edits round-trip to
 * the emulator's storage; input is validated as it is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "shell-test-util.h"
#include "ac-custom-fields-page.h"

typedef struct
{
  AcTestEmulator     *emu;
  AcWindow           *window;
  AcCustomFieldsPage *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->emu = shell_start_emulator (NULL);
  f->window = shell_window_new (NULL);
  shell_sign_in (f->window, f->emu, DEMO_USER, DEMO_PASSWORD);
  f->page = AC_CUSTOM_FIELDS_PAGE (ac_window_get_page (f->window, "custom-fields"));
  g_assert_nonnull (f->page);
  ac_window_show_page (f->window, "custom-fields");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static gboolean
page_idle (gpointer data)
{
  return !ac_custom_fields_page_get_busy (AC_CUSTOM_FIELDS_PAGE (data));
}

static GtkTextBuffer *
object_buffer (Fixture    *f,
               const char *key)
{
  GtkWidget *view = ac_custom_fields_page_get_editor (f->page, key);

  g_assert_true (GTK_IS_TEXT_VIEW (view));
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static void
test_fills (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *widget;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* STRING */
  widget = ac_custom_fields_page_get_editor (f->page, "school");
  g_assert_true (ADW_IS_ENTRY_ROW (widget));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget)), ==, "华中科技大学");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), ==, "毕业院校");

  /* NUMBER */
  widget = ac_custom_fields_page_get_editor (f->page, "workYears");
  g_assert_true (ADW_IS_ENTRY_ROW (widget));
  g_assert_cmpfloat (g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (widget)), NULL), ==, 6.0);

  /* BOOLEAN */
  widget = ac_custom_fields_page_get_editor (f->page, "vegetarian");
  g_assert_true (GTK_IS_SWITCH (widget));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget)));
  g_assert_true (ADW_IS_ACTION_ROW (ac_custom_fields_page_get_row (f->page, "vegetarian")));

  /* DATETIME: 2019-07-01T09:00:00+08:00, shown in local time (UTC here) */
  widget = ac_custom_fields_page_get_row (f->page, "hiredAt");
  g_assert_true (ADW_IS_ACTION_ROW (widget));
  g_test_message ("hiredAt shown as %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), "July 2019"));

  /* SELECT: item 0 is "Not set", then the options in order */
  widget = ac_custom_fields_page_get_editor (f->page, "shirtSize");
  g_assert_true (ADW_IS_COMBO_ROW (widget));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget)), ==, 2);
  widget = ac_custom_fields_page_get_editor (f->page, "workLocation");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget)), ==, 1);
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "上海张江");
  }

  /* OBJECT */
  json = ac_custom_fields_page_get_text (f->page, "preferences");
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "theme"), ==, "dark");

  g_assert_false (ac_custom_fields_page_get_can_save (f->page));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *years = ac_custom_fields_page_get_editor (f->page, "workYears");
  GtkTextBuffer *buffer = object_buffer (f, "preferences");

  gtk_editable_set_text (GTK_EDITABLE (years), "12abc");
  g_assert_nonnull (ac_custom_fields_page_get_field_error (f->page, "workYears"));
  g_assert_true (gtk_widget_has_css_class (years, "error"));
  g_assert_false (ac_custom_fields_page_get_can_save (f->page));
  /* Arbitrary decimals are numbers. */
  gtk_editable_set_text (GTK_EDITABLE (years), "12.375");
  g_assert_null (ac_custom_fields_page_get_field_error (f->page, "workYears"));
  g_assert_true (ac_custom_fields_page_get_can_save (f->page));

  /* JSON is checked as it is typed; Save is off while it is invalid. */
  gtk_text_buffer_set_text (buffer, "{\"theme\": ", -1);
  g_assert_nonnull (ac_custom_fields_page_get_field_error (f->page, "preferences"));
  g_assert_false (ac_custom_fields_page_get_can_save (f->page));
  gtk_text_buffer_set_text (buffer, "[1, 2]", -1);
  g_assert_nonnull (ac_custom_fields_page_get_field_error (f->page, "preferences"));
  gtk_text_buffer_set_text (buffer, "{\"theme\": \"light\"}", -1);
  g_assert_null (ac_custom_fields_page_get_field_error (f->page, "preferences"));
  g_assert_true (ac_custom_fields_page_get_can_save (f->page));

  ac_custom_fields_page_discard (f->page);
  g_assert_false (ac_custom_fields_page_get_can_save (f->page));
  g_assert_cmpfloat (g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (ac_custom_fields_page_get_editor (f->page, "workYears"))), NULL), ==, 6.0);
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
bar_shown (Fixture *f)
{
  GtkWidget *revealer = find_descendant (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "action-revealer");

  g_assert_nonnull (revealer);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
test_error_under_field (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *years = ac_custom_fields_page_get_row (f->page, "workYears");
  GtkWidget *under = gtk_widget_get_next_sibling (years);
  GtkWidget *label;
  GtkWidget *focus;

  /* Nothing changed: no Discard/Save bar. */
  g_assert_false (bar_shown (f));
  gtk_editable_set_text (GTK_EDITABLE (years), "12abc");
  g_assert_true (bar_shown (f));

  /* The row is marked and its message is the row right under it. */
  g_assert_true (gtk_widget_has_css_class (years, "error"));
  g_assert_true (GTK_IS_LIST_BOX_ROW (under));
  g_assert_true (gtk_widget_get_visible (under));
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (under));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   ac_custom_fields_page_get_field_error (f->page, "workYears"));

  /* Save takes the person to it. */
  gtk_widget_grab_focus (ac_custom_fields_page_get_row (f->page, "school"));
  ac_custom_fields_page_save (f->page);
  g_assert_false (ac_custom_fields_page_get_busy (f->page));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == years || gtk_widget_is_ancestor (focus, years));

  /* Corrected: the message goes; discarded: the bar goes. */
  gtk_editable_set_text (GTK_EDITABLE (years), "12");
  g_assert_false (gtk_widget_has_css_class (years, "error"));
  g_assert_false (gtk_widget_get_visible (under));
  ac_custom_fields_page_discard (f->page);
  g_assert_false (bar_shown (f));
}

static void
test_time_zero_padded (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *row = ac_custom_fields_page_get_row (f->page, "hiredAt");
  GtkWidget *button = find_descendant (row, GTK_TYPE_MENU_BUTTON, NULL);
  GtkWidget *popover;
  GtkWidget *hour, *minute;
  g_autoptr(GDateTime) local = g_date_time_new_local (2024, 3, 4, 9, 5, 0);

  g_assert_nonnull (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  hour = find_descendant (popover, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (hour);
  minute = find_descendant (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (hour)),
                            GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (minute);

  ac_custom_fields_page_set_datetime (f->page, "hiredAt", local);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hour)), ==, "09");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (minute)), ==, "05");
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "09:05"));
}

static AcCustomField *
find_field (GPtrArray  *fields,
            const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (ac_custom_field_get_key (g_ptr_array_index (fields, i)), key) == 0)
      return g_ptr_array_index (fields, i);
  g_error ("no field %s", key);
  return NULL;
}

static void
test_edit_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) hired = g_date_time_new (utc, 2020, 1, 2, 3, 4, 0);
  g_autoptr(GDateTime) stored = NULL;
  g_autoptr(JsonNode) prefs = NULL;
  GAsyncResult *result = NULL;
  gboolean vegetarian = TRUE;
  double years = 0;

  gtk_editable_set_text (GTK_EDITABLE (ac_custom_fields_page_get_editor (f->page, "school")), "MIT");
  gtk_editable_set_text (GTK_EDITABLE (ac_custom_fields_page_get_editor (f->page, "workYears")), "7.25");
  gtk_switch_set_active (GTK_SWITCH (ac_custom_fields_page_get_editor (f->page, "vegetarian")), FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ac_custom_fields_page_get_editor (f->page, "shirtSize")), 4);
  gtk_text_buffer_set_text (object_buffer (f, "preferences"), "{\"theme\": \"light\", \"n\": [1, 2]}", -1);
  ac_custom_fields_page_set_datetime (f->page, "hiredAt", hired);
  g_assert_true (ac_custom_fields_page_get_can_save (f->page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_true (ac_custom_fields_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "the custom fields to be saved");
  g_assert_null (ac_custom_fields_page_get_error (f->page));
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Custom fields saved");
  g_assert_false (ac_custom_fields_page_get_can_save (f->page));

  /* What the server stored, read by another client. */
  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  fields = ac_client_get_custom_fields_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "school")), ==, "MIT");
  g_assert_true (ac_custom_field_get_number (find_field (fields, "workYears"), &years, &error));
  g_assert_cmpfloat (years, ==, 7.25);
  g_assert_true (ac_custom_field_get_boolean (find_field (fields, "vegetarian"), &vegetarian, &error));
  g_assert_false (vegetarian);
  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "shirtSize")), ==, "xl");
  stored = ac_custom_field_get_datetime (find_field (fields, "hiredAt"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (stored), ==, g_date_time_to_unix (hired));
  prefs = ac_custom_field_get_object (find_field (fields, "preferences"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (prefs), "theme"), ==, "light");
  /* Not touched */
  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "workLocation")), ==, "shanghai");

  /* The page shows the stored values as its new baseline. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ac_custom_fields_page_get_editor (f->page, "school"))), ==, "MIT");
}

static void
test_sends_only_changes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AcClient) other = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(GPtrArray) set = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  double years = 0;

  /* Changed elsewhere while the page shows the old value... */
  json_object_set_string_member (values, "school", "Changed Elsewhere");
  ac_client_set_custom_fields_async (other, values, NULL, ac_test_result_cb, &result);
  set = ac_client_set_custom_fields_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  /* ...and saving another field here does not send the stale one back. */
  gtk_editable_set_text (GTK_EDITABLE (ac_custom_fields_page_get_editor (f->page, "workYears")), "9");
  ac_custom_fields_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the custom fields to be saved");
  g_assert_null (ac_custom_fields_page_get_error (f->page));

  ac_client_get_custom_fields_async (other, NULL, ac_test_result_cb, &result);
  fields = ac_client_get_custom_fields_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "school")), ==, "Changed Elsewhere");
  g_assert_true (ac_custom_field_get_number (find_field (fields, "workYears"), &years, &error));
  g_assert_cmpfloat (years, ==, 9.0);
}

/* The administrator changes the pool while the person edits: done in the emulator's own
 * SQLite file, as an administrator's console would. */
static void
run_sql (Fixture    *f,
         const char *sql)
{
  g_autofree char *path = g_build_filename (ac_test_emulator_get_data_dir (f->emu), "emulator.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
test_server_refusal_keeps_edits (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *school = ac_custom_fields_page_get_editor (f->page, "school");
  GtkWidget *shirt = ac_custom_fields_page_get_editor (f->page, "shirtSize");
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* XL is no longer offered at the server; the page still shows the old choices. */
  run_sql (f, "UPDATE custom_fields SET options = '[{\"value\":\"s\",\"label\":\"S\"},{\"value\":\"m\",\"label\":\"M\"}]'"
              " WHERE key = 'shirtSize'");
  gtk_editable_set_text (GTK_EDITABLE (school), "Refused Along With It");
  adw_combo_row_set_selected (ADW_COMBO_ROW (shirt), 4); /* XL */
  g_assert_true (ac_custom_fields_page_get_can_save (f->page));
  ac_custom_fields_page_save (f->page);
  shell_wait_until (page_idle, f->page, 30, "the refusal");

  /* The server's message (code 400) naming the field, and the edits are kept. */
  g_assert_nonnull (ac_custom_fields_page_get_error (f->page));
  g_test_message ("refusal: %s", ac_custom_fields_page_get_error (f->page));
  g_assert_true (g_str_has_prefix (ac_custom_fields_page_get_error (f->page), "Could not save:"));
  g_assert_nonnull (strstr (ac_custom_fields_page_get_error (f->page), "shirtSize"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (school)), ==, "Refused Along With It");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (shirt)), ==, 4);
  g_assert_true (ac_custom_fields_page_get_can_save (f->page));

  /* The whole request was refused: nothing changed. */
  client = shell_fresh_client (f->emu, DEMO_USER, DEMO_PASSWORD);
  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  fields = ac_client_get_custom_fields_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "school")), ==, "华中科技大学");
  g_assert_cmpstr (ac_custom_field_get_value (find_field (fields, "shirtSize")), ==, "m");
}

static gboolean
window_idle (gpointer data)
{
  return !ac_window_get_refreshing (AC_WINDOW (data));
}

/* A refresh makes the editors again: the person typing in a field goes on typing in it, where
 * the cursor was, with the edit kept and nothing selected (GTK 4.8 would otherwise keep the
 * focus on the removed field, and keys would go nowhere). */
static void
test_refresh_keeps_focus (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *school = ac_custom_fields_page_get_editor (f->page, "school");
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (school)));
  /* (held: a new editor could be made at the address of a freed one) */
  g_autoptr(GtkWidget) before = g_object_ref (school);
  GtkWidget *focus;
  int start, end;

  while (text != NULL && !GTK_IS_TEXT (text))
    text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (text)));
  g_assert_true (GTK_IS_TEXT (text));
  gtk_editable_set_text (GTK_EDITABLE (school), "Typed Before The Refresh");
  g_assert_true (gtk_text_grab_focus_without_selecting (GTK_TEXT (text)));
  gtk_editable_set_position (GTK_EDITABLE (text), 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL));
  shell_wait_until (window_idle, f->window, 30, "the refresh");
  shell_wait_until (page_idle, f->page, 30, "the page");

  /* Made again… */
  g_assert_null (gtk_widget_get_root (before));
  g_assert_true (ac_custom_fields_page_get_editor (f->page, "school") != before);
  school = ac_custom_fields_page_get_editor (f->page, "school");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (school)), ==, "Typed Before The Refresh");
  /* …and the keyboard is still in it. */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, school));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (focus)), ==, 5);
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (focus), &start, &end));
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/ui/custom-fields/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("fills", test_fills);
  ADD ("validation", test_validation);
  ADD ("error-under-field", test_error_under_field);
  ADD ("time-zero-padded", test_time_zero_padded);
  ADD ("edit-round-trip", test_edit_round_trip);
  ADD ("server-refusal-keeps-edits", test_server_refusal_keeps_edits);
  ADD ("sends-only-changes", test_sends_only_changes);
  ADD ("refresh-keeps-focus", test_refresh_keeps_focus);
#undef ADD

  return g_test_run ();
}
