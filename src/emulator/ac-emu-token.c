/* ac-emu-token.c: HS256 JWTs, their record and revocation
 *
 * Claims: sub (user id), iat, exp, jti (unique per token), iss (the URL the emulator listens
 * on), aud (the application id) and data {type, id, userPoolId} like the service's older
 * tokens. The secret lives in the database (meta.jwt_secret), and so do the issued tokens
 * (table tokens), so sessions and revocations survive a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-token"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "ac-emu-crypto.h"
#include "ac-emu-token.h"
#include "ac-emu-util.h"

#define HEADER_JSON "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static char *
get_secret (AcEmuStore *store)
{
  return ac_emu_store_get_meta (store, "jwt_secret");
}

static char *
sign (const char *secret,
      const char *signing_input)
{
  guint8 digest[32];

  ac_emu_hmac_sha256 ((const guint8 *) secret, strlen (secret),
                      (const guint8 *) signing_input, strlen (signing_input), digest);
  return ac_emu_base64url_encode (digest, sizeof digest);
}

char *
ac_emu_token_issue (AcEmuStore  *store,
                    const char  *user_id,
                    const char  *pool_id,
                    const char  *issuer,
                    gint64       ttl_seconds,
                    gint64      *out_iat,
                    gint64      *out_exp,
                    GError     **error)
{
  g_autofree char *secret = get_secret (store);
  g_autofree char *jti = ac_emu_random_hex (16);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(AcEmuStmt) stmt = NULL;
  gint64 iat = g_get_real_time () / G_USEC_PER_SEC;
  gint64 exp = iat + ttl_seconds;

  if (secret == NULL)
    {
      g_set_error_literal (error, AC_EMU_STORE_ERROR, 0, "no signing secret");
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sub");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "iat");
  json_builder_add_int_value (b, iat);
  json_builder_set_member_name (b, "exp");
  json_builder_add_int_value (b, exp);
  json_builder_set_member_name (b, "jti");
  json_builder_add_string_value (b, jti);
  json_builder_set_member_name (b, "iss");
  json_builder_add_string_value (b, issuer);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "user");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "userPoolId");
  json_builder_add_string_value (b, pool_id);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  payload = ac_emu_json_to_string (root);

  header64 = ac_emu_base64url_encode ((const guint8 *) HEADER_JSON, strlen (HEADER_JSON));
  payload64 = ac_emu_base64url_encode ((const guint8 *) payload, strlen (payload));
  input = g_strconcat (header64, ".", payload64, NULL);
  signature = sign (secret, input);

  stmt = ac_emu_store_statement (store,
                                 "INSERT INTO tokens (jti, user_id, issued_at, expires_at) "
                                 "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, jti);
  ac_emu_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, iat);
  sqlite3_bind_int64 (stmt, 4, exp);
  if (!ac_emu_store_step_done (store, stmt, error))
    return NULL;

  if (out_iat != NULL)
    *out_iat = iat;
  if (out_exp != NULL)
    *out_exp = exp;
  return g_strconcat (input, ".", signature, NULL);
}

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
ac_emu_token_verify (AcEmuStore  *store,
                     const char  *token,
                     char       **out_user_id,
                     char       **out_jti,
                     gint64      *out_iat,
                     gint64      *out_exp)
{
  g_autofree char *secret = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *input = NULL;
  g_autofree char *expected = NULL;
  g_autofree guint8 *header = NULL;
  g_autofree guint8 *payload = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(AcEmuStmt) stmt = NULL;
  JsonNode *root;
  JsonObject *header_obj, *claims;
  const char *sub, *jti;
  gsize header_len = 0, payload_len = 0;
  gint64 exp = 0, iat = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (token == NULL || strlen (token) > 8192)
    return FALSE;
  parts = g_strsplit (token, ".", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;

  secret = get_secret (store);
  if (secret == NULL)
    return FALSE;
  input = g_strconcat (parts[0], ".", parts[1], NULL);
  expected = sign (secret, input);
  if (strlen (expected) != strlen (parts[2]) ||
      !ac_emu_equal_constant_time ((const guint8 *) expected, (const guint8 *) parts[2],
                                   strlen (expected)))
    return FALSE;

  /* The signature is ours, but parse defensively all the same. */
  header = ac_emu_base64url_decode (parts[0], &header_len);
  payload = ac_emu_base64url_decode (parts[1], &payload_len);
  if (header == NULL || payload == NULL)
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) header, (gssize) header_len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  header_obj = json_node_get_object (root);
  if (g_strcmp0 (ac_emu_json_get_string (header_obj, "alg"), "HS256") != 0)
    return FALSE;

  if (!json_parser_load_from_data (parser, (const char *) payload, (gssize) payload_len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  claims = json_node_get_object (root);
  sub = ac_emu_json_get_string (claims, "sub");
  jti = ac_emu_json_get_string (claims, "jti");
  if (sub == NULL || jti == NULL || !get_int_member (claims, "exp", &exp))
    return FALSE;
  if (exp <= now)
    return FALSE;
  get_int_member (claims, "iat", &iat);

  stmt = ac_emu_store_statement (store,
                                 "SELECT 1 FROM tokens JOIN users ON users.id = tokens.user_id "
                                 "WHERE tokens.jti = ? AND tokens.user_id = ? AND tokens.revoked = 0 "
                                 "AND tokens.expires_at > ?", NULL);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  ac_emu_bind_text (stmt, 2, sub);
  sqlite3_bind_int64 (stmt, 3, now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  if (out_user_id != NULL)
    *out_user_id = g_strdup (sub);
  if (out_jti != NULL)
    *out_jti = g_strdup (jti);
  if (out_iat != NULL)
    *out_iat = iat;
  if (out_exp != NULL)
    *out_exp = exp;
  return TRUE;
}

gboolean
ac_emu_token_revoke (AcEmuStore  *store,
                     const char  *jti,
                     GError     **error)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (store, "UPDATE tokens SET revoked = 1 WHERE jti = ?", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  return ac_emu_store_step_done (store, stmt, error);
}

gboolean
ac_emu_token_revoke_user (AcEmuStore  *store,
                          const char  *user_id,
                          GError     **error)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (store, "UPDATE tokens SET revoked = 1 WHERE user_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  return ac_emu_store_step_done (store, stmt, error);
}

/* Tokens signed elsewhere (the RS256 tokens of ac-emu-oidc.c) share this table: one row per
 * issuance, named by their `sid`, so that logout, deletion and expiry treat them like ours. The
 * INSERT and the check are those of ac_emu_token_issue() and ac_emu_token_verify(): change them
 * together. */
gboolean
ac_emu_token_record (AcEmuStore  *store,
                     const char  *jti,
                     const char  *user_id,
                     gint64       iat,
                     gint64       exp,
                     GError     **error)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (store,
                            "INSERT INTO tokens (jti, user_id, issued_at, expires_at) "
                            "VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  ac_emu_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, iat);
  sqlite3_bind_int64 (stmt, 4, exp);
  return ac_emu_store_step_done (store, stmt, error);
}

gboolean
ac_emu_token_is_live (AcEmuStore *store,
                      const char *jti,
                      const char *user_id)
{
  g_autoptr(AcEmuStmt) stmt =
    ac_emu_store_statement (store,
                            "SELECT 1 FROM tokens JOIN users ON users.id = tokens.user_id "
                            "WHERE tokens.jti = ? AND tokens.user_id = ? AND tokens.revoked = 0 "
                            "AND tokens.expires_at > ?", NULL);

  if (stmt == NULL || jti == NULL || user_id == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  ac_emu_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
