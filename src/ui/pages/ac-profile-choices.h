/* ac-profile-choices.h: the values a time zone or a locale is chosen from
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The IANA time zones of the system's tz database (zone.tab), sorted, with "UTC"; a short
 * built-in list when the database is not there. NULL-terminated, owned by the function. */
const char * const *ac_profile_time_zones (void);

/* BCP 47 locale tags (en-US, zh-CN…) and, in the same order, their names in their own
 * language ("English (United States)", "中文（中国）"). */
const char * const *ac_profile_locales     (void);
const char * const *ac_profile_locale_names (void);

G_END_DECLS
