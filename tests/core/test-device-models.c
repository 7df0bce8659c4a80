/* test-device-models.c: AcDevice, AcLoginRecord, AcIdentity, AcGroup and AcLoggedInApp from
 * the answers of protocol-security.md §6, §7, and from hostile JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core-test-util.h"

#include "ac-client.h"

static void
assert_time (GDateTime  *datetime,
             const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (datetime);
  text = g_date_time_format_iso8601 (datetime);
  g_assert_cmpstr (text, ==, expected);
}

/* Devices */

static void
test_device_list_item (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_device_new_from_json;
  AcDevice *device = core_test_build (f, "{\"device\":{\"deviceId\":\"ws-42\",\"name\":\"Workstation\",\"version\":\"12\","
                               "\"type\":\"Desktop\",\"os\":\"Debian GNU/Linux 12\",\"producer\":\"Lenovo\","
                               "\"mod\":\"T14\",\"status\":\"activated\"},"
                               "\"lastLoginTime\":\"2026-11-30T08:12:00.250Z\",\"lastIp\":\"10.0.0.7\","
                               "\"online\":true}");
  g_autoptr(GDateTime) when = NULL;
  AcDeviceType type = AC_DEVICE_TYPE_UNKNOWN;

  g_assert_cmpstr (ac_device_get_device_id (device), ==, "ws-42");
  g_assert_cmpstr (ac_device_get_name (device), ==, "Workstation");
  g_assert_cmpint (ac_device_get_device_type (device), ==, AC_DEVICE_TYPE_DESKTOP);
  g_assert_cmpstr (ac_device_get_type_name (device), ==, "Desktop");
  g_assert_cmpstr (ac_device_get_os (device), ==, "Debian GNU/Linux 12");
  g_assert_cmpstr (ac_device_get_version (device), ==, "12");
  g_assert_cmpstr (ac_device_get_producer (device), ==, "Lenovo");
  g_assert_cmpstr (ac_device_get_model (device), ==, "T14");
  g_assert_cmpstr (ac_device_get_status (device), ==, "activated");
  assert_time (ac_device_get_last_login_time (device), "2026-11-30T08:12:00.250000Z");
  g_assert_cmpstr (ac_device_get_last_ip (device), ==, "10.0.0.7");
  g_assert_true (ac_device_get_online (device));

  g_object_get (device, "device-type", &type, "last-login-time", &when, NULL);
  g_assert_cmpint (type, ==, AC_DEVICE_TYPE_DESKTOP);
  g_assert_true (g_date_time_equal (when, ac_device_get_last_login_time (device)));

  core_test_assert_finalized (device);
}

static void
test_device_variants (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_device_new_from_json;
  /* the bare device of create-device */
  g_autoptr(AcDevice) bare = core_test_build (f, "{\"deviceId\":\"abc\",\"type\":\"Mobile\",\"extra\":[1,{\"deep\":[]}]}");
  /* milliseconds, a type the client does not know, nulls */
  g_autoptr(AcDevice) odd = core_test_build (f, "{\"device\":{\"deviceId\":7,\"type\":\"Toaster\",\"name\":null},"
                                      "\"lastLoginTime\":1764490320123,\"online\":null,\"lastIp\":null}");
  g_autoptr(AcDevice) browser = core_test_build (f, "{\"device\":{\"deviceId\":\"b\",\"type\":\"browser\"}}");

  g_assert_cmpint (ac_device_get_device_type (bare), ==, AC_DEVICE_TYPE_MOBILE);
  g_assert_false (ac_device_get_online (bare));
  g_assert_null (ac_device_get_last_login_time (bare));
  g_assert_cmpstr (ac_device_get_device_id (odd), ==, "7");
  g_assert_cmpint (ac_device_get_device_type (odd), ==, AC_DEVICE_TYPE_UNKNOWN);
  g_assert_cmpstr (ac_device_get_type_name (odd), ==, "Toaster");
  g_assert_null (ac_device_get_name (odd));
  assert_time (ac_device_get_last_login_time (odd), "2025-11-30T08:12:00.123000Z");
  g_assert_cmpint (ac_device_get_device_type (browser), ==, AC_DEVICE_TYPE_BROWSER);
}

static void
test_device_hostile (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_device_new_from_json;
  g_autofree char *long_name = core_test_repeat ('x', AC_JSON_MAX_STRING_LENGTH + 1);
  g_autofree char *too_long = g_strdup_printf ("{\"deviceId\":\"a\",\"name\":\"%s\"}", long_name);

  core_test_assert_refused (f, "{}", "deviceId");
  core_test_assert_refused (f, "{\"device\":{}}", "deviceId");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"\"}}", "deviceId");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":[]}}", "deviceId");
  core_test_assert_refused (f, "{\"device\":\"ws-1\"}", "device");
  core_test_assert_refused (f, "{\"device\":[{\"deviceId\":\"a\"}]}", "device");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\",\"name\":5}}", "name");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\",\"type\":{}}}", "type");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\",\"os\":true}}", "os");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\",\"mod\":1}}", "mod");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\",\"status\":[]}}", "status");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"online\":\"yes\"}", "online");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"online\":1}", "online");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastIp\":127001}", "lastIp");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":\"yesterday\"}", "lastLoginTime");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":true}", "lastLoginTime");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":{}}", "lastLoginTime");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":1e300}", "lastLoginTime");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":-1e300}", "lastLoginTime");
  core_test_assert_refused (f, "{\"device\":{\"deviceId\":\"a\"},\"lastLoginTime\":253402300800000}", "lastLoginTime");
  core_test_assert_refused (f, too_long, "name");
}

/* Sign-in history */

static void
test_login_record_example (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_login_record_new_from_json;
  AcLoginRecord *record = core_test_build (f, "{\"appId\":\"65f1a2000000000000000004\",\"appName\":\"Wiki\","
                                    "\"loginAt\":\"2026-11-04T06:18:45.000Z\",\"clientIp\":\"192.0.2.143\","
                                    "\"success\":false,\"errorMessage\":\"Wrong password\","
                                    "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0) Chrome/126.0\","
                                    "\"parsedUserAgent\":{\"device\":\"Desktop\",\"browser\":\"Chrome\","
                                    "\"os\":\"Windows\"},\"loginMethod\":\"password\"}");
  gboolean success = TRUE;

  assert_time (ac_login_record_get_login_at (record), "2026-11-04T06:18:45Z");
  g_assert_false (ac_login_record_get_success (record));
  g_assert_cmpstr (ac_login_record_get_error_message (record), ==, "Wrong password");
  g_assert_cmpstr (ac_login_record_get_app_id (record), ==, "65f1a2000000000000000004");
  g_assert_cmpstr (ac_login_record_get_app_name (record), ==, "Wiki");
  g_assert_cmpstr (ac_login_record_get_client_ip (record), ==, "192.0.2.143");
  g_assert_cmpstr (ac_login_record_get_user_agent (record), ==, "Mozilla/5.0 (Windows NT 10.0) Chrome/126.0");
  g_assert_cmpstr (ac_login_record_get_device (record), ==, "Desktop");
  g_assert_cmpstr (ac_login_record_get_browser (record), ==, "Chrome");
  g_assert_cmpstr (ac_login_record_get_os (record), ==, "Windows");
  g_assert_cmpstr (ac_login_record_get_login_method (record), ==, "password");
  g_object_get (record, "success", &success, NULL);
  g_assert_false (success);

  core_test_assert_finalized (record);
}

static void
test_login_record_hostile (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_login_record_new_from_json;
  g_autoptr(AcLoginRecord) minimal = core_test_build (f, "{\"loginAt\":1700000000000,\"success\":true,"
                                               "\"parsedUserAgent\":null,\"appId\":12}");

  assert_time (ac_login_record_get_login_at (minimal), "2023-11-14T22:13:20Z");
  g_assert_true (ac_login_record_get_success (minimal));
  g_assert_null (ac_login_record_get_browser (minimal));
  g_assert_cmpstr (ac_login_record_get_app_id (minimal), ==, "12");

  core_test_assert_refused (f, "{}", "loginAt");
  core_test_assert_refused (f, "{\"success\":true}", "loginAt");
  core_test_assert_refused (f, "{\"loginAt\":null,\"success\":true}", "loginAt");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\"}", "success");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":\"true\"}", "success");
  core_test_assert_refused (f, "{\"loginAt\":\"not a date\",\"success\":true}", "loginAt");
  core_test_assert_refused (f, "{\"loginAt\":[],\"success\":true}", "loginAt");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"clientIp\":[]}", "clientIp");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"errorMessage\":0}", "errorMessage");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"userAgent\":{}}", "userAgent");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"loginMethod\":1}", "loginMethod");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"parsedUserAgent\":\"x\"}",
                  "parsedUserAgent");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,"
                     "\"parsedUserAgent\":{\"browser\":5}}", "browser");
  core_test_assert_refused (f, "{\"loginAt\":\"2026-01-01T00:00:00Z\",\"success\":true,\"appId\":{}}", "appId");
}

/* Identities */

static void
test_identity_example (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_identity_new_from_json;
  AcIdentity *identity = core_test_build (f, "{\"identityId\":\"62f2\",\"extIdpId\":\"62f20932716fbcc10d966ee5\","
                                   "\"provider\":\"github\",\"type\":\"primary\",\"userIdInIdp\":\"48151623\","
                                   "\"userInfoInIdp\":{\"id\":48151623,\"login\":\"lin-xiaoyun\","
                                   "\"avatar_url\":\"https://avatars.example/u/1\"}}");
  g_autofree char *ext = NULL;

  g_assert_cmpstr (ac_identity_get_identity_id (identity), ==, "62f2");
  g_assert_cmpstr (ac_identity_get_ext_idp_id (identity), ==, "62f20932716fbcc10d966ee5");
  g_assert_cmpstr (ac_identity_get_provider (identity), ==, "github");
  g_assert_cmpstr (ac_identity_get_identity_type (identity), ==, "primary");
  g_assert_cmpstr (ac_identity_get_user_id_in_idp (identity), ==, "48151623");
  g_assert_cmpstr (ac_identity_get_display_name (identity), ==, "lin-xiaoyun");
  g_assert_cmpstr (ac_identity_get_avatar_url (identity), ==, "https://avatars.example/u/1");
  g_object_get (identity, "ext-idp-id", &ext, NULL);
  g_assert_cmpstr (ext, ==, "62f20932716fbcc10d966ee5");

  core_test_assert_finalized (identity);
}

static void
test_identity_hostile (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_identity_new_from_json;
  g_autofree char *long_login = core_test_repeat ('l', 2000);
  g_autofree char *json = g_strdup_printf ("{\"extIdpId\":\"e\",\"provider\":\"wechat\",\"userIdInIdp\":\"o_1\","
                                           "\"userInfoInIdp\":{\"login\":\"%s\",\"nickname\":5,"
                                           "\"name\":{\"x\":1},\"email\":\"a@example.com\","
                                           "\"headimgurl\":[]}}", long_login);
  /* strange provider data is skipped, not refused: the next usable name wins */
  g_autoptr(AcIdentity) odd = core_test_build (f, json);
  g_autoptr(AcIdentity) bare = core_test_build (f, "{\"extIdpId\":\"e\",\"provider\":\"dingtalk\",\"userIdInIdp\":99,"
                                         "\"userInfoInIdp\":null}");

  g_assert_cmpstr (ac_identity_get_display_name (odd), ==, "a@example.com");
  g_assert_null (ac_identity_get_avatar_url (odd));
  g_assert_cmpstr (ac_identity_get_display_name (bare), ==, "99");
  g_assert_null (ac_identity_get_identity_id (bare));

  core_test_assert_refused (f, "{}", "extIdpId");
  core_test_assert_refused (f, "{\"provider\":\"github\"}", "extIdpId");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\"}", "provider");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":\"\"}", "provider");
  core_test_assert_refused (f, "{\"extIdpId\":\"\",\"provider\":\"github\"}", "extIdpId");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":[]}", "provider");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":\"g\",\"userInfoInIdp\":\"{}\"}", "userInfoInIdp");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":\"g\",\"userInfoInIdp\":[]}", "userInfoInIdp");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":\"g\",\"type\":1}", "type");
  core_test_assert_refused (f, "{\"extIdpId\":\"e\",\"provider\":\"g\",\"identityId\":{}}", "identityId");
  core_test_assert_refused (f, "{\"extIdpId\":{},\"provider\":\"g\"}", "extIdpId");
}

/* Groups and applications */

static void
test_group (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_group_new_from_json;
  AcGroup *group = core_test_build (f, "{\"code\":\"beta\",\"name\":\"Beta testers\",\"description\":\"Try first\"}");
  g_autoptr(AcGroup) numeric = core_test_build (f, "{\"code\":5,\"name\":null}");

  g_assert_cmpstr (ac_group_get_code (group), ==, "beta");
  g_assert_cmpstr (ac_group_get_name (group), ==, "Beta testers");
  g_assert_cmpstr (ac_group_get_description (group), ==, "Try first");
  g_assert_true (ac_group_matches (group, "TESTERS"));
  g_assert_true (ac_group_matches (group, "first"));
  g_assert_true (ac_group_matches (group, NULL));
  g_assert_false (ac_group_matches (group, "alpha"));
  g_assert_cmpstr (ac_group_get_code (numeric), ==, "5");
  core_test_assert_finalized (group);

  core_test_assert_refused (f, "{}", "code");
  core_test_assert_refused (f, "{\"code\":\"\"}", "code");
  core_test_assert_refused (f, "{\"code\":[]}", "code");
  core_test_assert_refused (f, "{\"code\":\"c\",\"name\":1}", "name");
  core_test_assert_refused (f, "{\"code\":\"c\",\"description\":{}}", "description");
}

static void
test_logged_in_app (void)
{
  CoreTestNewFromJson f = (CoreTestNewFromJson) ac_logged_in_app_new_from_json;
  AcLoggedInApp *app = core_test_build (f, "{\"appId\":\"a1\",\"appName\":\"Wiki\",\"appLogo\":\"https://x/l.png\","
                                 "\"appLoginUrl\":\"https://wiki.example/login\",\"active\":false}");
  g_autoptr(AcLoggedInApp) minimal = core_test_build (f, "{\"appId\":\"a2\"}");

  g_assert_cmpstr (ac_logged_in_app_get_app_id (app), ==, "a1");
  g_assert_cmpstr (ac_logged_in_app_get_app_name (app), ==, "Wiki");
  g_assert_cmpstr (ac_logged_in_app_get_app_logo (app), ==, "https://x/l.png");
  g_assert_cmpstr (ac_logged_in_app_get_login_url (app), ==, "https://wiki.example/login");
  g_assert_false (ac_logged_in_app_get_active (app));
  g_assert_true (ac_logged_in_app_get_active (minimal));
  g_assert_null (ac_logged_in_app_get_app_name (minimal));
  core_test_assert_finalized (app);

  core_test_assert_refused (f, "{}", "appId");
  core_test_assert_refused (f, "{\"appId\":\"\"}", "appId");
  core_test_assert_refused (f, "{\"appId\":\"a\",\"appName\":[]}", "appName");
  core_test_assert_refused (f, "{\"appId\":\"a\",\"appLogo\":1}", "appLogo");
  core_test_assert_refused (f, "{\"appId\":\"a\",\"appLoginUrl\":{}}", "appLoginUrl");
  core_test_assert_refused (f, "{\"appId\":\"a\",\"active\":\"true\"}", "active");
}

static void
test_null_objects (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ac_device_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_login_record_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_identity_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_group_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (ac_logged_in_app_new_from_json (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static void
test_error_describe (void)
{
  g_assert_cmpstr (ac_error_describe (AC_ERROR_NOT_FOUND), !=, ac_error_describe (AC_ERROR_FAILED));
  g_assert_false (ac_error_is_session_error (&(GError) { AC_ERROR, AC_ERROR_NOT_FOUND, (char *) "x" }));
  g_assert_cmpint (ac_device_type_from_string (NULL), ==, AC_DEVICE_TYPE_UNKNOWN);
  g_assert_cmpint (ac_device_type_from_string ("DESKTOP"), ==, AC_DEVICE_TYPE_DESKTOP);
  g_assert_true (G_TYPE_IS_ENUM (AC_TYPE_DEVICE_TYPE));
  g_assert_true (G_TYPE_IS_ENUM (AC_TYPE_LOGIN_RESULT_FILTER));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/devices/device/list-item", test_device_list_item);
  g_test_add_func ("/core/devices/device/variants", test_device_variants);
  g_test_add_func ("/core/devices/device/hostile", test_device_hostile);
  g_test_add_func ("/core/devices/login-record/example", test_login_record_example);
  g_test_add_func ("/core/devices/login-record/hostile", test_login_record_hostile);
  g_test_add_func ("/core/devices/identity/example", test_identity_example);
  g_test_add_func ("/core/devices/identity/hostile", test_identity_hostile);
  g_test_add_func ("/core/devices/group", test_group);
  g_test_add_func ("/core/devices/logged-in-app", test_logged_in_app);
  g_test_add_func ("/core/devices/null-objects", test_null_objects);
  g_test_add_func ("/core/devices/error-codes", test_error_describe);

  return g_test_run ();
}
