/* ac-login-record.h: one sign-in attempt of the user's history (protocol-security.md §6,
 * `get-my-login-history`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AcLoginResultFilter:
 * @AC_LOGIN_RESULT_ANY: every attempt
 * @AC_LOGIN_RESULT_SUCCEEDED: successful sign-ins only
 * @AC_LOGIN_RESULT_FAILED: refused attempts only
 *
 * Which attempts a page of history holds (`success` of `get-my-login-history`).
 */
typedef enum {
  AC_LOGIN_RESULT_ANY,
  AC_LOGIN_RESULT_SUCCEEDED,
  AC_LOGIN_RESULT_FAILED,
} AcLoginResultFilter;

#define AC_TYPE_LOGIN_RESULT_FILTER (ac_login_result_filter_get_type ())
GType ac_login_result_filter_get_type (void) G_GNUC_CONST;

#define AC_TYPE_LOGIN_RECORD (ac_login_record_get_type ())

G_DECLARE_FINAL_TYPE (AcLoginRecord, ac_login_record, AC, LOGIN_RECORD, GObject)

AcLoginRecord *ac_login_record_new_from_json     (JsonObject     *object,
                                                  GError        **error);
GDateTime     *ac_login_record_get_login_at      (AcLoginRecord  *self);
gboolean       ac_login_record_get_success       (AcLoginRecord  *self);
const char    *ac_login_record_get_error_message (AcLoginRecord  *self);
const char    *ac_login_record_get_app_id        (AcLoginRecord  *self);
const char    *ac_login_record_get_app_name      (AcLoginRecord  *self);
const char    *ac_login_record_get_client_ip     (AcLoginRecord  *self);
const char    *ac_login_record_get_user_agent    (AcLoginRecord  *self);
const char    *ac_login_record_get_device        (AcLoginRecord  *self);
const char    *ac_login_record_get_browser       (AcLoginRecord  *self);
const char    *ac_login_record_get_os            (AcLoginRecord  *self);
const char    *ac_login_record_get_login_method  (AcLoginRecord  *self);

G_END_DECLS
