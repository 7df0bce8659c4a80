/* bench-sdk-compare.c: our client doing what bench-sdk-compare.cjs makes the official
 * authing-js-sdk do: sign in (AcClient), then every read at once (ac_account_load_all_async).
 * Prints one JSON line with the times (ms_sign_in and ms_total from exec; ms_from_sign_in from
 * the sign-in call, the client made, to everything loaded: what pressing Sign In costs in a
 * running app) and the process's peak RSS (VmHWM); bench/run-bench.py
 * As in the app, the client connects to the server ahead (ac_client_preconnect()) and Sign In is
 * pressed 200 ms later, the least time a person takes to type; that pause (ms_typing) is left
 * out of the times from exec, and bench/run-bench.py takes it out of the wall time.
 * runs it and the JS script one after the other against the same emulator.
 *
 *   bench-sdk-compare URL APP_ID ACCOUNT PASSWORD
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-account.h"
#include "ac-client.h"
#include "bench-common.h"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The time the app's sign-in form is on screen before Sign In is pressed, at the least */
#define TYPING_MS 200

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  double start = bench_now (), pressed, signed_in, done, typed_for;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcAccount) account = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GAsyncResult) sign_in_result = NULL;
  g_autoptr(GAsyncResult) load_result = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s URL APP_ID ACCOUNT PASSWORD\n", argv[0]);
      return 2;
    }

  client = ac_client_new (argv[1], argv[2]);
  ac_client_set_lang (client, "en-US");
  /* As the app does while the person types (ac_session_warm_up()): connected ahead. The pause
   * is not counted in the times from exec (the JS SDK has none). */
  {
    gboolean typed = FALSE;
    double typing = bench_now ();

    ac_client_preconnect (client);
    g_timeout_add_once (TYPING_MS, set_true, &typed);
    while (!typed)
      g_main_context_iteration (NULL, TRUE);
    typed_for = bench_now () - typing;
    start += typed_for;
  }
  pressed = bench_now ();
  ac_client_sign_in_async (client, argv[3], argv[4], NULL, result_cb, &sign_in_result);
  user = ac_client_sign_in_finish (client, await_result (&sign_in_result), &error);
  if (user == NULL)
    {
      fprintf (stderr, "bench-sdk-compare: sign-in: %s\n", error->message);
      return 1;
    }
  signed_in = bench_now ();

  account = ac_account_new (client);
  ac_account_load_all_async (account, NULL, result_cb, &load_result);
  if (!ac_account_load_all_finish (account, await_result (&load_result), &error))
    {
      fprintf (stderr, "bench-sdk-compare: load_all: %s\n", error->message);
      return 1;
    }
  done = bench_now ();

  printf ("{\"bench\":\"sdk-compare\",\"client\":\"c\",\"ms_sign_in\":%.3f,\"ms_reads\":%.3f,"
          "\"ms_total\":%.3f,\"ms_from_sign_in\":%.3f,\"ms_typing\":%.3f,\"orgs\":%u,\"peak_kib\":%" G_GINT64_FORMAT "}\n",
          (signed_in - start) * 1000, (done - signed_in) * 1000, (done - start) * 1000,
          (done - pressed) * 1000, typed_for * 1000,
          g_list_model_get_n_items (ac_account_get_organizations (account)),
          bench_peak_rss_kib ());
  return 0;
}
