/* ac-address-dialog.c: bind or change the e-mail address or the phone, with codes
 *
 * Binding sends a code to the new value; changing a bound value needs a code sent to the
 * current one too (protocol-security.md §4). Each "Send Code" counts down the service's 60 s.
 * Errors are said under the field they concern; what is typed stays.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-address-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-address-dialog.h"
#include "ac-code-button.h"
#include "ac-error-text.h"
#include "ac-tooltip.h"

#define CODE_DIGITS 6
/* The service's own limit for an address (protocol-security.md §3) */
#define MAX_ADDRESS_BYTES 254

struct _AcAddressDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkStack       *button_stack;
  GtkSpinner     *spinner;
  GtkWidget      *old_group;
  AdwActionRow   *old_row;
  GtkWidget      *old_send_button;
  GtkWidget      *old_code_row;
  GtkLabel       *old_error;
  GtkWidget      *country_row;
  GtkWidget      *address_row;
  GtkWidget      *new_send_button;
  GtkLabel       *address_error;
  GtkWidget      *code_row;
  GtkLabel       *code_error;
  GtkLabel       *hint_label;

  AcAccount      *account;
  AcCodeChannel   channel;
  char           *old_value;     /* the bound value, NULL when binding */
  GCancellable   *cancellable;
  guint           in_flight;
  gboolean        saving;
};

G_DEFINE_FINAL_TYPE (AcAddressDialog, ac_address_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_phone (AcAddressDialog *self)
{
  return self->channel == AC_CODE_CHANNEL_SMS;
}

/* What is wrong with the typed address, or NULL. Checked before anything is sent, with the
 * service's rules: an e-mail address has one @ and a dotted domain; a phone 5 to 20 digits. */
static const char *
check_address (AcAddressDialog *self,
               const char      *text)
{
  if (*text == '\0')
    return is_phone (self) ? _("Enter a phone number.") : _("Enter an e-mail address.");

  if (strlen (text) > MAX_ADDRESS_BYTES || !g_str_is_ascii (text))
    return is_phone (self) ? _("This is not a phone number.") : _("This is not an e-mail address.");

  if (is_phone (self))
    {
      gsize n = strlen (text);

      if (n < 5 || n > 20)
        return _("This is not a phone number.");
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return _("This is not a phone number.");
    }
  else
    {
      const char *at = strchr (text, '@');

      if (at == NULL || at == text || strchr (at + 1, '@') != NULL ||
          strchr (at + 1, '.') == NULL || strchr (text, ' ') != NULL)
        return _("This is not an e-mail address.");
    }

  if (self->old_value != NULL && g_ascii_strcasecmp (text, self->old_value) == 0)
    return is_phone (self) ? _("This is your current phone number.")
                           : _("This is your current e-mail address.");
  return NULL;
}

static void
update_busy (AcAddressDialog *self)
{
  gboolean ready;

  gtk_stack_set_visible_child_name (self->button_stack, self->saving ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, self->saving);

  ready = !self->saving &&
          check_address (self, text_of (self->address_row)) == NULL &&
          strlen (text_of (self->code_row)) == CODE_DIGITS &&
          (self->old_value == NULL || strlen (text_of (self->old_code_row)) == CODE_DIGITS);
  gtk_widget_set_sensitive (self->save_button, ready);
}

static void
changed_cb (AcAddressDialog *self,
            GtkEditable     *editable)
{
  GtkWidget *widget = GTK_WIDGET (editable);

  if (widget == self->address_row || widget == self->country_row)
    ac_field_set_error (self->address_row, self->address_error, NULL);
  else if (widget == self->code_row)
    ac_field_set_error (self->code_row, self->code_error, NULL);
  else if (widget == self->old_code_row)
    ac_field_set_error (self->old_code_row, self->old_error, NULL);
  update_busy (self);
}

/* A sentence for a refused send, and whether it concerns the address itself. */
static char *
describe_send_error (AcAddressDialog *self,
                     const GError    *error)
{
  if (g_error_matches (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON))
    return g_strdup (_("A code was sent less than a minute ago. Wait a little before asking again."));
  if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_EMAIL) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_EMAIL_ADDRESS))
    return g_strdup (_("This is not an e-mail address."));
  if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT))
    return g_strdup (is_phone (self) ? _("This is not a phone number.")
                                     : _("This is not an e-mail address."));
  return ac_describe_error (error);
}

typedef struct
{
  AcAddressDialog *self;
  gboolean         old;
} SendData;

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree SendData *data = user_data;
  AcAddressDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  AcCodeButton *button;

  if (!ac_account_send_code_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->in_flight--;
  button = AC_CODE_BUTTON (data->old ? self->old_send_button : self->new_send_button);
  if (error == NULL)
    {
      ac_code_button_start_countdown (button, AC_CODE_RESEND_SECONDS);
      gtk_widget_grab_focus (data->old ? self->old_code_row : self->code_row);
    }
  else
    {
      g_autofree char *message = describe_send_error (self, error);

      if (g_error_matches (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON))
        ac_code_button_start_countdown (button, AC_CODE_RESEND_SECONDS);
      else
        ac_code_button_reset (button);
      if (data->old)
        ac_field_set_error (self->old_code_row, self->old_error, message);
      else
        ac_field_set_error (self->address_row, self->address_error, message);
    }
  update_busy (self);
}

static void
send_code (AcAddressDialog *self,
           gboolean         old)
{
  const char *address = old ? self->old_value : text_of (self->address_row);
  const char *country = NULL;
  SendData *data;

  if (!old)
    {
      const char *problem = check_address (self, address);

      if (problem != NULL)
        {
          ac_field_set_error (self->address_row, self->address_error, problem);
          return;
        }
      if (is_phone (self) && *text_of (self->country_row) != '\0')
        country = text_of (self->country_row);
    }

  data = g_new0 (SendData, 1);
  data->self = self;
  data->old = old;
  self->in_flight++;
  gtk_widget_set_sensitive (old ? self->old_send_button : self->new_send_button, FALSE);
  ac_account_send_code_async (self->account, self->channel, address, country,
                              AC_EMAIL_SCENE_CHANGE_EMAIL, self->cancellable, code_sent_cb, data);
}

static void
send_old_cb (AcAddressDialog *self)
{
  if (ac_code_button_get_remaining (AC_CODE_BUTTON (self->old_send_button)) == 0)
    send_code (self, TRUE);
}

static void
send_new_cb (AcAddressDialog *self)
{
  if (ac_code_button_get_remaining (AC_CODE_BUTTON (self->new_send_button)) == 0 &&
      gtk_widget_get_sensitive (self->new_send_button))
    send_code (self, FALSE);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AcAddressDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!ac_account_set_address_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->in_flight--;
  self->saving = FALSE;
  update_busy (self);

  if (error == NULL)
    {
      const char *text;

      if (is_phone (self))
        text = self->old_value ? _("Phone number changed") : _("Phone number bound");
      else
        text = self->old_value ? _("E-mail address changed") : _("E-mail address bound");
      parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", text);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE))
    {
      if (self->old_value != NULL)
        {
          ac_field_set_error (self->old_code_row, NULL, "x");
          ac_field_set_error (self->code_row, self->code_error,
                              _("A code is wrong or has expired. Check both codes, or ask for new ones."));
        }
      else
        ac_field_set_error (self->code_row, self->code_error,
                            _("The code is wrong or has expired. Check it, or ask for a new one."));
      gtk_widget_grab_focus (self->code_row);
    }
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_PHONE_ALREADY_BOUND) ||
           g_error_matches (error, AC_ERROR, AC_ERROR_PHONE_IN_USE))
    ac_field_set_error (self->address_row, self->address_error,
                        _("This phone number is already used by an account."));
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_USER_EXISTS))
    ac_field_set_error (self->address_row, self->address_error,
                        _("This e-mail address is already used by another account."));
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_SAME_PHONE))
    ac_field_set_error (self->address_row, self->address_error,
                        _("This is your current phone number."));
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER) ||
           g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT))
    ac_field_set_error (self->address_row, self->address_error, error->message);
  else
    {
      g_autofree char *message = ac_describe_error (error);
      ac_field_set_error (NULL, self->code_error, message);
    }
}

static void
save_clicked_cb (AcAddressDialog *self)
{
  const char *country = NULL;

  if (self->saving || !gtk_widget_get_sensitive (self->save_button))
    return;

  if (is_phone (self) && *text_of (self->country_row) != '\0')
    country = text_of (self->country_row);
  self->saving = TRUE;
  self->in_flight++;
  update_busy (self);
  ac_account_set_address_async (self->account, self->channel, text_of (self->address_row),
                                country, text_of (self->code_row),
                                self->old_value ? text_of (self->old_code_row) : NULL,
                                self->cancellable, saved_cb, self);
}

static void
activate_cb (AcAddressDialog *self)
{
  save_clicked_cb (self);
}

static void
ac_address_dialog_dispose (GObject *object)
{
  AcAddressDialog *self = AC_ADDRESS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_ADDRESS_DIALOG);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ac_address_dialog_parent_class)->dispose (object);
}

static void
ac_address_dialog_finalize (GObject *object)
{
  AcAddressDialog *self = AC_ADDRESS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->old_value);
  G_OBJECT_CLASS (ac_address_dialog_parent_class)->finalize (object);
}

static void
ac_address_dialog_class_init (AcAddressDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_address_dialog_dispose;
  object_class->finalize = ac_address_dialog_finalize;

  g_type_ensure (AC_TYPE_CODE_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-address-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, old_group);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, old_row);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, old_send_button);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, old_code_row);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, old_error);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, new_send_button);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, address_error);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, code_error);
  gtk_widget_class_bind_template_child (widget_class, AcAddressDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_old_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_new_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ac_address_dialog_init (AcAddressDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ac_code_entry_setup (GTK_EDITABLE (self->code_row), CODE_DIGITS);
  ac_code_entry_setup (GTK_EDITABLE (self->old_code_row), CODE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->old_send_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Send a code to the current value"), -1);
}

GtkWidget *
ac_address_dialog_new (GtkWindow     *parent,
                       AcAccount     *account,
                       AcCodeChannel  channel)
{
  AcAddressDialog *self;
  AcUserInfo *user;
  const char *bound;
  const char *title;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  self = g_object_new (AC_TYPE_ADDRESS_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  self->channel = channel;

  user = ac_account_get_user (account);
  bound = user == NULL ? NULL
          : channel == AC_CODE_CHANNEL_SMS ? ac_user_info_get_phone (user)
                                           : ac_user_info_get_email (user);
  if (bound != NULL && *bound != '\0')
    self->old_value = g_strdup (bound);

  if (channel == AC_CODE_CHANNEL_SMS)
    {
      title = self->old_value ? _("Change Phone Number") : _("Bind a Phone Number");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                     self->old_value ? _("New Phone Number") : _("Phone Number"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->old_row), _("Current Phone Number"));
      gtk_widget_set_visible (self->country_row, TRUE);
      gtk_label_set_text (self->hint_label,
                          _("Send a code to the number, then type the code you received."));
      ac_widget_set_tooltip (self->new_send_button, _("Send a code by SMS to this number"));
    }
  else
    {
      title = self->old_value ? _("Change E-mail Address") : _("Bind an E-mail Address");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                     self->old_value ? _("New E-mail Address") : _("E-mail Address"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->old_row), _("Current E-mail Address"));
      gtk_label_set_text (self->hint_label,
                          _("Send a code to the address, then type the code you received."));
      ac_widget_set_tooltip (self->new_send_button, _("Send a code to this address"));
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  gtk_button_set_label (GTK_BUTTON (self->save_button), self->old_value ? _("C_hange") : _("_Bind"));

  if (self->old_value != NULL)
    {
      gtk_widget_set_visible (self->old_group, TRUE);
      adw_action_row_set_subtitle (self->old_row, self->old_value);
      gtk_label_set_text (self->hint_label,
                          _("To change it, a code is sent to the current value and one to the new value."));
    }

  update_busy (self);
  gtk_widget_grab_focus (self->address_row);
  return GTK_WIDGET (self);
}

GtkWidget *
ac_address_dialog_get_address_row (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->address_row;
}

GtkWidget *
ac_address_dialog_get_code_row (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->code_row;
}

GtkWidget *
ac_address_dialog_get_old_code_row (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->old_code_row;
}

GtkWidget *
ac_address_dialog_get_send_button (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->new_send_button;
}

GtkWidget *
ac_address_dialog_get_old_send_button (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->old_send_button;
}

GtkWidget *
ac_address_dialog_get_save_button (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return self->save_button;
}

const char *
ac_address_dialog_get_address_error (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return gtk_label_get_text (self->address_error);
}

const char *
ac_address_dialog_get_code_error (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return gtk_label_get_text (self->code_error);
}

const char *
ac_address_dialog_get_old_error (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), NULL);
  return gtk_label_get_text (self->old_error);
}

gboolean
ac_address_dialog_get_busy (AcAddressDialog *self)
{
  g_return_val_if_fail (AC_IS_ADDRESS_DIALOG (self), FALSE);
  return self->in_flight > 0;
}
