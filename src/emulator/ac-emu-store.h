/* ac-emu-store.h: the SQLite database of the emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define AC_EMU_TYPE_STORE (ac_emu_store_get_type ())

G_DECLARE_FINAL_TYPE (AcEmuStore, ac_emu_store, AC_EMU, STORE, GObject)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define AC_EMU_STORE_ERROR (ac_emu_store_error_quark ())
GQuark ac_emu_store_error_quark (void);

AcEmuStore    *ac_emu_store_open         (const char    *data_dir,
                                          GError       **error);
void           ac_emu_store_close        (AcEmuStore    *self);
sqlite3       *ac_emu_store_get_db       (AcEmuStore    *self);
const char    *ac_emu_store_get_data_dir (AcEmuStore    *self);

gboolean       ac_emu_store_exec         (AcEmuStore    *self,
                                          const char    *sql,
                                          GError       **error);
sqlite3_stmt  *ac_emu_store_prepare      (AcEmuStore    *self,
                                          const char    *sql,
                                          GError       **error);
gboolean       ac_emu_store_step_done    (AcEmuStore    *self,
                                          sqlite3_stmt  *stmt,
                                          GError       **error);
gboolean       ac_emu_store_begin        (AcEmuStore    *self,
                                          GError       **error);
gboolean       ac_emu_store_commit       (AcEmuStore    *self,
                                          GError       **error);
void           ac_emu_store_rollback     (AcEmuStore    *self);

char          *ac_emu_store_get_meta     (AcEmuStore    *self,
                                          const char    *key);
gboolean       ac_emu_store_set_meta     (AcEmuStore    *self,
                                          const char    *key,
                                          const char    *value,
                                          GError       **error);
gboolean       ac_emu_store_is_seeded    (AcEmuStore    *self);

/* helpers for statements */
void           ac_emu_bind_text          (sqlite3_stmt  *stmt,
                                          int            index,
                                          const char    *value);
const char    *ac_emu_column_text        (sqlite3_stmt  *stmt,
                                          int            column);

G_END_DECLS
