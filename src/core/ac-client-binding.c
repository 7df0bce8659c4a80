/* ac-client-binding.c: binding, changing and unbinding the phone and the e-mail address
 * (protocol-security.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-security-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Binding                                                                                    */

/* Sends a binding request whose answer is the user */
static void
send_binding (AcClient    *self,
              const char  *path,
              JsonBuilder *builder,
              GTask       *task)
{
  _ac_client_sec_post (self, path, builder, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_USER, _ac_client_sec_user_answer_cb, task);
}

void
ac_client_bind_phone_async (AcClient            *self,
                            const char          *phone,
                            const char          *country_code,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_bind_phone_async);
  if (_ac_client_sec_refuse_empty (task, phone, _("Enter a phone number")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "phone", phone);
  _ac_client_sec_add_string (builder, "phoneCode", code);
  _ac_client_sec_add_string (builder, "phoneCountryCode", country_code != NULL && *country_code != '\0' ? country_code : NULL);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/phone/bind", builder, task);
}

AcUserInfo *
ac_client_bind_phone_finish (AcClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_bind_phone_async, error);
}

void
ac_client_update_phone_async (AcClient            *self,
                              const char          *phone,
                              const char          *country_code,
                              const char          *code,
                              const char          *old_code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *old_phone = self->user != NULL ? ac_user_info_get_phone (self->user) : NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_update_phone_async);
  if (_ac_client_sec_refuse_empty (task, phone, _("Enter a phone number")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")) ||
      _ac_client_sec_refuse_empty (task, old_code, _("Enter the verification code sent to your current phone number")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "phone", phone);
  _ac_client_sec_add_string (builder, "phoneCode", code);
  _ac_client_sec_add_string (builder, "phoneCountryCode", country_code != NULL && *country_code != '\0' ? country_code : NULL);
  _ac_client_sec_add_string (builder, "oldPhone", old_phone != NULL && *old_phone != '\0' ? old_phone : NULL);
  _ac_client_sec_add_string (builder, "oldPhoneCode", old_code);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/phone/update", builder, task);
}

AcUserInfo *
ac_client_update_phone_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_update_phone_async, error);
}

void
ac_client_unbind_phone_async (AcClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_unbind_phone_async);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/phone/unbind", builder, task);
}

AcUserInfo *
ac_client_unbind_phone_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_unbind_phone_async, error);
}

void
ac_client_bind_email_async (AcClient            *self,
                            const char          *email,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_bind_email_async);
  if (_ac_client_sec_refuse_empty (task, email, _("Enter an e-mail address")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "email", email);
  _ac_client_sec_add_string (builder, "emailCode", code);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/email/bind", builder, task);
}

AcUserInfo *
ac_client_bind_email_finish (AcClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_bind_email_async, error);
}

void
ac_client_update_email_async (AcClient            *self,
                              const char          *email,
                              const char          *code,
                              const char          *old_code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *old_email = self->user != NULL ? ac_user_info_get_email (self->user) : NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_update_email_async);
  if (_ac_client_sec_refuse_empty (task, email, _("Enter an e-mail address")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")) ||
      _ac_client_sec_refuse_empty (task, old_code, _("Enter the verification code sent to your current e-mail address")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "email", email);
  _ac_client_sec_add_string (builder, "emailCode", code);
  _ac_client_sec_add_string (builder, "oldEmail", old_email != NULL && *old_email != '\0' ? old_email : NULL);
  _ac_client_sec_add_string (builder, "oldEmailCode", old_code);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/email/update", builder, task);
}

AcUserInfo *
ac_client_update_email_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_update_email_async, error);
}

void
ac_client_unbind_email_async (AcClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_unbind_email_async);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  send_binding (self, "/api/v2/users/email/unbind", builder, task);
}

AcUserInfo *
ac_client_unbind_email_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_unbind_email_async, error);
}
