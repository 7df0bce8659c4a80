/* ac-code-button.h: "Send Code" that counts down the 60 s before another code may be asked for,
 * and code entries that keep the digits of what is pasted
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The service's resend limit (protocol-security.md §3) */
#define AC_CODE_RESEND_SECONDS 60

#define AC_TYPE_CODE_BUTTON (ac_code_button_get_type ())

G_DECLARE_FINAL_TYPE (AcCodeButton, ac_code_button, AC, CODE_BUTTON, GtkButton)

/* "Send Code"; clicked emits GtkButton::clicked as usual. */
GtkWidget *ac_code_button_new             (void);
/* A code was sent: insensitive, "Resend in N s" for @seconds, then "Send Again". */
void       ac_code_button_start_countdown (AcCodeButton *self,
                                           guint         seconds);
/* Seconds left (0: a code may be asked for) */
guint      ac_code_button_get_remaining   (AcCodeButton *self);
/* Whether the countdown is running or the button sent once already */
gboolean   ac_code_button_get_sent        (AcCodeButton *self);
/* Not busy and not counting down: sensitive again (after a failed send) */
void       ac_code_button_reset           (AcCodeButton *self);

/* Makes @editable a code entry: whatever is typed or pasted ("123 456", "Your code is
 * 123456") keeps its digits, at most @max_digits. */
void       ac_code_entry_setup            (GtkEditable  *editable,
                                           guint         max_digits);

/* Shows @message under a field (a GtkLabel with the "error" style) and marks @field as
 * invalid for assistive technologies; NULL clears both. */
void       ac_field_set_error             (GtkWidget    *field,
                                           GtkLabel     *label,
                                           const char   *message);

G_END_DECLS
