/* test-policy.c: AcPolicy reads the administrator's keys and locks, and follows them
 *
 * Three backends: the memory backend (values, every key writable), a backend of this test
 * whose locks change while the policy watches (as an administrator's `dconf update` would),
 * and, run through admin-env (AC_ADMIN_PROFILE), the shipped administrator profile compiled
 * into a real dconf database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "ac-policy.h"

/* ---- a backend with locks that change -------------------------------------------------- */

#define TEST_TYPE_LOCKING_BACKEND (test_locking_backend_get_type ())
G_DECLARE_FINAL_TYPE (TestLockingBackend, test_locking_backend, TEST, LOCKING_BACKEND, GSettingsBackend)

struct _TestLockingBackend
{
  GSettingsBackend  parent_instance;

  GHashTable       *values;   /* full key path -> GVariant */
  GHashTable       *locked;   /* full key paths */
};

G_DEFINE_FINAL_TYPE (TestLockingBackend, test_locking_backend, G_TYPE_SETTINGS_BACKEND)

static GVariant *
locking_read (GSettingsBackend   *backend,
              const char         *key,
              const GVariantType *expected_type,
              gboolean            default_value)
{
  TestLockingBackend *self = TEST_LOCKING_BACKEND (backend);
  GVariant *value;

  if (default_value)
    return NULL;
  value = g_hash_table_lookup (self->values, key);
  return value != NULL ? g_variant_ref (value) : NULL;
}

static gboolean
locking_write (GSettingsBackend *backend,
               const char       *key,
               GVariant         *value,
               gpointer          origin_tag)
{
  TestLockingBackend *self = TEST_LOCKING_BACKEND (backend);

  if (g_hash_table_contains (self->locked, key))
    return FALSE;
  g_hash_table_replace (self->values, g_strdup (key), g_variant_ref_sink (value));
  g_settings_backend_changed (backend, key, origin_tag);
  return TRUE;
}

static gboolean
write_one (gpointer key,
           gpointer value,
           gpointer data)
{
  return !locking_write (data, key, value, NULL);
}

static gboolean
locking_write_tree (GSettingsBackend *backend,
                    GTree            *tree,
                    gpointer          origin_tag)
{
  g_tree_foreach (tree, write_one, backend);
  return TRUE;
}

static void
locking_reset (GSettingsBackend *backend,
               const char       *key,
               gpointer          origin_tag)
{
  TestLockingBackend *self = TEST_LOCKING_BACKEND (backend);

  if (g_hash_table_remove (self->values, key))
    g_settings_backend_changed (backend, key, origin_tag);
}

static gboolean
locking_get_writable (GSettingsBackend *backend,
                      const char       *key)
{
  return !g_hash_table_contains (TEST_LOCKING_BACKEND (backend)->locked, key);
}

static GPermission *
locking_get_permission (GSettingsBackend *backend,
                        const char       *path)
{
  return g_simple_permission_new (TRUE);
}

static void
test_locking_backend_finalize (GObject *object)
{
  TestLockingBackend *self = TEST_LOCKING_BACKEND (object);

  g_hash_table_unref (self->values);
  g_hash_table_unref (self->locked);

  G_OBJECT_CLASS (test_locking_backend_parent_class)->finalize (object);
}

static void
test_locking_backend_class_init (TestLockingBackendClass *klass)
{
  GSettingsBackendClass *backend_class = G_SETTINGS_BACKEND_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_locking_backend_finalize;
  backend_class->read = locking_read;
  backend_class->write = locking_write;
  backend_class->write_tree = locking_write_tree;
  backend_class->reset = locking_reset;
  backend_class->get_writable = locking_get_writable;
  backend_class->get_permission = locking_get_permission;
}

static void
test_locking_backend_init (TestLockingBackend *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  self->locked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The administrator sets @key to @value and locks it (or unlocks it: @value NULL). */
static void
administer (TestLockingBackend *self,
            const char         *key,
            GVariant           *value)
{
  g_autofree char *path = g_strconcat ("/io/github/accountcenter/AccountCenter/", key, NULL);

  if (value != NULL)
    {
      g_hash_table_replace (self->values, g_strdup (path), g_variant_ref_sink (value));
      g_hash_table_add (self->locked, g_strdup (path));
      g_settings_backend_changed (G_SETTINGS_BACKEND (self), path, NULL);
    }
  else
    g_hash_table_remove (self->locked, path);
  g_settings_backend_writable_changed (G_SETTINGS_BACKEND (self), path);
}

/* ---- helpers ----------------------------------------------------------------------------- */

/* Which properties were notified, in order. */
static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             GString    *log)
{
  g_string_append_printf (log, "%s ", pspec->name);
}

static int
compare_names (const void *a,
               const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The notified names, sorted (the order of a frozen notification is not ours to promise). */
static char *
names_of (GString *log)
{
  g_auto(GStrv) names = g_strsplit (g_strstrip (log->str), " ", -1);

  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return g_strjoinv (" ", names);
}

#define assert_notified(log, expected) \
  G_STMT_START { g_autofree char *names_ = names_of (log); \
                 g_assert_cmpstr (names_, ==, expected); \
                 g_string_truncate (log, 0); } G_STMT_END

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_no_settings (void)
{
  g_autoptr(AcPolicy) policy = ac_policy_new (NULL);

  /* Without settings (a window without the app): everything allowed, nothing locked. */
  g_assert_false (ac_policy_get_kiosk (policy));
  g_assert_false (ac_policy_get_server_locked (policy));
  g_assert_null (ac_policy_get_locked_host (policy));
  g_assert_null (ac_policy_get_locked_app_id (policy));
  g_assert_true (ac_policy_get_can_edit_profile (policy));
  g_assert_true (ac_policy_get_can_change_avatar (policy));
  g_assert_true (ac_policy_get_can_delete_account (policy));
  g_assert_cmpuint (ac_policy_get_idle_sign_out (policy), ==, 0);
  g_assert_true (ac_policy_get_remember_session (policy));
}

static void
test_memory_values (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(AcPolicy) policy = ac_policy_new (settings);
  g_autoptr(GString) log = g_string_new (NULL);

  g_assert_false (ac_policy_get_kiosk (policy));
  g_assert_false (ac_policy_get_server_locked (policy));
  g_assert_true (ac_policy_get_can_delete_account (policy));
  g_assert_true (ac_policy_get_remember_session (policy));

  g_signal_connect (policy, "notify", G_CALLBACK (notified_cb), log);

  /* Each key changes its property, and only that one. */
  g_settings_set_boolean (settings, "allow-delete-account", FALSE);
  settle ();
  assert_notified (log, "can-delete-account");
  g_assert_false (ac_policy_get_can_delete_account (policy));

  g_settings_set_boolean (settings, "allow-profile-edit", FALSE);
  g_settings_set_boolean (settings, "allow-avatar-change", FALSE);
  g_settings_set_uint (settings, "idle-sign-out", 90);
  settle ();
  assert_notified (log, "can-change-avatar can-edit-profile idle-sign-out");
  g_assert_cmpuint (ac_policy_get_idle_sign_out (policy), ==, 90);

  /* A value that does not change notifies nothing. */
  g_settings_set_uint (settings, "idle-sign-out", 90);
  g_settings_set_int (settings, "window-width", 900);
  settle ();
  assert_notified (log, "");

  /* Kiosk mode locks the server rows, remembers nothing and offers no browser sign-in. */
  g_assert_true (ac_policy_get_can_browser_sign_in (policy));
  g_settings_set_boolean (settings, "kiosk", TRUE);
  settle ();
  assert_notified (log, "can-browser-sign-in kiosk remember-session server-locked");
  g_assert_true (ac_policy_get_server_locked (policy));
  g_assert_false (ac_policy_get_remember_session (policy));
  g_assert_false (ac_policy_get_can_browser_sign_in (policy));
  /* unless the administrator allows it */
  g_settings_set_boolean (settings, "kiosk-browser-sign-in", TRUE);
  settle ();
  assert_notified (log, "can-browser-sign-in");
  g_assert_true (ac_policy_get_can_browser_sign_in (policy));
  g_settings_set_boolean (settings, "kiosk-browser-sign-in", FALSE);
  settle ();
  assert_notified (log, "can-browser-sign-in");
  /* The memory backend locks nothing: no administrator's host. */
  g_assert_null (ac_policy_get_locked_host (policy));

  /* --kiosk on the command line keeps it on whatever the key says. */
  ac_policy_set_kiosk_requested (policy, TRUE);
  g_settings_set_boolean (settings, "kiosk", FALSE);
  settle ();
  g_assert_true (ac_policy_get_kiosk (policy));
  g_settings_set_boolean (settings, "remember-session", FALSE);
  ac_policy_set_kiosk_requested (policy, FALSE);
  g_assert_false (ac_policy_get_kiosk (policy));
  g_assert_false (ac_policy_get_remember_session (policy));
}

static void
test_locks_change (void)
{
  g_autoptr(TestLockingBackend) backend = g_object_new (TEST_TYPE_LOCKING_BACKEND, NULL);
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, G_SETTINGS_BACKEND (backend));
  g_autoptr(AcPolicy) policy = ac_policy_new (settings);
  g_autoptr(GString) log = g_string_new (NULL);

  g_settings_set_string (settings, "host", "https://person.example");
  g_assert_false (ac_policy_get_server_locked (policy));
  g_signal_connect (policy, "notify", G_CALLBACK (notified_cb), log);

  /* The administrator fixes the host while the app runs: the policy has their value. */
  administer (backend, "host", g_variant_new_string ("https://company.example"));
  settle ();
  assert_notified (log, "locked-host server-locked");
  g_assert_true (ac_policy_get_server_locked (policy));
  g_assert_cmpstr (ac_policy_get_locked_host (policy), ==, "https://company.example");
  g_assert_null (ac_policy_get_locked_app_id (policy));

  /* The person can no longer change it. */
  g_assert_false (g_settings_set_string (settings, "host", "https://person.example"));

  /* Delete Account forbidden and locked. */
  administer (backend, "allow-delete-account", g_variant_new_boolean (FALSE));
  settle ();
  assert_notified (log, "can-delete-account");

  /* Unlocked again: the rows come back (the value stays what it is). */
  administer (backend, "host", NULL);
  settle ();
  assert_notified (log, "locked-host server-locked");
  g_assert_false (ac_policy_get_server_locked (policy));
  g_assert_null (ac_policy_get_locked_host (policy));
}

/* admin-env: data/admin/ compiled into a dconf database, read through GSettings' dconf
 * backend, as on a managed machine. */
static void
test_admin_profile (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AcPolicy) policy = ac_policy_new (settings);

  g_assert_true (ac_policy_get_kiosk (policy));
  g_assert_true (ac_policy_get_server_locked (policy));
  g_assert_cmpstr (ac_policy_get_locked_host (policy), ==, "https://example.authing.cn");
  g_assert_cmpstr (ac_policy_get_locked_app_id (policy), ==, "0123456789abcdef01234567");
  g_assert_false (ac_policy_get_can_delete_account (policy));
  g_assert_true (ac_policy_get_can_edit_profile (policy));
  g_assert_true (ac_policy_get_can_change_avatar (policy));
  g_assert_cmpuint (ac_policy_get_idle_sign_out (policy), ==, 120);
  g_assert_false (ac_policy_get_remember_session (policy));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("AC_ADMIN_PROFILE") != NULL)
    g_test_add_func ("/policy/admin-profile", test_admin_profile);
  else
    {
      g_test_add_func ("/policy/no-settings", test_no_settings);
      g_test_add_func ("/policy/memory-values", test_memory_values);
      g_test_add_func ("/policy/locks-change", test_locks_change);
    }

  return g_test_run ();
}
