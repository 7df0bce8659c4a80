/* ac-client-mfa.c: the two-step sign-in and the TOTP authenticators (protocol-security.md §5)
 *
 * The pending second step (the mfaToken of a 1635 answer and what the person is shown) is
 * kept in AcClient:mfa; the transport calls _ac_client_mfa_required() and sends the token for
 * requests flagged AC_CLIENT_REQUEST_MFA_TOKEN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-client-security-private.h"

/* The mfaToken is opaque; anything longer than this is not one */
#define MFA_TOKEN_MAX 4096

struct _AcClientMfa
{
  char           *token;
  AcMfaChallenge *challenge;
};

/* ------------------------------------------------------------------------------------------ */
/* The pending second step                                                                    */

void
_ac_client_mfa_free (struct _AcClientMfa *mfa)
{
  if (mfa == NULL)
    return;
  _ac_client_sec_wipe (mfa->token);
  g_clear_object (&mfa->challenge);
  g_free (mfa);
}

GError *
_ac_client_mfa_required (AcClient   *self,
                         const char *path,
                         gint64      code,
                         JsonNode   *root)
{
  g_autoptr(AcMfaChallenge) challenge = NULL;
  JsonObject *envelope, *data;
  JsonNode *data_node;
  const char *token, *message;
  struct _AcClientMfa *mfa;

  if (path == NULL || !g_str_has_prefix (path, "/api/v2/login/") ||
      root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  envelope = json_node_get_object (root);
  data_node = json_object_get_member (envelope, "data");
  if (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node))
    return NULL;
  data = json_node_get_object (data_node);
  token = _ac_client_object_get_string (data, "mfaToken");
  if (token == NULL || *token == '\0' || strlen (token) > MFA_TOKEN_MAX)
    return NULL;

  challenge = ac_mfa_challenge_new_from_json (data, NULL);
  if (challenge == NULL)
    challenge = ac_mfa_challenge_new_from_json (NULL, NULL);

  mfa = g_new0 (struct _AcClientMfa, 1);
  mfa->token = g_strdup (token);
  mfa->challenge = g_steal_pointer (&challenge);
  g_clear_pointer (&self->mfa, _ac_client_mfa_free);
  self->mfa = mfa;
  g_debug ("The sign-in needs a second step (code %" G_GINT64_FORMAT ")", code);

  message = _ac_client_object_get_string (envelope, "message");
  return g_error_new_literal (AC_ERROR, AC_ERROR_MFA_REQUIRED,
                              message != NULL && *message != '\0'
                              ? message : ac_error_describe (AC_ERROR_MFA_REQUIRED));
}

const char *
_ac_client_mfa_token (AcClient *self)
{
  return self->mfa != NULL ? self->mfa->token : NULL;
}

/**
 * ac_client_get_mfa_challenge:
 * @self: a #AcClient
 *
 * Returns: (transfer none) (nullable): the second step a sign-in is waiting for
 */
AcMfaChallenge *
ac_client_get_mfa_challenge (AcClient *self)
{
  g_return_val_if_fail (AC_IS_CLIENT (self), NULL);

  return self->mfa != NULL ? self->mfa->challenge : NULL;
}

/**
 * ac_client_cancel_mfa:
 * @self: a #AcClient
 *
 * Forgets the pending second step; the person signs in again from the start.
 */
void
ac_client_cancel_mfa (AcClient *self)
{
  g_return_if_fail (AC_IS_CLIENT (self));

  g_clear_pointer (&self->mfa, _ac_client_mfa_free);
}

/* ------------------------------------------------------------------------------------------ */
/* TOTP authenticators                                                                        */

static gpointer
authenticator_from_json (JsonObject  *object,
                         GError     **error)
{
  return ac_mfa_authenticator_new_from_json (object, error);
}

static void
list_authenticators_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (self, result, task);
  GPtrArray *items;
  GError *error = NULL;

  if (data == NULL)
    return;
  /* No authenticator may also be answered as null */
  if (JSON_NODE_HOLDS_NULL (data))
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  items = _ac_client_items_from_data (self, data, authenticator_from_json, NULL, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
ac_client_list_mfa_authenticators_async (AcClient            *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_list_mfa_authenticators_async);
  _ac_client_request_json (self, "GET", "/api/v2/mfa/authenticator?type=totp&source=SELF", NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL, cancellable,
                           list_authenticators_cb, task);
}

GPtrArray *
ac_client_list_mfa_authenticators_finish (AcClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_list_mfa_authenticators_async, error);
}

static void
enroll_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  _ac_client_return_model (AC_CLIENT (object), result, task, JSON_NODE_OBJECT,
                           (AcClientModelFromJson) ac_mfa_enrollment_new_from_json,
                           _("The server sent an enrolment that could not be read: %s"));
}

void
ac_client_enroll_totp_async (AcClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_enroll_totp_async);
  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "authenticator_type", "totp");
  _ac_client_sec_add_string (builder, "source", "SELF");
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/mfa/totp/associate", builder, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
        enroll_cb, task);
}

AcMfaEnrollment *
ac_client_enroll_totp_finish (AcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_enroll_totp_async, error);
}

/* The code as typed, without spaces; NULL (and @task failed) unless it is 6 ASCII digits */
static char *
totp_code (GTask      *task,
           const char *code)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = code != NULL ? code : ""; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isdigit (*p) || digits->len >= 6)
        {
          g_string_set_size (digits, 0);
          break;
        }
      g_string_append_c (digits, *p);
    }
  if (digits->len != 6)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s",
                               _("Enter the 6 digits shown by your authenticator app."));
      g_object_unref (task);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

void
ac_client_confirm_totp_async (AcClient            *self,
                              const char          *code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *digits = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_confirm_totp_async);
  digits = totp_code (task, code);
  if (digits == NULL)
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "authenticator_type", "totp");
  _ac_client_sec_add_string (builder, "totp", digits);
  _ac_client_sec_add_string (builder, "source", "SELF");
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/mfa/totp/associate/confirm", builder, AC_CLIENT_REQUEST_AUTH,
        AC_CLIENT_ANSWER_SMALL, _ac_client_sec_boolean_answer_cb, task);
}

gboolean
ac_client_confirm_totp_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_confirm_totp_async, error);
}

void
ac_client_disable_totp_async (AcClient            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_disable_totp_async);
  _ac_client_request_json (self, "DELETE", "/api/v2/mfa/totp/associate", NULL, AC_CLIENT_REQUEST_AUTH,
                           AC_CLIENT_ANSWER_SMALL, cancellable, _ac_client_sec_boolean_answer_cb, task);
}

gboolean
ac_client_disable_totp_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_disable_totp_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* The second step                                                                            */

typedef struct
{
  struct _AcClientMfa *mfa;     /* the step this request belongs to (compared, not owned) */
  char                *new_recovery_code;
} SecondStep;

static void
second_step_free (SecondStep *step)
{
  _ac_client_sec_wipe (step->new_recovery_code);
  g_free (step);
}

/* Fails @task when no second step is pending; otherwise records which one this is */
static gboolean
second_step_begin (AcClient *self,
                   GTask    *task)
{
  SecondStep *step;

  if (self->mfa == NULL)
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_NOT_LOGGED_IN, "%s",
                               _("No sign-in is waiting for a second step. Sign in again."));
      g_object_unref (task);
      return FALSE;
    }
  step = g_new0 (SecondStep, 1);
  step->mfa = self->mfa;
  g_task_set_task_data (task, step, (GDestroyNotify) second_step_free);
  return TRUE;
}

/* After a failed second step: one the service no longer accepts is forgotten */
static void
second_step_failed (AcClient     *self,
                    GTask        *task,
                    const GError *error)
{
  SecondStep *step = g_task_get_task_data (task);

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) && self->mfa == step->mfa)
    ac_client_cancel_mfa (self);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  data = _ac_client_request_finish (self, result, &error);
  if (data == NULL)
    {
      second_step_failed (self, task, error);
      g_task_return_error (task, error);
      return;
    }
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

void
ac_client_verify_totp_async (AcClient            *self,
                             const char          *code,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *digits = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_verify_totp_async);
  if (!second_step_begin (self, task))
    return;
  digits = totp_code (task, code);
  if (digits == NULL)
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "totp", digits);
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/mfa/totp/verify", builder,
                       AC_CLIENT_REQUEST_MFA_TOKEN | AC_CLIENT_REQUEST_DEVICE_ID, AC_CLIENT_ANSWER_USER,
        verify_cb, task);
}

AcUserInfo *
ac_client_verify_totp_finish (AcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_verify_totp_async, error);
}

static void
recover_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  SecondStep *step = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  JsonObject *envelope;
  JsonNode *data;
  const char *code;
  GError *error = NULL;

  root = _ac_client_request_finish (self, result, &error);
  if (root == NULL)
    {
      second_step_failed (self, task, error);
      g_task_return_error (task, error);
      return;
    }

  /* the whole envelope: the new code is beside `data` (or, for some services, inside it) */
  envelope = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  data = envelope != NULL ? json_object_get_member (envelope, "data") : NULL;
  code = _ac_client_object_get_string (envelope, "recoveryCode");
  if (code == NULL && data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    code = _ac_client_object_get_string (json_node_get_object (data), "recoveryCode");
  if (code != NULL && *code != '\0' && strlen (code) <= MFA_TOKEN_MAX)
    step->new_recovery_code = g_strdup (code);

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

void
ac_client_recover_with_code_async (AcClient            *self,
                                   const char          *recovery_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *trimmed = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_client_sec_new_task (self, cancellable, callback, user_data, ac_client_recover_with_code_async);
  if (!second_step_begin (self, task))
    return;
  trimmed = g_strstrip (g_strdup (recovery_code != NULL ? recovery_code : ""));
  if (_ac_client_sec_refuse_empty (task, trimmed, _("Enter your recovery code")))
    return;

  json_builder_begin_object (builder);
  _ac_client_sec_add_string (builder, "recoveryCode", trimmed);
  json_builder_end_object (builder);
  _ac_client_sec_post (self, "/api/v2/mfa/totp/recovery", builder,
        AC_CLIENT_REQUEST_MFA_TOKEN | AC_CLIENT_REQUEST_ENVELOPE | AC_CLIENT_REQUEST_DEVICE_ID,
        AC_CLIENT_ANSWER_USER, recover_cb, task);
}

/**
 * ac_client_recover_with_code_finish:
 * @self: a #AcClient
 * @result: the result
 * @new_recovery_code: (out) (optional) (transfer full) (nullable): the next recovery code
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the signed-in user
 */
AcUserInfo *
ac_client_recover_with_code_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    char         **new_recovery_code,
                                    GError       **error)
{
  AcUserInfo *user = _ac_client_task_finish_pointer (self, result, ac_client_recover_with_code_async, error);
  SecondStep *step;

  if (new_recovery_code != NULL)
    *new_recovery_code = NULL;
  if (user == NULL)
    return NULL;
  step = g_task_get_task_data (G_TASK (result));
  if (new_recovery_code != NULL && step != NULL)
    *new_recovery_code = g_strdup (step->new_recovery_code);
  return user;
}
