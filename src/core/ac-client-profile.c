/* ac-client-profile.c: the signed-in user: users/me, profile, custom fields, avatar, deletion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-client-private.h"
#include "ac-avatar.h"

/* ------------------------------------------------------------------------------------------ */
/* The user                                                                                   */

static void
user_answer_cb (GObject      *object,
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
                                     _("The server sent an account that could not be read: %s"),
                                     &error);
  if (user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  _ac_client_set_user (self, user);
  g_task_return_pointer (task, g_steal_pointer (&user), g_object_unref);
}

/**
 * ac_client_get_current_user_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the signed-in user (`users/me`) and makes it #AcClient:user. This also validates a
 * session restored with ac_client_set_session().
 */
void
ac_client_get_current_user_async (AcClient            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_current_user_async);

  _ac_client_request_json (self, "GET", "/api/v2/users/me", NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_USER,
                           cancellable, user_answer_cb, task);
}

/**
 * ac_client_get_current_user_finish:
 *
 * Returns: (transfer full): the user
 */
AcUserInfo *
ac_client_get_current_user_finish (AcClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_get_current_user_async, error);
}

/**
 * ac_client_update_profile_async:
 * @self: a #AcClient
 * @changes: the fields to change, e.g. `{"nickname": "Ann"}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Changes profile fields. The server refuses the whole change when one field is not
 * accepted (code 400, naming the field). The updated user becomes #AcClient:user.
 */
void
ac_client_update_profile_async (AcClient            *self,
                                JsonObject          *changes,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_update_profile_async);

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, changes);

  _ac_client_request_json (self, "POST", "/api/v2/users/profile/update", body,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_USER,
                           cancellable, user_answer_cb, task);
}

/**
 * ac_client_update_profile_finish:
 *
 * Returns: (transfer full): the updated user
 */
AcUserInfo *
ac_client_update_profile_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_update_profile_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Avatar                                                                                     */

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  const char *url = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    url = _ac_client_object_get_string (json_node_get_object (data), "url");

  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("%s did not say where the picture was stored"), self->host);
      return;
    }

  g_task_return_pointer (task, g_strdup (url), g_free);
}

/**
 * ac_client_upload_image_async:
 * @self: a #AcClient
 * @image: the encoded picture
 * @content_type: its MIME type, e.g. "image/jpeg"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Uploads a picture as it is (see ac_client_change_avatar_async() for an avatar). A refusal is
 * %AC_ERROR_UPLOAD_FAILED.
 */
void
ac_client_upload_image_async (AcClient            *self,
                              GBytes              *image,
                              const char          *content_type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *multipart_type;
  const char *filename;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (image != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_upload_image_async);

  if (g_str_equal (content_type, "image/png"))
    filename = "avatar.png";
  else if (g_str_equal (content_type, "image/jpeg"))
    filename = "avatar.jpg";
  else
    filename = "avatar";

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", filename, content_type, image);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &body);
  multipart_type = soup_message_headers_get_one (headers, "Content-Type");

  /* The SDKs send no token with an upload, and neither do we. */
  _ac_client_request_full (self, "POST", "/api/v2/upload?folder=avatar", body, multipart_type,
                           AC_CLIENT_REQUEST_UPLOAD, AC_CLIENT_ANSWER_SMALL,
                           cancellable, upload_cb, task);
}

/**
 * ac_client_upload_image_finish:
 *
 * Returns: (transfer full): the URL of the stored picture
 */
char *
ac_client_upload_image_finish (AcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_upload_image_async, error);
}

static void
avatar_profile_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  AcUserInfo *user;

  user = ac_client_update_profile_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, user, g_object_unref);
}

static void
avatar_uploaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  url = ac_client_upload_image_finish (self, result, &error);
  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  changes = json_object_new ();
  json_object_set_string_member (changes, "photo", url);
  cancellable = g_task_get_cancellable (task);
  ac_client_update_profile_async (self, changes, cancellable,
                                  avatar_profile_cb, g_steal_pointer (&task));
}

static void
avatar_processed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcClient *self = g_task_get_source_object (task);
  g_autoptr(GBytes) image = NULL;
  g_autofree char *content_type = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  image = ac_avatar_process_finish (result, &content_type, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  cancellable = g_task_get_cancellable (task);
  ac_client_upload_image_async (self, image, content_type, cancellable,
                                avatar_uploaded_cb, g_steal_pointer (&task));
}

/**
 * ac_client_change_avatar_async:
 * @self: a #AcClient
 * @image: the picked picture
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Turns @image upright, scales it down to at most %AC_AVATAR_MAX_SIZE pixels a side (in a
 * worker thread), uploads it and makes it the user's photo. A file that is not a readable
 * image fails with %AC_ERROR_INVALID_INPUT before anything is sent.
 */
void
ac_client_change_avatar_async (AcClient            *self,
                               GFile               *image,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_change_avatar_async);

  ac_avatar_process_async (image, cancellable, avatar_processed_cb, task);
}

/**
 * ac_client_change_avatar_finish:
 *
 * Returns: (transfer full): the updated user
 */
AcUserInfo *
ac_client_change_avatar_finish (AcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_change_avatar_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Custom fields                                                                              */

static void
custom_fields_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  GPtrArray *items;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  items = _ac_client_items_from_data (self, data,
                                      (AcClientItemFromJson) ac_custom_field_new_from_json,
                                      NULL, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ac_client_get_custom_fields_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the user's custom fields (`udvs/get`).
 */
void
ac_client_get_custom_fields_async (AcClient            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_custom_fields_async);

  id = _ac_client_user_id (self);
  object = json_object_new ();
  json_object_set_string_member (object, "targetType", "USER");
  json_object_set_string_member (object, "targetId", id != NULL ? id : "");
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  _ac_client_request_json (self, "POST", "/api/v2/udvs/get", body,
                           AC_CLIENT_REQUEST_AUTH | AC_CLIENT_REQUEST_BARE_ARRAY,
                           AC_CLIENT_ANSWER_CUSTOM_FIELDS,
                           cancellable, custom_fields_cb, task);
}

/**
 * ac_client_get_custom_fields_finish:
 *
 * Returns: (transfer full) (element-type AcCustomField): the fields
 */
GPtrArray *
ac_client_get_custom_fields_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_get_custom_fields_async, error);
}

/**
 * ac_client_set_custom_fields_async:
 * @self: a #AcClient
 * @values: field key → new value, as native JSON values (a number for NUMBER, a boolean for
 *   BOOLEAN, an object for OBJECT, a string otherwise)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sets custom field values (`udfs/values`). The server refuses the whole change when a key is
 * unknown or a value has the wrong type (code 400, naming the field).
 */
void
ac_client_set_custom_fields_async (AcClient            *self,
                                   JsonObject          *values,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonArray *udfs;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (values != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_set_custom_fields_async);

  udfs = json_array_new ();
  members = json_object_get_members (values);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *udf = json_object_new ();

      json_object_set_string_member (udf, "definition", l->data);
      json_object_set_member (udf, "value", json_node_copy (json_object_get_member (values, l->data)));
      json_array_add_object_element (udfs, udf);
    }

  object = json_object_new ();
  json_object_set_array_member (object, "udfs", udfs);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  _ac_client_request_json (self, "POST", "/api/v2/udfs/values", body,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_CUSTOM_FIELDS,
                           cancellable, custom_fields_cb, task);
}

/**
 * ac_client_set_custom_fields_finish:
 *
 * Returns: (transfer full) (element-type AcCustomField): the fields as the server now has them
 */
GPtrArray *
ac_client_set_custom_fields_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_set_custom_fields_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Deleting the account                                                                       */

static void
delete_account_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  /* The account is gone even if the caller is no longer interested. */
  ac_client_forget_session (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * ac_client_delete_account_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes the signed-in account for good, then forgets the session and the user.
 */
void
ac_client_delete_account_async (AcClient            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_delete_account_async);

  _ac_client_request_json (self, "DELETE", "/api/v2/users/delete", NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
                           cancellable, delete_account_cb, task);
}

gboolean
ac_client_delete_account_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ac_client_task_finish_boolean (self, result, ac_client_delete_account_async, error);
}
