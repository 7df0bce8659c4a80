/* test-user-info.c: AcUserInfo and the table of editable profile fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

/* The wire keys of each kind of field (authing-api.md §4.1) */
static const char *string_keys[] = {
  "arn", "userPoolId", "status", "username", "email", "phone", "unionid", "openid", "nickname",
  "photo", "oauth", "token", "lastLogin", "lastIP", "signedUp", "device", "browser", "company",
  "name", "givenName", "familyName", "middleName", "profile", "preferredUsername", "website",
  "gender", "birthdate", "zoneinfo", "locale", "address", "formatted", "streetAddress", "locality",
  "region", "postalCode", "city", "province", "country", "createdAt", "updatedAt", "externalId",
  "phoneCountryCode",
};
static const char *boolean_keys[] = { "emailVerified", "phoneVerified", "blocked", "isDeleted" };

static AcUserInfo *
user_from_string (const char  *json,
                  GError     **error)
{
  g_autoptr(JsonNode) root = core_test_parse (json);

  return ac_user_info_new_from_json (json_node_get_object (root), error);
}

static void
test_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("user.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = ac_user_info_new_from_json (json_node_get_object (root), &error);
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  gboolean email_verified = TRUE;
  gint64 logins = 0;

  g_assert_no_error (error);
  g_assert_nonnull (user);

  g_assert_cmpstr (ac_user_info_get_id (user), ==, "5f8d…");
  g_assert_cmpstr (ac_user_info_get_arn (user), ==, "arn:cn:authing:<pool>:user:<id>");
  g_assert_cmpstr (ac_user_info_get_user_pool_id (user), ==, "59f8…");
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "USERNAME");
  g_assert_null (ac_user_info_get_email (user));
  g_assert_false (ac_user_info_get_email_verified (user));
  g_assert_null (ac_user_info_get_phone (user));
  g_assert_false (ac_user_info_get_phone_verified (user));
  g_assert_cmpstr (ac_user_info_get_unionid (user), ==, "…");
  g_assert_null (ac_user_info_get_nickname (user));
  g_assert_cmpstr (ac_user_info_get_photo (user), ==,
                   "https://files.authing.co/user-contents/<pool>/avatar/<uuid>.jpg");
  g_assert_cmpstr (ac_user_info_get_token (user), ==, "<JWT>");
  g_assert_cmpint (ac_user_info_get_logins_count (user), ==, 1);
  g_assert_null (ac_user_info_get_last_ip (user));
  g_assert_false (ac_user_info_get_blocked (user));
  g_assert_false (ac_user_info_get_is_deleted (user));
  g_assert_cmpstr (ac_user_info_get_gender (user), ==, "U");
  g_assert_cmpstr (ac_user_info_get_profile (user), ==, "…");
  g_assert_null (ac_user_info_get_country (user));
  g_assert_null (ac_user_info_get_status (user));
  g_assert_null (ac_user_info_get_phone_country_code (user));
  g_assert_nonnull (ac_user_info_get_register_source (user));
  g_assert_null (ac_user_info_get_register_source (user)[0]);

  /* 2020-10-19T16:21:02+08:00 */
  g_assert_nonnull (ac_user_info_get_token_expired_at (user));
  g_assert_cmpint (g_date_time_to_unix (ac_user_info_get_token_expired_at (user)), ==, 1603095662);

  /* Nickname, name and preferred username are null: the username is shown */
  g_assert_cmpstr (ac_user_info_get_display_name (user), ==, "USERNAME");

  g_assert_cmpstr (ac_user_info_get_field (user, "username"), ==, "USERNAME");
  g_assert_cmpstr (ac_user_info_get_field (user, "emailVerified"), ==, "false");
  g_assert_cmpstr (ac_user_info_get_field (user, "loginsCount"), ==, "1");
  g_assert_cmpstr (ac_user_info_get_field (user, "tokenExpiredAt"), ==, "2020-10-19T16:21:02+08:00");
  g_assert_null (ac_user_info_get_field (user, "email"));
  g_assert_null (ac_user_info_get_field (user, "password"));
  g_assert_null (ac_user_info_get_field (user, "noSuchField"));

  g_object_get (user,
                "username", &username,
                "display-name", &display_name,
                "email-verified", &email_verified,
                "logins-count", &logins,
                "token-expired-at", &expiry,
                NULL);
  g_assert_cmpstr (username, ==, "USERNAME");
  g_assert_cmpstr (display_name, ==, "USERNAME");
  g_assert_false (email_verified);
  g_assert_cmpint (logins, ==, 1);
  g_assert_true (g_date_time_equal (expiry, ac_user_info_get_token_expired_at (user)));
}

static void
test_full (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("user-full.json");
  JsonObject *data = json_node_get_object (core_test_envelope_data (root));
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = ac_user_info_new_from_json (data, &error);
  g_autoptr(JsonObject) back = NULL;
  g_auto(GStrv) sources = NULL;

  g_assert_no_error (error);

  /* Every string field, by wire key and by its getter's property */
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    g_assert_cmpstr (ac_user_info_get_field (user, string_keys[i]), ==,
                     json_object_get_string_member (data, string_keys[i]));

  g_assert_cmpstr (ac_user_info_get_id (user), ==, "6123456789abcdef01234567");
  g_assert_cmpstr (ac_user_info_get_status (user), ==, "Activated");
  g_assert_cmpstr (ac_user_info_get_email (user), ==, "alice@example.com");
  g_assert_true (ac_user_info_get_email_verified (user));
  g_assert_cmpstr (ac_user_info_get_phone (user), ==, "13800000000");
  g_assert_false (ac_user_info_get_phone_verified (user));
  g_assert_cmpstr (ac_user_info_get_openid (user), ==, "o-1");
  g_assert_cmpstr (ac_user_info_get_oauth (user), ==, "{\"a\":1}");
  g_assert_cmpint (ac_user_info_get_logins_count (user), ==, 42);
  g_assert_cmpstr (ac_user_info_get_last_login (user), ==, "2026-11-27T09:00:00.000Z");
  g_assert_cmpstr (ac_user_info_get_last_ip (user), ==, "192.0.2.7");
  g_assert_cmpstr (ac_user_info_get_signed_up (user), ==, "2021-03-01T00:00:00.000Z");
  g_assert_cmpstr (ac_user_info_get_device (user), ==, "Laptop");
  g_assert_cmpstr (ac_user_info_get_browser (user), ==, "Firefox");
  g_assert_cmpstr (ac_user_info_get_company (user), ==, "Example Corp");
  g_assert_cmpstr (ac_user_info_get_name (user), ==, "Alice Example");
  g_assert_cmpstr (ac_user_info_get_given_name (user), ==, "Alice");
  g_assert_cmpstr (ac_user_info_get_family_name (user), ==, "Example");
  g_assert_cmpstr (ac_user_info_get_middle_name (user), ==, "Q");
  g_assert_cmpstr (ac_user_info_get_preferred_username (user), ==, "ally");
  g_assert_cmpstr (ac_user_info_get_website (user), ==, "https://alice.example.com");
  g_assert_cmpstr (ac_user_info_get_gender (user), ==, "F");
  g_assert_cmpstr (ac_user_info_get_birthdate (user), ==, "1990-05-17");
  g_assert_cmpstr (ac_user_info_get_zoneinfo (user), ==, "Europe/Paris");
  g_assert_cmpstr (ac_user_info_get_locale (user), ==, "en-US");
  g_assert_cmpstr (ac_user_info_get_address (user), ==, "1 Main St");
  g_assert_cmpstr (ac_user_info_get_formatted (user), ==, "1 Main St, Springfield");
  g_assert_cmpstr (ac_user_info_get_street_address (user), ==, "1 Main St");
  g_assert_cmpstr (ac_user_info_get_locality (user), ==, "Springfield");
  g_assert_cmpstr (ac_user_info_get_region (user), ==, "IL");
  g_assert_cmpstr (ac_user_info_get_postal_code (user), ==, "62701");
  g_assert_cmpstr (ac_user_info_get_city (user), ==, "Springfield");
  g_assert_cmpstr (ac_user_info_get_province (user), ==, "Illinois");
  g_assert_cmpstr (ac_user_info_get_country (user), ==, "US");
  g_assert_cmpstr (ac_user_info_get_created_at (user), ==, "2021-03-01T00:00:00.000Z");
  g_assert_cmpstr (ac_user_info_get_updated_at (user), ==, "2026-11-27T09:00:00.000Z");
  g_assert_cmpstr (ac_user_info_get_external_id (user), ==, "ext-7");
  g_assert_cmpstr (ac_user_info_get_phone_country_code (user), ==, "+86");
  g_assert_cmpstrv (ac_user_info_get_register_source (user),
                    ((const char *[]) { "basic:username-password", "import:manual", NULL }));
  g_assert_cmpstr (ac_user_info_get_field (user, "registerSource"), ==,
                   "basic:username-password, import:manual");
  g_assert_cmpstr (ac_user_info_get_field (user, "emailVerified"), ==, "true");
  g_assert_cmpstr (ac_user_info_get_field (user, "loginsCount"), ==, "42");
  g_object_get (user, "register-source", &sources, NULL);
  g_assert_cmpuint (g_strv_length (sources), ==, 2);

  /* 2026-12-12T08:00:00+08:00 = 00:00 UTC */
  g_assert_cmpint (g_date_time_to_unix (ac_user_info_get_token_expired_at (user)), ==, 1797033600);

  g_assert_cmpstr (ac_user_info_get_display_name (user), ==, "Ally");

  /* The password is never kept; unknown members are */
  back = ac_user_info_to_json (user);
  g_assert_false (json_object_has_member (back, "password"));
  g_assert_true (json_object_has_member (back, "someFutureField"));
  g_assert_cmpstr (json_object_get_string_member (back, "username"), ==, "alice");
}

static void
test_display_name (void)
{
  static const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{\"id\":\"1\",\"nickname\":\"N\",\"name\":\"A\",\"preferredUsername\":\"P\",\"username\":\"U\",\"email\":\"E\",\"phone\":\"T\"}", "N" },
    { "{\"id\":\"1\",\"nickname\":\"\",\"name\":\"A\",\"preferredUsername\":\"P\",\"username\":\"U\"}", "A" },
    { "{\"id\":\"1\",\"nickname\":null,\"preferredUsername\":\"P\",\"username\":\"U\"}", "P" },
    { "{\"id\":\"1\",\"username\":\"U\",\"email\":\"E\"}", "U" },
    { "{\"id\":\"1\",\"email\":\"e@example.com\",\"phone\":\"T\"}", "e@example.com" },
    { "{\"id\":\"1\",\"phone\":\"13800000000\"}", "13800000000" },
    { "{\"id\":\"only-id\"}", "only-id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AcUserInfo) user = user_from_string (cases[i].json, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ac_user_info_get_display_name (user), ==, cases[i].expected);
    }
}

static void
assert_refused (JsonObject *base,
                const char *key,
                JsonNode   *value)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  /* opening quote and key: "registerSource[1]" names registerSource too */
  g_autofree char *quoted = g_strdup_printf ("“%s", key);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, base);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  json_object_set_member (copy, key, value);

  user = ac_user_info_new_from_json (copy, &error);
  g_assert_null (user);
  core_test_assert_invalid (error, quoted);
}

static JsonNode *
node_from (const char *json)
{
  return core_test_parse (json);
}

static void
test_wrong_types (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("user-full.json");
  JsonObject *data = json_node_get_object (core_test_envelope_data (root));

  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    {
      assert_refused (data, string_keys[i], node_from ("42"));
      assert_refused (data, string_keys[i], node_from ("true"));
      assert_refused (data, string_keys[i], node_from ("{\"zh\":\"名\"}"));
      assert_refused (data, string_keys[i], node_from ("[\"x\"]"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (boolean_keys); i++)
    {
      assert_refused (data, boolean_keys[i], node_from ("\"false\""));
      assert_refused (data, boolean_keys[i], node_from ("0"));
      assert_refused (data, boolean_keys[i], node_from ("[]"));
    }

  assert_refused (data, "id", node_from ("true"));
  assert_refused (data, "id", node_from ("{}"));
  assert_refused (data, "id", node_from ("1.5"));
  assert_refused (data, "loginsCount", node_from ("\"42\""));
  assert_refused (data, "loginsCount", node_from ("4.2"));
  assert_refused (data, "loginsCount", node_from ("-1"));
  assert_refused (data, "loginsCount", node_from ("1e100"));
  assert_refused (data, "registerSource", node_from ("\"basic\""));
  assert_refused (data, "registerSource", node_from ("[\"ok\",7]"));
  assert_refused (data, "registerSource", node_from ("{}"));
  assert_refused (data, "tokenExpiredAt", node_from ("\"tomorrow\""));
  assert_refused (data, "tokenExpiredAt", node_from ("1603095662"));
  assert_refused (data, "userEntity", node_from ("\"not an object\""));
}

static void
test_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) from_sub = user_from_string ("{\"sub\":\"s-1\",\"username\":\"x\"}", &error);
  g_autoptr(AcUserInfo) numeric = NULL;
  g_autoptr(AcUserInfo) empty_with_sub = NULL;
  g_autoptr(AcUserInfo) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (from_sub), ==, "s-1");

  numeric = user_from_string ("{\"id\":42}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (numeric), ==, "42");

  empty_with_sub = user_from_string ("{\"id\":\"\",\"sub\":\"s-2\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (empty_with_sub), ==, "s-2");

  none = user_from_string ("{\"username\":\"x\",\"email\":\"x@example.com\"}", &error);
  g_assert_null (none);
  core_test_assert_invalid (error, "id");
  g_clear_error (&error);

  g_assert_null (user_from_string ("{\"id\":null}", &error));
  core_test_assert_invalid (error, "id");
  g_clear_error (&error);

  g_assert_null (user_from_string ("{\"id\":\"\"}", &error));
  core_test_assert_invalid (error, "id");
  g_clear_error (&error);

  g_assert_null (user_from_string ("{}", &error));
  core_test_assert_invalid (error, "id");
  g_clear_error (&error);

  g_assert_null (ac_user_info_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static void
test_nulls_and_unknown (void)
{
  GString *json = g_string_new ("{\"id\":\"1\"");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    g_string_append_printf (json, ",\"%s\":null", string_keys[i]);
  for (guint i = 0; i < G_N_ELEMENTS (boolean_keys); i++)
    g_string_append_printf (json, ",\"%s\":null", boolean_keys[i]);
  g_string_append (json, ",\"loginsCount\":null,\"registerSource\":null,\"tokenExpiredAt\":null,"
                   "\"identities\":[{\"a\":[[[[{}]]]]}],\"customData\":\"whatever\",\"x\":1e308}");
  text = g_string_free (json, FALSE);

  user = user_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (user), ==, "1");
  g_assert_null (ac_user_info_get_username (user));
  g_assert_null (ac_user_info_get_token_expired_at (user));
  g_assert_cmpint (ac_user_info_get_logins_count (user), ==, 0);
  g_assert_null (ac_user_info_get_field (user, "emailVerified"));
  g_assert_null (ac_user_info_get_field (user, "loginsCount"));
  g_assert_cmpstr (ac_user_info_get_display_name (user), ==, "1");
}

static void
test_huge_and_truncated (void)
{
  g_autofree char *big = core_test_repeat ('n', 70000);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"1\",\"nickname\":\"%s\"}", big);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) truncated = NULL;

  g_assert_null (user_from_string (json, &error));
  core_test_assert_invalid (error, "nickname");
  g_clear_error (&error);

  truncated = ac_json_parse ("{\"id\":\"1\",\"username\":\"ali", -1, &error);
  g_assert_null (truncated);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static void
test_fallbacks (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) wrapped = user_from_string (
    "{\"userEntity\":{\"id\":\"w\",\"username\":\"inner\"},\"id\":\"outer\"}", &error);
  g_autoptr(AcUserInfo) picture = NULL;
  g_autoptr(AcUserInfo) exp = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (wrapped), ==, "w");
  g_assert_cmpstr (ac_user_info_get_username (wrapped), ==, "inner");

  picture = user_from_string ("{\"id\":\"p\",\"picture\":\"https://x/p.png\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_photo (picture), ==, "https://x/p.png");

  {
    g_autoptr(AcUserInfo) empty = user_from_string ("{\"id\":\"x\",\"registerSource\":[],\"identities\":[]}", &error);

    g_assert_no_error (error);
    g_assert_null (ac_user_info_get_register_source (empty)[0]);
    g_assert_cmpstr (ac_user_info_get_field (empty, "registerSource"), ==, "");
  }

  exp = user_from_string ("{\"id\":\"e\",\"token\":\"t\",\"iat\":1632467937,\"exp\":1633677537}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (ac_user_info_get_token_expired_at (exp)), ==, 1633677537);

  g_assert_null (user_from_string ("{\"id\":\"e\",\"token\":\"t\",\"exp\":\"soon\"}", &error));
  core_test_assert_invalid (error, "exp");
}

static void
test_merge (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("user-full.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = ac_user_info_new_from_json (
    json_node_get_object (core_test_envelope_data (root)), &error);
  g_autoptr(JsonNode) refresh = core_test_parse (
    "{\"token\":\"new-token\",\"tokenExpiredAt\":\"2027-01-01T00:00:00Z\",\"iat\":1,\"exp\":2,"
    "\"nickname\":null,\"loginsCount\":43}");
  g_autoptr(JsonNode) graphql = core_test_parse ("{\"token\":\"gql\",\"iat\":1632467937,\"exp\":1633677537}");
  g_autoptr(JsonNode) bad = core_test_parse ("{\"token\":5}");
  g_autoptr(AcUserInfo) merged = NULL;
  g_autoptr(AcUserInfo) merged_gql = NULL;
  AcUserInfo *weak = NULL;

  g_assert_no_error (error);

  merged = ac_user_info_merge (user, json_node_get_object (refresh), &error);
  g_assert_no_error (error);
  g_assert_true (merged != user);
  g_assert_cmpstr (ac_user_info_get_token (merged), ==, "new-token");
  g_assert_cmpint (g_date_time_to_unix (ac_user_info_get_token_expired_at (merged)), ==, 1798761600);
  g_assert_null (ac_user_info_get_nickname (merged));                  /* null clears */
  g_assert_cmpint (ac_user_info_get_logins_count (merged), ==, 43);
  g_assert_cmpstr (ac_user_info_get_username (merged), ==, "alice");   /* kept */
  g_assert_cmpstr (ac_user_info_get_id (merged), ==, "6123456789abcdef01234567");
  g_assert_cmpstr (ac_user_info_get_display_name (merged), ==, "Alice Example");

  /* The old one is unchanged */
  g_assert_cmpstr (ac_user_info_get_token (user), ==, "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  g_assert_cmpstr (ac_user_info_get_nickname (user), ==, "Ally");

  /* A new token without tokenExpiredAt takes its expiry from exp, not the old one */
  merged_gql = ac_user_info_merge (user, json_node_get_object (graphql), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_token (merged_gql), ==, "gql");
  g_assert_cmpint (g_date_time_to_unix (ac_user_info_get_token_expired_at (merged_gql)), ==, 1633677537);

  g_assert_null (ac_user_info_merge (user, json_node_get_object (bad), &error));
  core_test_assert_invalid (error, "token");

  /* No reference is left behind */
  weak = merged;
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&merged);
  g_assert_null (weak);
  weak = user;
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&user);
  g_assert_null (weak);
}

static void
test_profile_fields (void)
{
  static const char *documented[] = {
    "username", "nickname", "company", "photo", "browser", "device", "name", "givenName",
    "familyName", "middleName", "profile", "preferredUsername", "website", "gender", "birthdate",
    "zoneinfo", "locale", "address", "streetAddress", "locality", "region", "postalCode", "city",
    "province", "country",
  };
  g_autoptr(JsonNode) root = core_test_load_fixture ("user-full.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = ac_user_info_new_from_json (
    json_node_get_object (core_test_envelope_data (root)), &error);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  const AcProfileField *fields;
  guint n = 0;

  g_assert_no_error (error);

  fields = ac_profile_fields (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (documented));
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_hash_table_add (keys, (gpointer) fields[i].key));   /* no duplicate */
      g_assert_true (ac_profile_field_lookup (fields[i].key) == &fields[i]);
      g_assert_nonnull (ac_profile_field_get_label (&fields[i]));
      g_assert_cmpstr (ac_profile_field_get_label (&fields[i]), !=, "");
      g_assert_nonnull (ac_profile_group_get_title (fields[i].group));
      /* every editable field is a field of the user */
      g_assert_nonnull (ac_user_info_get_field (user, fields[i].key));
    }
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    g_assert_true (g_hash_table_contains (keys, documented[i]));

  g_assert_null (ac_profile_field_lookup ("email"));
  g_assert_null (ac_profile_field_lookup ("phone"));
  g_assert_null (ac_profile_field_lookup ("password"));
  g_assert_null (ac_profile_field_lookup (NULL));

  g_assert_cmpint (ac_profile_field_lookup ("gender")->kind, ==, AC_PROFILE_KIND_GENDER);
  g_assert_cmpint (ac_profile_field_lookup ("birthdate")->kind, ==, AC_PROFILE_KIND_DATE);
  g_assert_cmpint (ac_profile_field_lookup ("website")->kind, ==, AC_PROFILE_KIND_URL);
  g_assert_cmpint (ac_profile_field_lookup ("photo")->kind, ==, AC_PROFILE_KIND_IMAGE);
  g_assert_cmpint (ac_profile_field_lookup ("company")->group, ==, AC_PROFILE_GROUP_WORK);
  g_assert_cmpint (ac_profile_field_lookup ("postalCode")->group, ==, AC_PROFILE_GROUP_ADDRESS);
  g_assert_cmpint (ac_profile_field_lookup ("givenName")->group, ==, AC_PROFILE_GROUP_NAMES);
}

static void
assert_valid (const char *key,
              const char *value,
              gboolean    valid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ac_profile_field_validate (ac_profile_field_lookup (key), value, &error);

  if (valid)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
    }
}

static void
test_profile_validate (void)
{
  g_autofree char *long_text = core_test_repeat ('a', 1025);

  assert_valid ("gender", "F", TRUE);
  assert_valid ("gender", "M", TRUE);
  assert_valid ("gender", "U", TRUE);
  assert_valid ("gender", "X", FALSE);
  assert_valid ("gender", "female", FALSE);
  assert_valid ("gender", "", TRUE);
  assert_valid ("gender", NULL, TRUE);
  assert_valid ("birthdate", "1990-02-28", TRUE);
  assert_valid ("birthdate", "2000-02-29", TRUE);
  assert_valid ("birthdate", "1990-02-30", FALSE);
  assert_valid ("birthdate", "1990-2-3", FALSE);
  assert_valid ("birthdate", "yesterday", FALSE);
  assert_valid ("website", "https://example.com/~me", TRUE);
  assert_valid ("website", "ftp://example.com", FALSE);
  assert_valid ("website", "example.com", FALSE);
  assert_valid ("website", "https://", FALSE);
  assert_valid ("zoneinfo", "Europe/Paris", TRUE);
  assert_valid ("zoneinfo", "Europe/Paris; rm -rf", FALSE);
  assert_valid ("locale", "en-US", TRUE);
  assert_valid ("locale", "zh_CN.UTF-8", TRUE);
  assert_valid ("locale", "en US", FALSE);
  assert_valid ("nickname", "小明 ✓", TRUE);
  assert_valid ("nickname", "line\nbreak", FALSE);
  assert_valid ("nickname", long_text, FALSE);
  assert_valid ("nickname", "\xff\xfe", FALSE);
}

static void
test_no_leak (void)
{
  g_autoptr(GError) error = NULL;
  AcUserInfo *user = user_from_string ("{\"id\":\"1\",\"username\":\"u\",\"tokenExpiredAt\":\"2020-10-19T16:21:02+08:00\"}", &error);
  AcUserInfo *weak = user;

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (user), (gpointer *) &weak);
  g_object_unref (user);
  g_assert_null (weak);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/user-info/example", test_example);
  g_test_add_func ("/core/user-info/full", test_full);
  g_test_add_func ("/core/user-info/display-name", test_display_name);
  g_test_add_func ("/core/user-info/wrong-types", test_wrong_types);
  g_test_add_func ("/core/user-info/ids", test_ids);
  g_test_add_func ("/core/user-info/nulls-and-unknown", test_nulls_and_unknown);
  g_test_add_func ("/core/user-info/huge-and-truncated", test_huge_and_truncated);
  g_test_add_func ("/core/user-info/fallbacks", test_fallbacks);
  g_test_add_func ("/core/user-info/merge", test_merge);
  g_test_add_func ("/core/user-info/no-leak", test_no_leak);
  g_test_add_func ("/core/profile-fields/table", test_profile_fields);
  g_test_add_func ("/core/profile-fields/validate", test_profile_validate);

  return g_test_run ();
}
