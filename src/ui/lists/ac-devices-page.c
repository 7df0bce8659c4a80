/* ac-devices-page.c: where the person is signed in: this computer, the other devices, and
 * the accounts of other providers linked to theirs (issue 12)
 *
 * Nothing is read at sign-in: the page reads the devices and the linked accounts each time it
 * is shown (a device's online state changes behind our back), and on Refresh while shown.
 * Signing this computer out is the window's Sign Out (through AcSession); another device, or
 * every other device at once after a confirmation, through AcAccount.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-devices-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-activity-view.h"
#include "ac-devices-page.h"
#include "ac-error.h"
#include "ac-error-text.h"
#include "ac-page.h"
#include "ac-tooltip.h"

struct _AcDevicesPage
{
  AdwBin          parent_instance;

  AcAccount      *account;
  AcSession      *session;

  AcActivityView  view;
  GtkWidget      *this_group;
  GtkListBox     *this_list;
  GtkListBox     *others_list;
  GtkLabel       *others_empty;
  GtkWidget      *sign_out_others_button;
  GtkListBox     *identities_list;
  GtkLabel       *identities_empty;
  GtkLabel       *identities_error;

  GCancellable   *load_cancellable;
  GCancellable   *write_cancellable;
  guint           loads;           /* reads on their way */
  gboolean        loaded;          /* the devices were read at least once */
  GError         *devices_error;
  GError         *identities_error_value;
  gboolean        writing;
};

static void ac_devices_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcDevicesPage, ac_devices_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_devices_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void load (AcDevicesPage *self);

static gboolean
get_busy (AcDevicesPage *self)
{
  return self->loads > 0 || self->writing;
}

static void
set_busy (AcDevicesPage *self,
          guint          loads,
          gboolean       writing)
{
  gboolean was_busy = get_busy (self);

  self->loads = loads;
  self->writing = writing;
  gtk_widget_set_sensitive (self->sign_out_others_button, !writing);
  if (was_busy != get_busy (self))
    g_object_notify (G_OBJECT (self), "busy");
}

/* Texts */

static const char *
device_icon_name (AcDevice *device)
{
  switch (ac_device_get_device_type (device))
    {
    case AC_DEVICE_TYPE_MOBILE:
      return "phone-symbolic";
    case AC_DEVICE_TYPE_BROWSER:
      return "web-browser-symbolic";
    case AC_DEVICE_TYPE_DESKTOP:
      return "computer-symbolic";
    case AC_DEVICE_TYPE_UNKNOWN:
    default:
      return "dialog-question-symbolic";
    }
}

static char *
device_title (AcDevice *device)
{
  const char *name = ac_device_get_name (device);

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return g_strdup (_("Unnamed Device"));
}

/* "Debian GNU/Linux 12 · 10.0.0.7" */
static char *
device_subtitle (AcDevice *device)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  const char *os = ac_device_get_os (device);
  const char *ip = ac_device_get_last_ip (device);
  g_autofree char *ip_text = NULL;

  if (os != NULL && *os != '\0')
    g_strv_builder_add (parts, os);
  else
    g_strv_builder_add (parts, _("Unknown system"));
  if (ip != NULL && *ip != '\0')
    {
      /* Translators: %s is an IP address */
      ip_text = g_strdup_printf (_("IP %s"), ip);
      g_strv_builder_add (parts, ip_text);
    }

  strv = g_strv_builder_end (parts);
  return g_strjoinv (" · ", strv);
}

/* Rows */

static void sign_out_device_cb (GtkButton *button, AcDevicesPage *self);

static GtkWidget *
device_row_new (AcDevicesPage *self,
                AcDevice      *device,
                gboolean       this_device)
{
  g_autofree char *title = device_title (device);
  g_autofree char *subtitle = device_subtitle (device);
  g_autofree char *when = ac_activity_relative_time (ac_device_get_last_login_time (device), NULL);
  g_autofree char *exact = ac_activity_exact_time (ac_device_get_last_login_time (device));
  g_autofree char *when_tooltip = NULL;
  g_autofree char *button_label = NULL;
  gboolean online = ac_device_get_online (device);
  GtkWidget *row, *icon, *box, *state, *time, *button;

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "device-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "device-id", g_strdup (ac_device_get_device_id (device)), g_free);

  icon = gtk_image_new_from_icon_name (device_icon_name (device));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ac_device_get_type_name (device) != NULL ? ac_device_get_type_name (device) : "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  state = gtk_label_new (online ? _("Online") : _("Offline"));
  gtk_widget_set_name (state, "device-state");
  gtk_label_set_xalign (GTK_LABEL (state), 1);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, online ? "success" : "dim-label");
  time = gtk_label_new (when);
  gtk_widget_set_name (time, "device-last-sign-in");
  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "dim-label");
  if (exact != NULL)
    {
      /* Translators: tooltip: %s is the exact date and time of the last sign-in */
      when_tooltip = g_strdup_printf (_("Last sign-in: %s"), exact);
      ac_widget_set_tooltip (time, when_tooltip);
    }
  gtk_box_append (GTK_BOX (box), state);
  gtk_box_append (GTK_BOX (box), time);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  /* An offline device holds no session: nothing to sign out. */
  if (this_device || online)
    {
      button = gtk_button_new_with_label (_("Sign Out"));
      gtk_widget_set_name (button, this_device ? "sign-out-this-device" : "sign-out-device");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: accessible name of a button: %s is the name of a device */
      button_label = g_strdup_printf (_("Sign out %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      button_label, -1);
      g_object_set_data_full (G_OBJECT (button), "device-id",
                              g_strdup (ac_device_get_device_id (device)), g_free);
      g_object_set_data (G_OBJECT (button), "this-device", GINT_TO_POINTER (this_device));
      g_signal_connect (button, "clicked", G_CALLBACK (sign_out_device_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
fill_devices (AcDevicesPage *self)
{
  GListModel *devices = ac_account_get_devices (self->account);
  const char *this_id = ac_account_get_this_device_id (self->account);
  guint n = g_list_model_get_n_items (devices);
  guint n_others = 0, n_online_others = 0;
  gboolean this_found = FALSE;

  ac_activity_list_clear (self->this_list);
  ac_activity_list_clear (self->others_list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcDevice) device = g_list_model_get_item (devices, i);
      gboolean is_this = this_id != NULL && g_strcmp0 (ac_device_get_device_id (device), this_id) == 0;

      if (is_this && !this_found)
        {
          gtk_list_box_append (self->this_list, device_row_new (self, device, TRUE));
          this_found = TRUE;
        }
      else
        {
          gtk_list_box_append (self->others_list, device_row_new (self, device, FALSE));
          n_others++;
          if (ac_device_get_online (device))
            n_online_others++;
        }
    }

  /* A session that did not name this computer at sign-in: no "This Device" to show. */
  gtk_widget_set_visible (self->this_group, this_found);
  gtk_widget_set_visible (GTK_WIDGET (self->others_list), n_others > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->others_empty), n_others == 0);
  gtk_widget_set_visible (self->sign_out_others_button, n_online_others > 0);
  ac_activity_list_restore_focus (self->this_list);
  ac_activity_list_restore_focus (self->others_list);
}

/* "GitHub" for "github" */
static const char *
provider_title (const char *provider)
{
  static const struct { const char *id; const char *title; } known[] = {
    { "github", "GitHub" }, { "gitlab", "GitLab" }, { "google", "Google" },
    { "wechat", N_("WeChat") }, { "wechatwork", N_("WeCom") }, { "dingtalk", N_("DingTalk") },
    { "alipay", N_("Alipay") }, { "qq", "QQ" }, { "weibo", N_("Weibo") }, { "apple", "Apple" },
    { "microsoft", "Microsoft" }, { "azure-ad", "Microsoft Entra ID" }, { "feishu", N_("Feishu") },
    { "lark", "Lark" }, { "facebook", "Facebook" }, { "twitter", "X (Twitter)" },
    { "linkedin", "LinkedIn" }, { "slack", "Slack" }, { "baidu", N_("Baidu") },
  };

  if (provider == NULL || *provider == '\0')
    return _("Unknown Provider");

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strncasecmp (provider, known[i].id, strlen (known[i].id)) == 0 &&
        (provider[strlen (known[i].id)] == '\0' || provider[strlen (known[i].id)] == ':'))
      return _(known[i].title);

  return provider;
}

static void unlink_cb (GtkButton *button, AcDevicesPage *self);

static GtkWidget *
identity_row_new (AcDevicesPage *self,
                  AcIdentity    *identity)
{
  const char *title = provider_title (ac_identity_get_provider (identity));
  const char *id_in_idp = ac_identity_get_user_id_in_idp (identity);
  const char *display_name = ac_identity_get_display_name (identity);
  g_autofree char *subtitle = NULL;
  g_autofree char *button_label = NULL;
  GtkWidget *row, *avatar, *button;

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "identity-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (display_name != NULL && *display_name != '\0' && g_strcmp0 (display_name, id_in_idp) != 0)
    /* Translators: a linked account: the name shown there, then the id at the provider */
    subtitle = g_strdup_printf (_("%s · ID %s"), display_name, id_in_idp != NULL ? id_in_idp : "");
  else
    /* Translators: %s is the id of the person's account at GitHub, WeChat… */
    subtitle = g_strdup_printf (_("ID %s"), id_in_idp != NULL ? id_in_idp : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "ext-idp-id", g_strdup (ac_identity_get_ext_idp_id (identity)), g_free);

  /* The provider's mark: its initials on its colour (no provider logos ship with the theme) */
  avatar = adw_avatar_new (32, title, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  button = gtk_button_new_with_label (_("Unlink"));
  gtk_widget_set_name (button, "unlink");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: accessible name of a button: %s is a provider such as GitHub */
  button_label = g_strdup_printf (_("Unlink your %s account"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_object_set_data_full (G_OBJECT (button), "ext-idp-id", g_strdup (ac_identity_get_ext_idp_id (identity)), g_free);
  g_object_set_data_full (G_OBJECT (button), "provider-title", g_strdup (title), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (unlink_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
fill_identities (AcDevicesPage *self)
{
  GListModel *identities = ac_account_get_identities (self->account);
  guint n = g_list_model_get_n_items (identities);

  ac_activity_list_clear (self->identities_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcIdentity) identity = g_list_model_get_item (identities, i);

      gtk_list_box_append (self->identities_list, identity_row_new (self, identity));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->identities_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->identities_empty), n == 0 && self->identities_error_value == NULL);
  ac_activity_list_restore_focus (self->identities_list);
}

static void
show_identities_error (AcDevicesPage *self,
                       const char    *text)
{
  gtk_label_set_text (self->identities_error, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->identities_error), text != NULL);
}

/* Loading */

static void
update_view (AcDevicesPage *self)
{
  if (self->loads > 0 && !self->loaded)
    {
      ac_activity_view_show_loading (&self->view);
      return;
    }

  if (self->devices_error != NULL && !self->loaded)
    {
      ac_activity_view_show_error (&self->view, self->devices_error);
      return;
    }

  ac_activity_view_show_content (&self->view);
}

static void
load_ended (AcDevicesPage *self)
{
  const GError *error = self->devices_error != NULL ? self->devices_error : self->identities_error_value;

  set_busy (self, self->loads - 1, self->writing);
  if (self->loads > 0)
    return;

  if (error != NULL && g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    {
      /* The session ended (this device was signed out elsewhere?): the window asks to sign
       * in again; then read again. */
      ac_page_retry_when_ready (AC_PAGE (self), self->load_cancellable, (AcPageFunc) load);
    }

  if (self->identities_error_value != NULL)
    {
      g_autofree char *text = ac_describe_error (self->identities_error_value);
      show_identities_error (self, text);
    }
  update_view (self);
}

static void
devices_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcDevicesPage *self = user_data;
  GError *error = NULL;

  if (!ac_account_load_devices_finish (AC_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          return;
        }
      g_debug ("Could not read the devices: %s", error->message);
      self->devices_error = error;
    }
  else
    self->loaded = TRUE;

  load_ended (self);
}

static void
identities_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AcDevicesPage *self = user_data;
  GError *error = NULL;

  if (!ac_account_load_identities_finish (AC_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          return;
        }
      g_debug ("Could not read the linked accounts: %s", error->message);
      self->identities_error_value = error;
    }

  load_ended (self);
}

static void
load (AcDevicesPage *self)
{
  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_clear_error (&self->devices_error);
  g_clear_error (&self->identities_error_value);
  show_identities_error (self, NULL);

  /* The callbacks of the cancelled reads do not come back to the page. */
  set_busy (self, 2, self->writing);
  update_view (self);
  ac_account_load_devices_async (self->account, self->load_cancellable, devices_loaded_cb, self);
  ac_account_load_identities_async (self->account, self->load_cancellable, identities_loaded_cb, self);
}

/* Signing out */

static void
write_done (AcDevicesPage *self,
            GError        *error,
            const char    *done_text)
{
  set_busy (self, self->loads, FALSE);

  if (error == NULL)
    {
      ac_page_show_toast (AC_PAGE (self), done_text);
      return;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    return;   /* the window asks to sign in again */

  {
    g_autofree char *text = ac_describe_error (error);
    ac_page_show_toast (AC_PAGE (self), text);
  }
}

static void
device_signed_out_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AcDevicesPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_sign_out_device_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  write_done (self, error, _("The device was signed out"));
}

static void
sign_out_device_cb (GtkButton     *button,
                    AcDevicesPage *self)
{
  const char *device_id = g_object_get_data (G_OBJECT (button), "device-id");

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "this-device")))
    {
      /* This computer: the same as Sign Out in the menu. */
      if (self->session != NULL)
        ac_session_sign_out (self->session);
      return;
    }

  if (self->writing || device_id == NULL)
    return;

  set_busy (self, self->loads, TRUE);
  ac_account_sign_out_device_async (self->account, device_id, self->write_cancellable,
                                    device_signed_out_cb, self);
}

static void
others_signed_out_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AcDevicesPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_sign_out_other_devices_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  write_done (self, error, _("Every other device was signed out"));
}

static void
sign_out_others_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             AcDevicesPage    *self)
{
  if (g_strcmp0 (response, "sign-out") != 0 || self->writing || self->account == NULL)
    return;

  set_busy (self, self->loads, TRUE);
  ac_account_sign_out_other_devices_async (self->account, self->write_cancellable,
                                           others_signed_out_cb, self);
}

static void
sign_out_others_clicked_cb (AcDevicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign Out All Other Devices?"),
                                   _("Every other device and browser signed in to your account will have to sign in again. This computer stays signed in."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out Other Devices"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_others_response_cb), self, 0);
  gtk_widget_set_name (dialog, "sign-out-others-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Unlinking */

static void
unlinked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcDevicesPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_unlink_identity_finish (AC_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, self->loads, FALSE);
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NO_OTHER_LOGIN_METHOD))
        show_identities_error (self, _("You cannot unlink this account: it is the only way left to sign in. Set a password, or add an e-mail address or a phone first."));
      else if (!g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        {
          g_autofree char *text = ac_describe_error (error);
          show_identities_error (self, text);
        }
      return;
    }

  show_identities_error (self, NULL);
  write_done (self, NULL, _("The account was unlinked"));
}

static void
unlink_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AcDevicesPage    *self)
{
  const char *ext_idp_id = g_object_get_data (G_OBJECT (dialog), "ext-idp-id");

  if (g_strcmp0 (response, "unlink") != 0 || self->writing || self->account == NULL)
    return;

  show_identities_error (self, NULL);
  set_busy (self, self->loads, TRUE);
  ac_account_unlink_identity_async (self->account, ext_idp_id, self->write_cancellable,
                                    unlinked_cb, self);
}

static void
unlink_cb (GtkButton     *button,
           AcDevicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *title = g_object_get_data (G_OBJECT (button), "provider-title");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a provider such as GitHub */
  heading = g_strdup_printf (_("Unlink Your %s Account?"), title);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("You will no longer be able to sign in with it. You can link it again later from the sign-in page of an application."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlink", _("_Unlink"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlink",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ext-idp-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "ext-idp-id")), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (unlink_response_cb), self, 0);
  gtk_widget_set_name (dialog, "unlink-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The page */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_DEVICES_PAGE (widget));
}

static void
map_cb (AcDevicesPage *self)
{
  load (self);
}

/* Refresh (the user is read again): read what the page shows too, if it is shown. */
static void
part_changed_cb (AcDevicesPage *self,
                 AcAccountPart  part)
{
  if (part == AC_ACCOUNT_PART_USER && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      ac_account_get_part_state (self->account, part) == AC_LOAD_STATE_LOADING && self->loads == 0)
    load (self);
}

static void
set_account (AcDevicesPage *self,
             AcAccount     *account)
{
  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  g_signal_connect_object (ac_account_get_devices (account), "items-changed",
                           G_CALLBACK (fill_devices), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ac_account_get_identities (account), "items-changed",
                           G_CALLBACK (fill_identities), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "part-changed", G_CALLBACK (part_changed_cb), self,
                           G_CONNECT_SWAPPED);
  fill_devices (self);
  fill_identities (self);
}

static void
ac_devices_page_page_reload (AcPage *page)
{
  load (AC_DEVICES_PAGE (page));
}

static void
ac_devices_page_page_init (AcPageInterface *iface)
{
  iface->reload = ac_devices_page_page_reload;
}

static void
ac_devices_page_dispose (GObject *object)
{
  AcDevicesPage *self = AC_DEVICES_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->write_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->write_cancellable);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_devices (self->account), self);
      g_signal_handlers_disconnect_by_data (ac_account_get_identities (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }
  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_error (&self->devices_error);
  g_clear_error (&self->identities_error_value);

  G_OBJECT_CLASS (ac_devices_page_parent_class)->dispose (object);
}

static void
ac_devices_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcDevicesPage *self = AC_DEVICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, get_busy (self));
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_devices_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AcDevicesPage *self = AC_DEVICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      set_account (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_devices_page_class_init (AcDevicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_devices_page_dispose;
  object_class->get_property = ac_devices_page_get_property;
  object_class->set_property = ac_devices_page_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_install_action (widget_class, "devices.reload", NULL, reload_action);
}

static GtkWidget *
group_new (AcDevicesPage *self,
           const char    *title,
           const char    *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->view.content, group);
  return group;
}

static GtkLabel *
note_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return GTK_LABEL (label);
}

static void
ac_devices_page_init (AcDevicesPage *self)
{
  GtkWidget *group;

  self->write_cancellable = g_cancellable_new ();
  ac_activity_view_build (&self->view, ADW_BIN (self), NULL, _("Loading devices"), "devices.reload");

  group = group_new (self, _("This Device"), NULL);
  self->this_group = group;
  gtk_widget_set_visible (group, FALSE);
  self->this_list = ac_activity_boxed_list_new (_("This device"));
  gtk_widget_set_name (GTK_WIDGET (self->this_list), "this-device-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->this_list));

  group = group_new (self, _("Other Devices"),
                     _("Browsers, phones and computers where your account was used to sign in"));
  self->sign_out_others_button = gtk_button_new_with_label (_("Sign Out All Other Devices"));
  gtk_widget_set_name (self->sign_out_others_button, "sign-out-others");
  gtk_widget_set_valign (self->sign_out_others_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->sign_out_others_button, "destructive-action");
  g_signal_connect_swapped (self->sign_out_others_button, "clicked",
                            G_CALLBACK (sign_out_others_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), self->sign_out_others_button);
  self->others_list = ac_activity_boxed_list_new (_("Other devices"));
  gtk_widget_set_name (GTK_WIDGET (self->others_list), "other-devices-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->others_list));
  self->others_empty = note_new (_("Your account is not signed in anywhere else."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->others_empty));

  group = group_new (self, _("Linked Accounts"),
                     _("Accounts of other services you can sign in with"));
  self->identities_list = ac_activity_boxed_list_new (_("Linked accounts"));
  gtk_widget_set_name (GTK_WIDGET (self->identities_list), "identities-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->identities_list));
  self->identities_empty = note_new (_("No account of another service is linked to yours."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->identities_empty));
  self->identities_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->identities_error), "identities-error");
  gtk_label_set_wrap (GTK_LABEL (self->identities_error), TRUE);
  gtk_label_set_xalign (self->identities_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->identities_error), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->identities_error), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->identities_error),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Linked accounts error"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->identities_error), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->identities_error));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
ac_devices_page_new (AcAccount *account)
{
  return g_object_new (AC_TYPE_DEVICES_PAGE, "account", account, NULL);
}
