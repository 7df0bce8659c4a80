/* fuzz-common.h: what every fuzz target of tests/fuzz shares (see docs/fuzzing.md)
 *
 * A target defines LLVMFuzzerTestOneInput() and LLVMFuzzerInitialize(). It is linked either
 * with libFuzzer (clang, -Dfuzzing=true) or with replay-main.c (any compiler), which runs the
 * committed corpus and reproducers once each as a plain test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
/* optional, as for libFuzzer: a target without one is fine */
int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

/* A broken invariant: abort() so that libFuzzer saves the input (g_assert would do too, but
 * not under G_DISABLE_ASSERT). */
#define FUZZ_CHECK(cond)                                                           \
  G_STMT_START {                                                                   \
    if (G_UNLIKELY (!(cond)))                                                      \
      {                                                                            \
        fprintf (stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,      \
                 G_STRFUNC, #cond);                                                \
        abort ();                                                                  \
      }                                                                            \
  } G_STMT_END

/* GLib ends a fatal message with SIGTRAP, which libFuzzer does not catch (no input saved):
 * abort() instead, after the message is written. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return result;
}

/* Warnings and criticals (a g_return_if_fail() that bad input reached) are crashes too. */
static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}
