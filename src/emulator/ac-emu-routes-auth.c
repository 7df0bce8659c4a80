/* ac-emu-routes-auth.c: signing in and out, the public key, the application's public config,
 * token refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include "ac-emu-devices.h"
#include "ac-emu-security-private.h"
#include "ac-emu-server-private.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

static void
handle_well_known (AcEmuRequest *req)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "publicKey", ac_emu_keys_get_public_pem (req->self->keys));
  json_object_set_string_member (data, "keyType", "RSA");
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static JsonArray *
string_array (const char *first,
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
handle_public_config (AcEmuRequest *req)
{
  const char *app = req->segments[4];
  g_autofree char *app_id = _ac_emu_get_meta (req, "app_id");
  g_autofree char *identifier = _ac_emu_get_meta (req, "app_identifier");
  g_autofree char *app_name = _ac_emu_get_meta (req, "app_name");
  g_autofree char *app_logo = _ac_emu_get_meta (req, "app_logo");
  g_autofree char *pool_id = _ac_emu_get_meta (req, "pool_id");
  g_autofree char *pool_name = _ac_emu_get_meta (req, "pool_name");
  g_autofree char *pool_logo = _ac_emu_get_meta (req, "pool_logo");
  g_autofree char *host = _ac_emu_request_host_port (req);
  JsonObject *data, *tabs;

  if (g_strcmp0 (app, app_id) != 0 && g_strcmp0 (app, identifier) != 0)
    {
      _ac_emu_reply_http_error (req, SOUP_STATUS_NOT_FOUND, AC_EMU_MSG_APP_NOT_FOUND);
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "id", app_id);
  ac_emu_json_set_string_or_null (data, "userPoolId", pool_id);
  ac_emu_json_set_string_or_null (data, "identifier", identifier);
  json_object_set_string_member (data, "requestHostname", host);
  ac_emu_json_set_string_or_null (data, "name", app_name);
  ac_emu_json_set_string_or_null (data, "logo", app_logo);
  ac_emu_json_set_string_or_null (data, "userpoolName", pool_name);
  ac_emu_json_set_string_or_null (data, "userpoolLogo", pool_logo);
  json_object_set_int_member (data, "verifyCodeLength", 6);
  json_object_set_int_member (data, "passwordStrength", 0);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "list", string_array ("password", NULL));
  json_object_set_string_member (tabs, "default", "password");
  json_object_set_object_member (data, "loginTabs", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "list", json_array_new ());
  json_object_set_string_member (tabs, "default", "");
  json_object_set_object_member (data, "registerTabs", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "enabledLoginMethods",
                                string_array ("username-password", "email-password",
                                              "phone-password", NULL));
  json_object_set_object_member (data, "passwordTabConfig", tabs);
  tabs = json_object_new ();
  json_object_set_array_member (tabs, "enabledLoginMethods", json_array_new ());
  json_object_set_object_member (data, "verifyCodeTabConfig", tabs);
  json_object_set_array_member (data, "ecConnections", json_array_new ());
  json_object_set_array_member (data, "extendsFields", json_array_new ());
  json_object_set_array_member (data, "redirectUris", json_array_new ());
  json_object_set_boolean_member (data, "deviceFuncEnabled", FALSE);
  json_object_set_string_member (data, "appType", "INDIVIDUAL");
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

void
_ac_emu_handle_login (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *pool_id = NULL;
  g_autofree char *now = NULL;
  const char *account, *encrypted;
  gint64 exp = 0;

  if (!_ac_emu_body_string (req, "account", TRUE, &account) ||
      !_ac_emu_body_string (req, "password", TRUE, &encrypted) ||
      !_ac_emu_check_key (req, "account", account))
    return;

  if (!ac_emu_store_find_login (store, account, &user_id, &hash, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  /* Plain text is refused: only what decrypts with our key is a password. */
  password = ac_emu_keys_decrypt_password (req->self->keys, encrypted, NULL);
  if (user_id == NULL || hash == NULL || password == NULL ||
      !ac_emu_password_verify (password, hash))
    {
      if (user_id != NULL)
        _ac_emu_devices_login_failed (req, user_id, "password", 2333);
      _ac_emu_reply_error (req, 2333, AC_EMU_MSG_BAD_CREDENTIALS);
      return;
    }
  /* A user with TOTP on gets the two-step answer (1635) instead (ac-emu-routes-mfa.c) */
  if (_ac_emu_sec_mfa_step (req, user_id))
    return;

  pool_id = _ac_emu_get_meta (req, "pool_id");
  now = ac_emu_now_iso ();
  if (!ac_emu_store_begin (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  token = ac_emu_token_issue (store, user_id, pool_id, req->self->base_url,
                              req->self->options.token_ttl, NULL, &exp, &error);
  if (token == NULL ||
      !ac_emu_store_record_login (store, user_id, now,
                                  soup_server_message_get_remote_host (req->msg), &error) ||
      !_ac_emu_devices_login_succeeded (req, user_id, "password", token, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }

  req->user_id = g_steal_pointer (&user_id);
  _ac_emu_reply_user (req, AC_EMU_MSG_LOGIN_OK, token, exp);
}

static void
handle_logout (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;

  /* Logging out without a (valid) session succeeds too (authing-api.md §6.3). */
  if (_ac_emu_authenticate (req))
    {
      if (!ac_emu_store_begin (req->self->store, &error) ||
          !ac_emu_token_revoke (req->self->store, req->jti, &error) ||
          !ac_emu_store_commit (req->self->store, &error))
        {
          _ac_emu_reply_internal (req, error);
          return;
        }
    }
  _ac_emu_reply_ok (req, AC_EMU_MSG_LOGOUT_OK, NULL);
}

void
_ac_emu_handle_refresh_token (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_id = _ac_emu_get_meta (req, "pool_id");
  g_autofree char *token = NULL;
  JsonObject *u;
  gint64 iat = 0, exp = 0;

  if (!ac_emu_store_begin (req->self->store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  token = ac_emu_token_issue (req->self->store, req->user_id, pool_id, req->self->base_url,
                              req->self->options.token_ttl, &iat, &exp, &error);
  if (token == NULL || !_ac_emu_devices_token_refreshed (req, token, &error) ||
      !ac_emu_store_commit (req->self->store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  u = _ac_emu_user_json (req, token, exp, &error);
  if (u == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  json_object_set_int_member (u, "iat", iat);
  json_object_set_int_member (u, "exp", exp);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_REFRESH_OK, u);
}

static const AcEmuRoute routes[] = {
  { "GET", "/api/v2/.well-known", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_well_known },
  { "GET", "/api/v2/applications/*/public-config", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_public_config },
  { "POST", "/api/v2/login/account", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, _ac_emu_handle_login },
  { "GET", "/api/v2/logout", AC_EMU_BODY_NONE, AC_EMU_ROUTE_NO_HEAD, handle_logout },
  { "GET", "/logout", AC_EMU_BODY_NONE, AC_EMU_ROUTE_NO_HEAD, handle_logout },   /* JS SDK logoutCurrent() */
  { "POST", "/api/v2/users/refresh-token", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, _ac_emu_handle_refresh_token },
};

void
_ac_emu_routes_auth_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
