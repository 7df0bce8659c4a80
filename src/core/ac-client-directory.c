/* ac-client-directory.c: where the user belongs: applications, organizations, roles,
 * resources, and the account's security level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-client-private.h"
#include "ac-org-forest-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Security level                                                                             */

static void
security_level_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  _ac_client_return_model (AC_CLIENT (object), result, task, JSON_NODE_OBJECT,
                           (AcClientModelFromJson) ac_security_level_new_from_json,
                           _("The server sent a security level that could not be read: %s"));
}

void
ac_client_get_security_level_async (AcClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_get_security_level_async);

  _ac_client_request_json (self, "GET", "/api/v2/users/me/security-level", NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
                           cancellable, security_level_cb, task);
}

/**
 * ac_client_get_security_level_finish:
 *
 * Returns: (transfer full): the security level
 */
AcSecurityLevel *
ac_client_get_security_level_finish (AcClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_get_security_level_async, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Lists: applications, roles, resources                                                      */

typedef struct
{
  GPtrArray *items;
  guint      total_count;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

typedef struct
{
  AcClientItemFromJson  item_from_json;
  char         *namespace_;   /* recorded on resources */
} ListState;

static void
list_state_free (ListState *state)
{
  g_free (state->namespace_);
  g_free (state);
}

static void
set_list_state (GTask                *task,
                AcClientItemFromJson  item_from_json,
                const char           *namespace_)
{
  ListState *state = g_new0 (ListState, 1);

  state->item_from_json = item_from_json;
  state->namespace_ = g_strdup (namespace_);
  g_task_set_task_data (task, state, (GDestroyNotify) list_state_free);
}

/* In a worker thread (a user may have tens of thousands of resources) */
static gpointer
build_page (AcClient  *self,
            JsonNode  *data,
            gpointer   build_data,
            GError   **error)
{
  ListState *state = build_data;
  Page *page = g_new0 (Page, 1);

  page->items = _ac_client_items_from_data (self, data, state->item_from_json, &page->total_count, error);
  if (page->items == NULL)
    {
      page_free (page);
      return NULL;
    }

  if (state->item_from_json == (AcClientItemFromJson) ac_resource_new_from_json)
    for (guint i = 0; i < page->items->len; i++)
      ac_resource_set_namespace (g_ptr_array_index (page->items, i), state->namespace_);

  return page;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  ListState *state = g_task_get_task_data (task);
  JsonNode *data;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  /* (the state belongs to @task, which lives until the page is built) */
  _ac_client_build_in_thread (self, g_steal_pointer (&task), data, build_page, state, NULL,
                              (GDestroyNotify) page_free);
}

static GPtrArray *
list_finish (AcClient      *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             guint         *total_count,
             GError       **error)
{
  Page *page = _ac_client_task_finish_pointer (self, result, source_tag, error);
  GPtrArray *items;

  if (page == NULL)
    return NULL;

  if (total_count != NULL)
    *total_count = page->total_count;
  items = g_steal_pointer (&page->items);
  page_free (page);

  return items;
}

/**
 * ac_client_list_applications_async:
 * @self: a #AcClient
 * @page: the page, from 1
 * @limit: applications per page
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of the applications the user may access.
 */
void
ac_client_list_applications_async (AcClient            *self,
                                   guint                page,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_applications_async);
  set_list_state (task, (AcClientItemFromJson) ac_application_new_from_json, NULL);

  path = g_strdup_printf ("/api/v2/users/me/applications/allowed?page=%u&limit=%u",
                          MAX (page, 1), MAX (limit, 1));
  _ac_client_request_json (self, "GET", path, NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_APPLICATIONS,
                           cancellable, list_cb, task);
}

/**
 * ac_client_list_applications_finish:
 * @total_count: (out) (optional): the number of applications over all pages
 *
 * Returns: (transfer full) (element-type AcApplication): the applications of the page
 */
GPtrArray *
ac_client_list_applications_finish (AcClient      *self,
                                    GAsyncResult  *result,
                                    guint         *total_count,
                                    GError       **error)
{
  return list_finish (self, result, ac_client_list_applications_async, total_count, error);
}

/**
 * ac_client_list_roles_async:
 * @self: a #AcClient
 * @namespace_: (nullable): a namespace code, or %NULL for every namespace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
ac_client_list_roles_async (AcClient            *self,
                            const char          *namespace_,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_roles_async);
  set_list_state (task, (AcClientItemFromJson) ac_role_new_from_json, NULL);

  if (namespace_ != NULL && *namespace_ != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (namespace_, NULL, FALSE);
      path = g_strconcat ("/api/v2/users/me/roles?namespace=", escaped, NULL);
    }
  else
    {
      path = g_strdup ("/api/v2/users/me/roles");
    }

  _ac_client_request_json (self, "GET", path, NULL,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_ROLES,
                           cancellable, list_cb, task);
}

/**
 * ac_client_list_roles_finish:
 *
 * Returns: (transfer full) (element-type AcRole): the roles
 */
GPtrArray *
ac_client_list_roles_finish (AcClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return list_finish (self, result, ac_client_list_roles_async, NULL, error);
}

/**
 * ac_client_list_resources_async:
 * @self: a #AcClient
 * @namespace_: a namespace code, e.g. "default"
 * @resource_type: (nullable): DATA, API, MENU, UI or BUTTON, or %NULL for every type
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the resources the user is authorized for.
 */
void
ac_client_list_resources_async (AcClient            *self,
                                const char          *namespace_,
                                const char          *resource_type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_resources_async);
  if (namespace_ == NULL || *namespace_ == '\0')
    namespace_ = "default";
  set_list_state (task, (AcClientItemFromJson) ac_resource_new_from_json, namespace_);

  object = json_object_new ();
  json_object_set_string_member (object, "namespace", namespace_);
  if (resource_type != NULL && *resource_type != '\0')
    json_object_set_string_member (object, "resourceType", resource_type);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  _ac_client_request_json (self, "POST", "/api/v2/users/resource/authorized", body,
                           AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_RESOURCES,
                           cancellable, list_cb, task);
}

/**
 * ac_client_list_resources_finish:
 * @total_count: (out) (optional): the server's total
 *
 * Returns: (transfer full) (element-type AcResource): the resources
 */
GPtrArray *
ac_client_list_resources_finish (AcClient      *self,
                                 GAsyncResult  *result,
                                 guint         *total_count,
                                 GError       **error)
{
  return list_finish (self, result, ac_client_list_resources_async, total_count, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Organizations                                                                              */

/* The answer of a person in 50,000 departments is tens of megabytes, and json-glib's tree of it
 * about 8 times that: its paths go into the forest one by one as they are parsed (in the
 * transport's worker thread for a big answer), so that tree never exists whole. */
typedef struct
{
  AcOrgForest *forest;     /* being built */
  GError      *error;      /* the first path that could not be read */
  gboolean     concluded;  /* every path of `data` was handed over */
} OrgStream;

static void
org_stream_free (OrgStream *stream)
{
  g_clear_object (&stream->forest);
  g_clear_error (&stream->error);
  g_free (stream);
}

static gboolean
org_stream_element (JsonNode *element,
                    guint     index,
                    gpointer  user_data)
{
  OrgStream *stream = user_data;

  /* (at the end with no path at all: a person in no organization) */
  if (stream->forest == NULL)
    stream->forest = ac_org_forest_new ();

  if (element == NULL)
    {
      if (stream->error == NULL)
        _ac_org_forest_finish (stream->forest);
      stream->concluded = TRUE;
      return TRUE;
    }

  return _ac_org_forest_add_path (stream->forest, element, index, &stream->error);
}

/* Not streamed (`data` null, or not an array at all): built from the tree, with the usual
 * checks, in a worker thread. */
static gpointer
build_forest (AcClient  *self,
              JsonNode  *data,
              gpointer   build_data,
              GError   **error)
{
  return _ac_client_model_from_data (self, data, JSON_NODE_ARRAY,
                                     (AcClientModelFromJson) ac_org_forest_new_from_json,
                                     _("The server sent organizations that could not be read: %s"),
                                     error);
}

static void
organizations_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AcClient *self = AC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  OrgStream *stream = g_task_get_task_data (task);
  JsonNode *data;

  data = _ac_client_request_finish_task (self, result, task);
  if (data == NULL)
    return;

  if (stream->concluded)
    {
      json_node_unref (data);
      if (stream->error != NULL)
        g_task_return_new_error (task, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                                 _("The server sent organizations that could not be read: %s"),
                                 stream->error->message);
      else
        g_task_return_pointer (task, g_steal_pointer (&stream->forest), g_object_unref);
      return;
    }

  _ac_client_build_in_thread (self, g_steal_pointer (&task), data, build_forest, NULL, NULL,
                              g_object_unref);
}

/**
 * ac_client_list_organizations_async:
 * @self: a #AcClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the user's places in the organizations (`users/<id>/orgs`, or `users/me/orgs` when
 * the user id is not known yet) and merges the paths into a forest.
 */
void
ac_client_list_organizations_async (AcClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (AC_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_client_list_organizations_async);

  id = _ac_client_user_id (self);
  if (id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
      path = g_strdup_printf ("/api/v2/users/%s/orgs", escaped);
    }
  else
    {
      path = g_strdup ("/api/v2/users/me/orgs");
    }

  g_task_set_task_data (task, g_new0 (OrgStream, 1), (GDestroyNotify) org_stream_free);
  _ac_client_request_streamed (self, path, AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_ORGANIZATIONS,
                               org_stream_element, g_task_get_task_data (task),
                               cancellable, organizations_cb, task);
}

/**
 * ac_client_list_organizations_finish:
 *
 * Returns: (transfer full): the organization forest
 */
AcOrgForest *
ac_client_list_organizations_finish (AcClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, ac_client_list_organizations_async, error);
}
