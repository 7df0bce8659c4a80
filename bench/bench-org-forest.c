/* bench-org-forest.c: the cost of building AcOrgForest per membership path
 *
 *   bench-org-forest [--memberships N]... [--repeat R]
 *
 * For each N, generates the listOrgs answer of a user in N nodes of the same 4 organizations
 * (each a tree of branching 8 and 12,500 nodes, or N / 4 when that is more: see generate()), so
 * that a path has the same length, about 6.6 elements (the org and 5.6 nodes), at every N and its ancestors repeat those
 * of earlier paths as on the wire; parses it once, builds the forest once untimed, then R times
 * timed. Prints one JSON line per N:
 * {"bench":"org-forest","memberships":N,"elements":E,"samples_us_per_path":[...],
 * "instructions_per_path":[...],"streamed_us_per_path":[...]}: the CPU time of the build only
 * (other load on the machine counts little), and the instructions it ran where perf events are
 * allowed (not at all); the forest's release is not counted. Streamed: as the app builds it,
 * each path merged as soon as it is parsed (ac_json_parse_streaming()): the thread's CPU time
 * in the merges, less the cost of reading the clock around each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-core.h"
#include "ac-json.h"
#include "ac-org-forest-private.h"
#include "bench-common.h"

#define N_ORGS 4
#define BRANCHING 8

static void
append_node (GString *json,
             guint    org,
             guint    index)
{
  g_string_append_printf (json,
                          "{\"type\":\"node\",\"id\":\"o%u-n%u\",\"orgId\":\"org-%u\",\"name\":\"Department %u\","
                          "\"code\":\"d%u\",\"description\":null,\"order\":%u,\"leaderUserId\":null,"
                          "\"userPoolId\":\"60caaf414f9323f25f64b2f4\",\"createdAt\":\"2021-08-03T06:44:13.868Z\","
                          "\"updatedAt\":\"2021-08-03T06:44:13.868Z\",\"nameI18n\":null,\"descriptionI18n\":null}",
                          org, index, org, index, index, index % 100);
}

/* The organization is the same at every size: N_ORGS trees of branching BRANCHING with
 * org_nodes (n) nodes each (enough for the largest size asked), node i's parent being
 * (i - 1) / BRANCHING. A user in @n nodes belongs to n / N_ORGS nodes of each org, spread over
 * its whole tree (a stride through the node numbers, coprime with their count), listed in node
 * order as a server lists them; membership k is in org k % N_ORGS. So the paths have the same
 * lengths at every size (about 6.6 elements: the org and 5.6 nodes of a tree of 12,500), and what changes with n
 * is only how many there are and how many ancestors they share. */
static guint org_nodes = 12500;

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static char *
generate (guint  n,
          guint *elements)
{
  GString *json = g_string_new ("[");
  guint chain[64];
  guint per_org = (n + N_ORGS - 1) / N_ORGS;
  g_autofree guint *chosen = g_new (guint, per_org);
  guint stride = 7919;   /* a prime: coprime with any org_nodes it does not divide */

  while (org_nodes % stride == 0)
    stride += 2;
  /* the same nodes in every org: index 1 + (j * stride) % org_nodes, in node order */
  for (guint j = 0; j < per_org; j++)
    chosen[j] = 1 + (guint) (((guint64) j * stride) % org_nodes);
  qsort (chosen, per_org, sizeof (guint), compare_guint);

  *elements = 0;
  for (guint k = 0; k < n; k++)
    {
      guint org = k % N_ORGS;
      guint depth = 0;

      for (guint i = chosen[k / N_ORGS]; ; i = (i - 1) / BRANCHING)
        {
          chain[depth++] = i;
          if (i == 0)
            break;
        }

      g_string_append_printf (json, "%s[{\"type\":\"org\",\"id\":\"org-%u\",\"rootNodeId\":\"o%u-n0\","
                              "\"logo\":null,\"userPoolId\":\"60caaf414f9323f25f64b2f4\",\"tenantId\":null,"
                              "\"createdAt\":\"2021-08-03T06:44:13.868Z\",\"updatedAt\":\"2021-08-03T06:44:13.868Z\"}",
                              k ? "," : "", org, org);
      for (guint d = depth; d > 0; d--)
        {
          g_string_append_c (json, ',');
          append_node (json, org, chain[d - 1]);
        }
      g_string_append_c (json, ']');
      *elements += depth + 1;
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

/* As the app builds it: each path merged as soon as it is parsed (ac_json_parse_streaming()).
 * The merges alone are timed, each in the thread's CPU time, less what reading that clock
 * twice costs (measured first). */
typedef struct
{
  AcOrgForest *forest;
  double       seconds;     /* in the merges */
  double       clock_cost;  /* of one pair of clock readings */
} Streamed;

static double
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
clock_pair_cost (void)
{
  const guint n = 100000;
  double start = thread_cpu_now ();
  double sink = 0;

  for (guint i = 0; i < n; i++)
    sink += thread_cpu_now () - thread_cpu_now ();
  return (thread_cpu_now () - start) / n + sink * 0;
}

static gboolean
merge_streamed (JsonNode *element,
                guint     index,
                gpointer  user_data)
{
  Streamed *streamed = user_data;
  double start = thread_cpu_now ();

  if (element == NULL)
    _ac_org_forest_finish (streamed->forest);
  else if (!_ac_org_forest_add_path (streamed->forest, element, index, NULL))
    g_error ("path %u could not be merged", index);
  streamed->seconds += thread_cpu_now () - start - streamed->clock_cost;
  return TRUE;
}

/* CPU seconds of the merges while @envelope is parsed into a new forest */
static double
build_streaming (const char *envelope,
                 double      clock_cost,
                 guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AcOrgForest) forest = ac_org_forest_new ();
  Streamed streamed = { forest, 0, clock_cost };
  g_autoptr(GPtrArray) members = NULL;

  root = ac_json_parse_streaming (envelope, -1, "data", merge_streamed, &streamed, &error);
  if (root == NULL)
    g_error ("%s", error->message);
  members = ac_org_forest_get_member_nodes (forest);
  if (members->len != n)
    g_error ("streamed: %u members instead of %u", members->len, n);
  return streamed.seconds;
}

static void
run (guint n,
     guint repeat)
{
  guint elements = 0;
  g_autofree char *text = generate (n, &elements);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ac_json_parse (text, -1, &error);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) instructions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) line = g_string_new (NULL);
  int counter = bench_instructions_open ();
  g_autoptr(GArray) streamed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *envelope = g_strdup_printf ("{\"code\":200,\"message\":\"\",\"data\":%s}", text);

  if (root == NULL)
    g_error ("%s", error->message);

  /* once untimed: types registered, allocator warm */
  g_object_unref (ac_org_forest_new_from_json (json_node_get_array (root), NULL));

  for (guint r = 0; r < repeat; r++)
    {
      g_autoptr(AcOrgForest) forest = NULL;
      double start, us, count;

      bench_instructions_start (counter);
      start = bench_cpu_now ();
      forest = ac_org_forest_new_from_json (json_node_get_array (root), &error);
      us = (bench_cpu_now () - start) * 1e6 / n;
      count = bench_instructions_stop (counter);
      if (count >= 0)
        {
          count /= n;
          g_array_append_val (instructions, count);
        }
      if (forest == NULL)
        g_error ("%s", error->message);
      if (g_list_model_get_n_items (G_LIST_MODEL (forest)) != MIN (n, N_ORGS))
        g_error ("wrong forest");
      {
        g_autoptr(GPtrArray) members = ac_org_forest_get_member_nodes (forest);

        if (members->len != n)
          g_error ("%u members instead of %u", members->len, n);
      }
      g_array_append_val (samples, us);
    }

  /* streamed: once untimed, then R times */
  {
    double clock_cost = clock_pair_cost ();

    build_streaming (envelope, clock_cost, n);
    for (guint r = 0; r < repeat; r++)
      {
        double us = build_streaming (envelope, clock_cost, n) * 1e6 / n;

        g_array_append_val (streamed, us);
      }
  }

  g_string_append_printf (line, "{\"bench\":\"org-forest\",\"memberships\":%u,\"elements\":%u", n, elements);
  bench_print_samples (line, "samples_us_per_path", samples);
  bench_print_samples (line, "instructions_per_path", instructions);
  bench_print_samples (line, "streamed_us_per_path", streamed);
  g_string_append_c (line, '}');
  if (counter >= 0)
    close (counter);
  printf ("%s\n", line->str);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint repeat = 5;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--memberships") && i + 1 < argc)
        {
          guint n = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          g_array_append_val (sizes, n);
        }
      else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
        {
          repeat = (guint) g_ascii_strtoull (argv[++i], NULL, 10);   /* not in MAX(): twice */
          repeat = MAX (repeat, 1);
        }
      else
        {
          fprintf (stderr, "usage: %s [--memberships N]... [--repeat R]\n", argv[0]);
          return 2;
        }
    }
  if (sizes->len == 0)
    {
      const guint defaults[] = { 1000, 10000, 50000 };
      g_array_append_vals (sizes, defaults, G_N_ELEMENTS (defaults));
    }

  for (guint i = 0; i < sizes->len; i++)
    org_nodes = MAX (org_nodes, (g_array_index (sizes, guint, i) + N_ORGS - 1) / N_ORGS);
  for (guint i = 0; i < sizes->len; i++)
    run (g_array_index (sizes, guint, i), repeat);

  return 0;
}
