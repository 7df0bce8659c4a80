/* ac-logged-in-apps-bar.c: the applications the person is signed in to (issue 12), as a strip
 * above the list of the Applications page
 *
 * `get-my-logged-in-apps` is read when the strip is first shown (not at sign-in) and again on
 * Refresh while it is shown. The strip stays hidden while there is nothing to show; a failed
 * read leaves what was shown (the page's own list reports its errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-logged-in-apps"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-logged-in-apps-bar.h"
#include "ac-tooltip.h"

struct _AcLoggedInAppsBar
{
  AdwBin        parent_instance;

  AcAccount    *account;
  GtkWidget    *box;
  GtkFlowBox   *apps;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      loaded;
};

G_DEFINE_FINAL_TYPE (AcLoggedInAppsBar, ac_logged_in_apps_bar, ADW_TYPE_BIN)

static void
fill (AcLoggedInAppsBar *self)
{
  GListModel *model = ac_account_get_logged_in_apps (self->account);
  guint n = g_list_model_get_n_items (model);
  GtkFlowBoxChild *child;

  while ((child = gtk_flow_box_get_child_at_index (self->apps, 0)) != NULL)
    gtk_flow_box_remove (self->apps, GTK_WIDGET (child));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcLoggedInApp) app = g_list_model_get_item (model, i);
      const char *name = ac_logged_in_app_get_app_name (app);
      GtkWidget *item, *avatar, *label;

      if (name == NULL || *name == '\0')
        name = ac_logged_in_app_get_app_id (app);
      if (name == NULL)
        name = "";

      item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_name (item, "logged-in-app");
      avatar = adw_avatar_new (20, name, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      label = gtk_label_new (name);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      ac_widget_set_tooltip (label, name);
      if (!ac_logged_in_app_get_active (app))
        gtk_widget_add_css_class (item, "dim-label");
      gtk_box_append (GTK_BOX (item), avatar);
      gtk_box_append (GTK_BOX (item), label);
      gtk_flow_box_append (self->apps, item);
      /* Nothing to do with an entry: read, not a stop for the keyboard */
      gtk_widget_set_focusable (gtk_widget_get_parent (item), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (item)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  gtk_widget_set_visible (self->box, n > 0);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AcLoggedInAppsBar *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_logged_in_apps_finish (AC_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not read the applications signed in to: %s", error->message);
    }
  else
    self->loaded = TRUE;

  self->loading = FALSE;
}

static void
load (AcLoggedInAppsBar *self)
{
  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  ac_account_load_logged_in_apps_async (self->account, self->cancellable, loaded_cb, self);
}

static void
map_cb (AcLoggedInAppsBar *self)
{
  if (!self->loaded && !self->loading)
    load (self);
}

/* Refresh reads the applications again: so does the strip, when shown. */
static void
part_changed_cb (AcLoggedInAppsBar *self,
                 AcAccountPart      part)
{
  if (part == AC_ACCOUNT_PART_APPLICATIONS && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      ac_account_get_part_state (self->account, part) == AC_LOAD_STATE_LOADING && !self->loading)
    load (self);
}

static void
ac_logged_in_apps_bar_dispose (GObject *object)
{
  AcLoggedInAppsBar *self = AC_LOGGED_IN_APPS_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_logged_in_apps (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ac_logged_in_apps_bar_parent_class)->dispose (object);
}

static void
ac_logged_in_apps_bar_class_init (AcLoggedInAppsBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ac_logged_in_apps_bar_dispose;
}

static void
ac_logged_in_apps_bar_init (AcLoggedInAppsBar *self)
{
  GtkWidget *title;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 4);
  gtk_widget_set_margin_bottom (self->box, 8);
  title = gtk_label_new (_("Signed in now:"));
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_set_valign (title, GTK_ALIGN_START);
  gtk_widget_set_margin_top (title, 2);
  self->apps = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->apps), "logged-in-apps");
  gtk_widget_set_hexpand (GTK_WIDGET (self->apps), TRUE);
  gtk_flow_box_set_selection_mode (self->apps, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->apps, 8);
  gtk_flow_box_set_column_spacing (self->apps, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->apps), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Applications you are signed in to"), -1);
  gtk_box_append (GTK_BOX (self->box), title);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->apps));
  gtk_widget_set_visible (self->box, FALSE);
  adw_bin_set_child (ADW_BIN (self), self->box);

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/**
 * ac_logged_in_apps_bar_new:
 * @account: the signed-in account
 *
 * Returns: the strip, which reads the applications signed in to when first shown
 */
GtkWidget *
ac_logged_in_apps_bar_new (AcAccount *account)
{
  AcLoggedInAppsBar *self = g_object_new (AC_TYPE_LOGGED_IN_APPS_BAR, NULL);

  g_return_val_if_fail (AC_IS_ACCOUNT (account), GTK_WIDGET (self));

  self->account = g_object_ref (account);
  g_signal_connect_object (ac_account_get_logged_in_apps (account), "items-changed",
                           G_CALLBACK (fill), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "part-changed", G_CALLBACK (part_changed_cb), self,
                           G_CONNECT_SWAPPED);
  fill (self);
  return GTK_WIDGET (self);
}
