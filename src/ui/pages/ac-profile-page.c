/* ac-profile-page.c: the avatar and every field of updateProfile
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-profile-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error-text.h"
#include "ac-field-error.h"
#include "ac-image-loader.h"
#include "ac-page.h"
#include "ac-profile-editor.h"
#include "ac-profile-page.h"
#include "ac-user-name.h"

struct _AcProfilePage
{
  AdwBin        parent_instance;

  GtkBox       *groups_box;
  AdwAvatar    *avatar;
  GtkLabel     *name_label;
  GtkLabel     *username_label;
  GtkWidget    *change_avatar_button;
  GtkWidget    *remove_avatar_button;
  GtkRevealer  *action_revealer;
  GtkSpinner   *avatar_spinner;
  GtkLabel     *avatar_error_label;
  GtkSpinner   *save_spinner;
  GtkLabel     *status_label;
  GtkWidget    *save_button;

  AcAccount    *account;
  AcSession    *session;
  AcPolicy     *policy;
  AcUserInfo   *user;
  GCancellable *cancellable;
  GCancellable *image_cancellable;
  GPtrArray    *editors;
  GPtrArray    *groups;
  GtkFileChooserNative *chooser;
  GFile        *pending_avatar;   /* the picture to upload once signed in again */
  char         *error;
  char         *photo_url;
  gboolean      saving;
  gboolean      uploading;
  gboolean      removing;       /* the upload is a removal */
  gboolean      reloading;
  gboolean      loading;
  gboolean      can_save;
};

static void ac_profile_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcProfilePage, ac_profile_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_profile_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_POLICY,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void
toast (AcProfilePage *self,
       const char    *message)
{
  ac_page_show_toast (AC_PAGE (self), message);
}

static void
notify_busy (AcProfilePage *self)
{
  g_object_notify (G_OBJECT (self), "busy");
}

static AcProfileEditor *
find_editor (AcProfilePage *self,
             const char    *key)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      AcProfileEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_strcmp0 (ac_profile_editor_get_field (editor)->key, key) == 0)
        return editor;
    }
  return NULL;
}

/* State */

static void
update_state (AcProfilePage *self)
{
  gboolean dirty = FALSE;
  gboolean invalid = FALSE;
  const char *first_error = NULL;
  gboolean can_save;

  if (self->loading)
    return;

  for (guint i = 0; i < self->editors->len; i++)
    {
      AcProfileEditor *editor = g_ptr_array_index (self->editors, i);

      if (ac_profile_editor_get_error (editor) != NULL)
        {
          invalid = TRUE;
          if (first_error == NULL)
            first_error = ac_profile_editor_get_error (editor);
        }
      if (ac_profile_editor_is_dirty (editor))
        dirty = TRUE;
    }

  can_save = dirty && !invalid && !self->saving && self->user != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.discard", dirty && !self->saving);

  if (self->saving)
    gtk_label_set_text (self->status_label, _("Saving…"));
  else if (first_error != NULL)
    gtk_label_set_text (self->status_label, _("Correct the marked fields to save."));
  else if (self->error != NULL)
    gtk_label_set_text (self->status_label, self->error);
  else if (dirty)
    gtk_label_set_text (self->status_label, _("Unsaved changes"));
  else
    gtk_label_set_text (self->status_label, "");

  if (first_error != NULL || (self->error != NULL && !self->saving))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  /* Discard and Save show only when there is something to discard or save (or to say). */
  gtk_revealer_set_reveal_child (self->action_revealer, dirty || self->saving || self->error != NULL);

  if (self->can_save != can_save)
    {
      self->can_save = can_save;
      g_object_notify (G_OBJECT (self), "can-save");
    }
}

/* Save with a field that is not valid: the person is taken to it. */
static void
focus_first_error (AcProfilePage *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      AcProfileEditor *editor = g_ptr_array_index (self->editors, i);

      if (ac_profile_editor_get_error (editor) != NULL)
        {
          ac_field_error_focus_row (ac_profile_editor_get_row (editor));
          return;
        }
    }
}

static void
editor_changed_cb (AcProfileEditor *editor,
                   gpointer         user_data)
{
  AcProfilePage *self = user_data;

  if (self->loading)
    return;
  ac_profile_editor_validate (editor);
  update_state (self);
}

static void
editor_activated_cb (AcProfileEditor *editor,
                     gpointer         user_data)
{
  ac_profile_page_save (AC_PROFILE_PAGE (user_data));
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcProfilePage *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = ac_image_loader_load_finish (AC_IMAGE_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      g_debug ("Could not load the picture: %s", error->message);
      adw_avatar_set_custom_image (self->avatar, NULL);
      return;
    }
  adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
}

static void update_avatar_action (AcProfilePage *self);

static void
load_photo (AcProfilePage *self,
            const char    *url)
{
  if (g_strcmp0 (url, self->photo_url) == 0)
    return;

  g_free (self->photo_url);
  self->photo_url = g_strdup (url);

  if (self->image_cancellable)
    g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);

  /* The old picture stays until the new one is there (no flash of initials). */
  if (url == NULL || *url == '\0')
    {
      adw_avatar_set_custom_image (self->avatar, NULL);
      update_avatar_action (self);
      return;
    }
  update_avatar_action (self);

  self->image_cancellable = g_cancellable_new ();
  ac_image_loader_load_async (ac_image_loader_get_default (), url, self->image_cancellable,
                              image_loaded_cb, self);
}

/* Takes the user as the new baseline. Fields the person is editing keep their edits unless
 * force is set. */
static void
set_user (AcProfilePage *self,
          AcUserInfo    *user,
          gboolean       force)
{
  g_autofree char *name = NULL;

  if (user == NULL)
    return;

  g_set_object (&self->user, user);

  self->loading = TRUE;
  for (guint i = 0; i < self->editors->len; i++)
    {
      AcProfileEditor *editor = g_ptr_array_index (self->editors, i);
      const AcProfileField *field = ac_profile_editor_get_field (editor);
      g_autofree char *value = ac_profile_editor_normalize (field, ac_user_info_get_field (user, field->key));

      if (force || !ac_profile_editor_is_dirty (editor))
        ac_profile_editor_set_value (editor, value);
      ac_profile_editor_set_baseline (editor, value);
    }
  self->loading = FALSE;

  for (guint i = 0; i < self->editors->len; i++)
    ac_profile_editor_validate (g_ptr_array_index (self->editors, i));

  name = ac_user_display_name (user);
  gtk_label_set_text (self->name_label, name);
  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->username_label, ac_user_info_get_username (user) ? ac_user_info_get_username (user) : "");
  load_photo (self, ac_user_info_get_photo (user));

  update_state (self);
}

static void
account_user_changed_cb (AcProfilePage *self)
{
  AcUserInfo *user = ac_account_get_user (self->account);

  if (user != NULL && user != self->user && !self->saving)
    set_user (self, user, FALSE);
}

/* Building */

static void
build_groups (AcProfilePage *self)
{
  static const AcProfileGroup group_order[] = {
    AC_PROFILE_GROUP_NAMES, AC_PROFILE_GROUP_PERSONAL, AC_PROFILE_GROUP_WORK,
    AC_PROFILE_GROUP_ADDRESS, AC_PROFILE_GROUP_OTHER,
  };
  const AcProfileField *fields;
  guint n_fields = 0;

  fields = ac_profile_fields (&n_fields);

  for (guint g = 0; g < G_N_ELEMENTS (group_order); g++)
    {
      GtkWidget *group = NULL;

      for (guint i = 0; i < n_fields; i++)
        {
          const AcProfileField *field = &fields[i];
          AcProfileEditor *editor;

          /* The picture is changed by uploading, never typed. */
          if (field->group != group_order[g] || field->kind == AC_PROFILE_KIND_IMAGE)
            continue;

          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                               ac_profile_group_get_title (group_order[g]));
              gtk_box_append (self->groups_box, group);
              g_ptr_array_add (self->groups, group);
            }

          editor = ac_profile_editor_new (field, editor_changed_cb, editor_activated_cb, self);
          g_ptr_array_add (self->editors, editor);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ac_profile_editor_get_row (editor));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ac_profile_editor_get_error_row (editor));
        }
    }
}

/* Saving */

static void set_sensitive_while_busy (AcProfilePage *self);

static void
profile_updated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_update_profile_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Saved: the account's user is the server's answer, the new baseline, before "busy" ends
   * (whoever waits for the save sees no changes left). */
  if (error == NULL)
    {
      g_clear_pointer (&self->error, g_free);
      set_user (self, ac_account_get_user (self->account), TRUE);
    }

  self->saving = FALSE;
  gtk_spinner_set_spinning (self->save_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), FALSE);
  set_sensitive_while_busy (self);

  if (error != NULL)
    {
      /* The session expired: saved once the person signed in again. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) && self->session != NULL)
        {
          g_clear_pointer (&self->error, g_free);
          self->error = g_strdup (_("Not saved yet: sign in again to save your changes."));
          update_state (self);
          ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, (AcPageFunc) ac_profile_page_save);
          return;
        }

      g_clear_pointer (&self->error, g_free);
      {
        g_autofree char *message = ac_describe_error (error);
        /* Translators: %s is the reason */
        self->error = g_strdup_printf (_("Could not save: %s"), message);
      }
      update_state (self);
      return;
    }

  toast (self, _("Profile saved"));
}

static void
set_sensitive_while_busy (AcProfilePage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->groups, i), !self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  update_state (self);
  notify_busy (self);
}

void
ac_profile_page_save (AcProfilePage *self)
{
  g_autoptr(AcProfileChanges) changes = NULL;

  g_return_if_fail (AC_IS_PROFILE_PAGE (self));

  update_state (self);
  if (!self->can_save)
    {
      if (!self->saving)
        focus_first_error (self);
      return;
    }

  /* Only what differs from the user the page started from. */
  changes = ac_profile_changes_new ();
  for (guint i = 0; i < self->editors->len; i++)
    {
      AcProfileEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *value = ac_profile_editor_get_value (editor);

      if (g_strcmp0 (value, ac_profile_editor_get_baseline (editor)) != 0)
        ac_profile_changes_set (changes, ac_profile_editor_get_field (editor)->key, value);
    }

  if (ac_profile_changes_get_size (changes) == 0)
    return;

  g_clear_pointer (&self->error, g_free);
  self->saving = TRUE;
  set_sensitive_while_busy (self);
  ac_account_update_profile_async (self->account, changes, self->cancellable, profile_updated_cb, self);
}

void
ac_profile_page_discard (AcProfilePage *self)
{
  g_return_if_fail (AC_IS_PROFILE_PAGE (self));

  if (self->saving || self->user == NULL)
    return;
  g_clear_pointer (&self->error, g_free);
  set_user (self, self->user, TRUE);
}

/* Avatar */

static void
avatar_changed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data);

static gboolean
can_change_avatar (AcProfilePage *self)
{
  return self->policy == NULL || ac_policy_get_can_change_avatar (self->policy);
}

/* "Change…" is offered when the administrator allows it, and usable when no upload runs. */
static void
update_avatar_action (AcProfilePage *self)
{
  gboolean has_photo = self->photo_url != NULL && *self->photo_url != '\0';

  gtk_widget_set_visible (self->change_avatar_button, can_change_avatar (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.change-avatar",
                                 can_change_avatar (self) && !self->uploading);
  /* "Remove Picture" only when there is one. */
  gtk_widget_set_visible (self->remove_avatar_button, can_change_avatar (self) && has_photo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.remove-avatar",
                                 can_change_avatar (self) && has_photo && !self->uploading);
}

static void
set_uploading (AcProfilePage *self,
               gboolean       uploading)
{
  self->uploading = uploading;
  gtk_widget_set_visible (GTK_WIDGET (self->avatar_spinner), uploading);
  gtk_spinner_set_spinning (self->avatar_spinner, uploading);
  update_avatar_action (self);
  notify_busy (self);
}

static void
show_avatar_error (AcProfilePage *self,
                   const char    *message)
{
  gtk_label_set_text (self->avatar_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->avatar_error_label), message != NULL);
}

static void
retry_avatar (AcPage *page)
{
  AcProfilePage *self = AC_PROFILE_PAGE (page);
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_avatar);

  if (file != NULL)
    ac_profile_page_change_avatar (self, file);
}

static void
avatar_changed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  AcProfilePage *self;

  if (!ac_account_change_avatar_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_get_data (G_OBJECT (file), "page");
  if (self == NULL)
    return;
  set_uploading (self, FALSE);

  if (error != NULL)
    {
      /* The session expired: uploaded once the person signed in again. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) && self->session != NULL)
        {
          g_set_object (&self->pending_avatar, file);
          ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, retry_avatar);
          return;
        }
      {
        g_autofree char *message = ac_describe_error (error);
        g_autofree char *text = g_strdup_printf (_("The picture was not changed: %s"), message);

        show_avatar_error (self, text);
      }
      return;
    }

  show_avatar_error (self, NULL);
  /* Only the photo changed (the account's user has it); keep the person's other edits. */
  set_user (self, ac_account_get_user (self->account), FALSE);
  toast (self, _("Picture changed"));
}

void
ac_profile_page_change_avatar (AcProfilePage *self,
                               GFile         *file)
{
  GFile *copy;

  g_return_if_fail (AC_IS_PROFILE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->uploading)
    return;

  show_avatar_error (self, NULL);
  set_uploading (self, TRUE);
  copy = g_file_dup (file);
  g_object_set_data (G_OBJECT (copy), "page", self);
  /* The page cancels the upload when it goes away, so the callback never sees a
   * disposed page. */
  ac_account_change_avatar_async (self->account, copy, self->cancellable, avatar_changed_cb, copy);
}

static void
avatar_removed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_update_profile_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->removing = FALSE;
  set_uploading (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = ac_describe_error (error);
      g_autofree char *text = g_strdup_printf (_("The picture was not removed: %s"), message);

      show_avatar_error (self, text);
      return;
    }

  show_avatar_error (self, NULL);
  /* Only the photo changed; keep the person's other edits. */
  set_user (self, ac_account_get_user (self->account), FALSE);
  toast (self, _("Picture removed"));
}

/**
 * ac_profile_page_remove_avatar:
 *
 * Clears the account's picture (updateProfile with an empty photo): the initials show.
 */
void
ac_profile_page_remove_avatar (AcProfilePage *self)
{
  g_autoptr(AcProfileChanges) changes = NULL;

  g_return_if_fail (AC_IS_PROFILE_PAGE (self));

  if (self->uploading || self->account == NULL)
    return;

  show_avatar_error (self, NULL);
  self->removing = TRUE;
  set_uploading (self, TRUE);
  changes = ac_profile_changes_new ();
  ac_profile_changes_set (changes, "photo", "");
  ac_account_update_profile_async (self->account, changes, self->cancellable, avatar_removed_cb, self);
}

static void
remove_avatar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ac_profile_page_remove_avatar (AC_PROFILE_PAGE (widget));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AcProfilePage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ac_profile_page_change_avatar (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
change_avatar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AcProfilePage *self = AC_PROFILE_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  gtk_file_filter_add_mime_type (filter, "image/webp");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Picture"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ac_profile_page_save (AC_PROFILE_PAGE (widget));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ac_profile_page_discard (AC_PROFILE_PAGE (widget));
}

/* Policy: what cannot be changed is shown read-only, what may not be done is not offered. */

static void
apply_policy (AcProfilePage *self)
{
  gboolean edit = self->policy == NULL || ac_policy_get_can_edit_profile (self->policy);

  for (guint i = 0; i < self->editors->len; i++)
    ac_profile_editor_set_editable (g_ptr_array_index (self->editors, i), edit);

  update_avatar_action (self);
}

/* AcPage */

static void
user_reloaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_user_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reloading = FALSE;
  notify_busy (self);

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, ac_page_reload);
  else if (error != NULL)
    {
      g_autofree char *message = ac_describe_error (error);
      toast (self, message);
    }
}

static void
ac_profile_page_reload (AcPage *page)
{
  AcProfilePage *self = AC_PROFILE_PAGE (page);

  if (self->account == NULL || self->reloading)
    return;

  /* The account's user follows; the person's edits stay. */
  self->reloading = TRUE;
  notify_busy (self);
  ac_account_load_user_async (self->account, self->cancellable, user_reloaded_cb, self);
}

static gboolean
ac_profile_page_has_changes (AcPage *page)
{
  AcProfilePage *self = AC_PROFILE_PAGE (page);

  if (self->user == NULL)
    return FALSE;
  for (guint i = 0; i < self->editors->len; i++)
    if (ac_profile_editor_is_dirty (g_ptr_array_index (self->editors, i)))
      return TRUE;
  return FALSE;
}

static void
ac_profile_page_page_init (AcPageInterface *iface)
{
  iface->has_changes = ac_profile_page_has_changes;
  iface->save = (AcPageFunc) ac_profile_page_save;
  iface->discard = (AcPageFunc) ac_profile_page_discard;
  iface->reload = ac_profile_page_reload;
}

/* GObject */

static void
ac_profile_page_constructed (GObject *object)
{
  AcProfilePage *self = AC_PROFILE_PAGE (object);

  G_OBJECT_CLASS (ac_profile_page_parent_class)->constructed (object);

  build_groups (self);
  if (self->account != NULL)
    {
      g_signal_connect_object (self->account, "notify::user", G_CALLBACK (account_user_changed_cb), self,
                               G_CONNECT_SWAPPED);
      if (ac_account_get_user (self->account) != NULL)
        set_user (self, ac_account_get_user (self->account), TRUE);
    }
  if (self->policy != NULL)
    {
      g_signal_connect_object (self->policy, "notify::can-edit-profile", G_CALLBACK (apply_policy),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->policy, "notify::can-change-avatar", G_CALLBACK (apply_policy),
                               self, G_CONNECT_SWAPPED);
    }
  apply_policy (self);
  update_state (self);
}

static void
ac_profile_page_dispose (GObject *object)
{
  AcProfilePage *self = AC_PROFILE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  if (self->image_cancellable)
    g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_PROFILE_PAGE);

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_object (&self->policy);
  g_clear_object (&self->user);
  g_clear_object (&self->pending_avatar);

  G_OBJECT_CLASS (ac_profile_page_parent_class)->dispose (object);
}

static void
ac_profile_page_finalize (GObject *object)
{
  AcProfilePage *self = AC_PROFILE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->photo_url, g_free);

  G_OBJECT_CLASS (ac_profile_page_parent_class)->finalize (object);
}

static void
ac_profile_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcProfilePage *self = AC_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ac_profile_page_get_busy (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_profile_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AcProfilePage *self = AC_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_POLICY:
      self->policy = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_profile_page_class_init (AcProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ac_profile_page_constructed;
  object_class->dispose = ac_profile_page_dispose;
  object_class->finalize = ac_profile_page_finalize;
  object_class->get_property = ac_profile_page_get_property;
  object_class->set_property = ac_profile_page_set_property;

  /**
   * AcProfilePage:account:
   *
   * The account whose user the page edits.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * AcProfilePage:policy:
   *
   * What the administrator allows (%NULL: everything): read-only fields, no "Change…".
   */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, AC_TYPE_POLICY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-profile-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, avatar);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, username_label);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, change_avatar_button);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, remove_avatar_button);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, action_revealer);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, avatar_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, avatar_error_label);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, AcProfilePage, save_button);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "profile.change-avatar", NULL, change_avatar_action);
  gtk_widget_class_install_action (widget_class, "profile.remove-avatar", NULL, remove_avatar_action);
}

static void
ac_profile_page_init (AcProfilePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) ac_profile_editor_free);
  self->groups = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.discard", FALSE);
}

GtkWidget *
ac_profile_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  return g_object_new (AC_TYPE_PROFILE_PAGE, "account", account, NULL);
}

gboolean
ac_profile_page_get_can_save (AcProfilePage *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), FALSE);
  return self->can_save;
}

gboolean
ac_profile_page_get_busy (AcProfilePage *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), FALSE);
  return self->saving || self->uploading || self->reloading;
}

GtkWidget *
ac_profile_page_get_row (AcProfilePage *self,
                         const char    *key)
{
  AcProfileEditor *editor;

  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? ac_profile_editor_get_row (editor) : NULL;
}

char *
ac_profile_page_get_value (AcProfilePage *self,
                           const char    *key)
{
  AcProfileEditor *editor;

  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? ac_profile_editor_get_value (editor) : NULL;
}

void
ac_profile_page_set_birthdate (AcProfilePage *self,
                               GDateTime     *date)
{
  AcProfileEditor *editor;

  g_return_if_fail (AC_IS_PROFILE_PAGE (self));
  editor = find_editor (self, "birthdate");
  if (editor != NULL)
    ac_profile_editor_set_date (editor, date);
}

const char *
ac_profile_page_get_field_error (AcProfilePage *self,
                                 const char    *key)
{
  AcProfileEditor *editor;

  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? ac_field_error_row_get_text (ac_profile_editor_get_error_row (editor)) : NULL;
}

GtkDropDown *
ac_profile_page_get_drop_down (AcProfilePage *self,
                               const char    *key)
{
  AcProfileEditor *editor;

  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? ac_profile_editor_get_drop_down (editor) : NULL;
}

/* Selects value in the list of a time zone or locale field, as the person would. */
void
ac_profile_page_choose (AcProfilePage *self,
                        const char    *key,
                        const char    *value)
{
  AcProfileEditor *editor;
  GtkDropDown *drop_down;

  g_return_if_fail (AC_IS_PROFILE_PAGE (self));
  editor = find_editor (self, key);
  drop_down = editor ? ac_profile_editor_get_drop_down (editor) : NULL;
  if (drop_down != NULL)
    gtk_drop_down_set_selected (drop_down, ac_profile_editor_find_choice (editor, value));
}

GtkCalendar *
ac_profile_page_get_calendar (AcProfilePage *self)
{
  AcProfileEditor *editor;

  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  editor = find_editor (self, "birthdate");
  return editor ? ac_profile_editor_get_calendar (editor) : NULL;
}

AdwAvatar *
ac_profile_page_get_avatar (AcProfilePage *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  return self->avatar;
}

const char *
ac_profile_page_get_error (AcProfilePage *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  return self->error;
}

const char *
ac_profile_page_get_avatar_error (AcProfilePage *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->avatar_error_label)))
    return NULL;
  return gtk_label_get_text (self->avatar_error_label);
}
