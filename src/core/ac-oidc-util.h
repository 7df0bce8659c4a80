/* ac-oidc-util.h: the pieces of browser sign-in that need no network (internal to src/core)
 *
 * PKCE (RFC 7636), base64url, random values, and the checks of what the provider sends: its
 * discovery document and its id_token (RS256 against the JWKS, OIDC Core §3.1.3.7).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The provider's configuration, checked (see ac_oidc_provider_new_from_json()) */
typedef struct
{
  char *issuer;
  char *authorization_endpoint;
  char *token_endpoint;
  char *jwks_uri;
  char *userinfo_endpoint;      /* may be NULL */
  char *end_session_endpoint;   /* may be NULL */
} AcOidcProvider;

char           *ac_oidc_base64url_encode       (const guint8   *data,
                                                gsize           len);
/* Strict: the base64url alphabet without padding; NULL otherwise */
GBytes         *ac_oidc_base64url_decode       (const char     *text);
/* base64url of n_bytes from the system's random generator (GnuTLS) */
char           *ac_oidc_random_string          (gsize           n_bytes);
/* The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)) */
char           *ac_oidc_s256                   (const char     *verifier);
/* A query string (application/x-www-form-urlencoded) as name → value; NULL when a parameter
 * comes twice (RFC 6749 §3.1), an escape is malformed or a value is not UTF-8 */
GHashTable     *ac_oidc_parse_query            (const char     *query);

/* A discovery document: issuer must be @issuer exactly (OIDC Discovery §4.3), the endpoints
 * absolute URLs on the same scheme, host and port as the issuer, `code` among the response
 * types and S256 among the PKCE methods when they are listed. */
AcOidcProvider *ac_oidc_provider_new_from_json (JsonObject     *config,
                                                const char     *issuer,
                                                GError        **error);
void            ac_oidc_provider_free          (AcOidcProvider *provider);

/* The claims of a compact JWS, without checking anything; NULL when it is not one */
JsonObject     *ac_oidc_jwt_claims             (const char     *jwt,
                                                JsonObject    **out_header);
/* Whether an RS256 key of @jwks ({"keys": [...]}) signed @jwt: the key named by `kid`, or the
 * only RSA key when there is no `kid`. Keys under 2048 bits are not trusted. */
gboolean        ac_oidc_jwt_verify             (const char     *jwt,
                                                JsonObject     *jwks,
                                                GError        **error);

/* The checks of an id_token (OIDC Core §3.1.3.7): the signature, iss, aud (and azp), exp
 * (with 60 s of leeway) and iat, nonce, at_hash when present, a non-empty sub.
 * Returns: (transfer full): the claims, or NULL with an error in AC_ERROR
 * (AC_ERROR_BROWSER_SIGN_IN) */
JsonObject     *ac_oidc_check_id_token         (const char     *id_token,
                                                JsonObject     *jwks,
                                                const char     *issuer,
                                                const char     *client_id,
                                                const char     *nonce,
                                                const char     *access_token,
                                                gint64          now_unix,
                                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcOidcProvider, ac_oidc_provider_free)

G_END_DECLS
