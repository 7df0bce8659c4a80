/* ac-window.c: the main window: sign-in, then a sidebar of pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-window.h"
#include "ac-about.h"
#include "ac-image-loader.h"
#include "ac-custom-fields-page.h"
#include "ac-profile-page.h"
#include "ac-security-page.h"
#include "ac-applications-page.h"
#include "ac-organizations-page.h"
#include "ac-roles-page.h"
#include "ac-resources-page.h"

typedef struct
{
  AcRetryFunc    retry;
  gpointer       user_data;
  GDestroyNotify destroy;
} Retry;

struct _AcWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkStack        *main_stack;
  AcSignInPage    *sign_in_page;
  AdwWindowTitle  *sign_in_title;
  AdwStatusPage   *loading_status;
  GtkSpinner      *loading_spinner;
  AdwLeaflet      *leaflet;
  GtkListBox      *sidebar_list;
  GtkStack        *content_stack;
  AdwWindowTitle  *content_title;
  AdwAvatar       *header_avatar;
  GtkLabel        *header_name;
  GtkSpinner      *refresh_spinner;
  GtkWidget       *demo_bar;
  GtkWidget       *content_box;

  /* session */
  AcClient        *client;
  AcAccount       *account;
  GCancellable    *session_cancellable;
  GCancellable    *sign_in_cancellable;
  gboolean         remember;
  gboolean         demo;
  gboolean         refreshing;
  gboolean         loaded;
  char            *last_toast;

  /* re-authentication */
  GtkWindow       *reauth_dialog;
  AcSignInPage    *reauth_page;
  GCancellable    *reauth_cancellable;
  GQueue           retries;
};

G_DEFINE_FINAL_TYPE (AcWindow, ac_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNED_IN,
  SIGNED_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_kiosk (AcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return AC_IS_ACCOUNT_CENTER (app) && ac_account_center_get_kiosk (AC_ACCOUNT_CENTER (app));
}

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
} PageInfo;

static const PageInfo pages[] = {
  { "profile", N_("Profile"), "avatar-default-symbolic" },
  { "custom-fields", N_("Custom Fields"), "document-edit-symbolic" },
  { "security", N_("Security"), "security-high-symbolic" },
  { "applications", N_("Applications"), "view-app-grid-symbolic" },
  { "organizations", N_("Organizations"), "network-workgroup-symbolic" },
  { "roles", N_("Roles"), "system-users-symbolic" },
  { "resources", N_("Resources"), "folder-symbolic" },
};

/* Errors */

char *
ac_describe_error (const GError *error)
{
  if (error == NULL)
    return g_strdup (_("Something went wrong."));

  if (error->domain == AC_ERROR)
    {
      switch (error->code)
        {
        case AC_ERROR_BAD_CREDENTIALS:
          return g_strdup (_("The account or the password is wrong."));
        case AC_ERROR_NETWORK:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server could not be reached. Check the host address and your network connection. (%s)"),
                                  error->message);
        case AC_ERROR_CONFIG:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The host address or application ID is not valid: %s"), error->message);
        case AC_ERROR_INVALID_RESPONSE:
        case AC_ERROR_HTTP:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server did not answer like an Authing server. Is the host address right? (%s)"),
                                  error->message);
        case AC_ERROR_TLS:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server’s identity could not be verified: %s"), error->message);
        case AC_ERROR_TIMEOUT:
          return g_strdup (_("The server did not answer in time. Try again later."));
        case AC_ERROR_SERVER:
          /* Translators: %s is the technical reason */
          return g_strdup_printf (_("The server had a problem: %s"), error->message);
        case AC_ERROR_NOT_LOGGED_IN:
          return g_strdup (_("Your session has expired. Sign in again."));
        default:
          break;
        }
    }

  return g_strdup (error->message);
}

char *
ac_user_display_name (AcUserInfo *user)
{
  const char *candidates[6] = { NULL };

  if (user == NULL)
    return g_strdup ("");

  candidates[0] = ac_user_info_get_nickname (user);
  candidates[1] = ac_user_info_get_name (user);
  candidates[2] = ac_user_info_get_preferred_username (user);
  candidates[3] = ac_user_info_get_username (user);
  candidates[4] = ac_user_info_get_email (user);
  candidates[5] = ac_user_info_get_phone (user);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && *candidates[i] != '\0')
      return g_strdup (candidates[i]);

  return g_strdup (_("Unnamed Account"));
}

void
ac_window_add_toast (AcWindow   *self,
                     const char *title)
{
  AdwToast *toast;

  g_return_if_fail (AC_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
ac_window_get_last_toast (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->last_toast;
}

gboolean
ac_window_handle_error (AcWindow       *self,
                        const GError   *error,
                        AcRetryFunc     retry,
                        gpointer        user_data,
                        GDestroyNotify  destroy)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (destroy)
        destroy (user_data);
      return FALSE;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) && self->client != NULL)
    {
      ac_window_request_reauthentication (self, retry, user_data, destroy);
      return TRUE;
    }

  message = ac_describe_error (error);
  ac_window_add_toast (self, message);
  if (destroy)
    destroy (user_data);
  return FALSE;
}

/* Header */

static void
update_identity (AcWindow *self)
{
  AcUserInfo *user = self->account ? ac_account_get_user (self->account) : NULL;
  g_autofree char *name = ac_user_display_name (user);
  g_autofree char *label = NULL;

  gtk_label_set_text (self->header_name, name);
  adw_avatar_set_text (self->header_avatar, name);
  /* Translators: accessible name of the small avatar in the header, %s is the person's name */
  label = g_strdup_printf (_("Signed in as %s"), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->header_name), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_avatar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
header_image_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = ac_image_loader_load_finish (AC_IMAGE_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture != NULL)
    adw_avatar_set_custom_image (self->header_avatar, GDK_PAINTABLE (texture));
  else
    g_debug ("Could not load the avatar: %s", error->message);
}

static void
update_header_image (AcWindow *self)
{
  AcUserInfo *user = self->account ? ac_account_get_user (self->account) : NULL;
  const char *photo = user ? ac_user_info_get_photo (user) : NULL;

  adw_avatar_set_custom_image (self->header_avatar, NULL);
  if (photo != NULL && *photo != '\0' && self->session_cancellable != NULL)
    ac_image_loader_load_async (ac_image_loader_get_default (), photo, self->session_cancellable,
                                header_image_loaded_cb, self);
}

static void
user_changed_cb (AcWindow *self)
{
  update_identity (self);
  update_header_image (self);
}

/* Pages */

static GtkWidget *
create_page (AcWindow   *self,
             const char *name)
{
  if (g_str_equal (name, "profile"))
    return ac_profile_page_new (self->account);
  if (g_str_equal (name, "custom-fields"))
    return ac_custom_fields_page_new (self->account);
  if (g_str_equal (name, "security"))
    return ac_security_page_new (self->account);
  if (g_str_equal (name, "applications"))
    return ac_applications_page_new (self->account);
  if (g_str_equal (name, "organizations"))
    return ac_organizations_page_new (self->account);
  if (g_str_equal (name, "roles"))
    return ac_roles_page_new (self->account);
  if (g_str_equal (name, "resources"))
    return ac_resources_page_new (self->account);
  return NULL;
}

static GtkWidget *
create_sidebar_row (const PageInfo *info,
                    guint           index)
{
  GtkWidget *row, *box, *image, *label;

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  image = gtk_image_new_from_icon_name (info->icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  label = gtk_label_new (_(info->title));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->title), -1);
  g_object_set_data (G_OBJECT (row), "page-name", (gpointer) info->name);
  return row;
}

static void
save_state_changed_cb (AcWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);
  gboolean can_save = FALSE;

  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "can-save") != NULL)
    g_object_get (page, "can-save", &can_save, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", can_save);
}

static void
build_pages (AcWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = create_page (self, pages[i].name);
      GtkStackPage *stack_page;

      if (page == NULL)
        continue;
      ac_accessible_name_dropdowns (page);
      stack_page = gtk_stack_add_titled (self->content_stack, page, pages[i].name, _(pages[i].title));
      (void) stack_page;
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "can-save") != NULL)
        g_signal_connect_object (page, "notify::can-save", G_CALLBACK (save_state_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      gtk_list_box_append (self->sidebar_list, create_sidebar_row (&pages[i], i));
    }

  gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, 0));
  gtk_stack_set_visible_child_name (self->content_stack, pages[0].name);
}

static void
destroy_pages (AcWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack))) != NULL)
    gtk_stack_remove (self->content_stack, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);
}

GtkWidget *
ac_window_get_page (AcWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

void
ac_window_show_page (AcWindow   *self,
                     const char *name)
{
  GtkWidget *child;

  g_return_if_fail (AC_IS_WINDOW (self));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "page-name"), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          break;
        }
    }
  if (gtk_stack_get_child_by_name (self->content_stack, name) != NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, name);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
sidebar_row_activated_cb (AcWindow      *self,
                          GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "page-name");

  if (name != NULL)
    ac_window_show_page (self, name);
}

static void
content_page_changed_cb (AcWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);
  const char *title = NULL;

  if (child != NULL)
    title = gtk_stack_page_get_title (gtk_stack_get_page (self->content_stack, child));
  adw_window_title_set_title (self->content_title, title ? title : "");
  save_state_changed_cb (self);
}

const char *
ac_window_get_state (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* Session */

static void
set_actions_enabled (AcWindow *self,
                     gboolean  signed_in)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-account", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-to-page", signed_in);
  if (!signed_in)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
}

static void
drop_retries (AcWindow *self)
{
  Retry *retry;

  while ((retry = g_queue_pop_head (&self->retries)) != NULL)
    {
      if (retry->destroy)
        retry->destroy (retry->user_data);
      g_free (retry);
    }
}

static void
close_reauth_dialog (AcWindow *self)
{
  if (self->reauth_cancellable)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  if (self->reauth_dialog != NULL)
    {
      GtkWindow *dialog = g_steal_pointer (&self->reauth_dialog);

      self->reauth_page = NULL;
      gtk_window_destroy (dialog);
    }
}

/* Everything of the previous person goes: pages, stores, token, cancellables. */
static void
wipe_session (AcWindow *self)
{
  close_reauth_dialog (self);
  drop_retries (self);

  if (self->session_cancellable)
    g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);

  destroy_pages (self);
  if (self->account != NULL)
    ac_account_clear (self->account);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      ac_client_forget_session (self->client);
    }
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->client);

  ac_sign_in_page_set_password (self->sign_in_page, "");
  adw_avatar_set_custom_image (self->header_avatar, NULL);
  gtk_label_set_text (self->header_name, "");
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), FALSE);
  gtk_spinner_set_spinning (self->refresh_spinner, FALSE);
  self->refreshing = FALSE;
  self->loaded = FALSE;
  set_actions_enabled (self, FALSE);
}

void
ac_window_show_sign_in (AcWindow   *self,
                        const char *error_message)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_error (self->sign_in_page, error_message);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

void
ac_window_show_busy (AcWindow   *self,
                     const char *title)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  adw_status_page_set_title (self->loading_status, title);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
}

static void
loading_finished (AcWindow     *self,
                  const GError *error)
{
  self->refreshing = FALSE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_spinner_set_spinning (self->refresh_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", TRUE);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "account"))
    gtk_stack_set_visible_child_name (self->main_stack, "account");
  user_changed_cb (self);

  if (error != NULL)
    ac_window_handle_error (self, error, (AcRetryFunc) ac_window_refresh, self, NULL);
}

static void
load_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_all_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  loading_finished (self, error);
}

/* A refresh: the user, custom fields and security level here; the list pages reload what
 * they show (their page, namespace and type), which a load_all would reset. */
typedef struct
{
  AcWindow     *self;
  GCancellable *cancellable;
  guint         pending;
  GError       *error;
} Refresh;

static void
refresh_part_done (Refresh *refresh,
                   GError  *error)
{
  if (error != NULL && refresh->error == NULL)
    refresh->error = g_error_copy (error);

  if (--refresh->pending > 0)
    return;

  /* Once the session is cancelled (signed out, window gone), self is not touched. */
  if (!g_cancellable_is_cancelled (refresh->cancellable))
    loading_finished (refresh->self, refresh->error);
  g_clear_error (&refresh->error);
  g_clear_object (&refresh->cancellable);
  g_free (refresh);
}

static void
refresh_user_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  ac_account_load_user_finish (AC_ACCOUNT (object), result, &error);
  refresh_part_done (user_data, error);
}

static void
refresh_custom_fields_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  ac_account_load_custom_fields_finish (AC_ACCOUNT (object), result, &error);
  refresh_part_done (user_data, error);
}

static void
refresh_security_level_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  ac_account_load_security_level_finish (AC_ACCOUNT (object), result, &error);
  refresh_part_done (user_data, error);
}

static void
start_loading (AcWindow *self)
{
  Refresh *refresh;

  if (self->account == NULL || self->refreshing)
    return;

  self->refreshing = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), TRUE);
  gtk_spinner_set_spinning (self->refresh_spinner, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);

  if (!self->loaded)
    {
      ac_account_load_all_async (self->account, self->session_cancellable, load_all_cb, self);
      return;
    }

  refresh = g_new0 (Refresh, 1);
  refresh->self = self;
  refresh->cancellable = g_object_ref (self->session_cancellable);
  refresh->pending = 3;
  ac_account_load_user_async (self->account, self->session_cancellable, refresh_user_cb, refresh);
  ac_account_load_custom_fields_async (self->account, self->session_cancellable,
                                       refresh_custom_fields_cb, refresh);
  ac_account_load_security_level_async (self->account, self->session_cancellable,
                                        refresh_security_level_cb, refresh);

  ac_applications_page_reload (AC_APPLICATIONS_PAGE (ac_window_get_page (self, "applications")));
  ac_organizations_page_reload (AC_ORGANIZATIONS_PAGE (ac_window_get_page (self, "organizations")));
  ac_roles_page_reload (AC_ROLES_PAGE (ac_window_get_page (self, "roles")));
  ac_resources_page_reload (AC_RESOURCES_PAGE (ac_window_get_page (self, "resources")));
}

void
ac_window_refresh (AcWindow *self)
{
  g_return_if_fail (AC_IS_WINDOW (self));
  start_loading (self);
}

static void
session_expired_cb (AcWindow *self)
{
  ac_window_request_reauthentication (self, NULL, NULL, NULL);
}

static void
start_session (AcWindow *self,
               AcClient *client)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  self->client = g_object_ref (client);
  self->account = ac_account_new (client);
  self->session_cancellable = g_cancellable_new ();

  if (g_signal_lookup ("session-expired", AC_TYPE_CLIENT) != 0)
    g_signal_connect_object (client, "session-expired", G_CALLBACK (session_expired_cb), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::user", G_CALLBACK (user_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->remember && AC_IS_ACCOUNT_CENTER (app))
    {
      GSettings *settings = ac_account_center_get_settings (AC_ACCOUNT_CENTER (app));

      g_settings_set_string (settings, "host", ac_client_get_host (client));
      g_settings_set_string (settings, "app-id", ac_client_get_app_id (client));
      g_settings_set_string (settings, "last-account", ac_sign_in_page_get_account (self->sign_in_page));
    }

  ac_sign_in_page_set_password (self->sign_in_page, "");
  ac_sign_in_page_set_error (self->sign_in_page, NULL);
  set_actions_enabled (self, TRUE);
  build_pages (self);
  update_identity (self);

  ac_window_show_busy (self, _("Loading Your Account…"));
  start_loading (self);
  g_signal_emit (self, signals[SIGNED_IN], 0, self->remember);
}

void
ac_window_resume_session (AcWindow *self,
                          AcClient *client)
{
  g_return_if_fail (AC_IS_WINDOW (self));
  g_return_if_fail (AC_IS_CLIENT (client));

  if (self->client != NULL)
    wipe_session (self);
  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  start_session (self, client);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcWindow *self = user_data;
  AcClient *client = AC_CLIENT (object);
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;

  user = ac_client_sign_in_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sign_in_cancellable);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);

  if (user == NULL)
    {
      g_autofree char *message = ac_describe_error (error);

      g_object_set_data (G_OBJECT (self), "pending-client", NULL);
      ac_window_show_sign_in (self, message);
      if (g_error_matches (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS))
        gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
      return;
    }

  start_session (self, client);
  g_object_set_data (G_OBJECT (self), "pending-client", NULL);
}

static void
sign_in_submit_cb (AcWindow *self)
{
  g_autoptr(AcClient) client = NULL;
  g_autofree char *host = NULL;
  g_autofree char *app_id = NULL;

  if (self->client != NULL)
    wipe_session (self);

  host = g_strstrip (g_strdup (ac_sign_in_page_get_host (self->sign_in_page)));
  while (g_str_has_suffix (host, "/"))
    host[strlen (host) - 1] = '\0';
  app_id = g_strstrip (g_strdup (ac_sign_in_page_get_app_id (self->sign_in_page)));
  client = ac_client_new (host, app_id);

  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  self->sign_in_cancellable = g_cancellable_new ();

  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  g_object_set_data_full (G_OBJECT (self), "pending-client", g_object_ref (client), g_object_unref);
  ac_client_sign_in_async (client,
                           ac_sign_in_page_get_account (self->sign_in_page),
                           ac_sign_in_page_get_password (self->sign_in_page),
                           self->sign_in_cancellable, signed_in_cb, self);
}

static void
sign_in_cancel_cb (AcWindow *self)
{
  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  g_object_set_data (G_OBJECT (self), "pending-client", NULL);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_error (self->sign_in_page, _("Signing in was cancelled."));
  if (self->demo && !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "sign-in"))
    ac_window_show_sign_in (self, NULL);
}

void
ac_window_sign_in (AcWindow   *self,
                   const char *host,
                   const char *app_id,
                   const char *account,
                   const char *password,
                   gboolean    remember)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  self->remember = remember;
  ac_sign_in_page_set_host (self->sign_in_page, host);
  ac_sign_in_page_set_app_id (self->sign_in_page, app_id);
  ac_sign_in_page_set_account (self->sign_in_page, account);
  ac_sign_in_page_set_password (self->sign_in_page, password);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  ac_sign_in_page_submit (self->sign_in_page);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  /* The local session is already gone; the server side is best effort. */
  g_autoptr(GError) error = NULL;

  if (!ac_client_sign_out_finish (AC_CLIENT (object), result, &error))
    g_debug ("Signing out at the server failed: %s", error->message);
}

void
ac_window_sign_out (AcWindow *self)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  if (self->client == NULL)
    return;

  /* The client lives on until the server has answered, but holds nothing for the UI. */
  ac_client_sign_out_async (self->client, NULL, signed_out_cb, NULL);
  wipe_session (self);
  self->remember = !self->demo && !is_kiosk (self);
  g_signal_emit (self, signals[SIGNED_OUT], 0);
  ac_window_show_sign_in (self, NULL);
  ac_window_add_toast (self, _("Signed out"));
}

/* Re-authentication */

static void
reauth_signed_in_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GQueue) retries = NULL;
  Retry *retry;

  user = ac_client_sign_in_finish (AC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->reauth_page == NULL)
    return;

  ac_sign_in_page_set_busy (self->reauth_page, FALSE);
  if (user == NULL)
    {
      g_autofree char *message = ac_describe_error (error);

      ac_sign_in_page_set_error (self->reauth_page, message);
      ac_sign_in_page_set_password (self->reauth_page, "");
      ac_sign_in_page_focus_first_empty (self->reauth_page);
      return;
    }

  /* Signed in again: close the dialog, then finish what the person was doing. */
  retries = g_queue_new ();
  while ((retry = g_queue_pop_head (&self->retries)) != NULL)
    g_queue_push_tail (retries, retry);
  close_reauth_dialog (self);
  ac_window_add_toast (self, _("Signed in again"));

  while ((retry = g_queue_pop_head (retries)) != NULL)
    {
      if (retry->retry)
        retry->retry (retry->user_data);
      if (retry->destroy)
        retry->destroy (retry->user_data);
      g_free (retry);
    }
}

static void
reauth_submit_cb (AcWindow     *self,
                  AcSignInPage *page)
{
  if (self->client == NULL)
    return;

  if (self->reauth_cancellable)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  self->reauth_cancellable = g_cancellable_new ();

  ac_sign_in_page_set_busy (page, TRUE);
  ac_client_sign_in_async (self->client,
                           ac_sign_in_page_get_account (page),
                           ac_sign_in_page_get_password (page),
                           self->reauth_cancellable, reauth_signed_in_cb, self);
}

static void
reauth_cancel_cb (AcWindow     *self,
                  AcSignInPage *page)
{
  if (self->reauth_cancellable)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  ac_sign_in_page_set_busy (page, FALSE);
}

static gboolean
reauth_close_request_cb (AcWindow  *self,
                         GtkWindow *dialog)
{
  /* Giving up: what was being done is not done; the edits stay on the pages. */
  if (self->reauth_cancellable)
    g_cancellable_cancel (self->reauth_cancellable);
  g_clear_object (&self->reauth_cancellable);
  self->reauth_dialog = NULL;
  self->reauth_page = NULL;
  drop_retries (self);
  ac_window_add_toast (self, _("Not signed in. Your changes were not saved."));
  return FALSE;
}

void
ac_window_request_reauthentication (AcWindow       *self,
                                    AcRetryFunc     retry,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy)
{
  GtkWidget *dialog, *box, *header, *page;
  AcUserInfo *user;
  const char *account = NULL;

  g_return_if_fail (AC_IS_WINDOW (self));

  if (self->client == NULL)
    {
      if (destroy)
        destroy (user_data);
      return;
    }

  if (retry != NULL || destroy != NULL)
    {
      Retry *r = g_new0 (Retry, 1);

      r->retry = retry;
      r->user_data = user_data;
      r->destroy = destroy;
      g_queue_push_tail (&self->retries, r);
    }

  if (self->reauth_dialog != NULL)
    {
      gtk_window_present (self->reauth_dialog);
      return;
    }

  dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), _("Sign In Again"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 440, 600);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Sign In Again"), NULL));
  gtk_box_append (GTK_BOX (box), header);

  page = ac_sign_in_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  ac_sign_in_page_set_server_locked (AC_SIGN_IN_PAGE (page), TRUE);
  ac_sign_in_page_set_title (AC_SIGN_IN_PAGE (page), _("Your Session Has Expired"),
                             _("Sign in again to continue. Your changes are kept and will be saved once you are signed in."));
  ac_sign_in_page_set_host (AC_SIGN_IN_PAGE (page), ac_client_get_host (self->client));
  ac_sign_in_page_set_app_id (AC_SIGN_IN_PAGE (page), ac_client_get_app_id (self->client));

  user = self->account ? ac_account_get_user (self->account) : NULL;
  account = ac_sign_in_page_get_account (self->sign_in_page);
  if ((account == NULL || *account == '\0') && user != NULL)
    account = ac_user_info_get_username (user);
  ac_sign_in_page_set_account (AC_SIGN_IN_PAGE (page), account);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (dialog), box);

  g_signal_connect_object (page, "submit", G_CALLBACK (reauth_submit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "cancel", G_CALLBACK (reauth_cancel_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (reauth_close_request_cb), self,
                           G_CONNECT_SWAPPED);

  /* Escape gives up, like the close button. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (dialog, shortcuts);
  }

  self->reauth_dialog = GTK_WINDOW (dialog);
  self->reauth_page = AC_SIGN_IN_PAGE (page);
  gtk_window_present (GTK_WINDOW (dialog));
  ac_sign_in_page_focus_first_empty (AC_SIGN_IN_PAGE (page));
}

GtkWindow *
ac_window_get_reauthentication_dialog (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->reauth_dialog;
}

AcSignInPage *
ac_window_get_reauthentication_page (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->reauth_page;
}

/* Delete account */

static void
account_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_client_delete_account_finish (AC_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_stack_set_visible_child_name (self->main_stack, "account");
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      set_actions_enabled (self, TRUE);
      ac_window_handle_error (self, error, NULL, NULL, NULL);
      return;
    }

  wipe_session (self);
  ac_sign_in_page_set_account (self->sign_in_page, "");
  if (self->remember)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (AC_IS_ACCOUNT_CENTER (app))
        g_settings_set_string (ac_account_center_get_settings (AC_ACCOUNT_CENTER (app)), "last-account", "");
    }
  g_signal_emit (self, signals[SIGNED_OUT], 0);
  ac_window_show_sign_in (self, NULL);
  ac_window_add_toast (self, _("Account deleted"));
}

static void
delete_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  const char *username = g_object_get_data (G_OBJECT (dialog), "username");

  adw_message_dialog_set_response_enabled (dialog, "delete",
                                           username != NULL && *username != '\0' &&
                                           g_strcmp0 (gtk_editable_get_text (entry), username) == 0);
}

static void
delete_entry_activate_cb (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "delete"))
    adw_message_dialog_response (dialog, "delete");
}

static void
delete_response_cb (AcWindow         *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "delete") != 0 || self->client == NULL)
    return;

  set_actions_enabled (self, FALSE);
  ac_window_show_busy (self, _("Deleting Your Account…"));
  ac_client_delete_account_async (self->client, self->session_cancellable, account_deleted_cb, self);
}

AdwMessageDialog *
ac_window_open_delete_dialog (AcWindow *self)
{
  AcUserInfo *user;
  const char *username;
  GtkWidget *dialog, *box, *label, *entry;
  g_autofree char *body = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *apps = NULL;
  g_autofree char *orgs = NULL;
  guint n_apps = 0, n_orgs = 0;

  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);

  if (self->account == NULL)
    return NULL;

  user = ac_account_get_user (self->account);
  username = user ? ac_user_info_get_username (user) : NULL;
  if (username == NULL || *username == '\0')
    username = ac_sign_in_page_get_account (self->sign_in_page);

  n_apps = ac_account_get_applications_total (self->account);
  n_orgs = g_list_model_get_n_items (ac_account_get_organizations (self->account));

  apps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "access to %u application", "access to %u applications", n_apps), n_apps);
  orgs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "your membership in %u organization", "your memberships in %u organizations", n_orgs), n_orgs);
  /* Translators: the first %s is "access to N applications", the second "your memberships in N organizations" */
  body = g_strdup_printf (_("Your profile, your custom data, %s and %s will be lost. This cannot be undone."), apps, orgs);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Account?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete Account"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "username", g_strdup (username), g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: %s is the username */
  prompt = g_strdup_printf (_("To confirm, type your username “%s”:"), username ? username : "");
  label = gtk_label_new (prompt);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  entry = gtk_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Username"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  g_signal_connect (entry, "changed", G_CALLBACK (delete_entry_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (delete_entry_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return ADW_MESSAGE_DIALOG (dialog);
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ac_window_refresh (AC_WINDOW (widget));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ac_window_sign_out (AC_WINDOW (widget));
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
  AcWindow *self = AC_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  if (AC_IS_PROFILE_PAGE (page))
    ac_profile_page_save (AC_PROFILE_PAGE (page));
  else if (AC_IS_CUSTOM_FIELDS_PAGE (page))
    ac_custom_fields_page_save (AC_CUSTOM_FIELDS_PAGE (page));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AcWindow *self = AC_WINDOW (widget);

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

  if (index >= 0 && index < (gint32) G_N_ELEMENTS (pages))
    ac_window_show_page (self, pages[index].name);
}

/* Window state */

static gboolean
ac_window_close_request (GtkWindow *window)
{
  AcWindow *self = AC_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  if (AC_IS_ACCOUNT_CENTER (app))
    {
      GSettings *settings = ac_account_center_get_settings (AC_ACCOUNT_CENTER (app));
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  close_reauth_dialog (self);
  return GTK_WINDOW_CLASS (ac_window_parent_class)->close_request (window);
}

/* The application is set after construction (it is no construct property). */
static void
application_changed_cb (AcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  AcAccountCenter *center;
  GSettings *settings;
  g_autofree char *host = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *account = NULL;

  if (!AC_IS_ACCOUNT_CENTER (app) || g_object_get_data (G_OBJECT (self), "settings-loaded") != NULL)
    return;
  g_object_set_data (G_OBJECT (self), "settings-loaded", GINT_TO_POINTER (1));

  center = AC_ACCOUNT_CENTER (app);
  settings = ac_account_center_get_settings (center);
  host = g_settings_get_string (settings, "host");
  app_id = g_settings_get_string (settings, "app-id");
  account = g_settings_get_string (settings, "last-account");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (ac_account_center_get_host_override (center) != NULL)
    {
      g_free (host);
      host = g_strdup (ac_account_center_get_host_override (center));
    }
  if (ac_account_center_get_app_id_override (center) != NULL)
    {
      g_free (app_id);
      app_id = g_strdup (ac_account_center_get_app_id_override (center));
    }

  ac_sign_in_page_set_host (self->sign_in_page, host);
  ac_sign_in_page_set_app_id (self->sign_in_page, app_id);
  ac_sign_in_page_set_account (self->sign_in_page, account);
  self->remember = !ac_account_center_get_demo (center) && !ac_account_center_get_kiosk (center);
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
ac_window_constructed (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  G_OBJECT_CLASS (ac_window_parent_class)->constructed (object);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  application_changed_cb (self);

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

static void
ac_window_dispose (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  if (self->client != NULL || self->account != NULL)
    wipe_session (self);
  close_reauth_dialog (self);
  drop_retries (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_WINDOW);

  G_OBJECT_CLASS (ac_window_parent_class)->dispose (object);
}

static void
ac_window_finalize (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (ac_window_parent_class)->finalize (object);
}

static void
ac_window_class_init (AcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ac_window_constructed;
  object_class->dispose = ac_window_dispose;
  object_class->finalize = ac_window_finalize;
  window_class->close_request = ac_window_close_request;

  /**
   * AcWindow::signed-in:
   * @remember: whether the person's session may be remembered (not in demo mode, ...)
   *
   * A session started: after signing in, or when a remembered session was resumed. The
   * client is ac_window_get_client().
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * AcWindow::signed-out:
   *
   * The session ended: signed out or the account deleted. Everything of the person is already
   * gone from the window; the sign-in page shows right after.
   */
  signals[SIGNED_OUT] = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (AC_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_title);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, loading_status);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, header_avatar);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, header_name);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, demo_bar);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, content_box);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.delete-account", NULL, delete_account_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-page", "i", go_to_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "win.go-to-page", "i", (gint32) i);
}

static void
ac_window_init (AcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->retries);
  set_actions_enabled (self, FALSE);
}

AcWindow *
ac_window_new (AcAccountCenter *app)
{
  AcWindow *self = g_object_new (AC_TYPE_WINDOW, "application", app, NULL);
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  /* the keyboard shortcuts window's own search and section buttons have no names (GTK 4.8) */
  if (help != NULL)
    ac_accessible_name_toolkit_controls (GTK_WIDGET (help));
  return self;
}

AcClient *
ac_window_get_client (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->client;
}

AcAccount *
ac_window_get_account (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->account;
}

AcSignInPage *
ac_window_get_sign_in_page (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->sign_in_page;
}

void
ac_window_set_demo (AcWindow *self,
                    gboolean  demo)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  self->demo = !!demo;
  if (demo)
    self->remember = FALSE;
  gtk_widget_set_visible (self->demo_bar, self->demo);
  adw_window_title_set_subtitle (self->sign_in_title, demo ? _("Demo account on a local server") : NULL);
  adw_window_title_set_subtitle (self->content_title, demo ? _("Demo account on a local server") : NULL);
}

gboolean
ac_window_get_demo (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);
  return self->demo;
}
