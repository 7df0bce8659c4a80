/* ac-emu-request.c: reading what a request carries, without a socket (see ac-emu-request.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-request"

#include "config.h"

#include <string.h>

#include "ac-emu-request.h"

G_DEFINE_QUARK (ac-emu-request-error-quark, ac_emu_request_error)

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes one form component of len bytes. Returns NULL and sets *nul or *bad on failure. */
static char *
form_decode (const char *text,
             gsize       len,
             gboolean   *nul,
             gboolean   *bad)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          int hi = i + 2 < len ? hex_value (text[i + 1]) : -1;
          if (hi < 0 || hex_value (text[i + 2]) < 0)
            {
              *bad = TRUE;
              g_string_free (out, TRUE);
              return NULL;
            }
          c = (char) ((hi << 4) | hex_value (text[i + 2]));
          i += 2;
        }
      if (c == '\0')
        {
          *nul = TRUE;
          return g_string_free (out, FALSE);   /* the part before, to name the parameter */
        }
      g_string_append_c (out, c);
    }
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      *bad = TRUE;
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

GHashTable *
ac_emu_request_parse_query (const char  *query,
                            char       **out_name,
                            GError     **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = query;

  *out_name = NULL;
  if (query == NULL)
    return g_steal_pointer (&table);

  while (*p != '\0')
    {
      const char *amp = strchr (p, '&');
      gsize len = amp != NULL ? (gsize) (amp - p) : strlen (p);
      const char *eq = memchr (p, '=', len);

      if (eq != NULL)
        {
          gboolean nul = FALSE, bad = FALSE;
          g_autofree char *name = form_decode (p, eq - p, &nul, &bad);
          g_autofree char *value = NULL;

          if (!nul && !bad)
            value = form_decode (eq + 1, len - (eq + 1 - p), &nul, &bad);
          if (nul || bad)
            {
              if (name == NULL || !g_utf8_validate (name, -1, NULL))
                {
                  g_free (name);
                  name = g_utf8_make_valid (name != NULL ? name : "?", -1);
                }
              *out_name = g_steal_pointer (&name);
              g_set_error_literal (error, AC_EMU_REQUEST_ERROR,
                                   nul ? AC_EMU_REQUEST_ERROR_NUL : AC_EMU_REQUEST_ERROR_ENCODING,
                                   nul ? "NUL in a query parameter" : "bad encoding in a query parameter");
              return NULL;
            }
          g_hash_table_replace (table, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      p += len;
      if (*p == '&')
        p++;
    }
  return g_steal_pointer (&table);
}

gboolean
ac_emu_request_has_control_chars (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}
