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

/* Presents the About window for PARENT (may be NULL). */
void       ac_show_about                     (GtkWindow   *parent);

G_END_DECLS
