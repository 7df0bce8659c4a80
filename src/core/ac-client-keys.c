/* ac-client-keys.c: the servers' public keys, kept in memory and in the user's cache folder
 *
 * A password is encrypted with the server's public key (GET /api/v2/.well-known). The key is
 * public, and fetching it before every sign-in cost a round trip, also at every start of the
 * app: it is kept per server (by base URL) for the whole process and in
 * $XDG_CACHE_HOME/account-center/public-keys/<SHA-256 of the base URL>.pem, kept once it worked
 * to encrypt a password, and forgotten (here and on disk) when a login made with it is refused,
 * so that the next sign-in fetches it again (the server may have a new key).
 *
 * What is read from disk is checked as any input: a file that is too large, not text or not a
 * PEM public key is ignored (and removed). Nothing secret is written: the folder holds what the
 * server publishes to anyone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-client"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ac-client-private.h"

/* A 4096-bit RSA key in PEM is about 800 bytes */
#define KEY_FILE_MAX 16384
/* Servers kept on disk; the oldest go first (the demo server has a new address at each start) */
#define KEY_FILES_MAX 32

G_LOCK_DEFINE_STATIC (public_keys);
static GHashTable *public_keys;

static char *
key_folder (void)
{
  return g_build_filename (g_get_user_cache_dir (), "account-center", "public-keys", NULL);
}

static char *
key_path (const char *base_url)
{
  g_autofree char *folder = key_folder ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, base_url, -1);
  g_autofree char *name = g_strconcat (hash, ".pem", NULL);

  return g_build_filename (folder, name, NULL);
}

static gboolean
key_looks_right (const char *key,
                 gsize       length)
{
  return length > 0 && length <= KEY_FILE_MAX && strlen (key) == length &&
         g_utf8_validate (key, (gssize) length, NULL) &&
         g_str_has_prefix (key, "-----BEGIN ") && strstr (key, "PUBLIC KEY-----") != NULL;
}

static char *
key_read (const char *base_url)
{
  g_autofree char *path = key_path (base_url);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    return NULL;
  if (!S_ISREG (st.st_mode) || st.st_size > KEY_FILE_MAX ||
      !g_file_get_contents (path, &key, &length, &error) || !key_looks_right (key, length))
    {
      g_debug ("Ignoring the kept public key %s: %s", path,
               error != NULL ? error->message : "not a PEM public key");
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&key);
}

/* Removes the oldest key files (never @keep) while there are more than KEY_FILES_MAX. */
static void
key_prune (const char *folder,
           const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pem"))
      {
        char *path = g_build_filename (folder, name, NULL);

        if (g_str_equal (path, keep))
          g_free (path);
        else
          g_ptr_array_add (paths, path);
      }

  while (paths->len + 1 > KEY_FILES_MAX)
    {
      guint oldest = 0;
      gint64 oldest_time = G_MAXINT64;

      for (guint i = 0; i < paths->len; i++)
        {
          GStatBuf st;

          if (g_stat (g_ptr_array_index (paths, i), &st) == 0 && (gint64) st.st_mtime < oldest_time)
            {
              oldest_time = st.st_mtime;
              oldest = i;
            }
        }
      g_unlink (g_ptr_array_index (paths, oldest));
      g_ptr_array_remove_index_fast (paths, oldest);
    }
}

static void
key_write (const char *base_url,
           const char *key)
{
  g_autofree char *folder = key_folder ();
  g_autofree char *path = key_path (base_url);
  g_autoptr(GError) error = NULL;

  if (!key_looks_right (key, strlen (key)))
    return;

  /* A cache: if it cannot be written, the key is fetched at the next start, nothing more. */
  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_set_contents_full (path, key, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not keep the public key in %s: %s", path,
             error != NULL ? error->message : g_strerror (errno));
  else
    key_prune (folder, path);
}

static void
key_remove (const char *base_url,
            const char *key)
{
  g_autofree char *on_disk = key_read (base_url);

  if (on_disk != NULL && g_strcmp0 (on_disk, key) == 0)
    {
      g_autofree char *path = key_path (base_url);

      g_unlink (path);
    }
}

/* The kept key of @base_url (transfer full, nullable): from memory, else from disk. */
char *
_ac_client_keys_lookup (const char *base_url)
{
  char *key = NULL;

  if (base_url == NULL)
    return NULL;

  G_LOCK (public_keys);
  if (public_keys != NULL)
    key = g_strdup (g_hash_table_lookup (public_keys, base_url));
  G_UNLOCK (public_keys);
  if (key != NULL)
    return key;

  key = key_read (base_url);
  if (key != NULL)
    {
      G_LOCK (public_keys);
      if (public_keys == NULL)
        public_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (public_keys, g_strdup (base_url), g_strdup (key));
      G_UNLOCK (public_keys);
    }

  return key;
}

/* Keeps @key for @base_url, in memory and (when it is new) on disk. */
void
_ac_client_keys_keep (const char *base_url,
                      const char *key)
{
  gboolean known;

  if (base_url == NULL || key == NULL)
    return;

  G_LOCK (public_keys);
  if (public_keys == NULL)
    public_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known = g_strcmp0 (g_hash_table_lookup (public_keys, base_url), key) == 0;
  if (!known)
    g_hash_table_replace (public_keys, g_strdup (base_url), g_strdup (key));
  G_UNLOCK (public_keys);

  if (!known)
    key_write (base_url, key);
}

/* Forgets the key of @base_url if it still is @key (a newer one stays), here and on disk. */
void
_ac_client_keys_forget (const char *base_url,
                        const char *key)
{
  if (base_url == NULL)
    return;

  G_LOCK (public_keys);
  if (public_keys != NULL && g_strcmp0 (g_hash_table_lookup (public_keys, base_url), key) == 0)
    g_hash_table_remove (public_keys, base_url);
  G_UNLOCK (public_keys);

  key_remove (base_url, key);
}

/* Forgets every kept key, in memory and on disk (for tests that count requests, or that need a
 * fetch to happen). */
void
_ac_client_forget_public_keys (void)
{
  g_autofree char *folder = key_folder ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  G_LOCK (public_keys);
  g_clear_pointer (&public_keys, g_hash_table_unref);
  G_UNLOCK (public_keys);

  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pem"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }
}
