/* ac-this-device.h: gives the session this computer, as the policy wants it named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-policy.h"
#include "ac-session.h"

G_BEGIN_DECLS

void ac_this_device_attach (AcSession *session,
                            AcPolicy  *policy);

G_END_DECLS
