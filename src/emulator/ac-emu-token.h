/* ac-emu-token.h: HS256 JWTs, their record and revocation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-store.h"

G_BEGIN_DECLS

/* Issues a token for user_id and records its jti. Call inside a write transaction. */
char        *ac_emu_token_issue              (AcEmuStore   *store,
                                              const char   *user_id,
                                              const char   *pool_id,
                                              const char   *issuer,
                                              gint64        ttl_seconds,
                                              gint64       *out_iat,
                                              gint64       *out_exp,
                                              GError      **error);
/* Checks signature, expiry, revocation and that the user still exists. */
gboolean     ac_emu_token_verify             (AcEmuStore   *store,
                                              const char   *token,
                                              char        **out_user_id,
                                              char        **out_jti,
                                              gint64       *out_iat,
                                              gint64       *out_exp);
gboolean     ac_emu_token_revoke             (AcEmuStore   *store,
                                              const char   *jti,
                                              GError      **error);
gboolean     ac_emu_token_revoke_user        (AcEmuStore   *store,
                                              const char   *user_id,
                                              GError      **error);
/* For tokens signed elsewhere (OIDC, ac-emu-oidc.c): records one under jti (call inside a
 * write transaction), and tells whether it is still good (unrevoked, unexpired, user exists) */
gboolean     ac_emu_token_record             (AcEmuStore   *store,
                                              const char   *jti,
                                              const char   *user_id,
                                              gint64        iat,
                                              gint64        exp,
                                              GError      **error);
gboolean     ac_emu_token_is_live            (AcEmuStore   *store,
                                              const char   *jti,
                                              const char   *user_id);

G_END_DECLS
