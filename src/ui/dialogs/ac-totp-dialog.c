/* ac-totp-dialog.c: setting up two-step sign-in: QR code, key, confirmation, recovery code
 *
 * The enrolment starts when the dialog opens; TOTP stays off until the person confirms a code
 * of their app. The QR code is drawn here with libqrencode from the otpauth URI: the key is
 * never sent anywhere in a URL. The recovery code appears once, after the confirmation.
 * Nothing here logs the key, a code or the recovery code.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-totp-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "ac-code-button.h"
#include "ac-error-text.h"
#include "ac-totp-dialog.h"

#define CODE_DIGITS 6
#define QR_SCALE 5
#define QR_QUIET_ZONE 4

struct _AcTotpDialog
{
  AdwWindow        parent_instance;

  GtkStack        *stack;
  GtkStack        *button_stack;
  GtkSpinner      *spinner;
  GtkSpinner      *loading_spinner;
  GtkWidget       *cancel_button;
  GtkWidget       *confirm_button;
  AdwStatusPage   *error_status;
  GtkPicture      *qr_picture;
  GtkLabel        *secret_label;
  GtkWidget       *code_row;
  GtkLabel        *code_error;
  GtkLabel        *recovery_label;

  AcAccount       *account;
  AcMfaEnrollment *enrollment;
  GCancellable    *cancellable;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (AcTotpDialog, ac_totp_dialog, ADW_TYPE_WINDOW)

GdkTexture *
ac_qr_code_texture_new (const char *text,
                        guint       scale)
{
  QRcode *qr;
  g_autoptr(GBytes) bytes = NULL;
  guchar *pixels;
  gsize size, stride;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    return NULL;

  size = (gsize) (qr->width + 2 * QR_QUIET_ZONE) * scale;
  stride = size * 3;
  pixels = g_malloc (stride * size);
  memset (pixels, 0xff, stride * size);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      {
        if (!(qr->data[y * qr->width + x] & 1))
          continue;
        for (guint dy = 0; dy < scale; dy++)
          {
            gsize row = ((gsize) (y + QR_QUIET_ZONE) * scale + dy) * stride;

            memset (pixels + row + (gsize) (x + QR_QUIET_ZONE) * scale * 3, 0, scale * 3);
          }
      }
  QRcode_free (qr);

  bytes = g_bytes_new_take (pixels, stride * size);
  return gdk_memory_texture_new ((int) size, (int) size, GDK_MEMORY_R8G8B8, bytes, stride);
}

static void
set_busy (AcTotpDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "setup") == 0)
    gtk_stack_set_visible_child_name (self->button_stack, busy ? "spinner" : "confirm");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->confirm_button,
                            !busy && strlen (gtk_editable_get_text (GTK_EDITABLE (self->code_row))) == CODE_DIGITS);
}

static void
show_step (AcTotpDialog *self,
           const char   *step)
{
  gtk_stack_set_visible_child_name (self->stack, step);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (step, "loading"));
  if (g_str_equal (step, "setup"))
    gtk_stack_set_visible_child_name (self->button_stack, "confirm");
  else if (g_str_equal (step, "recovery"))
    gtk_stack_set_visible_child_name (self->button_stack, "done");
  else
    gtk_stack_set_visible_child_name (self->button_stack, "none");
}

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcTotpDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcMfaEnrollment) enrollment = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *grouped = NULL;

  enrollment = ac_account_enroll_totp_finish (AC_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (enrollment == NULL)
    {
      g_autofree char *message = ac_describe_error (error);

      adw_status_page_set_description (self->error_status, message);
      show_step (self, "error");
      return;
    }

  g_set_object (&self->enrollment, enrollment);
  texture = ac_qr_code_texture_new (ac_mfa_enrollment_get_uri (enrollment), QR_SCALE);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), texture != NULL);
  grouped = ac_mfa_enrollment_format_secret (enrollment);
  gtk_label_set_text (self->secret_label, grouped);
  show_step (self, "setup");
  set_busy (self, FALSE);
  gtk_widget_grab_focus (self->code_row);
}

static void
enroll (AcTotpDialog *self)
{
  self->busy = TRUE;
  show_step (self, "loading");
  ac_account_enroll_totp_async (self->account, self->cancellable, enrolled_cb, self);
}

static void
retry_cb (AcTotpDialog *self)
{
  enroll (self);
}

static void
code_changed_cb (AcTotpDialog *self)
{
  ac_field_set_error (self->code_row, self->code_error, NULL);
  set_busy (self, self->busy);
}

static void
confirmed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcTotpDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *recovery;

  if (!ac_account_confirm_totp_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, AC_ERROR, AC_ERROR_WRONG_TOTP) ||
          g_error_matches (error, AC_ERROR, AC_ERROR_MFA_CODE_MISSING))
        message = g_strdup (_("This code is not right. Check the time on your phone, then type the newest code the app shows."));
      else
        message = ac_describe_error (error);
      ac_field_set_error (self->code_row, self->code_error, message);
      gtk_widget_grab_focus (self->code_row);
      return;
    }

  /* On: the recovery code, once. The key is not needed any more. */
  recovery = ac_mfa_enrollment_get_recovery_code (self->enrollment);
  gtk_label_set_text (self->recovery_label, recovery != NULL ? recovery : "");
  gtk_label_set_text (self->secret_label, "");
  gtk_picture_set_paintable (self->qr_picture, NULL);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  show_step (self, "recovery");
  gtk_widget_grab_focus (GTK_WIDGET (self->recovery_label));
}

static void
confirm_clicked_cb (AcTotpDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));

  if (self->busy || self->enrollment == NULL)
    return;
  if (strlen (code) != CODE_DIGITS)
    {
      ac_field_set_error (self->code_row, self->code_error, _("Type the 6 digits the app shows."));
      return;
    }
  set_busy (self, TRUE);
  ac_account_confirm_totp_async (self->account, code, self->cancellable, confirmed_cb, self);
}

static void
copy_text (AcTotpDialog *self,
           const char   *text,
           const char   *done)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (text == NULL || *text == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", done);
}

static void
copy_secret_cb (AcTotpDialog *self)
{
  if (self->enrollment != NULL)
    copy_text (self, ac_mfa_enrollment_get_secret (self->enrollment), _("Key copied"));
}

static void
copy_recovery_cb (AcTotpDialog *self)
{
  copy_text (self, gtk_label_get_text (self->recovery_label), _("Recovery code copied"));
}

static void
ac_totp_dialog_dispose (GObject *object)
{
  AcTotpDialog *self = AC_TOTP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_TOTP_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->enrollment);

  G_OBJECT_CLASS (ac_totp_dialog_parent_class)->dispose (object);
}

static void
ac_totp_dialog_finalize (GObject *object)
{
  AcTotpDialog *self = AC_TOTP_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ac_totp_dialog_parent_class)->finalize (object);
}

static void
ac_totp_dialog_class_init (AcTotpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_totp_dialog_dispose;
  object_class->finalize = ac_totp_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-totp-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, error_status);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, secret_label);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, code_error);
  gtk_widget_class_bind_template_child (widget_class, AcTotpDialog, recovery_label);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_secret_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_recovery_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ac_totp_dialog_init (AcTotpDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ac_code_entry_setup (GTK_EDITABLE (self->code_row), CODE_DIGITS);
}

GtkWidget *
ac_totp_dialog_new (GtkWindow *parent,
                    AcAccount *account)
{
  AcTotpDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  self = g_object_new (AC_TYPE_TOTP_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  enroll (self);
  return GTK_WIDGET (self);
}

const char *
ac_totp_dialog_get_step (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
ac_totp_dialog_get_secret_text (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return gtk_label_get_text (self->secret_label);
}

const char *
ac_totp_dialog_get_recovery_text (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return gtk_label_get_text (self->recovery_label);
}

GtkWidget *
ac_totp_dialog_get_code_row (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return self->code_row;
}

GtkWidget *
ac_totp_dialog_get_confirm_button (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return self->confirm_button;
}

GtkWidget *
ac_totp_dialog_get_qr_picture (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return GTK_WIDGET (self->qr_picture);
}

const char *
ac_totp_dialog_get_code_error (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), NULL);
  return gtk_label_get_text (self->code_error);
}

gboolean
ac_totp_dialog_get_busy (AcTotpDialog *self)
{
  g_return_val_if_fail (AC_IS_TOTP_DIALOG (self), FALSE);
  return self->busy;
}
