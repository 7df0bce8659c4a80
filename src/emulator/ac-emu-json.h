/* ac-emu-json.h: a strict RFC 8259 parser for what clients send
 *
 * json-glib accepts much that RFC 8259 refuses (single quotes, leading zeros, comments, trailing
 * commas, a BOM, raw control characters, lone surrogates, invalid UTF-8, several values in one
 * text). This parser refuses all of it and builds the json-glib tree itself, so that nothing
 * lenient ever sees a request body. It is the emulator's own and shares nothing with src/core.
 *
 * Numbers are read from their text: an integer literal (no fraction, no exponent) becomes an
 * int64 node when it fits, every other number a double node; a number that does not fit (an
 * integer beyond int64, an overflow such as 1e999, an underflow to zero of a non-zero literal)
 * becomes a double NaN, which JSON can never produce otherwise, so that
 * ac_emu_json_number_is_exact() can refuse it later with a message naming the field.
 *
 * Strings may hold U+0000 (RFC 8259 allows "\u0000"); GLib strings cannot, so a string value
 * or member name with U+0000 makes the parse fail with AC_EMU_JSON_ERROR_NUL and `path` set to
 * the JSON path of that value (`nickname`, `udfs[0].value`), never a truncated string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_EMU_JSON_ERROR (ac_emu_json_error_quark ())
GQuark ac_emu_json_error_quark (void);

typedef enum {
  AC_EMU_JSON_ERROR_SYNTAX,     /* not RFC 8259 JSON (the message says where and why) */
  AC_EMU_JSON_ERROR_DEPTH,      /* arrays and objects nest deeper than max_depth */
  AC_EMU_JSON_ERROR_NUL,        /* a string holds U+0000; the message is the JSON path */
} AcEmuJsonError;

/* Parses exactly one JSON value (any type) from data[0..len). Never reads past len. */
JsonNode    *ac_emu_json_parse_strict        (const char   *data,
                                              gsize         len,
                                              guint         max_depth,
                                              GError      **error);

/* FALSE for a number node that the parser could not represent exactly (see above) */
gboolean     ac_emu_json_number_is_exact     (JsonNode     *node);
/* FALSE when node or anything inside it is a number that is not exact */
gboolean     ac_emu_json_numbers_are_exact   (JsonNode     *node);

G_END_DECLS
