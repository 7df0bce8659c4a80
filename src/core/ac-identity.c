/* ac-identity.c: an account of an external identity provider linked to the user
 * (protocol-security.md §7, `get-identities`)
 *
 * An item {identityId, extIdpId, provider, type, userIdInIdp, userInfoInIdp: {…}}. `extIdpId`
 * (what unlink-extidp takes) and `provider` are required. From userInfoInIdp, whose members
 * depend on the provider, only a name to show and a picture are kept: the first string of
 * login, username, preferred_username, nickname, nick, name, email (else userIdInIdp), and of
 * avatar, avatar_url, avatarUrl, picture, photo, headimgurl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-identity"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-error.h"
#include "ac-identity.h"
#include "ac-json.h"

struct _AcIdentity
{
  GObject  parent_instance;

  char    *identity_id;
  char    *ext_idp_id;
  char    *provider;
  char    *identity_type;
  char    *user_id_in_idp;
  char    *display_name;
  char    *avatar_url;
};

G_DEFINE_FINAL_TYPE (AcIdentity, ac_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTITY_ID,
  PROP_EXT_IDP_ID,
  PROP_PROVIDER,
  PROP_IDENTITY_TYPE,
  PROP_USER_ID_IN_IDP,
  PROP_DISPLAY_NAME,
  PROP_AVATAR_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_identity_finalize (GObject *object)
{
  AcIdentity *self = (AcIdentity *) object;

  g_free (self->identity_id);
  g_free (self->ext_idp_id);
  g_free (self->provider);
  g_free (self->identity_type);
  g_free (self->user_id_in_idp);
  g_free (self->display_name);
  g_free (self->avatar_url);

  G_OBJECT_CLASS (ac_identity_parent_class)->finalize (object);
}

static void
ac_identity_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AcIdentity *self = AC_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_IDENTITY_ID:
      g_value_set_string (value, self->identity_id);
      break;
    case PROP_EXT_IDP_ID:
      g_value_set_string (value, self->ext_idp_id);
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_IDENTITY_TYPE:
      g_value_set_string (value, self->identity_type);
      break;
    case PROP_USER_ID_IN_IDP:
      g_value_set_string (value, self->user_id_in_idp);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_AVATAR_URL:
      g_value_set_string (value, self->avatar_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_identity_class_init (AcIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_identity_finalize;
  object_class->get_property = ac_identity_get_property;

  properties[PROP_IDENTITY_ID] = g_param_spec_string ("identity-id", NULL, NULL, NULL, flags);
  properties[PROP_EXT_IDP_ID] = g_param_spec_string ("ext-idp-id", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, flags);
  properties[PROP_IDENTITY_TYPE] = g_param_spec_string ("identity-type", NULL, NULL, NULL, flags);
  properties[PROP_USER_ID_IN_IDP] = g_param_spec_string ("user-id-in-idp", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_identity_init (AcIdentity *self)
{
}

/* The first member of @names that is a non-empty string of at most 1 KiB (others are skipped:
 * these are whatever the provider sent, not the service's own shape) */
static char *
first_string (JsonObject         *info,
              const char * const *names)
{
  for (guint i = 0; info != NULL && names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (info, names[i]);
      const char *value;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (node);
      if (*value != '\0' && strlen (value) <= 1024)
        return g_strdup (value);
    }
  return NULL;
}

/**
 * ac_identity_new_from_json:
 * @object: an item of `get-identities`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the identity, or %NULL with %AC_ERROR_INVALID_RESPONSE when
 *   `extIdpId` or `provider` is missing or a member has the wrong type
 */
AcIdentity *
ac_identity_new_from_json (JsonObject  *object,
                           GError     **error)
{
  static const char * const name_members[] = {
    "login", "username", "preferred_username", "nickname", "nick", "name", "email", NULL
  };
  static const char * const avatar_members[] = {
    "avatar", "avatar_url", "avatarUrl", "picture", "photo", "headimgurl", NULL
  };
  g_autoptr(AcIdentity) self = g_object_new (AC_TYPE_IDENTITY, NULL);
  JsonObject *info = NULL;

  if (object == NULL)
    {
      g_set_error_literal (error, AC_ERROR, AC_ERROR_INVALID_RESPONSE,
                           _("Malformed answer: the linked account is missing"));
      return NULL;
    }

  if (!ac_json_get_id (object, "extIdpId", TRUE, &self->ext_idp_id, error) ||
      !ac_json_get_id (object, "provider", TRUE, &self->provider, error) ||
      !ac_json_get_id (object, "identityId", FALSE, &self->identity_id, error) ||
      !ac_json_get_string (object, "type", FALSE, &self->identity_type, error) ||
      !ac_json_get_id (object, "userIdInIdp", FALSE, &self->user_id_in_idp, error) ||
      !ac_json_get_object (object, "userInfoInIdp", FALSE, &info, error))
    {
      g_prefix_error (error, _("Linked account: "));
      return NULL;
    }

  self->display_name = first_string (info, name_members);
  if (self->display_name == NULL)
    self->display_name = g_strdup (self->user_id_in_idp);
  self->avatar_url = first_string (info, avatar_members);
  return g_steal_pointer (&self);
}

#define GETTER(field)                                              \
  const char *                                                     \
  ac_identity_get_##field (AcIdentity *self)                       \
  {                                                                \
    g_return_val_if_fail (AC_IS_IDENTITY (self), NULL);            \
    return self->field;                                            \
  }

GETTER (identity_id)
GETTER (ext_idp_id)
GETTER (provider)
GETTER (identity_type)
GETTER (user_id_in_idp)
GETTER (display_name)
GETTER (avatar_url)
