/* garbage-server.c: a tiny SoupServer that answers with garbage on purpose (what the emulator
 * never sends), for test-client-faults.c and test-client-network.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <json-glib/json-glib.h>

#include "garbage-server.h"

GarbageServer garbage;

static const char USER_JSON[] =
  "{\"code\":200,\"message\":\"ok\",\"data\":{\"id\":\"u1\",\"username\":\"probe\","
  "\"userPoolId\":\"pool-from-user\"}}";

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* An RSA public key (PEM) for the modes that let a sign-in get as far as the login answer */
static char *garbage_public_key;

static char *
make_rsa_public_key (void)
{
  gnutls_x509_privkey_t x509;
  gnutls_privkey_t key;
  gnutls_pubkey_t pub;
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  g_assert_cmpint (gnutls_x509_privkey_init (&x509), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (x509, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (key, x509, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pub), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pub, key, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pub, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  pem = g_strndup ((char *) out.data, out.size);

  gnutls_free (out.data);
  gnutls_pubkey_deinit (pub);
  gnutls_privkey_deinit (key);
  gnutls_x509_privkey_deinit (x509);

  return pem;
}

static char *
base64url (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return encoded;
}

/* An unsigned JWT whose `exp` claim is the JSON number @exp, written as it is */
char *
jwt_with_exp (const char *exp)
{
  g_autofree char *payload = g_strdup_printf ("{\"sub\":\"u1\",\"exp\":%s}", exp);
  g_autofree char *header64 = base64url ("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
  g_autofree char *payload64 = base64url (payload);

  return g_strconcat (header64, ".", payload64, ".c2lnbmF0dXJl", NULL);
}

/* Modes named `<kind>-<JSON number>` put that number where the kind says (the numbers that do
 * not fit in 64 bits must be refused, not converted: that would be undefined behaviour). */
static gboolean
reply_number_mode (SoupServerMessage *msg,
                   const char        *mode,
                   const char        *rest)
{
  g_autofree char *body = NULL;
  const char *number;

  if (g_str_has_prefix (mode, "exp-"))
    {
      g_autofree char *token = NULL;

      number = mode + strlen ("exp-");
      if (rest != NULL && g_str_has_suffix (rest, ".well-known"))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_int_value (builder, 200);
          json_builder_set_member_name (builder, "data");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "publicKey");
          json_builder_add_string_value (builder, garbage_public_key);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          body = json_to_string (root, FALSE);
        }
      else
        {
          token = jwt_with_exp (number);
          body = g_strdup_printf ("{\"code\":200,\"message\":\"ok\",\"data\":{\"id\":\"u1\","
                                  "\"username\":\"probe\",\"token\":\"%s\",\"exp\":%s,"
                                  "\"tokenExpiredAt\":\"2031-01-01T00:00:00.000Z\"}}", token, number);
        }
    }
  else if (g_str_has_prefix (mode, "code-"))
    {
      number = mode + strlen ("code-");
      body = g_strdup_printf ("{\"code\":%s,\"message\":\"odd\",\"data\":{\"id\":\"u1\","
                              "\"username\":\"probe\"}}", number);
    }
  else if (g_str_has_prefix (mode, "total-"))
    {
      number = mode + strlen ("total-");
      body = g_strdup_printf ("{\"code\":200,\"data\":{\"list\":[],\"totalCount\":%s}}", number);
    }
  else
    {
      return FALSE;
    }

  reply (msg, 200, "application/json", body);
  return TRUE;
}

void
garbage_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", 3);
  const char *mode = parts[0] != NULL && parts[1] != NULL ? parts[1] : "";

  garbage.n_requests++;
  g_clear_pointer (&garbage.last_headers, soup_message_headers_unref);
  garbage.last_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                garbage.last_headers);
  g_free (garbage.last_method);
  garbage.last_method = g_strdup (soup_server_message_get_method (msg));
  g_free (garbage.last_path);
  garbage.last_path = g_strdup (path);
  g_clear_pointer (&garbage.last_body, g_bytes_unref);
  garbage.last_body = soup_message_body_flatten (request_body);

  if (reply_number_mode (msg, mode, parts[0] != NULL && parts[1] != NULL ? parts[2] : NULL))
    return;

  if (g_str_equal (mode, "ok"))
    reply (msg, 200, "application/json", USER_JSON);
  else if (g_str_equal (mode, "truncated"))
    reply (msg, 200, "application/json", "{\"code\":200,\"message\":\"ok\",\"data\":{\"id\":\"u1\",\"userna");
  else if (g_str_equal (mode, "html"))
    reply (msg, 200, "text/html", "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>");
  else if (g_str_equal (mode, "empty"))
    reply (msg, 200, "application/json", "");
  else if (g_str_equal (mode, "deep"))
    {
      GString *deep = g_string_new (NULL);
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (deep, ']');
      reply (msg, 200, "application/json", deep->str);
      g_string_free (deep, TRUE);
    }
  else if (g_str_equal (mode, "huge") || g_str_equal (mode, "hugechunked"))
    {
      /* 20 MiB of JSON whitespace, then a valid envelope: only its size is wrong */
      gsize size = 20 * 1024 * 1024;
      char *body = g_malloc (size);

      memset (body, ' ', size);
      memcpy (body + size - strlen (USER_JSON), USER_JSON, strlen (USER_JSON));
      soup_server_message_set_status (msg, 200, NULL);
      if (g_str_equal (mode, "huge"))
        {
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
        }
      else
        {
          SoupMessageBody *response = soup_server_message_get_response_body (msg);

          soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                             SOUP_ENCODING_CHUNKED);
          for (gsize off = 0; off < size; off += 1024 * 1024)
            soup_message_body_append (response, SOUP_MEMORY_COPY, body + off, 1024 * 1024);
          soup_message_body_complete (response);
          g_free (body);
        }
    }
  else if (g_str_has_prefix (mode, "orgs-"))
    {
      /* organizations: "orgs-<paths>-<last>": that many paths (each its own node under one
       * root), the last one replaced by <last> ("ok": one more good path; "bad": a number;
       * "parent": a node under another parent than before) */
      g_auto(GStrv) words = g_strsplit (mode, "-", 3);
      guint n = (guint) g_ascii_strtoull (words[1], NULL, 10);
      GString *body = g_string_new ("{\"code\":200,\"message\":\"ok\",\"data\":[");
      const char *org = "{\"type\":\"org\",\"id\":\"o\",\"rootNodeId\":\"r\"},"
                        "{\"type\":\"node\",\"id\":\"r\",\"name\":\"Root\",\"orgId\":\"o\"}";

      for (guint i = 0; i < n; i++)
        g_string_append_printf (body, "[%s,{\"type\":\"node\",\"id\":\"n%u\",\"name\":\"Node %u\","
                                "\"orgId\":\"o\",\"parentId\":\"r\"}],", org, i, i);
      if (g_str_equal (words[2], "bad"))
        g_string_append (body, "42");
      else if (g_str_equal (words[2], "parent"))
        g_string_append_printf (body, "[%s,{\"type\":\"node\",\"id\":\"n1\",\"orgId\":\"o\"},"
                                "{\"type\":\"node\",\"id\":\"n0\",\"orgId\":\"o\"}]", org);
      else
        g_string_append_printf (body, "[%s]", org);
      g_string_append (body, "]}");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
      g_string_free (body, TRUE);
    }
  else if (g_str_equal (mode, "shape"))
    reply (msg, 200, "application/json", "{\"code\":200,\"message\":\"ok\",\"data\":\"a string\"}");
  else if (g_str_equal (mode, "badlist"))
    reply (msg, 200, "application/json", "{\"code\":200,\"message\":\"ok\",\"data\":[1,2,3]}");
  else if (g_str_equal (mode, "baditem"))
    reply (msg, 200, "application/json",
           "{\"code\":200,\"message\":\"ok\",\"data\":{\"list\":[{\"id\":42,\"name\":[]}],\"totalCount\":1}}");
  else if (g_str_equal (mode, "nocode"))
    reply (msg, 200, "application/json", "{\"message\":\"hello\",\"data\":{}}");
  else if (g_str_equal (mode, "stringcode"))
    reply (msg, 200, "application/json", "{\"code\":\"200\",\"data\":{}}");
  else if (g_str_equal (mode, "hugecode"))
    reply (msg, 200, "application/json", "{\"code\":99999999999,\"message\":\"odd\"}");
  else if (g_str_equal (mode, "500"))
    reply (msg, 500, "text/html", "<html><body>Internal Server Error</body></html>");
  else if (g_str_equal (mode, "503env"))
    reply (msg, 503, "application/json", "{\"code\":503,\"message\":\"Down for maintenance\"}");
  else if (g_str_equal (mode, "404"))
    reply (msg, 404, "text/plain", "not here");
  else if (g_str_equal (mode, "403env"))
    reply (msg, 403, "application/json", "{\"code\":403,\"message\":\"Forbidden here\"}");
  else if (g_str_equal (mode, "2333"))
    reply (msg, 200, "application/json", "{\"code\":2333,\"message\":\"Nope\"}");
  else if (g_str_equal (mode, "1636"))
    reply (msg, 200, "application/json", "{\"code\":1636,\"data\":{\"mfaToken\":\"x\"}}");
  else if (g_str_equal (mode, "2020"))
    reply (msg, 200, "application/json", "{\"code\":2020,\"message\":\"Not logged in\"}");
  else if (g_str_equal (mode, "2206"))
    reply (msg, 200, "application/json", "{\"code\":2206,\"message\":\"Login expired\"}");
  else if (g_str_equal (mode, "badkey"))
    reply (msg, 200, "application/json",
           "{\"code\":200,\"data\":{\"publicKey\":\"-----BEGIN PUBLIC KEY-----\\nnot base64\\n-----END PUBLIC KEY-----\\n\"}}");
  else if (g_str_equal (mode, "upload413"))
    reply (msg, 413, "application/json", "{\"code\":413,\"message\":\"Request body too large\"}");
  else if (g_str_equal (mode, "noupload"))
    reply (msg, 200, "application/json", "{\"code\":200,\"data\":{\"key\":\"k\"}}");
  else
    reply (msg, 404, "text/plain", "unknown mode");
}

void
garbage_start (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *text = NULL;

  garbage_public_key = make_rsa_public_key ();
  garbage.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (garbage.server, NULL, garbage_handler, NULL, NULL);
  soup_server_listen_local (garbage.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (garbage.server);
  g_assert_nonnull (uris);
  text = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  garbage.url = g_steal_pointer (&text);
}

void
garbage_stop (void)
{
  soup_server_disconnect (garbage.server);
  g_clear_object (&garbage.server);
  g_clear_pointer (&garbage.url, g_free);
  g_clear_pointer (&garbage.last_headers, soup_message_headers_unref);
  g_clear_pointer (&garbage.last_method, g_free);
  g_clear_pointer (&garbage.last_path, g_free);
  g_clear_pointer (&garbage.last_body, g_bytes_unref);
  g_clear_pointer (&garbage_public_key, g_free);
}

AcClient *
garbage_client (const char *mode)
{
  g_autofree char *host = g_strdup_printf ("%s/%s", garbage.url, mode);
  AcClient *client = ac_client_new (host, "garbage-app");

  ac_client_set_lang (client, "en-US");
  return client;
}
