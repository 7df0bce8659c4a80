/* ac-emu-server-private.h: what the route files of authing-emulator share
 *
 * Adding an area of endpoints (e.g. ac-emu-routes-devices.c):
 *
 *   1. In the new file, write handlers `static void handle_x (AcEmuRequest *req)` and a table
 *
 *        static const AcEmuRoute routes[] = {
 *          { "GET", "/api/v2/users/me/devices", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_x },
 *          { "POST", "/api/v2/devices/remove", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_y },
 *        };
 *
 *        void
 *        _ac_emu_routes_devices_register (AcEmuServer *self)
 *        {
 *          _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
 *        }
 *
 *   2. Declare `_ac_emu_routes_devices_register()` below and add it to `areas[]` at the top of
 *      ac-emu-server.c; add the file to src/emulator/meson.build.
 *
 * A pattern segment `*` matches any one non-empty segment (read it from `req->segments[i]`;
 * segment 0 is the empty string before the leading '/'). When several patterns match, the one
 * with the fewest `*` wins, so registration order does not matter. The dispatcher has already
 * checked the method (405 with `Allow` otherwise), the body limit (413), the JSON body (`req->body`
 * is an object, never NULL, for AC_EMU_BODY_JSON; strict RFC 8259, no string holds NUL) or the
 * multipart content type, the query string (no NUL, valid encoding), and for AC_EMU_ROUTE_AUTH
 * the token (`req->user_id`, `req->token`, `req->jti` are set). Values that name an id or a
 * key go through _ac_emu_check_key() (no control characters).
 *
 * A handler answers exactly once with one of the `_ac_emu_reply_*` functions (they also take
 * care of the GraphQL wrapping and the language). SQL lives in the store (ac-emu-store*.c),
 * not in handlers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ac-emu-messages.h"
#include "ac-emu-oidc.h"
#include "ac-emu-request.h"
#include "ac-emu-server.h"

G_BEGIN_DECLS


struct _AcEmuServer
{
  GObject parent_instance;

  AcEmuStore *store;
  AcEmuKeys *keys;
  AcEmuOptions options;
  SoupServer *server;
  struct _AcEmuGate *gate;  /* our listener in front of the SoupServer (ac-emu-gate.c) */
  char *base_url;
  GArray *routes;           /* of CompiledRoute (ac-emu-server.c) */
  FILE *request_log;        /* --request-log, or NULL */
  AcEmuOidc *oidc;          /* the OpenID provider (ac-emu-routes-oidc.c) */
};

typedef enum {
  AC_EMU_BODY_NONE,
  AC_EMU_BODY_JSON,
  AC_EMU_BODY_MULTIPART,
} AcEmuBodyKind;

typedef enum {
  AC_EMU_ROUTE_PUBLIC = 0,
  AC_EMU_ROUTE_AUTH = 1 << 0,       /* a valid token is required (2020 otherwise) */
  AC_EMU_ROUTE_NO_HEAD = 1 << 1,    /* a GET route that HEAD must not reach */
} AcEmuRouteFlags;

/* How a GraphQL answer reshapes what the REST handler produced */
typedef enum {
  AC_EMU_GQL_AS_IS,
  AC_EMU_GQL_USER,            /* the user plus identities and customData */
  AC_EMU_GQL_TOKEN,           /* refreshToken: {token, iat, exp} */
  AC_EMU_GQL_USER_ROLES,      /* {roles: {totalCount, list}} */
  AC_EMU_GQL_USER_RESOURCES,  /* {authorizedResources: {totalCount, list}} */
} AcEmuGqlShape;

typedef struct
{
  AcEmuServer *self;
  SoupServerMessage *msg;
  AcEmuLang lang;
  char *gql_field;          /* non-NULL: answer as GraphQL {"data": {gql_field: ...}} */
  AcEmuGqlShape gql_shape;
  const char *path;
  char **segments;          /* path split on '/' */
  const char *raw_query;    /* the query string as sent (still percent-encoded), or NULL */
  GHashTable *query;        /* decoded query string (set before a handler runs), may be NULL */
  JsonObject *body;         /* for AC_EMU_BODY_JSON routes, never NULL there */
  JsonNode *body_node;
  char *user_id;            /* authenticated routes */
  char *token;
  char *jti;
  gint64 token_iat;
  gint64 token_exp;
} AcEmuRequest;

typedef void (*AcEmuRouteFunc) (AcEmuRequest *req);

typedef struct
{
  const char *method;
  const char *pattern;      /* '*' matches one path segment */
  AcEmuBodyKind body;
  AcEmuRouteFlags flags;
  AcEmuRouteFunc func;
} AcEmuRoute;

/* Routing (ac-emu-server.c). The table must outlive the server (a static array). */
void         _ac_emu_server_add_routes       (AcEmuServer        *self,
                                              const AcEmuRoute   *routes,
                                              guint               n_routes);

/* The areas; each registers its routes (called from ac_emu_server_new()) */
void         _ac_emu_routes_auth_register      (AcEmuServer *self);
void         _ac_emu_routes_profile_register   (AcEmuServer *self);
void         _ac_emu_routes_directory_register (AcEmuServer *self);
void         _ac_emu_routes_security_register (AcEmuServer *self);  /* ac-emu-routes-security.c, -mfa.c */
void         _ac_emu_graphql_register          (AcEmuServer *self);
void         _ac_emu_routes_oidc_register      (AcEmuServer *self);

/* The second half of the REST token check: an id_token or access token of the OpenID provider
 * (ac-emu-routes-oidc.c); *out_sid is the row of `tokens` the token belongs to */
gboolean     _ac_emu_oidc_authenticate         (AcEmuServer  *self,
                                                const char   *token,
                                                char        **out_user_id,
                                                char        **out_sid,
                                                gint64       *out_iat,
                                                gint64       *out_exp);

/* Responses (ac-emu-server.c). Each takes ownership of `data` (NULL answers null). */
void         _ac_emu_reply_json              (AcEmuRequest       *req,
                                              guint               status,
                                              JsonNode           *node);
void         _ac_emu_reply_envelope          (AcEmuRequest       *req,
                                              guint               status,
                                              int                 code,
                                              const char         *message,
                                              JsonNode           *data);
void         _ac_emu_reply_ok                (AcEmuRequest       *req,
                                              AcEmuMsg            message,
                                              JsonNode           *data);
void         _ac_emu_reply_ok_object         (AcEmuRequest       *req,
                                              AcEmuMsg            message,
                                              JsonObject         *object);
void         _ac_emu_reply_ok_array          (AcEmuRequest       *req,
                                              AcEmuMsg            message,
                                              JsonArray          *array);
/* Success with data given as JSON text (taken; must be valid JSON): for large answers */
void         _ac_emu_reply_ok_text           (AcEmuRequest       *req,
                                              AcEmuMsg            message,
                                              GString            *data_json);
/* A business error: HTTP 200 and a non-200 code */
void         _ac_emu_reply_error             (AcEmuRequest       *req,
                                              int                 code,
                                              AcEmuMsg            message);
/* A validation error: HTTP 200, code 400, a message naming the field (taken) */
void         _ac_emu_reply_invalid           (AcEmuRequest       *req,
                                              char               *message);
/* A protocol error: HTTP status and code alike */
void         _ac_emu_reply_http_error        (AcEmuRequest       *req,
                                              guint               status,
                                              AcEmuMsg            message);
/* HTTP 500 after a failed store call (logged; rolls back an open transaction) */
void         _ac_emu_reply_internal          (AcEmuRequest       *req,
                                              GError             *error);

/* Request helpers (ac-emu-server.c) */
gboolean     _ac_emu_authenticate            (AcEmuRequest       *req);
const char  *_ac_emu_query_get               (AcEmuRequest       *req,
                                              const char         *name);
/* An optional positive integer parameter; replies 400 and returns FALSE when malformed */
gboolean     _ac_emu_query_int               (AcEmuRequest       *req,
                                              const char         *name,
                                              gint64              fallback,
                                              gint64              max,
                                              gint64             *out);
/* An optional (or required) string member of the JSON body; replies 400 and returns FALSE
 * when it is there but not a string (null counts as absent) */
gboolean     _ac_emu_body_string             (AcEmuRequest       *req,
                                              const char         *member,
                                              gboolean            required,
                                              const char        **out);
/* Refuses (code 400 naming `name`) a value that names an id or a key and holds a control
 * character; returns FALSE after replying. NULL passes. */
gboolean     _ac_emu_check_key               (AcEmuRequest       *req,
                                              const char         *name,
                                              const char         *value);
/* Replaces the request body (takes the object) */
void         _ac_emu_request_set_body        (AcEmuRequest       *req,
                                              JsonObject         *body);
char        *_ac_emu_request_host_port       (AcEmuRequest       *req);
char        *_ac_emu_request_base_url        (AcEmuRequest       *req);
char        *_ac_emu_get_meta                (AcEmuRequest       *req,
                                              const char         *key);

/* Shared handlers (called by GraphQL too) */
void         _ac_emu_handle_login            (AcEmuRequest       *req);
void         _ac_emu_handle_refresh_token    (AcEmuRequest       *req);
void         _ac_emu_handle_me               (AcEmuRequest       *req);
void         _ac_emu_handle_profile_update   (AcEmuRequest       *req);
void         _ac_emu_handle_udfs_values_set  (AcEmuRequest       *req);
void         _ac_emu_handle_roles            (AcEmuRequest       *req);
void         _ac_emu_handle_resources        (AcEmuRequest       *req);
/* The caller's user object (authing-api.md §4.2), with token/tokenExpiredAt when token is set */
JsonObject  *_ac_emu_user_json               (AcEmuRequest       *req,
                                              const char         *token,
                                              gint64              token_exp,
                                              GError            **error);
void         _ac_emu_reply_user              (AcEmuRequest       *req,
                                              AcEmuMsg            message,
                                              const char         *token,
                                              gint64              token_exp);
/* targetType must be USER and targetId (when given) the caller's own id; replies otherwise */
gboolean     _ac_emu_check_target            (AcEmuRequest       *req,
                                              const char         *target_type,
                                              const char         *target_id);
/* The custom values of the caller (for GraphQL only those with a value) */
JsonArray   *_ac_emu_custom_values_json      (AcEmuRequest       *req,
                                              GError            **error);

/* GraphQL (ac-emu-graphql.c): the answer for a request that came through /graphql/v2 */
void         _ac_emu_graphql_reply           (AcEmuRequest       *req,
                                              guint               status,
                                              int                 code,
                                              const char         *message,
                                              JsonNode           *data);

G_END_DECLS
