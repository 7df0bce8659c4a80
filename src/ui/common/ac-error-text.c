/* ac-error-text.c: readable sentences for the errors of the core
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-error-text"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-error-text.h"

char *
ac_describe_error (const GError *error)
{
  if (error == NULL)
    return g_strdup (_("Something went wrong."));

  if (error->domain == AC_ERROR)
    {
      switch (error->code)
        {
        case AC_ERROR_BAD_CREDENTIALS:
          return g_strdup (_("The account or the password is wrong."));
        case AC_ERROR_NETWORK:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server could not be reached. Check the host address and your network connection. (%s)"),
                                  error->message);
        case AC_ERROR_CONFIG:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The host address or application ID is not valid: %s"), error->message);
        case AC_ERROR_INVALID_RESPONSE:
        case AC_ERROR_HTTP:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server did not answer like an Authing server. Is the host address right? (%s)"),
                                  error->message);
        case AC_ERROR_TLS:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server’s identity could not be verified: %s"), error->message);
        case AC_ERROR_TIMEOUT:
          return g_strdup (_("The server did not answer in time. Try again later."));
        case AC_ERROR_SERVER:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server had a problem: %s"), error->message);
        case AC_ERROR_NOT_LOGGED_IN:
          return g_strdup (_("Your session has expired. Sign in again."));
        default:
          break;
        }
    }

  return g_strdup (error->message);
}

char *
ac_describe_session_error (const GError *error,
                           gboolean      resuming)
{
  if (error == NULL)
    return NULL;

  /* A remembered session the server no longer accepts (or that expired by its date). */
  if (resuming && (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) ||
                   g_error_matches (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS)))
    return g_strdup (_("Your session has ended. Sign in again."));

  return ac_describe_error (error);
}

char *
ac_describe_second_step_error (const GError *error,
                               gboolean      recovery)
{
  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    return g_strdup (_("The server ended this sign-in after too many wrong codes, or because it took too long. Sign in again."));
  if (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_TOTP))
    return g_strdup (_("The code is wrong. Enter the code that the authenticator app shows now (and check that this computer’s clock is right)."));
  if (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_RECOVERY_CODE))
    return g_strdup (_("The recovery code is wrong. Check it against the one you saved."));
  if (g_error_matches (error, AC_ERROR, AC_ERROR_MFA_CODE_MISSING) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT))
    return g_strdup (recovery ? _("Enter your recovery code.") : _("Enter the 6-digit code."));
  return ac_describe_error (error);
}
