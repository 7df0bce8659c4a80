/* ac-resource.c: a resource the user is authorized for (authing-api.md §6.12)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-resource"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-resource.h"

static const struct {
  AcResourceType  type;
  const char     *wire;
} resource_types[] = {
  { AC_RESOURCE_TYPE_DATA, "DATA" },
  { AC_RESOURCE_TYPE_API, "API" },
  { AC_RESOURCE_TYPE_MENU, "MENU" },
  { AC_RESOURCE_TYPE_UI, "UI" },
  { AC_RESOURCE_TYPE_BUTTON, "BUTTON" },
};

GType
ac_resource_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_RESOURCE_TYPE_UNKNOWN, "AC_RESOURCE_TYPE_UNKNOWN", "unknown" },
        { AC_RESOURCE_TYPE_DATA, "AC_RESOURCE_TYPE_DATA", "data" },
        { AC_RESOURCE_TYPE_API, "AC_RESOURCE_TYPE_API", "api" },
        { AC_RESOURCE_TYPE_MENU, "AC_RESOURCE_TYPE_MENU", "menu" },
        { AC_RESOURCE_TYPE_UI, "AC_RESOURCE_TYPE_UI", "ui" },
        { AC_RESOURCE_TYPE_BUTTON, "AC_RESOURCE_TYPE_BUTTON", "button" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcResourceType"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * ac_resource_type_to_string:
 *
 * Returns: (nullable): the wire name (`DATA`, `API`, ...), %NULL for %AC_RESOURCE_TYPE_UNKNOWN
 */
const char *
ac_resource_type_to_string (AcResourceType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (resource_types); i++)
    if (resource_types[i].type == type)
      return resource_types[i].wire;

  return NULL;
}

/**
 * ac_resource_type_from_string:
 * @string: (nullable): a wire name such as `DATA` (case-insensitive)
 *
 * Returns: the type, %AC_RESOURCE_TYPE_UNKNOWN for anything else
 */
AcResourceType
ac_resource_type_from_string (const char *string)
{
  if (string == NULL)
    return AC_RESOURCE_TYPE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (resource_types); i++)
    if (g_ascii_strcasecmp (resource_types[i].wire, string) == 0)
      return resource_types[i].type;

  return AC_RESOURCE_TYPE_UNKNOWN;
}

/**
 * ac_resource_type_get_label:
 *
 * Returns: a translated name of the type, for filters and rows
 */
const char *
ac_resource_type_get_label (AcResourceType type)
{
  switch (type)
    {
    case AC_RESOURCE_TYPE_DATA:
      /* Translators: a kind of authorized resource */
      return C_("resource type", "Data");
    case AC_RESOURCE_TYPE_API:
      /* Translators: a kind of authorized resource */
      return C_("resource type", "API");
    case AC_RESOURCE_TYPE_MENU:
      /* Translators: a kind of authorized resource */
      return C_("resource type", "Menu");
    case AC_RESOURCE_TYPE_UI:
      /* Translators: a kind of authorized resource (user interface element) */
      return C_("resource type", "UI");
    case AC_RESOURCE_TYPE_BUTTON:
      /* Translators: a kind of authorized resource */
      return C_("resource type", "Button");
    case AC_RESOURCE_TYPE_UNKNOWN:
    default:
      /* Translators: a kind of authorized resource the app does not know */
      return C_("resource type", "Other");
    }
}

struct _AcResource
{
  GObject         parent_instance;

  char           *code;
  AcResourceType  type;
  char           *type_string;
  GStrv           actions;
  char           *api_identifier;
  char           *namespace_;
};

G_DEFINE_FINAL_TYPE (AcResource, ac_resource, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_RESOURCE_TYPE,
  PROP_TYPE_STRING,
  PROP_ACTIONS,
  PROP_API_IDENTIFIER,
  PROP_NAMESPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_resource_finalize (GObject *object)
{
  AcResource *self = (AcResource *) object;

  g_free (self->code);
  g_free (self->type_string);
  g_strfreev (self->actions);
  g_free (self->api_identifier);
  g_free (self->namespace_);

  G_OBJECT_CLASS (ac_resource_parent_class)->finalize (object);
}

static void
ac_resource_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AcResource *self = AC_RESOURCE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_RESOURCE_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_TYPE_STRING:
      g_value_set_string (value, self->type_string);
      break;
    case PROP_ACTIONS:
      g_value_set_boxed (value, self->actions);
      break;
    case PROP_API_IDENTIFIER:
      g_value_set_string (value, self->api_identifier);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_resource_class_init (AcResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_resource_finalize;
  object_class->get_property = ac_resource_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_RESOURCE_TYPE] =
    g_param_spec_enum ("resource-type", NULL, NULL, AC_TYPE_RESOURCE_TYPE,
                       AC_RESOURCE_TYPE_UNKNOWN, flags);
  properties[PROP_TYPE_STRING] = g_param_spec_string ("type-string", NULL, NULL, NULL, flags);
  properties[PROP_ACTIONS] = g_param_spec_boxed ("actions", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_API_IDENTIFIER] = g_param_spec_string ("api-identifier", NULL, NULL, NULL, flags);
  /**
   * AcResource:namespace:
   *
   * The namespace the client asked for (not on the wire); set with ac_resource_set_namespace().
   */
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL, flags | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_resource_init (AcResource *self)
{
}

/**
 * ac_resource_new_from_json:
 * @object: one item of `data.list` of `resource/authorized`
 * @error: return location for a #GError
 *
 * `code` is required. A missing `actions` (MENU items have none) is an empty list; an unknown
 * `type` is %AC_RESOURCE_TYPE_UNKNOWN with the wire text kept.
 *
 * Returns: (transfer full): the resource, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
AcResource *
ac_resource_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(AcResource) self = g_object_new (AC_TYPE_RESOURCE, NULL);

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the resource is missing"));
      return NULL;
    }

  if (!ac_json_get_string (object, "code", TRUE, &self->code, error) ||
      !ac_json_get_string (object, "type", FALSE, &self->type_string, error) ||
      !ac_json_get_strv (object, "actions", FALSE, &self->actions, error) ||
      !ac_json_get_string (object, "apiIdentifier", FALSE, &self->api_identifier, error))
    {
      g_prefix_error (error, _("Resource: "));
      return NULL;
    }

  if (*self->code == '\0')
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Resource: Malformed answer: “code” is empty"));
      return NULL;
    }

  if (self->actions == NULL)
    self->actions = g_new0 (char *, 1);

  self->type = ac_resource_type_from_string (self->type_string);

  return g_steal_pointer (&self);
}

const char *
ac_resource_get_code (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), NULL);

  return self->code;
}

AcResourceType
ac_resource_get_resource_type (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), AC_RESOURCE_TYPE_UNKNOWN);

  return self->type;
}

/**
 * ac_resource_get_type_string:
 *
 * Returns: (nullable): the `type` as the service sent it
 */
const char *
ac_resource_get_type_string (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), NULL);

  return self->type_string;
}

/**
 * ac_resource_get_actions:
 *
 * Returns: (transfer none): the actions, never %NULL (empty when the service sent none)
 */
const char * const *
ac_resource_get_actions (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), NULL);

  return (const char * const *) self->actions;
}

const char *
ac_resource_get_api_identifier (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), NULL);

  return self->api_identifier;
}

const char *
ac_resource_get_namespace (AcResource *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), NULL);

  return self->namespace_;
}

/**
 * ac_resource_set_namespace:
 * @self: a resource
 * @namespace_: (nullable): the namespace the resources were asked for in
 *
 * Records the namespace (not on the wire). Notifies #AcResource:namespace when it changes.
 */
void
ac_resource_set_namespace (AcResource *self,
                           const char *namespace_)
{
  g_return_if_fail (AC_IS_RESOURCE (self));

  if (g_strcmp0 (self->namespace_, namespace_) == 0)
    return;

  g_free (self->namespace_);
  self->namespace_ = g_strdup (namespace_);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
}

/**
 * ac_resource_matches:
 * @self: a resource
 * @needle: (nullable): what the person searches for
 *
 * Returns: whether @needle is in the code, the API identifier or one of the actions
 *   (case-insensitive)
 */
gboolean
ac_resource_matches (AcResource *self,
                     const char *needle)
{
  g_return_val_if_fail (AC_IS_RESOURCE (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  if (ac_text_contains (self->code, needle) || ac_text_contains (self->api_identifier, needle))
    return TRUE;

  for (guint i = 0; self->actions[i] != NULL; i++)
    if (ac_text_contains (self->actions[i], needle))
      return TRUE;

  return FALSE;
}
