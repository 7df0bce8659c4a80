/* ac-session-store.h: the remembered session, kept in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The libsecret schema name of our items (one per remembered session). */
#define AC_SESSION_STORE_SCHEMA_NAME "io.github.accountcenter.AccountCenter.Session"

#define AC_SESSION_STORE_ERROR (ac_session_store_error_quark ())

/**
 * AcSessionStoreError:
 * @AC_SESSION_STORE_ERROR_UNAVAILABLE: there is no Secret Service (or no keyring set up in it):
 *   the session can only be kept in memory. Say so once; never fall back to a file.
 * @AC_SESSION_STORE_ERROR_INVALID: a stored item is malformed (it is ignored, not trusted)
 * @AC_SESSION_STORE_ERROR_FAILED: the Secret Service answered with another error
 */
typedef enum {
  AC_SESSION_STORE_ERROR_UNAVAILABLE,
  AC_SESSION_STORE_ERROR_INVALID,
  AC_SESSION_STORE_ERROR_FAILED,
} AcSessionStoreError;

GQuark ac_session_store_error_quark (void);

/* A session as it is stored: what it belongs to, and the token. The token is wiped from
 * memory when the struct is freed. expires_at may be NULL (unknown). */
typedef struct _AcStoredSession AcStoredSession;
struct _AcStoredSession {
  char      *host;
  char      *app_id;
  char      *user_id;
  char      *account;
  char      *token;
  GDateTime *expires_at;
};

#define AC_TYPE_STORED_SESSION (ac_stored_session_get_type ())

GType            ac_stored_session_get_type   (void) G_GNUC_CONST;
AcStoredSession *ac_stored_session_new        (const char      *host,
                                               const char      *app_id,
                                               const char      *user_id,
                                               const char      *account,
                                               const char      *token,
                                               GDateTime       *expires_at);
AcStoredSession *ac_stored_session_copy       (const AcStoredSession *session);
void             ac_stored_session_free       (AcStoredSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcStoredSession, ac_stored_session_free)

#define AC_TYPE_SESSION_STORE (ac_session_store_get_type ())

G_DECLARE_FINAL_TYPE (AcSessionStore, ac_session_store, AC, SESSION_STORE, GObject)

AcSessionStore  *ac_session_store_new         (void);

/* Replaces whatever session was stored before (one remembered session at a time). */
void             ac_session_store_save_async  (AcSessionStore        *self,
                                               const AcStoredSession *session,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean         ac_session_store_save_finish (AcSessionStore        *self,
                                               GAsyncResult          *result,
                                               GError               **error);

/* host and app_id may be NULL to match any. Finishes with NULL and no error when nothing is
 * stored (like secret_password_lookup_finish()). */
void             ac_session_store_load_async  (AcSessionStore        *self,
                                               const char            *host,
                                               const char            *app_id,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
AcStoredSession *ac_session_store_load_finish (AcSessionStore        *self,
                                               GAsyncResult          *result,
                                               GError               **error);

/* Removes every session of ours, whichever host or person it belonged to. */
void             ac_session_store_clear_async (AcSessionStore        *self,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean         ac_session_store_clear_finish (AcSessionStore       *self,
                                               GAsyncResult          *result,
                                               GError               **error);

gboolean         ac_session_store_error_is_unavailable (const GError *error);

G_END_DECLS
