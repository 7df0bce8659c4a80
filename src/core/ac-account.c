/* ac-account.c: the stores the pages bind to, filled through one AcClient
 *
 * Each store is a GListStore whose whole content is replaced with one g_list_store_splice(),
 * so a refresh is exactly one items-changed. A load that fails (or is cancelled) leaves its store
 * untouched; when two loads of one store overlap, only the last one started is applied.
 *
 * When the client forgets its user (sign-out, account deletion), every store is emptied. When
 * only the session expires, the stores keep their content so the pages can still show it while
 * the person signs in again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-account.h"

struct _AcAccount
{
  GObject          parent_instance;

  AcClient        *client;
  char            *user_id;         /* whose data the stores hold */

  GListStore      *applications;
  guint            applications_page;
  guint            applications_page_size;
  guint            applications_total;

  GListStore      *organizations;
  AcOrgForest     *forest;

  GListStore      *roles;
  char            *roles_namespace;

  GListStore      *resources;
  char            *resources_namespace;
  char            *resources_type;

  GListStore      *custom_fields;
  AcSecurityLevel *security_level;

  /* One generation per store: a load applies its result only if no later load started. */
  guint            gen_applications;
  guint            gen_organizations;
  guint            gen_roles;
  guint            gen_resources;
  guint            gen_custom_fields;
  guint            gen_security_level;
};

G_DEFINE_FINAL_TYPE (AcAccount, ac_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_USER,
  PROP_SECURITY_LEVEL,
  PROP_APPLICATIONS_PAGE,
  PROP_APPLICATIONS_PAGE_SIZE,
  PROP_APPLICATIONS_TOTAL,
  PROP_APPLICATIONS_N_PAGES,
  PROP_ROLES_NAMESPACE,
  PROP_RESOURCES_NAMESPACE,
  PROP_RESOURCES_TYPE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
replace_store (GListStore *store,
               GPtrArray  *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (n_old == 0 && (items == NULL || items->len == 0))
    return;

  g_list_store_splice (store, 0, n_old,
                       items != NULL ? items->pdata : NULL,
                       items != NULL ? items->len : 0);
}

static void
set_string (AcAccount   *self,
            char       **field,
            const char  *value,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
    }
}

static void
set_uint (AcAccount  *self,
          guint      *field,
          guint       value,
          GParamSpec *pspec)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
    }
}

static void
set_security_level (AcAccount       *self,
                    AcSecurityLevel *level)
{
  if (g_set_object (&self->security_level, level))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY_LEVEL]);
}

static void
client_user_changed_cb (AcAccount  *self,
                        GParamSpec *pspec,
                        AcClient   *client)
{
  AcUserInfo *user = ac_client_get_user (client);
  const char *id = user != NULL ? ac_user_info_get_id (user) : NULL;

  /* Signed out or deleted: nothing of the account may stay on screen. Another person signed
   * in: neither may the previous one's. */
  if ((user == NULL && !ac_client_get_signed_in (client)) ||
      (id != NULL && self->user_id != NULL && g_strcmp0 (id, self->user_id) != 0))
    ac_account_clear (self);

  if (id != NULL || !ac_client_get_signed_in (client))
    {
      g_free (self->user_id);
      self->user_id = g_strdup (id);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                    */

static void
ac_account_constructed (GObject *object)
{
  AcAccount *self = AC_ACCOUNT (object);

  G_OBJECT_CLASS (ac_account_parent_class)->constructed (object);

  g_return_if_fail (AC_IS_CLIENT (self->client));

  if (ac_client_get_user (self->client) != NULL)
    self->user_id = g_strdup (ac_user_info_get_id (ac_client_get_user (self->client)));

  g_signal_connect_object (self->client, "notify::user",
                           G_CALLBACK (client_user_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ac_account_dispose (GObject *object)
{
  AcAccount *self = AC_ACCOUNT (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ac_account_parent_class)->dispose (object);
}

static void
ac_account_finalize (GObject *object)
{
  AcAccount *self = AC_ACCOUNT (object);

  g_clear_object (&self->applications);
  g_clear_object (&self->organizations);
  g_clear_object (&self->forest);
  g_clear_object (&self->roles);
  g_clear_object (&self->resources);
  g_clear_object (&self->custom_fields);
  g_clear_object (&self->security_level);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->roles_namespace, g_free);
  g_clear_pointer (&self->resources_namespace, g_free);
  g_clear_pointer (&self->resources_type, g_free);

  G_OBJECT_CLASS (ac_account_parent_class)->finalize (object);
}

static void
ac_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AcAccount *self = AC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_USER:
      g_value_set_object (value, ac_account_get_user (self));
      break;

    case PROP_SECURITY_LEVEL:
      g_value_set_object (value, self->security_level);
      break;

    case PROP_APPLICATIONS_PAGE:
      g_value_set_uint (value, self->applications_page);
      break;

    case PROP_APPLICATIONS_PAGE_SIZE:
      g_value_set_uint (value, self->applications_page_size);
      break;

    case PROP_APPLICATIONS_TOTAL:
      g_value_set_uint (value, self->applications_total);
      break;

    case PROP_APPLICATIONS_N_PAGES:
      g_value_set_uint (value, ac_account_get_applications_n_pages (self));
      break;

    case PROP_ROLES_NAMESPACE:
      g_value_set_string (value, self->roles_namespace);
      break;

    case PROP_RESOURCES_NAMESPACE:
      g_value_set_string (value, self->resources_namespace);
      break;

    case PROP_RESOURCES_TYPE:
      g_value_set_string (value, self->resources_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AcAccount *self = AC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_APPLICATIONS_PAGE_SIZE:
      ac_account_set_applications_page_size (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_account_class_init (AcAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ac_account_constructed;
  object_class->dispose = ac_account_dispose;
  object_class->finalize = ac_account_finalize;
  object_class->get_property = ac_account_get_property;
  object_class->set_property = ac_account_set_property;

  /**
   * AcAccount:client:
   *
   * The client that fills the stores.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, AC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:user:
   *
   * The client's current user (see #AcClient:user).
   */
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, AC_TYPE_USER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:security-level:
   *
   * The last security level loaded, or %NULL.
   */
  properties[PROP_SECURITY_LEVEL] =
    g_param_spec_object ("security-level", NULL, NULL, AC_TYPE_SECURITY_LEVEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-page:
   *
   * The page shown in the applications store, from 1.
   */
  properties[PROP_APPLICATIONS_PAGE] =
    g_param_spec_uint ("applications-page", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-page-size:
   *
   * Applications per page; takes effect at the next load.
   */
  properties[PROP_APPLICATIONS_PAGE_SIZE] =
    g_param_spec_uint ("applications-page-size", NULL, NULL, 1, 1000, AC_ACCOUNT_DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-total:
   *
   * The number of applications over all pages, as the server last said.
   */
  properties[PROP_APPLICATIONS_TOTAL] =
    g_param_spec_uint ("applications-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-n-pages:
   *
   * The number of pages (at least 1).
   */
  properties[PROP_APPLICATIONS_N_PAGES] =
    g_param_spec_uint ("applications-n-pages", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:roles-namespace:
   *
   * The namespace the roles store was loaded for (%NULL: every namespace).
   */
  properties[PROP_ROLES_NAMESPACE] =
    g_param_spec_string ("roles-namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:resources-namespace:
   *
   * The namespace the resources store was loaded for.
   */
  properties[PROP_RESOURCES_NAMESPACE] =
    g_param_spec_string ("resources-namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:resources-type:
   *
   * The resource type the resources store was loaded for (%NULL: every type).
   */
  properties[PROP_RESOURCES_TYPE] =
    g_param_spec_string ("resources-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_account_init (AcAccount *self)
{
  self->applications = g_list_store_new (AC_TYPE_APPLICATION);
  self->applications_page = 1;
  self->applications_page_size = AC_ACCOUNT_DEFAULT_PAGE_SIZE;
  self->organizations = g_list_store_new (AC_TYPE_ORGANIZATION);
  self->roles = g_list_store_new (AC_TYPE_ROLE);
  self->resources = g_list_store_new (AC_TYPE_RESOURCE);
  self->custom_fields = g_list_store_new (AC_TYPE_CUSTOM_FIELD);
}

/* ------------------------------------------------------------------------------------------ */
/* Getters                                                                                    */

/**
 * ac_account_new:
 * @client: the client to load with
 *
 * Returns: (transfer full): a new #AcAccount with empty stores
 */
AcAccount *
ac_account_new (AcClient *client)
{
  g_return_val_if_fail (AC_IS_CLIENT (client), NULL);

  return g_object_new (AC_TYPE_ACCOUNT, "client", client, NULL);
}

/**
 * ac_account_get_client:
 *
 * Returns: (transfer none): the client
 */
AcClient *
ac_account_get_client (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->client;
}

/**
 * ac_account_get_user:
 *
 * Returns: (transfer none) (nullable): the current user
 */
AcUserInfo *
ac_account_get_user (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->client != NULL ? ac_client_get_user (self->client) : NULL;
}

/**
 * ac_account_get_security_level:
 *
 * Returns: (transfer none) (nullable): the last security level loaded
 */
AcSecurityLevel *
ac_account_get_security_level (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->security_level;
}

/**
 * ac_account_get_applications:
 *
 * Returns: (transfer none): a #GListModel of #AcApplication, the current page
 */
GListModel *
ac_account_get_applications (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->applications);
}

guint
ac_account_get_applications_page (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), 1);
  return self->applications_page;
}

guint
ac_account_get_applications_page_size (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), AC_ACCOUNT_DEFAULT_PAGE_SIZE);
  return self->applications_page_size;
}

void
ac_account_set_applications_page_size (AcAccount *self,
                                       guint      page_size)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (page_size > 0);

  if (self->applications_page_size != page_size)
    {
      self->applications_page_size = page_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_PAGE_SIZE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_N_PAGES]);
    }
}

guint
ac_account_get_applications_total (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), 0);
  return self->applications_total;
}

guint
ac_account_get_applications_n_pages (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), 1);

  if (self->applications_total == 0)
    return 1;

  return (self->applications_total + self->applications_page_size - 1) / self->applications_page_size;
}

/**
 * ac_account_get_organizations:
 *
 * Returns: (transfer none): a #GListModel of the #AcOrganization roots of the forest; expand
 *   it with ac_org_forest_create_child_model()
 */
GListModel *
ac_account_get_organizations (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->organizations);
}

/**
 * ac_account_get_roles:
 *
 * Returns: (transfer none): a #GListModel of #AcRole
 */
GListModel *
ac_account_get_roles (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->roles);
}

const char *
ac_account_get_roles_namespace (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->roles_namespace;
}

/**
 * ac_account_get_resources:
 *
 * Returns: (transfer none): a #GListModel of #AcResource
 */
GListModel *
ac_account_get_resources (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->resources);
}

const char *
ac_account_get_resources_namespace (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->resources_namespace;
}

const char *
ac_account_get_resources_type (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return self->resources_type;
}

/**
 * ac_account_get_custom_fields:
 *
 * Returns: (transfer none): a #GListModel of #AcCustomField
 */
GListModel *
ac_account_get_custom_fields (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->custom_fields);
}

/**
 * ac_account_clear:
 * @self: a #AcAccount
 *
 * Empties every store and forgets the security level; loads under way are not applied.
 */
void
ac_account_clear (AcAccount *self)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));

  self->gen_applications++;
  self->gen_organizations++;
  self->gen_roles++;
  self->gen_resources++;
  self->gen_custom_fields++;
  self->gen_security_level++;

  g_object_freeze_notify (G_OBJECT (self));
  replace_store (self->applications, NULL);
  replace_store (self->organizations, NULL);
  replace_store (self->roles, NULL);
  replace_store (self->resources, NULL);
  replace_store (self->custom_fields, NULL);
  g_clear_object (&self->forest);
  set_security_level (self, NULL);
  set_uint (self, &self->applications_page, 1, properties[PROP_APPLICATIONS_PAGE]);
  if (self->applications_total != 0)
    {
      self->applications_total = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_TOTAL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_N_PAGES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Loading                                                                                    */

static gboolean
load_finish (AcAccount     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The task data of a load: the store generation it was started for, and what it asked for. */
typedef struct
{
  guint  generation;
  guint  page;          /* applications */
  char  *namespace_;    /* roles, resources */
  char  *type;          /* resources */
} Load;

static void
load_free (Load *load)
{
  g_free (load->namespace_);
  g_free (load->type);
  g_free (load);
}

/* Starts a task for a load that bumps *@generation: answers of older loads are not applied. */
static GTask *
load_task_new (AcAccount           *self,
               guint               *generation,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);

  g_task_set_source_tag (task, source_tag);
  load->generation = ++(*generation);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  return task;
}

/* load_task_new() with a namespace and a type (empty strings are %NULL). */
static GTask *
filtered_task_new (AcAccount           *self,
                   guint               *generation,
                   const char          *namespace_,
                   const char          *type,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = load_task_new (self, generation, source_tag, cancellable, callback, user_data);
  Load *load = g_task_get_task_data (task);

  load->namespace_ = g_strdup (namespace_ != NULL && *namespace_ != '\0' ? namespace_ : NULL);
  load->type = g_strdup (type != NULL && *type != '\0' ? type : NULL);

  return task;
}

static gboolean
is_current (GTask *task,
            guint  generation)
{
  Load *load = g_task_get_task_data (task);

  return load->generation == generation;
}

/* What every load does with the client's answer (@answer, or %NULL and @error): on failure,
 * or when @task was cancelled and @check_cancelled, returns that on @task and FALSE.
 * Otherwise TRUE: the caller applies @answer if is_current(), then returns TRUE on @task. */
static gboolean
load_answered (GTask    *task,
               gpointer  answer,
               GError   *error,
               gboolean  check_cancelled)
{
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return FALSE;
    }

  return !(check_cancelled && g_task_return_error_if_cancelled (task));
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

  user = ac_client_get_current_user_finish (AC_CLIENT (object), result, &error);
  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ac_account_load_user_async:
 *
 * Reloads the current user (the client's #AcClient:user, mirrored as #AcAccount:user).
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

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_load_user_async);

  ac_client_get_current_user_async (self->client, cancellable, user_loaded_cb, task);
}

gboolean
ac_account_load_user_finish (AcAccount     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return load_finish (self, result, ac_account_load_user_async, error);
}

/* Applications */

static void
applications_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  guint total = 0;

  items = ac_client_list_applications_finish (AC_CLIENT (object), result, &total, &error);
  if (!load_answered (task, items, error, TRUE))
    return;

  if (is_current (task, self->gen_applications))
    {
      g_object_freeze_notify (G_OBJECT (self));
      replace_store (self->applications, items);
      set_uint (self, &self->applications_page, load->page, properties[PROP_APPLICATIONS_PAGE]);
      if (self->applications_total != total)
        {
          self->applications_total = total;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_TOTAL]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATIONS_N_PAGES]);
        }
      g_object_thaw_notify (G_OBJECT (self));
    }

  g_task_return_boolean (task, TRUE);
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
  Load *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = load_task_new (self, &self->gen_applications, ac_account_load_applications_page_async,
                        cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  load->page = MAX (page, 1);

  ac_client_list_applications_async (self->client, load->page, self->applications_page_size,
                                     cancellable, applications_loaded_cb, task);
}

gboolean
ac_account_load_applications_page_finish (AcAccount     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return load_finish (self, result, ac_account_load_applications_page_async, error);
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
  if (!load_answered (task, forest, error, TRUE))
    return;

  if (is_current (task, self->gen_organizations))
    {
      GListModel *model = G_LIST_MODEL (forest);
      guint n = g_list_model_get_n_items (model);
      g_autoptr(GPtrArray) roots = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (roots, g_list_model_get_item (model, i));

      g_set_object (&self->forest, forest);
      replace_store (self->organizations, roots);
    }

  g_task_return_boolean (task, TRUE);
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

  task = load_task_new (self, &self->gen_organizations, ac_account_load_organizations_async,
                        cancellable, callback, user_data);
  ac_client_list_organizations_async (self->client, cancellable, organizations_loaded_cb, task);
}

gboolean
ac_account_load_organizations_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return load_finish (self, result, ac_account_load_organizations_async, error);
}

/* Roles */

static void
roles_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_list_roles_finish (AC_CLIENT (object), result, &error);
  if (!load_answered (task, items, error, TRUE))
    return;

  if (is_current (task, self->gen_roles))
    {
      replace_store (self->roles, items);
      set_string (self, &self->roles_namespace, load->namespace_, properties[PROP_ROLES_NAMESPACE]);
    }

  g_task_return_boolean (task, TRUE);
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
  Load *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = filtered_task_new (self, &self->gen_roles, namespace_, NULL,
                            ac_account_load_roles_async, cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  ac_client_list_roles_async (self->client, load->namespace_, cancellable, roles_loaded_cb, task);
}

gboolean
ac_account_load_roles_finish (AcAccount     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return load_finish (self, result, ac_account_load_roles_async, error);
}

/* Resources */

static void
resources_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = ac_client_list_resources_finish (AC_CLIENT (object), result, NULL, &error);
  if (!load_answered (task, items, error, TRUE))
    return;

  if (is_current (task, self->gen_resources))
    {
      g_object_freeze_notify (G_OBJECT (self));
      replace_store (self->resources, items);
      set_string (self, &self->resources_namespace, load->namespace_,
                  properties[PROP_RESOURCES_NAMESPACE]);
      set_string (self, &self->resources_type, load->type, properties[PROP_RESOURCES_TYPE]);
      g_object_thaw_notify (G_OBJECT (self));
    }

  g_task_return_boolean (task, TRUE);
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
  Load *load;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (namespace_ == NULL || *namespace_ == '\0')
    namespace_ = AC_ACCOUNT_DEFAULT_NAMESPACE;

  task = filtered_task_new (self, &self->gen_resources, namespace_, resource_type,
                            ac_account_load_resources_async, cancellable, callback, user_data);
  load = g_task_get_task_data (task);
  ac_client_list_resources_async (self->client, load->namespace_, load->type, cancellable,
                                  resources_loaded_cb, task);
}

gboolean
ac_account_load_resources_finish (AcAccount     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return load_finish (self, result, ac_account_load_resources_async, error);
}

/* Custom fields */

static void
custom_fields_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcAccount *self = g_task_get_source_object (task);
  gboolean saving = g_task_get_source_tag (task) == ac_account_save_custom_fields_async;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  if (saving)
    items = ac_client_set_custom_fields_finish (AC_CLIENT (object), result, &error);
  else
    items = ac_client_get_custom_fields_finish (AC_CLIENT (object), result, &error);

  /* A change the server accepted is applied even when the caller cancelled. */
  if (!load_answered (task, items, error, !saving))
    return;

  if (is_current (task, self->gen_custom_fields))
    replace_store (self->custom_fields, items);

  g_task_return_boolean (task, TRUE);
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

  task = load_task_new (self, &self->gen_custom_fields, ac_account_load_custom_fields_async,
                        cancellable, callback, user_data);
  ac_client_get_custom_fields_async (self->client, cancellable, custom_fields_loaded_cb, task);
}

gboolean
ac_account_load_custom_fields_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return load_finish (self, result, ac_account_load_custom_fields_async, error);
}

/**
 * ac_account_save_custom_fields_async:
 * @self: a #AcAccount
 * @values: field key → new value (see ac_client_set_custom_fields_async())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves custom field values; the store then holds what the server answered. Once sent, a
 * change that the server accepted is applied to the store even if @cancellable was cancelled.
 */
void
ac_account_save_custom_fields_async (AcAccount           *self,
                                     JsonObject          *values,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (values != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = load_task_new (self, &self->gen_custom_fields, ac_account_save_custom_fields_async,
                        cancellable, callback, user_data);
  ac_client_set_custom_fields_async (self->client, values, cancellable,
                                     custom_fields_loaded_cb, task);
}

gboolean
ac_account_save_custom_fields_finish (AcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return load_finish (self, result, ac_account_save_custom_fields_async, error);
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
  if (!load_answered (task, level, error, TRUE))
    return;

  if (is_current (task, self->gen_security_level))
    set_security_level (self, level);

  g_task_return_boolean (task, TRUE);
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

  task = load_task_new (self, &self->gen_security_level, ac_account_load_security_level_async,
                        cancellable, callback, user_data);
  ac_client_get_security_level_async (self->client, cancellable, security_level_loaded_cb, task);
}

gboolean
ac_account_load_security_level_finish (AcAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return load_finish (self, result, ac_account_load_security_level_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Everything at once                                                                         */

enum {
  PART_USER,
  PART_CUSTOM_FIELDS,
  PART_SECURITY_LEVEL,
  PART_APPLICATIONS,
  PART_ORGANIZATIONS,
  PART_ROLES,
  PART_RESOURCES,
  N_PARTS
};

typedef struct
{
  guint   pending;
  GError *errors[N_PARTS];
} LoadAll;

static void
load_all_free (LoadAll *state)
{
  for (guint i = 0; i < N_PARTS; i++)
    g_clear_error (&state->errors[i]);
  g_free (state);
}

typedef struct
{
  GTask *task;
  guint  part;
} LoadAllPart;

static void
load_all_part_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LoadAllPart *part = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&part->task);
  LoadAll *state = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    state->errors[part->part] = error;
  g_free (part);

  if (--state->pending > 0)
    return;

  /* The first error in the fixed order of the parts, so it does not depend on timing; a
   * cancellation wins over everything else. */
  for (guint i = 0; i < N_PARTS; i++)
    if (g_error_matches (state->errors[i], G_IO_ERROR, G_IO_ERROR_CANCELLED))
      {
        g_task_return_error (task, g_steal_pointer (&state->errors[i]));
        return;
      }

  for (guint i = 0; i < N_PARTS; i++)
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
  LoadAllPart *p = g_new0 (LoadAllPart, 1);

  p->task = g_object_ref (task);
  p->part = part;

  return p;
}

/**
 * ac_account_load_all_async:
 * @self: a #AcAccount
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts every read at once: the user, custom fields, security level, the first page of
 * applications, organizations, roles and resources of the "default" namespace (every type), and
 * completes when all have answered, so the whole account loads in about one round trip.
 *
 * Partial results are applied: every store whose read succeeded is filled, the others keep
 * their content. The error reported is the first failing read in the order above (a
 * cancellation first of all); when the session has expired every read fails with
 * %AC_ERROR_NOT_LOGGED_IN and #AcClient::session-expired is emitted once.
 */
void
ac_account_load_all_async (AcAccount           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadAll *state;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_load_all_async);
  state = g_new0 (LoadAll, 1);
  state->pending = N_PARTS;
  g_task_set_task_data (task, state, (GDestroyNotify) load_all_free);

  ac_account_load_user_async (self, cancellable, load_all_part_cb,
                              part_new (task, PART_USER));
  ac_account_load_custom_fields_async (self, cancellable, load_all_part_cb,
                                       part_new (task, PART_CUSTOM_FIELDS));
  ac_account_load_security_level_async (self, cancellable, load_all_part_cb,
                                        part_new (task, PART_SECURITY_LEVEL));
  ac_account_load_applications_page_async (self, 1, cancellable, load_all_part_cb,
                                           part_new (task, PART_APPLICATIONS));
  ac_account_load_organizations_async (self, cancellable, load_all_part_cb,
                                       part_new (task, PART_ORGANIZATIONS));
  ac_account_load_roles_async (self, AC_ACCOUNT_DEFAULT_NAMESPACE, cancellable, load_all_part_cb,
                               part_new (task, PART_ROLES));
  ac_account_load_resources_async (self, AC_ACCOUNT_DEFAULT_NAMESPACE, NULL, cancellable,
                                   load_all_part_cb, part_new (task, PART_RESOURCES));
}

gboolean
ac_account_load_all_finish (AcAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return load_finish (self, result, ac_account_load_all_async, error);
}
