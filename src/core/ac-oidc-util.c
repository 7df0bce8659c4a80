/* ac-oidc-util.c: the pieces of browser sign-in that need no network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-oidc"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "ac-error.h"
#include "ac-json.h"
#include "ac-oidc-util.h"

/* How far clocks may disagree when checking exp and iat */
#define LEEWAY_S 60
/* A JWS larger than this is not one of ours to read */
#define MAX_JWT_LENGTH 16384

/* ------------------------------------------------------------------------------------------ */
/* Reading members (absent and wrongly typed are alike: not there)                            */

static const char *
str_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
int_member (JsonObject *object,
            const char *member,
            gint64     *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* An array of strings, else NULL */
static GStrv
strv_member (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------------------------------ */
/* base64url, random values, PKCE                                                             */

char *
ac_oidc_base64url_encode (const guint8 *data,
                          gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *w = text;

  for (const char *r = text; *r != '\0'; r++)
    {
      if (*r == '=')
        continue;
      *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
    }
  *w = '\0';
  return text;
}

GBytes *
ac_oidc_base64url_decode (const char *text)
{
  g_autoptr(GString) b64 = NULL;
  guchar *data;
  gsize n, len = 0;

  if (text == NULL)
    return NULL;
  n = strlen (text);
  if (n % 4 == 1)
    return NULL;
  b64 = g_string_sized_new (n + 4);
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
      g_string_append_c (b64, c);
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  if (b64->len == 0)
    return g_bytes_new (NULL, 0);
  data = g_base64_decode (b64->str, &len);
  return g_bytes_new_take (data, len);
}

char *
ac_oidc_random_string (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  char *text;
  int ret;

  ret = gnutls_rnd (GNUTLS_RND_RANDOM, bytes, n_bytes);
  if (ret < 0)
    g_error ("gnutls_rnd failed: %s", gnutls_strerror (ret));
  text = ac_oidc_base64url_encode (bytes, n_bytes);
  gnutls_memset (bytes, 0, n_bytes);
  return text;
}

char *
ac_oidc_s256 (const char *verifier)
{
  guint8 digest[32];
  int ret;

  g_return_val_if_fail (verifier != NULL, NULL);

  ret = gnutls_hash_fast (GNUTLS_DIG_SHA256, verifier, strlen (verifier), digest);
  if (ret < 0)
    g_error ("gnutls_hash_fast failed: %s", gnutls_strerror (ret));
  return ac_oidc_base64url_encode (digest, sizeof digest);
}

static char *
form_unescape (const char *text,
               gsize       len)
{
  g_autofree char *plus = g_strndup (text, len);

  for (char *p = plus; *p != '\0'; p++)
    if (*p == '+')
      *p = ' ';
  /* NULL for a malformed escape or an escaped NUL */
  return g_uri_unescape_string (plus, "");
}

GHashTable *
ac_oidc_parse_query (const char *query)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p;

  g_return_val_if_fail (query != NULL, NULL);

  for (p = query; *p != '\0';)
    {
      const char *stop = strchr (p, '&');
      const char *eq;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (stop == NULL)
        stop = p + strlen (p);
      eq = memchr (p, '=', stop - p);
      if (stop > p)
        {
          name = form_unescape (p, (eq != NULL ? eq : stop) - p);
          value = eq != NULL ? form_unescape (eq + 1, stop - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL || !g_utf8_validate (name, -1, NULL) ||
              !g_utf8_validate (value, -1, NULL) || g_hash_table_contains (params, name))
            return NULL;
          g_hash_table_insert (params, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      p = *stop == '&' ? stop + 1 : stop;
    }
  return g_steal_pointer (&params);
}

/* ------------------------------------------------------------------------------------------ */
/* The discovery document                                                                     */

void
ac_oidc_provider_free (AcOidcProvider *provider)
{
  if (provider == NULL)
    return;
  g_free (provider->issuer);
  g_free (provider->authorization_endpoint);
  g_free (provider->token_endpoint);
  g_free (provider->jwks_uri);
  g_free (provider->userinfo_endpoint);
  g_free (provider->end_session_endpoint);
  g_free (provider);
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  int pa = g_uri_get_port (a) > 0 ? g_uri_get_port (a) : default_port (g_uri_get_scheme (a));
  int pb = g_uri_get_port (b) > 0 ? g_uri_get_port (b) : default_port (g_uri_get_scheme (b));

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         pa == pb;
}

static gboolean
provider_error (GError     **error,
                const char  *what)
{
  g_set_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
               /* Translators: %s names what is wrong, e.g. "token_endpoint" */
               _("The server does not offer sign-in in the browser (%s)."), what);
  return FALSE;
}

/* An endpoint of the document: a string, an absolute URL on the issuer's origin */
static gboolean
take_endpoint (JsonObject  *config,
               const char  *member,
               GUri        *issuer,
               gboolean     required,
               char       **out,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *text = str_member (config, member);

  *out = NULL;
  if (text == NULL || *text == '\0')
    return required ? provider_error (error, member) : TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !same_origin (uri, issuer) || g_uri_get_fragment (uri) != NULL)
    return provider_error (error, member);

  *out = g_strdup (text);
  return TRUE;
}

/* When the member lists values, @wanted must be among them */
static gboolean
lists_or_absent (JsonObject *config,
                 const char *member,
                 const char *wanted)
{
  g_auto(GStrv) values = NULL;

  if (!json_object_has_member (config, member))
    return TRUE;
  values = strv_member (config, member);
  if (values == NULL)
    return FALSE;
  return g_strv_contains ((const char * const *) values, wanted);
}

AcOidcProvider *
ac_oidc_provider_new_from_json (JsonObject  *config,
                                const char  *issuer,
                                GError     **error)
{
  g_autoptr(AcOidcProvider) provider = g_new0 (AcOidcProvider, 1);
  g_autoptr(GUri) issuer_uri = NULL;
  const char *said = str_member (config, "issuer");

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  issuer_uri = g_uri_parse (issuer, G_URI_FLAGS_NONE, NULL);
  if (issuer_uri == NULL)
    return provider_error (error, "issuer"), NULL;

  if (g_strcmp0 (said, issuer) != 0)
    return provider_error (error, "issuer"), NULL;
  provider->issuer = g_strdup (issuer);

  if (!take_endpoint (config, "authorization_endpoint", issuer_uri, TRUE, &provider->authorization_endpoint, error) ||
      !take_endpoint (config, "token_endpoint", issuer_uri, TRUE, &provider->token_endpoint, error) ||
      !take_endpoint (config, "jwks_uri", issuer_uri, TRUE, &provider->jwks_uri, error) ||
      !take_endpoint (config, "userinfo_endpoint", issuer_uri, FALSE, &provider->userinfo_endpoint, error) ||
      !take_endpoint (config, "end_session_endpoint", issuer_uri, FALSE, &provider->end_session_endpoint, error))
    return NULL;

  if (!lists_or_absent (config, "response_types_supported", "code"))
    return provider_error (error, "response_types_supported"), NULL;
  if (!lists_or_absent (config, "code_challenge_methods_supported", "S256"))
    return provider_error (error, "code_challenge_methods_supported"), NULL;
  if (!lists_or_absent (config, "id_token_signing_alg_values_supported", "RS256"))
    return provider_error (error, "id_token_signing_alg_values_supported"), NULL;

  return g_steal_pointer (&provider);
}

/* ------------------------------------------------------------------------------------------ */
/* JWS                                                                                        */

static JsonObject *
decode_part (const char *part)
{
  g_autoptr(GBytes) bytes = ac_oidc_base64url_decode (part);
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    return NULL;
  root = ac_json_parse (data, len, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
ac_oidc_jwt_claims (const char  *jwt,
                    JsonObject **out_header)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonObject) header = NULL;
  JsonObject *claims;

  if (out_header != NULL)
    *out_header = NULL;
  if (jwt == NULL || strlen (jwt) > MAX_JWT_LENGTH)
    return NULL;
  parts = g_strsplit (jwt, ".", 4);
  if (g_strv_length (parts) != 3)
    return NULL;
  header = decode_part (parts[0]);
  claims = decode_part (parts[1]);
  if (header == NULL || claims == NULL)
    {
      g_clear_pointer (&claims, json_object_unref);
      return NULL;
    }
  if (out_header != NULL)
    *out_header = g_steal_pointer (&header);
  return claims;
}

static gboolean
jwt_error (GError     **error,
           const char  *what)
{
  g_set_error (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN,
               /* Translators: %s names the check that failed, e.g. "signature" or "nonce" */
               _("The identity token from the server could not be verified (%s)."), what);
  return FALSE;
}

static gnutls_pubkey_t
rsa_key_from_jwk (JsonObject *jwk)
{
  const char *n = str_member (jwk, "n");
  const char *e = str_member (jwk, "e");
  g_autoptr(GBytes) n_bytes = NULL;
  g_autoptr(GBytes) e_bytes = NULL;
  gnutls_pubkey_t key = NULL;
  gnutls_datum_t m, exp;
  unsigned int bits = 0;
  gsize len;

  if (n == NULL || e == NULL)
    return NULL;
  n_bytes = ac_oidc_base64url_decode (n);
  e_bytes = ac_oidc_base64url_decode (e);
  if (n_bytes == NULL || e_bytes == NULL || g_bytes_get_size (n_bytes) == 0 ||
      g_bytes_get_size (e_bytes) == 0 || g_bytes_get_size (e_bytes) > 8)
    return NULL;

  m.data = (unsigned char *) g_bytes_get_data (n_bytes, &len);
  m.size = (unsigned int) len;
  exp.data = (unsigned char *) g_bytes_get_data (e_bytes, &len);
  exp.size = (unsigned int) len;
  if (gnutls_pubkey_init (&key) < 0)
    return NULL;
  if (gnutls_pubkey_import_rsa_raw (key, &m, &exp) < 0 ||
      gnutls_pubkey_get_pk_algorithm (key, &bits) != GNUTLS_PK_RSA || bits < 2048)
    {
      gnutls_pubkey_deinit (key);
      return NULL;
    }
  return key;
}

/* The JWK of @jwks that may have signed a token with this header */
static JsonObject *
find_key (JsonObject *jwks,
          JsonObject *header)
{
  JsonNode *keys_node = jwks != NULL ? json_object_get_member (jwks, "keys") : NULL;
  const char *kid = str_member (header, "kid");
  JsonObject *found = NULL;
  JsonArray *keys;
  guint n_rsa = 0;

  if (keys_node == NULL || !JSON_NODE_HOLDS_ARRAY (keys_node))
    return NULL;
  keys = json_node_get_array (keys_node);
  if (json_object_has_member (header, "kid") && kid == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonNode *node = json_array_get_element (keys, i);
      JsonObject *key;
      const char *use, *alg;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      key = json_node_get_object (node);
      use = str_member (key, "use");
      alg = str_member (key, "alg");
      if (g_strcmp0 (str_member (key, "kty"), "RSA") != 0 ||
          (use != NULL && g_strcmp0 (use, "sig") != 0) ||
          (alg != NULL && g_strcmp0 (alg, "RS256") != 0))
        continue;
      if (kid != NULL)
        {
          if (g_strcmp0 (kid, str_member (key, "kid")) == 0)
            return key;
          continue;
        }
      found = key;
      n_rsa++;
    }
  return n_rsa == 1 ? found : NULL;
}

gboolean
ac_oidc_jwt_verify (const char  *jwt,
                    JsonObject  *jwks,
                    GError     **error)
{
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *input = NULL;
  JsonObject *jwk;
  gnutls_pubkey_t key;
  gnutls_datum_t data, sig;
  gsize len = 0;
  int ret;

  claims = ac_oidc_jwt_claims (jwt, &header);
  if (claims == NULL)
    return jwt_error (error, "format");
  if (g_strcmp0 (str_member (header, "alg"), "RS256") != 0)
    return jwt_error (error, "alg");

  jwk = find_key (jwks, header);
  if (jwk == NULL)
    return jwt_error (error, "kid");
  key = rsa_key_from_jwk (jwk);
  if (key == NULL)
    return jwt_error (error, "jwks");

  parts = g_strsplit (jwt, ".", 4);
  signature = ac_oidc_base64url_decode (parts[2]);
  if (signature == NULL || g_bytes_get_size (signature) == 0)
    {
      gnutls_pubkey_deinit (key);
      return jwt_error (error, "signature");
    }
  input = g_strconcat (parts[0], ".", parts[1], NULL);
  data.data = (unsigned char *) input;
  data.size = (unsigned int) strlen (input);
  sig.data = (unsigned char *) g_bytes_get_data (signature, &len);
  sig.size = (unsigned int) len;
  ret = gnutls_pubkey_verify_data2 (key, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig);
  gnutls_pubkey_deinit (key);
  if (ret < 0)
    return jwt_error (error, "signature");
  return TRUE;
}

/* at_hash: base64url of the left half of SHA-256 of the access token */
static char *
at_hash (const char *access_token)
{
  guint8 digest[32];

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, access_token, strlen (access_token), digest) < 0)
    return NULL;
  return ac_oidc_base64url_encode (digest, 16);
}

static gboolean
audience_ok (JsonObject *claims,
             const char *client_id)
{
  g_auto(GStrv) audiences = NULL;
  const char *aud = str_member (claims, "aud");
  const char *azp = str_member (claims, "azp");
  gboolean has_azp = json_object_has_member (claims, "azp");

  if (aud != NULL)
    return g_strcmp0 (aud, client_id) == 0 && (!has_azp || g_strcmp0 (azp, client_id) == 0);

  audiences = strv_member (claims, "aud");
  if (audiences == NULL || !g_strv_contains ((const char * const *) audiences, client_id))
    return FALSE;
  /* With several audiences, azp must name us (OIDC Core §3.1.3.7 items 4 and 5) */
  if (g_strv_length (audiences) > 1 || has_azp)
    return g_strcmp0 (azp, client_id) == 0;
  return TRUE;
}

JsonObject *
ac_oidc_check_id_token (const char  *id_token,
                        JsonObject  *jwks,
                        const char  *issuer,
                        const char  *client_id,
                        const char  *nonce,
                        const char  *access_token,
                        gint64       now_unix,
                        GError     **error)
{
  g_autoptr(JsonObject) claims = NULL;
  const char *sub;
  gint64 exp = 0, iat = 0;

  g_return_val_if_fail (issuer != NULL && client_id != NULL, NULL);

  if (!ac_oidc_jwt_verify (id_token, jwks, error))
    return NULL;
  claims = ac_oidc_jwt_claims (id_token, NULL);

  if (g_strcmp0 (str_member (claims, "iss"), issuer) != 0)
    return jwt_error (error, "iss"), NULL;
  if (!audience_ok (claims, client_id))
    return jwt_error (error, "aud"), NULL;
  sub = str_member (claims, "sub");
  if (sub == NULL || *sub == '\0')
    return jwt_error (error, "sub"), NULL;
  if (!int_member (claims, "exp", &exp) || exp + LEEWAY_S <= now_unix)
    return jwt_error (error, "exp"), NULL;
  if (!int_member (claims, "iat", &iat) || iat - LEEWAY_S > now_unix)
    return jwt_error (error, "iat"), NULL;
  if (nonce != NULL && g_strcmp0 (str_member (claims, "nonce"), nonce) != 0)
    return jwt_error (error, "nonce"), NULL;
  if (access_token != NULL && json_object_has_member (claims, "at_hash"))
    {
      g_autofree char *expected = at_hash (access_token);

      if (expected == NULL || g_strcmp0 (str_member (claims, "at_hash"), expected) != 0)
        return jwt_error (error, "at_hash"), NULL;
    }

  return g_steal_pointer (&claims);
}
