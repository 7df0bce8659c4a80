/* ac-emu-request.h: reading what a request carries, without a socket
 *
 * The query string, the JSON body and the multipart upload body are parsed by these functions
 * so that they can be tested and fuzzed in-process (tests/fuzz/fuzz-emu-request.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AC_EMU_REQUEST_ERROR (ac_emu_request_error_quark ())
GQuark ac_emu_request_error_quark (void);

typedef enum {
  AC_EMU_REQUEST_ERROR_NUL,          /* a name or value holds NUL (%00) */
  AC_EMU_REQUEST_ERROR_ENCODING,     /* a bad %XX escape, or not UTF-8 */
} AcEmuRequestError;

/* Decodes an application/x-www-form-urlencoded query ('+' is a space, %XX a byte; a pair
 * without '=' is ignored; a repeated name: the last wins). Unlike soup_form_decode(), a
 * name or value with NUL, a bad escape or invalid UTF-8 is an error (never a truncated or
 * dropped value): NULL is returned and *out_name gets the parameter's name (valid UTF-8). */
GHashTable  *ac_emu_request_parse_query      (const char   *query,
                                              char        **out_name,
                                              GError      **error);

/* TRUE when text holds a control character (U+0000 to U+001F or U+007F): not allowed in
 * anything that names an id or a key */
gboolean     ac_emu_request_has_control_chars (const char  *text);

G_END_DECLS

G_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* The request head and body framing, as checked before libsoup sees a byte (ac-emu-gate.c) */

#define AC_EMU_REQUEST_HEAD_LIMIT (32 * 1024)     /* request line and headers */

typedef enum {
  AC_EMU_BODY_FRAMING_NONE,
  AC_EMU_BODY_FRAMING_LENGTH,
  AC_EMU_BODY_FRAMING_CHUNKED,
} AcEmuBodyFraming;

typedef struct {
  char *method;             /* NULL when the request line could not be read */
  char *path;               /* without the query string */
  char *lang;               /* x-authing-lang, or NULL */
  AcEmuBodyFraming framing;
  guint64 content_length;
  gsize body_limit;         /* the most body bytes the path accepts */
} AcEmuHead;

void         ac_emu_head_clear               (AcEmuHead    *head);

/* The most body bytes a path accepts (uploads more than JSON) */
gsize        ac_emu_request_body_limit       (const char   *path);

/* Finds the end of a request head in data (after leading empty lines): the offset just past
 * the blank line, or 0 when the head is not complete yet */
gsize        ac_emu_request_head_end         (const char   *data,
                                              gsize         len);

/* Checks a complete request head (data[0..len), as found by ac_emu_request_head_end()).
 * Returns 0 when libsoup may have it, otherwise the HTTP status to answer with before closing
 * the connection: 400 (malformed request line or header, a duplicate, malformed or
 * overflowing Content-Length, Content-Length with Transfer-Encoding, a transfer coding other
 * than chunked, no Host in HTTP/1.1), 413 (Content-Length over the path's limit), 417 (an
 * Expect other than 100-continue), 505 (not HTTP/1.0 or 1.1). Fills what it could read into
 * *head either way. */
guint        ac_emu_request_check_head       (const char   *data,
                                              gsize         len,
                                              AcEmuHead    *head);

/* Follows the framing of a chunked body as it streams by, counting its data bytes */
typedef struct {
  int state;
  guint64 chunk_left;       /* data bytes left in the current chunk */
  guint64 total;            /* data bytes so far */
  gsize line_len;           /* bytes of the current size or trailer line */
  gsize trailer_len;        /* bytes of all trailer lines */
  gboolean size_digits;     /* the size line had a hex digit */
  gboolean in_extension;    /* after ';' in a size line */
  gboolean after_space;     /* after white space in a size line */
} AcEmuChunked;

void         ac_emu_chunked_init             (AcEmuChunked *chunked);
/* Consumes bytes from data[0..len) up to the end of the body. Returns 0 and sets *consumed
 * (less than len when the body ended inside data; *done is then TRUE), or the HTTP status to
 * answer with: 400 for broken framing, 413 when the data bytes exceed limit. */
guint        ac_emu_chunked_feed             (AcEmuChunked *chunked,
                                              const char   *data,
                                              gsize         len,
                                              gsize         limit,
                                              gsize        *consumed,
                                              gboolean     *done);

G_END_DECLS
