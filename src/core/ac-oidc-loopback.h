/* ac-oidc-loopback.h: the one-request listener on 127.0.0.1 that receives the browser's
 * redirect (RFC 8252 §7.3), internal to src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AC_TYPE_OIDC_LOOPBACK (ac_oidc_loopback_get_type ())

G_DECLARE_FINAL_TYPE (AcOidcLoopback, ac_oidc_loopback, AC, OIDC_LOOPBACK, GObject)

/* Listens on 127.0.0.1, on a port the system picks. @path is the redirect URI's path. */
AcOidcLoopback *ac_oidc_loopback_new               (const char      *path,
                                                    GError         **error);
guint16         ac_oidc_loopback_get_port          (AcOidcLoopback  *self);
/* http://127.0.0.1:<port><path> */
const char     *ac_oidc_loopback_get_redirect_uri  (AcOidcLoopback  *self);
gboolean        ac_oidc_loopback_is_listening      (AcOidcLoopback  *self);

/* Waits for the first complete request, then stops listening at once: no second request can
 * reach the port. A GET of @path gives its query as name → value (the browser's connection is
 * kept open for ac_oidc_loopback_answer()). Anything else, a request that names a parameter
 * twice, or @timeout_s seconds without a request fail with AC_ERROR_BROWSER_SIGN_IN or
 * AC_ERROR_TIMEOUT, the browser (if any) answered with a page saying so; cancelling fails with
 * G_IO_ERROR_CANCELLED. Either way the listener is closed when the callback runs. Once only. */
void            ac_oidc_loopback_wait_async        (AcOidcLoopback  *self,
                                                    guint            timeout_s,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
GHashTable     *ac_oidc_loopback_wait_finish       (AcOidcLoopback  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Answers the browser's request with the short page: "you can return to Account Center", or
 * the reason of @error; then closes the connection. Without a connection held, nothing. Done
 * with a generic failure on dispose if never called. */
void            ac_oidc_loopback_answer            (AcOidcLoopback  *self,
                                                    const GError    *error);

G_END_DECLS
