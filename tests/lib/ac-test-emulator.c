/* ac-test-emulator.c: start a real authing-emulator for a test, and other shared test helpers
 *
 * The emulator ($AC_EMULATOR) runs with a fresh --data-dir and listens on port 0; its first
 * stdout line says `listening on http://HOST:PORT`. Its stdout goes to a file in a temporary
 * folder (so a chatty emulator can never block on a full pipe); its stderr is inherited, so it
 * shows in the test's log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-test"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <json-glib/json-glib.h>

#include "ac-test-emulator.h"

#define STOP_TIMEOUT_US (30 * G_USEC_PER_SEC)

struct _AcTestEmulator
{
  GSubprocess *process;
  char        *tmp_dir;     /* holds data/ and stdout-N.log */
  char        *data_dir;
  char        *seed_path;
  GStrv        extra_args;
  char        *url;
  char        *host;
  guint16      port;
  char        *app_id;
  guint        n_starts;
};

static guint
start_timeout_s (void)
{
  const char *env = g_getenv ("AC_EMULATOR_START_TIMEOUT");
  guint64 value;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 3600, &value, NULL))
    return (guint) value;

  return 60;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static char *
read_app_id (const char *seed_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *app;

  if (seed_path == NULL || !json_parser_load_from_file (parser, seed_path, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  if (!json_object_has_member (json_node_get_object (root), "application"))
    return NULL;
  app = json_object_get_object_member (json_node_get_object (root), "application");
  if (app == NULL || !json_object_has_member (app, "id"))
    return NULL;

  return g_strdup (json_object_get_string_member (app, "id"));
}

/* If the test dies (a failed assertion aborts it), its emulator must not live on. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static gboolean
launch (AcTestEmulator      *self,
        const char          *listen,
        GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *stdout_path = NULL;
  const char *emulator = g_getenv ("AC_EMULATOR");
  gint64 deadline;

  if (emulator == NULL || *emulator == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "AC_EMULATOR is not set: run the test through meson test");
      return FALSE;
    }

  g_ptr_array_add (argv, (char *) emulator);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  if (self->seed_path != NULL)
    {
      g_ptr_array_add (argv, (char *) "--seed");
      g_ptr_array_add (argv, self->seed_path);
    }
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) listen);
  for (guint i = 0; self->extra_args != NULL && self->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, self->extra_args[i]);
  g_ptr_array_add (argv, NULL);

  stdout_path = g_strdup_printf ("%s/stdout-%u.log", self->tmp_dir, ++self->n_starts);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    return FALSE;

  deadline = g_get_monotonic_time () + start_timeout_s () * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *contents = NULL;
      char *newline;

      if (g_file_get_contents (stdout_path, &contents, NULL, NULL) &&
          (newline = strchr (contents, '\n')) != NULL)
        {
          const char *prefix = "listening on http://";
          g_autoptr(GUri) uri = NULL;

          *newline = '\0';
          if (!g_str_has_prefix (contents, prefix))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The emulator's first line is “%s”, not “listening on http://…”",
                           contents);
              ac_test_emulator_kill (self);
              return FALSE;
            }

          g_free (self->url);
          self->url = g_strdup (contents + strlen ("listening on "));
          uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, error);
          if (uri == NULL)
            {
              ac_test_emulator_kill (self);
              return FALSE;
            }
          g_free (self->host);
          self->host = g_strdup (g_uri_get_host (uri));
          self->port = g_uri_get_port (uri);
          return TRUE;
        }

      if (g_subprocess_get_identifier (self->process) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The emulator exited before listening (see its stderr above)");
          g_clear_object (&self->process);
          return FALSE;
        }

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The emulator did not say where it listens within %u s", start_timeout_s ());
          ac_test_emulator_kill (self);
          return FALSE;
        }

      g_usleep (10 * 1000);
    }
}

/**
 * ac_test_emulator_start:
 * @seed_path: (nullable): a user pool to seed the data folder with
 * @extra_args: (nullable): more command line arguments (`--latency`, `--token-ttl`, ...)
 * @error: return location for a #GError
 *
 * Starts $AC_EMULATOR on 127.0.0.1 port 0 with a new temporary data folder, and waits (up to
 * $AC_EMULATOR_START_TIMEOUT seconds, 60 by default) for its `listening on` line.
 */
AcTestEmulator *
ac_test_emulator_start (const char          *seed_path,
                        const char * const  *extra_args,
                        GError             **error)
{
  AcTestEmulator *self = g_new0 (AcTestEmulator, 1);

  self->tmp_dir = g_dir_make_tmp ("ac-emulator-XXXXXX", error);
  if (self->tmp_dir == NULL)
    {
      ac_test_emulator_free (self);
      return NULL;
    }

  self->data_dir = g_build_filename (self->tmp_dir, "data", NULL);
  g_mkdir_with_parents (self->data_dir, 0700);
  self->seed_path = g_strdup (seed_path);
  self->extra_args = g_strdupv ((char **) extra_args);
  self->app_id = read_app_id (seed_path);

  if (!launch (self, "127.0.0.1:0", error))
    {
      ac_test_emulator_free (self);
      return NULL;
    }

  return self;
}

const char *
ac_test_emulator_get_url (AcTestEmulator *self)
{
  return self->url;
}

const char *
ac_test_emulator_get_host (AcTestEmulator *self)
{
  return self->host;
}

guint16
ac_test_emulator_get_port (AcTestEmulator *self)
{
  return self->port;
}

const char *
ac_test_emulator_get_data_dir (AcTestEmulator *self)
{
  return self->data_dir;
}

/* The application id of the seed (`application.id`), or a placeholder when it has none. */
const char *
ac_test_emulator_get_app_id (AcTestEmulator *self)
{
  return self->app_id != NULL ? self->app_id : "app";
}

gboolean
ac_test_emulator_is_running (AcTestEmulator *self)
{
  return self->process != NULL && g_subprocess_get_identifier (self->process) != NULL;
}

static int
wait_for_exit (AcTestEmulator *self,
               int             signum)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_US;
  int status;

  g_subprocess_send_signal (self->process, signum);

  while (g_subprocess_get_identifier (self->process) != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (self->process);
          g_subprocess_wait (self->process, NULL, NULL);
          g_clear_object (&self->process);
          return -1;
        }
      g_usleep (5 * 1000);
    }

  g_subprocess_wait (self->process, NULL, NULL);
  status = g_subprocess_get_if_exited (self->process)
           ? g_subprocess_get_exit_status (self->process)
           : -g_subprocess_get_term_sig (self->process);
  g_clear_object (&self->process);

  return status;
}

/**
 * ac_test_emulator_stop:
 *
 * Sends SIGTERM and waits (30 s at most, then SIGKILL). The data folder stays.
 *
 * Returns: the exit status, minus the signal number if it was killed by one, -1 if it hung
 */
int
ac_test_emulator_stop (AcTestEmulator *self)
{
  if (self->process == NULL)
    return 0;

  return wait_for_exit (self, SIGTERM);
}

/**
 * ac_test_emulator_kill:
 *
 * Kills the emulator with SIGKILL (a crash, as far as its data is concerned) and waits.
 */
void
ac_test_emulator_kill (AcTestEmulator *self)
{
  if (self->process != NULL)
    wait_for_exit (self, SIGKILL);
}

/**
 * ac_test_emulator_restart:
 * @extra_args: (nullable): new extra arguments, or %NULL to keep the previous ones
 *
 * Stops the emulator if it runs and starts it again on the same data folder and the same port
 * (without the seed: the data folder already holds the pool), so a client keeps its URL.
 */
gboolean
ac_test_emulator_restart (AcTestEmulator      *self,
                          const char * const  *extra_args,
                          GError             **error)
{
  g_autofree char *listen = NULL;

  ac_test_emulator_stop (self);

  if (extra_args != NULL)
    {
      g_strfreev (self->extra_args);
      self->extra_args = g_strdupv ((char **) extra_args);
    }
  g_clear_pointer (&self->seed_path, g_free);

  listen = g_strdup_printf ("127.0.0.1:%u", self->port);

  /* The port may linger for a moment after the old process is gone. */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (launch (self, listen, &local_error))
        return TRUE;

      if (attempt >= 20)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_usleep (100 * 1000);
    }
}

void
ac_test_emulator_free (AcTestEmulator *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    ac_test_emulator_stop (self);

  if (self->tmp_dir != NULL && g_getenv ("AC_TEST_KEEP_DATA") == NULL)
    remove_tree (self->tmp_dir);

  g_free (self->tmp_dir);
  g_free (self->data_dir);
  g_free (self->seed_path);
  g_strfreev (self->extra_args);
  g_free (self->url);
  g_free (self->host);
  g_free (self->app_id);
  g_free (self);
}

/* ------------------------------------------------------------------------------------------ */

char *
ac_test_source_path (const char *relative)
{
  const char *root = g_getenv ("AC_SOURCE_ROOT");

  if (root == NULL)
    root = SOURCE_ROOT;

  return g_build_filename (root, relative, NULL);
}

char *
ac_test_closed_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port = 9;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);

  if (socket != NULL && g_socket_bind (socket, address, FALSE, NULL))
    {
      bound = g_socket_get_local_address (socket, NULL);
      if (bound != NULL)
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }

  /* Closed without listen(): nothing accepts on that port. */
  if (socket != NULL)
    g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

void
ac_test_result_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
ac_test_await (GAsyncResult **result,
               guint          timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timed_out_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("No result within %u s", timeout_s);

  g_source_remove (id);
  return *result;
}

void
ac_test_run_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}
