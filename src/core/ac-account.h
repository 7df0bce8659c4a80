/* ac-account.h: the person's data (user and stores) and every write to it, through one AcClient
 *
 * Reads flow server -> AcClient -> AcAccount stores -> pages (bindings, notify); writes flow
 * page (a typed draft) -> AcAccount -> AcClient -> server -> AcAccount updates its user or
 * stores -> every page that shows them. AcAccount:user is the one source of truth for the user.
 * Only src/core speaks JSON: pages hand over AcProfileChanges or AcCustomField values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-client.h"
#include "ac-profile-changes.h"

G_BEGIN_DECLS

/* The page size of the applications store unless set otherwise. */
#define AC_ACCOUNT_DEFAULT_PAGE_SIZE 10

/* The namespace the resources are first loaded for (roles: every namespace). */
#define AC_ACCOUNT_DEFAULT_NAMESPACE "default"

/**
 * AcAccountPart:
 *
 * What the account loads, one read each (authing-api.md): the user, the custom fields, the
 * security level and the four lists.
 */
typedef enum {
  AC_ACCOUNT_PART_USER,
  AC_ACCOUNT_PART_CUSTOM_FIELDS,
  AC_ACCOUNT_PART_SECURITY_LEVEL,
  AC_ACCOUNT_PART_APPLICATIONS,
  AC_ACCOUNT_PART_ORGANIZATIONS,
  AC_ACCOUNT_PART_ROLES,
  AC_ACCOUNT_PART_RESOURCES,
} AcAccountPart;

#define AC_ACCOUNT_N_PARTS 7
/* A set of parts for ac_account_load_async(): bit (1 << part). */
#define AC_ACCOUNT_PART_BIT(part) (1u << (part))
#define AC_ACCOUNT_ALL_PARTS ((1u << AC_ACCOUNT_N_PARTS) - 1)

/**
 * AcLoadState:
 * @AC_LOAD_STATE_NONE: never asked for (or cleared): nobody loads it
 * @AC_LOAD_STATE_LOADING: a load whose answer will be applied is on its way
 * @AC_LOAD_STATE_LOADED: the last load that ended succeeded
 * @AC_LOAD_STATE_FAILED: the last load that ended failed (ac_account_get_part_error())
 */
typedef enum {
  AC_LOAD_STATE_NONE,
  AC_LOAD_STATE_LOADING,
  AC_LOAD_STATE_LOADED,
  AC_LOAD_STATE_FAILED,
} AcLoadState;

#define AC_TYPE_ACCOUNT (ac_account_get_type ())

G_DECLARE_FINAL_TYPE (AcAccount, ac_account, AC, ACCOUNT, GObject)

AcAccount       *ac_account_new                          (AcClient            *client);

/* For the session that owns the account; pages never use the client. */
AcClient        *ac_account_get_client                   (AcAccount           *self);
AcUserInfo      *ac_account_get_user                     (AcAccount           *self);
/* Whether its client holds a token: an account made ahead for the next sign-in
 * (ac_session_get_next_account()) is not, and nothing may be loaded into it yet. */
gboolean         ac_account_get_signed_in                (AcAccount           *self);
AcSecurityLevel *ac_account_get_security_level           (AcAccount           *self);
/* When the session's token expires (NULL: unknown); notify::token-expires-at follows it. */
GDateTime       *ac_account_get_token_expires_at         (AcAccount           *self);

/* The state of each part; "part-changed" (AcAccountPart) is emitted when it changes. */
AcLoadState      ac_account_get_part_state               (AcAccount           *self,
                                                          AcAccountPart        part);
const GError    *ac_account_get_part_error               (AcAccount           *self,
                                                          AcAccountPart        part);

/* GListModel of AcApplication: one page of the allowed applications */
GListModel      *ac_account_get_applications             (AcAccount           *self);
guint            ac_account_get_applications_page        (AcAccount           *self);
guint            ac_account_get_applications_page_size   (AcAccount           *self);
void             ac_account_set_applications_page_size   (AcAccount           *self,
                                                          guint                page_size);
guint            ac_account_get_applications_total       (AcAccount           *self);
guint            ac_account_get_applications_n_pages     (AcAccount           *self);

/* The organization forest (a GListModel of the roots, see ac-org-forest.h) */
GListModel      *ac_account_get_organizations            (AcAccount           *self);

/* GListModel of AcRole, for ac_account_get_roles_namespace() (NULL: every namespace) */
GListModel      *ac_account_get_roles                    (AcAccount           *self);
const char      *ac_account_get_roles_namespace          (AcAccount           *self);

/* GListModel of AcResource, for a namespace and a type (NULL: every type) */
GListModel      *ac_account_get_resources                (AcAccount           *self);
const char      *ac_account_get_resources_namespace      (AcAccount           *self);
const char      *ac_account_get_resources_type           (AcAccount           *self);

/* GListModel of AcCustomField */
GListModel      *ac_account_get_custom_fields            (AcAccount           *self);

/* Empties every store (after signing out or deleting the account) */
void             ac_account_clear                        (AcAccount           *self);

/* Loading. Each replaces its store's content in one items-changed on success, and leaves it
 * untouched on failure. Callbacks check for G_IO_ERROR_CANCELLED first. A load of a filtered
 * or paged store remembers what it asked for: ac_account_load_async() asks for it again. */
void             ac_account_load_async                   (AcAccount           *self,
                                                          guint                parts,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_finish                  (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_all_async               (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_all_finish              (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_user_async              (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_user_finish             (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_applications_page_async (AcAccount           *self,
                                                          guint                page,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_applications_page_finish (AcAccount          *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_organizations_async     (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_organizations_finish    (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_roles_async             (AcAccount           *self,
                                                          const char          *namespace_,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_roles_finish            (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_resources_async         (AcAccount           *self,
                                                          const char          *namespace_,
                                                          const char          *resource_type,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_resources_finish        (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_custom_fields_async     (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_custom_fields_finish    (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_security_level_async    (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_security_level_finish   (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Writes. Each checks what it is given before sending (AC_ERROR_INVALID_INPUT naming the
 * field), sends only that, and applies the server's answer: the user (AcAccount:user, without
 * asking users/me again) or the store. Cancelling aborts the request. */
void             ac_account_update_profile_async         (AcAccount           *self,
                                                          AcProfileChanges    *changes,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_update_profile_finish        (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_change_avatar_async          (AcAccount           *self,
                                                          GFile               *image,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_change_avatar_finish         (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* changes: AcCustomField values (see ac_custom_field_new_changed()); an empty value clears
 * the field (a STRING field becomes ""). */
void             ac_account_save_custom_fields_async     (AcAccount           *self,
                                                          GPtrArray           *changes,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_save_custom_fields_finish    (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_refresh_token_async          (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_refresh_token_finish         (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Account security (ac-account-security.c). Each write goes to the client, whose answered user
 * becomes AcAccount:user, then reloads the security level (AcAccount:security-level), so the
 * score follows without a refresh; a failed reload does not fail the write. */

/* @old_password NULL when the account has none. Other sessions are signed out by the server. */
void             ac_account_change_password_async        (AcAccount           *self,
                                                          const char          *old_password,
                                                          const char          *new_password,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_change_password_finish       (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* A code to @address (a phone, with @country_code, nullable, for SMS; an e-mail address with
 * @scene). */
void             ac_account_send_code_async              (AcAccount           *self,
                                                          AcCodeChannel        channel,
                                                          const char          *address,
                                                          const char          *country_code,
                                                          AcEmailScene         scene,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_send_code_finish             (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Binds @address (none bound) or changes the bound one to it (@old_code: the code sent to the
 * bound value). */
void             ac_account_set_address_async            (AcAccount           *self,
                                                          AcCodeChannel        channel,
                                                          const char          *address,
                                                          const char          *country_code,
                                                          const char          *code,
                                                          const char          *old_code,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_set_address_finish           (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_unbind_address_async         (AcAccount           *self,
                                                          AcCodeChannel        channel,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_unbind_address_finish        (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Two-step sign-in: start (the enrolment holds the secret and the recovery code), confirm with
 * a code of the authenticator app, turn off. */
void             ac_account_enroll_totp_async            (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AcMfaEnrollment *ac_account_enroll_totp_finish           (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_confirm_totp_async           (AcAccount           *self,
                                                          const char          *code,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_confirm_totp_finish          (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_disable_totp_async           (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_disable_totp_finish          (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Where the person is signed in (ac-account-devices.c, issue 12). These stores are not parts:
 * nothing reads them at sign-in; the pages that show them load them when first shown. */
GListModel      *ac_account_get_devices                  (AcAccount           *self);
GListModel      *ac_account_get_logged_in_apps           (AcAccount           *self);
GListModel      *ac_account_get_identities               (AcAccount           *self);
GListModel      *ac_account_get_groups                   (AcAccount           *self);
/* This computer's id in ac_account_get_devices() (NULL: the sign-in named no device) */
const char      *ac_account_get_this_device_id           (AcAccount           *self);

void             ac_account_load_devices_async           (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_devices_finish          (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_load_logged_in_apps_async    (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_logged_in_apps_finish   (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_load_identities_async        (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_identities_finish       (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_load_groups_async            (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_groups_finish           (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* One page of the sign-in history (element-type AcLoginRecord), not kept in the account */
void             ac_account_load_login_history_async     (AcAccount           *self,
                                                          guint                page,
                                                          guint                limit,
                                                          AcLoginResultFilter  filter,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray       *ac_account_load_login_history_finish    (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          guint               *total_count,
                                                          GError             **error);
void             ac_account_sign_out_device_async        (AcAccount           *self,
                                                          const char          *device_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_sign_out_device_finish       (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_sign_out_other_devices_async (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_sign_out_other_devices_finish (AcAccount          *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_unlink_identity_async        (AcAccount           *self,
                                                          const char          *ext_idp_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_unlink_identity_finish       (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void             ac_account_register_device_async        (AcAccount           *self,
                                                          AcDeviceInfo        *device,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_register_device_finish       (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* ac-account-applications.c: a search of every page of the applications (the store keeps its page) */
void             ac_account_search_applications_async    (AcAccount           *self,
                                                          const char          *needle,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GListModel      *ac_account_search_applications_finish   (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
