/* ac-lists-common.c: small helpers shared by the list pages
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-lists"

#include "config.h"

#include "ac-lists-common.h"
#include "ac-window.h"

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
ac_lists_show_error (GtkWidget     *page,
                     AdwStatusPage *status,
                     const GError  *error)
{
  g_autofree char *text = ac_describe_error (error);
  gboolean offline = g_error_matches (error, AC_ERROR, AC_ERROR_NETWORK) ||
                     g_error_matches (error, AC_ERROR, AC_ERROR_TIMEOUT);

  adw_status_page_set_description (status, text);
  adw_status_page_set_icon_name (status, offline ? "network-error-symbolic" : "dialog-error-symbolic");
}

void
ac_lists_reauthenticate (GtkWidget    *page,
                         const GError *error,
                         void        (*reload) (gpointer page))
{
  GtkRoot *root;

  if (!g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    return;

  root = gtk_widget_get_root (page);
  if (root == NULL || !AC_IS_WINDOW (root))
    return;

  ac_window_request_reauthentication (AC_WINDOW (root), reload, g_object_ref (page), g_object_unref);
}

static void
set_loading (AcListLoader *loader,
             gboolean      loading)
{
  if (loader->loading == loading)
    return;

  loader->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (loader->page), loader->loading_pspec);
}

/* Starts a load: the running one is cancelled (a newer request wins: the older answer is
 * ignored), the error cleared, and the page shows "loading". Returns the cancellable for the
 * new load (owned by @loader). */
GCancellable *
ac_list_loader_start (AcListLoader *loader)
{
  g_cancellable_cancel (loader->cancellable);
  g_clear_object (&loader->cancellable);
  loader->cancellable = g_cancellable_new ();

  g_clear_error (&loader->error);
  set_loading (loader, TRUE);
  loader->update_view (loader->page);

  return loader->cancellable;
}

/* Ends a load with the error of its _finish() (taken; NULL on success). A cancelled load does
 * nothing at all: the page may be gone, or a newer load runs. After an expired session, asks
 * the window to sign in again and then calls @loader->retry. */
void
ac_list_loader_finish (AcListLoader *loader,
                       GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  g_clear_object (&loader->cancellable);
  g_clear_error (&loader->error);
  loader->error = error;

  if (loader->error != NULL)
    {
      g_debug ("Loading %s failed: %s", loader->what, loader->error->message);
      ac_lists_reauthenticate (loader->page, loader->error, loader->retry);
    }
  else if (loader->loaded != NULL)
    loader->loaded (loader->page);

  set_loading (loader, FALSE);
  loader->update_view (loader->page);
}

/* Shows the view of the state: loading, the error, @empty, @no_results, or the list. */
void
ac_list_loader_show (AcListLoader *loader,
                     gboolean      empty,
                     gboolean      no_results)
{
  const char *view;

  if (loader->loading)
    view = "loading";
  else if (loader->error != NULL)
    view = "error";
  else if (empty)
    view = "empty";
  else if (no_results)
    view = "no-results";
  else
    view = "list";

  gtk_spinner_set_spinning (loader->spinner, loader->loading);
  gtk_stack_set_visible_child_name (loader->stack, view);

  if (loader->error != NULL)
    ac_lists_show_error (loader->page, loader->error_status, loader->error);
}

/* For the page's dispose: cancels a running load and frees the state. */
void
ac_list_loader_clear (AcListLoader *loader)
{
  g_cancellable_cancel (loader->cancellable);
  g_clear_object (&loader->cancellable);
  g_clear_error (&loader->error);
}
