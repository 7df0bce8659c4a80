/* ac-emu-store-security.h: the queries of account security (protocol-security.md §2–§5, §8)
 *
 * Tables (created by ac_emu_store_security_init(), called when the store opens):
 *   totp          one row per user that has (or is enrolling) a TOTP authenticator
 *   mfa_tokens    the second-step tokens of a two-step sign-in (stored as SHA-256 hashes)
 *   verify_codes  the live verification code of each address, and when it was last sent
 *   outbox        every message "sent" (ac-emu-outbox.h)
 * Secrets at rest: the TOTP secret must stay readable (the server computes codes from it);
 * recovery codes are stored as PBKDF2 hashes, mfaTokens as SHA-256 hashes.
 *
 * Every function that writes expects an open write transaction (ac_emu_store_begin()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-store.h"

G_BEGIN_DECLS

gboolean     ac_emu_store_security_init      (AcEmuStore   *self,
                                              GError      **error);

/* What the security rules need to know about a user */
typedef struct
{
  gboolean found;
  char *id;
  char *username;
  char *email;
  char *phone;
  char *password_hash;   /* NULL: the account has no password */
  char *nickname;
  char *photo;
} AcEmuAccount;

void         ac_emu_account_clear            (AcEmuAccount *account);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AcEmuAccount, ac_emu_account_clear)

gboolean     ac_emu_store_get_account        (AcEmuStore   *self,
                                              const char   *user_id,
                                              AcEmuAccount *out,
                                              GError      **error);
/* The user whose phone (or e-mail address) is exactly value; *out_user_id NULL when none */
gboolean     ac_emu_store_find_by_phone      (AcEmuStore   *self,
                                              const char   *phone,
                                              char        **out_user_id,
                                              GError      **error);
gboolean     ac_emu_store_find_by_email      (AcEmuStore   *self,
                                              const char   *email,
                                              char        **out_user_id,
                                              GError      **error);
/* Sets (or with value NULL clears) the phone / e-mail address; a set value is verified */
gboolean     ac_emu_store_set_phone          (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *phone,
                                              GError      **error);
gboolean     ac_emu_store_set_email          (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *email,
                                              GError      **error);
/* Stores a new password hash and level, and revokes every token of the user but keep_jti */
gboolean     ac_emu_store_set_password       (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *hash,
                                              int           level,
                                              const char   *keep_jti,
                                              GError      **error);

/* TOTP */
typedef struct
{
  gboolean enabled;
  char *id;
  char *secret;              /* when enabled */
  char *recovery_hash;
  char *pending_secret;      /* an enrolment under way */
  char *pending_recovery_hash;
  gint64 last_counter;       /* the last accepted time step (replay), -1 for none */
  char *created_at;
  char *updated_at;
} AcEmuTotp;

void         ac_emu_totp_clear               (AcEmuTotp    *totp);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AcEmuTotp, ac_emu_totp_clear)

/* *out is zeroed (enabled FALSE, no pending) when the user has no row */
gboolean     ac_emu_store_get_totp           (AcEmuStore   *self,
                                              const char   *user_id,
                                              AcEmuTotp    *out,
                                              GError      **error);
gboolean     ac_emu_store_set_totp_pending   (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *secret,
                                              const char   *recovery_hash,
                                              GError      **error);
/* Turns the pending enrolment on (the security level's mfa becomes true) */
gboolean     ac_emu_store_confirm_totp       (AcEmuStore   *self,
                                              const char   *user_id,
                                              gint64        counter,
                                              GError      **error);
/* Turns TOTP on directly (seeding) */
gboolean     ac_emu_store_enable_totp        (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *secret,
                                              const char   *recovery_hash,
                                              GError      **error);
gboolean     ac_emu_store_set_totp_counter   (AcEmuStore   *self,
                                              const char   *user_id,
                                              gint64        counter,
                                              GError      **error);
gboolean     ac_emu_store_set_recovery_hash  (AcEmuStore   *self,
                                              const char   *user_id,
                                              const char   *recovery_hash,
                                              GError      **error);
/* Turns TOTP off and the security level's mfa to false; the user's mfaTokens die with it */
gboolean     ac_emu_store_delete_totp        (AcEmuStore   *self,
                                              const char   *user_id,
                                              GError      **error);

/* Seeding: a checked users[i].mfa; the object form turns TOTP on (the boolean form is the
 * users.mfa column, written by the seed itself) */
gboolean     ac_emu_store_seed_mfa           (AcEmuStore   *self,
                                              const char   *user_id,
                                              JsonNode     *mfa,
                                              GError      **error);

/* mfaTokens */
typedef enum
{
  AC_EMU_MFA_TOKEN_VALID,
  AC_EMU_MFA_TOKEN_INVALID,   /* unknown, expired or used */
  AC_EMU_MFA_TOKEN_LOCKED,    /* too many wrong codes */
} AcEmuMfaTokenState;

gboolean     ac_emu_store_add_mfa_token      (AcEmuStore   *self,
                                              const char   *token,
                                              const char   *user_id,
                                              gint64        expires_at,
                                              GError      **error);
gboolean     ac_emu_store_check_mfa_token    (AcEmuStore   *self,
                                              const char   *token,
                                              gint64        now,
                                              guint         max_failures,
                                              AcEmuMfaTokenState *out_state,
                                              char        **out_user_id,
                                              GError      **error);
/* Counts a wrong code; returns the failures so far in *out_failures */
gboolean     ac_emu_store_fail_mfa_token     (AcEmuStore   *self,
                                              const char   *token,
                                              guint        *out_failures,
                                              GError      **error);
gboolean     ac_emu_store_use_mfa_token      (AcEmuStore   *self,
                                              const char   *token,
                                              GError      **error);

/* Verification codes and the outbox (see ac-emu-outbox.h for the rules) */
typedef struct
{
  gboolean found;
  char *code;                /* NULL once used or burnt (the row stays for the rate limit) */
  gint64 sent_at;
  gint64 expires_at;
  guint failures;
} AcEmuCodeRow;

void         ac_emu_code_row_clear           (AcEmuCodeRow *row);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AcEmuCodeRow, ac_emu_code_row_clear)

gboolean     ac_emu_store_get_code           (AcEmuStore   *self,
                                              const char   *channel,
                                              const char   *address,
                                              AcEmuCodeRow *out,
                                              GError      **error);
/* code NULL records a send that delivered nothing (for the rate limit) */
gboolean     ac_emu_store_put_code           (AcEmuStore   *self,
                                              const char   *channel,
                                              const char   *address,
                                              const char   *code,
                                              gint64        sent_at,
                                              gint64        expires_at,
                                              GError      **error);
gboolean     ac_emu_store_fail_code          (AcEmuStore   *self,
                                              const char   *channel,
                                              const char   *address,
                                              gboolean      burn,
                                              GError      **error);
gboolean     ac_emu_store_clear_code         (AcEmuStore   *self,
                                              const char   *channel,
                                              const char   *address,
                                              GError      **error);
gboolean     ac_emu_store_add_outbox         (AcEmuStore   *self,
                                              const char   *channel,
                                              const char   *address,
                                              const char   *country_code,
                                              const char   *code,
                                              const char   *scene,
                                              const char   *sent_at,
                                              guint         keep,
                                              GError      **error);
/* [{channel, to, phoneCountryCode (sms), code, scene, sentAt}] newest first; to NULL: all */
JsonArray   *ac_emu_store_outbox_json        (AcEmuStore   *self,
                                              const char   *to,
                                              GError      **error);

G_END_DECLS
