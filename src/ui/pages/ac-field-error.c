/* ac-field-error.c: the message of a field that is not valid, right under its row
 *
 * The message sits where the person looks: under the field, in the field's boxed list, and the
 * row itself takes the "error" style, as GNOME Settings marks a field it refuses.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-field-error"

#include "config.h"

#include <adwaita.h>

#include "ac-field-error.h"

GtkWidget *
ac_field_error_row_new (GtkWidget *field_row)
{
  /* An AdwPreferencesRow: a preferences group puts it in its boxed list, right after the
   * field (any other widget would go under the whole list). */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);
  gtk_widget_set_name (row, "field-error");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
  return row;
}

void
ac_field_error_row_set (GtkWidget  *error_row,
                        GtkWidget  *field_row,
                        const char *message)
{
  GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (error_row));
  gboolean shown = message != NULL && *message != '\0';

  gtk_label_set_text (GTK_LABEL (label), shown ? message : "");
  gtk_widget_set_visible (error_row, shown);
  if (shown)
    gtk_widget_add_css_class (field_row, "error");
  else
    gtk_widget_remove_css_class (field_row, "error");
}

const char *
ac_field_error_row_get_text (GtkWidget *error_row)
{
  GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (error_row));

  if (!gtk_widget_get_visible (error_row))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  GtkWidget *ancestor = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  return ancestor != NULL ? GTK_SCROLLED_WINDOW (ancestor) : NULL;
}

static void
scroll_to_row (GtkWidget *field_row)
{
  GtkScrolledWindow *scrolled = find_scrolled_window (field_row);

  if (scrolled != NULL)
    {
      GtkWidget *content = gtk_scrolled_window_get_child (scrolled);

      /* The scrolled content itself, not the viewport (which does not move). */
      if (GTK_IS_VIEWPORT (content))
        content = gtk_viewport_get_child (GTK_VIEWPORT (content));
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scrolled);
      graphene_point_t point;

      /* Scrolled so that the row and the message under it show, a little room above. */
      if (content != NULL &&
          gtk_widget_compute_point (field_row, content, &GRAPHENE_POINT_INIT (0, 0), &point))
        {
          double top = MAX (0, point.y - 48);
          double page = gtk_adjustment_get_page_size (adj);
          double value = gtk_adjustment_get_value (adj);
          int height = gtk_widget_get_height (field_row);

          if (top < value || point.y + height + 48 > value + page)
            gtk_adjustment_set_value (adj, top);
        }
    }
}

static gboolean
scroll_later_cb (GtkWidget     *field_row,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  int frames = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (field_row), "ac-scroll-frames")) + 1;

  /* The second frame at least: the first lays out what changed. A row that stays without
   * a size (its page hidden) is left after a few frames. */
  if (frames < 2 || (gtk_widget_get_height (field_row) <= 0 && frames < 10))
    {
      g_object_set_data (G_OBJECT (field_row), "ac-scroll-frames", GINT_TO_POINTER (frames));
      return G_SOURCE_CONTINUE;
    }
  g_object_set_data (G_OBJECT (field_row), "ac-scroll-frames", NULL);
  scroll_to_row (field_row);
  return G_SOURCE_REMOVE;
}

void
ac_field_error_focus_row (GtkWidget *field_row)
{
  scroll_to_row (field_row);

  /* Again once the page is laid out (it may just have been shown, or the message under the
   * row just appeared). */
  g_object_set_data (G_OBJECT (field_row), "ac-scroll-frames", NULL);
  gtk_widget_add_tick_callback (field_row, scroll_later_cb, NULL, NULL);

  gtk_widget_grab_focus (field_row);
  /* The cursor at the end, nothing selected: a stray key must not replace the value. */
  if (GTK_IS_EDITABLE (field_row))
    gtk_editable_set_position (GTK_EDITABLE (field_row), -1);
}
