/* ac-activity-view.h: what the pages of issue 12 (devices, sign-in history, groups) share:
 * a view with loading, error and content states, and the texts of times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Embedded in a page's instance struct and filled by ac_activity_view_build(). */
typedef struct
{
  GtkStack      *stack;          /* "loading", "error", "content" */
  GtkSpinner    *spinner;
  AdwStatusPage *error_status;   /* with a Retry button that activates retry_action */
  GtkBox        *content;        /* vertical, in a scrolled, clamped column */
} AcActivityView;

/* Builds the view as @page's child (an AdwBin), above @top (nullable: a bar that stays over
 * the states) and returns the outer box. */
GtkWidget *ac_activity_view_build        (AcActivityView *view,
                                          AdwBin         *page,
                                          GtkWidget      *top,
                                          const char     *loading_label,
                                          const char     *retry_action);
void       ac_activity_view_show_loading (AcActivityView *view);
void       ac_activity_view_show_error   (AcActivityView *view,
                                          const GError   *error);
void       ac_activity_view_show_content (AcActivityView *view);

/* "5 minutes ago", "Yesterday, 14:02", "3 March 2026" (relative to @now; NULL: now) */
char      *ac_activity_relative_time     (GDateTime      *time,
                                          GDateTime      *now);
/* The exact local time with its zone, for a tooltip */
char      *ac_activity_exact_time        (GDateTime      *time);

/* A boxed list in a preferences group, to be filled with rows; @label is its accessible name */
GtkListBox *ac_activity_boxed_list_new   (const char     *label);
/* Removes every row of @list. If the keyboard focus was in one of them, remembers where (the
 * row and the widget in it) for ac_activity_list_restore_focus(). */
void       ac_activity_list_clear        (GtkListBox     *list);
/* After refilling @list: the focus goes back where ac_activity_list_clear() found it (the row at
 * the same position, or the last one; the page itself when the list is now empty), so that a
 * reload never takes the keyboard away from the person. Does nothing if the focus was elsewhere. */
void       ac_activity_list_restore_focus (GtkListBox    *list);

G_END_DECLS
