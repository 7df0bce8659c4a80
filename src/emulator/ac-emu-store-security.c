/* ac-emu-store-security.c: the queries of account security (protocol-security.md §2–§5, §8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-store"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-store-private.h"
#include "ac-emu-store-security.h"
#include "ac-emu-totp.h"

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS totp ("
  "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, id TEXT NOT NULL,"
  "  enabled INTEGER NOT NULL DEFAULT 0, secret TEXT, recovery_hash TEXT,"
  "  pending_secret TEXT, pending_recovery_hash TEXT, last_counter INTEGER NOT NULL DEFAULT -1,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS mfa_tokens ("
  "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  expires_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0,"
  "  used INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS mfa_tokens_by_user ON mfa_tokens (user_id);"
  "CREATE TABLE IF NOT EXISTS verify_codes ("
  "  channel TEXT NOT NULL, address TEXT NOT NULL, code TEXT, sent_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (channel, address));"
  "CREATE TABLE IF NOT EXISTS outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, address TEXT NOT NULL,"
  "  country_code TEXT, code TEXT NOT NULL, scene TEXT, sent_at TEXT NOT NULL);";

gboolean
ac_emu_store_security_init (AcEmuStore  *self,
                            GError     **error)
{
  return ac_emu_store_exec (self, schema, error);
}

/* Runs a statement with text parameters (NULL binds NULL) and no result */
static gboolean
run_texts (AcEmuStore  *self,
           const char  *sql,
           GError     **error,
           guint        n,
           ...)
{
  g_autoptr(AcEmuStmt) stmt = ac_emu_store_statement (self, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    ac_emu_bind_text (stmt, (int) i + 1, va_arg (args, const char *));
  va_end (args);
  return ac_emu_store_step_done (self, stmt, error);
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* ---------------------------------------------------------------------------------------- */
/* Users */

void
ac_emu_account_clear (AcEmuAccount *account)
{
  g_clear_pointer (&account->id, g_free);
  g_clear_pointer (&account->username, g_free);
  g_clear_pointer (&account->email, g_free);
  g_clear_pointer (&account->phone, g_free);
  if (account->password_hash != NULL)
    {
      memset (account->password_hash, 0, strlen (account->password_hash));
      g_clear_pointer (&account->password_hash, g_free);
    }
  g_clear_pointer (&account->nickname, g_free);
  g_clear_pointer (&account->photo, g_free);
  account->found = FALSE;
}

gboolean
ac_emu_store_get_account (AcEmuStore    *self,
                          const char    *user_id,
                          AcEmuAccount  *out,
                          GError       **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autoptr(JsonNode) profile = NULL;

  memset (out, 0, sizeof *out);
  stmt = ac_emu_store_statement (self,
                                 "SELECT id, username, email, phone, password_hash, profile"
                                 " FROM users WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  out->found = TRUE;
  out->id = g_strdup (ac_emu_column_text (stmt, 0));
  out->username = g_strdup (ac_emu_column_text (stmt, 1));
  out->email = g_strdup (ac_emu_column_text (stmt, 2));
  out->phone = g_strdup (ac_emu_column_text (stmt, 3));
  out->password_hash = g_strdup (ac_emu_column_text (stmt, 4));
  profile = ac_emu_json_parse_text (ac_emu_column_text (stmt, 5));
  if (profile != NULL && JSON_NODE_HOLDS_OBJECT (profile))
    {
      JsonObject *o = json_node_get_object (profile);

      out->nickname = g_strdup (ac_emu_json_get_string (o, "nickname"));
      out->photo = g_strdup (ac_emu_json_get_string (o, "photo"));
    }
  /* Empty strings count as unset, like the security level does */
  if (out->email != NULL && *out->email == '\0')
    g_clear_pointer (&out->email, g_free);
  if (out->phone != NULL && *out->phone == '\0')
    g_clear_pointer (&out->phone, g_free);
  return TRUE;
}

static gboolean
find_by (AcEmuStore  *self,
         const char  *sql,
         const char  *value,
         char       **out_user_id,
         GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = ac_emu_store_statement (self, sql, error);

  *out_user_id = NULL;
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_user_id = g_strdup (ac_emu_column_text (stmt, 0));
  return TRUE;
}

gboolean
ac_emu_store_find_by_phone (AcEmuStore  *self,
                            const char  *phone,
                            char       **out_user_id,
                            GError     **error)
{
  return find_by (self, "SELECT id FROM users WHERE phone = ?", phone, out_user_id, error);
}

gboolean
ac_emu_store_find_by_email (AcEmuStore  *self,
                            const char  *email,
                            char       **out_user_id,
                            GError     **error)
{
  return find_by (self, "SELECT id FROM users WHERE email = ?", email, out_user_id, error);
}

gboolean
ac_emu_store_set_phone (AcEmuStore  *self,
                        const char  *user_id,
                        const char  *phone,
                        GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return run_texts (self,
                    "UPDATE users SET phone = ?1, phone_verified = (?1 IS NOT NULL), updated_at = ?2"
                    " WHERE id = ?3", error, 3, phone, now, user_id);
}

gboolean
ac_emu_store_set_email (AcEmuStore  *self,
                        const char  *user_id,
                        const char  *email,
                        GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return run_texts (self,
                    "UPDATE users SET email = ?1, email_verified = (?1 IS NOT NULL), updated_at = ?2"
                    " WHERE id = ?3", error, 3, email, now, user_id);
}

gboolean
ac_emu_store_set_password (AcEmuStore  *self,
                           const char  *user_id,
                           const char  *hash,
                           int          level,
                           const char  *keep_jti,
                           GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();
  g_autofree char *level_text = g_strdup_printf ("%d", level);

  return run_texts (self,
                    "UPDATE users SET password_hash = ?, password_level = CAST(? AS INTEGER),"
                    " updated_at = ? WHERE id = ?", error, 4, hash, level_text, now, user_id) &&
         run_texts (self, "UPDATE tokens SET revoked = 1 WHERE user_id = ? AND jti IS NOT ?",
                    error, 2, user_id, keep_jti);
}

/* ---------------------------------------------------------------------------------------- */
/* TOTP */

void
ac_emu_totp_clear (AcEmuTotp *totp)
{
  char **secrets[] = { &totp->secret, &totp->pending_secret };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (*secrets[i] != NULL)
      {
        memset (*secrets[i], 0, strlen (*secrets[i]));
        g_clear_pointer (secrets[i], g_free);
      }
  g_clear_pointer (&totp->id, g_free);
  g_clear_pointer (&totp->recovery_hash, g_free);
  g_clear_pointer (&totp->pending_recovery_hash, g_free);
  g_clear_pointer (&totp->created_at, g_free);
  g_clear_pointer (&totp->updated_at, g_free);
  totp->enabled = FALSE;
  totp->last_counter = -1;
}

gboolean
ac_emu_store_get_totp (AcEmuStore  *self,
                       const char  *user_id,
                       AcEmuTotp   *out,
                       GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  memset (out, 0, sizeof *out);
  out->last_counter = -1;
  stmt = ac_emu_store_statement (self,
                                 "SELECT enabled, id, secret, recovery_hash, pending_secret,"
                                 " pending_recovery_hash, last_counter, created_at, updated_at"
                                 " FROM totp WHERE user_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  out->enabled = sqlite3_column_int (stmt, 0) != 0;
  out->id = g_strdup (ac_emu_column_text (stmt, 1));
  out->secret = g_strdup (ac_emu_column_text (stmt, 2));
  out->recovery_hash = g_strdup (ac_emu_column_text (stmt, 3));
  out->pending_secret = g_strdup (ac_emu_column_text (stmt, 4));
  out->pending_recovery_hash = g_strdup (ac_emu_column_text (stmt, 5));
  out->last_counter = sqlite3_column_int64 (stmt, 6);
  out->created_at = g_strdup (ac_emu_column_text (stmt, 7));
  out->updated_at = g_strdup (ac_emu_column_text (stmt, 8));
  return TRUE;
}

/* Makes sure the user has a row (disabled) */
static gboolean
ensure_totp_row (AcEmuStore  *self,
                 const char  *user_id,
                 GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();
  g_autofree char *id = ac_emu_new_id ();

  return run_texts (self,
                    "INSERT OR IGNORE INTO totp (user_id, id, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)", error, 4, user_id, id, now, now);
}

gboolean
ac_emu_store_set_totp_pending (AcEmuStore  *self,
                               const char  *user_id,
                               const char  *secret,
                               const char  *recovery_hash,
                               GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return ensure_totp_row (self, user_id, error) &&
         run_texts (self,
                    "UPDATE totp SET pending_secret = ?, pending_recovery_hash = ?, updated_at = ?"
                    " WHERE user_id = ?", error, 4, secret, recovery_hash, now, user_id);
}

gboolean
ac_emu_store_confirm_totp (AcEmuStore  *self,
                           const char  *user_id,
                           gint64       counter,
                           GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();
  g_autofree char *id = ac_emu_new_id ();
  g_autofree char *counter_text = g_strdup_printf ("%" G_GINT64_FORMAT, counter);

  /* A new authenticator gets a new id and creation time */
  return run_texts (self,
                    "UPDATE totp SET enabled = 1, secret = pending_secret,"
                    " recovery_hash = pending_recovery_hash, pending_secret = NULL,"
                    " pending_recovery_hash = NULL, last_counter = CAST(? AS INTEGER), id = ?,"
                    " created_at = ?, updated_at = ? WHERE user_id = ? AND pending_secret IS NOT NULL",
                    error, 5, counter_text, id, now, now, user_id) &&
         run_texts (self, "UPDATE users SET mfa = 1, updated_at = ? WHERE id = ?", error, 2, now, user_id);
}

gboolean
ac_emu_store_enable_totp (AcEmuStore  *self,
                          const char  *user_id,
                          const char  *secret,
                          const char  *recovery_hash,
                          GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return ensure_totp_row (self, user_id, error) &&
         run_texts (self,
                    "UPDATE totp SET enabled = 1, secret = ?, recovery_hash = ?, last_counter = -1,"
                    " updated_at = ? WHERE user_id = ?", error, 4, secret, recovery_hash, now, user_id) &&
         run_texts (self, "UPDATE users SET mfa = 1 WHERE id = ?", error, 1, user_id);
}

gboolean
ac_emu_store_set_totp_counter (AcEmuStore  *self,
                               const char  *user_id,
                               gint64       counter,
                               GError     **error)
{
  g_autofree char *counter_text = g_strdup_printf ("%" G_GINT64_FORMAT, counter);

  return run_texts (self, "UPDATE totp SET last_counter = CAST(? AS INTEGER) WHERE user_id = ?",
                    error, 2, counter_text, user_id);
}

gboolean
ac_emu_store_set_recovery_hash (AcEmuStore  *self,
                                const char  *user_id,
                                const char  *recovery_hash,
                                GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return run_texts (self, "UPDATE totp SET recovery_hash = ?, updated_at = ? WHERE user_id = ?",
                    error, 3, recovery_hash, now, user_id);
}

gboolean
ac_emu_store_delete_totp (AcEmuStore  *self,
                          const char  *user_id,
                          GError     **error)
{
  g_autofree char *now = ac_emu_now_iso ();

  return run_texts (self, "DELETE FROM totp WHERE user_id = ?", error, 1, user_id) &&
         run_texts (self, "DELETE FROM mfa_tokens WHERE user_id = ?", error, 1, user_id) &&
         run_texts (self, "UPDATE users SET mfa = 0, updated_at = ? WHERE id = ?", error, 2, now, user_id);
}

gboolean
ac_emu_store_seed_mfa (AcEmuStore  *self,
                       const char  *user_id,
                       JsonNode    *mfa,
                       GError     **error)
{
  g_autofree char *recovery = NULL;
  g_autofree char *hash = NULL;
  JsonObject *object;

  if (mfa == NULL || !JSON_NODE_HOLDS_OBJECT (mfa))
    return TRUE;
  object = json_node_get_object (mfa);
  recovery = ac_emu_totp_normalize_recovery_code (ac_emu_json_get_string (object, "recoveryCode"));
  if (recovery == NULL)
    {
      g_set_error_literal (error, AC_EMU_STORE_ERROR, 0, "mfa.recoveryCode was not checked");
      return FALSE;
    }
  hash = ac_emu_password_hash (recovery, error);
  return hash != NULL &&
         ac_emu_store_enable_totp (self, user_id, ac_emu_json_get_string (object, "totpSecret"), hash, error);
}

/* ---------------------------------------------------------------------------------------- */
/* mfaTokens */

gboolean
ac_emu_store_add_mfa_token (AcEmuStore  *self,
                            const char  *token,
                            const char  *user_id,
                            gint64       expires_at,
                            GError     **error)
{
  g_autofree char *hash = hash_token (token);
  g_autofree char *expires = g_strdup_printf ("%" G_GINT64_FORMAT, expires_at);

  /* Old tokens of anyone are of no use: drop those that expired */
  return run_texts (self, "DELETE FROM mfa_tokens WHERE expires_at < CAST(? AS INTEGER) - 86400",
                    error, 1, expires) &&
         run_texts (self,
                    "INSERT INTO mfa_tokens (token_hash, user_id, expires_at) VALUES (?, ?, CAST(? AS INTEGER))",
                    error, 3, hash, user_id, expires);
}

gboolean
ac_emu_store_check_mfa_token (AcEmuStore          *self,
                              const char          *token,
                              gint64               now,
                              guint                max_failures,
                              AcEmuMfaTokenState  *out_state,
                              char               **out_user_id,
                              GError             **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  g_autofree char *hash = hash_token (token);

  *out_state = AC_EMU_MFA_TOKEN_INVALID;
  *out_user_id = NULL;
  stmt = ac_emu_store_statement (self,
                                 "SELECT user_id, expires_at, failures, used FROM mfa_tokens"
                                 " WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  if (sqlite3_column_int (stmt, 3) != 0 || sqlite3_column_int64 (stmt, 1) <= now)
    return TRUE;
  if ((guint) sqlite3_column_int (stmt, 2) >= max_failures)
    {
      *out_state = AC_EMU_MFA_TOKEN_LOCKED;
      return TRUE;
    }
  *out_state = AC_EMU_MFA_TOKEN_VALID;
  *out_user_id = g_strdup (ac_emu_column_text (stmt, 0));
  return TRUE;
}

gboolean
ac_emu_store_fail_mfa_token (AcEmuStore  *self,
                             const char  *token,
                             guint       *out_failures,
                             GError     **error)
{
  g_autofree char *hash = hash_token (token);
  g_autoptr(AcEmuStmt) stmt = NULL;

  *out_failures = 0;
  if (!run_texts (self, "UPDATE mfa_tokens SET failures = failures + 1 WHERE token_hash = ?",
                  error, 1, hash))
    return FALSE;
  stmt = ac_emu_store_statement (self, "SELECT failures FROM mfa_tokens WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_failures = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
ac_emu_store_use_mfa_token (AcEmuStore  *self,
                            const char  *token,
                            GError     **error)
{
  g_autofree char *hash = hash_token (token);

  return run_texts (self, "UPDATE mfa_tokens SET used = 1 WHERE token_hash = ?", error, 1, hash);
}

/* ---------------------------------------------------------------------------------------- */
/* Verification codes and the outbox */

void
ac_emu_code_row_clear (AcEmuCodeRow *row)
{
  g_clear_pointer (&row->code, g_free);
  row->found = FALSE;
}

gboolean
ac_emu_store_get_code (AcEmuStore    *self,
                       const char    *channel,
                       const char    *address,
                       AcEmuCodeRow  *out,
                       GError       **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  memset (out, 0, sizeof *out);
  stmt = ac_emu_store_statement (self,
                                 "SELECT code, sent_at, expires_at, failures FROM verify_codes"
                                 " WHERE channel = ? AND address = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, channel);
  ac_emu_bind_text (stmt, 2, address);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  out->found = TRUE;
  out->code = g_strdup (ac_emu_column_text (stmt, 0));
  out->sent_at = sqlite3_column_int64 (stmt, 1);
  out->expires_at = sqlite3_column_int64 (stmt, 2);
  out->failures = (guint) sqlite3_column_int (stmt, 3);
  return TRUE;
}

gboolean
ac_emu_store_put_code (AcEmuStore  *self,
                       const char  *channel,
                       const char  *address,
                       const char  *code,
                       gint64       sent_at,
                       gint64       expires_at,
                       GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;

  stmt = ac_emu_store_statement (self,
                                 "INSERT OR REPLACE INTO verify_codes"
                                 " (channel, address, code, sent_at, expires_at, failures)"
                                 " VALUES (?, ?, ?, ?, ?, 0)", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, channel);
  ac_emu_bind_text (stmt, 2, address);
  ac_emu_bind_text (stmt, 3, code);
  sqlite3_bind_int64 (stmt, 4, sent_at);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_fail_code (AcEmuStore  *self,
                        const char  *channel,
                        const char  *address,
                        gboolean     burn,
                        GError     **error)
{
  return run_texts (self,
                    burn
                      ? "UPDATE verify_codes SET failures = failures + 1, code = NULL"
                        " WHERE channel = ? AND address = ?"
                      : "UPDATE verify_codes SET failures = failures + 1"
                        " WHERE channel = ? AND address = ?",
                    error, 2, channel, address);
}

gboolean
ac_emu_store_clear_code (AcEmuStore  *self,
                         const char  *channel,
                         const char  *address,
                         GError     **error)
{
  return run_texts (self, "UPDATE verify_codes SET code = NULL WHERE channel = ? AND address = ?",
                    error, 2, channel, address);
}

gboolean
ac_emu_store_add_outbox (AcEmuStore  *self,
                         const char  *channel,
                         const char  *address,
                         const char  *country_code,
                         const char  *code,
                         const char  *scene,
                         const char  *sent_at,
                         guint        keep,
                         GError     **error)
{
  g_autofree char *keep_text = g_strdup_printf ("%u", keep);

  return run_texts (self,
                    "INSERT INTO outbox (channel, address, country_code, code, scene, sent_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", error, 6,
                    channel, address, country_code, code, scene, sent_at) &&
         run_texts (self,
                    "DELETE FROM outbox WHERE id <= (SELECT MAX(id) FROM outbox) - CAST(? AS INTEGER)",
                    error, 1, keep_text);
}

JsonArray *
ac_emu_store_outbox_json (AcEmuStore  *self,
                          const char  *to,
                          GError     **error)
{
  g_autoptr(AcEmuStmt) stmt = NULL;
  JsonArray *array;

  stmt = ac_emu_store_statement (self,
                                 "SELECT channel, address, country_code, code, scene, sent_at FROM outbox"
                                 " WHERE ?1 IS NULL OR address = ?1 ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, to);

  array = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      gboolean sms = g_strcmp0 (ac_emu_column_text (stmt, 0), "sms") == 0;

      _ac_emu_set_column (item, "channel", stmt, 0);
      _ac_emu_set_column (item, "to", stmt, 1);
      if (sms)
        _ac_emu_set_column (item, "phoneCountryCode", stmt, 2);
      _ac_emu_set_column (item, "code", stmt, 3);
      _ac_emu_set_column (item, "scene", stmt, 4);
      _ac_emu_set_column (item, "sentAt", stmt, 5);
      json_array_add_object_element (array, item);
    }
  return array;
}
