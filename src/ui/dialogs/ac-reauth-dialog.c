/* ac-reauth-dialog.c: "Sign In Again" when the session expired, over what the person was doing
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-reauth-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error-text.h"
#include "ac-reauth-dialog.h"

struct _AcReauthDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AcSignInPage *sign_in_page;

  /* Owned references */
  AcSession    *session;
  GCancellable *cancellable;
  char         *account_name;   /* given with the password, for the second step */

  gboolean      signed_in;
};

G_DEFINE_FINAL_TYPE (AcReauthDialog, ac_reauth_dialog, ADW_TYPE_WINDOW)

static void
toast (AcReauthDialog *self,
       const char     *title)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", title);
}

static void
reauthenticated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcReauthDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_session_reauthenticate_finish (AC_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (g_error_matches (error, AC_ERROR, AC_ERROR_MFA_REQUIRED))
    {
      /* Two-step sign-in is on: the authenticator's code (or the recovery code) next. */
      AcClient *client = ac_session_get_client (self->session);
      AcMfaChallenge *challenge = client != NULL ? ac_client_get_mfa_challenge (client) : NULL;
      const char *name = challenge != NULL ? ac_mfa_challenge_get_nickname (challenge) : NULL;

      if ((name == NULL || *name == '\0') && challenge != NULL)
        name = ac_mfa_challenge_get_username (challenge);
      ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_MFA);
      ac_sign_in_page_set_mfa_name (self->sign_in_page,
                                    name != NULL && *name != '\0' ? name : self->account_name);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *message = ac_describe_error (error);

      ac_sign_in_page_set_error (self->sign_in_page, message);
      ac_sign_in_page_set_password (self->sign_in_page, "");
      ac_sign_in_page_focus_first_empty (self->sign_in_page);
      return;
    }

  /* Signed in again: what the person was doing goes on (the session told it). */
  self->signed_in = TRUE;
  toast (self, _("Signed in again"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
second_step_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AcReauthDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_code = NULL;

  if (!ac_session_reauthenticate_second_step_finish (AC_SESSION (object), result, &new_code, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (error != NULL)
    {
      g_autofree char *message =
        ac_describe_second_step_error (error, ac_sign_in_page_get_using_recovery (self->sign_in_page));

      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        {
          /* the server forgot this sign-in: the password again */
          ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
          ac_sign_in_page_set_password (self->sign_in_page, "");
          ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_PASSWORD);
          return;
        }
      ac_sign_in_page_set_mfa_code (self->sign_in_page, "");
      ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_MFA_CODE);
      return;
    }

  self->signed_in = TRUE;
  if (new_code != NULL && *new_code != '\0')
    {
      /* Shown once; the dialog closes when the person has seen it (Continue). */
      ac_sign_in_page_show_recovery_code (self->sign_in_page, new_code);
      return;
    }
  toast (self, _("Signed in again"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
verify_cb (AcReauthDialog *self)
{
  g_autofree char *code = g_strstrip (g_strdup (ac_sign_in_page_get_mfa_code (self->sign_in_page)));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  ac_session_reauthenticate_second_step_async (self->session,
                                               self->account_name != NULL ? self->account_name : "",
                                               code,
                                               ac_sign_in_page_get_using_recovery (self->sign_in_page),
                                               self->cancellable, second_step_cb, self);
}

static void
continue_cb (AcReauthDialog *self)
{
  /* after the new recovery code was shown */
  toast (self, _("Signed in again"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
back_cb (AcReauthDialog *self)
{
  AcClient *client = ac_session_get_client (self->session);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (client != NULL)
    ac_client_cancel_mfa (client);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
  ac_sign_in_page_set_password (self->sign_in_page, "");
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
submit_cb (AcReauthDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_free (self->account_name);
  self->account_name = g_strdup (ac_sign_in_page_get_account (self->sign_in_page));
  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  ac_session_reauthenticate_async (self->session,
                                   ac_sign_in_page_get_account (self->sign_in_page),
                                   ac_sign_in_page_get_password (self->sign_in_page),
                                   self->cancellable, reauthenticated_cb, self);
}

static void
cancel_cb (AcReauthDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
}

static gboolean
ac_reauth_dialog_close_request (GtkWindow *window)
{
  AcReauthDialog *self = AC_REAUTH_DIALOG (window);

  /* Giving up: what was being done is not done; the edits stay on the pages. */
  if (!self->signed_in)
    {
      if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
      ac_session_cancel_reauthentication (self->session);
      toast (self, _("Not signed in. Your changes were not saved."));
    }

  return GTK_WINDOW_CLASS (ac_reauth_dialog_parent_class)->close_request (window);
}

static void
ac_reauth_dialog_dispose (GObject *object)
{
  AcReauthDialog *self = AC_REAUTH_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->account_name, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_REAUTH_DIALOG);

  G_OBJECT_CLASS (ac_reauth_dialog_parent_class)->dispose (object);
}

static void
ac_reauth_dialog_class_init (AcReauthDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ac_reauth_dialog_dispose;
  window_class->close_request = ac_reauth_dialog_close_request;

  g_type_ensure (AC_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-reauth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcReauthDialog, sign_in_page);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);

  /* Escape gives up, like the close button. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ac_reauth_dialog_init (AcReauthDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->sign_in_page, "verify", G_CALLBACK (verify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "continue", G_CALLBACK (continue_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "back", G_CALLBACK (back_cb), self, G_CONNECT_SWAPPED);

  ac_sign_in_page_set_server_locked (self->sign_in_page, TRUE);
  ac_sign_in_page_set_title (self->sign_in_page, _("Your Session Has Expired"),
                             _("Sign in again to continue. Your changes are kept and will be saved once you are signed in."));
}

GtkWidget *
ac_reauth_dialog_new (GtkWindow  *parent,
                      AcSession  *session,
                      const char *account_name)
{
  AcReauthDialog *self;
  AcClient *client;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AC_IS_SESSION (session), NULL);

  self = g_object_new (AC_TYPE_REAUTH_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);

  client = ac_session_get_client (session);
  if (client != NULL)
    {
      ac_sign_in_page_set_host (self->sign_in_page, ac_client_get_host (client));
      ac_sign_in_page_set_app_id (self->sign_in_page, ac_client_get_app_id (client));
    }
  ac_sign_in_page_set_account (self->sign_in_page, account_name);
  ac_sign_in_page_focus_first_empty (self->sign_in_page);

  return GTK_WIDGET (self);
}

AcSignInPage *
ac_reauth_dialog_get_sign_in_page (AcReauthDialog *self)
{
  g_return_val_if_fail (AC_IS_REAUTH_DIALOG (self), NULL);
  return self->sign_in_page;
}
