/* ac-session-private.h: what ac-session.c (state, the open session, its end),
 * ac-session-sign-in.c (opening one) and ac-session-expiry.c (expiry, waiting, reloading)
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-session.h"

G_BEGIN_DECLS

/* What the first load reads: the user came with the answer that opened the session. */
#define FIRST_LOAD_PARTS (AC_ACCOUNT_ALL_PARTS & ~AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_USER))

struct _AcSession
{
  GObject          parent_instance;

  AcSessionState   state;
  AcClient        *client;
  AcAccount       *account;
  gboolean         remember;
  gboolean         resuming;
  char            *account_name;
  GError          *error;

  /* Opening a session */
  guint            attempt;          /* serial of the current sign-in or resumption */
  AcClient        *pending_client;   /* signing in, or waiting for the second factor */
  AcClient        *warm_client;      /* connected ahead, for the next password sign-in */
  AcAccount       *warm_account;     /* the account a session with that client fills (made
                                      * with it, so that its view can be built ahead) */
  char            *warm_host;        /* what it was made for */
  char            *warm_app_id;
  gboolean         pending_remember;
  GCancellable    *attempt_cancellable;

  /* The open session */
  GCancellable    *session_cancellable;
  gboolean         loaded;           /* the first load ended (ready was reached) */
  gboolean         loading;          /* the first load is on its way */
  gboolean         load_again;       /* it failed on the expiry: load again once signed in */
  GCancellable    *reauth_cancellable;
  gboolean         reauth_given_up;
  GQueue           waiters;          /* GTask of ac_session_wait_ready_async() */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_REMEMBER,
  PROP_ACCOUNT_NAME,
  PROP_RESUMING,
  PROP_ERROR,
  N_PROPS
};

enum {
  REAUTHENTICATION_NEEDED,
  LOAD_FAILED,
  N_SIGNALS
};

extern GParamSpec *_ac_session_properties[N_PROPS];
extern guint _ac_session_signals[N_SIGNALS];

typedef struct
{
  guint  attempt;
  char  *account_name;
  char  *user_id;        /* signing in again: who was signed in */
} Attempt;

void      _ac_session_set_state        (AcSession      *self,
                                        AcSessionState  state);
void      _ac_session_set_error        (AcSession      *self,
                                        const GError   *error);
void      _ac_session_set_account_name (AcSession      *self,
                                        const char     *account_name);
void      _ac_session_set_resuming     (AcSession      *self,
                                        gboolean        resuming);
void      _ac_session_set_remember     (AcSession      *self,
                                        gboolean        remember);
gboolean  _ac_session_is_open          (AcSession      *self);
void      _ac_session_flush_waiters    (AcSession      *self,
                                        const GError   *error);
void      _ac_session_fail_waiters     (AcSession      *self);
void      _ac_session_drop_attempt     (AcSession      *self);
void      _ac_session_wipe             (AcSession      *self);
void      _ac_session_open_session     (AcSession      *self,
                                        AcClient       *client,
                                        const char     *account_name,
                                        gboolean        remember);
void      _ac_session_start_first_load (AcSession      *self);
GTask    *_ac_session_attempt_task_new (AcSession           *self,
                                        gpointer             source_tag,
                                        const char          *account_name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);

/* ac-session-device.c */
AcClient *_ac_session_take_client      (AcSession      *self,
                                         const char     *host,
                                         const char     *app_id);
void      _ac_session_prepare_client   (AcSession      *self,
                                        AcClient       *client);
void      _ac_session_register_device  (AcSession      *self);

G_END_DECLS
