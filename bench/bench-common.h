/* bench-common.h: what the bench programs of bench/ share (see docs/benchmarks.md)
 *
 * Each program measures one thing and prints one JSON line on stdout: {"bench": name, ...,
 * "samples": [...]} with every repeated measurement, so bench/run-bench.py can take medians,
 * minimums and maximums and put the figures side by side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* Peak resident set size of this process so far, in KiB (VmHWM), or -1. */
static inline gint64
bench_peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* Current resident set size in KiB (VmRSS), or -1. */
static inline gint64
bench_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* Resets the peak (VmHWM) to the current RSS, so a later peak is that of what follows
 * (Linux ≥ 4.0: writing 5 to clear_refs). Returns FALSE where that is not possible. */
static inline gboolean
bench_reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  ok = (fclose (f) == 0) && ok;
  return ok;
}

#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

/* Counts the instructions this process runs in user space (perf_event_open), a measure of
 * work that does not move with the load of the machine. Returns -1 where that is not allowed
 * (kernel.perf_event_paranoid, containers). */
static inline int
bench_instructions_open (void)
{
  struct perf_event_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.type = PERF_TYPE_HARDWARE;
  attr.size = sizeof attr;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;

  return (int) syscall (SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static inline void
bench_instructions_start (int fd)
{
  if (fd < 0)
    return;
  ioctl (fd, PERF_EVENT_IOC_RESET, 0);
  ioctl (fd, PERF_EVENT_IOC_ENABLE, 0);
}

/* The instructions counted since bench_instructions_start(), or -1. */
static inline double
bench_instructions_stop (int fd)
{
  long long count = 0;

  if (fd < 0)
    return -1;
  ioctl (fd, PERF_EVENT_IOC_DISABLE, 0);
  if (read (fd, &count, sizeof count) != sizeof count)
    return -1;
  return (double) count;
}

static inline double
bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of this process in seconds: what a single-threaded computation costs, whatever else
 * the machine runs meanwhile. */
static inline double
bench_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void
bench_print_samples (GString    *line,
                     const char *name,
                     GArray     *samples)
{
  g_string_append_printf (line, ",\"%s\":[", name);
  for (guint i = 0; i < samples->len; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (line, "%s%s", i ? "," : "",
                              g_ascii_dtostr (buf, sizeof buf, g_array_index (samples, double, i)));
    }
  g_string_append_c (line, ']');
}
