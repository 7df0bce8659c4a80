/* ac-emu-routes-oidc.c: sign-in in the browser, as an OpenID provider for native apps
 *
 * Authorization code flow with PKCE (RFC 7636) for public clients, as docs/protocol-security.md
 * §9 describes: discovery, the authorization endpoint with a hosted sign-in page (account and
 * password, then the TOTP code for a user with two-step sign-in on), the token endpoint
 * (authorization_code and refresh_token grants, with userinfo: ac-emu-oidc-token.c), JWKS and
 * end-session.
 *
 * Our rules: client_id is the application id; sub is the user id; redirect URIs only on
 * http://127.0.0.1:<port>/… or http://[::1]:<port>/… (RFC 8252 §7.3, localhost refused);
 * code_challenge with S256 is required; codes are single-use and live 60 s, and a replayed code
 * revokes what it gave (RFC 6749 §4.1.2); offline_access gives a refresh_token. Errors of the
 * token and userinfo endpoints are OAuth's {error, error_description} with HTTP 400/401, no
 * envelope. The id_token and access token (RS256, ac-emu-oidc.c) are accepted by every REST
 * endpoint like a password sign-in's token: _ac_emu_oidc_authenticate() is the REST check's
 * second half (see _ac_emu_authenticate()), and both tokens of one issuance are one row of
 * `tokens`, named by their `sid`, so logging out with either ends both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-oidc"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-oidc.h"
#include "ac-emu-oidc-page.h"
#include "ac-emu-oidc-private.h"
#include "ac-emu-oidc-store.h"
#include "ac-emu-outbox.h"
#include "ac-emu-server-private.h"
#include "ac-emu-store-security.h"
#include "ac-emu-token.h"
#include "ac-emu-totp.h"
#include "ac-emu-util.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

gint64
_ac_emu_oidc_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
_ac_emu_oidc_issuer_of (AcEmuRequest *req)
{
  g_autofree char *base = _ac_emu_request_base_url (req);

  return g_strconcat (base, "/oidc", NULL);
}

const char *
_ac_emu_oidc_request_header (AcEmuRequest *req,
                const char   *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

void
_ac_emu_oidc_set_header (AcEmuRequest *req,
            const char   *name,
            const char   *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), name, value);
}

gboolean
_ac_emu_oidc_has_form_content_type (AcEmuRequest *req)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, FORM_TYPE) == 0;
}

/* The request body as a form, NULL when it is not one (or repeats a parameter) */
GHashTable *
_ac_emu_oidc_body_form (AcEmuRequest *req)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!_ac_emu_oidc_has_form_content_type (req))
    return NULL;
  return ac_emu_oidc_parse_form (data, len);
}

static GHashTable *
query_form (AcEmuRequest *req)
{
  GUri *uri = soup_server_message_get_uri (req->msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;

  return ac_emu_oidc_parse_form (query != NULL ? query : "", query != NULL ? strlen (query) : 0);
}

const char *
_ac_emu_oidc_form_get (GHashTable *form,
          const char *name)
{
  const char *value = form != NULL ? g_hash_table_lookup (form, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Answers */

static void
reply_html (AcEmuRequest *req,
            guint         status,
            char         *html)
{
  gsize len = strlen (html);

  _ac_emu_oidc_set_header (req, "Cache-Control", "no-store");
  _ac_emu_oidc_set_header (req, "Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
  _ac_emu_oidc_set_header (req, "X-Frame-Options", "DENY");
  _ac_emu_oidc_set_header (req, "Referrer-Policy", "no-referrer");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, html, len);
}

static void
reply_page (AcEmuRequest  *req,
            guint          status,
            AcEmuLang      lang,
            AcEmuOidcText  text)
{
  reply_html (req, status, ac_emu_oidc_page_message (lang, status >= 400, ac_emu_oidc_text (text, lang)));
}

void
_ac_emu_oidc_reply_no_store (AcEmuRequest *req,
                guint         status,
                JsonObject   *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  _ac_emu_oidc_set_header (req, "Cache-Control", "no-store");
  _ac_emu_oidc_set_header (req, "Pragma", "no-cache");
  _ac_emu_reply_json (req, status, node);
  json_node_unref (node);
}

/* RFC 6749 §5.2 */
void
_ac_emu_oidc_reply_oauth_error (AcEmuRequest *req,
                   guint         status,
                   const char   *error,
                   const char   *description)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "error_description", description);
  _ac_emu_oidc_reply_no_store (req, status, object);
}

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (uri, "%c%s=%s", strchr (uri->str, '?') != NULL ? '&' : '?', name, escaped);
}

static void
reply_redirect (AcEmuRequest *req,
                GString      *location)
{
  g_autofree char *text = g_string_free (location, FALSE);

  _ac_emu_oidc_set_header (req, "Cache-Control", "no-store");
  _ac_emu_oidc_set_header (req, "Referrer-Policy", "no-referrer");
  soup_server_message_set_redirect (req->msg, SOUP_STATUS_SEE_OTHER, text);
}

/* Back to the application with an error (RFC 6749 §4.1.2.1), with state and iss (RFC 9207) */
static void
redirect_error (AcEmuRequest *req,
                const char   *redirect_uri,
                const char   *state,
                const char   *error,
                const char   *description)
{
  GString *location = g_string_new (redirect_uri);
  g_autofree char *issuer = _ac_emu_oidc_issuer_of (req);

  append_param (location, "error", error);
  append_param (location, "error_description", description);
  append_param (location, "state", state);
  append_param (location, "iss", issuer);
  reply_redirect (req, location);
}

/* ---------------------------------------------------------------------------------------- */
/* Discovery and keys */

static JsonArray *
strings (const char *first,
         ...)
{
  JsonArray *array = json_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    json_array_add_string_element (array, s);
  va_end (args);
  return array;
}

static void
set_endpoint (JsonObject *object,
              const char *member,
              const char *issuer,
              const char *path)
{
  g_autofree char *url = g_strconcat (issuer, path, NULL);

  json_object_set_string_member (object, member, url);
}

static void
handle_discovery (AcEmuRequest *req)
{
  g_autofree char *issuer = _ac_emu_oidc_issuer_of (req);
  JsonObject *c = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (c, "issuer", issuer);
  set_endpoint (c, "authorization_endpoint", issuer, "/auth");
  set_endpoint (c, "token_endpoint", issuer, "/token");
  set_endpoint (c, "userinfo_endpoint", issuer, "/me");
  set_endpoint (c, "jwks_uri", issuer, "/.well-known/jwks.json");
  set_endpoint (c, "end_session_endpoint", issuer, "/session/end");
  json_object_set_array_member (c, "scopes_supported",
                                strings ("openid", "profile", "email", "phone", "offline_access", NULL));
  json_object_set_array_member (c, "response_types_supported", strings ("code", NULL));
  json_object_set_array_member (c, "response_modes_supported", strings ("query", NULL));
  json_object_set_array_member (c, "grant_types_supported",
                                strings ("authorization_code", "refresh_token", NULL));
  json_object_set_array_member (c, "subject_types_supported", strings ("public", NULL));
  json_object_set_array_member (c, "id_token_signing_alg_values_supported", strings ("RS256", NULL));
  json_object_set_array_member (c, "token_endpoint_auth_methods_supported", strings ("none", NULL));
  json_object_set_array_member (c, "code_challenge_methods_supported", strings ("S256", NULL));
  json_object_set_array_member (c, "ui_locales_supported", strings ("zh-CN", "en", NULL));
  json_object_set_array_member (c, "claims_supported",
                                strings ("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce",
                                         "at_hash", "sid", "name", "nickname", "preferred_username",
                                         "given_name", "family_name", "middle_name", "picture",
                                         "website", "gender", "birthdate", "zoneinfo", "locale",
                                         "profile", "updated_at", "email", "email_verified",
                                         "phone_number", "phone_number_verified", NULL));
  json_object_set_boolean_member (c, "claims_parameter_supported", FALSE);
  json_object_set_boolean_member (c, "request_parameter_supported", FALSE);
  json_object_set_boolean_member (c, "request_uri_parameter_supported", FALSE);
  json_object_set_boolean_member (c, "authorization_response_iss_parameter_supported", TRUE);
  json_node_take_object (node, c);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, node);
  json_node_unref (node);
}

static void
handle_jwks (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) jwks = NULL;

  if (!ac_emu_oidc_ensure_key (req->self->oidc, TRUE, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  jwks = ac_emu_oidc_jwks (req->self->oidc);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, jwks);
}

/* ---------------------------------------------------------------------------------------- */
/* The authorization endpoint and the hosted page */

gboolean
_ac_emu_oidc_client_known (AcEmuRequest *req,
              const char   *client_id)
{
  g_autofree char *app_id = _ac_emu_get_meta (req, "app_id");

  return client_id != NULL && g_strcmp0 (client_id, app_id) == 0;
}

/* The known scopes asked for, each once; NULL when openid is not among them */
static char *
known_scopes (const char *scope)
{
  g_auto(GStrv) asked = g_strsplit (scope != NULL ? scope : "", " ", -1);
  g_auto(GStrv) known = g_strsplit (AC_EMU_OIDC_SCOPES, " ", -1);
  g_autoptr(GString) kept = g_string_new (NULL);

  if (!g_strv_contains ((const char * const *) asked, "openid"))
    return NULL;
  for (guint i = 0; known[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) asked, known[i]))
      g_string_append_printf (kept, "%s%s", kept->len > 0 ? " " : "", known[i]);
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

gboolean
_ac_emu_oidc_scope_has (const char *scope,
           const char *name)
{
  g_auto(GStrv) names = g_strsplit (scope != NULL ? scope : "", " ", -1);

  return g_strv_contains ((const char * const *) names, name);
}

static gboolean
is_s256_challenge (const char *challenge)
{
  if (challenge == NULL || strlen (challenge) != 43)
    return FALSE;
  for (const char *p = challenge; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
handle_auth (AcEmuRequest *req)
{
  g_autoptr(GHashTable) form = query_form (req);
  g_autoptr(AcEmuOidcGrant) grant = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *app_name = NULL;
  const char *client_id, *redirect_uri, *state, *challenge, *method, *nonce, *mode, *prompt;
  const char *interaction;
  AcEmuLang lang;

  lang = ac_emu_oidc_page_lang (_ac_emu_oidc_form_get (form, "ui_locales"), _ac_emu_oidc_request_header (req, "Accept-Language"));
  if (form == NULL)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_MALFORMED);
      return;
    }

  /* Until client and return address are known good, nothing goes back to them. */
  client_id = _ac_emu_oidc_form_get (form, "client_id");
  if (client_id == NULL)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_NO_CLIENT);
      return;
    }
  if (!_ac_emu_oidc_client_known (req, client_id))
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_UNKNOWN_CLIENT);
      return;
    }
  redirect_uri = _ac_emu_oidc_form_get (form, "redirect_uri");
  if (!ac_emu_oidc_redirect_uri_ok (redirect_uri))
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_BAD_REDIRECT);
      return;
    }

  state = _ac_emu_oidc_form_get (form, "state");
  challenge = _ac_emu_oidc_form_get (form, "code_challenge");
  method = _ac_emu_oidc_form_get (form, "code_challenge_method");
  nonce = _ac_emu_oidc_form_get (form, "nonce");
  mode = _ac_emu_oidc_form_get (form, "response_mode");
  prompt = _ac_emu_oidc_form_get (form, "prompt");
  if (_ac_emu_oidc_form_get (form, "request") != NULL || _ac_emu_oidc_form_get (form, "request_uri") != NULL)
    redirect_error (req, redirect_uri, state, "request_not_supported",
                    "request objects are not supported");
  else if (g_strcmp0 (_ac_emu_oidc_form_get (form, "response_type"), "code") != 0)
    redirect_error (req, redirect_uri, state, "unsupported_response_type",
                    "response_type must be code");
  else if (mode != NULL && g_strcmp0 (mode, "query") != 0)
    redirect_error (req, redirect_uri, state, "invalid_request", "response_mode must be query");
  else if ((scope = known_scopes (_ac_emu_oidc_form_get (form, "scope"))) == NULL)
    redirect_error (req, redirect_uri, state, "invalid_scope", "scope must contain openid");
  else if (challenge == NULL)
    redirect_error (req, redirect_uri, state, "invalid_request",
                    "code_challenge is required (PKCE, RFC 7636)");
  else if (g_strcmp0 (method, "S256") != 0)
    redirect_error (req, redirect_uri, state, "invalid_request", "code_challenge_method must be S256");
  else if (!is_s256_challenge (challenge))
    redirect_error (req, redirect_uri, state, "invalid_request",
                    "code_challenge must be 43 characters of base64url");
  else if ((state != NULL && strlen (state) > 1024) || (nonce != NULL && strlen (nonce) > 1024))
    redirect_error (req, redirect_uri, state, "invalid_request", "state or nonce is too long");
  else if (prompt != NULL && _ac_emu_oidc_scope_has (prompt, "none"))
    redirect_error (req, redirect_uri, state, "login_required", "the person must sign in");
  else
    {
      grant = g_new0 (AcEmuOidcGrant, 1);
      grant->client_id = g_strdup (client_id);
      grant->redirect_uri = g_strdup (redirect_uri);
      grant->state = g_strdup (state);
      grant->nonce = g_strdup (nonce);
      grant->scope = g_steal_pointer (&scope);
      grant->challenge = g_strdup (challenge);
      grant->lang = lang;
      interaction = ac_emu_oidc_interaction_add (req->self->oidc, g_steal_pointer (&grant));
      app_name = _ac_emu_get_meta (req, "app_name");
      reply_html (req, SOUP_STATUS_OK, ac_emu_oidc_page_sign_in (lang, app_name, interaction, NULL, NULL));
    }
}

/* Two-step sign-in (docs/protocol-security.md §5.2) on the hosted page: once the password is
 * right, a user with TOTP on is asked for the code of the authenticator app. The same rules as
 * mfa/totp/verify: the previous and next 30-second steps count, a code already accepted is
 * refused for the rest of its window, and the MAX_TOTP_FAILURES-th wrong code ends the sign-in
 * (back to the application with access_denied). A recovery code is not taken here: it is
 * replaced when used, and the new one must reach the person (the app's password sign-in shows
 * it). */
#define MAX_TOTP_FAILURES 6

/* Called once the password is right (grant->user_id set). Returns TRUE when it answered (the
 * page asking for the code), FALSE to finish the sign-in now. */
static gboolean
ask_second_step (AcEmuRequest   *req,
                 const char     *interaction,
                 AcEmuOidcGrant *grant)
{
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *app_name = NULL;

  if (!ac_emu_store_get_totp (req->self->store, grant->user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return TRUE;
    }
  if (!totp.enabled)
    return FALSE;
  grant->second_step = TRUE;
  app_name = _ac_emu_get_meta (req, "app_name");
  reply_html (req, SOUP_STATUS_OK, ac_emu_oidc_page_second_step (grant->lang, app_name, interaction, NULL));
  return TRUE;
}

static void finish_sign_in (AcEmuRequest *req, const char *interaction, AcEmuOidcGrant *grant);

static void
check_second_step (AcEmuRequest   *req,
                   const char     *interaction,
                   AcEmuOidcGrant *grant,
                   const char     *code)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *app_name = _ac_emu_get_meta (req, "app_name");
  gint64 counter = 0;

  if (code == NULL || !ac_emu_is_digits (code, AC_EMU_TOTP_DIGITS))
    {
      reply_html (req, SOUP_STATUS_BAD_REQUEST,
                  ac_emu_oidc_page_second_step (grant->lang, app_name, interaction,
                                                ac_emu_oidc_text (AC_EMU_OIDC_TEXT_MISSING_TOTP, grant->lang)));
      return;
    }
  if (!ac_emu_store_get_totp (store, grant->user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (totp.enabled)
    {
      if (!ac_emu_totp_check (totp.secret, code, ac_emu_security_now (), &counter) ||
          counter <= totp.last_counter)
        {
          if (++grant->failures >= MAX_TOTP_FAILURES)
            {
              g_autofree char *redirect_uri = g_strdup (grant->redirect_uri);
              g_autofree char *state = g_strdup (grant->state);

              ac_emu_oidc_interaction_remove (req->self->oidc, interaction);
              redirect_error (req, redirect_uri, state, "access_denied", "too many wrong codes");
              return;
            }
          reply_html (req, SOUP_STATUS_UNAUTHORIZED,
                      ac_emu_oidc_page_second_step (grant->lang, app_name, interaction,
                                                    ac_emu_oidc_text (AC_EMU_OIDC_TEXT_WRONG_TOTP, grant->lang)));
          return;
        }
      if (!ac_emu_store_begin (store, &error) ||
          !ac_emu_store_set_totp_counter (store, grant->user_id, counter, &error) ||
          !ac_emu_store_commit (store, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
    }
  grant->auth_time = _ac_emu_oidc_now_unix ();
  finish_sign_in (req, interaction, grant);
}

/* The person is known: record the sign-in, make the code, go back to the application */
static void
finish_sign_in (AcEmuRequest   *req,
                const char     *interaction,
                AcEmuOidcGrant *grant)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = ac_emu_now_iso ();
  g_autofree char *code = NULL;
  g_autofree char *issuer = _ac_emu_oidc_issuer_of (req);
  GString *location;

  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_record_login (store, grant->user_id, now,
                                  soup_server_message_get_remote_host (req->msg), &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  code = ac_emu_oidc_code_add (req->self->oidc, grant);
  location = g_string_new (grant->redirect_uri);
  append_param (location, "code", code);
  append_param (location, "state", grant->state);
  append_param (location, "iss", issuer);
  ac_emu_oidc_interaction_remove (req->self->oidc, interaction);   /* frees grant */
  reply_redirect (req, location);
}

static void
handle_interaction (AcEmuRequest *req)
{
  g_autoptr(GHashTable) form = _ac_emu_oidc_body_form (req);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *app_name = NULL;
  const char *id, *action, *account, *password;
  AcEmuOidcGrant *grant;
  AcEmuLang lang = ac_emu_oidc_page_lang (NULL, _ac_emu_oidc_request_header (req, "Accept-Language"));

  if (form == NULL)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_MALFORMED);
      return;
    }
  id = _ac_emu_oidc_form_get (form, "interaction");
  grant = ac_emu_oidc_interaction_lookup (req->self->oidc, id);
  if (grant == NULL)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_EXPIRED);
      return;
    }
  lang = grant->lang;
  action = _ac_emu_oidc_form_get (form, "action");

  if (g_strcmp0 (action, "cancel") == 0)
    {
      g_autofree char *redirect_uri = g_strdup (grant->redirect_uri);
      g_autofree char *state = g_strdup (grant->state);

      ac_emu_oidc_interaction_remove (req->self->oidc, id);
      redirect_error (req, redirect_uri, state, "access_denied", "the person cancelled the sign-in");
      return;
    }
  if (grant->second_step)
    {
      if (g_strcmp0 (action, "totp") != 0)
        {
          reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_MALFORMED);
          return;
        }
      check_second_step (req, id, grant, _ac_emu_oidc_form_get (form, "code"));
      return;
    }
  if (action != NULL && g_strcmp0 (action, "sign-in") != 0)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_MALFORMED);
      return;
    }

  account = _ac_emu_oidc_form_get (form, "account");
  password = _ac_emu_oidc_form_get (form, "password");
  app_name = _ac_emu_get_meta (req, "app_name");
  if (account == NULL || password == NULL)
    {
      reply_html (req, SOUP_STATUS_BAD_REQUEST,
                  ac_emu_oidc_page_sign_in (lang, app_name, id, account,
                                            ac_emu_oidc_text (AC_EMU_OIDC_TEXT_MISSING_CREDENTIALS, lang)));
      return;
    }
  if (!ac_emu_store_find_login (req->self->store, account, &user_id, &hash, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (user_id == NULL || hash == NULL || !ac_emu_password_verify (password, hash))
    {
      reply_html (req, SOUP_STATUS_UNAUTHORIZED,
                  ac_emu_oidc_page_sign_in (lang, app_name, id, account,
                                            ac_emu_oidc_text (AC_EMU_OIDC_TEXT_WRONG_CREDENTIALS, lang)));
      return;
    }

  g_free (grant->user_id);
  grant->user_id = g_steal_pointer (&user_id);
  grant->auth_time = _ac_emu_oidc_now_unix ();
  if (!ask_second_step (req, id, grant))
    finish_sign_in (req, id, grant);
}

/* ---------------------------------------------------------------------------------------- */
/* Userinfo and end-session */

static void
handle_end_session (AcEmuRequest *req)
{
  g_autoptr(GHashTable) form = query_form (req);
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  AcEmuLang lang = ac_emu_oidc_page_lang (_ac_emu_oidc_form_get (form, "ui_locales"),
                                          _ac_emu_oidc_request_header (req, "Accept-Language"));
  const char *redirect_uri, *sid;

  if (form == NULL)
    {
      reply_page (req, SOUP_STATUS_BAD_REQUEST, lang, AC_EMU_OIDC_TEXT_MALFORMED);
      return;
    }
  /* An expired id_token is a fine hint: only the signature counts */
  claims = ac_emu_oidc_verify (req->self->oidc, _ac_emu_oidc_form_get (form, "id_token_hint"));
  sid = claims != NULL ? ac_emu_json_get_string (claims, "sid") : NULL;
  if (sid != NULL)
    {
      AcEmuStore *store = req->self->store;

      if (!ac_emu_store_begin (store, &error) ||
          !ac_emu_token_revoke (store, sid, &error) ||
          !ac_emu_oidc_store_revoke_refresh_of (store, sid, &error) ||
          !ac_emu_store_commit (store, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
    }

  redirect_uri = _ac_emu_oidc_form_get (form, "post_logout_redirect_uri");
  if (redirect_uri != NULL && ac_emu_oidc_redirect_uri_ok (redirect_uri))
    {
      GString *location = g_string_new (redirect_uri);

      append_param (location, "state", _ac_emu_oidc_form_get (form, "state"));
      reply_redirect (req, location);
      return;
    }
  reply_page (req, SOUP_STATUS_OK, lang, AC_EMU_OIDC_TEXT_SIGNED_OUT);
}

/* ---------------------------------------------------------------------------------------- */

gboolean
_ac_emu_oidc_authenticate (AcEmuServer  *self,
                           const char   *token,
                           char        **out_user_id,
                           char        **out_sid,
                           gint64       *out_iat,
                           gint64       *out_exp)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *sub, *sid;
  JsonNode *exp, *iat;

  if (self->oidc == NULL)
    return FALSE;
  claims = ac_emu_oidc_verify (self->oidc, token);
  if (claims == NULL)
    return FALSE;
  sub = ac_emu_json_get_string (claims, "sub");
  sid = ac_emu_json_get_string (claims, "sid");
  exp = json_object_get_member (claims, "exp");
  iat = json_object_get_member (claims, "iat");
  if (sub == NULL || sid == NULL || exp == NULL || !JSON_NODE_HOLDS_VALUE (exp) ||
      json_node_get_value_type (exp) != G_TYPE_INT64 || json_node_get_int (exp) <= _ac_emu_oidc_now_unix () ||
      !ac_emu_token_is_live (self->store, sid, sub))
    return FALSE;

  *out_user_id = g_strdup (sub);
  *out_sid = g_strdup (sid);
  *out_exp = json_node_get_int (exp);
  *out_iat = iat != NULL && JSON_NODE_HOLDS_VALUE (iat) && json_node_get_value_type (iat) == G_TYPE_INT64
             ? json_node_get_int (iat) : 0;
  return TRUE;
}

static const AcEmuRoute routes[] = {
  { "GET", "/oidc/.well-known/openid-configuration", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_discovery },
  { "GET", "/oidc/.well-known/jwks.json", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_jwks },
  { "GET", "/oidc/auth", AC_EMU_BODY_NONE, AC_EMU_ROUTE_NO_HEAD, handle_auth },
  { "POST", "/oidc/interaction", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_interaction },
  { "POST", "/oidc/token", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, _ac_emu_oidc_handle_token },
  { "GET", "/oidc/me", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, _ac_emu_oidc_handle_userinfo },
  { "POST", "/oidc/me", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, _ac_emu_oidc_handle_userinfo },
  { "GET", "/oidc/session/end", AC_EMU_BODY_NONE, AC_EMU_ROUTE_NO_HEAD, handle_end_session },
};

void
_ac_emu_routes_oidc_register (AcEmuServer *self)
{
  g_autoptr(GError) error = NULL;

  self->oidc = ac_emu_oidc_new (ac_emu_store_get_data_dir (self->store));
  if (!ac_emu_oidc_store_init (self->store, &error))
    g_warning ("OIDC refresh tokens are not available: %s", error->message);
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
