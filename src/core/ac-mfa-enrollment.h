/* ac-mfa-enrollment.h: a TOTP enrolment under way (protocol-security.md §5.1)
 *
 * What `mfa/totp/associate` hands out: the secret (to type into an authenticator app), its
 * otpauth:// URI (to show as a QR code), the service's QR code as a PNG when it sent one, and
 * the recovery code (to write down). All of these are secrets: never log them or keep them in
 * GSettings or a file. The object wipes them when it is finalized.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_TYPE_MFA_ENROLLMENT (ac_mfa_enrollment_get_type ())

G_DECLARE_FINAL_TYPE (AcMfaEnrollment, ac_mfa_enrollment, AC, MFA_ENROLLMENT, GObject)

AcMfaEnrollment *ac_mfa_enrollment_new_from_json       (JsonObject       *object,
                                                        GError          **error);
/* The base32 secret, upper case, without spaces */
const char      *ac_mfa_enrollment_get_secret          (AcMfaEnrollment  *self);
/* The secret in groups of four, for reading aloud or typing ("JBSW Y3DP …"); (transfer full) */
char            *ac_mfa_enrollment_format_secret       (AcMfaEnrollment  *self);
/* otpauth://totp/…; made from the secret when the service sent none */
const char      *ac_mfa_enrollment_get_uri             (AcMfaEnrollment  *self);
/* (nullable) the recovery code */
const char      *ac_mfa_enrollment_get_recovery_code   (AcMfaEnrollment  *self);
/* (nullable) (transfer none) the PNG of `qrcode_data_url`, when it was a PNG data URL */
GBytes          *ac_mfa_enrollment_get_qr_code_png     (AcMfaEnrollment  *self);

G_END_DECLS
