/* ac-mfa-enrollment.c: a TOTP enrolment under way (protocol-security.md §5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-mfa"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-mfa-enrollment.h"

#define PNG_DATA_URL_PREFIX "data:image/png;base64,"
/* The largest QR code image accepted (a real one is a few kilobytes) */
#define QR_PNG_MAX (1024 * 1024)

struct _AcMfaEnrollment
{
  GObject  parent_instance;

  char    *secret;
  char    *uri;
  char    *recovery_code;
  GBytes  *qr_code_png;
};

G_DEFINE_FINAL_TYPE (AcMfaEnrollment, ac_mfa_enrollment, G_TYPE_OBJECT)

static void
wipe (char **text)
{
  if (*text != NULL)
    {
      memset (*text, 0, strlen (*text));
      g_clear_pointer (text, g_free);
    }
}

static void
ac_mfa_enrollment_finalize (GObject *object)
{
  AcMfaEnrollment *self = AC_MFA_ENROLLMENT (object);

  wipe (&self->secret);
  wipe (&self->uri);
  wipe (&self->recovery_code);
  g_clear_pointer (&self->qr_code_png, g_bytes_unref);

  G_OBJECT_CLASS (ac_mfa_enrollment_parent_class)->finalize (object);
}

static void
ac_mfa_enrollment_class_init (AcMfaEnrollmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ac_mfa_enrollment_finalize;
}

static void
ac_mfa_enrollment_init (AcMfaEnrollment *self)
{
}

/* The secret without spaces or padding, upper case; NULL when it is not base32 */
static char *
normalize_secret (const char *secret)
{
  GString *out = g_string_sized_new (strlen (secret));

  for (const char *p = secret; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '=')
        continue;
      if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, c);
    }
  if (out->len < 16)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * ac_mfa_enrollment_new_from_json:
 * @object: the `data` of `mfa/totp/associate`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the enrolment, or %NULL with %AC_ERROR_INVALID_RESPONSE when the
 *   secret is missing or not base32 (at least 16 characters), or a member has the wrong type.
 *   A `qrcode_data_url` that is not a PNG data URL is ignored (the URI is enough to draw one).
 */
AcMfaEnrollment *
ac_mfa_enrollment_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AcMfaEnrollment) self = g_object_new (AC_TYPE_MFA_ENROLLMENT, NULL);
  g_autofree char *secret = NULL;
  g_autofree char *data_url = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the enrolment is missing"));
      return NULL;
    }

  if (!ac_json_get_string (object, "secret", TRUE, &secret, error) ||
      !ac_json_get_string (object, "qrcode_uri", FALSE, &self->uri, error) ||
      !ac_json_get_string (object, "recovery_code", FALSE, &self->recovery_code, error) ||
      !ac_json_get_string (object, "qrcode_data_url", FALSE, &data_url, error))
    {
      wipe (&secret);
      g_prefix_error (error, _("Two-step enrolment: "));
      return NULL;
    }

  self->secret = normalize_secret (secret);
  wipe (&secret);
  if (self->secret == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Two-step enrolment: the secret is not valid"));
      return NULL;
    }

  if (self->uri == NULL || !g_str_has_prefix (self->uri, "otpauth://"))
    {
      wipe (&self->uri);
      self->uri = g_strdup_printf ("otpauth://totp/Account?secret=%s", self->secret);
    }

  if (data_url != NULL && g_str_has_prefix (data_url, PNG_DATA_URL_PREFIX) &&
      strlen (data_url) < QR_PNG_MAX * 4 / 3 + 64)
    {
      gsize len = 0;
      guchar *png = g_base64_decode (data_url + strlen (PNG_DATA_URL_PREFIX), &len);

      if (png != NULL && len > 8 && memcmp (png, "\x89PNG\r\n\x1a\n", 8) == 0)
        self->qr_code_png = g_bytes_new_take (png, len);
      else
        g_free (png);
    }
  wipe (&data_url);

  return g_steal_pointer (&self);
}

const char *
ac_mfa_enrollment_get_secret (AcMfaEnrollment *self)
{
  g_return_val_if_fail (AC_IS_MFA_ENROLLMENT (self), NULL);
  return self->secret;
}

char *
ac_mfa_enrollment_format_secret (AcMfaEnrollment *self)
{
  GString *out;

  g_return_val_if_fail (AC_IS_MFA_ENROLLMENT (self), NULL);

  out = g_string_sized_new (strlen (self->secret) * 5 / 4 + 1);
  for (gsize i = 0; self->secret[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, self->secret[i]);
    }
  return g_string_free (out, FALSE);
}

const char *
ac_mfa_enrollment_get_uri (AcMfaEnrollment *self)
{
  g_return_val_if_fail (AC_IS_MFA_ENROLLMENT (self), NULL);
  return self->uri;
}

const char *
ac_mfa_enrollment_get_recovery_code (AcMfaEnrollment *self)
{
  g_return_val_if_fail (AC_IS_MFA_ENROLLMENT (self), NULL);
  return self->recovery_code;
}

GBytes *
ac_mfa_enrollment_get_qr_code_png (AcMfaEnrollment *self)
{
  g_return_val_if_fail (AC_IS_MFA_ENROLLMENT (self), NULL);
  return self->qr_code_png;
}
