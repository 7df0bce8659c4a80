/* ac-core.h: the public headers of src/core (never GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-types.h"
#include "ac-error.h"
#include "ac-user-info.h"
#include "ac-application.h"
#include "ac-organization.h"
#include "ac-org-forest.h"
#include "ac-role.h"
#include "ac-resource.h"
#include "ac-security-level.h"
#include "ac-custom-field.h"
#include "ac-client.h"
#include "ac-profile-changes.h"
#include "ac-account.h"
#include "ac-policy.h"
#include "ac-session.h"
#include "ac-oidc-sign-in.h"
