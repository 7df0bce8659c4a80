/* ac-emu-devices.h: what sign-in paths call so that devices and history follow them
 * (ac-emu-routes-devices.c; authing-api-security.md §6)
 *
 * Every handler that checks a sign-in (password, code, the MFA step) calls one of these:
 *
 *   - a refused attempt on an account that exists:
 *       _ac_emu_devices_login_failed (req, user_id, "password", 2333);
 *   - a token issued for a sign-in, inside the handler's write transaction, after
 *     ac_emu_token_issue():
 *       if (!_ac_emu_devices_login_succeeded (req, user_id, "password", token, &error)) …
 *
 * and users/refresh-token calls _ac_emu_devices_token_refreshed() for the token it issues, so
 * that a refreshed token stays on the device (and is revoked with it). `method` is what the
 * history shows as loginMethod: "password", "code" (phone or e-mail code) or "mfa".
 *
 * Browser sign-in (OIDC) records the sign-in on the hosted page with
 * _ac_emu_devices_login_recorded() and ties each token set the token endpoint issues to the
 * device of that request with _ac_emu_devices_session_issued().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-server-private.h"

G_BEGIN_DECLS

/* Records a refused sign-in (its own transaction unless one is open). Never fails the request:
 * a storage error is logged. */
void         _ac_emu_devices_login_failed    (AcEmuRequest       *req,
                                              const char         *user_id,
                                              const char         *method,
                                              int                 code);
/* Records a sign-in that issued `token`: the device (x-authing-device-id, else one made from
 * the user agent), the token's device and application, and the history entry. */
gboolean     _ac_emu_devices_login_succeeded (AcEmuRequest       *req,
                                              const char         *user_id,
                                              const char         *method,
                                              const char         *token,
                                              GError            **error);
/* A sign-in that gives no token yet (the browser page of OIDC): the history entry only */
gboolean     _ac_emu_devices_login_recorded  (AcEmuRequest       *req,
                                              const char         *user_id,
                                              const char         *method,
                                              GError            **error);
/* A token recorded under `jti` for `app_id` (OIDC's token endpoint): put on the device of the
 * request, no history entry */
gboolean     _ac_emu_devices_session_issued  (AcEmuRequest       *req,
                                              const char         *user_id,
                                              const char         *jti,
                                              const char         *app_id,
                                              GError            **error);
/* Puts `new_token` on the device and application of the request's own token (req->jti) */
gboolean     _ac_emu_devices_token_refreshed (AcEmuRequest       *req,
                                              const char         *new_token,
                                              GError            **error);

G_END_DECLS
