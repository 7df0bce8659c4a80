/* test-scale.c: big accounts load without error through AcClient/AcAccount (not timed)
 *
 * A person who is a member of 50,000 teams (an organizations answer of about 80 MB: each
 * membership repeats its path from the root) and one with 10,000 authorized resources, each
 * from a real emulator seeded with them: AcAccount loads each, and everything it holds is
 * checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "client-util.h"
#include "ac-org-forest.h"
#include "ac-organization.h"
#include "ac-resource.h"

static JsonObject *
big_node (guint       id,
          const char *name,
          gboolean    member)
{
  JsonObject *node = json_object_new ();
  JsonArray *members = json_array_new ();
  g_autofree char *node_id = g_strdup_printf ("ce%022x", id);

  if (member)
    json_array_add_string_element (members, "alice");
  json_object_set_string_member (node, "id", node_id);
  json_object_set_string_member (node, "name", name);
  json_object_set_array_member (node, "members", members);
  json_object_set_array_member (node, "children", json_array_new ());
  return node;
}

/* "Big Corp": root → 10 units → 10 sub-units each → the teams, alice a member of every team */
static JsonObject *
big_org (guint memberships)
{
  JsonObject *org = json_object_new ();
  JsonObject *root = big_node (0, "Big Corp", FALSE);
  guint per_sub = (memberships + 99) / 100, n = 0;

  json_object_set_string_member (org, "id", "cf0000000000000000000001");
  json_object_set_null_member (org, "logo");
  for (guint u = 0; u < 10; u++)
    {
      g_autofree char *unit_name = g_strdup_printf ("Unit %u", u);
      JsonObject *unit = big_node (1 + u, unit_name, FALSE);

      for (guint sub = 0; sub < 10; sub++)
        {
          g_autofree char *sub_name = g_strdup_printf ("Unit %u.%u", u, sub);
          JsonObject *sub_unit = big_node (11 + u * 10 + sub, sub_name, FALSE);

          for (guint t = 0; t < per_sub && n < memberships; t++, n++)
            {
              g_autofree char *team_name = g_strdup_printf ("Team %u.%u.%u", u, sub, t);

              json_array_add_object_element (json_object_get_array_member (sub_unit, "children"),
                                             big_node (1000 + n, team_name, TRUE));
            }
          json_array_add_object_element (json_object_get_array_member (unit, "children"), sub_unit);
        }
      json_array_add_object_element (json_object_get_array_member (root, "children"), unit);
    }
  json_object_set_object_member (org, "root", root);
  return org;
}

/* The client fixture pool plus @resources resources of "default" granted to alice and, with
 * @memberships, "Big Corp" with alice in that many teams. Returns the pool's path in @dir. */
static char *
write_pool (const char *dir,
            guint       resources,
            guint       memberships)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = pool_path ();
  g_autofree char *path = g_build_filename (dir, "scale-pool.json", NULL);
  JsonObject *pool;

  g_assert_true (json_parser_load_from_file (parser, fixture, &error));
  g_assert_no_error (error);
  pool = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < resources; i++)
    {
      JsonObject *resource = json_object_new ();
      JsonObject *grant = json_object_new ();
      JsonArray *grants = json_array_new ();
      JsonArray *actions = json_array_new ();
      g_autofree char *code = g_strdup_printf ("scale:%06u", i);

      json_array_add_string_element (actions, "scale:read");
      json_object_set_string_member (grant, "to", "user:alice");
      json_object_set_array_member (grant, "actions", actions);
      json_array_add_object_element (grants, grant);
      json_object_set_string_member (resource, "code", code);
      json_object_set_string_member (resource, "type", "DATA");
      json_object_set_string_member (resource, "namespace", "default");
      json_object_set_array_member (resource, "grants", grants);
      json_array_add_object_element (json_object_get_array_member (pool, "resources"), resource);
    }

  if (memberships > 0)
    json_array_add_object_element (json_object_get_array_member (pool, "organizations"),
                                   big_org (memberships));

  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

typedef struct
{
  char           *dir;
  char           *pool;
  AcTestEmulator *emulator;
  AcClient       *client;
  AcAccount      *account;
} Fixture;

static void
fixture_start (Fixture *f,
               guint    resources,
               guint    memberships)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ac-test-scale-XXXXXX", &error);
  g_assert_no_error (error);
  f->pool = write_pool (f->dir, resources, memberships);
  f->emulator = ac_test_emulator_start (f->pool, NULL, &error);
  g_assert_no_error (error);
  f->client = signed_in_client (f->emulator, "alice", "alice-pass-1");
  ac_client_set_timeout (f->client, 300);
  f->account = ac_account_new (f->client);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_pointer (&f->emulator, ac_test_emulator_free);
  g_unlink (f->pool);
  g_rmdir (f->dir);
  g_free (f->pool);
  g_free (f->dir);
}

/* Every node of @model and below it of which the person is a member */
static void
collect_members (GListModel *model,
                 GPtrArray  *members)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AcOrganization) org = g_list_model_get_item (model, i);

      if (ac_organization_get_is_member (org))
        g_ptr_array_add (members, g_object_ref (org));
      collect_members (ac_organization_get_children (org), members);
    }
}

/* 50,000 memberships, from a real emulator seeded with them: an answer of about 80 MB (each
 * membership repeats its path from the root), parsed and built off the main thread. */
static void
test_memberships_50k (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(AcOrganization) big_corp = NULL;
  GListModel *roots;
  guint teams = 0;
  gint64 start;
  gboolean ok;

  fixture_start (&f, 0, 50000);

  start = g_get_monotonic_time ();
  ac_account_load_organizations_async (f.account, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, 4 * AWAIT_S);
  ok = ac_account_load_organizations_finish (f.account, result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_test_message ("50,000 memberships loaded in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  /* The fixture's organizations first (seed order), then Big Corp */
  roots = ac_account_get_organizations (f.account);
  g_assert_cmpuint (g_list_model_get_n_items (roots), >=, 2);
  big_corp = g_list_model_get_item (roots, g_list_model_get_n_items (roots) - 1);
  g_assert_cmpstr (ac_organization_get_name (big_corp), ==, "Big Corp");
  g_assert_cmpuint (ac_organization_get_n_children (big_corp), ==, 10);
  g_assert_true (ac_org_forest_item_has_member_below (big_corp));
  g_assert_cmpuint (ac_org_forest_item_count_members (big_corp), ==, 50000);

  members = g_ptr_array_new_with_free_func (g_object_unref);
  collect_members (ac_organization_get_children (big_corp), members);
  for (guint i = 0; i < members->len; i++)
    if (g_str_has_prefix (ac_organization_get_name (g_ptr_array_index (members, i)), "Team "))
      teams++;
  g_assert_cmpuint (teams, ==, 50000);
  g_assert_cmpuint (members->len, ==, 50000);
  g_assert_cmpstr (ac_organization_get_name (g_ptr_array_index (members, 0)), ==, "Team 0.0.0");
  g_assert_cmpstr (ac_organization_get_name (g_ptr_array_index (members, 49999)), ==, "Team 9.9.499");

  g_clear_object (&big_corp);
  fixture_stop (&f);
}

static void
test_resources_10k (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *resources;
  guint scale = 0;
  gboolean first = FALSE, last = FALSE, ok;

  fixture_start (&f, 10000, 0);
  ac_account_load_resources_async (f.account, "default", NULL, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, 4 * AWAIT_S);
  ok = ac_account_load_resources_finish (f.account, result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  resources = ac_account_get_resources (f.account);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(AcResource) resource = g_list_model_get_item (resources, i);
      const char *code = ac_resource_get_code (resource);

      if (g_str_has_prefix (code, "scale:"))
        scale++;
      first |= g_strcmp0 (code, "scale:000000") == 0;
      last |= g_strcmp0 (code, "scale:009999") == 0;
    }
  g_assert_cmpuint (scale, ==, 10000);
  g_assert_true (first);
  g_assert_true (last);

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/scale/organizations-50k-memberships", test_memberships_50k);
  g_test_add_func ("/client/scale/resources-10k", test_resources_10k);

  return g_test_run ();
}
