/* ac-mfa-authenticator.h: a second-factor authenticator of the user (protocol-security.md §5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_TYPE_MFA_AUTHENTICATOR (ac_mfa_authenticator_get_type ())

G_DECLARE_FINAL_TYPE (AcMfaAuthenticator, ac_mfa_authenticator, AC, MFA_AUTHENTICATOR, GObject)

AcMfaAuthenticator *ac_mfa_authenticator_new_from_json        (JsonObject          *object,
                                                               GError             **error);
const char         *ac_mfa_authenticator_get_id               (AcMfaAuthenticator  *self);
/* "totp" (the only kind the service lists today) */
const char         *ac_mfa_authenticator_get_authenticator_type (AcMfaAuthenticator *self);
gboolean            ac_mfa_authenticator_get_enabled          (AcMfaAuthenticator  *self);
/* (nullable) */
GDateTime          *ac_mfa_authenticator_get_created_at       (AcMfaAuthenticator  *self);
GDateTime          *ac_mfa_authenticator_get_updated_at       (AcMfaAuthenticator  *self);

G_END_DECLS
