/* ac-device.c: a device the user signed in from (protocol-security.md §6, `mydevices/list`)
 *
 * Built from an item of `mydevices/list`, `{device: {deviceId, name, version, type, os,
 * producer, mod, status}, lastLoginTime, lastIp, online}`, or from the bare device object that
 * `create-device` answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-device"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ac-device.h"
#include "ac-device-private.h"
#include "ac-error.h"
#include "ac-json.h"

struct _AcDevice
{
  GObject       parent_instance;

  char         *device_id;
  char         *name;
  char         *type_name;
  AcDeviceType  type;
  char         *os;
  char         *version;
  char         *producer;
  char         *model;
  char         *status;
  GDateTime    *last_login_time;
  char         *last_ip;
  gboolean      online;
};

G_DEFINE_FINAL_TYPE (AcDevice, ac_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_NAME,
  PROP_DEVICE_TYPE,
  PROP_TYPE_NAME,
  PROP_OS,
  PROP_VERSION,
  PROP_PRODUCER,
  PROP_MODEL,
  PROP_STATUS,
  PROP_LAST_LOGIN_TIME,
  PROP_LAST_IP,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
ac_device_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_DEVICE_TYPE_UNKNOWN, "AC_DEVICE_TYPE_UNKNOWN", "unknown" },
        { AC_DEVICE_TYPE_BROWSER, "AC_DEVICE_TYPE_BROWSER", "browser" },
        { AC_DEVICE_TYPE_MOBILE, "AC_DEVICE_TYPE_MOBILE", "mobile" },
        { AC_DEVICE_TYPE_DESKTOP, "AC_DEVICE_TYPE_DESKTOP", "desktop" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcDeviceType"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * ac_device_type_from_string:
 * @type_name: (nullable): `Browser`, `Mobile` or `Desktop` (any case)
 *
 * Returns: the type, %AC_DEVICE_TYPE_UNKNOWN for anything else
 */
AcDeviceType
ac_device_type_from_string (const char *type_name)
{
  if (type_name == NULL)
    return AC_DEVICE_TYPE_UNKNOWN;
  if (g_ascii_strcasecmp (type_name, "Browser") == 0)
    return AC_DEVICE_TYPE_BROWSER;
  if (g_ascii_strcasecmp (type_name, "Mobile") == 0)
    return AC_DEVICE_TYPE_MOBILE;
  if (g_ascii_strcasecmp (type_name, "Desktop") == 0)
    return AC_DEVICE_TYPE_DESKTOP;
  return AC_DEVICE_TYPE_UNKNOWN;
}

static void
ac_device_finalize (GObject *object)
{
  AcDevice *self = (AcDevice *) object;

  g_free (self->device_id);
  g_free (self->name);
  g_free (self->type_name);
  g_free (self->os);
  g_free (self->version);
  g_free (self->producer);
  g_free (self->model);
  g_free (self->status);
  g_clear_pointer (&self->last_login_time, g_date_time_unref);
  g_free (self->last_ip);

  G_OBJECT_CLASS (ac_device_parent_class)->finalize (object);
}

static void
ac_device_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AcDevice *self = AC_DEVICE (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DEVICE_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;
    case PROP_OS:
      g_value_set_string (value, self->os);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_PRODUCER:
      g_value_set_string (value, self->producer);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_LAST_LOGIN_TIME:
      g_value_set_boxed (value, self->last_login_time);
      break;
    case PROP_LAST_IP:
      g_value_set_string (value, self->last_ip);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_device_class_init (AcDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_device_finalize;
  object_class->get_property = ac_device_get_property;

  properties[PROP_DEVICE_ID] = g_param_spec_string ("device-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DEVICE_TYPE] = g_param_spec_enum ("device-type", NULL, NULL, AC_TYPE_DEVICE_TYPE,
                                                    AC_DEVICE_TYPE_UNKNOWN, flags);
  properties[PROP_TYPE_NAME] = g_param_spec_string ("type-name", NULL, NULL, NULL, flags);
  properties[PROP_OS] = g_param_spec_string ("os", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCER] = g_param_spec_string ("producer", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_LAST_LOGIN_TIME] = g_param_spec_boxed ("last-login-time", NULL, NULL,
                                                         G_TYPE_DATE_TIME, flags);
  properties[PROP_LAST_IP] = g_param_spec_string ("last-ip", NULL, NULL, NULL, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_device_init (AcDevice *self)
{
}

/**
 * _ac_device_json_get_time:
 *
 * Reads an optional time sent as ISO-8601 text or as milliseconds since the epoch (the v3
 * answers use both); a number outside the years 1 to 9999 is refused naming @member.
 */
gboolean
_ac_device_json_get_time (JsonObject  *object,
                          const char  *member,
                          GDateTime  **out,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GDateTime) seconds = NULL;
  gint64 total, whole, rest;
  double ms;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) == G_TYPE_STRING)
    return ac_json_get_datetime (object, member, FALSE, out, error);

  if (!ac_json_get_double (object, member, TRUE, &ms, error))
    return FALSE;
  if (!(ms >= -62135596800000.0 && ms <= 253402300799999.0))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a JSON member name */
                   _("Malformed answer: “%s” is not a date and time"), member);
      return FALSE;
    }

  total = (gint64) floor (ms);
  whole = total / 1000;
  rest = total % 1000;
  if (rest < 0)
    {
      rest += 1000;
      whole--;
    }
  seconds = g_date_time_new_from_unix_utc (whole);
  *out = seconds != NULL ? g_date_time_add (seconds, rest * 1000) : NULL;
  if (*out == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   _("Malformed answer: “%s” is not a date and time"), member);
      return FALSE;
    }
  return TRUE;
}

/**
 * ac_device_new_from_json:
 * @object: an item of `mydevices/list`, or the device answered by `create-device`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the device, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `deviceId` is missing or a member has the wrong type
 */
AcDevice *
ac_device_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(AcDevice) self = g_object_new (AC_TYPE_DEVICE, NULL);
  JsonObject *device = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the device is missing"));
      return NULL;
    }

  if (!ac_json_get_object (object, "device", FALSE, &device, error))
    goto fail;
  if (device == NULL)
    device = object;

  if (!ac_json_get_id (device, "deviceId", TRUE, &self->device_id, error) ||
      !ac_json_get_string (device, "name", FALSE, &self->name, error) ||
      !ac_json_get_string (device, "type", FALSE, &self->type_name, error) ||
      !ac_json_get_string (device, "os", FALSE, &self->os, error) ||
      !ac_json_get_string (device, "version", FALSE, &self->version, error) ||
      !ac_json_get_string (device, "producer", FALSE, &self->producer, error) ||
      !ac_json_get_string (device, "mod", FALSE, &self->model, error) ||
      !ac_json_get_string (device, "status", FALSE, &self->status, error) ||
      !_ac_device_json_get_time (object, "lastLoginTime", &self->last_login_time, error) ||
      !ac_json_get_string (object, "lastIp", FALSE, &self->last_ip, error) ||
      !ac_json_get_boolean (object, "online", FALSE, &self->online, error))
    goto fail;

  self->type = ac_device_type_from_string (self->type_name);
  return g_steal_pointer (&self);

fail:
  g_prefix_error (error, _("Device: "));
  return NULL;
}

#define GETTER(type, field, fallback)                              \
  type                                                             \
  ac_device_get_##field (AcDevice *self)                           \
  {                                                                \
    g_return_val_if_fail (AC_IS_DEVICE (self), fallback);          \
    return self->field;                                            \
  }

GETTER (const char *, device_id, NULL)
GETTER (const char *, name, NULL)
GETTER (const char *, type_name, NULL)
GETTER (const char *, os, NULL)
GETTER (const char *, version, NULL)
GETTER (const char *, producer, NULL)
GETTER (const char *, model, NULL)
GETTER (const char *, status, NULL)
GETTER (GDateTime *, last_login_time, NULL)
GETTER (const char *, last_ip, NULL)
GETTER (gboolean, online, FALSE)

AcDeviceType
ac_device_get_device_type (AcDevice *self)
{
  g_return_val_if_fail (AC_IS_DEVICE (self), AC_DEVICE_TYPE_UNKNOWN);

  return self->type;
}
