/* ac-emu-request.c: reading what a request carries, without a socket (see ac-emu-request.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-request"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ac-emu-json.h"
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
                  char *valid = g_utf8_make_valid (name != NULL ? name : "?", -1);

                  g_free (name);
                  name = valid;
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

/* ---------------------------------------------------------------------------------------- */
/* Request head and chunked framing */

#define CHUNK_LINE_LIMIT 4096
#define TRAILER_LIMIT 8192

void
ac_emu_head_clear (AcEmuHead *head)
{
  g_clear_pointer (&head->method, g_free);
  g_clear_pointer (&head->path, g_free);
  g_clear_pointer (&head->lang, g_free);
  head->framing = AC_EMU_BODY_FRAMING_NONE;
  head->content_length = 0;
  head->body_limit = 0;
}

gsize
ac_emu_request_body_limit (const char *path)
{
  return path != NULL && g_str_has_prefix (path, "/api/v2/upload") ? AC_EMU_UPLOAD_BODY_LIMIT
                                                               : AC_EMU_JSON_BODY_LIMIT;
}

gsize
ac_emu_request_head_end (const char *data,
                         gsize       len)
{
  gsize i = 0;

  /* RFC 9112 §2.2: empty lines before the request line are ignored */
  while (i < len && (data[i] == '\r' || data[i] == '\n'))
    i++;
  for (; i < len; i++)
    {
      if (data[i] != '\n')
        continue;
      if (i + 1 < len && data[i + 1] == '\n')
        return i + 2;
      if (i + 2 < len && data[i + 1] == '\r' && data[i + 2] == '\n')
        return i + 3;
    }
  return 0;
}

/* RFC 9110 §5.6.2 */
static gboolean
is_tchar (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static char *
path_of_target (const char *target,
                gsize       len)
{
  const char *end = target + len;
  const char *p = target;
  const char *q;

  if (len > 0 && *p != '/')
    {
      /* absolute-form: scheme://authority/path */
      const char *scheme_end = g_strstr_len (target, len, "://");

      if (scheme_end == NULL)
        return g_strndup (target, len);     /* "*" or an authority */
      p = scheme_end + 3;
      while (p < end && *p != '/' && *p != '?' && *p != '#')
        p++;
      if (p >= end || *p != '/')
        return g_strdup ("/");
    }
  for (q = p; q < end && *q != '?' && *q != '#'; q++)
    ;
  return g_strndup (p, q - p);
}

static gboolean
parse_length (const char *value,
              gsize       len,
              guint64    *out)
{
  guint64 v = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (value[i]))
        return FALSE;
      if (v > (G_MAXUINT64 - 9) / 10)
        return FALSE;     /* would overflow */
      v = v * 10 + (guint64) (value[i] - '0');
    }
  *out = v;
  return TRUE;
}

guint
ac_emu_request_check_head (const char *data,
                           gsize       len,
                           AcEmuHead  *head)
{
  const char *p = data, *end = data + len;
  const char *line, *eol, *sp1, *sp2;
  gboolean http11, seen_length = FALSE, seen_encoding = FALSE;
  guint hosts = 0;
  gboolean expect_bad = FALSE;
  guint64 length = 0;

  memset (head, 0, sizeof *head);
  while (p < end && (*p == '\r' || *p == '\n'))
    p++;

  /* request-line = method SP request-target SP HTTP-version (RFC 9112 §3) */
  line = p;
  eol = memchr (line, '\n', end - line);
  if (eol == NULL)
    return 400;
  if (eol > line && eol[-1] == '\r')
    eol--;
  sp1 = memchr (line, ' ', eol - line);
  if (sp1 == NULL || sp1 == line)
    return 400;
  for (const char *c = line; c < sp1; c++)
    if (!is_tchar ((guchar) *c))
      return 400;
  sp2 = memchr (sp1 + 1, ' ', eol - (sp1 + 1));
  if (sp2 == NULL || sp2 == sp1 + 1)
    return 400;
  for (const char *c = sp1 + 1; c < sp2; c++)
    if ((guchar) *c <= 0x20 || (guchar) *c >= 0x7f)
      return 400;
  head->method = g_strndup (line, sp1 - line);
  head->path = path_of_target (sp1 + 1, sp2 - (sp1 + 1));
  head->body_limit = ac_emu_request_body_limit (head->path);
  if (eol - (sp2 + 1) != 8 || memcmp (sp2 + 1, "HTTP/", 5) != 0 ||
      !g_ascii_isdigit (sp2[6]) || sp2[7] != '.' || !g_ascii_isdigit (sp2[8]))
    return 400;
  if (sp2[6] != '1' || (sp2[8] != '0' && sp2[8] != '1'))
    return 505;
  http11 = sp2[8] == '1';

  /* header fields (RFC 9112 §5) */
  p = (const char *) memchr (line, '\n', end - line) + 1;
  while (p < end)
    {
      const char *colon, *value, *value_end;

      line = p;
      eol = memchr (line, '\n', end - line);
      if (eol == NULL)
        return 400;
      p = eol + 1;
      if (eol > line && eol[-1] == '\r')
        eol--;
      if (eol == line)
        break;                        /* the blank line */
      if (*line == ' ' || *line == '\t')
        return 400;                   /* obsolete line folding */
      colon = memchr (line, ':', eol - line);
      if (colon == NULL || colon == line)
        return 400;
      for (const char *c = line; c < colon; c++)
        if (!is_tchar ((guchar) *c))
          return 400;                 /* also no space before the colon */
      value = colon + 1;
      value_end = eol;
      for (const char *c = value; c < value_end; c++)
        if (((guchar) *c < 0x20 && *c != '\t') || (guchar) *c == 0x7f)
          return 400;                 /* no NUL, bare CR or other controls */
      while (value < value_end && (*value == ' ' || *value == '\t'))
        value++;
      while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t'))
        value_end--;

#define NAME_IS(n) ((gsize) (colon - line) == strlen (n) && g_ascii_strncasecmp (line, n, strlen (n)) == 0)
      if (NAME_IS ("Content-Length"))
        {
          if (seen_length || !parse_length (value, value_end - value, &length))
            return 400;
          seen_length = TRUE;
        }
      else if (NAME_IS ("Transfer-Encoding"))
        {
          if (seen_encoding || value_end - value != 7 || g_ascii_strncasecmp (value, "chunked", 7) != 0)
            return 400;
          seen_encoding = TRUE;
        }
      else if (NAME_IS ("Host"))
        hosts++;
      else if (NAME_IS ("Expect"))
        {
          if (value_end - value != 12 || g_ascii_strncasecmp (value, "100-continue", 12) != 0)
            expect_bad = TRUE;
        }
      else if (NAME_IS ("x-authing-lang") && head->lang == NULL)
        head->lang = g_strndup (value, value_end - value);
#undef NAME_IS
    }

  if (seen_length && seen_encoding)
    return 400;                       /* RFC 9112 §6.3: a smuggling attempt */
  if (seen_encoding && !http11)
    return 400;
  if (http11 ? hosts != 1 : hosts > 1)
    return 400;
  if (expect_bad)
    return 417;
  if (seen_encoding)
    head->framing = AC_EMU_BODY_FRAMING_CHUNKED;
  else if (seen_length)
    {
      head->framing = AC_EMU_BODY_FRAMING_LENGTH;
      head->content_length = length;
      if (length > head->body_limit)
        return 413;
    }
  return 0;
}

enum {
  CHUNK_SIZE,
  CHUNK_SIZE_LF,
  CHUNK_DATA,
  CHUNK_DATA_CR,
  CHUNK_DATA_LF,
  CHUNK_TRAILER,
  CHUNK_TRAILER_LF,
  CHUNK_DONE,
};

void
ac_emu_chunked_init (AcEmuChunked *chunked)
{
  memset (chunked, 0, sizeof *chunked);
  chunked->state = CHUNK_SIZE;
}

guint
ac_emu_chunked_feed (AcEmuChunked *ck,
                     const char   *data,
                     gsize         len,
                     gsize         limit,
                     gsize        *consumed,
                     gboolean     *done)
{
  gsize i = 0;

  *done = FALSE;
  while (i < len && ck->state != CHUNK_DONE)
    {
      guchar c = (guchar) data[i];

      switch (ck->state)
        {
        case CHUNK_SIZE:
          if (++ck->line_len > CHUNK_LINE_LIMIT)
            return 400;
          if (c == '\r' || c == '\n')
            {
              if (!ck->size_digits)
                return 400;
              ck->state = c == '\r' ? CHUNK_SIZE_LF : (ck->chunk_left > 0 ? CHUNK_DATA : CHUNK_TRAILER);
              ck->line_len = 0;
            }
          else if (ck->in_extension)
            {
              if (c < 0x20 && c != '\t')
                return 400;
            }
          else if (g_ascii_isxdigit (c))
            {
              if (ck->after_space || ck->chunk_left > (G_MAXUINT64 >> 4))
                return 400;
              ck->chunk_left = (ck->chunk_left << 4) | (guint64) g_ascii_xdigit_value (c);
              ck->size_digits = TRUE;
            }
          else if (c == ';' && ck->size_digits)
            ck->in_extension = TRUE;
          else if ((c == ' ' || c == '\t') && ck->size_digits)
            ck->after_space = TRUE;   /* BWS before a chunk extension */
          else
            return 400;
          i++;
          break;

        case CHUNK_SIZE_LF:
          if (c != '\n')
            return 400;
          ck->state = ck->chunk_left > 0 ? CHUNK_DATA : CHUNK_TRAILER;
          i++;
          break;

        case CHUNK_DATA:
          {
            gsize n = (gsize) MIN ((guint64) (len - i), ck->chunk_left);

            if (ck->total + n > limit)
              return 413;
            ck->total += n;
            ck->chunk_left -= n;
            i += n;
            if (ck->chunk_left == 0)
              ck->state = CHUNK_DATA_CR;
          }
          break;

        case CHUNK_DATA_CR:
          if (c == '\n')
            ck->state = CHUNK_SIZE;
          else if (c == '\r')
            ck->state = CHUNK_DATA_LF;
          else
            return 400;
          ck->size_digits = FALSE;
          ck->in_extension = FALSE;
          ck->after_space = FALSE;
          ck->line_len = 0;
          i++;
          break;

        case CHUNK_DATA_LF:
          if (c != '\n')
            return 400;
          ck->state = CHUNK_SIZE;
          i++;
          break;

        case CHUNK_TRAILER:
          if (++ck->trailer_len > TRAILER_LIMIT)
            return 400;
          if (c == '\r')
            ck->state = CHUNK_TRAILER_LF;
          else if (c == '\n')
            {
              if (ck->line_len == 0)
                ck->state = CHUNK_DONE;
              ck->line_len = 0;
            }
          else if (c < 0x20 && c != '\t')
            return 400;
          else
            ck->line_len++;
          i++;
          break;

        case CHUNK_TRAILER_LF:
          if (c != '\n')
            return 400;
          if (ck->line_len == 0)
            ck->state = CHUNK_DONE;
          else
            ck->state = CHUNK_TRAILER;
          ck->line_len = 0;
          i++;
          break;

        default:
          g_assert_not_reached ();
        }
    }
  *consumed = i;
  *done = ck->state == CHUNK_DONE;
  return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Bodies */

AcEmuBodyStatus
ac_emu_request_parse_json_body (const char  *content_type,
                                const char  *data,
                                gsize        len,
                                JsonNode   **out_root,
                                char       **out_path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  *out_root = NULL;
  *out_path = NULL;
  if (len == 0)
    {
      *out_root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (*out_root, json_object_new ());
      return AC_EMU_BODY_OK;
    }
  if (len > AC_EMU_JSON_BODY_LIMIT)
    return AC_EMU_BODY_TOO_LARGE;
  if (content_type == NULL ||
      (g_ascii_strcasecmp (content_type, "application/json") != 0 && !g_str_has_suffix (content_type, "+json")))
    return AC_EMU_BODY_BAD_CONTENT_TYPE;

  /* Strict RFC 8259 (ac-emu-json.c): json-glib's own parser never sees a request body */
  root = ac_emu_json_parse_strict (data, len, AC_EMU_MAX_JSON_DEPTH, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_NUL))
        {
          *out_path = g_strdup (error->message);
          return AC_EMU_BODY_NUL;
        }
      return AC_EMU_BODY_BAD_JSON;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      return AC_EMU_BODY_NOT_OBJECT;
    }
  *out_root = root;
  return AC_EMU_BODY_OK;
}

const char *
ac_emu_request_image_extension (const guint8 *data,
                                gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };

  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "png";
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpg";
  if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "gif";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

AcEmuBodyStatus
ac_emu_request_parse_upload (const char   *content_type_header,
                             GBytes       *body,
                             GBytes      **out_file,
                             const char  **out_ext)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) terminated = NULL;
  const char *type;
  GBytes *file = NULL;
  gsize len = g_bytes_get_size (body);
  char *copy;
  int n;

  *out_file = NULL;
  *out_ext = NULL;
  if (g_bytes_get_size (body) > AC_EMU_UPLOAD_BODY_LIMIT)
    return AC_EMU_BODY_TOO_LARGE;
  if (content_type_header == NULL)
    return AC_EMU_BODY_NOT_MULTIPART;
  soup_message_headers_replace (headers, "Content-Type", content_type_header);
  type = soup_message_headers_get_content_type (headers, NULL);
  if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
    return AC_EMU_BODY_NOT_MULTIPART;

  /* libsoup 3.2's multipart reader runs strstr() over the body: it relies on the NUL that
   * soup_message_body_flatten() adds after the data (found by fuzzing, an overread without) */
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, g_bytes_get_data (body, NULL), len);
  copy[len] = '\0';
  terminated = g_bytes_new_take (copy, len);
  multipart = soup_multipart_new_from_message (headers, terminated);
  if (multipart == NULL)
    return AC_EMU_BODY_NOT_MULTIPART;
  n = soup_multipart_get_length (multipart);
  for (int i = 0; i < n && file == NULL; i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *disposition = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (soup_message_headers_get_content_disposition (part_headers, &disposition, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        file = part_body;
    }
  if (file == NULL)
    return AC_EMU_BODY_NO_FILE_PART;
  if (g_bytes_get_size (file) > AC_EMU_UPLOAD_FILE_LIMIT)
    return AC_EMU_BODY_TOO_LARGE;
  *out_ext = ac_emu_request_image_extension (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  if (*out_ext == NULL)
    return AC_EMU_BODY_NOT_AN_IMAGE;
  *out_file = g_bytes_ref (file);
  return AC_EMU_BODY_OK;
}
