/* test-client-log.c: the traffic log (G_MESSAGES_DEBUG) never shows a secret
 *
 * The real test signs in again and again through a recording proxy to a real emulator, with a
 * profile field padded so that the place where the log cuts each body (4096 bytes) falls at
 * every offset from 64 bytes before the token to 64 bytes after it, in the login answer and in
 * users/me. The proxy sees the raw answers, so the test knows where each cut fell; the log is
 * captured with a GLib log writer; no 16-character piece of any token or of the encrypted
 * password may appear in it. The redaction rules themselves are checked on crafted text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "client-util.h"
#include "ac-client-redact.h"

/* What SoupLogger used to keep of each body, and what the log keeps now */
#define LOG_CUT 4096
/* A piece of a secret this long in the log counts as a leak */
#define PIECE 16
/* The window around the token that the cut must sweep */
#define MARGIN 64

/* The log --------------------------------------------------------------------------------- */

static GMutex log_lock;
static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    {
      g_mutex_lock (&log_lock);
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          {
            if (fields[i].length < 0)
              g_string_append (captured, fields[i].value);
            else
              g_string_append_len (captured, fields[i].value, fields[i].length);
            g_string_append_c (captured, '\n');
          }
      g_mutex_unlock (&log_lock);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* What GLib, GIO and libsoup log with g_log() (not structured) comes here first. */
static void
capture_handler (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    {
      g_mutex_lock (&log_lock);
      g_string_append_printf (captured, "%s: %s\n", domain != NULL ? domain : "", message);
      g_mutex_unlock (&log_lock);
      return;
    }

  g_log_default_handler (domain, level, message, user_data);
}

static char *
take_log (void)
{
  char *text;

  g_mutex_lock (&log_lock);
  text = g_strdup (captured->str);
  g_string_truncate (captured, 0);
  g_mutex_unlock (&log_lock);

  return text;
}

/* Secrets: every PIECE-byte window of each, looked up while sliding over the log. */
static void
add_secret (GHashTable *pieces,
            const char *secret)
{
  gsize length = strlen (secret);

  g_assert_cmpuint (length, >=, PIECE);
  for (gsize i = 0; i + PIECE <= length; i++)
    g_hash_table_add (pieces, g_strndup (secret + i, PIECE));
}

static void
assert_no_piece (GHashTable *pieces,
                 const char *log,
                 const char *context)
{
  gsize length = strlen (log);
  char window[PIECE + 1];

  window[PIECE] = '\0';
  for (gsize i = 0; i + PIECE <= length; i++)
    {
      memcpy (window, log + i, PIECE);
      if (g_hash_table_contains (pieces, window))
        {
          gsize from = i > 200 ? i - 200 : 0;

          g_test_message ("%s: a piece of a secret reached the log: …%.*s…", context,
                          (int) MIN (length - from, 400), log + from);
          g_test_fail_printf ("%s: the secret piece “%s” is in the log", context, window);
          return;
        }
    }
}

/* JSON members of the raw bodies the proxy saw */
static char *
member_of (GBytes     *body,
           const char *outer,
           const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  if (outer != NULL)
    {
      JsonNode *node = json_object_get_member (object, outer);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
    }
  if (!json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, member)) ||
      json_node_get_value_type (json_object_get_member (object, member)) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_object_get_string_member (object, member));
}

/* Where @token starts in @body, in bytes */
static gssize
offset_in (GBytes     *body,
           const char *token)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  const char *found = g_strstr_len (data, size, token);

  return found != NULL ? found - data : -1;
}

/* The real thing ---------------------------------------------------------------------------- */

typedef struct
{
  GHashTable *secrets;
  gboolean   *login_cuts;  /* indexed by cut - token start + MARGIN */
  gboolean   *me_cuts;
  gsize       n_cuts;
  gsize       token_length;
  gssize      login_start; /* of the token, in the last login answer */
  gssize      me_start;
} Sweep;

/* Records what the proxy saw since the last call: the secrets, and where the cut fell. */
static void
collect (Sweep *sweep,
         Proxy *proxy)
{
  GPtrArray *exchanges = proxy_get_exchanges (proxy);

  for (guint i = 0; i < exchanges->len; i++)
    {
      ProxyExchange *exchange = g_ptr_array_index (exchanges, i);
      g_autofree char *token = member_of (exchange->answer, "data", "token");
      g_autofree char *password = member_of (exchange->request_body, NULL, "password");
      gboolean is_login = g_str_equal (exchange->path, "/api/v2/login/account");
      gboolean is_me = g_str_equal (exchange->path, "/api/v2/users/me");

      if (password != NULL)
        add_secret (sweep->secrets, password);
      if (token == NULL)
        continue;

      add_secret (sweep->secrets, token);
      if (sweep->token_length == 0)
        sweep->token_length = strlen (token);
      g_assert_cmpuint (strlen (token), ==, sweep->token_length);

      if (is_login || is_me)
        {
          gssize start = offset_in (exchange->answer, token);
          gssize cut = LOG_CUT - start; /* where the cut falls, counted from the token's start */

          g_assert_cmpint (start, >=, 0);
          if (is_login)
            sweep->login_start = start;
          else
            sweep->me_start = start;

          if (cut >= -MARGIN && cut < (gssize) (sweep->token_length + MARGIN) &&
              sweep->login_cuts != NULL)
            (is_login ? sweep->login_cuts : sweep->me_cuts)[cut + MARGIN] = TRUE;
        }
    }

  proxy_clear (proxy);
}

static void
set_address (AcClient   *client,
             gsize       length)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *padding = g_strnfill (length, 'x');

  json_object_set_string_member (changes, "address", padding);
  ac_client_update_profile_async (client, changes, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_update_profile_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
round_trip (AcClient *client,
            gsize     padding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) me = NULL;

  set_address (client, padding);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);
  me = current_user (client, &error);
  g_assert_no_error (error);
}

static void
test_token_at_every_cut (void)
{
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GHashTable) secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *log = NULL;
  Sweep sweep = { secrets, NULL, NULL, 0, 0, -1, -1 };
  gssize first, last, padding, current = 1;
  gsize bodies_seen = 0;

  /* The emulator is told nothing about debugging: only the client's log is under test. */
  g_unsetenv ("G_MESSAGES_DEBUG");
  emulator = start_emulator (NULL);
  proxy = proxy_start (ac_test_emulator_get_url (emulator));

  /* The client decides at construction whether to log. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  client = ac_client_new (proxy_get_url (proxy), ac_test_emulator_get_app_id (emulator));
  ac_client_set_lang (client, "en-US");

  /* Calibrate with a padding of 1: later paddings move the token by as many bytes. */
  {
    g_autoptr(GError) error = NULL;

    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    round_trip (client, 1);
    collect (&sweep, proxy);
    g_free (take_log ());
  }
  g_assert_cmpuint (sweep.token_length, >, 2 * PIECE);
  g_assert_cmpint (sweep.login_start, >, 0);
  g_assert_cmpint (sweep.me_start, >, 0);

  sweep.n_cuts = sweep.token_length + 2 * MARGIN;
  sweep.login_cuts = g_new0 (gboolean, sweep.n_cuts);
  sweep.me_cuts = g_new0 (gboolean, sweep.n_cuts);

  /* start(p) = start(1) + p - 1; cut = LOG_CUT - start: sweep from token_length + MARGIN down
   * to -MARGIN for both answers, with a few bytes to spare (loginsCount may grow a digit). */
  first = LOG_CUT - (gssize) (sweep.token_length + MARGIN) - MAX (sweep.login_start, sweep.me_start) + 1 - 4;
  last = LOG_CUT + MARGIN - MIN (sweep.login_start, sweep.me_start) + 1 + 4;
  g_assert_cmpint (first, >, 1);
  g_test_message ("token of %" G_GSIZE_FORMAT " bytes at %" G_GSSIZE_FORMAT " (login) and %"
                  G_GSSIZE_FORMAT " (users/me): paddings %" G_GSSIZE_FORMAT " to %" G_GSSIZE_FORMAT,
                  sweep.token_length, sweep.login_start, sweep.me_start, first, last);

  for (padding = first; padding <= last; padding++)
    {
      g_autofree char *context = g_strdup_printf ("padding %" G_GSSIZE_FORMAT, padding);
      g_autofree char *round_log = NULL;

      round_trip (client, padding);
      current = padding;
      collect (&sweep, proxy);
      round_log = take_log ();
      assert_no_piece (secrets, round_log, context);
      if (g_test_failed ())
        return;

      if (strstr (round_log, "/api/v2/login/account") != NULL && strstr (round_log, "xxxxxxxxxxxxxxxx") != NULL)
        bodies_seen++;
    }

  /* A digit more in loginsCount moves the token by one byte more than the padding: the cuts it
   * skipped are aimed at one by one, from where the token is now. */
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      gssize target = G_MAXSSIZE;
      gssize start = 0;
      g_autofree char *round_log = NULL;

      for (gsize i = 0; i < sweep.n_cuts && target == G_MAXSSIZE; i++)
        if (!sweep.login_cuts[i] || !sweep.me_cuts[i])
          {
            target = (gssize) i - MARGIN;
            start = !sweep.login_cuts[i] ? sweep.login_start : sweep.me_start;
          }
      if (target == G_MAXSSIZE)
        break;

      /* start + (padding - last) = LOG_CUT - target */
      padding = current + (LOG_CUT - target - start);
      g_test_message ("aiming at a cut %" G_GSSIZE_FORMAT " bytes from the token: padding %" G_GSSIZE_FORMAT,
                      target, padding);
      round_trip (client, padding);
      current = padding;
      collect (&sweep, proxy);
      round_log = take_log ();
      assert_no_piece (secrets, round_log, "aimed");
      if (g_test_failed ())
        return;
    }

  for (gsize i = 0; i < sweep.n_cuts; i++)
    {
      if (!sweep.login_cuts[i])
        g_test_fail_printf ("no login answer was cut %" G_GSSIZE_FORMAT " bytes from its token's start",
                            (gssize) i - MARGIN);
      if (!sweep.me_cuts[i])
        g_test_fail_printf ("no users/me answer was cut %" G_GSSIZE_FORMAT " bytes from its token's start",
                            (gssize) i - MARGIN);
    }

  /* The log did show the bodies (with the padding), only not the secrets. */
  g_assert_cmpuint (bodies_seen, ==, (gsize) (last - first + 1));

  /* Signing out sends the token one last time. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ac_client_sign_out_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    g_assert_true (ac_client_sign_out_finish (client, result, &error));
    g_assert_no_error (error);
  }
  log = take_log ();
  assert_no_piece (secrets, log, "sign-out");
  g_assert_nonnull (strstr (log, "Authorization: [hidden]"));

  g_free (sweep.login_cuts);
  g_free (sweep.me_cuts);
  g_unsetenv ("G_MESSAGES_DEBUG");
}

/* The rules, on crafted text ---------------------------------------------------------------- */

static void
assert_hidden (const char *input,
               gsize       max_length,
               const char *secret)
{
  g_autofree char *shown = _ac_client_redact_json (input, strlen (input), max_length);

  g_test_message ("%s → %s", input, shown);
  if (secret != NULL && strstr (shown, secret) != NULL)
    g_test_fail_printf ("“%s” shows through in “%s”", secret, shown);
}

static void
test_redact_json (void)
{
  static const char * const names[] = {
    "token", "access_token", "id_token", "refresh_token", "mfaToken", "password", "oldPassword",
    "newPassword", "secret", "recovery_code", "recoveryCode", "code_verifier", "Authorization",
    "client_secret", "totpSecret", "recoveryCodes", "Access-Token",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *plain = g_strdup_printf ("{\"%s\":\"SECRETVALUE1234\",\"other\":1}", names[i]);
      g_autofree char *spaced = g_strdup_printf ("{ \"%s\" \n :\t \"SECRETVALUE1234\" }", names[i]);
      g_autofree char *object = g_strdup_printf ("{\"%s\":{\"a\":\"SECRETVALUE1234\",\"b\":[\"}\"]},\"c\":2}", names[i]);
      g_autofree char *array = g_strdup_printf ("[{\"x\":null,\"%s\":[\"SECRETVALUE1234\"]}]", names[i]);
      g_autofree char *number = g_strdup_printf ("{\"%s\": 9876543210123456}", names[i]);
      g_autofree char *open = g_strdup_printf ("{\"data\":{\"%s\":\"SECRETVALUE1234", names[i]);
      g_autofree char *escaped = g_strdup_printf ("{\"%s\":\"SECRET\\\"VALUE\\u0031234\"}", names[i]);

      assert_hidden (plain, 4096, "SECRETVALUE");
      assert_hidden (spaced, 4096, "SECRETVALUE");
      assert_hidden (object, 4096, "SECRETVALUE");
      assert_hidden (array, 4096, "SECRETVALUE");
      if (_ac_client_redact_is_secret_name (names[i], -1) == AC_CLIENT_SECRET_ALWAYS)
        assert_hidden (number, 4096, "9876543210123456");
      assert_hidden (open, 4096, "SECRET");
      assert_hidden (escaped, 4096, "VALUE");
    }

  /* a member name written with escapes */
  assert_hidden ("{\"\\u0074oken\":\"SECRETVALUE1234\"}", 4096, "SECRETVALUE");
  assert_hidden ("{\"pass\\u0077ord\" : \"SECRETVALUE1234\"}", 4096, "SECRETVALUE");
  /* a cut anywhere: nothing of the secret before it */
  for (gsize cut = 0; cut < 60; cut++)
    assert_hidden ("{\"code\":200,\"data\":{\"nickname\":\"n\",\"token\":\"SECRETVALUE1234\",\"z\":1}}",
                   cut, "SECRET");
  /* a JWT under any name, and inside other strings */
  assert_hidden ("{\"note\":\"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl\"}", 4096,
                 "eyJzdWIiOiIxMjM0In0");
  assert_hidden ("[\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.\"]", 4096, "eyJzdWIiOiIxMjM0In0");

  /* a TOTP enrolment */
  assert_hidden ("{\"authenticator_type\":\"totp\",\"secret\":\"JBSWY3DPEHPK3PXP\","
                 "\"qrcode_uri\":\"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example\","
                 "\"qrcode_data_url\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\","
                 "\"recovery_code\":\"abcd-efgh-ijkl-mnop\",\"totp\":\"123456\"}", 4096, "JBSWY3DP");
  assert_hidden ("{\"qrcode_data_url\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\"}", 4096, "iVBORw0KGgo");
  assert_hidden ("{\"totp\":\"123456\"}", 4096, "123456");
  assert_hidden ("{\"recovery_code\":\"abcd-efgh-ijkl-mnop\"}", 4096, "abcd-efgh");
  assert_hidden ("{\"link\":\"https://x.example/cb?state=1&access_token=SECRETVALUE1234\"}", 4096, "SECRETVALUE");

  /* what is not secret stays readable */
  {
    const char *answer = "{\"code\":200,\"message\":\"ok\",\"data\":{\"tokenExpiredAt\":\"2030-01-01\","
                         "\"publicKey\":\"PEM\",\"passwordLevel\":2,\"code\":\"ABCD-EFGH\"}}";
    g_autofree char *shown = _ac_client_redact_json (answer, strlen (answer), 4096);

    g_assert_cmpstr (shown, ==, "{\"code\":200,\"message\":\"ok\",\"data\":{\"tokenExpiredAt\":\"2030-01-01\","
                                "\"publicKey\":\"PEM\",\"passwordLevel\":2,\"code\":\"[hidden]\"}}");
  }
  {
    const char *answer = "{\"token\":null,\"nickname\":\"Ann\"}";
    g_autofree char *shown = _ac_client_redact_json (answer, strlen (answer), 4096);

    g_assert_cmpstr (shown, ==, answer);
  }
  /* cut on a character boundary, with the total length */
  {
    const char *text = "{\"nickname\":\"数据数据\"}";
    g_autofree char *shown = _ac_client_redact_json (text, strlen (text), 16);

    g_assert_true (g_utf8_validate (shown, -1, NULL));
    g_assert_true (g_str_has_prefix (shown, "{\"nickname\":\""));
    g_assert_nonnull (strstr (shown, "bytes in all]"));
  }
}

static void
test_redact_other (void)
{
  struct { const char *line; const char *secret; } lines[] = {
    { "Authorization: Bearer abcdefSECRET", "SECRET" },
    { "authorization:Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpv" },
    { "Cookie: session=SECRET", "SECRET" },
    { "Set-Cookie: sid=SECRET; HttpOnly", "SECRET" },
    { "X-Authing-Token: SECRET", "SECRET" },
    { "GET /api/v2/x?access_token=SECRET&page=2 HTTP/1.1", "SECRET" },
    { "POST /oidc/token?code=SECRET&code_verifier=SECRET2&state=1 HTTP/1.1", "SECRET" },
    { "Location: https://a.example/cb?code=SECRET&state=ok", "SECRET" },
    { "GET /verify/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln HTTP/1.1", "eyJzdWIiOiIxMjM0In0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *shown = _ac_client_redact_header_line (lines[i].line);

      g_test_message ("%s → %s", lines[i].line, shown);
      g_assert_null (strstr (shown, lines[i].secret));
    }

  {
    g_autofree char *shown = _ac_client_redact_header_line ("GET /api/v2/users/me/roles?namespace=default HTTP/1.1");
    g_assert_cmpstr (shown, ==, "GET /api/v2/users/me/roles?namespace=default HTTP/1.1");
  }
  {
    g_autofree char *shown = _ac_client_redact_header_line ("POST /x?state=1&code=SECRET HTTP/1.1");
    g_assert_cmpstr (shown, ==, "POST /x?state=1&code=[hidden] HTTP/1.1");
  }
  {
    const char *form = "grant_type=authorization_code&code=SECRET&client_secret=SECRET&refresh%5Ftoken=SECRET";
    g_autofree char *shown = _ac_client_redact_body ("application/x-www-form-urlencoded",
                                                     (const guint8 *) form, strlen (form), 4096);
    g_assert_cmpstr (shown, ==, "grant_type=authorization_code&code=[hidden]&client_secret=[hidden]&refresh%5Ftoken=[hidden]");
  }
  {
    const char *multipart = "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nSECRET\r\n--b--";
    g_autofree char *shown = _ac_client_redact_body ("multipart/form-data; boundary=b",
                                                     (const guint8 *) multipart, strlen (multipart), 4096);
    g_assert_null (strstr (shown, "SECRET"));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  captured = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_set_default_handler (capture_handler, NULL);

  g_test_add_func ("/client/log/redact/json", test_redact_json);
  g_test_add_func ("/client/log/redact/headers-and-forms", test_redact_other);
  g_test_add_func ("/client/log/token-at-every-cut", test_token_at_every_cut);

  return g_test_run ();
}
