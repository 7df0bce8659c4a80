/* test-client-read.c: AcClient's sign-in and every read, against one real emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "client-util.h"

static AcTestEmulator *emulator;

#define ALICE "alice", "alice-pass-1"

typedef struct
{
  guint expired;
  guint signed_in_notifies;
} Counters;

static void
session_expired_cb (AcClient *client,
                    Counters *counters)
{
  counters->expired++;
}

static void
signed_in_notify_cb (AcClient   *client,
                     GParamSpec *pspec,
                     Counters   *counters)
{
  counters->signed_in_notifies++;
}

static void
watch (AcClient *client,
       Counters *counters)
{
  g_signal_connect (client, "session-expired", G_CALLBACK (session_expired_cb), counters);
  g_signal_connect (client, "notify::signed-in", G_CALLBACK (signed_in_notify_cb), counters);
}

/* Sign-in ------------------------------------------------------------------------------------ */

static void
test_sign_in_success (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Counters counters = { 0 };

  watch (client, &counters);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user_pool_id (client));

  ac_client_sign_in_async (client, "alice", "alice-pass-1", NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);

  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  g_assert_cmpstr (ac_user_info_get_id (user), ==, "aa0000000000000000000001");
  g_assert_true (ac_client_get_user (client) == user);
  g_assert_true (ac_client_get_signed_in (client));
  g_assert_cmpuint (counters.signed_in_notifies, ==, 1);
  g_assert_nonnull (ac_client_get_token (client));
  g_assert_cmpstr (ac_client_get_token (client), ==, ac_user_info_get_token (user));
  g_assert_nonnull (ac_client_get_token_expires_at (client));
  g_assert_cmpint (g_date_time_compare (ac_client_get_token_expires_at (client), now), >, 0);
  /* the user pool id is learnt from the user */
  g_assert_cmpstr (ac_client_get_user_pool_id (client), ==, "a00000000000000000000001");
  g_assert_cmpuint (counters.expired, ==, 0);

  /* by e-mail too, with the key already fetched */
  g_clear_object (&result);
  g_clear_object (&user);
  ac_client_sign_in_async (client, "alice@example.com", "alice-pass-1", NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
}

static void
test_sign_in_bad_password (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  Counters counters = { 0 };

  watch (client, &counters);
  sign_in (client, "alice", "wrong-password", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Wrong account or password");
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user (client));
  g_assert_cmpuint (counters.signed_in_notifies, ==, 0);

  g_clear_error (&error);
  sign_in (client, "nobody", "alice-pass-1", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);

  /* the server's language follows x-authing-lang */
  g_clear_error (&error);
  ac_client_set_lang (client, "zh-CN");
  sign_in (client, "alice", "wrong-password", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "帐号或密码错误");
}

static void
test_sign_in_empty (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;

  sign_in (client, "", "x", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  sign_in (client, "alice", "", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
}

/* Configuration ------------------------------------------------------------------------------ */

static void
test_config_errors (void)
{
  const char *bad_hosts[] = { "", "   ", "ftp://example.com", "http://", "http://host/?q=1", NULL };

  for (guint i = 0; bad_hosts[i] != NULL; i++)
    {
      g_autoptr(AcClient) client = ac_client_new (bad_hosts[i], "app");
      g_autoptr(GError) error = NULL;

      g_test_message ("host “%s”", bad_hosts[i]);
      sign_in (client, "alice", "alice-pass-1", &error);
      g_assert_error (error, AC_ERROR, AC_ERROR_CONFIG);
    }

  {
    g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (emulator), NULL);
    g_autoptr(GError) error = NULL;

    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_CONFIG);
  }

  {
    g_autoptr(AcClient) client = ac_client_new (NULL, "app");
    g_autoptr(GError) error = NULL;
    g_autoptr(AcUserInfo) user = current_user (client, &error);

    g_assert_error (error, AC_ERROR, AC_ERROR_CONFIG);
    g_assert_null (user);
  }
}

static void
test_lang (void)
{
  g_autoptr(AcClient) client = ac_client_new ("http://127.0.0.1:1", "app");

  /* The tests run with LC_ALL=C.UTF-8: the service's own default */
  g_assert_cmpstr (ac_client_get_lang (client), ==, "zh-CN");
  ac_client_set_lang (client, "en-US");
  g_assert_cmpstr (ac_client_get_lang (client), ==, "en-US");
  ac_client_set_lang (client, NULL);
  g_assert_cmpstr (ac_client_get_lang (client), ==, "zh-CN");

  /* from the user's languages */
  {
    const struct { const char *language; const char *lang; } cases[] = {
      { "en_GB", "en-US" },
      { "de_DE:en_US", "en-US" },
      { "zh_CN", "zh-CN" },
      { "zh_TW", "zh-TW" },
      { "ja_JP", "ja-JP" },
    };
    g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(AcClient) other = NULL;

        g_setenv ("LANGUAGE", cases[i].language, TRUE);
        other = ac_client_new ("http://127.0.0.1:1", "app");
        g_assert_cmpstr (ac_client_get_lang (other), ==, cases[i].lang);
      }

    if (saved != NULL)
      g_setenv ("LANGUAGE", saved, TRUE);
    else
      g_unsetenv ("LANGUAGE");
  }
}

static void
test_public_config (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_fetch_public_config_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  config = ac_client_fetch_public_config_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (json_object_get_string_member (config, "userPoolId"), ==, "a00000000000000000000001");
  g_assert_cmpstr (ac_client_get_user_pool_id (client), ==, "a00000000000000000000001");

  {
    g_autoptr(AcClient) other = ac_client_new (ac_test_emulator_get_url (emulator), "no-such-app");
    g_autoptr(GAsyncResult) result2 = NULL;
    g_autoptr(JsonObject) config2 = NULL;

    ac_client_fetch_public_config_async (other, NULL, ac_test_result_cb, &result2);
    ac_test_await (&result2, AWAIT_S);
    config2 = ac_client_fetch_public_config_finish (other, result2, &error);
    g_assert_nonnull (error);
    g_assert_true (error->domain == AC_ERROR);
    g_assert_null (config2);
    g_assert_null (ac_client_get_user_pool_id (other));
  }
}

/* The user ----------------------------------------------------------------------------------- */

static void
test_current_user (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  AcUserInfo *before = ac_client_get_user (client);

  user = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  g_assert_cmpstr (ac_user_info_get_nickname (user), ==, "Alice");
  g_assert_cmpstr (ac_user_info_get_email (user), ==, "alice@example.com");
  /* a new object replaces the client's user */
  g_assert_true (ac_client_get_user (client) == user);
  g_assert_true (before != user);
}

static void
test_current_user_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  Counters counters = { 0 };

  watch (client, &counters);
  user = current_user (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (user);
  /* no session, so nothing expired */
  g_assert_cmpuint (counters.expired, ==, 0);
}

static void
test_restore_session (void)
{
  g_autoptr(AcClient) first = signed_in_client (emulator, ALICE);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  Counters counters = { 0 };

  watch (client, &counters);
  ac_client_set_session (client, ac_client_get_token (first), NULL);
  g_assert_true (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_user (client));
  /* the expiry is read from the token itself */
  g_assert_nonnull (ac_client_get_token_expires_at (client));
  g_assert_cmpint (g_date_time_to_unix (ac_client_get_token_expires_at (client)), ==,
                   g_date_time_to_unix (ac_client_get_token_expires_at (first)));

  user = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");
  g_assert_true (ac_client_get_user (client) == user);

  /* a token the server does not know: the session is reported expired */
  ac_client_set_session (client, "not.a-valid.token", NULL);
  g_clear_object (&user);
  user = current_user (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpuint (counters.expired, ==, 1);
  g_assert_false (ac_client_get_signed_in (client));
  g_assert_null (ac_client_get_token (client));
}

/* Custom fields ------------------------------------------------------------------------------ */

static AcCustomField *
find_field (GPtrArray  *fields,
            const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (ac_custom_field_get_key (g_ptr_array_index (fields, i)), key) == 0)
      return g_ptr_array_index (fields, i);
  return NULL;
}

static void
test_custom_fields (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  AcCustomField *field;
  double age = 0;

  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  fields = ac_client_get_custom_fields_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 6);

  field = find_field (fields, "school");
  g_assert_nonnull (field);
  g_assert_cmpstr (ac_custom_field_get_value (field), ==, "MIT");
  g_assert_cmpint (ac_custom_field_get_data_type (field), ==, AC_CUSTOM_FIELD_TYPE_STRING);

  field = find_field (fields, "age");
  g_assert_true (ac_custom_field_get_number (field, &age, &error));
  g_assert_cmpfloat (age, ==, 30);

  field = find_field (fields, "shirt");
  g_assert_cmpint (ac_custom_field_get_data_type (field), ==, AC_CUSTOM_FIELD_TYPE_SELECT);
  g_assert_cmpstr (ac_custom_field_get_value (field), ==, "m");
  g_assert_nonnull (ac_custom_field_get_option_values (field));
  g_assert_cmpuint (g_strv_length ((char **) ac_custom_field_get_option_values (field)), ==, 3);
}

static void
test_custom_fields_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  fields = ac_client_get_custom_fields_finish (client, result, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (fields);
}

/* Security level ----------------------------------------------------------------------------- */

static AcSecurityLevel *
security_level (AcClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_get_security_level_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_get_security_level_finish (client, result, error);
}

static void
test_security_level (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(AcSecurityLevel) level = NULL;
  g_autoptr(GError) error = NULL;

  level = security_level (client, &error);
  g_assert_no_error (error);
  /* pool-format.md: 40 + 25 (a level-2 password) + 5 (e-mail) + 10 (phone) */
  g_assert_cmpint (ac_security_level_get_score (level), ==, 80);
  g_assert_true (ac_security_level_get_email (level));
  g_assert_true (ac_security_level_get_phone (level));
  g_assert_true (ac_security_level_get_password (level));
  g_assert_false (ac_security_level_get_mfa (level));
  g_assert_cmpint (ac_security_level_get_password_security_level (level), ==, 2);
}

static void
test_security_level_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(AcSecurityLevel) level = NULL;
  g_autoptr(GError) error = NULL;

  level = security_level (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (level);
}

/* Applications ------------------------------------------------------------------------------- */

static GPtrArray *
applications (AcClient  *client,
              guint      page,
              guint      limit,
              guint     *total,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_applications_async (client, page, limit, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_applications_finish (client, result, total, error);
}

static void
test_applications (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) page1 = NULL;
  g_autoptr(GPtrArray) page3 = NULL;
  g_autoptr(GPtrArray) page4 = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  page1 = applications (client, 1, 10, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page1->len, ==, 10);
  g_assert_cmpuint (total, ==, 23);
  g_assert_cmpstr (ac_application_get_name (g_ptr_array_index (page1, 0)), !=, NULL);

  total = 0;
  page3 = applications (client, 3, 10, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page3->len, ==, 3);
  g_assert_cmpuint (total, ==, 23);
  /* pages do not overlap */
  for (guint i = 0; i < page3->len; i++)
    for (guint j = 0; j < page1->len; j++)
      g_assert_cmpstr (ac_application_get_id (g_ptr_array_index (page3, i)), !=,
                       ac_application_get_id (g_ptr_array_index (page1, j)));

  page4 = applications (client, 4, 10, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page4->len, ==, 0);
}

static void
test_applications_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = applications (client, 1, 10, NULL, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (items);
}

/* Organizations ------------------------------------------------------------------------------ */

static AcOrgForest *
organizations (AcClient  *client,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_organizations_finish (client, result, error);
}

static void
test_organizations (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(AcOrgForest) forest = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  AcOrganization *identity;

  forest = organizations (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forest)), ==, 2);

  members = ac_org_forest_get_member_nodes (forest);
  g_assert_cmpuint (members->len, ==, 3);

  identity = ac_org_forest_lookup (forest, "ad0000000000000000000004");
  g_assert_nonnull (identity);
  g_assert_cmpstr (ac_organization_get_name (identity), ==, "Identity");
  g_assert_true (ac_organization_get_is_member (identity));

  /* restored without a user: the id comes from the token */
  {
    g_autoptr(AcClient) restored = client_for (emulator);
    g_autoptr(AcOrgForest) forest2 = NULL;

    ac_client_set_session (restored, ac_client_get_token (client), NULL);
    forest2 = organizations (restored, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forest2)), ==, 2);
  }
}

static void
test_organizations_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(AcOrgForest) forest = NULL;
  g_autoptr(GError) error = NULL;

  forest = organizations (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (forest);
}

/* Roles -------------------------------------------------------------------------------------- */

static GPtrArray *
roles (AcClient    *client,
       const char  *namespace_,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_roles_async (client, namespace_, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_roles_finish (client, result, error);
}

static gboolean
has_role (GPtrArray  *items,
          const char *code)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (ac_role_get_code (g_ptr_array_index (items, i)), code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_roles (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) in_default = NULL;
  g_autoptr(GPtrArray) in_billing = NULL;
  g_autoptr(GPtrArray) in_nothing = NULL;
  g_autoptr(GError) error = NULL;

  all = roles (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);

  in_default = roles (client, "default", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_default->len, ==, 2);
  g_assert_true (has_role (in_default, "editor"));
  g_assert_true (has_role (in_default, "viewer"));

  in_billing = roles (client, "billing", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_billing->len, ==, 1);
  g_assert_true (has_role (in_billing, "admin"));

  /* a namespace with characters to escape */
  in_nothing = roles (client, "no such & namespace", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_nothing->len, ==, 0);
}

static void
test_roles_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = roles (client, "default", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (items);
}

/* Resources ---------------------------------------------------------------------------------- */

static GPtrArray *
resources (AcClient    *client,
           const char  *namespace_,
           const char  *type,
           guint       *total,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_list_resources_async (client, namespace_, type, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_list_resources_finish (client, result, total, error);
}

static void
test_resources (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) data = NULL;
  g_autoptr(GPtrArray) billing = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *actions;
  AcResource *books;
  guint total = 0;

  all = resources (client, "default", NULL, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpuint (total, ==, 4);

  data = resources (client, "default", "DATA", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->len, ==, 1);
  books = g_ptr_array_index (data, 0);
  g_assert_cmpstr (ac_resource_get_code (books), ==, "books:*");
  g_assert_cmpint (ac_resource_get_resource_type (books), ==, AC_RESOURCE_TYPE_DATA);
  g_assert_cmpstr (ac_resource_get_namespace (books), ==, "default");
  /* merged from the user, two roles and a node */
  actions = ac_resource_get_actions (books);
  g_assert_true (g_strv_contains (actions, "books:read"));
  g_assert_true (g_strv_contains (actions, "books:update"));
  g_assert_true (g_strv_contains (actions, "books:delete"));

  billing = resources (client, "billing", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (billing->len, ==, 1);
  g_assert_cmpstr (ac_resource_get_code (g_ptr_array_index (billing, 0)), ==, "invoice:*");
  g_assert_cmpstr (ac_resource_get_namespace (g_ptr_array_index (billing, 0)), ==, "billing");
}

static void
test_resources_bad_type (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  /* the server refuses it and names the field */
  items = resources (client, "default", "WIDGET", NULL, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "resourceType"));
  g_assert_null (items);
}

static void
test_resources_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = resources (client, "default", NULL, NULL, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_null (items);
}

/* Refresh ------------------------------------------------------------------------------------ */

static gboolean
refresh_token (AcClient  *client,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_refresh_token_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_refresh_token_finish (client, result, error);
}

static void
test_refresh_token (void)
{
  g_autoptr(AcClient) client = signed_in_client (emulator, ALICE);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_token = g_strdup (ac_client_get_token (client));
  g_autoptr(AcUserInfo) user = NULL;

  g_assert_true (refresh_token (client, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ac_client_get_token (client));
  g_assert_cmpstr (ac_client_get_token (client), !=, old_token);
  g_assert_cmpstr (ac_user_info_get_username (ac_client_get_user (client)), ==, "alice");

  /* the new token works */
  user = current_user (client, &error);
  g_assert_no_error (error);
}

static void
test_refresh_token_not_signed_in (void)
{
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;

  g_assert_false (refresh_token (client, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
}

/* Traffic log ------------------------------------------------------------------------------- */

static GString *debug_log;

static GLogWriterOutput
collect_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if (debug_log != NULL && g_strcmp0 (domain, "ac-client") == 0 && message != NULL)
    {
      g_string_append (debug_log, message);
      g_string_append_c (debug_log, '\n');
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_debug_log (void)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *log = NULL;
  const char *token;

  /* G_MESSAGES_DEBUG=ac-client when the client is made: the traffic goes to g_debug() */
  g_setenv ("G_MESSAGES_DEBUG", "ac-client", TRUE);
  debug_log = g_string_new (NULL);
  client = client_for (emulator);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  user = current_user (client, &error);
  g_assert_no_error (error);
  g_unsetenv ("G_MESSAGES_DEBUG");

  token = ac_client_get_token (client);
  log = g_string_free (g_steal_pointer (&debug_log), FALSE);

  /* the traffic is there... */
  g_assert_nonnull (strstr (log, "/api/v2/login/account"));
  g_assert_nonnull (strstr (log, "/api/v2/users/me"));
  g_assert_nonnull (strstr (log, "alice@example.com"));
  /* ...but no secret: not the token (header or body), not the encrypted password */
  g_assert_nonnull (strstr (log, "Authorization: [hidden]"));
  g_assert_nonnull (strstr (log, "\"password\":\"[hidden]\""));
  g_assert_nonnull (strstr (log, "\"token\":\"[hidden]\""));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, "Bearer"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (collect_writer, NULL, NULL);

  g_test_add_func ("/client/sign-in/success", test_sign_in_success);
  g_test_add_func ("/client/sign-in/bad-credentials", test_sign_in_bad_password);
  g_test_add_func ("/client/sign-in/empty", test_sign_in_empty);
  g_test_add_func ("/client/config/errors", test_config_errors);
  g_test_add_func ("/client/config/lang", test_lang);
  g_test_add_func ("/client/config/public-config", test_public_config);
  g_test_add_func ("/client/current-user/success", test_current_user);
  g_test_add_func ("/client/current-user/not-signed-in", test_current_user_not_signed_in);
  g_test_add_func ("/client/current-user/restore-session", test_restore_session);
  g_test_add_func ("/client/custom-fields/get", test_custom_fields);
  g_test_add_func ("/client/custom-fields/get/not-signed-in", test_custom_fields_not_signed_in);
  g_test_add_func ("/client/security-level/success", test_security_level);
  g_test_add_func ("/client/security-level/not-signed-in", test_security_level_not_signed_in);
  g_test_add_func ("/client/applications/pages", test_applications);
  g_test_add_func ("/client/applications/not-signed-in", test_applications_not_signed_in);
  g_test_add_func ("/client/organizations/success", test_organizations);
  g_test_add_func ("/client/organizations/not-signed-in", test_organizations_not_signed_in);
  g_test_add_func ("/client/roles/namespaces", test_roles);
  g_test_add_func ("/client/roles/not-signed-in", test_roles_not_signed_in);
  g_test_add_func ("/client/resources/filters", test_resources);
  g_test_add_func ("/client/resources/bad-type", test_resources_bad_type);
  g_test_add_func ("/client/resources/not-signed-in", test_resources_not_signed_in);
  g_test_add_func ("/client/refresh-token/success", test_refresh_token);
  g_test_add_func ("/client/refresh-token/not-signed-in", test_refresh_token_not_signed_in);
  g_test_add_func ("/client/debug-log/no-secrets", test_debug_log);

  emulator = start_emulator (NULL);
  ret = g_test_run ();
  ac_test_emulator_free (emulator);

  return ret;
}
