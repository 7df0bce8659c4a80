/* ac-json-write.c: JSON text that every RFC 8259 reader accepts
 *
 * One writer for everything the client sends and everything the emulator answers or stores:
 * json-glib 1.6's generator alone is not enough (see ac_json_to_string()). This file needs only
 * GLib and json-glib, so src/emulator compiles it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ac-json-write.h"

/**
 * ac_json_to_string:
 * @node: a JSON tree
 * @length: (out) (optional): the length of the text
 *
 * Writes @node as compact JSON that ac_json_parse() and every RFC 8259 reader accept. Use it
 * for anything sent: json-glib 1.6's generator alone writes U+001F unescaped in strings, an
 * integral double of 1e17 or more as `1e+17.0` and an infinite one as `inf.0`, none of which
 * is JSON. The first two are repaired; a double that is not finite is written as `null`, as
 * JSON.stringify() does.
 *
 * Returns: (transfer full): the text
 */
char *
ac_json_to_string (JsonNode *node,
                   gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;
  gsize raw_length = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  raw = json_generator_to_data (generator, &raw_length);
  out = g_string_sized_new (raw_length + 1);

  for (gsize i = 0; i < raw_length; i++)
    {
      char c = raw[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          else if ((guchar) c < 0x20)
            {
              g_string_append_printf (out, "\\u%04x", (guint) (guchar) c);
              continue;
            }
          g_string_append_c (out, c);
          continue;
        }

      if (g_ascii_isalpha (c) && !(i > 0 && g_ascii_isdigit (raw[i - 1])))
        {
          /* a word: true, false, null, or a double that is not finite ("inf.0", "-nan.0"),
           * which becomes null as in JSON.stringify() */
          gsize end = i;

          while (end < raw_length && g_ascii_isalpha (raw[end]))
            end++;
          if ((end - i == 4 && strncmp (raw + i, "true", 4) == 0) ||
              (end - i == 5 && strncmp (raw + i, "false", 5) == 0) ||
              (end - i == 4 && strncmp (raw + i, "null", 4) == 0))
            g_string_append_len (out, raw + i, end - i);
          else
            {
              if (out->len > 0 && out->str[out->len - 1] == '-')
                g_string_truncate (out, out->len - 1);
              g_string_append (out, "null");
              if (end < raw_length && raw[end] == '.')
                for (end++; end < raw_length && g_ascii_isdigit (raw[end]); end++)
                  ;
            }
          i = end - 1;
          continue;
        }

      g_string_append_c (out, c);
      if (c == '"')
        in_string = TRUE;
      else if ((c == 'e' || c == 'E') && i > 0 && g_ascii_isdigit (raw[i - 1]))
        {
          /* the exponent of a number, and the ".0" json-glib may put after it */
          while (i + 1 < raw_length && (g_ascii_isdigit (raw[i + 1]) || raw[i + 1] == '+' || raw[i + 1] == '-'))
            g_string_append_c (out, raw[++i]);
          if (i + 1 < raw_length && raw[i + 1] == '.')
            {
              i++;
              while (i + 1 < raw_length && g_ascii_isdigit (raw[i + 1]))
                i++;
            }
        }
    }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
