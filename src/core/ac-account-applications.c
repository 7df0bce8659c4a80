/* ac-account-applications.c: searching every page of the allowed applications
 *
 * The applications store holds one page; a search must see them all. The server has no
 * search of its own (authing-api.md §6.9), so the search reads every page, in pages of
 * SEARCH_PAGE_SIZE, one after the other, and keeps what matches. The store is not touched.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account"

#include "config.h"

#include "ac-account-private.h"
#include "ac-application.h"
#include "ac-client.h"

#define SEARCH_PAGE_SIZE 100
/* A bound on the pages read, whatever the server says its total is. */
#define SEARCH_MAX_PAGES 1000

typedef struct
{
  char       *needle;
  GListStore *matches;
  guint       page;
  guint       seen;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->needle);
  g_clear_object (&data->matches);
  g_free (data);
}

static void search_next_page (GTask *task);

static void
search_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SearchData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  guint total = 0;

  items = ac_client_list_applications_finish (AC_CLIENT (object), result, &total, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      AcApplication *application = g_ptr_array_index (items, i);

      if (ac_application_matches (application, data->needle))
        g_list_store_append (data->matches, application);
    }
  data->seen += items->len;

  /* Done at the total, at a short page (the total changed on the way) or at the bound. */
  if (data->seen >= total || items->len < SEARCH_PAGE_SIZE || data->page >= SEARCH_MAX_PAGES)
    {
      g_task_return_pointer (task, g_object_ref (data->matches), g_object_unref);
      return;
    }

  data->page++;
  search_next_page (g_steal_pointer (&task));
}

static void
search_next_page (GTask *task)
{
  AcAccount *self = g_task_get_source_object (task);
  SearchData *data = g_task_get_task_data (task);

  ac_client_list_applications_async (self->client, data->page, SEARCH_PAGE_SIZE,
                                     g_task_get_cancellable (task), search_page_cb, task);
}

/**
 * ac_account_search_applications_async:
 * @self: a #AcAccount
 * @needle: what to look for in the name, domain or description (case-insensitive)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads every page of the allowed applications from the server and keeps those that match
 * @needle, in the server's order. The applications store (one page) is not changed.
 */
void
ac_account_search_applications_async (AcAccount           *self,
                                      const char          *needle,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  SearchData *data;

  g_return_if_fail (AC_IS_ACCOUNT (self));
  g_return_if_fail (needle != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_account_search_applications_async);
  data = g_new0 (SearchData, 1);
  data->needle = g_strdup (needle);
  data->matches = g_list_store_new (AC_TYPE_APPLICATION);
  data->page = 1;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);

  search_next_page (task);
}

/**
 * ac_account_search_applications_finish:
 * @self: a #AcAccount
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a #GListModel of the matching #AcApplication, or %NULL
 */
GListModel *
ac_account_search_applications_finish (AcAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
