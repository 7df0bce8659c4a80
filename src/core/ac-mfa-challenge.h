/* ac-mfa-challenge.h: the second step of a sign-in that answered 1635 (protocol-security.md §5.2)
 *
 * What the person is shown while the client waits for their code: who is signing in. The
 * mfaToken itself stays inside AcClient (ac_client_verify_totp_async() and
 * ac_client_recover_with_code_async() use it) and is never exposed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How long the service keeps a second step open */
#define AC_MFA_CHALLENGE_LIFETIME_S (5 * 60)

#define AC_TYPE_MFA_CHALLENGE (ac_mfa_challenge_get_type ())

G_DECLARE_FINAL_TYPE (AcMfaChallenge, ac_mfa_challenge, AC, MFA_CHALLENGE, GObject)

/* From the `data` of a 1635 answer (its mfaToken is not read) */
AcMfaChallenge *ac_mfa_challenge_new_from_json       (JsonObject      *object,
                                                      GError         **error);
/* (nullable) */
const char     *ac_mfa_challenge_get_username        (AcMfaChallenge  *self);
const char     *ac_mfa_challenge_get_nickname        (AcMfaChallenge  *self);
const char     *ac_mfa_challenge_get_email           (AcMfaChallenge  *self);
/* (nullable) the URL of the avatar */
const char     *ac_mfa_challenge_get_avatar          (AcMfaChallenge  *self);
/* The nickname, else the username, else the e-mail address (never NULL) */
const char     *ac_mfa_challenge_get_display_name    (AcMfaChallenge  *self);
gboolean        ac_mfa_challenge_get_totp_enabled    (AcMfaChallenge  *self);
/* When the second step ends at the latest: AC_MFA_CHALLENGE_LIFETIME_S after the answer */
GDateTime      *ac_mfa_challenge_get_expires_at      (AcMfaChallenge  *self);

G_END_DECLS
