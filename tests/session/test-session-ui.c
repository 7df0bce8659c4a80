/* test-session-ui.c: remembered sessions, kiosk mode and administrator settings in the real
 * app (AcAccountCenter activated as at start, its AcWindow under Xvfb) against a real
 * authing-emulator.
 *
 * Run through keyring-env (AC_KEYRING) and, for the administrator profile, admin-env
 * (AC_ADMIN_PROFILE). AC_SESSION_GROUP picks the tests:
 *   desktop    sessions in a private gnome-keyring (AC_KEYRING=private)
 *   no-keyring the same without any Secret Service (AC_KEYRING=none)
 *   kiosk      kiosk mode and the idle sign-out
 *   policy     the allow-* keys
 *   admin      the shipped administrator profile through a real dconf database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ac-account-center.h"
#include "ac-delete-dialog.h"
#include "ac-image-loader.h"
#include "ac-kiosk.h"
#include "ac-profile-page.h"
#include "ac-session-keeper.h"
#include "ac-session-store.h"
#include "ac-test-emulator.h"
#include "ac-window.h"
#include "session-test-util.h"

#define DEMO_USER "demo"
#define DEMO_PASSWORD "demo1234"
#define TIMEOUT 60

/* What the demo user's data looks like on screen (data/demo/pool.json). */
static const char *demo_traces[] = {
  "demo@yunshan.example", "小云", "林晓云", "lin.xiaoyun", "云杉科技", "张江路", NULL,
};

static char *log_path;

typedef struct {
  AcTestEmulator  *emu;
  GSettings       *settings;
  AcAccountCenter *app;
  AcWindow        *window;
  const char      *logo;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_until (Fixture    *fixture,
            Condition   condition,
            guint       timeout_s,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!condition (fixture))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Conditions */

static gboolean
is_signed_in (Fixture *fixture)
{
  return g_strcmp0 (ac_window_get_state (fixture->window), "account") == 0;
}

static gboolean
is_sign_in_page (Fixture *fixture)
{
  return g_strcmp0 (ac_window_get_state (fixture->window), "sign-in") == 0 &&
         !ac_sign_in_page_get_busy (ac_window_get_sign_in_page (fixture->window));
}

static gboolean
keeper_settled (Fixture *fixture)
{
  AcSessionKeeper *keeper = ac_account_center_get_session_keeper (fixture->app);

  return ac_session_keeper_get_pending (keeper) == 0 && !ac_session_keeper_get_restoring (keeper);
}

/* The keyring, through our own store */

static AcStoredSession *
stored_session (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AcStoredSession *session;

  ac_session_store_load_async (store, NULL, NULL, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  session = ac_session_store_load_finish (store, result, &error);
  if (!ac_session_store_error_is_unavailable (error))
    g_assert_no_error (error);
  return session;
}

static void
store_session (AcStoredSession *session)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ac_session_store_save_async (store, session, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  g_assert_true (ac_session_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
clear_sessions (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_store_clear_async (store, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  ac_session_store_clear_finish (store, result, NULL);
}

/* A session signed in outside the app, as if stored by an earlier run. */
static AcStoredSession *
sign_in_elsewhere (Fixture  *fixture,
                   AcClient **client_out)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (fixture->emu),
                                              ac_test_emulator_get_app_id (fixture->emu));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_sign_in_async (client, DEMO_USER, DEMO_PASSWORD, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  user = ac_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);

  if (client_out != NULL)
    *client_out = g_object_ref (client);

  return ac_stored_session_new (ac_client_get_host (client), ac_client_get_app_id (client),
                                ac_user_info_get_id (user), DEMO_USER,
                                ac_client_get_token (client),
                                ac_client_get_token_expires_at (client));
}

static void
sign_out_elsewhere (AcClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_sign_out_async (client, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  g_assert_true (ac_client_sign_out_finish (client, result, &error));
  g_assert_no_error (error);
}

/* The app */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *extra_args = data;
  g_autoptr(GError) error = NULL;

  fixture->emu = ac_test_emulator_start (g_getenv ("AC_DEMO_POOL"), extra_args, &error);
  g_assert_no_error (error);

  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend lives as long as the process: start every test from the defaults. */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (fixture->settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      if (g_settings_is_writable (fixture->settings, keys[i]))
        g_settings_reset (fixture->settings, keys[i]);
  }
  if (g_settings_is_writable (fixture->settings, "host"))
    g_settings_set_string (fixture->settings, "host", ac_test_emulator_get_url (fixture->emu));
  if (g_settings_is_writable (fixture->settings, "app-id"))
    g_settings_set_string (fixture->settings, "app-id", ac_test_emulator_get_app_id (fixture->emu));

  if (g_strcmp0 (g_getenv ("AC_KEYRING"), "private") == 0)
    clear_sessions ();
}

/* One application for the whole test program, registered once as `account-center` does
 * (a registered GtkApplication that never ran keeps a reference to itself from its startup,
 * so a second one could not be exported on the bus). Each test starts the app anew the way a
 * person does: activating it opens a new window, which restores the session, and so on. */
static AcAccountCenter *
the_app (void)
{
  static AcAccountCenter *app = NULL;
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    {
      app = ac_account_center_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

static void
start_app (Fixture  *fixture,
           gboolean  kiosk)
{
  GList *windows;

  fixture->app = g_object_ref (the_app ());
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (fixture->app)));
  g_object_set (fixture->app, "kiosk", kiosk, NULL);
  g_application_activate (G_APPLICATION (fixture->app));

  windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));
  g_assert_nonnull (windows);
  g_assert_true (AC_IS_WINDOW (windows->data));
  fixture->window = AC_WINDOW (windows->data);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);

  g_assert_nonnull (ac_account_center_get_kiosk (fixture->app));
  g_assert_nonnull (ac_account_center_get_session_keeper (fixture->app));
}

static void
stop_app (Fixture *fixture)
{
  if (fixture->window != NULL)
    {
      AcSessionKeeper *keeper = ac_account_center_get_session_keeper (fixture->app);

      if (keeper != NULL)
        wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
    }
  run_for (100);
  /* The window, and everything it held, is gone. */
  g_assert_null (fixture->window);
  g_clear_object (&fixture->app);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_app (fixture);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->emu, ac_test_emulator_free);
}

/* Signs in the way a person does: the form, then Enter. */
static void
sign_in_as_person (Fixture *fixture)
{
  AcSignInPage *page = ac_window_get_sign_in_page (fixture->window);

  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  ac_sign_in_page_set_host (page, ac_test_emulator_get_url (fixture->emu));
  ac_sign_in_page_set_app_id (page, ac_test_emulator_get_app_id (fixture->emu));
  ac_sign_in_page_set_account (page, DEMO_USER);
  ac_sign_in_page_set_password (page, DEMO_PASSWORD);
  g_assert_true (ac_sign_in_page_submit (page));
  wait_until (fixture, is_signed_in, TIMEOUT, "the signed-in window");
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
}

/* Widget walks */

static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (GTK_IS_EDITABLE (widget))
    g_ptr_array_add (texts, g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_ptr_array_add (texts, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget))));
  if (ADW_IS_AVATAR (widget) && adw_avatar_get_text (ADW_AVATAR (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (adw_avatar_get_text (ADW_AVATAR (widget))));
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      g_ptr_array_add (texts, g_strdup (adw_window_title_get_title (ADW_WINDOW_TITLE (widget))));
      g_ptr_array_add (texts, g_strdup (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget))));
    }
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_widget_get_tooltip_text (widget)));
  if (GTK_IS_WINDOW (widget) && gtk_window_get_title (GTK_WINDOW (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_window_get_title (GTK_WINDOW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* Every text of every window of the process. */
static GPtrArray *
all_texts (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      collect_texts (window, texts);
    }
  return texts;
}

static guint
count_traces (GPtrArray *texts)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (text == NULL)
        continue;
      for (guint j = 0; demo_traces[j] != NULL; j++)
        if (strstr (text, demo_traces[j]) != NULL)
          {
            g_test_message ("Trace of the previous person: “%s”", text);
            n++;
          }
      if (g_strcmp0 (text, DEMO_USER) == 0)
        {
          g_test_message ("The previous person's username is still shown");
          n++;
        }
    }
  return n;
}

static gboolean
row_titled (GtkWidget  *widget,
            const char *title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (row_titled (root, title))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The label of the menu item for action in model (NULL when there is none). */
static char *
menu_label_for (GMenuModel *model,
                const char *action)
{
  for (int i = 0; model != NULL && i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_action = NULL;
      char *label = NULL;
      const char *links[] = { G_MENU_LINK_SECTION, G_MENU_LINK_SUBMENU };

      for (guint l = 0; l < G_N_ELEMENTS (links); l++)
        {
          g_autoptr(GMenuModel) link = g_menu_model_get_item_link (model, i, links[l]);
          char *found = link ? menu_label_for (link, action) : NULL;

          if (found != NULL)
            return found;
        }

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_strcmp0 (item_action, action) == 0 &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return label;
    }
  return NULL;
}

static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *out)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_POPOVER (child))
        collect_menu_buttons (child, out);
    }
}

/* A visible item of a popover menu showing label. */
static gboolean
shows_label (GtkWidget  *root,
             const char *label)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton"))
    {
      g_autofree char *text = NULL;

      g_autoptr(GString) plain = g_string_new (label);

      /* The item shows the label without its mnemonic underscore. */
      g_string_replace (plain, "_", "", 0);
      g_object_get (root, "text", &text, NULL);
      if (g_strcmp0 (text, plain->str) == 0 && gtk_widget_get_visible (root))
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_label (child, label))
        return TRUE;
    }
  return FALSE;
}

/* Whether the window's menus have an item for action at all (shown or hidden). */
static gboolean
menu_has_item (GtkWidget  *window,
               const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_menu_buttons (window, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *label =
        menu_label_for (gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i)), action);

      if (label != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Whether a person sees an item for action in a menu of the window: the popover menus' own
 * items, whose presence follows "hidden-when". */
static gboolean
menu_shows (AcWindow   *window,
            const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  run_for (50);
  collect_menu_buttons (GTK_WIDGET (window), buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, i);
      g_autofree char *label = menu_label_for (gtk_menu_button_get_menu_model (button), action);
      GtkPopover *popover = gtk_menu_button_get_popover (button);

      if (label != NULL && popover != NULL && shows_label (GTK_WIDGET (popover), label))
        return TRUE;
    }
  return FALSE;
}

/* Logs */

static GLogWriterOutput
tee_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  FILE *file = fopen (log_path, "a");

  if (file != NULL)
    {
      fputs (line, file);
      fputc ('\n', file);
      fclose (file);
    }

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_token_nowhere (Fixture    *fixture,
                      const char *token)
{
  g_auto(GStrv) in_home = st_find_files_containing (g_get_home_dir (), token);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 20);

  if (in_home[0] != NULL)
    g_error ("The token is in %s", in_home[0]);

  g_assert_true (g_file_test (log_path, G_FILE_TEST_EXISTS));
  g_assert_false (st_file_contains (log_path, token));

  g_object_get (fixture->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (fixture->settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, TRUE);

      g_assert_null (strstr (printed, token));
    }
}

/* Tests: desktop sessions (private keyring) */

static void
test_remember_and_restore (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) stored = NULL;
  g_autofree char *token = NULL;
  AcClient *client;

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");
  sign_in_as_person (fixture);

  /* Stored, for this host, app and person, with the token the app holds. */
  client = ac_session_get_client (ac_window_get_session (fixture->window));
  token = g_strdup (ac_client_get_token (client));
  stored = stored_session ();
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->host, ==, ac_test_emulator_get_url (fixture->emu));
  g_assert_cmpstr (stored->app_id, ==, ac_test_emulator_get_app_id (fixture->emu));
  g_assert_cmpstr (stored->user_id, ==, ac_user_info_get_id (ac_client_get_user (client)));
  g_assert_cmpstr (stored->account, ==, DEMO_USER);
  g_assert_cmpstr (stored->token, ==, token);
  g_assert_nonnull (stored->expires_at);

  /* The next start opens signed in, with the same session, without a password. */
  stop_app (fixture);
  start_app (fixture, FALSE);
  wait_until (fixture, is_signed_in, TIMEOUT, "the restored session");
  client = ac_session_get_client (ac_window_get_session (fixture->window));
  g_assert_cmpstr (ac_client_get_token (client), ==, token);
  g_assert_cmpstr (ac_user_info_get_username (ac_client_get_user (client)), ==, DEMO_USER);
  g_assert_null (ac_window_get_last_toast (fixture->window));

  assert_token_nowhere (fixture, token);
}

static void
test_sign_out_removes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AcStoredSession) before = NULL;
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);
  token = g_strdup (before->token);

  ac_session_sign_out (ac_window_get_session (fixture->window));
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);

  /* The next start asks for the password again. */
  stop_app (fixture);
  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");

  assert_token_nowhere (fixture, token);
}

static gboolean
delete_dialog_gone (Fixture *fixture)
{
  return is_sign_in_page (fixture);
}

static void
test_delete_removes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AcStoredSession) after = NULL;
  g_autoptr(AcStoredSession) before = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);

  dialog = ac_window_open_delete_dialog (fixture->window);
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog)));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (entry, DEMO_USER);
  adw_message_dialog_response (dialog, "delete");

  wait_until (fixture, delete_dialog_gone, TIMEOUT, "the sign-in page after deleting");
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);
}

static void
test_dead_session (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AcClient) other = NULL;
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, &other);
  g_autoptr(AcStoredSession) after = NULL;
  AcSignInPage *page;

  /* Signed out elsewhere: the token is revoked, the keyring still has it. */
  store_session (session);
  sign_out_elsewhere (other);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the restore");
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");

  page = ac_window_get_sign_in_page (fixture->window);
  g_assert_cmpstr (ac_sign_in_page_get_account (page), ==, DEMO_USER);
  g_assert_cmpstr (ac_sign_in_page_get_password (page), ==, "");
  g_assert_nonnull (ac_sign_in_page_get_error (page));
  g_assert_null (ac_session_get_client (ac_window_get_session (fixture->window)));

  /* A dead session is not kept. */
  after = stored_session ();
  g_assert_null (after);
}

static void
test_expired_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;

  /* Expired by its date: not even tried. */
  g_clear_pointer (&session->expires_at, g_date_time_unref);
  session->expires_at = g_date_time_new_from_unix_utc (1700000000);
  store_session (session);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the restore");
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, DEMO_USER);
  after = stored_session ();
  g_assert_null (after);
}

static gboolean
stored_token_changed (Fixture *fixture)
{
  g_autoptr(AcStoredSession) session = NULL;
  const char *old = g_object_get_data (G_OBJECT (fixture->settings), "old-token");

  if (!keeper_settled (fixture))
    return FALSE;
  session = stored_session ();
  return session != NULL && g_strcmp0 (session->token, old) != 0;
}

static void
test_refresh_near_expiry (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AcStoredSession) session = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;
  AcClient *client;

  /* The emulator's tokens live 20 s here: the restored client refreshes it ahead of its expiry
   * and the keyring follows. */
  store_session (session);
  g_object_set_data_full (G_OBJECT (fixture->settings), "old-token", g_strdup (session->token), g_free);

  start_app (fixture, FALSE);
  wait_until (fixture, is_signed_in, TIMEOUT, "the restored session");
  wait_until (fixture, stored_token_changed, TIMEOUT, "the refreshed token in the keyring");

  client = ac_session_get_client (ac_window_get_session (fixture->window));
  after = stored_session ();
  g_assert_cmpstr (after->token, ==, ac_client_get_token (client));
  g_assert_cmpstr (after->token, !=, session->token);
  g_assert_true (g_date_time_compare (after->expires_at, session->expires_at) > 0);
}

static void
test_remember_session_off (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) old = sign_in_elsewhere (fixture, NULL);
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  /* Something stored earlier, then the administrator turns remembering off. */
  store_session (old);
  g_settings_set_boolean (fixture->settings, "remember-session", FALSE);

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");
  after = stored_session ();
  g_assert_null (after);

  sign_in_as_person (fixture);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  after = stored_session ();
  g_assert_null (after);
  assert_token_nowhere (fixture, token);
}

static void
test_remember_session_turned_off (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AcStoredSession) before = NULL;
  g_autoptr(AcStoredSession) after = NULL;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);
  before = stored_session ();
  g_assert_nonnull (before);

  /* Turned off while signed in: the stored session goes at once; the person stays signed in. */
  g_settings_set_boolean (fixture->settings, "remember-session", FALSE);
  run_for (100);
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_null (after);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");

  /* And back on: the current session is remembered again. */
  g_settings_set_boolean (fixture->settings, "remember-session", TRUE);
  run_for (100);
  wait_until (fixture, keeper_settled, TIMEOUT, "the keyring operations");
  after = stored_session ();
  g_assert_nonnull (after);
  g_assert_cmpstr (after->token, ==, ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
}

static void
test_kiosk_stores_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *token = NULL;

  g_settings_set_string (fixture->settings, "last-account", "someone-before");
  start_app (fixture, TRUE);
  g_assert_true (ac_kiosk_get_enabled (ac_account_center_get_kiosk (fixture->app)));
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, "");

  sign_in_as_person (fixture);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  after = stored_session ();
  g_assert_null (after);
  {
    g_autofree char *last = g_settings_get_string (fixture->settings, "last-account");
    g_assert_cmpstr (last, ==, "someone-before");
  }
  assert_token_nowhere (fixture, token);
}

/* Tests: no keyring */

static void
test_no_keyring (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *first_toast = NULL;
  AcSessionKeeper *keeper;

  start_app (fixture, FALSE);
  wait_until (fixture, keeper_settled, TIMEOUT, "the start");
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "sign-in");

  sign_in_as_person (fixture);
  keeper = ac_account_center_get_session_keeper (fixture->app);
  g_assert_false (ac_session_keeper_get_available (keeper));
  first_toast = g_strdup (ac_window_get_last_toast (fixture->window));
  g_assert_nonnull (first_toast);
  g_assert_nonnull (strstr (first_toast, "keyring"));

  /* Still signed in: the session lives in memory. */
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  g_assert_nonnull (token);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  run_for (500);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");

  /* Said once: signing out and in again shows no second notice. */
  ac_session_sign_out (ac_window_get_session (fixture->window));
  wait_until (fixture, is_sign_in_page, TIMEOUT, "the sign-in page");
  g_assert_cmpstr (ac_window_get_last_toast (fixture->window), !=, first_toast);
  sign_in_as_person (fixture);
  g_assert_cmpstr (ac_window_get_last_toast (fixture->window), !=, first_toast);

  /* And no file anywhere holds the token. */
  assert_token_nowhere (fixture, token);
  g_free (token);
  token = g_strdup (ac_client_get_token (ac_session_get_client (ac_window_get_session (fixture->window))));
  assert_token_nowhere (fixture, token);
}

/* Tests: kiosk */

/* With AC_SCREENSHOT_DIR set, a PNG of the window (to look at, not compared). */
static void
screenshot (AcWindow   *window,
            const char *name)
{
  const char *dir = g_getenv ("AC_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  run_for (400);
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
countdown_shown (Fixture *fixture)
{
  return ac_window_get_countdown_text (fixture->window) != NULL &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (ac_window_get_countdown_bar (fixture->window)));
}

static gboolean
photo_set (Fixture *fixture)
{
  AcUserInfo *user = ac_account_get_user (ac_session_get_account (ac_window_get_session (fixture->window)));
  const char *photo = user ? ac_user_info_get_photo (user) : NULL;

  return photo != NULL && g_str_has_prefix (photo, ac_test_emulator_get_url (fixture->emu));
}

static gboolean
photo_cached (Fixture *fixture)
{
  return ac_image_loader_lookup (ac_image_loader_get_default (), fixture->logo) != NULL;
}

/* Uploads a new avatar through the profile page, as the file chooser would, and waits until
 * the picture is in the app's picture cache. */
static void
change_avatar (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "avatar.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 48, 48);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AcUserInfo *user;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);

  ac_profile_page_change_avatar (AC_PROFILE_PAGE (ac_window_get_page (fixture->window, "profile")), file);
  wait_until (fixture, photo_set, TIMEOUT, "the new avatar");
  user = ac_account_get_user (ac_session_get_account (ac_window_get_session (fixture->window)));
  fixture->logo = g_intern_string (ac_user_info_get_photo (user));
  wait_until (fixture, photo_cached, TIMEOUT, "the avatar in the picture cache");
}

static void
test_kiosk_idle_sign_out (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  AcClient *client;
  AcAccount *account;
  AcUserInfo *user;
  gpointer weak_account, weak_user;
  g_autofree char *logo = NULL;
  AcKiosk *kiosk;
  gint64 signed_in_at;

  g_settings_set_boolean (fixture->settings, "kiosk", TRUE);
  start_app (fixture, FALSE);
  kiosk = ac_account_center_get_kiosk (fixture->app);
  g_assert_true (ac_kiosk_get_enabled (kiosk));

  sign_in_as_person (fixture);

  /* A picture of the person: uploaded as their avatar, then in the picture cache. */
  change_avatar (fixture);
  logo = g_strdup (fixture->logo);

  ac_window_show_page (fixture->window, "profile");
  run_for (300);
  g_assert_false (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* The administrator sets a (very short) idle time while the person is signed in: it
   * applies at once. (Set after loading, which takes longer than 3 s under the sanitizers.) */
  g_settings_set_uint (fixture->settings, "idle-sign-out", 3);
  signed_in_at = g_get_monotonic_time ();
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* The person's data is on screen (the walk sees it). */
  before = all_texts ();
  g_assert_cmpuint (count_traces (before), >, 0);

  client = ac_session_get_client (ac_window_get_session (fixture->window));
  account = ac_session_get_account (ac_window_get_session (fixture->window));
  user = ac_client_get_user (client);
  weak_account = account;
  weak_user = user;
  g_object_add_weak_pointer (G_OBJECT (account), &weak_account);
  g_object_add_weak_pointer (G_OBJECT (user), &weak_user);

  /* The countdown (shorter than the warning period: at once), then the sign-out. */
  wait_until (fixture, countdown_shown, 5, "the countdown");
  screenshot (fixture->window, "kiosk-countdown");
  g_assert_nonnull (strstr (ac_window_get_countdown_text (fixture->window), "Signing out in"));
  wait_until (fixture, is_sign_in_page, 10, "the idle sign-out");
  g_assert_cmpint (g_get_monotonic_time () - signed_in_at, >=, 2 * G_USEC_PER_SEC);

  /* Nothing of the person is left: not in the window, not in memory. */
  g_assert_false (countdown_shown (fixture));
  g_assert_null (ac_session_get_client (ac_window_get_session (fixture->window)));
  g_assert_null (ac_session_get_account (ac_window_get_session (fixture->window)));
  g_assert_null (ac_window_get_page (fixture->window, "profile"));
  g_assert_cmpstr (ac_sign_in_page_get_account (ac_window_get_sign_in_page (fixture->window)), ==, "");
  g_assert_cmpstr (ac_sign_in_page_get_password (ac_window_get_sign_in_page (fixture->window)), ==, "");
  after = all_texts ();
  g_assert_cmpuint (count_traces (after), ==, 0);
  g_assert_null (ac_image_loader_lookup (ac_image_loader_get_default (), logo));

  run_for (1000);
  g_assert_null (weak_account);
  g_assert_null (weak_user);
}

static void
fake_motion (AcWindow *window,
             int       x,
             int       y)
{
  typedef int (*FakeMotion) (Display *, int, int, int, unsigned long);
  static FakeMotion fake = NULL;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (fake == NULL)
    {
      void *lib = dlopen ("libXtst.so.6", RTLD_NOW);

      g_assert_nonnull (lib);
      fake = (FakeMotion) dlsym (lib, "XTestFakeMotionEvent");
      g_assert_nonnull (fake);
    }

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  fake (gdk_x11_display_get_xdisplay (display), -1, x, y, 0);
  XFlush (gdk_x11_display_get_xdisplay (display));
}

static void
test_kiosk_input_keeps_session (Fixture       *fixture,
                                gconstpointer  data)
{
  AcKiosk *kiosk;
  gint64 start;

  g_settings_set_uint (fixture->settings, "idle-sign-out", 60);
  start_app (fixture, TRUE);
  kiosk = ac_account_center_get_kiosk (fixture->app);
  sign_in_as_person (fixture);
  /* Counting since the sign-in. */
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));
  g_assert_cmpuint (ac_idle_monitor_get_countdown (ac_kiosk_get_idle_monitor (kiosk)), ==, 0);
  g_settings_set_uint (fixture->settings, "idle-sign-out", 6);

  /* Real pointer motion through the X server, a few times a second, for twice the timeout:
   * the person stays signed in. */
  start = g_get_monotonic_time ();
  for (int i = 0; g_get_monotonic_time () - start < 12 * G_USEC_PER_SEC; i++)
    {
      fake_motion (fixture->window, 100 + 10 * (i % 2), 200);
      run_for (300);
      if (g_strcmp0 (ac_window_get_state (fixture->window), "account") != 0)
        g_error ("Signed out after %.1f s of pointer motion",
                 (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  g_assert_true (ac_idle_monitor_get_active (ac_kiosk_get_idle_monitor (kiosk)));

  /* Then nothing: signed out. */
  wait_until (fixture, is_sign_in_page, 20, "the idle sign-out");
}

static void
test_kiosk_restrictions (Fixture       *fixture,
                         gconstpointer  data)
{
  AcSignInPage *page;
  g_auto(GStrv) accels = NULL;
  GtkWidget *host_row;

  start_app (fixture, TRUE);
  page = ac_window_get_sign_in_page (fixture->window);

  /* No host or app id rows. */
  host_row = find_row (GTK_WIDGET (page), "Application Host");
  g_assert_nonnull (host_row);
  g_assert_false (gtk_widget_is_visible (host_row));
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (page), "Application ID")));

  /* No way to quit. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), "quit"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.quit");
  g_assert_cmpuint (g_strv_length (accels), ==, 0);
  g_assert_false (menu_shows (fixture->window, "app.quit"));
  g_assert_false (menu_has_item (GTK_WIDGET (fixture->window), "app.quit"));

  /* Closing is refused. */
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  gtk_window_close (GTK_WINDOW (fixture->window));
  run_for (200);
  g_assert_nonnull (fixture->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  sign_in_as_person (fixture);
  gtk_window_close (GTK_WINDOW (fixture->window));
  run_for (200);
  g_assert_nonnull (fixture->window);
  g_assert_cmpstr (ac_window_get_state (fixture->window), ==, "account");
}

/* Tests: the allow-* keys */

static guint
count_dialogs (AcWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        n++;
    }
  return n;
}

static void
assert_profile_editable (AcWindow *window,
                         gboolean  editable)
{
  AcProfilePage *page = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
  GtkWidget *nickname = ac_profile_page_get_row (page, "nickname");
  GtkWidget *gender = ac_profile_page_get_row (page, "gender");

  g_assert_true (ADW_IS_ENTRY_ROW (nickname));
  g_assert_cmpint (gtk_editable_get_editable (GTK_EDITABLE (nickname)), ==, editable);
  /* The value stays readable. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nickname)), ==, "小云");
  g_assert_nonnull (gender);
  g_assert_cmpint (gtk_widget_is_sensitive (gender), ==, editable);
}

static void
test_policy_disallowed (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *profile, *change;

  g_settings_set_boolean (fixture->settings, "allow-delete-account", FALSE);
  g_settings_set_boolean (fixture->settings, "allow-avatar-change", FALSE);
  g_settings_set_boolean (fixture->settings, "allow-profile-edit", FALSE);
  start_app (fixture, FALSE);
  sign_in_as_person (fixture);

  /* Delete Account: no menu item, no action. */
  g_assert_false (menu_shows (fixture->window, "win.delete-account"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-account", NULL);
  run_for (200);
  g_assert_cmpuint (count_dialogs (fixture->window), ==, 0);

  /* Change… picture: hidden. */
  profile = ac_window_get_page (fixture->window, "profile");
  change = find_actionable (profile, "profile.change-avatar");
  g_assert_nonnull (change);
  g_assert_false (gtk_widget_get_visible (change));

  /* Profile: read-only. */
  assert_profile_editable (fixture->window, FALSE);

  /* The administrator allows it again while the app runs: applied at once. */
  g_settings_set_boolean (fixture->settings, "allow-profile-edit", TRUE);
  g_settings_set_boolean (fixture->settings, "allow-avatar-change", TRUE);
  g_settings_set_boolean (fixture->settings, "allow-delete-account", TRUE);
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_get_visible (change));
  g_assert_true (menu_shows (fixture->window, "win.delete-account"));
}

static void
test_policy_allowed (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *change;

  start_app (fixture, FALSE);
  sign_in_as_person (fixture);

  g_assert_true (menu_shows (fixture->window, "win.delete-account"));
  g_assert_true (menu_has_item (GTK_WIDGET (fixture->window), "win.delete-account"));
  change = find_actionable (ac_window_get_page (fixture->window, "profile"), "profile.change-avatar");
  g_assert_true (gtk_widget_get_visible (change));
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_is_visible (find_row (GTK_WIDGET (ac_window_get_sign_in_page (fixture->window)),
                                                  "Application Host")) ||
                 g_strcmp0 (ac_window_get_state (fixture->window), "account") == 0);
}

/* Tests: the shipped administrator profile (data/admin) through dconf */

static void
test_admin_profile (Fixture       *fixture,
                    gconstpointer  data)
{
  AcSignInPage *page;
  g_autoptr(AcStoredSession) after = NULL;
  g_autofree char *host = NULL;

  /* The profile's values and locks arrived. */
  g_assert_false (g_settings_is_writable (fixture->settings, "host"));
  g_assert_false (g_settings_is_writable (fixture->settings, "app-id"));
  g_assert_false (g_settings_is_writable (fixture->settings, "kiosk"));
  g_assert_false (g_settings_is_writable (fixture->settings, "allow-delete-account"));
  g_assert_true (g_settings_is_writable (fixture->settings, "window-width"));
  host = g_settings_get_string (fixture->settings, "host");
  g_assert_cmpstr (host, ==, "https://example.authing.cn");
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-sign-out"), ==, 120);

  start_app (fixture, FALSE);
  g_assert_true (ac_kiosk_get_enabled (ac_account_center_get_kiosk (fixture->app)));
  g_assert_cmpuint (ac_idle_monitor_get_timeout (ac_kiosk_get_idle_monitor (ac_account_center_get_kiosk (fixture->app))),
                    ==, 120);

  /* Locked: the server rows are hidden, and hold the administrator's values. */
  page = ac_window_get_sign_in_page (fixture->window);
  g_assert_false (gtk_widget_is_visible (find_row (GTK_WIDGET (page), "Application Host")));
  g_assert_cmpstr (ac_sign_in_page_get_host (page), ==, "https://example.authing.cn");
  g_assert_cmpstr (ac_sign_in_page_get_app_id (page), ==, "0123456789abcdef01234567");

  /* (The example host does not exist here: sign in to the emulator instead.) */
  sign_in_as_person (fixture);
  g_assert_false (menu_shows (fixture->window, "win.delete-account"));
  assert_profile_editable (fixture->window, TRUE);
  g_assert_true (gtk_widget_get_visible (find_actionable (ac_window_get_page (fixture->window, "profile"),
                                                          "profile.change-avatar")));

  /* remember-session is off and locked: nothing in the keyring, no remembered account. */
  after = stored_session ();
  g_assert_null (after);
  {
    g_autofree char *last = g_settings_get_string (fixture->settings, "last-account");
    g_assert_cmpstr (last, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *group = g_getenv ("AC_SESSION_GROUP");
  static const char *short_tokens[] = { "--token-ttl", "20", NULL };

  log_path = g_build_filename (g_get_tmp_dir (), "session-test.log", NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (tee_writer, NULL, NULL);

  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* GTK 4.8 warns from the cursor blink of an entry whose page was switched away while it
   * had the focus ("GtkText - did not receive a focus-out event"); warnings are fatal here. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func, data) \
  g_test_add ("/session/ui/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  if (g_strcmp0 (group, "desktop") == 0)
    {
      ADD ("desktop/remember-and-restore", test_remember_and_restore, NULL);
      ADD ("desktop/sign-out-removes", test_sign_out_removes, NULL);
      ADD ("desktop/delete-removes", test_delete_removes, NULL);
      ADD ("desktop/dead-session", test_dead_session, NULL);
      ADD ("desktop/expired-session", test_expired_session, NULL);
      ADD ("desktop/refresh-near-expiry", test_refresh_near_expiry, short_tokens);
      ADD ("desktop/remember-session-off", test_remember_session_off, NULL);
      ADD ("desktop/remember-session-turned-off", test_remember_session_turned_off, NULL);
      ADD ("desktop/kiosk-stores-nothing", test_kiosk_stores_nothing, NULL);
    }
  else if (g_strcmp0 (group, "no-keyring") == 0)
    {
      ADD ("no-keyring/memory-only", test_no_keyring, NULL);
    }
  else if (g_strcmp0 (group, "kiosk") == 0)
    {
      ADD ("kiosk/idle-sign-out", test_kiosk_idle_sign_out, NULL);
      ADD ("kiosk/input-keeps-session", test_kiosk_input_keeps_session, NULL);
      ADD ("kiosk/restrictions", test_kiosk_restrictions, NULL);
    }
  else if (g_strcmp0 (group, "policy") == 0)
    {
      ADD ("policy/disallowed", test_policy_disallowed, NULL);
      ADD ("policy/allowed", test_policy_allowed, NULL);
    }
  else if (g_strcmp0 (group, "admin") == 0)
    {
      ADD ("admin/shipped-profile", test_admin_profile, NULL);
    }
  else
    {
      g_printerr ("AC_SESSION_GROUP is “%s”: run this through meson test\n", group ? group : "unset");
      return 1;
    }

  return g_test_run ();
}
