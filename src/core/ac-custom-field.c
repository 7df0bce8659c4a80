/* ac-custom-field.c: a user-defined field and its value (authing-api.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-custom-field"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-custom-field.h"
#include "ac-error.h"
#include "ac-json.h"

static const struct {
  AcCustomFieldType  type;
  const char        *wire;
} field_types[] = {
  { AC_CUSTOM_FIELD_TYPE_STRING, "STRING" },
  { AC_CUSTOM_FIELD_TYPE_NUMBER, "NUMBER" },
  { AC_CUSTOM_FIELD_TYPE_BOOLEAN, "BOOLEAN" },
  { AC_CUSTOM_FIELD_TYPE_DATETIME, "DATETIME" },
  { AC_CUSTOM_FIELD_TYPE_SELECT, "SELECT" },
  { AC_CUSTOM_FIELD_TYPE_OBJECT, "OBJECT" },
};

GType
ac_custom_field_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_CUSTOM_FIELD_TYPE_UNKNOWN, "AC_CUSTOM_FIELD_TYPE_UNKNOWN", "unknown" },
        { AC_CUSTOM_FIELD_TYPE_STRING, "AC_CUSTOM_FIELD_TYPE_STRING", "string" },
        { AC_CUSTOM_FIELD_TYPE_NUMBER, "AC_CUSTOM_FIELD_TYPE_NUMBER", "number" },
        { AC_CUSTOM_FIELD_TYPE_BOOLEAN, "AC_CUSTOM_FIELD_TYPE_BOOLEAN", "boolean" },
        { AC_CUSTOM_FIELD_TYPE_DATETIME, "AC_CUSTOM_FIELD_TYPE_DATETIME", "datetime" },
        { AC_CUSTOM_FIELD_TYPE_SELECT, "AC_CUSTOM_FIELD_TYPE_SELECT", "select" },
        { AC_CUSTOM_FIELD_TYPE_OBJECT, "AC_CUSTOM_FIELD_TYPE_OBJECT", "object" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcCustomFieldType"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * ac_custom_field_type_to_string:
 *
 * Returns: (nullable): the wire name (`STRING`, `NUMBER`, ...), %NULL for UNKNOWN
 */
const char *
ac_custom_field_type_to_string (AcCustomFieldType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (field_types[i].type == type)
      return field_types[i].wire;

  return NULL;
}

/**
 * ac_custom_field_type_from_string:
 * @string: (nullable): a wire name (case-insensitive)
 *
 * Returns: the type, %AC_CUSTOM_FIELD_TYPE_UNKNOWN for anything else
 */
AcCustomFieldType
ac_custom_field_type_from_string (const char *string)
{
  if (string == NULL)
    return AC_CUSTOM_FIELD_TYPE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_ascii_strcasecmp (field_types[i].wire, string) == 0)
      return field_types[i].type;

  return AC_CUSTOM_FIELD_TYPE_UNKNOWN;
}

/* JSON.parse of a number: optional blanks around, digits, sign, point and exponent only
 * (no hex, no "inf"/"nan"), the whole text consumed, finite. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return FALSE;

  for (const char *p = copy; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-.eE", *p) == NULL)
      return FALSE;
  if (!g_ascii_isdigit (copy[0]) && !((copy[0] == '-' || copy[0] == '+' || copy[0] == '.') && copy[1] != '\0'))
    return FALSE;

  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
parse_boolean (const char *text,
               gboolean    lenient,
               gboolean   *out)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));

  if (g_str_equal (copy, "true") ||
      (lenient && (g_ascii_strcasecmp (copy, "true") == 0 || g_ascii_strcasecmp (copy, "yes") == 0 ||
                   g_str_equal (copy, "1"))))
    {
      *out = TRUE;
      return TRUE;
    }

  if (g_str_equal (copy, "false") ||
      (lenient && (g_ascii_strcasecmp (copy, "false") == 0 || g_ascii_strcasecmp (copy, "no") == 0 ||
                   g_str_equal (copy, "0"))))
    {
      *out = FALSE;
      return TRUE;
    }

  return FALSE;
}

/* As the JS SDK decodes DATETIME: a numeric string is milliseconds since the epoch, anything
 * else an ISO-8601 date (and time). */
static GDateTime *
parse_datetime (const char *text)
{
  g_autofree char *copy = NULL;
  gboolean numeric;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;

  numeric = TRUE;
  for (const char *p = (*copy == '-') ? copy + 1 : copy; *p; p++)
    if (!g_ascii_isdigit (*p))
      numeric = FALSE;
  if (g_str_equal (copy, "-"))
    numeric = FALSE;

  if (numeric)
    {
      gint64 ms;
      gint64 seconds;
      g_autoptr(GDateTime) whole = NULL;

      if (strlen (copy) > 16)
        return NULL;
      ms = g_ascii_strtoll (copy, NULL, 10);
      seconds = ms / 1000;
      if (ms % 1000 < 0)
        seconds--;
      whole = g_date_time_new_from_unix_utc (seconds);
      if (whole == NULL)
        return NULL;
      return g_date_time_add (whole, (ms - seconds * 1000) * G_TIME_SPAN_MILLISECOND);
    }

  return ac_json_parse_datetime (copy);
}

/**
 * ac_custom_field_type_parse_input:
 * @type: the data type of the field
 * @text: (nullable): what the person typed
 * @option_values: (nullable) (array zero-terminated=1): the choices of a SELECT field
 * @error: return location for a #GError
 *
 * Checks @text against @type and gives the native JSON value to send to `udfs/values`: the
 * text itself for STRING (and UNKNOWN), a number for NUMBER (an integer when it has no
 * fraction; 2^63 or more in size is refused), `true`/`false` for BOOLEAN (also
 * yes/no/1/0), an ISO-8601 string in UTC for DATETIME (a date alone is midnight UTC), one of
 * @option_values for SELECT (any value when @option_values is %NULL or empty), a parsed object for
 * OBJECT. Refusals are %AC_ERROR_INVALID_INPUT with a translated message.
 *
 * Returns: (transfer full): the value, or %NULL with @error set
 */
JsonNode *
ac_custom_field_type_parse_input (AcCustomFieldType   type,
                                  const char         *text,
                                  const char * const *option_values,
                                  GError            **error)
{
  JsonNode *node;

  if (text == NULL)
    text = "";

  if (strlen (text) > AC_JSON_MAX_STRING_LENGTH)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT, _("The value is too long"));
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT, _("The value is not valid text"));
      return NULL;
    }

  switch (type)
    {
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
      {
        double number;

        if (!parse_number (text, &number))
          {
            g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT, _("Not a number"));
            return NULL;
          }

        /* json-glib 1.6 writes an integral double of 1e17 or more as "1e+17.0", which is not
         * JSON: integers go out as integers, and those too large for that are refused
         * (every double from 2^53 on is an integer). */
        if (fabs (number) >= 9223372036854775808.0)
          {
            g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                                 _("The number is too large"));
            return NULL;
          }

        node = json_node_new (JSON_NODE_VALUE);
        if (number == floor (number))
          json_node_set_int (node, (gint64) number);
        else
          json_node_set_double (node, number);
        return node;
      }

    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      {
        gboolean value;

        if (!parse_boolean (text, TRUE, &value))
          {
            g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                                 _("Not true or false"));
            return NULL;
          }

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_boolean (node, value);
        return node;
      }

    case AC_CUSTOM_FIELD_TYPE_DATETIME:
      {
        g_autoptr(GDateTime) datetime = NULL;
        g_autoptr(GDateTime) utc = NULL;
        g_autofree char *copy = g_strstrip (g_strdup (text));
        g_autofree char *iso = NULL;

        datetime = ac_json_parse_datetime (copy);
        if (datetime == NULL)
          {
            g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                                 /* Translators: keep the example date as it is */
                                 _("Not a date and time (for example 2021-03-01T09:30:00Z)"));
            return NULL;
          }

        /* 0001-01-01T00:00:00+01:00 is fine, but in UTC before the year 1: GDateTime has none */
        utc = g_date_time_to_utc (datetime);
        if (utc == NULL)
          {
            g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                                 _("Not a date and time (for example 2021-03-01T09:30:00Z)"));
            return NULL;
          }
        iso = g_date_time_format_iso8601 (utc);
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, iso);
        return node;
      }

    case AC_CUSTOM_FIELD_TYPE_SELECT:
      if (option_values != NULL && option_values[0] != NULL && !g_strv_contains (option_values, text))
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("Not one of the choices"));
          return NULL;
        }
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;

    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      node = ac_json_parse (text, -1, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_clear_pointer (&node, json_node_unref);
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               /* Translators: JSON is a data format; an object is {"key": value, …} */
                               _("Not a JSON object"));
          return NULL;
        }
      return node;

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;
    }
}

struct _AcCustomField
{
  GObject            parent_instance;

  char              *key;
  char              *label;
  AcCustomFieldType  data_type;
  char              *value;
  GStrv              option_values;
  GStrv              option_labels;
};

G_DEFINE_FINAL_TYPE (AcCustomField, ac_custom_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_LABEL,
  PROP_DATA_TYPE,
  PROP_VALUE,
  PROP_OPTION_VALUES,
  PROP_OPTION_LABELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_custom_field_finalize (GObject *object)
{
  AcCustomField *self = (AcCustomField *) object;

  g_free (self->key);
  g_free (self->label);
  g_free (self->value);
  g_strfreev (self->option_values);
  g_strfreev (self->option_labels);

  G_OBJECT_CLASS (ac_custom_field_parent_class)->finalize (object);
}

static void
ac_custom_field_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcCustomField *self = AC_CUSTOM_FIELD (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_DATA_TYPE:
      g_value_set_enum (value, self->data_type);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_OPTION_VALUES:
      g_value_set_boxed (value, self->option_values);
      break;
    case PROP_OPTION_LABELS:
      g_value_set_boxed (value, self->option_labels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_custom_field_class_init (AcCustomFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_custom_field_finalize;
  object_class->get_property = ac_custom_field_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_DATA_TYPE] =
    g_param_spec_enum ("data-type", NULL, NULL, AC_TYPE_CUSTOM_FIELD_TYPE,
                       AC_CUSTOM_FIELD_TYPE_UNKNOWN, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  properties[PROP_OPTION_VALUES] = g_param_spec_boxed ("option-values", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_OPTION_LABELS] = g_param_spec_boxed ("option-labels", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_custom_field_init (AcCustomField *self)
{
}

static gboolean
parse_options (AcCustomField  *self,
               JsonArray      *options,
               GError        **error)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint n = options != NULL ? json_array_get_length (options) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (options, i);
      g_autofree char *value = NULL;
      g_autofree char *label = NULL;
      JsonObject *option;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       /* Translators: %u is an index, the types are not translated */
                       _("Malformed answer: “options[%u]” should be an object, not %s"),
                       i, ac_json_node_type_name (element));
          return FALSE;
        }

      option = json_node_get_object (element);
      if (!ac_json_get_id (option, "value", TRUE, &value, error) ||
          !ac_json_get_string (option, "label", FALSE, &label, error))
        {
          g_prefix_error (error, "options[%u]: ", i);
          return FALSE;
        }

      g_strv_builder_add (values, value);
      g_strv_builder_add (labels, label != NULL ? label : value);
    }

  self->option_values = g_strv_builder_end (values);
  self->option_labels = g_strv_builder_end (labels);
  return TRUE;
}

/**
 * ac_custom_field_new_from_json:
 * @object: one item of `udvs/get` (or of the `udfs/values` answer): `{key, value, dataType,
 *   label, options?}`
 * @error: return location for a #GError
 *
 * `key` is required; `value` must be a string or null (the wire always sends text);
 * `options` (SELECT choices) an array of `{value, label}`. An unknown `dataType` is
 * %AC_CUSTOM_FIELD_TYPE_UNKNOWN; a missing label is the key.
 *
 * Returns: (transfer full): the field, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
AcCustomField *
ac_custom_field_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(AcCustomField) self = g_object_new (AC_TYPE_CUSTOM_FIELD, NULL);
  g_autofree char *data_type = NULL;
  JsonArray *options = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the custom field is missing"));
      return NULL;
    }

  if (!ac_json_get_string (object, "key", TRUE, &self->key, error) ||
      !ac_json_get_string (object, "label", FALSE, &self->label, error) ||
      !ac_json_get_string (object, "dataType", FALSE, &data_type, error) ||
      !ac_json_get_string (object, "value", FALSE, &self->value, error) ||
      !ac_json_get_array (object, "options", FALSE, &options, error) ||
      !parse_options (self, options, error))
    {
      g_prefix_error (error, _("Custom field: "));
      return NULL;
    }

  if (*self->key == '\0')
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Custom field: Malformed answer: “key” is empty"));
      return NULL;
    }

  if (self->label == NULL || *self->label == '\0')
    {
      g_free (self->label);
      self->label = g_strdup (self->key);
    }

  self->data_type = ac_custom_field_type_from_string (data_type);

  return g_steal_pointer (&self);
}

const char *
ac_custom_field_get_key (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);
  return self->key;
}

const char *
ac_custom_field_get_label (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);
  return self->label;
}

AcCustomFieldType
ac_custom_field_get_data_type (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), AC_CUSTOM_FIELD_TYPE_UNKNOWN);
  return self->data_type;
}

/**
 * ac_custom_field_get_value:
 *
 * Returns: (nullable): the raw wire value (text), %NULL when the field has no value
 */
const char *
ac_custom_field_get_value (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);
  return self->value;
}

/**
 * ac_custom_field_get_option_values:
 *
 * Returns: (transfer none): the values of the SELECT choices (empty if none)
 */
const char * const *
ac_custom_field_get_option_values (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);
  return (const char * const *) self->option_values;
}

/**
 * ac_custom_field_get_option_labels:
 *
 * Returns: (transfer none): the labels of the SELECT choices, parallel to the values
 */
const char * const *
ac_custom_field_get_option_labels (AcCustomField *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);
  return (const char * const *) self->option_labels;
}

/**
 * ac_custom_field_get_option_label:
 * @value: (nullable): a choice's value
 *
 * Returns: (nullable): the label of the choice whose value is @value, %NULL if there is none
 */
const char *
ac_custom_field_get_option_label (AcCustomField *self,
                                  const char    *value)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);

  if (value == NULL)
    return NULL;

  for (guint i = 0; self->option_values[i] != NULL; i++)
    if (g_str_equal (self->option_values[i], value))
      return self->option_labels[i];

  return NULL;
}

static gboolean
check_has_value (AcCustomField  *self,
                 GError        **error)
{
  if (self->value != NULL)
    return TRUE;

  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               /* Translators: %s is the label of a custom field */
               _("%s has no value"), self->label);
  return FALSE;
}

/**
 * ac_custom_field_get_number:
 * @out: (out): the number
 *
 * Decodes the value as a number, as `JSON.parse` does. A field with no value (check
 * ac_custom_field_get_value() first) or a value that is not a number gives
 * %AC_ERROR_INVALID_RESPONSE.
 */
gboolean
ac_custom_field_get_number (AcCustomField  *self,
                            double         *out,
                            GError        **error)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_has_value (self, error))
    return FALSE;

  if (!parse_number (self->value, out))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the label of a custom field */
                   _("The value of %s is not a number"), self->label);
      return FALSE;
    }

  return TRUE;
}

/**
 * ac_custom_field_get_boolean:
 * @out: (out): the value
 *
 * Decodes `true` or `false` (as `JSON.parse` does); anything else gives
 * %AC_ERROR_INVALID_RESPONSE.
 */
gboolean
ac_custom_field_get_boolean (AcCustomField  *self,
                             gboolean       *out,
                             GError        **error)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_has_value (self, error))
    return FALSE;

  if (!parse_boolean (self->value, FALSE, out))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the label of a custom field */
                   _("The value of %s is not true or false"), self->label);
      return FALSE;
    }

  return TRUE;
}

/**
 * ac_custom_field_get_datetime:
 *
 * Decodes the value as the JS SDK does: a number is milliseconds since 1970 (UTC), anything
 * else an ISO-8601 date and time.
 *
 * Returns: (transfer full): the date and time, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
GDateTime *
ac_custom_field_get_datetime (AcCustomField  *self,
                              GError        **error)
{
  GDateTime *datetime;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);

  if (!check_has_value (self, error))
    return NULL;

  datetime = parse_datetime (self->value);
  if (datetime == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the label of a custom field */
                   _("The value of %s is not a date and time"), self->label);
      return NULL;
    }

  return datetime;
}

/**
 * ac_custom_field_get_object:
 *
 * Parses the value as a JSON object (nesting limited as in ac_json_parse()).
 *
 * Returns: (transfer full): a node holding the object, or %NULL with %AC_ERROR_INVALID_RESPONSE
 */
JsonNode *
ac_custom_field_get_object (AcCustomField  *self,
                            GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);

  if (!check_has_value (self, error))
    return NULL;

  node = ac_json_parse (self->value, -1, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the label of a custom field */
                   _("The value of %s is not a JSON object"), self->label);
      return NULL;
    }

  return g_steal_pointer (&node);
}

/**
 * ac_custom_field_parse_input:
 * @self: a field
 * @text: (nullable): what the person typed
 * @error: return location for a #GError
 *
 * ac_custom_field_type_parse_input() with this field's type and choices.
 *
 * Returns: (transfer full): the JSON value to send, or %NULL with %AC_ERROR_INVALID_INPUT
 */
JsonNode *
ac_custom_field_parse_input (AcCustomField  *self,
                             const char     *text,
                             GError        **error)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);

  return ac_custom_field_type_parse_input (self->data_type, text,
                                           self->data_type == AC_CUSTOM_FIELD_TYPE_SELECT
                                           ? (const char * const *) self->option_values
                                           : NULL,
                                           error);
}

/**
 * ac_custom_field_new_changed:
 * @self: a field
 * @value: (nullable): its new value as text (what ac_custom_field_parse_input() takes)
 *
 * Returns: (transfer full): a copy of @self with @value: a custom field change
 */
AcCustomField *
ac_custom_field_new_changed (AcCustomField *self,
                             const char    *value)
{
  AcCustomField *copy;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELD (self), NULL);

  copy = g_object_new (AC_TYPE_CUSTOM_FIELD, NULL);
  copy->key = g_strdup (self->key);
  copy->label = g_strdup (self->label);
  copy->data_type = self->data_type;
  copy->value = g_strdup (value != NULL ? value : "");
  copy->option_values = g_strdupv (self->option_values);
  copy->option_labels = g_strdupv (self->option_labels);

  return copy;
}
