/* ac-client-oidc.c: AcClient's requests to the OIDC endpoints (for AcOidcSignIn)
 *
 * Discovery, JWKS and the token endpoint answer plain JSON, and OAuth errors as
 * {"error", "error_description"} with HTTP 400/401 (docs/protocol-security.md §9): not the
 * envelope that ac-client-transport.c reads. They go through the client's SoupSession all the
 * same, so TLS, timeout and proxy settings are the client's. Bodies are never logged: they carry
 * the code, the verifier and the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-oidc.h"
#include "ac-client-private.h"
#include "ac-json.h"

/* Far more than a discovery document, a JWKS or a token set needs */
#define MAX_OIDC_ANSWER (1024 * 1024)

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *received;
} OidcRequest;

static void
oidc_request_free (OidcRequest *request)
{
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->received, g_byte_array_unref);
  g_free (request);
}

const char *
_ac_client_oidc_base_url (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);
  return self->base_url;
}

static int
port_of (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
on_client_origin (AcClient *self,
                  GUri     *uri)
{
  g_autoptr(GUri) base = self->base_url != NULL ? g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;

  return base != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (base), g_uri_get_scheme (uri)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (uri)) == 0 &&
         port_of (base) == port_of (uri);
}

/* The same errors as ac-client-transport.c for what went wrong on the way */
static GError *
error_from_transport (AcClient *self,
                      GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (AC_ERROR, AC_ERROR_TIMEOUT,
                        /* Translators: %s is the server address */
                        _("%s did not answer in time"), self->host);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (AC_ERROR, AC_ERROR_TLS,
                        /* Translators: the first %s is the server address, the second the reason */
                        _("A secure connection to %s could not be established: %s"),
                        self->host, error->message);
  return g_error_new (AC_ERROR, AC_ERROR_NETWORK,
                      /* Translators: the first %s is the server address, the second the reason */
                      _("Could not connect to %s: %s"), self->host, error->message);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
answer_complete (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  OidcRequest *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;

  if (request->received->len > 0)
    root = ac_json_parse ((const char *) request->received->data, request->received->len, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  g_debug ("OIDC %s %s → %u", soup_message_get_method (request->message),
           g_uri_get_path (soup_message_get_uri (request->message)), status);

  if (status >= 200 && status < 300)
    {
      if (object == NULL)
        g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                                 /* Translators: %s is the server address */
                                 _("%s sent an answer that could not be read"), self->host);
      else
        g_task_return_pointer (task, json_object_ref (object), (GDestroyNotify) json_object_unref);
      return;
    }

  if (status >= 400 && status < 500 && object != NULL && string_member (object, "error") != NULL)
    {
      const char *description = string_member (object, "error_description");

      g_debug ("OAuth error %s", string_member (object, "error"));
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                               /* Translators: %s is the server's reason (often in English) */
                               _("The server refused the sign-in: %s"),
                               description != NULL && *description != '\0'
                               ? description : string_member (object, "error"));
      return;
    }

  if (status >= 500)
    g_task_return_new_error (task, AC_ERROR, AC_ERROR_SERVER,
                             /* Translators: %u is an HTTP status code, %s its reason phrase */
                             _("The server had a problem (HTTP %u %s)"),
                             status, soup_status_get_phrase (status));
  else
    g_task_return_new_error (task, AC_ERROR, AC_ERROR_HTTP,
                             /* Translators: %u is an HTTP status code, %s its reason phrase */
                             _("The server refused the request (HTTP %u %s)"),
                             status, soup_status_get_phrase (status));
}

static void read_more (GTask *task);

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  OidcRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error_from_transport (self, error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      answer_complete (task);
      return;
    }
  if (request->received->len + g_bytes_get_size (chunk) > MAX_OIDC_ANSWER)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_TOO_LARGE,
                               /* Translators: %u is a size in megabytes */
                               _("The server sent an answer larger than Account Center can read (more than %u MB)"),
                               (guint) (MAX_OIDC_ANSWER / (1024 * 1024)));
      return;
    }
  g_byte_array_append (request->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  OidcRequest *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), body_read_cb, task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  OidcRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      g_task_return_error (task, error_from_transport (self, error));
      return;
    }
  request->received = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

void
_ac_client_oidc_request_async (AcClient            *self,
                               const char          *url,
                               GHashTable          *form,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  OidcRequest *request;
  SoupMessageHeaders *headers;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ac_client_oidc_request_async);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !on_client_origin (self, uri))
    {
      /* Never send the code or the verifier anywhere but to the application's host */
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
                               _("The server’s sign-in configuration points to another host."));
      return;
    }

  request = g_new0 (OidcRequest, 1);
  request->message = soup_message_new_from_uri (form != NULL ? "POST" : "GET", uri);
  g_task_set_task_data (task, request, (GDestroyNotify) oidc_request_free);
  /* A redirect could lead anywhere: the endpoints must answer themselves */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (form != NULL)
    {
      char *body = soup_form_encode_hash (form);
      g_autoptr(GBytes) bytes = g_bytes_new_take (body, strlen (body));

      soup_message_set_request_body_from_bytes (request->message, "application/x-www-form-urlencoded", bytes);
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, cancellable,
                           sent_cb, g_steal_pointer (&task));
}

JsonObject *
_ac_client_oidc_request_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, _ac_client_oidc_request_async, error);
}
