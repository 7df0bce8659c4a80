/* ac-client-security-private.h: what the security files of AcClient share
 * (ac-client-security.c, ac-client-binding.c, ac-client-mfa.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-client-private.h"

G_BEGIN_DECLS

/* Overwrites and frees a secret (nullable) */
void         _ac_client_sec_wipe              (char                 *text);
/* "member": value in the builder's open object, left out when value is NULL */
void         _ac_client_sec_add_string        (JsonBuilder          *builder,
                                               const char           *member,
                                               const char           *value);
/* A task of @self with @source_tag */
GTask       *_ac_client_sec_new_task          (AcClient             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data,
                                               gpointer              source_tag);
/* When @value is NULL or empty: fails @task (and releases it) with AC_ERROR_INVALID_INPUT and
 * @message, returns TRUE */
gboolean     _ac_client_sec_refuse_empty      (GTask                *task,
                                               const char           *value,
                                               const char           *message);
/* POSTs the builder's object; the answer goes to @callback with @task (taken) */
void         _ac_client_sec_post              (AcClient             *self,
                                               const char           *path,
                                               JsonBuilder          *builder,
                                               AcClientRequestFlags  flags,
                                               AcClientAnswerKind    kind,
                                               GAsyncReadyCallback   callback,
                                               GTask                *task);
/* Answer callbacks (user_data: the task, taken): the updated user (it becomes AcClient:user
 * when it is the signed-in one), TRUE, or a user with a token (the session starts) */
void         _ac_client_sec_user_answer_cb    (GObject              *object,
                                               GAsyncResult         *result,
                                               gpointer              user_data);
void         _ac_client_sec_boolean_answer_cb (GObject              *object,
                                               GAsyncResult         *result,
                                               gpointer              user_data);
void         _ac_client_sec_session_answer_cb (GObject              *object,
                                               GAsyncResult         *result,
                                               gpointer              user_data);

G_END_DECLS
