/* ac-oidc-sign-in.h: signing in with the system browser (OIDC authorization code with PKCE)
 *
 * For accounts that sign in on the identity provider's own page (single sign-on, a social
 * account, a passkey) rather than with a password. The flow is RFC 8252's for native apps
 * (docs/protocol-security.md §9):
 *
 *   1. the provider's discovery document and keys are fetched from <host>/oidc;
 *   2. a listener opens on 127.0.0.1 on a free port (the redirect URI), and a PKCE S256
 *      verifier, a state and a nonce are made;
 *   3. ::open-uri is emitted with the authorization URI: the handler opens it in the default
 *      browser (gtk_show_uri() or the OpenURI portal);
 *   4. the browser comes back to the listener once (state checked, listener closed at once);
 *   5. the code is exchanged with the verifier, the id_token checked (RS256 with the provider's
 *      keys, issuer, audience, expiry, nonce);
 *   6. the AcClient is signed in with it exactly as after a password sign-in: token and expiry
 *      set, the user read from users/me, refreshed ahead of expiry like any token.
 *
 * The browser tab then says "You can return to Account Center" (or why not). A wrong or
 * replayed state, an error from the provider, a refused code or verifier, a second request to
 * the listener, the browser not coming back within AcOidcSignIn:timeout, or cancelling: each
 * ends with an error, no session, and the listener closed.
 *
 * No GTK here. Main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-client.h"

G_BEGIN_DECLS

/* How long to wait for the browser by default, in seconds */
#define AC_OIDC_SIGN_IN_DEFAULT_TIMEOUT 300

#define AC_TYPE_OIDC_SIGN_IN (ac_oidc_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (AcOidcSignIn, ac_oidc_sign_in, AC, OIDC_SIGN_IN, GObject)

AcOidcSignIn *ac_oidc_sign_in_new            (AcClient             *client);

AcClient     *ac_oidc_sign_in_get_client     (AcOidcSignIn         *self);
guint         ac_oidc_sign_in_get_timeout    (AcOidcSignIn         *self);
void          ac_oidc_sign_in_set_timeout    (AcOidcSignIn         *self,
                                              guint                 seconds);
/* The authorization URI while waiting for the browser (to show as a link the person can copy
 * when no browser opened), else NULL */
const char   *ac_oidc_sign_in_get_uri        (AcOidcSignIn         *self);

/* One sign-in at a time per object; the object can run again once it finished. */
void          ac_oidc_sign_in_run_async      (AcOidcSignIn         *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* Returns: (transfer full): the signed-in user, as ac_client_sign_in_finish() */
AcUserInfo   *ac_oidc_sign_in_run_finish     (AcOidcSignIn         *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
