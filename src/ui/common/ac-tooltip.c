/* ac-tooltip.c: setting a tooltip without GTK 4.8's round trip to the display
 *
 * gtk_widget_set_tooltip_text() on a visible widget asks the display where the pointer is, to
 * update a tooltip that may be showing: on X11 a synchronous round trip to the server, even
 * when the text did not change and the widget is not on screen. Rows bound by a list view
 * (up to about 200 at once, most not on screen yet) and pages being built did hundreds of
 * them: a good part of the time from pressing Sign In to the pages painted.
 * ac_widget_set_tooltip() does nothing when the text is the same, and sets it on a widget that
 * is not on screen (not mapped: no tooltip of its can be showing) while it is hidden for a
 * moment, which GTK does without asking the display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-tooltip.h"

/**
 * ac_widget_set_tooltip:
 * @widget: a widget
 * @text: (nullable): the tooltip, plain text; %NULL or "" for none
 *
 * As gtk_widget_set_tooltip_text(), without the round trip to the display when it is not
 * needed.
 */
void
ac_widget_set_tooltip (GtkWidget  *widget,
                       const char *text)
{
  gboolean hide;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return;

  hide = gtk_widget_get_visible (widget) && !gtk_widget_get_mapped (widget);
  if (hide)
    gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  if (hide)
    gtk_widget_set_visible (widget, TRUE);
}
