/* ac-error-text.h: readable sentences for the errors of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A readable sentence for an error of the client (NULL: "Something went wrong."). */
char *ac_describe_error          (const GError *error);
/* What the sign-in form says when the session went back to signed-out by itself: a refused
 * sign-in, or a remembered session that could not be resumed (resuming). */
char *ac_describe_session_error  (const GError *error,
                                  gboolean      resuming);

/* What the second step of a sign-in says when the server refused its code (recovery: the code
 * was the recovery code). AC_ERROR_NOT_LOGGED_IN: the server ended the sign-in. */
char *ac_describe_second_step_error (const GError *error,
                                     gboolean      recovery);

G_END_DECLS
