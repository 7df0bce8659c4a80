/* ac-emu-oidc.c: the OpenID provider's state (signing key, pending sign-ins, codes)
 *
 * The id_tokens and access tokens are RS256 JWS signed with a key of their own, apart from the
 * password key of ac-emu-crypto.c: it is published at jwks_uri with its RFC 7638 thumbprint as
 * `kid`. Pending sign-ins and codes are in memory, pruned as they expire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-oidc"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "ac-emu-crypto.h"
#include "ac-emu-json.h"
#include "ac-emu-oidc.h"
#include "ac-emu-outbox.h"
#include "ac-emu-util.h"

#define KEY_FILE_NAME "oidc-signing-key.pem"
/* A bound on what a flood of /oidc/auth requests can make us keep */
#define MAX_PENDING 1000
/* Used codes are remembered this long, to answer a replay by revoking what the code gave */
#define USED_CODE_MEMORY_S 600

typedef struct
{
  AcEmuOidcGrant *grant;
  gint64 expires_at;        /* security clock seconds */
  gboolean used;
  GPtrArray *sids;          /* sessions issued with this code */
} Code;

typedef struct
{
  AcEmuOidcGrant *grant;
  gint64 expires_at;        /* security clock seconds */
} Interaction;

struct _AcEmuOidc
{
  char *data_dir;
  gnutls_privkey_t privkey;
  gnutls_pubkey_t pubkey;
  char *kid;
  char *n64;
  char *e64;
  GHashTable *interactions;  /* id → Interaction */
  GHashTable *codes;         /* code → Code */
};

/* The security clock: codes are timed like verification codes and mfaTokens */
static gint64
now_s (void)
{
  return ac_emu_security_now ();
}

/* ---------------------------------------------------------------------------------------- */
/* Grants */

AcEmuOidcGrant *
ac_emu_oidc_grant_copy (const AcEmuOidcGrant *grant)
{
  AcEmuOidcGrant *copy = g_new0 (AcEmuOidcGrant, 1);

  copy->client_id = g_strdup (grant->client_id);
  copy->redirect_uri = g_strdup (grant->redirect_uri);
  copy->state = g_strdup (grant->state);
  copy->nonce = g_strdup (grant->nonce);
  copy->scope = g_strdup (grant->scope);
  copy->challenge = g_strdup (grant->challenge);
  copy->lang = grant->lang;
  copy->user_id = g_strdup (grant->user_id);
  copy->auth_time = grant->auth_time;
  copy->second_step = grant->second_step;
  copy->failures = grant->failures;
  return copy;
}

void
ac_emu_oidc_grant_free (AcEmuOidcGrant *grant)
{
  if (grant == NULL)
    return;
  g_free (grant->client_id);
  g_free (grant->redirect_uri);
  g_free (grant->state);
  g_free (grant->nonce);
  g_free (grant->scope);
  g_free (grant->challenge);
  g_free (grant->user_id);
  g_free (grant);
}

static void
interaction_free (gpointer data)
{
  Interaction *interaction = data;

  ac_emu_oidc_grant_free (interaction->grant);
  g_free (interaction);
}

static void
code_free (gpointer data)
{
  Code *code = data;

  ac_emu_oidc_grant_free (code->grant);
  g_ptr_array_unref (code->sids);
  g_free (code);
}

/* ---------------------------------------------------------------------------------------- */

AcEmuOidc *
ac_emu_oidc_new (const char *data_dir)
{
  AcEmuOidc *self = g_new0 (AcEmuOidc, 1);

  self->data_dir = g_strdup (data_dir);
  self->interactions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, interaction_free);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, code_free);
  return self;
}

void
ac_emu_oidc_free (AcEmuOidc *self)
{
  if (self == NULL)
    return;
  if (self->privkey != NULL)
    gnutls_privkey_deinit (self->privkey);
  if (self->pubkey != NULL)
    gnutls_pubkey_deinit (self->pubkey);
  g_free (self->kid);
  g_free (self->n64);
  g_free (self->e64);
  g_free (self->data_dir);
  g_hash_table_unref (self->interactions);
  g_hash_table_unref (self->codes);
  g_free (self);
}

/* ---------------------------------------------------------------------------------------- */
/* The signing key */

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
      return set_gnutls_error (error, ret, "generating the OIDC signing key");
    }
  gnutls_x509_privkey_deinit (x509);

  ok = g_file_set_contents_full (path, (const char *) pem.data, pem.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error);
  gnutls_free (pem.data);
  return ok;
}

static char *
datum_base64url (const gnutls_datum_t *datum)
{
  return ac_emu_base64url_encode (datum->data, datum->size);
}

/* The RFC 7638 thumbprint: SHA-256 of {"e":…,"kty":"RSA","n":…} */
static char *
thumbprint (const char *e64,
            const char *n64)
{
  g_autofree char *canonical = g_strdup_printf ("{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", e64, n64);

  return ac_emu_oidc_s256 (canonical, FALSE);
}

gboolean
ac_emu_oidc_ensure_key (AcEmuOidc  *self,
                        gboolean    create,
                        GError    **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gnutls_privkey_t privkey = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum, m = { NULL, 0 }, e = { NULL, 0 };
  gsize len = 0;
  int ret;

  if (self->privkey != NULL)
    return TRUE;

  path = g_build_filename (self->data_dir, KEY_FILE_NAME, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!create)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no OIDC signing key yet");
          return FALSE;
        }
      if (!generate_key (path, error))
        return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  datum.data = (unsigned char *) contents;
  datum.size = (unsigned int) len;
  if ((ret = gnutls_privkey_init (&privkey)) < 0)
    return set_gnutls_error (error, ret, "gnutls_privkey_init");
  if ((ret = gnutls_privkey_import_x509_raw (privkey, &datum, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0 ||
      gnutls_privkey_get_pk_algorithm (privkey, NULL) != GNUTLS_PK_RSA)
    {
      gnutls_privkey_deinit (privkey);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a usable RSA key", path);
      return FALSE;
    }
  if ((ret = gnutls_pubkey_init (&pubkey)) < 0 ||
      (ret = gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0)) < 0 ||
      (ret = gnutls_pubkey_export_rsa_raw2 (pubkey, &m, &e, GNUTLS_EXPORT_FLAG_NO_LZ)) < 0)
    {
      if (pubkey != NULL)
        gnutls_pubkey_deinit (pubkey);
      gnutls_privkey_deinit (privkey);
      return set_gnutls_error (error, ret, "reading the OIDC signing key");
    }

  self->privkey = privkey;
  self->pubkey = pubkey;
  self->n64 = datum_base64url (&m);
  self->e64 = datum_base64url (&e);
  self->kid = thumbprint (self->e64, self->n64);
  gnutls_free (m.data);
  gnutls_free (e.data);
  return TRUE;
}

JsonNode *
ac_emu_oidc_jwks (AcEmuOidc *self)
{
  JsonObject *root = json_object_new ();
  JsonObject *key = json_object_new ();
  JsonArray *keys = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (self->privkey != NULL, NULL);

  json_object_set_string_member (key, "kty", "RSA");
  json_object_set_string_member (key, "use", "sig");
  json_object_set_string_member (key, "alg", "RS256");
  json_object_set_string_member (key, "kid", self->kid);
  json_object_set_string_member (key, "n", self->n64);
  json_object_set_string_member (key, "e", self->e64);
  json_array_add_object_element (keys, key);
  json_object_set_array_member (root, "keys", keys);
  json_node_take_object (node, root);
  return node;
}

char *
ac_emu_oidc_s256 (const char *text,
                  gboolean    left_half)
{
  guint8 digest[32];
  int ret = gnutls_hash_fast (GNUTLS_DIG_SHA256, text, strlen (text), digest);

  if (ret < 0)
    g_error ("gnutls_hash_fast failed: %s", gnutls_strerror (ret));
  return ac_emu_base64url_encode (digest, left_half ? 16 : 32);
}

static char *
object_base64url (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = ac_emu_json_to_string (node);
  return ac_emu_base64url_encode ((const guint8 *) text, strlen (text));
}

char *
ac_emu_oidc_sign (AcEmuOidc   *self,
                  JsonObject  *claims,
                  const char  *typ,
                  GError     **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autofree char *header64 = NULL;
  g_autofree char *claims64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature64 = NULL;
  gnutls_datum_t data, signature = { NULL, 0 };
  int ret;

  if (!ac_emu_oidc_ensure_key (self, TRUE, error))
    return NULL;

  json_object_set_string_member (header, "alg", "RS256");
  json_object_set_string_member (header, "typ", typ);
  json_object_set_string_member (header, "kid", self->kid);
  header64 = object_base64url (header);
  claims64 = object_base64url (claims);
  input = g_strconcat (header64, ".", claims64, NULL);

  data.data = (unsigned char *) input;
  data.size = (unsigned int) strlen (input);
  if ((ret = gnutls_privkey_sign_data2 (self->privkey, GNUTLS_SIGN_RSA_SHA256, 0, &data, &signature)) < 0)
    {
      set_gnutls_error (error, ret, "signing a token");
      return NULL;
    }
  signature64 = datum_base64url (&signature);
  gnutls_free (signature.data);
  return g_strconcat (input, ".", signature64, NULL);
}

static JsonObject *
decode_object (const char *part)
{
  g_autofree guint8 *bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;

  bytes = ac_emu_base64url_decode (part, &len);
  if (bytes == NULL || len == 0)
    return NULL;
  /* the same strict reader as request bodies (ac-emu-json.c): a token is no place for lenient JSON */
  root = ac_emu_json_parse_strict ((const char *) bytes, len, 8, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
ac_emu_oidc_verify (AcEmuOidc  *self,
                    const char *jws)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autofree guint8 *signature = NULL;
  g_autofree char *input = NULL;
  gnutls_datum_t data, sig;
  gsize sig_len = 0;

  if (jws == NULL || strlen (jws) > 16384)
    return NULL;
  parts = g_strsplit (jws, ".", -1);
  if (g_strv_length (parts) != 3)
    return NULL;
  header = decode_object (parts[0]);
  if (header == NULL || g_strcmp0 (ac_emu_json_get_string (header, "alg"), "RS256") != 0)
    return NULL;
  /* No key yet means no token of ours can exist: never make one for a stranger's token. */
  if (!ac_emu_oidc_ensure_key (self, FALSE, NULL) ||
      g_strcmp0 (ac_emu_json_get_string (header, "kid"), self->kid) != 0)
    return NULL;

  signature = ac_emu_base64url_decode (parts[2], &sig_len);
  if (signature == NULL || sig_len == 0)
    return NULL;
  input = g_strconcat (parts[0], ".", parts[1], NULL);
  data.data = (unsigned char *) input;
  data.size = (unsigned int) strlen (input);
  sig.data = signature;
  sig.size = (unsigned int) sig_len;
  if (gnutls_pubkey_verify_data2 (self->pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig) < 0)
    return NULL;

  return decode_object (parts[1]);
}

/* ---------------------------------------------------------------------------------------- */
/* Pending sign-ins and codes */

static void
prune (AcEmuOidc *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = now_s ();

  g_hash_table_iter_init (&iter, self->interactions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Interaction *) value)->expires_at <= now)
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Code *) value)->expires_at + USED_CODE_MEMORY_S <= now)
      g_hash_table_iter_remove (&iter);
}

/* Drops the entry that expires first, when a table is full */
static void
make_room (GHashTable *table,
           gboolean    codes)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer oldest = NULL;
  gint64 oldest_at = G_MAXINT64;

  if (g_hash_table_size (table) < MAX_PENDING)
    return;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 at = codes ? ((Code *) value)->expires_at : ((Interaction *) value)->expires_at;

      if (at < oldest_at)
        {
          oldest_at = at;
          oldest = key;
        }
    }
  if (oldest != NULL)
    g_hash_table_remove (table, oldest);
}

const char *
ac_emu_oidc_interaction_add (AcEmuOidc      *self,
                             AcEmuOidcGrant *grant)
{
  Interaction *interaction = g_new0 (Interaction, 1);
  char *id = ac_emu_random_hex (16);

  prune (self);
  make_room (self->interactions, FALSE);
  interaction->grant = grant;
  interaction->expires_at = now_s () + AC_EMU_OIDC_INTERACTION_TTL_S;
  g_hash_table_insert (self->interactions, id, interaction);
  return id;
}

AcEmuOidcGrant *
ac_emu_oidc_interaction_lookup (AcEmuOidc  *self,
                                const char *id)
{
  Interaction *interaction;

  if (id == NULL)
    return NULL;
  prune (self);
  interaction = g_hash_table_lookup (self->interactions, id);
  return interaction != NULL ? interaction->grant : NULL;
}

void
ac_emu_oidc_interaction_remove (AcEmuOidc  *self,
                                const char *id)
{
  g_hash_table_remove (self->interactions, id);
}

char *
ac_emu_oidc_code_add (AcEmuOidc            *self,
                      const AcEmuOidcGrant *grant)
{
  Code *code = g_new0 (Code, 1);
  guint8 bytes[32];
  char *text;

  prune (self);
  make_room (self->codes, TRUE);
  ac_emu_random_bytes (bytes, sizeof bytes);
  text = ac_emu_base64url_encode (bytes, sizeof bytes);
  code->grant = ac_emu_oidc_grant_copy (grant);
  code->expires_at = now_s () + AC_EMU_OIDC_CODE_TTL_S;
  code->sids = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_insert (self->codes, g_strdup (text), code);
  return text;
}

AcEmuOidcCodeStatus
ac_emu_oidc_code_take (AcEmuOidc       *self,
                       const char      *text,
                       AcEmuOidcGrant **out_grant,
                       GStrv           *out_sids)
{
  Code *code;

  *out_grant = NULL;
  *out_sids = NULL;
  prune (self);
  code = text != NULL ? g_hash_table_lookup (self->codes, text) : NULL;
  if (code == NULL)
    return AC_EMU_OIDC_CODE_UNKNOWN;
  if (code->used)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < code->sids->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (code->sids, i));
      *out_sids = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
      return AC_EMU_OIDC_CODE_USED;
    }
  code->used = TRUE;
  if (code->expires_at <= now_s ())
    return AC_EMU_OIDC_CODE_EXPIRED;
  *out_grant = ac_emu_oidc_grant_copy (code->grant);
  return AC_EMU_OIDC_CODE_OK;
}

void
ac_emu_oidc_code_add_sid (AcEmuOidc  *self,
                          const char *text,
                          const char *sid)
{
  Code *code = g_hash_table_lookup (self->codes, text);

  if (code != NULL)
    g_ptr_array_add (code->sids, g_strdup (sid));
}

/* ---------------------------------------------------------------------------------------- */
/* Checks */

gboolean
ac_emu_oidc_redirect_uri_ok (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;
  const char *after_host;

  if (text == NULL || strlen (text) > 2048 || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  /* The scheme and host exactly as written: no case games, no "http://127.0.0.1.evil/" */
  if (g_str_has_prefix (text, "http://127.0.0.1:"))
    after_host = text + strlen ("http://127.0.0.1:");
  else if (g_str_has_prefix (text, "http://[::1]:"))
    after_host = text + strlen ("http://[::1]:");
  else
    return FALSE;
  if (!g_ascii_isdigit (*after_host))
    return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return FALSE;
  host = g_uri_get_host (uri);
  if (g_strcmp0 (host, "127.0.0.1") != 0 && g_strcmp0 (host, "::1") != 0)
    return FALSE;
  if (g_uri_get_port (uri) <= 0 || g_uri_get_port (uri) > 65535)
    return FALSE;
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return FALSE;
  /* The path is ours to compare as a string, but it must be one */
  if (*g_uri_get_path (uri) != '\0' && *g_uri_get_path (uri) != '/')
    return FALSE;
  return TRUE;
}

gboolean
ac_emu_oidc_verifier_ok (const char *verifier)
{
  gsize len;

  if (verifier == NULL)
    return FALSE;
  len = strlen (verifier);
  if (len < 43 || len > 128)
    return FALSE;
  for (const char *p = verifier; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_' && *p != '~')
      return FALSE;
  return TRUE;
}

static char *
form_unescape (const char *text,
               gsize       len)
{
  g_autofree char *plus = g_strndup (text, len);

  for (char *p = plus; *p != '\0'; p++)
    if (*p == '+')
      *p = ' ';
  /* NULL for a bad %-escape or an escaped NUL */
  return g_uri_unescape_string (plus, "");
}

GHashTable *
ac_emu_oidc_parse_form (const char *text,
                        gsize       len)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *end = text + len;
  const char *p = text;

  if (text == NULL)
    return g_steal_pointer (&form);
  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *stop = amp != NULL ? amp : end;
      const char *eq = memchr (p, '=', stop - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (stop > p)
        {
          name = form_unescape (p, (eq != NULL ? eq : stop) - p);
          value = eq != NULL ? form_unescape (eq + 1, stop - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL ||
              !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL) ||
              g_hash_table_contains (form, name))
            return NULL;
          if (*name != '\0')
            g_hash_table_insert (form, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      p = stop + 1;
    }
  return g_steal_pointer (&form);
}
