/* ac-emu-oidc-store.h: the OIDC refresh tokens in the emulator's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *sid;
  char   *user_id;
  char   *client_id;
  char   *scope;
  gint64  auth_time;
  gint64  issued_at;
  gint64  expires_at;
} AcEmuOidcRefresh;

void         ac_emu_oidc_refresh_free            (AcEmuOidcRefresh   *refresh);

/* Makes the table when it is missing */
gboolean     ac_emu_oidc_store_init              (AcEmuStore         *store,
                                                  GError            **error);
/* hash: ac_emu_oidc_s256() of the refresh token. Inside a write transaction. */
gboolean     ac_emu_oidc_store_add_refresh       (AcEmuStore         *store,
                                                  const char         *hash,
                                                  const AcEmuOidcRefresh *refresh,
                                                  GError            **error);
/* *out is NULL when the token is unknown, revoked, expired or its user deleted */
gboolean     ac_emu_oidc_store_find_refresh      (AcEmuStore         *store,
                                                  const char         *hash,
                                                  gint64              now,
                                                  AcEmuOidcRefresh  **out,
                                                  GError            **error);
gboolean     ac_emu_oidc_store_revoke_refresh_of (AcEmuStore         *store,
                                                  const char         *sid,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuOidcRefresh, ac_emu_oidc_refresh_free)

G_END_DECLS
