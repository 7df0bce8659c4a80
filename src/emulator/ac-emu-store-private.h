/* ac-emu-store-private.h: shared by the files of the store (ac-emu-store*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ac-emu-store.h"
#include "ac-emu-util.h"

G_BEGIN_DECLS

struct _AcEmuStore
{
  GObject parent_instance;

  char *data_dir;
  sqlite3 *db;
  GHashTable *statements;   /* SQL text -> prepared statement (ac_emu_store_statement()) */
};

static inline void
_ac_emu_set_column (JsonObject   *object,
                    const char   *member,
                    sqlite3_stmt *stmt,
                    int           column)
{
  ac_emu_json_set_string_or_null (object, member, ac_emu_column_text (stmt, column));
}

G_END_DECLS
