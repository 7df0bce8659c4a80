/* ac-crypto.c: password encryption for the sign-in request
 *
 * The service publishes an RSA public key (PEM, SubjectPublicKeyInfo) at /api/v2/.well-known.
 * Passwords are encrypted with it using PKCS#1 v1.5 padding and sent base64-encoded, as the
 * Authing SDKs do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-crypto"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>

#include "ac-crypto.h"
#include "ac-error.h"

/**
 * ac_crypto_encrypt_password:
 * @public_key_pem: an RSA public key, PEM encoded (`-----BEGIN PUBLIC KEY-----`)
 * @password: the password, UTF-8
 * @error: return location for a #GError
 *
 * Encrypts @password with @public_key_pem (RSA, PKCS#1 v1.5) and encodes the result in base64.
 * A key that cannot be imported gives %AC_ERROR_INVALID_RESPONSE (it comes from the server).
 *
 * Returns: (transfer full): the base64 text, or %NULL with @error set
 */
char *
ac_crypto_encrypt_password (const char  *public_key_pem,
                            const char  *password,
                            GError     **error)
{
  gnutls_pubkey_t key = NULL;
  gnutls_datum_t pem;
  gnutls_datum_t plain;
  gnutls_datum_t cipher = { NULL, 0 };
  char *result = NULL;
  int ret;

  g_return_val_if_fail (public_key_pem != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pem.data = (unsigned char *) public_key_pem;
  pem.size = strlen (public_key_pem);

  if ((ret = gnutls_pubkey_init (&key)) < 0)
    {
      g_set_error (error, AC_ERROR, AC_ERROR_FAILED,
                   _("Could not prepare password encryption: %s"), gnutls_strerror (ret));
      return NULL;
    }

  ret = gnutls_pubkey_import (key, &pem, GNUTLS_X509_FMT_PEM);
  if (ret < 0)
    {
      /* Translators: the server's public key (used to encrypt the password) is unusable */
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                   _("The server’s public key could not be read: %s"), gnutls_strerror (ret));
      goto out;
    }

  if (gnutls_pubkey_get_pk_algorithm (key, NULL) != GNUTLS_PK_RSA)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("The server’s public key is not an RSA key"));
      goto out;
    }

  plain.data = (unsigned char *) password;
  plain.size = strlen (password);

  ret = gnutls_pubkey_encrypt_data (key, 0, &plain, &cipher);
  if (ret < 0)
    {
      /* Translators: %s is a technical reason from the crypto library */
      g_set_error (error, AC_ERROR, AC_ERROR_INVALID_INPUT,
                   _("The password could not be encrypted: %s"), gnutls_strerror (ret));
      goto out;
    }

  result = g_base64_encode (cipher.data, cipher.size);

out:
  if (cipher.data != NULL)
    gnutls_free (cipher.data);
  gnutls_pubkey_deinit (key);

  return result;
}
