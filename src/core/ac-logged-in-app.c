/* ac-logged-in-app.c: an application the user is signed in to (protocol-security.md §6,
 * `get-my-logged-in-apps`)
 *
 * An item {appId, appName, appLogo, appLoginUrl, active}; `appId` is required, `active`
 * defaults to true (the list holds the applications signed in to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-logged-in-app"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-logged-in-app.h"

struct _AcLoggedInApp
{
  GObject   parent_instance;

  char     *app_id;
  char     *app_name;
  char     *app_logo;
  char     *login_url;
  gboolean  active;
};

G_DEFINE_FINAL_TYPE (AcLoggedInApp, ac_logged_in_app, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APP_ID,
  PROP_APP_NAME,
  PROP_APP_LOGO,
  PROP_LOGIN_URL,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_logged_in_app_finalize (GObject *object)
{
  AcLoggedInApp *self = (AcLoggedInApp *) object;

  g_free (self->app_id);
  g_free (self->app_name);
  g_free (self->app_logo);
  g_free (self->login_url);

  G_OBJECT_CLASS (ac_logged_in_app_parent_class)->finalize (object);
}

static void
ac_logged_in_app_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AcLoggedInApp *self = AC_LOGGED_IN_APP (object);

  switch (prop_id)
    {
    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;
    case PROP_APP_NAME:
      g_value_set_string (value, self->app_name);
      break;
    case PROP_APP_LOGO:
      g_value_set_string (value, self->app_logo);
      break;
    case PROP_LOGIN_URL:
      g_value_set_string (value, self->login_url);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_logged_in_app_class_init (AcLoggedInAppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_logged_in_app_finalize;
  object_class->get_property = ac_logged_in_app_get_property;

  properties[PROP_APP_ID] = g_param_spec_string ("app-id", NULL, NULL, NULL, flags);
  properties[PROP_APP_NAME] = g_param_spec_string ("app-name", NULL, NULL, NULL, flags);
  properties[PROP_APP_LOGO] = g_param_spec_string ("app-logo", NULL, NULL, NULL, flags);
  properties[PROP_LOGIN_URL] = g_param_spec_string ("login-url", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_logged_in_app_init (AcLoggedInApp *self)
{
  self->active = TRUE;
}

/**
 * ac_logged_in_app_new_from_json:
 * @object: an item of `get-my-logged-in-apps`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the application, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `appId` is missing or a member has the wrong type
 */
AcLoggedInApp *
ac_logged_in_app_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(AcLoggedInApp) self = g_object_new (AC_TYPE_LOGGED_IN_APP, NULL);

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the application is missing"));
      return NULL;
    }

  if (!ac_json_get_id (object, "appId", TRUE, &self->app_id, error) ||
      !ac_json_get_string (object, "appName", FALSE, &self->app_name, error) ||
      !ac_json_get_string (object, "appLogo", FALSE, &self->app_logo, error) ||
      !ac_json_get_string (object, "appLoginUrl", FALSE, &self->login_url, error) ||
      !ac_json_get_boolean (object, "active", FALSE, &self->active, error))
    {
      g_prefix_error (error, _("Application: "));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
ac_logged_in_app_get_app_id (AcLoggedInApp *self)
{
  g_return_val_if_fail (AC_IS_LOGGED_IN_APP (self), NULL);
  return self->app_id;
}

const char *
ac_logged_in_app_get_app_name (AcLoggedInApp *self)
{
  g_return_val_if_fail (AC_IS_LOGGED_IN_APP (self), NULL);
  return self->app_name;
}

const char *
ac_logged_in_app_get_app_logo (AcLoggedInApp *self)
{
  g_return_val_if_fail (AC_IS_LOGGED_IN_APP (self), NULL);
  return self->app_logo;
}

const char *
ac_logged_in_app_get_login_url (AcLoggedInApp *self)
{
  g_return_val_if_fail (AC_IS_LOGGED_IN_APP (self), NULL);
  return self->login_url;
}

gboolean
ac_logged_in_app_get_active (AcLoggedInApp *self)
{
  g_return_val_if_fail (AC_IS_LOGGED_IN_APP (self), FALSE);
  return self->active;
}
