/* ac-login-record.c: one sign-in attempt of the user's history (protocol-security.md §6,
 * `get-my-login-history`)
 *
 * An item of `data.list`: {appId, appName, loginAt, clientIp, success, errorMessage, userAgent,
 * parsedUserAgent: {device, browser, os}, loginMethod}. `loginAt` and `success` are required;
 * `loginAt` may be ISO-8601 text or milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-login-record"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-device-private.h"
#include "ac-error.h"
#include "ac-json.h"
#include "ac-login-record.h"

struct _AcLoginRecord
{
  GObject     parent_instance;

  GDateTime  *login_at;
  gboolean    success;
  char       *error_message;
  char       *app_id;
  char       *app_name;
  char       *client_ip;
  char       *user_agent;
  char       *device;
  char       *browser;
  char       *os;
  char       *login_method;
};

G_DEFINE_FINAL_TYPE (AcLoginRecord, ac_login_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOGIN_AT,
  PROP_SUCCESS,
  PROP_ERROR_MESSAGE,
  PROP_APP_ID,
  PROP_APP_NAME,
  PROP_CLIENT_IP,
  PROP_USER_AGENT,
  PROP_DEVICE,
  PROP_BROWSER,
  PROP_OS,
  PROP_LOGIN_METHOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
ac_login_result_filter_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_LOGIN_RESULT_ANY, "AC_LOGIN_RESULT_ANY", "any" },
        { AC_LOGIN_RESULT_SUCCEEDED, "AC_LOGIN_RESULT_SUCCEEDED", "succeeded" },
        { AC_LOGIN_RESULT_FAILED, "AC_LOGIN_RESULT_FAILED", "failed" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcLoginResultFilter"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static void
ac_login_record_finalize (GObject *object)
{
  AcLoginRecord *self = (AcLoginRecord *) object;

  g_clear_pointer (&self->login_at, g_date_time_unref);
  g_free (self->error_message);
  g_free (self->app_id);
  g_free (self->app_name);
  g_free (self->client_ip);
  g_free (self->user_agent);
  g_free (self->device);
  g_free (self->browser);
  g_free (self->os);
  g_free (self->login_method);

  G_OBJECT_CLASS (ac_login_record_parent_class)->finalize (object);
}

static void
ac_login_record_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcLoginRecord *self = AC_LOGIN_RECORD (object);

  switch (prop_id)
    {
    case PROP_LOGIN_AT:
      g_value_set_boxed (value, self->login_at);
      break;
    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;
    case PROP_APP_NAME:
      g_value_set_string (value, self->app_name);
      break;
    case PROP_CLIENT_IP:
      g_value_set_string (value, self->client_ip);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_BROWSER:
      g_value_set_string (value, self->browser);
      break;
    case PROP_OS:
      g_value_set_string (value, self->os);
      break;
    case PROP_LOGIN_METHOD:
      g_value_set_string (value, self->login_method);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_login_record_class_init (AcLoginRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_login_record_finalize;
  object_class->get_property = ac_login_record_get_property;

  properties[PROP_LOGIN_AT] = g_param_spec_boxed ("login-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SUCCESS] = g_param_spec_boolean ("success", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_APP_ID] = g_param_spec_string ("app-id", NULL, NULL, NULL, flags);
  properties[PROP_APP_NAME] = g_param_spec_string ("app-name", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_IP] = g_param_spec_string ("client-ip", NULL, NULL, NULL, flags);
  properties[PROP_USER_AGENT] = g_param_spec_string ("user-agent", NULL, NULL, NULL, flags);
  properties[PROP_DEVICE] = g_param_spec_string ("device", NULL, NULL, NULL, flags);
  properties[PROP_BROWSER] = g_param_spec_string ("browser", NULL, NULL, NULL, flags);
  properties[PROP_OS] = g_param_spec_string ("os", NULL, NULL, NULL, flags);
  properties[PROP_LOGIN_METHOD] = g_param_spec_string ("login-method", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_login_record_init (AcLoginRecord *self)
{
}

/**
 * ac_login_record_new_from_json:
 * @object: an item of `data.list` of `get-my-login-history`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `loginAt` or `success` is missing or a member has the wrong type
 */
AcLoginRecord *
ac_login_record_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(AcLoginRecord) self = g_object_new (AC_TYPE_LOGIN_RECORD, NULL);
  JsonObject *parsed = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the sign-in record is missing"));
      return NULL;
    }

  if (!_ac_device_json_get_time (object, "loginAt", &self->login_at, error))
    goto fail;
  if (self->login_at == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a JSON member name */
                   _("Malformed answer: “%s” is missing"), "loginAt");
      goto fail;
    }

  if (!ac_json_get_boolean (object, "success", TRUE, &self->success, error) ||
      !ac_json_get_string (object, "errorMessage", FALSE, &self->error_message, error) ||
      !ac_json_get_id (object, "appId", FALSE, &self->app_id, error) ||
      !ac_json_get_string (object, "appName", FALSE, &self->app_name, error) ||
      !ac_json_get_string (object, "clientIp", FALSE, &self->client_ip, error) ||
      !ac_json_get_string (object, "userAgent", FALSE, &self->user_agent, error) ||
      !ac_json_get_string (object, "loginMethod", FALSE, &self->login_method, error) ||
      !ac_json_get_object (object, "parsedUserAgent", FALSE, &parsed, error))
    goto fail;

  if (parsed != NULL &&
      (!ac_json_get_string (parsed, "device", FALSE, &self->device, error) ||
       !ac_json_get_string (parsed, "browser", FALSE, &self->browser, error) ||
       !ac_json_get_string (parsed, "os", FALSE, &self->os, error)))
    goto fail;

  return g_steal_pointer (&self);

fail:
  g_prefix_error (error, _("Sign-in record: "));
  return NULL;
}

#define GETTER(type, field, fallback)                              \
  type                                                             \
  ac_login_record_get_##field (AcLoginRecord *self)                \
  {                                                                \
    g_return_val_if_fail (AC_IS_LOGIN_RECORD (self), fallback);    \
    return self->field;                                            \
  }

GETTER (GDateTime *, login_at, NULL)
GETTER (gboolean, success, FALSE)
GETTER (const char *, error_message, NULL)
GETTER (const char *, app_id, NULL)
GETTER (const char *, app_name, NULL)
GETTER (const char *, client_ip, NULL)
GETTER (const char *, user_agent, NULL)
GETTER (const char *, device, NULL)
GETTER (const char *, browser, NULL)
GETTER (const char *, os, NULL)
GETTER (const char *, login_method, NULL)
