/* bench-load-all.c: how long loading the whole account takes, all reads at once
 * (ac_account_load_all_async) against one read after another, for a few emulator latencies
 *
 * Run with `meson test --benchmark` (it needs AC_EMULATOR, set by the test setup). Prints
 * figures, asserts nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "client-util.h"

#define ROUNDS 5

typedef void     (*StartFunc)  (AcAccount *, GCancellable *, GAsyncReadyCallback, gpointer);
typedef gboolean (*FinishFunc) (AcAccount *, GAsyncResult *, GError **);

static void
start_page (AcAccount *account, GCancellable *c, GAsyncReadyCallback cb, gpointer data)
{
  ac_account_load_applications_page_async (account, 1, c, cb, data);
}

static void
start_roles (AcAccount *account, GCancellable *c, GAsyncReadyCallback cb, gpointer data)
{
  ac_account_load_roles_async (account, "default", c, cb, data);
}

static void
start_resources (AcAccount *account, GCancellable *c, GAsyncReadyCallback cb, gpointer data)
{
  ac_account_load_resources_async (account, "default", NULL, c, cb, data);
}

static const struct { StartFunc start; FinishFunc finish; } reads[] = {
  { ac_account_load_user_async, ac_account_load_user_finish },
  { ac_account_load_custom_fields_async, ac_account_load_custom_fields_finish },
  { ac_account_load_security_level_async, ac_account_load_security_level_finish },
  { start_page, ac_account_load_applications_page_finish },
  { ac_account_load_organizations_async, ac_account_load_organizations_finish },
  { start_roles, ac_account_load_roles_finish },
  { start_resources, ac_account_load_resources_finish },
};

static double
time_concurrent (AcAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  ac_account_load_all_async (account, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, AWAIT_S);
  if (!ac_account_load_all_finish (account, result, &error))
    g_error ("load-all: %s", error->message);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_sequential (AcAccount *account)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      reads[i].start (account, NULL, ac_test_result_cb, &result);
      ac_test_await (&result, AWAIT_S);
      if (!reads[i].finish (account, result, &error))
        g_error ("read %u: %s", i, error->message);
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *latencies[] = { "0", "50", "200" };

  setlocale (LC_ALL, "");

  printf ("# load the whole account (7 reads), mean of %d rounds, milliseconds\n", ROUNDS);
  printf ("%-12s %12s %12s %8s\n", "latency", "concurrent", "sequential", "ratio");

  for (guint l = 0; l < G_N_ELEMENTS (latencies); l++)
    {
      const char *args[] = { "--latency", latencies[l], NULL };
      g_autoptr(AcTestEmulator) emulator = start_emulator (args);
      g_autoptr(AcClient) client = signed_in_client (emulator, "alice", "alice-pass-1");
      g_autoptr(AcAccount) account = ac_account_new (client);
      double concurrent = 0, sequential = 0;

      /* warm up the connections */
      time_concurrent (account);

      for (guint r = 0; r < ROUNDS; r++)
        {
          concurrent += time_concurrent (account);
          sequential += time_sequential (account);
        }
      concurrent /= ROUNDS;
      sequential /= ROUNDS;

      printf ("%-12s %12.1f %12.1f %8.2f\n", latencies[l], concurrent, sequential,
              concurrent > 0 ? sequential / concurrent : 0);
    }

  return 0;
}
