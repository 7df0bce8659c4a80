/* ac-user-info.c: the signed-in user (authing-api.md §4)
 *
 * The fields are described once, in the `fields` table; parsing, properties and get_field()
 * are driven by it. The wire object is kept (minus any `password`) so that a partial update,
 * such as the user of `users/refresh-token`, can be merged into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-user-info"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-user-info.h"

typedef enum {
  KIND_STRING,
  KIND_ID,
  KIND_BOOLEAN,
  KIND_INT,
  KIND_STRV,
  KIND_DATETIME,
} FieldKind;

typedef enum {
  FIELD_ID,
  FIELD_ARN,
  FIELD_USER_POOL_ID,
  FIELD_STATUS,
  FIELD_USERNAME,
  FIELD_EMAIL,
  FIELD_EMAIL_VERIFIED,
  FIELD_PHONE,
  FIELD_PHONE_VERIFIED,
  FIELD_UNIONID,
  FIELD_OPENID,
  FIELD_NICKNAME,
  FIELD_REGISTER_SOURCE,
  FIELD_PHOTO,
  FIELD_OAUTH,
  FIELD_TOKEN,
  FIELD_TOKEN_EXPIRED_AT,
  FIELD_LOGINS_COUNT,
  FIELD_LAST_LOGIN,
  FIELD_LAST_IP,
  FIELD_SIGNED_UP,
  FIELD_BLOCKED,
  FIELD_IS_DELETED,
  FIELD_DEVICE,
  FIELD_BROWSER,
  FIELD_COMPANY,
  FIELD_NAME,
  FIELD_GIVEN_NAME,
  FIELD_FAMILY_NAME,
  FIELD_MIDDLE_NAME,
  FIELD_PROFILE,
  FIELD_PREFERRED_USERNAME,
  FIELD_WEBSITE,
  FIELD_GENDER,
  FIELD_BIRTHDATE,
  FIELD_ZONEINFO,
  FIELD_LOCALE,
  FIELD_ADDRESS,
  FIELD_FORMATTED,
  FIELD_STREET_ADDRESS,
  FIELD_LOCALITY,
  FIELD_REGION,
  FIELD_POSTAL_CODE,
  FIELD_CITY,
  FIELD_PROVINCE,
  FIELD_COUNTRY,
  FIELD_CREATED_AT,
  FIELD_UPDATED_AT,
  FIELD_EXTERNAL_ID,
  FIELD_PHONE_COUNTRY_CODE,
  N_FIELDS
} Field;

typedef struct {
  const char *key;        /* wire key */
  const char *property;   /* GObject property name */
  FieldKind   kind;
} FieldSpec;

static const FieldSpec fields[N_FIELDS] = {
  [FIELD_ID]                 = { "id", "id", KIND_ID },
  [FIELD_ARN]                = { "arn", "arn", KIND_STRING },
  [FIELD_USER_POOL_ID]       = { "userPoolId", "user-pool-id", KIND_STRING },
  [FIELD_STATUS]             = { "status", "status", KIND_STRING },
  [FIELD_USERNAME]           = { "username", "username", KIND_STRING },
  [FIELD_EMAIL]              = { "email", "email", KIND_STRING },
  [FIELD_EMAIL_VERIFIED]     = { "emailVerified", "email-verified", KIND_BOOLEAN },
  [FIELD_PHONE]              = { "phone", "phone", KIND_STRING },
  [FIELD_PHONE_VERIFIED]     = { "phoneVerified", "phone-verified", KIND_BOOLEAN },
  [FIELD_UNIONID]            = { "unionid", "unionid", KIND_STRING },
  [FIELD_OPENID]             = { "openid", "openid", KIND_STRING },
  [FIELD_NICKNAME]           = { "nickname", "nickname", KIND_STRING },
  [FIELD_REGISTER_SOURCE]    = { "registerSource", "register-source", KIND_STRV },
  [FIELD_PHOTO]              = { "photo", "photo", KIND_STRING },
  [FIELD_OAUTH]              = { "oauth", "oauth", KIND_STRING },
  [FIELD_TOKEN]              = { "token", "token", KIND_STRING },
  [FIELD_TOKEN_EXPIRED_AT]   = { "tokenExpiredAt", "token-expired-at", KIND_DATETIME },
  [FIELD_LOGINS_COUNT]       = { "loginsCount", "logins-count", KIND_INT },
  [FIELD_LAST_LOGIN]         = { "lastLogin", "last-login", KIND_STRING },
  [FIELD_LAST_IP]            = { "lastIP", "last-ip", KIND_STRING },
  [FIELD_SIGNED_UP]          = { "signedUp", "signed-up", KIND_STRING },
  [FIELD_BLOCKED]            = { "blocked", "blocked", KIND_BOOLEAN },
  [FIELD_IS_DELETED]         = { "isDeleted", "is-deleted", KIND_BOOLEAN },
  [FIELD_DEVICE]             = { "device", "device", KIND_STRING },
  [FIELD_BROWSER]            = { "browser", "browser", KIND_STRING },
  [FIELD_COMPANY]            = { "company", "company", KIND_STRING },
  [FIELD_NAME]               = { "name", "name", KIND_STRING },
  [FIELD_GIVEN_NAME]         = { "givenName", "given-name", KIND_STRING },
  [FIELD_FAMILY_NAME]        = { "familyName", "family-name", KIND_STRING },
  [FIELD_MIDDLE_NAME]        = { "middleName", "middle-name", KIND_STRING },
  [FIELD_PROFILE]            = { "profile", "profile", KIND_STRING },
  [FIELD_PREFERRED_USERNAME] = { "preferredUsername", "preferred-username", KIND_STRING },
  [FIELD_WEBSITE]            = { "website", "website", KIND_STRING },
  [FIELD_GENDER]             = { "gender", "gender", KIND_STRING },
  [FIELD_BIRTHDATE]          = { "birthdate", "birthdate", KIND_STRING },
  [FIELD_ZONEINFO]           = { "zoneinfo", "zoneinfo", KIND_STRING },
  [FIELD_LOCALE]             = { "locale", "locale", KIND_STRING },
  [FIELD_ADDRESS]            = { "address", "address", KIND_STRING },
  [FIELD_FORMATTED]          = { "formatted", "formatted", KIND_STRING },
  [FIELD_STREET_ADDRESS]     = { "streetAddress", "street-address", KIND_STRING },
  [FIELD_LOCALITY]           = { "locality", "locality", KIND_STRING },
  [FIELD_REGION]             = { "region", "region", KIND_STRING },
  [FIELD_POSTAL_CODE]        = { "postalCode", "postal-code", KIND_STRING },
  [FIELD_CITY]               = { "city", "city", KIND_STRING },
  [FIELD_PROVINCE]           = { "province", "province", KIND_STRING },
  [FIELD_COUNTRY]            = { "country", "country", KIND_STRING },
  [FIELD_CREATED_AT]         = { "createdAt", "created-at", KIND_STRING },
  [FIELD_UPDATED_AT]         = { "updatedAt", "updated-at", KIND_STRING },
  [FIELD_EXTERNAL_ID]        = { "externalId", "external-id", KIND_STRING },
  [FIELD_PHONE_COUNTRY_CODE] = { "phoneCountryCode", "phone-country-code", KIND_STRING },
};

struct _AcUserInfo
{
  GObject     parent_instance;

  JsonObject *raw;
  /* The text of every field (booleans "true"/"false", integers in decimal, string arrays
   * joined with ", "), NULL when absent: this is what ac_user_info_get_field() returns. */
  char       *text[N_FIELDS];
  gboolean    booleans[N_FIELDS];
  gint64      logins_count;
  GStrv       register_source;
  GDateTime  *token_expired_at;
};

G_DEFINE_FINAL_TYPE (AcUserInfo, ac_user_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* PROP_0 + 1 + field index: one property per field */
  PROP_DISPLAY_NAME = N_FIELDS + 1,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

static void
ac_user_info_finalize (GObject *object)
{
  AcUserInfo *self = (AcUserInfo *) object;

  g_clear_pointer (&self->raw, json_object_unref);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->text[i], g_free);
  g_clear_pointer (&self->register_source, g_strfreev);
  g_clear_pointer (&self->token_expired_at, g_date_time_unref);

  G_OBJECT_CLASS (ac_user_info_parent_class)->finalize (object);
}

static void
ac_user_info_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AcUserInfo *self = AC_USER_INFO (object);
  guint field;

  if (prop_id == PROP_DISPLAY_NAME)
    {
      g_value_set_string (value, ac_user_info_get_display_name (self));
      return;
    }

  if (prop_id < 1 || prop_id > N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  field = prop_id - 1;
  switch (fields[field].kind)
    {
    case KIND_STRING:
    case KIND_ID:
      g_value_set_string (value, self->text[field]);
      break;
    case KIND_BOOLEAN:
      g_value_set_boolean (value, self->booleans[field]);
      break;
    case KIND_INT:
      g_value_set_int64 (value, self->logins_count);
      break;
    case KIND_STRV:
      g_value_set_boxed (value, self->register_source);
      break;
    case KIND_DATETIME:
      g_value_set_boxed (value, self->token_expired_at);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
ac_user_info_class_init (AcUserInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ac_user_info_finalize;
  object_class->get_property = ac_user_info_get_property;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const FieldSpec *spec = &fields[i];
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
      GParamSpec *pspec;

      switch (spec->kind)
        {
        case KIND_STRING:
        case KIND_ID:
          pspec = g_param_spec_string (spec->property, NULL, NULL, NULL, flags);
          break;
        case KIND_BOOLEAN:
          pspec = g_param_spec_boolean (spec->property, NULL, NULL, FALSE, flags);
          break;
        case KIND_INT:
          pspec = g_param_spec_int64 (spec->property, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
          break;
        case KIND_STRV:
          pspec = g_param_spec_boxed (spec->property, NULL, NULL, G_TYPE_STRV, flags);
          break;
        case KIND_DATETIME:
          pspec = g_param_spec_boxed (spec->property, NULL, NULL, G_TYPE_DATE_TIME, flags);
          break;
        default:
          g_assert_not_reached ();
        }

      properties[i + 1] = pspec;
    }

  /**
   * AcUserInfo:display-name:
   *
   * The name to show for the user: see ac_user_info_get_display_name().
   */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_user_info_init (AcUserInfo *self)
{
}

/* The wire object minus the password (never kept in memory longer than needed). */
static JsonObject *
copy_members (JsonObject *from,
              JsonObject *into)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (g_str_equal (name, "password") || g_str_equal (name, "userEntity"))
        continue;
      json_object_set_member (into, name, json_node_copy (node));
    }

  return into;
}

/* iOS: "If data.userEntity exists it is used instead of data" */
static gboolean
unwrap_user_entity (JsonObject  *object,
                    JsonObject **out,
                    GError     **error)
{
  JsonObject *entity = NULL;

  if (!ac_json_get_object (object, "userEntity", FALSE, &entity, error))
    return FALSE;

  *out = entity != NULL ? entity : object;
  return TRUE;
}

static gboolean
parse_field (AcUserInfo  *self,
             JsonObject  *object,
             Field        field,
             GError     **error)
{
  const FieldSpec *spec = &fields[field];

  switch (spec->kind)
    {
    case KIND_STRING:
      return ac_json_get_string (object, spec->key, FALSE, &self->text[field], error);

    case KIND_ID:
      return ac_json_get_id (object, spec->key, FALSE, &self->text[field], error);

    case KIND_BOOLEAN:
      if (!ac_json_get_boolean (object, spec->key, FALSE, &self->booleans[field], error))
        return FALSE;
      if (json_object_has_member (object, spec->key) &&
          !json_object_get_null_member (object, spec->key))
        self->text[field] = g_strdup (self->booleans[field] ? "true" : "false");
      return TRUE;

    case KIND_INT:
      if (!ac_json_get_int64 (object, spec->key, FALSE, &self->logins_count, error))
        return FALSE;
      if (self->logins_count < 0)
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       _("Malformed answer: “%s” is negative"), spec->key);
          return FALSE;
        }
      if (json_object_has_member (object, spec->key) &&
          !json_object_get_null_member (object, spec->key))
        self->text[field] = g_strdup_printf ("%" G_GINT64_FORMAT, self->logins_count);
      return TRUE;

    case KIND_STRV:
      if (!ac_json_get_strv (object, spec->key, FALSE, &self->register_source, error))
        return FALSE;
      if (self->register_source != NULL)
        self->text[field] = g_strjoinv (", ", self->register_source);
      return TRUE;

    case KIND_DATETIME:
      if (!ac_json_get_datetime (object, spec->key, FALSE, &self->token_expired_at, error))
        return FALSE;
      if (self->token_expired_at != NULL)
        return ac_json_get_string (object, spec->key, FALSE, &self->text[field], error);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * ac_user_info_new_from_json:
 * @object: the user object of `login/account`, `users/me`, `profile/update`, ...
 * @error: return location for a #GError
 *
 * Builds the user from its JSON object (authing-api.md §4.2). Unknown members and nulls are
 * accepted; a member of the wrong type, or a missing `id` (or `sub`), gives
 * %AC_ERROR_INVALID_RESPONSE naming it. A `userEntity` wrapper is unwrapped; `picture` stands
 * for a missing `photo` and `exp` (Unix seconds) for a missing `tokenExpiredAt`.
 *
 * Returns: (transfer full): the user, or %NULL with @error set
 */
AcUserInfo *
ac_user_info_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(AcUserInfo) self = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the user is missing"));
      return NULL;
    }

  if (!unwrap_user_entity (object, &object, error))
    return NULL;

  self = g_object_new (AC_TYPE_USER_INFO, NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (!parse_field (self, object, i, error))
      return NULL;

  /* iOS: userId = id ?? sub */
  if (self->text[FIELD_ID] == NULL || *self->text[FIELD_ID] == '\0')
    {
      g_clear_pointer (&self->text[FIELD_ID], g_free);
      if (!ac_json_get_id (object, "sub", FALSE, &self->text[FIELD_ID], error))
        return NULL;
      if (self->text[FIELD_ID] == NULL || *self->text[FIELD_ID] == '\0')
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                               _("Malformed answer: the user has no “id”"));
          return NULL;
        }
    }

  /* iOS: photo = photo ?? picture */
  if (self->text[FIELD_PHOTO] == NULL &&
      !ac_json_get_string (object, "picture", FALSE, &self->text[FIELD_PHOTO], error))
    return NULL;

  /* The refresh-token answer of the GraphQL flavour carries `exp` (Unix seconds) only */
  if (self->token_expired_at == NULL && self->text[FIELD_TOKEN] != NULL)
    {
      gint64 exp = -1;

      if (!ac_json_get_int64 (object, "exp", FALSE, &exp, error))
        return NULL;
      if (exp >= 0)
        {
          self->token_expired_at = g_date_time_new_from_unix_utc (exp);
          if (self->token_expired_at == NULL)
            {
              g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                                   _("Malformed answer: “exp” is out of range"));
              return NULL;
            }
          self->text[FIELD_TOKEN_EXPIRED_AT] = g_date_time_format_iso8601 (self->token_expired_at);
        }
    }

  self->raw = copy_members (object, json_object_new ());

  return g_steal_pointer (&self);
}

/**
 * ac_user_info_merge:
 * @self: the current user
 * @update: the object of a later answer (e.g. `users/refresh-token`)
 * @error: return location for a #GError
 *
 * Makes a new user from @self's wire object with every member of @update laid over it, as the
 * Guard SDKs merge the refresh-token answer into the stored user. @self is not changed. A
 * member set to null in @update clears it.
 *
 * Returns: (transfer full): the merged user, or %NULL with @error set
 */
AcUserInfo *
ac_user_info_merge (AcUserInfo  *self,
                    JsonObject  *update,
                    GError     **error)
{
  g_autoptr(JsonObject) merged = NULL;

  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);

  if (update == NULL)
    return g_object_ref (self);

  if (!unwrap_user_entity (update, &update, error))
    return NULL;

  merged = copy_members (self->raw, json_object_new ());
  /* A new token without a new expiry must not keep the old expiry */
  if (json_object_has_member (update, "token") && !json_object_has_member (update, "tokenExpiredAt"))
    json_object_remove_member (merged, "tokenExpiredAt");
  copy_members (update, merged);

  return ac_user_info_new_from_json (merged, error);
}

/**
 * ac_user_info_to_json:
 * @self: a user
 *
 * The wire object the user was built from (without `password`), e.g. to cache it.
 *
 * Returns: (transfer full): a new #JsonObject
 */
JsonObject *
ac_user_info_to_json (AcUserInfo *self)
{
  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);

  return copy_members (self->raw, json_object_new ());
}

/**
 * ac_user_info_get_field:
 * @self: a user
 * @key: a wire key, such as `givenName` or `emailVerified`
 *
 * The text of any field of the user by its wire key: strings as they are, booleans as
 * `true`/`false`, `loginsCount` in decimal, `registerSource` joined with ", ". Keys that are
 * not user fields give %NULL.
 *
 * Returns: (nullable): the value, or %NULL when unset or unknown
 */
const char *
ac_user_info_get_field (AcUserInfo *self,
                        const char *key)
{
  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (fields[i].key, key))
      return self->text[i];

  return NULL;
}

/**
 * ac_user_info_get_display_name:
 * @self: a user
 *
 * The first non-empty one of nickname, name, preferred username, username, e-mail address and
 * phone number; the id when the user has none of them.
 *
 * Returns: the name to show
 */
const char *
ac_user_info_get_display_name (AcUserInfo *self)
{
  static const Field order[] = {
    FIELD_NICKNAME, FIELD_NAME, FIELD_PREFERRED_USERNAME, FIELD_USERNAME, FIELD_EMAIL, FIELD_PHONE,
  };

  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *value = self->text[order[i]];

      if (value != NULL && *value != '\0')
        return value;
    }

  return self->text[FIELD_ID];
}

#define STRING_GETTER(name, field)                     \
  const char *                                         \
  ac_user_info_get_##name (AcUserInfo *self)           \
  {                                                    \
    g_return_val_if_fail (AC_IS_USER_INFO (self), NULL); \
    return self->text[field];                          \
  }

#define BOOLEAN_GETTER(name, field)                     \
  gboolean                                              \
  ac_user_info_get_##name (AcUserInfo *self)            \
  {                                                     \
    g_return_val_if_fail (AC_IS_USER_INFO (self), FALSE); \
    return self->booleans[field];                       \
  }

STRING_GETTER (id, FIELD_ID)
STRING_GETTER (arn, FIELD_ARN)
STRING_GETTER (user_pool_id, FIELD_USER_POOL_ID)
STRING_GETTER (status, FIELD_STATUS)
STRING_GETTER (username, FIELD_USERNAME)
STRING_GETTER (email, FIELD_EMAIL)
BOOLEAN_GETTER (email_verified, FIELD_EMAIL_VERIFIED)
STRING_GETTER (phone, FIELD_PHONE)
BOOLEAN_GETTER (phone_verified, FIELD_PHONE_VERIFIED)
STRING_GETTER (unionid, FIELD_UNIONID)
STRING_GETTER (openid, FIELD_OPENID)
STRING_GETTER (nickname, FIELD_NICKNAME)
STRING_GETTER (photo, FIELD_PHOTO)
STRING_GETTER (oauth, FIELD_OAUTH)
STRING_GETTER (token, FIELD_TOKEN)
STRING_GETTER (last_login, FIELD_LAST_LOGIN)
STRING_GETTER (last_ip, FIELD_LAST_IP)
STRING_GETTER (signed_up, FIELD_SIGNED_UP)
BOOLEAN_GETTER (blocked, FIELD_BLOCKED)
BOOLEAN_GETTER (is_deleted, FIELD_IS_DELETED)
STRING_GETTER (device, FIELD_DEVICE)
STRING_GETTER (browser, FIELD_BROWSER)
STRING_GETTER (company, FIELD_COMPANY)
STRING_GETTER (name, FIELD_NAME)
STRING_GETTER (given_name, FIELD_GIVEN_NAME)
STRING_GETTER (family_name, FIELD_FAMILY_NAME)
STRING_GETTER (middle_name, FIELD_MIDDLE_NAME)
STRING_GETTER (profile, FIELD_PROFILE)
STRING_GETTER (preferred_username, FIELD_PREFERRED_USERNAME)
STRING_GETTER (website, FIELD_WEBSITE)
STRING_GETTER (gender, FIELD_GENDER)
STRING_GETTER (birthdate, FIELD_BIRTHDATE)
STRING_GETTER (zoneinfo, FIELD_ZONEINFO)
STRING_GETTER (locale, FIELD_LOCALE)
STRING_GETTER (address, FIELD_ADDRESS)
STRING_GETTER (formatted, FIELD_FORMATTED)
STRING_GETTER (street_address, FIELD_STREET_ADDRESS)
STRING_GETTER (locality, FIELD_LOCALITY)
STRING_GETTER (region, FIELD_REGION)
STRING_GETTER (postal_code, FIELD_POSTAL_CODE)
STRING_GETTER (city, FIELD_CITY)
STRING_GETTER (province, FIELD_PROVINCE)
STRING_GETTER (country, FIELD_COUNTRY)
STRING_GETTER (created_at, FIELD_CREATED_AT)
STRING_GETTER (updated_at, FIELD_UPDATED_AT)
STRING_GETTER (external_id, FIELD_EXTERNAL_ID)
STRING_GETTER (phone_country_code, FIELD_PHONE_COUNTRY_CODE)

/**
 * ac_user_info_get_register_source:
 *
 * Returns: (transfer none): the registration sources, an empty array when unset
 */
const char * const *
ac_user_info_get_register_source (AcUserInfo *self)
{
  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);

  return self->register_source ? (const char * const *) self->register_source : empty_strv;
}

/**
 * ac_user_info_get_token_expired_at:
 *
 * Returns: (transfer none) (nullable): when the token expires
 */
GDateTime *
ac_user_info_get_token_expired_at (AcUserInfo *self)
{
  g_return_val_if_fail (AC_IS_USER_INFO (self), NULL);

  return self->token_expired_at;
}

gint64
ac_user_info_get_logins_count (AcUserInfo *self)
{
  g_return_val_if_fail (AC_IS_USER_INFO (self), 0);

  return self->logins_count;
}

/* The editable fields of `updateProfile` (authing-api.md §6.5), in the order the profile
 * page shows them. */
static const AcProfileField profile_fields[] = {
  { "nickname", N_("Nickname"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "username", N_("Username"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "name", N_("Full name"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "givenName", N_("Given name"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "middleName", N_("Middle name"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "familyName", N_("Family name"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  /* Translators: the name a person prefers to be called by (OpenID Connect preferred_username) */
  { "preferredUsername", N_("Preferred username"), AC_PROFILE_GROUP_NAMES, AC_PROFILE_KIND_TEXT },
  { "photo", N_("Avatar"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_IMAGE },
  { "gender", N_("Gender"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_GENDER },
  { "birthdate", N_("Birthday"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_DATE },
  /* Translators: OpenID Connect "profile": the address of the person's profile page */
  { "profile", N_("Profile page"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_TEXT },
  { "website", N_("Website"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_URL },
  { "zoneinfo", N_("Time zone"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_TIMEZONE },
  /* Translators: the language and region, such as en-US */
  { "locale", N_("Locale"), AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_KIND_LOCALE },
  { "company", N_("Company"), AC_PROFILE_GROUP_WORK, AC_PROFILE_KIND_TEXT },
  { "address", N_("Address"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  { "streetAddress", N_("Street address"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  /* Translators: OpenID Connect "locality": city or town */
  { "locality", N_("Locality"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  { "city", N_("City"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  /* Translators: state, province, prefecture or region */
  { "region", N_("Region"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  { "province", N_("Province"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  { "postalCode", N_("Postal code"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  { "country", N_("Country"), AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_KIND_TEXT },
  /* Translators: the device the person last used (a free-text profile field) */
  { "device", N_("Device"), AC_PROFILE_GROUP_OTHER, AC_PROFILE_KIND_TEXT },
  /* Translators: the web browser the person last used (a free-text profile field) */
  { "browser", N_("Browser"), AC_PROFILE_GROUP_OTHER, AC_PROFILE_KIND_TEXT },
};

/**
 * ac_profile_fields:
 * @n_fields: (out): the number of fields
 *
 * The fields `updateProfile` accepts, in display order.
 *
 * Returns: (array length=n_fields) (transfer none): the static table
 */
const AcProfileField *
ac_profile_fields (guint *n_fields)
{
  if (n_fields != NULL)
    *n_fields = G_N_ELEMENTS (profile_fields);

  return profile_fields;
}

/**
 * ac_profile_field_lookup:
 * @key: a wire key
 *
 * Returns: (nullable): the editable field with that key, or %NULL if it is not editable
 */
const AcProfileField *
ac_profile_field_lookup (const char *key)
{
  if (key == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (profile_fields); i++)
    if (g_str_equal (profile_fields[i].key, key))
      return &profile_fields[i];

  return NULL;
}

/**
 * ac_profile_field_get_label:
 *
 * Returns: the translated label of @field
 */
const char *
ac_profile_field_get_label (const AcProfileField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, field->label);
}

/**
 * ac_profile_group_get_title:
 *
 * Returns: the translated title of a group of the profile page
 */
const char *
ac_profile_group_get_title (AcProfileGroup group)
{
  switch (group)
    {
    case AC_PROFILE_GROUP_NAMES:
      return _("Names");
    case AC_PROFILE_GROUP_PERSONAL:
      /* Translators: a group of profile fields (gender, birthday, website, ...) */
      return _("Personal");
    case AC_PROFILE_GROUP_WORK:
      return _("Work");
    case AC_PROFILE_GROUP_ADDRESS:
      return _("Address");
    case AC_PROFILE_GROUP_OTHER:
    default:
      return _("Other");
    }
}

static gboolean
is_valid_date (const char *value)
{
  int year, month, day;

  if (strlen (value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (value[i]))
      return FALSE;
  year = atoi (value);
  month = atoi (value + 5);
  day = atoi (value + 8);

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy (day, month, year);
}

static gboolean
is_valid_url (const char *value)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
all_chars_in (const char *value,
              const char *allowed_punctuation)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (allowed_punctuation, *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * ac_profile_field_validate:
 * @field: an editable field
 * @value: (nullable): what the person typed
 * @error: return location for a #GError
 *
 * Checks @value before it is sent: an empty value (clearing the field) is always accepted;
 * otherwise gender must be `M`, `F` or `U`, a date `YYYY-MM-DD`, a website an http(s) address, a
 * time zone and a locale must look like one; no value may hold control characters or be longer
 * than 1024 characters. Errors are %AC_ERROR_INVALID_INPUT with a translated message.
 *
 * Returns: %TRUE if @value may be sent
 */
gboolean
ac_profile_field_validate (const AcProfileField  *field,
                           const char            *value,
                           GError               **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (value == NULL || *value == '\0')
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > 1024)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the label of a profile field */
                   _("%s is too long"), ac_profile_field_get_label (field));
      return FALSE;
    }

  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                     /* Translators: %s is the label of a profile field */
                     _("%s contains characters that are not allowed"),
                     ac_profile_field_get_label (field));
        return FALSE;
      }

  switch (field->kind)
    {
    case AC_PROFILE_KIND_GENDER:
      if (!g_str_equal (value, "M") && !g_str_equal (value, "F") && !g_str_equal (value, "U"))
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("Gender must be male, female or unknown"));
          return FALSE;
        }
      break;

    case AC_PROFILE_KIND_DATE:
      if (!is_valid_date (value))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                       /* Translators: %s is the label of a profile field; keep YYYY-MM-DD */
                       _("%s is not a date (YYYY-MM-DD)"), ac_profile_field_get_label (field));
          return FALSE;
        }
      break;

    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
      if (!is_valid_url (value))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                       /* Translators: %s is the label of a profile field */
                       _("%s is not a web address (http:// or https://)"),
                       ac_profile_field_get_label (field));
          return FALSE;
        }
      break;

    case AC_PROFILE_KIND_TIMEZONE:
      if (!all_chars_in (value, "/_+-:") || !g_ascii_isalpha (value[0]))
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("Not a time zone such as Europe/Paris"));
          return FALSE;
        }
      break;

    case AC_PROFILE_KIND_LOCALE:
      if (!all_chars_in (value, "-_.@") || !g_ascii_isalpha (value[0]) || strlen (value) > 35)
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("Not a locale such as en-US"));
          return FALSE;
        }
      break;

    case AC_PROFILE_KIND_TEXT:
    default:
      break;
    }

  return TRUE;
}
