/* test-demo.c: account-center --demo starts the bundled emulator, signs in as the demo user,
 * says so in the window, shows the codes the emulator "sends" as toasts, and stops the
 * emulator and removes its data when it quits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"

typedef struct
{
  AcAccountCenter *app;
  char            *url;
  char            *data_dir;
  gboolean         signed_in;
  gboolean         demo_shown;
  gboolean         code_asked;
  char            *code_toast;
  guint            ticks;
} Run;

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ac_account_send_code_finish (AC_ACCOUNT (object), result, &error));
  g_assert_no_error (error);
}

static gboolean
check_cb (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  if (++run->ticks > 600)
    {
      g_test_message ("the demo did not sign in within 60 s");
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (!AC_IS_WINDOW (window) || g_strcmp0 (ac_window_get_state (AC_WINDOW (window)), "account") != 0)
    return G_SOURCE_CONTINUE;

  /* A code to a new address: the emulator's outbox line becomes a toast. */
  if (!run->code_asked)
    {
      run->code_asked = TRUE;
      ac_account_send_code_async (ac_session_get_account (ac_window_get_session (AC_WINDOW (window))),
                                  AC_CODE_CHANNEL_EMAIL, "new-demo@example.com", NULL,
                                  AC_EMAIL_SCENE_CHANGE_EMAIL, NULL, code_sent_cb, NULL);
      return G_SOURCE_CONTINUE;
    }
  if (ac_window_get_last_toast (AC_WINDOW (window)) == NULL ||
      !g_str_has_prefix (ac_window_get_last_toast (AC_WINDOW (window)), "Message to "))
    return G_SOURCE_CONTINUE;
  run->code_toast = g_strdup (ac_window_get_last_toast (AC_WINDOW (window)));

  run->signed_in = TRUE;
  run->demo_shown = ac_window_get_demo (AC_WINDOW (window));
  run->url = g_strdup (ac_demo_server_get_url (ac_account_center_get_demo_server (run->app)));
  run->data_dir = g_strdup (ac_demo_server_get_data_dir (ac_account_center_get_demo_server (run->app)));
  g_assert_cmpstr (ac_client_get_host (ac_session_get_client (ac_window_get_session (AC_WINDOW (window)))), ==, run->url);
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (ac_session_get_account (ac_window_get_session (AC_WINDOW (window))))), ==, DEMO_USER);
  g_assert_true (g_file_test (run->data_dir, G_FILE_TEST_IS_DIR));
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_demo (void)
{
  Run run = { 0 };
  char *argv[] = { (char *) "account-center", (char *) "--demo", NULL };
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  int status;

  run.app = ac_account_center_new ();
  g_application_set_flags (G_APPLICATION (run.app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (100, check_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), 2, argv);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (run.signed_in);
  g_assert_true (run.demo_shown);
  g_test_message ("toast: %s", run.code_toast);
  g_assert_true (g_str_has_prefix (run.code_toast, "Message to new-demo@example.com: your code is "));
  g_assert_true (g_str_has_suffix (run.code_toast, " (demo server)"));
  g_assert_cmpuint (strlen (run.code_toast), ==,
                    strlen ("Message to new-demo@example.com: your code is 123456 (demo server)"));
  g_assert_nonnull (run.url);
  g_assert_true (g_str_has_prefix (run.url, "http://127.0.0.1:"));

  /* After quitting: the emulator is gone, and so is its data folder. */
  g_assert_false (g_file_test (run.data_dir, G_FILE_TEST_EXISTS));
  uri = g_uri_parse (run.url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  g_clear_object (&run.app);
  g_free (run.url);
  g_free (run.data_dir);
  g_free (run.code_toast);
}

static void
test_outbox_lines (void)
{
  static const struct { const char *line, *to, *code; } cases[] = {
    { "outbox: sms +86 13800000000 code 123456", "+86 13800000000", "123456" },
    { "outbox: sms 13800000000 code 654321", "13800000000", "654321" },
    { "outbox: email a@example.com code 000111 (CHANGE_EMAIL)", "a@example.com", "000111" },
    { "listening on http://127.0.0.1:1234", NULL, NULL },
    { "outbox: fax 1234 code 1", NULL, NULL },
    { "outbox: sms code", NULL, NULL },
    { "outbox: ", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *to = NULL;
      g_autofree char *code = NULL;
      gboolean ok = ac_demo_server_parse_outbox_line (cases[i].line, &to, &code);

      g_assert_cmpint (ok, ==, cases[i].to != NULL);
      g_assert_cmpstr (to, ==, cases[i].to);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

static gboolean
check_options_cb (gpointer user_data)
{
  AcAccountCenter *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AcSignInPage *page;

  if (!AC_IS_WINDOW (window))
    return G_SOURCE_CONTINUE;

  page = ac_window_get_sign_in_page (AC_WINDOW (window));
  g_assert_cmpstr (ac_window_get_state (AC_WINDOW (window)), ==, "sign-in");
  g_assert_cmpstr (ac_sign_in_page_get_host (page), ==, "https://example.authing.cn");
  g_assert_cmpstr (ac_sign_in_page_get_app_id (page), ==, "app-from-the-command-line");
  g_assert_true (ac_policy_get_kiosk (ac_account_center_get_policy (app)));
  g_assert_false (ac_account_center_get_demo (app));
  g_object_set_data (G_OBJECT (app), "checked", GINT_TO_POINTER (1));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
test_command_line (void)
{
  g_autoptr(AcAccountCenter) app = ac_account_center_new ();
  char *argv[] = { (char *) "account-center", (char *) "--host", (char *) "https://example.authing.cn",
                   (char *) "--app-id", (char *) "app-from-the-command-line", (char *) "--kiosk", NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (100, check_options_cb, app);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 6, argv), ==, 0);
  g_assert_nonnull (g_object_get_data (G_OBJECT (app), "checked"));
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/demo/start-sign-in-stop", test_demo);
  g_test_add_func ("/ui/app/command-line", test_command_line);
  g_test_add_func ("/ui/demo/outbox-lines", test_outbox_lines);

  return g_test_run ();
}
