/* ac-groups-page.c: the groups the signed-in person belongs to (next to organizations and
 * roles)
 *
 * Read when the page is first shown (not at sign-in), and again on Refresh while shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-groups-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-activity-view.h"
#include "ac-error.h"
#include "ac-groups-page.h"
#include "ac-page.h"

struct _AcGroupsPage
{
  AdwBin          parent_instance;

  AcAccount      *account;
  AcSession      *session;

  AcActivityView  view;
  GtkListBox     *list;
  GtkLabel       *empty_label;

  GCancellable   *cancellable;
  gboolean        loading;
  gboolean        loaded;
};

static void ac_groups_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcGroupsPage, ac_groups_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_groups_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void load (AcGroupsPage *self);

static void
set_loading (AcGroupsPage *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify (G_OBJECT (self), "busy");
}

static GtkWidget *
group_row_new (AcGroup *group)
{
  const char *name = ac_group_get_name (group);
  const char *code = ac_group_get_code (group);
  const char *description = ac_group_get_description (group);
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *icon;

  if (name == NULL || *name == '\0')
    name = code;

  if (description != NULL && *description != '\0')
    /* Translators: a group's code, then its description */
    subtitle = g_strdup_printf (_("%s · %s"), code != NULL ? code : "", description);
  else
    subtitle = g_strdup (code);

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "group-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  icon = gtk_image_new_from_icon_name ("system-users-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
fill (AcGroupsPage *self)
{
  GListModel *groups = ac_account_get_groups (self->account);
  guint n = g_list_model_get_n_items (groups);

  ac_activity_list_clear (self->list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcGroup) group = g_list_model_get_item (groups, i);

      gtk_list_box_append (self->list, group_row_new (group));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  ac_activity_list_restore_focus (self->list);
}

static void
groups_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcGroupsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_groups_finish (AC_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_loading (self, FALSE);
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, (AcPageFunc) load);
      if (!self->loaded)
        ac_activity_view_show_error (&self->view, error);
      return;
    }

  set_loading (self, FALSE);
  self->loaded = TRUE;
  ac_activity_view_show_content (&self->view);
}

static void
load (AcGroupsPage *self)
{
  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  if (!self->loaded)
    ac_activity_view_show_loading (&self->view);
  ac_account_load_groups_async (self->account, self->cancellable, groups_loaded_cb, self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_GROUPS_PAGE (widget));
}

static void
map_cb (AcGroupsPage *self)
{
  if (!self->loaded && !self->loading)
    load (self);
}

static void
part_changed_cb (AcGroupsPage  *self,
                 AcAccountPart  part)
{
  if (part == AC_ACCOUNT_PART_USER && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      ac_account_get_part_state (self->account, part) == AC_LOAD_STATE_LOADING && !self->loading)
    load (self);
}

static void
set_account (AcGroupsPage *self,
             AcAccount    *account)
{
  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  g_signal_connect_object (ac_account_get_groups (account), "items-changed", G_CALLBACK (fill),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "part-changed", G_CALLBACK (part_changed_cb), self,
                           G_CONNECT_SWAPPED);
  fill (self);
}

static void
ac_groups_page_page_reload (AcPage *page)
{
  load (AC_GROUPS_PAGE (page));
}

static void
ac_groups_page_page_init (AcPageInterface *iface)
{
  iface->reload = ac_groups_page_page_reload;
}

static void
ac_groups_page_dispose (GObject *object)
{
  AcGroupsPage *self = AC_GROUPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_groups (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_groups_page_parent_class)->dispose (object);
}

static void
ac_groups_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AcGroupsPage *self = AC_GROUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->loading);
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
ac_groups_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AcGroupsPage *self = AC_GROUPS_PAGE (object);

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
ac_groups_page_class_init (AcGroupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_groups_page_dispose;
  object_class->get_property = ac_groups_page_get_property;
  object_class->set_property = ac_groups_page_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_install_action (widget_class, "groups.reload", NULL, reload_action);
}

static void
ac_groups_page_init (AcGroupsPage *self)
{
  GtkWidget *group;

  ac_activity_view_build (&self->view, ADW_BIN (self), NULL, _("Loading groups"), "groups.reload");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Groups"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The groups your administrator added you to"));
  self->list = ac_activity_boxed_list_new (_("Groups"));
  gtk_widget_set_name (GTK_WIDGET (self->list), "groups-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));
  self->empty_label = GTK_LABEL (gtk_label_new (_("You do not belong to any group.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_label_set_xalign (self->empty_label, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->empty_label));
  gtk_box_append (self->view.content, group);

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
ac_groups_page_new (AcAccount *account)
{
  return g_object_new (AC_TYPE_GROUPS_PAGE, "account", account, NULL);
}
