/* ac-resources-page.c: the resources the signed-in person is authorized for
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-resources-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-list-loader.h"
#include "ac-lists-common.h"
#include "ac-page.h"
#include "ac-resource-row.h"
#include "ac-resources-page.h"
#include "ac-tooltip.h"

/* How long typing in the namespace entry may pause before the filter is applied. */
#define NAMESPACE_DELAY_MS 600

/* The type filter; position 0 is "All types". */
static const char * const resource_types[] = { NULL, "DATA", "API", "MENU", "UI", "BUTTON" };

struct _AcResourcesPage
{
  AdwBin          parent_instance;

  AcAccount      *account;
  AcSession      *session;
  AcListLoader    load_state;
  char           *namespace_;      /* the namespace last fetched */
  guint           namespace_timeout_id;

  GtkLabel       *count_label;
  GtkEntry       *namespace_entry;
  GtkDropDown    *type_dropdown;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkListView    *list_view;
  AdwStatusPage  *empty_status;
  AdwStatusPage  *error_status;
};

static void ac_resources_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcResourcesPage, ac_resources_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_resources_page_page_init))

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

static void load (AcResourcesPage *self);

static GListModel *
resources_model (AcResourcesPage *self)
{
  return ac_account_get_resources (self->account);
}

/* NULL for "All types" */
static const char *
selected_type (AcResourcesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (selected >= G_N_ELEMENTS (resource_types))
    return NULL;

  return resource_types[selected];
}

/* The entry's namespace, trimmed; an empty entry means "default". */
static char *
entry_namespace (AcResourcesPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->namespace_entry)));

  g_strstrip (text);
  if (*text == '\0')
    return g_strdup (AC_ACCOUNT_DEFAULT_NAMESPACE);

  return g_steal_pointer (&text);
}

static void
update_view (AcResourcesPage *self)
{
  guint n = g_list_model_get_n_items (resources_model (self));
  const char *type = selected_type (self);

  ac_list_loader_show (&self->load_state, n == 0, FALSE);

  if (self->namespace_ != NULL)
    {
      g_autofree char *text = NULL;

      if (type != NULL)
        /* Translators: the first %s is a resource type (DATA, API, ...), the second a namespace */
        text = g_strdup_printf (_("You are authorized for no %s resource in the namespace “%s”."),
                                type, self->namespace_);
      else
        /* Translators: %s is the code of a namespace */
        text = g_strdup_printf (_("You are authorized for no resource in the namespace “%s”."),
                                self->namespace_);
      adw_status_page_set_description (self->empty_status, text);
    }

  if (!ac_list_loader_get_loading (&self->load_state) && ac_list_loader_get_error (&self->load_state) == NULL)
    {
      /* Translators: the number of resources shown */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource", "%u resources", n), n);
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
resources_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      loader)
{
  GError *error = NULL;

  ac_account_load_resources_finish (AC_ACCOUNT (object), result, &error);
  ac_list_loader_finish (loader, error);
}

static void
load (AcResourcesPage *self)
{
  GCancellable *cancellable;

  if (self->account == NULL)
    return;

  g_clear_handle_id (&self->namespace_timeout_id, g_source_remove);

  g_free (self->namespace_);
  self->namespace_ = entry_namespace (self);

  cancellable = ac_list_loader_start (&self->load_state);
  ac_account_load_resources_async (self->account, self->namespace_, selected_type (self),
                                   cancellable, resources_loaded_cb, &self->load_state);
}

static gboolean
namespace_timeout_cb (gpointer user_data)
{
  AcResourcesPage *self = user_data;
  g_autofree char *ns = entry_namespace (self);

  self->namespace_timeout_id = 0;
  if (g_strcmp0 (ns, self->namespace_) != 0)
    load (self);

  return G_SOURCE_REMOVE;
}

static void
namespace_changed_cb (AcResourcesPage *self)
{
  g_clear_handle_id (&self->namespace_timeout_id, g_source_remove);
  self->namespace_timeout_id = g_timeout_add (NAMESPACE_DELAY_MS, namespace_timeout_cb, self);
}

static void
namespace_activate_cb (AcResourcesPage *self)
{
  load (self);
}

static void
type_selected_cb (AcResourcesPage *self)
{
  load (self);
}

/* The store was filled for a namespace and a type (by the page, or by the session on
 * Refresh, which asks for what the page asked for last): the filters show them. */
static void
filters_loaded_cb (AcResourcesPage *self)
{
  const char *ns = ac_account_get_resources_namespace (self->account);
  const char *type = ac_account_get_resources_type (self->account);
  guint position = 0;

  if (ns != NULL && g_strcmp0 (ns, self->namespace_) != 0)
    {
      g_free (self->namespace_);
      self->namespace_ = g_strdup (ns);
      g_signal_handlers_block_by_func (self->namespace_entry, namespace_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->namespace_entry),
                             g_str_equal (ns, AC_ACCOUNT_DEFAULT_NAMESPACE) ? "" : ns);
      g_signal_handlers_unblock_by_func (self->namespace_entry, namespace_changed_cb, self);
    }

  for (guint i = 1; i < G_N_ELEMENTS (resource_types); i++)
    if (g_strcmp0 (resource_types[i], type) == 0)
      position = i;
  if (gtk_drop_down_get_selected (self->type_dropdown) != position)
    {
      g_signal_handlers_block_by_func (self->type_dropdown, type_selected_cb, self);
      gtk_drop_down_set_selected (self->type_dropdown, position);
      g_signal_handlers_unblock_by_func (self->type_dropdown, type_selected_cb, self);
    }

  update_view (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_RESOURCES_PAGE (widget));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, ac_resource_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  ac_resource_row_set_resource (AC_RESOURCE_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ac_resource_row_set_resource (AC_RESOURCE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_account (AcResourcesPage *self,
             AcAccount       *account)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GListModel *model;

  g_return_if_fail (self->account == NULL);

  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  model = resources_model (self);
  selection = gtk_no_selection_new (g_object_ref (model));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  /* The account sets the namespace and type just after refilling the store. */
  g_signal_connect_object (account, "notify::resources-namespace", G_CALLBACK (filters_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::resources-type", G_CALLBACK (filters_loaded_cb), self,
                           G_CONNECT_SWAPPED);

  /* The session loads the store at sign-in ("default", every type); a page shown on its own
   * loads it itself. */
  self->namespace_ = g_strdup (AC_ACCOUNT_DEFAULT_NAMESPACE);
  ac_list_loader_attach (&self->load_state, account);
  if (ac_list_loader_needs_load (&self->load_state))
    load (self);
  else
    filters_loaded_cb (self);
}

static void
ac_resources_page_page_reload (AcPage *page)
{
  ac_resources_page_reload (AC_RESOURCES_PAGE (page));
}

static void
ac_resources_page_page_init (AcPageInterface *iface)
{
  /* Nothing to save: the page shows its part of the account. */
  iface->reload = ac_resources_page_page_reload;
}

static void
ac_resources_page_dispose (GObject *object)
{
  AcResourcesPage *self = AC_RESOURCES_PAGE (object);

  ac_list_loader_clear (&self->load_state);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_resources (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }
  g_clear_handle_id (&self->namespace_timeout_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_RESOURCES_PAGE);

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_pointer (&self->namespace_, g_free);

  G_OBJECT_CLASS (ac_resources_page_parent_class)->dispose (object);
}

static void
ac_resources_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AcResourcesPage *self = AC_RESOURCES_PAGE (object);

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
ac_resources_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AcResourcesPage *self = AC_RESOURCES_PAGE (object);

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
ac_resources_page_class_init (AcResourcesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_resources_page_dispose;
  object_class->get_property = ac_resources_page_get_property;
  object_class->set_property = ac_resources_page_set_property;

  /**
   * AcResourcesPage:account:
   *
   * The account whose resources store the page shows.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcResourcesPage:loading:
   *
   * Whether a fetch is running.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-resources-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, namespace_entry);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AcResourcesPage, error_status);

  gtk_widget_class_install_action (widget_class, "resources.reload", NULL, reload_action);

  g_type_ensure (AC_TYPE_RESOURCE_ROW);
}

static void
ac_resources_page_init (AcResourcesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) types = NULL;

  ac_lists_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->load_state = (AcListLoader) {
    .page = GTK_WIDGET (self),
    .part = AC_ACCOUNT_PART_RESOURCES,
    .what = "resources",
    .stack = self->stack,
    .spinner = self->spinner,
    .error_status = self->error_status,
    .update_view = (AcListPageFunc) update_view,
    .loaded = NULL,
    .reload = (AcListPageFunc) load,
  };

  types = gtk_string_list_new (NULL);
  /* Translators: the first choice of the resource type filter */
  gtk_string_list_append (types, _("All types"));
  for (guint i = 1; i < G_N_ELEMENTS (resource_types); i++)
    gtk_string_list_append (types, resource_types[i]);
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
  gtk_drop_down_set_selected (self->type_dropdown, 0);

  g_signal_connect_object (self->type_dropdown, "notify::selected",
                           G_CALLBACK (type_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->namespace_entry, "activate",
                           G_CALLBACK (namespace_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->namespace_entry, "changed",
                           G_CALLBACK (namespace_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  ac_lists_set_factory_when_shown (self->list_view, factory);
}

GtkWidget *
ac_resources_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  return g_object_new (AC_TYPE_RESOURCES_PAGE, "account", account, NULL);
}

AcAccount *
ac_resources_page_get_account (AcResourcesPage *self)
{
  g_return_val_if_fail (AC_IS_RESOURCES_PAGE (self), NULL);

  return self->account;
}

gboolean
ac_resources_page_get_loading (AcResourcesPage *self)
{
  g_return_val_if_fail (AC_IS_RESOURCES_PAGE (self), FALSE);

  return ac_list_loader_get_loading (&self->load_state);
}

void
ac_resources_page_reload (AcResourcesPage *self)
{
  g_return_if_fail (AC_IS_RESOURCES_PAGE (self));

  load (self);
}
