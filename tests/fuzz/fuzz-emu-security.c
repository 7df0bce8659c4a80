/* fuzz-emu-security.c: the emulator's code and TOTP verification and its security endpoints
 *
 * Each input is used three ways:
 *   1. as a string, through the pure checks: TOTP (ac_emu_totp_check() accepts only the codes
 *      of the steps around now, computed independently with ac_emu_totp_generate(); a secret
 *      that ac_emu_totp_secret_is_valid() accepts generates codes that check), the recovery
 *      code's canonical form, the address shapes, and the seed's `mfa` object when it is JSON;
 *   2. as a code and an address against the store, inside a transaction that is rolled back:
 *      only the live code is right, the fifth wrong try burns it, the outbox lists exactly what
 *      was put for the address;
 *   3. as the body of a request to one of the security endpoints of a real AcEmuServer in this
 *      process (the first byte picks the endpoint, and the bearer: a sign-in token, an
 *      mfaToken, or none): every answer is JSON, an envelope or the outbox's array, and never
 *      HTTP 500.
 * The server is seeded with tests/fixtures/pools/security.json in a temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ac-emu-crypto.h"
#include "ac-emu-outbox.h"
#include "ac-emu-seed.h"
#include "ac-emu-server.h"
#include "ac-emu-store-security.h"
#include "ac-emu-token.h"
#include "ac-emu-totp.h"
#include "fuzz-common.h"

#define SECRET "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#define BOB "5ec000000000000000000a02"
#define CAROL "5ec000000000000000000a03"
#define MFA_TOKEN "fuzz-mfa-token"

static char *data_dir;
static AcEmuStore *store;
static AcEmuKeys *keys;
static AcEmuServer *server;
static SoupSession *session;
static char *token;

typedef enum { NO_BEARER, SIGN_IN_TOKEN, MFA } Bearer;

static const struct {
  const char *method;
  const char *path;
  Bearer bearer;
} endpoints[] = {
  { "POST", "/api/v2/password/update", SIGN_IN_TOKEN },
  { "GET", "/api/v2/users/password/check?password=", SIGN_IN_TOKEN },
  { "POST", "/api/v2/sms/send", NO_BEARER },
  { "POST", "/api/v2/email/send", SIGN_IN_TOKEN },
  { "POST", "/api/v2/login/phone-code", NO_BEARER },
  { "POST", "/api/v2/login/email-code", NO_BEARER },
  { "POST", "/api/v2/users/phone/bind", SIGN_IN_TOKEN },
  { "POST", "/api/v2/users/phone/update", SIGN_IN_TOKEN },
  { "POST", "/api/v2/users/email/bind", SIGN_IN_TOKEN },
  { "POST", "/api/v2/users/email/update", SIGN_IN_TOKEN },
  { "GET", "/api/v2/mfa/authenticator?type=", SIGN_IN_TOKEN },
  { "POST", "/api/v2/mfa/totp/associate", SIGN_IN_TOKEN },
  { "POST", "/api/v2/mfa/totp/associate/confirm", SIGN_IN_TOKEN },
  { "POST", "/api/v2/mfa/totp/verify", MFA },
  { "POST", "/api/v2/mfa/totp/recovery", MFA },
  { "GET", "/_emulator/outbox?to=", NO_BEARER },
  { "POST", "/api/v2/login/account", NO_BEARER },
};

static void
cleanup (void)
{
  if (server != NULL)
    ac_emu_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&session);
  g_clear_object (&store);
  g_clear_pointer (&keys, ac_emu_keys_free);
  if (data_dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", data_dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
      g_clear_pointer (&data_dir, g_free);
    }
  g_clear_pointer (&token, g_free);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *root = g_getenv ("AC_SOURCE_ROOT") != NULL ? g_getenv ("AC_SOURCE_ROOT") : SOURCE_ROOT;
  g_autofree char *seed = g_build_filename (root, "tests", "fixtures", "pools", "security.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  AcEmuOptions options = { .token_ttl = 3600 };
  g_autofree char *pool_id = NULL;

  fuzz_init ();
  g_setenv ("AC_EMULATOR_TEST_CLOCK", "1", TRUE);

  data_dir = g_dir_make_tmp ("fuzz-emu-security-XXXXXX", &error);
  FUZZ_CHECK (data_dir != NULL);
  store = ac_emu_store_open (data_dir, &error);
  FUZZ_CHECK (store != NULL);
  FUZZ_CHECK (ac_emu_seed_load (store, seed, &error));
  keys = ac_emu_keys_load_or_create (data_dir, &error);
  FUZZ_CHECK (keys != NULL);
  server = ac_emu_server_new (store, keys, &options);
  FUZZ_CHECK (ac_emu_server_listen (server, loopback, 0, &error));
  session = soup_session_new_with_options ("timeout", 30, NULL);

  pool_id = ac_emu_store_get_meta (store, "pool_id");
  FUZZ_CHECK (ac_emu_store_begin (store, NULL));
  token = ac_emu_token_issue (store, BOB, pool_id, ac_emu_server_get_base_url (server), 3600, NULL, NULL, NULL);
  FUZZ_CHECK (token != NULL);
  FUZZ_CHECK (ac_emu_store_add_mfa_token (store, MFA_TOKEN, CAROL, G_MAXINT32, NULL));
  FUZZ_CHECK (ac_emu_store_commit (store, NULL));
  atexit (cleanup);
  return 0;
}

/* 1. The pure checks */
static void
check_pure (const char *text)
{
  gint64 now = ac_emu_security_now ();
  gint64 counter = -1;
  g_autofree char *normalized = NULL;

  if (ac_emu_totp_check (SECRET, text, now, &counter))
    {
      gboolean found = FALSE;

      for (int step = -1; step <= 1; step++)
        {
          g_autofree char *code = ac_emu_totp_generate (SECRET, now + 30 * step);

          found = found || (g_str_equal (code, text) && counter == now / 30 + step);
        }
      FUZZ_CHECK (found);
    }

  if (ac_emu_totp_secret_is_valid (text))
    {
      g_autofree char *code = ac_emu_totp_generate (text, now);

      FUZZ_CHECK (code != NULL && ac_emu_is_digits (code, 6));
      FUZZ_CHECK (ac_emu_totp_check (text, code, now, &counter) && counter == now / 30);
    }
  else
    {
      ac_emu_totp_check (text, "123456", now, NULL);
    }

  normalized = ac_emu_totp_normalize_recovery_code (text);
  if (normalized != NULL)
    {
      FUZZ_CHECK (*normalized != '\0' && strlen (normalized) <= AC_EMU_CODE_INPUT_MAX);
      FUZZ_CHECK (ac_emu_is_short_ascii (normalized, AC_EMU_CODE_INPUT_MAX));
      FUZZ_CHECK (!g_ascii_isspace (normalized[0]) && !g_ascii_isspace (normalized[strlen (normalized) - 1]));
      for (const char *p = normalized; *p != '\0'; p++)
        FUZZ_CHECK (!g_ascii_isupper (*p));
    }

  if (ac_emu_phone_is_valid (text))
    for (const char *p = text[0] == '+' ? text + 1 : text; *p != '\0'; p++)
      FUZZ_CHECK (g_ascii_isdigit (*p));
  if (ac_emu_email_shape_is_valid (text))
    FUZZ_CHECK (strchr (text, '@') != NULL && strchr (text, ' ') == NULL);
  ac_emu_country_code_is_valid (text);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (g_utf8_validate (text, -1, NULL) && json_parser_load_from_data (parser, text, -1, NULL) &&
        json_parser_get_root (parser) != NULL)
      {
        g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

        ac_emu_totp_check_seed (json_parser_get_root (parser), "users[0].mfa", errors);
        for (guint i = 0; i < errors->len; i++)
          FUZZ_CHECK (g_str_has_prefix (g_ptr_array_index (errors, i), "users[0].mfa"));
      }
  }
}

/* 2. Codes and the outbox, rolled back */
static void
check_store (const char *text)
{
  g_auto(AcEmuCodeRow) row = { 0, };
  g_autoptr(JsonArray) entries = NULL;
  gboolean right = FALSE;
  gint64 now = ac_emu_security_now ();

  if (!g_utf8_validate (text, -1, NULL))
    return;
  FUZZ_CHECK (ac_emu_store_begin (store, NULL));
  FUZZ_CHECK (ac_emu_store_put_code (store, AC_EMU_CHANNEL_SMS, text, "123456", now, now + 300, NULL));
  FUZZ_CHECK (ac_emu_codes_check (store, AC_EMU_CHANNEL_SMS, text, text, &right, NULL));
  FUZZ_CHECK (right == g_str_equal (text, "123456"));
  if (!right)
    {
      for (int i = 1; i < AC_EMU_CODE_MAX_FAILURES; i++)
        FUZZ_CHECK (ac_emu_codes_check (store, AC_EMU_CHANNEL_SMS, text, text, &right, NULL) && !right);
      FUZZ_CHECK (ac_emu_codes_check (store, AC_EMU_CHANNEL_SMS, text, "123456", &right, NULL));
      FUZZ_CHECK (!right);   /* burnt by the fifth wrong try */
    }
  FUZZ_CHECK (ac_emu_store_get_code (store, AC_EMU_CHANNEL_EMAIL, text, &row, NULL));
  FUZZ_CHECK (!row.found);

  FUZZ_CHECK (ac_emu_store_add_outbox (store, AC_EMU_CHANNEL_EMAIL, text, NULL, "654321", "VERIFY_CODE",
                                       "2026-01-01T00:00:00.000Z", AC_EMU_OUTBOX_KEEP, NULL));
  entries = ac_emu_store_outbox_json (store, text, NULL);
  FUZZ_CHECK (entries != NULL && json_array_get_length (entries) >= 1);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    FUZZ_CHECK (g_str_equal (json_object_get_string_member (json_array_get_object_element (entries, i), "to"),
                             text));
  ac_emu_store_rollback (store);
}

/* 3. A request */
static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **answer = user_data;
  g_autoptr(GError) error = NULL;

  *answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (*answer == NULL)
    {
      fprintf (stderr, "no answer: %s\n", error->message);
      abort ();
    }
}

static void
check_request (const uint8_t *data,
               size_t         size)
{
  guint which = data[0] % G_N_ELEMENTS (endpoints);
  gboolean get = g_str_equal (endpoints[which].method, "GET");
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  guint status;

  data++;
  size--;
  if (get)
    {
      g_autofree char *escaped = g_uri_escape_bytes (data, size, NULL);

      url = g_strconcat (ac_emu_server_get_base_url (server), endpoints[which].path, escaped, NULL);
    }
  else
    url = g_strconcat (ac_emu_server_get_base_url (server), endpoints[which].path, NULL);
  msg = soup_message_new (endpoints[which].method, url);
  FUZZ_CHECK (msg != NULL);
  if (!get)
    {
      g_autoptr(GBytes) body = g_bytes_new (data, size);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  if (endpoints[which].bearer != NO_BEARER)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", endpoints[which].bearer == MFA ? MFA_TOKEN : token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);

  status = soup_message_get_status (msg);
  if (status >= 500)
    {
      fprintf (stderr, "%s %s: HTTP %u\n", endpoints[which].method, endpoints[which].path, status);
      abort ();
    }
  FUZZ_CHECK (status == 200 || status == 400 || status == 403 || status == 404 || status == 413);
  FUZZ_CHECK (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL));
  root = json_parser_get_root (parser);
  FUZZ_CHECK (root != NULL);
  /* the outbox's answer is a bare array; anything refused (a query that is not UTF-8: HTTP 200,
   * code 400) is an envelope */
  if (g_str_has_prefix (endpoints[which].path, "/_emulator/outbox") && JSON_NODE_HOLDS_ARRAY (root))
    FUZZ_CHECK (status == 200);
  else
    {
      JsonObject *envelope;

      FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (root));
      envelope = json_node_get_object (root);
      FUZZ_CHECK (json_object_has_member (envelope, "code") && json_object_has_member (envelope, "message"));
      if (g_str_has_prefix (endpoints[which].path, "/_emulator/outbox"))
        FUZZ_CHECK (json_object_get_int_member (envelope, "code") != 200);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  if (size == 0 || size > 64 * 1024)
    return 0;

  /* the mfaToken is fresh for every input (one that locked or was used would hide the rest) */
  FUZZ_CHECK (ac_emu_store_exec (store, "UPDATE mfa_tokens SET used = 0, failures = 0", NULL));

  text = g_strndup ((const char *) data, size);
  check_pure (text);
  check_store (text);
  check_request (data, size);
  return 0;
}
