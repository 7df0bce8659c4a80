/* ac-password-dialog.c: "Change Password": the current one, the new one twice, a live meter
 *
 * The meter rates with ac_password_strength_level(), the server's own rules; the policy is
 * checked before anything is sent. What is typed stays in the fields after any error.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-password-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-code-button.h"
#include "ac-error-text.h"
#include "ac-password-dialog.h"

/* Nobody types a password this long; a 1 MB paste gets a sentence, not a request. */
#define MAX_PASSWORD_CHARS 128

struct _AcPasswordDialog
{
  AdwWindow     parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget    *current_group;
  GtkWidget    *current_row;
  GtkLabel     *current_error;
  GtkWidget    *new_row;
  GtkWidget    *confirm_row;
  GtkLabel     *new_error;
  GtkLevelBar  *strength_bar;
  GtkLabel     *strength_label;
  GtkWidget    *change_button;
  GtkStack     *button_stack;
  GtkSpinner   *spinner;

  AcAccount    *account;
  GCancellable *cancellable;
  gboolean      has_password;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (AcPasswordDialog, ac_password_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
username_of (AcPasswordDialog *self)
{
  AcUserInfo *user = ac_account_get_user (self->account);

  return user != NULL ? ac_user_info_get_username (user) : NULL;
}

static void
update_strength (AcPasswordDialog *self)
{
  const char *password = text_of (self->new_row);
  int level = g_utf8_strlen (password, -1) > MAX_PASSWORD_CHARS ? 0
              : ac_password_strength_level (password);
  const char *hint = level > 0 ? ac_password_strength_hint (level) : NULL;
  g_autofree char *text = NULL;

  gtk_level_bar_set_value (self->strength_bar, level);
  if (level == 0)
    text = g_strdup (_("Use at least 8 characters with letters and digits."));
  else if (hint != NULL)
    /* Translators: "Strength: Weak. <advice>" */
    text = g_strdup_printf (_("Strength: %s. %s"), ac_password_strength_label (level), hint);
  else
    /* Translators: %s is Strong */
    text = g_strdup_printf (_("Strength: %s."), ac_password_strength_label (level));
  gtk_label_set_text (self->strength_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->strength_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  level > 0 ? ac_password_strength_label (level) : _("Nothing typed yet"),
                                  -1);
}

/* A sentence for what is wrong with the new password as typed, or NULL. */
static char *
check_new (AcPasswordDialog *self)
{
  const char *password = text_of (self->new_row);
  const char *confirm = text_of (self->confirm_row);
  g_autoptr(GError) error = NULL;

  if (*password == '\0')
    return NULL;
  if (g_utf8_strlen (password, -1) > MAX_PASSWORD_CHARS)
    return g_strdup_printf (_("Use at most %d characters."), MAX_PASSWORD_CHARS);
  if (!ac_password_strength_check_policy (password, username_of (self), &error))
    return g_strdup (error->message);
  if (*confirm != '\0' && g_strcmp0 (password, confirm) != 0)
    return g_strdup (_("The two new passwords are not the same."));
  return NULL;
}

static void
update_button (AcPasswordDialog *self)
{
  g_autofree char *problem = check_new (self);
  gboolean ready = !self->busy && problem == NULL &&
                   *text_of (self->new_row) != '\0' &&
                   g_strcmp0 (text_of (self->new_row), text_of (self->confirm_row)) == 0 &&
                   (!self->has_password || *text_of (self->current_row) != '\0');

  gtk_widget_set_sensitive (self->change_button, ready);
}

static void
changed_cb (AcPasswordDialog *self,
            GtkEditable      *editable)
{
  g_autofree char *problem = NULL;

  if (GTK_WIDGET (editable) == self->current_row)
    ac_field_set_error (self->current_row, self->current_error, NULL);
  else
    {
      update_strength (self);
      problem = check_new (self);
      /* Said only once both are typed, or when the new one alone is refused. */
      ac_field_set_error (GTK_WIDGET (editable) == self->confirm_row ? self->confirm_row : self->new_row,
                          self->new_error, problem);
      if (problem == NULL)
        {
          ac_field_set_error (self->new_row, NULL, NULL);
          ac_field_set_error (self->confirm_row, NULL, NULL);
        }
    }
  update_button (self);
}

static void
set_busy (AcPasswordDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_stack_set_visible_child_name (self->button_stack, busy ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The fields stay as they are (an insensitive field would lose the focus without a
   * focus-out); the button is what waits. */
  update_button (self);
}

static void
changed_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcPasswordDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!ac_account_change_password_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error == NULL)
    {
      parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s",
                                    _("Password changed. Your other devices were signed out."));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_OLD_PASSWORD_WRONG) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_PASSWORD))
    {
      ac_field_set_error (self->current_row, self->current_error,
                          _("The current password is wrong."));
      gtk_widget_grab_focus (self->current_row);
    }
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT) ||
           g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER))
    {
      /* The policy said no: the server's sentence, on the new password. */
      ac_field_set_error (self->new_row, self->new_error, error->message);
      gtk_widget_grab_focus (self->new_row);
    }
  else
    {
      g_autofree char *message = ac_describe_error (error);
      ac_field_set_error (NULL, self->new_error, message);
    }
}

static void
change_clicked_cb (AcPasswordDialog *self)
{
  if (!gtk_widget_get_sensitive (self->change_button) || self->busy)
    return;

  ac_field_set_error (self->current_row, self->current_error, NULL);
  ac_field_set_error (self->new_row, self->new_error, NULL);
  set_busy (self, TRUE);
  ac_account_change_password_async (self->account,
                                    self->has_password ? text_of (self->current_row) : NULL,
                                    text_of (self->new_row), self->cancellable,
                                    changed_done_cb, self);
}

static void
activate_cb (AcPasswordDialog *self)
{
  change_clicked_cb (self);
}

static void
ac_password_dialog_dispose (GObject *object)
{
  AcPasswordDialog *self = AC_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_PASSWORD_DIALOG);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ac_password_dialog_parent_class)->dispose (object);
}

static void
ac_password_dialog_finalize (GObject *object)
{
  AcPasswordDialog *self = AC_PASSWORD_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ac_password_dialog_parent_class)->finalize (object);
}

static void
ac_password_dialog_class_init (AcPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_password_dialog_dispose;
  object_class->finalize = ac_password_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, current_group);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, current_error);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, new_error);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, strength_label);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, AcPasswordDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ac_password_dialog_init (AcPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* The named offsets give the meter its weak, medium and strong colours. */
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 1.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 2.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 3.0);
  update_strength (self);
}

GtkWidget *
ac_password_dialog_new (GtkWindow *parent,
                        AcAccount *account)
{
  AcPasswordDialog *self;
  AcSecurityLevel *level;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  self = g_object_new (AC_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  level = ac_account_get_security_level (account);
  /* Unknown: ask for it, the server refuses a change without it anyway. */
  self->has_password = level == NULL || ac_security_level_get_password (level);
  gtk_widget_set_visible (self->current_group, self->has_password);
  if (!self->has_password)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Set a Password"));
      adw_window_title_set_title (self->window_title, _("Set a Password"));
      gtk_widget_grab_focus (self->new_row);
    }
  else
    gtk_widget_grab_focus (self->current_row);
  return GTK_WIDGET (self);
}

GtkWidget *
ac_password_dialog_get_current_row (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return self->current_row;
}

GtkWidget *
ac_password_dialog_get_new_row (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return self->new_row;
}

GtkWidget *
ac_password_dialog_get_confirm_row (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return self->confirm_row;
}

GtkWidget *
ac_password_dialog_get_change_button (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return self->change_button;
}

const char *
ac_password_dialog_get_current_error (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_label_get_text (self->current_error);
}

const char *
ac_password_dialog_get_new_error (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_label_get_text (self->new_error);
}

int
ac_password_dialog_get_strength (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), 0);
  return (int) gtk_level_bar_get_value (self->strength_bar);
}

gboolean
ac_password_dialog_get_busy (AcPasswordDialog *self)
{
  g_return_val_if_fail (AC_IS_PASSWORD_DIALOG (self), FALSE);
  return self->busy;
}
