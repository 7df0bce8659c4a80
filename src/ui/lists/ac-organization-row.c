/* ac-organization-row.c: one organization or node of the forest, with its expander
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-organization-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-lists-common.h"
#include "ac-tooltip.h"
#include "ac-organization-row.h"

struct _AcOrganizationRow
{
  GtkWidget        parent_instance;

  AcOrganization  *organization;

  GtkTreeExpander *expander;
  GtkImage        *icon;
  GtkLabel        *name_label;
  GtkLabel        *code_label;
  GtkLabel        *description_label;
  GtkWidget       *own_badge;
};

G_DEFINE_FINAL_TYPE (AcOrganizationRow, ac_organization_row, GTK_TYPE_WIDGET)

static void
ac_organization_row_dispose (GObject *object)
{
  AcOrganizationRow *self = AC_ORGANIZATION_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_ORGANIZATION_ROW);
  /* The template's top-level box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->organization);

  G_OBJECT_CLASS (ac_organization_row_parent_class)->dispose (object);
}

static void
ac_organization_row_class_init (AcOrganizationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_organization_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-organization-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, expander);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, icon);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, description_label);
  gtk_widget_class_bind_template_child (widget_class, AcOrganizationRow, own_badge);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ac_organization_row_init (AcOrganizationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ac_organization_row_preload_icons:
 * @widget: a widget on the display the rows will show on
 *
 * Starts loading the icons that the rows show. GTK loads an icon in a worker thread when it is
 * looked up, and the frame that first draws it waits for that: the first frame with rows
 * would wait for four of them (tens of ms on a busy machine). Looked up while the page waits
 * for its answer, they are ready when the rows come.
 *
 * Returns: (transfer container): the icons; keep them while rows may be made
 */
GPtrArray *
ac_organization_row_preload_icons (GtkWidget *widget)
{
  static const char * const names[] = {
    "network-workgroup-symbolic",
    "system-users-symbolic",
    "avatar-default-symbolic",
    /* the expander's */
    "pan-end-symbolic",
    "pan-down-symbolic",
    /* and the page's own first frame: its spinner and search entry */
    "process-working-symbolic",
    "edit-find-symbolic",
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  GPtrArray *icons = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (icons, gtk_icon_theme_lookup_icon (theme, names[i], NULL, 16,
                                                        gtk_widget_get_scale_factor (widget),
                                                        gtk_widget_get_direction (widget), 0));

  return icons;
}

GtkWidget *
ac_organization_row_new (void)
{
  return g_object_new (AC_TYPE_ORGANIZATION_ROW, NULL);
}

GtkTreeListRow *
ac_organization_row_get_list_row (AcOrganizationRow *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION_ROW (self), NULL);

  return gtk_tree_expander_get_list_row (self->expander);
}

AcOrganization *
ac_organization_row_get_organization (AcOrganizationRow *self)
{
  g_return_val_if_fail (AC_IS_ORGANIZATION_ROW (self), NULL);

  return self->organization;
}

void
ac_organization_row_set_list_row (AcOrganizationRow *self,
                                  GtkTreeListRow    *list_row)
{
  g_autoptr(AcOrganization) organization = NULL;
  const char *name;
  gboolean is_org;
  gboolean is_member;

  g_return_if_fail (AC_IS_ORGANIZATION_ROW (self));
  g_return_if_fail (list_row == NULL || GTK_IS_TREE_LIST_ROW (list_row));

  gtk_tree_expander_set_list_row (self->expander, list_row);
  if (list_row != NULL)
    organization = gtk_tree_list_row_get_item (list_row);
  g_set_object (&self->organization, organization);

  if (organization == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      ac_lists_set_label (self->code_label, NULL);
      ac_lists_set_label (self->description_label, NULL);
      gtk_widget_set_visible (self->own_badge, FALSE);
      return;
    }

  is_org = ac_organization_get_kind (organization) == AC_ORGANIZATION_KIND_ORG;
  is_member = ac_organization_get_is_member (organization);

  gtk_image_set_from_icon_name (self->icon, is_org ? "network-workgroup-symbolic" : "system-users-symbolic");
  ac_widget_set_tooltip (GTK_WIDGET (self->icon), is_org ? _("Organization") : _("Department"));
  /* The service may send a node without a name: fall back to its code, then its id. */
  name = ac_organization_get_name (organization);
  if (name == NULL || *name == '\0')
    name = ac_organization_get_code (organization);
  if (name == NULL || *name == '\0')
    name = ac_organization_get_id (organization);
  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  ac_widget_set_tooltip (GTK_WIDGET (self->name_label), name);
  ac_lists_set_label (self->code_label, ac_organization_get_code (organization));
  ac_lists_set_label (self->description_label, ac_organization_get_description (organization));
  gtk_widget_set_visible (self->own_badge, is_member);
  ac_widget_set_tooltip (self->own_badge, is_member ? _("You are a member of this department") : NULL);
}
