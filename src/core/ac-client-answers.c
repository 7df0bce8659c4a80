/* ac-client-answers.c: AcClient's answers turned into results: the _finish() checks, the
 * envelope's `data` read as one model or as a list, and models built off the main thread
 *
 * Transport (ac-client-transport.c) hands each operation the envelope's `data`; the operation
 * files (ac-client-session.c, -profile.c, -directory.c, ...) use these helpers to check its shape
 * and turn it into their model objects, so that every operation refuses a wrongly shaped answer
 * the same way (AC_ERROR_INVALID_RESPONSE, with what was expected).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ac-client-private.h"
#include "ac-json.h"

/* ------------------------------------------------------------------------------------------ */
/* Reading answers                                                                            */

const char *
_ac_client_object_get_string (JsonObject *object,
                              const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* An integer member. A number written with a fraction or an exponent (`1e3`) counts when it is
 * a whole number that fits in 64 bits; anything else (`1e300`, `2.5`) is not an integer: the
 * conversion of an out-of-range double would be undefined behaviour. */
gboolean
_ac_client_object_get_int (JsonObject *object,
                           const char *member,
                           gint64     *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || !json_object_has_member (object, member))
    return FALSE;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (node);

      /* -2^63 and 2^63 are exact doubles; [-2^63, 2^63) is what fits */
      if (!isfinite (number) || number != floor (number) ||
          number < -9223372036854775808.0 || number >= 9223372036854775808.0)
        return FALSE;

      *value = (gint64) number;
      return TRUE;
    }

  return FALSE;
}

/* The checks and result of an AcClient _finish(): @result must be a task of @self started
 * by the function @source_tag. */
gpointer
_ac_client_task_finish_pointer (AcClient      *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_ac_client_task_finish_boolean (AcClient      *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

JsonNode *
_ac_client_request_finish (AcClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return _ac_client_task_finish_pointer (self, result, _ac_client_request_full, error);
}

/* _ac_client_request_finish() in a callback that owns @task: on failure the error is returned on @task,
 * and %NULL comes back. */
JsonNode *
_ac_client_request_finish_task (AcClient     *self,
                                GAsyncResult *result,
                                GTask        *task)
{
  GError *error = NULL;
  JsonNode *data = _ac_client_request_finish (self, result, &error);

  if (data == NULL)
    g_task_return_error (task, error);

  return data;
}

/* Whether the answer @data is a JSON object or array, as @shape says. */
gboolean
_ac_client_check_shape (AcClient      *self,
                        JsonNode      *data,
                        JsonNodeType   shape,
                        GError       **error)
{
  if (json_node_get_node_type (data) == shape)
    return TRUE;

  g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
               _("%s sent an answer of an unexpected shape"), self->host);
  return FALSE;
}

/* The format of these two is checked at their callers (G_GNUC_PRINTF in the header). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* Builds a model from the answer @data, which must have @shape, with @model_new. When that
 * fails, the error is %AC_ERROR_INVALID_RESPONSE with the message @bad_format (translated, one
 * `%s` for the reason). */
gpointer
_ac_client_model_from_data (AcClient               *self,
                            JsonNode               *data,
                            JsonNodeType            shape,
                            AcClientModelFromJson   model_new,
                            const char             *bad_format,
                            GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer json;
  gpointer model;

  if (!_ac_client_check_shape (self, data, shape, error))
    return NULL;

  if (shape == JSON_NODE_OBJECT)
    json = json_node_get_object (data);
  else
    json = json_node_get_array (data);

  model = model_new (json, &local_error);
  if (model == NULL)
    g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE, bad_format,
                 local_error != NULL ? local_error->message : "?");

  return model;
}

/* The whole of a callback whose answer is one model (a #GObject): _ac_client_request_finish_task(), then
 * _ac_client_model_from_data(), and the model or the error returned on @task. */
void
_ac_client_return_model (AcClient              *self,
                         GAsyncResult          *result,
                         GTask                 *task,
                         JsonNodeType           shape,
                         AcClientModelFromJson  model_new,
                         const char            *bad_format)
{
  g_autoptr(JsonNode) data = _ac_client_request_finish_task (self, result, task);
  GError *error = NULL;
  gpointer model;

  if (data == NULL)
    return;

  model = _ac_client_model_from_data (self, data, shape, model_new, bad_format, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

#pragma GCC diagnostic pop

/* Building models off the main thread ------------------------------------------------------ */

typedef struct
{
  AcClient             *self;          /* not a reference: the operation's task holds one */
  JsonNode             *data;
  AcClientBuildFunc     build;
  gpointer              build_data;
  GDestroyNotify        build_data_free;
  GDestroyNotify        result_free;
} Build;

static void
build_free (Build *build)
{
  g_clear_pointer (&build->data, json_node_unref);
  if (build->build_data_free != NULL)
    g_clear_pointer (&build->build_data, build->build_data_free);
  g_free (build);
}

static void
build_thread (GTask        *build_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  GError *error = NULL;
  gpointer result;

  result = build->build (build->self, build->data, build->build_data, &error);
  /* the tree of a big answer takes long to free too: here, not on the main thread */
  g_clear_pointer (&build->data, json_node_unref);

  if (result == NULL)
    g_task_return_error (build_task, error);
  else
    g_task_return_pointer (build_task, result, build->result_free);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Build *build = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gpointer built;

  built = g_task_propagate_pointer (G_TASK (result), &error);
  if (built == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, built, build->result_free);
}

/**
 * _ac_client_build_in_thread:
 * @self: the client
 * @task: (transfer full): the operation's task, which gets the result
 * @data: (transfer full): the answer's data
 * @build: makes the result from @data in a worker thread; it may read @self's host (for
 *   messages) and nothing else of it
 * @result_free: frees the result
 *
 * Builds what an operation returns (a forest, a list of models) from a big answer in a worker
 * thread, and frees @data there too, so that neither stalls the main loop.
 */
void
_ac_client_build_in_thread (AcClient          *self,
                            GTask             *task,
                            JsonNode          *data,
                            AcClientBuildFunc  build_func,
                            gpointer           build_data,
                            GDestroyNotify     build_data_free,
                            GDestroyNotify     result_free)
{
  /* No source object: the last reference to a task may be dropped in the worker, and the
   * client must never be finalized there (@task holds it until built_cb). */
  g_autoptr(GTask) build_task = g_task_new (NULL, NULL, built_cb, task);
  Build *build = g_new0 (Build, 1);

  build->self = self;
  build->data = data;
  build->build = build_func;
  build->build_data = build_data;
  build->build_data_free = build_data_free;
  build->result_free = result_free;
  g_task_set_source_tag (build_task, _ac_client_build_in_thread);
  g_task_set_task_data (build_task, build, (GDestroyNotify) build_free);
  g_task_run_in_thread (build_task, build_thread);
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing lists                                                                              */

static GPtrArray *
items_from_array (AcClient              *self,
                  JsonArray             *array,
                  AcClientItemFromJson   item_from_json,
                  GError               **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       _("%s sent an answer of an unexpected shape"), self->host);
          return NULL;
        }

      item = item_from_json (json_node_get_object (node), &local_error);
      if (item == NULL)
        {
          g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                       /* Translators: %s is the reason */
                       _("The server sent an item that could not be read: %s"),
                       local_error != NULL ? local_error->message : "?");
          return NULL;
        }

      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/* `data` as a list: a bare array, or {list: [...], totalCount: n} */
GPtrArray *
_ac_client_items_from_data (AcClient              *self,
                            JsonNode              *data,
                            AcClientItemFromJson   item_from_json,
                            guint                 *total_count,
                            GError               **error)
{
  GPtrArray *items;
  JsonArray *array = NULL;
  gint64 total = -1;

  if (JSON_NODE_HOLDS_ARRAY (data))
    {
      array = json_node_get_array (data);
    }
  else if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *object = json_node_get_object (data);
      JsonNode *list = json_object_get_member (object, "list");

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        array = json_node_get_array (list);
      if (!_ac_client_object_get_int (object, "totalCount", &total))
        total = -1;
    }

  if (array == NULL)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   _("%s sent an answer of an unexpected shape"), self->host);
      return NULL;
    }

  items = items_from_array (self, array, item_from_json, error);
  if (items != NULL && total_count != NULL)
    *total_count = total >= 0 && total <= G_MAXUINT ? (guint) total : items->len;

  return items;
}

