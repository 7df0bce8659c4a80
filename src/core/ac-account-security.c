/* ac-account-security.c: AcAccount's security writes: the password, codes, e-mail and phone,
 * two-step sign-in (protocol-security.md §2–§5)
 *
 * Each write goes to the client (whose answered user becomes AcAccount:user), then reloads the
 * security level so that the score and its checklist follow. Nothing here logs what it is
 * given: passwords, codes and the TOTP secret only travel to the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-account-private.h"

/* After a successful write: the security level again, then the task returns TRUE (or the
 * enrolment). A failed reload is the level's own state (part-changed), not the write's. */
static void
level_reloaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = g_object_get_data (G_OBJECT (task), "value");

  if (!ac_account_load_security_level_finish (AC_ACCOUNT (object), result, &error))
    g_debug ("security level not reloaded: %s", error->message);

  if (value != NULL)
    g_task_return_pointer (task, g_object_ref (value), g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

static void
written (GTask   *task,
         GObject *value)
{
  AcAccount *self = g_task_get_source_object (task);

  if (value != NULL)
    g_object_set_data_full (G_OBJECT (task), "value", g_object_ref (value), g_object_unref);
  /* Not cancellable: the write happened, the score must follow. */
  ac_account_load_security_level_async (self, NULL, level_reloaded_cb, task);
}

static GTask *
task_new (AcAccount           *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* Password */

static void
password_changed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_update_password_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  written (task, NULL);
}

/**
 * ac_account_change_password_async:
 * @self: a #AcAccount
 * @old_password: (nullable): the current password, NULL when the account has none
 * @new_password: the new password (checked against the policy first)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The service signs out every other session of the account; this one stays.
 */
void
ac_account_change_password_async (AcAccount           *self,
                                  const char          *old_password,
                                  const char          *new_password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (new_password != NULL);

  ac_client_update_password_async (self->client, old_password, new_password, cancellable,
                                   password_changed_cb,
                                   task_new (self, ac_account_change_password_async, cancellable,
                                             callback, user_data));
}

gboolean
ac_account_change_password_finish (AcAccount     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_change_password_async, error);
}

/* Codes */

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (GPOINTER_TO_INT (g_task_get_task_data (task)) == AC_CODE_CHANNEL_SMS)
    ok = ac_client_send_sms_code_finish (AC_CLIENT (object), result, &error);
  else
    ok = ac_client_send_email_code_finish (AC_CLIENT (object), result, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ac_account_send_code_async (AcAccount           *self,
                            AcCodeChannel        channel,
                            const char          *address,
                            const char          *country_code,
                            AcEmailScene         scene,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));

  task = task_new (self, ac_account_send_code_async, cancellable, callback, user_data);
  g_task_set_task_data (task, GINT_TO_POINTER (channel), NULL);

  if (address == NULL || *address == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s",
                               channel == AC_CODE_CHANNEL_SMS ? _("Enter a phone number")
                                                              : _("Enter an e-mail address"));
      g_object_unref (task);
      return;
    }

  if (channel == AC_CODE_CHANNEL_SMS)
    ac_client_send_sms_code_async (self->client, address, country_code, cancellable,
                                   code_sent_cb, task);
  else
    ac_client_send_email_code_async (self->client, address, scene, cancellable,
                                     code_sent_cb, task);
}

gboolean
ac_account_send_code_finish (AcAccount     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_send_code_async, error);
}

/* E-mail address and phone */

typedef AcUserInfo *(*UserFinish) (AcClient *, GAsyncResult *, GError **);

static void
address_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  UserFinish finish = g_task_get_task_data (task);
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  written (task, NULL);
}

static gboolean
has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

/**
 * ac_account_set_address_async:
 * @self: a #AcAccount
 * @channel: the phone (SMS) or the e-mail address
 * @address: the new value
 * @country_code: (nullable): for a phone, e.g. "+86"
 * @code: the code sent to @address
 * @old_code: (nullable): the code sent to the bound value; binds when NULL or empty
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
ac_account_set_address_async (AcAccount           *self,
                              AcCodeChannel        channel,
                              const char          *address,
                              const char          *country_code,
                              const char          *code,
                              const char          *old_code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  gboolean change = has_text (old_code);

  g_return_if_fail (AC_IS_ACCOUNT (self));

  task = task_new (self, ac_account_set_address_async, cancellable, callback, user_data);

  if (!has_text (address) || !has_text (code))
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s",
                               !has_text (address) ? _("Enter the new value")
                                                   : _("Enter the code"));
      g_object_unref (task);
      return;
    }

  if (channel == AC_CODE_CHANNEL_SMS)
    {
      if (change)
        {
          g_task_set_task_data (task, ac_client_update_phone_finish, NULL);
          ac_client_update_phone_async (self->client, address, country_code, code, old_code,
                                        cancellable, address_written_cb, task);
        }
      else
        {
          g_task_set_task_data (task, ac_client_bind_phone_finish, NULL);
          ac_client_bind_phone_async (self->client, address, country_code, code,
                                      cancellable, address_written_cb, task);
        }
    }
  else
    {
      if (change)
        {
          g_task_set_task_data (task, ac_client_update_email_finish, NULL);
          ac_client_update_email_async (self->client, address, code, old_code,
                                        cancellable, address_written_cb, task);
        }
      else
        {
          g_task_set_task_data (task, ac_client_bind_email_finish, NULL);
          ac_client_bind_email_async (self->client, address, code,
                                      cancellable, address_written_cb, task);
        }
    }
}

gboolean
ac_account_set_address_finish (AcAccount     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_set_address_async, error);
}

void
ac_account_unbind_address_async (AcAccount           *self,
                                 AcCodeChannel        channel,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));

  task = task_new (self, ac_account_unbind_address_async, cancellable, callback, user_data);
  if (channel == AC_CODE_CHANNEL_SMS)
    {
      g_task_set_task_data (task, ac_client_unbind_phone_finish, NULL);
      ac_client_unbind_phone_async (self->client, cancellable, address_written_cb, task);
    }
  else
    {
      g_task_set_task_data (task, ac_client_unbind_email_finish, NULL);
      ac_client_unbind_email_async (self->client, cancellable, address_written_cb, task);
    }
}

gboolean
ac_account_unbind_address_finish (AcAccount     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_unbind_address_async, error);
}

/* Two-step sign-in */

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  AcMfaEnrollment *enrollment;

  enrollment = ac_client_enroll_totp_finish (AC_CLIENT (object), result, &error);
  if (enrollment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, enrollment, g_object_unref);
}

void
ac_account_enroll_totp_async (AcAccount           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));

  ac_client_enroll_totp_async (self->client, cancellable, enrolled_cb,
                               task_new (self, ac_account_enroll_totp_async, cancellable,
                                         callback, user_data));
}

AcMfaEnrollment *
ac_account_enroll_totp_finish (AcAccount     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ac_account_enroll_totp_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
totp_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (task) == ac_account_confirm_totp_async)
    ok = ac_client_confirm_totp_finish (AC_CLIENT (object), result, &error);
  else
    ok = ac_client_disable_totp_finish (AC_CLIENT (object), result, &error);

  if (!ok)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  written (task, NULL);
}

void
ac_account_confirm_totp_async (AcAccount           *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));

  ac_client_confirm_totp_async (self->client, code != NULL ? code : "", cancellable,
                                totp_written_cb,
                                task_new (self, ac_account_confirm_totp_async, cancellable,
                                          callback, user_data));
}

gboolean
ac_account_confirm_totp_finish (AcAccount     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_confirm_totp_async, error);
}

void
ac_account_disable_totp_async (AcAccount           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));

  ac_client_disable_totp_async (self->client, cancellable, totp_written_cb,
                                task_new (self, ac_account_disable_totp_async, cancellable,
                                          callback, user_data));
}

gboolean
ac_account_disable_totp_finish (AcAccount     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_disable_totp_async, error);
}
