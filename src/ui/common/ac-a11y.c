/* ac-a11y.c: accessible names for the controls of toolkit windows and drop-downs
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-a11y"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-a11y.h"

void
ac_accessible_set_label (GtkWidget  *widget,
                         const char *label)
{
  if (label != NULL && *label != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static const char *
name_for_icon (const char *icon_name)
{
  static const struct { const char *icon; const char *name; } icons[] = {
    /* Translators: accessible names of toolkit buttons that show only an icon */
    { "edit-find-symbolic", N_("Search") },
    { "go-previous-symbolic", N_("Back") },
    { "window-close-symbolic", N_("Close") },
    { "open-menu-symbolic", N_("Menu") },
    { "edit-copy-symbolic", N_("Copy") },
  };

  for (guint i = 0; icon_name != NULL && i < G_N_ELEMENTS (icons); i++)
    {
      if (g_str_equal (icon_name, icons[i].icon))
        return _(icons[i].name);
    }
  return NULL;
}

static const char *
first_label_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        return gtk_label_get_text (GTK_LABEL (child));
      text = first_label_text (child);
      if (text != NULL)
        return text;
    }
  return NULL;
}

static const char *
icon_name_of (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) && gtk_image_get_storage_type (GTK_IMAGE (child)) == GTK_IMAGE_ICON_NAME)
        return gtk_image_get_icon_name (GTK_IMAGE (child));
    }
  return NULL;
}

static void
name_dropdown_button (GtkWidget *dropdown)
{
  GtkWidget *button = gtk_widget_get_first_child (dropdown);
  g_autoptr(GList) mnemonic_labels = gtk_widget_list_mnemonic_labels (dropdown);
  const char *name = NULL;

  if (!GTK_IS_BUTTON (button))
    return;
  for (GList *l = mnemonic_labels; l != NULL && name == NULL; l = l->next)
    {
      if (GTK_IS_LABEL (l->data) && *gtk_label_get_text (GTK_LABEL (l->data)) != '\0')
        name = gtk_label_get_text (GTK_LABEL (l->data));
    }
  if (name == NULL)
    name = gtk_widget_get_tooltip_text (dropdown);
  ac_accessible_set_label (button, name);
}

void
ac_accessible_name_dropdowns (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_DROP_DOWN (child))
        name_dropdown_button (child);
      else
        ac_accessible_name_dropdowns (child);
    }
}

void
ac_accessible_name_toolkit_controls (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_DROP_DOWN (child))
        {
          name_dropdown_button (child);
          continue;
        }
      gboolean unlabelled_button =
        (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL) ||
        (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_label (GTK_MENU_BUTTON (child)) == NULL);

      if (unlabelled_button)
        {
          const char *name = gtk_widget_get_tooltip_text (child);

          if (name == NULL)
            name = name_for_icon (icon_name_of (child));
          if (name == NULL)
            name = first_label_text (child);
          ac_accessible_set_label (child, name);
        }
      else if (GTK_IS_SEARCH_ENTRY (child) &&
               g_object_class_find_property (G_OBJECT_GET_CLASS (child), "placeholder-text") != NULL)
        {
          g_autofree char *placeholder = NULL;

          g_object_get (child, "placeholder-text", &placeholder, NULL);
          ac_accessible_set_label (child, placeholder != NULL ? placeholder : _("Search"));
        }
      ac_accessible_name_toolkit_controls (child);
    }
}

