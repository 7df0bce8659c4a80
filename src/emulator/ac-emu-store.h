/* ac-emu-store.h: the SQLite database of the emulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_EMU_TYPE_STORE (ac_emu_store_get_type ())

G_DECLARE_FINAL_TYPE (AcEmuStore, ac_emu_store, AC_EMU, STORE, GObject)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define AC_EMU_STORE_ERROR (ac_emu_store_error_quark ())
GQuark ac_emu_store_error_quark (void);

/* Makes the data folder (and its uploads/) 0700 and every file in them 0600, so that a
 * folder written by an older emulator or under a lax umask is fixed at start. Symbolic links
 * are left alone. */
gboolean       ac_emu_store_secure_folder (const char   *data_dir,
                                          GError       **error);
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
/* A statement prepared once per SQL text and kept for the life of the store: it comes reset
 * with no bindings. Declare it g_autoptr(AcEmuStmt), which resets it when it goes out of
 * scope; never finalize it, and do not hold two uses of one SQL text at a time. */
typedef sqlite3_stmt AcEmuStmt;
AcEmuStmt     *ac_emu_store_statement    (AcEmuStore    *self,
                                          const char    *sql,
                                          GError       **error);
void           ac_emu_stmt_release       (AcEmuStmt     *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuStmt, ac_emu_stmt_release)

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

/* Queries about users (ac-emu-store-users.c) */
typedef struct {
  gboolean found;
  gboolean email;
  gboolean phone;
  gboolean password;
  int password_level;
  gboolean mfa;
} AcEmuSecurityFacts;

/* The user object of authing-api.md §4.2 (token and tokenExpiredAt null) */
JsonObject    *ac_emu_store_user_json    (AcEmuStore    *self,
                                          const char    *user_id,
                                          GError       **error);
/* The user whose username, e-mail or phone is account (*out_user_id NULL when none) */
gboolean       ac_emu_store_find_login   (AcEmuStore    *self,
                                          const char    *account,
                                          char         **out_user_id,
                                          char         **out_hash,
                                          GError       **error);
gboolean       ac_emu_store_record_login (AcEmuStore    *self,
                                          const char    *user_id,
                                          const char    *when,
                                          const char    *ip,
                                          GError       **error);
/* Whether value is the username, e-mail or phone of a user other than except_user_id.
 * Every sign-in identifier is unique across the three columns (login matches any of them):
 * check this before writing a username, e-mail or phone. */
gboolean       ac_emu_store_identifier_in_use (AcEmuStore *self,
                                          const char    *value,
                                          const char    *except_user_id,
                                          gboolean      *out_in_use,
                                          GError       **error);
/* The username, e-mail and phone of a user (each NULL when unset or no such user) */
gboolean       ac_emu_store_user_identifiers (AcEmuStore *self,
                                          const char    *user_id,
                                          char         **out_username,
                                          char         **out_email,
                                          char         **out_phone,
                                          GError       **error);
/* The stored profile object (an empty object when there is none) */
JsonNode      *ac_emu_store_get_profile  (AcEmuStore    *self,
                                          const char    *user_id,
                                          GError       **error);
gboolean       ac_emu_store_update_profile (AcEmuStore  *self,
                                          const char    *user_id,
                                          const char    *profile_text,
                                          const char    *new_username,
                                          const char    *when,
                                          GError       **error);
gboolean       ac_emu_store_security_facts (AcEmuStore  *self,
                                          const char    *user_id,
                                          AcEmuSecurityFacts *out,
                                          GError       **error);
gboolean       ac_emu_store_delete_user  (AcEmuStore    *self,
                                          const char    *user_id,
                                          GError       **error);
/* Every defined field in definition order ({key, value, dataType, label[, options]}, value ""
 * when unset), or with only_set only those with a value */
JsonArray     *ac_emu_store_custom_values_json (AcEmuStore *self,
                                          const char    *user_id,
                                          gboolean       only_set,
                                          GError       **error);
gboolean       ac_emu_store_custom_field (AcEmuStore    *self,
                                          const char    *key,
                                          gboolean      *out_found,
                                          char         **out_data_type,
                                          JsonNode     **out_options,
                                          GError       **error);
/* wire NULL clears the value */
gboolean       ac_emu_store_set_custom_value (AcEmuStore *self,
                                          const char    *user_id,
                                          const char    *key,
                                          const char    *wire,
                                          GError       **error);

/* Queries about applications, organizations, roles, resources (ac-emu-store-directory.c) */
/* Whether id is the id or identifier of the pool's application or of one in its list */
gboolean       ac_emu_store_is_application (AcEmuStore  *self,
                                          const char    *id);
JsonObject    *ac_emu_store_allowed_apps_json (AcEmuStore *self,
                                          const char    *user_id,
                                          gint64         page,
                                          gint64         limit,
                                          GError       **error);
/* The JSON text of the organization paths of a user (an array of [org, node, ...] arrays) */
GString       *ac_emu_store_org_paths_text (AcEmuStore  *self,
                                          const char    *user_id,
                                          GError       **error);
JsonArray     *ac_emu_store_roles_json   (AcEmuStore    *self,
                                          const char    *user_id,
                                          const char    *ns,
                                          GError       **error);
JsonArray     *ac_emu_store_resources_json (AcEmuStore  *self,
                                          const char    *user_id,
                                          const char    *ns,
                                          const char    *type,
                                          GError       **error);

/* helpers for statements */
void           ac_emu_bind_text          (sqlite3_stmt  *stmt,
                                          int            index,
                                          const char    *value);
const char    *ac_emu_column_text        (sqlite3_stmt  *stmt,
                                          int            column);

G_END_DECLS
