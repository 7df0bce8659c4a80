/* test-json.c: the AC_ERROR domain and the safe JSON readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "core-test-util.h"

static void
test_error_codes (void)
{
  /* The codes are the service's own (HACKING.md) */
  g_assert_cmpint (AC_ERROR_FAILED, ==, 1);
  g_assert_cmpint (AC_ERROR_INVALID_PARAMETER, ==, 400);
  g_assert_cmpint (AC_ERROR_CAPTCHA_REQUIRED, ==, 2000);
  g_assert_cmpint (AC_ERROR_WRONG_VERIFY_CODE, ==, 2001);
  g_assert_cmpint (AC_ERROR_INVALID_EMAIL, ==, 2003);
  g_assert_cmpint (AC_ERROR_USER_NOT_FOUND, ==, 2004);
  g_assert_cmpint (AC_ERROR_WRONG_PASSWORD, ==, 2006);
  g_assert_cmpint (AC_ERROR_NOT_LOGGED_IN, ==, 2020);
  g_assert_cmpint (AC_ERROR_USER_EXISTS, ==, 2026);
  g_assert_cmpint (AC_ERROR_LOGIN_EXPIRED, ==, 2206);
  g_assert_cmpint (AC_ERROR_LOGIN_INVALID, ==, 2207);
  g_assert_cmpint (AC_ERROR_BAD_CREDENTIALS, ==, 2333);
  g_assert_cmpint (AC_ERROR_MFA_REQUIRED, ==, 1635);
  g_assert_cmpint (AC_ERROR_PHONE_IN_USE, ==, 2035);
  g_assert_cmpint (AC_ERROR_SENT_TOO_SOON, ==, 2080);
  g_assert_cmpint (AC_ERROR_WRONG_TOTP, ==, 6001);
  g_assert_cmpint (AC_ERROR_WRONG_RECOVERY_CODE, ==, 6002);
  g_assert_cmpint (AC_ERROR_MFA_CODE_MISSING, ==, 6003);
  g_assert_cmpint (AC_ERROR_FIRST_LOGIN, ==, 1639);
  g_assert_cmpint (AC_ERROR_DEVICE_DISABLED, ==, 1577);
  g_assert_cmpint (AC_ERROR_DEVICE_SUSPENDED, ==, 1578);
  g_assert_cmpint (AC_ERROR_OLD_PASSWORD_WRONG, ==, 1320011);
  g_assert_cmpint (AC_ERROR_CANNOT_UNBIND, ==, 1320005);
  g_assert_cmpint (AC_ERROR_LOGOUT_INVALID_TOKEN, ==, 1010001);
  g_assert_cmpint (AC_ERROR_NETWORK, ==, 10001);
  g_assert_cmpint (AC_ERROR_CONFIG, ==, 10002);
  g_assert_cmpint (AC_ERROR_INVALID_RESPONSE, ==, 10004);
  g_assert_cmpint (AC_ERROR_UPLOAD_FAILED, ==, 10009);
  g_assert_cmpint (AC_ERROR_SERVER, ==, 10010);
  g_assert_cmpint (AC_ERROR_HTTP, ==, 10011);
  g_assert_cmpint (AC_ERROR_TLS, ==, 10012);
  g_assert_cmpint (AC_ERROR_TIMEOUT, ==, 10013);
  g_assert_cmpint (AC_ERROR_INVALID_INPUT, ==, 10014);
  g_assert_cmpstr (g_quark_to_string (AC_ERROR), ==, "ac-error-quark");
}

static void
test_error_describe (void)
{
  static const int codes[] = {
    400, 1577, 1578, 1635, 1639, 2000, 2001, 2003, 2004, 2006, 2020, 2026, 2035, 2080, 2206, 2207,
    2230, 2333, 1010001, 1020017, 1320004, 1320005, 1320009, 1320010, 1320011, 6001, 6002, 6003,
    10001, 10002, 10004, 10009, 10010, 10011, 10012, 10013, 10014,
  };
  const char *generic = ac_error_describe (AC_ERROR_FAILED);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (generic);
  g_assert_cmpstr (ac_error_describe (123456), ==, generic);
  g_assert_cmpstr (ac_error_describe (-1), ==, generic);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *text = ac_error_describe (codes[i]);

      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 10);
      g_assert_cmpstr (text, !=, generic);
      g_hash_table_add (seen, (gpointer) text);
    }

  /* 2003 and 1020017 share a sentence (both mean an invalid e-mail address), so do 2035 and
   * 1320004 (the phone is bound already); every other code has its own */
  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (codes) - 2);
  g_assert_cmpstr (ac_error_describe (2003), ==, ac_error_describe (1020017));
  g_assert_cmpstr (ac_error_describe (2035), ==, ac_error_describe (1320004));
  /* 1636, which some clients check for the second step too, reads like 1635 */
  g_assert_cmpstr (ac_error_describe (1636), ==, ac_error_describe (AC_ERROR_MFA_REQUIRED));
}

static void
test_error_session (void)
{
  g_autoptr(GError) not_logged_in = g_error_new_literal (AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "x");
  g_autoptr(GError) expired = g_error_new_literal (AC_ERROR, AC_ERROR_LOGIN_EXPIRED, "x");
  g_autoptr(GError) invalid = g_error_new_literal (AC_ERROR, AC_ERROR_LOGIN_INVALID, "x");
  g_autoptr(GError) credentials = g_error_new_literal (AC_ERROR, AC_ERROR_BAD_CREDENTIALS, "x");
  g_autoptr(GError) other_domain = g_error_new_literal (G_IO_ERROR, AC_ERROR_NOT_LOGGED_IN, "x");

  g_assert_true (ac_error_is_session_error (not_logged_in));
  g_assert_true (ac_error_is_session_error (expired));
  g_assert_true (ac_error_is_session_error (invalid));
  g_assert_false (ac_error_is_session_error (credentials));
  g_assert_false (ac_error_is_session_error (other_domain));
  g_assert_false (ac_error_is_session_error (NULL));
}

static void
test_error_from_service (void)
{
  g_autoptr(GError) with_message = ac_error_new_from_service (2333, "帐号或密码错误");
  g_autoptr(GError) without = ac_error_new_from_service (2020, NULL);
  g_autoptr(GError) empty = ac_error_new_from_service (2020, "");
  g_autoptr(GError) zero = ac_error_new_from_service (0, NULL);

  g_assert_error (with_message, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (with_message->message, ==, "帐号或密码错误");
  g_assert_error (without, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  g_assert_cmpstr (without->message, ==, ac_error_describe (2020));
  g_assert_cmpstr (empty->message, ==, ac_error_describe (2020));
  g_assert_error (zero, AC_ERROR, AC_ERROR_FAILED);
}

static void
assert_parse_fails (const char *text,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ac_json_parse (text, length, &error);

  g_assert_null (node);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static void
test_parse_malformed (void)
{
  g_autoptr(JsonNode) null_root = core_test_parse ("null");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("{\"a\":[1,2]}", 11);
  g_autoptr(GBytes) truncated_bytes = g_bytes_new_static ("{\"a\":[1,2]}", 7);
  g_autoptr(JsonNode) from_bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (JSON_NODE_HOLDS_NULL (null_root));

  assert_parse_fails (NULL, 0);
  assert_parse_fails ("", -1);
  assert_parse_fails ("   ", -1);
  assert_parse_fails ("{\"code\":200,\"data\":{\"id\":", -1);   /* truncated */
  assert_parse_fails ("{\"code\":200,\"data\":[[{\"type\":\"org\"", -1);
  assert_parse_fails ("<html>502 Bad Gateway</html>", -1);
  assert_parse_fails ("{\"a\":1}}", -1);
  assert_parse_fails ("{\"a\":\"\xff\xfe\"}", -1);             /* not UTF-8 */
  assert_parse_fails ("{\"a\":1}\0garbage", 15);                 /* embedded NUL */

  from_bytes = ac_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (from_bytes));

  g_assert_null (ac_json_parse_bytes (truncated_bytes, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  g_assert_null (ac_json_parse_bytes (NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

static char *
nested (const char *open,
        const char *close,
        guint       depth,
        gboolean    closed)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  if (closed)
    for (guint i = 0; i < depth; i++)
      g_string_append (s, close);

  return g_string_free (s, FALSE);
}

static void
test_parse_deep (void)
{
  /* json-glib 1.6 alone overflows the stack on these */
  g_autofree char *arrays = nested ("[", "]", 100000, TRUE);
  g_autofree char *objects = nested ("{\"a\":", "}", 100000, FALSE);
  g_autofree char *unclosed = nested ("[", "]", 1000000, FALSE);
  g_autofree char *at_limit = nested ("[", "]", AC_JSON_MAX_DEPTH, TRUE);
  g_autofree char *over_limit = nested ("[", "]", AC_JSON_MAX_DEPTH + 1, TRUE);
  g_autofree char *brackets = core_test_repeat ('[', 100000);
  g_autofree char *in_string = g_strdup_printf ("{\"s\":\"%s\\\"[\"}", brackets);
  g_autofree char *in_envelope = g_strdup_printf ("{\"code\":200,\"data\":%s}", arrays);
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) string_node = NULL;
  g_autoptr(GError) error = NULL;

  assert_parse_fails (arrays, -1);
  assert_parse_fails (objects, -1);
  assert_parse_fails (unclosed, -1);
  assert_parse_fails (over_limit, -1);
  assert_parse_fails (in_envelope, -1);

  ok = ac_json_parse (at_limit, -1, &error);
  g_assert_no_error (error);
  g_assert_true (ac_json_check_depth (ok, AC_JSON_MAX_DEPTH, &error));
  g_assert_no_error (error);
  g_assert_false (ac_json_check_depth (ok, AC_JSON_MAX_DEPTH - 1, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  /* Brackets inside strings (and escaped quotes) do not count */
  string_node = ac_json_parse (in_string, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (string_node), "s")),
                    ==, 100000 + 2);
}

static void
test_parse_integer_range (void)
{
  g_autoptr(JsonNode) max = core_test_parse ("{\"a\":9223372036854775807,\"b\":-9223372036854775808,"
                                             "\"c\":1,\"d\":1e30,\"e\":-0.5e-3,"
                                             "\"s\":\"99999999999999999999\"}");
  JsonObject *o = json_node_get_object (max);
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (ac_json_get_int64 (o, "a", TRUE, &value, &error));
  g_assert_cmpint (value, ==, G_MAXINT64);
  g_assert_true (ac_json_get_int64 (o, "b", TRUE, &value, &error));
  g_assert_cmpint (value, ==, G_MININT64);
  g_assert_true (ac_json_get_int64 (o, "c", TRUE, &value, &error));
  g_assert_cmpint (value, ==, 1);
  g_assert_no_error (error);

  /* json-glib alone wraps these silently (99999999999999999999 becomes -1) */
  assert_parse_fails ("{\"a\":99999999999999999999}", -1);
  assert_parse_fails ("{\"a\":-99999999999999999999}", -1);
  assert_parse_fails ("{\"a\":9223372036854775808}", -1);
  assert_parse_fails ("{\"a\":-9223372036854775809}", -1);
  assert_parse_fails ("[18446744073709551676]", -1);
  /* RFC 8259 has no leading zeros (json-glib alone reads this as 1) */
  assert_parse_fails ("{\"c\":000000000000000000001}", -1);
}

/* json-glib 1.6's writer alone gives text that is not JSON for these (fuzz-custom-field) */
static void
test_to_string (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;
  gsize length = 0;

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "a\x1f" "b\x01\n\"\\e1");
  json_builder_add_double_value (builder, 1e17);
  json_builder_add_double_value (builder, -1e20);
  json_builder_add_double_value (builder, 1.5e300);
  json_builder_add_double_value (builder, 0.25);
  json_builder_add_double_value (builder, 1e16);
  json_builder_add_int_value (builder, 7);
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_add_double_value (builder, -INFINITY);
  json_builder_add_null_value (builder);
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "k\x1f");
  json_builder_add_double_value (builder, 2e20);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  text = ac_json_to_string (root, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_cmpstr (text, ==,
                   "[\"a\\u001fb\\u0001\\n\\\"\\\\e1\",1e+17,-1e+20,1.5000000000000001e+300,0.25,"
                   "10000000000000000.0,7,true,null,null,false,{\"k\\u001f\":2e+20}]");

  again = ac_json_parse (text, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (again);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "a\x1f" "b\x01\n\"\\e1");
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 1e17);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, -1e20);
  g_assert_true (json_array_get_null_element (array, 8));
}

static void
test_get_string (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"s\":\"text\",\"n\":null,\"i\":42,\"d\":1.5,\"b\":true,\"o\":{},\"a\":[\"x\"],\"e\":\"\"}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  char *out = (char *) "untouched";
  static const char *wrong[] = { "i", "d", "b", "o", "a" };

  g_assert_true (ac_json_get_string (o, "s", TRUE, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "text");
  g_free (out);

  g_assert_true (ac_json_get_string (o, "e", TRUE, &out, &error));
  g_assert_cmpstr (out, ==, "");
  g_free (out);

  out = (char *) "untouched";
  g_assert_true (ac_json_get_string (o, "n", FALSE, &out, &error));
  g_assert_null (out);
  out = (char *) "untouched";
  g_assert_true (ac_json_get_string (o, "missing", FALSE, &out, &error));
  g_assert_null (out);
  g_assert_true (ac_json_get_string (NULL, "missing", FALSE, &out, &error));
  g_assert_null (out);

  g_assert_false (ac_json_get_string (o, "missing", TRUE, &out, &error));
  core_test_assert_invalid (error, "missing");
  g_clear_error (&error);
  g_assert_false (ac_json_get_string (o, "n", TRUE, &out, &error));
  core_test_assert_invalid (error, "“n”");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", wrong[i]);

      out = (char *) "untouched";
      g_assert_false (ac_json_get_string (o, wrong[i], FALSE, &out, &error));
      core_test_assert_invalid (error, quoted);
      g_assert_cmpstr (out, ==, "untouched");
      g_clear_error (&error);
    }
}

static void
test_string_limit (void)
{
  g_autofree char *at = core_test_repeat ('x', AC_JSON_MAX_STRING_LENGTH);
  g_autofree char *over = core_test_repeat ('x', AC_JSON_MAX_STRING_LENGTH + 1);
  g_autofree char *huge = core_test_repeat ('y', 16 * 1024 * 1024);
  g_autofree char *json = g_strdup_printf ("{\"at\":\"%s\",\"over\":\"%s\",\"huge\":\"%s\",\"list\":[\"%s\"]}",
                                           at, over, huge, over);
  g_autoptr(JsonNode) root = core_test_parse (json);
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) strv = NULL;
  g_autofree char *out = NULL;

  g_assert_true (ac_json_get_string (o, "at", FALSE, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (out), ==, AC_JSON_MAX_STRING_LENGTH);
  g_clear_pointer (&out, g_free);

  g_assert_false (ac_json_get_string (o, "over", FALSE, &out, &error));
  core_test_assert_invalid (error, "over");
  g_clear_error (&error);
  g_assert_false (ac_json_get_string (o, "huge", FALSE, &out, &error));
  core_test_assert_invalid (error, "huge");
  g_clear_error (&error);
  g_assert_false (ac_json_get_id (o, "huge", FALSE, &out, &error));
  core_test_assert_invalid (error, "huge");
  g_clear_error (&error);
  g_assert_false (ac_json_get_strv (o, "list", FALSE, &strv, &error));
  core_test_assert_invalid (error, "list[0]");
  g_assert_null (out);
  g_assert_null (strv);
}

static void
test_get_int64 (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"i\":42,\"neg\":-7,\"whole\":3.0,\"frac\":3.5,\"big\":1e300,\"edge\":9.3e18,"
    "\"s\":\"3\",\"b\":false,\"n\":null,\"o\":{},\"a\":[]}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  static const char *wrong[] = { "frac", "big", "edge", "s", "b", "o", "a" };
  gint64 out = -99;

  g_assert_true (ac_json_get_int64 (o, "i", TRUE, &out, &error));
  g_assert_cmpint (out, ==, 42);
  g_assert_true (ac_json_get_int64 (o, "neg", TRUE, &out, &error));
  g_assert_cmpint (out, ==, -7);
  g_assert_true (ac_json_get_int64 (o, "whole", TRUE, &out, &error));
  g_assert_cmpint (out, ==, 3);
  g_assert_no_error (error);

  out = -99;
  g_assert_true (ac_json_get_int64 (o, "n", FALSE, &out, &error));
  g_assert_cmpint (out, ==, -99);
  g_assert_true (ac_json_get_int64 (o, "missing", FALSE, &out, &error));
  g_assert_cmpint (out, ==, -99);
  g_assert_false (ac_json_get_int64 (o, "n", TRUE, &out, &error));
  core_test_assert_invalid (error, "n");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (ac_json_get_int64 (o, wrong[i], FALSE, &out, &error));
      core_test_assert_invalid (error, wrong[i]);
      g_assert_cmpint (out, ==, -99);
      g_clear_error (&error);
    }
}

static void
test_get_double_boolean (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"i\":2,\"d\":2.5,\"s\":\"2.5\",\"t\":true,\"f\":false,\"zero\":0,\"str\":\"true\",\"n\":null}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  double d = -1;
  gboolean b = 7;

  g_assert_true (ac_json_get_double (o, "i", TRUE, &d, &error));
  g_assert_cmpfloat (d, ==, 2.0);
  g_assert_true (ac_json_get_double (o, "d", TRUE, &d, &error));
  g_assert_cmpfloat (d, ==, 2.5);
  g_assert_false (ac_json_get_double (o, "s", TRUE, &d, &error));
  core_test_assert_invalid (error, "s");
  g_clear_error (&error);

  g_assert_true (ac_json_get_boolean (o, "n", FALSE, &b, &error));
  g_assert_cmpint (b, ==, 7);
  g_assert_true (ac_json_get_boolean (o, "t", TRUE, &b, &error));
  g_assert_true (b);
  g_assert_true (ac_json_get_boolean (o, "f", TRUE, &b, &error));
  g_assert_false (b);
  g_assert_no_error (error);
  g_assert_false (ac_json_get_boolean (o, "zero", TRUE, &b, &error));
  core_test_assert_invalid (error, "zero");
  g_clear_error (&error);
  g_assert_false (ac_json_get_boolean (o, "str", TRUE, &b, &error));
  core_test_assert_invalid (error, "str");
}

static void
test_get_id (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"s\":\"60caaf41\",\"i\":36141,\"whole\":7.0,\"frac\":1.5,\"e\":\"\",\"b\":true,\"o\":{}}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (ac_json_get_id (o, "s", TRUE, &out, &error));
  g_assert_cmpstr (out, ==, "60caaf41");
  g_clear_pointer (&out, g_free);
  g_assert_true (ac_json_get_id (o, "i", TRUE, &out, &error));
  g_assert_cmpstr (out, ==, "36141");
  g_clear_pointer (&out, g_free);
  g_assert_true (ac_json_get_id (o, "whole", TRUE, &out, &error));
  g_assert_cmpstr (out, ==, "7");
  g_clear_pointer (&out, g_free);
  g_assert_true (ac_json_get_id (o, "e", FALSE, &out, &error));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_assert_no_error (error);

  g_assert_false (ac_json_get_id (o, "e", TRUE, &out, &error));
  core_test_assert_invalid (error, "e");
  g_clear_error (&error);
  g_assert_false (ac_json_get_id (o, "frac", TRUE, &out, &error));
  core_test_assert_invalid (error, "frac");
  g_clear_error (&error);
  g_assert_false (ac_json_get_id (o, "b", TRUE, &out, &error));
  core_test_assert_invalid (error, "b");
  g_clear_error (&error);
  g_assert_false (ac_json_get_id (o, "o", TRUE, &out, &error));
  core_test_assert_invalid (error, "o");
  g_assert_null (out);
}

static void
test_get_containers (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"strv\":[\"a\",null,\"b\"],\"empty\":[],\"mixed\":[\"a\",1],\"nested\":[[\"a\"]],"
    "\"obj\":{\"k\":1},\"arr\":[1],\"s\":\"x\",\"n\":null}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) strv = NULL;
  JsonObject *object = NULL;
  JsonArray *array = NULL;

  g_assert_true (ac_json_get_strv (o, "strv", TRUE, &strv, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (strv, ((const char *[]) { "a", "b", NULL }));
  g_clear_pointer (&strv, g_strfreev);
  g_assert_true (ac_json_get_strv (o, "empty", TRUE, &strv, &error));
  g_assert_nonnull (strv);
  g_assert_null (strv[0]);
  g_clear_pointer (&strv, g_strfreev);
  g_assert_true (ac_json_get_strv (o, "n", FALSE, &strv, &error));
  g_assert_null (strv);

  g_assert_false (ac_json_get_strv (o, "mixed", TRUE, &strv, &error));
  core_test_assert_invalid (error, "mixed[1]");
  g_clear_error (&error);
  g_assert_false (ac_json_get_strv (o, "nested", TRUE, &strv, &error));
  core_test_assert_invalid (error, "nested[0]");
  g_clear_error (&error);
  g_assert_false (ac_json_get_strv (o, "s", TRUE, &strv, &error));
  core_test_assert_invalid (error, "s");
  g_clear_error (&error);

  g_assert_true (ac_json_get_object (o, "obj", TRUE, &object, &error));
  g_assert_true (json_object_has_member (object, "k"));
  g_assert_false (ac_json_get_object (o, "arr", TRUE, &object, &error));
  core_test_assert_invalid (error, "arr");
  g_clear_error (&error);
  g_assert_true (ac_json_get_object (o, "n", FALSE, &object, &error));
  g_assert_null (object);

  g_assert_true (ac_json_get_array (o, "arr", TRUE, &array, &error));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_false (ac_json_get_array (o, "obj", TRUE, &array, &error));
  core_test_assert_invalid (error, "obj");
  g_clear_error (&error);
  g_assert_false (ac_json_get_array (o, "missing", TRUE, &array, &error));
  core_test_assert_invalid (error, "missing");
}

static void
test_get_datetime (void)
{
  g_autoptr(JsonNode) root = core_test_parse (
    "{\"offset\":\"2020-10-19T16:21:02+08:00\",\"z\":\"2021-12-06T13:14:01.123Z\","
    "\"local\":\"2021-03-01T10:00:00\",\"date\":\"2021-03-01\",\"space\":\"2021-03-01 10:00:00Z\","
    "\"bad\":\"…\",\"month\":\"2021-13-01T00:00:00Z\",\"num\":1603095662,\"n\":null}");
  JsonObject *o = json_node_get_object (root);
  g_autoptr(GError) error = NULL;
  GDateTime *dt = NULL;
  static const char *wrong[] = { "bad", "month", "num" };

  g_assert_true (ac_json_get_datetime (o, "offset", TRUE, &dt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (dt), ==, 1603095662);  /* 08:21:02 UTC */
  g_clear_pointer (&dt, g_date_time_unref);

  g_assert_true (ac_json_get_datetime (o, "z", TRUE, &dt, &error));
  g_assert_cmpint (g_date_time_get_microsecond (dt), ==, 123000);
  g_clear_pointer (&dt, g_date_time_unref);

  g_assert_true (ac_json_get_datetime (o, "local", TRUE, &dt, &error));
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 10);
  g_clear_pointer (&dt, g_date_time_unref);

  g_assert_true (ac_json_get_datetime (o, "date", TRUE, &dt, &error));
  g_assert_cmpint (g_date_time_to_unix (dt), ==, 1614556800);
  g_clear_pointer (&dt, g_date_time_unref);

  g_assert_true (ac_json_get_datetime (o, "space", TRUE, &dt, &error));
  g_assert_cmpint (g_date_time_to_unix (dt), ==, 1614556800 + 36000);
  g_clear_pointer (&dt, g_date_time_unref);

  g_assert_true (ac_json_get_datetime (o, "n", FALSE, &dt, &error));
  g_assert_null (dt);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (ac_json_get_datetime (o, wrong[i], FALSE, &dt, &error));
      core_test_assert_invalid (error, wrong[i]);
      g_assert_null (dt);
      g_clear_error (&error);
    }

  g_assert_null (ac_json_parse_datetime (NULL));
  g_assert_null (ac_json_parse_datetime (""));
  g_assert_null (ac_json_parse_datetime ("yesterday"));
}

static void
test_text_contains (void)
{
  g_assert_true (ac_text_contains ("Research & Development", "DEVELOP"));
  g_assert_true (ac_text_contains ("Straße", "STRASSE") || ac_text_contains ("Straße", "straße"));
  g_assert_true (ac_text_contains ("华中科技大学", "科技"));
  g_assert_true (ac_text_contains ("anything", ""));
  g_assert_true (ac_text_contains ("anything", NULL));
  g_assert_true (ac_text_contains (NULL, NULL));
  g_assert_false (ac_text_contains (NULL, "x"));
  g_assert_false (ac_text_contains ("Sales", "rd"));
}

/* Streaming: what the element function was handed, as text ("0:[1] 1:[2] end:2") */
typedef struct
{
  GString *log;
  guint    refuse_at;   /* returns FALSE at this index (G_MAXUINT: never) */
} StreamLog;

static gboolean
log_element (JsonNode *element,
             guint     index,
             gpointer  user_data)
{
  StreamLog *log = user_data;

  if (log->log->len > 0)
    g_string_append_c (log->log, ' ');
  if (element == NULL)
    {
      g_string_append_printf (log->log, "end:%u", index);
      return TRUE;
    }
  {
    g_autofree char *text = json_to_string (element, FALSE);

    g_string_append_printf (log->log, "%u:%s", index, text);
  }
  return index != log->refuse_at;
}

static char *
stream (const char  *text,
        guint        refuse_at,
        char       **tree)
{
  StreamLog log = { g_string_new (NULL), refuse_at };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ac_json_parse_streaming (text, -1, "data", log_element, &log, &error);

  if (root == NULL)
    {
      *tree = g_strdup_printf ("error: %s", error->message);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
    }
  else
    *tree = json_to_string (root, FALSE);
  return g_string_free (log.log, FALSE);
}

/* The elements of the root object's `data` are handed over one by one and are not in the tree;
 * nothing is handed from a text that is not valid JSON. */
static void
test_parse_streaming (void)
{
  static const struct {
    const char *text;
    guint       refuse_at;
    const char *handed;
    const char *tree;
  } cases[] = {
    { "{\"code\":200,\"data\":[[1],[2],[3]]}", G_MAXUINT,
      "0:[1] 1:[2] 2:[3] end:3", "{\"code\":200,\"data\":[]}" },
    /* only `data`, wherever it is */
    { "{\"x\":[[9]],\"data\":[[1]]}", G_MAXUINT, "0:[1] end:1", "{\"x\":[[9]],\"data\":[]}" },
    { "{\"data\":[[1]],\"y\":[[5]]}", G_MAXUINT, "0:[1] end:1", "{\"data\":[],\"y\":[[5]]}" },
    /* `data` twice: the last one stands, as json-glib reads it */
    { "{\"data\":[[1]],\"data\":[[2],[3]]}", G_MAXUINT, "0:[2] 1:[3] end:2", "{\"data\":[]}" },
    /* the key with an escape is the same key */
    { "{\"d\\u0061ta\":[[7]]}", G_MAXUINT, "0:[7] end:1", "{\"data\":[]}" },
    /* white space, strings with brackets, scalars */
    { " { \"data\" : [ [1] , 2 , \"x]\\\"[\" , {\"k\":\"}\"} ] , \"z\" : 1 } ", G_MAXUINT,
      "0:[1] 1:2 2:\"x]\\\"[\" 3:{\"k\":\"}\"} end:4", "{\"data\":[],\"z\":1}" },
    { "{\"data\":null}", G_MAXUINT, "", "{\"data\":null}" },
    { "{\"data\":[]}", G_MAXUINT, "end:0", "{\"data\":[]}" },
    /* only the root object's member */
    { "[[1],[2]]", G_MAXUINT, "", "[[1],[2]]" },
    { "{\"a\":{\"data\":[1]}}", G_MAXUINT, "", "{\"a\":{\"data\":[1]}}" },
    { "{\"data\":[[{\"a\":[[1]]}]]}", G_MAXUINT, "0:[{\"a\":[[1]]}] end:1", "{\"data\":[]}" },
    /* refused at 1: no more elements, and the end is still said, with the count */
    { "{\"data\":[1,2,3]}", 1, "0:1 1:2 end:3", "{\"data\":[]}" },
    /* not JSON: nothing handed */
    { "{\"data\":[[1],[2]", G_MAXUINT, "", NULL },
    { "{\"data\":[01]}", G_MAXUINT, "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tree = NULL;
      g_autofree char *handed = stream (cases[i].text, cases[i].refuse_at, &tree);

      g_test_message ("%s → %s; %s", cases[i].text, handed, tree);
      if (cases[i].tree == NULL)
        g_assert_true (g_str_has_prefix (tree, "error: "));
      else
        g_assert_cmpstr (tree, ==, cases[i].tree);
      g_assert_cmpstr (handed, ==, cases[i].handed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/error/codes", test_error_codes);
  g_test_add_func ("/core/error/describe", test_error_describe);
  g_test_add_func ("/core/error/session", test_error_session);
  g_test_add_func ("/core/error/from-service", test_error_from_service);
  g_test_add_func ("/core/json/parse/malformed", test_parse_malformed);
  g_test_add_func ("/core/json/parse/deep", test_parse_deep);
  g_test_add_func ("/core/json/parse/integer-range", test_parse_integer_range);
  g_test_add_func ("/core/json/parse/streaming", test_parse_streaming);
  g_test_add_func ("/core/json/to-string", test_to_string);
  g_test_add_func ("/core/json/string", test_get_string);
  g_test_add_func ("/core/json/string/limit", test_string_limit);
  g_test_add_func ("/core/json/int64", test_get_int64);
  g_test_add_func ("/core/json/double-boolean", test_get_double_boolean);
  g_test_add_func ("/core/json/id", test_get_id);
  g_test_add_func ("/core/json/containers", test_get_containers);
  g_test_add_func ("/core/json/datetime", test_get_datetime);
  g_test_add_func ("/core/json/text-contains", test_text_contains);

  return g_test_run ();
}
