/* ac-organizations-page.c: the person's organizations as one expandable tree each
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-organizations-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-list-loader.h"
#include "ac-lists-common.h"
#include "ac-page.h"
#include "ac-org-forest.h"
#include "ac-organization-row.h"
#include "ac-organizations-page.h"
#include "ac-tooltip.h"

struct _AcOrganizationsPage
{
  AdwBin              parent_instance;

  AcAccount          *account;
  AcSession          *session;
  AcListLoader        load_state;
  char               *needle;
  /* open_step_cb() in slices: its source, the next row to look at, whether every row has been
   * looked at, and the frame in which the list view last got more rows */
  guint               open_id;
  guint               expand_pos;
  gboolean            expanded;
  gint64              reveal_frame;

  /* Browsing: collapsed except the way down to the person's nodes; the list view sees the
   * rows through @reveal, which lets a new forest's first rows in a few at a time. */
  GtkTreeListModel   *tree;
  GtkSliceListModel  *reveal;
  GtkNoSelection     *tree_selection;
  /* Searching: everything expanded, filtered to the matches and their ancestors. */
  GtkTreeListModel   *search_tree;
  GtkCustomFilter    *search_filter;
  GtkNoSelection     *search_selection;

  /* the rows' icons, loading (see ac_organization_row_preload_icons()) */
  GPtrArray          *row_icons;

  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *no_results_status;
  AdwStatusPage      *error_status;
};

static void ac_organizations_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcOrganizationsPage, ac_organizations_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_organizations_page_page_init))

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

static void load (AcOrganizationsPage *self);

static GListModel *
organizations_model (AcOrganizationsPage *self)
{
  return ac_account_get_organizations (self->account);
}

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  return ac_org_forest_create_child_model (item, user_data);
}

/* Whether a node strictly below @org is one of the person's (known from the forest's build,
 * so that no child store is created for it). */
static gboolean
has_member_below (AcOrganization *org)
{
  return ac_org_forest_item_has_member_below (org);
}

static gboolean
subtree_matches (AcOrganization *org,
                 const char     *needle)
{
  GListModel *children;
  guint n;

  if (ac_organization_matches (org, needle))
    return TRUE;

  children = ac_organization_get_children (org);
  n = children ? g_list_model_get_n_items (children) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcOrganization) child = g_list_model_get_item (children, i);

      if (subtree_matches (child, needle))
        return TRUE;
    }

  return FALSE;
}

static guint
count_members (GListModel *model)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcOrganization) org = g_list_model_get_item (model, i);

      count += ac_org_forest_item_count_members (org);
    }

  return count;
}

/* How long one step of open_step_cb() may keep the main loop with the opening of rows, and
 * with the showing of them */
#define EXPAND_SLICE_US 4000
#define REVEAL_SLICE_US 6000
/* How many rows are let in at a time, and from how many on they need no slicing: GTK 4.8's
 * list view makes (and measures and draws) a row widget for each of up to about 200 rows
 * from the top at once, and rows further down cost no widget. */
#define REVEAL_CHUNK 2
#define REVEAL_ALL 256
/* A forest of at most this many rows is shown at once */
#define REVEAL_SMALL 32

/* Opens, from expand_pos on, every row that leads to one of the person's nodes, until the rows
 * end or the slice is used up. Rows appear below a row as it expands, so one pass from the top
 * reaches every depth, and the rows above expand_pos do not change any more. */
static void
expand_some (AcOrganizationsPage *self)
{
  gint64 end = g_get_monotonic_time () + EXPAND_SLICE_US;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  while (self->expand_pos < n)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, self->expand_pos++);
      gboolean expanded = FALSE;

      /* Only rows that lead to a member are opened (asking a leaf whether it is expandable
       * would make its child store) */
      if (row != NULL && !gtk_tree_list_row_get_expanded (row))
        {
          g_autoptr(AcOrganization) org = gtk_tree_list_row_get_item (row);

          if (org != NULL && has_member_below (org))
            {
              gtk_tree_list_row_set_expanded (row, TRUE);
              n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
              expanded = TRUE;
            }
        }

      if ((expanded || (self->expand_pos & 63) == 0) && g_get_monotonic_time () > end)
        return;
    }

  self->expanded = TRUE;
}

/* Lets the list view see more of the rows: as many as the slice allows, once per frame while
 * the view is on screen, and none that the opening may still push down. Each row that the view
 * sees near the top costs a widget built, bound, measured and drawn in that frame; for a big
 * forest that is 200 rows at once, several times the 50 ms a frame may take. */
static void
reveal_some (AcOrganizationsPage *self)
{
  GtkWidget *view = GTK_WIDGET (self->list_view);
  GdkFrameClock *clock = gtk_widget_get_mapped (view) ? gtk_widget_get_frame_clock (view) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  guint size = gtk_slice_list_model_get_size (self->reveal);
  guint limit = MIN (REVEAL_ALL, self->expanded ? n : self->expand_pos);
  gint64 end = g_get_monotonic_time () + REVEAL_SLICE_US;

  if (size == G_MAXUINT)
    return;

  /* The first rows of a new forest go in at once (no frame shows it empty); then one slice
   * per frame drawn */
  if (clock != NULL && size > 0 && gdk_frame_clock_get_frame_counter (clock) == self->reveal_frame)
    return;

  if (size == 0)
    {
      /* A small forest goes in at once; the frame that first shows a big one lays the list
       * out anew: it gets few rows */
      if (self->expanded && n <= REVEAL_SMALL)
        {
          gtk_slice_list_model_set_size (self->reveal, G_MAXUINT);
          return;
        }
      limit = MIN (limit, 2 * REVEAL_CHUNK);
    }

  if (size < limit)
    {
      do
        {
          size = MIN (size + REVEAL_CHUNK, limit);
          gtk_slice_list_model_set_size (self->reveal, size);
        }
      while (size < limit && g_get_monotonic_time () < end);
      if (clock != NULL)
        self->reveal_frame = gdk_frame_clock_get_frame_counter (clock);
    }

  /* Past the rows that get a widget, the rest goes in as it is opened (the rows above
   * expand_pos do not move any more) */
  if (size >= REVEAL_ALL || (self->expanded && size >= n))
    gtk_slice_list_model_set_size (self->reveal, G_MAXUINT);
}

/* One step of expand_to_members() */
static gboolean
open_step_cb (gpointer data)
{
  AcOrganizationsPage *self = data;

  if (!self->expanded)
    expand_some (self);
  reveal_some (self);

  if (!self->expanded || gtk_slice_list_model_get_size (self->reveal) != G_MAXUINT)
    return G_SOURCE_CONTINUE;

  self->open_id = 0;
  return G_SOURCE_REMOVE;
}

/* Opens the way to every one of the person's nodes, and shows the rows. A big forest (50,000
 * memberships) is opened and shown in slices between frames: its first rows show at once
 * and the main loop never stalls; a small one is done at once. */
static void
expand_to_members (AcOrganizationsPage *self)
{
  self->expand_pos = 0;
  self->expanded = FALSE;
  self->reveal_frame = -1;
  gtk_slice_list_model_set_size (self->reveal, 0);
  if (self->open_id != 0)
    return;
  if (open_step_cb (self) == G_SOURCE_CONTINUE)
    /* (below the drawing of frames, and no busy wait for the next frame) */
    self->open_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 1, open_step_cb, self, NULL);
}

static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  AcOrganizationsPage *self = user_data;
  g_autoptr(AcOrganization) org = gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item));

  if (self->needle == NULL)
    return TRUE;

  return org != NULL && subtree_matches (org, self->needle);
}

static void
ensure_search_model (AcOrganizationsPage *self)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;

  if (self->search_selection != NULL)
    return;

  self->search_tree = gtk_tree_list_model_new (g_object_ref (organizations_model (self)),
                                               FALSE, TRUE, create_child_model, NULL, NULL);
  self->search_filter = gtk_custom_filter_new (row_matches, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->search_tree)),
                                        GTK_FILTER (g_object_ref (self->search_filter)));
  self->search_selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&filtered)));
}

static GListModel *
shown_model (AcOrganizationsPage *self)
{
  return gtk_list_view_get_model (self->list_view) ? G_LIST_MODEL (gtk_list_view_get_model (self->list_view)) : NULL;
}

static void
update_view (AcOrganizationsPage *self)
{
  GListModel *model = organizations_model (self);
  guint n = g_list_model_get_n_items (model);
  GListModel *shown = shown_model (self);
  guint n_shown = shown ? g_list_model_get_n_items (shown) : 0;
  guint n_members = count_members (model);

  /* Nothing to search in an empty list (but a search that emptied it stays editable). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), n > 0 || self->needle != NULL);
  ac_list_loader_show (&self->load_state, n == 0, n_shown == 0);

  adw_status_page_set_description (self->empty_status, _("You do not belong to any organization."));

  if (self->needle != NULL)
    {
      /* Translators: %s is what the person typed in the search field */
      g_autofree char *text = g_strdup_printf (_("No department matches “%s”."), self->needle);
      adw_status_page_set_description (self->no_results_status, text);
    }

  if (!ac_list_loader_get_loading (&self->load_state) && ac_list_loader_get_error (&self->load_state) == NULL && n > 0)
    {
      /* Translators: the first part of "You hold 3 positions in 2 organizations" */
      g_autofree char *positions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "You hold %u position", "You hold %u positions", n_members), n_members);
      /* Translators: the second part of "You hold 3 positions in 2 organizations"; %s is the first part */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %u organization", "%s in %u organizations", n), positions, n);
      gtk_label_set_text (self->count_label, text);
      ac_widget_set_tooltip (GTK_WIDGET (self->count_label), text);
    }
  else
    {
      gtk_label_set_text (self->count_label, "");
      ac_widget_set_tooltip (GTK_WIDGET (self->count_label), NULL);
    }
}

static void
organizations_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      loader)
{
  GError *error = NULL;

  ac_account_load_organizations_finish (AC_ACCOUNT (object), result, &error);
  ac_list_loader_finish (loader, error);
}

static void
load (AcOrganizationsPage *self)
{
  GCancellable *cancellable;

  if (self->account == NULL)
    return;

  cancellable = ac_list_loader_start (&self->load_state);
  ac_account_load_organizations_async (self->account, cancellable, organizations_loaded_cb,
                                       &self->load_state);
}

static void
search_changed_cb (AcOrganizationsPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  g_strstrip (text);
  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_steal_pointer (&text);

  if (self->account == NULL)
    return;

  if (self->needle != NULL)
    {
      ensure_search_model (self);
      gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
      if (shown_model (self) != G_LIST_MODEL (self->search_selection))
        gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->search_selection));
    }
  else if (shown_model (self) != G_LIST_MODEL (self->tree_selection))
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->tree_selection));

  update_view (self);
}

static void
organizations_changed_cb (AcOrganizationsPage *self)
{
  /* A new forest: open the way to the person's nodes again. The tree model handled the
   * change already (it connected first). */
  expand_to_members (self);
  update_view (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_ORGANIZATIONS_PAGE (widget));
}

/* Enter (or a double click) on a row opens or closes it. */
static void
row_activated_cb (AcOrganizationsPage *self,
                  guint                position)
{
  GListModel *model = shown_model (self);
  g_autoptr(GtkTreeListRow) row = model ? g_list_model_get_item (model, position) : NULL;

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, ac_organization_row_new ());
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  ac_organization_row_set_list_row (AC_ORGANIZATION_ROW (gtk_list_item_get_child (item)),
                                    gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ac_organization_row_set_list_row (AC_ORGANIZATION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_account (AcOrganizationsPage *self,
             AcAccount           *account)
{
  GListModel *model;

  g_return_if_fail (self->account == NULL);

  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  model = organizations_model (self);
  self->tree = gtk_tree_list_model_new (g_object_ref (model), FALSE, FALSE,
                                        create_child_model, NULL, NULL);
  /* (nothing shown until expand_to_members(), which every new forest runs) */
  self->reveal = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->tree)), 0, 0);
  self->tree_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->reveal)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->tree_selection));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (organizations_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The session loads the store at sign-in; a page shown on its own loads it itself. What the
   * store holds already is shown meanwhile. */
  ac_list_loader_attach (&self->load_state, account);
  expand_to_members (self);
  if (ac_list_loader_needs_load (&self->load_state))
    load (self);
  else
    update_view (self);
}

static void
ac_organizations_page_page_reload (AcPage *page)
{
  ac_organizations_page_reload (AC_ORGANIZATIONS_PAGE (page));
}

static void
ac_organizations_page_page_init (AcPageInterface *iface)
{
  /* Nothing to save: the page shows its part of the account. */
  iface->reload = ac_organizations_page_page_reload;
}

static void
ac_organizations_page_dispose (GObject *object)
{
  AcOrganizationsPage *self = AC_ORGANIZATIONS_PAGE (object);

  ac_list_loader_clear (&self->load_state);
  g_clear_handle_id (&self->open_id, g_source_remove);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (ac_account_get_organizations (self->account), self);
      g_signal_handlers_disconnect_by_data (self->account, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_ORGANIZATIONS_PAGE);

  g_clear_object (&self->search_selection);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->search_tree);
  g_clear_object (&self->tree_selection);
  g_clear_object (&self->reveal);
  g_clear_object (&self->tree);
  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->row_icons, g_ptr_array_unref);

  G_OBJECT_CLASS (ac_organizations_page_parent_class)->dispose (object);
}

static void
ac_organizations_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AcOrganizationsPage *self = AC_ORGANIZATIONS_PAGE (object);

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
ac_organizations_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AcOrganizationsPage *self = AC_ORGANIZATIONS_PAGE (object);

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
ac_organizations_page_class_init (AcOrganizationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_organizations_page_dispose;
  object_class->get_property = ac_organizations_page_get_property;
  object_class->set_property = ac_organizations_page_set_property;

  /**
   * AcOrganizationsPage:account:
   *
   * The account whose organization forest the page shows.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AcOrganizationsPage:loading:
   *
   * Whether a fetch is running.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-organizations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, no_results_status);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationsPage, error_status);

  gtk_widget_class_install_action (widget_class, "organizations.reload", NULL, reload_action);

  g_type_ensure (AC_TYPE_ORGANIZATION_ROW);
}

static void
ac_organizations_page_init (AcOrganizationsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  ac_lists_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->load_state = (AcListLoader) {
    .page = GTK_WIDGET (self),
    .part = AC_ACCOUNT_PART_ORGANIZATIONS,
    .what = "organizations",
    .stack = self->stack,
    .spinner = self->spinner,
    .error_status = self->error_status,
    .update_view = (AcListPageFunc) update_view,
    .loaded = NULL,
    .reload = (AcListPageFunc) load,
  };

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  /* Typing anywhere in the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  ac_lists_set_factory_when_shown (self->list_view, factory);

  self->row_icons = ac_organization_row_preload_icons (GTK_WIDGET (self));
}

GtkWidget *
ac_organizations_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);

  return g_object_new (AC_TYPE_ORGANIZATIONS_PAGE, "account", account, NULL);
}

AcAccount *
ac_organizations_page_get_account (AcOrganizationsPage *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATIONS_PAGE (self), NULL);

  return self->account;
}

gboolean
ac_organizations_page_get_loading (AcOrganizationsPage *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATIONS_PAGE (self), FALSE);

  return ac_list_loader_get_loading (&self->load_state);
}

void
ac_organizations_page_reload (AcOrganizationsPage *self)
{
  g_return_if_fail (AC_IS_ORGANIZATIONS_PAGE (self));

  load (self);
}
