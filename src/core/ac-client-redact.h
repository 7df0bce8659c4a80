/* ac-client-redact.h: hiding secrets in what the traffic log shows (internal to AcClient)
 *
 * Every function here hides first and shortens afterwards, so a cut can never fall inside a
 * secret. What counts as a secret is decided by the name it goes by (a JSON member, a query or
 * form parameter, a header): see _ac_client_redact_is_secret_name(). Strings that look like a
 * JWT are hidden wherever they appear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What stands in for a hidden value */
#define AC_CLIENT_REDACTED "[hidden]"

typedef enum
{
  AC_CLIENT_SECRET_NONE,
  AC_CLIENT_SECRET_ALWAYS,      /* token, password, secret, ...: any value but null is hidden */
  AC_CLIENT_SECRET_UNLESS_NUMBER, /* code, recoveryCode, ...: a number (the envelope's code) stays */
} AcClientSecretKind;

AcClientSecretKind _ac_client_redact_is_secret_name (const char   *name,
                                                     gssize        length);
gboolean           _ac_client_redact_looks_like_jwt (const char   *text,
                                                     gsize         length);

char              *_ac_client_redact_json           (const char   *text,
                                                     gsize         length,
                                                     gsize         max_length);
char              *_ac_client_redact_form           (const char   *text,
                                                     gsize         length,
                                                     gsize         max_length);
char              *_ac_client_redact_path           (const char   *path);
char              *_ac_client_redact_header_line    (const char   *line);
char              *_ac_client_redact_body           (const char   *content_type,
                                                     const guint8 *data,
                                                     gsize         length,
                                                     gsize         max_length);

G_END_DECLS
