/* ac-account-load.c: AcAccount's reads, one part at a time or several at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include "ac-account-private.h"

gboolean
_ac_account_task_finish (AcAccount     *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_free (AcAccountLoad *load)
{
  g_free (load->namespace_);
  g_free (load->type);
  g_free (load);
}

/* Starts a task for a load of @part: the part is loading, and answers of older loads of it
 * are not applied any more. */
GTask *
_ac_account_load_task_new (AcAccount           *self,
                           AcAccountPart        part,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AcAccountLoad *load = g_new0 (AcAccountLoad, 1);

  g_task_set_source_tag (task, source_tag);
  load->part = part;
  load->generation = _ac_account_part_begin (self, part);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  return task;
}

/* _ac_account_load_task_new() with a namespace and a type (empty strings are %NULL). */
static GTask *
filtered_task_new (AcAccount           *self,
                   AcAccountPart        part,
                   const char          *namespace_,
                   const char          *type,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = _ac_account_load_task_new (self, part, source_tag, cancellable, callback, user_data);
  AcAccountLoad *load = g_task_get_task_data (task);

  load->namespace_ = g_strdup (namespace_ != NULL && *namespace_ != '\0' ? namespace_ : NULL);
  load->type = g_strdup (type != NULL && *type != '\0' ? type : NULL);

  return task;
}

static gboolean
is_current (GTask *task)
{
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);

  return _ac_account_part_is_current (self, load->part, load->generation);
}

/* What every load does with the client's answer (@answer, or %NULL and @error): on failure,
 * or when @task was cancelled, ends the part's load with that and returns it on @task and
 * FALSE. Otherwise TRUE: the caller applies @answer if is_current(), then calls
 * load_succeeded(). */
static gboolean
load_answered (GTask    *task,
               gpointer  answer,
               GError   *error)
{
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);

  if (answer == NULL)
    {
      _ac_account_part_end (self, load->part, load->generation, error);
      g_task_return_error (task, error);
      return FALSE;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

      _ac_account_part_end (self, load->part, load->generation, cancelled);
      return FALSE;
    }

  return TRUE;
}

static void
load_succeeded (GTask *task)
{
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);

  _ac_account_part_end (self, load->part, load->generation, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
set_wanted (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/* User */

static void
user_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  GError *error = NULL;

  /* The client makes the answer its user, which AcAccount:user mirrors. */
  user = ac_client_get_current_user_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, user, error))
    return;

  load_succeeded (task);
}

/**
 * ac_account_load_user_async:
 *
 * Reloads the current user (`users/me`; AcAccount:user follows).
 */
void
ac_account_load_user_async (AcAccount           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_account_load_task_new (self, AC_ACCOUNT_PART_USER, ac_account_load_user_async,
                                    cancellable, callback, user_data);
  ac_client_get_current_user_async (self->client, cancellable, user_loaded_cb, task);
}

gboolean
ac_account_load_user_finish (AcAccount     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_user_async, error);
}

/* Applications */

static void
applications_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  guint total = 0;

  items = ac_client_list_applications_finish (AC_CLIENT (object), result, &total, &error);
  if (!load_answered (task, items, error))
    return;

  if (is_current (task))
    {
      g_object_freeze_notify (G_OBJECT (self));
      _ac_account_replace_store (self->applications, items);
      _ac_account_set_uint (self, &self->applications_page, load->page,
                            AC_ACCOUNT_PROP_APPLICATIONS_PAGE);
      _ac_account_set_total (self, total);
      g_object_thaw_notify (G_OBJECT (self));
    }

  load_succeeded (task);
}

/**
 * ac_account_load_applications_page_async:
 * @self: a #AcAccount
 * @page: the page to show, from 1
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads one page of #AcAccount:applications-page-size applications into the applications
 * store, and updates the page and total.
 */
void
ac_account_load_applications_page_async (AcAccount           *self,
                                         guint                page,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;
  AcAccountLoad *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_account_load_task_new (self, AC_ACCOUNT_PART_APPLICATIONS,
                                    ac_account_load_applications_page_async,
                                    cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  load->page = MAX (page, 1);
  self->wanted_applications_page = load->page;

  ac_client_list_applications_async (self->client, load->page, self->applications_page_size,
                                     cancellable, applications_loaded_cb, task);
}

gboolean
ac_account_load_applications_page_finish (AcAccount     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_applications_page_async, error);
}

/* Organizations */

static void
organizations_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  g_autoptr(AcOrgForest) forest = NULL;
  GError *error = NULL;

  forest = ac_client_list_organizations_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, forest, error))
    return;

  if (is_current (task))
    {
      GListModel *model = G_LIST_MODEL (forest);
      guint n = g_list_model_get_n_items (model);
      g_autoptr(GPtrArray) roots = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (roots, g_list_model_get_item (model, i));

      g_set_object (&self->forest, forest);
      _ac_account_replace_store (self->organizations, roots);
    }

  load_succeeded (task);
}

/**
 * ac_account_load_organizations_async:
 *
 * Loads the organization forest into the organizations store.
 */
void
ac_account_load_organizations_async (AcAccount           *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_account_load_task_new (self, AC_ACCOUNT_PART_ORGANIZATIONS,
                                    ac_account_load_organizations_async,
                                    cancellable, callback, user_data);
  ac_client_list_organizations_async (self->client, cancellable, organizations_loaded_cb, task);
}

gboolean
ac_account_load_organizations_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_organizations_async, error);
}

/* Roles */

static void
roles_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_list_roles_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, items, error))
    return;

  if (is_current (task))
    {
      _ac_account_replace_store (self->roles, items);
      _ac_account_set_string (self, &self->roles_namespace, load->namespace_,
                              AC_ACCOUNT_PROP_ROLES_NAMESPACE);
    }

  load_succeeded (task);
}

/**
 * ac_account_load_roles_async:
 * @self: a #AcAccount
 * @namespace_: (nullable): a namespace code, or %NULL for every namespace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
ac_account_load_roles_async (AcAccount           *self,
                             const char          *namespace_,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  AcAccountLoad *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = filtered_task_new (self, AC_ACCOUNT_PART_ROLES, namespace_, NULL,
                            ac_account_load_roles_async, cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  set_wanted (&self->wanted_roles_namespace, load->namespace_);
  ac_client_list_roles_async (self->client, load->namespace_, cancellable, roles_loaded_cb, task);
}

gboolean
ac_account_load_roles_finish (AcAccount     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_roles_async, error);
}

/* Resources */

static void
resources_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  AcAccountLoad *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_list_resources_finish (AC_CLIENT (object), result, NULL, &error);
  if (!load_answered (task, items, error))
    return;

  if (is_current (task))
    {
      g_object_freeze_notify (G_OBJECT (self));
      _ac_account_replace_store (self->resources, items);
      _ac_account_set_string (self, &self->resources_namespace, load->namespace_,
                              AC_ACCOUNT_PROP_RESOURCES_NAMESPACE);
      _ac_account_set_string (self, &self->resources_type, load->type,
                              AC_ACCOUNT_PROP_RESOURCES_TYPE);
      g_object_thaw_notify (G_OBJECT (self));
    }

  load_succeeded (task);
}

/**
 * ac_account_load_resources_async:
 * @self: a #AcAccount
 * @namespace_: (nullable): a namespace code (%NULL: "default")
 * @resource_type: (nullable): DATA, API, MENU, UI or BUTTON, or %NULL for every type
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
ac_account_load_resources_async (AcAccount           *self,
                                 const char          *namespace_,
                                 const char          *resource_type,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  AcAccountLoad *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (namespace_ == NULL || *namespace_ == '\0')
    namespace_ = AC_ACCOUNT_DEFAULT_NAMESPACE;

  task = filtered_task_new (self, AC_ACCOUNT_PART_RESOURCES, namespace_, resource_type,
                            ac_account_load_resources_async, cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  set_wanted (&self->wanted_resources_namespace, load->namespace_);
  set_wanted (&self->wanted_resources_type, load->type);
  ac_client_list_resources_async (self->client, load->namespace_, load->type, cancellable,
                                  resources_loaded_cb, task);
}

gboolean
ac_account_load_resources_finish (AcAccount     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_resources_async, error);
}

/* Custom fields */

static void
custom_fields_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_get_custom_fields_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, items, error))
    return;

  if (is_current (task))
    _ac_account_replace_store (self->custom_fields, items);

  load_succeeded (task);
}

/**
 * ac_account_load_custom_fields_async:
 *
 * Loads the custom fields into their store.
 */
void
ac_account_load_custom_fields_async (AcAccount           *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_account_load_task_new (self, AC_ACCOUNT_PART_CUSTOM_FIELDS,
                                    ac_account_load_custom_fields_async,
                                    cancellable, callback, user_data);
  ac_client_get_custom_fields_async (self->client, cancellable, custom_fields_loaded_cb, task);
}

gboolean
ac_account_load_custom_fields_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_custom_fields_async, error);
}

/* Security level */

static void
security_level_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  g_autoptr(AcSecurityLevel) level = NULL;
  GError *error = NULL;

  level = ac_client_get_security_level_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, level, error))
    return;

  if (is_current (task))
    _ac_account_set_security_level (self, level);

  load_succeeded (task);
}

/**
 * ac_account_load_security_level_async:
 *
 * Loads #AcAccount:security-level.
 */
void
ac_account_load_security_level_async (AcAccount           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = _ac_account_load_task_new (self, AC_ACCOUNT_PART_SECURITY_LEVEL,
                                    ac_account_load_security_level_async,
                                    cancellable, callback, user_data);
  ac_client_get_security_level_async (self->client, cancellable, security_level_loaded_cb, task);
}

gboolean
ac_account_load_security_level_finish (AcAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_security_level_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Several parts at once                                                                      */

typedef struct
{
  guint   pending;
  GError *errors[AC_ACCOUNT_N_PARTS];
} LoadParts;

static void
load_parts_free (LoadParts *state)
{
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    g_clear_error (&state->errors[i]);
  g_free (state);
}

typedef struct
{
  GTask *task;
  guint  part;
} LoadPartsPart;

static void
load_parts_part_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LoadPartsPart *part = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&part->task);
  LoadParts *state = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    state->errors[part->part] = error;
  g_free (part);

  if (--state->pending > 0)
    return;

  /* The first error in the fixed order of the parts, so it does not depend on timing; a
   * cancellation wins over everything else. */
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    if (g_error_matches (state->errors[i], G_IO_ERROR, G_IO_ERROR_CANCELLED))
      {
        g_task_return_error (task, g_steal_pointer (&state->errors[i]));
        return;
      }

  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    if (state->errors[i] != NULL)
      {
        g_task_return_error (task, g_steal_pointer (&state->errors[i]));
        return;
      }

  g_task_return_boolean (task, TRUE);
}

static gpointer
part_new (GTask *task,
          guint  part)
{
  LoadPartsPart *p = g_new0 (LoadPartsPart, 1);

  p->task = g_object_ref (task);
  p->part = part;

  return p;
}

/**
 * ac_account_load_async:
 * @self: a #AcAccount
 * @parts: the parts to load, a set of AC_ACCOUNT_PART_BIT()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts one read per part at once and completes when all have answered, so several parts
 * load in about one round trip. The applications, roles and resources are asked for what
 * they were last asked for (the page, the namespace, the type): at first page 1, every
 * namespace, and every type of the "default" namespace.
 *
 * Partial results are applied: every store whose read succeeded is filled, the others keep
 * their content. The error reported is the first failing read in the order of #AcAccountPart
 * (a cancellation first of all); when the session has expired every read fails with
 * %AC_ERROR_NOT_LOGGED_IN and #AcClient::session-expired is emitted once.
 */
void
ac_account_load_async (AcAccount           *self,
                       guint                parts,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *roles_namespace = NULL;
  g_autofree char *resources_namespace = NULL;
  g_autofree char *resources_type = NULL;
  LoadParts *state;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_load_async);
  state = g_new0 (LoadParts, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) load_parts_free);

  parts &= AC_ACCOUNT_ALL_PARTS;
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    if (parts & AC_ACCOUNT_PART_BIT (i))
      state->pending++;

  if (state->pending == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Each load below updates what is wanted; ask for what was wanted before. */
  roles_namespace = g_strdup (self->wanted_roles_namespace);
  resources_namespace = g_strdup (self->wanted_resources_namespace);
  resources_type = g_strdup (self->wanted_resources_type);

  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_USER))
    ac_account_load_user_async (self, cancellable, load_parts_part_cb,
                                part_new (task, AC_ACCOUNT_PART_USER));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_CUSTOM_FIELDS))
    ac_account_load_custom_fields_async (self, cancellable, load_parts_part_cb,
                                         part_new (task, AC_ACCOUNT_PART_CUSTOM_FIELDS));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_SECURITY_LEVEL))
    ac_account_load_security_level_async (self, cancellable, load_parts_part_cb,
                                          part_new (task, AC_ACCOUNT_PART_SECURITY_LEVEL));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_APPLICATIONS))
    ac_account_load_applications_page_async (self, self->wanted_applications_page, cancellable,
                                             load_parts_part_cb,
                                             part_new (task, AC_ACCOUNT_PART_APPLICATIONS));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_ORGANIZATIONS))
    ac_account_load_organizations_async (self, cancellable, load_parts_part_cb,
                                         part_new (task, AC_ACCOUNT_PART_ORGANIZATIONS));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_ROLES))
    ac_account_load_roles_async (self, roles_namespace, cancellable, load_parts_part_cb,
                                 part_new (task, AC_ACCOUNT_PART_ROLES));
  if (parts & AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_RESOURCES))
    ac_account_load_resources_async (self, resources_namespace, resources_type, cancellable,
                                     load_parts_part_cb, part_new (task, AC_ACCOUNT_PART_RESOURCES));
}

gboolean
ac_account_load_finish (AcAccount     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_async, error);
}

static void
load_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ac_account_load_finish (AC_ACCOUNT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_load_all_async:
 *
 * ac_account_load_async() of every part.
 */
void
ac_account_load_all_async (AcAccount           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_load_all_async);
  ac_account_load_async (self, AC_ACCOUNT_ALL_PARTS, cancellable, load_all_cb, task);
}

gboolean
ac_account_load_all_finish (AcAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_all_async, error);
}
