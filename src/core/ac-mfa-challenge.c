/* ac-mfa-challenge.c: the second step of a sign-in that answered 1635 (protocol-security.md §5.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-mfa"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-mfa-challenge.h"

struct _AcMfaChallenge
{
  GObject    parent_instance;

  char      *username;
  char      *nickname;
  char      *email;
  char      *avatar;
  gboolean   totp_enabled;
  GDateTime *expires_at;
};

G_DEFINE_FINAL_TYPE (AcMfaChallenge, ac_mfa_challenge, G_TYPE_OBJECT)

static void
ac_mfa_challenge_finalize (GObject *object)
{
  AcMfaChallenge *self = AC_MFA_CHALLENGE (object);

  g_free (self->username);
  g_free (self->nickname);
  g_free (self->email);
  g_free (self->avatar);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (ac_mfa_challenge_parent_class)->finalize (object);
}

static void
ac_mfa_challenge_class_init (AcMfaChallengeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ac_mfa_challenge_finalize;
}

static void
ac_mfa_challenge_init (AcMfaChallenge *self)
{
}

/**
 * ac_mfa_challenge_new_from_json:
 * @object: the `data` of a 1635 answer
 * @error: return location for a #GError
 *
 * Every member is optional (`totpMfaEnabled` defaults to true).
 *
 * Returns: (transfer full): the challenge, or %NULL with %AC_ERROR_INVALID_RESPONSE when a
 *   member has the wrong type
 */
AcMfaChallenge *
ac_mfa_challenge_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(AcMfaChallenge) self = g_object_new (AC_TYPE_MFA_CHALLENGE, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->totp_enabled = TRUE;
  if (object != NULL &&
      (!ac_json_get_string (object, "username", FALSE, &self->username, error) ||
       !ac_json_get_string (object, "nickname", FALSE, &self->nickname, error) ||
       !ac_json_get_string (object, "email", FALSE, &self->email, error) ||
       !ac_json_get_string (object, "avatar", FALSE, &self->avatar, error) ||
       !ac_json_get_boolean (object, "totpMfaEnabled", FALSE, &self->totp_enabled, error)))
    {
      g_prefix_error (error, _("Two-step sign-in: "));
      return NULL;
    }

  self->expires_at = g_date_time_add_seconds (now, AC_MFA_CHALLENGE_LIFETIME_S);
  return g_steal_pointer (&self);
}

#define GETTER(type, field, fallback)                              \
  type                                                             \
  ac_mfa_challenge_get_##field (AcMfaChallenge *self)              \
  {                                                                \
    g_return_val_if_fail (AC_IS_MFA_CHALLENGE (self), fallback);   \
    return self->field;                                            \
  }

GETTER (const char *, username, NULL)
GETTER (const char *, nickname, NULL)
GETTER (const char *, email, NULL)
GETTER (const char *, avatar, NULL)
GETTER (gboolean, totp_enabled, FALSE)
GETTER (GDateTime *, expires_at, NULL)

const char *
ac_mfa_challenge_get_display_name (AcMfaChallenge *self)
{
  g_return_val_if_fail (AC_IS_MFA_CHALLENGE (self), "");

  if (self->nickname != NULL && *self->nickname != '\0')
    return self->nickname;
  if (self->username != NULL && *self->username != '\0')
    return self->username;
  if (self->email != NULL && *self->email != '\0')
    return self->email;
  return "";
}
