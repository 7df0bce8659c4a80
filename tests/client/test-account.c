/* test-account.c: AcAccount against a real emulator: load-all in about one round trip, one
 * items-changed per refresh, paging, filters kept by a refresh, the state of each part,
 * clearing, expiry and lifetimes; the writes (typed profile and custom field changes: only
 * what changed is sent, the user comes from the answer) and AcProfileChanges itself.
 *
 * The requests are read from the client's traffic log (G_MESSAGES_DEBUG=ac-client, secrets
 * hidden), captured by a log writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "client-util.h"

#define LATENCY_MS 300

/* The client's traffic: every line it sends ("> POST /api/v2/... HTTP/1.1", headers, and
 * "> body of POST /api/v2/...: {...}"). */
static GPtrArray *traffic;

static GLogWriterOutput
traffic_writer (GLogLevelFlags   level,
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

  if (level & G_LOG_LEVEL_DEBUG)
    {
      if (g_strcmp0 (domain, "ac-client") == 0 && message != NULL && g_str_has_prefix (message, "> "))
        g_ptr_array_add (traffic, g_strdup (message + 2));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
traffic_reset (void)
{
  g_ptr_array_set_size (traffic, 0);
}

/* How many requests "METHOD PATH" were sent since traffic_reset(). */
static guint
traffic_count (const char *method,
               const char *path)
{
  g_autofree char *line = g_strdup_printf ("%s %s ", method, path);
  guint n = 0;

  for (guint i = 0; i < traffic->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (traffic, i), line))
      n++;
  return n;
}

/* The body sent with the last request "METHOD PATH", parsed (the log shows it as
 * "body of METHOD PATH: {...}"). */
static JsonObject *
traffic_body (const char *method,
              const char *path)
{
  g_autofree char *prefix = g_strdup_printf ("body of %s %s: ", method, path);

  for (guint i = traffic->len; i > 0; i--)
    {
      const char *line = g_ptr_array_index (traffic, i - 1);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (g_str_has_prefix (line, prefix) &&
          json_parser_load_from_data (parser, line + strlen (prefix), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }

  g_error ("no body sent with %s %s", method, path);
  return NULL;
}

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

  /* the roles of every namespace, as the roles page shows them first */
  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 3);
  g_assert_null (ac_account_get_roles_namespace (account));

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
  g_assert_cmpuint (all.roles.last_removed, ==, 3);
  g_assert_cmpuint (all.roles.last_added, ==, 3);
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

static AcCustomField *
find_field (AcAccount  *account,
            const char *key)
{
  GListModel *fields = ac_account_get_custom_fields (account);

  for (guint i = 0; i < n_items (fields); i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (fields, i);

      if (g_str_equal (ac_custom_field_get_key (field), key))
        return g_steal_pointer (&field);
    }
  g_error ("no custom field %s", key);
  return NULL;
}

static gboolean
save_fields (AcAccount  *account,
             GPtrArray  *changes,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_save_custom_fields_async (account, changes, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_account_save_custom_fields_finish (account, result, error);
}

static void
test_save_custom_fields (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AcCustomField) school = NULL;
  g_autoptr(AcCustomField) age = NULL;
  g_autoptr(AcCustomField) hired = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  AllChanges all = { { 0 } };
  gboolean found = FALSE;
  JsonArray *udfs;

  g_assert_true (load_all (account, NULL, &error));
  watch_stores (account, &all);

  /* Typed changes: a string, a number typed as text, and a date-time cleared. */
  school = find_field (account, "school");
  age = find_field (account, "age");
  hired = find_field (account, "hired");
  g_ptr_array_add (changes, ac_custom_field_new_changed (school, "ETH"));
  g_ptr_array_add (changes, ac_custom_field_new_changed (age, "31"));
  g_ptr_array_add (changes, ac_custom_field_new_changed (hired, ""));
  g_assert_cmpstr (ac_custom_field_get_value (school), ==, "MIT");

  traffic_reset ();
  g_assert_true (save_fields (account, changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all.custom_fields.n_changes, ==, 1);
  g_assert_cmpint (ac_account_get_part_state (account, AC_ACCOUNT_PART_CUSTOM_FIELDS), ==, AC_LOAD_STATE_LOADED);

  /* Exactly the three fields went out, each as its native JSON value; nothing was re-read. */
  g_assert_cmpuint (traffic_count ("POST", "/api/v2/udfs/values"), ==, 1);
  g_assert_cmpuint (traffic_count ("POST", "/api/v2/udvs/get"), ==, 0);
  body = traffic_body ("POST", "/api/v2/udfs/values");
  udfs = json_object_get_array_member (body, "udfs");
  g_assert_cmpuint (json_array_get_length (udfs), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *udf = json_array_get_object_element (udfs, i);
      const char *key = json_object_get_string_member (udf, "definition");
      JsonNode *value = json_object_get_member (udf, "value");

      if (g_str_equal (key, "school"))
        g_assert_cmpstr (json_node_get_string (value), ==, "ETH");
      else if (g_str_equal (key, "age"))
        g_assert_cmpint (json_node_get_int (value), ==, 31);
      else if (g_str_equal (key, "hired"))
        g_assert_true (JSON_NODE_HOLDS_NULL (value));
      else
        g_error ("%s was sent", key);
    }

  for (guint i = 0; i < n_items (ac_account_get_custom_fields (account)); i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (ac_account_get_custom_fields (account), i);

      if (g_str_equal (ac_custom_field_get_key (field), "school"))
        {
          g_assert_cmpstr (ac_custom_field_get_value (field), ==, "ETH");
          found = TRUE;
        }
      if (g_str_equal (ac_custom_field_get_key (field), "age"))
        g_assert_cmpstr (ac_custom_field_get_value (field), ==, "31");
      if (g_str_equal (ac_custom_field_get_key (field), "hired"))
        g_assert_cmpstr (ac_custom_field_get_value (field), ==, "");
      /* the answer keeps the choices of a SELECT field, so its editor still works */
      if (g_str_equal (ac_custom_field_get_key (field), "shirt"))
        g_assert_cmpuint (g_strv_length ((char **) ac_custom_field_get_option_values (field)), ==, 3);
    }
  g_assert_true (found);

  /* A value of the wrong type is refused before anything is sent, naming the field. */
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_add (changes, ac_custom_field_new_changed (age, "thirty"));
  traffic_reset ();
  g_assert_false (save_fields (account, changes, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, ac_custom_field_get_label (age)));
  g_clear_error (&error);
  g_assert_cmpuint (traffic->len, ==, 0);
  g_assert_cmpuint (all.custom_fields.n_changes, ==, 1);
}

static void
user_notified_cb (AcAccount  *account,
                  GParamSpec *pspec,
                  guint      *count)
{
  (*count)++;
}

static gboolean
update_profile (AcAccount         *account,
                AcProfileChanges  *changes,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_update_profile_async (account, changes, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_account_update_profile_finish (account, result, error);
}

static void
test_update_profile (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcClient) elsewhere = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(AcProfileChanges) changes = ac_profile_changes_new ();
  g_autoptr(AcProfileChanges) other = ac_profile_changes_new ();
  g_autoptr(AcAccount) other_account = ac_account_new (elsewhere);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(AcUserInfo) stored = NULL;
  g_autoptr(GError) error = NULL;
  AcUserInfo *before;
  guint notified = 0;

  before = ac_account_get_user (account);
  g_assert_nonnull (before);
  g_assert_cmpstr (ac_user_info_get_company (before), ==, "Example Corp");
  g_signal_connect (account, "notify::user", G_CALLBACK (user_notified_cb), &notified);

  /* Someone changes the company elsewhere; this account still shows the old one. */
  ac_profile_changes_set (other, "company", "Changed Elsewhere");
  g_assert_true (update_profile (other_account, other, &error));
  g_assert_no_error (error);

  /* This account changes the nickname and clears the city: only those two go out. */
  ac_profile_changes_set (changes, "nickname", "Ally");
  ac_profile_changes_set (changes, "city", "");
  traffic_reset ();
  g_assert_true (update_profile (account, changes, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (traffic_count ("POST", "/api/v2/users/profile/update"), ==, 1);
  body = traffic_body ("POST", "/api/v2/users/profile/update");
  g_assert_cmpuint (json_object_get_size (body), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "nickname"), ==, "Ally");
  g_assert_true (json_object_get_null_member (body, "city"));

  /* The user comes from the answer: no second users/me, one notify, and the company the
   * server holds (changed elsewhere) was not sent back. */
  g_assert_cmpuint (traffic_count ("GET", "/api/v2/users/me"), ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (ac_account_get_user (account) != before);
  g_assert_cmpstr (ac_user_info_get_nickname (ac_account_get_user (account)), ==, "Ally");
  g_assert_cmpstr (ac_user_info_get_company (ac_account_get_user (account)), ==, "Changed Elsewhere");
  g_assert_true (ac_user_info_get_city (ac_account_get_user (account)) == NULL ||
                 *ac_user_info_get_city (ac_account_get_user (account)) == '\0');
  stored = current_user (elsewhere, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_nickname (stored), ==, "Ally");
  g_assert_cmpstr (ac_user_info_get_company (stored), ==, "Changed Elsewhere");

  /* No changes: nothing is sent. */
  g_clear_object (&changes);
  changes = ac_profile_changes_new ();
  traffic_reset ();
  g_assert_true (update_profile (account, changes, &error));
  g_assert_cmpuint (traffic->len, ==, 0);

  /* A value the field does not accept: refused before sending, naming the field. */
  ac_profile_changes_set (changes, "website", "not a web address");
  g_assert_false (update_profile (account, changes, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, ac_profile_field_get_label (ac_profile_field_lookup ("website"))));
  g_clear_error (&error);
  g_assert_cmpuint (traffic->len, ==, 0);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_profile_changes (void)
{
  g_autoptr(AcProfileChanges) changes = ac_profile_changes_new ();
  g_autoptr(JsonObject) json = NULL;
  g_autofree const char **keys = NULL;
  g_autoptr(GError) error = NULL;
  const char *value = "unset";

  g_assert_cmpuint (ac_profile_changes_get_size (changes), ==, 0);
  g_assert_false (ac_profile_changes_lookup (changes, "nickname", &value));

  /* Set in any order, listed in the order of the field table; the last value wins. */
  ac_profile_changes_set (changes, "birthdate", "1990-02-03");
  ac_profile_changes_set (changes, "nickname", "first");
  ac_profile_changes_set (changes, "nickname", "second");
  ac_profile_changes_set (changes, "gender", NULL);
  g_assert_cmpuint (ac_profile_changes_get_size (changes), ==, 3);
  g_assert_true (ac_profile_changes_lookup (changes, "nickname", &value));
  g_assert_cmpstr (value, ==, "second");
  g_assert_true (ac_profile_changes_lookup (changes, "gender", &value));
  g_assert_null (value);

  keys = ac_profile_changes_get_keys (changes);
  g_assert_cmpuint (g_strv_length ((char **) keys), ==, 3);
  {
    const AcProfileField *fields;
    guint n_fields = 0, last = 0;

    fields = ac_profile_fields (&n_fields);
    for (guint k = 0; keys[k] != NULL; k++)
      for (guint i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, keys[k]))
          {
            g_assert_cmpuint (i, >=, last);
            last = i;
          }
  }

  json = ac_profile_changes_to_json (changes);
  g_assert_cmpuint (json_object_get_size (json), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json, "nickname"), ==, "second");
  g_assert_cmpstr (json_object_get_string_member (json, "birthdate"), ==, "1990-02-03");
  g_assert_true (json_object_get_null_member (json, "gender"));
  g_assert_true (ac_profile_changes_validate (changes, &error));
  g_assert_no_error (error);

  ac_profile_changes_remove (changes, "gender");
  g_assert_false (ac_profile_changes_lookup (changes, "gender", NULL));
  ac_profile_changes_set (changes, "birthdate", "1990-13-40");
  g_assert_false (ac_profile_changes_validate (changes, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
}

static void
part_changed_cb (AcAccount *account,
                 guint      part,
                 GString   *log)
{
  static const char *names[] = { "none", "loading", "loaded", "failed" };

  if (part == AC_ACCOUNT_PART_ROLES)
    g_string_append_printf (log, "%s ", names[ac_account_get_part_state (account, part)]);
}

static gboolean
load_roles (AcAccount   *account,
            const char  *namespace_,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_load_roles_async (account, namespace_, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_account_load_roles_finish (account, result, error);
}

static void
test_part_state (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);

  /* Signed in: the user is there, nothing else was asked for. */
  g_assert_cmpint (ac_account_get_part_state (account, AC_ACCOUNT_PART_USER), ==, AC_LOAD_STATE_LOADED);
  for (guint i = AC_ACCOUNT_PART_CUSTOM_FIELDS; i < AC_ACCOUNT_N_PARTS; i++)
    g_assert_cmpint (ac_account_get_part_state (account, i), ==, AC_LOAD_STATE_NONE);

  g_signal_connect (account, "part-changed", G_CALLBACK (part_changed_cb), log);
  g_assert_true (load_roles (account, "billing", &error));
  g_assert_cmpstr (log->str, ==, "loading loaded ");
  g_assert_null (ac_account_get_part_error (account, AC_ACCOUNT_PART_ROLES));

  /* A failed load: FAILED with its error, and the store as it was. */
  ac_test_emulator_stop (emulator);
  g_string_truncate (log, 0);
  g_assert_false (load_roles (account, NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpstr (log->str, ==, "loading failed ");
  g_assert_error ((GError *) ac_account_get_part_error (account, AC_ACCOUNT_PART_ROLES), AC_ERROR, AC_ERROR_NETWORK);
  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 1);
  g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, "billing");

  /* A cancelled load goes back to what was there. */
  g_string_truncate (log, 0);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    ac_account_load_roles_async (account, NULL, cancellable, ac_test_result_cb, &result);
    g_cancellable_cancel (cancellable);
    ac_test_await (&result, AWAIT_S);
    g_assert_false (ac_account_load_roles_finish (account, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpstr (log->str, ==, "loading failed ");

  /* Back again: a load of everything asks for what was last asked for (every namespace,
   * the last thing the roles were asked for), and signing out forgets all of it. */
  g_assert_true (ac_test_emulator_restart (emulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (load_all (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ac_account_get_roles_namespace (account));
  g_assert_cmpuint (n_items (ac_account_get_roles (account)), ==, 3);
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    g_assert_cmpint (ac_account_get_part_state (account, i), ==, AC_LOAD_STATE_LOADED);

  g_assert_true (load_roles (account, "billing", &error));
  {
    g_autoptr(GAsyncResult) result = NULL;

    ac_account_load_resources_async (account, "default", "DATA", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_true (ac_account_load_resources_finish (account, result, &error));
  }
  g_signal_handlers_disconnect_by_data (account, log);
  g_assert_true (load_all (account, NULL, &error));
  g_assert_cmpstr (ac_account_get_roles_namespace (account), ==, "billing");
  g_assert_cmpstr (ac_account_get_resources_type (account), ==, "DATA");
  g_assert_cmpuint (n_items (ac_account_get_resources (account)), ==, 1);

  ac_account_clear (account);
  for (guint i = AC_ACCOUNT_PART_CUSTOM_FIELDS; i < AC_ACCOUNT_N_PARTS; i++)
    g_assert_cmpint (ac_account_get_part_state (account, i), ==, AC_LOAD_STATE_NONE);
  g_assert_true (load_all (account, NULL, &error));
  g_assert_null (ac_account_get_roles_namespace (account));
  g_assert_null (ac_account_get_resources_type (account));
}

static void
expiry_notified_cb (AcAccount  *account,
                    GParamSpec *pspec,
                    guint      *count)
{
  (*count)++;
}

static void
test_refresh_token (void)
{
  g_autoptr(AcTestEmulator) emulator = start_emulator (NULL);
  g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_token = g_strdup (ac_client_get_token (client));
  guint notified = 0;

  g_assert_nonnull (ac_account_get_token_expires_at (account));
  g_signal_connect (account, "notify::token-expires-at", G_CALLBACK (expiry_notified_cb), &notified);

  /* A second apart, so that the new token expires later. */
  ac_test_run_for (1100);
  ac_account_refresh_token_async (account, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  g_assert_true (ac_account_refresh_token_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ac_client_get_token (client), !=, old_token);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_true (ac_account_get_token_expires_at (account) == ac_client_get_token_expires_at (client));
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
  /* The clients log their traffic (secrets hidden): the tests read the requests from it. */
  g_setenv ("G_MESSAGES_DEBUG", "ac-client", TRUE);
  traffic = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (traffic_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/load-all", test_load_all);
  g_test_add_func ("/account/pages-and-filters", test_pages_and_filters);
  g_test_add_func ("/account/save-custom-fields", test_save_custom_fields);
  g_test_add_func ("/account/update-profile", test_update_profile);
  g_test_add_func ("/account/profile-changes", test_profile_changes);
  g_test_add_func ("/account/part-state", test_part_state);
  g_test_add_func ("/account/refresh-token", test_refresh_token);
  g_test_add_func ("/account/sign-out-clears", test_sign_out_clears);
  g_test_add_func ("/account/other-person-clears", test_other_person_clears);
  g_test_add_func ("/account/session-expired", test_session_expired);
  g_test_add_func ("/account/cancel-load-all", test_cancel_load_all);
  g_test_add_func ("/account/dropped-during-load", test_dropped_during_load);

  return g_test_run ();
}
