/* ac-account.h: the stores the pages bind to, filled through one AcClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ac-client.h"

G_BEGIN_DECLS

/* The page size of the applications store unless set otherwise. */
#define AC_ACCOUNT_DEFAULT_PAGE_SIZE 10

/* The namespace the roles and resources are first loaded for. */
#define AC_ACCOUNT_DEFAULT_NAMESPACE "default"

#define AC_TYPE_ACCOUNT (ac_account_get_type ())

G_DECLARE_FINAL_TYPE (AcAccount, ac_account, AC, ACCOUNT, GObject)

AcAccount       *ac_account_new                          (AcClient            *client);

AcClient        *ac_account_get_client                   (AcAccount           *self);
AcUserInfo      *ac_account_get_user                     (AcAccount           *self);
AcSecurityLevel *ac_account_get_security_level           (AcAccount           *self);

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
 * untouched on failure. Callbacks check for G_IO_ERROR_CANCELLED first. */
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

void             ac_account_save_custom_fields_async     (AcAccount           *self,
                                                          JsonObject          *values,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_save_custom_fields_finish    (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             ac_account_load_security_level_async    (AcAccount           *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         ac_account_load_security_level_finish   (AcAccount           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
