/* ac-lists-common.c: small helpers shared by the list pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-lists"

#include "config.h"

#include "ac-error.h"
#include "ac-error-text.h"
#include "ac-lists-common.h"

void
ac_lists_ensure_style (void)
{
  static GdkDisplay *styled_display;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL || display == styled_display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/ui/ac-lists.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  styled_display = display;
}

void
ac_lists_set_label (GtkLabel   *label,
                    const char *text)
{
  gboolean visible = text != NULL && *text != '\0';

  gtk_label_set_text (label, visible ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), visible);
}

void
ac_lists_show_error (AdwStatusPage *status,
                     const GError  *error)
{
  g_autofree char *text = ac_describe_error (error);
  gboolean offline = g_error_matches (error, AC_ERROR, AC_ERROR_NETWORK) ||
                     g_error_matches (error, AC_ERROR, AC_ERROR_TIMEOUT);

  adw_status_page_set_description (status, text);
  adw_status_page_set_icon_name (status, offline ? "network-error-symbolic" : "dialog-error-symbolic");
}
