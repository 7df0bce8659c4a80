/* ac-emu-seed-private.h: shared by ac-emu-seed.c (checking) and ac-emu-seed-write.c (writing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ac-emu-seed.h"

G_BEGIN_DECLS

/* Writes a pool that passed the checks, in one transaction */
gboolean     _ac_emu_seed_insert_pool        (AcEmuStore   *store,
                                              JsonObject   *root,
                                              GError      **error);

G_END_DECLS
