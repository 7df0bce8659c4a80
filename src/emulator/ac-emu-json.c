/* ac-emu-json.c: a strict RFC 8259 parser building json-glib nodes (see ac-emu-json.h)
 *
 * Grammar (RFC 8259 §2–§8): ws value ws, where ws is space, tab, LF and CR only; values are
 * objects, arrays, strings, numbers and the literals true, false, null. Strings hold no raw
 * character below U+0020, only the escapes \" \\ \/ \b \f \n \r \t \uXXXX, surrogate escapes
 * only as a high-low pair, and valid UTF-8 (no overlong forms, no encoded surrogates, nothing
 * above U+10FFFF). Numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
 *
 * The recursion is bounded by max_depth, checked before each descent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ac-emu-json.h"

G_DEFINE_QUARK (ac-emu-json-error-quark, ac_emu_json_error)

typedef struct
{
  const guchar *p;
  const guchar *start;
  const guchar *end;
  guint max_depth;
  GString *path;            /* the JSON path of the value being parsed */
  GError **error;
} Parser;

static gboolean
fail (Parser     *ps,
      const char *what)
{
  g_set_error (ps->error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_SYNTAX,
               "not JSON at byte %" G_GSIZE_FORMAT ": %s", (gsize) (ps->p - ps->start), what);
  return FALSE;
}

static void
skip_ws (Parser *ps)
{
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
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

/* Reads the 4 hex digits after "\u" at ps->p */
static gboolean
read_hex4 (Parser   *ps,
           gunichar *out)
{
  gunichar v = 0;

  if (ps->end - ps->p < 4)
    return fail (ps, "truncated \\u escape");
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (ps->p[i]);

      if (h < 0)
        return fail (ps, "\\u needs four hex digits");
      v = (v << 4) | (gunichar) h;
    }
  ps->p += 4;
  *out = v;
  return TRUE;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0 */
static gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  gsize avail = (gsize) (end - p);
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xbf;
  gsize n;

  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      if (c == 0xe0)
        lo = 0xa0;              /* no overlong forms */
      else if (c == 0xed)
        hi = 0x9f;              /* no UTF-16 surrogates */
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      if (c == 0xf0)
        lo = 0x90;
      else if (c == 0xf4)
        hi = 0x8f;              /* nothing above U+10FFFF */
    }
  else
    return 0;

  if (avail < n || p[1] < lo || p[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;
  return n;
}

/* Parses a string starting at the opening quote. *out gets the text (NUL-free) */
static gboolean
parse_string (Parser  *ps,
              char   **out,
              gboolean *has_nul)
{
  GString *s = g_string_new (NULL);

  *has_nul = FALSE;
  ps->p++;    /* the opening quote */
  for (;;)
    {
      const guchar *run = ps->p;
      guchar c;

      /* copy plain ASCII in one go */
      while (ps->p < ps->end && *ps->p >= 0x20 && *ps->p < 0x80 && *ps->p != '"' && *ps->p != '\\')
        ps->p++;
      g_string_append_len (s, (const char *) run, ps->p - run);

      if (ps->p >= ps->end)
        {
          g_string_free (s, TRUE);
          return fail (ps, "unterminated string");
        }
      c = *ps->p;
      if (c == '"')
        {
          ps->p++;
          break;
        }
      if (c < 0x20)
        {
          g_string_free (s, TRUE);
          return fail (ps, "raw control character in a string");
        }
      if (c >= 0x80)
        {
          gsize n = utf8_sequence (ps->p, ps->end);

          if (n == 0)
            {
              g_string_free (s, TRUE);
              return fail (ps, "invalid UTF-8");
            }
          g_string_append_len (s, (const char *) ps->p, n);
          ps->p += n;
          continue;
        }

      /* an escape */
      ps->p++;
      if (ps->p >= ps->end)
        {
          g_string_free (s, TRUE);
          return fail (ps, "truncated escape");
        }
      c = *ps->p++;
      switch (c)
        {
        case '"': g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/': g_string_append_c (s, '/'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u':
          {
            gunichar u, low;
            char buf[6];

            if (!read_hex4 (ps, &u))
              {
                g_string_free (s, TRUE);
                return FALSE;
              }
            if (u >= 0xdc00 && u <= 0xdfff)
              {
                g_string_free (s, TRUE);
                return fail (ps, "lone low surrogate");
              }
            if (u >= 0xd800 && u <= 0xdbff)
              {
                if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
                  {
                    g_string_free (s, TRUE);
                    return fail (ps, "lone high surrogate");
                  }
                ps->p += 2;
                if (!read_hex4 (ps, &low))
                  {
                    g_string_free (s, TRUE);
                    return FALSE;
                  }
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    g_string_free (s, TRUE);
                    return fail (ps, "high surrogate without a low one");
                  }
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            if (u == 0)
              {
                *has_nul = TRUE;   /* GLib strings cannot hold it; the caller refuses */
                break;
              }
            g_string_append_len (s, buf, g_unichar_to_utf8 (u, buf));
          }
          break;
        default:
          g_string_free (s, TRUE);
          return fail (ps, "unknown escape");
        }
    }
  *out = g_string_free (s, FALSE);
  return TRUE;
}

static gboolean
parse_number (Parser    *ps,
              JsonNode **out)
{
  const guchar *begin = ps->p;
  gboolean integer = TRUE, nonzero = FALSE;
  g_autofree char *text = NULL;

  if (ps->p < ps->end && *ps->p == '-')
    ps->p++;
  if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
    return fail (ps, "a number needs digits");
  if (*ps->p == '0')
    {
      ps->p++;
      if (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        return fail (ps, "leading zero");
    }
  else
    {
      nonzero = TRUE;
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (ps->p < ps->end && *ps->p == '.')
    {
      integer = FALSE;
      ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        return fail (ps, "a fraction needs digits");
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        {
          if (*ps->p != '0')
            nonzero = TRUE;
          ps->p++;
        }
    }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
      integer = FALSE;
      ps->p++;
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
        ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        return fail (ps, "an exponent needs digits");
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }

  text = g_strndup ((const char *) begin, ps->p - begin);
  *out = json_node_new (JSON_NODE_VALUE);
  if (integer)
    {
      gint64 v;

      /* g_ascii_string_to_signed() refuses what overflows instead of wrapping */
      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v, NULL))
        json_node_set_int (*out, v);
      else
        json_node_set_double (*out, NAN);
    }
  else
    {
      double d;

      d = g_ascii_strtod (text, NULL);
      if (!isfinite (d) || (d == 0.0 && nonzero))
        json_node_set_double (*out, NAN);
      else
        json_node_set_double (*out, d);
    }
  return TRUE;
}

static gboolean
literal (Parser     *ps,
         const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (ps->end - ps->p) < n || memcmp (ps->p, word, n) != 0)
    return fail (ps, "unexpected character");
  ps->p += n;
  return TRUE;
}

static gboolean
nul_at_path (Parser *ps)
{
  g_set_error_literal (ps->error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_NUL,
                       ps->path->len > 0 ? ps->path->str : "(root)");
  return FALSE;
}

static gboolean parse_value (Parser *ps, guint depth, JsonNode **out);

static gboolean
parse_object (Parser    *ps,
              guint      depth,
              JsonNode **out)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gsize base = ps->path->len;

  ps->p++;    /* '{' */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == '}')
    ps->p++;
  else
    for (;;)
      {
        g_autofree char *key = NULL;
        JsonNode *value = NULL;
        gboolean has_nul;

        if (ps->p >= ps->end || *ps->p != '"')
          return fail (ps, "expected a member name in double quotes");
        if (!parse_string (ps, &key, &has_nul))
          return FALSE;
        if (base > 0)
          g_string_append_c (ps->path, '.');
        g_string_append (ps->path, key);
        if (has_nul)
          return nul_at_path (ps);
        skip_ws (ps);
        if (ps->p >= ps->end || *ps->p != ':')
          return fail (ps, "expected ':'");
        ps->p++;
        skip_ws (ps);
        if (!parse_value (ps, depth, &value))
          return FALSE;
        g_string_truncate (ps->path, base);
        json_object_set_member (object, key, value);   /* a repeated name: the last wins */
        skip_ws (ps);
        if (ps->p < ps->end && *ps->p == ',')
          {
            ps->p++;
            skip_ws (ps);
            continue;
          }
        if (ps->p < ps->end && *ps->p == '}')
          {
            ps->p++;
            break;
          }
        return fail (ps, "expected ',' or '}'");
      }
  *out = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (*out, object);
  return TRUE;
}

static gboolean
parse_array (Parser    *ps,
             guint      depth,
             JsonNode **out)
{
  g_autoptr(JsonArray) array = json_array_new ();
  gsize base = ps->path->len;

  ps->p++;    /* '[' */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == ']')
    ps->p++;
  else
    for (guint i = 0;; i++)
      {
        JsonNode *value = NULL;

        g_string_append_printf (ps->path, "[%u]", i);
        if (!parse_value (ps, depth, &value))
          return FALSE;
        g_string_truncate (ps->path, base);
        json_array_add_element (array, value);
        skip_ws (ps);
        if (ps->p < ps->end && *ps->p == ',')
          {
            ps->p++;
            skip_ws (ps);
            continue;
          }
        if (ps->p < ps->end && *ps->p == ']')
          {
            ps->p++;
            break;
          }
        return fail (ps, "expected ',' or ']'");
      }
  *out = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (*out, array);
  return TRUE;
}

static gboolean
parse_value (Parser    *ps,
             guint      depth,
             JsonNode **out)
{
  if (ps->p >= ps->end)
    return fail (ps, "expected a value");

  switch (*ps->p)
    {
    case '{':
    case '[':
      if (depth + 1 > ps->max_depth)
        {
          g_set_error (ps->error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_DEPTH,
                       "nested deeper than %u levels", ps->max_depth);
          return FALSE;
        }
      return *ps->p == '{' ? parse_object (ps, depth + 1, out) : parse_array (ps, depth + 1, out);

    case '"':
      {
        g_autofree char *s = NULL;
        gboolean has_nul;

        if (!parse_string (ps, &s, &has_nul))
          return FALSE;
        if (has_nul)
          return nul_at_path (ps);
        *out = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (*out, s);
        return TRUE;
      }

    case 't':
      if (!literal (ps, "true"))
        return FALSE;
      *out = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (*out, TRUE);
      return TRUE;

    case 'f':
      if (!literal (ps, "false"))
        return FALSE;
      *out = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (*out, FALSE);
      return TRUE;

    case 'n':
      if (!literal (ps, "null"))
        return FALSE;
      *out = json_node_new (JSON_NODE_NULL);
      return TRUE;

    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        return parse_number (ps, out);
      return fail (ps, "unexpected character");
    }
}

JsonNode *
ac_emu_json_parse_strict (const char  *data,
                          gsize        len,
                          guint        max_depth,
                          GError     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  JsonNode *root = NULL;
  Parser ps = { 0, };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  ps.start = ps.p = (const guchar *) (data != NULL ? data : "");
  ps.end = ps.start + len;
  ps.max_depth = max_depth;
  ps.path = path;
  ps.error = error;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      (void) fail (&ps, "byte order mark");
      return NULL;
    }
  skip_ws (&ps);
  if (!parse_value (&ps, 0, &root))
    return NULL;
  skip_ws (&ps);
  if (ps.p != ps.end)
    {
      json_node_unref (root);
      (void) fail (&ps, "more than one value");
      return NULL;
    }
  return root;
}

gboolean
ac_emu_json_number_is_exact (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return TRUE;
  return isfinite (json_node_get_double (node));
}

gboolean
ac_emu_json_numbers_are_exact (JsonNode *node)
{
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (!ac_emu_json_numbers_are_exact (json_object_get_member (object, l->data)))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!ac_emu_json_numbers_are_exact (json_array_get_element (array, i)))
          return FALSE;
      return TRUE;
    }
  return ac_emu_json_number_is_exact (node);
}
