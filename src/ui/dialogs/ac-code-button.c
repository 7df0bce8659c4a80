/* ac-code-button.c: "Send Code" with its countdown; code entries that keep the digits
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-code-button"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-code-button.h"

struct _AcCodeButton
{
  GtkButton  parent_instance;

  guint      remaining;
  guint      timeout_id;
  gboolean   sent;
};

G_DEFINE_FINAL_TYPE (AcCodeButton, ac_code_button, GTK_TYPE_BUTTON)

static void
update_label (AcCodeButton *self)
{
  if (self->remaining > 0)
    {
      /* Translators: %u is a number of seconds */
      g_autofree char *label = g_strdup_printf (_("Resend in %u s"), self->remaining);

      gtk_button_set_label (GTK_BUTTON (self), label);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self), self->sent ? _("Send _Again") : _("Send _Code"));
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->remaining == 0);
}

static gboolean
tick_cb (gpointer user_data)
{
  AcCodeButton *self = user_data;

  if (self->remaining > 0)
    self->remaining--;
  update_label (self);
  if (self->remaining == 0)
    {
      self->timeout_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
ac_code_button_start_countdown (AcCodeButton *self,
                                guint         seconds)
{
  g_return_if_fail (AC_IS_CODE_BUTTON (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->sent = TRUE;
  self->remaining = seconds;
  if (seconds > 0)
    self->timeout_id = g_timeout_add_seconds (1, tick_cb, self);
  update_label (self);
}

guint
ac_code_button_get_remaining (AcCodeButton *self)
{
  g_return_val_if_fail (AC_IS_CODE_BUTTON (self), 0);
  return self->remaining;
}

gboolean
ac_code_button_get_sent (AcCodeButton *self)
{
  g_return_val_if_fail (AC_IS_CODE_BUTTON (self), FALSE);
  return self->sent;
}

void
ac_code_button_reset (AcCodeButton *self)
{
  g_return_if_fail (AC_IS_CODE_BUTTON (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->remaining = 0;
  update_label (self);
}

static void
ac_code_button_dispose (GObject *object)
{
  AcCodeButton *self = AC_CODE_BUTTON (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  G_OBJECT_CLASS (ac_code_button_parent_class)->dispose (object);
}

static void
ac_code_button_class_init (AcCodeButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ac_code_button_dispose;
}

static void
ac_code_button_init (AcCodeButton *self)
{
  gtk_button_set_use_underline (GTK_BUTTON (self), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  update_label (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Send a verification code"), -1);
}

GtkWidget *
ac_code_button_new (void)
{
  return g_object_new (AC_TYPE_CODE_BUTTON, NULL);
}

/* Code entries */

static void
code_changed_cb (GtkEditable *editable,
                 gpointer     user_data)
{
  guint max_digits = GPOINTER_TO_UINT (user_data);
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0' && digits->len < max_digits; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (g_strcmp0 (digits->str, text) != 0)
    {
      g_signal_handlers_block_by_func (editable, code_changed_cb, user_data);
      gtk_editable_set_text (editable, digits->str);
      gtk_editable_set_position (editable, -1);
      g_signal_handlers_unblock_by_func (editable, code_changed_cb, user_data);
    }
}

void
ac_code_entry_setup (GtkEditable *editable,
                     guint        max_digits)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  g_signal_connect (editable, "changed", G_CALLBACK (code_changed_cb),
                    GUINT_TO_POINTER (max_digits));
  if (GTK_IS_ENTRY (editable))
    gtk_entry_set_input_purpose (GTK_ENTRY (editable), GTK_INPUT_PURPOSE_DIGITS);
}

void
ac_field_set_error (GtkWidget  *field,
                    GtkLabel   *label,
                    const char *message)
{
  gboolean error = message != NULL && *message != '\0';

  if (label != NULL)
    {
      gtk_label_set_text (label, error ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (label), error);
    }
  if (field != NULL)
    {
      if (error)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                   error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}
