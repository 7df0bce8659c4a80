/* ac-user-info.h: the signed-in user (authing-api.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ac-types.h"

G_BEGIN_DECLS

/**
 * AcProfileGroup:
 *
 * The groups in which the profile page shows the editable fields.
 */
typedef enum {
  AC_PROFILE_GROUP_NAMES,
  AC_PROFILE_GROUP_PERSONAL,
  AC_PROFILE_GROUP_WORK,
  AC_PROFILE_GROUP_ADDRESS,
  AC_PROFILE_GROUP_OTHER,
} AcProfileGroup;

/**
 * AcProfileKind:
 * @AC_PROFILE_KIND_TEXT: free text
 * @AC_PROFILE_KIND_GENDER: `M`, `F` or `U`
 * @AC_PROFILE_KIND_DATE: a date, `YYYY-MM-DD`
 * @AC_PROFILE_KIND_URL: a web address
 * @AC_PROFILE_KIND_IMAGE: an image URL (the avatar: changed by uploading, not typed)
 * @AC_PROFILE_KIND_TIMEZONE: an IANA time zone such as `Europe/Paris`
 * @AC_PROFILE_KIND_LOCALE: a locale such as `en-US`
 */
typedef enum {
  AC_PROFILE_KIND_TEXT,
  AC_PROFILE_KIND_GENDER,
  AC_PROFILE_KIND_DATE,
  AC_PROFILE_KIND_URL,
  AC_PROFILE_KIND_IMAGE,
  AC_PROFILE_KIND_TIMEZONE,
  AC_PROFILE_KIND_LOCALE,
} AcProfileKind;

/**
 * AcProfileField:
 * @key: the wire key of `updateProfile` (camelCase)
 * @label: the untranslated label (marked with N_()); use ac_profile_field_get_label()
 * @group: where the profile page shows it
 * @kind: which editor it needs
 *
 * One of the fields `POST /api/v2/users/profile/update` accepts (authing-api.md §6.5).
 */
typedef struct {
  const char     *key;
  const char     *label;
  AcProfileGroup  group;
  AcProfileKind   kind;
} AcProfileField;

const AcProfileField *ac_profile_fields            (guint                 *n_fields);
const AcProfileField *ac_profile_field_lookup      (const char            *key);
const char           *ac_profile_field_get_label   (const AcProfileField  *field);
const char           *ac_profile_group_get_title   (AcProfileGroup         group);
gboolean              ac_profile_field_validate    (const AcProfileField  *field,
                                                    const char            *value,
                                                    GError               **error);

#define AC_TYPE_USER_INFO (ac_user_info_get_type ())

G_DECLARE_FINAL_TYPE (AcUserInfo, ac_user_info, AC, USER_INFO, GObject)

AcUserInfo   *ac_user_info_new_from_json            (JsonObject  *object,
                                                     GError     **error);
AcUserInfo   *ac_user_info_merge                    (AcUserInfo  *self,
                                                     JsonObject  *update,
                                                     GError     **error);
JsonObject   *ac_user_info_to_json                  (AcUserInfo  *self);

const char   *ac_user_info_get_field                (AcUserInfo  *self,
                                                     const char  *key);
const char   *ac_user_info_get_display_name         (AcUserInfo  *self);

const char   *ac_user_info_get_id                   (AcUserInfo  *self);
const char   *ac_user_info_get_arn                  (AcUserInfo  *self);
const char   *ac_user_info_get_user_pool_id         (AcUserInfo  *self);
const char   *ac_user_info_get_status               (AcUserInfo  *self);
const char   *ac_user_info_get_username             (AcUserInfo  *self);
const char   *ac_user_info_get_email                (AcUserInfo  *self);
gboolean      ac_user_info_get_email_verified       (AcUserInfo  *self);
const char   *ac_user_info_get_phone                (AcUserInfo  *self);
gboolean      ac_user_info_get_phone_verified       (AcUserInfo  *self);
const char   *ac_user_info_get_unionid              (AcUserInfo  *self);
const char   *ac_user_info_get_openid               (AcUserInfo  *self);
const char   *ac_user_info_get_nickname             (AcUserInfo  *self);
const char * const *ac_user_info_get_register_source (AcUserInfo *self);
const char   *ac_user_info_get_photo                (AcUserInfo  *self);
const char   *ac_user_info_get_oauth                (AcUserInfo  *self);
const char   *ac_user_info_get_token                (AcUserInfo  *self);
GDateTime    *ac_user_info_get_token_expired_at     (AcUserInfo  *self);
gint64        ac_user_info_get_logins_count         (AcUserInfo  *self);
const char   *ac_user_info_get_last_login           (AcUserInfo  *self);
const char   *ac_user_info_get_last_ip              (AcUserInfo  *self);
const char   *ac_user_info_get_signed_up            (AcUserInfo  *self);
gboolean      ac_user_info_get_blocked              (AcUserInfo  *self);
gboolean      ac_user_info_get_is_deleted           (AcUserInfo  *self);
const char   *ac_user_info_get_device               (AcUserInfo  *self);
const char   *ac_user_info_get_browser              (AcUserInfo  *self);
const char   *ac_user_info_get_company              (AcUserInfo  *self);
const char   *ac_user_info_get_name                 (AcUserInfo  *self);
const char   *ac_user_info_get_given_name           (AcUserInfo  *self);
const char   *ac_user_info_get_family_name          (AcUserInfo  *self);
const char   *ac_user_info_get_middle_name          (AcUserInfo  *self);
const char   *ac_user_info_get_profile              (AcUserInfo  *self);
const char   *ac_user_info_get_preferred_username   (AcUserInfo  *self);
const char   *ac_user_info_get_website              (AcUserInfo  *self);
const char   *ac_user_info_get_gender               (AcUserInfo  *self);
const char   *ac_user_info_get_birthdate            (AcUserInfo  *self);
const char   *ac_user_info_get_zoneinfo             (AcUserInfo  *self);
const char   *ac_user_info_get_locale               (AcUserInfo  *self);
const char   *ac_user_info_get_address              (AcUserInfo  *self);
const char   *ac_user_info_get_formatted            (AcUserInfo  *self);
const char   *ac_user_info_get_street_address       (AcUserInfo  *self);
const char   *ac_user_info_get_locality             (AcUserInfo  *self);
const char   *ac_user_info_get_region               (AcUserInfo  *self);
const char   *ac_user_info_get_postal_code          (AcUserInfo  *self);
const char   *ac_user_info_get_city                 (AcUserInfo  *self);
const char   *ac_user_info_get_province             (AcUserInfo  *self);
const char   *ac_user_info_get_country              (AcUserInfo  *self);
const char   *ac_user_info_get_created_at           (AcUserInfo  *self);
const char   *ac_user_info_get_updated_at           (AcUserInfo  *self);
const char   *ac_user_info_get_external_id          (AcUserInfo  *self);
const char   *ac_user_info_get_phone_country_code   (AcUserInfo  *self);

G_END_DECLS
