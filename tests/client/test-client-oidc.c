/* test-client-oidc.c: sign-in with the browser (AcOidcSignIn) against a real emulator
 *
 * The test plays the browser: it takes the URI of ::open-uri, fills the emulator's hosted page
 * over HTTP, and brings the redirect back to the app's loopback port, or does something wrong
 * on purpose: a wrong or replayed state, no PKCE challenge, a code made for another verifier,
 * a code used twice or after 60 s, a redirect URI that is not loopback, a second request on the
 * port, never coming back, cancelling. Each must end with a clear error, no session, and the
 * listener closed. Also the pure pieces (PKCE, base64url, the id_token checks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <libsoup/soup.h>

#include "client-util.h"
#include "ac-oidc-sign-in.h"
#include "ac-oidc-util.h"

#define ALICE_ID "aa0000000000000000000001"

/* The browser ---------------------------------------------------------------------------------- */

static SoupSession *
browser_session (void)
{
  static SoupSession *session;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);
  return session;
}

typedef struct
{
  guint status;
  char *location;
  char *body;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->location, g_free);
  g_clear_pointer (&page->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static void
page_from (Page        *page,
           SoupMessage *msg,
           GBytes      *body)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");

  page->status = soup_message_get_status (msg);
  page->location = g_strdup (location);
  page->body = body != NULL ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : g_strdup ("");
}

/* A request to the emulator (another process): blocking is fine */
static void
browser_fetch (const char *method,
               const char *uri,
               const char *form,
               Page       *page)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  body = soup_session_send_and_read (browser_session (), msg, NULL, &error);
  g_assert_no_error (error);
  page_from (page, msg, body);
}

static char *
interaction_of (const char *html)
{
  g_autoptr(GRegex) regex = g_regex_new ("name=\"interaction\" value=\"([0-9a-f]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, html, 0, &match))
    g_error ("no sign-in form in %s", html);
  return g_match_info_fetch (match, 1);
}

/* The person signs in on the hosted page; returns where the browser is sent next */
static char *
hosted_sign_in (const char *emulator_url,
                const char *auth_uri,
                const char *account,
                const char *password,
                const char *action)
{
  g_auto(Page) page = { 0, };
  g_auto(Page) done = { 0, };
  g_autofree char *interaction = NULL;
  g_autofree char *form = NULL;
  g_autofree char *post = g_strconcat (emulator_url, "/oidc/interaction", NULL);
  g_autofree char *a = g_uri_escape_string (account, NULL, FALSE);
  g_autofree char *p = g_uri_escape_string (password, NULL, FALSE);

  browser_fetch ("GET", auth_uri, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);
  interaction = interaction_of (page.body);
  form = g_strdup_printf ("interaction=%s&account=%s&password=%s&action=%s", interaction, a, p, action);
  browser_fetch ("POST", post, form, &done);
  g_assert_cmpuint (done.status, ==, 303);
  g_assert_nonnull (done.location);
  return g_steal_pointer (&done.location);
}

/* The browser comes back to the app (same process: asynchronous) */
typedef struct
{
  gboolean done;
  GError *error;
  Page page;
} Delivery;

static void
delivered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Delivery *delivery = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &delivery->error);

  if (body != NULL)
    page_from (&delivery->page, msg, body);
  delivery->done = TRUE;
}

static void
deliver_start (const char *uri,
               Delivery   *delivery)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (browser_session (), msg, G_PRIORITY_DEFAULT, NULL,
                                    delivered_cb, delivery);
}

static void
deliver_wait (Delivery *delivery)
{
  gint64 deadline = g_get_monotonic_time () + AWAIT_S * G_USEC_PER_SEC;

  while (!delivery->done)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The delivery to the loopback port did not end");
      g_usleep (1000);
    }
}

static void
delivery_clear (Delivery *delivery)
{
  g_clear_error (&delivery->error);
  page_clear (&delivery->page);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Delivery, delivery_clear)

/* Whether something accepts connections on 127.0.0.1:port */
static gboolean
port_open (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (connection == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
      return FALSE;
    }
  return TRUE;
}

/* The sign-in under test ------------------------------------------------------------------------ */

typedef struct
{
  AcTestEmulator *emulator;
  AcClient *client;
  AcOidcSignIn *sign_in;
  GCancellable *cancellable;
  GAsyncResult *result;
  char *uri;
  guint opened;
  GHashTable *params;     /* of uri */
  guint16 port;
} Fixture;

static void
open_uri_cb (AcOidcSignIn *sign_in,
             const char   *uri,
             Fixture      *f)
{
  f->opened++;
  g_free (f->uri);
  f->uri = g_strdup (uri);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const *args = data;

  f->emulator = start_emulator (args);
  f->client = client_for (f->emulator);
  f->sign_in = ac_oidc_sign_in_new (f->client);
  f->cancellable = g_cancellable_new ();
  g_signal_connect (f->sign_in, "open-uri", G_CALLBACK (open_uri_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->sign_in);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->client);
  g_clear_pointer (&f->params, g_hash_table_unref);
  g_free (f->uri);
  g_assert_true (ac_test_emulator_is_running (f->emulator));
  ac_test_emulator_free (f->emulator);
}

static const char *
param (Fixture    *f,
       const char *name)
{
  return g_hash_table_lookup (f->params, name);
}

/* Starts the sign-in and waits until the browser is to be opened */
static void
start (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + AWAIT_S * G_USEC_PER_SEC;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) redirect = NULL;

  g_clear_object (&f->result);
  g_clear_pointer (&f->uri, g_free);
  ac_oidc_sign_in_run_async (f->sign_in, f->cancellable, ac_test_result_cb, &f->result);
  while (f->uri == NULL && f->result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("open-uri was not emitted");
    }
  g_assert_null (f->result);
  g_assert_cmpstr (ac_oidc_sign_in_get_uri (f->sign_in), ==, f->uri);

  uri = g_uri_parse (f->uri, G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (uri);
  g_clear_pointer (&f->params, g_hash_table_unref);
  f->params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (f->params);
  redirect = g_uri_parse (param (f, "redirect_uri"), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (redirect);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");
  f->port = (guint16) g_uri_get_port (redirect);
  g_assert_true (port_open (f->port));
}

static AcUserInfo *
finish (Fixture  *f,
        GError  **error)
{
  ac_test_await (&f->result, AWAIT_S);
  return ac_oidc_sign_in_run_finish (f->sign_in, f->result, error);
}

/* After any failure: an error of @code, nothing signed in, nothing listening */
static void
assert_failed (Fixture    *f,
               GQuark      domain,
               int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = finish (f, &error);

  g_assert_null (user);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("error as expected: %s", error->message);
  g_assert_false (ac_client_get_signed_in (f->client));
  g_assert_null (ac_client_get_token (f->client));
  g_assert_null (ac_client_get_user (f->client));
  g_assert_null (ac_oidc_sign_in_get_uri (f->sign_in));
  g_assert_false (port_open (f->port));
}

static char *
callback_with (const char *callback,
               const char *name,
               const char *value)
{
  g_autoptr(GUri) uri = g_uri_parse (callback, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_autoptr(GUri) rebuilt = NULL;
  g_autofree char *query = NULL;

  g_hash_table_replace (params, g_strdup (name), g_strdup (value));
  query = soup_form_encode_hash (params);
  rebuilt = g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                         g_uri_get_path (uri), query, NULL);
  return g_uri_to_string (rebuilt);
}

static char *
auth_uri_with (Fixture    *f,
               const char *name,
               const char *value)
{
  return callback_with (f->uri, name, value);
}

/* Tests ------------------------------------------------------------------------------------------ */

static void
test_pkce_and_base64url (void)
{
  g_autofree char *challenge = ac_oidc_s256 ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_autofree char *a = ac_oidc_random_string (32);
  g_autofree char *b = ac_oidc_random_string (32);
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GHashTable) params = NULL;

  /* RFC 7636, appendix B */
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

  decoded = ac_oidc_base64url_decode ("-_8");
  g_assert_nonnull (decoded);
  g_assert_cmpuint (g_bytes_get_size (decoded), ==, 2);
  g_assert_cmpint (((const guint8 *) g_bytes_get_data (decoded, NULL))[0], ==, 0xfb);
  g_assert_null (ac_oidc_base64url_decode ("a+b/"));
  g_assert_null (ac_oidc_base64url_decode ("abc="));
  g_assert_null (ac_oidc_base64url_decode ("abcde"));

  params = ac_oidc_parse_query ("code=a%20b&state=x+y&empty=");
  g_assert_nonnull (params);
  g_assert_cmpstr (g_hash_table_lookup (params, "code"), ==, "a b");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "x y");
  g_assert_cmpstr (g_hash_table_lookup (params, "empty"), ==, "");
  g_assert_null (ac_oidc_parse_query ("state=a&state=b"));
  g_assert_null (ac_oidc_parse_query ("code=%zz"));
  g_assert_null (ac_oidc_parse_query ("code=%ff"));
  g_assert_null (ac_oidc_parse_query ("code=%00"));
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_provider_document (void)
{
  const char *issuer = "https://example.authing.cn/oidc";
  struct { const char *json; gboolean ok; } cases[] = {
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"token_endpoint\":\"https://example.authing.cn/oidc/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\","
      "\"code_challenge_methods_supported\":[\"S256\"]}", TRUE },
    /* another issuer */
    { "{\"issuer\":\"https://evil.example/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"token_endpoint\":\"https://example.authing.cn/oidc/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\"}", FALSE },
    /* the token endpoint elsewhere: the code and verifier would go there */
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"token_endpoint\":\"https://evil.example/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\"}", FALSE },
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"token_endpoint\":\"http://example.authing.cn/oidc/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\"}", FALSE },
    /* no PKCE S256 */
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"token_endpoint\":\"https://example.authing.cn/oidc/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\","
      "\"code_challenge_methods_supported\":[\"plain\"]}", FALSE },
    /* a missing endpoint, and one of the wrong type */
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":\"https://example.authing.cn/oidc/auth\","
      "\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\"}", FALSE },
    { "{\"issuer\":\"https://example.authing.cn/oidc\",\"authorization_endpoint\":7,"
      "\"token_endpoint\":\"https://example.authing.cn/oidc/token\",\"jwks_uri\":\"https://example.authing.cn/oidc/jwks\"}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) config = object_from (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(AcOidcProvider) provider = ac_oidc_provider_new_from_json (config, issuer, &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (provider->token_endpoint, ==, "https://example.authing.cn/oidc/token");
        }
      else
        {
          g_assert_null (provider);
          g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
        }
    }
}

/* A whole sign-in with the emulator's real keys and tokens; then the id_token checks, each
 * broken in turn */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) me = NULL;
  g_autoptr(GAsyncResult) refreshed = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *id_token = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_auto(Delivery) delivery = { 0, };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDateTime *expires;

  start (f);
  g_assert_cmpuint (f->opened, ==, 1);
  g_assert_true (g_str_has_prefix (f->uri, ac_test_emulator_get_url (f->emulator)));
  g_assert_cmpstr (param (f, "client_id"), ==, ac_test_emulator_get_app_id (f->emulator));
  g_assert_cmpstr (param (f, "response_type"), ==, "code");
  g_assert_cmpstr (param (f, "code_challenge_method"), ==, "S256");
  g_assert_cmpuint (strlen (param (f, "code_challenge")), ==, 43);
  g_assert_cmpuint (strlen (param (f, "state")), >=, 22);
  g_assert_cmpuint (strlen (param (f, "nonce")), >=, 22);
  g_assert_cmpstr (param (f, "scope"), ==, "openid profile email phone");
  g_assert_cmpstr (param (f, "ui_locales"), ==, "en-US");
  g_assert_true (g_str_has_suffix (param (f, "redirect_uri"), "/callback"));

  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  g_assert_true (g_str_has_prefix (callback, param (f, "redirect_uri")));
  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (ac_user_info_get_id (user), ==, ALICE_ID);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "alice");

  /* the browser is told, and nothing listens any more */
  deliver_wait (&delivery);
  g_assert_no_error (delivery.error);
  g_assert_cmpuint (delivery.page.status, ==, 200);
  g_assert_nonnull (strstr (delivery.page.body, "data-result=\"signed-in\""));
  g_assert_nonnull (strstr (delivery.page.body, "You can return to Account Center"));
  g_assert_false (port_open (f->port));
  g_assert_null (ac_oidc_sign_in_get_uri (f->sign_in));

  /* the client is signed in as after a password sign-in */
  g_assert_true (ac_client_get_signed_in (f->client));
  g_assert_true (ac_client_get_user (f->client) != NULL);
  g_assert_cmpstr (ac_user_info_get_id (ac_client_get_user (f->client)), ==, ALICE_ID);
  id_token = g_strdup (ac_client_get_token (f->client));
  claims = ac_oidc_jwt_claims (id_token, NULL);
  g_assert_nonnull (claims);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, ALICE_ID);
  g_assert_cmpstr (json_object_get_string_member (claims, "nonce"), ==, param (f, "nonce"));
  expires = ac_client_get_token_expires_at (f->client);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_to_unix (expires), ==, json_object_get_int_member (claims, "exp"));
  g_assert_cmpint (g_date_time_to_unix (expires) - now, >=, 1209600 - 10);

  me = current_user (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_id (me), ==, ALICE_ID);

  /* refreshing works like for any session */
  ac_client_refresh_token_async (f->client, NULL, ac_test_result_cb, &refreshed);
  ac_test_await (&refreshed, AWAIT_S);
  g_assert_true (ac_client_refresh_token_finish (f->client, refreshed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ac_client_get_token (f->client), !=, id_token);
  g_clear_object (&me);
  me = current_user (f->client, &error);
  g_assert_no_error (error);

  /* the id_token checks, against the provider's real keys */
  {
    g_autofree char *issuer = g_strconcat (ac_test_emulator_get_url (f->emulator), "/oidc", NULL);
    g_autofree char *jwks_url = g_strconcat (issuer, "/.well-known/jwks.json", NULL);
    g_auto(Page) jwks_page = { 0, };
    g_autoptr(JsonObject) jwks = NULL;
    g_autoptr(JsonObject) ok = NULL;
    const char *app = ac_test_emulator_get_app_id (f->emulator);
    const char *nonce = param (f, "nonce");
    gint64 exp = json_object_get_int_member (claims, "exp");
    g_autofree char *tampered = NULL;

    browser_fetch ("GET", jwks_url, NULL, &jwks_page);
    jwks = object_from (jwks_page.body);

    ok = ac_oidc_check_id_token (id_token, jwks, issuer, app, nonce, NULL, now, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);

#define REFUSED(expr) G_STMT_START {                                      \
      g_autoptr(JsonObject) no = (expr);                                  \
      g_assert_null (no);                                                 \
      g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);         \
      g_clear_error (&error);                                             \
    } G_STMT_END
    REFUSED (ac_oidc_check_id_token (id_token, jwks, "http://127.0.0.1:1/oidc", app, nonce, NULL, now, &error));
    REFUSED (ac_oidc_check_id_token (id_token, jwks, issuer, "another-app", nonce, NULL, now, &error));
    REFUSED (ac_oidc_check_id_token (id_token, jwks, issuer, app, "another-nonce", NULL, now, &error));
    REFUSED (ac_oidc_check_id_token (id_token, jwks, issuer, app, nonce, "another-access-token", now, &error));
    REFUSED (ac_oidc_check_id_token (id_token, jwks, issuer, app, nonce, NULL, exp + 61, &error));
    REFUSED (ac_oidc_check_id_token (id_token, jwks, issuer, app, nonce, NULL, now - 3600, &error));
    /* a changed signature, and claims under the signature of other claims */
    tampered = g_strdup (id_token);
    tampered[strlen (tampered) - 2] = tampered[strlen (tampered) - 2] == 'A' ? 'B' : 'A';
    REFUSED (ac_oidc_check_id_token (tampered, jwks, issuer, app, nonce, NULL, now, &error));
    g_free (tampered);
    tampered = g_strdup (ac_client_get_token (f->client));   /* the HS256 token of the refresh */
    REFUSED (ac_oidc_check_id_token (tampered, jwks, issuer, app, NULL, NULL, now, &error));
    {
      g_autofree char *none = g_strconcat ("eyJhbGciOiJub25lIn0", strchr (id_token, '.'), NULL);

      REFUSED (ac_oidc_check_id_token (none, jwks, issuer, app, nonce, NULL, now, &error));
    }
    {
      g_autoptr(JsonObject) empty = object_from ("{\"keys\":[]}");

      REFUSED (ac_oidc_check_id_token (id_token, empty, issuer, app, nonce, NULL, now, &error));
    }
#undef REFUSED
  }

  /* signing out ends the session at the server too */
  {
    g_autoptr(GAsyncResult) out = NULL;
    g_autoptr(AcClient) other = client_for (f->emulator);
    g_autoptr(AcUserInfo) gone = NULL;
    g_autofree char *current = g_strdup (ac_client_get_token (f->client));

    ac_client_sign_out_async (f->client, NULL, ac_test_result_cb, &out);
    ac_test_await (&out, AWAIT_S);
    g_assert_true (ac_client_sign_out_finish (f->client, out, &error));
    g_assert_false (ac_client_get_signed_in (f->client));
    ac_client_set_session (other, current, NULL);
    gone = current_user (other, &error);
    g_assert_null (gone);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  }
}

/* The same object can sign in again after a failure */
static void
test_run_again (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autofree char *callback = NULL;
  g_auto(Delivery) delivery = { 0, };

  ac_oidc_sign_in_set_timeout (f->sign_in, 1);
  start (f);
  assert_failed (f, AC_ERROR, AC_ERROR_TIMEOUT);

  ac_oidc_sign_in_set_timeout (f->sign_in, 60);
  start (f);
  g_assert_cmpuint (f->opened, ==, 2);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "dave", "dave-pass-4", "sign-in");
  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "dave");
  deliver_wait (&delivery);
}

static void
test_wrong_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *callback = NULL;
  g_autofree char *forged = NULL;
  g_auto(Delivery) delivery = { 0, };

  start (f);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  forged = callback_with (callback, "state", "not-the-state");
  deliver_start (forged, &delivery);
  assert_failed (f, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  deliver_wait (&delivery);
  g_assert_no_error (delivery.error);
  g_assert_nonnull (strstr (delivery.page.body, "data-result=\"failed\""));
  g_assert_nonnull (strstr (delivery.page.body, "does not belong to this sign-in"));

  /* no state at all is no better */
  {
    g_auto(Delivery) second = { 0, };
    g_autofree char *no_state = NULL;

    g_clear_pointer (&callback, g_free);
    start (f);
    callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
    no_state = callback_with (callback, "state", "");
    deliver_start (no_state, &second);
    assert_failed (f, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
    deliver_wait (&second);
  }
}

/* The answer to an earlier sign-in, brought to a new one */
static void
test_replayed_state (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *replayed = NULL;
  g_autofree char *old_port = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_auto(Delivery) delivery = { 0, };
  g_auto(Delivery) again = { 0, };
  g_autoptr(GAsyncResult) out = NULL;

  start (f);
  first = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  deliver_start (first, &delivery);
  user = finish (f, &error);
  g_assert_no_error (error);
  deliver_wait (&delivery);
  ac_client_sign_out_async (f->client, NULL, ac_test_result_cb, &out);
  ac_test_await (&out, AWAIT_S);
  g_assert_true (ac_client_sign_out_finish (f->client, out, NULL));

  start (f);
  /* the old code and state, to the new port */
  old_port = g_strdup_printf ("http://127.0.0.1:%u/callback", f->port);
  replayed = g_strconcat (old_port, strchr (first, '?'), NULL);
  deliver_start (replayed, &again);
  assert_failed (f, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  deliver_wait (&again);
}

/* The authorization request without PKCE: the provider refuses it and says so */
static void
test_no_code_challenge (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) stripped = NULL;
  g_autofree char *text = NULL;
  g_autofree char *query = NULL;
  g_auto(Page) page = { 0, };
  g_auto(Delivery) delivery = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  start (f);
  uri = g_uri_parse (f->uri, G_URI_FLAGS_ENCODED, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_hash_table_remove (params, "code_challenge");
  query = soup_form_encode_hash (params);
  stripped = g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                          g_uri_get_path (uri), query, NULL);
  text = g_uri_to_string (stripped);
  browser_fetch ("GET", text, NULL, &page);
  g_assert_cmpuint (page.status, ==, 303);
  g_assert_nonnull (strstr (page.location, "error=invalid_request"));
  deliver_start (page.location, &delivery);
  user = finish (f, &error);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "code_challenge"));
  g_assert_false (ac_client_get_signed_in (f->client));
  g_assert_false (port_open (f->port));
  deliver_wait (&delivery);
  g_assert_nonnull (strstr (delivery.page.body, "code_challenge"));
}

/* A code made for another verifier (someone else's authorization request, our state and
 * redirect URI): the app's verifier does not match it */
static void
test_wrong_verifier (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other_verifier = ac_oidc_random_string (32);
  g_autofree char *other_challenge = ac_oidc_s256 (other_verifier);
  g_autofree char *swapped = NULL;
  g_autofree char *callback = NULL;
  g_auto(Delivery) delivery = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  start (f);
  swapped = auth_uri_with (f, "code_challenge", other_challenge);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), swapped, "alice", "alice-pass-1", "sign-in");
  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "code_verifier"));
  g_assert_false (ac_client_get_signed_in (f->client));
  g_assert_null (ac_client_get_token (f->client));
  g_assert_false (port_open (f->port));
  deliver_wait (&delivery);
  g_assert_nonnull (strstr (delivery.page.body, "data-result=\"failed\""));
}

/* Someone exchanged the code first: the app's exchange fails, and what the first one got is
 * revoked */
static void
test_code_used_twice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *verifier = ac_oidc_random_string (32);
  g_autofree char *challenge = ac_oidc_s256 (verifier);
  g_autofree char *swapped = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(AcClient) thief = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_auto(Page) stolen = { 0, };
  g_auto(Delivery) delivery = { 0, };

  start (f);
  swapped = auth_uri_with (f, "code_challenge", challenge);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), swapped, "alice", "alice-pass-1", "sign-in");
  uri = g_uri_parse (callback, G_URI_FLAGS_ENCODED, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  token_url = g_strconcat (ac_test_emulator_get_url (f->emulator), "/oidc/token", NULL);
  {
    g_autofree char *code = g_uri_escape_string (g_hash_table_lookup (params, "code"), NULL, FALSE);
    g_autofree char *redirect = g_uri_escape_string (param (f, "redirect_uri"), NULL, FALSE);

    form = g_strdup_printf ("grant_type=authorization_code&code=%s&redirect_uri=%s&client_id=%s&code_verifier=%s",
                            code, redirect, ac_test_emulator_get_app_id (f->emulator), verifier);
  }
  browser_fetch ("POST", token_url, form, &stolen);
  g_assert_cmpuint (stolen.status, ==, 200);
  tokens = object_from (stolen.body);
  thief = client_for (f->emulator);
  ac_client_set_session (thief, json_object_get_string_member (tokens, "id_token"), NULL);
  {
    g_autoptr(AcUserInfo) works = current_user (thief, &error);
    g_assert_no_error (error);
  }

  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "already used"));
  g_clear_error (&error);
  g_assert_false (ac_client_get_signed_in (f->client));
  g_assert_false (port_open (f->port));
  deliver_wait (&delivery);

  {
    g_autoptr(AcUserInfo) revoked = current_user (thief, &error);
    g_assert_null (revoked);
    g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
  }
}

static void
test_code_expired (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *callback = NULL;
  g_auto(Delivery) delivery = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  start (f);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  /* 61 s later on the emulator's security clock, which times codes (AC_EMULATOR_TEST_CLOCK) */
  {
    g_autofree char *clock = g_strconcat (ac_test_emulator_get_url (f->emulator), "/_emulator/clock", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", clock);
    g_autoptr(GBytes) body = g_bytes_new_static ("{\"advance\": 61}", strlen ("{\"advance\": 61}"));
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) clock_error = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (browser_session (), msg, NULL, &clock_error);
    g_assert_no_error (clock_error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_false (ac_client_get_signed_in (f->client));
  g_assert_false (port_open (f->port));
  deliver_wait (&delivery);
}

/* A redirect URI that is not loopback is refused by the provider: the browser shows its error
 * page and never comes back, and the app gives up after its timeout */
static void
test_not_loopback (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *localhost = NULL;
  g_autofree char *swapped = NULL;
  g_auto(Page) page = { 0, };

  ac_oidc_sign_in_set_timeout (f->sign_in, 2);
  start (f);
  localhost = g_strdup_printf ("http://localhost:%u/callback", f->port);
  swapped = auth_uri_with (f, "redirect_uri", localhost);
  browser_fetch ("GET", swapped, NULL, &page);
  g_assert_cmpuint (page.status, ==, 400);
  g_assert_null (page.location);
  g_assert_null (strstr (page.body, "name=\"interaction\""));
  assert_failed (f, AC_ERROR, AC_ERROR_TIMEOUT);
}

/* Whatever comes first is the one request: here a stray one, which ends the sign-in; the real
 * redirect then finds the port closed */
static void
test_second_request (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *stray = NULL;
  g_autofree char *callback = NULL;
  g_auto(Delivery) first = { 0, };
  g_auto(Delivery) second = { 0, };

  start (f);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  stray = g_strdup_printf ("http://127.0.0.1:%u/favicon.ico", f->port);
  deliver_start (stray, &first);
  assert_failed (f, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  deliver_wait (&first);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.page.status, ==, 400);
  g_assert_nonnull (strstr (first.page.body, "unexpected request"));

  deliver_start (callback, &second);
  deliver_wait (&second);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_false (ac_client_get_signed_in (f->client));
}

/* After the real redirect, a second request finds nothing; the session stands */
static void
test_request_after_success (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *callback = NULL;
  g_auto(Delivery) first = { 0, };
  g_auto(Delivery) second = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  start (f);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  deliver_start (callback, &first);
  user = finish (f, &error);
  g_assert_no_error (error);
  deliver_wait (&first);
  deliver_start (callback, &second);
  deliver_wait (&second);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (ac_client_get_signed_in (f->client));
}

/* A connection that sends nothing (a browser's speculative one) does not count */
static void
test_idle_connection_does_not_count (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) idle = NULL;
  g_autofree char *callback = NULL;
  g_auto(Delivery) delivery = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  start (f);
  idle = g_socket_client_connect_to_host (socket_client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  ac_test_run_for (200);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "alice", "alice-pass-1", "sign-in");
  deliver_start (callback, &delivery);
  user = finish (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  deliver_wait (&delivery);
}

static void
test_never_comes_back (Fixture       *f,
                       gconstpointer  data)
{
  gint64 t0;

  ac_oidc_sign_in_set_timeout (f->sign_in, 2);
  t0 = g_get_monotonic_time ();
  start (f);
  assert_failed (f, AC_ERROR, AC_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 2 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  start (f);
  g_timeout_add (100, cancel_cb, f->cancellable);
  assert_failed (f, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Cancel on the hosted page */
static void
test_cancelled_in_browser (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *callback = NULL;
  g_auto(Delivery) delivery = { 0, };

  start (f);
  callback = hosted_sign_in (ac_test_emulator_get_url (f->emulator), f->uri, "", "", "cancel");
  g_assert_nonnull (strstr (callback, "error=access_denied"));
  deliver_start (callback, &delivery);
  assert_failed (f, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN);
  deliver_wait (&delivery);
  g_assert_nonnull (strstr (delivery.page.body, "cancelled in the browser"));
}

/* Servers without browser sign-in, or none at all: an error before any browser opens */
static void
not_found_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
count_cb (AcOidcSignIn *sign_in,
          const char   *uri,
          guint        *count)
{
  (*count)++;
}

static void
test_no_provider (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *closed = ac_test_closed_port_url ();
  struct { const char *host; int code; } cases[2] = { { NULL, AC_ERROR_BROWSER_SIGN_IN }, { closed, AC_ERROR_NETWORK } };

  soup_server_add_handler (server, NULL, not_found_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  cases[0].host = url;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AcClient) client = ac_client_new (cases[i].host, "a00000000000000000000a01");
      g_autoptr(AcOidcSignIn) sign_in = ac_oidc_sign_in_new (client);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AcUserInfo) user = NULL;
      guint opened = 0;

      g_signal_connect (sign_in, "open-uri", G_CALLBACK (count_cb), &opened);
      ac_oidc_sign_in_run_async (sign_in, NULL, ac_test_result_cb, &result);
      ac_test_await (&result, AWAIT_S);
      user = ac_oidc_sign_in_run_finish (sign_in, result, &error);
      g_assert_null (user);
      g_assert_error (error, AC_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
      g_assert_cmpuint (opened, ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* The emulators started here let the test move their security clock (code expiry) */
  g_setenv ("AC_EMULATOR_TEST_CLOCK", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/oidc/pkce-and-base64url", test_pkce_and_base64url);
  g_test_add_func ("/core/oidc/provider-document", test_provider_document);
  g_test_add_func ("/core/oidc/no-provider", test_no_provider);
#define ADD(path, func) \
  g_test_add ("/core/oidc/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sign-in", test_sign_in);
  ADD ("run-again", test_run_again);
  ADD ("wrong-state", test_wrong_state);
  ADD ("replayed-state", test_replayed_state);
  ADD ("no-code-challenge", test_no_code_challenge);
  ADD ("wrong-verifier", test_wrong_verifier);
  ADD ("code-used-twice", test_code_used_twice);
  ADD ("code-expired", test_code_expired);
  ADD ("not-loopback", test_not_loopback);
  ADD ("second-request", test_second_request);
  ADD ("request-after-success", test_request_after_success);
  ADD ("idle-connection", test_idle_connection_does_not_count);
  ADD ("never-comes-back", test_never_comes_back);
  ADD ("cancel", test_cancel);
  ADD ("cancelled-in-browser", test_cancelled_in_browser);
#undef ADD

  return g_test_run ();
}
