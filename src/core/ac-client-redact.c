/* ac-client-redact.c: hiding secrets in what the traffic log shows
 *
 * The traffic log (G_MESSAGES_DEBUG=ac-client) shows the start of every body. A secret must
 * never reach it, whole or in part: so the text is scanned from its start, every secret value is
 * replaced as a whole, and only then is the result cut to its maximal length. The scanner does
 * not need valid JSON: a truncated answer, odd spacing, escaped member names and values that are
 * objects or numbers are all handled, and a string left open at the end is hidden if it is a
 * secret's value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ac-client-redact.h"

/* Names are compared in lower case without punctuation: `access_token`, `accessToken` and
 * `Access-Token` are all "accesstoken". A name is a secret's when it ends in one of these. */
static const char * const always_suffixes[] = {
  "token", "tokens", "password", "passwords", "passwd", "passphrase", "secret", "secrets",
  "privatekey", "apikey", "codeverifier", "passcode", "otp", "authorization", "cookie",
  "ticket", "credential", "credentials", "sessionid", "signature",
  /* one-time codes under names that are never the envelope's `code`: hidden even as digits (a
   * query's `phoneCode=123456`, a JSON number) */
  "phonecode", "emailcode", "smscode", "verifycode", "recoverycode", "recoverycodes", "mfacode",
  NULL
};

/* One-time codes under names the envelope uses too (`code`, `codes`); the envelope's numeric
 * `code` is not one. */
static const char * const unless_number_suffixes[] = {
  "code", "codes",
  NULL
};

/* Or when it holds one of these (a TOTP enrolment's `qrcode_uri` and `qrcode_data_url` carry the
 * secret). */
static const char * const always_infixes[] = {
  "qrcode", "otpauth",
  NULL
};

static gboolean
has_suffix_in (const char         *normalized,
               gsize               length,
               const char * const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      gsize n = strlen (suffixes[i]);

      if (length >= n && memcmp (normalized + length - n, suffixes[i], n) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * _ac_client_redact_is_secret_name:
 * @name: a JSON member name (decoded), a parameter or a header name
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Returns: whether values of that name are hidden, and how
 */
AcClientSecretKind
_ac_client_redact_is_secret_name (const char *name,
                                  gssize      length)
{
  g_autoptr(GString) normalized = NULL;

  if (name == NULL)
    return AC_CLIENT_SECRET_NONE;
  if (length < 0)
    length = strlen (name);

  normalized = g_string_sized_new (length);
  for (gssize i = 0; i < length; i++)
    if (g_ascii_isalnum (name[i]))
      g_string_append_c (normalized, g_ascii_tolower (name[i]));

  if (has_suffix_in (normalized->str, normalized->len, always_suffixes))
    return AC_CLIENT_SECRET_ALWAYS;
  for (guint i = 0; always_infixes[i] != NULL; i++)
    if (strstr (normalized->str, always_infixes[i]) != NULL)
      return AC_CLIENT_SECRET_ALWAYS;
  if (has_suffix_in (normalized->str, normalized->len, unless_number_suffixes))
    return AC_CLIENT_SECRET_UNLESS_NUMBER;

  return AC_CLIENT_SECRET_NONE;
}

static inline gboolean
is_base64url (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/**
 * _ac_client_redact_looks_like_jwt:
 *
 * Whether @text holds something shaped like a JWT (`eyJ…` base64url, a dot, base64url, a dot),
 * whatever it is called.
 */
gboolean
_ac_client_redact_looks_like_jwt (const char *text,
                                  gsize       length)
{
  const char *end = text + length;
  const char *p = text;

  while (p + 3 <= end)
    {
      const char *start = memchr (p, 'e', end - p);
      const char *q;

      if (start == NULL || start + 3 > end)
        return FALSE;

      p = start + 1;
      if (start[1] != 'y' || start[2] != 'J')
        continue;

      /* header, '.', payload, '.' */
      q = start;
      while (q < end && is_base64url (*q))
        q++;
      if (q - start < 8 || q >= end || *q != '.')
        continue;
      start = ++q;
      while (q < end && is_base64url (*q))
        q++;
      if (q - start < 8 || q >= end || *q != '.')
        continue;

      return TRUE;
    }

  return FALSE;
}

/* The text of a JSON string whose raw form (without its quotes) is @raw: escapes decoded, good
 * enough to compare names and to find a JWT. */
static GString *
decode_string (const char *raw,
               gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      char c = raw[i];

      if (c != '\\' || i + 1 >= length)
        {
          g_string_append_c (out, c);
          continue;
        }

      c = raw[++i];
      switch (c)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            guint value = 0;
            gsize j;

            for (j = 0; j < 4 && i + 1 + j < length && g_ascii_isxdigit (raw[i + 1 + j]); j++)
              value = value * 16 + g_ascii_xdigit_value (raw[i + 1 + j]);
            if (j < 4)
              {
                g_string_append_c (out, 'u');
                break;
              }
            i += 4;
            /* Names and JWTs are ASCII: anything else only needs a stand-in. */
            g_string_append_c (out, value < 0x80 ? (char) value : '?');
          }
          break;
        default:
          g_string_append_c (out, c);
        }
    }

  return out;
}

/* The end of the JSON string that starts with the quote at @start: just after its closing quote,
 * or @end when it is left open. */
static const char *
string_end (const char *start,
            const char *end,
            gboolean   *closed)
{
  const char *p = start + 1;

  while (p < end)
    {
      if (*p == '\\')
        p += 2;
      else if (*p == '"')
        {
          *closed = TRUE;
          return p + 1;
        }
      else
        p++;
    }

  *closed = FALSE;
  return end;
}

static inline gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of the object or array that starts at @start (strings inside are skipped whole). */
static const char *
container_end (const char *start,
               const char *end)
{
  const char *p = start;
  gsize depth = 0;

  while (p < end)
    {
      gboolean closed;

      switch (*p)
        {
        case '"':
          p = string_end (p, end, &closed);
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (--depth == 0)
            return p + 1;
          break;
        default:
          break;
        }
      p++;
    }

  return end;
}

static const char *
scalar_end (const char *start,
            const char *end)
{
  const char *p = start;

  while (p < end && !is_json_space (*p) && *p != ',' && *p != '}' && *p != ']')
    p++;

  return p;
}

static gboolean
is_number (const char *text,
           gsize       length)
{
  g_autofree char *copy = NULL;
  char *stop = NULL;

  if (length == 0 || length > 64)
    return FALSE;

  copy = g_strndup (text, length);
  g_ascii_strtod (copy, &stop);

  return stop == copy + length && (g_ascii_isdigit (copy[0]) || copy[0] == '-');
}

/* Appends, but never much more than @max_length in all: the rest is cut anyway. */
static void
append_capped (GString    *out,
               const char *data,
               gsize       length,
               gsize       max_length)
{
  gsize room = max_length + 8 > out->len ? max_length + 8 - out->len : 0;

  g_string_append_len (out, data, MIN (length, room));
}

/* Cuts @out to @max_length bytes on a character boundary, and says how long it was. */
static char *
finish_capped (GString *out,
               gsize    max_length,
               gboolean cut,
               gsize    total_length)
{
  if (out->len > max_length)
    {
      gsize keep = max_length;

      /* back to the start of the character at the cut */
      while (keep > 0 && ((guchar) out->str[keep] & 0xc0) == 0x80)
        keep--;
      g_string_truncate (out, keep);
      cut = TRUE;
    }

  if (cut)
    g_string_append_printf (out, "… [%" G_GSIZE_FORMAT " bytes in all]", total_length);

  return g_string_free (out, FALSE);
}

/* Whether a string, whatever its name, shows a secret: a JWT, an `otpauth:` URI, or a URL
 * whose query has a secret parameter. */
static gboolean
value_holds_secret (const char *text,
                    gsize       length)
{
  const char *query;

  if (_ac_client_redact_looks_like_jwt (text, length))
    return TRUE;
  if (length >= 8 && g_ascii_strncasecmp (text, "otpauth:", 8) == 0)
    return TRUE;

  query = memchr (text, '?', length);
  if (query != NULL)
    {
      gsize query_length = length - (query + 1 - text);
      g_autofree char *hidden = _ac_client_redact_form (query + 1, query_length, G_MAXSIZE / 2);

      if (strlen (hidden) != query_length || memcmp (hidden, query + 1, query_length) != 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * _ac_client_redact_json:
 * @text: JSON, or something that should have been JSON
 * @length: its length
 * @max_length: the most bytes to give back (a note of the total length follows when cut)
 *
 * Returns: (transfer full): @text with the values of secret members and every JWT-shaped string
 *   replaced by `"[hidden]"`, cut to @max_length afterwards
 */
char *
_ac_client_redact_json (const char *text,
                        gsize       length,
                        gsize       max_length)
{
  GString *out = g_string_sized_new (MIN (length, max_length) + 64);
  const char *p = text;
  const char *end = text + length;
  AcClientSecretKind pending = AC_CLIENT_SECRET_NONE;  /* of the last member name */
  AcClientSecretKind value_kind = AC_CLIENT_SECRET_NONE; /* of the value that comes next */

  while (p < end && out->len <= max_length)
    {
      char c = *p;

      if (value_kind != AC_CLIENT_SECRET_NONE && !is_json_space (c))
        {
          /* The value of a secret member starts here: it goes as a whole. */
          const char *value_end;
          gboolean closed;

          if (c == '"')
            value_end = string_end (p, end, &closed);
          else if (c == '{' || c == '[')
            value_end = container_end (p, end);
          else
            value_end = scalar_end (p, end);

          if (value_end - p == 4 && memcmp (p, "null", 4) == 0)
            append_capped (out, "null", 4, max_length);
          else if (value_kind == AC_CLIENT_SECRET_UNLESS_NUMBER && is_number (p, value_end - p))
            append_capped (out, p, value_end - p, max_length);
          else if (value_end > p)
            append_capped (out, "\"" AC_CLIENT_REDACTED "\"", strlen (AC_CLIENT_REDACTED) + 2, max_length);

          value_kind = AC_CLIENT_SECRET_NONE;
          pending = AC_CLIENT_SECRET_NONE;
          if (value_end == p)
            {
              /* a stray ',' or '}' after the ':' */
              append_capped (out, p, 1, max_length);
              value_end++;
            }
          p = value_end;
          continue;
        }

      if (c == '"')
        {
          gboolean closed;
          const char *str_end = string_end (p, end, &closed);
          const char *after = str_end;
          g_autoptr(GString) decoded = NULL;

          while (after < end && is_json_space (*after))
            after++;

          decoded = decode_string (p + 1, (closed ? str_end - 1 : str_end) - (p + 1));

          if (closed && after < end && *after == ':')
            pending = _ac_client_redact_is_secret_name (decoded->str, decoded->len);
          else
            pending = AC_CLIENT_SECRET_NONE;

          if (value_holds_secret (decoded->str, decoded->len))
            append_capped (out, "\"" AC_CLIENT_REDACTED "\"", strlen (AC_CLIENT_REDACTED) + 2, max_length);
          else
            append_capped (out, p, str_end - p, max_length);

          p = str_end;
          continue;
        }

      if (c == ':' && pending != AC_CLIENT_SECRET_NONE)
        {
          value_kind = pending;
          pending = AC_CLIENT_SECRET_NONE;
        }
      else if (!is_json_space (c))
        {
          pending = AC_CLIENT_SECRET_NONE;
        }

      g_string_append_c (out, c);
      p++;
    }

  return finish_capped (out, max_length, p < end, length);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/**
 * _ac_client_redact_form:
 * @text: `name=value&name=value` (a query or an `application/x-www-form-urlencoded` body)
 *
 * Returns: (transfer full): @text with secret parameters' values replaced by `[hidden]`
 */
char *
_ac_client_redact_form (const char *text,
                        gsize       length,
                        gsize       max_length)
{
  GString *out = g_string_sized_new (MIN (length, max_length) + 64);
  const char *p = text;
  const char *end = text + length;

  while (p < end && out->len <= max_length)
    {
      const char *pair_end = p;
      const char *equals;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      AcClientSecretKind kind;

      while (pair_end < end && *pair_end != '&' && *pair_end != ';')
        pair_end++;
      equals = memchr (p, '=', pair_end - p);

      if (equals == NULL)
        {
          append_capped (out, p, pair_end - p, max_length);
        }
      else
        {
          name = g_uri_unescape_segment (p, equals, NULL);
          if (name == NULL)
            name = g_strndup (p, equals - p);
          value = g_uri_unescape_segment (equals + 1, pair_end, NULL);
          if (value == NULL)
            value = g_strndup (equals + 1, pair_end - (equals + 1));

          kind = _ac_client_redact_is_secret_name (name, -1);
          append_capped (out, p, equals + 1 - p, max_length);
          if (*value != '\0' &&
              (kind == AC_CLIENT_SECRET_ALWAYS ||
               (kind == AC_CLIENT_SECRET_UNLESS_NUMBER && !all_digits (value)) ||
               _ac_client_redact_looks_like_jwt (value, strlen (value))))
            append_capped (out, AC_CLIENT_REDACTED, strlen (AC_CLIENT_REDACTED), max_length);
          else
            append_capped (out, equals + 1, pair_end - (equals + 1), max_length);
        }

      if (pair_end < end)
        append_capped (out, pair_end, 1, max_length);
      p = pair_end + 1;
    }

  return finish_capped (out, max_length, p < end, length);
}

/**
 * _ac_client_redact_path:
 * @path: a path with its query, or a whole URL
 *
 * Returns: (transfer full): @path with secret query parameters and JWT-shaped segments hidden
 */
char *
_ac_client_redact_path (const char *path)
{
  GString *out = g_string_new (NULL);
  const char *query = strchr (path, '?');
  const char *path_end = query != NULL ? query : path + strlen (path);
  const char *p = path;

  while (p < path_end)
    {
      const char *slash = memchr (p, '/', path_end - p);
      const char *segment_end = slash != NULL ? slash : path_end;

      if (_ac_client_redact_looks_like_jwt (p, segment_end - p))
        g_string_append (out, AC_CLIENT_REDACTED);
      else
        g_string_append_len (out, p, segment_end - p);
      if (slash != NULL)
        g_string_append_c (out, '/');
      p = segment_end + 1;
    }

  if (query != NULL)
    {
      const char *fragment = strchr (query, '#');
      gsize length = fragment != NULL ? (gsize) (fragment - query - 1) : strlen (query + 1);
      g_autofree char *hidden = _ac_client_redact_form (query + 1, length, G_MAXSIZE / 2);

      g_string_append_c (out, '?');
      g_string_append (out, hidden);
      if (fragment != NULL)
        {
          g_autofree char *hidden_fragment = _ac_client_redact_form (fragment + 1, strlen (fragment + 1),
                                                                     G_MAXSIZE / 2);
          g_string_append_c (out, '#');
          g_string_append (out, hidden_fragment);
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * _ac_client_redact_header_line:
 * @line: a line of the traffic log: a request line (`POST /path?query HTTP/1.1`), a status line
 *   or a header (`Name: value`)
 *
 * Returns: (transfer full): @line with secret headers' values, secret query parameters and JWTs
 *   hidden
 */
char *
_ac_client_redact_header_line (const char *line)
{
  const char *space = strchr (line, ' ');
  const char *colon = strchr (line, ':');
  const char *value;

  /* A request line: METHOD SP target SP HTTP/x.y */
  if (space != NULL && (colon == NULL || space < colon) && space > line)
    {
      gboolean is_method = TRUE;

      for (const char *p = line; p < space; p++)
        if (!g_ascii_isupper (*p))
          is_method = FALSE;

      if (is_method)
        {
          const char *last_space = strrchr (line, ' ');
          g_autofree char *target = NULL;
          g_autofree char *hidden = NULL;

          if (last_space == space)
            last_space = line + strlen (line);
          target = g_strndup (space + 1, last_space - (space + 1));
          hidden = _ac_client_redact_path (target);
          return g_strdup_printf ("%.*s %s%s", (int) (space - line), line, hidden, last_space);
        }
    }

  if (colon == NULL)
    return g_strdup (line);

  value = colon + 1;
  while (*value == ' ')
    value++;

  if (_ac_client_redact_is_secret_name (line, colon - line) != AC_CLIENT_SECRET_NONE ||
      _ac_client_redact_looks_like_jwt (value, strlen (value)))
    return g_strdup_printf ("%.*s: " AC_CLIENT_REDACTED, (int) (colon - line), line);

  if (strchr (value, '?') != NULL)
    {
      g_autofree char *hidden = _ac_client_redact_path (value);
      return g_strdup_printf ("%.*s: %s", (int) (colon - line), line, hidden);
    }

  return g_strdup (line);
}

/**
 * _ac_client_redact_body:
 * @content_type: (nullable): the body's Content-Type
 *
 * Returns: (transfer full): what the traffic log may show of a body: JSON and text through
 *   _ac_client_redact_json(), forms through _ac_client_redact_form(), anything else (pictures,
 *   multipart uploads) only as its size
 */
char *
_ac_client_redact_body (const char   *content_type,
                        const guint8 *data,
                        gsize         length,
                        gsize         max_length)
{
  if (length == 0)
    return g_strdup ("(empty)");

  if (content_type != NULL &&
      (g_str_has_prefix (content_type, "multipart/") || g_str_has_prefix (content_type, "image/") ||
       g_str_has_prefix (content_type, "application/octet-stream")))
    return g_strdup_printf ("[%" G_GSIZE_FORMAT " bytes of %s]", length, content_type);

  if (content_type != NULL && g_str_has_prefix (content_type, "application/x-www-form-urlencoded"))
    return _ac_client_redact_form ((const char *) data, length, max_length);

  {
    gsize checked = MIN (length, max_length);
    const char *valid_end = NULL;

    /* (a character cut at max_length is fine) */
    if (!g_utf8_validate_len ((const char *) data, checked, &valid_end) &&
        (checked == length || (const guint8 *) valid_end + 4 <= data + checked))
      return g_strdup_printf ("[%" G_GSIZE_FORMAT " bytes, not text]", length);
  }

  return _ac_client_redact_json ((const char *) data, length, max_length);
}
