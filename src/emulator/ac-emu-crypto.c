/* ac-emu-crypto.c: RSA key pair, password hashes, HMAC and random ids (GnuTLS)
 *
 * The RSA key (2048 bits) is generated once and kept as PEM in the data folder; login passwords
 * arrive encrypted with its public half (PKCS#1 v1.5, base64). Stored passwords are PBKDF2-SHA256
 * hashes with a per-user 16-byte salt: "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-crypto"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "ac-emu-crypto.h"

#define KEY_FILE_NAME "rsa-private-key.pem"
#define SALT_LEN 16
#define HASH_LEN 32

struct _AcEmuKeys
{
  gnutls_privkey_t privkey;
  char *public_pem;
};

void
ac_emu_keys_free (AcEmuKeys *keys)
{
  if (keys == NULL)
    return;
  if (keys->privkey != NULL)
    gnutls_privkey_deinit (keys->privkey);
  g_free (keys->public_pem);
  g_free (keys);
}

static gboolean
set_gnutls_error (GError     **error,
                  int          ret,
                  const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, gnutls_strerror (ret));
  return FALSE;
}

static gboolean
generate_key (const char  *path,
              GError     **error)
{
  gnutls_x509_privkey_t x509 = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  gboolean ok;
  int ret;

  if ((ret = gnutls_x509_privkey_init (&x509)) < 0)
    return set_gnutls_error (error, ret, "gnutls_x509_privkey_init");
  if ((ret = gnutls_x509_privkey_generate (x509, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (ret = gnutls_x509_privkey_export2 (x509, GNUTLS_X509_FMT_PEM, &pem)) < 0)
    {
      gnutls_x509_privkey_deinit (x509);
      return set_gnutls_error (error, ret, _("Could not generate the RSA key"));
    }
  gnutls_x509_privkey_deinit (x509);

  ok = g_file_set_contents_full (path, (const char *) pem.data, pem.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error);
  gnutls_free (pem.data);
  return ok;
}

AcEmuKeys *
ac_emu_keys_load_or_create (const char  *data_dir,
                            GError     **error)
{
  g_autoptr(AcEmuKeys) keys = g_new0 (AcEmuKeys, 1);
  g_autofree char *path = g_build_filename (data_dir, KEY_FILE_NAME, NULL);
  g_autofree char *contents = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t out = { NULL, 0 };
  gsize len = 0;
  int ret;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !generate_key (path, error))
    return NULL;
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  if ((ret = gnutls_privkey_init (&keys->privkey)) < 0)
    {
      set_gnutls_error (error, ret, "gnutls_privkey_init");
      return NULL;
    }
  datum.data = (unsigned char *) contents;
  datum.size = (unsigned int) len;
  if ((ret = gnutls_privkey_import_x509_raw (keys->privkey, &datum, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a usable RSA key: %s"), path, gnutls_strerror (ret));
      return NULL;
    }

  if ((ret = gnutls_pubkey_init (&pubkey)) < 0)
    {
      set_gnutls_error (error, ret, "gnutls_pubkey_init");
      return NULL;
    }
  if ((ret = gnutls_pubkey_import_privkey (pubkey, keys->privkey, 0, 0)) < 0 ||
      (ret = gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &out)) < 0)
    {
      gnutls_pubkey_deinit (pubkey);
      set_gnutls_error (error, ret, "gnutls_pubkey_export2");
      return NULL;
    }
  gnutls_pubkey_deinit (pubkey);
  keys->public_pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);

  return g_steal_pointer (&keys);
}

const char *
ac_emu_keys_get_public_pem (AcEmuKeys *keys)
{
  return keys->public_pem;
}

char *
ac_emu_keys_decrypt_password (AcEmuKeys   *keys,
                              const char  *base64,
                              GError     **error)
{
  g_autofree guint8 *cipher = NULL;
  g_autofree char *copy = NULL;
  gnutls_datum_t in;
  gnutls_datum_t out = { NULL, 0 };
  gsize len = 0;
  char *result;
  const char *p;
  int ret;

  /* g_base64_decode() accepts anything; check the alphabet first so that
   * plain text is refused instead of decoded into garbage. */
  for (p = base64; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
        *p != '\n' && *p != '\r')
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not base64");
        return NULL;
      }

  /* g_base64_decode_inplace() wants at least two characters; a 2048-bit ciphertext has 344 */
  if (strlen (base64) < 4)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "too short");
      return NULL;
    }
  copy = g_strdup (base64);
  g_base64_decode_inplace (copy, &len);
  /* The ciphertext is a number below the modulus: some encoders (JSEncrypt, which the JS
   * SDK uses) drop its leading zero bytes, so pad it back to the key size. */
  if (len == 0 || len > 256)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not an RSA-2048 ciphertext");
      return NULL;
    }
  cipher = g_malloc0 (256);
  memcpy (cipher + (256 - len), copy, len);
  len = 256;

  in.data = cipher;
  in.size = (unsigned int) len;
  if ((ret = gnutls_privkey_decrypt_data (keys->privkey, 0, &in, &out)) < 0)
    {
      set_gnutls_error (error, ret, "decrypt");
      return NULL;
    }

  if (memchr (out.data, '\0', out.size) != NULL ||
      !g_utf8_validate ((const char *) out.data, out.size, NULL))
    {
      gnutls_free (out.data);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8");
      return NULL;
    }
  result = g_strndup ((const char *) out.data, out.size);
  gnutls_memset (out.data, 0, out.size);
  gnutls_free (out.data);
  return result;
}

void
ac_emu_random_bytes (guint8 *buf,
                     gsize   len)
{
  int ret = gnutls_rnd (GNUTLS_RND_NONCE, buf, len);

  if (ret < 0)
    g_error ("gnutls_rnd failed: %s", gnutls_strerror (ret));
}

char *
ac_emu_random_hex (gsize n_bytes)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);
  GString *s = g_string_sized_new (n_bytes * 2);

  ac_emu_random_bytes (buf, n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

char *
ac_emu_new_id (void)
{
  /* 24 hex digits, like the service's ids */
  return ac_emu_random_hex (12);
}

char *
ac_emu_base64url_encode (const guint8 *data,
                         gsize         len)
{
  char *s = g_base64_encode (data, len);
  char *r, *w;

  for (r = w = s; *r != '\0'; r++)
    {
      if (*r == '=')
        continue;
      *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
    }
  *w = '\0';
  return s;
}

guint8 *
ac_emu_base64url_decode (const char *text,
                         gsize      *out_len)
{
  gsize n = strlen (text);
  g_autoptr(GString) s = g_string_sized_new (n + 4);
  gsize len = 0;

  if (n < 2 || n % 4 == 1)
    return NULL;
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
      g_string_append_c (s, c);
    }
  while (s->len % 4 != 0)
    g_string_append_c (s, '=');

  g_base64_decode_inplace (s->str, &len);
  *out_len = len;
  return g_memdup2 (s->str, len > 0 ? len : 1);
}

void
ac_emu_hmac_sha256 (const guint8 *key,
                    gsize         key_len,
                    const guint8 *data,
                    gsize         data_len,
                    guint8        digest[32])
{
  int ret = gnutls_hmac_fast (GNUTLS_MAC_SHA256, key, key_len, data, data_len, digest);

  if (ret < 0)
    g_error ("gnutls_hmac_fast failed: %s", gnutls_strerror (ret));
}

gboolean
ac_emu_equal_constant_time (const guint8 *a,
                            const guint8 *b,
                            gsize         len)
{
  return gnutls_memcmp (a, b, len) == 0;
}

static gboolean
pbkdf2 (const char *password,
        const guint8 *salt,
        gsize salt_len,
        guint iterations,
        guint8 out[HASH_LEN])
{
  gnutls_datum_t key = { (unsigned char *) password, (unsigned int) strlen (password) };
  gnutls_datum_t s = { (unsigned char *) salt, (unsigned int) salt_len };

  return gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &key, &s, iterations, out, HASH_LEN) == 0;
}

static guint pbkdf2_iterations = AC_EMU_PBKDF2_ITERATIONS;

void
ac_emu_password_set_iterations_for_fuzzing (guint iterations)
{
  g_return_if_fail (iterations >= 1);
  pbkdf2_iterations = iterations;
}

char *
ac_emu_password_hash (const char  *password,
                      GError     **error)
{
  guint8 salt[SALT_LEN];
  guint8 hash[HASH_LEN];
  g_autofree char *salt64 = NULL;
  g_autofree char *hash64 = NULL;

  ac_emu_random_bytes (salt, sizeof salt);
  if (!pbkdf2 (password, salt, sizeof salt, pbkdf2_iterations, hash))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "PBKDF2 failed");
      return NULL;
    }
  salt64 = g_base64_encode (salt, sizeof salt);
  hash64 = g_base64_encode (hash, sizeof hash);
  return g_strdup_printf ("pbkdf2-sha256$%u$%s$%s", pbkdf2_iterations, salt64, hash64);
}

gboolean
ac_emu_password_verify (const char *password,
                        const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 hash[HASH_LEN];
  gsize salt_len = 0, expected_len = 0;
  guint64 iterations;

  if (password == NULL || stored == NULL)
    return FALSE;
  parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || g_strcmp0 (parts[0], "pbkdf2-sha256") != 0)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 1, 10000000, &iterations, NULL))
    return FALSE;
  salt = g_base64_decode (parts[2], &salt_len);
  expected = g_base64_decode (parts[3], &expected_len);
  if (expected_len != HASH_LEN || salt_len == 0)
    return FALSE;
  if (!pbkdf2 (password, salt, salt_len, (guint) iterations, hash))
    return FALSE;
  return ac_emu_equal_constant_time (hash, expected, HASH_LEN);
}

int
ac_emu_password_level (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, letter = FALSE;
  glong n;

  if (password == NULL)
    return 0;
  n = g_utf8_strlen (password, -1);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      if (g_unichar_isupper (c))
        upper = TRUE;
      if (g_unichar_isdigit (c))
        digit = TRUE;
      if (g_unichar_isalpha (c))
        letter = TRUE;
    }
  if (n >= 12 && lower && upper && digit)
    return 3;
  if (n >= 8 && letter && digit)
    return 2;
  return 1;
}
