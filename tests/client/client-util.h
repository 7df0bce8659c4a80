/* client-util.h: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-client.h"
#include "ac-account.h"
#include "ac-test-emulator.h"

G_BEGIN_DECLS

/* Seconds to wait for any one operation before the test fails */
#define AWAIT_S 60

AcTestEmulator *start_emulator        (const char * const *extra_args);
char           *pool_path             (void);
AcClient       *client_for            (AcTestEmulator     *emulator);
AcClient       *signed_in_client      (AcTestEmulator     *emulator,
                                       const char         *account,
                                       const char         *password);
void            sign_in               (AcClient           *client,
                                       const char         *account,
                                       const char         *password,
                                       GError            **error);
AcUserInfo     *current_user          (AcClient           *client,
                                       GError            **error);

G_END_DECLS
