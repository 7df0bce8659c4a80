/* ac-password-strength.c: the strength of a password as the server rates it, for a live meter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-password"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-password-strength.h"

int
ac_password_strength_level (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, letter = FALSE;
  glong n;

  if (password == NULL || *password == '\0' || !g_utf8_validate (password, -1, NULL))
    return 0;

  n = g_utf8_strlen (password, -1);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      lower = lower || g_unichar_islower (c);
      upper = upper || g_unichar_isupper (c);
      digit = digit || g_unichar_isdigit (c);
      letter = letter || g_unichar_isalpha (c);
    }

  if (n >= 12 && lower && upper && digit)
    return 3;
  if (n >= 8 && letter && digit)
    return 2;
  return 1;
}

const char *
ac_password_strength_label (int level)
{
  switch (level)
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
      return "";
    }
}

const char *
ac_password_strength_hint (int level)
{
  switch (level)
    {
    case 0:
    case 1:
      return _("Use at least 8 characters with a letter and a digit.");
    case 2:
      return _("Use at least 12 characters with lower case, upper case and a digit.");
    default:
      return NULL;
    }
}

gboolean
ac_password_strength_check_policy (const char  *password,
                                   const char  *username,
                                   GError     **error)
{
  g_return_val_if_fail (password != NULL, FALSE);

  if (!g_utf8_validate (password, -1, NULL) || g_utf8_strlen (password, -1) < AC_PASSWORD_MIN_CHARS)
    {
      G_STATIC_ASSERT (AC_PASSWORD_MIN_CHARS == 8);
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                           _("The password must have at least 8 characters."));
      return FALSE;
    }

  if (username != NULL && *username != '\0' && g_utf8_validate (username, -1, NULL))
    {
      g_autofree char *a = g_utf8_casefold (password, -1);
      g_autofree char *b = g_utf8_casefold (username, -1);

      if (g_str_equal (a, b))
        {
          g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                               _("The password must not be the username."));
          return FALSE;
        }
    }

  return TRUE;
}
