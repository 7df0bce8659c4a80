/* ac-this-device.c: gives the session this computer, as the policy wants it named
 *
 * The app names this computer at each sign-in and registers it as a `Desktop` device
 * (AcSession does both). In kiosk mode the terminal is one device that every person who signs
 * in on it shares, named so ("Shared terminal (host)"); the policy may switch kiosk mode while
 * the app runs, and the next sign-in follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-this-device"

#include "config.h"

#include "ac-this-device.h"

static void
load_device (AcSession *session,
             AcPolicy  *policy)
{
  g_autoptr(AcDeviceInfo) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ac_device_info_load_for_this_device (ac_policy_get_kiosk (policy), &error);
  if (device == NULL)
    {
      /* The sign-in still works; the service names the device from the user agent. */
      g_warning ("Could not identify this device: %s", error->message);
      return;
    }

  ac_session_set_device_info (session, device);
}

static void
kiosk_changed_cb (AcPolicy   *policy,
                  GParamSpec *pspec,
                  AcSession  *session)
{
  load_device (session, policy);
}

/**
 * ac_this_device_attach:
 * @session: the session
 * @policy: the administrator's policy (kiosk mode)
 *
 * Gives @session this computer, unless it has it already (a second window of the same
 * session), and follows kiosk mode.
 */
void
ac_this_device_attach (AcSession *session,
                       AcPolicy  *policy)
{
  g_return_if_fail (AC_IS_SESSION (session));
  g_return_if_fail (AC_IS_POLICY (policy));

  if (ac_session_get_device_info (session) != NULL)
    return;

  load_device (session, policy);
  g_signal_connect_object (policy, "notify::kiosk", G_CALLBACK (kiosk_changed_cb), session, 0);
}
