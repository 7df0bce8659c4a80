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
