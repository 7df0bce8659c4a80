/* test-client-session.c: token expiry mid-session, refreshing ahead of expiry, cancellation
 * before and during a request, and objects destroyed while a request is in flight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "client-util.h"
#include "ac-client-private.h"

static void
count_signal_cb (gpointer instance,
                 guint   *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Expiry ------------------------------------------------------------------------------------- */

static void
test_expired_mid_session (void)
{
  const char *args[] = { "--token-ttl", "2", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  guint expired = 0;

  g_object_set (client, "auto-refresh", FALSE, NULL);
  g_signal_connect (client, "session-expired", G_CALLBACK (count_signal_cb), &expired);

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_no_error (error);
  }

  ac_test_run_for (3000);
  g_assert_true (ac_client_get_signed_in (client));

  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_null (user);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
    g_assert_nonnull (strstr (error->message, "expired"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (expired, ==, 1);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_token (client));
  /* the user stays, so the sign-in page can offer the same account */
  g_assert_nonnull (ac_client_get_user (client));
  g_assert_cmpstr (ac_user_info_get_username (ac_client_get_user (client)), ==, "alice");

  /* without a token there is nothing more to expire */
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
    g_clear_error (&error);
  }
  g_assert_cmpuint (expired, ==, 1);

  /* sign in again and retry the same request */
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  }
}

static void
test_refresh_ahead_timer (void)
{
  const char *args[] = { "--token-ttl", "4", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_token = NULL;
  g_autoptr(GDateTime) first_expiry = NULL;
  guint expired = 0;
  guint token_notifies = 0;

  g_assert_true (ac_client_get_signed_in (client) == FALSE);
  g_signal_connect (client, "session-expired", G_CALLBACK (count_signal_cb), &expired);

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  first_token = g_strdup (ac_client_get_token (client));
  first_expiry = g_date_time_ref (ac_client_get_token_expires_at (client));
  g_signal_connect (client, "notify::token", G_CALLBACK (count_notify_cb), &token_notifies);

  /* half way through the lifetime the client refreshes on its own */
  ac_test_run_for (3000);
  g_assert_cmpuint (token_notifies, >=, 1);
  g_assert_cmpstr (ac_client_get_token (client), !=, first_token);
  g_assert_cmpint (g_date_time_compare (ac_client_get_token_expires_at (client), first_expiry), >, 0);

  /* well past the first token's expiry, the session lives on */
  ac_test_run_for (3000);
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  }
  g_assert_cmpuint (expired, ==, 0);
  g_assert_true (ac_client_get_signed_in (client));
}

static void
test_refresh_before_request (void)
{
  const char *args[] = { "--token-ttl", "6", "--latency", "400", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_token = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  gint64 start, elapsed;

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  first_token = g_strdup (ac_client_get_token (client));

  /* Block the main loop (as a suspended laptop would): the refresh timer cannot fire. */
  g_usleep (3500 * 1000);

  /* The token is close to its expiry: the request refreshes it first, then goes out with the
   * new one, so it takes two round trips. */
  start = g_get_monotonic_time ();
  user = current_user (client, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  g_assert_cmpstr (ac_client_get_token (client), !=, first_token);
  g_test_message ("refresh + request took %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 2 * 380 * 1000);
}

static void
test_refresh_joined_and_raced (void)
{
  const char *args[] = { "--latency", "300", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);

  /* two refreshes at once share one request and one new token */
  {
    g_autoptr(GAsyncResult) r1 = NULL;
    g_autoptr(GAsyncResult) r2 = NULL;
    g_autofree char *old = g_strdup (ac_client_get_token (client));

    ac_client_refresh_token_async (client, NULL, ac_test_result_cb, &r1);
    ac_client_refresh_token_async (client, NULL, ac_test_result_cb, &r2);
    ac_test_await (&r1, AWAIT_S);
    ac_test_await (&r2, AWAIT_S);
    g_assert_true (ac_client_refresh_token_finish (client, r1, &error));
    g_assert_true (ac_client_refresh_token_finish (client, r2, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (ac_client_get_token (client), !=, old);
  }

  /* signing out while a refresh is under way: the refreshed token must not come back */
  {
    g_autoptr(GAsyncResult) result = NULL;

    ac_client_refresh_token_async (client, NULL, ac_test_result_cb, &result);
    ac_client_forget_session (client);
    ac_test_await (&result, AWAIT_S);
    ac_client_refresh_token_finish (client, result, NULL);
    ac_test_run_for (100);
    g_assert_false (ac_client_get_signed_in (client));
    g_assert_null (ac_client_get_token (client));
    g_assert_null (ac_client_get_user (client));
  }
}

/* Cancellation ------------------------------------------------------------------------------- */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during (void)
{
  const char *args[] = { "--latency", "1000", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  AcUserInfo *before = ac_client_get_user (client);
  gint64 start = g_get_monotonic_time ();

  ac_client_get_current_user_async (client, cancellable, ac_test_result_cb, &result);
  g_timeout_add (150, cancel_cb, cancellable);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_get_current_user_finish (client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (user);
  /* it did not wait for the answer */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 800 * 1000);
  /* nothing changed */
  g_assert_true (ac_client_get_user (client) == before);
  g_assert_true (ac_client_get_signed_in (client));

  /* the client still works afterwards */
  g_clear_error (&error);
  g_clear_object (&user);
  user = current_user (client, &error);
  g_assert_no_error (error);
}

static void
test_cancel_sign_in_half_way (void)
{
  const char *args[] = { "--latency", "800", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  /* .well-known answers after 800 ms; cancel while login/account is on its way */
  _ac_client_forget_public_keys ();
  ac_client_sign_in_async (client, "alice", "alice-pass-1", cancellable, ac_test_result_cb, &result);
  g_timeout_add (1200, cancel_cb, cancellable);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_sign_in_finish (client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (user);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user (client));
}

/* The public key -------------------------------------------------------------------------- */

/* How many lines of the emulator's --request-log start with @request ("GET /api/v2/.well-known") */
static guint
count_requests (const char *log_path,
                const char *request)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return 0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], request) && lines[i][strlen (request)] == ' ')
      count++;

  return count;
}

/* The emulator writes a line once the answer went out, so the client may see the answer first:
 * wait for @expected lines (5 s at most), then a little more for any that should not be there. */
static void
assert_requests (const char *log_path,
                 const char *request,
                 guint       expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (count_requests (log_path, request) < expected && g_get_monotonic_time () < deadline)
    ac_test_run_for (20);
  ac_test_run_for (100);

  g_assert_cmpuint (count_requests (log_path, request), ==, expected);
}

#define WELL_KNOWN "GET /api/v2/.well-known"
#define LOGIN      "POST /api/v2/login/account"
#define ME         "GET /api/v2/users/me"

static AcTestEmulator *
start_logged_emulator (char **log_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ac-test-log-XXXXXX", &error);
  const char *args[] = { "--request-log", NULL, NULL };

  g_assert_no_error (error);
  *log_path = g_build_filename (dir, "requests.log", NULL);
  args[1] = *log_path;

  return start_emulator (args);
}

static void
remove_log (char *log_path)
{
  g_autofree char *dir = g_path_get_dirname (log_path);

  g_unlink (log_path);
  g_rmdir (dir);
  g_free (log_path);
}

static void
test_public_key_kept (void)
{
  g_autofree char *log_path = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;

  _ac_client_forget_public_keys ();
  emulator = start_logged_emulator (&log_path);

  /* two clients (the app makes one per sign-in), and one of them twice */
  {
    g_autoptr(AcClient) first = client_for (emulator);
    g_autoptr(AcClient) second = client_for (emulator);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcUserInfo) user = NULL;

    sign_in (first, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    sign_in (first, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);

    ac_client_sign_in_async (second, "bob", "Bob12345678Secure", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    user = ac_client_sign_in_finish (second, result, &error);
    g_assert_no_error (error);

    /* the result is the whole user of the login answer, also the client's user */
    g_assert_nonnull (user);
    g_assert_true (user == ac_client_get_user (second));
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "bob");
    g_assert_nonnull (ac_user_info_get_id (user));
    g_assert_nonnull (ac_user_info_get_user_pool_id (user));
    g_assert_cmpstr (ac_user_info_get_email (user), !=, NULL);
  }

  assert_requests (log_path, WELL_KNOWN, 1);
  assert_requests (log_path, LOGIN, 3);
  assert_requests (log_path, ME, 0);

  /* a wrong password with a kept key: the key is fetched again (it might have changed), it did
   * not, so the login is not tried a second time */
  {
    g_autoptr(AcClient) client = client_for (emulator);

    sign_in (client, "alice", "not-her-password", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
    g_clear_error (&error);
    g_assert_false (ac_client_get_signed_in (client));
    assert_requests (log_path, WELL_KNOWN, 2);
    assert_requests (log_path, LOGIN, 4);

    /* the key is still kept */
    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    assert_requests (log_path, WELL_KNOWN, 2);
    assert_requests (log_path, LOGIN, 5);
  }

  /* a wrong password with a freshly fetched key is simply wrong */
  _ac_client_forget_public_keys ();
  {
    g_autoptr(AcClient) client = client_for (emulator);

    sign_in (client, "alice", "not-her-password", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
    g_clear_error (&error);
    assert_requests (log_path, WELL_KNOWN, 3);
    assert_requests (log_path, LOGIN, 6);
  }

  ac_test_emulator_free (g_steal_pointer (&emulator));
  remove_log (g_steal_pointer (&log_path));
}

static void
test_public_key_rotated (void)
{
  g_autofree char *log_path = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *new_key = NULL;

  _ac_client_forget_public_keys ();
  emulator = start_logged_emulator (&log_path);

  {
    g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  }
  assert_requests (log_path, WELL_KNOWN, 1);
  assert_requests (log_path, LOGIN, 1);

  /* The server gets a new key: same address, same users, the key file made anew. */
  key_path = g_build_filename (ac_test_emulator_get_data_dir (emulator), "rsa-private-key.pem", NULL);
  g_assert_true (g_file_get_contents (key_path, &old_key, NULL, NULL));
  g_assert_cmpint (ac_test_emulator_stop (emulator), ==, 0);
  g_assert_cmpint (g_unlink (key_path), ==, 0);
  g_assert_true (ac_test_emulator_restart (emulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (key_path, &new_key, NULL, NULL));
  g_assert_cmpstr (old_key, !=, new_key);

  /* the kept key is refused, the new one is fetched, and the login goes through with it */
  {
    g_autoptr(AcClient) client = client_for (emulator);

    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    g_assert_true (ac_client_get_signed_in (client));
  }
  assert_requests (log_path, WELL_KNOWN, 2);
  assert_requests (log_path, LOGIN, 3);

  /* and the new key is the one kept */
  {
    g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  }
  assert_requests (log_path, WELL_KNOWN, 2);
  assert_requests (log_path, LOGIN, 4);

  ac_test_emulator_free (g_steal_pointer (&emulator));
  remove_log (g_steal_pointer (&log_path));
}

/* The key is also kept on disk, so that a new process (the app started again) signs in with one
 * round trip. Each step below that needs a new process runs in a g_test_trap_subprocess() child,
 * which has an empty memory but the same cache folder. */
static char *
kept_key_path (AcTestEmulator *emulator)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                         ac_test_emulator_get_url (emulator), -1);
  g_autofree char *name = g_strconcat (hash, ".pem", NULL);

  return g_build_filename (g_get_user_cache_dir (), "account-center", "public-keys", name, NULL);
}

static void
test_public_key_on_disk_child (void)
{
  const char *url = g_getenv ("AC_TEST_KEY_URL");
  const char *app_id = g_getenv ("AC_TEST_KEY_APP");
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /client/sign-in/public-key-on-disk");
      return;
    }

  g_assert_nonnull (url);
  client = ac_client_new (url, app_id);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  g_assert_true (ac_client_get_signed_in (client));
}

/* Signs in from a new process */
static void
sign_in_in_new_process (void)
{
  g_test_trap_subprocess ("/client/sign-in/public-key-on-disk/child", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_public_key_on_disk (void)
{
  g_autofree char *log_path = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *published = NULL;
  GStatBuf st;

  _ac_client_forget_public_keys ();
  emulator = start_logged_emulator (&log_path);
  path = kept_key_path (emulator);
  g_setenv ("AC_TEST_KEY_URL", ac_test_emulator_get_url (emulator), TRUE);
  g_setenv ("AC_TEST_KEY_APP", ac_test_emulator_get_app_id (emulator), TRUE);

  /* the first sign-in fetches the key and keeps it on disk, private to the user */
  {
    g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  }
  assert_requests (log_path, WELL_KNOWN, 1);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_true (g_str_has_prefix (kept, "-----BEGIN "));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *dir = g_path_get_dirname (path);

    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  /* a new process signs in with the kept key: one round trip */
  sign_in_in_new_process ();
  assert_requests (log_path, WELL_KNOWN, 1);
  assert_requests (log_path, LOGIN, 2);

  /* a damaged file is not a key: ignored, the key fetched and kept again */
  g_assert_true (g_file_set_contents (path, "not a key\n\x01\x02", -1, &error));
  g_assert_no_error (error);
  sign_in_in_new_process ();
  assert_requests (log_path, WELL_KNOWN, 2);
  assert_requests (log_path, LOGIN, 3);
  g_clear_pointer (&published, g_free);
  g_assert_true (g_file_get_contents (path, &published, NULL, NULL));
  g_assert_cmpstr (published, ==, kept);

  /* a file that looks like a key but cannot encrypt: the key is fetched again, not an error */
  g_assert_true (g_file_set_contents (path, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                                      -1, &error));
  g_assert_no_error (error);
  sign_in_in_new_process ();
  assert_requests (log_path, WELL_KNOWN, 3);
  assert_requests (log_path, LOGIN, 4);
  g_clear_pointer (&published, g_free);
  g_assert_true (g_file_get_contents (path, &published, NULL, NULL));
  g_assert_cmpstr (published, ==, kept);

  /* a refused login with the kept key removes it from disk when the server's key is new: the
   * server restarts with a new key, the kept one is refused, the new one fetched and kept */
  {
    g_autofree char *server_key_path = g_build_filename (ac_test_emulator_get_data_dir (emulator),
                                                         "rsa-private-key.pem", NULL);

    g_assert_cmpint (ac_test_emulator_stop (emulator), ==, 0);
    g_assert_cmpint (g_unlink (server_key_path), ==, 0);
    g_assert_true (ac_test_emulator_restart (emulator, NULL, &error));
    g_assert_no_error (error);
  }
  sign_in_in_new_process ();
  assert_requests (log_path, WELL_KNOWN, 4);
  assert_requests (log_path, LOGIN, 6);
  g_clear_pointer (&published, g_free);
  g_assert_true (g_file_get_contents (path, &published, NULL, NULL));
  g_assert_cmpstr (published, !=, kept);

  /* tests that count requests forget the kept keys, on disk too */
  _ac_client_forget_public_keys ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_unsetenv ("AC_TEST_KEY_URL");
  g_unsetenv ("AC_TEST_KEY_APP");
  ac_test_emulator_free (g_steal_pointer (&emulator));
  remove_log (g_steal_pointer (&log_path));
}

/* A page-like owner: cancels its cancellable in dispose, and its callback must then see
 * G_IO_ERROR_CANCELLED before touching anything. */
typedef struct
{
  GObject      *owner;         /* weak */
  GCancellable *cancellable;
  gboolean      called;
  gboolean      cancelled;
  gboolean      owner_alive;
} Page;

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Page *page = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  page->called = TRUE;
  user = ac_client_get_current_user_finish (AC_CLIENT (object), result, &error);
  page->cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  page->owner_alive = page->owner != NULL;
}

static gboolean
dispose_owner_cb (gpointer user_data)
{
  Page *page = user_data;

  g_cancellable_cancel (page->cancellable);
  g_object_unref (page->owner);
  return G_SOURCE_REMOVE;
}

static void
test_owner_disposed_during (void)
{
  const char *args[] = { "--latency", "800", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  Page page = { 0 };

  page.owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_add_weak_pointer (page.owner, (gpointer *) &page.owner);
  page.cancellable = g_cancellable_new ();

  ac_client_get_current_user_async (client, page.cancellable, page_loaded_cb, &page);
  g_timeout_add (100, dispose_owner_cb, &page);

  while (!page.called)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (page.cancelled);
  g_assert_false (page.owner_alive);
  g_object_unref (page.cancellable);
}

static void
test_client_dropped_during (void)
{
  const char *args[] = { "--latency", "600", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  AcClient *client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);

  /* the caller drops its only reference with a request in flight: the request holds the
   * client until it completes, the callback sees a live client, then it is finalized */
  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  g_object_unref (client);
  g_assert_nonnull (client);

  ac_test_await (&result, AWAIT_S);
  g_assert_nonnull (client);
  user = ac_client_get_current_user_finish (AC_CLIENT (g_async_result_get_source_object (result)),
                                            result, &error);
  /* get_source_object returned a new reference */
  g_object_unref (client);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");

  g_clear_object (&result);
  ac_test_run_for (50);
  g_assert_null (client);
}

static void
test_client_dropped_with_refresh_timer (void)
{
  const char *args[] = { "--token-ttl", "2", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  AcClient *client = signed_in_client (emulator, "alice", "alice-pass-1");

  /* a pending refresh timer holds no reference and dies with the client */
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  g_object_unref (client);
  g_assert_null (client);
  ac_test_run_for (2500);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/session/expired-mid-session", test_expired_mid_session);
  g_test_add_func ("/client/session/refresh-ahead-timer", test_refresh_ahead_timer);
  g_test_add_func ("/client/session/refresh-before-request", test_refresh_before_request);
  g_test_add_func ("/client/session/refresh-joined-and-raced", test_refresh_joined_and_raced);
  g_test_add_func ("/client/sign-in/public-key-kept", test_public_key_kept);
  g_test_add_func ("/client/sign-in/public-key-rotated", test_public_key_rotated);
  g_test_add_func ("/client/sign-in/public-key-on-disk", test_public_key_on_disk);
  g_test_add_func ("/client/sign-in/public-key-on-disk/child", test_public_key_on_disk_child);
  g_test_add_func ("/client/cancel/during", test_cancel_during);
  g_test_add_func ("/client/cancel/sign-in-half-way", test_cancel_sign_in_half_way);
  g_test_add_func ("/client/cancel/owner-disposed-during", test_owner_disposed_during);
  g_test_add_func ("/client/lifetime/dropped-during-request", test_client_dropped_during);
  g_test_add_func ("/client/lifetime/dropped-with-refresh-timer", test_client_dropped_with_refresh_timer);

  return g_test_run ();
}
