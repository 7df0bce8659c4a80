/* session-ui-util.c: the fixture and the helpers of the app tests of tests/session
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
#include "session-ui.h"


/* What the demo user's data looks like on screen (data/demo/pool.json). */
static const char *demo_traces[] = {
  "demo@yunshan.example", "小云", "林晓云", "lin.xiaoyun", "云杉科技", "张江路", NULL,
};

char *log_path;


void
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

void
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

gboolean
is_signed_in (Fixture *fixture)
{
  return g_strcmp0 (ac_window_get_state (fixture->window), "account") == 0;
}

gboolean
is_sign_in_page (Fixture *fixture)
{
  return g_strcmp0 (ac_window_get_state (fixture->window), "sign-in") == 0 &&
         !ac_sign_in_page_get_busy (ac_window_get_sign_in_page (fixture->window));
}

gboolean
keeper_settled (Fixture *fixture)
{
  AcSessionKeeper *keeper = ac_account_center_get_session_keeper (fixture->app);

  return ac_session_keeper_get_pending (keeper) == 0 && !ac_session_keeper_get_restoring (keeper);
}

/* The keyring, through our own store */

AcStoredSession *
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

void
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

void
clear_sessions (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_store_clear_async (store, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  ac_session_store_clear_finish (store, result, NULL);
}

/* A session signed in outside the app, as if stored by an earlier run. */
AcStoredSession *
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

void
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

void
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

void
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

void
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

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_app (fixture);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->emu, ac_test_emulator_free);
}

/* Signs in the way a person does: the form, then Enter. */
void
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
GPtrArray *
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

guint
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

GtkWidget *
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

GtkWidget *
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
gboolean
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
gboolean
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

GLogWriterOutput
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

void
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

