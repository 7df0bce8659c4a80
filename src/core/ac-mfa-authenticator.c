/* ac-mfa-authenticator.c: a second-factor authenticator of the user (protocol-security.md §5.1)
 *
 * One item of `mfa/authenticator`: {id, createdAt, updatedAt, userId, enable,
 * authenticatorType}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-mfa"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-mfa-authenticator.h"

struct _AcMfaAuthenticator
{
  GObject    parent_instance;

  char      *id;
  char      *authenticator_type;
  gboolean   enabled;
  GDateTime *created_at;
  GDateTime *updated_at;
};

G_DEFINE_FINAL_TYPE (AcMfaAuthenticator, ac_mfa_authenticator, G_TYPE_OBJECT)

static void
ac_mfa_authenticator_finalize (GObject *object)
{
  AcMfaAuthenticator *self = AC_MFA_AUTHENTICATOR (object);

  g_free (self->id);
  g_free (self->authenticator_type);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (ac_mfa_authenticator_parent_class)->finalize (object);
}

static void
ac_mfa_authenticator_class_init (AcMfaAuthenticatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ac_mfa_authenticator_finalize;
}

static void
ac_mfa_authenticator_init (AcMfaAuthenticator *self)
{
}

/**
 * ac_mfa_authenticator_new_from_json:
 * @object: one item of the `mfa/authenticator` answer
 * @error: return location for a #GError
 *
 * `authenticatorType` (or `authenticator_type`) defaults to "totp", `enable` to true; a date
 * that cannot be read is left out.
 *
 * Returns: (transfer full): the authenticator, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `id` is missing or a member has the wrong type
 */
AcMfaAuthenticator *
ac_mfa_authenticator_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(AcMfaAuthenticator) self = g_object_new (AC_TYPE_MFA_AUTHENTICATOR, NULL);
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the authenticator is missing"));
      return NULL;
    }

  self->enabled = TRUE;
  if (!ac_json_get_id (object, "id", TRUE, &self->id, error) ||
      !ac_json_get_string (object, "authenticatorType", FALSE, &self->authenticator_type, error) ||
      (self->authenticator_type == NULL &&
       !ac_json_get_string (object, "authenticator_type", FALSE, &self->authenticator_type, error)) ||
      !ac_json_get_boolean (object, "enable", FALSE, &self->enabled, error) ||
      !ac_json_get_string (object, "createdAt", FALSE, &created, error) ||
      !ac_json_get_string (object, "updatedAt", FALSE, &updated, error))
    {
      g_prefix_error (error, _("Authenticator: "));
      return NULL;
    }

  if (self->authenticator_type == NULL)
    self->authenticator_type = g_strdup ("totp");
  if (created != NULL)
    self->created_at = g_date_time_new_from_iso8601 (created, NULL);
  if (updated != NULL)
    self->updated_at = g_date_time_new_from_iso8601 (updated, NULL);

  return g_steal_pointer (&self);
}

const char *
ac_mfa_authenticator_get_id (AcMfaAuthenticator *self)
{
  g_return_val_if_fail (AC_IS_MFA_AUTHENTICATOR (self), NULL);
  return self->id;
}

const char *
ac_mfa_authenticator_get_authenticator_type (AcMfaAuthenticator *self)
{
  g_return_val_if_fail (AC_IS_MFA_AUTHENTICATOR (self), NULL);
  return self->authenticator_type;
}

gboolean
ac_mfa_authenticator_get_enabled (AcMfaAuthenticator *self)
{
  g_return_val_if_fail (AC_IS_MFA_AUTHENTICATOR (self), FALSE);
  return self->enabled;
}

GDateTime *
ac_mfa_authenticator_get_created_at (AcMfaAuthenticator *self)
{
  g_return_val_if_fail (AC_IS_MFA_AUTHENTICATOR (self), NULL);
  return self->created_at;
}

GDateTime *
ac_mfa_authenticator_get_updated_at (AcMfaAuthenticator *self)
{
  g_return_val_if_fail (AC_IS_MFA_AUTHENTICATOR (self), NULL);
  return self->updated_at;
}
