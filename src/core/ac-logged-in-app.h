/* ac-logged-in-app.h: an application the user is signed in to (protocol-security.md §6,
 * `get-my-logged-in-apps`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AC_TYPE_LOGGED_IN_APP (ac_logged_in_app_get_type ())

G_DECLARE_FINAL_TYPE (AcLoggedInApp, ac_logged_in_app, AC, LOGGED_IN_APP, GObject)

AcLoggedInApp *ac_logged_in_app_new_from_json   (JsonObject     *object,
                                                 GError        **error);
const char    *ac_logged_in_app_get_app_id      (AcLoggedInApp  *self);
const char    *ac_logged_in_app_get_app_name    (AcLoggedInApp  *self);
const char    *ac_logged_in_app_get_app_logo    (AcLoggedInApp  *self);
const char    *ac_logged_in_app_get_login_url   (AcLoggedInApp  *self);
gboolean       ac_logged_in_app_get_active      (AcLoggedInApp  *self);

G_END_DECLS
