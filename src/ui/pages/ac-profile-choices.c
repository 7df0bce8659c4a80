/* ac-profile-choices.c: the values a time zone or a locale is chosen from
 *
 * Time zones come from the system's tz database, so the list follows tzdata updates. Locales
 * are a fixed list of common tags, each named in its own language (as GNOME's language
 * chooser does): no translation is needed, a person finds their language in any interface
 * language.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-profile-page"

#include "config.h"

#include <string.h>

#include "ac-profile-choices.h"

static const char *fallback_zones[] = {
  "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "America/Chicago", "America/Los_Angeles",
  "America/Mexico_City", "America/New_York", "America/Sao_Paulo", "America/Toronto",
  "Asia/Dubai", "Asia/Hong_Kong", "Asia/Kolkata", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore",
  "Asia/Taipei", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin", "Europe/London",
  "Europe/Madrid", "Europe/Moscow", "Europe/Paris", "Pacific/Auckland", "UTC", NULL
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char **
read_zone_tab (void)
{
  static const char *paths[] = { "/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab" };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) zones = g_ptr_array_new ();

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (paths[p], &contents, NULL, NULL))
        continue;
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) columns = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          columns = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (columns) >= 3 && g_utf8_validate (columns[2], -1, NULL) &&
              !g_hash_table_contains (seen, columns[2]))
            g_hash_table_add (seen, g_strdup (columns[2]));
        }
    }

  if (g_hash_table_size (seen) == 0)
    return NULL;
  g_hash_table_add (seen, g_strdup ("UTC"));

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (zones, g_strdup (key));
  }
  g_ptr_array_sort (zones, compare_strings);
  g_ptr_array_add (zones, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&zones), FALSE);
}

const char * const *
ac_profile_time_zones (void)
{
  static char **zones;

  if (g_once_init_enter (&zones))
    {
      char **read = read_zone_tab ();

      g_once_init_leave (&zones, read != NULL ? read : (char **) fallback_zones);
    }
  return (const char * const *) zones;
}

static const struct {
  const char *tag;
  const char *name;
} locales[] = {
  { "ar-SA", "العربية (السعودية)" },
  { "cs-CZ", "Čeština (Česko)" },
  { "da-DK", "Dansk (Danmark)" },
  { "de-AT", "Deutsch (Österreich)" },
  { "de-CH", "Deutsch (Schweiz)" },
  { "de-DE", "Deutsch (Deutschland)" },
  { "el-GR", "Ελληνικά (Ελλάδα)" },
  { "en-AU", "English (Australia)" },
  { "en-CA", "English (Canada)" },
  { "en-GB", "English (United Kingdom)" },
  { "en-IN", "English (India)" },
  { "en-SG", "English (Singapore)" },
  { "en-US", "English (United States)" },
  { "es-ES", "Español (España)" },
  { "es-MX", "Español (México)" },
  { "fi-FI", "Suomi (Suomi)" },
  { "fr-CA", "Français (Canada)" },
  { "fr-FR", "Français (France)" },
  { "he-IL", "עברית (ישראל)" },
  { "hi-IN", "हिन्दी (भारत)" },
  { "hu-HU", "Magyar (Magyarország)" },
  { "id-ID", "Bahasa Indonesia (Indonesia)" },
  { "it-IT", "Italiano (Italia)" },
  { "ja-JP", "日本語 (日本)" },
  { "ko-KR", "한국어 (대한민국)" },
  { "ms-MY", "Bahasa Melayu (Malaysia)" },
  { "nb-NO", "Norsk bokmål (Norge)" },
  { "nl-NL", "Nederlands (Nederland)" },
  { "pl-PL", "Polski (Polska)" },
  { "pt-BR", "Português (Brasil)" },
  { "pt-PT", "Português (Portugal)" },
  { "ro-RO", "Română (România)" },
  { "ru-RU", "Русский (Россия)" },
  { "sv-SE", "Svenska (Sverige)" },
  { "th-TH", "ไทย (ไทย)" },
  { "tr-TR", "Türkçe (Türkiye)" },
  { "uk-UA", "Українська (Україна)" },
  { "vi-VN", "Tiếng Việt (Việt Nam)" },
  { "zh-CN", "中文（中国）" },
  { "zh-HK", "中文（香港）" },
  { "zh-TW", "中文（台灣）" },
};

static void
build_locales (const char ***tags,
               const char ***names)
{
  static const char *tag_list[G_N_ELEMENTS (locales) + 1];
  static const char *name_list[G_N_ELEMENTS (locales) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      tag_list[i] = locales[i].tag;
      name_list[i] = locales[i].name;
    }
  *tags = tag_list;
  *names = name_list;
}

const char * const *
ac_profile_locales (void)
{
  const char **tags, **names;

  build_locales (&tags, &names);
  return tags;
}

const char * const *
ac_profile_locale_names (void)
{
  const char **tags, **names;

  build_locales (&tags, &names);
  return names;
}
