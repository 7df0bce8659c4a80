/* ac-relative-time.h: "in 14 days", "3 hours ago"
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far when is from now, rounded to the nearest minute, hour or day ("in 14 days" for a
 * token that expires in 13 days, 23 hours and 59 minutes), translated: "in less than a
 * minute", "just now", "in 5 minutes", "2 hours ago", "in 14 days"… Sets *past when when is
 * before now (past may be NULL). */
char *ac_format_relative_time (GDateTime *when,
                               GDateTime *now,
                               gboolean  *past);

G_END_DECLS
