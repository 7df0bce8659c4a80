/* ac-emu-totp.c: TOTP (RFC 6238 with liboath), secrets, recovery codes, verification codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-totp"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <liboath/oath.h>

#include "ac-emu-crypto.h"
#include "ac-emu-totp.h"

#define SECRET_BYTES 20
#define RECOVERY_BYTES 12
#define MIN_SECRET_BYTES 10

static void
ensure_oath (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      int ret = oath_init ();

      if (ret != OATH_OK)
        g_error ("oath_init failed: %s", oath_strerror (ret));
      g_once_init_leave (&done, 1);
    }
}

gboolean
ac_emu_is_digits (const char *s,
                  gsize       n)
{
  gsize i;

  if (s == NULL)
    return FALSE;
  for (i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return s[n] == '\0';
}

gboolean
ac_emu_is_short_ascii (const char *s,
                       gsize       max_len)
{
  gsize i;

  if (s == NULL)
    return FALSE;
  for (i = 0; s[i] != '\0'; i++)
    {
      if (i >= max_len)
        return FALSE;
      if ((guchar) s[i] < 0x20 || (guchar) s[i] > 0x7e)
        return FALSE;
    }
  return TRUE;
}

char *
ac_emu_new_verify_code (void)
{
  guint32 v;

  /* Rejection sampling keeps the six digits uniform: 4294000000 is a multiple of 10^6. */
  do
    ac_emu_random_bytes ((guint8 *) &v, sizeof v);
  while (v >= 4294000000u);
  return g_strdup_printf ("%06u", v % 1000000u);
}

static char *
base32_encode (const guint8 *data,
               gsize         len)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GString *out = g_string_sized_new ((len * 8 + 4) / 5 + 1);
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, alphabet[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

char *
ac_emu_totp_new_secret (void)
{
  guint8 raw[SECRET_BYTES];
  char *secret;

  ac_emu_random_bytes (raw, sizeof raw);
  secret = base32_encode (raw, sizeof raw);
  memset (raw, 0, sizeof raw);
  return secret;
}

char *
ac_emu_totp_new_recovery_code (void)
{
  guint8 raw[RECOVERY_BYTES];
  GString *out = g_string_sized_new (32);

  ac_emu_random_bytes (raw, sizeof raw);
  for (guint i = 0; i < RECOVERY_BYTES; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, '-');
      g_string_append_printf (out, "%02x%02x", raw[i], raw[i + 1]);
    }
  memset (raw, 0, sizeof raw);
  return g_string_free (out, FALSE);
}

char *
ac_emu_totp_normalize_recovery_code (const char *input)
{
  g_autofree char *copy = NULL;

  if (!ac_emu_is_short_ascii (input, AC_EMU_CODE_INPUT_MAX))
    return NULL;
  copy = g_ascii_strdown (input, -1);
  g_strstrip (copy);
  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

/* Decodes a base32 secret (upper-cased first; liboath's decoder is case-sensitive).
 * Returns the raw bytes (malloc'ed, free() them) or NULL. */
static char *
decode_secret (const char *secret,
               size_t     *out_len)
{
  g_autofree char *upper = NULL;
  char *raw = NULL;
  size_t len = 0;
  gboolean padding = FALSE;

  if (secret == NULL || *secret == '\0' || strlen (secret) > 1024)
    return NULL;
  for (const char *p = secret; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '=')
        padding = TRUE;
      else if (padding || !((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
        return NULL;
    }

  ensure_oath ();
  upper = g_ascii_strup (secret, -1);
  if (oath_base32_decode (upper, strlen (upper), &raw, &len) != OATH_OK || raw == NULL)
    return NULL;
  *out_len = len;
  return raw;
}

static void
free_secret (char   *raw,
             size_t  len)
{
  if (raw != NULL)
    {
      memset (raw, 0, len);
      free (raw);
    }
}

gboolean
ac_emu_totp_secret_is_valid (const char *secret)
{
  size_t len = 0;
  char *raw = decode_secret (secret, &len);
  gboolean ok = raw != NULL && len >= MIN_SECRET_BYTES;

  free_secret (raw, len);
  return ok;
}

char *
ac_emu_totp_generate (const char *secret,
                      gint64      now)
{
  char otp[AC_EMU_TOTP_DIGITS + 1] = { 0 };
  size_t len = 0;
  char *raw = decode_secret (secret, &len);
  int ret;

  if (raw == NULL)
    return NULL;
  ret = oath_totp_generate (raw, len, (time_t) now, AC_EMU_TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME,
                            AC_EMU_TOTP_DIGITS, otp);
  free_secret (raw, len);
  return ret == OATH_OK ? g_strdup (otp) : NULL;
}

gboolean
ac_emu_totp_check (const char *secret,
                   const char *otp,
                   gint64      now,
                   gint64     *out_counter)
{
  size_t len = 0;
  char *raw;
  uint64_t counter = 0;
  int pos = 0;
  int ret;

  if (!ac_emu_is_digits (otp, AC_EMU_TOTP_DIGITS) || now < 0)
    return FALSE;
  raw = decode_secret (secret, &len);
  if (raw == NULL)
    return FALSE;
  ret = oath_totp_validate3 (raw, len, (time_t) now, AC_EMU_TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME,
                             AC_EMU_TOTP_WINDOW, &pos, &counter, otp);
  free_secret (raw, len);
  if (ret < 0 || counter > G_MAXINT64)
    return FALSE;
  if (out_counter != NULL)
    *out_counter = (gint64) counter;
  return TRUE;
}

char *
ac_emu_totp_uri (const char *issuer,
                 const char *account,
                 const char *secret)
{
  g_autofree char *i = g_uri_escape_string (issuer != NULL && *issuer != '\0' ? issuer : "Authing Emulator",
                                            NULL, FALSE);
  g_autofree char *a = g_uri_escape_string (account != NULL ? account : "", NULL, FALSE);

  return g_strdup_printf ("otpauth://totp/%s:%s?secret=%s&issuer=%s", i, a, secret, i);
}

static gboolean
recovery_code_is_valid (const char *code)
{
  g_autofree char *normalized = ac_emu_totp_normalize_recovery_code (code);

  return normalized != NULL;
}

void
ac_emu_totp_check_seed (JsonNode   *node,
                        const char *path,
                        GPtrArray  *errors)
{
  static const char * const keys[] = { "totpSecret", "recoveryCode", NULL };
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *member;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s: expected a boolean or an object with totpSecret and recoveryCode", path));
      return;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data))
      g_ptr_array_add (errors, g_strdup_printf ("%s.%s: unknown key", path, (const char *) l->data));

  member = json_object_get_member (object, "totpSecret");
  if (member == NULL)
    g_ptr_array_add (errors, g_strdup_printf ("%s.totpSecret: required", path));
  else if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
           !ac_emu_totp_secret_is_valid (json_node_get_string (member)))
    g_ptr_array_add (errors, g_strdup_printf ("%s.totpSecret: expected a base32 secret of at least %u bytes",
                                              path, MIN_SECRET_BYTES));

  member = json_object_get_member (object, "recoveryCode");
  if (member == NULL)
    g_ptr_array_add (errors, g_strdup_printf ("%s.recoveryCode: required", path));
  else if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
           !recovery_code_is_valid (json_node_get_string (member)))
    g_ptr_array_add (errors, g_strdup_printf ("%s.recoveryCode: expected a non-empty string of at most %u ASCII characters",
                                              path, AC_EMU_CODE_INPUT_MAX));
}
