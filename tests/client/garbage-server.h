/* garbage-server.h: a tiny SoupServer that answers with garbage on purpose
 *
 * The client's host carries a path prefix that picks the behaviour: a client made by
 * garbage_client ("ok") asks http://127.0.0.1:PORT/ok/... and gets good answers, other modes
 * (see garbage_handler() in garbage-server.c) send truncated, wrongly shaped, oversized or
 * otherwise broken ones. Every request is recorded in `garbage` (the last one's method, path,
 * headers and body).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ac-client.h"

G_BEGIN_DECLS

typedef struct
{
  SoupServer         *server;
  char               *url;      /* http://127.0.0.1:PORT, no trailing slash */
  guint               n_requests;
  SoupMessageHeaders *last_headers;
  char               *last_method;
  char               *last_path;
  GBytes             *last_body;
} GarbageServer;

extern GarbageServer garbage;

/* Starts (and stops) the server on 127.0.0.1, port 0 */
void      garbage_start    (void);
void      garbage_stop     (void);
/* A client of the server's mode @mode (the first path element) */
AcClient *garbage_client   (const char *mode);
/* The server's handler, for a server of a test's own (e.g. with TLS) */
void      garbage_handler  (SoupServer        *server,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data);
/* An unsigned JWT whose `exp` claim is the JSON number @exp, written as it is */
char     *jwt_with_exp     (const char *exp);

G_END_DECLS
