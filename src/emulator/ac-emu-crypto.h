/* ac-emu-crypto.h: RSA key pair, password hashes, HMAC and random ids (GnuTLS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AC_EMU_PBKDF2_ITERATIONS 25000

typedef struct _AcEmuKeys AcEmuKeys;

AcEmuKeys   *ac_emu_keys_load_or_create      (const char    *data_dir,
                                              GError       **error);
void         ac_emu_keys_free                (AcEmuKeys     *keys);
const char  *ac_emu_keys_get_public_pem      (AcEmuKeys     *keys);
char        *ac_emu_keys_decrypt_password    (AcEmuKeys     *keys,
                                              const char    *base64,
                                              GError       **error);

void         ac_emu_random_bytes             (guint8        *buf,
                                              gsize          len);
char        *ac_emu_random_hex               (gsize          n_bytes);
char        *ac_emu_new_id                   (void);

char        *ac_emu_base64url_encode         (const guint8  *data,
                                              gsize          len);
guint8      *ac_emu_base64url_decode         (const char    *text,
                                              gsize         *out_len);
void         ac_emu_hmac_sha256              (const guint8  *key,
                                              gsize          key_len,
                                              const guint8  *data,
                                              gsize          data_len,
                                              guint8         digest[32]);
gboolean     ac_emu_equal_constant_time      (const guint8  *a,
                                              const guint8  *b,
                                              gsize          len);

/* For in-process fuzz targets only (authing-emulator itself never calls it): the PBKDF2
 * iteration count of the hashes ac_emu_password_hash() makes from now on, instead of
 * AC_EMU_PBKDF2_ITERATIONS. Every stored hash carries its own count, so ac_emu_password_verify()
 * is unchanged. */
void         ac_emu_password_set_iterations_for_fuzzing (guint iterations);
char        *ac_emu_password_hash            (const char    *password,
                                              GError       **error);
gboolean     ac_emu_password_verify          (const char    *password,
                                              const char    *stored);
int          ac_emu_password_level           (const char    *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuKeys, ac_emu_keys_free)

G_END_DECLS
