/* ac-window-pages.c: the window's pages and their sidebar, and the visible page
 *
 * The window knows its pages by name, title and type only: it makes each with the
 * session's account (and the policy, for a page that follows it), and follows the visible
 * one through the AcPage contract.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-a11y.h"
#include "ac-applications-page.h"
#include "ac-custom-fields-page.h"
#include "ac-devices-page.h"
#include "ac-groups-page.h"
#include "ac-login-history-page.h"
#include "ac-organizations-page.h"
#include "ac-page.h"
#include "ac-profile-page.h"
#include "ac-resources-page.h"
#include "ac-roles-page.h"
#include "ac-security-page.h"
#include "ac-window-private.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  GType     (*get_type) (void);
} PageInfo;

static const PageInfo pages[] = {
  { "profile", N_("Profile"), "avatar-default-symbolic", ac_profile_page_get_type },
  { "custom-fields", N_("Custom Fields"), "document-edit-symbolic", ac_custom_fields_page_get_type },
  { "security", N_("Security"), "security-high-symbolic", ac_security_page_get_type },
  { "applications", N_("Applications"), "view-app-grid-symbolic", ac_applications_page_get_type },
  { "organizations", N_("Organizations"), "network-workgroup-symbolic", ac_organizations_page_get_type },
  { "roles", N_("Roles"), "system-users-symbolic", ac_roles_page_get_type },
  { "resources", N_("Resources"), "folder-symbolic", ac_resources_page_get_type },
  { "devices", N_("Devices"), "computer-symbolic", ac_devices_page_get_type },
  { "history", N_("Sign-in History"), "document-open-recent-symbolic", ac_login_history_page_get_type },
  { "groups", N_("Groups"), "emblem-shared-symbolic", ac_groups_page_get_type },
};

/* Pages */

static GtkWidget *
create_page (AcWindow       *self,
             AcAccount      *account,
             const PageInfo *info)
{
  GType type = info->get_type ();
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  const char *names[3] = { "account", "session", "policy" };
  GValue values[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  guint n = 2;
  GObject *page;

  g_value_init (&values[0], AC_TYPE_ACCOUNT);
  g_value_set_object (&values[0], account);
  g_value_init (&values[1], AC_TYPE_SESSION);
  g_value_set_object (&values[1], self->session);
  /* A page that follows the administrator's policy says so with a "policy" property. */
  if (g_object_class_find_property (G_OBJECT_CLASS (klass), "policy") != NULL)
    {
      g_value_init (&values[2], AC_TYPE_POLICY);
      g_value_set_object (&values[2], self->policy);
      n = 3;
    }

  page = g_object_new_with_properties (type, n, names, values);
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);

  g_return_val_if_fail (AC_IS_PAGE (page), NULL);
  return GTK_WIDGET (page);
}

static GtkWidget *
create_sidebar_row (const PageInfo *info)
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

/* The pages are made for one account: the session's, or the account the next sign-in fills
 * (ac_session_get_next_account()), made while the person types so that pressing Sign In does
 * not wait for them (about 40 ms of widgets). They hold nothing of anybody until that
 * account is signed in, and go at sign-out. */

static guint
n_pages_built (AcWindow *self)
{
  guint n = 0;

  if (self->content_stack == NULL)
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Adds the next page not made yet; FALSE when every page is there. */
static gboolean
build_next_page (AcWindow *self)
{
  guint i = n_pages_built (self);
  GtkWidget *page;

  if (i >= G_N_ELEMENTS (pages))
    return FALSE;

  _ac_window_ensure_account_view (self);
  page = create_page (self, self->pages_account, &pages[i]);
  ac_accessible_name_dropdowns (page);
  gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(pages[i].title), -1);
  gtk_stack_add_titled (self->content_stack, page, pages[i].name, _(pages[i].title));
  gtk_list_box_append (self->sidebar_list, create_sidebar_row (&pages[i]));
  if (i == 0)
    {
      gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, 0));
      gtk_stack_set_visible_child_name (self->content_stack, pages[0].name);
    }
  return i + 1 < G_N_ELEMENTS (pages);
}

/* Makes the pages of the session's account now (those not made yet). */
void
_ac_window_build_pages (AcWindow *self)
{
  AcAccount *account = ac_session_get_account (self->session);

  if (account == NULL)
    return;
  if (self->pages_account != account)
    {
      _ac_window_destroy_pages (self);
      self->pages_account = account;
    }
  g_clear_handle_id (&self->pages_build_id, g_source_remove);
  while (build_next_page (self))
    ;
}

static gboolean
build_soon_cb (gpointer data)
{
  AcWindow *self = data;

  if (build_next_page (self))
    return G_SOURCE_CONTINUE;
  self->pages_build_id = 0;
  _ac_window_pages_built (self);
  return G_SOURCE_REMOVE;
}

/* Whether every page is there for the session's account */
gboolean
_ac_window_get_pages_built (AcWindow *self)
{
  return self->pages_account != NULL &&
         self->pages_account == ac_session_get_account (self->session) &&
         n_pages_built (self) == G_N_ELEMENTS (pages);
}

/* Makes the pages of @account a page at a time when the main loop has nothing else to do
 * (what a sign-in sends goes out first, and typing stays smooth). */
void
_ac_window_build_pages_soon (AcWindow  *self,
                             AcAccount *account)
{
  if (account == NULL)
    return;
  if (self->pages_account != account)
    {
      _ac_window_destroy_pages (self);
      self->pages_account = account;
    }
  if (self->pages_build_id == 0 && n_pages_built (self) < G_N_ELEMENTS (pages))
    self->pages_build_id = g_idle_add_full (G_PRIORITY_LOW, build_soon_cb, self, NULL);
}

void
_ac_window_destroy_pages (AcWindow *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->pages_build_id, g_source_remove);
  self->pages_account = NULL;
  if (self->content_stack == NULL)
    return;
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
  /* (pages made ahead for the next sign-in are nobody's yet) */
  if (self->pages_account == NULL || self->pages_account != ac_session_get_account (self->session) ||
      self->content_stack == NULL)
    return NULL;
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

void
ac_window_show_page (AcWindow   *self,
                     const char *name)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  if (self->leaflet == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
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

void
_ac_window_sidebar_row_activated_cb (AcWindow      *self,
                          GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "page-name");

  if (name != NULL)
    {
      ac_window_show_page (self, name);
      /* Folded, the sidebar is gone: the keyboard goes on in the page. */
      if (adw_leaflet_get_folded (self->leaflet))
        _ac_window_focus_page (self);
    }
}

/* Focus on arrival: a stray key must not replace a value, so never a text field (nor a
 * selectable label, whose text would be selected). */
static gboolean
may_take_focus_on_arrival (GtkWidget *widget)
{
  return !GTK_IS_EDITABLE (widget) &&
         !(GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)));
}

static GtkWidget *
first_focus_target (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child) || !gtk_widget_is_sensitive (child) ||
          !gtk_widget_get_can_focus (child) || !may_take_focus_on_arrival (child))
        continue;
      /* (a scrolled area is no place to land: what it holds is; a list: its first row) */
      if (gtk_widget_get_focusable (child) && !GTK_IS_SCROLLED_WINDOW (child) &&
          !GTK_IS_VIEWPORT (child) && !GTK_IS_LIST_BOX (child))
        return child;
      found = first_focus_target (child);
      if (found != NULL)
        return found;
      /* A list of text fields only: the list itself (arrows go on into it, typing does not). */
      if (GTK_IS_LIST_BOX (child) && gtk_widget_get_focusable (child))
        return child;
    }

  return NULL;
}

/* No text stays selected in the page's fields: a stray key goes nowhere it could replace. */
static void
clear_selections (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT (child))
        {
          int position = gtk_editable_get_position (GTK_EDITABLE (child));

          gtk_editable_select_region (GTK_EDITABLE (child), position, position);
        }
      clear_selections (child);
    }
}

void
_ac_window_focus_page (AcWindow *self)
{
  GtkWidget *page = self->content_stack != NULL ? gtk_stack_get_visible_child (self->content_stack) : NULL;
  GtkWidget *target;

  if (page == NULL)
    return;

  clear_selections (page);

  target = first_focus_target (page);
  if (target == NULL)
    {
      /* Nothing to press yet (a list still loading): the page itself. */
      gtk_widget_set_focusable (page, TRUE);
      target = page;
    }
  gtk_widget_grab_focus (target);
}

/* The visible page: Save follows its "can-save" and "busy", the title its stack page. */
void
_ac_window_content_page_changed_cb (AcWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);

  g_signal_group_set_target (self->page_signals, AC_IS_PAGE (child) ? child : NULL);
  g_binding_group_set_source (self->page_bindings,
                              child != NULL ? gtk_stack_get_page (self->content_stack, child) : NULL);
  if (child == NULL)
    adw_window_title_set_title (self->content_title, "");
  _ac_window_update_actions (self);
}
