/* main.c: authing-emulator, a local server of the Authing end-user API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "authing-emulator"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "ac-emu-crypto.h"
#include "ac-emu-seed.h"
#include "ac-emu-server.h"
#include "ac-emu-store.h"

#define EXIT_USAGE 2

static char *opt_data_dir;
static char *opt_seed;
static char *opt_listen;
static char *opt_token_ttl;
static char *opt_latency;
static char *opt_fail_rate;
static char *opt_fail_kind;
static char *opt_request_log;

static const GOptionEntry entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Folder of the database, keys and uploads (created if missing; required)"), N_("DIR") },
  { "seed", 's', 0, G_OPTION_ARG_FILENAME, &opt_seed,
    N_("User pool to load into an empty data folder (see pool-format.md)"), N_("POOL.json") },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen,
    N_("Address to listen on (default 127.0.0.1:0, a free port)"), N_("HOST:PORT") },
  { "token-ttl", 0, 0, G_OPTION_ARG_STRING, &opt_token_ttl,
    N_("Lifetime of issued tokens (default 1209600, 14 days)"), N_("SECONDS") },
  { "latency", 0, 0, G_OPTION_ARG_STRING, &opt_latency,
    N_("Delay every response by this many milliseconds"), N_("MS") },
  { "fail-rate", 0, 0, G_OPTION_ARG_STRING, &opt_fail_rate,
    N_("Share of requests (0 to 1) that fail on purpose"), N_("FRACTION") },
  /* Translators: do not translate the words 500, drop, malformed and mixed */
  { "fail-kind", 0, 0, G_OPTION_ARG_STRING, &opt_fail_kind,
    N_("How failing requests fail: 500, drop, malformed or mixed (default)"), N_("KIND") },
  { "request-log", 0, 0, G_OPTION_ARG_FILENAME, &opt_request_log,
    N_("Append one line per request to FILE: method, path and status"), N_("FILE") },
  { NULL }
};

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("authing-emulator: %s\n", message);
  g_printerr (_("Try “authing-emulator --help” for more information.\n"));
  return EXIT_USAGE;
}

static gboolean
parse_listen (const char    *text,
              GInetAddress **out_address,
              guint         *out_port)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        return FALSE;
      host = g_strndup (text + 1, close - text - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL || strchr (text, ':') != colon)
        return FALSE;
      host = g_strndup (text, colon - text);
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    *out_address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    *out_address = g_inet_address_new_from_string (host);
  if (*out_address == NULL)
    return FALSE;
  *out_port = (guint) port;
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AcEmuStore) store = NULL;
  g_autoptr(AcEmuKeys) keys = NULL;
  g_autoptr(AcEmuServer) server = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  AcEmuOptions options = { 1209600, 0, 0.0, AC_EMU_FAIL_MIXED };
  guint port = 0;
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("A local server of the Authing end-user API, with its state in "
                                  "SQLite.\nWhen ready it prints “listening on http://HOST:PORT”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    {
      g_autofree char *msg = g_strdup_printf (_("Unexpected argument: %s"), argv[1]);
      return usage_error (context, msg);
    }
  if (opt_data_dir == NULL || *opt_data_dir == '\0')
    return usage_error (context, _("--data-dir is required"));

  if (opt_listen != NULL && !parse_listen (opt_listen, &address, &port))
    return usage_error (context, _("--listen expects HOST:PORT with an IP address (or localhost) and a port from 0 to 65535"));
  if (address == NULL)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  if (opt_token_ttl != NULL)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (opt_token_ttl, 10, 1, G_MAXINT32, &v, NULL))
        return usage_error (context, _("--token-ttl expects a positive number of seconds"));
      options.token_ttl = (gint64) v;
    }
  if (opt_latency != NULL)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (opt_latency, 10, 0, 600000, &v, NULL))
        return usage_error (context, _("--latency expects milliseconds from 0 to 600000"));
      options.latency_ms = (guint) v;
    }
  if (opt_fail_rate != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (opt_fail_rate, &end);

      if (end == opt_fail_rate || *end != '\0' || !(v >= 0.0 && v <= 1.0))
        return usage_error (context, _("--fail-rate expects a fraction from 0 to 1"));
      options.fail_rate = v;
    }
  if (opt_fail_kind != NULL)
    {
      if (g_strcmp0 (opt_fail_kind, "500") == 0)
        options.fail_kind = AC_EMU_FAIL_500;
      else if (g_strcmp0 (opt_fail_kind, "drop") == 0)
        options.fail_kind = AC_EMU_FAIL_DROP;
      else if (g_strcmp0 (opt_fail_kind, "malformed") == 0)
        options.fail_kind = AC_EMU_FAIL_MALFORMED;
      else if (g_strcmp0 (opt_fail_kind, "mixed") == 0)
        options.fail_kind = AC_EMU_FAIL_MIXED;
      else
        return usage_error (context, _("--fail-kind expects 500, drop, malformed or mixed"));
    }

  /* Everything the emulator writes is private: password hashes, the signing secret and the
   * private key live in the data folder (folders 0700, files 0600). */
  umask (077);
  if (g_mkdir_with_parents (opt_data_dir, 0700) != 0 || !g_file_test (opt_data_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr (_("authing-emulator: cannot use %s as the data folder: %s\n"),
                  opt_data_dir, g_strerror (errno));
      return EXIT_FAILURE;
    }
  if (!ac_emu_store_secure_folder (opt_data_dir, &error))
    {
      g_printerr ("authing-emulator: %s\n", error->message);
      return EXIT_FAILURE;
    }

  store = ac_emu_store_open (opt_data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("authing-emulator: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (opt_seed != NULL)
    {
      if (ac_emu_store_is_seeded (store))
        {
          g_printerr (_("authing-emulator: %s already holds a user pool; the seed %s is ignored "
                        "(seeding happens only into an empty data folder)\n"),
                      opt_data_dir, opt_seed);
        }
      else if (!ac_emu_seed_load (store, opt_seed, &error))
        {
          g_printerr (_("authing-emulator: the seed %s is invalid, nothing was loaded:\n%s\n"),
                      opt_seed, error->message);
          return EXIT_FAILURE;
        }
    }
  if (!ac_emu_seed_ensure_pool (store, &error))
    {
      g_printerr ("authing-emulator: %s\n", error->message);
      return EXIT_FAILURE;
    }

  keys = ac_emu_keys_load_or_create (opt_data_dir, &error);
  if (keys == NULL)
    {
      g_printerr ("authing-emulator: %s\n", error->message);
      return EXIT_FAILURE;
    }

  server = ac_emu_server_new (store, keys, &options);
  if (opt_request_log != NULL && !ac_emu_server_open_request_log (server, opt_request_log, &error))
    {
      g_printerr (_("authing-emulator: cannot open the request log: %s\n"), error->message);
      return EXIT_FAILURE;
    }
  if (!ac_emu_server_listen (server, address, port, &error))
    {
      g_printerr (_("authing-emulator: cannot listen: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  printf ("listening on %s\n", ac_emu_server_get_base_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  ac_emu_server_stop (server);
  g_clear_object (&server);
  ac_emu_store_close (store);

  g_free (opt_data_dir);
  g_free (opt_seed);
  g_free (opt_listen);
  g_free (opt_token_ttl);
  g_free (opt_latency);
  g_free (opt_fail_rate);
  g_free (opt_fail_kind);
  g_free (opt_request_log);
  return EXIT_SUCCESS;
}
