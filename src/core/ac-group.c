/* ac-group.c: a group the user belongs to (protocol-security.md §7, `get-my-group-list`)
 *
 * An item {code, name, description}; `code` is required.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-group"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-group.h"
#include "ac-json.h"

struct _AcGroup
{
  GObject  parent_instance;

  char    *code;
  char    *name;
  char    *description;
};

G_DEFINE_FINAL_TYPE (AcGroup, ac_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_group_finalize (GObject *object)
{
  AcGroup *self = (AcGroup *) object;

  g_free (self->code);
  g_free (self->name);
  g_free (self->description);

  G_OBJECT_CLASS (ac_group_parent_class)->finalize (object);
}

static void
ac_group_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AcGroup *self = AC_GROUP (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_group_class_init (AcGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_group_finalize;
  object_class->get_property = ac_group_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_group_init (AcGroup *self)
{
}

/**
 * ac_group_new_from_json:
 * @object: an item of `get-my-group-list`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the group, or %NULL with %AC_ERROR_INVALID_RESPONSE when `code` is
 *   missing or a member has the wrong type
 */
AcGroup *
ac_group_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(AcGroup) self = g_object_new (AC_TYPE_GROUP, NULL);

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the group is missing"));
      return NULL;
    }

  if (!ac_json_get_id (object, "code", TRUE, &self->code, error) ||
      !ac_json_get_string (object, "name", FALSE, &self->name, error) ||
      !ac_json_get_string (object, "description", FALSE, &self->description, error))
    {
      g_prefix_error (error, _("Group: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
ac_group_get_code (AcGroup *self)
{
  g_return_val_if_fail (AC_IS_GROUP (self), NULL);
  return self->code;
}

const char *
ac_group_get_name (AcGroup *self)
{
  g_return_val_if_fail (AC_IS_GROUP (self), NULL);
  return self->name;
}

const char *
ac_group_get_description (AcGroup *self)
{
  g_return_val_if_fail (AC_IS_GROUP (self), NULL);
  return self->description;
}

/**
 * ac_group_matches:
 * @self: a group
 * @needle: (nullable): what the person searches for
 *
 * Returns: whether @needle is in the name, code or description (case-insensitive); an empty
 *   needle matches every group
 */
gboolean
ac_group_matches (AcGroup    *self,
                  const char *needle)
{
  g_return_val_if_fail (AC_IS_GROUP (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  return ac_text_contains (self->name, needle) ||
         ac_text_contains (self->code, needle) ||
         ac_text_contains (self->description, needle);
}
