/* ac-demo-server.c: the bundled authing-emulator, started for --demo
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-demo-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ac-demo-server.h"

#define START_TIMEOUT_SECONDS 20
#define STOP_GRACE_MS 3000

struct _AcDemoServer
{
  GObject      parent_instance;

  GSubprocess *process;
  GDataInputStream *stdout_stream;
  GDataInputStream *stderr_stream;
  GCancellable *drain_cancellable;
  char        *data_dir;
  char        *pool_path;
  char        *url;
  guint        signal_ids[3];  /* SIGTERM, SIGINT, SIGHUP: the data folder goes first */
};

G_DEFINE_FINAL_TYPE (AcDemoServer, ac_demo_server, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  guint timeout_id;
  gulong cancel_id;
  GCancellable *cancellable;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_object (&data->cancellable);
  g_free (data);
}

static gboolean
file_is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE);
}

char *
ac_demo_server_find_emulator (GError **error)
{
  g_autofree char *in_build = g_build_filename (BUILD_ROOT, "src", "emulator", "authing-emulator", NULL);
  g_autofree char *in_libexec = g_build_filename (LIBEXECDIR, "authing-emulator", NULL);
  g_autofree char *in_path = NULL;
  const char *env = g_getenv ("AC_EMULATOR");

  if (env != NULL && *env != '\0' && file_is_executable (env))
    return g_strdup (env);
  if (file_is_executable (in_build))
    return g_steal_pointer (&in_build);
  if (file_is_executable (in_libexec))
    return g_steal_pointer (&in_libexec);
  in_path = g_find_program_in_path ("authing-emulator");
  if (in_path != NULL)
    return g_steal_pointer (&in_path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: %s is a folder */
               _("The demo server “authing-emulator” was not found in the build tree, in %s or on the PATH"),
               LIBEXECDIR);
  return NULL;
}

char *
ac_demo_server_find_pool (GError **error)
{
  g_autofree char *in_source = g_build_filename (SOURCE_ROOT, "data", "demo", "pool.json", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "demo", "pool.json", NULL);
  const char *env = g_getenv ("AC_DEMO_POOL");

  if (env != NULL && *env != '\0' && g_file_test (env, G_FILE_TEST_IS_REGULAR))
    return g_strdup (env);
  if (g_file_test (in_source, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&in_source);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: %s is a file name */
               _("The demo user pool was not found (looked for %s)"), installed);
  return NULL;
}

gboolean
ac_demo_server_read_credentials (const char  *pool_path,
                                 char       **username,
                                 char       **password,
                                 char       **app_id,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *pool;
  JsonArray *users;
  JsonObject *chosen = NULL;
  guint n;

  g_return_val_if_fail (pool_path != NULL, FALSE);

  if (!json_parser_load_from_file (parser, pool_path, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  pool = json_node_get_object (root);
  if (!json_object_has_member (pool, "users") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (pool, "users")))
    goto bad;
  users = json_object_get_array_member (pool, "users");
  n = json_array_get_length (users);

  /* The demo user is "demo"; fall back to the first user with a password. */
  for (guint pass = 0; pass < 2 && chosen == NULL; pass++)
    for (guint i = 0; i < n && chosen == NULL; i++)
      {
        JsonNode *node = json_array_get_element (users, i);
        JsonObject *user;
        JsonNode *name, *pw;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;
        user = json_node_get_object (node);
        name = json_object_get_member (user, "username");
        pw = json_object_get_member (user, "password");
        if (name == NULL || pw == NULL ||
            json_node_get_value_type (name) != G_TYPE_STRING ||
            json_node_get_value_type (pw) != G_TYPE_STRING)
          continue;
        if (pass == 1 || g_strcmp0 (json_node_get_string (name), "demo") == 0)
          chosen = user;
      }

  if (chosen == NULL)
    goto bad;

  if (app_id != NULL)
    {
      JsonNode *app = json_object_get_member (pool, "application");
      const char *id = NULL;

      if (app != NULL && JSON_NODE_HOLDS_OBJECT (app))
        {
          JsonNode *id_node = json_object_get_member (json_node_get_object (app), "id");

          if (id_node != NULL && json_node_get_value_type (id_node) == G_TYPE_STRING)
            id = json_node_get_string (id_node);
        }
      *app_id = g_strdup (id ? id : "");
    }
  if (username != NULL)
    *username = g_strdup (json_object_get_string_member (chosen, "username"));
  if (password != NULL)
    *password = g_strdup (json_object_get_string_member (chosen, "password"));
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: %s is a file name */
               _("The demo user pool %s has no user with a password"), pool_path);
  return FALSE;
}

static gboolean
remove_tree (GFile         *file,
             GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator != NULL)
    {
      while (TRUE)
        {
          GFileInfo *info = NULL;
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
            return FALSE;
          if (info == NULL)
            break;
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            {
              if (!remove_tree (child, error))
                return FALSE;
            }
          else if (!g_file_delete (child, NULL, error))
            return FALSE;
        }
    }

  return g_file_delete (file, NULL, error);
}

static void
drain_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL || g_cancellable_is_cancelled (cancellable))
    return;
  g_debug ("emulator: %s", line);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_LOW, cancellable,
                                       drain_line_cb, g_object_ref (cancellable));
}

/**
 * ac_demo_server_parse_outbox_line:
 * @line: a line the emulator wrote on stderr
 * @to: (out): the address, with its country code for a phone ("+86 13800000000")
 * @code: (out): the code
 *
 * Reads `outbox: sms [+CC ]PHONE code CODE` or `outbox: email ADDRESS code CODE (SCENE)`
 * (protocol-security.md §3). Returns FALSE for any other line.
 */
gboolean
ac_demo_server_parse_outbox_line (const char  *line,
                                  char       **to,
                                  char       **code)
{
  g_auto(GStrv) words = NULL;
  guint n, i;

  g_return_val_if_fail (line != NULL, FALSE);

  if (!g_str_has_prefix (line, "outbox: "))
    return FALSE;
  words = g_strsplit (line + strlen ("outbox: "), " ", -1);
  n = g_strv_length (words);
  /* channel, the address (one or two words), "code", the code, maybe "(SCENE)" */
  for (i = 2; i + 1 < n; i++)
    if (g_str_equal (words[i], "code"))
      break;
  if (n < 4 || i + 1 >= n || i > 3 ||
      (!g_str_equal (words[0], "sms") && !g_str_equal (words[0], "email")))
    return FALSE;

  *to = i == 3 ? g_strdup_printf ("%s %s", words[1], words[2]) : g_strdup (words[1]);
  *code = g_strdup (words[i + 1]);
  return TRUE;
}

static void
stderr_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autofree char *line = NULL;
  g_autofree char *to = NULL;
  g_autofree char *code = NULL;
  GObject *self;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL || g_cancellable_is_cancelled (cancellable))
    return;

  self = g_object_get_data (G_OBJECT (cancellable), "server");
  if (self != NULL && ac_demo_server_parse_outbox_line (line, &to, &code))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, to, code);
  else
    /* What the emulator says goes where it went before: our stderr. */
    g_printerr ("%s\n", line);

  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_LOW, cancellable,
                                       stderr_line_cb, g_object_ref (cancellable));
}

/* Keep reading the emulator's output so that its pipe never fills up. */
static void
drain_next (AcDemoServer *self)
{
  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_LOW, self->drain_cancellable,
                                       drain_line_cb, g_object_ref (self->drain_cancellable));
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AcDemoServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "listening on ";

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (line == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The demo server stopped before it was ready"));
      ac_demo_server_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_str_has_prefix (line, prefix))
    {
      g_debug ("emulator: %s", line);
      g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT,
                                           g_task_get_cancellable (task), read_line_cb,
                                           g_object_ref (task));
      return;
    }

  g_free (self->url);
  self->url = g_strstrip (g_strdup (line + strlen (prefix)));
  g_debug ("demo server at %s", self->url);
  drain_next (self);
  g_task_return_pointer (task, g_strdup (self->url), g_free);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  /* Cancelling the read completes the task with the timeout error below. */
  g_object_set_data (G_OBJECT (task), "timed-out", GINT_TO_POINTER (1));
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static void
first_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  AcDemoServer *self = g_task_get_source_object (task);

  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (g_object_get_data (G_OBJECT (task), "timed-out") != NULL)
    {
      ac_demo_server_stop (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("The demo server did not start in time"));
      return;
    }
  read_line_cb (object, result, g_steal_pointer (&task));
}

/* A demo run ended by a signal (SIGTERM from a session manager or a test harness, Ctrl+C
 * in the terminal of build-aux/dev demo) removes its data folder, which holds the server's
 * private key, then quits the app as a window close would. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  AcDemoServer *self = user_data;
  GApplication *app = g_application_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    self->signal_ids[i] = 0;   /* all removed by returning G_SOURCE_REMOVE or below */
  g_debug ("Stopping the demo server on a signal");
  ac_demo_server_stop (self);
  if (app != NULL)
    g_application_quit (app);
  else
    exit (EXIT_FAILURE);
  return G_SOURCE_REMOVE;
}

static void
watch_quit_signals (AcDemoServer *self)
{
  const int signums[] = { SIGTERM, SIGINT, SIGHUP };

  G_STATIC_ASSERT (G_N_ELEMENTS (signums) == G_N_ELEMENTS (((AcDemoServer *) NULL)->signal_ids));
  for (guint i = 0; i < G_N_ELEMENTS (signums); i++)
    if (self->signal_ids[i] == 0)
      self->signal_ids[i] = g_unix_signal_add (signums[i], quit_signal_cb, self);
}

static void
unwatch_quit_signals (AcDemoServer *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
}

#ifdef __linux__
static void
child_setup (gpointer user_data)
{
  /* The emulator must not outlive the app, even if the app crashes. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

void
ac_demo_server_start_async (AcDemoServer        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *emulator = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *listen = NULL;
  GInputStream *out;
  StartData *data;

  g_return_if_fail (AC_IS_DEMO_SERVER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ac_demo_server_start_async);

  if (self->process != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "already started");
      return;
    }

  emulator = ac_demo_server_find_emulator (&error);
  if (emulator == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pool = ac_demo_server_find_pool (&error);
  if (pool == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (self->pool_path);
  self->pool_path = g_strdup (pool);

  g_clear_pointer (&self->data_dir, g_free);
  self->data_dir = g_dir_make_tmp ("account-center-demo-XXXXXX", &error);
  if (self->data_dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  watch_quit_signals (self);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
#endif
  self->process = g_subprocess_launcher_spawn (launcher, &error, emulator,
                                               "--data-dir", self->data_dir,
                                               "--seed", pool,
                                               "--listen", "127.0.0.1:0",
                                               NULL);
  if (self->process == NULL)
    {
      ac_demo_server_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  out = g_subprocess_get_stdout_pipe (self->process);
  self->stdout_stream = g_data_input_stream_new (out);
  self->drain_cancellable = g_cancellable_new ();
  /* The outbox lines become "message"; the stream lives as long as the reads (the server is
   * only looked up, never kept alive by them). */
  self->stderr_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->process));
  g_object_set_data (G_OBJECT (self->drain_cancellable), "server", self);
  g_data_input_stream_read_line_async (self->stderr_stream, G_PRIORITY_LOW, self->drain_cancellable,
                                       stderr_line_cb, g_object_ref (self->drain_cancellable));

  data = g_new0 (StartData, 1);
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (outer_cancelled_cb),
                             data->cancellable, 0);
  data->timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, start_timeout_cb, task);

  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT, data->cancellable,
                                       first_line_cb, g_steal_pointer (&task));
}

char *
ac_demo_server_start_finish (AcDemoServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (AC_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
ac_demo_server_get_url (AcDemoServer *self)
{
  g_return_val_if_fail (AC_IS_DEMO_SERVER (self), NULL);
  return self->url;
}

const char *
ac_demo_server_get_pool_path (AcDemoServer *self)
{
  g_return_val_if_fail (AC_IS_DEMO_SERVER (self), NULL);
  return self->pool_path;
}

const char *
ac_demo_server_get_data_dir (AcDemoServer *self)
{
  g_return_val_if_fail (AC_IS_DEMO_SERVER (self), NULL);
  return self->data_dir;
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

void
ac_demo_server_stop (AcDemoServer *self)
{
  g_return_if_fail (AC_IS_DEMO_SERVER (self));

  unwatch_quit_signals (self);
  if (self->drain_cancellable != NULL)
    g_cancellable_cancel (self->drain_cancellable);
  g_clear_object (&self->drain_cancellable);
  g_clear_object (&self->stdout_stream);
  g_clear_object (&self->stderr_stream);

  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);
      gboolean done = FALSE;
      gint64 deadline = g_get_monotonic_time () + STOP_GRACE_MS * 1000;

      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait_async (process, NULL, wait_done_cb, &done);
      while (!done && g_get_monotonic_time () < deadline)
        {
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (10000);
        }
      if (!done)
        {
          g_subprocess_force_exit (process);
          while (!done)
            g_main_context_iteration (NULL, TRUE);
        }
    }

  if (self->data_dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (self->data_dir);
      g_autoptr(GError) error = NULL;

      if (!remove_tree (dir, &error))
        g_warning ("Could not remove the demo data folder %s: %s", self->data_dir, error->message);
      g_clear_pointer (&self->data_dir, g_free);
    }
  g_clear_pointer (&self->url, g_free);
}

static void
ac_demo_server_finalize (GObject *object)
{
  AcDemoServer *self = (AcDemoServer *) object;

  ac_demo_server_stop (self);
  g_clear_pointer (&self->pool_path, g_free);

  G_OBJECT_CLASS (ac_demo_server_parent_class)->finalize (object);
}

static void
ac_demo_server_class_init (AcDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ac_demo_server_finalize;

  /**
   * AcDemoServer::message:
   * @to: the phone (with its country code) or e-mail address
   * @code: the verification code
   *
   * The emulator "sent" a code (its outbox): the demo shows it as if it had arrived.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ac_demo_server_init (AcDemoServer *self)
{
}

AcDemoServer *
ac_demo_server_new (void)
{
  return g_object_new (AC_TYPE_DEMO_SERVER, NULL);
}
