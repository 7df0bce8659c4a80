/* ac-role-row.c: one role: code, System badge, namespace, description
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-role-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-lists-common.h"
#include "ac-role-row.h"
#include "ac-tooltip.h"

struct _AcRoleRow
{
  GtkWidget  parent_instance;

  AcRole    *role;

  GtkLabel  *code_label;
  GtkWidget *system_badge;
  GtkLabel  *namespace_label;
  GtkLabel  *description_label;
};

G_DEFINE_FINAL_TYPE (AcRoleRow, ac_role_row, GTK_TYPE_WIDGET)

static void
ac_role_row_dispose (GObject *object)
{
  AcRoleRow *self = AC_ROLE_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_ROLE_ROW);
  /* The template's top-level box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->role);

  G_OBJECT_CLASS (ac_role_row_parent_class)->dispose (object);
}

static void
ac_role_row_class_init (AcRoleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_role_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-role-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AcRoleRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, AcRoleRow, system_badge);
  gtk_widget_class_bind_template_child (widget_class, AcRoleRow, namespace_label);
  gtk_widget_class_bind_template_child (widget_class, AcRoleRow, description_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ac_role_row_init (AcRoleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ac_role_row_new (void)
{
  return g_object_new (AC_TYPE_ROLE_ROW, NULL);
}

AcRole *
ac_role_row_get_role (AcRoleRow *self)
{
  g_return_val_if_fail (AC_IS_ROLE_ROW (self), NULL);

  return self->role;
}

void
ac_role_row_set_role (AcRoleRow *self,
                      AcRole    *role)
{
  g_return_if_fail (AC_IS_ROLE_ROW (self));
  g_return_if_fail (role == NULL || AC_IS_ROLE (role));

  if (!g_set_object (&self->role, role))
    return;

  if (role == NULL)
    {
      gtk_label_set_text (self->code_label, "");
      gtk_label_set_text (self->namespace_label, "");
      ac_lists_set_label (self->description_label, NULL);
      gtk_widget_set_visible (self->system_badge, FALSE);
      return;
    }

  gtk_label_set_text (self->code_label, ac_role_get_code (role) ? ac_role_get_code (role) : "");
  ac_widget_set_tooltip (GTK_WIDGET (self->code_label), ac_role_get_code (role));
  gtk_label_set_text (self->namespace_label, ac_role_get_namespace (role) ? ac_role_get_namespace (role) : "");
  ac_lists_set_label (self->description_label, ac_role_get_description (role));
  gtk_widget_set_visible (self->system_badge, ac_role_get_is_system (role));
}
