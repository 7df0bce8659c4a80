/* security-util.c: the emulator's own endpoints and TOTP codes, for the client tests of account
 * security
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <liboath/oath.h>
#include <libsoup/soup.h>

#include "security-util.h"

AcTestEmulator *
security_emulator (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool = ac_test_source_path ("tests/fixtures/pools/security.json");
  AcTestEmulator *emulator;

  g_setenv ("AC_EMULATOR_TEST_CLOCK", "1", TRUE);
  emulator = ac_test_emulator_start (pool, NULL, &error);
  g_assert_no_error (error);
  return emulator;
}

/* A request to the emulator outside AcClient (its outbox and clock) */
JsonNode *
emulator_json (AcTestEmulator *emulator,
               const char     *method,
               const char     *path,
               const char     *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ac_test_emulator_get_url (emulator), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), &error));
  return json_node_copy (json_parser_get_root (parser));
}

/* The newest code in the outbox for @to */
char *
outbox_code (AcTestEmulator *emulator,
             const char     *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/_emulator/outbox?to=", escaped, NULL);
  g_autoptr(JsonNode) root = emulator_json (emulator, "GET", path, NULL);
  JsonArray *entries;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  entries = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (entries), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 0), "code"));
}

/* Moves the emulator's security clock; returns its now */
gint64
clock_advance (AcTestEmulator *emulator,
               gint64          seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance\": %" G_GINT64_FORMAT "}", seconds);
  g_autoptr(JsonNode) root = emulator_json (emulator, "POST", "/_emulator/clock", body);

  return json_object_get_int_member (json_node_get_object (root), "now");
}

/* The TOTP code of a base32 secret at unix time @at, with liboath (RFC 6238, SHA-1, 6, 30 s) */
char *
totp_at (const char *secret,
         gint64      at)
{
  char *raw = NULL;
  size_t len = 0;
  char otp[7] = { 0 };

  g_assert_cmpint (oath_init (), ==, OATH_OK);
  g_assert_cmpint (oath_base32_decode (secret, strlen (secret), &raw, &len), ==, OATH_OK);
  g_assert_cmpint (oath_totp_generate (raw, len, (time_t) at, 30, 0, 6, otp), ==, OATH_OK);
  free (raw);
  return g_strdup (otp);
}

/* The code @steps steps from the emulator's now; near the end of a step the clock is moved into
 * the next one, so that the step cannot change before the code arrives. */
char *
totp_now (AcTestEmulator *emulator,
          const char     *secret,
          int             steps)
{
  gint64 now = clock_advance (emulator, 0);

  if (now % 30 >= 25)
    now = clock_advance (emulator, 30 - now % 30);
  return totp_at (secret, now + 30 * steps);
}

char *
wrong_code (const char *code)
{
  return g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
}
