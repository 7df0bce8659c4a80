/* ac-lists-common.c: small helpers shared by the list pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-lists"

#include "config.h"

#include <string.h>

#include "ac-error.h"
#include "ac-error-text.h"
#include "ac-lists-common.h"
#include "ac-tooltip.h"

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

#define FACTORY_WHEN_SHOWN "ac-lists-factory-when-shown"

static void
factory_view_mapped_cb (GtkListView *view)
{
  g_autoptr(GtkListItemFactory) factory = g_object_steal_data (G_OBJECT (view), FACTORY_WHEN_SHOWN);

  g_signal_handlers_disconnect_by_func (view, factory_view_mapped_cb, NULL);
  if (factory != NULL)
    gtk_list_view_set_factory (view, factory);
}

void
ac_lists_set_factory_when_shown (GtkListView        *view,
                                 GtkListItemFactory *factory)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (view));
  g_return_if_fail (GTK_IS_LIST_ITEM_FACTORY (factory));

  if (gtk_widget_get_mapped (GTK_WIDGET (view)))
    {
      g_object_set_data (G_OBJECT (view), FACTORY_WHEN_SHOWN, NULL);
      gtk_list_view_set_factory (view, factory);
      return;
    }
  if (g_object_get_data (G_OBJECT (view), FACTORY_WHEN_SHOWN) == NULL)
    g_signal_connect (view, "map", G_CALLBACK (factory_view_mapped_cb), NULL);
  g_object_set_data_full (G_OBJECT (view), FACTORY_WHEN_SHOWN, g_object_ref (factory), g_object_unref);
}

void
ac_lists_set_label (GtkLabel   *label,
                    const char *text)
{
  gboolean visible = text != NULL && *text != '\0';

  gtk_label_set_text (label, visible ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), visible);
  /* A text that may be cut has all of it in the tooltip. */
  if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
    ac_widget_set_tooltip (GTK_WIDGET (label), visible ? text : NULL);
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

char *
ac_lists_application_url (AcApplication *application)
{
  const char *domain;
  g_autofree char *url = NULL;

  g_return_val_if_fail (AC_IS_APPLICATION (application), NULL);

  domain = ac_application_get_domain (application);
  if (domain == NULL || *domain == '\0' || strchr (domain, ' ') != NULL)
    return NULL;

  if (g_str_has_prefix (domain, "https://") || g_str_has_prefix (domain, "http://"))
    url = g_strdup (domain);
  else if (strstr (domain, "://") != NULL)
    return NULL;   /* not a web page */
  else if (strchr (domain, '.') != NULL)
    url = g_strconcat ("https://", domain, NULL);
  else
    /* An application identifier: its sign-in page on the Authing service. */
    url = g_strconcat ("https://", domain, ".authing.cn", NULL);

  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return NULL;
  return g_steal_pointer (&url);
}

static AcListsShowUriFunc show_uri_func;
static gpointer show_uri_data;

void
ac_lists_set_show_uri_func (AcListsShowUriFunc func,
                            gpointer           user_data)
{
  show_uri_func = func;
  show_uri_data = user_data;
}

void
ac_lists_show_uri (GtkWidget  *widget,
                   const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  if (show_uri_func != NULL)
    {
      show_uri_func (uri, show_uri_data);
      return;
    }

  root = gtk_widget_get_root (widget);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}
