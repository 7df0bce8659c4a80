/* ac-relative-time.c: "in 14 days", "3 hours ago"
 *
 * The one place that says how far a moment is: rounded to the nearest unit, never truncated
 * (a token issued a second ago for 14 days expires "in 14 days", not "in 13 days").
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-relative-time"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-relative-time.h"

/* span / unit, rounded to the nearest whole number (span >= 0) */
static gint64
rounded (GTimeSpan span,
         GTimeSpan unit)
{
  return (span + unit / 2) / unit;
}

char *
ac_format_relative_time (GDateTime *when,
                         GDateTime *now,
                         gboolean  *past)
{
  GTimeSpan span;
  gboolean before;
  gint64 amount;
  int n;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = g_date_time_difference (when, now);
  before = span < 0;
  if (before)
    span = -span;
  if (past != NULL)
    *past = before;

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (before ? _("just now") : _("in less than a minute"));

  amount = rounded (span, G_TIME_SPAN_MINUTE);
  if (amount < 60)
    {
      n = (int) amount;
      return before
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d minute", "in %d minutes", n), n);
    }

  amount = rounded (span, G_TIME_SPAN_HOUR);
  if (amount < 24)
    {
      n = (int) amount;
      return before
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d hour", "in %d hours", n), n);
    }

  n = (int) MIN (rounded (span, G_TIME_SPAN_DAY), G_MAXINT);
  return before
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", n), n);
}
