/* test-relative-time.c: the one formatter of "in 14 days" / "3 hours ago" rounds to the
 * nearest unit (a 14-day token read a moment after sign-in expires "in 14 days")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <locale.h>

#include "ac-relative-time.h"

static char *
relative (GDateTime *now,
          GTimeSpan  offset,
          gboolean  *past)
{
  g_autoptr(GDateTime) when = g_date_time_add (now, offset);

  return ac_format_relative_time (when, now, past);
}

static void
check (GDateTime  *now,
       GTimeSpan   offset,
       const char *expected,
       gboolean    expected_past)
{
  gboolean past = !expected_past;
  g_autofree char *text = relative (now, offset, &past);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpint (past, ==, expected_past);
}

static void
test_days (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 1, 10, 0, 0);

  /* The token of a 14-day lifetime, a few seconds (or a minute) after it was issued. */
  check (now, 14 * G_TIME_SPAN_DAY, "in 14 days", FALSE);
  check (now, 14 * G_TIME_SPAN_DAY - 5 * G_TIME_SPAN_SECOND, "in 14 days", FALSE);
  check (now, 14 * G_TIME_SPAN_DAY - G_TIME_SPAN_MINUTE, "in 14 days", FALSE);
  check (now, 13 * G_TIME_SPAN_DAY + 13 * G_TIME_SPAN_HOUR, "in 14 days", FALSE);
  check (now, 13 * G_TIME_SPAN_DAY + 11 * G_TIME_SPAN_HOUR, "in 13 days", FALSE);
  check (now, G_TIME_SPAN_DAY, "in 1 day", FALSE);
  check (now, 23 * G_TIME_SPAN_HOUR + 50 * G_TIME_SPAN_MINUTE, "in 1 day", FALSE);
  check (now, -3 * G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE, "3 days ago", TRUE);
  check (now, -G_TIME_SPAN_DAY, "1 day ago", TRUE);
}

static void
test_hours_minutes (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 1, 10, 0, 0);

  check (now, 0, "in less than a minute", FALSE);
  check (now, 30 * G_TIME_SPAN_SECOND, "in less than a minute", FALSE);
  check (now, -30 * G_TIME_SPAN_SECOND, "just now", TRUE);
  check (now, G_TIME_SPAN_MINUTE, "in 1 minute", FALSE);
  check (now, 5 * G_TIME_SPAN_MINUTE - G_TIME_SPAN_SECOND, "in 5 minutes", FALSE);
  check (now, 59 * G_TIME_SPAN_MINUTE + 40 * G_TIME_SPAN_SECOND, "in 1 hour", FALSE);
  check (now, 2 * G_TIME_SPAN_HOUR - 10 * G_TIME_SPAN_SECOND, "in 2 hours", FALSE);
  check (now, -2 * G_TIME_SPAN_HOUR, "2 hours ago", TRUE);
  check (now, -45 * G_TIME_SPAN_MINUTE, "45 minutes ago", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/relative-time/days", test_days);
  g_test_add_func ("/ui/relative-time/hours-minutes", test_hours_minutes);

  return g_test_run ();
}
