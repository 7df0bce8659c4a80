/* test-devices-page.c: where am I signed in (issue 12), end to end with the real emulator:
 * this computer named and registered at sign-in, other clients listed and signed out from the
 * app (their next request is refused), failed sign-ins in the history, linked accounts
 * unlinked or refused with the reason, the groups, and the app's own session revoked
 * elsewhere leading to the re-sign-in dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "shell-test-util.h"
#include "ac-page.h"
#include "ac-this-device.h"

#define SECOND_DEVICE "test-second-client"
#define THIRD_DEVICE "test-third-client"

/* Widgets by name, below @root (depth first) */

static void
collect (GtkWidget  *root,
         const char *name,
         GPtrArray  *found)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, name, found);
}

static GPtrArray *
find_all (GtkWidget  *root,
          const char *name)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, name, found);
  return found;
}

static GtkWidget *
find_one (GtkWidget  *root,
          const char *name)
{
  g_autoptr(GPtrArray) found = find_all (root, name);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static guint
count_named (GtkWidget  *root,
             const char *name)
{
  g_autoptr(GPtrArray) found = find_all (root, name);

  return found->len;
}

/* The row of @list (a GtkListBox) whose data @key is @value */
static GtkWidget *
row_with (GtkWidget  *root,
          const char *row_name,
          const char *key,
          const char *value)
{
  g_autoptr(GPtrArray) rows = find_all (root, row_name);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_object_get_data (rows->pdata[i], key), value) == 0)
      return rows->pdata[i];
  return NULL;
}

static GtkWidget *
find_dialog (const char *name)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

/* Conditions */

typedef struct
{
  GtkWidget  *root;
  const char *row_name;
  const char *key;
  const char *value;
} RowQuery;

static gboolean
page_idle (gpointer page)
{
  return !ac_page_get_busy (AC_PAGE (page));
}

static gboolean
row_present (gpointer data)
{
  RowQuery *q = data;

  return row_with (q->root, q->row_name, q->key, q->value) != NULL;
}

static gboolean
row_offline (gpointer data)
{
  RowQuery *q = data;
  GtkWidget *row = row_with (q->root, q->row_name, q->key, q->value);
  GtkWidget *state = row != NULL ? find_one (row, "device-state") : NULL;

  return state != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (state)), "Offline") == 0 &&
         find_one (row, "sign-out-device") == NULL;
}

static gboolean
row_gone (gpointer data)
{
  return !row_present (data);
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data)) &&
         *gtk_label_get_text (GTK_LABEL (data)) != '\0';
}

static gboolean
session_expired (gpointer data)
{
  return ac_session_get_state (ac_window_get_session (AC_WINDOW (data))) == AC_SESSION_STATE_EXPIRED &&
         ac_window_get_reauthentication_dialog (AC_WINDOW (data)) != NULL;
}

static gboolean
dialog_open (gpointer name)
{
  return find_dialog (name) != NULL;
}

/* Clients */

static AcClient *
second_client (AcTestEmulator *emu,
               const char     *device_id)
{
  AcClient *client = ac_client_new (ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu));
  GAsyncResult *result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_set_device_id (client, device_id);
  ac_client_sign_in_async (client, DEMO_USER, DEMO_PASSWORD, NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return client;
}

static void
assert_refused (AcClient *client)
{
  GAsyncResult *result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  user = ac_client_get_current_user_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
}

static void
assert_accepted (AcClient *client)
{
  GAsyncResult *result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  user = ac_client_get_current_user_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

static GPtrArray *
list_devices (AcClient *client)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices;

  ac_client_list_devices_async (client, 1, 50, NULL, ac_test_result_cb, &result);
  devices = ac_client_list_devices_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  return devices;
}

static AcDevice *
device_by_id (GPtrArray  *devices,
              const char *id)
{
  for (guint i = 0; i < devices->len; i++)
    if (g_strcmp0 (ac_device_get_device_id (devices->pdata[i]), id) == 0)
      return devices->pdata[i];
  return NULL;
}

static void
wrong_password (AcTestEmulator *emu)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu));
  GAsyncResult *result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_sign_in_async (client, DEMO_USER, "not-the-password", NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_nonnull (error);
}

static void
run_sql (AcTestEmulator *emu,
         const char     *sql)
{
  g_autofree char *path = g_build_filename (ac_test_emulator_get_data_dir (emu), "emulator.db", NULL);
  char *message = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* As the response button does: the response, then the dialog closes. */
static void
respond (const char *dialog_name,
         const char *response)
{
  GtkWidget *dialog;

  shell_wait_until (dialog_open, (gpointer) dialog_name, 10, dialog_name);
  dialog = find_dialog (dialog_name);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (find_dialog (dialog_name));
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Tests */

static void
test_devices (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  g_autoptr(AcDeviceInfo) info = NULL;
  g_autoptr(AcClient) second = NULL;
  g_autoptr(AcClient) third = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  AcClient *app_client;
  AcDevice *listed;
  GtkWidget *page, *this_list, *others_list;
  RowQuery second_row, third_row;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);

  /* The sign-in named this computer: the id of AcDeviceInfo, in x-authing-device-id. */
  info = ac_device_info_load_for_this_device (FALSE, &error);
  g_assert_no_error (error);
  app_client = ac_session_get_client (ac_window_get_session (window));
  g_assert_cmpstr (ac_client_get_device_id (app_client), ==, ac_device_info_get_device_id (info));

  second = second_client (emu, SECOND_DEVICE);
  ac_test_run_for (500);   /* the app's registration, in the background */

  /* At the server: this computer is online (a sign-in named it; a registration alone leaves
   * a device offline), registered as a Desktop with its host name and system. */
  devices = list_devices (second);
  listed = device_by_id (devices, ac_device_info_get_device_id (info));
  g_assert_nonnull (listed);
  g_assert_true (ac_device_get_online (listed));
  g_assert_cmpint (ac_device_get_device_type (listed), ==, AC_DEVICE_TYPE_DESKTOP);
  g_assert_cmpstr (ac_device_get_name (listed), ==, ac_device_info_get_name (info));
  g_assert_cmpstr (ac_device_get_os (listed), ==, ac_device_info_get_os (info));
  g_assert_nonnull (device_by_id (devices, SECOND_DEVICE));

  /* The page: this computer first, on its own; the other client among the others, online. */
  page = ac_window_get_page (window, "devices");
  ac_window_show_page (window, "devices");
  ac_test_run_for (100);
  shell_wait_until (page_idle, page, 30, "the devices");
  this_list = find_one (page, "this-device-list");
  others_list = find_one (page, "other-devices-list");
  g_assert_cmpuint (count_named (this_list, "device-row"), ==, 1);
  g_assert_nonnull (row_with (this_list, "device-row", "device-id", ac_device_info_get_device_id (info)));
  g_assert_nonnull (find_one (this_list, "sign-out-this-device"));
  second_row = (RowQuery) { others_list, "device-row", "device-id", SECOND_DEVICE };
  g_assert_true (row_present (&second_row));
  g_assert_null (row_with (others_list, "device-row", "device-id", ac_device_info_get_device_id (info)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_one (row_with (others_list, "device-row", "device-id", SECOND_DEVICE), "device-state"))),
                   ==, "Online");

  /* Sign the other client out from the app: it shows offline, and its next request is
   * refused (2020); the app goes on. */
  click (find_one (row_with (others_list, "device-row", "device-id", SECOND_DEVICE), "sign-out-device"));
  shell_wait_until (row_offline, &second_row, 30, "the second client offline");
  shell_wait_until (page_idle, page, 30, "the devices after signing one out");
  assert_refused (second);
  g_assert_cmpint (ac_session_get_state (ac_window_get_session (window)), ==, AC_SESSION_STATE_READY);

  /* Sign Out All Other Devices, after its confirmation: the third client is refused, the
   * app's session stays. */
  third = second_client (emu, THIRD_DEVICE);
  ac_page_reload (AC_PAGE (page));
  third_row = (RowQuery) { others_list, "device-row", "device-id", THIRD_DEVICE };
  shell_wait_until (row_present, &third_row, 30, "the third client");
  shell_wait_until (page_idle, page, 30, "the devices with the third client");

  /* A reload rebuilds the rows: the keyboard stays where it was (the same button of the same
   * row), never lost or sent to another page. */
  {
    /* (held: a new button could be made at the address of a freed one) */
    g_autoptr(GtkWidget) button = g_object_ref (find_one (row_with (others_list, "device-row", "device-id", THIRD_DEVICE), "sign-out-device"));
    GtkWidget *focus;
    GtkWidget *focused_row;
    int index;

    g_assert_true (gtk_widget_grab_focus (button));
    index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW)));
    ac_page_reload (AC_PAGE (page));
    g_assert_true (ac_page_get_busy (AC_PAGE (page)));
    shell_wait_until (page_idle, page, 30, "the devices reloaded");
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_nonnull (focus);
    g_assert_null (gtk_widget_get_root (button));   /* the row was rebuilt… */
    g_assert_true (focus != button);
    g_assert_true (gtk_widget_is_ancestor (focus, others_list));   /* …and the focus followed */
    g_assert_cmpstr (gtk_widget_get_name (focus), ==, "sign-out-device");
    focused_row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
    g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focused_row)), ==, index);
  }

  click (find_one (page, "sign-out-others"));
  respond ("sign-out-others-dialog", "sign-out");
  shell_wait_until (row_offline, &third_row, 30, "the third client offline");
  shell_wait_until (page_idle, page, 30, "the devices after signing the others out");
  assert_refused (third);
  assert_accepted (app_client);
  g_assert_false (gtk_widget_get_visible (find_one (page, "sign-out-others")));

  shell_destroy_window (window);
}

static void
test_revoked_elsewhere (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  g_autoptr(AcClient) other = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  const char *app_device;
  GtkWidget *page;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  app_device = ac_client_get_device_id (ac_session_get_client (ac_window_get_session (window)));
  g_assert_nonnull (app_device);

  /* Another client signs this computer out. */
  other = second_client (emu, SECOND_DEVICE);
  ac_client_revoke_device_async (other, app_device, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_revoke_device_finish (other, ac_test_await (&result, 30), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  /* The app's next request (showing the devices) leads to signing in again, not a crash. */
  page = ac_window_get_page (window, "devices");
  ac_window_show_page (window, "devices");
  shell_wait_until (session_expired, window, 30, "the re-sign-in dialog");
  g_assert_cmpstr (ac_window_get_state (window), ==, "account");

  shell_destroy_window (window);
  (void) page;
}

static gboolean
history_has_failed (gpointer page)
{
  return !ac_page_get_busy (AC_PAGE (page)) && count_named (page, "history-row-failed") > 0;
}

/* The pager says page @page of at least 100,000 / 20 pages */
static void
assert_page (GtkWidget *page,
             guint      number)
{
  const char *text = gtk_label_get_text (GTK_LABEL (find_one (page, "history-page-label")));
  guint shown = 0, n_pages = 0;

  g_assert_cmpint (sscanf (text, "Page %u of %u", &shown, &n_pages), ==, 2);
  g_assert_cmpuint (shown, ==, number);
  g_assert_cmpuint (n_pages, >=, 5001);
  g_assert_cmpuint (n_pages, <=, 5010);
}

static void
test_history (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  GtkWidget *page, *dropdown, *row;
  g_autoptr(GPtrArray) failed = NULL;

  /* Two wrong passwords before signing in */
  wrong_password (emu);
  wrong_password (emu);
  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);

  page = ac_window_get_page (window, "history");
  ac_window_show_page (window, "history");
  ac_test_run_for (100);
  shell_wait_until (page_idle, page, 30, "the history");

  /* Newest first: the app's own sign-in, then the two failures. */
  row = find_one (find_one (page, "history-list"), "history-row");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_first_child (find_one (page, "history-list")) == gtk_widget_get_parent (row) ||
                 gtk_list_box_get_row_at_index (GTK_LIST_BOX (find_one (page, "history-list")), 0) == GTK_LIST_BOX_ROW (row));
  g_assert_cmpuint (count_named (page, "history-row-failed"), >=, 2);

  /* Only the failed ones, each with its reason */
  dropdown = find_one (page, "history-filter");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  ac_test_run_for (50);
  shell_wait_until (history_has_failed, page, 30, "the failed attempts");
  g_assert_cmpuint (count_named (page, "history-row"), ==, 0);
  failed = find_all (page, "history-row-failed");
  g_assert_cmpuint (failed->len, >=, 2);
  for (guint i = 0; i < failed->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (failed->pdata[i]));

      g_assert_nonnull (strstr (subtitle, "Reason: "));
      g_assert_null (strstr (subtitle, "Reason: not given"));
    }
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_one (page, "history-page-label"))), ==, "Page 1 of 1");

  /* A hundred thousand old failures: asked for page by page, twenty at a time. */
  run_sql (emu, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
                " INSERT INTO login_history (user_id, login_at, client_ip, success, error_message,"
                "   user_agent, app_id, login_method)"
                " SELECT (SELECT id FROM users WHERE username = 'demo'), 1500000000000 - i, '192.0.2.1', 0,"
                "   'Wrong password (old)', 'curl/8.0', NULL, 'password' FROM n");
  ac_page_reload (AC_PAGE (page));
  ac_test_run_for (50);
  shell_wait_until (page_idle, page, 30, "the long history");
  g_assert_cmpuint (count_named (page, "history-row-failed"), ==, 20);
  assert_page (page, 1);
  click (find_one (page, "history-next"));
  ac_test_run_for (50);
  shell_wait_until (page_idle, page, 30, "the second page");
  assert_page (page, 2);
  g_assert_cmpuint (count_named (page, "history-row-failed"), ==, 20);
  click (find_one (page, "history-previous"));
  ac_test_run_for (50);
  shell_wait_until (page_idle, page, 30, "the first page again");
  assert_page (page, 1);

  shell_destroy_window (window);
}

static void
test_linked_accounts_and_groups (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  AcWindow *window = shell_window_new (NULL);
  GtkWidget *page, *list, *error_label, *groups;
  GtkWidget *github, *wechat;
  RowQuery github_row;
  char *github_idp, *wechat_idp;
  g_autofree char *sql = NULL;

  shell_sign_in (window, emu, DEMO_USER, DEMO_PASSWORD);
  page = ac_window_get_page (window, "devices");
  ac_window_show_page (window, "devices");
  ac_test_run_for (100);
  shell_wait_until (page_idle, page, 30, "the linked accounts");
  list = find_one (page, "identities-list");
  error_label = find_one (page, "identities-error");
  g_assert_cmpuint (count_named (list, "identity-row"), ==, 3);

  /* GitHub: unlinked after the confirmation (a password is left to sign in with). */
  github = NULL;
  wechat = NULL;
  {
    g_autoptr(GPtrArray) rows = find_all (list, "identity-row");
    for (guint i = 0; i < rows->len; i++)
      {
        const char *title = adw_preferences_row_get_title (rows->pdata[i]);
        if (g_strcmp0 (title, "GitHub") == 0)
          github = rows->pdata[i];
        else if (g_strcmp0 (title, "WeChat") == 0)
          wechat = rows->pdata[i];
      }
  }
  g_assert_nonnull (github);
  g_assert_nonnull (wechat);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (github)), "48151623"));
  github_idp = g_strdup (g_object_get_data (G_OBJECT (github), "ext-idp-id"));
  wechat_idp = g_strdup (g_object_get_data (G_OBJECT (wechat), "ext-idp-id"));

  click (find_one (github, "unlink"));
  respond ("unlink-dialog", "unlink");
  github_row = (RowQuery) { list, "identity-row", "ext-idp-id", github_idp };
  shell_wait_until (row_gone, &github_row, 30, "GitHub unlinked");
  shell_wait_until (page_idle, page, 30, "the unlink");
  g_assert_false (gtk_widget_get_visible (error_label));

  /* WeChat made the only way left to sign in (no password, e-mail, phone or other
   * provider): refused, with that reason, and still listed. */
  sql = g_strdup_printf ("UPDATE users SET password_hash = NULL, email = NULL, phone = NULL WHERE username = '%s';"
                         "DELETE FROM identities WHERE user_id = (SELECT id FROM users WHERE username = '%s')"
                         " AND ext_idp_id != '%s';", DEMO_USER, DEMO_USER, wechat_idp);
  run_sql (emu, sql);
  ac_page_reload (AC_PAGE (page));
  ac_test_run_for (100);
  shell_wait_until (page_idle, page, 30, "the linked accounts again");
  g_assert_cmpuint (count_named (list, "identity-row"), ==, 1);
  wechat = find_one (list, "identity-row");
  click (find_one (wechat, "unlink"));
  respond ("unlink-dialog", "unlink");
  shell_wait_until (label_visible, error_label, 30, "the refusal");
  g_test_message ("refusal: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "only way left to sign in"));
  g_assert_cmpuint (count_named (list, "identity-row"), ==, 1);
  shell_wait_until (page_idle, page, 30, "the refused unlink");

  /* Groups, next to organizations and roles */
  groups = ac_window_get_page (window, "groups");
  ac_window_show_page (window, "groups");
  ac_test_run_for (100);
  shell_wait_until (page_idle, groups, 30, "the groups");
  g_assert_cmpuint (count_named (groups, "group-row"), ==, 4);
  {
    GtkWidget *first = find_one (groups, "group-row");
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "身份与访问管理组成员");
  }

  g_free (github_idp);
  g_free (wechat_idp);
  shell_destroy_window (window);
}


static gboolean
session_ready (gpointer session)
{
  return ac_session_get_state (session) == AC_SESSION_STATE_READY;
}

/* Signs @session in as @account and returns the devices of that account, as another client
 * sees them once the session registered this computer. */
static GPtrArray *
kiosk_sign_in (AcSession      *session,
               AcTestEmulator *emu,
               const char     *account,
               const char     *password)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcClient) other = NULL;
  GPtrArray *devices;

  ac_session_sign_in_async (session, ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu),
                            account, password, FALSE, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_session_sign_in_finish (session, ac_test_await (&result, 30), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  shell_wait_until (session_ready, session, 30, "the kiosk session");
  ac_test_run_for (500);

  other = ac_client_new (ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu));
  ac_client_sign_in_async (other, account, password, NULL, ac_test_result_cb, &result);
  g_clear_error (&error);
  {
    g_autoptr(AcUserInfo) user = ac_client_sign_in_finish (other, ac_test_await (&result, 30), &error);
    g_assert_no_error (error);
  }
  g_clear_object (&result);
  devices = list_devices (other);
  return devices;
}

/* Kiosk mode: the terminal is one device, named so, in the list of everyone who signs in on
 * it; the policy switching kiosk mode renames the next sign-ins' device. */
static void
test_kiosk_shared_terminal (void)
{
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (NULL);
  g_autoptr(AcSession) session = ac_session_new ();
  g_autoptr(AcPolicy) policy = ac_policy_new (NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  AcDeviceInfo *device;
  AcDevice *listed;
  g_autofree char *device_id = NULL;

  ac_this_device_attach (session, policy);
  device = ac_session_get_device_info (session);
  g_assert_nonnull (device);
  g_assert_false (ac_device_info_get_shared_terminal (device));
  device_id = g_strdup (ac_device_info_get_device_id (device));

  ac_policy_set_kiosk_requested (policy, TRUE);
  device = ac_session_get_device_info (session);
  g_assert_true (ac_device_info_get_shared_terminal (device));
  g_assert_cmpstr (ac_device_info_get_device_id (device), ==, device_id);
  g_assert_true (g_str_has_prefix (ac_device_info_get_name (device), "Shared terminal ("));

  first = kiosk_sign_in (session, emu, DEMO_USER, DEMO_PASSWORD);
  listed = device_by_id (first, device_id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (ac_device_get_name (listed), ==, ac_device_info_get_name (device));
  g_assert_true (ac_device_get_online (listed));
  ac_session_sign_out (session);
  ac_test_run_for (300);

  /* The next person on the same terminal: the same device, in their own list */
  second = kiosk_sign_in (session, emu, "wangwei", "123456");
  listed = device_by_id (second, device_id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (ac_device_get_name (listed), ==, ac_device_info_get_name (device));
  g_assert_true (ac_device_get_online (listed));

  ac_session_close (session);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/devices/sign-out-others", test_devices);
  g_test_add_func ("/ui/devices/revoked-elsewhere", test_revoked_elsewhere);
  g_test_add_func ("/ui/devices/history", test_history);
  g_test_add_func ("/ui/devices/linked-accounts-and-groups", test_linked_accounts_and_groups);
  g_test_add_func ("/ui/devices/kiosk-shared-terminal", test_kiosk_shared_terminal);

  return g_test_run ();
}
