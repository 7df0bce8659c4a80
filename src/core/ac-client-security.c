/* ac-client-security.c: the password, verification codes, signing in with a code, deleting the
 * account with a code (protocol-security.md §2, §3, §8), and the helpers of the security files
 *
 * See ac-client-security.h for the contract; binding is in ac-client-binding.c, TOTP and the
 * two-step sign-in in ac-client-mfa.c. Nothing here logs a password, a code or a token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-security-private.h"
#include "ac-crypto.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers shared by ac-client-security.c, ac-client-binding.c and ac-client-mfa.c            */

void
_ac_client_sec_wipe (char *text)
{
  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

void
_ac_client_sec_add_string (JsonBuilder *builder,
                           const char  *member,
                           const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

void
_ac_client_sec_user_answer_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  user = _ac_client_model_from_data (self, data, JSON_NODE_OBJECT,
                                     (AcClientModelFromJson) ac_user_info_new_from_json,
                                     _("The server sent an account that could not be read: %s"), &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The change is made: the client's user follows even if the caller went away. */
  if (self->user != NULL && g_strcmp0 (ac_user_info_get_id (self->user), ac_user_info_get_id (user)) == 0)
    _ac_client_set_user (self, user);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

void
_ac_client_sec_boolean_answer_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (AC_CLIENT (object), result, task);

  if (data != NULL)
    g_task_return_boolean (task, TRUE);
}

void
_ac_client_sec_session_answer_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  user = _ac_client_accept_session_user (self, data, &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

GTask *
_ac_client_sec_new_task (AcClient            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data,
                         gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

gboolean
_ac_client_sec_refuse_empty (GTask      *task,
                             const char *value,
                             const char *message)
{
  if (value != NULL && *value != '\0')
    return FALSE;
  g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s", message);
  g_object_unref (task);
  return TRUE;
}

void
_ac_client_sec_post (AcClient             *self,
                     const char           *path,
                     JsonBuilder          *builder,
                     AcClientRequestFlags  flags,
                     AcClientAnswerKind    kind,
                     GAsyncReadyCallback   callback,
                     GTask                *task)
{
  g_autoptr(JsonNode) body = json_builder_get_root (builder);

  _ac_client_request_json (self, "POST", path, body, flags, kind, g_task_get_cancellable (task),
                           callback, task);
}

/* ------------------------------------------------------------------------------------------ */
/* The password                                                                               */

typedef enum
{
  PASSWORD_UPDATE,
  PASSWORD_CHECK,
} PasswordKind;

typedef struct
{
  PasswordKind  kind;
  char         *old_password;
  char         *new_password;   /* the one to check, for PASSWORD_CHECK */
  char         *key;
  gboolean      key_was_kept;
  GError       *refused;        /* the refusal with a kept key, while the key is fetched again */
} PasswordOp;

static void
password_op_free (PasswordOp *op)
{
  _ac_client_sec_wipe (op->old_password);
  _ac_client_sec_wipe (op->new_password);
  g_free (op->key);
  g_clear_error (&op->refused);
  g_free (op);
}

static void password_fetch_key (GTask *task);

/* Whether @error is what a password encrypted with a key the server no longer has gets */
static gboolean
refused_for_key (PasswordOp   *op,
                 const GError *error)
{
  if (error->domain != AC_ERROR)
    return FALSE;
  if (op->kind == PASSWORD_CHECK)
    return error->code == AC_ERROR_WRONG_PASSWORD;
  return error->code == AC_ERROR_OLD_PASSWORD_WRONG || error->code == AC_ERROR_INVALID_PARAMETER;
}

static void
password_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  PasswordOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish (self, result, &error);
  if (data == NULL)
    {
      /* As at sign-in: a kept key may be stale. Fetch it again; the request is repeated only
       * when the key did change. */
      if (op->key_was_kept && refused_for_key (op, error) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          _ac_client_public_key_forget (self, op->key);
          op->refused = error;
          password_fetch_key (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  _ac_client_public_key_keep (self, op->key);
  if (op->kind == PASSWORD_CHECK)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  user = _ac_client_model_from_data (self, data, JSON_NODE_OBJECT,
                                     (AcClientModelFromJson) ac_user_info_new_from_json,
                                     _("The server sent an account that could not be read: %s"), &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->user != NULL && g_strcmp0 (ac_user_info_get_id (self->user), ac_user_info_get_id (user)) == 0)
    _ac_client_set_user (self, user);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

/* Takes over @task */
static void
password_send (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  PasswordOp *op = g_task_get_task_data (task);
  g_autofree char *new_encrypted = NULL;
  g_autofree char *old_encrypted = NULL;
  GError *error = NULL;

  new_encrypted = ac_crypto_encrypt_password (op->key, op->new_password, &error);
  if (new_encrypted != NULL && op->old_password != NULL)
    old_encrypted = ac_crypto_encrypt_password (op->key, op->old_password, &error);
  if (error != NULL)
    {
      _ac_client_public_key_forget (self, op->key);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (op->kind == PASSWORD_CHECK)
    {
      g_autofree char *escaped = g_uri_escape_string (new_encrypted, NULL, FALSE);
      g_autofree char *path = g_strconcat ("/api/v2/users/password/check?password=", escaped, NULL);

      _ac_client_request_json (self, "GET", path, NULL, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
                               g_task_get_cancellable (task), password_done_cb, task);
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (builder);
      _ac_client_sec_add_string (builder, "newPassword", new_encrypted);
      _ac_client_sec_add_string (builder, "oldPassword", old_encrypted);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      _ac_client_request_json (self, "POST", "/api/v2/password/update", body, AC_CLIENT_REQUEST_AUTH,
                               AC_CLIENT_ANSWER_USER, g_task_get_cancellable (task), password_done_cb, task);
    }
}

static void
password_key_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  PasswordOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  const char *key = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (data))
    key = _ac_client_object_get_string (json_node_get_object (data), "publicKey");
  if (key == NULL || *key == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s did not publish the key to encrypt passwords with"), self->host);
      return;
    }

  if (op->refused != NULL)
    {
      /* The same key: the refusal stands */
      if (g_strcmp0 (key, op->key) == 0)
        {
          _ac_client_public_key_keep (self, key);
          g_task_return_error (task, g_steal_pointer (&op->refused));
          return;
        }
      g_clear_error (&op->refused);
    }

  g_free (op->key);
  op->key = g_strdup (key);
  op->key_was_kept = FALSE;
  password_send (g_steal_pointer (&task));
}

/* Takes over @task */
static void
password_fetch_key (GTask *task)
{
  _ac_client_request_json (g_task_get_source_object (task), "GET", "/api/v2/.well-known", NULL, 0,
                           AC_CLIENT_ANSWER_SMALL, g_task_get_cancellable (task), password_key_cb, task);
}

/* Takes over @task */
static void
password_start (GTask *task)
{
  AcClient *self = g_task_get_source_object (task);
  PasswordOp *op = g_task_get_task_data (task);

  op->key = _ac_client_public_key_lookup (self);
  op->key_was_kept = op->key != NULL;
  if (op->key != NULL)
    password_send (task);
  else
    password_fetch_key (task);
}

/**
 * ac_client_update_password_async:
 * @self: a #AcClient
 * @old_password: (nullable): the current password, %NULL when the account has none
 * @new_password: the new password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Changes the password (see ac-client-security.h).
 */
void
ac_client_update_password_async (AcClient            *self,
                                 const char          *old_password,
                                 const char          *new_password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  PasswordOp *op;
  GError *error = NULL;
  const char *username;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (new_password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_update_password_async);
  op = g_new0 (PasswordOp, 1);
  op->kind = PASSWORD_UPDATE;
  op->old_password = old_password != NULL && *old_password != '\0' ? g_strdup (old_password) : NULL;
  op->new_password = g_strdup (new_password);
  g_task_set_task_data (task, op, (GDestroyNotify) password_op_free);

  username = self->user != NULL ? ac_user_info_get_username (self->user) : NULL;
  if (!ac_password_strength_check_policy (new_password, username, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  password_start (task);
}

AcUserInfo *
ac_client_update_password_finish (AcClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_update_password_async, error);
}

/**
 * ac_client_check_password_async:
 * @self: a #AcClient
 * @password: the password to check
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks the signed-in account's password (see ac-client-security.h).
 */
void
ac_client_check_password_async (AcClient            *self,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  PasswordOp *op;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_check_password_async);
  op = g_new0 (PasswordOp, 1);
  op->kind = PASSWORD_CHECK;
  op->new_password = g_strdup (password);
  g_task_set_task_data (task, op, (GDestroyNotify) password_op_free);

  if (_ac_client_sec_refuse_empty (task, password, _("Enter your password")))
    return;
  password_start (task);
}

gboolean
ac_client_check_password_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_check_password_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Verification codes                                                                         */

static const char *
scene_name (AcEmailScene scene)
{
  switch (scene)
    {
    case AC_EMAIL_SCENE_CHANGE_EMAIL:
      return "CHANGE_EMAIL";
    case AC_EMAIL_SCENE_MFA_VERIFY:
      return "MFA_VERIFY";
    case AC_EMAIL_SCENE_RESET_PASSWORD:
      return "RESET_PASSWORD";
    case AC_EMAIL_SCENE_VERIFY_EMAIL:
      return "VERIFY_EMAIL";
    case AC_EMAIL_SCENE_VERIFY_CODE:
    default:
      return "VERIFY_CODE";
    }
}

void
ac_client_send_sms_code_async (AcClient            *self,
                               const char          *phone,
                               const char          *country_code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_send_sms_code_async);
  if (_ac_client_sec_refuse_empty (task, phone, _("Enter a phone number")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "phone", phone);
  _ac_client_sec_add_string (builder, "phoneCountryCode", country_code != NULL && *country_code != '\0' ? country_code : NULL);
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/sms/send", builder, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
        _ac_client_sec_boolean_answer_cb, task);
}

gboolean
ac_client_send_sms_code_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_send_sms_code_async, error);
}

void
ac_client_send_email_code_async (AcClient            *self,
                                 const char          *email,
                                 AcEmailScene         scene,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_send_email_code_async);
  if (_ac_client_sec_refuse_empty (task, email, _("Enter an e-mail address")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "email", email);
  _ac_client_sec_add_string (builder, "scene", scene_name (scene));
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/email/send", builder, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
        _ac_client_sec_boolean_answer_cb, task);
}

gboolean
ac_client_send_email_code_finish (AcClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_send_email_code_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Signing in with a code                                                                     */

void
ac_client_sign_in_with_phone_code_async (AcClient            *self,
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

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_sign_in_with_phone_code_async);
  if (_ac_client_sec_refuse_empty (task, phone, _("Enter a phone number")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "phone", phone);
  _ac_client_sec_add_string (builder, "code", code);
  _ac_client_sec_add_string (builder, "phoneCountryCode", country_code != NULL && *country_code != '\0' ? country_code : NULL);
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/login/phone-code", builder, AC_CLIENT_REQUEST_DEVICE_ID, AC_CLIENT_ANSWER_USER, _ac_client_sec_session_answer_cb, task);
}

AcUserInfo *
ac_client_sign_in_with_phone_code_finish (AcClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_sign_in_with_phone_code_async, error);
}

void
ac_client_sign_in_with_email_code_async (AcClient            *self,
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

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_sign_in_with_email_code_async);
  if (_ac_client_sec_refuse_empty (task, email, _("Enter an e-mail address")) ||
      _ac_client_sec_refuse_empty (task, code, _("Enter the verification code")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "email", email);
  _ac_client_sec_add_string (builder, "code", code);
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/login/email-code", builder, AC_CLIENT_REQUEST_DEVICE_ID, AC_CLIENT_ANSWER_USER, _ac_client_sec_session_answer_cb, task);
}

AcUserInfo *
ac_client_sign_in_with_email_code_finish (AcClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_sign_in_with_email_code_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Deleting with a code                                                                       */

static void
delete_with_code_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (self, result, task);

  if (data == NULL)
    return;
  /* The account is gone even if the caller is no longer interested. */
  ac_client_forget_session (self);
  g_task_return_boolean (task, TRUE);
}

void
ac_client_delete_account_with_code_async (AcClient            *self,
                                          AcCodeChannel        channel,
                                          const char          *code,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_delete_account_with_code_async);
  if (_ac_client_sec_refuse_empty (task, code, _("Enter the verification code")))
    return;

  escaped = g_uri_escape_string (code, NULL, FALSE);
  path = g_strconcat ("/api/v2/users/delete?", channel == AC_CODE_CHANNEL_SMS ? "phoneCode=" : "emailCode=",
                      escaped, NULL);
  _ac_client_request_json (self, "DELETE", path, NULL, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
                           cancellable, delete_with_code_cb, task);
}

gboolean
ac_client_delete_account_with_code_finish (AcClient      *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_delete_account_with_code_async, error);
}
