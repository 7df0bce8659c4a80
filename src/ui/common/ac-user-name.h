/* ac-user-name.h: the name shown for a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-user-info.h"

G_BEGIN_DECLS

/* The name shown for a person: nickname, name, username, e-mail or phone, else "Unnamed
 * Account"; "" for NULL. */
char *ac_user_display_name (AcUserInfo *user);

G_END_DECLS
