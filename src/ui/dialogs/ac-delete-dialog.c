/* ac-delete-dialog.c: "Delete Account?": names the consequence, asks for the username
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-delete-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-delete-dialog.h"

struct _AcDeleteDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkLabel        *prompt_label;
  GtkWidget       *username_entry;

  char            *username;
};

G_DEFINE_FINAL_TYPE (AcDeleteDialog, ac_delete_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
entry_changed_cb (AcDeleteDialog *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "delete",
                                           self->username != NULL && *self->username != '\0' &&
                                           g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->username_entry)),
                                                      self->username) == 0);
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

  G_OBJECT_CLASS (ac_delete_dialog_parent_class)->finalize (object);
}

static void
ac_delete_dialog_dispose (GObject *object)
{
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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-delete-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, AcDeleteDialog, username_entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
ac_delete_dialog_init (AcDeleteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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

  return GTK_WIDGET (self);
}

GtkWidget *
ac_delete_dialog_get_entry (AcDeleteDialog *self)
{
  g_return_val_if_fail (AC_IS_DELETE_DIALOG (self), NULL);
  return self->username_entry;
}
