/* ac-emu-seed.h: loading a user pool (pool-format.md) into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-store.h"

G_BEGIN_DECLS

#define AC_EMU_SEED_ERROR (ac_emu_seed_error_quark ())
GQuark ac_emu_seed_error_quark (void);

typedef enum {
  AC_EMU_SEED_ERROR_INVALID,
  AC_EMU_SEED_ERROR_FAILED,
} AcEmuSeedError;

/* Validates the whole file first (the error message lists every problem, one per line,
 * each starting with its JSON path), then writes it in one transaction. */
gboolean     ac_emu_seed_load                (AcEmuStore   *store,
                                              const char   *path,
                                              GError      **error);
/* Writes the defaults of an empty pool (no seed given for a new data folder). */
gboolean     ac_emu_seed_ensure_pool         (AcEmuStore   *store,
                                              GError      **error);

G_END_DECLS
