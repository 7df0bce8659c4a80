/* client-util.c: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "client-util.h"

char *
pool_path (void)
{
  return ac_test_source_path ("tests/fixtures/client/pool.json");
}

/* An emulator seeded with tests/fixtures/client/pool.json */
AcTestEmulator *
start_emulator (const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool = pool_path ();
  AcTestEmulator *emulator;

  emulator = ac_test_emulator_start (pool, extra_args, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emulator);

  return emulator;
}

AcClient *
client_for (AcTestEmulator *emulator)
{
  AcClient *client = ac_client_new (ac_test_emulator_get_url (emulator),
                                    ac_test_emulator_get_app_id (emulator));

  ac_client_set_lang (client, "en-US");
  return client;
}

void
sign_in (AcClient    *client,
         const char  *account,
         const char  *password,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AcUserInfo) user = NULL;

  ac_client_sign_in_async (client, account, password, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  user = ac_client_sign_in_finish (client, result, error);
}

AcClient *
signed_in_client (AcTestEmulator *emulator,
                  const char     *account,
                  const char     *password)
{
  g_autoptr(GError) error = NULL;
  AcClient *client = client_for (emulator);

  sign_in (client, account, password, &error);
  g_assert_no_error (error);
  g_assert_true (ac_client_get_signed_in (client));

  return client;
}

AcUserInfo *
current_user (AcClient  *client,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_client_get_current_user_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  return ac_client_get_current_user_finish (client, result, error);
}
