/* ac-organization.c: an organization or a node of its tree (authing-api.md §6.10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-organization"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-organization-private.h"

GType
ac_organization_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_ORGANIZATION_KIND_ORG, "AC_ORGANIZATION_KIND_ORG", "org" },
        { AC_ORGANIZATION_KIND_NODE, "AC_ORGANIZATION_KIND_NODE", "node" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcOrganizationKind"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

struct _AcOrganization
{
  GObject             parent_instance;

  AcOrganizationKind  kind;
  char               *id;
  char               *org_id;
  char               *root_node_id;
  char               *name;
  char               *code;
  char               *description;
  char               *logo;
  char               *leader_user_id;
  gint64              order;
  char               *user_pool_id;
  char               *created_at;
  char               *updated_at;
  gboolean            is_member;
  GListStore         *children;
};

G_DEFINE_FINAL_TYPE (AcOrganization, ac_organization, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_ORG_ID,
  PROP_ROOT_NODE_ID,
  PROP_NAME,
  PROP_CODE,
  PROP_DESCRIPTION,
  PROP_LOGO,
  PROP_LEADER_USER_ID,
  PROP_ORDER,
  PROP_USER_POOL_ID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_IS_MEMBER,
  PROP_CHILDREN,
  PROP_N_CHILDREN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_organization_dispose (GObject *object)
{
  AcOrganization *self = (AcOrganization *) object;

  g_clear_object (&self->children);

  G_OBJECT_CLASS (ac_organization_parent_class)->dispose (object);
}

static void
ac_organization_finalize (GObject *object)
{
  AcOrganization *self = (AcOrganization *) object;

  g_free (self->id);
  g_free (self->org_id);
  g_free (self->root_node_id);
  g_free (self->name);
  g_free (self->code);
  g_free (self->description);
  g_free (self->logo);
  g_free (self->leader_user_id);
  g_free (self->user_pool_id);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (ac_organization_parent_class)->finalize (object);
}

static void
ac_organization_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcOrganization *self = AC_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ORG_ID:
      g_value_set_string (value, self->org_id);
      break;
    case PROP_ROOT_NODE_ID:
      g_value_set_string (value, self->root_node_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_LOGO:
      g_value_set_string (value, self->logo);
      break;
    case PROP_LEADER_USER_ID:
      g_value_set_string (value, self->leader_user_id);
      break;
    case PROP_ORDER:
      g_value_set_int64 (value, self->order);
      break;
    case PROP_USER_POOL_ID:
      g_value_set_string (value, self->user_pool_id);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;
    case PROP_IS_MEMBER:
      g_value_set_boolean (value, self->is_member);
      break;
    case PROP_CHILDREN:
      g_value_set_object (value, ac_organization_get_children (self));
      break;
    case PROP_N_CHILDREN:
      g_value_set_uint (value, ac_organization_get_n_children (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_organization_class_init (AcOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ac_organization_dispose;
  object_class->finalize = ac_organization_finalize;
  object_class->get_property = ac_organization_get_property;

  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, AC_TYPE_ORGANIZATION_KIND,
                                             AC_ORGANIZATION_KIND_NODE, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ORG_ID] = g_param_spec_string ("org-id", NULL, NULL, NULL, flags);
  properties[PROP_ROOT_NODE_ID] = g_param_spec_string ("root-node-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_LOGO] = g_param_spec_string ("logo", NULL, NULL, NULL, flags);
  properties[PROP_LEADER_USER_ID] = g_param_spec_string ("leader-user-id", NULL, NULL, NULL, flags);
  properties[PROP_ORDER] = g_param_spec_int64 ("order", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_USER_POOL_ID] = g_param_spec_string ("user-pool-id", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);
  /**
   * AcOrganization:is-member:
   *
   * Whether the user belongs to this node itself (the last node of one of the listOrgs paths);
   * for an org item, whether the user belongs to its root node.
   */
  properties[PROP_IS_MEMBER] = g_param_spec_boolean ("is-member", NULL, NULL, FALSE, flags);
  properties[PROP_CHILDREN] = g_param_spec_object ("children", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_CHILDREN] = g_param_spec_uint ("n-children", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_organization_init (AcOrganization *self)
{
  self->kind = AC_ORGANIZATION_KIND_NODE;
  /* self->children is made when first needed: most items of a forest are leaves */
}

void
_ac_organization_fields_clear (AcOrganizationFields *fields)
{
  g_clear_pointer (&fields->id, g_free);
  g_clear_pointer (&fields->org_id, g_free);
  g_clear_pointer (&fields->root_node_id, g_free);
  g_clear_pointer (&fields->name, g_free);
  g_clear_pointer (&fields->code, g_free);
  g_clear_pointer (&fields->description, g_free);
  g_clear_pointer (&fields->logo, g_free);
  g_clear_pointer (&fields->leader_user_id, g_free);
  g_clear_pointer (&fields->user_pool_id, g_free);
  g_clear_pointer (&fields->created_at, g_free);
  g_clear_pointer (&fields->updated_at, g_free);
  fields->order = 0;
}

/* Reads and checks one element without making an object, so that AcOrgForest builds objects
 * only for the elements it keeps. On error @fields is left cleared. */
gboolean
_ac_organization_fields_read (JsonObject            *object,
                              AcOrganizationKind     kind,
                              AcOrganizationFields  *fields,
                              GError               **error)
{
  memset (fields, 0, sizeof *fields);

  if (!ac_json_get_id (object, "id", TRUE, &fields->id, error) ||
      !ac_json_get_string (object, "name", FALSE, &fields->name, error) ||
      !ac_json_get_string (object, "code", FALSE, &fields->code, error) ||
      !ac_json_get_string (object, "description", FALSE, &fields->description, error) ||
      !ac_json_get_string (object, "logo", FALSE, &fields->logo, error) ||
      !ac_json_get_id (object, "leaderUserId", FALSE, &fields->leader_user_id, error) ||
      !ac_json_get_int64 (object, "order", FALSE, &fields->order, error) ||
      !ac_json_get_string (object, "userPoolId", FALSE, &fields->user_pool_id, error) ||
      !ac_json_get_string (object, "createdAt", FALSE, &fields->created_at, error) ||
      !ac_json_get_string (object, "updatedAt", FALSE, &fields->updated_at, error))
    {
      _ac_organization_fields_clear (fields);
      return FALSE;
    }

  if (kind == AC_ORGANIZATION_KIND_ORG)
    {
      if (!ac_json_get_id (object, "rootNodeId", FALSE, &fields->root_node_id, error))
        {
          _ac_organization_fields_clear (fields);
          return FALSE;
        }
      fields->org_id = g_strdup (fields->id);
    }
  else
    {
      if (!ac_json_get_id (object, "orgId", FALSE, &fields->org_id, error))
        {
          _ac_organization_fields_clear (fields);
          return FALSE;
        }
    }

  return TRUE;
}

/* Makes the item from what _ac_organization_fields_read() read; takes the strings of @fields
 * and leaves it cleared. */
AcOrganization *
_ac_organization_new_from_fields (AcOrganizationKind    kind,
                                  AcOrganizationFields *fields)
{
  AcOrganization *self = g_object_new (AC_TYPE_ORGANIZATION, NULL);

  self->kind = kind;
  self->id = g_steal_pointer (&fields->id);
  self->org_id = g_steal_pointer (&fields->org_id);
  self->root_node_id = g_steal_pointer (&fields->root_node_id);
  self->name = g_steal_pointer (&fields->name);
  self->code = g_steal_pointer (&fields->code);
  self->description = g_steal_pointer (&fields->description);
  self->logo = g_steal_pointer (&fields->logo);
  self->leader_user_id = g_steal_pointer (&fields->leader_user_id);
  self->order = fields->order;
  self->user_pool_id = g_steal_pointer (&fields->user_pool_id);
  self->created_at = g_steal_pointer (&fields->created_at);
  self->updated_at = g_steal_pointer (&fields->updated_at);
  _ac_organization_fields_clear (fields);

  return self;
}

AcOrganization *
_ac_organization_new_from_json_as (JsonObject          *object,
                                   AcOrganizationKind   kind,
                                   GError             **error)
{
  AcOrganizationFields fields;

  if (!_ac_organization_fields_read (object, kind, &fields, error))
    return NULL;

  return _ac_organization_new_from_fields (kind, &fields);
}

/**
 * ac_organization_new_from_json:
 * @object: one element of a listOrgs path
 * @error: return location for a #GError
 *
 * Builds one org (`"type": "org"`) or node (`"type": "node"`) element, without children. When
 * `type` is missing, an element with `orgId` is a node and any other an org. `id` is
 * required; another `type` or a member of the wrong type gives %AC_ERROR_INVALID_RESPONSE.
 *
 * Returns: (transfer full): the item, or %NULL with @error set
 */
AcOrganization *
ac_organization_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autofree char *type = NULL;
  AcOrganizationKind kind;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the organization is missing"));
      return NULL;
    }

  if (!ac_json_get_string (object, "type", FALSE, &type, error))
    return NULL;

  if (type == NULL)
    kind = json_object_has_member (object, "orgId") ? AC_ORGANIZATION_KIND_NODE : AC_ORGANIZATION_KIND_ORG;
  else if (g_str_equal (type, "org"))
    kind = AC_ORGANIZATION_KIND_ORG;
  else if (g_str_equal (type, "node"))
    kind = AC_ORGANIZATION_KIND_NODE;
  else
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a value sent by the service */
                   _("Malformed answer: unknown organization type “%s”"), type);
      return NULL;
    }

  return _ac_organization_new_from_json_as (object, kind, error);
}

/* The org item shows its root node: name, code, description, leader and order. */
void
_ac_organization_adopt_root_node (AcOrganization *self,
                                  AcOrganization *root)
{
  g_return_if_fail (AC_IS_ORGANIZATION (self));
  g_return_if_fail (AC_IS_ORGANIZATION (root));

  if (root->name != NULL)
    {
      g_free (self->name);
      self->name = g_strdup (root->name);
    }
  if (root->code != NULL)
    {
      g_free (self->code);
      self->code = g_strdup (root->code);
    }
  if (self->description == NULL)
    self->description = g_strdup (root->description);
  if (self->leader_user_id == NULL)
    self->leader_user_id = g_strdup (root->leader_user_id);
  if (self->root_node_id == NULL)
    self->root_node_id = g_strdup (root->id);
  self->order = root->order;
}

void
_ac_organization_append_child (AcOrganization *self,
                               AcOrganization *child)
{
  g_return_if_fail (AC_IS_ORGANIZATION (self));
  g_return_if_fail (AC_IS_ORGANIZATION (child));

  g_list_store_append (G_LIST_STORE (ac_organization_get_children (self)), child);
}

void
_ac_organization_set_is_member (AcOrganization *self,
                                gboolean        is_member)
{
  g_return_if_fail (AC_IS_ORGANIZATION (self));

  is_member = !!is_member;
  if (self->is_member == is_member)
    return;

  self->is_member = is_member;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_MEMBER]);
}

/* Something to show for an item without a name: its code, else its id. */
void
_ac_organization_ensure_name (AcOrganization *self)
{
  g_return_if_fail (AC_IS_ORGANIZATION (self));

  if (self->name != NULL && *self->name != '\0')
    return;

  g_free (self->name);
  self->name = g_strdup (self->code != NULL && *self->code != '\0' ? self->code : self->id);
}

#define GETTER(type, field, fallback)                           \
  type                                                          \
  ac_organization_get_##field (AcOrganization *self)            \
  {                                                             \
    g_return_val_if_fail (AC_IS_ORGANIZATION (self), fallback); \
    return self->field;                                         \
  }

GETTER (AcOrganizationKind, kind, AC_ORGANIZATION_KIND_NODE)
GETTER (const char *, id, NULL)
GETTER (const char *, org_id, NULL)
GETTER (const char *, root_node_id, NULL)
GETTER (const char *, code, NULL)
GETTER (const char *, description, NULL)
GETTER (const char *, logo, NULL)
GETTER (const char *, leader_user_id, NULL)
GETTER (gint64, order, 0)
GETTER (const char *, user_pool_id, NULL)
GETTER (const char *, created_at, NULL)
GETTER (const char *, updated_at, NULL)
GETTER (gboolean, is_member, FALSE)

/**
 * ac_organization_get_name:
 *
 * Returns: (nullable): the name; for an org item, its root node's name
 */
const char *
ac_organization_get_name (AcOrganization *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (self), NULL);

  return self->name;
}

/**
 * ac_organization_get_children:
 *
 * Returns: (transfer none): a #GListModel of #AcOrganization, empty for a leaf
 */
GListModel *
ac_organization_get_children (AcOrganization *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (self), NULL);

  if (self->children == NULL)
    self->children = g_list_store_new (AC_TYPE_ORGANIZATION);

  return G_LIST_MODEL (self->children);
}

guint
ac_organization_get_n_children (AcOrganization *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (self), 0);

  if (self->children == NULL)
    return 0;

  return g_list_model_get_n_items (G_LIST_MODEL (self->children));
}

/**
 * ac_organization_get_child:
 *
 * Returns: (transfer none) (nullable): the child at @position
 */
AcOrganization *
ac_organization_get_child (AcOrganization *self,
                           guint           position)
{
  g_autoptr(AcOrganization) child = NULL;

  g_return_val_if_fail (AC_IS_ORGANIZATION (self), NULL);

  if (self->children == NULL)
    return NULL;

  child = g_list_model_get_item (G_LIST_MODEL (self->children), position);

  /* the store keeps it alive */
  return child;
}

/**
 * ac_organization_matches:
 * @self: an org or node
 * @needle: (nullable): what the person searches for
 *
 * Returns: whether @needle is in the name or code (case-insensitive); an empty needle matches
 */
gboolean
ac_organization_matches (AcOrganization *self,
                         const char     *needle)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  return ac_text_contains (self->name, needle) || ac_text_contains (self->code, needle);
}
