/* ac-emu-oidc-store.c: the OIDC refresh tokens in the emulator's database
 *
 * Only a SHA-256 of each refresh token is kept. A refresh token names the session (`sid`, a row
 * of `tokens`, ac-emu-token.c) it was first issued with, so that a replayed code or an
 * end-session can take it back with that session. The table is made on first start of a
 * version that has it (CREATE … IF NOT EXISTS), so older data folders keep working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-oidc"

#include "config.h"

#include "ac-emu-oidc-store.h"

gboolean
ac_emu_oidc_store_init (AcEmuStore  *store,
                        GError     **error)
{
  return ac_emu_store_exec (store,
                            "CREATE TABLE IF NOT EXISTS oidc_refresh_tokens ("
                            "  hash TEXT PRIMARY KEY, sid TEXT NOT NULL, user_id TEXT NOT NULL,"
                            "  client_id TEXT NOT NULL, scope TEXT NOT NULL,"
                            "  auth_time INTEGER NOT NULL, issued_at INTEGER NOT NULL,"
                            "  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
                            "CREATE INDEX IF NOT EXISTS oidc_refresh_by_sid ON oidc_refresh_tokens (sid);",
                            error);
}

gboolean
ac_emu_oidc_store_add_refresh (AcEmuStore              *store,
                               const char              *hash,
                               const AcEmuOidcRefresh  *refresh,
                               GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    ac_emu_store_prepare (store,
                          "INSERT INTO oidc_refresh_tokens (hash, sid, user_id, client_id, scope,"
                          " auth_time, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, hash);
  ac_emu_bind_text (stmt, 2, refresh->sid);
  ac_emu_bind_text (stmt, 3, refresh->user_id);
  ac_emu_bind_text (stmt, 4, refresh->client_id);
  ac_emu_bind_text (stmt, 5, refresh->scope);
  sqlite3_bind_int64 (stmt, 6, refresh->auth_time);
  sqlite3_bind_int64 (stmt, 7, refresh->issued_at);
  sqlite3_bind_int64 (stmt, 8, refresh->expires_at);
  return ac_emu_store_step_done (store, stmt, error);
}

gboolean
ac_emu_oidc_store_find_refresh (AcEmuStore        *store,
                                const char        *hash,
                                gint64             now,
                                AcEmuOidcRefresh **out,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AcEmuOidcRefresh *refresh;
  int rc;

  *out = NULL;
  stmt = ac_emu_store_prepare (store,
                               "SELECT r.sid, r.user_id, r.client_id, r.scope, r.auth_time,"
                               " r.issued_at, r.expires_at FROM oidc_refresh_tokens r"
                               " JOIN users ON users.id = r.user_id"
                               " WHERE r.hash = ? AND r.revoked = 0 AND r.expires_at > ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return ac_emu_store_step_done (store, stmt, error);

  refresh = g_new0 (AcEmuOidcRefresh, 1);
  refresh->sid = g_strdup (ac_emu_column_text (stmt, 0));
  refresh->user_id = g_strdup (ac_emu_column_text (stmt, 1));
  refresh->client_id = g_strdup (ac_emu_column_text (stmt, 2));
  refresh->scope = g_strdup (ac_emu_column_text (stmt, 3));
  refresh->auth_time = sqlite3_column_int64 (stmt, 4);
  refresh->issued_at = sqlite3_column_int64 (stmt, 5);
  refresh->expires_at = sqlite3_column_int64 (stmt, 6);
  *out = refresh;
  return TRUE;
}

gboolean
ac_emu_oidc_store_revoke_refresh_of (AcEmuStore  *store,
                                     const char  *sid,
                                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    ac_emu_store_prepare (store, "UPDATE oidc_refresh_tokens SET revoked = 1 WHERE sid = ?", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, sid);
  return ac_emu_store_step_done (store, stmt, error);
}

void
ac_emu_oidc_refresh_free (AcEmuOidcRefresh *refresh)
{
  if (refresh == NULL)
    return;
  g_free (refresh->sid);
  g_free (refresh->user_id);
  g_free (refresh->client_id);
  g_free (refresh->scope);
  g_free (refresh);
}
