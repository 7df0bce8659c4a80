/* ac-client-oidc.h: what browser sign-in (AcOidcSignIn) asks of AcClient's internals
 *
 * Not installed, and for ac-oidc-sign-in.c only: the OIDC endpoints answer plain JSON (no
 * envelope) and OAuth errors, which the transport of ac-client-transport.c does not read, so
 * these requests go through the client's SoupSession (its TLS database, timeout and user agent)
 * here, with the same size cap and the same errors for network, TLS and timeouts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-client.h"

G_BEGIN_DECLS

/* scheme://host[:port][/path] of the client, NULL when the host is malformed */
const char  *_ac_client_oidc_base_url        (AcClient             *self);

/* GET @url (@form NULL) or POST @form as application/x-www-form-urlencoded to @url, which must
 * be on the client's scheme, host and port. A 2xx JSON object is the result. An OAuth error
 * answer ({"error", "error_description"}) is AC_ERROR_BROWSER_SIGN_IN with the server's
 * description; other failures are AC_ERROR_HTTP, AC_ERROR_SERVER, AC_ERROR_INVALID_RESPONSE,
 * AC_ERROR_TOO_LARGE, AC_ERROR_NETWORK, AC_ERROR_TLS or AC_ERROR_TIMEOUT as for every request of
 * the client. */
void         _ac_client_oidc_request_async   (AcClient             *self,
                                              const char           *url,
                                              GHashTable           *form,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject  *_ac_client_oidc_request_finish  (AcClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
