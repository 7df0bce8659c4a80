/* test-security-models.c: the password strength meter (against the table the emulator's test
 * reads too, tests/fixtures/password-levels.tsv), the password policy, and the models of
 * two-step sign-in (AcMfaEnrollment, AcMfaAuthenticator, AcMfaChallenge) from good and hostile
 * JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "core-test-util.h"
#include "ac-mfa-authenticator.h"
#include "ac-mfa-challenge.h"
#include "ac-mfa-enrollment.h"
#include "ac-password-strength.h"

static void
test_strength_table (void)
{
  const char *root = g_getenv ("AC_SOURCE_ROOT") ? g_getenv ("AC_SOURCE_ROOT") : SOURCE_ROOT;
  g_autofree char *path = g_build_filename (root, "tests", "fixtures", "password-levels.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;
  gboolean seen[4] = { FALSE, };

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      int level;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      cells = g_strsplit (lines[i], "\t", 2);
      g_assert_cmpuint (g_strv_length (cells), ==, 2);
      level = atoi (cells[0]);
      if (ac_password_strength_level (cells[1]) != level)
        g_test_fail_printf ("“%s”: level %d, the table says %d", cells[1],
                            ac_password_strength_level (cells[1]), level);
      seen[level] = TRUE;
      rows++;
    }
  g_assert_cmpuint (rows, >=, 20);
  g_assert_true (seen[1] && seen[2] && seen[3]);

  g_assert_cmpint (ac_password_strength_level (NULL), ==, 0);
  g_assert_cmpint (ac_password_strength_level (""), ==, 0);
  g_assert_cmpint (ac_password_strength_level ("\xff\xfe not UTF-8 1A"), ==, 0);
}

static void
test_strength_labels (void)
{
  g_assert_cmpstr (ac_password_strength_label (0), ==, "");
  for (int level = 1; level <= 3; level++)
    {
      g_assert_cmpstr (ac_password_strength_label (level), !=, "");
      g_assert_cmpstr (ac_password_strength_label (level), !=, ac_password_strength_label (level % 3 + 1));
    }
  g_assert_nonnull (ac_password_strength_hint (1));
  g_assert_nonnull (ac_password_strength_hint (2));
  g_assert_null (ac_password_strength_hint (3));
}

static void
test_policy (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ac_password_strength_check_policy ("abcdefgh", "alice", &error));
  g_assert_no_error (error);
  g_assert_true (ac_password_strength_check_policy ("密码密码密码密码", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ac_password_strength_check_policy ("abcdefg", "alice", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ac_password_strength_check_policy ("Long-Username", "long-username", &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ac_password_strength_check_policy ("\xff\xff\xff\xff\xff\xff\xff\xff", NULL, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT);
}

static void
test_enrollment (void)
{
  g_autoptr(JsonNode) node = core_test_parse (
    "{\"authenticator_type\":\"totp\",\"secret\":\"jbsw y3dp ehpk 3pxp\","
    "\"qrcode_uri\":\"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example\","
    "\"qrcode_data_url\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==\","
    "\"recovery_code\":\"3fa1-9c0e-77b2-d41a-0e5f-c8b3\"}");
  g_autoptr(AcMfaEnrollment) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *grouped = NULL;
  GBytes *png;

  e = ac_mfa_enrollment_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_mfa_enrollment_get_secret (e), ==, "JBSWY3DPEHPK3PXP");
  grouped = ac_mfa_enrollment_format_secret (e);
  g_assert_cmpstr (grouped, ==, "JBSW Y3DP EHPK 3PXP");
  g_assert_cmpstr (ac_mfa_enrollment_get_uri (e), ==,
                   "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example");
  g_assert_cmpstr (ac_mfa_enrollment_get_recovery_code (e), ==, "3fa1-9c0e-77b2-d41a-0e5f-c8b3");
  png = ac_mfa_enrollment_get_qr_code_png (e);
  g_assert_nonnull (png);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
}

static void
test_enrollment_hostile (void)
{
  static const char * const bad[] = {
    "{}",
    "{\"secret\":null}",
    "{\"secret\":42}",
    "{\"secret\":\"short\"}",
    "{\"secret\":\"not base32 at all!\"}",
    "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"qrcode_uri\":[]}",
    "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"recovery_code\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = core_test_parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AcMfaEnrollment) e = ac_mfa_enrollment_new_from_json (json_node_get_object (node), &error);

      g_assert_null (e);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
    }

  /* what is not a PNG data URL is left out; a missing URI is made from the secret */
  {
    g_autoptr(JsonNode) node = core_test_parse ("{\"secret\":\"JBSWY3DPEHPK3PXP\","
                                                "\"qrcode_data_url\":\"data:image/png;base64,bm90IGEgcG5n\","
                                                "\"qrcode_uri\":\"https://evil.example/\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(AcMfaEnrollment) e = ac_mfa_enrollment_new_from_json (json_node_get_object (node), &error);

    g_assert_no_error (error);
    g_assert_null (ac_mfa_enrollment_get_qr_code_png (e));
    g_assert_null (ac_mfa_enrollment_get_recovery_code (e));
    g_assert_true (g_str_has_prefix (ac_mfa_enrollment_get_uri (e), "otpauth://totp/"));
    g_assert_nonnull (strstr (ac_mfa_enrollment_get_uri (e), "secret=JBSWY3DPEHPK3PXP"));
  }
}

static void
test_authenticator (void)
{
  g_autoptr(JsonNode) node = core_test_parse (
    "{\"id\":\"a1\",\"createdAt\":\"2026-01-02T03:04:05.000Z\",\"updatedAt\":null,\"userId\":\"u\","
    "\"enable\":true,\"authenticatorType\":\"totp\"}");
  g_autoptr(JsonNode) snake = core_test_parse ("{\"id\":\"a2\",\"authenticator_type\":\"totp\",\"enable\":false}");
  g_autoptr(AcMfaAuthenticator) a = NULL;
  g_autoptr(AcMfaAuthenticator) b = NULL;
  g_autoptr(GError) error = NULL;

  a = ac_mfa_authenticator_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_mfa_authenticator_get_id (a), ==, "a1");
  g_assert_cmpstr (ac_mfa_authenticator_get_authenticator_type (a), ==, "totp");
  g_assert_true (ac_mfa_authenticator_get_enabled (a));
  g_assert_cmpint (g_date_time_get_year (ac_mfa_authenticator_get_created_at (a)), ==, 2026);
  g_assert_null (ac_mfa_authenticator_get_updated_at (a));

  b = ac_mfa_authenticator_new_from_json (json_node_get_object (snake), &error);
  g_assert_no_error (error);
  g_assert_false (ac_mfa_authenticator_get_enabled (b));

  for (guint i = 0; i < 3; i++)
    {
      static const char * const bad[] = { "{}", "{\"id\":\"x\",\"enable\":\"yes\"}", "{\"id\":[1]}" };
      g_autoptr(JsonNode) n = core_test_parse (bad[i]);
      g_autoptr(GError) e = NULL;
      g_autoptr(AcMfaAuthenticator) m = ac_mfa_authenticator_new_from_json (json_node_get_object (n), &e);

      g_assert_null (m);
      g_assert_error (e, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
    }
}

static void
test_challenge (void)
{
  g_autoptr(JsonNode) node = core_test_parse (
    "{\"mfaToken\":\"secret-token\",\"nickname\":\"\",\"email\":\"a@example.com\",\"username\":\"alice\","
    "\"avatar\":null,\"totpMfaEnabled\":true}");
  g_autoptr(JsonNode) bad = core_test_parse ("{\"nickname\":5}");
  g_autoptr(AcMfaChallenge) c = NULL;
  g_autoptr(AcMfaChallenge) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  c = ac_mfa_challenge_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_mfa_challenge_get_display_name (c), ==, "alice");
  g_assert_cmpstr (ac_mfa_challenge_get_email (c), ==, "a@example.com");
  g_assert_null (ac_mfa_challenge_get_avatar (c));
  g_assert_true (ac_mfa_challenge_get_totp_enabled (c));
  g_assert_cmpint (g_date_time_difference (ac_mfa_challenge_get_expires_at (c), now) / G_TIME_SPAN_SECOND,
                   <=, AC_MFA_CHALLENGE_LIFETIME_S);
  g_assert_cmpint (g_date_time_difference (ac_mfa_challenge_get_expires_at (c), now) / G_TIME_SPAN_SECOND,
                   >=, AC_MFA_CHALLENGE_LIFETIME_S - 5);

  none = ac_mfa_challenge_new_from_json (json_node_get_object (bad), &error);
  g_assert_null (none);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/password-strength/table", test_strength_table);
  g_test_add_func ("/core/password-strength/labels", test_strength_labels);
  g_test_add_func ("/core/password-strength/policy", test_policy);
  g_test_add_func ("/core/mfa/enrollment", test_enrollment);
  g_test_add_func ("/core/mfa/enrollment-hostile", test_enrollment_hostile);
  g_test_add_func ("/core/mfa/authenticator", test_authenticator);
  g_test_add_func ("/core/mfa/challenge", test_challenge);

  return g_test_run ();
}
