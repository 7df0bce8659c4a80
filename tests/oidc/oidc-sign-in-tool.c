/* oidc-sign-in-tool.c: the app's side of browser sign-in, for the real-browser test
 *
 *   oidc-sign-in-tool HOST APP_ID [TIMEOUT_S]
 *
 * Runs AcOidcSignIn against HOST. Its ::open-uri handler does what the app's window does with
 * gtk_show_uri(): here it hands the URI to the test, as a line "URI <uri>" on stdout. Then:
 *
 *   SIGNED-IN <user id> <username>   the sign-in finished (AcClient holds the session)
 *   ME <user id> <username>          a fresh users/me made with that session
 *   ERROR <domain>:<code> <message>  it failed; exit status 1
 *
 * The browser page is translated like the app (the catalogs of the build tree): run it with
 * LANGUAGE=zh_CN for the Chinese one. The token itself is never printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "ac-client.h"
#include "ac-oidc-sign-in.h"

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
open_uri_cb (AcOidcSignIn *sign_in,
             const char   *uri,
             gpointer      user_data)
{
  printf ("URI %s\n", uri);
  fflush (stdout);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
fail (const GError *error)
{
  printf ("ERROR %s:%d %s\n", g_quark_to_string (error->domain), error->code, error->message);
  fflush (stdout);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcOidcSignIn) sign_in = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(AcUserInfo) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Wait wait = { 0, };
  guint64 timeout = 120;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_ROOT "/po");
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 3 || argc > 4 ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 1, 3600, &timeout, NULL)))
    {
      fprintf (stderr, "usage: %s HOST APP_ID [TIMEOUT_S]\n", argv[0]);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  client = ac_client_new (argv[1], argv[2]);
  sign_in = ac_oidc_sign_in_new (client);
  ac_oidc_sign_in_set_timeout (sign_in, (guint) timeout);
  g_signal_connect (sign_in, "open-uri", G_CALLBACK (open_uri_cb), NULL);

  ac_oidc_sign_in_run_async (sign_in, NULL, done_cb, &wait);
  g_main_loop_run (loop);
  user = ac_oidc_sign_in_run_finish (sign_in, wait.result, &error);
  g_clear_object (&wait.result);
  if (user == NULL)
    return fail (error);
  printf ("SIGNED-IN %s %s\n", ac_user_info_get_id (user), ac_user_info_get_username (user));
  fflush (stdout);

  ac_client_get_current_user_async (client, NULL, done_cb, &wait);
  g_main_loop_run (loop);
  me = ac_client_get_current_user_finish (client, wait.result, &error);
  g_clear_object (&wait.result);
  if (me == NULL)
    return fail (error);
  printf ("ME %s %s\n", ac_user_info_get_id (me), ac_user_info_get_username (me));
  fflush (stdout);

  /* Let the browser's page go out before the process ends */
  g_clear_object (&sign_in);
  g_timeout_add (200, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
