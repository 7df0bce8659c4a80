/* ac-emu-request.h: reading what a request carries, without a socket
 *
 * The query string, the JSON body and the multipart upload body are parsed by these functions
 * so that they can be tested and fuzzed in-process (tests/fuzz/fuzz-emu-request.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

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

/* ---------------------------------------------------------------------------------------- */
/* Bodies */

#define AC_EMU_JSON_BODY_LIMIT (1024 * 1024)
#define AC_EMU_UPLOAD_FILE_LIMIT (5 * 1024 * 1024)
#define AC_EMU_UPLOAD_BODY_LIMIT (AC_EMU_UPLOAD_FILE_LIMIT + 64 * 1024)
#define AC_EMU_MAX_JSON_DEPTH 64

typedef enum {
  AC_EMU_BODY_OK,
  AC_EMU_BODY_TOO_LARGE,          /* HTTP 413 */
  AC_EMU_BODY_BAD_CONTENT_TYPE,   /* HTTP 400 */
  AC_EMU_BODY_BAD_JSON,           /* HTTP 400: not strict RFC 8259, or nested too deeply */
  AC_EMU_BODY_NOT_OBJECT,         /* HTTP 400 */
  AC_EMU_BODY_NUL,                /* code 400 naming *out_path: a string with U+0000 */
  AC_EMU_BODY_NOT_MULTIPART,      /* HTTP 400 */
  AC_EMU_BODY_NO_FILE_PART,       /* code 400 */
  AC_EMU_BODY_NOT_AN_IMAGE,       /* code 400 */
} AcEmuBodyStatus;

/* A JSON request body: an empty body counts as {}; otherwise content_type (the media type,
 * without parameters) must be application/json or end in +json, and the body must be one
 * strict RFC 8259 object within the size and depth limits. *out_root gets the object. */
AcEmuBodyStatus ac_emu_request_parse_json_body (const char   *content_type,
                                                const char   *data,
                                                gsize         len,
                                                JsonNode    **out_root,
                                                char        **out_path);

/* An upload body: content_type_header is the whole Content-Type header (with its boundary);
 * the multipart part named "file" must be an image (PNG, JPEG, GIF, WebP by magic bytes) of at
 * most AC_EMU_UPLOAD_FILE_LIMIT bytes. *out_file and *out_ext (png, jpg, gif, webp) on success. */
AcEmuBodyStatus ac_emu_request_parse_upload    (const char   *content_type_header,
                                                GBytes       *body,
                                                GBytes      **out_file,
                                                const char  **out_ext);

/* The extension for image bytes by their magic, or NULL */
const char  *ac_emu_request_image_extension  (const guint8 *data,
                                              gsize         len);

G_END_DECLS
