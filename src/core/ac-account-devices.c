/* ac-account-devices.c: where the person is signed in (issue 12): devices, applications
 * signed in to, linked accounts, groups, sign-in history, and this computer's registration
 *
 * These stores are not parts of AcAccountPart: nothing reads them at sign-in (the pages that
 * show them load them when they are first shown), so a sign-in costs no more requests. They
 * hang on the account as one block of data (a qdata), made on first use and freed with it.
 * Each store is replaced in one items-changed by a load that succeeded and is the latest of
 * its store; a failed load leaves it untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include "ac-account-private.h"

typedef enum {
  STORE_DEVICES,
  STORE_LOGGED_IN_APPS,
  STORE_IDENTITIES,
  STORE_GROUPS,
  N_STORES
} StoreKind;

typedef struct
{
  GListStore *stores[N_STORES];
  guint       generations[N_STORES];
} DevicesData;

/* At most this many pages of devices are read (50 each): a list longer than that is cut */
#define MAX_DEVICE_PAGES 20

static void
devices_data_free (DevicesData *data)
{
  for (guint i = 0; i < N_STORES; i++)
    g_clear_object (&data->stores[i]);
  g_free (data);
}

static DevicesData *
get_data (AcAccount *self)
{
  static GQuark quark;
  DevicesData *data;

  if (quark == 0)
    quark = g_quark_from_static_string ("ac-account-devices");

  data = g_object_get_qdata (G_OBJECT (self), quark);
  if (data == NULL)
    {
      const GType types[N_STORES] = {
        AC_TYPE_DEVICE, AC_TYPE_LOGGED_IN_APP, AC_TYPE_IDENTITY, AC_TYPE_GROUP,
      };

      data = g_new0 (DevicesData, 1);
      for (guint i = 0; i < N_STORES; i++)
        data->stores[i] = g_list_store_new (types[i]);
      g_object_set_qdata_full (G_OBJECT (self), quark, data, (GDestroyNotify) devices_data_free);
    }

  return data;
}

static GListModel *
get_store (AcAccount *self,
           StoreKind  kind)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);

  return G_LIST_MODEL (get_data (self)->stores[kind]);
}

/**
 * ac_account_get_devices:
 *
 * Returns: (transfer none): a #GListModel of #AcDevice, newest sign-in first (empty until
 *   ac_account_load_devices_async())
 */
GListModel *
ac_account_get_devices (AcAccount *self)
{
  return get_store (self, STORE_DEVICES);
}

/**
 * ac_account_get_logged_in_apps:
 *
 * Returns: (transfer none): a #GListModel of #AcLoggedInApp
 */
GListModel *
ac_account_get_logged_in_apps (AcAccount *self)
{
  return get_store (self, STORE_LOGGED_IN_APPS);
}

/**
 * ac_account_get_identities:
 *
 * Returns: (transfer none): a #GListModel of #AcIdentity (linked accounts)
 */
GListModel *
ac_account_get_identities (AcAccount *self)
{
  return get_store (self, STORE_IDENTITIES);
}

/**
 * ac_account_get_groups:
 *
 * Returns: (transfer none): a #GListModel of #AcGroup
 */
GListModel *
ac_account_get_groups (AcAccount *self)
{
  return get_store (self, STORE_GROUPS);
}

/**
 * ac_account_get_this_device_id:
 *
 * Returns: (nullable): the id of this computer in the list of devices (the one the session
 *   signed in from), or %NULL when the sign-in named none
 */
const char *
ac_account_get_this_device_id (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);

  return ac_client_get_device_id (self->client);
}

/* ------------------------------------------------------------------------------------------ */
/* Loads of a whole store                                                                     */

typedef struct
{
  StoreKind   kind;
  guint       generation;
  guint       page;       /* devices */
  GPtrArray  *items;      /* devices: the pages read so far */
} StoreLoad;

static void
store_load_free (StoreLoad *load)
{
  g_clear_pointer (&load->items, g_ptr_array_unref);
  g_free (load);
}

static GTask *
store_task_new (AcAccount           *self,
                StoreKind            kind,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  StoreLoad *load = g_new0 (StoreLoad, 1);

  g_task_set_source_tag (task, source_tag);
  load->kind = kind;
  load->generation = ++get_data (self)->generations[kind];
  g_task_set_task_data (task, load, (GDestroyNotify) store_load_free);
  return task;
}

/* The client's answer for a store: applied if it is the latest load of it. Takes @items and
 * @error. */
static void
store_answered (GTask     *task,
                GPtrArray *items,
                GError    *error)
{
  AcAccount *self = g_task_get_source_object (task);
  StoreLoad *load = g_task_get_task_data (task);
  DevicesData *data = get_data (self);

  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_ptr_array_unref (items);
      return;
    }

  if (data->generations[load->kind] == load->generation)
    _ac_account_replace_store (data->stores[load->kind], items);
  g_ptr_array_unref (items);
  g_task_return_boolean (task, TRUE);
}

static void devices_page_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
load_devices_page (GTask *task)
{
  AcAccount *self = g_task_get_source_object (task);
  StoreLoad *load = g_task_get_task_data (task);

  ac_client_list_devices_async (self->client, load->page, AC_CLIENT_DEVICES_MAX_LIMIT,
                                g_task_get_cancellable (task), devices_page_cb, task);
}

static void
devices_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  StoreLoad *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_list_devices_finish (AC_CLIENT (object), result, &error);
  if (items == NULL)
    {
      store_answered (task, NULL, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (load->items, g_object_ref (g_ptr_array_index (items, i)));

  /* A full page: there may be more. */
  if (items->len == AC_CLIENT_DEVICES_MAX_LIMIT && load->page < MAX_DEVICE_PAGES &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      load->page++;
      load_devices_page (task);
      return;
    }

  store_answered (task, g_steal_pointer (&load->items), NULL);
  g_object_unref (task);
}

/**
 * ac_account_load_devices_async:
 *
 * Reads the person's devices (`mydevices/list`, page by page) into ac_account_get_devices().
 */
void
ac_account_load_devices_async (AcAccount           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  StoreLoad *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = store_task_new (self, STORE_DEVICES, ac_account_load_devices_async, cancellable,
                         callback, user_data);
  load = g_task_get_task_data (task);
  load->page = 1;
  load->items = g_ptr_array_new_with_free_func (g_object_unref);
  load_devices_page (task);
}

gboolean
ac_account_load_devices_finish (AcAccount     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_devices_async, error);
}

/* The three stores read in one request each, with the same client signature */
typedef void        (*ListAsyncFunc)  (AcClient *, GCancellable *, GAsyncReadyCallback, gpointer);
typedef GPtrArray  *(*ListFinishFunc) (AcClient *, GAsyncResult *, GError **);

static const struct {
  ListAsyncFunc  start;
  ListFinishFunc finish;
} list_funcs[N_STORES] = {
  [STORE_LOGGED_IN_APPS] = { ac_client_list_logged_in_apps_async, ac_client_list_logged_in_apps_finish },
  [STORE_IDENTITIES] = { ac_client_list_identities_async, ac_client_list_identities_finish },
  [STORE_GROUPS] = { ac_client_list_groups_async, ac_client_list_groups_finish },
};

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreLoad *load = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *items;

  items = list_funcs[load->kind].finish (AC_CLIENT (object), result, &error);
  store_answered (task, items, error);
}

static void
load_list (AcAccount           *self,
           StoreKind            kind,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = store_task_new (self, kind, source_tag, cancellable, callback, user_data);
  list_funcs[kind].start (self->client, cancellable, list_loaded_cb, task);
}

/**
 * ac_account_load_logged_in_apps_async:
 *
 * Reads the applications the person is signed in to (`get-my-logged-in-apps`).
 */
void
ac_account_load_logged_in_apps_async (AcAccount           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  load_list (self, STORE_LOGGED_IN_APPS, ac_account_load_logged_in_apps_async, cancellable,
             callback, user_data);
}

gboolean
ac_account_load_logged_in_apps_finish (AcAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_logged_in_apps_async, error);
}

/**
 * ac_account_load_identities_async:
 *
 * Reads the linked accounts (`get-identities`).
 */
void
ac_account_load_identities_async (AcAccount           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  load_list (self, STORE_IDENTITIES, ac_account_load_identities_async, cancellable,
             callback, user_data);
}

gboolean
ac_account_load_identities_finish (AcAccount     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_identities_async, error);
}

/**
 * ac_account_load_groups_async:
 *
 * Reads the groups the person belongs to (`get-my-group-list`).
 */
void
ac_account_load_groups_async (AcAccount           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  load_list (self, STORE_GROUPS, ac_account_load_groups_async, cancellable, callback, user_data);
}

gboolean
ac_account_load_groups_finish (AcAccount     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_load_groups_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Sign-in history: one page at a time, never kept whole                                     */

typedef struct
{
  GPtrArray *items;
  guint      total;
} HistoryPage;

static void
history_page_free (HistoryPage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HistoryPage *page = g_new0 (HistoryPage, 1);
  GError *error = NULL;

  page->items = ac_client_list_login_history_finish (AC_CLIENT (object), result, &page->total,
                                                     &error);
  if (page->items == NULL)
    {
      history_page_free (page);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, page, (GDestroyNotify) history_page_free);
}

/**
 * ac_account_load_login_history_async:
 * @self: a #AcAccount
 * @page: the page, from 1
 * @limit: entries per page, 1 to %AC_CLIENT_DEVICES_MAX_LIMIT
 * @filter: which attempts
 *
 * Reads one page of the sign-in history, newest first. The history is not kept in the
 * account: the caller shows the page it gets.
 */
void
ac_account_load_login_history_async (AcAccount           *self,
                                     guint                page,
                                     guint                limit,
                                     AcLoginResultFilter  filter,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_load_login_history_async);
  ac_client_list_login_history_async (self->client, MAX (page, 1),
                                      CLAMP (limit, 1, AC_CLIENT_DEVICES_MAX_LIMIT), filter,
                                      NULL, NULL, cancellable, history_loaded_cb, task);
}

/**
 * ac_account_load_login_history_finish:
 * @total_count: (out) (optional): the number of entries of every page
 *
 * Returns: (transfer container) (element-type AcLoginRecord): the page, or %NULL on error
 */
GPtrArray *
ac_account_load_login_history_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      guint         *total_count,
                                      GError       **error)
{
  HistoryPage *page;
  GPtrArray *items;

  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ac_account_load_login_history_async, NULL);

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;

  if (total_count != NULL)
    *total_count = page->total;
  items = g_steal_pointer (&page->items);
  history_page_free (page);
  return items;
}

/* ------------------------------------------------------------------------------------------ */
/* Writes                                                                                     */

typedef struct
{
  GPtrArray *device_ids;   /* still to sign out */
  GError    *error;        /* the first failure */
} SignOut;

static void
sign_out_free (SignOut *sign_out)
{
  g_clear_pointer (&sign_out->device_ids, g_ptr_array_unref);
  g_clear_error (&sign_out->error);
  g_free (sign_out);
}

static void
devices_reloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignOut *sign_out = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The list after the change; failing to read it does not undo what was done. */
  if (!ac_account_load_devices_finish (AC_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not read the devices again: %s", error->message);

  if (sign_out->error != NULL)
    g_task_return_error (task, g_steal_pointer (&sign_out->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void sign_out_next (GTask *task);

static void
revoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SignOut *sign_out = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ac_client_revoke_device_finish (AC_CLIENT (object), result, &error))
    {
      /* A device signed out or forgotten meanwhile is what was asked for. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else if (sign_out->error == NULL)
        sign_out->error = error;
      else
        g_clear_error (&error);
    }

  /* The session ended, or cancelled: stop here. */
  if (sign_out->error != NULL &&
      (g_error_matches (sign_out->error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) ||
       g_error_matches (sign_out->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_task_return_error (task, g_steal_pointer (&sign_out->error));
      g_object_unref (task);
      return;
    }

  sign_out_next (task);
}

static void
sign_out_next (GTask *task)
{
  AcAccount *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (sign_out->device_ids->len == 0)
    {
      ac_account_load_devices_async (self, g_task_get_cancellable (task), devices_reloaded_cb, task);
      return;
    }

  {
    g_autofree char *device_id = g_ptr_array_steal_index (sign_out->device_ids, 0);

    ac_client_revoke_device_async (self->client, device_id, g_task_get_cancellable (task),
                                   revoked_cb, task);
  }
}

static void
start_sign_out (AcAccount           *self,
                GPtrArray           *device_ids,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SignOut *sign_out = g_new0 (SignOut, 1);

  g_task_set_source_tag (task, source_tag);
  sign_out->device_ids = device_ids;
  g_task_set_task_data (task, sign_out, (GDestroyNotify) sign_out_free);
  sign_out_next (task);
}

/**
 * ac_account_sign_out_device_async:
 * @device_id: ac_device_get_device_id() of another device (signing this computer out is
 *   ac_session_sign_out())
 *
 * Signs that device out (`revoke-session`: every session it holds ends), then reads the
 * devices again (it shows offline).
 */
void
ac_account_sign_out_device_async (AcAccount           *self,
                                  const char          *device_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GPtrArray *ids;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (device_id != NULL && *device_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, g_strdup (device_id));
  start_sign_out (self, ids, ac_account_sign_out_device_async, cancellable, callback, user_data);
}

gboolean
ac_account_sign_out_device_finish (AcAccount     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_sign_out_device_async, error);
}

/**
 * ac_account_sign_out_other_devices_async:
 *
 * Signs out every online device of ac_account_get_devices() but this computer, one after the
 * other (a device already gone is skipped), then reads the devices again. The first failure
 * is the error; the others are still tried, unless the session itself ended.
 */
void
ac_account_sign_out_other_devices_async (AcAccount           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GListModel *devices;
  const char *this_id;
  GPtrArray *ids;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  devices = ac_account_get_devices (self);
  this_id = ac_account_get_this_device_id (self);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(AcDevice) device = g_list_model_get_item (devices, i);
      const char *id = ac_device_get_device_id (device);

      if (id != NULL && *id != '\0' && g_strcmp0 (id, this_id) != 0 && ac_device_get_online (device))
        g_ptr_array_add (ids, g_strdup (id));
    }

  start_sign_out (self, ids, ac_account_sign_out_other_devices_async, cancellable, callback,
                  user_data);
}

gboolean
ac_account_sign_out_other_devices_finish (AcAccount     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_sign_out_other_devices_async, error);
}

static void
unlinked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  const char *ext_idp_id = g_task_get_task_data (task);
  DevicesData *data = get_data (self);
  GListStore *store = data->stores[STORE_IDENTITIES];
  GError *error = NULL;

  if (!ac_client_unlink_identity_finish (AC_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Every account of that provider went; a load on its way would bring them back. */
  data->generations[STORE_IDENTITIES]++;
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(AcIdentity) identity = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (g_strcmp0 (ac_identity_get_ext_idp_id (identity), ext_idp_id) == 0)
        g_list_store_remove (store, i - 1);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_unlink_identity_async:
 * @ext_idp_id: ac_identity_get_ext_idp_id() of a linked account
 *
 * Unlinks the person's accounts of that provider; they leave ac_account_get_identities().
 * Refused with %AC_ERROR_NO_OTHER_LOGIN_METHOD when it is the only way left to sign in.
 */
void
ac_account_unlink_identity_async (AcAccount           *self,
                                  const char          *ext_idp_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (ext_idp_id != NULL && *ext_idp_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_unlink_identity_async);
  g_task_set_task_data (task, g_strdup (ext_idp_id), g_free);
  ac_client_unlink_identity_async (self->client, ext_idp_id, cancellable, unlinked_cb, task);
}

gboolean
ac_account_unlink_identity_finish (AcAccount     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_unlink_identity_async, error);
}

static void
registered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AcDevice) device = NULL;
  GError *error = NULL;

  device = ac_client_register_device_finish (AC_CLIENT (object), result, &error);
  if (device == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_register_device_async:
 * @device: this computer
 *
 * Registers (or updates) this computer in the person's list of devices (`create-device`):
 * its name, system, maker and model.
 */
void
ac_account_register_device_async (AcAccount           *self,
                                  AcDeviceInfo        *device,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (AC_IS_DEVICE_INFO (device));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_register_device_async);
  ac_client_register_device_async (self->client, device, cancellable, registered_cb, task);
}

gboolean
ac_account_register_device_finish (AcAccount     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ac_account_task_finish (self, result, ac_account_register_device_async, error);
}
