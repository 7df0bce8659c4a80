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
