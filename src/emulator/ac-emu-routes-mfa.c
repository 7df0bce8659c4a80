/* ac-emu-routes-mfa.c: TOTP authenticators and the two-step sign-in (protocol-security.md §5)
 *
 * A sign-in (password or code) of a user with TOTP on answers 1635 with an mfaToken instead of
 * a token. The mfaToken is an opaque random string (stored as its SHA-256), valid
 * MFA_TOKEN_TTL seconds, usable once, and accepted only by mfa/totp/verify and
 * mfa/totp/recovery. Our rule for guessing: the MFA_MAX_FAILURES-th wrong code (TOTP or
 * recovery code, counted together) locks that mfaToken; every later try with it answers 2020
 * "too many wrong codes" and the person signs in again from the start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-security"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-devices.h"
#include "ac-emu-outbox.h"
#include "ac-emu-qrcode.h"
#include "ac-emu-security-private.h"
#include "ac-emu-store-security.h"
#include "ac-emu-token.h"
#include "ac-emu-totp.h"
#include "ac-emu-util.h"

#define MFA_TOKEN_TTL (5 * 60)
#define MFA_MAX_FAILURES 6

/* ---------------------------------------------------------------------------------------- */
/* Ending a sign-in */

static void
reply_mfa_required (AcEmuRequest *req,
                    const char   *user_id)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *mfa_token = NULL;
  guint8 raw[32];
  JsonObject *data;
  JsonNode *node;

  ac_emu_random_bytes (raw, sizeof raw);
  mfa_token = ac_emu_base64url_encode (raw, sizeof raw);
  memset (raw, 0, sizeof raw);

  if (!ac_emu_store_get_account (store, user_id, &account, &error) ||
      !ac_emu_store_add_mfa_token (store, mfa_token, user_id,
                                   ac_emu_security_now () + MFA_TOKEN_TTL, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "mfaToken", mfa_token);
  ac_emu_json_set_string_or_null (data, "nickname", account.nickname);
  ac_emu_json_set_string_or_null (data, "email", account.email);
  ac_emu_json_set_string_or_null (data, "username", account.username);
  ac_emu_json_set_string_or_null (data, "avatar", account.photo);
  json_object_set_boolean_member (data, "totpMfaEnabled", TRUE);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 1635, _ac_emu_sec_message (req, AC_EMU_SEC_MFA_REQUIRED), node);
}

/* Called inside an open transaction; commits it (or rolls back) and answers. */
static void
finish_sign_in (AcEmuRequest *req,
                const char   *user_id,
                gboolean      second_step,
                const char   *new_recovery_code)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_id = _ac_emu_get_meta (req, "pool_id");
  g_autofree char *now = ac_emu_now_iso ();
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *envelope, *user;
  gint64 exp = 0;

  if (!second_step)
    {
      if (!ac_emu_store_get_totp (store, user_id, &totp, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
      if (totp.enabled)
        {
          reply_mfa_required (req, user_id);
          return;
        }
    }

  token = ac_emu_token_issue (store, user_id, pool_id, req->self->base_url,
                              req->self->options.token_ttl, NULL, &exp, &error);
  if (token == NULL ||
      !ac_emu_store_record_login (store, user_id, now,
                                  soup_server_message_get_remote_host (req->msg), &error) ||
      !_ac_emu_devices_login_succeeded (req, user_id, second_step ? "mfa" : "code", token, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  g_free (req->user_id);
  req->user_id = g_strdup (user_id);
  if (new_recovery_code == NULL)
    {
      _ac_emu_reply_user (req, AC_EMU_MSG_LOGIN_OK, token, exp);
      return;
    }

  /* The recovery answer: the new code beside `data` (protocol-security.md §5.2) */
  user = _ac_emu_user_json (req, token, exp, &error);
  if (user == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  root = json_node_new (JSON_NODE_OBJECT);
  envelope = json_object_new ();
  json_object_set_int_member (envelope, "code", 200);
  json_object_set_string_member (envelope, "message", ac_emu_message (AC_EMU_MSG_LOGIN_OK, req->lang));
  json_object_set_string_member (envelope, "recoveryCode", new_recovery_code);
  json_object_set_object_member (envelope, "data", user);
  json_node_take_object (root, envelope);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, root);
}

void
_ac_emu_sec_finish_sign_in (AcEmuRequest *req,
                            const char   *user_id,
                            gboolean      second_step)
{
  finish_sign_in (req, user_id, second_step, NULL);
}

gboolean
_ac_emu_sec_mfa_step (AcEmuRequest *req,
                      const char   *user_id)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;

  if (!ac_emu_store_get_totp (store, user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return TRUE;
    }
  if (!totp.enabled)
    return FALSE;
  if (!ac_emu_store_begin (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return TRUE;
    }
  reply_mfa_required (req, user_id);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Authenticators */

/* `authenticator_type` (JS SDK) or `authenticatorType` (iOS): "totp" when given */
static gboolean
check_authenticator_type (AcEmuRequest *req)
{
  static const char * const members[] = { "authenticator_type", "authenticatorType" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *type;

      if (!_ac_emu_body_string (req, members[i], FALSE, &type))
        return FALSE;
      if (type != NULL && g_strcmp0 (type, "totp") != 0)
        return _ac_emu_sec_reply_expected (req, members[i], AC_EMU_SEC_EXPECT_TOTP_TYPE);
    }
  return TRUE;
}

static void
handle_list (AcEmuRequest *req)
{
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  const char *type = _ac_emu_query_get (req, "type");
  JsonArray *list = json_array_new ();

  if (!ac_emu_store_get_totp (req->self->store, req->user_id, &totp, &error))
    {
      json_array_unref (list);
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (totp.enabled && (type == NULL || *type == '\0' || g_str_equal (type, "totp")))
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", totp.id);
      ac_emu_json_set_string_or_null (item, "createdAt", totp.created_at);
      ac_emu_json_set_string_or_null (item, "updatedAt", totp.updated_at);
      json_object_set_string_member (item, "userId", req->user_id);
      json_object_set_boolean_member (item, "enable", TRUE);
      json_object_set_string_member (item, "authenticatorType", "totp");
      json_array_add_object_element (list, item);
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

static void
handle_associate (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *recovery_hash = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *data_url = NULL;
  JsonObject *data;

  if (!check_authenticator_type (req))
    return;
  if (!ac_emu_store_get_totp (store, req->user_id, &totp, &error) ||
      !ac_emu_store_get_account (store, req->user_id, &account, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (totp.enabled)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_TOTP_ALREADY);
      return;
    }

  secret = ac_emu_totp_new_secret ();
  recovery = ac_emu_totp_new_recovery_code ();
  issuer = _ac_emu_get_meta (req, "pool_name");
  uri = ac_emu_totp_uri (issuer, account.username, secret);
  data_url = ac_emu_qrcode_data_url (uri);
  recovery_hash = ac_emu_password_hash (recovery, &error);
  if (recovery_hash == NULL || data_url == NULL ||
      !ac_emu_store_begin (store, &error) ||
      !ac_emu_store_set_totp_pending (store, req->user_id, secret, recovery_hash, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, AC_EMU_STORE_ERROR, 0, "the QR code could not be made");
      _ac_emu_reply_internal (req, error);
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "authenticator_type", "totp");
  json_object_set_string_member (data, "secret", secret);
  json_object_set_string_member (data, "qrcode_uri", uri);
  json_object_set_string_member (data, "qrcode_data_url", data_url);
  json_object_set_string_member (data, "recovery_code", recovery);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_confirm (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  const char *code;
  gint64 counter = 0;

  if (!check_authenticator_type (req) || !_ac_emu_sec_body_code (req, "totp", &code))
    return;
  if (!ac_emu_store_get_totp (store, req->user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (totp.pending_secret == NULL)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_NO_ENROLMENT);
      return;
    }
  if (code == NULL)
    {
      _ac_emu_sec_reply_error (req, 6003, AC_EMU_SEC_TOTP_MISSING);
      return;
    }
  if (!ac_emu_totp_check (totp.pending_secret, code, ac_emu_security_now (), &counter))
    {
      _ac_emu_sec_reply_error (req, 6001, AC_EMU_SEC_TOTP_WRONG);
      return;
    }
  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_confirm_totp (store, req->user_id, counter, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 200, _ac_emu_sec_message (req, AC_EMU_SEC_TOTP_ON), NULL);
}

static void
handle_delete (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;

  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_delete_totp (store, req->user_id, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 200, _ac_emu_sec_message (req, AC_EMU_SEC_TOTP_OFF), NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* The second step */

/* The mfaToken of the request and its user; answers 2020 and returns FALSE when it is not a
 * valid one. Opens the write transaction on success. */
static gboolean
begin_second_step (AcEmuRequest  *req,
                   char         **out_token,
                   char         **out_user_id)
{
  AcEmuStore *store = req->self->store;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  AcEmuMfaTokenState state = AC_EMU_MFA_TOKEN_INVALID;
  const char *token = NULL;

  *out_token = *out_user_id = NULL;
  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    {
      token = auth + 7;
      while (*token == ' ')
        token++;
    }
  if (token == NULL || *token == '\0' || strlen (token) > 512)
    {
      _ac_emu_sec_reply_error (req, 2020, AC_EMU_SEC_MFA_TOKEN_INVALID);
      return FALSE;
    }
  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_check_mfa_token (store, token, ac_emu_security_now (), MFA_MAX_FAILURES,
                                     &state, out_user_id, &error))
    {
      _ac_emu_reply_internal (req, error);
      return FALSE;
    }
  if (state != AC_EMU_MFA_TOKEN_VALID)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 2020, state == AC_EMU_MFA_TOKEN_LOCKED
                                            ? AC_EMU_SEC_MFA_LOCKED : AC_EMU_SEC_MFA_TOKEN_INVALID);
      return FALSE;
    }
  *out_token = g_strdup (token);
  return TRUE;
}

/* Counts a wrong code against the mfaToken (inside the transaction), commits, answers */
static void
second_step_failed (AcEmuRequest *req,
                    const char   *token,
                    int           code,
                    AcEmuSecMsg   message)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  guint failures = 0;

  if (!ac_emu_store_fail_mfa_token (store, token, &failures, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_sec_reply_error (req, code, message);
}

static void
handle_verify (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *user_id = NULL;
  const char *code;
  gint64 counter = 0;

  if (!_ac_emu_sec_body_code (req, "totp", &code) || !begin_second_step (req, &token, &user_id))
    return;
  if (!ac_emu_store_get_totp (store, user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (!totp.enabled)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 2020, AC_EMU_SEC_MFA_TOKEN_INVALID);
      return;
    }
  if (code == NULL)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 6003, AC_EMU_SEC_TOTP_MISSING);
      return;
    }
  /* Our rule: a code already accepted (or an older one) is refused for the rest of its window */
  if (!ac_emu_totp_check (totp.secret, code, ac_emu_security_now (), &counter) ||
      counter <= totp.last_counter)
    {
      _ac_emu_devices_login_failed (req, user_id, "mfa", 6001);    /* the history (§6) */
      second_step_failed (req, token, 6001, AC_EMU_SEC_TOTP_WRONG);
      return;
    }
  if (!ac_emu_store_set_totp_counter (store, user_id, counter, &error) ||
      !ac_emu_store_use_mfa_token (store, token, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  finish_sign_in (req, user_id, TRUE, NULL);
}

static void
handle_recovery (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuTotp) totp = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *new_hash = NULL;
  const char *code;

  if (!_ac_emu_sec_body_code (req, "recoveryCode", &code) || !begin_second_step (req, &token, &user_id))
    return;
  if (!ac_emu_store_get_totp (store, user_id, &totp, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (!totp.enabled)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 2020, AC_EMU_SEC_MFA_TOKEN_INVALID);
      return;
    }
  normalized = ac_emu_totp_normalize_recovery_code (code);
  if (normalized == NULL)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 6003, AC_EMU_SEC_RECOVERY_MISSING);
      return;
    }
  if (!ac_emu_password_verify (normalized, totp.recovery_hash))
    {
      _ac_emu_devices_login_failed (req, user_id, "mfa", 6002);    /* the history (§6) */
      second_step_failed (req, token, 6002, AC_EMU_SEC_RECOVERY_WRONG);
      return;
    }

  /* Each recovery code works once: the answer carries the next one */
  new_code = ac_emu_totp_new_recovery_code ();
  new_hash = ac_emu_password_hash (new_code, &error);
  if (new_hash == NULL ||
      !ac_emu_store_set_recovery_hash (store, user_id, new_hash, &error) ||
      !ac_emu_store_use_mfa_token (store, token, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  finish_sign_in (req, user_id, TRUE, new_code);
}

static const AcEmuRoute routes[] = {
  { "GET", "/api/v2/mfa/authenticator", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_list },
  { "POST", "/api/v2/mfa/totp/associate", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_associate },
  { "DELETE", "/api/v2/mfa/totp/associate", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_delete },
  { "POST", "/api/v2/mfa/totp/associate/confirm", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_confirm },
  /* The mfaToken is checked by the handlers: a sign-in token is no good here */
  { "POST", "/api/v2/mfa/totp/verify", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_verify },
  { "POST", "/api/v2/mfa/totp/recovery", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_recovery },
};

void
_ac_emu_routes_mfa_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
