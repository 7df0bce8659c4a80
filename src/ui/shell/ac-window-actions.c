/* ac-window-actions.c: the window's actions, shortcuts, toasts and dialogs
 *
 * Every action works on the session (refresh, sign out, delete) or on the visible page through
 * the AcPage contract (save). Pages and dialogs show toasts through "win.toast".
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-a11y.h"
#include "ac-delete-dialog.h"
#include "ac-error-text.h"
#include "ac-page.h"
#include "ac-reauth-dialog.h"
#include "ac-window-private.h"

/* The number of pages Ctrl+1…9 and Ctrl+0 reach (the sidebar's entries). */
#define N_PAGE_SHORTCUTS 10

static gboolean
session_open (AcWindow *self)
{
  AcSessionState state = ac_session_get_state (self->session);

  return state == AC_SESSION_STATE_LOADING || state == AC_SESSION_STATE_READY ||
         state == AC_SESSION_STATE_EXPIRED;
}

static AcPage *
visible_page (AcWindow *self)
{
  GtkWidget *child = self->content_stack != NULL ? gtk_stack_get_visible_child (self->content_stack) : NULL;

  return AC_IS_PAGE (child) ? AC_PAGE (child) : NULL;
}

void
_ac_window_update_actions (AcWindow *self)
{
  gboolean open = session_open (self) && !self->deleting;
  AcPage *page = visible_page (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", open && !self->refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-account",
                                 open && ac_policy_get_can_delete_account (self->policy));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-to-page", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 open && page != NULL && ac_page_get_can_save (page) &&
                                 !ac_page_get_busy (page));
}

void
_ac_window_set_refreshing (AcWindow *self,
                           gboolean  refreshing)
{
  self->refreshing = refreshing;
  if (self->refresh_spinner != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), refreshing);
      gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
    }
  _ac_window_update_actions (self);
}

gboolean
ac_window_get_refreshing (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);
  return self->refreshing;
}

/* Toasts
 *
 * One toast at a time (a new one replaces the one shown), for a few seconds whatever the
 * pointer does (libadwaita keeps a hovered toast forever), and the content makes room for it
 * while it is shown, so that it never covers a control or the row it speaks of. */

/* Seconds a toast stays: long enough to read it, a little longer for a long one. */
static guint
toast_seconds (const char *title)
{
  return MIN (4 + g_utf8_strlen (title, -1) / 25, 10);
}

static void
toast_dismissed_cb (AdwToast *toast,
                    AcWindow *self)
{
  if (self->toast != toast)
    return;

  self->toast = NULL;
  g_clear_handle_id (&self->toast_timeout_id, g_source_remove);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->main_stack), 0);
}

static gboolean
toast_timeout_cb (gpointer user_data)
{
  AcWindow *self = user_data;

  self->toast_timeout_id = 0;
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  return G_SOURCE_REMOVE;
}

/* The height the toast takes (with its margins), at least AC_WINDOW_TOAST_ROOM. */
static int
toast_room (AcWindow *self)
{
  int room = AC_WINDOW_TOAST_ROOM;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int height = 0;

      if (child == GTK_WIDGET (self->main_stack) || !g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
      room = MAX (room, height);
    }
  return room;
}

void
_ac_window_add_toast (AcWindow   *self,
                      const char *title)
{
  AdwToast *toast;

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);

  g_clear_handle_id (&self->toast_timeout_id, g_source_remove);
  self->toast_timeout_id = g_timeout_add_seconds (toast_seconds (title), toast_timeout_cb, self);

  /* A new toast replaces the one shown: the same toast says the new thing (dismissing a toast
   * while libadwaita 1.2 still animates it in crashes). */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, title);
      gtk_widget_set_margin_bottom (GTK_WIDGET (self->main_stack), toast_room (self));
      return;
    }

  toast = adw_toast_new (title);
  /* The window dismisses it: hovering does not keep it. */
  adw_toast_set_timeout (toast, 0);
  self->toast = toast;
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->main_stack), toast_room (self));
}

guint
ac_window_get_toast_seconds (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), 0);
  return self->toast != NULL && self->last_toast != NULL ? toast_seconds (self->last_toast) : 0;
}

gboolean
ac_window_get_toast_shown (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);
  return self->toast != NULL;
}

/* The banner: what the person should know until they dismiss it (the keyring notice). */

void
ac_window_show_notice (AcWindow   *self,
                       const char *text)
{
  g_return_if_fail (AC_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* (the account view takes it from the form's bar when it is made) */
  gtk_label_set_text (self->sign_in_notice_label, text);
  gtk_revealer_set_reveal_child (self->sign_in_notice_bar, TRUE);
  if (self->notice_bar != NULL)
    {
      gtk_label_set_text (self->notice_label, text);
      gtk_revealer_set_reveal_child (self->notice_bar, TRUE);
    }
}

const char *
ac_window_get_notice (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->sign_in_notice_bar))
    return NULL;
  return gtk_label_get_text (self->sign_in_notice_label);
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);

  if (self->notice_bar != NULL)
    gtk_revealer_set_reveal_child (self->notice_bar, FALSE);
  gtk_revealer_set_reveal_child (self->sign_in_notice_bar, FALSE);
}

const char *
ac_window_get_last_toast (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->last_toast;
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *title = g_variant_get_string (parameter, NULL);

  if (*title != '\0')
    _ac_window_add_toast (AC_WINDOW (widget), title);
}

/* Dialogs */

void
_ac_window_present_reauth (AcWindow *self)
{
  AcAccount *account = ac_session_get_account (self->session);
  AcUserInfo *user = account != NULL ? ac_account_get_user (account) : NULL;
  const char *name = ac_session_get_account_name (self->session);
  GtkWindow *dialog;

  if (self->reauth_dialog != NULL)
    {
      gtk_window_present (self->reauth_dialog);
      return;
    }

  if ((name == NULL || *name == '\0') && user != NULL)
    name = ac_user_info_get_username (user);

  dialog = GTK_WINDOW (ac_reauth_dialog_new (GTK_WINDOW (self), self->session, name));
  g_set_weak_pointer (&self->reauth_dialog, dialog);
  gtk_window_present (dialog);
  ac_sign_in_page_focus_first_empty (ac_reauth_dialog_get_sign_in_page (AC_REAUTH_DIALOG (dialog)));
}

GtkWindow *
ac_window_get_reauthentication_dialog (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->reauth_dialog;
}

/* The window's dialogs go with the person; @all: every dialog of the window (the About
 * window too, on a shared terminal), else the re-sign-in and delete dialogs. */
void
_ac_window_close_dialogs (AcWindow *self,
                          gboolean  all)
{
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->reauth_dialog != NULL)
    g_ptr_array_add (dialogs, g_object_ref (self->reauth_dialog));
  if (self->delete_dialog != NULL)
    g_ptr_array_add (dialogs, g_object_ref (self->delete_dialog));

  if (all)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          /* Not the (hidden, reused) keyboard shortcuts window. */
          if (gtk_window_get_transient_for (window) == GTK_WINDOW (self) &&
              gtk_widget_get_visible (GTK_WIDGET (window)) && !GTK_IS_SHORTCUTS_WINDOW (window) &&
              window != self->reauth_dialog && window != self->delete_dialog)
            g_ptr_array_add (dialogs, g_steal_pointer (&window));
        }
    }

  /* Destroyed, not closed: giving up on signing in again is not what happened. */
  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));
}

/* Deleting the account */

static void
account_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (ac_session_delete_account_finish (AC_SESSION (object), result, &error))
    {
      if (self->delete_dialog != NULL)
        gtk_window_destroy (self->delete_dialog);
      return;   /* signed out: the window follows the session */
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->deleting = FALSE;
  gtk_stack_set_visible_child_name (self->main_stack, "account");
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  _ac_window_update_actions (self);

  /* A wrong proof: the dialog again, with what was typed and the error on its field. */
  if (self->delete_dialog != NULL &&
      (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_PASSWORD) ||
       g_error_matches (error, AC_ERROR, AC_ERROR_OLD_PASSWORD_WRONG) ||
       g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE) ||
       g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT)))
    {
      AcDeleteDialog *dialog = AC_DELETE_DIALOG (self->delete_dialog);

      if (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_VERIFY_CODE))
        ac_delete_dialog_set_error (dialog, _("The code is wrong or has expired. Check it, or ask for a new one."));
      else if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT))
        ac_delete_dialog_set_error (dialog, error->message);
      else
        ac_delete_dialog_set_error (dialog, _("This is not your password."));
      gtk_window_present (self->delete_dialog);
      gtk_widget_grab_focus (ac_delete_dialog_get_proof_entry (dialog));
      return;
    }

  if (self->delete_dialog != NULL)
    gtk_window_destroy (self->delete_dialog);
  /* An expired session asks to sign in again by itself. */
  if (!g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    {
      g_autofree char *message = ac_describe_error (error);
      _ac_window_add_toast (self, message);
    }
}

static void
delete_response_cb (AcWindow       *self,
                    const char     *response,
                    AcDeleteDialog *dialog)
{
  const char *password, *code;
  AcCodeChannel channel = AC_CODE_CHANNEL_SMS;

  if (g_strcmp0 (response, "delete") != 0 || !session_open (self))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  password = ac_delete_dialog_get_password (dialog);
  code = ac_delete_dialog_get_code (dialog, &channel);
  self->deleting = TRUE;
  self->delete_remember = self->remember;
  _ac_window_update_actions (self);
  ac_window_show_busy (self, _("Deleting Your Account…"));
  ac_session_delete_account_confirmed_async (self->session, password, channel, code,
                                             self->cancellable, account_deleted_cb, self);
}

AdwMessageDialog *
ac_window_open_delete_dialog (AcWindow *self)
{
  AcAccount *account;
  GtkWidget *dialog;

  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);

  account = ac_session_get_account (self->session);
  if (account == NULL)
    return NULL;

  if (self->delete_dialog != NULL)
    {
      gtk_window_present (self->delete_dialog);
      return ADW_MESSAGE_DIALOG (self->delete_dialog);
    }

  dialog = ac_delete_dialog_new (GTK_WINDOW (self), account,
                                 ac_session_get_account_name (self->session));
  g_set_weak_pointer (&self->delete_dialog, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (ac_delete_dialog_get_entry (AC_DELETE_DIALOG (dialog)));
  return ADW_MESSAGE_DIALOG (dialog);
}

/* Actions */

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_session_reload_finish (AC_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _ac_window_set_refreshing (self, FALSE);
  if (error == NULL)
    _ac_window_add_toast (self, _("Account refreshed"));
  /* An expiry waited for the person, who gave up: the re-sign-in dialog said so. */
  else if (!g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    {
      g_autofree char *reason = ac_describe_error (error);
      /* Translators: a toast after Refresh (Ctrl+R) failed; %s is the reason */
      g_autofree char *message = g_strdup_printf (_("Could not refresh: %s"), reason);

      _ac_window_add_toast (self, message);
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);

  if (!session_open (self) || self->refreshing)
    return;

  _ac_window_set_refreshing (self, TRUE);
  ac_session_reload_async (self->session, self->cancellable, reloaded_cb, self);
}

static void
sign_out_confirmed (AcWindow *self,
                    gpointer  user_data)
{
  if (session_open (self))
    ac_session_sign_out (self->session);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ac_window_confirm_leave (AC_WINDOW (widget), AC_WINDOW_LEAVE_SIGN_OUT, sign_out_confirmed, NULL);
}

static void
delete_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ac_window_open_delete_dialog (AC_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AcPage *page = visible_page (AC_WINDOW (widget));

  if (page != NULL)
    ac_page_save (page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);

  if (self->leaflet == NULL)
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
go_to_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);
  gint32 index = g_variant_get_int32 (parameter);
  GtkListBoxRow *row = self->sidebar_list != NULL ? gtk_list_box_get_row_at_index (self->sidebar_list, index) : NULL;
  const char *name = row != NULL ? g_object_get_data (G_OBJECT (row), "page-name") : NULL;

  if (name != NULL)
    {
      /* The focus leaves the page before it goes, so that GTK does not move it into a field of
       * the next one (selecting its text). */
      gtk_root_set_focus (GTK_ROOT (self), NULL);
      ac_window_show_page (self, name);
      _ac_window_focus_page (self);
    }
}

static void
stay_signed_in_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);

  if (self->idle_monitor != NULL)
    ac_idle_monitor_reset (self->idle_monitor);
}

/* The keyboard shortcuts window is built the first time it is asked for, not with the window:
 * building it cost a noticeable part of the time to the first frame. Once built, it is the
 * window's help overlay (GtkApplicationWindow keeps it and destroys it with the window). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
      /* the shortcuts window's own search and section buttons have no names (GTK 4.8) */
      ac_accessible_name_toolkit_controls (GTK_WIDGET (overlay));
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

void
_ac_window_class_init_actions (GtkWidgetClass *widget_class)
{
  g_type_ensure (AC_TYPE_REAUTH_DIALOG);
  g_type_ensure (AC_TYPE_DELETE_DIALOG);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.delete-account", NULL, delete_account_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-page", "i", go_to_page_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.stay-signed-in", NULL, stay_signed_in_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL, dismiss_notice_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  for (guint i = 0; i < N_PAGE_SHORTCUTS; i++)
    gtk_widget_class_add_binding_action (widget_class, i < 9 ? GDK_KEY_1 + i : GDK_KEY_0, GDK_CONTROL_MASK,
                                         "win.go-to-page", "i", (gint32) i);
}
