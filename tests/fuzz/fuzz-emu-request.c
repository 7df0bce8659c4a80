/* fuzz-emu-request.c: libFuzzer target for what authing-emulator reads from a request, in-process
 *
 * Every input goes through each reader of src/emulator/ac-emu-request.c (no socket, no store):
 *   - the JSON body gate (strict RFC 8259 parser, limits); an accepted body whose numbers are
 *     exact must survive a round trip through json-glib's generator and the strict parser;
 *   - the query string decoder (the input up to its first NUL, as a URI query cannot hold one);
 *   - the request head check, and the chunked framing follower on what follows the head (fed
 *     in one go and byte by byte: both must agree);
 *   - the multipart upload reader (boundary from the first line when it starts with "--").
 *
 * Build: with clang, -fsanitize=fuzzer,address,undefined, linking the emulator's static
 * library (emulator_dep in src/emulator/meson.build). With -DAC_FUZZ_STANDALONE it gets a main()
 * that runs the files named on its command line once each (a corpus regression test, any
 * compiler). Seeds: tests/fuzz/corpus/emu-request/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "ac-emu-json.h"
#include "ac-emu-request.h"
#include "ac-emu-util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_json (const char *data,
           gsize       size)
{
  JsonNode *root = NULL;
  char *path = NULL;

  if (ac_emu_request_parse_json_body ("application/json", data, size, &root, &path) == AC_EMU_BODY_OK &&
      ac_emu_json_numbers_are_exact (root))
    {
      g_autofree char *text = ac_emu_json_to_string (root);
      g_autoptr(GError) error = NULL;
      JsonNode *again = ac_emu_json_parse_strict (text, strlen (text), AC_EMU_MAX_JSON_DEPTH, &error);

      /* what we accept, json-glib writes back as JSON we accept again */
      if (again == NULL && !g_error_matches (error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_NUL))
        {
          fprintf (stderr, "round trip failed: %s\n%s\n", error->message, text);
          abort ();
        }
      g_clear_pointer (&again, json_node_unref);
    }
  g_clear_pointer (&root, json_node_unref);
  g_free (path);

  /* the other content types are refused before parsing */
  if (ac_emu_request_parse_json_body ("text/plain", data, size, &root, &path) == AC_EMU_BODY_OK)
    g_clear_pointer (&root, json_node_unref);
  g_free (path);
}

static void
fuzz_query (const char *data,
            gsize       size)
{
  g_autofree char *query = g_strndup (data, size);
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = ac_emu_request_parse_query (query, &name, &error);

  if (table == NULL && (name == NULL || !g_utf8_validate (name, -1, NULL)))
    abort ();     /* a refusal always names a parameter, in valid UTF-8 */
  (void) ac_emu_request_has_control_chars (query);
}

static void
fuzz_chunked (const char *data,
              gsize       size)
{
  AcEmuChunked whole, bytes;
  gsize consumed = 0, consumed_bytes = 0;
  gboolean done = FALSE, done_bytes = FALSE;
  guint status, status_bytes = 0;
  const gsize limit = 1024;

  ac_emu_chunked_init (&whole);
  status = ac_emu_chunked_feed (&whole, data, size, limit, &consumed, &done);

  if (size > 4096)
    return;
  ac_emu_chunked_init (&bytes);
  for (gsize i = 0; i < size && !done_bytes && status_bytes == 0; i++)
    {
      gsize one = 0;

      status_bytes = ac_emu_chunked_feed (&bytes, data + i, 1, limit, &one, &done_bytes);
      consumed_bytes += one;
    }
  /* the framing does not depend on how the bytes arrive */
  if (status != status_bytes || (status == 0 && (done != done_bytes || consumed != consumed_bytes ||
                                                 whole.total != bytes.total)))
    {
      fprintf (stderr, "chunked: %u/%u done %d/%d consumed %zu/%zu\n", status, status_bytes,
               done, done_bytes, consumed, consumed_bytes);
      abort ();
    }
}

static void
fuzz_head (const char *data,
           gsize       size)
{
  gsize end = ac_emu_request_head_end (data, size);
  AcEmuHead head = { 0, };

  if (end == 0)
    {
      fuzz_chunked (data, size);
      return;
    }
  (void) ac_emu_request_check_head (data, end, &head);
  ac_emu_head_clear (&head);
  fuzz_chunked (data + end, size - end);
}

static void
fuzz_multipart (const char *data,
                gsize       size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GBytes) file = NULL;
  g_autofree char *type = NULL;
  g_autofree char *boundary = NULL;
  const char *ext = NULL;

  if (size > 2 && data[0] == '-' && data[1] == '-')
    {
      gsize n = 0;

      while (2 + n < size && n < 70 && (g_ascii_isalnum (data[2 + n]) || strchr ("'()+_,-./:=?", data[2 + n]) != NULL) &&
             data[2 + n] != '\0')
        n++;
      if (n > 0)
        boundary = g_strndup (data + 2, n);
    }
  type = g_strdup_printf ("multipart/form-data; boundary=\"%s\"", boundary != NULL ? boundary : "fuzz");
  if (ac_emu_request_parse_upload (type, body, &file, &ext) == AC_EMU_BODY_OK &&
      (file == NULL || ext == NULL || g_bytes_get_size (file) > AC_EMU_UPLOAD_FILE_LIMIT))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  fuzz_json (text, size);
  fuzz_query (text, size);
  fuzz_head (text, size);
  fuzz_multipart (text, size);
  return 0;
}

#ifdef AC_FUZZ_STANDALONE
int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (argv[i], &contents, &len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
    }
  return 0;
}
#endif
