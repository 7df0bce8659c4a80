/* test-account.c: AcAccount's stores against a real emulator: load-all in about one round
 * trip, one items-changed per refresh, paging, filters, clearing, expiry and lifetimes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "client-util.h"

#define LATENCY_MS 300

typedef struct
{
  guint n_changes;
  guint last_removed;
  guint last_added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_cmpuint (position, ==, 0);
  changes->n_changes++;
  changes->last_removed = removed;
  changes->last_added = added;
}

typedef struct
{
  Changes applications;
  Changes organizations;
  Changes roles;
  Changes resources;
  Changes custom_fields;
} AllChanges;

static void
watch_stores (AcAccount  *account,
              AllChanges *all)
{
  g_signal_connect (ac_account_get_applications (account), "items-changed", G_CALLBACK (items_changed_cb), &all->applications);
  g_signal_connect (ac_account_get_organizations (account), "items-changed", G_CALLBACK (items_changed_cb), &all->organizations);
  g_signal_connect (ac_account_get_roles (account), "items-changed", G_CALLBACK (items_changed_cb), &all->roles);
  g_signal_connect (ac_account_get_resources (account), "items-changed", G_CALLBACK (items_changed_cb), &all->resources);
  g_signal_connect (ac_account_get_custom_fields (account), "items-changed", G_CALLBACK (items_changed_cb), &all->custom_fields);
}

static gboolean
load_all (AcAccount     *account,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_load_all_async (account, cancellable, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_account_load_all_finish (account, result, error);
}

static guint
n_items (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

static void
check_loaded (AcAccount *account)
{
  g_autoptr(AcApplication) first = NULL;

  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (account)), ==, "alice");

  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 10);
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 1);
  g_assert_cmpuint (ac_account_get_applications_total (account), ==, 23);
  g_assert_cmpuint (ac_account_get_applications_n_pages (account), ==, 3);
  first = g_list_model_get_item (ac_account_get_applications (account), 0);
  g_assert_true (AC_IS_APPLICATION (first));

  g_assert_cmpuint (n_items (ac_account_get_organizations (account)), ==, 2);

  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 2);
  g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, "default");

  g_assert_cmpuint (n_items (ac_account_get_resources (account)), ==, 4);
  g_assert_cmpstr (ac_account_get_resources_namespace (account), ==, "default");
  g_assert_null (ac_account_get_resources_type (account));

  g_assert_cmpuint (n_items (ac_account_get_custom_fields (account)), ==, 6);

  g_assert_nonnull (ac_account_get_security_level (account));
  g_assert_cmpint (ac_security_level_get_score (ac_account_get_security_level (account)), ==, 80);
}

static void
test_load_all (void)
{
  const char *args[] = { "--latency", G_STRINGIFY (LATENCY_MS), NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GError) error = NULL;
  AllChanges all = { { 0 } };
  gint64 start, elapsed;

  watch_stores (account, &all);

  start = g_get_monotonic_time ();
  g_assert_true (load_all (account, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_test_message ("load-all took %" G_GINT64_FORMAT " ms with %d ms latency",
                  elapsed / 1000, LATENCY_MS);

  check_loaded (account);

  /* seven reads at once: about one latency, certainly not seven */
  g_assert_cmpint (elapsed, >=, (LATENCY_MS - 20) * 1000);
  g_assert_cmpint (elapsed, <, 3 * LATENCY_MS * 1000);

  /* every store filled in exactly one items-changed */
  g_assert_cmpuint (all.applications.n_changes, ==, 1);
  g_assert_cmpuint (all.organizations.n_changes, ==, 1);
  g_assert_cmpuint (all.roles.n_changes, ==, 1);
  g_assert_cmpuint (all.resources.n_changes, ==, 1);
  g_assert_cmpuint (all.custom_fields.n_changes, ==, 1);

  /* a second load replaces each store in one items-changed again */
  g_assert_true (load_all (account, NULL, &error));
  g_assert_no_error (error);
  check_loaded (account);
  g_assert_cmpuint (all.applications.n_changes, ==, 2);
  g_assert_cmpuint (all.applications.last_removed, ==, 10);
  g_assert_cmpuint (all.applications.last_added, ==, 10);
  g_assert_cmpuint (all.roles.n_changes, ==, 2);
  g_assert_cmpuint (all.roles.last_removed, ==, 2);
  g_assert_cmpuint (all.roles.last_added, ==, 2);
  g_assert_cmpuint (all.custom_fields.n_changes, ==, 2);
  g_assert_cmpuint (all.organizations.n_changes, ==, 2);
  g_assert_cmpuint (all.resources.n_changes, ==, 2);
}

static gboolean
load_page (AcAccount  *account,
           guint       page,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_load_applications_page_async (account, page, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_account_load_applications_page_finish (account, result, error);
}

static void
test_pages_and_filters (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GError) error = NULL;
  AllChanges all = { { 0 } };

  watch_stores (account, &all);

  g_assert_true (load_page (account, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ac_account_get_applications_page (account), ==, 3);
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 3);
  g_assert_cmpuint (all.applications.n_changes, ==, 1);

  g_assert_true (load_page (account, 1, &error));
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 10);
  g_assert_cmpuint (all.applications.n_changes, ==, 2);
  g_assert_cmpuint (all.applications.last_removed, ==, 3);
  g_assert_cmpuint (all.applications.last_added, ==, 10);

  /* a larger page */
  ac_account_set_applications_page_size (account, 20);
  g_assert_cmpuint (ac_account_get_applications_n_pages (account), ==, 2);
  g_assert_true (load_page (account, 2, &error));
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 3);

  /* two page loads overlapping: the last one started wins */
  ac_account_set_applications_page_size (account, 10);
  {
    g_autoptr(GAsyncResult) r2 = NULL;
    g_autoptr(GAsyncResult) r3 = NULL;

    ac_account_load_applications_page_async (account, 3, NULL, ac_test_result_cb, &r3);
    ac_account_load_applications_page_async (account, 2, NULL, ac_test_result_cb, &r2);
    ac_test_await (&r3, AWAIT_S);
    ac_test_await (&r2, AWAIT_S);
    g_assert_true (ac_account_load_applications_page_finish (account, r3, &error));
    g_assert_true (ac_account_load_applications_page_finish (account, r2, &error));
    g_assert_cmpuint (ac_account_get_applications_page (account), ==, 2);
    g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 10);
  }

  /* roles and resources of another namespace or type */
  {
    g_autoptr(GAsyncResult) result = NULL;

    ac_account_load_roles_async (account, "billing", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_true (ac_account_load_roles_finish (account, result, &error));
    g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 1);
    g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, "billing");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    ac_account_load_roles_async (account, NULL, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_true (ac_account_load_roles_finish (account, result, &error));
    g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 3);
    g_assert_null (ac_account_get_roles_namespace (account));
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcResource) resource = NULL;

    ac_account_load_resources_async (account, "default", "DATA", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_true (ac_account_load_resources_finish (account, result, &error));
    g_assert_cmpuint (n_items (ac_account_get_resources (account)), ==, 1);
    g_assert_cmpstr (ac_account_get_resources_namespace (account), ==, "default");
    g_assert_cmpstr (ac_account_get_resources_type (account), ==, "DATA");
    resource = g_list_model_get_item (ac_account_get_resources (account), 0);
    g_assert_cmpstr (ac_resource_get_code (resource), ==, "books:*");
  }

  /* a refused load leaves the store as it was */
  {
    g_autoptr(GAsyncResult) result = NULL;
    guint before = all.resources.n_changes;

    ac_account_load_resources_async (account, "default", "WIDGET", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_false (ac_account_load_resources_finish (account, result, &error));
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
    g_clear_error (&error);
    g_assert_cmpuint (all.resources.n_changes, ==, before);
    g_assert_cmpuint (n_items (ac_account_get_resources (account)), ==, 1);
    g_assert_cmpstr (ac_account_get_resources_type (account), ==, "DATA");
  }
}

static void
test_save_custom_fields (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AllChanges all = { { 0 } };
  gboolean found = FALSE;

  g_assert_true (load_all (account, NULL, &error));
  watch_stores (account, &all);

  json_object_set_string_member (values, "school", "ETH");
  ac_account_save_custom_fields_async (account, values, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  g_assert_true (ac_account_save_custom_fields_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all.custom_fields.n_changes, ==, 1);

  for (guint i = 0; i < n_items (ac_account_get_custom_fields (account)); i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (ac_account_get_custom_fields (account), i);

      if (g_str_equal (ac_custom_field_get_key (field), "school"))
        {
          g_assert_cmpstr (ac_custom_field_get_value (field), ==, "ETH");
          found = TRUE;
        }
      /* the answer keeps the choices of a SELECT field, so its editor still works */
      if (g_str_equal (ac_custom_field_get_key (field), "shirt"))
        g_assert_cmpuint (g_strv_length ((char **) ac_custom_field_get_option_values (field)), ==, 3);
    }
  g_assert_true (found);
}

static void
test_sign_out_clears (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (load_all (account, NULL, &error));
  check_loaded (account);

  ac_client_sign_out_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  g_assert_true (ac_client_sign_out_finish (client, result, &error));

  g_assert_null (ac_account_get_user (account));
  g_assert_null (ac_account_get_security_level (account));
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 0);
  g_assert_cmpuint (ac_account_get_applications_total (account), ==, 0);
  g_assert_cmpuint (n_items (ac_account_get_organizations (account)), ==, 0);
  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 0);
  g_assert_cmpuint (n_items (ac_account_get_resources (account)), ==, 0);
  g_assert_cmpuint (n_items (ac_account_get_custom_fields (account)), ==, 0);
}

static void
count_cb (gpointer instance,
          guint   *count)
{
  (*count)++;
}

static void
test_session_expired (void)
{
  const char *args[] = { "--token-ttl", "2", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GError) error = NULL;
  guint expired = 0;

  g_object_set (client, "auto-refresh", FALSE, NULL);
  g_signal_connect (client, "session-expired", G_CALLBACK (count_cb), &expired);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  g_assert_true (load_all (account, NULL, &error));
  g_assert_no_error (error);

  ac_test_run_for (3000);

  /* every read fails; the signal comes once; what was shown stays */
  g_assert_false (load_all (account, NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpuint (expired, ==, 1);
  check_loaded (account);
}

static void
test_cancel_load_all (void)
{
  const char *args[] = { "--latency", "800", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AllChanges all = { { 0 } };
  gint64 start = g_get_monotonic_time ();

  watch_stores (account, &all);
  ac_account_load_all_async (account, cancellable, ac_test_result_cb, &result);
  ac_test_run_for (100);
  g_cancellable_cancel (cancellable);
  ac_test_await (&result, AWAIT_S);
  g_assert_false (ac_account_load_all_finish (account, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 700 * 1000);

  /* nothing was applied */
  ac_test_run_for (1000);
  g_assert_cmpuint (all.applications.n_changes + all.organizations.n_changes + all.roles.n_changes +
                    all.resources.n_changes + all.custom_fields.n_changes, ==, 0);
  g_assert_null (ac_account_get_security_level (account));
}

static void
test_dropped_during_load (void)
{
  const char *args[] = { "--latency", "500", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  AcClient *client = signed_in_client (emulator, "alice", "alice-pass-1");
  AcAccount *account = ac_account_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  g_object_add_weak_pointer (G_OBJECT (account), (gpointer *) &account);

  ac_account_load_all_async (account, NULL, ac_test_result_cb, &result);
  g_object_unref (account);
  g_object_unref (client);

  /* the operation keeps both alive until it completes, then lets them go */
  ac_test_await (&result, AWAIT_S);
  g_assert_nonnull (account);
  g_assert_true (ac_account_load_all_finish (account, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  ac_test_run_for (50);
  g_assert_null (account);
  g_assert_null (client);
}

static void
test_other_person_clears (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GError) error = NULL;

  g_assert_true (load_all (account, NULL, &error));
  check_loaded (account);

  /* a session expiry keeps what is shown; the same person signing in again too */
  ac_client_set_session (client, "expired.or.bogus", NULL);
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
    g_clear_error (&error);
  }
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 10);

  /* someone else signing in on the same client: alice's data goes */
  sign_in (client, "bob", "Bob12345678Secure", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (ac_account_get_applications (account)), ==, 0);
  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 0);
  g_assert_null (ac_account_get_security_level (account));

  g_assert_true (load_all (account, NULL, &error));
  g_assert_cmpuint (ac_account_get_applications_total (account), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/load-all", test_load_all);
  g_test_add_func ("/account/pages-and-filters", test_pages_and_filters);
  g_test_add_func ("/account/save-custom-fields", test_save_custom_fields);
  g_test_add_func ("/account/sign-out-clears", test_sign_out_clears);
  g_test_add_func ("/account/other-person-clears", test_other_person_clears);
  g_test_add_func ("/account/session-expired", test_session_expired);
  g_test_add_func ("/account/cancel-load-all", test_cancel_load_all);
  g_test_add_func ("/account/dropped-during-load", test_dropped_during_load);

  return g_test_run ();
}
