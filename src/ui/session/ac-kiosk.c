/* ac-kiosk.c: kiosk mode, idle sign-out and the administrator's settings, applied to a window
 *
 * Locked or disallowed features are treated the way GNOME Settings treats locked settings:
 * what cannot be changed is not offered (hidden), and what is shown for information only is
 * read-only. Everything is applied again when the administrator changes a value or a lock
 * while the app runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "ac-kiosk"

#include <glib/gi18n-lib.h>

#include "ac-account-center.h"
#include "ac-image-loader.h"
#include "ac-kiosk.h"
#include "ac-profile-page.h"

#define KIOSK_DATA_KEY "ac-kiosk"

struct _AcKiosk
{
  GObject        parent_instance;

  AcWindow      *window;        /* weak: the window owns us */
  GSettings     *settings;
  AcIdleMonitor *idle;
  GtkWidget     *bar;           /* GtkRevealer */
  GtkWidget     *bar_label;
  char          *countdown_text;
  gboolean       kiosk;
  gboolean       signed_in;
};

G_DEFINE_FINAL_TYPE (AcKiosk, ac_kiosk, G_TYPE_OBJECT)

static void apply_settings (AcKiosk *self);

/* Widget helpers */

typedef gboolean (*WidgetPredicate) (GtkWidget *widget,
                                     gpointer   data);

static void
collect_widgets (GtkWidget       *root,
                 WidgetPredicate  predicate,
                 gpointer         data,
                 GPtrArray       *out)
{
  if (predicate (root, data))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, predicate, data, out);
}

static gboolean
is_menu_button (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static gboolean
has_action_name (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

/* Menus */

typedef enum {
  MENU_REMOVE,
  MENU_HIDE_WHEN_DISABLED,
} MenuEdit;

static void
edit_menu_items (GMenuModel *model,
                 const char *action,
                 MenuEdit    edit)
{
  int n;

  if (model == NULL)
    return;

  n = g_menu_model_get_n_items (model);
  for (int i = n - 1; i >= 0; i--)
    {
      g_autofree char *item_action = NULL;
      g_autofree char *hidden_when = NULL;
      GMenuModel *link;

      link = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (link != NULL)
        {
          edit_menu_items (link, action, edit);
          g_object_unref (link);
        }
      link = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      if (link != NULL)
        {
          edit_menu_items (link, action, edit);
          g_object_unref (link);
        }

      if (!g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) ||
          g_strcmp0 (item_action, action) != 0 || !G_IS_MENU (model))
        continue;

      if (edit == MENU_REMOVE)
        {
          g_menu_remove (G_MENU (model), i);
          continue;
        }

      /* Items cannot be changed in place: put a copy that hides itself in its stead. */
      if (g_menu_model_get_item_attribute (model, i, "hidden-when", "s", &hidden_when) &&
          g_strcmp0 (hidden_when, "action-disabled") == 0)
        continue;
      {
        g_autoptr(GMenuItem) item = g_menu_item_new_from_model (model, i);

        g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
        g_menu_remove (G_MENU (model), i);
        g_menu_insert_item (G_MENU (model), i, item);
      }
    }
}

static void
edit_window_menus (AcKiosk    *self,
                   const char *action,
                   MenuEdit    edit)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (self->window), is_menu_button, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    edit_menu_items (gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i)), action, edit);
}

/* Dialogs of the window (delete confirmation, about, re-sign-in) go with the person. */
static void
close_dialogs (AcKiosk *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, i);

      /* Not the (hidden, reused) keyboard shortcuts window. */
      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self->window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) && !GTK_IS_SHORTCUTS_WINDOW (window))
        g_ptr_array_add (dialogs, window);
      else
        g_object_unref (window);
    }

  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));
}

/* The countdown */

static void
countdown_changed_cb (AcKiosk *self)
{
  guint left = ac_idle_monitor_get_countdown (self->idle);

  g_clear_pointer (&self->countdown_text, g_free);
  if (left > 0)
    {
      self->countdown_text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Signing out in %u second… Move the mouse or press a key to stay signed in.",
                                      "Signing out in %u seconds… Move the mouse or press a key to stay signed in.",
                                      left),
                         left);
      gtk_label_set_text (GTK_LABEL (self->bar_label), self->countdown_text);
    }
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->bar), left > 0);
}

static void
stay_clicked_cb (AcKiosk *self)
{
  ac_idle_monitor_reset (self->idle);
}

static void
idle_cb (AcKiosk *self)
{
  if (self->window == NULL || ac_window_get_client (self->window) == NULL)
    return;

  g_debug ("Signing out after %u idle seconds", ac_idle_monitor_get_timeout (self->idle));
  close_dialogs (self);
  ac_window_sign_out (self->window);
  close_dialogs (self);
}

static void
install_countdown_bar (AcKiosk *self)
{
  GtkWidget *content, *overlay, *box, *icon, *button, *focus;

  self->bar = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->bar), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_halign (self->bar, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->bar, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->bar, 6);
  gtk_widget_set_name (self->bar, "idle-countdown");

  box = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_HORIZONTAL,
                      "spacing", 12,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                      NULL);
  gtk_widget_add_css_class (box, "app-notification");
  icon = gtk_image_new_from_icon_name ("system-log-out-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  self->bar_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->bar_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->bar_label), 0);
  /* Translators: button of the bar that counts down to the automatic sign-out */
  button = gtk_button_new_with_mnemonic (_("_Stay Signed In"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (stay_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), self->bar_label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_revealer_set_child (GTK_REVEALER (self->bar), box);

  /* Over whatever the window shows. The focus is taken away while the content moves, so
   * that a focused entry gets its focus-out, and given back after. */
  focus = gtk_root_get_focus (GTK_ROOT (self->window));
  if (focus != NULL)
    g_object_ref (focus);
  gtk_window_set_focus (GTK_WINDOW (self->window), NULL);

  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self->window));
  overlay = gtk_overlay_new ();
  if (content != NULL)
    {
      g_object_ref (content);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (self->window), NULL);
      gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
      g_object_unref (content);
    }
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->bar);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self->window), overlay);

  if (focus != NULL)
    {
      if (gtk_widget_get_root (focus) == GTK_ROOT (self->window))
        gtk_widget_grab_focus (focus);
      g_object_unref (focus);
    }
}

/* Policies */

static gboolean
is_writable (AcKiosk    *self,
             const char *key)
{
  return self->settings == NULL || g_settings_is_writable (self->settings, key);
}

gboolean
ac_kiosk_allows (AcKiosk    *self,
                 const char *key)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), TRUE);

  return self->settings == NULL || g_settings_get_boolean (self->settings, key);
}

static void
apply_server_policy (AcKiosk *self)
{
  AcSignInPage *page = ac_window_get_sign_in_page (self->window);
  gboolean host_locked = !is_writable (self, "host");
  gboolean app_id_locked = !is_writable (self, "app-id");

  /* What the administrator locked wins over the command line. */
  if (host_locked)
    {
      g_autofree char *host = g_settings_get_string (self->settings, "host");
      ac_sign_in_page_set_host (page, host);
    }
  if (app_id_locked)
    {
      g_autofree char *app_id = g_settings_get_string (self->settings, "app-id");
      ac_sign_in_page_set_app_id (page, app_id);
    }

  ac_sign_in_page_set_server_locked (page, self->kiosk || host_locked || app_id_locked);
}

static void
apply_profile_policy (AcKiosk *self)
{
  GtkWidget *page = ac_window_get_page (self->window, "profile");
  gboolean avatar = ac_kiosk_allows (self, "allow-avatar-change");
  gboolean edit = ac_kiosk_allows (self, "allow-profile-edit");
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  const AcProfileField *fields;
  guint n_fields = 0;

  if (!AC_IS_PROFILE_PAGE (page))
    return;

  gtk_widget_action_set_enabled (page, "profile.change-avatar", avatar);
  collect_widgets (page, has_action_name, (gpointer) "profile.change-avatar", buttons);
  for (guint i = 0; i < buttons->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (buttons, i), avatar);

  fields = ac_profile_fields (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *row = ac_profile_page_get_row (AC_PROFILE_PAGE (page), fields[i].key);

      if (row == NULL)
        continue;

      if (ADW_IS_ENTRY_ROW (row))
        {
          /* Read-only: the value stays readable and selectable. */
          gtk_editable_set_editable (GTK_EDITABLE (row), edit);
          gtk_widget_set_sensitive (row, TRUE);
        }
      else
        {
          gtk_widget_set_sensitive (row, edit);
        }
    }
}

static void
apply_account_policy (AcKiosk *self)
{
  if (!self->signed_in)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.delete-account",
                                 ac_kiosk_allows (self, "allow-delete-account"));
  apply_profile_policy (self);
}

static void
apply_idle_policy (AcKiosk *self)
{
  guint timeout = self->settings ? g_settings_get_uint (self->settings, "idle-sign-out") : 0;

  ac_idle_monitor_set_timeout (self->idle, timeout);
  ac_idle_monitor_set_active (self->idle, self->signed_in && timeout > 0);
}

static void
apply_settings (AcKiosk *self)
{
  if (self->window == NULL)
    return;

  apply_server_policy (self);
  apply_account_policy (self);
  apply_idle_policy (self);
}

static void
settings_changed_cb (AcKiosk    *self,
                     const char *key)
{
  apply_settings (self);
}

/* Kiosk mode */

static gboolean
close_request_cb (AcKiosk   *self,
                  GtkWindow *window)
{
  g_debug ("Kiosk mode: the window stays open");
  return TRUE;
}

static gboolean
refullscreen_cb (gpointer user_data)
{
  AcKiosk *self = user_data;

  if (self->window != NULL && !gtk_window_is_fullscreen (GTK_WINDOW (self->window)))
    gtk_window_fullscreen (GTK_WINDOW (self->window));
  return G_SOURCE_REMOVE;
}

static void
fullscreened_cb (AcKiosk *self)
{
  if (self->window != NULL && !gtk_window_is_fullscreen (GTK_WINDOW (self->window)))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refullscreen_cb, g_object_ref (self), g_object_unref);
}

static void
clear_sign_in_page (AcKiosk *self)
{
  AcSignInPage *page = ac_window_get_sign_in_page (self->window);

  ac_sign_in_page_set_account (page, "");
  ac_sign_in_page_set_password (page, "");
  ac_sign_in_page_set_error (page, NULL);
}

static void
setup_kiosk (AcKiosk *self)
{
  GtkWindow *window = GTK_WINDOW (self->window);
  GtkApplication *app = gtk_window_get_application (window);
  static const char *no_accels[] = { NULL };

  gtk_window_set_deletable (window, FALSE);
  gtk_window_fullscreen (window);
  g_signal_connect_object (window, "notify::fullscreened", G_CALLBACK (fullscreened_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "close-request", G_CALLBACK (close_request_cb), self,
                           G_CONNECT_SWAPPED);

  if (app != NULL)
    {
      GAction *quit = g_action_map_lookup_action (G_ACTION_MAP (app), "quit");

      if (G_IS_SIMPLE_ACTION (quit))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (quit), FALSE);
      gtk_application_set_accels_for_action (app, "app.quit", no_accels);
    }
  edit_window_menus (self, "app.quit", MENU_REMOVE);

  /* No remembered account on a shared terminal. */
  clear_sign_in_page (self);
}

/* Session */

static void
signed_in_cb (AcKiosk *self)
{
  self->signed_in = TRUE;
  apply_settings (self);
}

static void
signed_out_cb (AcKiosk *self)
{
  self->signed_in = FALSE;
  apply_settings (self);
  countdown_changed_cb (self);

  /* The pictures of the person (their avatar, their applications' logos) leave memory too. */
  ac_image_loader_clear_cache (ac_image_loader_get_default ());

  if (self->kiosk)
    {
      close_dialogs (self);
      clear_sign_in_page (self);
    }
}

/* GObject */

static void
ac_kiosk_dispose (GObject *object)
{
  AcKiosk *self = AC_KIOSK (object);

  if (self->idle != NULL)
    g_signal_handlers_disconnect_by_data (self->idle, self);
  g_clear_object (&self->idle);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (ac_kiosk_parent_class)->dispose (object);
}

static void
ac_kiosk_finalize (GObject *object)
{
  AcKiosk *self = AC_KIOSK (object);

  g_free (self->countdown_text);

  G_OBJECT_CLASS (ac_kiosk_parent_class)->finalize (object);
}

static void
ac_kiosk_class_init (AcKioskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ac_kiosk_dispose;
  object_class->finalize = ac_kiosk_finalize;
}

static void
ac_kiosk_init (AcKiosk *self)
{
}

static void
window_destroyed_cb (GtkWidget *window)
{
  /* Let go of the window's controllers while it is still alive. */
  g_object_set_data (G_OBJECT (window), KIOSK_DATA_KEY, NULL);
}

static void
connect_window_signal (AcKiosk    *self,
                       const char *name,
                       GCallback   callback)
{
  if (g_signal_lookup (name, AC_TYPE_WINDOW) != 0)
    g_signal_connect_object (self->window, name, callback, self, G_CONNECT_SWAPPED);
  else
    g_warning ("AcWindow has no “%s” signal", name);
}

AcKiosk *
ac_kiosk_attach (AcWindow *window)
{
  AcKiosk *self;
  GtkApplication *app;

  g_return_val_if_fail (AC_IS_WINDOW (window), NULL);

  self = ac_kiosk_get_for_window (window);
  if (self != NULL)
    return self;

  self = g_object_new (AC_TYPE_KIOSK, NULL);
  g_set_weak_pointer (&self->window, window);
  g_object_set_data_full (G_OBJECT (window), KIOSK_DATA_KEY, self, g_object_unref);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroyed_cb), NULL);

  app = gtk_window_get_application (GTK_WINDOW (window));
  if (AC_IS_ACCOUNT_CENTER (app))
    {
      self->settings = g_object_ref (ac_account_center_get_settings (AC_ACCOUNT_CENTER (app)));
      self->kiosk = ac_account_center_get_kiosk (AC_ACCOUNT_CENTER (app));
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "writable-changed", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  self->idle = ac_idle_monitor_new ();
  g_signal_connect_object (self->idle, "notify::countdown", G_CALLBACK (countdown_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "idle", G_CALLBACK (idle_cb), self, G_CONNECT_SWAPPED);
  install_countdown_bar (self);

  connect_window_signal (self, "signed-in", G_CALLBACK (signed_in_cb));
  connect_window_signal (self, "signed-out", G_CALLBACK (signed_out_cb));

  /* Delete Account disappears from the menu whenever its action is disabled. */
  edit_window_menus (self, "win.delete-account", MENU_HIDE_WHEN_DISABLED);

  if (self->kiosk)
    setup_kiosk (self);

  self->signed_in = ac_window_get_client (window) != NULL &&
                    g_strcmp0 (ac_window_get_state (window), "account") == 0;
  apply_settings (self);

  return self;
}

AcKiosk *
ac_kiosk_get_for_window (AcWindow *window)
{
  g_return_val_if_fail (AC_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), KIOSK_DATA_KEY);
}

gboolean
ac_kiosk_get_enabled (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), FALSE);
  return self->kiosk;
}

AcIdleMonitor *
ac_kiosk_get_idle_monitor (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), NULL);
  return self->idle;
}

GtkWidget *
ac_kiosk_get_countdown_bar (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), NULL);
  return self->bar;
}

const char *
ac_kiosk_get_countdown_text (AcKiosk *self)
{
  g_return_val_if_fail (AC_IS_KIOSK (self), NULL);
  return self->countdown_text;
}
