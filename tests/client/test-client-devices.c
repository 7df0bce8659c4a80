/* test-client-devices.c: AcClient's devices, sign-in history, applications signed in to, linked
 * accounts and groups (protocol-security.md §6, §7) against a real emulator, and the v3
 * envelope's error shapes against a server of canned answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "client-util.h"

static AcTestEmulator *emulator;

#define ALICE "alice", "Alice-pass-2024"
#define BOB "bob", "Bob-pass-2024"
#define ALICE_APP "d00000000000000000000a01"
#define CAROL_ID "d000000000000000000000c3"

typedef struct
{
  guint expired;
} Counters;

static void
session_expired_cb (AcClient *client,
                    Counters *counters)
{
  counters->expired++;
}

static AcClient *
device_client (const char *device_id)
{
  AcClient *client = client_for (emulator);

  ac_client_set_device_id (client, device_id);
  return client;
}

static AcClient *
signed_in_device_client (const char *device_id,
                         const char *account,
                         const char *password)
{
  g_autoptr(GError) error = NULL;
  AcClient *client = device_client (device_id);

  sign_in (client, account, password, &error);
  g_assert_no_error (error);
  return client;
}

/* Synchronous wrappers --------------------------------------------------------------------- */

static GPtrArray *
list_devices (AcClient  *client,
              guint      page,
              guint      limit,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_devices_async (client, page, limit, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_devices_finish (client, result, error);
}

static AcDevice *
find_device (GPtrArray  *devices,
             const char *device_id)
{
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    if (g_strcmp0 (ac_device_get_device_id (devices->pdata[i]), device_id) == 0)
      return devices->pdata[i];
  return NULL;
}

/* The device as listed to @client (NULL when it is not listed) */
static AcDevice *
listed_device (AcClient   *client,
               const char *device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = list_devices (client, 1, AC_CLIENT_DEVICES_MAX_LIMIT, &error);
  AcDevice *device;

  g_assert_no_error (error);
  device = find_device (devices, device_id);
  return device != NULL ? g_object_ref (device) : NULL;
}

static gboolean
revoke_device (AcClient   *client,
        const char *device_id,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_revoke_device_async (client, device_id, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_revoke_device_finish (client, result, error);
}

static gboolean
unbind (AcClient   *client,
        const char *device_id,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_unbind_device_async (client, device_id, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_unbind_device_finish (client, result, error);
}

static AcDevice *
register_device (AcClient      *client,
                 AcDeviceInfo  *info,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_register_device_async (client, info, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_register_device_finish (client, result, error);
}

static GPtrArray *
history (AcClient             *client,
         guint                 page,
         guint                 limit,
         AcLoginResultFilter   filter,
         GDateTime            *start,
         GDateTime            *end,
         guint                *total,
         GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_login_history_async (client, page, limit, filter, start, end, NULL,
                                      ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_login_history_finish (client, result, total, error);
}

static GPtrArray *
logged_in_apps (AcClient *client,
                GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_logged_in_apps_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_logged_in_apps_finish (client, result, error);
}

static GPtrArray *
identities (AcClient *client,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_identities_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_identities_finish (client, result, error);
}

static gboolean
unlink_identity (AcClient   *client,
                 const char *ext_idp_id,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_unlink_identity_async (client, ext_idp_id, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_unlink_identity_finish (client, result, error);
}

static GPtrArray *
groups (AcClient *client,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_groups_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_groups_finish (client, result, error);
}

/* Devices ----------------------------------------------------------------------------------- */

static void
test_sign_in_names_the_device (void)
{
  g_autoptr(AcClient) client = signed_in_device_client ("laptop-0001", ALICE);
  g_autoptr(AcDevice) device = listed_device (client, "laptop-0001");
  g_autoptr(AcClient) anonymous = signed_in_client (emulator, ALICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = list_devices (anonymous, 1, AC_CLIENT_DEVICES_MAX_LIMIT, &error);
  guint derived = 0;

  g_assert_nonnull (device);
  g_assert_true (ac_device_get_online (device));
  g_assert_cmpint (ac_device_get_device_type (device), ==, AC_DEVICE_TYPE_DESKTOP);
  g_assert_cmpstr (ac_device_get_status (device), ==, "activated");
  g_assert_cmpstr (ac_device_get_last_ip (device), ==, "127.0.0.1");
  g_assert_nonnull (ac_device_get_last_login_time (device));
  /* the service names it from the user agent until it is registered */
  g_assert_nonnull (strstr (ac_device_get_name (device), "AccountCenter"));

  /* without a device id, the service makes a device from the user agent */
  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    if (g_str_has_prefix (ac_device_get_device_id (devices->pdata[i]), "ua-"))
      derived++;
  g_assert_cmpuint (derived, ==, 1);
}

/* The scenario of the issue: signed in twice from two clients; one signs the other out; the
 * other's next request is refused and ends its session. */
static void
test_revoke_the_other (void)
{
  g_autoptr(AcClient) mine = signed_in_device_client ("dev-mine", ALICE);
  g_autoptr(AcClient) other = signed_in_device_client ("dev-other", ALICE);
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcDevice) before = listed_device (mine, "dev-other");
  g_autoptr(AcDevice) after = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  Counters mine_counters = { 0 }, other_counters = { 0 };

  g_signal_connect (mine, "session-expired", G_CALLBACK (session_expired_cb), &mine_counters);
  g_signal_connect (other, "session-expired", G_CALLBACK (session_expired_cb), &other_counters);

  g_assert_nonnull (before);
  g_assert_true (ac_device_get_online (before));

  g_assert_true (revoke_device (mine, "dev-other", &error));
  g_assert_no_error (error);

  /* its next request (v2) is refused and ends its session */
  user = current_user (other, &error);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_true (ac_error_is_session_error (error));
  g_assert_cmpuint (other_counters.expired, ==, 1);
  g_assert_false (ac_client_get_signed_in (other));
  g_clear_error (&error);

  /* the device shows offline at once; this client goes on */
  after = listed_device (mine, "dev-other");
  g_assert_nonnull (after);
  g_assert_false (ac_device_get_online (after));
  user = current_user (mine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine_counters.expired, ==, 0);

  /* the same through a v3 request: sign in again, be signed out, list devices */
  sign_in (other, ALICE, &error);
  g_assert_no_error (error);
  g_assert_true (revoke_device (mine, "dev-other", &error));
  devices = list_devices (other, 1, 10, &error);
  g_assert_null (devices);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpuint (other_counters.expired, ==, 2);
  g_assert_false (ac_client_get_signed_in (other));
  g_assert_true (ac_client_get_signed_in (mine));
}

static void
test_revoke_this_device (void)
{
  g_autoptr(AcClient) client = signed_in_device_client ("dev-self", ALICE);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  Counters counters = { 0 };

  g_signal_connect (client, "session-expired", G_CALLBACK (session_expired_cb), &counters);
  g_assert_true (revoke_device (client, ac_client_get_device_id (client), &error));
  g_assert_no_error (error);
  devices = list_devices (client, 1, 10, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpuint (counters.expired, ==, 1);
}

static void
test_unbind (void)
{
  g_autoptr(AcClient) mine = signed_in_device_client ("dev-keeper", ALICE);
  g_autoptr(AcClient) old = signed_in_device_client ("dev-old-phone", ALICE);
  g_autoptr(AcDevice) gone = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  Counters counters = { 0 };

  g_signal_connect (mine, "session-expired", G_CALLBACK (session_expired_cb), &counters);
  g_assert_true (unbind (mine, "dev-old-phone", &error));
  g_assert_no_error (error);
  gone = listed_device (mine, "dev-old-phone");
  g_assert_null (gone);
  user = current_user (old, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  /* again: no longer one of the user's devices, and this session goes on */
  g_assert_false (unbind (mine, "dev-old-phone", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_FOUND);
  g_assert_false (ac_error_is_session_error (error));
  g_assert_nonnull (strstr (error->message, "device"));
  g_clear_error (&error);
  g_assert_false (revoke_device (mine, "dev-old-phone", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_FOUND);
  g_assert_true (ac_client_get_signed_in (mine));
  g_assert_cmpuint (counters.expired, ==, 0);
}

static void
test_other_users_device (void)
{
  g_autoptr(AcClient) alice = signed_in_device_client ("alice-desk", ALICE);
  g_autoptr(AcClient) bob = signed_in_device_client ("bob-desk", BOB);
  g_autoptr(AcDevice) bobs = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (revoke_device (alice, "bob-desk", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (unbind (alice, "bob-desk", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ac_client_get_signed_in (alice));

  user = current_user (bob, &error);
  g_assert_no_error (error);
  bobs = listed_device (bob, "bob-desk");
  g_assert_nonnull (bobs);
  g_assert_true (ac_device_get_online (bobs));
  g_assert_null (listed_device (alice, "bob-desk"));
}

static char *
make_system_root (const char *dir)
{
  g_autofree char *etc = g_build_filename (dir, "root", "etc", NULL);
  g_autofree char *os_release = g_build_filename (etc, "os-release", NULL);
  g_autofree char *machine = g_build_filename (etc, "machine-id", NULL);

  g_assert_cmpint (g_mkdir_with_parents (etc, 0700), ==, 0);
  g_assert_true (g_file_set_contents (os_release, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                                                  "VERSION_ID=\"12\"\n", -1, NULL));
  g_assert_true (g_file_set_contents (machine, "00112233445566778899aabbccddeeff\n", -1, NULL));
  return g_build_filename (dir, "root", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
test_register_this_device (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ac-client-devices-XXXXXX", NULL);
  g_autofree char *root = make_system_root (dir);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcDeviceInfo) info = ac_device_info_load (config, root, TRUE, &error);
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcDevice) registered = NULL;
  g_autoptr(AcDevice) listed = NULL;

  g_assert_no_error (error);
  client = device_client (ac_device_info_get_device_id (info));
  sign_in (client, ALICE, &error);
  g_assert_no_error (error);

  registered = register_device (client, info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_device_get_device_id (registered), ==, ac_device_info_get_device_id (info));
  g_assert_cmpstr (ac_device_get_name (registered), ==, ac_device_info_get_name (info));
  g_assert_cmpstr (ac_device_get_os (registered), ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpstr (ac_device_get_version (registered), ==, "12");
  g_assert_cmpint (ac_device_get_device_type (registered), ==, AC_DEVICE_TYPE_DESKTOP);

  /* the sign-in and the registration are one device: online, with the registered name */
  listed = listed_device (client, ac_device_info_get_device_id (info));
  g_assert_nonnull (listed);
  g_assert_true (ac_device_get_online (listed));
  g_assert_cmpstr (ac_device_get_name (listed), ==, ac_device_info_get_name (info));
  g_assert_nonnull (strstr (ac_device_get_name (listed), ac_device_info_get_host_name (info)));

  remove_tree (dir);
}

static void
test_device_id_property (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autofree char *value = NULL;
  guint notified = 0;

  g_assert_null (ac_client_get_device_id (client));
  g_signal_connect_swapped (client, "notify::device-id", G_CALLBACK (g_atomic_int_inc), &notified);
  ac_client_set_device_id (client, "abc-1");
  ac_client_set_device_id (client, "abc-1");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (client, "device-id", &value, NULL);
  g_assert_cmpstr (value, ==, "abc-1");
  g_object_set (client, "device-id", NULL, NULL);
  g_assert_null (ac_client_get_device_id (client));
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_device_paging (void)
{
  g_autoptr(AcClient) client = signed_in_device_client ("paging-0", BOB);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("paging-%u", i);
      g_autoptr(AcClient) other = signed_in_device_client (id, BOB);
    }
  first = list_devices (client, 1, 2, &error);
  g_assert_no_error (error);
  second = list_devices (client, 2, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (second->len, >=, 2);
  for (guint i = 0; i < first->len; i++)
    g_assert_null (find_device (second, ac_device_get_device_id (first->pdata[i])));
  /* the newest sign-in first */
  g_assert_cmpstr (ac_device_get_device_id (first->pdata[0]), ==, "paging-3");

  refused = list_devices (client, 1, AC_CLIENT_DEVICES_MAX_LIMIT + 1, &error);
  g_assert_null (refused);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "limit"));
}

/* History ----------------------------------------------------------------------------------- */

static void
test_history (void)
{
  g_autoptr(AcClient) client = signed_in_device_client ("history-dev", ALICE);
  g_autoptr(AcClient) failing = client_for (emulator);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GPtrArray) window = NULL;
  g_autoptr(GPtrArray) everything = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 10, 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 1, 12, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  AcLoginRecord *newest, *refused = NULL;
  guint total = 0, total_failed = 0, total_all = 0;

  sign_in (failing, "alice", "not her password", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  everything = history (client, 1, AC_CLIENT_DEVICES_MAX_LIMIT, AC_LOGIN_RESULT_ANY, NULL, NULL, &total_all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total_all, ==, everything->len);
  g_assert_cmpuint (total_all, >=, 6);        /* four seeded, this sign-in, the refused one */
  for (guint i = 1; i < everything->len; i++)
    g_assert_cmpint (g_date_time_compare (ac_login_record_get_login_at (everything->pdata[i - 1]),
                                          ac_login_record_get_login_at (everything->pdata[i])), >=, 0);

  /* the refused attempt, with its reason in the client's language */
  failures = history (client, 1, 10, AC_LOGIN_RESULT_FAILED, NULL, NULL, &total_failed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failures->len, >=, 1);
  refused = failures->pdata[0];
  g_assert_false (ac_login_record_get_success (refused));
  g_assert_cmpstr (ac_login_record_get_error_message (refused), ==, "Wrong account or password");
  g_assert_cmpstr (ac_login_record_get_login_method (refused), ==, "password");
  g_assert_cmpstr (ac_login_record_get_client_ip (refused), ==, "127.0.0.1");
  for (guint i = 0; i < failures->len; i++)
    g_assert_false (ac_login_record_get_success (failures->pdata[i]));
  g_assert_cmpuint (total_failed, ==, 3);     /* two seeded, one now */

  page = history (client, 1, 1, AC_LOGIN_RESULT_SUCCEEDED, NULL, NULL, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpuint (total, ==, total_all - total_failed);
  newest = page->pdata[0];
  g_assert_true (ac_login_record_get_success (newest));
  g_assert_null (ac_login_record_get_error_message (newest));
  g_assert_cmpstr (ac_login_record_get_app_id (newest), ==, ALICE_APP);
  g_assert_cmpstr (ac_login_record_get_app_name (newest), ==, "Account Center");
  g_assert_cmpstr (ac_login_record_get_browser (newest), ==, "AccountCenter");
  g_assert_cmpstr (ac_login_record_get_device (newest), ==, "Desktop");
  g_assert_nonnull (strstr (ac_login_record_get_user_agent (newest), "AccountCenter/"));

  /* the seeded ones in a window of time */
  window = history (client, 1, 10, AC_LOGIN_RESULT_ANY, start, end, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpuint (window->len, ==, 2);
  g_assert_cmpstr (ac_login_record_get_app_name (window->pdata[0]), ==, "Wiki");
  g_assert_cmpstr (ac_login_record_get_client_ip (window->pdata[1]), ==, "10.0.0.1");
  g_assert_cmpstr (ac_login_record_get_browser (window->pdata[1]), ==, "Firefox");
  g_assert_cmpstr (ac_login_record_get_os (window->pdata[1]), ==, "Linux");
}

static void
test_history_paging_and_limit (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  all = history (client, 1, AC_CLIENT_DEVICES_MAX_LIMIT, AC_LOGIN_RESULT_ANY, NULL, NULL, &total, &error);
  g_assert_no_error (error);
  for (guint page = 1; page <= 3; page++)
    {
      g_autoptr(GPtrArray) items = history (client, page, 2, AC_LOGIN_RESULT_ANY, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < items->len; i++)
        g_assert_true (g_date_time_equal (ac_login_record_get_login_at (items->pdata[i]),
                                          ac_login_record_get_login_at (all->pdata[(page - 1) * 2 + i])));
    }

  refused = history (client, 1, AC_CLIENT_DEVICES_MAX_LIMIT + 1, AC_LOGIN_RESULT_ANY, NULL, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "limit"));
  g_assert_true (ac_client_get_signed_in (client));
}

static void
test_logged_in_apps (void)
{
  g_autoptr(AcClient) client = signed_in_device_client ("apps-dev", BOB);
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;

  apps = logged_in_apps (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, >=, 1);
  g_assert_cmpstr (ac_logged_in_app_get_app_id (apps->pdata[0]), ==, ALICE_APP);
  g_assert_cmpstr (ac_logged_in_app_get_app_name (apps->pdata[0]), ==, "Account Center");
  g_assert_true (ac_logged_in_app_get_active (apps->pdata[0]));
}

/* Identities and groups ----------------------------------------------------------------------- */

static void
test_identities_and_unlink (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wechat = NULL;

  before = identities (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpstr (ac_identity_get_provider (before->pdata[0]), ==, "github");
  g_assert_cmpstr (ac_identity_get_display_name (before->pdata[0]), ==, "alice-gh");
  g_assert_cmpstr (ac_identity_get_user_id_in_idp (before->pdata[0]), ==, "1001");
  g_assert_cmpstr (ac_identity_get_provider (before->pdata[1]), ==, "wechat");
  g_assert_cmpstr (ac_identity_get_display_name (before->pdata[1]), ==, "Alice WX");
  wechat = g_strdup (ac_identity_get_ext_idp_id (before->pdata[1]));

  g_assert_true (unlink_identity (client, wechat, &error));
  g_assert_no_error (error);
  after = identities (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (ac_identity_get_provider (after->pdata[0]), ==, "github");

  g_assert_false (unlink_identity (client, wechat, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_FOUND);
  g_assert_true (ac_client_get_signed_in (client));
}

/* A token for a user without a password, made as the emulator makes them (HS256 with the
 * secret in its data folder, recorded in its tokens table): what a code or browser sign-in
 * would give that user. */
static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

static char *
token_for_user (const char *user_id,
                gint64      lifetime_s)
{
  g_autofree char *path = g_build_filename (ac_test_emulator_get_data_dir (emulator), "emulator.db", NULL);
  g_autofree char *secret = NULL;
  g_autofree char *jti = g_uuid_string_random ();
  g_autofree char *payload = NULL;
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature64 = NULL;
  g_autoptr(GHmac) hmac = NULL;
  const char *header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'jwt_secret'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  secret = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tokens (jti, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, jti, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now + lifetime_s);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  payload = g_strdup_printf ("{\"sub\":\"%s\",\"iat\":%" G_GINT64_FORMAT ",\"exp\":%" G_GINT64_FORMAT
                             ",\"jti\":\"%s\"}", user_id, now, now + lifetime_s, jti);
  header64 = base64url ((const guint8 *) header, strlen (header));
  payload64 = base64url ((const guint8 *) payload, strlen (payload));
  input = g_strconcat (header64, ".", payload64, NULL);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) input, -1);
  g_hmac_get_digest (hmac, digest, &digest_length);
  signature64 = base64url (digest, digest_length);
  return g_strconcat (input, ".", signature64, NULL);
}

static void
test_unlink_the_last_way_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autofree char *token = token_for_user (CAROL_ID, 3600);
  g_autoptr(GDateTime) expires = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (expires, 1);
  g_autoptr(GPtrArray) linked = NULL;
  g_autoptr(GPtrArray) still = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_set_session (client, token, later);
  linked = identities (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (linked->len, ==, 1);

  g_assert_false (unlink_identity (client, ac_identity_get_ext_idp_id (linked->pdata[0]), &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NO_OTHER_LOGIN_METHOD);
  g_assert_nonnull (strstr (error->message, "only way"));
  g_clear_error (&error);
  g_assert_true (ac_client_get_signed_in (client));

  still = identities (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (still->len, ==, 1);
}

static void
test_groups (void)
{
  g_autoptr(AcClient) alice = signed_in_client (emulator, ALICE);
  g_autoptr(AcClient) bob = signed_in_client (emulator, BOB);
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) his = NULL;
  g_autoptr(GError) error = NULL;

  mine = groups (alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (ac_group_get_code (mine->pdata[0]), ==, "beta");
  g_assert_cmpstr (ac_group_get_name (mine->pdata[0]), ==, "Beta testers");
  g_assert_cmpstr (ac_group_get_description (mine->pdata[0]), ==, "Try new features first");
  g_assert_null (ac_group_get_description (mine->pdata[1]));

  his = groups (bob, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (his->len, ==, 1);
  g_assert_cmpstr (ac_group_get_code (his->pdata[0]), ==, "bob-only-group");
}

/* Not signed in: every operation is refused with AC_ERROR_NOT_LOGGED_IN */
static void
test_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autofree char *dir = g_dir_make_tmp ("ac-client-devices-XXXXXX", NULL);
  g_autofree char *root = make_system_root (dir);
  g_autoptr(AcDeviceInfo) info = ac_device_info_load (dir, root, FALSE, NULL);
  Counters counters = { 0 };

  g_signal_connect (client, "session-expired", G_CALLBACK (session_expired_cb), &counters);
  for (guint round = 0; round < 2; round++)
    {
      GError *errors[9] = { NULL, };
      gpointer results[9] = { NULL, };

      /* round 0: no token at all; round 1: a token the service does not know */
      if (round == 1)
        ac_client_set_session (client, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", later);

      results[0] = list_devices (client, 1, 10, &errors[0]);
      results[1] = GINT_TO_POINTER (revoke_device (client, "x", &errors[1]));
      results[2] = GINT_TO_POINTER (unbind (client, "x", &errors[2]));
      results[3] = register_device (client, info, &errors[3]);
      results[4] = history (client, 1, 10, AC_LOGIN_RESULT_ANY, NULL, NULL, NULL, &errors[4]);
      results[5] = logged_in_apps (client, &errors[5]);
      results[6] = identities (client, &errors[6]);
      results[7] = GINT_TO_POINTER (unlink_identity (client, "x", &errors[7]));
      results[8] = groups (client, &errors[8]);

      for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
        {
          g_test_message ("round %u, operation %u", round, i);
          g_assert_null (results[i]);
          g_assert_error (errors[i], AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
          g_error_free (errors[i]);
        }
    }
  /* the unknown token ended the session once, on the first refusal */
  g_assert_cmpuint (counters.expired, ==, 1);
  g_assert_false (ac_client_get_signed_in (client));
  remove_tree (dir);
}

/* The v3 envelope's shapes, from a server of canned answers ----------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *url;
  GHashTable *answers;   /* path -> body */
} Canned;

static void
canned_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Canned *canned = user_data;
  const char *body = g_hash_table_lookup (canned->answers, path);

  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static Canned *
canned_start (void)
{
  Canned *canned = g_new0 (Canned, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  canned->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  canned->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (canned->server, NULL, canned_cb, canned, NULL);
  g_assert_true (soup_server_listen_local (canned->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (canned->server);
  canned->url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (canned->url, "/"))
    canned->url[strlen (canned->url) - 1] = '\0';
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return canned;
}

static void
canned_free (Canned *canned)
{
  soup_server_disconnect (canned->server);
  g_object_unref (canned->server);
  g_hash_table_unref (canned->answers);
  g_free (canned->url);
  g_free (canned);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Canned, canned_free)

static void
canned_set (Canned     *canned,
            const char *path,
            const char *body)
{
  g_hash_table_replace (canned->answers, g_strdup (path), g_strdup (body));
}

static AcClient *
canned_client (Canned *canned)
{
  AcClient *client = ac_client_new (canned->url, "app");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);

  ac_client_set_lang (client, "en-US");
  ac_client_set_session (client, "header.payload.signature", later);
  return client;
}

static void
test_v3_error_shapes (void)
{
  g_autoptr(Canned) canned = canned_start ();
  static const struct {
    const char *body;
    int code;
    const char *message;     /* NULL: not checked */
    gboolean ends_session;
  } cases[] = {
    { "{\"statusCode\":401,\"apiCode\":2020,\"message\":\"gone\",\"requestId\":\"r\",\"data\":null}",
      AC_ERROR_NOT_LOGGED_IN, NULL, TRUE },
    { "{\"statusCode\":401,\"message\":\"no apiCode\",\"data\":null}", AC_ERROR_NOT_LOGGED_IN, NULL, TRUE },
    { "{\"statusCode\":401,\"apiCode\":2206,\"message\":\"expired\"}", AC_ERROR_NOT_LOGGED_IN, NULL, TRUE },
    { "{\"statusCode\":404,\"apiCode\":2020,\"message\":\"No such device among yours\"}",
      AC_ERROR_NOT_FOUND, "No such device among yours", FALSE },
    { "{\"statusCode\":403,\"apiCode\":2020,\"message\":\"forbidden\"}", 403, "forbidden", FALSE },
    { "{\"statusCode\":400,\"apiCode\":1320010,\"message\":\"The only way in\"}",
      AC_ERROR_NO_OTHER_LOGIN_METHOD, "The only way in", FALSE },
    { "{\"statusCode\":400,\"apiCode\":400,\"message\":\"limit: expected 1 to 50\"}",
      AC_ERROR_INVALID_PARAMETER, "limit: expected 1 to 50", FALSE },
    { "{\"statusCode\":400,\"apiCode\":400}", AC_ERROR_INVALID_PARAMETER, NULL, FALSE },
    { "{\"statusCode\":500,\"apiCode\":500,\"message\":\"oops\"}", 500, "oops", FALSE },
    { "{\"statusCode\":400,\"apiCode\":\"1320010\",\"message\":\"string apiCode\"}", 400, NULL, FALSE },
    { "{\"statusCode\":400,\"apiCode\":1e300,\"message\":\"huge\"}", 400, NULL, FALSE },
    { "{\"statusCode\":\"200\",\"data\":[]}", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
    { "{\"statusCode\":1e300,\"data\":[]}", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
    { "{\"statusCode\":200,\"data\":{\"success\":true}}", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
    { "{\"statusCode\":200,\"data\":[{\"device\":{}}]}", AC_ERROR_INVALID_RESPONSE, "deviceId", FALSE },
    { "{\"statusCode\":200,\"data\":[5]}", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
    { "{\"statusCode\":200}", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
    { "[]", AC_ERROR_INVALID_RESPONSE, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AcClient) client = canned_client (canned);
      g_autoptr(GPtrArray) devices = NULL;
      g_autoptr(GError) error = NULL;
      Counters counters = { 0 };

      g_test_message ("case %u: %s", i, cases[i].body);
      g_signal_connect (client, "session-expired", G_CALLBACK (session_expired_cb), &counters);
      canned_set (canned, "/api/v3/mydevices/list", cases[i].body);
      devices = list_devices (client, 1, 10, &error);
      g_assert_null (devices);
      g_assert_error (error, AC_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_cmpuint (counters.expired, ==, cases[i].ends_session ? 1 : 0);
      g_assert_true (ac_client_get_signed_in (client) == !cases[i].ends_session);
    }
}

static void
test_v3_confirmations (void)
{
  g_autoptr(Canned) canned = canned_start ();
  g_autoptr(AcClient) client = canned_client (canned);
  g_autoptr(GError) error = NULL;

  canned_set (canned, "/api/v3/mydevices/revoke-session", "{\"statusCode\":200,\"data\":{\"success\":true}}");
  g_assert_true (revoke_device (client, "d", &error));
  g_assert_no_error (error);

  canned_set (canned, "/api/v3/mydevices/revoke-session", "{\"statusCode\":200,\"data\":null}");
  g_assert_true (revoke_device (client, "d", &error));
  g_assert_no_error (error);

  canned_set (canned, "/api/v3/mydevices/revoke-session", "{\"statusCode\":200,\"data\":{\"success\":false}}");
  g_assert_false (revoke_device (client, "d", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_FAILED);
  g_clear_error (&error);

  canned_set (canned, "/api/v3/mydevices/revoke-session", "{\"statusCode\":200,\"data\":{\"success\":\"yes\"}}");
  g_assert_false (revoke_device (client, "d", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  canned_set (canned, "/api/v3/mydevices/revoke-session", "{\"statusCode\":200,\"data\":[true]}");
  g_assert_false (revoke_device (client, "d", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  /* a history page: {totalCount, list}; a total that is not a count is the page's length */
  canned_set (canned, "/api/v3/get-my-login-history",
              "{\"statusCode\":200,\"data\":{\"totalCount\":\"many\",\"list\":[{\"loginAt\":1700000000000,"
              "\"success\":true}]}}");
  {
    g_autoptr(GPtrArray) page = NULL;
    guint total = 0;

    page = history (client, 1, 10, AC_LOGIN_RESULT_ANY, NULL, NULL, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 1);
    g_assert_cmpuint (total, ==, 1);
  }
  g_assert_true (ac_client_get_signed_in (client));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *seed = ac_test_source_path ("tests/fixtures/pools/devices.json");
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  emulator = ac_test_emulator_start (seed, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/client/devices/sign-in-names-the-device", test_sign_in_names_the_device);
  g_test_add_func ("/client/devices/revoke-the-other", test_revoke_the_other);
  g_test_add_func ("/client/devices/revoke-this-device", test_revoke_this_device);
  g_test_add_func ("/client/devices/unbind", test_unbind);
  g_test_add_func ("/client/devices/other-users-device", test_other_users_device);
  g_test_add_func ("/client/devices/register-this-device", test_register_this_device);
  g_test_add_func ("/client/devices/device-id-property", test_device_id_property);
  g_test_add_func ("/client/devices/paging", test_device_paging);
  g_test_add_func ("/client/devices/history", test_history);
  g_test_add_func ("/client/devices/history-paging-and-limit", test_history_paging_and_limit);
  g_test_add_func ("/client/devices/logged-in-apps", test_logged_in_apps);
  g_test_add_func ("/client/devices/identities-and-unlink", test_identities_and_unlink);
  g_test_add_func ("/client/devices/unlink-the-last-way-in", test_unlink_the_last_way_in);
  g_test_add_func ("/client/devices/groups", test_groups);
  g_test_add_func ("/client/devices/not-signed-in", test_not_signed_in);
  g_test_add_func ("/client/devices/v3-error-shapes", test_v3_error_shapes);
  g_test_add_func ("/client/devices/v3-confirmations", test_v3_confirmations);

  status = g_test_run ();
  ac_test_emulator_free (emulator);
  return status;
}
