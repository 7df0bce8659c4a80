/* ac-client.h: the service object, one SoupSession talking to an Authing user pool
 *
 * Main thread only. Every operation is an _async/_finish pair taking a GCancellable.
 *
 * Errors are in AC_ERROR (HACKING.md): the service's own code with its (localised, see
 * AcClient:lang) message when it answered with an envelope (400 with the field's name, 2333,
 * ...); AC_ERROR_NOT_LOGGED_IN when not signed in or when the session expired (2020, 2206, 2207
 * on a request made with the current token: the token is forgotten and ::session-expired is
 * emitted, the user is kept); AC_ERROR_SERVER for HTTP 5xx, AC_ERROR_HTTP for other statuses,
 * AC_ERROR_NETWORK, AC_ERROR_TLS, AC_ERROR_TIMEOUT (AcClient:timeout), AC_ERROR_INVALID_RESPONSE
 * for unreadable, truncated or wrongly shaped answers, AC_ERROR_TOO_LARGE for an answer over
 * the cap of its kind (1 MiB for small answers, 4 MiB for the user, 16 MiB for custom fields and
 * a page of applications, 64 MiB for roles, 256 MiB for organizations and resources; the message
 * says what there was too much of), AC_ERROR_CONFIG for a missing or malformed host or app id,
 * AC_ERROR_UPLOAD_FAILED when a picture is refused, AC_ERROR_INVALID_INPUT for what is refused
 * before sending (not an image, empty fields).
 *
 * Cancelling gives G_IO_ERROR_CANCELLED. The callback still runs (the operation holds a
 * reference to the client): a caller whose object may be disposed by then cancels in dispose
 * and checks for G_IO_ERROR_CANCELLED before touching anything.
 *
 * Session: the token, its expiry and the user are held in memory only. While
 * AcClient:auto-refresh is set the token is refreshed ahead of expiry (when a tenth of its
 * lifetime or five minutes remain, at the latest half way), and before a request if the timer
 * could not run (e.g. after a suspend). ac_client_set_session() restores a kept token; follow it
 * with ac_client_get_current_user_async() to validate it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ac-error.h"
#include "ac-user-info.h"
#include "ac-application.h"
#include "ac-custom-field.h"
#include "ac-org-forest.h"
#include "ac-role.h"
#include "ac-resource.h"
#include "ac-security-level.h"

G_BEGIN_DECLS

/* The default timeout of a request, in seconds. */
#define AC_CLIENT_DEFAULT_TIMEOUT 30

#define AC_TYPE_CLIENT (ac_client_get_type ())

G_DECLARE_FINAL_TYPE (AcClient, ac_client, AC, CLIENT, GObject)

AcClient     *ac_client_new                        (const char           *host,
                                                    const char           *app_id);

const char   *ac_client_get_host                   (AcClient             *self);
const char   *ac_client_get_app_id                 (AcClient             *self);
const char   *ac_client_get_user_pool_id           (AcClient             *self);
void          ac_client_set_user_pool_id           (AcClient             *self,
                                                    const char           *user_pool_id);
const char   *ac_client_get_device_id              (AcClient             *self);
void          ac_client_set_device_id              (AcClient             *self,
                                                    const char           *device_id);
const char   *ac_client_get_lang                   (AcClient             *self);
void          ac_client_preconnect                 (AcClient             *self);
void          ac_client_set_lang                   (AcClient             *self,
                                                    const char           *lang);
guint         ac_client_get_timeout                (AcClient             *self);
void          ac_client_set_timeout                (AcClient             *self,
                                                    guint                 seconds);
GTlsDatabase *ac_client_get_tls_database           (AcClient             *self);
void          ac_client_set_tls_database           (AcClient             *self,
                                                    GTlsDatabase         *database);

/* The session */
const char   *ac_client_get_token                  (AcClient             *self);
GDateTime    *ac_client_get_token_expires_at       (AcClient             *self);
AcUserInfo   *ac_client_get_user                   (AcClient             *self);
gboolean      ac_client_get_signed_in              (AcClient             *self);
void          ac_client_set_session                (AcClient             *self,
                                                    const char           *token,
                                                    GDateTime            *expires_at);
void          ac_client_forget_session             (AcClient             *self);

/* Operations. Every callback must check for G_IO_ERROR_CANCELLED first and touch nothing
 * else in that case: a cancelled operation may complete after its caller was disposed. */
void          ac_client_fetch_public_config_async  (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonObject   *ac_client_fetch_public_config_finish (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_sign_in_async              (AcClient             *self,
                                                    const char           *account,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_sign_in_finish             (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_get_current_user_async     (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_get_current_user_finish    (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_get_custom_fields_async    (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *ac_client_get_custom_fields_finish   (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_set_custom_fields_async    (AcClient             *self,
                                                    JsonObject           *values,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *ac_client_set_custom_fields_finish   (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_update_profile_async       (AcClient             *self,
                                                    JsonObject           *changes,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_update_profile_finish      (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_upload_image_async         (AcClient             *self,
                                                    GBytes               *image,
                                                    const char           *content_type,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char         *ac_client_upload_image_finish        (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_change_avatar_async        (AcClient             *self,
                                                    GFile                *image,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcUserInfo   *ac_client_change_avatar_finish       (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_get_security_level_async   (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcSecurityLevel *ac_client_get_security_level_finish (AcClient           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_refresh_token_async        (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_refresh_token_finish       (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_list_applications_async    (AcClient             *self,
                                                    guint                 page,
                                                    guint                 limit,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *ac_client_list_applications_finish   (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    guint                *total_count,
                                                    GError              **error);

void          ac_client_list_organizations_async   (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AcOrgForest  *ac_client_list_organizations_finish  (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_list_roles_async           (AcClient             *self,
                                                    const char           *namespace_,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *ac_client_list_roles_finish          (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_list_resources_async       (AcClient             *self,
                                                    const char           *namespace_,
                                                    const char           *resource_type,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *ac_client_list_resources_finish      (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    guint                *total_count,
                                                    GError              **error);

void          ac_client_sign_out_async             (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_sign_out_finish            (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void          ac_client_delete_account_async       (AcClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      ac_client_delete_account_finish      (AcClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS

/* Password, codes, binding, TOTP and the two-step sign-in */
#include "ac-client-security.h"
/* Devices, sign-in history, linked accounts, groups */
#include "ac-client-devices.h"
