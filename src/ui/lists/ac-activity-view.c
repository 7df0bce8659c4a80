/* ac-activity-view.c: what the pages of issue 12 (devices, sign-in history, groups) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-activity"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-activity-view.h"
#include "ac-focus-place.h"
#include "ac-lists-common.h"
#include "ac-page.h"

GtkWidget *
ac_activity_view_build (AcActivityView *view,
                        AdwBin         *page,
                        GtkWidget      *top,
                        const char     *loading_label,
                        const char     *retry_action)
{
  GtkWidget *outer, *scrolled, *clamp, *retry;

  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  if (top != NULL)
    {
      gtk_box_append (GTK_BOX (outer), top);
      gtk_box_append (GTK_BOX (outer), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    }

  view->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (view->stack), TRUE);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (view->stack));

  view->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_halign (GTK_WIDGET (view->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (view->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (view->spinner), 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  loading_label, -1);
  gtk_stack_add_named (view->stack, GTK_WIDGET (view->spinner), "loading");

  view->error_status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (view->error_status, _("Could Not Load"));
  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), retry_action);
  adw_status_page_set_child (view->error_status, retry);
  gtk_stack_add_named (view->stack, GTK_WIDGET (view->error_status), "error");

  view->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_widget_set_margin_top (GTK_WIDGET (view->content), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (view->content), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (view->content), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (view->content), 12);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (view->content));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (view->stack, scrolled, "content");

  adw_bin_set_child (page, outer);
  ac_lists_ensure_style ();
  ac_activity_view_show_loading (view);
  return outer;
}

void
ac_activity_view_show_loading (AcActivityView *view)
{
  gtk_spinner_start (view->spinner);
  gtk_stack_set_visible_child_name (view->stack, "loading");
}

void
ac_activity_view_show_error (AcActivityView *view,
                             const GError   *error)
{
  gtk_spinner_stop (view->spinner);
  ac_lists_show_error (view->error_status, error);
  gtk_stack_set_visible_child_name (view->stack, "error");
}

void
ac_activity_view_show_content (AcActivityView *view)
{
  gtk_spinner_stop (view->spinner);
  gtk_stack_set_visible_child_name (view->stack, "content");
}

char *
ac_activity_relative_time (GDateTime *time,
                           GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  GTimeSpan span;
  int days;

  if (time == NULL)
    return g_strdup (_("Never"));

  local = g_date_time_to_local (time);
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  span = g_date_time_difference (local_now, local);

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (span / G_TIME_SPAN_MINUTE);
      /* Translators: a time in the past */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }

  days = g_date_time_get_day_of_year (local_now) - g_date_time_get_day_of_year (local);
  if (g_date_time_get_year (local_now) != g_date_time_get_year (local))
    days = (int) (span / G_TIME_SPAN_DAY) + 1;

  if (days == 0)
    {
      int hours = (int) (span / G_TIME_SPAN_HOUR);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
    }
  if (days == 1)
    {
      g_autofree char *clock = g_date_time_format (local, "%H:%M");
      /* Translators: %s is a time of the day, e.g. 14:02 */
      return g_strdup_printf (_("Yesterday, %s"), clock);
    }
  if (days > 1 && days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);

  /* Translators: a date, see the strftime() formats of g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
ac_activity_exact_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;

  local = g_date_time_to_local (time);
  /* Translators: an exact date and time with its time zone, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M:%S %Z"));
}

GtkListBox *
ac_activity_boxed_list_new (const char *label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_LIST_BOX (list);
}

void
ac_activity_list_clear (GtkListBox *list)
{
  AcFocusPlace *place = ac_focus_place_take (GTK_WIDGET (list));
  GtkListBoxRow *row;

  /* (cleared twice before a refill: the first place stands) */
  if (place != NULL)
    g_object_set_data_full (G_OBJECT (list), "ac-focus-place", place, (GDestroyNotify) ac_focus_place_free);
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

void
ac_activity_list_restore_focus (GtkListBox *list)
{
  /* no row left: the page keeps the focus, and the keyboard goes on from there */
  ac_focus_place_restore (g_object_steal_data (G_OBJECT (list), "ac-focus-place"),
                          gtk_widget_get_ancestor (GTK_WIDGET (list), AC_TYPE_PAGE));
}
