/* ac-emu-util.c: rules shared by seeding and the routes (custom values, profile fields, times)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-util"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ac-emu-json.h"
#include "ac-emu-util.h"

/* The fields of updateProfile (authing-api.md §6.5), in the order of the document. */
const char * const ac_emu_profile_fields[] = {
  "username", "nickname", "company", "photo", "browser", "device", "name", "givenName",
  "familyName", "middleName", "profile", "preferredUsername", "website", "gender", "birthdate",
  "zoneinfo", "locale", "address", "streetAddress", "locality", "region", "postalCode", "city",
  "province", "country", NULL
};

char *
ac_emu_time_iso (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000Z");
}

char *
ac_emu_now_iso (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (dt) / 1000);
}

gboolean
ac_emu_is_data_type (const char *data_type)
{
  static const char * const types[] = { "STRING", "NUMBER", "BOOLEAN", "DATETIME", "SELECT", "OBJECT", NULL };

  return data_type != NULL && g_strv_contains (types, data_type);
}

gboolean
ac_emu_is_resource_type (const char *type)
{
  static const char * const types[] = { "DATA", "API", "MENU", "UI", "BUTTON", NULL };

  return type != NULL && g_strv_contains (types, type);
}

static gboolean
is_iso_datetime (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *with_time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (s == NULL || *s == '\0')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (s, utc);
  if (dt != NULL)
    return TRUE;
  /* a bare date counts too */
  if (strlen (s) == 10)
    {
      with_time = g_strconcat (s, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (with_time, NULL);
      return dt != NULL;
    }
  return FALSE;
}

static gboolean
is_date (const char *s)
{
  g_autofree char *with_time = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (s == NULL)
    return FALSE;
  if (strlen (s) == 10 && s[4] == '-' && s[7] == '-')
    {
      with_time = g_strconcat (s, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (with_time, NULL);
      return dt != NULL;
    }
  /* a full ISO-8601 date-time is also accepted */
  return is_iso_datetime (s) && strchr (s, 'T') != NULL;
}

static char *
number_to_string (JsonNode *value)
{
  GType t = json_node_get_value_type (value);

  if (t == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double d = json_node_get_double (value);

      if (d == floor (d) && fabs (d) < 1e15)
        return g_strdup_printf ("%.0f", d);
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
    }
}

static gboolean
node_is_number (JsonNode *value)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  t = json_node_get_value_type (value);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

gboolean
ac_emu_custom_value_to_wire (const char   *data_type,
                             JsonArray    *options,
                             JsonNode     *value,
                             char        **out_wire,
                             AcEmuExpect  *expect,
                             char        **choices)
{
  *out_wire = NULL;

  if (g_strcmp0 (data_type, "STRING") == 0)
    {
      *expect = AC_EMU_EXPECT_STRING;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return FALSE;
      *out_wire = g_strdup (json_node_get_string (value));
      return TRUE;
    }
  if (g_strcmp0 (data_type, "NUMBER") == 0)
    {
      *expect = AC_EMU_EXPECT_NUMBER;
      if (!node_is_number (value))
        return FALSE;
      *expect = AC_EMU_EXPECT_EXACT_NUMBER;
      if (!ac_emu_json_number_is_exact (value))
        return FALSE;
      *out_wire = number_to_string (value);
      return TRUE;
    }
  if (g_strcmp0 (data_type, "BOOLEAN") == 0)
    {
      *expect = AC_EMU_EXPECT_BOOLEAN;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        return FALSE;
      *out_wire = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      return TRUE;
    }
  if (g_strcmp0 (data_type, "DATETIME") == 0)
    {
      *expect = AC_EMU_EXPECT_DATETIME;
      if (node_is_number (value))
        {
          if (!ac_emu_json_number_is_exact (value))
            {
              *expect = AC_EMU_EXPECT_EXACT_NUMBER;
              return FALSE;
            }
          *out_wire = number_to_string (value);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          is_iso_datetime (json_node_get_string (value)))
        {
          *out_wire = g_strdup (json_node_get_string (value));
          return TRUE;
        }
      return FALSE;
    }
  if (g_strcmp0 (data_type, "OBJECT") == 0)
    {
      *expect = AC_EMU_EXPECT_OBJECT;
      if (!JSON_NODE_HOLDS_OBJECT (value))
        return FALSE;
      *expect = AC_EMU_EXPECT_EXACT_NUMBER;
      if (!ac_emu_json_numbers_are_exact (value))
        return FALSE;
      *out_wire = ac_emu_json_to_string (value);
      return TRUE;
    }
  if (g_strcmp0 (data_type, "SELECT") == 0)
    {
      const char *s = NULL;
      GString *list = g_string_new (NULL);
      guint n = options != NULL ? json_array_get_length (options) : 0;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        s = json_node_get_string (value);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *opt = json_array_get_element (options, i);
          const char *v = JSON_NODE_HOLDS_OBJECT (opt)
            ? ac_emu_json_get_string (json_node_get_object (opt), "value") : NULL;

          if (v == NULL)
            continue;
          if (s != NULL && strcmp (s, v) == 0)
            {
              g_string_free (list, TRUE);
              *out_wire = g_strdup (s);
              return TRUE;
            }
          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, v);
        }
      *choices = g_string_free (list, FALSE);
      return FALSE;
    }

  *expect = AC_EMU_EXPECT_STRING;
  return FALSE;
}

gboolean
ac_emu_looks_like_email (const char *s)
{
  return s != NULL && strchr (s, '@') != NULL;
}

gboolean
ac_emu_looks_like_phone (const char *s)
{
  guint digits = 0;

  if (s == NULL)
    return FALSE;
  if (*s == '+')
    s++;
  for (; *s != '\0'; s++)
    {
      if (g_ascii_isdigit (*s))
        digits++;
      else if (*s != ' ' && *s != '-' && *s != '(' && *s != ')')
        return FALSE;
    }
  return digits >= 5;
}

gboolean
ac_emu_username_allowed (const char *username,
                         const char *own_email,
                         const char *own_phone)
{
  if (!ac_emu_looks_like_email (username) && !ac_emu_looks_like_phone (username))
    return TRUE;
  return g_strcmp0 (username, own_email) == 0 || g_strcmp0 (username, own_phone) == 0;
}

gboolean
ac_emu_profile_field_is_known (const char *key)
{
  return g_strv_contains (ac_emu_profile_fields, key);
}

gboolean
ac_emu_profile_value_is_valid (const char   *key,
                               JsonNode     *value,
                               AcEmuExpect  *expect)
{
  const char *s;

  *expect = AC_EMU_EXPECT_STRING_OR_NULL;
  if (JSON_NODE_HOLDS_NULL (value))
    {
      /* the username is how people sign in: it cannot be cleared */
      if (g_strcmp0 (key, "username") == 0)
        {
          *expect = AC_EMU_EXPECT_NON_EMPTY_STRING;
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      if (g_strcmp0 (key, "username") == 0)
        *expect = AC_EMU_EXPECT_NON_EMPTY_STRING;
      return FALSE;
    }
  s = json_node_get_string (value);
  if (g_strcmp0 (key, "username") == 0)
    {
      *expect = AC_EMU_EXPECT_NON_EMPTY_STRING;
      return *s != '\0';
    }
  if (g_strcmp0 (key, "gender") == 0)
    {
      *expect = AC_EMU_EXPECT_GENDER;
      return g_strcmp0 (s, "M") == 0 || g_strcmp0 (s, "F") == 0 || g_strcmp0 (s, "U") == 0;
    }
  if (g_strcmp0 (key, "birthdate") == 0)
    {
      *expect = AC_EMU_EXPECT_DATE;
      return *s == '\0' || is_date (s);
    }
  return TRUE;
}

const char *
ac_emu_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
ac_emu_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

JsonNode *
ac_emu_json_parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

void
ac_emu_json_set_string_or_null (JsonObject *object,
                                const char *member,
                                const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

void
ac_emu_json_append_string (GString    *out,
                           const char *value)
{
  const char *run;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  run = value;
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}
