/* ac-role.c: a role of the user (authing-api.md §6.11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-role.h"

struct _AcRole
{
  GObject   parent_instance;

  char     *id;
  char     *code;
  char     *description;
  char     *parent_code;
  gboolean  is_system;
  char     *namespace_;
  char     *namespace_id;
  char     *arn;
  char     *user_pool_id;
  char     *created_at;
  char     *updated_at;
};

G_DEFINE_FINAL_TYPE (AcRole, ac_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_DESCRIPTION,
  PROP_PARENT_CODE,
  PROP_IS_SYSTEM,
  PROP_NAMESPACE,
  PROP_NAMESPACE_ID,
  PROP_ARN,
  PROP_USER_POOL_ID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_role_finalize (GObject *object)
{
  AcRole *self = (AcRole *) object;

  g_free (self->id);
  g_free (self->code);
  g_free (self->description);
  g_free (self->parent_code);
  g_free (self->namespace_);
  g_free (self->namespace_id);
  g_free (self->arn);
  g_free (self->user_pool_id);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (ac_role_parent_class)->finalize (object);
}

static void
ac_role_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  AcRole *self = AC_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_PARENT_CODE:
      g_value_set_string (value, self->parent_code);
      break;
    case PROP_IS_SYSTEM:
      g_value_set_boolean (value, self->is_system);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;
    case PROP_NAMESPACE_ID:
      g_value_set_string (value, self->namespace_id);
      break;
    case PROP_ARN:
      g_value_set_string (value, self->arn);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_role_class_init (AcRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_role_finalize;
  object_class->get_property = ac_role_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_PARENT_CODE] = g_param_spec_string ("parent-code", NULL, NULL, NULL, flags);
  properties[PROP_IS_SYSTEM] = g_param_spec_boolean ("is-system", NULL, NULL, FALSE, flags);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, flags);
  properties[PROP_NAMESPACE_ID] = g_param_spec_string ("namespace-id", NULL, NULL, NULL, flags);
  properties[PROP_ARN] = g_param_spec_string ("arn", NULL, NULL, NULL, flags);
  properties[PROP_USER_POOL_ID] = g_param_spec_string ("user-pool-id", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_role_init (AcRole *self)
{
}

/**
 * ac_role_new_from_json:
 * @object: one item of the `users/me/roles` array (or of the GraphQL `roles.list`)
 * @error: return location for a #GError
 *
 * `code` is required (`id` is not: the GraphQL selection of a role's parent has none).
 * `namespaceId` is an integer or a string in the wild; both are kept as text. A GraphQL
 * `parent {code}` object stands for a missing `parentCode`.
 *
 * Returns: (transfer full): the role, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
AcRole *
ac_role_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(AcRole) self = g_object_new (AC_TYPE_ROLE, NULL);
  JsonObject *parent = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the role is missing"));
      return NULL;
    }

  if (!ac_json_get_id (object, "id", FALSE, &self->id, error) ||
      !ac_json_get_string (object, "code", TRUE, &self->code, error) ||
      !ac_json_get_string (object, "description", FALSE, &self->description, error) ||
      !ac_json_get_string (object, "parentCode", FALSE, &self->parent_code, error) ||
      !ac_json_get_boolean (object, "isSystem", FALSE, &self->is_system, error) ||
      !ac_json_get_id (object, "namespace", FALSE, &self->namespace_, error) ||
      !ac_json_get_id (object, "namespaceId", FALSE, &self->namespace_id, error) ||
      !ac_json_get_string (object, "arn", FALSE, &self->arn, error) ||
      !ac_json_get_string (object, "userPoolId", FALSE, &self->user_pool_id, error) ||
      !ac_json_get_string (object, "createdAt", FALSE, &self->created_at, error) ||
      !ac_json_get_string (object, "updatedAt", FALSE, &self->updated_at, error) ||
      !ac_json_get_object (object, "parent", FALSE, &parent, error))
    {
      g_prefix_error (error, _("Role: "));
      return NULL;
    }

  if (*self->code == '\0')
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Role: Malformed answer: “code” is empty"));
      return NULL;
    }

  if (self->parent_code == NULL && parent != NULL &&
      !ac_json_get_string (parent, "code", FALSE, &self->parent_code, error))
    {
      g_prefix_error (error, _("Role: parent: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

#define GETTER(type, name, field, fallback)             \
  type                                                  \
  ac_role_get_##name (AcRole *self)                     \
  {                                                     \
    g_return_val_if_fail (AC_IS_ROLE (self), fallback); \
    return self->field;                                 \
  }

GETTER (const char *, id, id, NULL)
GETTER (const char *, code, code, NULL)
GETTER (const char *, description, description, NULL)
GETTER (const char *, parent_code, parent_code, NULL)
GETTER (gboolean, is_system, is_system, FALSE)
GETTER (const char *, namespace, namespace_, NULL)
GETTER (const char *, namespace_id, namespace_id, NULL)
GETTER (const char *, arn, arn, NULL)
GETTER (const char *, user_pool_id, user_pool_id, NULL)
GETTER (const char *, created_at, created_at, NULL)
GETTER (const char *, updated_at, updated_at, NULL)

/**
 * ac_role_matches:
 * @self: a role
 * @needle: (nullable): what the person searches for
 *
 * Returns: whether @needle is in the code, description or namespace (case-insensitive)
 */
gboolean
ac_role_matches (AcRole     *self,
                 const char *needle)
{
  g_return_val_if_fail (AC_IS_ROLE (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  return ac_text_contains (self->code, needle) ||
         ac_text_contains (self->description, needle) ||
         ac_text_contains (self->namespace_, needle);
}
