/* shell-test-util.h: helpers of the shell and editing page tests (a real AcWindow under Xvfb
 * against a real authing-emulator)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ac-test-emulator.h"
#include "ac-account-center.h"
#include "ac-delete-dialog.h"
#include "ac-reauth-dialog.h"
#include "ac-window.h"

#define DEMO_USER "demo"
#define DEMO_PASSWORD "demo1234"

typedef gboolean (*ShellCondition) (gpointer data);

/* Runs the main loop until cond (data) holds; fails the test after timeout_s seconds. */
static inline void
shell_wait_until (ShellCondition  cond,
                  gpointer        data,
                  guint           timeout_s,
                  const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static inline AcTestEmulator *
shell_start_emulator (const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  const char *pool = g_getenv ("AC_DEMO_POOL");
  AcTestEmulator *emu;

  g_assert_nonnull (pool);
  emu = ac_test_emulator_start (pool, extra_args, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emu);
  return emu;
}

/* The application, registered once per test program on the test's own session bus, so that
 * windows get GSettings. Returns a new reference. */
static inline AcAccountCenter *
shell_app_new (void)
{
  static AcAccountCenter *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = ac_account_center_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

static inline gboolean
shell_state_is_account (gpointer data)
{
  return g_strcmp0 (ac_window_get_state (AC_WINDOW (data)), "account") == 0;
}

static inline gboolean
shell_state_is_sign_in (gpointer data)
{
  return g_strcmp0 (ac_window_get_state (AC_WINDOW (data)), "sign-in") == 0 &&
         !ac_sign_in_page_get_busy (ac_window_get_sign_in_page (AC_WINDOW (data)));
}

static inline AcWindow *
shell_window_new (AcAccountCenter *app)
{
  AcWindow *window = ac_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Signs the window in and waits until every page is loaded. */
static inline void
shell_sign_in (AcWindow       *window,
               AcTestEmulator *emu,
               const char     *account,
               const char     *password)
{
  ac_window_sign_in (window, ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu),
                     account, password, FALSE);
  shell_wait_until (shell_state_is_account, window, 30, "the signed-in window");
}

/* A separate client, signed in the same way as the app: to check what the server stored. */
static inline AcClient *
shell_fresh_client (AcTestEmulator *emu,
                    const char     *account,
                    const char     *password)
{
  AcClient *client = ac_client_new (ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu));
  GAsyncResult *result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_sign_in_async (client, account, password, NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return client;
}

static inline AcUserInfo *
shell_fetch_user (AcClient *client)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  AcUserInfo *user;

  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  user = ac_client_get_current_user_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

static inline void
shell_destroy_window (AcWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static inline gboolean
shell_toast_is (AcWindow   *window,
                const char *title)
{
  return g_strcmp0 (ac_window_get_last_toast (window), title) == 0;
}

/* Common start of every test program. */
static inline void
shell_test_init (int    *argc,
                 char ***argv)
{
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}
