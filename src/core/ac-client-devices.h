/* ac-client-devices.h: where the user is signed in (protocol-security.md §6, §7): devices and
 * their sessions, the sign-in history, the applications signed in to, linked accounts, groups
 *
 * Included by ac-client.h. The rules of ac-client.h hold: main thread, _async/_finish pairs,
 * errors in AC_ERROR. These operations use the v3 envelope, mapped like v2's:
 *
 * - a session that ended (a missing, expired or revoked token: statusCode 401, apiCode 2020)
 *   is AC_ERROR_NOT_LOGGED_IN and emits AcClient::session-expired, as on v2;
 * - a device or linked account that is not (or no longer) the user's (statusCode 404 with
 *   apiCode 2020) is AC_ERROR_NOT_FOUND, and the session goes on;
 * - unlinking the only way left to sign in is AC_ERROR_NO_OTHER_LOGIN_METHOD (1320010);
 * - a value the service refuses (a limit above 50, a name too long) is
 *   AC_ERROR_INVALID_PARAMETER with the service's message;
 * - any other apiCode is the GError code, with the service's message.
 *
 * This computer: ac_device_info_load_for_this_device() gives its stable id; put it in
 * AcClient:device-id before signing in, so that the sign-in is tied to this device
 * (`x-authing-device-id`), and register its name and system with
 * ac_client_register_device_async() once signed in.
 *
 * Revoking the session of this client's own device (AcClient:device-id) ends this session too:
 * the next request fails with AC_ERROR_NOT_LOGGED_IN and ::session-expired is emitted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-client.h"
#include "ac-device.h"
#include "ac-device-info.h"
#include "ac-group.h"
#include "ac-identity.h"
#include "ac-logged-in-app.h"
#include "ac-login-record.h"

G_BEGIN_DECLS

/* The largest page the service gives of devices and of sign-in history */
#define AC_CLIENT_DEVICES_MAX_LIMIT 50

/* Devices: (element-type AcDevice), newest sign-in first */
void          ac_client_list_devices_async          (AcClient             *self,
                                                     guint                 page,
                                                     guint                 limit,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray    *ac_client_list_devices_finish         (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Signs a device out: every session of it ends; the device stays listed, offline */
void          ac_client_revoke_device_async         (AcClient             *self,
                                                     const char           *device_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      ac_client_revoke_device_finish        (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Forgets a device: its sessions end and it leaves the list (until it signs in again) */
void          ac_client_unbind_device_async         (AcClient             *self,
                                                     const char           *device_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      ac_client_unbind_device_finish        (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Registers (or updates) this computer in the list: its id, name, system, maker and model */
void          ac_client_register_device_async       (AcClient             *self,
                                                     AcDeviceInfo         *device,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
AcDevice     *ac_client_register_device_finish      (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* One page of the sign-in history, newest first: (element-type AcLoginRecord). @start and
 * @end (inclusive) may be NULL; @total_count gets the number of entries of every page. */
void          ac_client_list_login_history_async    (AcClient             *self,
                                                     guint                 page,
                                                     guint                 limit,
                                                     AcLoginResultFilter   filter,
                                                     GDateTime            *start,
                                                     GDateTime            *end,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray    *ac_client_list_login_history_finish   (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     guint                *total_count,
                                                     GError              **error);

/* The applications the user holds a live session of: (element-type AcLoggedInApp) */
void          ac_client_list_logged_in_apps_async   (AcClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray    *ac_client_list_logged_in_apps_finish  (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Linked accounts: (element-type AcIdentity) */
void          ac_client_list_identities_async       (AcClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray    *ac_client_list_identities_finish      (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Unlinks the user's accounts of one identity provider (ac_identity_get_ext_idp_id()) */
void          ac_client_unlink_identity_async       (AcClient             *self,
                                                     const char           *ext_idp_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      ac_client_unlink_identity_finish      (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The user's groups: (element-type AcGroup) */
void          ac_client_list_groups_async           (AcClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray    *ac_client_list_groups_finish          (AcClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
