/* ac-about.h: the About window, filled from the AppStream metainfo compiled into the app
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Where data/meson.build puts the merged (translated) metainfo in the data resource bundle. */
#define AC_ABOUT_METAINFO_RESOURCE RESOURCE_BASE "/metainfo.xml"

/* Builds an AdwAboutWindow from the metainfo at RESOURCE_PATH, in the language of the current
 * locale: name, summary, developer, version and release notes of the newest release, licence
 * and URLs. (adw_about_window_new_from_appdata() would do this, but only from libadwaita 1.4.)
 * Fails with a GError when the resource is missing or not readable metainfo. */
GtkWidget *ac_about_window_new_from_resource (const char  *resource_path,
                                              GError     **error);

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

/* Presents the About window for PARENT (may be NULL). */
void       ac_show_about                     (GtkWindow   *parent);

G_END_DECLS
