/* test-models.c: AcApplication, AcRole, AcResource and AcSecurityLevel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

/* Applications */

static void
test_application_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("applications.json");
  JsonObject *data = json_node_get_object (core_test_envelope_data (root));
  JsonArray *list = json_object_get_array_member (data, "list");
  g_autoptr(GError) error = NULL;
  AcApplication *app;
  g_autofree char *app_type = NULL;
  gboolean is_integrate = TRUE;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  app = ac_application_new_from_json (json_array_get_object_element (list, 0), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ac_application_get_id (app), ==, "61ae…");
  g_assert_cmpstr (ac_application_get_name (app), ==, "lance-test");
  g_assert_cmpstr (ac_application_get_logo (app), ==,
                   "https://files.authing.co/authing-console/default-app-logo.png");
  g_assert_cmpstr (ac_application_get_domain (app), ==, "lance-test");
  g_assert_null (ac_application_get_description (app));
  g_assert_cmpstr (ac_application_get_created_at (app), ==, "2021-12-06T13:14:01.123Z");
  g_assert_cmpstr (ac_application_get_updated_at (app), ==, "2022-01-20T10:51:02.806Z");
  g_assert_cmpstr (ac_application_get_protocol (app), ==, "oidc");
  g_assert_false (ac_application_get_is_integrate (app));
  g_assert_cmpstr (ac_application_get_app_type (app), ==, "INDIVIDUAL");
  g_assert_null (ac_application_get_template (app));

  g_object_get (app, "app-type", &app_type, "is-integrate", &is_integrate, NULL);
  g_assert_cmpstr (app_type, ==, "INDIVIDUAL");
  g_assert_false (is_integrate);

  g_assert_true (ac_application_matches (app, "LANCE"));
  g_assert_true (ac_application_matches (app, ""));
  g_assert_false (ac_application_matches (app, "wiki"));

  core_test_assert_finalized (app);
}

static void
test_application_hostile (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_application_new_from_json;
  g_autoptr(AcApplication) minimal = core_test_build (f, "{\"id\":\"a\",\"unknown\":{\"deep\":[[[]]]},\"name\":null,"
                                               "\"logo\":null,\"isIntegrate\":null}");
  g_autoptr(AcApplication) numeric_id = core_test_build (f, "{\"id\":7}");

  g_assert_cmpstr (ac_application_get_id (minimal), ==, "a");
  g_assert_null (ac_application_get_name (minimal));
  g_assert_false (ac_application_get_is_integrate (minimal));
  g_assert_cmpstr (ac_application_get_id (numeric_id), ==, "7");

  core_test_assert_refused (f, "{}", "id");
  core_test_assert_refused (f, "{\"id\":null,\"name\":\"x\"}", "id");
  core_test_assert_refused (f, "{\"id\":\"\"}", "id");
  core_test_assert_refused (f, "{\"id\":[\"a\"]}", "id");
  core_test_assert_refused (f, "{\"id\":\"a\",\"name\":42}", "name");
  core_test_assert_refused (f, "{\"id\":\"a\",\"logo\":{}}", "logo");
  core_test_assert_refused (f, "{\"id\":\"a\",\"domain\":true}", "domain");
  core_test_assert_refused (f, "{\"id\":\"a\",\"description\":[]}", "description");
  core_test_assert_refused (f, "{\"id\":\"a\",\"protocol\":1}", "protocol");
  core_test_assert_refused (f, "{\"id\":\"a\",\"appType\":1}", "appType");
  core_test_assert_refused (f, "{\"id\":\"a\",\"isIntegrate\":\"false\"}", "isIntegrate");
  core_test_assert_refused (f, "{\"id\":\"a\",\"template\":{\"x\":1}}", "template");
  core_test_assert_refused (f, "{\"id\":\"a\",\"createdAt\":1638796441}", "createdAt");
  core_test_assert_refused (f, "{\"id\":\"a\",\"updatedAt\":false}", "updatedAt");
}

/* Roles */

static void
test_role_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("roles.json");
  JsonArray *list = json_node_get_array (core_test_envelope_data (root));
  g_autoptr(GError) error = NULL;
  AcRole *role;
  g_autofree char *namespace_id = NULL;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  role = ac_role_new_from_json (json_array_get_object_element (list, 0), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ac_role_get_id (role), ==, "61ad…");
  g_assert_cmpstr (ac_role_get_code (role), ==, "admin");
  g_assert_null (ac_role_get_description (role));
  g_assert_null (ac_role_get_parent_code (role));
  g_assert_false (ac_role_get_is_system (role));
  g_assert_cmpstr (ac_role_get_namespace_id (role), ==, "36141");
  g_assert_cmpstr (ac_role_get_namespace (role), ==, "60caaf414f9323f25f64b2f4");
  g_assert_cmpstr (ac_role_get_user_pool_id (role), ==, "60ca…");
  g_assert_cmpstr (ac_role_get_created_at (role), ==, "…");
  g_assert_null (ac_role_get_arn (role));

  g_object_get (role, "namespace-id", &namespace_id, NULL);
  g_assert_cmpstr (namespace_id, ==, "36141");

  g_assert_true (ac_role_matches (role, "ADM"));
  g_assert_true (ac_role_matches (role, "60caaf"));
  g_assert_false (ac_role_matches (role, "editor"));

  core_test_assert_finalized (role);
}

static void
test_role_variants (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_role_new_from_json;
  g_autoptr(AcRole) string_ns = core_test_build (f, "{\"id\":\"r\",\"code\":\"editor\",\"namespaceId\":\"ns-7\","
                                          "\"namespace\":\"default\",\"isSystem\":true,"
                                          "\"description\":\"Edits\",\"parentCode\":\"writer\"}");
  g_autoptr(AcRole) graphql = core_test_build (f, "{\"code\":\"dev\",\"namespace\":\"default\",\"arn\":\"arn:x\","
                                        "\"parent\":{\"code\":\"staff\",\"namespace\":\"default\"}}");

  g_assert_cmpstr (ac_role_get_namespace_id (string_ns), ==, "ns-7");
  g_assert_true (ac_role_get_is_system (string_ns));
  g_assert_cmpstr (ac_role_get_parent_code (string_ns), ==, "writer");
  g_assert_true (ac_role_matches (string_ns, "edits"));

  g_assert_null (ac_role_get_id (graphql));
  g_assert_cmpstr (ac_role_get_parent_code (graphql), ==, "staff");
  g_assert_cmpstr (ac_role_get_arn (graphql), ==, "arn:x");

  core_test_assert_refused (f, "{\"id\":\"r\"}", "code");
  core_test_assert_refused (f, "{\"code\":\"\"}", "code");
  core_test_assert_refused (f, "{\"code\":5}", "code");
  core_test_assert_refused (f, "{\"code\":\"c\",\"id\":{}}", "id");
  core_test_assert_refused (f, "{\"code\":\"c\",\"isSystem\":\"false\"}", "isSystem");
  core_test_assert_refused (f, "{\"code\":\"c\",\"namespaceId\":1.5}", "namespaceId");
  core_test_assert_refused (f, "{\"code\":\"c\",\"namespaceId\":true}", "namespaceId");
  core_test_assert_refused (f, "{\"code\":\"c\",\"namespace\":[]}", "namespace");
  core_test_assert_refused (f, "{\"code\":\"c\",\"description\":0}", "description");
  core_test_assert_refused (f, "{\"code\":\"c\",\"parentCode\":{}}", "parentCode");
  core_test_assert_refused (f, "{\"code\":\"c\",\"parent\":\"staff\"}", "parent");
  core_test_assert_refused (f, "{\"code\":\"c\",\"parent\":{\"code\":1}}", "code");
}

/* Resources */

static void
test_resource_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("resources.json");
  JsonObject *data = json_node_get_object (root);
  JsonArray *list = json_object_get_array_member (data, "list");
  g_autoptr(GError) error = NULL;
  AcResource *resource;
  AcResourceType type = AC_RESOURCE_TYPE_UNKNOWN;
  g_auto(GStrv) actions = NULL;

  g_assert_cmpint (json_object_get_int_member (data, "totalCount"), ==, 1);
  resource = ac_resource_new_from_json (json_array_get_object_element (list, 0), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ac_resource_get_code (resource), ==, "ci:*");
  g_assert_cmpint (ac_resource_get_resource_type (resource), ==, AC_RESOURCE_TYPE_DATA);
  g_assert_cmpstr (ac_resource_get_type_string (resource), ==, "DATA");
  g_assert_cmpstrv (ac_resource_get_actions (resource), ((const char *[]) { "*", NULL }));
  g_assert_null (ac_resource_get_api_identifier (resource));
  g_assert_null (ac_resource_get_namespace (resource));

  g_object_get (resource, "resource-type", &type, "actions", &actions, NULL);
  g_assert_cmpint (type, ==, AC_RESOURCE_TYPE_DATA);
  g_assert_cmpstrv (actions, ((const char *[]) { "*", NULL }));

  core_test_assert_finalized (resource);
}

static void
namespace_notified_cb (GObject    *object,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_resource_variants (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_resource_new_from_json;
  g_autoptr(AcResource) menu = core_test_build (f, "{\"code\":\"menu:home\",\"type\":\"MENU\"}");
  g_autoptr(AcResource) data = core_test_build (f, "{\"code\":\"books\",\"type\":\"DATA\","
                                         "\"actions\":[\"books:delete\",\"books:update\"],"
                                         "\"apiIdentifier\":\"https://api.example.com/books\"}");
  g_autoptr(AcResource) unknown = core_test_build (f, "{\"code\":\"x\",\"type\":\"WIDGET\",\"actions\":null}");
  g_autoptr(AcResource) no_type = core_test_build (f, "{\"code\":\"y\"}");
  g_autoptr(AcResource) empty_actions = core_test_build (f, "{\"code\":\"z\",\"type\":\"API\",\"actions\":[]}");
  guint notified = 0;

  /* MENU items come without actions */
  g_assert_nonnull (ac_resource_get_actions (menu));
  g_assert_null (ac_resource_get_actions (menu)[0]);
  g_assert_cmpint (ac_resource_get_resource_type (menu), ==, AC_RESOURCE_TYPE_MENU);

  g_assert_cmpuint (g_strv_length ((GStrv) ac_resource_get_actions (data)), ==, 2);
  g_assert_cmpstr (ac_resource_get_api_identifier (data), ==, "https://api.example.com/books");
  g_assert_true (ac_resource_matches (data, "UPDATE"));
  g_assert_true (ac_resource_matches (data, "api.example"));
  g_assert_false (ac_resource_matches (data, "menu"));

  g_assert_cmpint (ac_resource_get_resource_type (unknown), ==, AC_RESOURCE_TYPE_UNKNOWN);
  g_assert_cmpstr (ac_resource_get_type_string (unknown), ==, "WIDGET");
  g_assert_null (ac_resource_get_actions (unknown)[0]);
  g_assert_cmpint (ac_resource_get_resource_type (no_type), ==, AC_RESOURCE_TYPE_UNKNOWN);
  g_assert_null (ac_resource_get_actions (empty_actions)[0]);
  g_assert_cmpint (ac_resource_get_resource_type (empty_actions), ==, AC_RESOURCE_TYPE_API);

  /* The namespace is recorded by the client */
  g_signal_connect (data, "notify::namespace", G_CALLBACK (namespace_notified_cb), &notified);
  ac_resource_set_namespace (data, "default");
  ac_resource_set_namespace (data, "default");
  g_assert_cmpstr (ac_resource_get_namespace (data), ==, "default");
  g_assert_cmpuint (notified, ==, 1);
  ac_resource_set_namespace (data, NULL);
  g_assert_null (ac_resource_get_namespace (data));
  g_assert_cmpuint (notified, ==, 2);

  core_test_assert_refused (f, "{}", "code");
  core_test_assert_refused (f, "{\"code\":\"\"}", "code");
  core_test_assert_refused (f, "{\"code\":1}", "code");
  core_test_assert_refused (f, "{\"code\":\"c\",\"type\":1}", "type");
  core_test_assert_refused (f, "{\"code\":\"c\",\"actions\":\"*\"}", "actions");
  core_test_assert_refused (f, "{\"code\":\"c\",\"actions\":[\"a\",{}]}", "actions[1]");
  core_test_assert_refused (f, "{\"code\":\"c\",\"apiIdentifier\":[]}", "apiIdentifier");
}

static void
test_resource_types (void)
{
  static const char *names[] = { "DATA", "API", "MENU", "UI", "BUTTON" };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AcResourceType type = ac_resource_type_from_string (names[i]);

      g_assert_cmpint (type, !=, AC_RESOURCE_TYPE_UNKNOWN);
      g_assert_cmpstr (ac_resource_type_to_string (type), ==, names[i]);
      g_assert_true (g_hash_table_add (labels, (gpointer) ac_resource_type_get_label (type)));
    }
  g_assert_cmpint (ac_resource_type_from_string ("data"), ==, AC_RESOURCE_TYPE_DATA);
  g_assert_cmpint (ac_resource_type_from_string ("FILE"), ==, AC_RESOURCE_TYPE_UNKNOWN);
  g_assert_cmpint (ac_resource_type_from_string (NULL), ==, AC_RESOURCE_TYPE_UNKNOWN);
  g_assert_null (ac_resource_type_to_string (AC_RESOURCE_TYPE_UNKNOWN));
  g_assert_nonnull (ac_resource_type_get_label (AC_RESOURCE_TYPE_UNKNOWN));
  g_assert_true (G_TYPE_IS_ENUM (AC_TYPE_RESOURCE_TYPE));
}

/* Security level */

static void
test_security_example (void)
{
  g_autoptr(JsonNode) root = core_test_load_fixture ("security-level.json");
  g_autoptr(GError) error = NULL;
  AcSecurityLevel *level = ac_security_level_new_from_json (json_node_get_object (root), &error);
  g_autoptr(GArray) checks = NULL;
  AcSecurityBand band = AC_SECURITY_BAND_HIGH;
  int score = 0;

  g_assert_no_error (error);
  g_assert_cmpint (ac_security_level_get_score (level), ==, 60);
  g_assert_false (ac_security_level_get_email (level));
  g_assert_false (ac_security_level_get_phone (level));
  g_assert_true (ac_security_level_get_password (level));
  g_assert_cmpint (ac_security_level_get_password_security_level (level), ==, 1);
  g_assert_false (ac_security_level_get_mfa (level));
  g_assert_cmpint (ac_security_level_get_band (level), ==, AC_SECURITY_BAND_LOW);
  g_assert_nonnull (ac_security_level_get_password_strength_label (level));

  g_object_get (level, "score", &score, "band", &band, NULL);
  g_assert_cmpint (score, ==, 60);
  g_assert_cmpint (band, ==, AC_SECURITY_BAND_LOW);

  checks = ac_security_level_get_checks (level);
  g_assert_cmpuint (checks->len, ==, 5);
  {
    static const struct {
      AcSecurityCheckKind kind;
      gboolean passed;
      int points;
    } expected[] = {
      { AC_SECURITY_CHECK_PASSWORD, TRUE, 40 },
      { AC_SECURITY_CHECK_PASSWORD_STRENGTH, FALSE, 10 },  /* level 1 → 3: 20 → 30 */
      { AC_SECURITY_CHECK_EMAIL, FALSE, 5 },
      { AC_SECURITY_CHECK_PHONE, FALSE, 10 },
      { AC_SECURITY_CHECK_MFA, FALSE, 15 },
    };

    for (guint i = 0; i < checks->len; i++)
      {
        AcSecurityCheck *check = &g_array_index (checks, AcSecurityCheck, i);
        g_autofree char *points = g_strdup_printf ("+%d", expected[i].points);

        g_assert_cmpint (check->kind, ==, expected[i].kind);
        g_assert_cmpint (check->passed, ==, expected[i].passed);
        g_assert_cmpint (check->points, ==, expected[i].points);
        g_assert_nonnull (check->title);
        g_assert_nonnull (strstr (check->explanation, points));
      }
  }

  core_test_assert_finalized (level);
}

/* The formula of pool-format.md, to check the bands against every combination */
static int
formula (gboolean password,
         int      level,
         gboolean email,
         gboolean phone,
         gboolean mfa)
{
  static const int level_points[] = { 0, 20, 25, 30 };

  return MIN (100, (password ? 40 + level_points[level] : 0) + (email ? 5 : 0) +
                   (phone ? 10 : 0) + (mfa ? 15 : 0));
}

static void
test_security_bands (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_security_level_new_from_json;

  for (int level = 1; level <= 3; level++)
    for (guint flags = 0; flags < 8; flags++)
      {
        gboolean email = flags & 1, phone = flags & 2, mfa = flags & 4;
        int score = formula (TRUE, level, email, phone, mfa);
        g_autofree char *json = g_strdup_printf (
          "{\"score\":%d,\"email\":%s,\"phone\":%s,\"password\":true,\"passwordSecurityLevel\":%d,\"mfa\":%s}",
          score, email ? "true" : "false", phone ? "true" : "false", level, mfa ? "true" : "false");
        g_autoptr(AcSecurityLevel) parsed = core_test_build (f, json);
        g_autoptr(GArray) checks = ac_security_level_get_checks (parsed);
        AcSecurityBand expected = score >= 85 ? AC_SECURITY_BAND_HIGH
                                : score >= 70 ? AC_SECURITY_BAND_MEDIUM
                                : AC_SECURITY_BAND_LOW;
        int missing = 0;

        g_assert_cmpint (ac_security_level_get_band (parsed), ==, expected);

        /* What the checklist says is missing adds up to the distance to the maximum */
        for (guint i = 0; i < checks->len; i++)
          {
            AcSecurityCheck *check = &g_array_index (checks, AcSecurityCheck, i);

            if (check->kind == AC_SECURITY_CHECK_PASSWORD_STRENGTH)
              missing += check->points;
            else if (!check->passed)
              missing += check->points;
          }
        g_assert_cmpint (score + missing, ==, 100);
      }

  /* The documented data points */
  g_assert_cmpint (formula (TRUE, 1, FALSE, FALSE, FALSE), ==, 60);
  g_assert_cmpint (formula (TRUE, 1, TRUE, FALSE, FALSE), ==, 65);
  g_assert_cmpint (formula (TRUE, 1, FALSE, TRUE, FALSE), ==, 70);

  g_assert_cmpstr (ac_security_band_get_label (AC_SECURITY_BAND_LOW), !=,
                   ac_security_band_get_label (AC_SECURITY_BAND_HIGH));
}

static void
test_security_hostile (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_security_level_new_from_json;
  g_autoptr(AcSecurityLevel) never = core_test_build (f, "{\"score\":0,\"email\":null,\"phone\":null,\"password\":false,"
                                               "\"passwordSecurityLevel\":null,\"mfa\":null,\"x\":[1]}");
  g_autoptr(AcSecurityLevel) full = core_test_build (f, "{\"score\":100,\"email\":true,\"phone\":true,\"password\":true,"
                                              "\"passwordSecurityLevel\":3,\"mfa\":true}");
  g_autoptr(AcSecurityLevel) whole = core_test_build (f, "{\"score\":65.0}");
  g_autoptr(GArray) checks = ac_security_level_get_checks (full);

  g_assert_cmpint (ac_security_level_get_password_security_level (never), ==, 0);
  g_assert_cmpint (ac_security_level_get_band (never), ==, AC_SECURITY_BAND_LOW);
  g_assert_cmpint (ac_security_level_get_band (full), ==, AC_SECURITY_BAND_HIGH);
  g_assert_cmpint (ac_security_level_get_score (whole), ==, 65);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (g_array_index (checks, AcSecurityCheck, i).passed);

  core_test_assert_refused (f, "{}", "score");
  core_test_assert_refused (f, "{\"score\":null}", "score");
  core_test_assert_refused (f, "{\"score\":\"60\"}", "score");
  core_test_assert_refused (f, "{\"score\":60.5}", "score");
  core_test_assert_refused (f, "{\"score\":101}", "score");
  core_test_assert_refused (f, "{\"score\":-1}", "score");
  core_test_assert_refused (f, "{\"score\":1e300}", "score");
  core_test_assert_refused (f, "{\"score\":60,\"email\":\"false\"}", "email");
  core_test_assert_refused (f, "{\"score\":60,\"phone\":1}", "phone");
  core_test_assert_refused (f, "{\"score\":60,\"password\":[]}", "password");
  core_test_assert_refused (f, "{\"score\":60,\"mfa\":{}}", "mfa");
  core_test_assert_refused (f, "{\"score\":60,\"passwordSecurityLevel\":4}", "passwordSecurityLevel");
  core_test_assert_refused (f, "{\"score\":60,\"passwordSecurityLevel\":-1}", "passwordSecurityLevel");
  core_test_assert_refused (f, "{\"score\":60,\"passwordSecurityLevel\":\"1\"}", "passwordSecurityLevel");
}

static void
test_null_objects (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ac_application_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_role_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_resource_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_security_level_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/application/example", test_application_example);
  g_test_add_func ("/core/application/hostile", test_application_hostile);
  g_test_add_func ("/core/role/example", test_role_example);
  g_test_add_func ("/core/role/variants", test_role_variants);
  g_test_add_func ("/core/resource/example", test_resource_example);
  g_test_add_func ("/core/resource/variants", test_resource_variants);
  g_test_add_func ("/core/resource/types", test_resource_types);
  g_test_add_func ("/core/security-level/example", test_security_example);
  g_test_add_func ("/core/security-level/bands", test_security_bands);
  g_test_add_func ("/core/security-level/hostile", test_security_hostile);
  g_test_add_func ("/core/models/null-objects", test_null_objects);

  return g_test_run ();
}
