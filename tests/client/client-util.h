/* client-util.h: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-client.h"
#include "ac-account.h"
#include "ac-test-emulator.h"

G_BEGIN_DECLS

/* Seconds to wait for any one operation before the test fails */
#define AWAIT_S 60

AcTestEmulator *start_emulator        (const char * const *extra_args);
char           *pool_path             (void);
AcClient       *client_for            (AcTestEmulator     *emulator);
AcClient       *signed_in_client      (AcTestEmulator     *emulator,
                                       const char         *account,
                                       const char         *password);
void            sign_in               (AcClient           *client,
                                       const char         *account,
                                       const char         *password,
                                       GError            **error);
AcUserInfo     *current_user          (AcClient           *client,
                                       GError            **error);

/* A recording proxy: a SoupServer on 127.0.0.1 port 0 that forwards every request to a
 * backend (an emulator's URL, which can be changed to another one between requests) and keeps
 * each exchange, with both bodies exactly as they went over the wire. It runs on the default
 * main context, like the client. */
typedef struct
{
  char   *method;
  char   *path;          /* with its query */
  guint   status;        /* 502 when the backend could not be reached */
  GBytes *request_body;
  GBytes *answer;
} ProxyExchange;

typedef struct _Proxy Proxy;

Proxy          *proxy_start           (const char         *backend_url);
const char     *proxy_get_url         (Proxy              *proxy);
void            proxy_set_backend     (Proxy              *proxy,
                                       const char         *backend_url);
/* (element-type ProxyExchange) (transfer none), oldest first */
GPtrArray      *proxy_get_exchanges   (Proxy              *proxy);
/* How many requests of @method went to exactly @path (the query ignored) */
guint           proxy_count           (Proxy              *proxy,
                                       const char         *method,
                                       const char         *path);
void            proxy_clear           (Proxy              *proxy);
void            proxy_free            (Proxy              *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

G_END_DECLS
