/* ac-policy.c: the administrator's keys and their locks, as read-only properties
 *
 * Locked or disallowed features are treated the way GNOME Settings treats locked settings:
 * what cannot be changed is not offered, and what is shown for information only is read-only.
 * AcPolicy only says what is allowed; the widgets bind to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-policy"

#include "config.h"

#include "ac-policy.h"

typedef struct
{
  gboolean  kiosk;
  gboolean  server_locked;
  char     *locked_host;
  char     *locked_app_id;
  gboolean  can_edit_profile;
  gboolean  can_change_avatar;
  gboolean  can_delete_account;
  guint     idle_sign_out;
  gboolean  remember_session;
  gboolean  can_browser_sign_in;
} Values;

struct _AcPolicy
{
  GObject    parent_instance;

  GSettings *settings;
  gboolean   kiosk_requested;
  Values     values;
};

G_DEFINE_FINAL_TYPE (AcPolicy, ac_policy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_KIOSK,
  PROP_SERVER_LOCKED,
  PROP_LOCKED_HOST,
  PROP_LOCKED_APP_ID,
  PROP_CAN_EDIT_PROFILE,
  PROP_CAN_CHANGE_AVATAR,
  PROP_CAN_DELETE_ACCOUNT,
  PROP_IDLE_SIGN_OUT,
  PROP_REMEMBER_SESSION,
  PROP_CAN_BROWSER_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_locked (AcPolicy   *self,
           const char *key)
{
  return self->settings != NULL && !g_settings_is_writable (self->settings, key);
}

static gboolean
get_boolean (AcPolicy   *self,
             const char *key,
             gboolean    fallback)
{
  return self->settings != NULL ? g_settings_get_boolean (self->settings, key) : fallback;
}

static char *
get_locked_string (AcPolicy   *self,
                   const char *key)
{
  return is_locked (self, key) ? g_settings_get_string (self->settings, key) : NULL;
}

static void
read_values (AcPolicy *self,
             Values   *values)
{
  values->kiosk = self->kiosk_requested || get_boolean (self, "kiosk", FALSE);
  values->locked_host = get_locked_string (self, "host");
  values->locked_app_id = get_locked_string (self, "app-id");
  values->server_locked = values->kiosk || values->locked_host != NULL || values->locked_app_id != NULL;
  values->can_edit_profile = get_boolean (self, "allow-profile-edit", TRUE);
  values->can_change_avatar = get_boolean (self, "allow-avatar-change", TRUE);
  values->can_delete_account = get_boolean (self, "allow-delete-account", TRUE);
  values->idle_sign_out = self->settings != NULL ? g_settings_get_uint (self->settings, "idle-sign-out") : 0;
  values->remember_session = !values->kiosk && get_boolean (self, "remember-session", TRUE);
  values->can_browser_sign_in = !values->kiosk || get_boolean (self, "kiosk-browser-sign-in", FALSE);
}

static void
values_clear (Values *values)
{
  g_clear_pointer (&values->locked_host, g_free);
  g_clear_pointer (&values->locked_app_id, g_free);
}

/* Reads everything again and notifies what changed. */
static void
update (AcPolicy *self)
{
  Values old = self->values;
  Values now = { 0 };

  read_values (self, &now);
  self->values = now;

  g_object_freeze_notify (G_OBJECT (self));
  if (old.kiosk != now.kiosk)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIOSK]);
  if (old.server_locked != now.server_locked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_LOCKED]);
  if (g_strcmp0 (old.locked_host, now.locked_host) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_HOST]);
  if (g_strcmp0 (old.locked_app_id, now.locked_app_id) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_APP_ID]);
  if (old.can_edit_profile != now.can_edit_profile)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_EDIT_PROFILE]);
  if (old.can_change_avatar != now.can_change_avatar)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CHANGE_AVATAR]);
  if (old.can_delete_account != now.can_delete_account)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_DELETE_ACCOUNT]);
  if (old.idle_sign_out != now.idle_sign_out)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_SIGN_OUT]);
  if (old.remember_session != now.remember_session)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBER_SESSION]);
  if (old.can_browser_sign_in != now.can_browser_sign_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_BROWSER_SIGN_IN]);
  g_object_thaw_notify (G_OBJECT (self));

  values_clear (&old);
}

static void
settings_changed_cb (AcPolicy *self)
{
  update (self);
}

static void
ac_policy_constructed (GObject *object)
{
  AcPolicy *self = AC_POLICY (object);

  G_OBJECT_CLASS (ac_policy_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "writable-changed", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  read_values (self, &self->values);
}

static void
ac_policy_dispose (GObject *object)
{
  AcPolicy *self = AC_POLICY (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ac_policy_parent_class)->dispose (object);
}

static void
ac_policy_finalize (GObject *object)
{
  AcPolicy *self = AC_POLICY (object);

  values_clear (&self->values);

  G_OBJECT_CLASS (ac_policy_parent_class)->finalize (object);
}

static void
ac_policy_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AcPolicy *self = AC_POLICY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_KIOSK:
      g_value_set_boolean (value, self->values.kiosk);
      break;
    case PROP_SERVER_LOCKED:
      g_value_set_boolean (value, self->values.server_locked);
      break;
    case PROP_LOCKED_HOST:
      g_value_set_string (value, self->values.locked_host);
      break;
    case PROP_LOCKED_APP_ID:
      g_value_set_string (value, self->values.locked_app_id);
      break;
    case PROP_CAN_EDIT_PROFILE:
      g_value_set_boolean (value, self->values.can_edit_profile);
      break;
    case PROP_CAN_CHANGE_AVATAR:
      g_value_set_boolean (value, self->values.can_change_avatar);
      break;
    case PROP_CAN_DELETE_ACCOUNT:
      g_value_set_boolean (value, self->values.can_delete_account);
      break;
    case PROP_IDLE_SIGN_OUT:
      g_value_set_uint (value, self->values.idle_sign_out);
      break;
    case PROP_REMEMBER_SESSION:
      g_value_set_boolean (value, self->values.remember_session);
      break;
    case PROP_CAN_BROWSER_SIGN_IN:
      g_value_set_boolean (value, self->values.can_browser_sign_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_policy_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AcPolicy *self = AC_POLICY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_policy_class_init (AcPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ac_policy_constructed;
  object_class->dispose = ac_policy_dispose;
  object_class->finalize = ac_policy_finalize;
  object_class->get_property = ac_policy_get_property;
  object_class->set_property = ac_policy_set_property;

  /**
   * AcPolicy:settings:
   *
   * The application's settings, or %NULL (everything allowed).
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * AcPolicy:kiosk:
   *
   * Kiosk mode: fullscreen, no quitting, nothing remembered (the "kiosk" key or --kiosk).
   */
  properties[PROP_KIOSK] = g_param_spec_boolean ("kiosk", NULL, NULL, FALSE, flags);
  /**
   * AcPolicy:server-locked:
   *
   * The host and application ID are not the person's to choose.
   */
  properties[PROP_SERVER_LOCKED] = g_param_spec_boolean ("server-locked", NULL, NULL, FALSE, flags);
  /**
   * AcPolicy:locked-host:
   *
   * The administrator's host when the "host" key is locked, else %NULL.
   */
  properties[PROP_LOCKED_HOST] = g_param_spec_string ("locked-host", NULL, NULL, NULL, flags);
  /**
   * AcPolicy:locked-app-id:
   *
   * The administrator's application ID when the "app-id" key is locked, else %NULL.
   */
  properties[PROP_LOCKED_APP_ID] = g_param_spec_string ("locked-app-id", NULL, NULL, NULL, flags);
  /**
   * AcPolicy:can-edit-profile:
   *
   * The profile may be edited (else it is shown read-only).
   */
  properties[PROP_CAN_EDIT_PROFILE] = g_param_spec_boolean ("can-edit-profile", NULL, NULL, TRUE, flags);
  /**
   * AcPolicy:can-change-avatar:
   *
   * The picture may be changed (else "Change…" is not offered).
   */
  properties[PROP_CAN_CHANGE_AVATAR] = g_param_spec_boolean ("can-change-avatar", NULL, NULL, TRUE, flags);
  /**
   * AcPolicy:can-delete-account:
   *
   * The account may be deleted from the app (else Delete Account is not offered).
   */
  properties[PROP_CAN_DELETE_ACCOUNT] = g_param_spec_boolean ("can-delete-account", NULL, NULL, TRUE, flags);
  /**
   * AcPolicy:idle-sign-out:
   *
   * Seconds without input before the person is signed out; 0: never.
   */
  properties[PROP_IDLE_SIGN_OUT] = g_param_spec_uint ("idle-sign-out", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * AcPolicy:remember-session:
   *
   * A session may be kept in the keyring (never in kiosk mode).
   */
  properties[PROP_REMEMBER_SESSION] = g_param_spec_boolean ("remember-session", NULL, NULL, TRUE, flags);
  /**
   * AcPolicy:can-browser-sign-in:
   *
   * The sign-in page offers "Sign In with Browser": always outside kiosk mode, in kiosk mode
   * only when the administrator set "kiosk-browser-sign-in".
   */
  properties[PROP_CAN_BROWSER_SIGN_IN] = g_param_spec_boolean ("can-browser-sign-in", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_policy_init (AcPolicy *self)
{
}

/**
 * ac_policy_new:
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full): the policy of @settings
 */
AcPolicy *
ac_policy_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (AC_TYPE_POLICY, "settings", settings, NULL);
}

/**
 * ac_policy_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings
 */
GSettings *
ac_policy_get_settings (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), NULL);
  return self->settings;
}

gboolean
ac_policy_get_kiosk (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), FALSE);
  return self->values.kiosk;
}

void
ac_policy_set_kiosk_requested (AcPolicy *self,
                               gboolean  requested)
{
  g_return_if_fail (AC_IS_POLICY (self));

  if (self->kiosk_requested == !!requested)
    return;
  self->kiosk_requested = !!requested;
  update (self);
}

gboolean
ac_policy_get_server_locked (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), FALSE);
  return self->values.server_locked;
}

const char *
ac_policy_get_locked_host (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), NULL);
  return self->values.locked_host;
}

const char *
ac_policy_get_locked_app_id (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), NULL);
  return self->values.locked_app_id;
}

gboolean
ac_policy_get_can_edit_profile (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), TRUE);
  return self->values.can_edit_profile;
}

gboolean
ac_policy_get_can_change_avatar (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), TRUE);
  return self->values.can_change_avatar;
}

gboolean
ac_policy_get_can_delete_account (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), TRUE);
  return self->values.can_delete_account;
}

guint
ac_policy_get_idle_sign_out (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), 0);
  return self->values.idle_sign_out;
}

gboolean
ac_policy_get_remember_session (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), FALSE);
  return self->values.remember_session;
}

gboolean
ac_policy_get_can_browser_sign_in (AcPolicy *self)
{
  g_return_val_if_fail (AC_IS_POLICY (self), FALSE);
  return self->values.can_browser_sign_in;
}
