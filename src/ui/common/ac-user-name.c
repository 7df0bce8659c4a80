/* ac-user-name.c: the name shown for a person
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-user-name"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-user-name.h"

char *
ac_user_display_name (AcUserInfo *user)
{
  const char *candidates[6] = { NULL };

  if (user == NULL)
    return g_strdup ("");

  candidates[0] = ac_user_info_get_nickname (user);
  candidates[1] = ac_user_info_get_name (user);
  candidates[2] = ac_user_info_get_preferred_username (user);
  candidates[3] = ac_user_info_get_username (user);
  candidates[4] = ac_user_info_get_email (user);
  candidates[5] = ac_user_info_get_phone (user);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && *candidates[i] != '\0')
      return g_strdup (candidates[i]);

  return g_strdup (_("Unnamed Account"));
}
