/* ac-account.c: the person's data (user and stores), its state, and its lifetime
 *
 * Each store is a GListStore whose whole content is replaced with one g_list_store_splice(),
 * so a refresh is exactly one items-changed. A load that fails (or is cancelled) leaves its store
 * untouched; when two loads of one store overlap, only the last one started is applied.
 *
 * When the client forgets its user (sign-out, account deletion), every store is emptied. When
 * only the session expires, the stores keep their content so the pages can still show it while
 * the person signs in again.
 *
 * The reads are in ac-account-load.c, the writes in ac-account-write.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-account-private.h"

G_DEFINE_FINAL_TYPE (AcAccount, ac_account, G_TYPE_OBJECT)

GParamSpec *_ac_account_properties[AC_ACCOUNT_N_PROPS];
#define properties _ac_account_properties

enum {
  PART_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* Helpers shared with the other ac-account-*.c                                               */

void
_ac_account_replace_store (GListStore *store,
                           GPtrArray  *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (n_old == 0 && (items == NULL || items->len == 0))
    return;

  g_list_store_splice (store, 0, n_old,
                       items != NULL ? items->pdata : NULL,
                       items != NULL ? items->len : 0);
}

void
_ac_account_set_string (AcAccount   *self,
                        char       **field,
                        const char  *value,
                        guint        prop)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

void
_ac_account_set_uint (AcAccount *self,
                      guint     *field,
                      guint      value,
                      guint      prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

void
_ac_account_set_total (AcAccount *self,
                       guint      total)
{
  if (self->applications_total != total)
    {
      self->applications_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_APPLICATIONS_TOTAL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_APPLICATIONS_N_PAGES]);
    }
}

void
_ac_account_set_security_level (AcAccount       *self,
                                AcSecurityLevel *level)
{
  if (g_set_object (&self->security_level, level))
    g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_SECURITY_LEVEL]);
}

/* ------------------------------------------------------------------------------------------ */
/* Part state                                                                                 */

static AcLoadState
part_state (AcAccountPartState *state)
{
  return state->in_flight ? AC_LOAD_STATE_LOADING : state->settled;
}

static void
part_changed (AcAccount     *self,
              AcAccountPart  part)
{
  g_signal_emit (self, signals[PART_CHANGED], 0, part);
}

guint
_ac_account_part_begin (AcAccount     *self,
                        AcAccountPart  part)
{
  AcAccountPartState *state = &self->parts[part];
  gboolean was_loading = state->in_flight;

  state->generation++;
  state->in_flight = TRUE;
  if (!was_loading)
    part_changed (self, part);

  return state->generation;
}

gboolean
_ac_account_part_is_current (AcAccount     *self,
                             AcAccountPart  part,
                             guint          generation)
{
  return self->parts[part].generation == generation;
}

void
_ac_account_part_end (AcAccount     *self,
                      AcAccountPart  part,
                      guint          generation,
                      const GError  *error)
{
  AcAccountPartState *state = &self->parts[part];

  if (state->generation != generation || !state->in_flight)
    return;

  state->in_flight = FALSE;
  if (error == NULL)
    {
      state->settled = AC_LOAD_STATE_LOADED;
      g_clear_error (&state->error);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      state->settled = AC_LOAD_STATE_FAILED;
      g_clear_error (&state->error);
      state->error = g_error_copy (error);
    }
  part_changed (self, part);
}

guint
_ac_account_part_supersede (AcAccount     *self,
                            AcAccountPart  part)
{
  AcAccountPartState *state = &self->parts[part];

  state->generation++;
  if (state->in_flight)
    {
      state->in_flight = FALSE;
      part_changed (self, part);
    }
  return state->generation;
}

void
_ac_account_part_loaded (AcAccount     *self,
                         AcAccountPart  part)
{
  AcAccountPartState *state = &self->parts[part];

  if (state->settled == AC_LOAD_STATE_LOADED && state->error == NULL)
    return;

  state->settled = AC_LOAD_STATE_LOADED;
  g_clear_error (&state->error);
  part_changed (self, part);
}

static void
reset_parts (AcAccount *self)
{
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    {
      AcAccountPartState *state = &self->parts[i];
      gboolean changed = part_state (state) != AC_LOAD_STATE_NONE;

      /* Loads under way are not applied. */
      state->generation++;
      state->in_flight = FALSE;
      state->settled = AC_LOAD_STATE_NONE;
      g_clear_error (&state->error);
      if (changed)
        part_changed (self, i);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The client                                                                                 */

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

  /* Every answer that carries the user (sign-in, users/me, profile and avatar changes, token
   * refresh) makes it the current one. */
  if (user != NULL)
    _ac_account_part_loaded (self, AC_ACCOUNT_PART_USER);

  g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_USER]);
}

static void
client_expiry_changed_cb (AcAccount *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_TOKEN_EXPIRES_AT]);
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
    {
      self->user_id = g_strdup (ac_user_info_get_id (ac_client_get_user (self->client)));
      self->parts[AC_ACCOUNT_PART_USER].settled = AC_LOAD_STATE_LOADED;
    }

  g_signal_connect_object (self->client, "notify::user",
                           G_CALLBACK (client_user_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::token-expires-at",
                           G_CALLBACK (client_expiry_changed_cb), self,
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
  g_clear_pointer (&self->wanted_roles_namespace, g_free);
  g_clear_pointer (&self->wanted_resources_namespace, g_free);
  g_clear_pointer (&self->wanted_resources_type, g_free);
  for (guint i = 0; i < AC_ACCOUNT_N_PARTS; i++)
    g_clear_error (&self->parts[i].error);

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
    case AC_ACCOUNT_PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case AC_ACCOUNT_PROP_USER:
      g_value_set_object (value, ac_account_get_user (self));
      break;

    case AC_ACCOUNT_PROP_SECURITY_LEVEL:
      g_value_set_object (value, self->security_level);
      break;

    case AC_ACCOUNT_PROP_TOKEN_EXPIRES_AT:
      g_value_set_boxed (value, ac_account_get_token_expires_at (self));
      break;

    case AC_ACCOUNT_PROP_APPLICATIONS_PAGE:
      g_value_set_uint (value, self->applications_page);
      break;

    case AC_ACCOUNT_PROP_APPLICATIONS_PAGE_SIZE:
      g_value_set_uint (value, self->applications_page_size);
      break;

    case AC_ACCOUNT_PROP_APPLICATIONS_TOTAL:
      g_value_set_uint (value, self->applications_total);
      break;

    case AC_ACCOUNT_PROP_APPLICATIONS_N_PAGES:
      g_value_set_uint (value, ac_account_get_applications_n_pages (self));
      break;

    case AC_ACCOUNT_PROP_ROLES_NAMESPACE:
      g_value_set_string (value, self->roles_namespace);
      break;

    case AC_ACCOUNT_PROP_RESOURCES_NAMESPACE:
      g_value_set_string (value, self->resources_namespace);
      break;

    case AC_ACCOUNT_PROP_RESOURCES_TYPE:
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
    case AC_ACCOUNT_PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case AC_ACCOUNT_PROP_APPLICATIONS_PAGE_SIZE:
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
   * The client that fills the stores and sends the writes.
   */
  properties[AC_ACCOUNT_PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, AC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:user:
   *
   * The person, as the server last said: after signing in, users/me, or a write that answers
   * with the user (see #AcClient:user). The one source of truth for every page.
   */
  properties[AC_ACCOUNT_PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, AC_TYPE_USER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:security-level:
   *
   * The last security level loaded, or %NULL.
   */
  properties[AC_ACCOUNT_PROP_SECURITY_LEVEL] =
    g_param_spec_object ("security-level", NULL, NULL, AC_TYPE_SECURITY_LEVEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:token-expires-at:
   *
   * When the session's token expires, or %NULL when unknown (or signed out).
   */
  properties[AC_ACCOUNT_PROP_TOKEN_EXPIRES_AT] =
    g_param_spec_boxed ("token-expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-page:
   *
   * The page shown in the applications store, from 1.
   */
  properties[AC_ACCOUNT_PROP_APPLICATIONS_PAGE] =
    g_param_spec_uint ("applications-page", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-page-size:
   *
   * Applications per page; takes effect at the next load.
   */
  properties[AC_ACCOUNT_PROP_APPLICATIONS_PAGE_SIZE] =
    g_param_spec_uint ("applications-page-size", NULL, NULL, 1, 1000, AC_ACCOUNT_DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-total:
   *
   * The number of applications over all pages, as the server last said.
   */
  properties[AC_ACCOUNT_PROP_APPLICATIONS_TOTAL] =
    g_param_spec_uint ("applications-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:applications-n-pages:
   *
   * The number of pages (at least 1).
   */
  properties[AC_ACCOUNT_PROP_APPLICATIONS_N_PAGES] =
    g_param_spec_uint ("applications-n-pages", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:roles-namespace:
   *
   * The namespace the roles store was loaded for (%NULL: every namespace).
   */
  properties[AC_ACCOUNT_PROP_ROLES_NAMESPACE] =
    g_param_spec_string ("roles-namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:resources-namespace:
   *
   * The namespace the resources store was loaded for.
   */
  properties[AC_ACCOUNT_PROP_RESOURCES_NAMESPACE] =
    g_param_spec_string ("resources-namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AcAccount:resources-type:
   *
   * The resource type the resources store was loaded for (%NULL: every type).
   */
  properties[AC_ACCOUNT_PROP_RESOURCES_TYPE] =
    g_param_spec_string ("resources-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, AC_ACCOUNT_N_PROPS, properties);

  /**
   * AcAccount::part-changed:
   * @part: the #AcAccountPart
   *
   * The state or the error of a part changed (see ac_account_get_part_state()).
   */
  signals[PART_CHANGED] =
    g_signal_new ("part-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
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

  /* What the pages show first: page 1 of the applications, the roles of every namespace, and
   * the resources of every type in the default namespace. */
  self->wanted_applications_page = 1;
  self->wanted_roles_namespace = NULL;
  self->wanted_resources_namespace = g_strdup (AC_ACCOUNT_DEFAULT_NAMESPACE);
  self->wanted_resources_type = NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Getters                                                                                    */

/**
 * ac_account_new:
 * @client: the client to load and write with
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
 * Returns: (transfer none): the client (for the session; pages never use it)
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
 * ac_account_get_signed_in:
 * @self: an account
 *
 * Returns: whether the account's client holds a token (a session is open with it, or was
 *   until the server said it expired)
 */
gboolean
ac_account_get_signed_in (AcAccount *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), FALSE);
  return self->client != NULL && ac_client_get_signed_in (self->client);
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
 * ac_account_get_token_expires_at:
 *
 * Returns: (transfer none) (nullable): when the token expires: the client's own idea, else
 *   what the user said at sign-in (also after the token expired)
 */
GDateTime *
ac_account_get_token_expires_at (AcAccount *self)
{
  GDateTime *expires;
  AcUserInfo *user;

  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);

  if (self->client == NULL)
    return NULL;

  expires = ac_client_get_token_expires_at (self->client);
  if (expires == NULL && (user = ac_client_get_user (self->client)) != NULL)
    expires = ac_user_info_get_token_expired_at (user);

  return expires;
}

/**
 * ac_account_get_part_state:
 * @self: a #AcAccount
 * @part: an #AcAccountPart
 *
 * Returns: whether @part was never asked for, is loading, or what its last load did
 */
AcLoadState
ac_account_get_part_state (AcAccount     *self,
                           AcAccountPart  part)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), AC_LOAD_STATE_NONE);
  g_return_val_if_fail (part < AC_ACCOUNT_N_PARTS, AC_LOAD_STATE_NONE);

  return part_state (&self->parts[part]);
}

/**
 * ac_account_get_part_error:
 *
 * Returns: (nullable): why the last load of @part failed (%AC_LOAD_STATE_FAILED), else %NULL
 */
const GError *
ac_account_get_part_error (AcAccount     *self,
                           AcAccountPart  part)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (part < AC_ACCOUNT_N_PARTS, NULL);

  return part_state (&self->parts[part]) == AC_LOAD_STATE_FAILED ? self->parts[part].error : NULL;
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_APPLICATIONS_PAGE_SIZE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[AC_ACCOUNT_PROP_APPLICATIONS_N_PAGES]);
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
 * Empties every store, forgets the security level and what the filtered stores were asked
 * for; loads under way are not applied.
 */
void
ac_account_clear (AcAccount *self)
{
  g_return_if_fail (AC_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  reset_parts (self);
  _ac_account_replace_store (self->applications, NULL);
  _ac_account_replace_store (self->organizations, NULL);
  _ac_account_replace_store (self->roles, NULL);
  _ac_account_replace_store (self->resources, NULL);
  _ac_account_replace_store (self->custom_fields, NULL);
  g_clear_object (&self->forest);
  _ac_account_set_security_level (self, NULL);
  _ac_account_set_uint (self, &self->applications_page, 1, AC_ACCOUNT_PROP_APPLICATIONS_PAGE);
  _ac_account_set_total (self, 0);

  self->wanted_applications_page = 1;
  g_clear_pointer (&self->wanted_roles_namespace, g_free);
  g_free (self->wanted_resources_namespace);
  self->wanted_resources_namespace = g_strdup (AC_ACCOUNT_DEFAULT_NAMESPACE);
  g_clear_pointer (&self->wanted_resources_type, g_free);
  g_object_thaw_notify (G_OBJECT (self));
}
