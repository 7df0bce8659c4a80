/* ac-emu-store.c: the SQLite database of the emulator
 *
 * One file (emulator.db) in the data folder, in WAL mode with foreign keys on and
 * synchronous=FULL, so that a kill -9 never loses a committed request. Every request that
 * writes runs in one BEGIN IMMEDIATE ... COMMIT transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-store"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ac-emu-crypto.h"
#include "ac-emu-store-private.h"
#include "ac-emu-store-security.h"

#define DB_FILE_NAME "emulator.db"
#define SCHEMA_VERSION "1"

G_DEFINE_FINAL_TYPE (AcEmuStore, ac_emu_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ac-emu-store-error-quark, ac_emu_store_error)

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS users ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT UNIQUE, phone TEXT UNIQUE,"
  "  email_verified INTEGER NOT NULL DEFAULT 0, phone_verified INTEGER NOT NULL DEFAULT 0,"
  "  password_hash TEXT, password_level INTEGER, mfa INTEGER NOT NULL DEFAULT 0,"
  "  profile TEXT NOT NULL DEFAULT '{}', logins_count INTEGER NOT NULL DEFAULT 0,"
  "  last_login TEXT, last_ip TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS custom_fields ("
  "  key TEXT PRIMARY KEY, label TEXT NOT NULL, data_type TEXT NOT NULL, options TEXT,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS custom_values ("
  "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL REFERENCES custom_fields(key) ON DELETE CASCADE,"
  "  value TEXT NOT NULL, PRIMARY KEY (user_id, key));"
  "CREATE TABLE IF NOT EXISTS applications ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, identifier TEXT, logo TEXT, description TEXT,"
  "  protocol TEXT NOT NULL, app_type TEXT NOT NULL, access_all INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS orgs ("
  "  id TEXT PRIMARY KEY, logo TEXT, tenant_id TEXT, root_node_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS nodes ("
  "  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
  "  parent_id TEXT REFERENCES nodes(id) ON DELETE CASCADE, name TEXT NOT NULL, code TEXT,"
  "  description TEXT, leader_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,"
  "  sort_order INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS node_members ("
  "  node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (node_id, user_id));"
  "CREATE TABLE IF NOT EXISTS namespaces ("
  "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS roles ("
  "  id TEXT PRIMARY KEY, namespace_id INTEGER NOT NULL REFERENCES namespaces(id),"
  "  code TEXT NOT NULL, description TEXT, parent_code TEXT, is_system INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, position INTEGER NOT NULL,"
  "  UNIQUE (namespace_id, code));"
  "CREATE TABLE IF NOT EXISTS role_members ("
  "  role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (role_id, user_id));"
  "CREATE TABLE IF NOT EXISTS app_access ("
  "  app_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,"
  "  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,"
  "  role_id TEXT REFERENCES roles(id) ON DELETE CASCADE,"
  "  node_id TEXT REFERENCES nodes(id) ON DELETE CASCADE);"
  "CREATE TABLE IF NOT EXISTS resources ("
  "  id INTEGER PRIMARY KEY, namespace_id INTEGER NOT NULL REFERENCES namespaces(id),"
  "  code TEXT NOT NULL, type TEXT NOT NULL, api_identifier TEXT, description TEXT,"
  "  position INTEGER NOT NULL, UNIQUE (namespace_id, code));"
  "CREATE TABLE IF NOT EXISTS grants ("
  "  resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,"
  "  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,"
  "  role_id TEXT REFERENCES roles(id) ON DELETE CASCADE,"
  "  node_id TEXT REFERENCES nodes(id) ON DELETE CASCADE,"
  "  actions TEXT NOT NULL, position INTEGER NOT NULL);"
  /* Every token issued is recorded; revocation flips `revoked`. user_id is no foreign key:
   * the rows outlive a deleted user so that its tokens stay revoked. */
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  jti TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user_id);"
  "CREATE INDEX IF NOT EXISTS nodes_by_org ON nodes (org_id);"
  "CREATE INDEX IF NOT EXISTS grants_by_resource ON grants (resource_id);";

static void
ac_emu_store_finalize (GObject *object)
{
  AcEmuStore *self = AC_EMU_STORE (object);

  ac_emu_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (ac_emu_store_parent_class)->finalize (object);
}

static void
ac_emu_store_class_init (AcEmuStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ac_emu_store_finalize;
}

static void
ac_emu_store_init (AcEmuStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

static gboolean
set_sqlite_error (AcEmuStore  *self,
                  GError     **error)
{
  g_set_error (error, AC_EMU_STORE_ERROR, sqlite3_errcode (self->db), "SQLite: %s",
               sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
ac_emu_store_exec (AcEmuStore  *self,
                   const char  *sql,
                   GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, sqlite3_errcode (self->db), "SQLite: %s",
                   errmsg != NULL ? errmsg : "?");
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
ac_emu_store_prepare (AcEmuStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return stmt;
}

AcEmuStmt *
ac_emu_store_statement (AcEmuStore  *self,
                        const char  *sql,
                        GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      /* a cached statement is used by one caller at a time */
      g_warn_if_fail (!sqlite3_stmt_busy (stmt));
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
ac_emu_stmt_release (AcEmuStmt *stmt)
{
  /* ends the statement's read (or write) at once; the bindings go on the next use */
  sqlite3_reset (stmt);
}

gboolean
ac_emu_store_step_done (AcEmuStore    *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, error);
  return TRUE;
}

gboolean
ac_emu_store_begin (AcEmuStore  *self,
                    GError     **error)
{
  return ac_emu_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
ac_emu_store_commit (AcEmuStore  *self,
                     GError     **error)
{
  if (!ac_emu_store_exec (self, "COMMIT", error))
    {
      ac_emu_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
ac_emu_store_rollback (AcEmuStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
ac_emu_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

const char *
ac_emu_column_text (sqlite3_stmt *stmt,
                    int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
ac_emu_store_get_meta (AcEmuStore *self,
                       const char *key)
{
  g_autoptr(AcEmuStmt) stmt = ac_emu_store_statement (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup (ac_emu_column_text (stmt, 0));
  return NULL;
}

gboolean
ac_emu_store_set_meta (AcEmuStore  *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, key);
  ac_emu_bind_text (stmt, 2, value);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_is_seeded (AcEmuStore *self)
{
  g_autofree char *seeded = ac_emu_store_get_meta (self, "seeded");

  return seeded != NULL;
}

static gboolean
secure_dir (const char  *dir,
            gboolean     recurse,
            GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;
  GStatBuf st;

  if (g_lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    return TRUE;
  if ((st.st_mode & 0777) != 0700 && g_chmod (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not make %s private: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (recurse && !secure_dir (path, FALSE, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode) && (st.st_mode & 0777) != 0600 && g_chmod (path, 0600) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not make %s private: %s"), path, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ac_emu_store_secure_folder (const char  *data_dir,
                            GError     **error)
{
  return secure_dir (data_dir, TRUE, error);
}

static gboolean
ensure_defaults (AcEmuStore  *self,
                 GError     **error)
{
  g_autofree char *secret = ac_emu_store_get_meta (self, "jwt_secret");
  g_autofree char *version = ac_emu_store_get_meta (self, "schema_version");

  if (version != NULL && g_strcmp0 (version, SCHEMA_VERSION) != 0)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0,
                   _("The database was written by another version of the emulator (schema %s)"),
                   version);
      return FALSE;
    }
  if (secret != NULL && version != NULL)
    return TRUE;

  if (!ac_emu_store_begin (self, error))
    return FALSE;
  if (version == NULL && !ac_emu_store_set_meta (self, "schema_version", SCHEMA_VERSION, error))
    goto fail;
  if (secret == NULL)
    {
      /* The HS256 signing secret: 32 random bytes, kept with the data so that tokens
       * survive a restart. */
      g_autofree char *new_secret = ac_emu_random_hex (32);

      if (!ac_emu_store_set_meta (self, "jwt_secret", new_secret, error))
        goto fail;
    }
  return ac_emu_store_commit (self, error);

fail:
  ac_emu_store_rollback (self);
  return FALSE;
}

AcEmuStore *
ac_emu_store_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(AcEmuStore) self = g_object_new (AC_EMU_TYPE_STORE, NULL);
  g_autofree char *path = g_build_filename (data_dir, DB_FILE_NAME, NULL);

  self->data_dir = g_strdup (data_dir);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0, _("Could not open %s: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (!ac_emu_store_exec (self,
                          "PRAGMA journal_mode=WAL;"
                          "PRAGMA foreign_keys=ON;"
                          "PRAGMA synchronous=FULL;",
                          error))
    return NULL;
  if (!ac_emu_store_exec (self, schema, error))
    return NULL;
  if (!ac_emu_store_security_init (self, error))   /* ac-emu-store-security.c */
    return NULL;
  /* SQLite creates -wal and -shm with the mode of the database; all three are private */
  if (!ac_emu_store_secure_folder (data_dir, error))
    return NULL;
  if (!ensure_defaults (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
ac_emu_store_close (AcEmuStore *self)
{
  g_return_if_fail (AC_EMU_IS_STORE (self));

  if (self->statements != NULL)
    g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

sqlite3 *
ac_emu_store_get_db (AcEmuStore *self)
{
  g_return_val_if_fail (AC_EMU_IS_STORE (self), NULL);
  return self->db;
}

const char *
ac_emu_store_get_data_dir (AcEmuStore *self)
{
  g_return_val_if_fail (AC_EMU_IS_STORE (self), NULL);
  return self->data_dir;
}
