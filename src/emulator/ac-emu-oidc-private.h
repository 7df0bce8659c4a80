/* ac-emu-oidc-private.h: what the OpenID provider's route files share
 *
 * ac-emu-routes-oidc.c (discovery, the authorization endpoint and its hosted page, end-session,
 * the REST token check, the routes) and ac-emu-oidc-token.c (the token endpoint, userinfo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-server-private.h"

G_BEGIN_DECLS

gint64       _ac_emu_oidc_now_unix              (void);
/* <the address the request came to>/oidc */
char        *_ac_emu_oidc_issuer_of             (AcEmuRequest *req);
const char  *_ac_emu_oidc_request_header        (AcEmuRequest *req,
                                                 const char   *name);
void         _ac_emu_oidc_set_header            (AcEmuRequest *req,
                                                 const char   *name,
                                                 const char   *value);
gboolean     _ac_emu_oidc_has_form_content_type (AcEmuRequest *req);
/* The body as a form; NULL when it is not application/x-www-form-urlencoded or repeats a name */
GHashTable  *_ac_emu_oidc_body_form             (AcEmuRequest *req);
/* A parameter; NULL when absent or empty */
const char  *_ac_emu_oidc_form_get              (GHashTable   *form,
                                                 const char   *name);
/* A JSON answer with Cache-Control: no-store (takes object) */
void         _ac_emu_oidc_reply_no_store        (AcEmuRequest *req,
                                                 guint         status,
                                                 JsonObject   *object);
/* RFC 6749 §5.2: {error, error_description} */
void         _ac_emu_oidc_reply_oauth_error     (AcEmuRequest *req,
                                                 guint         status,
                                                 const char   *error,
                                                 const char   *description);
/* client_id is the application id (not its identifier) */
gboolean     _ac_emu_oidc_client_known          (AcEmuRequest *req,
                                                 const char   *client_id);
/* Whether the space-separated scope holds name */
gboolean     _ac_emu_oidc_scope_has             (const char   *scope,
                                                 const char   *name);

/* ac-emu-oidc-token.c */
void         _ac_emu_oidc_handle_token          (AcEmuRequest *req);
void         _ac_emu_oidc_handle_userinfo       (AcEmuRequest *req);

G_END_DECLS
