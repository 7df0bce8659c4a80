/* ac-client-private.h: what the files of AcClient share (not installed, not for other classes)
 *
 * AcClient is one object split along its seams:
 *
 *   ac-client.c            the object: properties, construction, the session state setters
 *   ac-client-transport.c  the SoupSession: sending, answers turned into data or AC_ERROR, the
 *                          size caps, the traffic log (secrets hidden by ac-client-redact.c)
 *   ac-client-session.c    signing in and out, the token's lifecycle (refresh ahead of expiry,
 *                          session expired), the public configuration
 *   ac-client-profile.c    users/me, profile update, custom fields, avatar upload, deletion
 *   ac-client-directory.c  applications, organizations, roles, resources, security level
 *
 * Adding a file of operations (security, devices, OIDC, ...): include this header, add the file
 * to src/core/meson.build, and write each operation like the existing ones:
 *
 *   void
 *   ac_client_thing_async (AcClient *self, ..., GCancellable *cancellable,
 *                          GAsyncReadyCallback callback, gpointer user_data)
 *   {
 *     GTask *task = g_task_new (self, cancellable, callback, user_data);
 *
 *     g_task_set_source_tag (task, ac_client_thing_async);
 *     _ac_client_request_json (self, "POST", "/api/v2/thing", body,
 *                              AC_CLIENT_REQUEST_AUTH, AC_CLIENT_ANSWER_SMALL,
 *                              cancellable, thing_cb, task);
 *   }
 *
 *   static void
 *   thing_cb (GObject *object, GAsyncResult *result, gpointer user_data)
 *   {
 *     g_autoptr(GTask) task = user_data;
 *     g_autoptr(JsonNode) data = _ac_client_request_finish_task (AC_CLIENT (object), result, task);
 *
 *     if (data == NULL)
 *       return;            (the error, already in AC_ERROR, was returned on @task)
 *     ...                  (or _ac_client_return_model () / _ac_client_items_from_data ())
 *   }
 *
 *   ThingType *
 *   ac_client_thing_finish (AcClient *self, GAsyncResult *result, GError **error)
 *   {
 *     return _ac_client_task_finish_pointer (self, result, ac_client_thing_async, error);
 *   }
 *
 * An operation whose answer can be big (tens of megabytes: organizations, resources) builds its
 * result with _ac_client_build_in_thread() instead, so neither the building nor the freeing of
 * the JSON tree stalls the main loop; the transport already parses answers over 256 KiB in a
 * worker thread.
 *
 * The transport has by then mapped every failure to AC_ERROR, refreshed a token about to expire
 * before sending, and ended the session on a 2020 answered to the current token. Secrets in
 * bodies, queries and headers are hidden from the traffic log by their names (see
 * ac-client-redact.c: add a name there if a new operation sends a secret under a new one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ac-client.h"
#include "ac-json.h"

G_BEGIN_DECLS

typedef enum
{
  AC_CLIENT_REQUEST_AUTH       = 1 << 0, /* sends the token, 2020 means the session expired */
  AC_CLIENT_REQUEST_BARE_ARRAY = 1 << 1, /* a bare JSON array is a successful answer */
  AC_CLIENT_REQUEST_NO_REFRESH = 1 << 2, /* never refresh ahead for this one */
  AC_CLIENT_REQUEST_UPLOAD     = 1 << 3, /* refusals are AC_ERROR_UPLOAD_FAILED */
  AC_CLIENT_REQUEST_MFA_TOKEN  = 1 << 4, /* sends the pending mfaToken (ac-client-security.c) */
  AC_CLIENT_REQUEST_ENVELOPE   = 1 << 5, /* success gives the whole envelope, not its data */
  AC_CLIENT_REQUEST_DEVICE_ID  = 1 << 6, /* a sign-in: sends x-authing-device-id when set */
} AcClientRequestFlags;

/* What an answer holds, for its size cap (answers are read into memory, so a broken or hostile
 * server must not be able to exhaust it) and for the words of the error when the cap is hit
 * (AC_ERROR_TOO_LARGE). The caps are far above what a real account needs: a membership in the
 * organizations answer repeats its whole path from the root, about 2 KB, so 16 MiB already
 * failed at about 7,700 departments; 256 MiB holds over 100,000. */
typedef enum
{
  AC_CLIENT_ANSWER_SMALL,         /*   1 MiB: configuration, key, confirmations, security level */
  AC_CLIENT_ANSWER_USER,          /*   4 MiB: the user (sign-in, refresh, users/me, profile) */
  AC_CLIENT_ANSWER_CUSTOM_FIELDS, /*  16 MiB */
  AC_CLIENT_ANSWER_APPLICATIONS,  /*  16 MiB: one page of at most 1000 */
  AC_CLIENT_ANSWER_ROLES,         /*  64 MiB */
  AC_CLIENT_ANSWER_ORGANIZATIONS, /* 256 MiB */
  AC_CLIENT_ANSWER_RESOURCES,     /* 256 MiB */
} AcClientAnswerKind;

struct _AcClient
{
  GObject        parent_instance;

  SoupSession   *session;
  GTlsDatabase  *tls_database;

  char          *host;
  char          *base_url;        /* scheme://host[:port][/path], no trailing slash, or NULL */
  char          *app_id;
  char          *user_pool_id;
  char          *lang;
  char          *device_id;       /* x-authing-device-id at sign-in, or NULL */
  guint          timeout;
  gboolean       auto_refresh;
  gboolean       log_traffic;     /* G_MESSAGES_DEBUG covers us: bodies are logged, redacted */

  /* The session */
  char          *token;
  GDateTime     *token_expires_at;
  gint64         token_received_us; /* real time when the token was set */
  guint          session_serial;  /* changes whenever the token changes */
  AcUserInfo    *user;

  guint          refresh_source;
  gboolean       refreshing;
  GPtrArray     *refresh_waiters; /* GTask: requests and refresh_token calls */

  struct _AcClientMfa *mfa;       /* a pending two-step sign-in (ac-client-security.c) */
};

/* ac-client.c: the session state (with its property notifications) */
void        _ac_client_set_user              (AcClient              *self,
                                              AcUserInfo            *user);
void        _ac_client_set_token             (AcClient              *self,
                                              const char            *token,
                                              GDateTime             *expires_at);
void        _ac_client_expire_session        (AcClient              *self);

/* ac-client-transport.c: the SoupSession */
void        _ac_client_transport_setup       (AcClient              *self);
void        _ac_client_apply_tls_database    (AcClient              *self);

void        _ac_client_request_full          (AcClient              *self,
                                              const char            *method,
                                              const char            *path,
                                              GBytes                *body,
                                              const char            *content_type,
                                              AcClientRequestFlags   flags,
                                              AcClientAnswerKind     kind,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
void        _ac_client_request_json          (AcClient              *self,
                                              const char            *method,
                                              const char            *path,
                                              JsonNode              *body,
                                              AcClientRequestFlags   flags,
                                              AcClientAnswerKind     kind,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
/* A GET whose answer's `data` is a big array: its elements go to @func as they are parsed
 * (ac_json_parse_streaming(), in a worker thread for a big answer); the request's answer is
 * then the envelope's `data` emptied. */
void        _ac_client_request_streamed      (AcClient              *self,
                                              const char            *path,
                                              AcClientRequestFlags   flags,
                                              AcClientAnswerKind     kind,
                                              AcJsonElementFunc      func,
                                              gpointer               func_data,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
JsonNode   *_ac_client_request_finish        (AcClient              *self,
                                              GAsyncResult          *result,
                                              GError               **error);
JsonNode   *_ac_client_request_finish_task   (AcClient              *self,
                                              GAsyncResult          *result,
                                              GTask                 *task);
gboolean    _ac_client_request_resume        (GTask                 *task);
gsize       _ac_client_answer_cap            (AcClientAnswerKind     kind);

gpointer    _ac_client_task_finish_pointer   (AcClient              *self,
                                              GAsyncResult          *result,
                                              gpointer               source_tag,
                                              GError               **error);
gboolean    _ac_client_task_finish_boolean   (AcClient              *self,
                                              GAsyncResult          *result,
                                              gpointer               source_tag,
                                              GError               **error);

/* Reading answers */
const char *_ac_client_object_get_string     (JsonObject            *object,
                                              const char            *member);
gboolean    _ac_client_object_get_int        (JsonObject            *object,
                                              const char            *member,
                                              gint64                *value);
gboolean    _ac_client_check_shape           (AcClient              *self,
                                              JsonNode              *data,
                                              JsonNodeType           shape,
                                              GError               **error);

/* A model's constructor ac_…_new_from_json(), from a JsonObject or a JsonArray */
typedef gpointer (*AcClientModelFromJson) (gpointer json, GError **error);
/* A list item's constructor, from a JsonObject */
typedef gpointer (*AcClientItemFromJson)  (JsonObject *object, GError **error);

gpointer    _ac_client_model_from_data       (AcClient              *self,
                                              JsonNode              *data,
                                              JsonNodeType           shape,
                                              AcClientModelFromJson  model_new,
                                              const char            *bad_format,
                                              GError               **error) G_GNUC_PRINTF (5, 0);
void        _ac_client_return_model          (AcClient              *self,
                                              GAsyncResult          *result,
                                              GTask                 *task,
                                              JsonNodeType           shape,
                                              AcClientModelFromJson  model_new,
                                              const char            *bad_format) G_GNUC_PRINTF (6, 0);
/* Makes an operation's result from the answer's data, in a worker thread */
typedef gpointer (*AcClientBuildFunc)     (AcClient *self, JsonNode *data, gpointer build_data,
                                           GError **error);

void        _ac_client_build_in_thread       (AcClient              *self,
                                              GTask                 *task,
                                              JsonNode              *data,
                                              AcClientBuildFunc      build_func,
                                              gpointer               build_data,
                                              GDestroyNotify         build_data_free,
                                              GDestroyNotify         result_free);
GPtrArray  *_ac_client_items_from_data       (AcClient              *self,
                                              JsonNode              *data,
                                              AcClientItemFromJson   item_from_json,
                                              guint                 *total_count,
                                              GError               **error);

/* ac-client-devices.c: the AC_ERROR code of a v3 answer whose statusCode is not 200 */
gint64      _ac_client_v3_error_code         (JsonObject            *envelope,
                                              gint64                 status_code);

/* ac-client-session.c: the token's lifecycle */
char       *_ac_client_user_id               (AcClient              *self);
gboolean    _ac_client_token_needs_refresh   (AcClient              *self);
void        _ac_client_schedule_refresh      (AcClient              *self);
void        _ac_client_start_refresh         (AcClient              *self);
/* ac-client-keys.c: the public keys of the servers, kept for the whole process and in the cache
 * folder; tests may forget them */
char       *_ac_client_keys_lookup           (const char            *base_url);
void        _ac_client_keys_keep             (const char            *base_url,
                                              const char            *key);
void        _ac_client_keys_forget           (const char            *base_url,
                                              const char            *key);
void        _ac_client_forget_public_keys    (void);
/* The kept key of this client's server (transfer full, nullable); keep one that worked;
 * forget one that was refused (only if it still is the kept one) */
char       *_ac_client_public_key_lookup     (AcClient              *self);
void        _ac_client_public_key_keep       (AcClient              *self,
                                              const char            *key);
void        _ac_client_public_key_forget     (AcClient              *self,
                                              const char            *key);
/* Takes the token, its expiry and the user of a session answer (sign-in, refresh, second step) */
AcUserInfo *_ac_client_accept_session_user   (AcClient              *self,
                                              JsonNode              *data,
                                              GError               **error);

/* ac-client-security.c: the two-step sign-in */
/* A 1635/1636 answered to a sign-in (path under /api/v2/login/): keeps the mfaToken and the
 * challenge, returns the AC_ERROR_MFA_REQUIRED error; NULL for any other answer */
GError     *_ac_client_mfa_required          (AcClient              *self,
                                              const char            *path,
                                              gint64                 code,
                                              JsonNode              *root);
/* The pending mfaToken, or NULL */
const char *_ac_client_mfa_token             (AcClient              *self);
void        _ac_client_mfa_free              (struct _AcClientMfa   *mfa);

G_END_DECLS
