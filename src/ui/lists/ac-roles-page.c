/* ac-roles-page.c: the roles of the signed-in person, filtered by namespace
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-roles-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-list-loader.h"
#include "ac-lists-common.h"
#include "ac-page.h"
#include "ac-role-row.h"
#include "ac-roles-page.h"
#include "ac-tooltip.h"

struct _AcRolesPage
{
  AdwBin          parent_instance;

  AcAccount      *account;
  AcSession      *session;
  AcListLoader    load_state;
  GtkStringList  *namespaces;     /* item 0 is "All namespaces" */

  GtkLabel       *count_label;
  GtkDropDown    *namespace_dropdown;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkListView    *list_view;
  AdwStatusPage  *empty_status;
  AdwStatusPage  *error_status;
};

static void ac_roles_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcRolesPage, ac_roles_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_roles_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_LOADING,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void load (AcRolesPage *self);

static GListModel *
roles_model (AcRolesPage *self)
{
  return ac_account_get_roles (self->account);
}

/* NULL for "All namespaces" */
static const char *
selected_namespace (AcRolesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->namespace_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->namespaces, selected);
}

static void
remember_namespaces (AcRolesPage *self)
{
  GListModel *model = roles_model (self);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcRole) role = g_list_model_get_item (model, i);
      const char *ns = ac_role_get_namespace (role);
      guint n_known = g_list_model_get_n_items (G_LIST_MODEL (self->namespaces));
      gboolean known = FALSE;

      if (ns == NULL || *ns == '\0')
        continue;

      for (guint j = 1; j < n_known && !known; j++)
        known = g_strcmp0 (gtk_string_list_get_string (self->namespaces, j), ns) == 0;

      /* Appending keeps the selected position, so no re-fetch is triggered. */
      if (!known)
        gtk_string_list_append (self->namespaces, ns);
    }
}

static void
update_view (AcRolesPage *self)
{
  guint n = g_list_model_get_n_items (roles_model (self));
  const char *ns = selected_namespace (self);

  ac_list_loader_show (&self->load_state, n == 0, FALSE);

  if (ns != NULL)
    {
      /* Translators: %s is the code of a role namespace */
      g_autofree char *text = g_strdup_printf (_("You have no roles in the namespace “%s”."), ns);
      adw_status_page_set_description (self->empty_status, text);
    }
  else
    adw_status_page_set_description (self->empty_status,
                                     _("No role has been assigned to you."));

  if (!ac_list_loader_get_loading (&self->load_state) && ac_list_loader_get_error (&self->load_state) == NULL)
    {
      /* Translators: the number of roles shown */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u role", "%u roles", n), n);
      gtk_label_set_text (self->count_label, text);
      /* cut short in a narrow window: all of it in the tooltip */
      ac_widget_set_tooltip (GTK_WIDGET (self->count_label), text);
    }
  else
    {
      gtk_label_set_text (self->count_label, "");
      ac_widget_set_tooltip (GTK_WIDGET (self->count_label), NULL);
    }
}

static void
roles_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      loader)
{
  GError *error = NULL;

  ac_account_load_roles_finish (AC_ACCOUNT (object), result, &error);
  ac_list_loader_finish (loader, error);
}

static void
load (AcRolesPage *self)
{
  GCancellable *cancellable;

  if (self->account == NULL)
    return;

  cancellable = ac_list_loader_start (&self->load_state);
  ac_account_load_roles_async (self->account, selected_namespace (self),
                               cancellable, roles_loaded_cb, &self->load_state);
}


static void
namespace_selected_cb (AcRolesPage *self)
{
  load (self);
}

/* Selects @namespace_ (NULL: "All namespaces") without loading anything. */
static void
select_namespace (AcRolesPage *self,
                  const char  *namespace_)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->namespaces));
  guint position = 0;

  if (namespace_ != NULL)
    {
      for (position = 1; position < n; position++)
        if (g_strcmp0 (gtk_string_list_get_string (self->namespaces, position), namespace_) == 0)
          break;
      if (position == n)
        gtk_string_list_append (self->namespaces, namespace_);
    }

  if (gtk_drop_down_get_selected (self->namespace_dropdown) == position)
    return;

  g_signal_handlers_block_by_func (self->namespace_dropdown, namespace_selected_cb, self);
  gtk_drop_down_set_selected (self->namespace_dropdown, position);
  g_signal_handlers_unblock_by_func (self->namespace_dropdown, namespace_selected_cb, self);
}

static void
roles_changed_cb (AcRolesPage *self)
{
  remember_namespaces (self);
  update_view (self);
}

/* The store was filled for a namespace (by the page, or by the session on Refresh, which
 * asks for what the page asked for last): the drop-down shows it. */
static void
namespace_loaded_cb (AcRolesPage *self)
{
  select_namespace (self, ac_account_get_roles_namespace (self->account));
  update_view (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_ROLES_PAGE (widget));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, ac_role_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  ac_role_row_set_role (AC_ROLE_ROW (gtk_list_item_get_child (item)),
                        gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ac_role_row_set_role (AC_ROLE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_account (AcRolesPage *self,
             AcAccount   *account)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GListModel *model;

  g_return_if_fail (self->account == NULL);

  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  model = roles_model (self);
  selection = gtk_no_selection_new (g_object_ref (model));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (roles_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The account sets the namespace just after refilling the store. */
  g_signal_connect_object (account, "notify::roles-namespace", G_CALLBACK (namespace_loaded_cb), self,
                           G_CONNECT_SWAPPED);

  remember_namespaces (self);
  select_namespace (self, ac_account_get_roles_namespace (account));

  /* The session loads the store at sign-in (every namespace); a page shown on its own loads
   * it itself. */
  ac_list_loader_attach (&self->load_state, account);
  if (ac_list_loader_needs_load (&self->load_state))
    load (self);
  else
    update_view (self);
}

static void
ac_roles_page_page_reload (AcPage *page)
{
  ac_roles_page_reload (AC_ROLES_PAGE (page));
}

static void
ac_roles_page_page_init (AcPageInterface *iface)
{
  /* Nothing to save: the page shows its part of the account. */
  iface->reload = ac_roles_page_page_reload;
}

static void
ac_roles_page_dispose (GObject *object)
{
  AcRolesPage *self = AC_ROLES_PAGE (object);

  ac_list_loader_clear (&self->load_state);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_roles (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_ROLES_PAGE);

  g_clear_object (&self->namespaces);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_roles_page_parent_class)->dispose (object);
}

static void
ac_roles_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AcRolesPage *self = AC_ROLES_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_LOADING:
    case PROP_BUSY:
      g_value_set_boolean (value, ac_list_loader_get_loading (&self->load_state));
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
ac_roles_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AcRolesPage *self = AC_ROLES_PAGE (object);

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
ac_roles_page_class_init (AcRolesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_roles_page_dispose;
  object_class->get_property = ac_roles_page_get_property;
  object_class->set_property = ac_roles_page_set_property;

  /**
   * AcRolesPage:account:
   *
   * The account whose roles store the page shows.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcRolesPage:loading:
   *
   * Whether a fetch is running.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-roles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, namespace_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AcRolesPage, error_status);

  gtk_widget_class_install_action (widget_class, "roles.reload", NULL, reload_action);

  g_type_ensure (AC_TYPE_ROLE_ROW);
}

static void
ac_roles_page_init (AcRolesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  const char *all[] = { _("All namespaces"), NULL };

  ac_lists_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->load_state = (AcListLoader) {
    .page = GTK_WIDGET (self),
    .part = AC_ACCOUNT_PART_ROLES,
    .what = "roles",
    .stack = self->stack,
    .spinner = self->spinner,
    .error_status = self->error_status,
    .update_view = (AcListPageFunc) update_view,
    .loaded = (AcListPageFunc) remember_namespaces,
    .reload = (AcListPageFunc) load,
  };

  self->namespaces = gtk_string_list_new (all);
  gtk_drop_down_set_model (self->namespace_dropdown, G_LIST_MODEL (self->namespaces));
  gtk_drop_down_set_selected (self->namespace_dropdown, 0);
  g_signal_connect_object (self->namespace_dropdown, "notify::selected",
                           G_CALLBACK (namespace_selected_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  ac_lists_set_factory_when_shown (self->list_view, factory);
}

GtkWidget *
ac_roles_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  return g_object_new (AC_TYPE_ROLES_PAGE, "account", account, NULL);
}

AcAccount *
ac_roles_page_get_account (AcRolesPage *self)
{
  g_return_val_if_fail (AC_IS_ROLES_PAGE (self), NULL);

  return self->account;
}

gboolean
ac_roles_page_get_loading (AcRolesPage *self)
{
  g_return_val_if_fail (AC_IS_ROLES_PAGE (self), FALSE);

  return ac_list_loader_get_loading (&self->load_state);
}

void
ac_roles_page_reload (AcRolesPage *self)
{
  g_return_if_fail (AC_IS_ROLES_PAGE (self));

  load (self);
}
