/* ac-emu-seed-devices.h: the seed keys of users[] for devices and accounts
 * (authing-api-security.md §9): identities, groups, loginHistory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ac-emu-store.h"

G_BEGIN_DECLS

/* The user keys these add to the seed format */
#define AC_EMU_SEED_DEVICES_USER_KEYS "identities", "groups", "loginHistory"

/* Checks those keys of every user of the pool `root`; adds "path: problem" strings to errors */
void         _ac_emu_seed_devices_check      (JsonObject   *root,
                                              GPtrArray    *errors);
/* Writes them (the pool passed the checks; inside the seeding transaction, after the users and
 * the applications). user_ids: username -> user id. */
gboolean     _ac_emu_seed_devices_insert     (AcEmuStore   *store,
                                              JsonObject   *root,
                                              GHashTable   *user_ids,
                                              GError      **error);

G_END_DECLS
