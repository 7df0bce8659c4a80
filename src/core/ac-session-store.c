/* ac-session-store.c: the remembered session, kept in the Secret Service
 *
 * One item of our own schema holds the session: the token is the secret, and what it belongs
 * to (host, app id, user id, account) and its expiry are attributes. Everything goes through
 * libsecret's password API, which talks to the Secret Service on a desktop and to the secret
 * portal inside Flatpak. When neither is there, the session lives in memory only: there is
 * no plain-file fallback, on purpose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "ac-session-store"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ac-session-store.h"

struct _AcSessionStore
{
  GObject parent_instance;
};

G_DEFINE_TYPE (AcSessionStore, ac_session_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ac-session-store-error-quark, ac_session_store_error)

G_DEFINE_BOXED_TYPE (AcStoredSession, ac_stored_session,
                     ac_stored_session_copy, ac_stored_session_free)

#define ATTR_HOST       "host"
#define ATTR_APP_ID     "app-id"
#define ATTR_USER_ID    "user-id"
#define ATTR_ACCOUNT    "account"
#define ATTR_EXPIRES_AT "expires-at"
/* Every item carries it: a search has to match at least one attribute, and a later format
 * can use another value. */
#define ATTR_VERSION    "version"
#define FORMAT_VERSION  "1"

/* Tokens are JWTs; anything longer than this is not one of ours. */
#define MAX_TOKEN_LENGTH (64 * 1024)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    AC_SESSION_STORE_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { ATTR_HOST, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_APP_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_USER_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_ACCOUNT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_EXPIRES_AT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_VERSION, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
wipe_string (char *str)
{
  if (str != NULL)
    explicit_bzero (str, strlen (str));
}

/* AcStoredSession */

AcStoredSession *
ac_stored_session_new (const char *host,
                       const char *app_id,
                       const char *user_id,
                       const char *account,
                       const char *token,
                       GDateTime  *expires_at)
{
  AcStoredSession *session;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  session = g_new0 (AcStoredSession, 1);
  session->host = g_strdup (host);
  session->app_id = g_strdup (app_id ? app_id : "");
  session->user_id = g_strdup (user_id ? user_id : "");
  session->account = g_strdup (account ? account : "");
  session->token = g_strdup (token);
  session->expires_at = expires_at ? g_date_time_ref (expires_at) : NULL;

  return session;
}

AcStoredSession *
ac_stored_session_copy (const AcStoredSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return ac_stored_session_new (session->host, session->app_id, session->user_id,
                                session->account, session->token, session->expires_at);
}

void
ac_stored_session_free (AcStoredSession *session)
{
  if (session == NULL)
    return;

  g_free (session->host);
  g_free (session->app_id);
  g_free (session->user_id);
  g_free (session->account);
  wipe_string (session->token);
  g_free (session->token);
  g_clear_pointer (&session->expires_at, g_date_time_unref);
  g_free (session);
}

/* Errors */

gboolean
ac_session_store_error_is_unavailable (const GError *error)
{
  return g_error_matches (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE);
}

static gboolean
means_no_service (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_NO_NETWORK:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_UNKNOWN_METHOD:
        case G_DBUS_ERROR_UNKNOWN_OBJECT:
        case G_DBUS_ERROR_UNKNOWN_INTERFACE:
        case G_DBUS_ERROR_NOT_SUPPORTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* No session bus at all (g_bus_get() failing), or the connection closed under us. */
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  return FALSE;
}

/* Takes @error; returns it unchanged when it is a cancellation, otherwise one of ours. */
static GError *
map_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == AC_SESSION_STORE_ERROR)
    return error;

  if (means_no_service (error))
    {
      g_debug ("No Secret Service: %s", error->message);
      mapped = g_error_new (AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE,
                            _("No keyring is available: %s"), error->message);
    }
  else
    {
      mapped = g_error_new (AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_FAILED,
                            _("The keyring refused the request: %s"), error->message);
    }

  g_error_free (error);
  return mapped;
}

static void
return_mapped_error (GTask  *task,
                     GError *error)
{
  g_task_return_error (task, map_error (error));
}

/* Inside Flatpak libsecret keeps secrets through the secret portal, not the Secret Service
 * on the bus, so there is no default collection to look for. Mirrors libsecret's choice. */
static gboolean
uses_secret_service (void)
{
  const char *backend = g_getenv ("SECRET_BACKEND");

  if (backend != NULL)
    return g_strcmp0 (backend, "file") != 0;

  return !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Save */

typedef struct {
  GHashTable *attributes;
  char       *label;
  char       *token;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_free (data->label);
  wipe_string (data->token);
  g_free (data->token);
  g_free (data);
}

static void
save_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      return_mapped_error (task, error);
      return;
    }

  g_debug ("Session stored in the keyring");
  g_task_return_boolean (task, TRUE);
}

static void
save_cleared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, error);
      return;
    }

  secret_password_storev (get_schema (), data->attributes, SECRET_COLLECTION_DEFAULT,
                          data->label, data->token,
                          g_task_get_cancellable (task),
                          save_stored_cb, g_object_ref (task));
}

static void
save_clear_previous (GTask *task)
{
  g_autoptr(GHashTable) any = g_hash_table_new (g_str_hash, g_str_equal);

  secret_password_clearv (get_schema (), any, g_task_get_cancellable (task),
                          save_cleared_cb, g_object_ref (task));
}

static void
save_got_collection_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretCollection) collection = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, error);
      return;
    }

  /* A Secret Service with no default keyring would ask the person to create one, in a
   * prompt the app did not ask for (and that never ends on a headless machine). A desktop
   * whose keyring was set up at login has one; without it, keep the session in memory. */
  if (collection == NULL)
    {
      g_debug ("The Secret Service has no default keyring");
      g_task_return_new_error (task, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE,
                               "%s", _("No keyring is set up to keep the session in"));
      return;
    }

  save_clear_previous (task);
}

static void
save_got_service_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_mapped_error (task, error);
      return;
    }

  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               g_task_get_cancellable (task),
                               save_got_collection_cb, g_object_ref (task));
}

static gboolean
is_valid_token (const char *token)
{
  gsize len = strlen (token);

  if (len == 0 || len > MAX_TOKEN_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isgraph (token[i]))
        return FALSE;
    }

  return TRUE;
}

void
ac_session_store_save_async (AcSessionStore        *self,
                             const AcStoredSession *session,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (AC_IS_SESSION_STORE (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (session->host != NULL && session->token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_store_save_async);

  if (!is_valid_token (session->token))
    {
      g_task_return_new_error (task, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                               "%s", _("The session token is malformed"));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (data->attributes, (gpointer) ATTR_HOST, g_strdup (session->host));
  g_hash_table_insert (data->attributes, (gpointer) ATTR_APP_ID,
                       g_strdup (session->app_id ? session->app_id : ""));
  g_hash_table_insert (data->attributes, (gpointer) ATTR_USER_ID,
                       g_strdup (session->user_id ? session->user_id : ""));
  g_hash_table_insert (data->attributes, (gpointer) ATTR_ACCOUNT,
                       g_strdup (session->account ? session->account : ""));
  g_hash_table_insert (data->attributes, (gpointer) ATTR_EXPIRES_AT,
                       session->expires_at ? g_date_time_format_iso8601 (session->expires_at)
                                           : g_strdup (""));
  g_hash_table_insert (data->attributes, (gpointer) ATTR_VERSION, g_strdup (FORMAT_VERSION));
  /* Translators: the name of the keyring item, as Passwords and Keys shows it. The first
   * %s is the account (a user name or an e-mail address), the second the server address. */
  data->label = g_strdup_printf (_("Account Center session of %s at %s"),
                                 session->account && *session->account ? session->account
                                                                        : session->user_id,
                                 session->host);
  data->token = g_strdup (session->token);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  if (uses_secret_service ())
    secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable,
                        save_got_service_cb, g_steal_pointer (&task));
  else
    save_clear_previous (task);
}

gboolean
ac_session_store_save_finish (AcSessionStore *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (AC_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Load */

typedef struct {
  GHashTable *attributes;   /* of the chosen item */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_free (data);
}

static const char *
lookup_attribute (GHashTable *attributes,
                  const char *name)
{
  const char *value = g_hash_table_lookup (attributes, name);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;

  return value;
}

static AcStoredSession *
session_from_item (GHashTable   *attributes,
                   const char   *secret,
                   gsize         secret_len,
                   GError      **error)
{
  g_autofree char *token = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  const char *host = lookup_attribute (attributes, ATTR_HOST);
  const char *app_id = lookup_attribute (attributes, ATTR_APP_ID);
  const char *user_id = lookup_attribute (attributes, ATTR_USER_ID);
  const char *account = lookup_attribute (attributes, ATTR_ACCOUNT);
  const char *expiry = lookup_attribute (attributes, ATTR_EXPIRES_AT);
  AcStoredSession *session;

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                           _("The stored session names no server"));
      return NULL;
    }

  if (secret == NULL || secret_len == 0 || secret_len > MAX_TOKEN_LENGTH ||
      memchr (secret, '\0', secret_len) != NULL)
    {
      g_set_error_literal (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                           _("The stored session token is malformed"));
      return NULL;
    }

  token = g_strndup (secret, secret_len);
  if (!is_valid_token (token))
    {
      wipe_string (token);
      g_set_error_literal (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                           _("The stored session token is malformed"));
      return NULL;
    }

  if (expiry != NULL && *expiry != '\0')
    {
      expires_at = g_date_time_new_from_iso8601 (expiry, NULL);
      if (expires_at == NULL)
        {
          wipe_string (token);
          g_set_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                       _("The stored session has a malformed expiry “%s”"), expiry);
          return NULL;
        }
    }

  session = ac_stored_session_new (host, app_id, user_id, account, token, expires_at);
  wipe_string (token);

  return session;
}

static void
load_retrieved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  SecretValue *value;
  AcStoredSession *session;
  GError *error = NULL;
  const char *secret;
  gsize len = 0;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, error);
      return;
    }
  if (value == NULL)
    {
      g_task_return_new_error (task, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID,
                               "%s", _("The stored session has no token"));
      return;
    }

  secret = secret_value_get (value, &len);
  session = session_from_item (data->attributes, secret, len, &error);
  secret_value_unref (value);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify) ac_stored_session_free);
}

static void
load_searched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GList *items;
  SecretRetrievable *newest = NULL;
  GError *error = NULL;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, error);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;

      if (newest == NULL ||
          secret_retrievable_get_modified (item) > secret_retrievable_get_modified (newest))
        newest = item;
    }

  if (newest == NULL)
    {
      g_debug ("No stored session");
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  data->attributes = secret_retrievable_get_attributes (newest);
  secret_retrievable_retrieve_secret (newest, g_task_get_cancellable (task),
                                      load_retrieved_cb, g_object_ref (task));
  g_list_free_full (items, g_object_unref);
}

void
ac_session_store_load_async (AcSessionStore      *self,
                             const char          *host,
                             const char          *app_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (AC_IS_SESSION_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_store_load_async);
  g_task_set_task_data (task, g_new0 (LoadData, 1), (GDestroyNotify) load_data_free);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) ATTR_VERSION, (gpointer) FORMAT_VERSION);
  if (host != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTR_HOST, (gpointer) host);
  if (app_id != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTR_APP_ID, (gpointer) app_id);

  secret_password_searchv (get_schema (), attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                           cancellable, load_searched_cb, g_steal_pointer (&task));
}

AcStoredSession *
ac_session_store_load_finish (AcSessionStore *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (AC_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static void
clear_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, error);
      return;
    }

  g_debug (removed ? "Stored session removed" : "No stored session to remove");
  g_task_return_boolean (task, TRUE);
}

void
ac_session_store_clear_async (AcSessionStore      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) any = NULL;

  g_return_if_fail (AC_IS_SESSION_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_session_store_clear_async);

  any = g_hash_table_new (g_str_hash, g_str_equal);
  secret_password_clearv (get_schema (), any, cancellable,
                          clear_cleared_cb, g_steal_pointer (&task));
}

gboolean
ac_session_store_clear_finish (AcSessionStore *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (AC_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
ac_session_store_class_init (AcSessionStoreClass *klass)
{
}

static void
ac_session_store_init (AcSessionStore *self)
{
}

AcSessionStore *
ac_session_store_new (void)
{
  return g_object_new (AC_TYPE_SESSION_STORE, NULL);
}
