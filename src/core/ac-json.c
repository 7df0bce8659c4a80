/* ac-json.c: safe readers for JSON from outside
 *
 * Over 1,200 lines on purpose: the strict RFC 8259 check and the typed readers that trust it
 * are one unit (the readers rely on what the check refused, e.g. integers that fit 64 bits);
 * splitting them would put that contract across two files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-json"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"

/* Whether the integer literal DIGITS (no sign, no point, no exponent) fits in a gint64. */
static gboolean
integer_fits (const char *digits,
              gsize       length,
              gboolean    negative)
{
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

  if (length != 19)
    return length < 19;

  return strncmp (digits, limit, 19) <= 0;
}

/* The strict reader: RFC 8259 and nothing more, in one pass without recursion.
 *
 * json-glib 1.6 accepts much that RFC 8259 refuses (leading zeros, single quotes, comments,
 * a byte order mark, raw control characters and lone surrogates in strings, bytes that are
 * not UTF-8, ...), overflows the stack on deeply nested input (100000 nested arrays crash it)
 * and silently wraps integers that do not fit in 64 bits (99999999999999999999 becomes -1).
 * So the text is checked here first, and json-glib only ever sees what this accepts. */

typedef struct
{
  const guchar *start;
  const guchar *p;
  const guchar *end;
  GError      **error;
} Reader;

static gboolean
reader_fail (Reader     *r,
             const char *what)
{
  g_autofree char *reason = g_strdup_printf ("byte %" G_GSIZE_FORMAT ": %s",
                                             (gsize) (r->p - r->start), what);

  g_set_error (r->error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               _("Malformed answer: not valid JSON (%s)"), reason);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The four hex digits after "\u" at r->p; advances past them. */
static gboolean
read_hex4 (Reader  *r,
           guint   *out)
{
  guint value = 0;

  if (r->end - r->p < 4)
    return reader_fail (r, "a \\u escape needs four hex digits");

  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (r->p[i]);

      if (digit < 0)
        return reader_fail (r, "a \\u escape needs four hex digits");
      value = value * 16 + digit;
    }

  r->p += 4;
  *out = value;
  return TRUE;
}

/* One UTF-8 sequence of two to four bytes at r->p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF); advances past it. */
static gboolean
read_utf8 (Reader *r)
{
  const guchar *p = r->p;
  gsize left = r->end - p;
  guchar lo = 0x80, hi = 0xbf;
  gsize n;

  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    n = 2;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    {
      n = 3;
      if (p[0] == 0xe0)
        lo = 0xa0;          /* overlong */
      else if (p[0] == 0xed)
        hi = 0x9f;          /* UTF-16 surrogates */
    }
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    {
      n = 4;
      if (p[0] == 0xf0)
        lo = 0x90;          /* overlong */
      else if (p[0] == 0xf4)
        hi = 0x8f;          /* above U+10FFFF */
    }
  else
    return reader_fail (r, "not UTF-8");

  if (left < n || p[1] < lo || p[1] > hi)
    return reader_fail (r, "not UTF-8");
  for (gsize i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return reader_fail (r, "not UTF-8");

  r->p += n;
  return TRUE;
}

/* A string, r->p on its opening quote; advances past the closing one. */
static gboolean
read_string (Reader *r)
{
  r->p++;

  while (r->p < r->end)
    {
      guchar c = *r->p;

      if (c == '"')
        {
          r->p++;
          return TRUE;
        }
      if (c < 0x20)
        return reader_fail (r, "a control character in a string");
      if (c >= 0x80)
        {
          if (!read_utf8 (r))
            return FALSE;
          continue;
        }
      if (c != '\\')
        {
          r->p++;
          continue;
        }

      /* an escape */
      r->p++;
      if (r->p >= r->end)
        break;
      c = *r->p++;
      if (c == 'u')
        {
          guint unit, low;

          if (!read_hex4 (r, &unit))
            return FALSE;
          if (unit >= 0xdc00 && unit <= 0xdfff)
            return reader_fail (r, "a lone low surrogate");
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                return reader_fail (r, "a lone high surrogate");
              r->p += 2;
              if (!read_hex4 (r, &low))
                return FALSE;
              if (low < 0xdc00 || low > 0xdfff)
                return reader_fail (r, "a lone high surrogate");
            }
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        {
          r->p--;
          return reader_fail (r, "an unknown escape in a string");
        }
    }

  return reader_fail (r, "the text ends inside a string");
}

/* A number, r->p on its first character; advances past it. */
static gboolean
read_number (Reader *r)
{
  const guchar *start = r->p;
  gboolean negative = FALSE;
  const guchar *digits;

  if (*r->p == '-')
    {
      negative = TRUE;
      r->p++;
    }

  digits = r->p;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return reader_fail (r, "a minus sign without digits");
  if (*r->p == '0' && r->p + 1 < r->end && g_ascii_isdigit (r->p[1]))
    return reader_fail (r, "a number with a leading zero");
  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;

  if (!integer_fits ((const char *) digits, r->p - digits, negative) &&
      (r->p >= r->end || (*r->p != '.' && *r->p != 'e' && *r->p != 'E')))
    {
      g_set_error_literal (r->error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: an integer is out of range"));
      return FALSE;
    }

  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return reader_fail (r, "a number without digits after its point");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return reader_fail (r, "a number without digits in its exponent");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;

      /* RFC 8259 §9 lets a reader limit the range: a number too large for a double would be
       * infinite in the tree, and written out again as "inf.0" (1e-400 just becomes 0) */
      {
        g_autofree char *copy = g_strndup ((const char *) start, r->p - start);

        if (!isfinite (g_ascii_strtod (copy, NULL)))
          return reader_fail (r, "a number too large for a double");
      }
    }

  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return reader_fail (r, "an unexpected character");

  r->p += n;
  return TRUE;
}

/* Whether DATA is one JSON text (RFC 8259) nested at most MAX_DEPTH deep. */
static gboolean
check_text (const char  *data,
            gsize        length,
            guint        max_depth,
            GError     **error)
{
  Reader reader = { (const guchar *) data, (const guchar *) data, (const guchar *) data + length, error };
  Reader *r = &reader;
  g_autofree char *stack = g_malloc (max_depth + 1);   /* '[' or '{' for each open container */
  guint depth = 0;
  enum { VALUE, KEY, AFTER } state = VALUE;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    return reader_fail (r, "a byte order mark");

  skip_space (r);
  if (r->p == r->end)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the body is empty"));
      return FALSE;
    }

  for (;;)
    {
      skip_space (r);

      if (state == AFTER)
        {
          if (depth == 0)
            {
              if (r->p != r->end)
                return reader_fail (r, "more data after the value");
              return TRUE;
            }
          if (r->p == r->end)
            return reader_fail (r, "the text ends inside an array or object");
          if (*r->p == ',')
            {
              r->p++;
              state = stack[depth - 1] == '{' ? KEY : VALUE;
            }
          else if ((*r->p == ']' && stack[depth - 1] == '[') ||
                   (*r->p == '}' && stack[depth - 1] == '{'))
            {
              r->p++;
              depth--;
            }
          else
            return reader_fail (r, "an unexpected character after a value");
          continue;
        }

      if (r->p == r->end)
        return reader_fail (r, "the text ends where a value should be");

      if (state == KEY)
        {
          if (*r->p != '"')
            return reader_fail (r, "a member name that is not a string");
          if (!read_string (r))
            return FALSE;
          skip_space (r);
          if (r->p == r->end || *r->p != ':')
            return reader_fail (r, "no colon after a member name");
          r->p++;
          state = VALUE;
          continue;
        }

      /* state == VALUE */
      switch (*r->p)
        {
        case '{':
        case '[':
          if (depth >= max_depth)
            {
              g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           /* Translators: %u is a number */
                           _("Malformed answer: JSON nested more than %u levels deep"),
                           max_depth);
              return FALSE;
            }
          stack[depth++] = *r->p;
          r->p++;
          skip_space (r);
          if (r->p < r->end && *r->p == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              r->p++;
              depth--;
              state = AFTER;
            }
          else
            state = stack[depth - 1] == '{' ? KEY : VALUE;
          continue;

        case '"':
          if (!read_string (r))
            return FALSE;
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!read_number (r))
            return FALSE;
          break;

        case 't':
          if (!read_literal (r, "true"))
            return FALSE;
          break;

        case 'f':
          if (!read_literal (r, "false"))
            return FALSE;
          break;

        case 'n':
          if (!read_literal (r, "null"))
            return FALSE;
          break;

        default:
          return reader_fail (r, "an unexpected character");
        }

      state = AFTER;
    }
}

/**
 * ac_json_validate:
 * @data: text (need not be nul-terminated)
 * @length: length of @data in bytes
 * @error: return location for a #GError
 *
 * The check ac_json_parse() makes before json-glib sees the text: one JSON text as RFC 8259
 * defines it, nested at most %AC_JSON_MAX_DEPTH deep, whose integers fit in 64 bits.
 *
 * Returns: whether @data is such a text; else %AC_ERROR_INVALID_RESPONSE
 */
gboolean
ac_json_validate (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  return check_text (data != NULL ? data : "", length, AC_JSON_MAX_DEPTH, error);
}

/* json-glib on text that check_text() accepted: its message, if it still refuses, is text */
static JsonNode *
load_checked (JsonParser  *parser,
              const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib quotes the input, which may be anything: the message must be text */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a technical parser message */
                   _("Malformed answer: not valid JSON (%s)"), reason);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                         _("Malformed answer: the body is empty"));
  return root;
}

static gboolean
check_length (const char  *data,
              gssize      *length,
              GError     **error)
{
  if (data == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the body is empty"));
      return FALSE;
    }
  if (*length < 0)
    *length = strlen (data);
  return check_text (data, (gsize) *length, AC_JSON_MAX_DEPTH, error);
}

/* Walking text that check_text() accepted (so every step below is within @end and well formed):
 * each returns the first byte after what it skips. */
static const char *
walk_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static const char *
walk_string (const char *p)
{
  for (p++; *p != '"'; p++)
    if (*p == '\\')
      p++;
  return p + 1;
}

static const char *
walk_value (const char *p,
            const char *end)
{
  guint depth = 0;

  if (*p == '"')
    return walk_string (p);
  if (*p != '{' && *p != '[')
    {
      /* a number, true, false or null */
      while (p < end && *p != ',' && *p != ']' && *p != '}' &&
             *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
      return p;
    }
  for (;;)
    {
      if (*p == '"')
        {
          p = walk_string (p);
          continue;
        }
      if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        depth--;
      p++;
      if (depth == 0)
        return p;
    }
}

/* Whether the key at @p (its opening quote) up to @key_end (after its closing quote) is @name,
 * escapes and all ("d\u0061ta" is "data", as json-glib reads it) */
static gboolean
key_is (const char *p,
        const char *key_end,
        const char *name)
{
  gsize length = (gsize) (key_end - p) - 2;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (memchr (p + 1, '\\', length) == NULL)
    return length == strlen (name) && memcmp (p + 1, name, length) == 0;

  text = g_strndup (p, (gsize) (key_end - p));
  node = json_from_string (text, NULL);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         g_strcmp0 (json_node_get_string (node), name) == 0;
}

/* The value of the root object's last @member (json-glib keeps the last of duplicates), if
 * the root is an object that has one */
static gboolean
find_member (const char  *data,
             gsize        length,
             const char  *member,
             const char **value,
             const char **value_end)
{
  const char *end = data + length;
  const char *p = walk_space (data, end);

  *value = NULL;
  if (p == end || *p != '{')
    return FALSE;

  for (p = walk_space (p + 1, end); *p != '}'; p = walk_space (p, end))
    {
      const char *key = p;
      const char *key_end = walk_string (p);
      const char *start;

      p = walk_space (key_end, end);          /* ':' */
      start = walk_space (p + 1, end);
      p = walk_value (start, end);
      if (key_is (key, key_end, member))
        {
          *value = start;
          *value_end = p;
        }
      p = walk_space (p, end);
      if (*p == ',')
        p++;
    }

  return *value != NULL;
}

static JsonNode *
parse_text (const char  *data,
            gssize       length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;

  if (!check_length (data, &length, error))
    return NULL;

  parser = json_parser_new ();
  return load_checked (parser, data, (gsize) length, error);
}

/**
 * ac_json_parse:
 * @data: JSON text (need not be nul-terminated when @length is given)
 * @length: length of @data in bytes, or -1 if nul-terminated
 * @error: return location for a #GError
 *
 * Parses JSON from outside, strictly as RFC 8259 defines it (see ac_json_validate()): text that
 * is not one JSON value, with nothing before or after it but white space, is refused, as are
 * nesting deeper than %AC_JSON_MAX_DEPTH, integers that do not fit in 64 bits and empty text,
 * all with %AC_ERROR_INVALID_RESPONSE. Always use this rather than JsonParser directly on
 * untrusted data.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
ac_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  return parse_text (data, length, error);
}

/**
 * ac_json_parse_streaming:
 * @data: JSON text (need not be nul-terminated when @length is given)
 * @length: length of @data in bytes, or -1 if nul-terminated
 * @member: the member of the root object whose array is streamed ("data")
 * @func: called with each element of that array, then once at the end
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Like ac_json_parse(), for an answer whose @member is a big array: the text is checked whole
 * as ac_json_parse() does, then the rest of the answer is parsed with @member as an empty
 * array, and each element of the array is parsed on its own and handed to @func, which keeps
 * what it needs before the next one is parsed. So the tree of the whole array (several times
 * the size of the text) never exists at once. @func is then called with a %NULL element (the
 * end), even if it asked for no more elements on the way. When the root is not an object
 * whose @member is an array, this is ac_json_parse(), and @func is not called.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set (then @func was not called)
 */
JsonNode *
ac_json_parse_streaming (const char         *data,
                         gssize              length,
                         const char         *member,
                         AcJsonElementFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) rest = NULL;
  const char *value, *value_end, *end, *p;
  JsonNode *root;
  gboolean wanted = TRUE;
  guint n = 0;

  g_return_val_if_fail (member != NULL && func != NULL, NULL);

  if (!check_length (data, &length, error))
    return NULL;

  parser = json_parser_new ();
  if (!find_member (data, (gsize) length, member, &value, &value_end) || *value != '[')
    return load_checked (parser, data, (gsize) length, error);

  /* The answer without the array's elements */
  rest = g_string_sized_new ((gsize) (length - (value_end - value)) + 2);
  g_string_append_len (rest, data, value - data);
  g_string_append (rest, "[]");
  g_string_append_len (rest, value_end, data + length - value_end);
  root = load_checked (parser, rest->str, rest->len, error);
  if (root == NULL)
    return NULL;

  /* The elements, one by one: each tree is freed before the next element is parsed */
  end = value_end - 1;   /* the closing ']' */
  for (p = walk_space (value + 1, end); wanted && p < end; p = walk_space (p, end))
    {
      const char *element = p;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = NULL;

      p = walk_value (p, end);
      node = load_checked (parser, element, (gsize) (p - element), &local_error);
      if (node == NULL)
        {
          /* (cannot happen: the whole text was checked) */
          g_propagate_error (error, g_steal_pointer (&local_error));
          json_node_unref (root);
          return NULL;
        }
      wanted = func (node, n++, user_data);
      p = walk_space (p, end);
      if (*p == ',')
        p++;
    }
  /* the rest is only counted */
  for (; p < end; p = walk_space (p, end))
    {
      p = walk_value (p, end);
      n++;
      p = walk_space (p, end);
      if (*p == ',')
        p++;
    }

  func (NULL, n, user_data);
  return root;
}

/**
 * ac_json_parse_bytes:
 * @bytes: JSON text
 * @error: return location for a #GError
 *
 * Like ac_json_parse(), for a #GBytes (e.g. a response body).
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
ac_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  const char *data;
  gsize size = 0;

  if (bytes == NULL)
    return ac_json_parse (NULL, 0, error);

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";

  if (size > G_MAXSSIZE)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the body is too large"));
      return NULL;
    }

  return ac_json_parse (data, (gssize) size, error);
}

static gboolean
check_node_depth (JsonNode  *node,
                  guint      depth,
                  guint      max_depth)
{
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (depth + 1 > max_depth)
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (!check_node_depth (json_array_get_element (array, i), depth + 1, max_depth))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      JsonNode *member;

      if (depth + 1 > max_depth)
        return FALSE;
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        if (!check_node_depth (member, depth + 1, max_depth))
          return FALSE;
    }

  return TRUE;
}

/**
 * ac_json_check_depth:
 * @node: a JSON tree
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: return location for a #GError
 *
 * Checks the nesting of an already built tree (the recursion is bounded by @max_depth).
 *
 * Returns: %TRUE if @node is nested at most @max_depth levels deep
 */
gboolean
ac_json_check_depth (JsonNode  *node,
                     guint      max_depth,
                     GError   **error)
{
  if (!check_node_depth (node, 0, max_depth))
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   _("Malformed answer: JSON nested more than %u levels deep"),
                   max_depth);
      return FALSE;
    }

  return TRUE;
}

/**
 * ac_json_node_type_name:
 * @node: (nullable): a node
 *
 * Returns: the kind of JSON value in @node, for messages ("an object", "a string", ...)
 */
const char *
ac_json_node_type_name (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_INT64:
          return "an integer";
        case G_TYPE_DOUBLE:
          return "a number";
        case G_TYPE_BOOLEAN:
          return "a boolean";
        default:
          return "a value";
        }
    default:
      return "a value";
    }
}

static void
set_type_error (GError     **error,
                const char  *member,
                const char  *expected,
                JsonNode    *node)
{
  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               /* Translators: the first %s is a JSON member name, the second a JSON type such as
                * "a string", the third the type found; the types are not translated */
               _("Malformed answer: “%s” should be %s, not %s"),
               member, expected, ac_json_node_type_name (node));
}

static void
set_missing_error (GError     **error,
                   const char  *member)
{
  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               /* Translators: %s is a JSON member name */
               _("Malformed answer: “%s” is missing"), member);
}

/* Returns the member, or NULL when it is absent (missing or null). */
static JsonNode *
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        gboolean    *ok,
        GError     **error)
{
  JsonNode *node = NULL;

  *ok = TRUE;

  if (object != NULL)
    node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          set_missing_error (error, member);
          *ok = FALSE;
        }
      return NULL;
    }

  return node;
}

static gboolean
check_string_length (const char  *member,
                     const char  *value,
                     GError     **error)
{
  if (value != NULL && strlen (value) > AC_JSON_MAX_STRING_LENGTH)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a JSON member name, %u a number of bytes */
                   _("Malformed answer: “%s” is longer than %u bytes"),
                   member, (guint) AC_JSON_MAX_STRING_LENGTH);
      return FALSE;
    }

  return TRUE;
}

gboolean
ac_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    char       **out,
                    GError     **error)
{
  JsonNode *node;
  const char *value;
  gboolean ok;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, member, "a string", node);
      return FALSE;
    }

  value = json_node_get_string (node);
  if (!check_string_length (member, value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
node_to_int64 (JsonNode *node,
               gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* 2^63 is exactly representable; anything at or above it does not fit */
      if (!isfinite (d) || d != floor (d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }

  return FALSE;
}

/**
 * ac_json_get_id:
 *
 * Reads an identifier that the service sends as a string or as an integer (e.g. a role's
 * `namespaceId`); integers are converted to their decimal text. A required id must not be empty.
 */
gboolean
ac_json_get_id (JsonObject  *object,
                const char  *member,
                gboolean     required,
                char       **out,
                GError     **error)
{
  JsonNode *node;
  gboolean ok;
  gint64 number;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);

      if (!check_string_length (member, value, error))
        return FALSE;
      if (required && (value == NULL || *value == '\0'))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       /* Translators: %s is a JSON member name */
                       _("Malformed answer: “%s” is empty"), member);
          return FALSE;
        }
      *out = g_strdup (value);
      return TRUE;
    }

  if (node_to_int64 (node, &number))
    {
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      return TRUE;
    }

  set_type_error (error, member, "a string or an integer", node);
  return FALSE;
}

gboolean
ac_json_get_int64 (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gint64      *out,
                   GError     **error)
{
  JsonNode *node;
  gboolean ok;
  gint64 number;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_to_int64 (node, &number))
    {
      set_type_error (error, member, "an integer", node);
      return FALSE;
    }

  *out = number;
  return TRUE;
}

gboolean
ac_json_get_double (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    double      *out,
                    GError     **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = (double) json_node_get_int (node);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE &&
      isfinite (json_node_get_double (node)))
    {
      *out = json_node_get_double (node);
      return TRUE;
    }

  set_type_error (error, member, "a number", node);
  return FALSE;
}

gboolean
ac_json_get_boolean (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     gboolean    *out,
                     GError     **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_type_error (error, member, "a boolean", node);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/**
 * ac_json_get_strv:
 *
 * Reads an array of strings. Null elements are skipped; any other non-string element is an
 * error naming `member[index]`.
 */
gboolean
ac_json_get_strv (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  GStrv       *out,
                  GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;
  gboolean ok;
  guint n;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, member, "an array of strings", node);
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  builder = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;

      if (element == NULL || JSON_NODE_HOLDS_NULL (element))
        continue;

      name = g_strdup_printf ("%s[%u]", member, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          set_type_error (error, name, "a string", element);
          return FALSE;
        }
      if (!check_string_length (name, json_node_get_string (element), error))
        return FALSE;

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
ac_json_get_object (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_type_error (error, member, "an object", node);
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
ac_json_get_array (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = lookup (object, member, required, &ok, error);
  if (!ok)
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, member, "an array", node);
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

/**
 * ac_json_parse_datetime:
 * @text: (nullable): an ISO-8601 date-time such as `2020-10-19T16:21:02+08:00`
 *
 * Parses an ISO-8601 date and time; without an offset the time is taken as UTC. A date alone
 * (`2021-03-01`) is midnight UTC, and a space may stand for the `T`, as JavaScript's Date accepts.
 *
 * Returns: (transfer full) (nullable): the date-time, or %NULL if @text is not one
 */
GDateTime *
ac_json_parse_datetime (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *copy = NULL;
  gsize length;

  if (text == NULL)
    return NULL;

  length = strlen (text);
  if (length < 10 || length > 64)
    return NULL;

  utc = g_time_zone_new_utc ();

  if (length == 10)
    {
      copy = g_strconcat (text, "T00:00:00Z", NULL);
    }
  else
    {
      copy = g_strdup (text);
      if (copy[10] == ' ')
        copy[10] = 'T';
    }

  return g_date_time_new_from_iso8601 (copy, utc);
}

gboolean
ac_json_get_datetime (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      GDateTime  **out,
                      GError     **error)
{
  g_autofree char *text = NULL;
  GDateTime *datetime;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!ac_json_get_string (object, member, required, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  datetime = ac_json_parse_datetime (text);
  if (datetime == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a JSON member name */
                   _("Malformed answer: “%s” is not an ISO-8601 date and time"), member);
      return FALSE;
    }

  *out = datetime;
  return TRUE;
}

/**
 * ac_text_contains:
 * @haystack: (nullable): a text
 * @needle: (nullable): what to look for
 *
 * Case-insensitive substring search, for the search boxes of the lists. An empty or %NULL
 * @needle matches everything; a %NULL @haystack matches only that.
 */
gboolean
ac_text_contains (const char *haystack,
                  const char *needle)
{
  g_autofree char *folded_haystack = NULL;
  g_autofree char *folded_needle = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;
  if (haystack == NULL)
    return FALSE;

  folded_haystack = g_utf8_casefold (haystack, -1);
  folded_needle = g_utf8_casefold (needle, -1);

  return strstr (folded_haystack, folded_needle) != NULL;
}
