/* test-session-store.c: AcSessionStore against a real Secret Service, and without one
 *
 * Run through keyring-env, which sets AC_KEYRING to the situation it prepared:
 *   private      a private gnome-keyring with an unlocked login keyring
 *   none         a session bus on which no Secret Service can be started
 *   activatable  gnome-keyring can be started, but no keyring is set up
 *   nobus        no session bus at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "ac-session-store.h"
#include "session-test-util.h"

#define TIMEOUT 30

/* Looks like a JWT; never used anywhere else, so a search for it finds only our copies. */
#define TOKEN_A "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LWEifQ.c2Vzc2lvbi1zdG9yZS10ZXN0LXRva2VuLWE"
#define TOKEN_B "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LWIifQ.c2Vzc2lvbi1zdG9yZS10ZXN0LXRva2VuLWI"

static const SecretSchema *
our_schema (void)
{
  static const SecretSchema schema = {
    AC_SESSION_STORE_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "app-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "expires-at", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "version", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

static gboolean
save (AcSessionStore  *store,
      AcStoredSession *session,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_store_save_async (store, session, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  return ac_session_store_save_finish (store, result, error);
}

static AcStoredSession *
load (AcSessionStore *store,
      const char     *host,
      const char     *app_id,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_store_load_async (store, host, app_id, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  return ac_session_store_load_finish (store, result, error);
}

static gboolean
clear (AcSessionStore *store,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_session_store_clear_async (store, NULL, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  return ac_session_store_clear_finish (store, result, error);
}

static AcStoredSession *
session_a (void)
{
  g_autoptr(GDateTime) expiry = g_date_time_new_utc (2026, 12, 12, 8, 30, 15);

  return ac_stored_session_new ("http://127.0.0.1:4567", "app-alpha", "user-0001",
                                "alice@example.com", TOKEN_A, expiry);
}

static AcStoredSession *
session_b (void)
{
  return ac_stored_session_new ("https://b.example.org", "app-beta", "user-0002",
                                "bob", TOKEN_B, NULL);
}

/* How many items of our schema the Secret Service holds, and that none carries a token in
 * its (unencrypted, visible to anyone) attributes. */
static guint
count_our_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) any = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  guint n;

  /* Everything of our schema, whatever its format version. */
  g_hash_table_insert (any, (gpointer) "xdg:schema", (gpointer) AC_SESSION_STORE_SCHEMA_NAME);

  items = secret_service_search_sync (NULL, NULL, any, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);

  n = g_list_length (items);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);
      GHashTableIter iter;
      const char *value;

      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &value))
        {
          g_assert_null (strstr (value, TOKEN_A));
          g_assert_null (strstr (value, TOKEN_B));
        }
    }
  g_list_free_full (items, g_object_unref);

  return n;
}

static void
assert_no_token_under_home (void)
{
  g_auto(GStrv) a = st_find_files_containing (g_get_home_dir (), TOKEN_A);
  g_auto(GStrv) b = st_find_files_containing (g_get_home_dir (), TOKEN_B);

  if (a[0] != NULL)
    g_error ("The token is in %s", a[0]);
  if (b[0] != NULL)
    g_error ("The token is in %s", b[0]);
}

static void
assert_same_session (const AcStoredSession *got,
                     const AcStoredSession *want)
{
  g_assert_nonnull (got);
  g_assert_cmpstr (got->host, ==, want->host);
  g_assert_cmpstr (got->app_id, ==, want->app_id);
  g_assert_cmpstr (got->user_id, ==, want->user_id);
  g_assert_cmpstr (got->account, ==, want->account);
  g_assert_cmpstr (got->token, ==, want->token);
  if (want->expires_at == NULL)
    g_assert_null (got->expires_at);
  else
    {
      g_assert_nonnull (got->expires_at);
      g_assert_true (g_date_time_equal (got->expires_at, want->expires_at));
    }
}

static void
reset_keyring (AcSessionStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clear (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_our_items (), ==, 0);
}

/* private */

static void
test_round_trip (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(AcStoredSession) none = NULL;
  g_autoptr(GError) error = NULL;

  reset_keyring (store);

  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);

  g_assert_true (save (store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_our_items (), ==, 1);

  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (got, a);
  g_clear_pointer (&got, ac_stored_session_free);

  /* Filtered on what it belongs to. */
  got = load (store, a->host, a->app_id, &error);
  g_assert_no_error (error);
  assert_same_session (got, a);

  none = load (store, "https://other.example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  none = load (store, a->host, "another-app", &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* A fresh store object (as after a restart) sees it too. */
  {
    g_autoptr(AcSessionStore) again = ac_session_store_new ();
    g_autoptr(AcStoredSession) restored = load (again, NULL, NULL, &error);

    g_assert_no_error (error);
    assert_same_session (restored, a);
  }

  assert_no_token_under_home ();
}

static void
test_no_expiry (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) b = session_b ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(GError) error = NULL;

  reset_keyring (store);
  g_assert_true (save (store, b, &error));
  g_assert_no_error (error);

  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (got, b);
}

static void
test_replace (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) b = session_b ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(AcStoredSession) old = NULL;
  g_autoptr(GError) error = NULL;

  reset_keyring (store);
  g_assert_true (save (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (save (store, b, &error));
  g_assert_no_error (error);

  /* One remembered session: the second person's replaced the first's. */
  g_assert_cmpuint (count_our_items (), ==, 1);
  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (got, b);
  old = load (store, a->host, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (old);
}

static void
test_clear (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(GError) error = NULL;

  reset_keyring (store);
  g_assert_true (save (store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_our_items (), ==, 1);

  g_assert_true (clear (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_our_items (), ==, 0);

  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);

  /* Clearing nothing is not an error. */
  g_assert_true (clear (store, &error));
  g_assert_no_error (error);
}

static void
test_other_items_untouched (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;

  reset_keyring (store);
  g_assert_true (secret_password_store_sync (SECRET_SCHEMA_NOTE, SECRET_COLLECTION_DEFAULT,
                                             "someone else's note", "note-secret", NULL, &error,
                                             NULL));
  g_assert_no_error (error);

  g_assert_true (save (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (clear (store, &error));
  g_assert_no_error (error);

  /* Our clear removes our items only. */
  other = secret_password_lookup_sync (SECRET_SCHEMA_NOTE, NULL, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "note-secret");
  secret_password_clear_sync (SECRET_SCHEMA_NOTE, NULL, &error, NULL);
  g_assert_no_error (error);
}

static void
store_raw_item (const char *expires_at,
                const char *host,
                const char *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_store_sync (our_schema (), SECRET_COLLECTION_DEFAULT,
                                             "hand-made", secret, NULL, &error,
                                             "host", host,
                                             "app-id", "app-alpha",
                                             "user-id", "user-0001",
                                             "account", "alice",
                                             "expires-at", expires_at,
                                             "version", "1",
                                             NULL));
  g_assert_no_error (error);
}

static void
test_malformed_items (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(GError) error = NULL;
  struct {
    const char *expires_at;
    const char *host;
    const char *secret;
  } cases[] = {
    { "the day after tomorrow", "http://127.0.0.1:1", TOKEN_A },
    { "", "", TOKEN_A },
    { "", "http://127.0.0.1:1", "two words" },
    { "", "http://127.0.0.1:1", "line\nbreak" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AcStoredSession) got = NULL;

      reset_keyring (store);
      store_raw_item (cases[i].expires_at, cases[i].host, cases[i].secret);

      got = load (store, NULL, NULL, &error);
      g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID);
      g_assert_null (got);
      g_clear_error (&error);

      /* And clear removes it, so the app can start over. */
      g_assert_true (clear (store, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_our_items (), ==, 0);
    }
}

static void
test_refuses_malformed_token (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) bad = ac_stored_session_new ("http://127.0.0.1:1", "app", "u", "a",
                                                          "not a token", NULL);
  g_autoptr(GError) error = NULL;

  reset_keyring (store);
  g_assert_false (save (store, bad, &error));
  g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_INVALID);
  g_assert_cmpuint (count_our_items (), ==, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reset_keyring (store);
  g_cancellable_cancel (cancellable);
  ac_session_store_save_async (store, a, cancellable, st_store_result_cb, &result);
  st_wait_for_result (&result, TIMEOUT);
  g_assert_false (ac_session_store_save_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* none, nobus, activatable */

static void
test_unavailable (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = st_list_files (g_get_home_dir ());
  g_auto(GStrv) after = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (save (store, a, &error));
  g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE);
  g_assert_true (ac_session_store_error_is_unavailable (error));
  g_assert_null (strstr (error->message, TOKEN_A));
  g_clear_error (&error);

  got = load (store, NULL, NULL, &error);
  g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE);
  g_assert_null (got);
  g_clear_error (&error);

  g_assert_false (clear (store, &error));
  g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE);

  /* It said so at once, it did not wait for a time-out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  /* No fallback: not a single file appeared under HOME, and none holds the token. */
  after = st_list_files (g_get_home_dir ());
  g_assert_cmpstrv (after, before);
  assert_no_token_under_home ();
}

static void
test_no_default_keyring (void)
{
  g_autoptr(AcSessionStore) store = ac_session_store_new ();
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A Secret Service with no keyring set up: saving would have to create one, which means a
   * prompt the person did not ask for. It is reported as unavailable instead, at once. */
  g_assert_false (save (store, a, &error));
  g_assert_error (error, AC_SESSION_STORE_ERROR, AC_SESSION_STORE_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  got = load (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);

  g_assert_true (clear (store, &error));
  g_assert_no_error (error);

  assert_no_token_under_home ();
}

/* Boxed type, no service needed. */
static void
test_stored_session_copy (void)
{
  g_autoptr(AcStoredSession) a = session_a ();
  g_autoptr(AcStoredSession) copy = ac_stored_session_copy (a);
  g_autoptr(AcStoredSession) boxed = g_boxed_copy (AC_TYPE_STORED_SESSION, a);

  assert_same_session (copy, a);
  assert_same_session (boxed, a);
  g_assert_true (copy->token != a->token);
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("AC_KEYRING");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/store/stored-session/copy", test_stored_session_copy);

  if (g_strcmp0 (mode, "private") == 0)
    {
      g_test_add_func ("/session/store/keyring/round-trip", test_round_trip);
      g_test_add_func ("/session/store/keyring/no-expiry", test_no_expiry);
      g_test_add_func ("/session/store/keyring/replace", test_replace);
      g_test_add_func ("/session/store/keyring/clear", test_clear);
      g_test_add_func ("/session/store/keyring/other-items-untouched", test_other_items_untouched);
      g_test_add_func ("/session/store/keyring/malformed-items", test_malformed_items);
      g_test_add_func ("/session/store/keyring/refuses-malformed-token", test_refuses_malformed_token);
      g_test_add_func ("/session/store/keyring/cancelled", test_cancelled);
    }
  else if (g_strcmp0 (mode, "none") == 0 || g_strcmp0 (mode, "nobus") == 0)
    {
      g_test_add_func ("/session/store/no-service/unavailable", test_unavailable);
    }
  else if (g_strcmp0 (mode, "activatable") == 0)
    {
      g_test_add_func ("/session/store/no-default-keyring/unavailable", test_no_default_keyring);
    }
  else
    {
      g_printerr ("Run this test through keyring-env (AC_KEYRING is “%s”)\n",
                  mode ? mode : "unset");
      return 1;
    }

  return g_test_run ();
}
