/* ac-a11y.h: accessible names for the controls of toolkit windows and drop-downs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Toolkit windows (AdwAboutWindow of libadwaita 1.2, GtkShortcutsWindow of GTK 4.8) hold
 * icon-only buttons and entries that screen readers announce without a name. This names every
 * such control under ROOT that has none: from its tooltip, a known icon, its placeholder or the
 * text it shows. For widgets the app does not build itself; name the app's own in its .ui files.
 * The shell calls it on the help overlay (gtk_application_window_get_help_overlay()). */
void       ac_accessible_name_toolkit_controls (GtkWidget *root);

/* GtkDropDown (GTK 4.8) puts the keyboard focus on an inner toggle button that has no name of
 * its own. This names the inner button of every drop-down under ROOT after the drop-down's
 * mnemonic label, else its tooltip. Safe on the app's own pages. */
void       ac_accessible_name_dropdowns        (GtkWidget *root);

/* Sets the accessible label of WIDGET, unless LABEL is NULL or empty. */
void       ac_accessible_set_label             (GtkWidget  *widget,
                                                const char *label);

G_END_DECLS
