/* fuzz-emu-security.c: the emulator's code and TOTP verification and its security endpoints
 *
 * Each input is used three ways:
 *   1. as a string, through the pure checks: TOTP (ac_emu_totp_check() accepts only the codes
 *      of the steps around now, computed independently with ac_emu_totp_generate(); a secret
 *      that ac_emu_totp_secret_is_valid() accepts generates codes that check), the recovery
 *      code's canonical form, the address shapes, and the seed's `mfa` object when it is JSON;
 *   2. as a code and an address against the store, inside a transaction that is rolled back:
 *      only the live code is right, the fifth wrong try burns it, the e-mail channel's code for
 *      the same address is untouched, the outbox lists exactly what was put for the address;
 *   3. as the body of a request to one of the security endpoints of a real AcEmuServer in this
 *      process (the first byte picks the endpoint, and the bearer: a sign-in token, an
 *      mfaToken, or none): every answer is JSON, an envelope or the outbox's array, and never
 *      HTTP 500.
 * The server is seeded with tests/fixtures/pools/security.json in a temporary folder.
 *
 * Speed (docs/fuzzing.md): the request goes over one kept-alive TCP connection to the server's
 * own listener (its gate, then libsoup's SoupServer, as for any client), written and read by
 * this file as raw HTTP/1.1 (no SoupSession: no proxy lookup, no connect per input). Each
 * input ends with the server idle again, so libFuzzer sees as many frees as mallocs and does
 * not run the input twice for its leak check. The database is not synced to disk (nothing
 * here tests durability), and password and recovery-code hashes are made with one PBKDF2
 * iteration (ac_emu_password_set_iterations_for_fuzzing(); the stored format carries its
 * iteration count, and the server's check honours it): the endpoints check the same secrets on
 * the same path, at a fraction of the cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ac-emu-crypto.h"
#include "ac-emu-gate.h"
#include "ac-emu-outbox.h"
#include "ac-emu-request.h"
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
static char *token;
static gboolean mfa_token_touched = TRUE;

/* The client side of part 3: one connection to the server, kept alive between inputs */
static struct {
  GSocketAddress *address;
  char *host;                 /* for the Host header */
  GSocket *socket;            /* NULL: connect before the next request */
  GSource *source;            /* G_IO_IN on socket, filling answer */
  gboolean eof;
  gint64 last_used;           /* monotonic time of the last answer */
  GString *request;
  GByteArray *answer;
  GByteArray *body;           /* the answer's body, de-chunked */
} client;

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

/* ---------------------------------------------------------------------------------------- */
/* A minimal HTTP/1.1 client for part 3 */

static void
client_disconnect (void)
{
  if (client.source != NULL)
    {
      g_source_destroy (client.source);
      g_clear_pointer (&client.source, g_source_unref);
    }
  if (client.socket != NULL)
    g_socket_close (client.socket, NULL);
  g_clear_object (&client.socket);
}

static gboolean
client_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  guint8 buffer[16 * 1024];
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_receive_with_blocking (socket, (char *) buffer, sizeof buffer, FALSE, NULL, &error);

  if (n > 0)
    {
      g_byte_array_append (client.answer, buffer, (guint) n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  client.eof = TRUE;             /* the server closed the connection (or reset it) */
  g_clear_pointer (&client.source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
client_connect (void)
{
  g_autoptr(GError) error = NULL;

  client_disconnect ();
  client.eof = FALSE;
  client.socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  FUZZ_CHECK (client.socket != NULL);
  /* loopback: the kernel completes the handshake; the server accepts it in the main loop */
  if (!g_socket_connect (client.socket, client.address, NULL, &error))
    {
      fprintf (stderr, "cannot connect to the emulator: %s\n", error->message);
      abort ();
    }
  g_socket_set_blocking (client.socket, FALSE);
  g_socket_set_option (client.socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  client.source = g_socket_create_source (client.socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (client.source, (GSourceFunc) G_CALLBACK (client_readable_cb), NULL, NULL);
  g_source_attach (client.source, NULL);
}

/* The value of header name (lowercase, with its colon) in head, or NULL */
static const char *
find_header (const char *head,
             const char *name)
{
  gsize len = strlen (name);

  for (const char *line = strstr (head, "\r\n"); line != NULL; line = strstr (line + 2, "\r\n"))
    if (g_ascii_strncasecmp (line + 2, name, len) == 0)
      {
        const char *value = line + 2 + len;

        while (*value == ' ' || *value == '\t')
          value++;
        return value;
      }
  return NULL;
}

/* Whether client.answer holds a whole answer; then *status, client.body and *close are set.
 * An answer that does not parse as HTTP/1.1 aborts. */
static gboolean
answer_complete (guint    *status,
                 gboolean *close)
{
  const char *data = (const char *) client.answer->data;
  gsize len = client.answer->len;
  const char *end = g_strstr_len (data, (gssize) len, "\r\n\r\n");
  g_autofree char *head = NULL;
  const char *value;
  gsize body_start;

  if (end == NULL)
    return FALSE;
  head = g_strndup (data, (gsize) (end - data) + 2);
  body_start = (gsize) (end - data) + 4;
  if (!g_str_has_prefix (head, "HTTP/1.1 ") || !g_ascii_isdigit (head[9]) ||
      !g_ascii_isdigit (head[10]) || !g_ascii_isdigit (head[11]) || head[12] != ' ')
    {
      fprintf (stderr, "not an HTTP/1.1 answer: %.80s\n", head);
      abort ();
    }
  *status = (guint) ((head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0'));
  value = find_header (head, "connection:");
  *close = value != NULL && g_ascii_strncasecmp (value, "close", 5) == 0;

  g_byte_array_set_size (client.body, 0);
  value = find_header (head, "transfer-encoding:");
  if (value != NULL && g_ascii_strncasecmp (value, "chunked", 7) == 0)
    {
      gsize pos = body_start;

      for (;;)
        {
          const char *line_end = g_strstr_len (data + pos, (gssize) (len - pos), "\r\n");
          guint64 size;
          char *after;

          if (line_end == NULL)
            return FALSE;
          size = g_ascii_strtoull (data + pos, &after, 16);
          FUZZ_CHECK (after != data + pos && size <= 64 * 1024 * 1024);
          pos = (gsize) (line_end - data) + 2;
          if (size == 0)
            return g_strstr_len (data + pos, (gssize) (len - pos), "\r\n") != NULL;   /* no trailers */
          if (len - pos < size + 2)
            return FALSE;
          g_byte_array_append (client.body, (const guint8 *) data + pos, (guint) size);
          pos += size + 2;
        }
    }

  value = find_header (head, "content-length:");
  if (value == NULL)
    {
      fprintf (stderr, "an answer with neither Content-Length nor chunked body: %.80s\n", head);
      abort ();
    }
  {
    guint64 length = g_ascii_strtoull (value, NULL, 10);

    if (len - body_start < length)
      return FALSE;
    g_byte_array_append (client.body, (const guint8 *) data + body_start, (guint) length);
  }
  return TRUE;
}

/* Sends client.request and waits for the whole answer; *status gets its status, client.body
 * its body. The server runs in this thread's main context. */
static void
client_exchange (guint *status)
{
  gsize sent = 0;
  gboolean close = FALSE;

  /* the gate closes a connection idle for AC_EMU_GATE_IDLE_SECONDS; libFuzzer may have
   * paused that long between inputs (a merge, a slow input, a stopped process) */
  if (client.socket == NULL || client.eof ||
      g_get_monotonic_time () - client.last_used > AC_EMU_GATE_IDLE_SECONDS / 2 * G_USEC_PER_SEC)
    client_connect ();
  g_byte_array_set_size (client.answer, 0);

  while (sent < client.request->len && !client.eof)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send_with_blocking (client.socket, client.request->str + sent,
                                              client.request->len - sent, FALSE, NULL, &error);

      if (n > 0)
        sent += (gsize) n;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_main_context_iteration (NULL, TRUE);    /* the server reads (or answers early) */
      else
        break;    /* the server closed its side: its answer tells why */
    }
  while (!answer_complete (status, &close))
    {
      if (client.eof)
        {
          fprintf (stderr, "no answer: the server closed the connection\n");
          abort ();
        }
      g_main_context_iteration (NULL, TRUE);
    }
  client.last_used = g_get_monotonic_time ();
  if (close)
    client_disconnect ();
  /* let the server finish this request (hand the connection back to libsoup) before the
   * input ends */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
cleanup (void)
{
  client_disconnect ();
  g_clear_object (&client.address);
  g_clear_pointer (&client.host, g_free);
  if (client.request != NULL)
    g_string_free (g_steal_pointer (&client.request), TRUE);
  g_clear_pointer (&client.answer, g_byte_array_unref);
  g_clear_pointer (&client.body, g_byte_array_unref);
  if (server != NULL)
    ac_emu_server_stop (server);
  g_clear_object (&server);
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
  /* the seeded password and recovery-code hashes, and those the endpoints make, with one
   * PBKDF2 iteration instead of 25,000: the same checks on the same path, far faster */
  ac_emu_password_set_iterations_for_fuzzing (1);
  FUZZ_CHECK (ac_emu_seed_load (store, seed, &error));
  /* durability is not what this target checks: no fsync per commit */
  FUZZ_CHECK (ac_emu_store_exec (store, "PRAGMA synchronous=OFF", NULL));
  keys = ac_emu_keys_load_or_create (data_dir, &error);
  FUZZ_CHECK (keys != NULL);
  server = ac_emu_server_new (store, keys, &options);
  FUZZ_CHECK (ac_emu_server_listen (server, loopback, 0, &error));
  {
    const char *base_url = ac_emu_server_get_base_url (server);
    guint64 port;

    FUZZ_CHECK (g_str_has_prefix (base_url, "http://127.0.0.1:"));
    client.host = g_strdup (base_url + strlen ("http://"));
    port = g_ascii_strtoull (strrchr (base_url, ':') + 1, NULL, 10);
    client.address = g_inet_socket_address_new (loopback, (guint16) port);
    client.request = g_string_sized_new (1024);
    client.answer = g_byte_array_sized_new (4096);
    client.body = g_byte_array_sized_new (4096);
  }

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
  g_auto(AcEmuCodeRow) email_before = { 0, };
  g_auto(AcEmuCodeRow) row = { 0, };
  g_autoptr(JsonArray) entries = NULL;
  gboolean right = FALSE;
  gint64 now = ac_emu_security_now ();

  if (!g_utf8_validate (text, -1, NULL))
    return;
  FUZZ_CHECK (ac_emu_store_begin (store, NULL));
  /* an earlier request of part 3 may have left an e-mail code for this address */
  FUZZ_CHECK (ac_emu_store_get_code (store, AC_EMU_CHANNEL_EMAIL, text, &email_before, NULL));
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
  /* the e-mail channel's row for the same address is untouched by all of this */
  FUZZ_CHECK (ac_emu_store_get_code (store, AC_EMU_CHANNEL_EMAIL, text, &row, NULL));
  FUZZ_CHECK (row.found == email_before.found && g_strcmp0 (row.code, email_before.code) == 0 &&
              row.sent_at == email_before.sent_at && row.expires_at == email_before.expires_at &&
              row.failures == email_before.failures);

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
check_request (const uint8_t *data,
               size_t         size)
{
  guint which = data[0] % G_N_ELEMENTS (endpoints);
  gboolean get = g_str_equal (endpoints[which].method, "GET");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  guint status = 0;

  data++;
  size--;
  g_string_truncate (client.request, 0);
  g_string_append (client.request, endpoints[which].method);
  g_string_append_c (client.request, ' ');
  g_string_append (client.request, endpoints[which].path);
  if (get)
    {
      g_autofree char *escaped = g_uri_escape_bytes (data, size, NULL);

      g_string_append (client.request, escaped);
    }
  g_string_append (client.request, " HTTP/1.1\r\nHost: ");
  g_string_append (client.request, client.host);
  g_string_append (client.request, "\r\n");
  if (endpoints[which].bearer != NO_BEARER)
    {
      g_string_append (client.request, "Authorization: Bearer ");
      g_string_append (client.request, endpoints[which].bearer == MFA ? MFA_TOKEN : token);
      g_string_append (client.request, "\r\n");
    }
  if (endpoints[which].bearer == MFA)
    mfa_token_touched = TRUE;
  if (!get)
    {
      g_string_append_printf (client.request, "Content-Type: application/json\r\n"
                                              "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", size);
      g_string_append_len (client.request, (const char *) data, (gssize) size);
    }
  else
    g_string_append (client.request, "\r\n");

  client_exchange (&status);

  if (status >= 500)
    {
      fprintf (stderr, "%s %s: HTTP %u\n", endpoints[which].method, endpoints[which].path, status);
      abort ();
    }
  /* a query long enough to push the request head over the gate's limit is refused as such */
  if (get && client.request->len > AC_EMU_REQUEST_HEAD_LIMIT)
    FUZZ_CHECK (status == 431);
  else
    FUZZ_CHECK (status == 200 || status == 400 || status == 403 || status == 404 || status == 413);
  FUZZ_CHECK (json_parser_load_from_data (parser, (const char *) client.body->data, client.body->len, NULL));
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

  /* the mfaToken is fresh for every input (one that locked or was used would hide the rest);
   * only a request with it can have changed it */
  if (mfa_token_touched)
    {
      FUZZ_CHECK (ac_emu_store_exec (store, "UPDATE mfa_tokens SET used = 0, failures = 0", NULL));
      mfa_token_touched = FALSE;
    }

  text = g_strndup ((const char *) data, size);
  check_pure (text);
  check_store (text);
  check_request (data, size);
  return 0;
}
