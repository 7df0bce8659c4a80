/* ac-application.c: an application the user may access (authing-api.md §6.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-application.h"
#include "ac-error.h"
#include "ac-json.h"

struct _AcApplication
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *logo;
  char     *domain;
  char     *description;
  char     *protocol;
  char     *app_type;
  gboolean  is_integrate;
  char     *template_;
  char     *created_at;
  char     *updated_at;
};

G_DEFINE_FINAL_TYPE (AcApplication, ac_application, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LOGO,
  PROP_DOMAIN,
  PROP_DESCRIPTION,
  PROP_PROTOCOL,
  PROP_APP_TYPE,
  PROP_IS_INTEGRATE,
  PROP_TEMPLATE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_application_finalize (GObject *object)
{
  AcApplication *self = (AcApplication *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->logo);
  g_free (self->domain);
  g_free (self->description);
  g_free (self->protocol);
  g_free (self->app_type);
  g_free (self->template_);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (ac_application_parent_class)->finalize (object);
}

static void
ac_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AcApplication *self = AC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LOGO:
      g_value_set_string (value, self->logo);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;
    case PROP_APP_TYPE:
      g_value_set_string (value, self->app_type);
      break;
    case PROP_IS_INTEGRATE:
      g_value_set_boolean (value, self->is_integrate);
      break;
    case PROP_TEMPLATE:
      g_value_set_string (value, self->template_);
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
ac_application_class_init (AcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_application_finalize;
  object_class->get_property = ac_application_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LOGO] = g_param_spec_string ("logo", NULL, NULL, NULL, flags);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_PROTOCOL] = g_param_spec_string ("protocol", NULL, NULL, NULL, flags);
  properties[PROP_APP_TYPE] = g_param_spec_string ("app-type", NULL, NULL, NULL, flags);
  properties[PROP_IS_INTEGRATE] = g_param_spec_boolean ("is-integrate", NULL, NULL, FALSE, flags);
  properties[PROP_TEMPLATE] = g_param_spec_string ("template", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_application_init (AcApplication *self)
{
}

/**
 * ac_application_new_from_json:
 * @object: one item of `data.list` of `applications/allowed`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the application, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `id` is missing or a member has the wrong type
 */
AcApplication *
ac_application_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(AcApplication) self = g_object_new (AC_TYPE_APPLICATION, NULL);

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the application is missing"));
      return NULL;
    }

  if (!ac_json_get_id (object, "id", TRUE, &self->id, error) ||
      !ac_json_get_string (object, "name", FALSE, &self->name, error) ||
      !ac_json_get_string (object, "logo", FALSE, &self->logo, error) ||
      !ac_json_get_string (object, "domain", FALSE, &self->domain, error) ||
      !ac_json_get_string (object, "description", FALSE, &self->description, error) ||
      !ac_json_get_string (object, "protocol", FALSE, &self->protocol, error) ||
      !ac_json_get_string (object, "appType", FALSE, &self->app_type, error) ||
      !ac_json_get_boolean (object, "isIntegrate", FALSE, &self->is_integrate, error) ||
      !ac_json_get_string (object, "template", FALSE, &self->template_, error) ||
      !ac_json_get_string (object, "createdAt", FALSE, &self->created_at, error) ||
      !ac_json_get_string (object, "updatedAt", FALSE, &self->updated_at, error))
    {
      g_prefix_error (error, _("Application: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

#define GETTER(type, field, fallback)                              \
  type                                                             \
  ac_application_get_##field (AcApplication *self)                 \
  {                                                                \
    g_return_val_if_fail (AC_IS_APPLICATION (self), fallback);     \
    return self->field;                                            \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, name, NULL)
GETTER (const char *, logo, NULL)
GETTER (const char *, domain, NULL)
GETTER (const char *, description, NULL)
GETTER (const char *, protocol, NULL)
GETTER (const char *, app_type, NULL)
GETTER (gboolean, is_integrate, FALSE)
GETTER (const char *, created_at, NULL)
GETTER (const char *, updated_at, NULL)

const char *
ac_application_get_template (AcApplication *self)
{
  g_return_val_if_fail (AC_IS_APPLICATION (self), NULL);

  return self->template_;
}

/**
 * ac_application_matches:
 * @self: an application
 * @needle: (nullable): what the person searches for
 *
 * Returns: whether @needle is in the name, domain or description (case-insensitive); an empty
 *   needle matches every application
 */
gboolean
ac_application_matches (AcApplication *self,
                        const char    *needle)
{
  g_return_val_if_fail (AC_IS_APPLICATION (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  return ac_text_contains (self->name, needle) ||
         ac_text_contains (self->domain, needle) ||
         ac_text_contains (self->description, needle);
}
