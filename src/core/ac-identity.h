/* ac-identity.h: an account of an external identity provider linked to the user
 * (protocol-security.md §7, `get-identities`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_TYPE_IDENTITY (ac_identity_get_type ())

G_DECLARE_FINAL_TYPE (AcIdentity, ac_identity, AC, IDENTITY, GObject)

AcIdentity   *ac_identity_new_from_json       (JsonObject   *object,
                                               GError      **error);
const char   *ac_identity_get_identity_id     (AcIdentity   *self);
const char   *ac_identity_get_ext_idp_id      (AcIdentity   *self);
const char   *ac_identity_get_provider        (AcIdentity   *self);
const char   *ac_identity_get_identity_type   (AcIdentity   *self);
const char   *ac_identity_get_user_id_in_idp  (AcIdentity   *self);
const char   *ac_identity_get_display_name    (AcIdentity   *self);
const char   *ac_identity_get_avatar_url      (AcIdentity   *self);

G_END_DECLS
