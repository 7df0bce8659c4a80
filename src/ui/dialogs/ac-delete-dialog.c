/* ac-delete-dialog.c: "Delete Account?": names the consequence, asks for the username and a
 * proof that it is the person: the password, or a code sent to the bound phone or e-mail
 * address when the account has no password (protocol-security.md §8)
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-delete-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-code-button.h"
#include "ac-delete-dialog.h"
#include "ac-error-text.h"

#define CODE_DIGITS 6

struct _AcDeleteDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkLabel        *prompt_label;
  GtkWidget       *username_entry;
  GtkLabel        *proof_label;
  GtkWidget       *password_entry;
  GtkWidget       *code_box;
  GtkWidget       *code_entry;
  GtkWidget       *send_button;
  GtkLabel        *error_label;

  char            *username;
  AcAccount       *account;
  GCancellable    *cancellable;
  gboolean         with_code;
  AcCodeChannel    channel;
  char            *address;     /* where the code goes */
  gboolean         sending;
};

G_DEFINE_FINAL_TYPE (AcDeleteDialog, ac_delete_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
proof_given (AcDeleteDialog *self)
{
  if (self->with_code)
    return strlen (gtk_editable_get_text (GTK_EDITABLE (self->code_entry))) == CODE_DIGITS;
  return *gtk_editable_get_text (GTK_EDITABLE (self->password_entry)) != '\0';
}

static void
entry_changed_cb (AcDeleteDialog *self,
                  GtkEditable    *editable)
{
  if (GTK_WIDGET (editable) != self->username_entry)
    ac_delete_dialog_set_error (self, NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "delete",
                                           self->username != NULL && *self->username != '\0' &&
                                           g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->username_entry)),
                                                      self->username) == 0 &&
                                           proof_given (self));
}

/* Show or hide the password. (A plain GtkEntry: GTK 4.8's GtkPasswordEntry warns when its
 * hidden, realized window is destroyed.) */
static void
peek_cb (AcDeleteDialog *self)
{
  GtkEntry *entry = GTK_ENTRY (self->password_entry);
  gboolean visible = !gtk_entry_get_visibility (entry);

  gtk_entry_set_visibility (entry, visible);
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                     visible ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY,
                                   visible ? _("Hide the password") : _("Show the password"));
}

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcDeleteDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_send_code_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;
  if (error == NULL || g_error_matches (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON))
    ac_code_button_start_countdown (AC_CODE_BUTTON (self->send_button), AC_CODE_RESEND_SECONDS);
  else
    ac_code_button_reset (AC_CODE_BUTTON (self->send_button));

  if (error == NULL)
    gtk_widget_grab_focus (self->code_entry);
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON))
    ac_delete_dialog_set_error (self, _("A code was sent less than a minute ago. Wait a little before asking again."));
  else
    {
      g_autofree char *message = ac_describe_error (error);
      ac_delete_dialog_set_error (self, message);
    }
}

static void
send_clicked_cb (AcDeleteDialog *self)
{
  if (self->sending || self->account == NULL || self->address == NULL ||
      ac_code_button_get_remaining (AC_CODE_BUTTON (self->send_button)) > 0)
    return;
  self->sending = TRUE;
  gtk_widget_set_sensitive (self->send_button, FALSE);
  ac_account_send_code_async (self->account, self->channel, self->address, NULL,
                              AC_EMAIL_SCENE_VERIFY_CODE, self->cancellable, code_sent_cb, self);
}

static void
entry_activate_cb (AcDeleteDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "delete"))
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "delete");
}

static void
ac_delete_dialog_finalize (GObject *object)
{
  AcDeleteDialog *self = AC_DELETE_DIALOG (object);

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ac_delete_dialog_parent_class)->finalize (object);
}

static void
ac_delete_dialog_dispose (GObject *object)
{
  AcDeleteDialog *self = AC_DELETE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_DELETE_DIALOG);

  G_OBJECT_CLASS (ac_delete_dialog_parent_class)->dispose (object);
}

static void
ac_delete_dialog_class_init (AcDeleteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_delete_dialog_dispose;
  object_class->finalize = ac_delete_dialog_finalize;

  g_type_ensure (AC_TYPE_CODE_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-delete-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, proof_label);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, code_box);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, peek_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
ac_delete_dialog_init (AcDeleteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ac_code_entry_setup (GTK_EDITABLE (self->code_entry), CODE_DIGITS);
  /* Closed by a response, kept (hidden) by whoever deletes: a wrong password shows it again
   * with everything typed. */
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete Account"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "delete", FALSE);
}

GtkWidget *
ac_delete_dialog_new (GtkWindow  *parent,
                      AcAccount  *account,
                      const char *fallback_username)
{
  AcDeleteDialog *self;
  AcUserInfo *user;
  const char *username;
  g_autofree char *apps = NULL;
  g_autofree char *orgs = NULL;
  g_autofree char *body = NULL;
  g_autofree char *prompt = NULL;
  guint n_apps, n_orgs;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  self = g_object_new (AC_TYPE_DELETE_DIALOG, "transient-for", parent, NULL);

  user = ac_account_get_user (account);
  username = user != NULL ? ac_user_info_get_username (user) : NULL;
  if (username == NULL || *username == '\0')
    username = fallback_username;
  self->username = g_strdup (username);

  n_apps = ac_account_get_applications_total (account);
  n_orgs = g_list_model_get_n_items (ac_account_get_organizations (account));
  apps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "access to %u application", "access to %u applications", n_apps), n_apps);
  orgs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "your membership in %u organization", "your memberships in %u organizations", n_orgs), n_orgs);
  /* Translators: the first %s is "access to N applications", the second "your memberships in N organizations" */
  body = g_strdup_printf (_("Your profile, your custom data, %s and %s will be lost. This cannot be undone."), apps, orgs);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  /* Translators: %s is the username */
  prompt = g_strdup_printf (_("To confirm, type your username “%s”:"), username ? username : "");
  gtk_label_set_text (self->prompt_label, prompt);

  self->account = g_object_ref (account);
  {
    AcSecurityLevel *level = ac_account_get_security_level (account);
    const char *phone = user != NULL ? ac_user_info_get_phone (user) : NULL;
    const char *email = user != NULL ? ac_user_info_get_email (user) : NULL;

    /* Without a password (as far as the security level tells), a code proves it. */
    self->with_code = level != NULL && !ac_security_level_get_password (level) &&
                      ((phone != NULL && *phone != '\0') || (email != NULL && *email != '\0'));
    if (self->with_code)
      {
        g_autofree char *text = NULL;

        if (phone != NULL && *phone != '\0')
          {
            self->channel = AC_CODE_CHANNEL_SMS;
            self->address = g_strdup (phone);
          }
        else
          {
            self->channel = AC_CODE_CHANNEL_EMAIL;
            self->address = g_strdup (email);
          }
        /* Translators: %s is the phone number or e-mail address */
        text = g_strdup_printf (_("To prove it is you, send a code to %s and type it here:"), self->address);
        gtk_label_set_text (self->proof_label, text);
      }
    else
      gtk_label_set_text (self->proof_label, _("To prove it is you, type your password:"));
    gtk_widget_set_visible (self->password_entry, !self->with_code);
    gtk_widget_set_visible (self->code_box, self->with_code);
  }

  return GTK_WIDGET (self);
}

const char *
ac_delete_dialog_get_password (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return self->with_code ? NULL : gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
}

const char *
ac_delete_dialog_get_code (AcDeleteDialog *self,
                           AcCodeChannel  *channel)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  if (channel != NULL)
    *channel = self->channel;
  return self->with_code ? gtk_editable_get_text (GTK_EDITABLE (self->code_entry)) : NULL;
}

void
ac_delete_dialog_set_error (AcDeleteDialog *self,
                            const char     *message)
{
  g_return_if_fail (AC_IS_DELETE_DIALOG (self));
  ac_field_set_error (self->with_code ? self->code_entry : self->password_entry,
                      self->error_label, message);
}

const char *
ac_delete_dialog_get_error (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return gtk_label_get_text (self->error_label);
}

GtkWidget *
ac_delete_dialog_get_proof_entry (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return self->with_code ? self->code_entry : self->password_entry;
}

GtkWidget *
ac_delete_dialog_get_send_button (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return self->send_button;
}

GtkWidget *
ac_delete_dialog_get_entry (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return self->username_entry;
}
