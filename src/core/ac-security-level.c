/* ac-security-level.c: the account's security score (authing-api.md §6.7)
 *
 * The score is the service's; the checklist explains it with the formula the emulator uses
 * (pool-format.md): 40 for a password + 20/25/30 for its level 1/2/3 + 5 for an e-mail address
 * + 10 for a phone number + 15 for MFA, at most 100. It matches the service's known points
 * (60 with a level-1 password only, 65 with an e-mail address too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-security-level"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-security-level.h"

#define POINTS_PASSWORD 40
#define POINTS_EMAIL    5
#define POINTS_PHONE    10
#define POINTS_MFA      15

/* Band thresholds: a level-1 password alone gives 60 and with an e-mail address 65, which is
 * the least a service account normally has: that is "low". A strong password or a phone number
 * on top reaches 70 ("medium"); 85 needs a strong password, an e-mail address and a phone
 * number, or MFA on top of a medium setup ("high"). */
#define BAND_MEDIUM_FROM 70
#define BAND_HIGH_FROM   85

GType
ac_security_band_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { AC_SECURITY_BAND_LOW, "AC_SECURITY_BAND_LOW", "low" },
        { AC_SECURITY_BAND_MEDIUM, "AC_SECURITY_BAND_MEDIUM", "medium" },
        { AC_SECURITY_BAND_HIGH, "AC_SECURITY_BAND_HIGH", "high" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("AcSecurityBand"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

struct _AcSecurityLevel
{
  GObject   parent_instance;

  int       score;
  gboolean  email;
  gboolean  phone;
  gboolean  password;
  int       password_security_level;
  gboolean  mfa;
};

G_DEFINE_FINAL_TYPE (AcSecurityLevel, ac_security_level, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCORE,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_PASSWORD,
  PROP_PASSWORD_SECURITY_LEVEL,
  PROP_MFA,
  PROP_BAND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_security_level_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AcSecurityLevel *self = AC_SECURITY_LEVEL (object);

  switch (prop_id)
    {
    case PROP_SCORE:
      g_value_set_int (value, self->score);
      break;
    case PROP_EMAIL:
      g_value_set_boolean (value, self->email);
      break;
    case PROP_PHONE:
      g_value_set_boolean (value, self->phone);
      break;
    case PROP_PASSWORD:
      g_value_set_boolean (value, self->password);
      break;
    case PROP_PASSWORD_SECURITY_LEVEL:
      g_value_set_int (value, self->password_security_level);
      break;
    case PROP_MFA:
      g_value_set_boolean (value, self->mfa);
      break;
    case PROP_BAND:
      g_value_set_enum (value, ac_security_level_get_band (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_security_level_class_init (AcSecurityLevelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ac_security_level_get_property;

  properties[PROP_SCORE] = g_param_spec_int ("score", NULL, NULL, 0, 100, 0, flags);
  properties[PROP_EMAIL] = g_param_spec_boolean ("email", NULL, NULL, FALSE, flags);
  properties[PROP_PHONE] = g_param_spec_boolean ("phone", NULL, NULL, FALSE, flags);
  properties[PROP_PASSWORD] = g_param_spec_boolean ("password", NULL, NULL, FALSE, flags);
  properties[PROP_PASSWORD_SECURITY_LEVEL] =
    g_param_spec_int ("password-security-level", NULL, NULL, 0, 3, 0, flags);
  properties[PROP_MFA] = g_param_spec_boolean ("mfa", NULL, NULL, FALSE, flags);
  properties[PROP_BAND] = g_param_spec_enum ("band", NULL, NULL, AC_TYPE_SECURITY_BAND,
                                             AC_SECURITY_BAND_LOW, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_security_level_init (AcSecurityLevel *self)
{
}

/**
 * ac_security_level_new_from_json:
 * @object: `data` of `users/me/security-level`
 * @error: return location for a #GError
 *
 * `score` is required and must be 0 to 100; `passwordSecurityLevel` is 0 when null (never
 * evaluated), else 1 to 3. Anything else gives %AC_ERROR_INVALID_RESPONSE.
 *
 * Returns: (transfer full): the security level, or %NULL with @error set
 */
AcSecurityLevel *
ac_security_level_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AcSecurityLevel) self = g_object_new (AC_TYPE_SECURITY_LEVEL, NULL);
  gint64 score = 0;
  gint64 level = 0;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the security level is missing"));
      return NULL;
    }

  if (!ac_json_get_int64 (object, "score", TRUE, &score, error) ||
      !ac_json_get_boolean (object, "email", FALSE, &self->email, error) ||
      !ac_json_get_boolean (object, "phone", FALSE, &self->phone, error) ||
      !ac_json_get_boolean (object, "password", FALSE, &self->password, error) ||
      !ac_json_get_int64 (object, "passwordSecurityLevel", FALSE, &level, error) ||
      !ac_json_get_boolean (object, "mfa", FALSE, &self->mfa, error))
    {
      g_prefix_error (error, _("Security level: "));
      return NULL;
    }

  if (score < 0 || score > 100)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, score);

      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is a number */
                   _("Security level: Malformed answer: the score %s is not between 0 and 100"),
                   text);
      return NULL;
    }

  if (level < 0 || level > 3)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Security level: Malformed answer: “passwordSecurityLevel” is not between 1 and 3"));
      return NULL;
    }

  self->score = (int) score;
  self->password_security_level = (int) level;

  return g_steal_pointer (&self);
}

int
ac_security_level_get_score (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), 0);
  return self->score;
}

gboolean
ac_security_level_get_email (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), FALSE);
  return self->email;
}

gboolean
ac_security_level_get_phone (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), FALSE);
  return self->phone;
}

gboolean
ac_security_level_get_password (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), FALSE);
  return self->password;
}

/**
 * ac_security_level_get_password_security_level:
 *
 * Returns: 1 (low), 2 (medium), 3 (high), or 0 when never evaluated
 */
int
ac_security_level_get_password_security_level (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), 0);
  return self->password_security_level;
}

gboolean
ac_security_level_get_mfa (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), FALSE);
  return self->mfa;
}

/**
 * ac_security_level_get_band:
 *
 * Low below 70, medium from 70 to 84, high from 85 (see the thresholds above).
 */
AcSecurityBand
ac_security_level_get_band (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), AC_SECURITY_BAND_LOW);

  if (self->score >= BAND_HIGH_FROM)
    return AC_SECURITY_BAND_HIGH;
  if (self->score >= BAND_MEDIUM_FROM)
    return AC_SECURITY_BAND_MEDIUM;
  return AC_SECURITY_BAND_LOW;
}

/**
 * ac_security_band_get_label:
 *
 * Returns: the translated name of @band
 */
const char *
ac_security_band_get_label (AcSecurityBand band)
{
  switch (band)
    {
    case AC_SECURITY_BAND_HIGH:
      /* Translators: the account security level */
      return C_("security", "High");
    case AC_SECURITY_BAND_MEDIUM:
      /* Translators: the account security level */
      return C_("security", "Medium");
    case AC_SECURITY_BAND_LOW:
    default:
      /* Translators: the account security level */
      return C_("security", "Low");
    }
}

/**
 * ac_security_level_get_password_strength_label:
 *
 * Returns: the translated strength of the password ("Weak", "Medium", "Strong" or
 *   "Not evaluated")
 */
const char *
ac_security_level_get_password_strength_label (AcSecurityLevel *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), NULL);

  switch (self->password_security_level)
    {
    case 1:
      /* Translators: password strength */
      return C_("password", "Weak");
    case 2:
      /* Translators: password strength */
      return C_("password", "Medium");
    case 3:
      /* Translators: password strength */
      return C_("password", "Strong");
    default:
      /* Translators: password strength that the service has not computed */
      return C_("password", "Not evaluated");
    }
}

static int
points_for_level (int level)
{
  switch (level)
    {
    case 1:
      return 20;
    case 2:
      return 25;
    case 3:
      return 30;
    default:
      return 0;
    }
}

static void
clear_check (gpointer data)
{
  AcSecurityCheck *check = data;

  g_clear_pointer (&check->title, g_free);
  g_clear_pointer (&check->explanation, g_free);
}

static void
add_check (GArray              *checks,
           AcSecurityCheckKind  kind,
           gboolean             passed,
           int                  points,
           const char          *title,
           char                *explanation)
{
  AcSecurityCheck check = { kind, passed, points, g_strdup (title), explanation };

  g_array_append_val (checks, check);
}

/**
 * ac_security_level_get_checks:
 * @self: a security level
 *
 * The checklist of the security page, in display order: password, password strength, e-mail
 * address, phone number, MFA. Each says whether it is met and what raises the score.
 *
 * Returns: (transfer full) (element-type AcSecurityCheck): a new array; its clear function
 *   frees the strings
 */
GArray *
ac_security_level_get_checks (AcSecurityLevel *self)
{
  GArray *checks;
  int missing;

  g_return_val_if_fail (AC_IS_SECURITY_LEVEL (self), NULL);

  checks = g_array_sized_new (FALSE, TRUE, sizeof (AcSecurityCheck), 5);
  g_array_set_clear_func (checks, clear_check);

  add_check (checks, AC_SECURITY_CHECK_PASSWORD, self->password, POINTS_PASSWORD,
             _("Password"),
             self->password
             /* Translators: %d is a number of points of the security score */
             ? g_strdup_printf (_("A password is set: +%d"), POINTS_PASSWORD)
             /* Translators: %d is a number of points of the security score */
             : g_strdup_printf (_("Set a password: +%d"), POINTS_PASSWORD));

  missing = points_for_level (3) - points_for_level (self->password_security_level);
  add_check (checks, AC_SECURITY_CHECK_PASSWORD_STRENGTH, self->password_security_level == 3,
             missing,
             _("Password strength"),
             missing == 0
             ? g_strdup (_("The password is strong"))
             /* Translators: %d is a number of points of the security score */
             : g_strdup_printf (_("Use at least 12 characters with lower case, upper case and a digit: +%d"),
                                missing));

  add_check (checks, AC_SECURITY_CHECK_EMAIL, self->email, POINTS_EMAIL,
             _("E-mail address"),
             self->email
             /* Translators: %d is a number of points of the security score */
             ? g_strdup_printf (_("An e-mail address is bound: +%d"), POINTS_EMAIL)
             /* Translators: %d is a number of points of the security score */
             : g_strdup_printf (_("Bind an e-mail address: +%d"), POINTS_EMAIL));

  add_check (checks, AC_SECURITY_CHECK_PHONE, self->phone, POINTS_PHONE,
             _("Phone number"),
             self->phone
             /* Translators: %d is a number of points of the security score */
             ? g_strdup_printf (_("A phone number is bound: +%d"), POINTS_PHONE)
             /* Translators: %d is a number of points of the security score */
             : g_strdup_printf (_("Bind a phone number: +%d"), POINTS_PHONE));

  add_check (checks, AC_SECURITY_CHECK_MFA, self->mfa, POINTS_MFA,
             /* Translators: MFA is multi-factor authentication */
             _("Multi-factor authentication"),
             self->mfa
             /* Translators: %d is a number of points of the security score */
             ? g_strdup_printf (_("Multi-factor authentication is on: +%d"), POINTS_MFA)
             /* Translators: %d is a number of points of the security score */
             : g_strdup_printf (_("Turn on multi-factor authentication: +%d"), POINTS_MFA));

  return checks;
}
