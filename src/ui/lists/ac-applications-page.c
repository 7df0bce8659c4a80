/* ac-applications-page.c: the applications the signed-in person may use, page by page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-applications-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-application-row.h"
#include "ac-applications-page.h"
#include "ac-list-loader.h"
#include "ac-logged-in-apps-bar.h"
#include "ac-lists-common.h"
#include "ac-error-text.h"
#include "ac-page.h"
#include "ac-tooltip.h"

static const guint page_sizes[] = { 10, 20, 50 };

struct _AcApplicationsPage
{
  AdwBin              parent_instance;

  AcAccount          *account;
  AcSession          *session;
  AcImageLoader      *loader;
  AcListLoader        load_state;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  char               *needle;
  guint               wanted_page;   /* the page last asked for, fetched again by Retry */

  /* A search reads every page (AcAccount); until it answers, this page is filtered. */
  GCancellable       *search_cancellable;
  GListModel         *results;       /* the matches on every page, for needle */
  char               *search_error;  /* why the search of every page failed */
  GtkNoSelection     *page_selection;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *no_results_status;
  AdwStatusPage      *error_status;
  GtkWidget          *paging_bar;
  GtkWidget          *previous_button;
  GtkWidget          *next_button;
  GtkLabel           *page_label;
  GtkLabel           *count_label;
  GtkDropDown        *page_size_dropdown;
};

static void ac_applications_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcApplicationsPage, ac_applications_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_applications_page_page_init))

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

static void load_page (AcApplicationsPage *self,
                       guint               page);

/* After a failure, the page that could not be fetched; otherwise the page shown. */
static guint
wanted_page (AcApplicationsPage *self)
{
  if (ac_list_loader_get_error (&self->load_state) != NULL && self->wanted_page > 0)
    return self->wanted_page;

  return ac_account_get_applications_page (self->account);
}

/* Retry, and after the person signed in again. */
static void
retry_after_sign_in (gpointer page)
{
  AcApplicationsPage *self = page;

  if (self->account != NULL)
    load_page (self, wanted_page (self));
}

static GListModel *
applications_model (AcApplicationsPage *self)
{
  return ac_account_get_applications (self->account);
}

static GListModel *
shown_model (AcApplicationsPage *self)
{
  return self->results != NULL ? self->results : G_LIST_MODEL (self->filtered);
}

static void
update_view (AcApplicationsPage *self)
{
  guint n = g_list_model_get_n_items (applications_model (self));
  guint shown = g_list_model_get_n_items (shown_model (self));
  guint page = ac_account_get_applications_page (self->account);
  guint n_pages = ac_account_get_applications_n_pages (self->account);
  guint total = ac_account_get_applications_total (self->account);
  gboolean searching = self->needle != NULL && self->search_cancellable != NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *count_text = NULL;

  /* Nothing to search in an empty list (but a search that emptied it stays editable). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), n > 0 || self->needle != NULL);
  ac_list_loader_show (&self->load_state, n == 0 && self->results == NULL,
                       shown == 0 && !searching);

  if (self->needle != NULL)
    {
      g_autofree char *text = NULL;

      if (self->results != NULL)
        /* Translators: %s is what the person typed in the search field */
        text = g_strdup_printf (_("No application matches “%s”."), self->needle);
      else
        /* Translators: %s is what the person typed in the search field */
        text = g_strdup_printf (_("No application on this page matches “%s”."), self->needle);
      adw_status_page_set_description (self->no_results_status, text);
    }

  page = MAX (page, 1);
  n_pages = MAX (n_pages, 1);
  /* Translators: paging of the applications list, e.g. "Page 2 of 4" */
  page_text = g_strdup_printf (_("Page %u of %u"), MIN (page, n_pages), n_pages);
  gtk_label_set_text (self->page_label, page_text);

  if (self->needle != NULL && self->results != NULL)
    /* Translators: how many applications of all pages match the search */
    count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u application matches",
                                               "%u applications match", shown),
                                  shown);
  else if (self->needle != NULL && self->search_error != NULL)
    /* Translators: the search of every page failed; %s is the reason. Only the page shown was searched. */
    count_text = g_strdup_printf (_("Searched this page only: %s"), self->search_error);
  else if (self->needle != NULL)
    count_text = g_strdup (_("Searching all pages…"));
  else
    /* Translators: the number of applications on all pages */
    count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application", "%u applications", total),
                                  total);
  gtk_label_set_text (self->count_label, count_text);
  ac_widget_set_tooltip (GTK_WIDGET (self->count_label), count_text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.previous-page",
                                 !ac_list_loader_get_loading (&self->load_state) && page > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.next-page",
                                 !ac_list_loader_get_loading (&self->load_state) && page < n_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_size_dropdown), !ac_list_loader_get_loading (&self->load_state));
  /* The matches of every page are one list: no paging while they are shown. */
  gtk_widget_set_visible (self->paging_bar, ac_list_loader_get_error (&self->load_state) == NULL && (n > 0 || page > 1));
  gtk_widget_set_visible (GTK_WIDGET (self->previous_button), self->results == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), self->results == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->page_label), self->results == NULL);
}

static void
scroll_to_top (AcApplicationsPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      loader)
{
  GError *error = NULL;

  ac_account_load_applications_page_finish (AC_ACCOUNT (object), result, &error);
  ac_list_loader_finish (loader, error);
}

static void
load_page (AcApplicationsPage *self,
           guint               page)
{
  GCancellable *cancellable;

  if (self->account == NULL)
    return;

  self->wanted_page = MAX (page, 1);
  cancellable = ac_list_loader_start (&self->load_state);
  ac_account_load_applications_page_async (self->account, self->wanted_page,
                                           cancellable, page_loaded_cb, &self->load_state);
}

static gboolean
application_matches (gpointer item,
                     gpointer user_data)
{
  AcApplicationsPage *self = user_data;

  if (self->needle == NULL)
    return TRUE;

  return ac_application_matches (AC_APPLICATION (item), self->needle);
}

static void
show_results (AcApplicationsPage *self,
              GListModel         *results)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_set_object (&self->results, results);
  if (results != NULL)
    {
      selection = gtk_no_selection_new (g_object_ref (results));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    }
  else
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->page_selection));
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcApplicationsPage *self;
  g_autoptr(GListModel) matches = NULL;
  g_autoptr(GError) error = NULL;

  matches = ac_account_search_applications_finish (AC_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = AC_APPLICATIONS_PAGE (user_data);
  g_clear_object (&self->search_cancellable);
  if (matches == NULL)
    {
      g_debug ("The search of every page failed: %s", error->message);
      self->search_error = ac_describe_error (error);
    }
  else
    show_results (self, matches);
  update_view (self);
}

static void
stop_search (AcApplicationsPage *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_error, g_free);
  show_results (self, NULL);
}

static void
start_search (AcApplicationsPage *self)
{
  stop_search (self);
  if (self->needle == NULL || self->account == NULL)
    return;

  self->search_cancellable = g_cancellable_new ();
  ac_account_search_applications_async (self->account, self->needle, self->search_cancellable,
                                        searched_cb, self);
}

static void
search_changed_cb (AcApplicationsPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  g_strstrip (text);
  if (g_strcmp0 (*text != '\0' ? text : NULL, self->needle) == 0)
    return;
  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_steal_pointer (&text);

  /* This page at once, every page when the server answered. */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  start_search (self);
  update_view (self);
}

/* A row opens the application's sign-in page in the browser. */
static void
row_activated_cb (AcApplicationsPage *self,
                  guint               position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
  g_autoptr(AcApplication) application = model != NULL ? g_list_model_get_item (model, position) : NULL;
  g_autofree char *url = application != NULL ? ac_lists_application_url (application) : NULL;

  if (url != NULL)
    ac_lists_show_uri (GTK_WIDGET (self), url);
  else if (application != NULL)
    /* Translators: a toast; %s is an application's name */
    {
      g_autofree char *text = g_strdup_printf (_("%s has no sign-in page"), ac_application_get_name (application));
      ac_page_show_toast (AC_PAGE (self), text);
    }
}

static void
page_size_selected_cb (AcApplicationsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->page_size_dropdown);

  if (self->account == NULL || selected >= G_N_ELEMENTS (page_sizes))
    return;

  if (page_sizes[selected] == ac_account_get_applications_page_size (self->account))
    return;

  ac_account_set_applications_page_size (self->account, page_sizes[selected]);
  load_page (self, 1);
}

static void select_page_size (AcApplicationsPage *self);

static void
applications_changed_cb (AcApplicationsPage *self)
{
  /* The store can also be refilled by the session (Refresh): show its page size. */
  if (!ac_list_loader_get_loading (&self->load_state))
    {
      g_signal_handlers_block_by_func (self->page_size_dropdown, page_size_selected_cb, self);
      select_page_size (self);
      g_signal_handlers_unblock_by_func (self->page_size_dropdown, page_size_selected_cb, self);
    }
  update_view (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (widget);

  load_page (self, wanted_page (self));
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (widget);
  guint page = ac_account_get_applications_page (self->account);

  if (page > 1)
    load_page (self, page - 1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (widget);
  guint page = ac_account_get_applications_page (self->account);

  if (page < ac_account_get_applications_n_pages (self->account))
    load_page (self, page + 1);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              AcApplicationsPage       *self)
{
  gtk_list_item_set_child (item, ac_application_row_new (self->loader));
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             AcApplicationsPage       *self)
{
  ac_application_row_set_application (AC_APPLICATION_ROW (gtk_list_item_get_child (item)),
                                      gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               AcApplicationsPage       *self)
{
  ac_application_row_set_application (AC_APPLICATION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
select_page_size (AcApplicationsPage *self)
{
  guint size = ac_account_get_applications_page_size (self->account);

  for (guint i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    if (page_sizes[i] == size)
      {
        gtk_drop_down_set_selected (self->page_size_dropdown, i);
        return;
      }
}

static void
set_account (AcApplicationsPage *self,
             AcAccount          *account)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GListModel *model;

  g_return_if_fail (self->account == NULL);

  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  model = applications_model (self);
  gtk_filter_list_model_set_model (self->filtered, model);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  self->page_selection = g_object_ref (selection);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (applications_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The account sets the page, total and page count just after refilling the store. */
  g_signal_connect_object (account, "notify::applications-page", G_CALLBACK (applications_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::applications-total", G_CALLBACK (applications_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::applications-page-size", G_CALLBACK (applications_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The applications signed in to now (issue 12): a strip of its own under the search bar. */
  gtk_box_insert_child_after (GTK_BOX (adw_bin_get_child (ADW_BIN (self))),
                              ac_logged_in_apps_bar_new (account),
                              gtk_widget_get_first_child (adw_bin_get_child (ADW_BIN (self))));

  g_signal_handlers_block_by_func (self->page_size_dropdown, page_size_selected_cb, self);
  select_page_size (self);
  g_signal_handlers_unblock_by_func (self->page_size_dropdown, page_size_selected_cb, self);

  /* The session loads the store at sign-in; a page shown on its own loads it itself. */
  ac_list_loader_attach (&self->load_state, account);
  if (ac_list_loader_needs_load (&self->load_state))
    load_page (self, ac_account_get_applications_page (account));
  else
    update_view (self);
}

static void
ac_applications_page_page_reload (AcPage *page)
{
  ac_applications_page_reload (AC_APPLICATIONS_PAGE (page));
}

static void
ac_applications_page_page_init (AcPageInterface *iface)
{
  /* Nothing to save: the page shows its part of the account. */
  iface->reload = ac_applications_page_page_reload;
}

static void
ac_applications_page_dispose (GObject *object)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (object);

  ac_list_loader_clear (&self->load_state);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_applications (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_APPLICATIONS_PAGE);

  g_clear_object (&self->results);
  g_clear_object (&self->page_selection);
  g_clear_pointer (&self->search_error, g_free);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_object (&self->loader);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (ac_applications_page_parent_class)->dispose (object);
}

static void
ac_applications_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (object);

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
ac_applications_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AcApplicationsPage *self = AC_APPLICATIONS_PAGE (object);

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
ac_applications_page_class_init (AcApplicationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_applications_page_dispose;
  object_class->get_property = ac_applications_page_get_property;
  object_class->set_property = ac_applications_page_set_property;

  /**
   * AcApplicationsPage:account:
   *
   * The account whose applications store the page shows.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcApplicationsPage:loading:
   *
   * Whether a fetch is running.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-applications-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, no_results_status);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, paging_bar);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationsPage, page_size_dropdown);

  gtk_widget_class_install_action (widget_class, "applications.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "applications.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "applications.next-page", NULL, next_page_action);

  g_type_ensure (AC_TYPE_APPLICATION_ROW);
}

static void
ac_applications_page_init (AcApplicationsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) sizes = NULL;

  ac_lists_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->load_state = (AcListLoader) {
    .page = GTK_WIDGET (self),
    .part = AC_ACCOUNT_PART_APPLICATIONS,
    .what = "applications",
    .stack = self->stack,
    .spinner = self->spinner,
    .error_status = self->error_status,
    .update_view = (AcListPageFunc) update_view,
    .loaded = (AcListPageFunc) scroll_to_top,
    .reload = retry_after_sign_in,
  };

  self->loader = g_object_ref (ac_image_loader_get_default ());

  self->filter = gtk_custom_filter_new (application_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));

  sizes = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", page_sizes[i]);
      gtk_string_list_append (sizes, text);
    }
  gtk_drop_down_set_model (self->page_size_dropdown, G_LIST_MODEL (sizes));
  g_signal_connect_object (self->page_size_dropdown, "notify::selected",
                           G_CALLBACK (page_size_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  /* Typing anywhere in the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  ac_lists_set_factory_when_shown (self->list_view, factory);
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
ac_applications_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  return g_object_new (AC_TYPE_APPLICATIONS_PAGE, "account", account, NULL);
}

AcAccount *
ac_applications_page_get_account (AcApplicationsPage *self)
{
  g_return_val_if_fail (AC_IS_APPLICATIONS_PAGE (self), NULL);

  return self->account;
}

gboolean
ac_applications_page_get_loading (AcApplicationsPage *self)
{
  g_return_val_if_fail (AC_IS_APPLICATIONS_PAGE (self), FALSE);

  return ac_list_loader_get_loading (&self->load_state);
}

void
ac_applications_page_reload (AcApplicationsPage *self)
{
  g_return_if_fail (AC_IS_APPLICATIONS_PAGE (self));

  load_page (self, wanted_page (self));
}
