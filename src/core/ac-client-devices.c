/* ac-client-devices.c: where the user is signed in (protocol-security.md §6, §7): devices and
 * their sessions, the sign-in history, the applications signed in to, linked accounts, groups
 *
 * Every operation here is on /api/v3/, whose envelope the transport reads with
 * _ac_client_v3_error_code() (below): see ac-client-devices.h for the mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-client-private.h"

/* ------------------------------------------------------------------------------------------ */
/* The v3 envelope                                                                            */

/**
 * _ac_client_v3_error_code:
 * @envelope: a v3 answer `{statusCode, apiCode?, message, requestId, data}`
 * @status_code: its `statusCode`, not 200
 *
 * The AC_ERROR code of a refusal: `apiCode` names the exact error and is kept, like v2's
 * `code`. "Not signed in" (2020, 2206, 2207) ends the session only with statusCode 401: the
 * same apiCode with statusCode 404 says that a device or account is not the user's
 * (%AC_ERROR_NOT_FOUND). Without an apiCode, statusCode 401 is %AC_ERROR_NOT_LOGGED_IN and any
 * other statusCode is the code.
 */
gint64
_ac_client_v3_error_code (JsonObject *envelope,
                          gint64      status_code)
{
  gint64 api_code;

  if (!_ac_client_object_get_int (envelope, "apiCode", &api_code) || api_code <= 0)
    return status_code == 401 ? AC_ERROR_NOT_LOGGED_IN : status_code;

  if (api_code == AC_ERROR_NOT_LOGGED_IN || api_code == AC_ERROR_LOGIN_EXPIRED ||
      api_code == AC_ERROR_LOGIN_INVALID)
    {
      if (status_code == 401)
        return api_code;
      if (status_code == 404)
        return AC_ERROR_NOT_FOUND;
      return status_code > 0 ? status_code : AC_ERROR_FAILED;
    }

  return api_code;
}

/* ------------------------------------------------------------------------------------------ */
/* Lists                                                                                      */

typedef struct
{
  AcClientItemFromJson  item_from_json;
  guint                 total_count;
} ListState;

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = AC_CLIENT (object);
  ListState *state = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (self, result, task);
  GError *error = NULL;
  GPtrArray *items;

  if (data == NULL)
    return;

  items = _ac_client_items_from_data (self, data, state->item_from_json, &state->total_count, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/* Takes @path */
static void
start_list (AcClient             *self,
            char                 *path,
            AcClientItemFromJson  item_from_json,
            gpointer              source_tag,
            GCancellable         *cancellable,
            GAsyncReadyCallback   callback,
            gpointer              user_data)
{
  g_autofree char *owned_path = path;
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListState *state = g_new0 (ListState, 1);

  g_task_set_source_tag (task, source_tag);
  state->item_from_json = item_from_json;
  g_task_set_task_data (task, state, g_free);

  _ac_client_request_json (self, "GET", owned_path, NULL, AC_CLIENT_REQUEST_AUTH,
                           AC_CLIENT_ANSWER_SMALL, cancellable, list_cb, task);
}

static GPtrArray *
finish_list (AcClient      *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             guint         *total_count,
             GError       **error)
{
  GPtrArray *items = _ac_client_task_finish_pointer (self, result, source_tag, error);

  if (items != NULL && total_count != NULL)
    {
      ListState *state = g_task_get_task_data (G_TASK (result));

      *total_count = state->total_count;
    }
  return items;
}

/* ------------------------------------------------------------------------------------------ */
/* Confirmations: {"success": true}                                                           */

static void
confirmation_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = AC_CLIENT (object);
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (self, result, task);
  JsonNode *success;

  if (data == NULL)
    return;

  /* null data is a confirmation too; `success: false` is a refusal without a reason */
  if (JSON_NODE_HOLDS_NULL (data))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s sent an answer of an unexpected shape"), ac_client_get_host (self));
      return;
    }
  success = json_object_get_member (json_node_get_object (data), "success");
  if (success != NULL && JSON_NODE_HOLDS_VALUE (success) &&
      json_node_get_value_type (success) == G_TYPE_BOOLEAN && !json_node_get_boolean (success))
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_FAILED, "%s",
                               _("The service did not carry out the request."));
      return;
    }
  if (success != NULL && !JSON_NODE_HOLDS_NULL (success) &&
      (!JSON_NODE_HOLDS_VALUE (success) || json_node_get_value_type (success) != G_TYPE_BOOLEAN))
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s sent an answer of an unexpected shape"), ac_client_get_host (self));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_confirmation (AcClient            *self,
                    const char          *path,
                    const char          *member,
                    const char          *value,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  _ac_client_request_json (self, "POST", path, body, AC_CLIENT_REQUEST_AUTH,
                           AC_CLIENT_ANSWER_SMALL, cancellable, confirmation_cb, task);
}

/* ------------------------------------------------------------------------------------------ */
/* Devices                                                                                    */

/**
 * ac_client_list_devices_async:
 * @self: a signed-in client
 * @page: the page, from 1
 * @limit: devices per page, 1 to %AC_CLIENT_DEVICES_MAX_LIMIT (more is refused by the service
 *   with %AC_ERROR_INVALID_PARAMETER)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the devices the user signed in from (`GET /api/v3/mydevices/list`), the most recent
 * sign-in first. A page shorter than @limit is the last one.
 */
void
ac_client_list_devices_async (AcClient            *self,
                              guint                page,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (limit >= 1);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_list (self, g_strdup_printf ("/api/v3/mydevices/list?page=%u&limit=%u", page, limit),
              (AcClientItemFromJson) ac_device_new_from_json, ac_client_list_devices_async,
              cancellable, callback, user_data);
}

/**
 * ac_client_list_devices_finish:
 *
 * Returns: (transfer container) (element-type AcDevice): the devices of the page
 */
GPtrArray *
ac_client_list_devices_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_list (self, result, ac_client_list_devices_async, NULL, error);
}

/**
 * ac_client_revoke_device_async:
 * @self: a signed-in client
 * @device_id: ac_device_get_device_id() of one of the user's devices
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs the device out (`POST /api/v3/mydevices/revoke-session`): every session it holds ends
 * at once, and it shows offline. A device that is not the user's (any more) is
 * %AC_ERROR_NOT_FOUND.
 */
void
ac_client_revoke_device_async (AcClient            *self,
                               const char          *device_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (device_id != NULL && *device_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_confirmation (self, "/api/v3/mydevices/revoke-session", "deviceId", device_id,
                      ac_client_revoke_device_async, cancellable, callback, user_data);
}

gboolean
ac_client_revoke_device_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_revoke_device_async, error);
}

/**
 * ac_client_unbind_device_async:
 * @self: a signed-in client
 * @device_id: ac_device_get_device_id() of one of the user's devices
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets the device (`POST /api/v3/mydevices/unbind`): its sessions end and it leaves the
 * list until it signs in again. A device that is not the user's (any more) is
 * %AC_ERROR_NOT_FOUND.
 */
void
ac_client_unbind_device_async (AcClient            *self,
                               const char          *device_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (device_id != NULL && *device_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_confirmation (self, "/api/v3/mydevices/unbind", "deviceId", device_id,
                      ac_client_unbind_device_async, cancellable, callback, user_data);
}

gboolean
ac_client_unbind_device_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_unbind_device_async, error);
}

static void
register_device_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  _ac_client_return_model (AC_CLIENT (object), result, task, JSON_NODE_OBJECT,
                           (AcClientModelFromJson) ac_device_new_from_json,
                           _("The server sent a device that could not be read: %s"));
}

/**
 * ac_client_register_device_async:
 * @self: a signed-in client
 * @device: this computer (ac_device_info_load_for_this_device())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Registers this computer in the user's list (`POST /api/v3/create-device`) with its id,
 * name, system, maker and model, or updates them. A device registered but not signed in from
 * shows offline.
 */
void
ac_client_register_device_async (AcClient            *self,
                                 AcDeviceInfo        *device,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (AC_IS_DEVICE_INFO (device));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_register_device_async);
  body = ac_device_info_to_json (device);

  _ac_client_request_json (self, "POST", "/api/v3/create-device", body, AC_CLIENT_REQUEST_AUTH,
                           AC_CLIENT_ANSWER_SMALL, cancellable, register_device_cb, task);
}

/**
 * ac_client_register_device_finish:
 *
 * Returns: (transfer full): the device as the service keeps it
 */
AcDevice *
ac_client_register_device_finish (AcClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_register_device_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* History and applications                                                                   */

static gint64
unix_ms (GDateTime *datetime)
{
  return g_date_time_to_unix (datetime) * 1000 + g_date_time_get_microsecond (datetime) / 1000;
}

/**
 * ac_client_list_login_history_async:
 * @self: a signed-in client
 * @page: the page, from 1
 * @limit: entries per page, 1 to %AC_CLIENT_DEVICES_MAX_LIMIT (more is refused by the service
 *   with %AC_ERROR_INVALID_PARAMETER)
 * @filter: every attempt, or the successful or refused ones only
 * @start: (nullable): the earliest time shown (inclusive)
 * @end: (nullable): the latest time shown (inclusive)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * One page of the sign-in history (`GET /api/v3/get-my-login-history`), newest first. Each
 * attempt says when, from where (IP, browser and system), to which application, how, and for a
 * refused one why (ac_login_record_get_error_message(), in AcClient:lang).
 */
void
ac_client_list_login_history_async (AcClient            *self,
                                    guint                page,
                                    guint                limit,
                                    AcLoginResultFilter  filter,
                                    GDateTime           *start,
                                    GDateTime           *end,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GString *path;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (limit >= 1);
  g_return_if_fail (filter <= AC_LOGIN_RESULT_FAILED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  path = g_string_new (NULL);
  g_string_append_printf (path, "/api/v3/get-my-login-history?page=%u&limit=%u", page, limit);
  if (filter == AC_LOGIN_RESULT_SUCCEEDED)
    g_string_append (path, "&success=true");
  else if (filter == AC_LOGIN_RESULT_FAILED)
    g_string_append (path, "&success=false");
  if (start != NULL)
    g_string_append_printf (path, "&start=%" G_GINT64_FORMAT, unix_ms (start));
  if (end != NULL)
    g_string_append_printf (path, "&end=%" G_GINT64_FORMAT, unix_ms (end));

  start_list (self, g_string_free (path, FALSE),
              (AcClientItemFromJson) ac_login_record_new_from_json, ac_client_list_login_history_async,
              cancellable, callback, user_data);
}

/**
 * ac_client_list_login_history_finish:
 * @total_count: (out) (optional): the number of entries of all pages
 *
 * Returns: (transfer container) (element-type AcLoginRecord): the entries of the page
 */
GPtrArray *
ac_client_list_login_history_finish (AcClient      *self,
                                     GAsyncResult  *result,
                                     guint         *total_count,
                                     GError       **error)
{
  return finish_list (self, result, ac_client_list_login_history_async, total_count, error);
}

/**
 * ac_client_list_logged_in_apps_async:
 * @self: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The applications the user is signed in to (`GET /api/v3/get-my-logged-in-apps`): those of
 * which the user holds a session that has not ended.
 */
void
ac_client_list_logged_in_apps_async (AcClient            *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_list (self, g_strdup ("/api/v3/get-my-logged-in-apps"),
              (AcClientItemFromJson) ac_logged_in_app_new_from_json, ac_client_list_logged_in_apps_async,
              cancellable, callback, user_data);
}

/**
 * ac_client_list_logged_in_apps_finish:
 *
 * Returns: (transfer container) (element-type AcLoggedInApp): the applications
 */
GPtrArray *
ac_client_list_logged_in_apps_finish (AcClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_list (self, result, ac_client_list_logged_in_apps_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Identities and groups                                                                      */

/**
 * ac_client_list_identities_async:
 * @self: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The accounts of other identity providers (GitHub, WeChat, …) linked to the user
 * (`GET /api/v3/get-identities`). Linking a new one happens on the provider's web page.
 */
void
ac_client_list_identities_async (AcClient            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_list (self, g_strdup ("/api/v3/get-identities"),
              (AcClientItemFromJson) ac_identity_new_from_json, ac_client_list_identities_async,
              cancellable, callback, user_data);
}

/**
 * ac_client_list_identities_finish:
 *
 * Returns: (transfer container) (element-type AcIdentity): the linked accounts
 */
GPtrArray *
ac_client_list_identities_finish (AcClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_list (self, result, ac_client_list_identities_async, NULL, error);
}

/**
 * ac_client_unlink_identity_async:
 * @self: a signed-in client
 * @ext_idp_id: ac_identity_get_ext_idp_id() of a linked account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Unlinks the user's accounts of that identity provider (`POST /api/v3/unlink-extidp`).
 * Refused with %AC_ERROR_NO_OTHER_LOGIN_METHOD when it is the only way left to sign in (no
 * password, e-mail address, phone or other linked account); %AC_ERROR_NOT_FOUND when it is not
 * linked (any more).
 */
void
ac_client_unlink_identity_async (AcClient            *self,
                                 const char          *ext_idp_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (ext_idp_id != NULL && *ext_idp_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_confirmation (self, "/api/v3/unlink-extidp", "extIdpId", ext_idp_id,
                      ac_client_unlink_identity_async, cancellable, callback, user_data);
}

gboolean
ac_client_unlink_identity_finish (AcClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_unlink_identity_async, error);
}

/**
 * ac_client_list_groups_async:
 * @self: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The groups the user belongs to (`GET /api/v3/get-my-group-list`).
 */
void
ac_client_list_groups_async (AcClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_list (self, g_strdup ("/api/v3/get-my-group-list"),
              (AcClientItemFromJson) ac_group_new_from_json, ac_client_list_groups_async,
              cancellable, callback, user_data);
}

/**
 * ac_client_list_groups_finish:
 *
 * Returns: (transfer container) (element-type AcGroup): the groups
 */
GPtrArray *
ac_client_list_groups_finish (AcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_list (self, result, ac_client_list_groups_async, NULL, error);
}
