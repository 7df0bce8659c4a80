/* test-client-faults.c: every way a request can fail, and the headers every request carries
 *
 * A tiny SoupServer (garbage-server.c) answers with garbage on purpose (what the emulator never
 * sends): the client's host carries a path prefix that picks the behaviour. The emulator's own
 * fault flags (--fail-rate with each --fail-kind, --latency), a closed port, and TLS failures
 * (a self-signed certificate made with GnuTLS here, and https:// to a plain-HTTP port) complete
 * the picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ac-client-private.h"
#include "client-util.h"
#include "garbage-server.h"

typedef struct
{
  guint expired;
} Expired;

static void
expired_cb (AcClient *client,
            Expired  *counter)
{
  counter->expired++;
}

/* Headers ------------------------------------------------------------------------------------ */

static void
test_headers (void)
{
  g_autoptr(AcClient) client = garbage_client ("ok");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  SoupMessageHeaders *h;
  const char *ua;

  ac_client_set_session (client, "tok-123", NULL);
  user = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_user_info_get_username (user), ==, "probe");

  h = garbage.last_headers;
  g_assert_cmpstr (garbage.last_method, ==, "GET");
  g_assert_cmpstr (garbage.last_path, ==, "/ok/api/v2/users/me");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Authorization"), ==, "Bearer tok-123");
  g_assert_cmpstr (soup_message_headers_get_one (h, "x-authing-app-id"), ==, "garbage-app");
  g_assert_cmpstr (soup_message_headers_get_one (h, "x-authing-lang"), ==, "en-US");
  g_assert_cmpstr (soup_message_headers_get_one (h, "x-authing-request-from"), ==, "AccountCenter@" PACKAGE_VERSION);
  g_assert_cmpstr (soup_message_headers_get_one (h, "x-authing-sdk-version"), ==, "gtk:" PACKAGE_VERSION);
  /* not known before the first answer */
  g_assert_null (soup_message_headers_get_one (h, "x-authing-userpool-id"));
  ua = soup_message_headers_get_one (h, "User-Agent");
  g_assert_nonnull (ua);
  g_assert_true (g_str_has_prefix (ua, "AccountCenter/" PACKAGE_VERSION " libsoup/"));

  /* learnt from the user */
  g_assert_cmpstr (ac_client_get_user_pool_id (client), ==, "pool-from-user");

  /* a body is JSON, and the pool id is now sent */
  {
    g_autoptr(JsonObject) changes = json_object_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcUserInfo) updated = NULL;
    g_autofree char *body = NULL;

    json_object_set_string_member (changes, "nickname", "Probe \"quoted\"");
    ac_client_update_profile_async (client, changes, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    updated = ac_client_update_profile_finish (client, result, &error);
    g_assert_no_error (error);

    h = garbage.last_headers;
    g_assert_cmpstr (garbage.last_method, ==, "POST");
    g_assert_cmpstr (garbage.last_path, ==, "/ok/api/v2/users/profile/update");
    g_assert_cmpstr (soup_message_headers_get_content_type (h, NULL), ==, "application/json");
    g_assert_cmpstr (soup_message_headers_get_one (h, "x-authing-userpool-id"), ==, "pool-from-user");
    body = g_strndup (g_bytes_get_data (garbage.last_body, NULL), g_bytes_get_size (garbage.last_body));
    g_assert_cmpstr (body, ==, "{\"nickname\":\"Probe \\\"quoted\\\"\"}");
  }

  /* signed out: no Authorization */
  ac_client_forget_session (client);
  g_clear_object (&user);
  user = current_user (client, &error);
  g_assert_no_error (error);
  g_assert_null (soup_message_headers_get_one (garbage.last_headers, "Authorization"));
}

/* Garbage answers ---------------------------------------------------------------------------- */

typedef struct
{
  const char *mode;
  int         code;
  const char *in_message;
} Expectation;

static void
check_all_reads (const char *mode,
                 int         code,
                 const char *in_message)
{
  g_autoptr(AcClient) client = garbage_client (mode);
  g_autoptr(GError) error = NULL;

  ac_client_set_session (client, "tok", NULL);
  g_test_message ("mode %s", mode);

  /* users/me */
  {
    g_autoptr(AcUserInfo) user = current_user (client, &error);
    g_assert_null (user);
    g_assert_error (error, AC_ERROR, code);
    if (in_message != NULL)
      g_assert_nonnull (strstr (error->message, in_message));
    g_clear_error (&error);
  }

  /* a list */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_list_roles_async (client, NULL, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_list_roles_finish (client, result, &error);
    g_assert_null (items);
    g_assert_error (error, AC_ERROR, code);
    g_clear_error (&error);
  }

  /* the bare array of udvs/get */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_get_custom_fields_finish (client, result, &error);
    g_assert_null (items);
    g_assert_error (error, AC_ERROR, code);
    g_clear_error (&error);
  }

  /* an object */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcSecurityLevel) level = NULL;

    ac_client_get_security_level_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    level = ac_client_get_security_level_finish (client, result, &error);
    g_assert_null (level);
    g_assert_error (error, AC_ERROR, code);
    g_clear_error (&error);
  }

  /* the 2-D array of orgs */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcOrgForest) forest = NULL;

    ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    forest = ac_client_list_organizations_finish (client, result, &error);
    g_assert_null (forest);
    g_assert_error (error, AC_ERROR, code);
    g_clear_error (&error);
  }

  /* sign-in (the public key) */
  sign_in (client, "someone", "secret", &error);
  g_assert_error (error, AC_ERROR, code);
  g_clear_error (&error);

  /* none of these is a session problem */
  g_assert_true (ac_client_get_signed_in (client));
}

static void
test_garbage_answers (void)
{
  const Expectation expectations[] = {
    { "truncated",  AC_ERROR_INVALID_RESPONSE, NULL },
    { "html",       AC_ERROR_INVALID_RESPONSE, NULL },
    { "empty",      AC_ERROR_INVALID_RESPONSE, NULL },
    { "deep",       AC_ERROR_INVALID_RESPONSE, NULL },
    { "shape",      AC_ERROR_INVALID_RESPONSE, NULL },
    { "nocode",     AC_ERROR_INVALID_RESPONSE, NULL },
    { "stringcode", AC_ERROR_INVALID_RESPONSE, NULL },
    { "hugecode",   AC_ERROR_FAILED,           "odd" },
    { "500",        AC_ERROR_SERVER,           "500" },
    { "503env",     AC_ERROR_SERVER,           "Down for maintenance" },
    { "404",        AC_ERROR_HTTP,             "404" },
    { "403env",     AC_ERROR_HTTP,             "Forbidden here" },
    { "2333",       AC_ERROR_BAD_CREDENTIALS,  "Nope" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    check_all_reads (expectations[i].mode, expectations[i].code, expectations[i].in_message);
}

/* Numbers that do not fit ---------------------------------------------------------------------- */

static void
test_garbage_numbers (void)
{
  /* `exp` (in the answer and in the JWT) that is no usable time: tokenExpiredAt is used */
  const char *bad_exps[] = { "1e300", "-1e300", "1e19", "9.3e18", "-9.3e18", "1700000000.5",
                             "1e15", "9223372036854775807" };
  g_autoptr(GDateTime) fallback = g_date_time_new_from_iso8601 ("2031-01-01T00:00:00Z", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_exps); i++)
    {
      g_autofree char *mode = g_strconcat ("exp-", bad_exps[i], NULL);
      g_autoptr(AcClient) client = garbage_client (mode);
      g_autoptr(GError) error = NULL;
      GDateTime *expires_at;

      g_test_message ("exp %s", bad_exps[i]);
      sign_in (client, "someone", "secret", &error);
      g_assert_no_error (error);
      g_assert_true (ac_client_get_signed_in (client));
      expires_at = ac_client_get_token_expires_at (client);
      g_assert_nonnull (expires_at);
      g_assert_true (g_date_time_equal (expires_at, fallback));

      /* a refresh answers the same */
      {
        g_autoptr(GAsyncResult) result = NULL;

        ac_client_refresh_token_async (client, NULL, ac_test_result_cb, &result);
        ac_test_await (&result, AWAIT_S);
        g_assert_true (ac_client_refresh_token_finish (client, result, &error));
        g_assert_no_error (error);
        g_assert_true (g_date_time_equal (ac_client_get_token_expires_at (client), fallback));
      }

      /* a kept token with such an `exp` has no known expiry */
      {
        g_autofree char *token = jwt_with_exp (bad_exps[i]);

        ac_client_set_session (client, token, NULL);
        g_assert_true (ac_client_get_signed_in (client));
        g_assert_null (ac_client_get_token_expires_at (client));
      }
    }

  /* a whole number written as a double is fine */
  {
    g_autoptr(AcClient) client = garbage_client ("exp-1.9e9");
    g_autoptr(GDateTime) expected = g_date_time_new_from_unix_utc (1900000000);
    g_autoptr(GError) error = NULL;

    sign_in (client, "someone", "secret", &error);
    g_assert_no_error (error);
    g_assert_true (g_date_time_equal (ac_client_get_token_expires_at (client), expected));
  }

  /* the envelope's code */
  {
    const char *bad_codes[] = { "1e300", "-1e300", "1e19", "200.5" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_codes); i++)
      {
        g_autofree char *mode = g_strconcat ("code-", bad_codes[i], NULL);
        g_autoptr(AcClient) client = garbage_client (mode);
        g_autoptr(AcUserInfo) user = NULL;
        g_autoptr(GError) error = NULL;

        ac_client_set_session (client, "tok", NULL);
        user = current_user (client, &error);
        g_assert_null (user);
        g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
        g_assert_true (ac_client_get_signed_in (client));
      }
  }
  {
    g_autoptr(AcClient) client = garbage_client ("code-2e2");
    g_autoptr(AcUserInfo) user = NULL;
    g_autoptr(GError) error = NULL;

    ac_client_set_session (client, "tok", NULL);
    user = current_user (client, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "probe");
  }

  /* a list's totalCount: the items are counted instead */
  {
    const char *bad_totals[] = { "1e300", "-1e300", "1e19", "12.5" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_totals); i++)
      {
        g_autofree char *mode = g_strconcat ("total-", bad_totals[i], NULL);
        g_autoptr(AcClient) client = garbage_client (mode);
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GPtrArray) items = NULL;
        g_autoptr(GError) error = NULL;
        guint total = 99;

        ac_client_set_session (client, "tok", NULL);
        ac_client_list_applications_async (client, 1, 10, NULL, ac_test_result_cb, &result);
        ac_test_await (&result, AWAIT_S);
        items = ac_client_list_applications_finish (client, result, &total, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (items->len, ==, 0);
        g_assert_cmpuint (total, ==, 0);
      }
  }
}

static void
test_garbage_public_key (void)
{
  g_autoptr(AcClient) client = garbage_client ("badkey");
  g_autoptr(GError) error = NULL;
  guint before = garbage.n_requests;

  /* an unusable key: refused before the password is sent anywhere */
  sign_in (client, "someone", "secret", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (garbage.n_requests, ==, before + 1);
  g_assert_cmpstr (garbage.last_path, ==, "/badkey/api/v2/.well-known");
  g_assert_false (ac_client_get_signed_in (client));
}

static void
test_load_all_partial (void)
{
  /* "ok" answers every path with a user: users/me succeeds, every other read gets the wrong
   * shape */
  g_autoptr(AcClient) client = garbage_client ("ok");
  g_autoptr(AcAccount) account = ac_account_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ac_client_set_session (client, "tok", NULL);
  ac_account_load_all_async (account, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  g_assert_false (ac_account_load_all_finish (account, result, &error));
  g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);

  /* what did load is applied */
  g_assert_nonnull (ac_account_get_user (account));
  g_assert_cmpstr (ac_user_info_get_username (ac_account_get_user (account)), ==, "probe");
  g_assert_cmpuint (g_list_model_get_n_items (ac_account_get_roles (account)), ==, 0);
  g_assert_null (ac_account_get_security_level (account));
}

static void
test_garbage_huge (void)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AcClient) client = garbage_client (i == 0 ? "huge" : "hugechunked");
      g_autoptr(GError) error = NULL;
      g_autoptr(AcUserInfo) user = NULL;

      ac_client_set_session (client, "tok", NULL);
      user = current_user (client, &error);
      /* over the 4 MiB of a user, whether announced or only found out while reading */
      g_assert_error (error, AC_ERROR, AC_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "an account larger than Account Center can read"));
      g_assert_null (user);
      g_clear_error (&error);

      /* what is well under 256 MiB is read, for organizations: here it is the wrong shape */
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(AcOrgForest) forest = NULL;

        ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
        ac_test_await (&result, AWAIT_S);
        forest = ac_client_list_organizations_finish (client, result, &error);
        g_assert_null (forest);
        g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
      }
    }
}

/* The paths of an organizations answer go into the forest as they are parsed (in a worker
 * thread when the answer is big): a path that cannot be read still fails the whole answer, with
 * its place, and good answers of either size give the whole forest. */
static void
test_organizations_streamed (void)
{
  static const struct {
    const char *mode;
    const char *in_message;   /* NULL: a forest of n_orgs organizations */
    guint       n_members;
  } cases[] = {
    { "orgs-3-ok", NULL, 4 },
    { "orgs-3-bad", "organizations[3] should be an array, not an integer", 0 },
    { "orgs-3-parent", "organizations[3][3]: the node appears under two different parents", 0 },
    /* over 256 KiB: parsed in a worker thread */
    { "orgs-4000-ok", NULL, 4001 },
    { "orgs-4000-bad", "organizations[4000] should be an array, not an integer", 0 },
    { "orgs-4000-parent", "organizations[4000][3]: the node appears under two different parents", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AcClient) client = garbage_client (cases[i].mode);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AcOrgForest) forest = NULL;
      g_autoptr(GError) error = NULL;

      ac_client_set_session (client, "tok", NULL);
      ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
      ac_test_await (&result, AWAIT_S);
      forest = ac_client_list_organizations_finish (client, result, &error);
      if (cases[i].in_message == NULL)
        {
          g_autoptr(GPtrArray) members = NULL;

          g_assert_no_error (error);
          g_assert_nonnull (forest);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (forest)), ==, 1);
          members = ac_org_forest_get_member_nodes (forest);
          g_assert_cmpuint (members->len, ==, cases[i].n_members);
          g_assert_cmpstr (ac_organization_get_name (ac_org_forest_lookup (forest, "n1")), ==, "Node 1");
        }
      else
        {
          g_test_message ("%s: %s", cases[i].mode, error != NULL ? error->message : "(no error)");
          g_assert_null (forest);
          g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
          g_assert_true (g_str_has_prefix (error->message, "The server sent organizations that could not be read: "));
          g_assert_nonnull (strstr (error->message, cases[i].in_message));
        }
    }
}

static void
test_garbage_items (void)
{
  g_autoptr(GError) error = NULL;

  /* list items that are not objects, or objects of the wrong types */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AcClient) client = garbage_client (i == 0 ? "badlist" : "baditem");
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) items = NULL;

      ac_client_set_session (client, "tok", NULL);
      ac_client_list_applications_async (client, 1, 10, NULL, ac_test_result_cb, &result);
      ac_test_await (&result, AWAIT_S);
      items = ac_client_list_applications_finish (client, result, NULL, &error);
      g_assert_null (items);
      g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }

  /* a service code we have no name for keeps its number (1636 outside a sign-in is no second
   * step: AC_ERROR_MFA_REQUIRED is 1635, and only sign-ins start a second step) */
  {
    g_autoptr(AcClient) client = garbage_client ("1636");
    g_autoptr(AcUserInfo) user = NULL;

    ac_client_set_session (client, "tok", NULL);
    user = current_user (client, &error);
    g_assert_error (error, AC_ERROR, 1636);
    g_assert_cmpstr (error->message, !=, "");
    g_assert_null (ac_client_get_mfa_challenge (client));
  }
}

static void
test_garbage_session_expired (void)
{
  const char *modes[] = { "2020", "2206" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(AcClient) client = garbage_client (modes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AcUserInfo) user = NULL;
      Expired counter = { 0 };

      g_signal_connect (client, "session-expired", G_CALLBACK (expired_cb), &counter);
      ac_client_set_session (client, "tok", NULL);
      user = current_user (client, &error);
      g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);
      g_assert_nonnull (strstr (error->message, "expired"));
      g_assert_true (ac_error_is_session_error (error));
      g_assert_cmpuint (counter.expired, ==, 1);
      g_assert_false (ac_client_get_signed_in (client));
    }
}

static void
test_garbage_upload (void)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 tiny_png[] = {
    0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a
  };

  png = g_bytes_new_static (tiny_png, sizeof tiny_png);

  {
    g_autoptr(AcClient) client = garbage_client ("upload413");
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *url = NULL;

    ac_client_upload_image_async (client, png, "image/png", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    url = ac_client_upload_image_finish (client, result, &error);
    g_assert_null (url);
    g_assert_error (error, AC_ERROR, AC_ERROR_UPLOAD_FAILED);
    g_assert_nonnull (strstr (error->message, "too large"));
    g_clear_error (&error);

    /* multipart with a part named "file", no token */
    g_assert_cmpstr (garbage.last_path, ==, "/upload413/api/v2/upload");
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (garbage.last_headers, NULL),
                                     "multipart/form-data"));
    g_assert_null (soup_message_headers_get_one (garbage.last_headers, "Authorization"));
  }

  {
    g_autoptr(AcClient) client = garbage_client ("noupload");
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *url = NULL;

    ac_client_upload_image_async (client, png, "image/png", NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    url = ac_client_upload_image_finish (client, result, &error);
    g_assert_null (url);
    g_assert_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE);
  }
}

/* Cancellation before sending ---------------------------------------------------------------- */

static void
test_cancel_before (void)
{
  g_autoptr(AcClient) client = garbage_client ("ok");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  guint before = garbage.n_requests;

  ac_client_set_session (client, "tok", NULL);
  g_cancellable_cancel (cancellable);
  ac_client_get_current_user_async (client, cancellable, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_get_current_user_finish (client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (user);
  g_assert_null (ac_client_get_user (client));

  /* nothing reached the server */
  ac_test_run_for (100);
  g_assert_cmpuint (garbage.n_requests, ==, before);
  g_assert_true (ac_client_get_signed_in (client));
}

/* Unreachable servers ------------------------------------------------------------------------ */

static void
test_closed_port (void)
{
  g_autofree char *url = ac_test_closed_port_url ();
  g_autoptr(AcClient) client = ac_client_new (url, "app");
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NETWORK);
  g_assert_false (ac_client_get_signed_in (client));
  g_clear_error (&error);

  ac_client_set_session (client, "tok", NULL);
  user = current_user (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NETWORK);
  /* a network failure does not end the session */
  g_assert_true (ac_client_get_signed_in (client));
}

static void
test_unknown_host (void)
{
  /* .invalid never resolves (RFC 2606) */
  g_autoptr(AcClient) client = ac_client_new ("http://no-such-host.invalid", "app");
  g_autoptr(GError) error = NULL;

  ac_client_set_timeout (client, 20);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "no-such-host.invalid"));
}

/* TLS ---------------------------------------------------------------------------------------- */

static void
make_self_signed (char **cert_pem,
                  char **key_pem)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  gnutls_datum_t out = { NULL, 0 };
  static const guint8 loopback[4] = { 127, 0, 0, 1 };
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, "\x01\x02\x03", 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 24 * 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  "127.0.0.1", strlen ("127.0.0.1")), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback,
                                                         sizeof loopback, GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 1, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                       GNUTLS_KEY_KEY_CERT_SIGN), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  *cert_pem = g_strndup ((char *) out.data, out.size);
  gnutls_free (out.data);

  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                      GNUTLS_PKCS_PLAIN, &out), ==, 0);
  *key_pem = g_strndup ((char *) out.data, out.size);
  gnutls_free (out.data);

  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
}

static void
test_tls_self_signed (void)
{
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  make_self_signed (&cert_pem, &key_pem);
  both = g_strconcat (cert_pem, key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, garbage_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  {
    g_autofree char *host = g_strconcat (url, "/ok", NULL);
    g_autoptr(AcClient) client = ac_client_new (host, "app");
    g_autoptr(AcUserInfo) user = NULL;

    /* A new client trusts the system's certificates: its session was left to libsoup's
     * default, the system database, read when first needed (not when the client is made). */
    g_assert_null (ac_client_get_tls_database (client));
    {
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

      g_assert_nonnull (system);
      g_assert_true (soup_session_get_tls_database (client->session) == system);
    }

    /* the system does not trust it */
    ac_client_set_session (client, "tok", NULL);
    user = current_user (client, &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_TLS);
    g_assert_null (user);
    g_assert_true (ac_client_get_signed_in (client));
    g_clear_error (&error);

    /* trusting exactly that certificate works, so the failure was the certificate */
    cert_path = g_build_filename (g_get_tmp_dir (), "ac-test-self-signed.pem", NULL);
    g_assert_true (g_file_set_contents (cert_path, cert_pem, -1, &error));
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert_path, &error);
      g_assert_no_error (error);
      ac_client_set_tls_database (client, database);
    }
    user = current_user (client, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ac_user_info_get_username (user), ==, "probe");
    g_unlink (cert_path);

    /* back to the system's certificates */
    g_clear_object (&user);
    ac_client_set_tls_database (client, NULL);
    {
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

      g_assert_true (soup_session_get_tls_database (client->session) == system);
    }
  }

  soup_server_disconnect (server);
}

/* A plain-HTTP server such as nginx answers a TLS hello with a plain-text 400 and hangs up. */
static gboolean
plain_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source,
              gpointer                user_data)
{
  const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 buffer[512];

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                       buffer, sizeof buffer, NULL, NULL);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
test_tls_to_plain_port (void)
{
  /* in a thread of its own: its blocking reads must not stall the client on the main loop */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (plain_run_cb), NULL);
  g_socket_service_start (service);

  host = g_strdup_printf ("https://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = ac_client_new (host, "app");
  ac_client_set_timeout (client, 10);
  ac_client_set_session (client, "tok", NULL);
  user = current_user (client, &error);
  g_assert_error (error, AC_ERROR, AC_ERROR_TLS);
  g_assert_null (user);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* The emulator's fault flags ----------------------------------------------------------------- */

static void
check_fail_kind (const char *kind,
                 int         code)
{
  const char *args[] = { "--fail-rate", "1", "--fail-kind", kind, NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(AcClient) client = client_for (emulator);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  g_test_message ("--fail-kind %s", kind);

  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_error (error, AC_ERROR, code);
  g_assert_false (ac_client_get_signed_in (client));
  g_clear_error (&error);

  /* an authenticated request: the failure is not a session problem */
  ac_client_set_session (client, "tok", NULL);
  user = current_user (client, &error);
  g_assert_error (error, AC_ERROR, code);
  g_assert_true (ac_client_get_signed_in (client));
  g_clear_error (&error);

  if (code == AC_ERROR_SERVER)
    {
      g_clear_object (&user);
      user = current_user (client, &error);
      g_assert_nonnull (strstr (error->message, "injected fault"));
    }
}

static void
test_fail_500 (void)
{
  check_fail_kind ("500", AC_ERROR_SERVER);
}

static void
test_fail_drop (void)
{
  check_fail_kind ("drop", AC_ERROR_NETWORK);
}

static void
test_fail_malformed (void)
{
  check_fail_kind ("malformed", AC_ERROR_INVALID_RESPONSE);
}

static void
test_latency_and_timeout (void)
{
  const char *args[] = { "--latency", "1500", NULL };
  g_autoptr(AcTestEmulator) emulator = start_emulator (args);
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* slow but within the timeout */
  {
    g_autoptr(AcClient) client = client_for (emulator);

    start = g_get_monotonic_time ();
    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    /* .well-known, then login/account */
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * 1400 * 1000);

    /* the key is kept: signing in again is one round trip */
    start = g_get_monotonic_time ();
    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400 * 1000);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * 1400 * 1000);
  }

  /* too slow */
  {
    g_autoptr(AcClient) client = client_for (emulator);

    ac_client_set_timeout (client, 1);
    g_assert_cmpuint (ac_client_get_timeout (client), ==, 1);
    start = g_get_monotonic_time ();
    sign_in (client, "alice", "alice-pass-1", &error);
    g_assert_error (error, AC_ERROR, AC_ERROR_TIMEOUT);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 1400 * 1000);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/headers", test_headers);
  g_test_add_func ("/client/errors/garbage-answers", test_garbage_answers);
  g_test_add_func ("/client/errors/garbage-items", test_garbage_items);
  g_test_add_func ("/client/errors/organizations-streamed", test_organizations_streamed);
  g_test_add_func ("/client/errors/huge-answer", test_garbage_huge);
  g_test_add_func ("/client/errors/bad-public-key", test_garbage_public_key);
  g_test_add_func ("/client/errors/numbers-out-of-range", test_garbage_numbers);
  g_test_add_func ("/account/load-all/partial", test_load_all_partial);
  g_test_add_func ("/client/errors/session-expired", test_garbage_session_expired);
  g_test_add_func ("/client/errors/upload", test_garbage_upload);
  g_test_add_func ("/client/errors/closed-port", test_closed_port);
  g_test_add_func ("/client/errors/unknown-host", test_unknown_host);
  g_test_add_func ("/client/errors/tls-self-signed", test_tls_self_signed);
  g_test_add_func ("/client/errors/tls-to-plain-port", test_tls_to_plain_port);
  g_test_add_func ("/client/cancel/before-sending", test_cancel_before);
  g_test_add_func ("/client/emulator-faults/500", test_fail_500);
  g_test_add_func ("/client/emulator-faults/drop", test_fail_drop);
  g_test_add_func ("/client/emulator-faults/malformed", test_fail_malformed);
  g_test_add_func ("/client/emulator-faults/latency-and-timeout", test_latency_and_timeout);

  garbage_start ();
  ret = g_test_run ();
  garbage_stop ();

  return ret;
}
