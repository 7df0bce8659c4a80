/* ac-session-device.c: this computer in the person's list of devices (issue 12)
 *
 * The session is given this computer (an AcDeviceInfo, made by whoever knows the policy: on a
 * kiosk the terminal is one device shared by every person). Each client the session makes
 * carries its id, so that a sign-in names this device (`x-authing-device-id`), and each
 * session opened registers the device once (`create-device`, in the background): the list
 * shows it with its host name and system rather than a name guessed from the user agent.
 *
 * The device is kept on the session as qdata so that AcSession's struct does not change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-session"

#include "config.h"

#include "ac-session-private.h"

static GQuark
device_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("ac-session-device");
  return quark;
}

/**
 * ac_session_set_device_info:
 * @self: a #AcSession
 * @device: (nullable): this computer, or %NULL to name no device
 *
 * The device the next sign-ins name and register. The open session (if any) keeps the device
 * it signed in with.
 */
void
ac_session_set_device_info (AcSession    *self,
                            AcDeviceInfo *device)
{
  g_return_if_fail (AC_IS_SESSION (self));
  g_return_if_fail (device == NULL || AC_IS_DEVICE_INFO (device));

  g_object_set_qdata_full (G_OBJECT (self), device_quark (),
                           device != NULL ? g_object_ref (device) : NULL, g_object_unref);
}

/**
 * ac_session_get_device_info:
 *
 * Returns: (transfer none) (nullable): this computer, as given to ac_session_set_device_info()
 */
AcDeviceInfo *
ac_session_get_device_info (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), device_quark ());
}

/* A client the session made: it names this device when it signs in. */
void
_ac_session_prepare_client (AcSession *self,
                            AcClient  *client)
{
  AcDeviceInfo *device = ac_session_get_device_info (self);

  if (device != NULL)
    ac_client_set_device_id (client, ac_device_info_get_device_id (device));
}

AcClient *
ac_session_new_client (AcSession  *self,
                       const char *host,
                       const char *app_id)
{
  AcClient *client;

  g_return_val_if_fail (AC_IS_SESSION (self), NULL);

  client = ac_client_new (host, app_id);
  _ac_session_prepare_client (self, client);
  return client;
}

/**
 * ac_session_warm_up:
 * @self: a session
 * @host: the server the sign-in form names
 * @app_id: the application id it names
 *
 * The sign-in form is on screen: a client for @host connects to it ahead
 * (ac_client_preconnect()), and the next password sign-in to the same server and application
 * uses it, so pressing Sign In does not wait for the connection (over HTTPS, nor for the TLS
 * handshake). Another server named later simply gets a client of its own.
 *
 * The account such a sign-in fills is made now too (ac_session_get_next_account()), so that
 * what shows it can be built while the person types.
 */
void
ac_session_warm_up (AcSession  *self,
                    const char *host,
                    const char *app_id)
{
  g_return_if_fail (AC_IS_SESSION (self));

  if (host == NULL || *host == '\0' || app_id == NULL || *app_id == '\0')
    return;
  if (self->warm_client != NULL && g_str_equal (self->warm_host, host) && g_str_equal (self->warm_app_id, app_id))
    return;

  g_clear_object (&self->warm_client);
  g_free (self->warm_host);
  g_free (self->warm_app_id);
  self->warm_host = g_strdup (host);
  self->warm_app_id = g_strdup (app_id);
  self->warm_client = ac_session_new_client (self, host, app_id);
  g_clear_object (&self->warm_account);
  self->warm_account = ac_account_new (self->warm_client);
  ac_client_preconnect (self->warm_client);
}

/**
 * ac_session_get_next_account:
 * @self: a session
 *
 * The account that the next password sign-in fills if it goes to the server and application
 * of the last ac_session_warm_up(): empty (no user, no token, nothing loaded) until then, and
 * from then on the session's #AcSession:account. A view of the account (the window's pages)
 * can be built for it ahead, and is kept when the session opens with it. Another sign-in
 * (another server, the browser, a resumed session) gets an account of its own.
 *
 * Returns: (transfer none) (nullable): that account, or %NULL when there is none (before any
 *   warm-up, and once a session opened with it)
 */
AcAccount *
ac_session_get_next_account (AcSession *self)
{
  g_return_val_if_fail (AC_IS_SESSION (self), NULL);
  return self->warm_account;
}

/* A client for a sign-in to @host: the one connected ahead if it was made for it (used once) */
AcClient *
_ac_session_take_client (AcSession  *self,
                         const char *host,
                         const char *app_id)
{
  if (self->warm_client != NULL && g_str_equal (self->warm_host, host) && g_str_equal (self->warm_app_id, app_id))
    {
      g_clear_pointer (&self->warm_host, g_free);
      g_clear_pointer (&self->warm_app_id, g_free);
      return g_steal_pointer (&self->warm_client);
    }
  return ac_session_new_client (self, host, app_id);
}

static void
registered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not worth bothering the person: the device is listed anyway, named from the user agent. */
  if (!ac_account_register_device_finish (AC_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not register this device: %s", error->message);
}

/* A session just opened: registers this device, if the session signed in as it. */
void
_ac_session_register_device (AcSession *self)
{
  AcDeviceInfo *device = ac_session_get_device_info (self);

  if (device == NULL || self->account == NULL ||
      g_strcmp0 (ac_client_get_device_id (self->client), ac_device_info_get_device_id (device)) != 0)
    return;

  ac_account_register_device_async (self->account, device, self->session_cancellable,
                                    registered_cb, NULL);
}
