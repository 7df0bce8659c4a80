/* client-util.c: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "client-util.h"

char *
pool_path (void)
{
  return ac_test_source_path ("tests/fixtures/client/pool.json");
}

/* An emulator seeded with tests/fixtures/client/pool.json */
AcTestEmulator *
start_emulator (const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool = pool_path ();
  AcTestEmulator *emulator;

  emulator = ac_test_emulator_start (pool, extra_args, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emulator);

  return emulator;
}

AcClient *
client_for (AcTestEmulator *emulator)
{
  AcClient *client = ac_client_new (ac_test_emulator_get_url (emulator),
                                    ac_test_emulator_get_app_id (emulator));

  ac_client_set_lang (client, "en-US");
  return client;
}

void
sign_in (AcClient    *client,
         const char  *account,
         const char  *password,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  ac_client_sign_in_async (client, account, password, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_sign_in_finish (client, result, error);
}

AcClient *
signed_in_client (AcTestEmulator *emulator,
                  const char     *account,
                  const char     *password)
{
  g_autoptr(GError) error = NULL;
  AcClient *client = client_for (emulator);

  sign_in (client, account, password, &error);
  g_assert_no_error (error);
  g_assert_true (ac_client_get_signed_in (client));

  return client;
}

AcUserInfo *
current_user (AcClient  *client,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_get_current_user_finish (client, result, error);
}

/* The recording proxy ------------------------------------------------------------------------ */

struct _Proxy
{
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  char        *backend;
  GPtrArray   *exchanges;
};

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *incoming;
  SoupMessage       *outgoing;
  ProxyExchange     *exchange;
} Forward;

static void
exchange_free (ProxyExchange *exchange)
{
  g_free (exchange->method);
  g_free (exchange->path);
  g_clear_pointer (&exchange->request_body, g_bytes_unref);
  g_clear_pointer (&exchange->answer, g_bytes_unref);
  g_free (exchange);
}

static void
copy_request_header (const char *name,
                     const char *value,
                     gpointer    user_data)
{
  static const char * const hop_by_hop[] = {
    "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Accept-Encoding",
    "Content-Type", NULL
  };

  for (guint i = 0; hop_by_hop[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, hop_by_hop[i]) == 0)
      return;

  soup_message_headers_append (user_data, name, value);
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  const char *content_type = "text/plain";
  guint status = 502;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (answer != NULL)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (forward->outgoing);

      status = soup_message_get_status (forward->outgoing);
      if (soup_message_headers_get_content_type (headers, NULL) != NULL)
        content_type = soup_message_headers_get_one (headers, "Content-Type");
    }
  else
    {
      answer = g_bytes_new (error->message, strlen (error->message));
    }

  soup_server_message_set_status (forward->incoming, status, NULL);
  soup_server_message_set_response (forward->incoming, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  soup_server_message_unpause (forward->incoming);

  forward->exchange->status = status;
  forward->exchange->answer = g_bytes_ref (answer);
  g_ptr_array_add (forward->proxy->exchanges, forward->exchange);

  g_object_unref (forward->incoming);
  g_object_unref (forward->outgoing);
  g_free (forward);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Proxy *proxy = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  SoupMessageHeaders *incoming_headers = soup_server_message_get_request_headers (msg);
  g_autofree char *target = NULL;
  g_autoptr(GBytes) body = NULL;
  Forward *forward;

  target = g_strconcat (proxy->backend, g_uri_get_path (uri),
                        raw_query != NULL ? "?" : "", raw_query != NULL ? raw_query : "", NULL);

  forward = g_new0 (Forward, 1);
  forward->proxy = proxy;
  forward->incoming = g_object_ref (msg);
  forward->outgoing = soup_message_new (soup_server_message_get_method (msg), target);
  g_assert_nonnull (forward->outgoing);
  forward->exchange = g_new0 (ProxyExchange, 1);
  forward->exchange->method = g_strdup (soup_server_message_get_method (msg));
  forward->exchange->path = raw_query != NULL ? g_strconcat (g_uri_get_path (uri), "?", raw_query, NULL)
                                              : g_strdup (g_uri_get_path (uri));

  soup_message_headers_foreach (incoming_headers, copy_request_header,
                                soup_message_get_request_headers (forward->outgoing));
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  forward->exchange->request_body = g_bytes_ref (body);
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward->outgoing,
                                              soup_message_headers_get_one (incoming_headers, "Content-Type"),
                                              body);

  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, forward->outgoing, G_PRIORITY_DEFAULT, NULL,
                                    forwarded_cb, forward);
}

Proxy *
proxy_start (const char *backend_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);
  GSList *uris;

  proxy->backend = g_strdup (backend_url);
  proxy->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_free);
  proxy->session = soup_session_new_with_options ("timeout", 120, NULL);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handler, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (proxy->server);
  g_assert_nonnull (uris);
  text = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  proxy->url = g_steal_pointer (&text);

  return proxy;
}

const char *
proxy_get_url (Proxy *proxy)
{
  return proxy->url;
}

void
proxy_set_backend (Proxy      *proxy,
                   const char *backend_url)
{
  g_free (proxy->backend);
  proxy->backend = g_strdup (backend_url);
}

GPtrArray *
proxy_get_exchanges (Proxy *proxy)
{
  return proxy->exchanges;
}

guint
proxy_count (Proxy      *proxy,
             const char *method,
             const char *path)
{
  guint count = 0;

  for (guint i = 0; i < proxy->exchanges->len; i++)
    {
      ProxyExchange *exchange = g_ptr_array_index (proxy->exchanges, i);
      gsize length = strcspn (exchange->path, "?");

      if (g_str_equal (exchange->method, method) && strlen (path) == length &&
          strncmp (exchange->path, path, length) == 0)
        count++;
    }

  return count;
}

void
proxy_clear (Proxy *proxy)
{
  g_ptr_array_set_size (proxy->exchanges, 0);
}

void
proxy_free (Proxy *proxy)
{
  if (proxy == NULL)
    return;

  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  soup_session_abort (proxy->session);
  g_clear_object (&proxy->session);
  g_ptr_array_unref (proxy->exchanges);
  g_free (proxy->url);
  g_free (proxy->backend);
  g_free (proxy);
}
