/* ac-tooltip.h: setting a tooltip without GTK 4.8's round trip to the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ac_widget_set_tooltip (GtkWidget  *widget,
                            const char *text);

G_END_DECLS
