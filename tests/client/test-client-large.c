/* test-client-large.c: big answers, and the caps on answers
 *
 * A person in thousands of departments gets an organizations answer of tens of megabytes (each
 * membership repeats its whole path from the root): the test seeds a real emulator with one and
 * opens it. Answers over the cap of their kind fail with AC_ERROR_TOO_LARGE and a message that
 * says what there was too much of (a tiny server declares 300 MB for every answer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "client-util.h"

#define MIB (1024 * 1024)

/* A big pool ---------------------------------------------------------------------------------- */

static const char DESCRIPTION[] =
  "Plans, builds and runs the services of this part of the company; ask the team lead before "
  "joining any of its rota.";

static JsonObject *
org_node (guint64    *counter,
          const char *name,
          JsonArray  *children,
          gboolean    alice_is_member,
          gboolean    describe)
{
  JsonObject *node = json_object_new ();
  g_autofree char *id = g_strdup_printf ("b1%022" G_GINT64_MODIFIER "x", ++*counter);
  JsonArray *members = json_array_new ();

  if (alice_is_member)
    json_array_add_string_element (members, "alice");

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "name", name);
  if (describe)
    json_object_set_string_member (node, "description", DESCRIPTION);
  json_object_set_array_member (node, "members", members);
  json_object_set_array_member (node, "children", children != NULL ? children : json_array_new ());

  return node;
}

/* The children of a node at @level: fan_out[level] of them, down to the teams (the last level),
 * of which alice is a member */
static JsonArray *
org_children (guint64     *counter,
              const guint *fan_out,
              guint        n_levels,
              guint        level,
              const char  *prefix,
              gboolean     describe)
{
  JsonArray *children = json_array_new ();

  for (guint i = 0; i < fan_out[level]; i++)
    {
      gboolean team = level + 1 == n_levels;
      g_autofree char *number = g_strdup_printf ("%s%s%u", prefix, *prefix != '\0' ? "." : "", i);
      g_autofree char *name = g_strdup_printf ("%s %s", team ? "Team" : "Unit", number);
      JsonArray *below = team ? NULL : org_children (counter, fan_out, n_levels, level + 1, number, describe);

      json_array_add_object_element (children, org_node (counter, name, below, team, describe));
    }

  return children;
}

/* The client fixture pool plus an organization whose root has fan_out[0] units, each with
 * fan_out[1] units, and so on; alice is a member of every unit of the last level (a "Team").
 * Returns the path of the pool file, in @dir. */
static char *
write_big_pool (const char  *dir,
                const guint *fan_out,
                guint        n_levels,
                gboolean     describe)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = pool_path ();
  g_autofree char *path = g_build_filename (dir, "big-pool.json", NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *pool;
  JsonObject *org = json_object_new ();
  guint64 counter = 0;
  g_autofree char *org_id = NULL;

  g_assert_true (json_parser_load_from_file (parser, fixture, &error));
  g_assert_no_error (error);
  pool = json_node_get_object (json_parser_get_root (parser));

  org_id = g_strdup_printf ("b2%022" G_GINT64_MODIFIER "x", ++counter);
  json_object_set_string_member (org, "id", org_id);
  json_object_set_object_member (org, "root",
                                 org_node (&counter, "Big Corp",
                                           org_children (&counter, fan_out, n_levels, 0, "", describe),
                                           FALSE, describe));
  json_array_add_object_element (json_object_get_array_member (pool, "organizations"), org);

  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* The teams of write_big_pool() alice is a member of */
static guint
count_teams (AcOrgForest *forest)
{
  g_autoptr(GPtrArray) nodes = ac_org_forest_get_member_nodes (forest);
  guint teams = 0;

  for (guint i = 0; i < nodes->len; i++)
    if (g_str_has_prefix (ac_organization_get_name (g_ptr_array_index (nodes, i)), "Team "))
      teams++;

  return teams;
}

static void
test_many_departments (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ac-test-large-XXXXXX", &error);
  g_autofree char *pool = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcOrgForest) forest = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gsize answer_size = 0;
  GPtrArray *exchanges;

  g_assert_no_error (error);
  /* 5 × 6 × 10 × 26 = 7,800 teams: about 20 MB of paths, over the old 16 MiB cap */
  pool = write_big_pool (dir, (const guint[]) { 5, 6, 10, 26 }, 4, TRUE);

  emulator = ac_test_emulator_start (pool, NULL, &error);
  g_assert_no_error (error);
  proxy = proxy_start (ac_test_emulator_get_url (emulator));
  client = ac_client_new (proxy_get_url (proxy), ac_test_emulator_get_app_id (emulator));
  ac_client_set_lang (client, "en-US");
  ac_client_set_timeout (client, 300);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);

  proxy_clear (proxy);
  ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, 4 * AWAIT_S);
  forest = ac_client_list_organizations_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (forest);
  g_assert_cmpuint (count_teams (forest), ==, 7800);

  exchanges = proxy_get_exchanges (proxy);
  for (guint i = 0; i < exchanges->len; i++)
    {
      ProxyExchange *exchange = g_ptr_array_index (exchanges, i);

      if (g_str_has_suffix (exchange->path, "/orgs"))
        answer_size = g_bytes_get_size (exchange->answer);
    }
  g_test_message ("the organizations answer has %" G_GSIZE_FORMAT " bytes", answer_size);
  g_assert_cmpuint (answer_size, >, 16 * MIB);

  ac_test_emulator_free (g_steal_pointer (&emulator));
  g_unlink (pool);
  g_rmdir (dir);
}

/* No stall while a big answer is read ------------------------------------------------------ */

#include <time.h>

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A timeout source every 5 ms: the longest time between two of its runs (wall clock), and the
 * most CPU time the main thread spent between two of them (the wall clock also counts the
 * moments when a shared machine gave the CPU to someone else). */
typedef struct
{
  gint64 last_wall;
  gint64 last_cpu;
  gint64 max_wall;
  gint64 max_cpu;
  guint  ticks;
} Gaps;

static gboolean
tick_cb (gpointer user_data)
{
  Gaps *gaps = user_data;
  gint64 wall = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  gaps->max_wall = MAX (gaps->max_wall, wall - gaps->last_wall);
  gaps->max_cpu = MAX (gaps->max_cpu, cpu - gaps->last_cpu);
  gaps->last_wall = wall;
  gaps->last_cpu = cpu;
  gaps->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
test_no_stall (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ac-test-large-XXXXXX", &error);
  g_autofree char *pool = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcOrgForest) forest = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Gaps gaps = { 0 };
  guint tick;

  g_assert_no_error (error);
  /* 50 × 1,000 = 50,000 teams, each path org, root, unit, team: about 65 MB */
  pool = write_big_pool (dir, (const guint[]) { 50, 1000 }, 2, FALSE);
  emulator = ac_test_emulator_start (pool, NULL, &error);
  g_assert_no_error (error);

  client = client_for (emulator);
  ac_client_set_timeout (client, 0);
  sign_in (client, "alice", "alice-pass-1", &error);
  g_assert_no_error (error);

  gaps.last_wall = g_get_monotonic_time ();
  gaps.last_cpu = thread_cpu_us ();
  tick = g_timeout_add (5, tick_cb, &gaps);

  ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, 600);
  /* the main loop goes on a little: the gap before the result came must be measured too */
  ac_test_run_for (50);
  g_source_remove (tick);

  forest = ac_client_list_organizations_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_teams (forest), ==, 50000);

  g_test_message ("%u ticks; longest gap %" G_GINT64_FORMAT " ms, of which the main thread "
                  "used at most %" G_GINT64_FORMAT " ms of CPU", gaps.ticks,
                  gaps.max_wall / 1000, gaps.max_cpu / 1000);
  g_assert_cmpint (gaps.max_cpu, <, 50 * 1000);

  ac_test_emulator_free (g_steal_pointer (&emulator));
  g_unlink (pool);
  g_rmdir (dir);
}

/* A server that declares 300 MB -------------------------------------------------------------- */

#define DECLARED_SIZE (300 * MIB)

static gboolean
declare_huge_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source,
                 gpointer                user_data)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %u\r\nConnection: close\r\n\r\n[[",
                                           (guint) DECLARED_SIZE);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 buffer[64 * 1024];

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                       buffer, sizeof buffer, NULL, NULL);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

typedef struct
{
  const char *what;
  const char *words;
  const char *size;
} Expected;

static void
check_too_large (AcClient       *client,
                 GAsyncResult   *result,
                 gpointer        value,
                 GError         *error,
                 const Expected *expected)
{
  g_test_message ("%s: %s", expected->what, error != NULL ? error->message : "(no error)");
  g_assert_null (value);
  g_assert_error (error, AC_ERROR, AC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, expected->words));
  g_assert_nonnull (strstr (error->message, expected->size));
  /* it is not the address's fault */
  g_assert_null (strstr (error->message, "127.0.0.1"));
  g_assert_true (ac_client_get_signed_in (client));
}

static void
test_declared_too_large (void)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (4);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (declare_huge_cb), NULL);
  g_socket_service_start (service);

  host = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = ac_client_new (host, "app");
  ac_client_set_lang (client, "en-US");
  ac_client_set_session (client, "tok", NULL);

  {
    const Expected expected = { "organizations", "more organizations than Account Center can show", "256 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcOrgForest) forest = NULL;

    ac_client_list_organizations_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    forest = ac_client_list_organizations_finish (client, result, &error);
    check_too_large (client, result, forest, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "resources", "more resources than Account Center can show", "256 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_list_resources_async (client, "default", NULL, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_list_resources_finish (client, result, NULL, &error);
    check_too_large (client, result, items, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "roles", "more roles than Account Center can show", "64 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_list_roles_async (client, NULL, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_list_roles_finish (client, result, &error);
    check_too_large (client, result, items, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "applications", "more applications than Account Center can show", "16 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_list_applications_async (client, 1, 10, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_list_applications_finish (client, result, NULL, &error);
    check_too_large (client, result, items, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "custom fields", "more custom fields than Account Center can show", "16 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) items = NULL;

    ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    items = ac_client_get_custom_fields_finish (client, result, &error);
    check_too_large (client, result, items, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "users/me", "an account larger than Account Center can read", "4 MB" };
    g_autoptr(AcUserInfo) user = current_user (client, &error);

    check_too_large (client, NULL, user, error, &expected);
    g_clear_error (&error);
  }
  {
    const Expected expected = { "security level", "an answer larger than Account Center can read", "1 MB" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AcSecurityLevel) level = NULL;

    ac_client_get_security_level_async (client, NULL, ac_test_result_cb, &result);
    ac_test_await (&result, AWAIT_S);
    level = ac_client_get_security_level_finish (client, result, &error);
    check_too_large (client, result, level, error, &expected);
    g_clear_error (&error);
  }

  /* the declared size is enough: nothing near 300 MB was read */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/large/many-departments", test_many_departments);
  g_test_add_func ("/client/large/declared-too-large", test_declared_too_large);
  g_test_add_func ("/client/large/no-main-loop-stall", test_no_stall);

  return g_test_run ();
}
