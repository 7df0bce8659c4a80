/* ac-resource-row.c: one authorized resource: code, type badge, actions as chips, API identifier
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-resource-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-lists-common.h"
#include "ac-resource-row.h"
#include "ac-tooltip.h"

#define MAX_CHIPS_PER_LINE 8

struct _AcResourceRow
{
  GtkWidget   parent_instance;

  AcResource *resource;

  GtkLabel   *code_label;
  GtkLabel   *type_badge;
  GtkWidget  *api_box;
  GtkLabel   *api_label;
  GtkLabel   *actions_title;
  GtkFlowBox *actions_box;
};

G_DEFINE_FINAL_TYPE (AcResourceRow, ac_resource_row, GTK_TYPE_WIDGET)

static const char *
type_description (const char *type)
{
  if (g_strcmp0 (type, "DATA") == 0)
    return _("Data resource");
  if (g_strcmp0 (type, "API") == 0)
    return _("API endpoint");
  if (g_strcmp0 (type, "MENU") == 0)
    return _("Menu entry");
  if (g_strcmp0 (type, "UI") == 0)
    return _("User interface element");
  if (g_strcmp0 (type, "BUTTON") == 0)
    return _("Button");
  return NULL;
}

static void
clear_actions (AcResourceRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);
}

static void
ac_resource_row_dispose (GObject *object)
{
  AcResourceRow *self = AC_RESOURCE_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_RESOURCE_ROW);
  /* The template's top-level box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->resource);

  G_OBJECT_CLASS (ac_resource_row_parent_class)->dispose (object);
}

static void
ac_resource_row_class_init (AcResourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_resource_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-resource-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, type_badge);
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, api_box);
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, api_label);
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, actions_title);
  gtk_widget_class_bind_template_child (widget_class, AcResourceRow, actions_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ac_resource_row_init (AcResourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ac_resource_row_new (void)
{
  return g_object_new (AC_TYPE_RESOURCE_ROW, NULL);
}

AcResource *
ac_resource_row_get_resource (AcResourceRow *self)
{
  g_return_val_if_fail (AC_IS_RESOURCE_ROW (self), NULL);

  return self->resource;
}

void
ac_resource_row_set_resource (AcResourceRow *self,
                              AcResource    *resource)
{
  const char * const *actions;
  const char *type;
  const char *api;
  guint n_actions = 0;

  g_return_if_fail (AC_IS_RESOURCE_ROW (self));
  g_return_if_fail (resource == NULL || AC_IS_RESOURCE (resource));

  if (!g_set_object (&self->resource, resource))
    return;

  clear_actions (self);

  if (resource == NULL)
    {
      gtk_label_set_text (self->code_label, "");
      gtk_label_set_text (self->type_badge, "");
      gtk_label_set_text (self->api_label, "");
      return;
    }

  type = ac_resource_get_type_string (resource);
  api = ac_resource_get_api_identifier (resource);
  actions = ac_resource_get_actions (resource);

  gtk_label_set_text (self->code_label, ac_resource_get_code (resource) ? ac_resource_get_code (resource) : "");
  ac_widget_set_tooltip (GTK_WIDGET (self->api_label), api);
  gtk_label_set_text (self->type_badge, type != NULL ? type : "");
  gtk_widget_set_visible (GTK_WIDGET (self->type_badge), type != NULL && *type != '\0');
  ac_widget_set_tooltip (GTK_WIDGET (self->type_badge), type_description (type));

  gtk_label_set_text (self->api_label, api != NULL ? api : "");
  gtk_widget_set_visible (self->api_box, api != NULL && *api != '\0');

  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_label_new (actions[i]);

      /* A chip longer than the row is cut, with all of it in the tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
      ac_widget_set_tooltip (chip, actions[i]);
      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      gtk_widget_add_css_class (chip, "ac-chip");
      gtk_flow_box_append (self->actions_box, chip);
      n_actions++;
    }

  /* The chips reflow: as many per line as the row's width holds (one at the narrowest). */
  gtk_flow_box_set_min_children_per_line (self->actions_box, 1);
  gtk_flow_box_set_max_children_per_line (self->actions_box, CLAMP (n_actions, 1, MAX_CHIPS_PER_LINE));
  gtk_widget_set_visible (GTK_WIDGET (self->actions_title), n_actions > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), n_actions > 0);
}
