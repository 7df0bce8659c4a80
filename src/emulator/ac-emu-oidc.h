/* ac-emu-oidc.h: the OpenID provider's state (signing key, pending sign-ins, codes)
 *
 * The routes are in ac-emu-routes-oidc.c (the token endpoint and userinfo in ac-emu-oidc-token.c),
 * the hosted pages in ac-emu-oidc-page.c and the SQL of refresh tokens in ac-emu-oidc-store.c. Everything here lives in memory except the signing key
 * (`oidc-signing-key.pem` in the data folder, RSA 2048, made on first use): a restart forgets
 * the pending sign-ins and the unused codes, not the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ac-emu-messages.h"

G_BEGIN_DECLS

/* How long an authorization code can be exchanged */
#define AC_EMU_OIDC_CODE_TTL_S          60
/* How long the hosted sign-in page stays usable */
#define AC_EMU_OIDC_INTERACTION_TTL_S   600
/* How long a refresh token lives */
#define AC_EMU_OIDC_REFRESH_TTL_S       (30 * 24 * 3600)
/* The scopes the provider knows (others are dropped from a request) */
#define AC_EMU_OIDC_SCOPES              "openid profile email phone offline_access"

typedef struct _AcEmuOidc AcEmuOidc;

/* One authorization request, from /oidc/auth to the token exchange */
typedef struct
{
  char       *client_id;
  char       *redirect_uri;
  char       *state;          /* may be NULL */
  char       *nonce;          /* may be NULL */
  char       *scope;          /* the known scopes asked for, space-separated */
  char       *challenge;      /* PKCE S256 code_challenge */
  AcEmuLang   lang;           /* of the hosted page */
  /* Set once the password was right */
  char       *user_id;
  gint64      auth_time;      /* unix seconds */
  gboolean    second_step;    /* the password was right; the TOTP code is asked for */
  guint       failures;       /* wrong TOTP codes so far */
} AcEmuOidcGrant;

AcEmuOidc      *ac_emu_oidc_new                   (const char       *data_dir);
void            ac_emu_oidc_free                  (AcEmuOidc        *self);

/* The signing key: loaded, or made when create is set and there is none yet */
gboolean        ac_emu_oidc_ensure_key            (AcEmuOidc        *self,
                                                   gboolean          create,
                                                   GError          **error);
/* {"keys": [{kty, use, alg, kid, n, e}]} (the key must be loaded) */
JsonNode       *ac_emu_oidc_jwks                  (AcEmuOidc        *self);
/* A compact RS256 JWS of the claims, with our kid */
char           *ac_emu_oidc_sign                  (AcEmuOidc        *self,
                                                   JsonObject       *claims,
                                                   const char       *typ,
                                                   GError          **error);
/* The claims of a JWS we signed (RS256, our kid, good signature), else NULL. Expiry is the
 * caller's business. The key is loaded if it exists, never made. */
JsonObject     *ac_emu_oidc_verify                (AcEmuOidc        *self,
                                                   const char       *jws);

/* base64url(SHA-256(text)) without padding (PKCE S256); left_half for at_hash */
char           *ac_emu_oidc_s256                  (const char       *text,
                                                   gboolean          left_half);

AcEmuOidcGrant *ac_emu_oidc_grant_copy            (const AcEmuOidcGrant *grant);
void            ac_emu_oidc_grant_free            (AcEmuOidcGrant   *grant);

/* Pending sign-ins (the hosted page's hidden `interaction`). The table owns the grant. */
const char     *ac_emu_oidc_interaction_add       (AcEmuOidc        *self,
                                                   AcEmuOidcGrant   *grant);
AcEmuOidcGrant *ac_emu_oidc_interaction_lookup    (AcEmuOidc        *self,
                                                   const char       *id);
void            ac_emu_oidc_interaction_remove    (AcEmuOidc        *self,
                                                   const char       *id);

/* Authorization codes: single use, AC_EMU_OIDC_CODE_TTL_S seconds. */
char           *ac_emu_oidc_code_add              (AcEmuOidc        *self,
                                                   const AcEmuOidcGrant *grant);
typedef enum {
  AC_EMU_OIDC_CODE_OK,
  AC_EMU_OIDC_CODE_UNKNOWN,
  AC_EMU_OIDC_CODE_EXPIRED,
  AC_EMU_OIDC_CODE_USED,
} AcEmuOidcCodeStatus;
/* Takes the code: whatever the outcome of the exchange, it cannot be used again. On
 * AC_EMU_OIDC_CODE_OK *out_grant is a copy; on AC_EMU_OIDC_CODE_USED *out_sids are the
 * sessions issued with it (to revoke, RFC 6749 §4.1.2). */
AcEmuOidcCodeStatus ac_emu_oidc_code_take         (AcEmuOidc        *self,
                                                   const char       *code,
                                                   AcEmuOidcGrant  **out_grant,
                                                   GStrv            *out_sids);
/* Remembers that the session sid was issued with code (for a later replay) */
void            ac_emu_oidc_code_add_sid          (AcEmuOidc        *self,
                                                   const char       *code,
                                                   const char       *sid);

/* RFC 8252 §7.3: http://127.0.0.1:<port>/… or http://[::1]:<port>/… with an explicit port,
 * no user info, no fragment. localhost is refused (§8.3). */
gboolean        ac_emu_oidc_redirect_uri_ok       (const char       *uri);
/* RFC 7636 §4.1: 43 to 128 characters of A-Z a-z 0-9 - . _ ~ */
gboolean        ac_emu_oidc_verifier_ok           (const char       *verifier);

/* An application/x-www-form-urlencoded text (a query or a body) as name → value. NULL when a
 * name comes twice (RFC 6749 §3.1), or a name or value is not UTF-8. */
GHashTable     *ac_emu_oidc_parse_form            (const char       *text,
                                                   gsize             len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuOidcGrant, ac_emu_oidc_grant_free)

G_END_DECLS
