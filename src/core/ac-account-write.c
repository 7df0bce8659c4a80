/* ac-account-write.c: AcAccount's writes: the profile, the avatar, custom fields, the token
 *
 * Pages hand over typed changes; the JSON of the request is written here. The server's answer
 * is what the account then holds: the client makes an answered user its user (AcAccount:user
 * follows), and a custom field answer replaces the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-account-private.h"

/* Profile */

static void
profile_updated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  /* The client made the answer its user: AcAccount:user has it already. */
  user = ac_client_update_profile_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_update_profile_async:
 * @self: a #AcAccount
 * @changes: the fields that changed and their new values
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends exactly the fields of @changes to `profile/update` (after checking their values:
 * %AC_ERROR_INVALID_INPUT naming the field, nothing sent). The server answers with the
 * user, which becomes #AcAccount:user: no second `users/me`. No changes: nothing is sent.
 */
void
ac_account_update_profile_async (AcAccount           *self,
                                 AcProfileChanges    *changes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = NULL;
  GError *error = NULL;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (AC_IS_PROFILE_CHANGES (changes));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_update_profile_async);

  if (ac_profile_changes_get_size (changes) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!ac_profile_changes_validate (changes, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  body = ac_profile_changes_to_json (changes);
  ac_client_update_profile_async (self->client, body, cancellable, profile_updated_cb,
                                  g_steal_pointer (&task));
}

gboolean
ac_account_update_profile_finish (AcAccount     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_update_profile_async, error);
}

/* Avatar */

static void
avatar_changed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  user = ac_client_change_avatar_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_change_avatar_async:
 * @self: a #AcAccount
 * @image: a picture file (scaled down and uploaded, then set as the profile's photo)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The user with the new photo becomes #AcAccount:user.
 */
void
ac_account_change_avatar_async (AcAccount           *self,
                                GFile               *image,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (G_IS_FILE (image));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_change_avatar_async);
  ac_client_change_avatar_async (self->client, image, cancellable, avatar_changed_cb, task);
}

gboolean
ac_account_change_avatar_finish (AcAccount     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_change_avatar_async, error);
}

/* Custom fields */

static void
custom_fields_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_set_custom_fields_finish (AC_CLIENT (object), result, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* What the server answered is what it holds now: applied even if the caller cancelled
   * after the answer came in. */
  if (_ac_account_part_is_current (self, AC_ACCOUNT_PART_CUSTOM_FIELDS, generation))
    {
      _ac_account_replace_store (self->custom_fields, items);
      _ac_account_part_loaded (self, AC_ACCOUNT_PART_CUSTOM_FIELDS);
    }

  g_task_return_boolean (task, TRUE);
}

/* The native JSON value `udfs/values` expects for a change, or NULL with an error naming the
 * field. An empty value clears the field: null, or "" for a STRING. */
static JsonNode *
change_to_json (AcCustomField  *change,
                GError        **error)
{
  const char *value = ac_custom_field_get_value (change);
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if ((value == NULL || *value == '\0') &&
      ac_custom_field_get_data_type (change) != AC_CUSTOM_FIELD_TYPE_STRING)
    return json_node_new (JSON_NODE_NULL);

  node = ac_custom_field_parse_input (change, value, &local_error);
  if (node == NULL)
    g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT, "%s: %s",
                 ac_custom_field_get_label (change), local_error->message);
  return node;
}

/**
 * ac_account_save_custom_fields_async:
 * @self: a #AcAccount
 * @changes: (element-type AcCustomField): the fields that changed, with their new values
 *   (ac_custom_field_new_changed())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks every value against its field's type (%AC_ERROR_INVALID_INPUT naming the field,
 * nothing sent), then sends exactly these fields to `udfs/values`. The store then holds what
 * the server answered. No changes: nothing is sent.
 */
void
ac_account_save_custom_fields_async (AcAccount           *self,
                                     GPtrArray           *changes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) values = NULL;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < changes->len; i++)
    g_return_if_fail (AC_IS_CUSTOM_FIELD (g_ptr_array_index (changes, i)));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_save_custom_fields_async);

  if (changes->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  values = json_object_new ();
  for (guint i = 0; i < changes->len; i++)
    {
      AcCustomField *change = g_ptr_array_index (changes, i);
      GError *error = NULL;
      JsonNode *node;

      node = change_to_json (change, &error);
      if (node == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      json_object_set_member (values, ac_custom_field_get_key (change), node);
    }

  /* Loads of the store that started earlier are not applied over the answer. */
  g_task_set_task_data (task,
                        GUINT_TO_POINTER (_ac_account_part_supersede (self, AC_ACCOUNT_PART_CUSTOM_FIELDS)),
                        NULL);
  ac_client_set_custom_fields_async (self->client, values, cancellable, custom_fields_saved_cb,
                                     g_steal_pointer (&task));
}

gboolean
ac_account_save_custom_fields_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_save_custom_fields_async, error);
}

/* Token */

static void
token_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ac_client_refresh_token_finish (AC_CLIENT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_refresh_token_async:
 *
 * Asks for a new token now; #AcAccount:token-expires-at (and the user) follow.
 */
void
ac_account_refresh_token_async (AcAccount           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_refresh_token_async);
  ac_client_refresh_token_async (self->client, cancellable, token_refreshed_cb, task);
}

gboolean
ac_account_refresh_token_finish (AcAccount     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_refresh_token_async, error);
}
