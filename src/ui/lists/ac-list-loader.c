/* ac-list-loader.c: the loading, error and retry plumbing of a list page
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-lists"

#include "config.h"

#include "ac-list-loader.h"
#include "ac-lists-common.h"
#include "ac-page.h"

gboolean
ac_list_loader_get_loading (AcListLoader *loader)
{
  return loader->account != NULL &&
         ac_account_get_part_state (loader->account, loader->part) == AC_LOAD_STATE_LOADING;
}

const GError *
ac_list_loader_get_error (AcListLoader *loader)
{
  return loader->account != NULL ? ac_account_get_part_error (loader->account, loader->part) : NULL;
}

static void
part_changed_cb (AcAccount    *account,
                 guint         part,
                 AcListLoader *loader)
{
  gboolean loading;

  if (part != loader->part)
    return;

  loading = ac_list_loader_get_loading (loader);
  if (ac_account_get_part_state (account, part) == AC_LOAD_STATE_LOADED && loader->loaded != NULL)
    loader->loaded (loader->page);

  if (loader->loading != loading)
    {
      loader->loading = loading;
      g_object_notify (G_OBJECT (loader->page), "loading");
      g_object_notify (G_OBJECT (loader->page), "busy");
    }

  if (ac_account_get_part_state (account, part) == AC_LOAD_STATE_FAILED)
    g_debug ("Loading %s failed: %s", loader->what, ac_list_loader_get_error (loader)->message);

  loader->update_view (loader->page);
}

/* Follows the state of the page's part of @account (borrowed: the page holds it). */
void
ac_list_loader_attach (AcListLoader *loader,
                       AcAccount    *account)
{
  g_return_if_fail (loader->account == NULL);

  loader->account = account;
  /* Disconnected in ac_list_loader_clear() (the page's dispose). */
  g_signal_connect (account, "part-changed", G_CALLBACK (part_changed_cb), loader);
  loader->loading = ac_list_loader_get_loading (loader);
}

gboolean
ac_list_loader_needs_load (AcListLoader *loader)
{
  /* (an account made ahead for the next sign-in holds no token yet: its session loads it) */
  return loader->account != NULL && ac_account_get_signed_in (loader->account) &&
         ac_account_get_part_state (loader->account, loader->part) == AC_LOAD_STATE_NONE;
}

/* Starts a load of the page: the one it started before is cancelled (a newer request wins),
 * and the account says the part is loading. Returns the cancellable for the new load (owned
 * by @loader). */
GCancellable *
ac_list_loader_start (AcListLoader *loader)
{
  g_cancellable_cancel (loader->cancellable);
  g_clear_object (&loader->cancellable);
  loader->cancellable = g_cancellable_new ();

  return loader->cancellable;
}

/* Ends a load of the page with the error of its _finish() (taken; NULL on success). A
 * cancelled load does nothing at all: the page may be gone, or a newer load runs. After an
 * expired session, the page loads again once the person signed in again. */
void
ac_list_loader_finish (AcListLoader *loader,
                       GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    ac_page_retry_when_ready (AC_PAGE (loader->page), loader->cancellable,
                              (AcPageFunc) loader->reload);

  g_clear_error (&error);
}

/* Shows the view of the state: loading, the error, @empty, @no_results, or the list. */
void
ac_list_loader_show (AcListLoader *loader,
                     gboolean      empty,
                     gboolean      no_results)
{
  const GError *error = ac_list_loader_get_error (loader);
  gboolean loading = ac_list_loader_get_loading (loader);
  const char *view;

  if (loading)
    view = "loading";
  else if (error != NULL)
    view = "error";
  else if (empty)
    view = "empty";
  else if (no_results)
    view = "no-results";
  else
    view = "list";

  gtk_spinner_set_spinning (loader->spinner, loading);
  gtk_stack_set_visible_child_name (loader->stack, view);

  if (error != NULL)
    ac_lists_show_error (loader->error_status, error);
}

/* For the page's dispose: cancels a running load and stops following the account. */
void
ac_list_loader_clear (AcListLoader *loader)
{
  g_cancellable_cancel (loader->cancellable);
  g_clear_object (&loader->cancellable);
  if (loader->account != NULL)
    g_signal_handlers_disconnect_by_data (loader->account, loader);
  loader->account = NULL;
}
