/* ac-emu-oidc-token.c: the OpenID provider's token endpoint and userinfo
 *
 * The authorization_code grant (PKCE S256 required, codes single-use, a replay revokes what the
 * code gave) and the refresh_token grant, the tokens they sign and record, and the claims of
 * userinfo. The rules are in ac-emu-routes-oidc.c and docs/protocol-security.md §9.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-oidc"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-oidc.h"
#include "ac-emu-oidc-private.h"
#include "ac-emu-oidc-store.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

/* ---------------------------------------------------------------------------------------- */
/* Tokens */

static void
set_claim (JsonObject *claims,
           const char *claim,
           JsonObject *user,
           const char *member)
{
  const char *value = ac_emu_json_get_string (user, member);

  if (value != NULL && *value != '\0')
    json_object_set_string_member (claims, claim, value);
}

static void
set_bool_claim (JsonObject *claims,
                const char *claim,
                JsonObject *user,
                const char *member)
{
  JsonNode *node = json_object_get_member (user, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    json_object_set_boolean_member (claims, claim, json_node_get_boolean (node));
}

/* The standard claims (OIDC Core §5.1) of user for scope; claims without a value are left out */
static void
add_user_claims (JsonObject *claims,
                 JsonObject *user,
                 const char *scope)
{
  if (_ac_emu_oidc_scope_has (scope, "profile"))
    {
      const char *updated = ac_emu_json_get_string (user, "updatedAt");
      g_autoptr(GDateTime) at = updated != NULL ? g_date_time_new_from_iso8601 (updated, NULL) : NULL;

      set_claim (claims, "name", user, "name");
      set_claim (claims, "nickname", user, "nickname");
      set_claim (claims, "preferred_username", user, "username");
      set_claim (claims, "given_name", user, "givenName");
      set_claim (claims, "family_name", user, "familyName");
      set_claim (claims, "middle_name", user, "middleName");
      set_claim (claims, "picture", user, "photo");
      set_claim (claims, "website", user, "website");
      set_claim (claims, "gender", user, "gender");
      set_claim (claims, "birthdate", user, "birthdate");
      set_claim (claims, "zoneinfo", user, "zoneinfo");
      set_claim (claims, "locale", user, "locale");
      set_claim (claims, "profile", user, "profile");
      if (at != NULL)
        json_object_set_int_member (claims, "updated_at", g_date_time_to_unix (at));
    }
  if (_ac_emu_oidc_scope_has (scope, "email"))
    {
      set_claim (claims, "email", user, "email");
      if (ac_emu_json_get_string (user, "email") != NULL)
        set_bool_claim (claims, "email_verified", user, "emailVerified");
    }
  if (_ac_emu_oidc_scope_has (scope, "phone"))
    {
      set_claim (claims, "phone_number", user, "phone");
      if (ac_emu_json_get_string (user, "phone") != NULL)
        set_bool_claim (claims, "phone_number_verified", user, "phoneVerified");
    }
}

typedef struct
{
  const char *user_id;
  const char *client_id;
  const char *scope;
  const char *nonce;        /* only for the code exchange */
  gint64 auth_time;
  const char *refresh_token;  /* the one a refresh came with, returned again */
} Issue;

/* Signs and records a token set; replies itself on failure (NULL) */
static JsonObject *
issue_tokens (AcEmuRequest *req,
              const Issue  *issue,
              char        **out_sid)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) access_claims = json_object_new ();
  g_autoptr(JsonObject) id_claims = json_object_new ();
  g_autofree char *issuer = _ac_emu_oidc_issuer_of (req);
  g_autofree char *sid = ac_emu_random_hex (16);
  g_autofree char *jti = ac_emu_random_hex (16);
  g_autofree char *access = NULL;
  g_autofree char *at_hash = NULL;
  g_autofree char *id_token = NULL;
  g_autofree char *refresh = NULL;
  gint64 ttl = req->self->options.token_ttl;
  gint64 iat = _ac_emu_oidc_now_unix ();
  JsonObject *answer;

  user = ac_emu_store_user_json (store, issue->user_id, &error);
  if (user == NULL)
    {
      g_debug ("no token for %s: %s", issue->user_id, error != NULL ? error->message : "?");
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "the user no longer exists");
      return NULL;
    }

  json_object_set_string_member (access_claims, "iss", issuer);
  json_object_set_string_member (access_claims, "sub", issue->user_id);
  json_object_set_string_member (access_claims, "aud", issue->client_id);
  json_object_set_int_member (access_claims, "iat", iat);
  json_object_set_int_member (access_claims, "exp", iat + ttl);
  json_object_set_string_member (access_claims, "jti", jti);
  json_object_set_string_member (access_claims, "sid", sid);
  json_object_set_string_member (access_claims, "scope", issue->scope);
  json_object_set_string_member (access_claims, "client_id", issue->client_id);
  access = ac_emu_oidc_sign (req->self->oidc, access_claims, "at+jwt", &error);
  if (access == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return NULL;
    }
  at_hash = ac_emu_oidc_s256 (access, TRUE);

  json_object_set_string_member (id_claims, "iss", issuer);
  json_object_set_string_member (id_claims, "sub", issue->user_id);
  json_object_set_string_member (id_claims, "aud", issue->client_id);
  json_object_set_int_member (id_claims, "iat", iat);
  json_object_set_int_member (id_claims, "exp", iat + ttl);
  json_object_set_int_member (id_claims, "auth_time", issue->auth_time);
  if (issue->nonce != NULL)
    json_object_set_string_member (id_claims, "nonce", issue->nonce);
  json_object_set_string_member (id_claims, "at_hash", at_hash);
  json_object_set_string_member (id_claims, "sid", sid);
  add_user_claims (id_claims, user, issue->scope);
  id_token = ac_emu_oidc_sign (req->self->oidc, id_claims, "JWT", &error);
  if (id_token == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return NULL;
    }

  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_token_record (store, sid, issue->user_id, iat, iat + ttl, &error))
    {
      _ac_emu_reply_internal (req, error);
      return NULL;
    }
  if (issue->refresh_token == NULL && _ac_emu_oidc_scope_has (issue->scope, "offline_access"))
    {
      guint8 bytes[32];
      g_autofree char *hash = NULL;
      AcEmuOidcRefresh record = { sid, (char *) issue->user_id, (char *) issue->client_id,
                                  (char *) issue->scope, issue->auth_time, iat,
                                  iat + AC_EMU_OIDC_REFRESH_TTL_S };

      ac_emu_random_bytes (bytes, sizeof bytes);
      refresh = ac_emu_base64url_encode (bytes, sizeof bytes);
      hash = ac_emu_oidc_s256 (refresh, FALSE);
      if (!ac_emu_oidc_store_add_refresh (store, hash, &record, &error))
        {
          _ac_emu_reply_internal (req, error);
          return NULL;
        }
    }
  if (!ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return NULL;
    }

  answer = json_object_new ();
  json_object_set_string_member (answer, "access_token", access);
  json_object_set_string_member (answer, "token_type", "Bearer");
  json_object_set_int_member (answer, "expires_in", ttl);
  json_object_set_string_member (answer, "id_token", id_token);
  json_object_set_string_member (answer, "scope", issue->scope);
  if (refresh != NULL)
    json_object_set_string_member (answer, "refresh_token", refresh);
  else if (issue->refresh_token != NULL)
    json_object_set_string_member (answer, "refresh_token", issue->refresh_token);
  if (out_sid != NULL)
    *out_sid = g_steal_pointer (&sid);
  return answer;
}

/* What a replayed code gave is taken back */
static void
revoke_sessions (AcEmuRequest  *req,
                 char         **sids)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;

  if (sids == NULL || sids[0] == NULL)
    return;
  if (!ac_emu_store_begin (store, &error))
    goto failed;
  for (guint i = 0; sids[i] != NULL; i++)
    if (!ac_emu_token_revoke (store, sids[i], &error) ||
        !ac_emu_oidc_store_revoke_refresh_of (store, sids[i], &error))
      goto failed;
  if (ac_emu_store_commit (store, &error))
    return;
failed:
  ac_emu_store_rollback (store);
  g_warning ("revoking the tokens of a replayed code: %s", error != NULL ? error->message : "?");
}

static void
grant_authorization_code (AcEmuRequest *req,
                          GHashTable   *form,
                          const char   *client_id)
{
  g_autoptr(AcEmuOidcGrant) grant = NULL;
  g_auto(GStrv) sids = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *sid = NULL;
  const char *code = _ac_emu_oidc_form_get (form, "code");
  const char *verifier = _ac_emu_oidc_form_get (form, "code_verifier");
  JsonObject *answer;
  Issue issue = { 0, };

  if (code == NULL)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", "code is missing");
      return;
    }
  switch (ac_emu_oidc_code_take (req->self->oidc, code, &grant, &sids))
    {
    case AC_EMU_OIDC_CODE_UNKNOWN:
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "the code is not known");
      return;
    case AC_EMU_OIDC_CODE_EXPIRED:
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "the code has expired (codes can be exchanged for 60 seconds)");
      return;
    case AC_EMU_OIDC_CODE_USED:
      revoke_sessions (req, sids);
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "the code was already used; the tokens it gave are revoked");
      return;
    case AC_EMU_OIDC_CODE_OK:
    default:
      break;
    }

  if (g_strcmp0 (grant->client_id, client_id) != 0)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "the code was issued to another client");
      return;
    }
  if (g_strcmp0 (_ac_emu_oidc_form_get (form, "redirect_uri"), grant->redirect_uri) != 0)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "redirect_uri is not the one of the authorization request");
      return;
    }
  if (verifier == NULL)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "code_verifier is missing (PKCE, RFC 7636)");
      return;
    }
  if (!ac_emu_oidc_verifier_ok (verifier))
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
      return;
    }
  challenge = ac_emu_oidc_s256 (verifier, FALSE);
  if (strlen (challenge) != strlen (grant->challenge) ||
      !ac_emu_equal_constant_time ((const guint8 *) challenge, (const guint8 *) grant->challenge,
                                   strlen (challenge)))
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "code_verifier does not match the code_challenge");
      return;
    }

  issue.user_id = grant->user_id;
  issue.client_id = grant->client_id;
  issue.scope = grant->scope;
  issue.nonce = grant->nonce;
  issue.auth_time = grant->auth_time;
  answer = issue_tokens (req, &issue, &sid);
  if (answer == NULL)
    return;
  ac_emu_oidc_code_add_sid (req->self->oidc, code, sid);
  _ac_emu_oidc_reply_no_store (req, SOUP_STATUS_OK, answer);
}

static void
grant_refresh_token (AcEmuRequest *req,
                     GHashTable   *form,
                     const char   *client_id)
{
  g_autoptr(AcEmuOidcRefresh) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *refresh = _ac_emu_oidc_form_get (form, "refresh_token");
  const char *asked = _ac_emu_oidc_form_get (form, "scope");
  JsonObject *answer;
  Issue issue = { 0, };

  if (refresh == NULL)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", "refresh_token is missing");
      return;
    }
  hash = ac_emu_oidc_s256 (refresh, FALSE);
  if (!ac_emu_oidc_store_find_refresh (req->self->store, hash, _ac_emu_oidc_now_unix (), &record, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (record == NULL || g_strcmp0 (record->client_id, client_id) != 0)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "the refresh token is not known, has expired or was revoked");
      return;
    }
  if (asked != NULL)
    {
      g_auto(GStrv) names = g_strsplit (asked, " ", -1);

      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0' && !_ac_emu_oidc_scope_has (record->scope, names[i]))
          {
            _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_scope",
                               "a refresh cannot widen the scope");
            return;
          }
    }

  issue.user_id = record->user_id;
  issue.client_id = record->client_id;
  issue.scope = asked != NULL ? asked : record->scope;
  issue.auth_time = record->auth_time;
  issue.refresh_token = refresh;
  answer = issue_tokens (req, &issue, NULL);
  if (answer != NULL)
    _ac_emu_oidc_reply_no_store (req, SOUP_STATUS_OK, answer);
}

void
_ac_emu_oidc_handle_token (AcEmuRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  const char *client_id, *grant_type, *secret;

  if (!_ac_emu_oidc_has_form_content_type (req))
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "the body must be application/x-www-form-urlencoded");
      return;
    }
  form = _ac_emu_oidc_body_form (req);
  if (form == NULL)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "a parameter is repeated or is not UTF-8");
      return;
    }

  client_id = _ac_emu_oidc_form_get (form, "client_id");
  secret = _ac_emu_oidc_form_get (form, "client_secret");
  if (_ac_emu_oidc_request_header (req, "Authorization") != NULL || secret != NULL)
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                         "the application is a public client: it has no secret");
      return;
    }
  if (!_ac_emu_oidc_client_known (req, client_id))
    {
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                         client_id == NULL ? "client_id is missing" : "client_id is not an application of this pool");
      return;
    }

  grant_type = _ac_emu_oidc_form_get (form, "grant_type");
  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    grant_authorization_code (req, form, client_id);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    grant_refresh_token (req, form, client_id);
  else if (grant_type == NULL)
    _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", "grant_type is missing");
  else
    _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                       "grant_type must be authorization_code or refresh_token");
}

/* ---------------------------------------------------------------------------------------- */
/* Userinfo */

void
_ac_emu_oidc_handle_userinfo (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) claims = NULL;
  JsonObject *answer;
  const char *scope = NULL;

  if (!_ac_emu_authenticate (req))
    {
      _ac_emu_oidc_set_header (req, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      _ac_emu_oidc_reply_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                         "the access token is missing, malformed, expired or revoked");
      return;
    }
  user = ac_emu_store_user_json (req->self->store, req->user_id, &error);
  if (user == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  /* Our access tokens say what they were granted; other tokens of the user get everything */
  claims = ac_emu_oidc_verify (req->self->oidc, req->token);
  if (claims != NULL)
    scope = ac_emu_json_get_string (claims, "scope");

  answer = json_object_new ();
  json_object_set_string_member (answer, "sub", req->user_id);
  add_user_claims (answer, user, scope != NULL ? scope : AC_EMU_OIDC_SCOPES);
  _ac_emu_oidc_reply_no_store (req, SOUP_STATUS_OK, answer);
}
