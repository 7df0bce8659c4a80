/* test-scale.c: big accounts load without error through AcClient/AcAccount (not timed)
 *
 * A person who is a member of 50,000 teams (an organizations answer of tens of megabytes: each
 * membership repeats its path from the root), and one with 10,000 authorized resources (a real
 * emulator seeded with them): AcAccount loads each, and everything it holds is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "client-util.h"
#include "ac-organization.h"
#include "ac-resource.h"

/* The client fixture pool plus @resources resources of "default" granted to alice. Returns the
 * pool's path in @dir. */
static char *
write_pool (const char *dir,
            guint       resources)
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
               guint    resources)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ac-test-scale-XXXXXX", &error);
  g_assert_no_error (error);
  f->pool = write_pool (f->dir, resources);
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

/* The organizations answer of a person in @memberships teams (root → 10 units → 10 sub-units →
 * teams), in the emulator's shape (ac-emu-store-directory.c: org_json, node_json): an envelope
 * whose data is one path per membership, each the org object then every node from the root. */
static GBytes *
org_answer (guint memberships)
{
  GString *out = g_string_sized_new ((gsize) memberships * 1700);
  guint per_sub = (memberships + 99) / 100, n = 0;
  const char *org = "{\"type\":\"org\",\"id\":\"cf0000000000000000000001\","
                    "\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"updatedAt\":\"2024-01-01T00:00:00.000Z\","
                    "\"userPoolId\":\"5f0000000000000000000001\",\"rootNodeId\":\"ce0000000000000000000000\","
                    "\"logo\":null,\"tenantId\":null}";

#define NODE(id, parent, name_fmt, ...) \
  G_STMT_START { \
    g_string_append_printf (out, ",{\"type\":\"node\",\"id\":\"ce%022x\"," \
                            "\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"updatedAt\":\"2024-01-01T00:00:00.000Z\"," \
                            "\"userPoolId\":\"5f0000000000000000000001\",\"orgId\":\"cf0000000000000000000001\"," \
                            "\"name\":\"" name_fmt "\",\"nameI18n\":null,\"description\":null," \
                            "\"descriptionI18n\":null,\"order\":null,\"code\":null,\"leaderUserId\":null,", \
                            (guint) (id), __VA_ARGS__); \
    if ((int) (parent) < 0) \
      g_string_append (out, "\"parentId\":null}"); \
    else \
      g_string_append_printf (out, "\"parentId\":\"ce%022x\"}", (guint) (parent)); \
  } G_STMT_END

  g_string_append (out, "{\"code\":200,\"message\":\"ok\",\"data\":[");
  for (guint u = 0; u < 10; u++)
    for (guint sub = 0; sub < 10; sub++)
      for (guint t = 0; t < per_sub && n < memberships; t++, n++)
        {
          guint unit_id = 1 + u, sub_id = 11 + u * 10 + sub, team_id = 1000 + n;

          g_string_append_printf (out, "%s[%s", n ? "," : "", org);
          NODE (0, -1, "%s", "Big Corp");
          NODE (unit_id, 0, "Unit %u", u);
          NODE (sub_id, unit_id, "Unit %u.%u", u, sub);
          NODE (team_id, sub_id, "Team %u.%u.%u", u, sub, t);
          g_string_append_c (out, ']');
        }
  g_string_append (out, "]}");
#undef NODE

  return g_string_free_to_bytes (out);
}

typedef struct
{
  GBytes *answer;
  char   *authorization;
  guint   served;
} Canned;

static void
canned_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Canned *canned = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (!g_str_has_suffix (path, "/orgs") || g_strcmp0 (auth, canned->authorization) != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  canned->served++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (canned->answer, NULL),
                                    g_bytes_get_size (canned->answer));
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

/* 50,000 memberships. The emulator builds an organizations answer one SQL lookup per node of
 * each path (minutes at this size, see the report of issue 13), so the session comes from a
 * real emulator and the answer, in the emulator's shape, from a server in this process. */
static void
test_memberships_50k (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcTestEmulator) emulator = NULL;
  g_autoptr(AcClient) signer = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcAccount) account = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  Canned canned = { 0 };
  GListModel *roots;
  guint teams = 0;
  gboolean big_corp = FALSE, ok;

  emulator = start_emulator (NULL);
  signer = signed_in_client (emulator, "alice", "alice-pass-1");
  canned.answer = org_answer (50000);
  canned.authorization = g_strconcat ("Bearer ", ac_client_get_token (signer), NULL);
  g_test_message ("the organizations answer has %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (canned.answer));

  soup_server_add_handler (server, NULL, canned_cb, &canned, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  client = ac_client_new (url, ac_test_emulator_get_app_id (emulator));
  ac_client_set_timeout (client, 300);
  ac_client_set_session (client, ac_client_get_token (signer), ac_client_get_token_expires_at (signer));
  account = ac_account_new (client);

  ac_account_load_organizations_async (account, NULL, ac_test_result_cb, &result);
  ac_test_await (&result, 4 * AWAIT_S);
  ok = ac_account_load_organizations_finish (account, result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (canned.served, ==, 1);

  roots = ac_account_get_organizations (account);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 1);
  for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
    {
      g_autoptr(AcOrganization) root = g_list_model_get_item (roots, i);

      if (g_strcmp0 (ac_organization_get_name (root), "Big Corp") == 0)
        big_corp = TRUE;
    }
  g_assert_true (big_corp);

  members = g_ptr_array_new_with_free_func (g_object_unref);
  collect_members (roots, members);
  for (guint i = 0; i < members->len; i++)
    if (g_str_has_prefix (ac_organization_get_name (g_ptr_array_index (members, i)), "Team "))
      teams++;
  g_assert_cmpuint (teams, ==, 50000);
  g_assert_cmpuint (members->len, ==, 50000);

  g_bytes_unref (canned.answer);
  g_free (canned.authorization);
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

  fixture_start (&f, 10000);
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
