/* ac-emu-routes-devices.c: where the user is signed in (authing-api-security.md §6, §7, v3):
 * devices and their sessions, sign-in history, applications signed in to, linked identities,
 * groups; and the hooks that sign-in paths call (ac-emu-devices.h)
 *
 * Rules (protocol-security.md §6, §7):
 * - every token belongs to the device it signed in from: x-authing-device-id, or a device made
 *   from the user agent ("ua-" + a hash; type Browser, Mobile or Desktop);
 * - a device is online while it holds an unexpired, unrevoked token; revoke-session revokes them
 *   all (their next request gets 2020), unbind also forgets the device;
 * - a deviceId (or extIdpId) that is not the caller's is statusCode 404 with apiCode 2020 and
 *   changes nothing; devices are per user;
 * - history is newest first, paged in SQL, limit at most 50;
 * - unlinking the only way left to sign in is refused with apiCode 1320010.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <string.h>

#include "ac-emu-devices.h"
#include "ac-emu-crypto.h"
#include "ac-emu-store-devices.h"
#include "ac-emu-util.h"
#include "ac-emu-v3.h"

typedef enum {
  MSG_NOT_YOUR_DEVICE,
  MSG_NOT_YOUR_IDENTITY,
  MSG_LAST_METHOD,
  MSG_LIMIT,
  MSG_PAGE,
  MSG_SUCCESS_PARAM,
  MSG_TIME_PARAM,
  MSG_DEVICE_TYPE,
  MSG_TOO_LONG,
} DevicesMsg;

static const struct { const char *zh; const char *en; } messages[] = {
  [MSG_NOT_YOUR_DEVICE] = { "设备不存在或不属于当前用户", "No such device among yours" },
  [MSG_NOT_YOUR_IDENTITY] = { "该身份源未与当前用户绑定", "No such linked account among yours" },
  [MSG_LAST_METHOD] = { "这是唯一的登录方式，无法解绑", "This is the only way left to sign in: it cannot be unlinked" },
  [MSG_LIMIT] = { "limit 应为 1 到 50 之间的整数", "limit: expected an integer from 1 to 50" },
  [MSG_PAGE] = { "page 应为正整数", "page: expected a positive integer" },
  [MSG_SUCCESS_PARAM] = { "success 应为 true 或 false", "success: expected true or false" },
  [MSG_TIME_PARAM] = { "应为毫秒时间戳", "expected milliseconds since the epoch" },
  [MSG_DEVICE_TYPE] = { "type 应为 Browser、Mobile 或 Desktop", "type: expected Browser, Mobile or Desktop" },
  [MSG_TOO_LONG] = { "过长（最多 256 个字符）", "too long (at most 256 characters)" },
};

static const char *
text (AcEmuRequest *req,
      DevicesMsg    id)
{
  return req->lang == AC_EMU_LANG_EN ? messages[id].en : messages[id].zh;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* A v3 business error (HTTP 200) */
static void
reply_v3_error (AcEmuRequest *req,
                int           status_code,
                int           api_code,
                DevicesMsg    id)
{
  _ac_emu_v3_reply (req, SOUP_STATUS_OK, status_code, api_code, text (req, id), NULL);
}

static void
reply_success (AcEmuRequest *req)
{
  JsonObject *data = json_object_new ();

  json_object_set_boolean_member (data, "success", TRUE);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
reply_invalid_text (AcEmuRequest *req,
                    DevicesMsg    id)
{
  _ac_emu_reply_invalid (req, g_strdup (text (req, id)));
}

/* ---------------------------------------------------------------------------------------- */
/* Parameters */

static gboolean
query_page_limit (AcEmuRequest *req,
                  gint64       *page,
                  gint64       *limit)
{
  const char *p = _ac_emu_query_get (req, "page");
  const char *l = _ac_emu_query_get (req, "limit");
  guint64 v;

  *page = 1;
  *limit = 10;
  if (p != NULL)
    {
      if (!g_ascii_string_to_unsigned (p, 10, 1, G_MAXINT32, &v, NULL))
        {
          reply_invalid_text (req, MSG_PAGE);
          return FALSE;
        }
      *page = (gint64) v;
    }
  if (l != NULL)
    {
      if (!g_ascii_string_to_unsigned (l, 10, 1, AC_EMU_DEVICES_PAGE_MAX, &v, NULL))
        {
          reply_invalid_text (req, MSG_LIMIT);
          return FALSE;
        }
      *limit = (gint64) v;
    }
  return TRUE;
}

/* start / end: milliseconds, -1 when absent */
static gboolean
query_time (AcEmuRequest *req,
            const char   *name,
            gint64       *out)
{
  const char *t = _ac_emu_query_get (req, name);
  guint64 v;

  *out = -1;
  if (t == NULL || *t == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (t, 10, 0, G_GINT64_CONSTANT (253402300799999), &v, NULL))
    {
      _ac_emu_reply_invalid (req, g_strdup_printf ("%s: %s", name, text (req, MSG_TIME_PARAM)));
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

/* An optional string of the body, at most AC_EMU_DEVICE_TEXT_MAX characters */
static gboolean
body_short_string (AcEmuRequest  *req,
                   const char    *member,
                   gboolean       required,
                   const char   **out)
{
  if (!_ac_emu_body_string (req, member, required, out))
    return FALSE;
  if (*out != NULL && g_utf8_strlen (*out, -1) > AC_EMU_DEVICE_TEXT_MAX)
    {
      _ac_emu_reply_invalid (req, g_strdup_printf ("%s: %s", member, text (req, MSG_TOO_LONG)));
      return FALSE;
    }
  if (*out != NULL && **out == '\0')
    {
      if (required)
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, member, AC_EMU_EXPECT_NON_EMPTY_STRING));
          return FALSE;
        }
      *out = NULL;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Hooks of the sign-in paths */

static char *
token_jti (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", 4);
  g_autofree guint8 *payload = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;

  if (g_strv_length (parts) != 3)
    return NULL;
  payload = ac_emu_base64url_decode (parts[1], &len);
  if (payload == NULL)
    return NULL;
  json = g_strndup ((const char *) payload, len);
  root = ac_emu_json_parse_text (json);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (ac_emu_json_get_string (json_node_get_object (root), "jti"));
}

static const char *
request_header (AcEmuRequest *req,
                const char   *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static const char *
request_user_agent (AcEmuRequest *req)
{
  const char *ua = request_header (req, "User-Agent");

  return ua != NULL && g_utf8_validate (ua, -1, NULL) ? ua : NULL;
}

/* x-authing-device-id when usable: 1 to 256 visible ASCII characters */
static const char *
request_device_id (AcEmuRequest *req)
{
  const char *id = request_header (req, "x-authing-device-id");
  gsize n;

  if (id == NULL)
    return NULL;
  n = strlen (id);
  if (n == 0 || n > AC_EMU_DEVICE_TEXT_MAX)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (id[i] <= ' ' || id[i] > '~')
      return NULL;
  return id;
}

void
_ac_emu_devices_login_failed (AcEmuRequest *req,
                              const char   *user_id,
                              const char   *method,
                              int           code)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = ac_emu_store_canonical_app_id (store, request_header (req, "x-authing-app-id"));
  gboolean own_transaction = sqlite3_get_autocommit (ac_emu_store_get_db (store)) != 0;
  AcEmuLoginRecord record = { 0, };

  record.user_id = user_id;
  record.login_at_ms = now_ms ();
  record.client_ip = soup_server_message_get_remote_host (req->msg);
  record.success = FALSE;
  record.error_code = code;
  record.user_agent = request_user_agent (req);
  record.app_id = app_id;
  record.login_method = method;
  record.device_id = request_device_id (req);

  if ((own_transaction && !ac_emu_store_begin (store, &error)) ||
      !ac_emu_store_add_login (store, NULL, &record, &error) ||
      (own_transaction && !ac_emu_store_commit (store, &error)))
    {
      g_warning ("Could not record a refused sign-in: %s", error->message);
      if (own_transaction)
        ac_emu_store_rollback (store);
    }
}

/* The device of the request: x-authing-device-id, else one made from the user agent. Creates it
 * for the user (or updates its last sign-in) when @now is not 0. */
static char *
request_device (AcEmuRequest  *req,
                const char    *user_id,
                gint64         now,
                GError       **error)
{
  const char *ua = request_user_agent (req);
  const char *header_id = request_device_id (req);
  g_autofree char *device_id = header_id != NULL ? g_strdup (header_id) : ac_emu_device_id_from_user_agent (ua);
  g_autofree char *name = ac_emu_device_name_from_user_agent (ua);
  AcEmuDevice device = { 0, };

  if (now == 0)
    return g_steal_pointer (&device_id);

  device.device_id = device_id;
  device.name = name;
  ac_emu_parse_user_agent (ua, &device.type, NULL, &device.os);
  if (!ac_emu_store_device_signed_in (req->self->store, user_id, &device, now,
                                      soup_server_message_get_remote_host (req->msg), error))
    return NULL;
  return g_steal_pointer (&device_id);
}

static gboolean
add_success (AcEmuRequest  *req,
             const char    *user_id,
             const char    *method,
             const char    *device_id,
             gint64         now,
             GError       **error)
{
  g_autofree char *app_id = ac_emu_store_canonical_app_id (req->self->store,
                                                           request_header (req, "x-authing-app-id"));
  AcEmuLoginRecord record = { 0, };

  record.user_id = user_id;
  record.login_at_ms = now;
  record.client_ip = soup_server_message_get_remote_host (req->msg);
  record.success = TRUE;
  record.user_agent = request_user_agent (req);
  record.app_id = app_id;
  record.login_method = method;
  record.device_id = device_id;
  return ac_emu_store_add_login (req->self->store, NULL, &record, error);
}

gboolean
_ac_emu_devices_login_succeeded (AcEmuRequest  *req,
                                 const char    *user_id,
                                 const char    *method,
                                 const char    *token,
                                 GError       **error)
{
  g_autofree char *jti = token_jti (token);
  g_autofree char *app_id = ac_emu_store_canonical_app_id (req->self->store,
                                                           request_header (req, "x-authing-app-id"));
  g_autofree char *device_id = NULL;
  gint64 now = now_ms ();

  if (jti == NULL)
    {
      g_set_error_literal (error, AC_EMU_STORE_ERROR, 0, "a token without jti");
      return FALSE;
    }
  device_id = request_device (req, user_id, now, error);
  return device_id != NULL &&
         ac_emu_store_bind_token (req->self->store, jti, user_id, device_id, app_id, error) &&
         add_success (req, user_id, method, device_id, now, error);
}

gboolean
_ac_emu_devices_login_recorded (AcEmuRequest  *req,
                                const char    *user_id,
                                const char    *method,
                                GError       **error)
{
  g_autofree char *device_id = request_device (req, user_id, 0, error);

  return add_success (req, user_id, method, device_id, now_ms (), error);
}

gboolean
_ac_emu_devices_session_issued (AcEmuRequest  *req,
                                const char    *user_id,
                                const char    *jti,
                                const char    *app_id,
                                GError       **error)
{
  g_autofree char *canonical = ac_emu_store_canonical_app_id (req->self->store, app_id);
  g_autofree char *device_id = request_device (req, user_id, now_ms (), error);

  return device_id != NULL &&
         ac_emu_store_bind_token (req->self->store, jti, user_id, device_id, canonical, error);
}

gboolean
_ac_emu_devices_token_refreshed (AcEmuRequest  *req,
                                 const char    *new_token,
                                 GError       **error)
{
  g_autofree char *device_id = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *jti = token_jti (new_token);

  if (req->jti == NULL || jti == NULL)
    return TRUE;
  if (!ac_emu_store_token_binding (req->self->store, req->jti, &device_id, &app_id, error))
    return FALSE;
  if (device_id == NULL)
    return TRUE;
  return ac_emu_store_bind_token (req->self->store, jti, req->user_id, device_id, app_id, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Devices */

static void
handle_list (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  gint64 page, limit;

  if (!query_page_limit (req, &page, &limit))
    return;
  list = ac_emu_store_devices_json (req->self->store, req->user_id, page, limit, &error);
  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

static void
sign_device_out (AcEmuRequest *req,
                 gboolean      forget)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  const char *device_id;
  gboolean exists = FALSE;

  if (!_ac_emu_body_string (req, "deviceId", TRUE, &device_id))
    return;
  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_device_exists (store, req->user_id, device_id, &exists, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (!exists)
    {
      ac_emu_store_rollback (store);
      reply_v3_error (req, 404, 2020, MSG_NOT_YOUR_DEVICE);
      return;
    }
  if (!ac_emu_store_device_sign_out (store, req->user_id, device_id, forget, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  reply_success (req);
}

static void
handle_revoke_session (AcEmuRequest *req)
{
  sign_device_out (req, FALSE);
}

static void
handle_unbind (AcEmuRequest *req)
{
  sign_device_out (req, TRUE);
}

static void
handle_create_device (AcEmuRequest *req)
{
  static const char * const types[] = { "Browser", "Mobile", "Desktop", NULL };
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  AcEmuDevice device = { 0, };
  JsonObject *data;

  if (!body_short_string (req, "deviceUniqueId", TRUE, &device.device_id) ||
      !body_short_string (req, "type", FALSE, &device.type) ||
      !body_short_string (req, "name", FALSE, &device.name) ||
      !body_short_string (req, "version", FALSE, &device.version) ||
      !body_short_string (req, "os", FALSE, &device.os) ||
      !body_short_string (req, "producer", FALSE, &device.producer) ||
      !body_short_string (req, "mod", FALSE, &device.mod))
    return;
  if (device.type != NULL && !g_strv_contains (types, device.type))
    {
      reply_invalid_text (req, MSG_DEVICE_TYPE);
      return;
    }

  if (!ac_emu_store_begin (store, &error) ||
      (data = ac_emu_store_device_register (store, req->user_id, &device, now_ms (), &error)) == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (!ac_emu_store_commit (store, &error))
    {
      json_object_unref (data);
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

/* ---------------------------------------------------------------------------------------- */
/* History and applications */

static void
handle_login_history (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *success_text = _ac_emu_query_get (req, "success");
  JsonObject *data;
  gint64 page, limit, start, end;
  int success = -1;

  if (!query_page_limit (req, &page, &limit))
    return;
  if (success_text != NULL && *success_text != '\0')
    {
      if (g_str_equal (success_text, "true"))
        success = 1;
      else if (g_str_equal (success_text, "false"))
        success = 0;
      else
        {
          reply_invalid_text (req, MSG_SUCCESS_PARAM);
          return;
        }
    }
  if (!query_time (req, "start", &start) || !query_time (req, "end", &end))
    return;

  data = ac_emu_store_login_history_json (req->self->store, req->user_id, page, limit, success,
                                          start, end, req->lang, &error);
  if (data == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_logged_in_apps (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list = ac_emu_store_logged_in_apps_json (req->self->store, req->user_id, &error);

  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

/* ---------------------------------------------------------------------------------------- */
/* Identities and groups */

static void
handle_identities (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list = ac_emu_store_identities_json (req->self->store, req->user_id, &error);

  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

static void
handle_unlink (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  AcEmuUnlinkResult result;
  const char *ext_idp_id;

  if (!_ac_emu_body_string (req, "extIdpId", TRUE, &ext_idp_id))
    return;
  if (!ac_emu_store_begin (store, &error) ||
      !ac_emu_store_unlink_identity (store, req->user_id, ext_idp_id, &result, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  switch (result)
    {
    case AC_EMU_UNLINK_NOT_FOUND:
      ac_emu_store_rollback (store);
      reply_v3_error (req, 404, 2020, MSG_NOT_YOUR_IDENTITY);
      return;
    case AC_EMU_UNLINK_LAST_METHOD:
      ac_emu_store_rollback (store);
      reply_v3_error (req, 400, 1320010, MSG_LAST_METHOD);
      return;
    case AC_EMU_UNLINK_DONE:
    default:
      break;
    }
  if (!ac_emu_store_commit (store, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  reply_success (req);
}

static void
handle_groups (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list = ac_emu_store_groups_json (req->self->store, req->user_id, &error);

  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

static const AcEmuRoute routes[] = {
  { "GET", "/api/v3/mydevices/list", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_list },
  { "POST", "/api/v3/mydevices/revoke-session", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_revoke_session },
  { "POST", "/api/v3/mydevices/unbind", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_unbind },
  { "POST", "/api/v3/create-device", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_create_device },
  { "GET", "/api/v3/get-my-login-history", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_login_history },
  { "GET", "/api/v3/get-my-logged-in-apps", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_logged_in_apps },
  { "GET", "/api/v3/get-identities", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_identities },
  { "POST", "/api/v3/unlink-extidp", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_unlink },
  { "GET", "/api/v3/get-my-group-list", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_groups },
};

void
_ac_emu_routes_devices_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
