/* ac-security-level.h: the account's security score (authing-api.md §6.7, pool-format.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

typedef enum {
  AC_SECURITY_CHECK_PASSWORD,
  AC_SECURITY_CHECK_PASSWORD_STRENGTH,
  AC_SECURITY_CHECK_EMAIL,
  AC_SECURITY_CHECK_PHONE,
  AC_SECURITY_CHECK_MFA,
} AcSecurityCheckKind;

/**
 * AcSecurityCheck:
 * @kind: which check
 * @passed: whether the account already satisfies it
 * @points: the points it gives (or would give) in the score formula of pool-format.md;
 *   for the password strength, the points still missing to the strongest level
 * @title: translated, e.g. "Phone number"
 * @explanation: translated, what the person can do, e.g. "Bind a phone number: +10"
 */
typedef struct {
  AcSecurityCheckKind  kind;
  gboolean             passed;
  int                  points;
  char                *title;
  char                *explanation;
} AcSecurityCheck;

#define AC_TYPE_SECURITY_LEVEL (ac_security_level_get_type ())

G_DECLARE_FINAL_TYPE (AcSecurityLevel, ac_security_level, AC, SECURITY_LEVEL, GObject)

AcSecurityLevel *ac_security_level_new_from_json                (JsonObject       *object,
                                                                 GError          **error);
int              ac_security_level_get_score                    (AcSecurityLevel  *self);
gboolean         ac_security_level_get_email                    (AcSecurityLevel  *self);
gboolean         ac_security_level_get_phone                    (AcSecurityLevel  *self);
gboolean         ac_security_level_get_password                 (AcSecurityLevel  *self);
int              ac_security_level_get_password_security_level  (AcSecurityLevel  *self);
gboolean         ac_security_level_get_mfa                      (AcSecurityLevel  *self);
AcSecurityBand   ac_security_level_get_band                     (AcSecurityLevel  *self);
const char      *ac_security_band_get_label                     (AcSecurityBand    band);
const char      *ac_security_level_get_password_strength_label  (AcSecurityLevel  *self);
GArray          *ac_security_level_get_checks                   (AcSecurityLevel  *self);

G_END_DECLS
