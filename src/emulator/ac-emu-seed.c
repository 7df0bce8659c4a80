/* ac-emu-seed.c: loading a user pool (pool-format.md) into the store
 *
 * Two passes over the JSON: check() walks the sections in dependency order (fields, users,
 * organizations, roles, applications, resources) and collects every error with its JSON path;
 * only when there is none does insert() write everything in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-seed"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ac-emu-crypto.h"
#include "ac-emu-json.h"
#include "ac-emu-seed-devices.h"
#include "ac-emu-seed-private.h"
#include "ac-emu-totp.h"
#include "ac-emu-util.h"

G_DEFINE_QUARK (ac-emu-seed-error-quark, ac_emu_seed_error)

#define EN AC_EMU_LANG_EN

typedef struct
{
  GPtrArray *errors;
  GHashTable *user_ids;
  GHashTable *usernames;
  GHashTable *emails;
  GHashTable *phones;
  GHashTable *identifiers;     /* username, e-mail or phone -> Identifier */
  GHashTable *fields;          /* key -> JsonObject (borrowed) */
  GHashTable *org_ids;
  GHashTable *node_ids;
  GHashTable *role_ids;
  GHashTable *role_refs;       /* "namespace:code" */
  GHashTable *app_ids;
  GHashTable *resource_keys;   /* "namespace\ncode" */
} Check;

static const char * const root_keys[] = {
  "userPool", "application", "customFields", "users", "applications", "organizations",
  "roles", "resources", NULL
};
static const char * const pool_keys[] = { "id", "name", "logo", "description", NULL };
static const char * const app_keys[] = { "id", "identifier", "name", "logo", "description", NULL };
static const char * const field_keys[] = { "key", "label", "dataType", "options", "targetType", NULL };
static const char * const option_keys[] = { "value", "label", NULL };
static const char * const user_keys[] = {
  "id", "username", "email", "emailVerified", "phone", "phoneVerified", "password", "mfa",
  "profile", "customData", "createdAt", AC_EMU_SEED_DEVICES_USER_KEYS, NULL
};
static const char * const application_keys[] = {
  "id", "name", "identifier", "domain", "logo", "description", "protocol", "appType",
  "isIntegrate", "template", "createdAt", "access", NULL
};
static const char * const access_keys[] = { "all", "users", "roles", "nodes", NULL };
static const char * const org_keys[] = { "id", "logo", "tenantId", "createdAt", "root", NULL };
static const char * const node_keys[] = {
  "id", "name", "code", "description", "order", "members", "leader", "children", NULL
};
static const char * const role_keys[] = {
  "id", "code", "namespace", "description", "parentCode", "isSystem", "members", NULL
};
static const char * const resource_keys[] = {
  "code", "type", "namespace", "apiIdentifier", "description", "grants", NULL
};
static const char * const grant_keys[] = { "to", "actions", NULL };

static void add_error (Check *c, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_error (Check      *c,
           const char *path,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (c->errors, g_strdup_printf ("%s: %s", *path ? path : "(root)", text));
}

static void
add_expected (Check       *c,
              const char  *path,
              AcEmuExpect  expect)
{
  g_ptr_array_add (c->errors, ac_emu_msg_expected (EN, *path ? path : "(root)", expect));
}

static char *
member_path (const char *base,
             const char *member)
{
  return *base ? g_strdup_printf ("%s.%s", base, member) : g_strdup (member);
}

static char *
index_path (const char *base,
            guint       index)
{
  return g_strdup_printf ("%s[%u]", base, index);
}

static void
check_keys (Check             *c,
            JsonObject        *object,
            const char        *path,
            const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *p = member_path (path, l->data);
        add_error (c, p, "unknown key");
      }
}

/* The checkers return TRUE when the member is usable (absent members are usable when not
 * required; *out stays at its default). */
static gboolean
want_string (Check       *c,
             JsonObject  *object,
             const char  *member,
             const char  *path,
             gboolean     required,
             gboolean     nullable,
             const char **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *p = member_path (path, member);

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && nullable && !required))
    {
      if (required)
        {
          add_error (c, p, "required");
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (required && *json_node_get_string (node) == '\0'))
    {
      add_expected (c, p, required ? AC_EMU_EXPECT_NON_EMPTY_STRING
                                   : nullable ? AC_EMU_EXPECT_STRING_OR_NULL : AC_EMU_EXPECT_STRING);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static void
want_datetime (Check      *c,
               JsonObject *object,
               const char *member,
               const char *path)
{
  g_autofree char *p = member_path (path, member);
  g_autoptr(GDateTime) dt = NULL;
  const char *s;

  if (!want_string (c, object, member, path, FALSE, TRUE, &s) || s == NULL)
    return;
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    add_error (c, p, "expected an ISO-8601 date-time with a time zone");
}

static gboolean
want_bool (Check      *c,
           JsonObject *object,
           const char *member,
           const char *path)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *p = member_path (path, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      add_expected (c, p, AC_EMU_EXPECT_BOOLEAN);
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
want_array (Check      *c,
            JsonObject *object,
            const char *member,
            const char *path)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *p = member_path (path, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      add_expected (c, p, AC_EMU_EXPECT_ARRAY);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
want_object_node (Check      *c,
                  JsonNode   *node,
                  const char *path)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      add_expected (c, path, AC_EMU_EXPECT_OBJECT);
      return NULL;
    }
  return json_node_get_object (node);
}

static void
check_unique (Check      *c,
              GHashTable *set,
              const char *value,
              const char *path,
              const char *what)
{
  if (value == NULL)
    return;
  if (g_hash_table_contains (set, value))
    add_error (c, path, "duplicate %s \"%s\"", what, value);
  else
    g_hash_table_add (set, g_strdup (value));
}

static void
check_id (Check      *c,
          JsonObject *object,
          const char *path,
          GHashTable *set)
{
  const char *id;
  g_autofree char *p = member_path (path, "id");

  if (want_string (c, object, "id", path, FALSE, FALSE, &id) && id != NULL)
    {
      if (*id == '\0')
        add_expected (c, p, AC_EMU_EXPECT_NON_EMPTY_STRING);
      else
        check_unique (c, set, id, p, "id");
    }
}

/* A list of strings that must each be in `set` */
static void
check_refs (Check      *c,
            JsonObject *object,
            const char *member,
            const char *path,
            GHashTable *set,
            const char *what)
{
  g_autofree char *p = member_path (path, member);
  JsonArray *array = want_array (c, object, member, path);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *ip = index_path (p, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        add_expected (c, ip, AC_EMU_EXPECT_STRING);
      else if (!g_hash_table_contains (set, json_node_get_string (node)))
        add_error (c, ip, "no %s \"%s\"", what, json_node_get_string (node));
    }
}

static void
check_fields (Check     *c,
              JsonArray *fields)
{
  guint n = fields != NULL ? json_array_get_length (fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("customFields", i);
      JsonObject *f = want_object_node (c, json_array_get_element (fields, i), p);
      const char *key, *label, *type, *target;
      JsonArray *options;

      if (f == NULL)
        continue;
      check_keys (c, f, p, field_keys);
      want_string (c, f, "label", p, FALSE, FALSE, &label);
      if (want_string (c, f, "targetType", p, FALSE, FALSE, &target) && target != NULL &&
          strcmp (target, "USER") != 0)
        {
          g_autofree char *tp = member_path (p, "targetType");
          add_expected (c, tp, AC_EMU_EXPECT_TARGET_USER);
        }
      if (want_string (c, f, "dataType", p, TRUE, FALSE, &type) && !ac_emu_is_data_type (type))
        {
          g_autofree char *tp = member_path (p, "dataType");
          add_error (c, tp, "expected STRING, NUMBER, BOOLEAN, DATETIME, SELECT or OBJECT");
          type = NULL;
        }
      options = want_array (c, f, "options", p);
      if (options != NULL)
        {
          g_autofree char *op = member_path (p, "options");

          for (guint j = 0; j < json_array_get_length (options); j++)
            {
              g_autofree char *oip = index_path (op, j);
              JsonObject *o = want_object_node (c, json_array_get_element (options, j), oip);
              const char *v, *l;

              if (o == NULL)
                continue;
              check_keys (c, o, oip, option_keys);
              want_string (c, o, "value", oip, TRUE, FALSE, &v);
              want_string (c, o, "label", oip, FALSE, FALSE, &l);
            }
        }
      if (g_strcmp0 (type, "SELECT") == 0 && (options == NULL || json_array_get_length (options) == 0))
        {
          g_autofree char *op = member_path (p, "options");
          add_error (c, op, "a SELECT field needs at least one option");
        }
      if (want_string (c, f, "key", p, TRUE, FALSE, &key))
        {
          g_autofree char *kp = member_path (p, "key");

          if (g_hash_table_contains (c->fields, key))
            add_error (c, kp, "duplicate key \"%s\"", key);
          else if (type != NULL)
            g_hash_table_insert (c->fields, g_strdup (key), f);
        }
    }
}

static void
check_profile (Check      *c,
               JsonObject *profile,
               const char *path,
               const char *username)
{
  g_autoptr(GList) members = json_object_get_members (profile);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *p = member_path (path, key);
      AcEmuExpect expect;

      if (!ac_emu_profile_field_is_known (key))
        add_error (c, p, "unknown key");
      else if (!ac_emu_profile_value_is_valid (key, json_object_get_member (profile, key), &expect))
        add_expected (c, p, expect);
      else if (strcmp (key, "username") == 0 && username != NULL &&
               g_strcmp0 (ac_emu_json_get_string (profile, key), username) != 0)
        add_error (c, p, "differs from the user's username");
    }
}

static void
check_custom_data (Check      *c,
                   JsonObject *data,
                   const char *path)
{
  g_autoptr(GList) members = json_object_get_members (data);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *p = member_path (path, key);
      g_autofree char *wire = NULL;
      g_autofree char *choices = NULL;
      JsonObject *field = g_hash_table_lookup (c->fields, key);
      JsonNode *options;
      AcEmuExpect expect;

      if (field == NULL)
        {
          add_error (c, p, "no custom field with this key");
          continue;
        }
      options = json_object_get_member (field, "options");
      if (!ac_emu_custom_value_to_wire (ac_emu_json_get_string (field, "dataType"),
                                        options != NULL && JSON_NODE_HOLDS_ARRAY (options)
                                          ? json_node_get_array (options) : NULL,
                                        json_object_get_member (data, key), &wire,
                                        &expect, &choices))
        {
          if (choices != NULL)
            g_ptr_array_add (c->errors, ac_emu_msg_expected_option (EN, p, choices));
          else
            add_expected (c, p, expect);
        }
    }
}

typedef struct
{
  guint user;                  /* index in users */
  const char *what;            /* "username", "email" or "phone" */
} Identifier;

/* Sign-in identifiers are unique across the username, e-mail and phone columns (login
 * matches any of them); duplicates within one column are reported by check_unique(). */
static void
check_identifier (Check      *c,
                  const char *value,
                  guint       user,
                  const char *what,
                  const char *path)
{
  Identifier *seen;

  if (value == NULL || *value == '\0')
    return;
  seen = g_hash_table_lookup (c->identifiers, value);
  if (seen == NULL)
    {
      seen = g_new (Identifier, 1);
      seen->user = user;
      seen->what = what;
      g_hash_table_insert (c->identifiers, g_strdup (value), seen);
    }
  else if (seen->user != user && !g_str_equal (seen->what, what))
    add_error (c, path, "\"%s\" is already the %s of users[%u]", value, seen->what, seen->user);
}

static void
check_users (Check     *c,
             JsonArray *users)
{
  guint n = users != NULL ? json_array_get_length (users) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("users", i);
      JsonObject *u = want_object_node (c, json_array_get_element (users, i), p);
      const char *username = NULL, *email = NULL, *phone = NULL, *password;
      JsonNode *node;

      if (u == NULL)
        continue;
      check_keys (c, u, p, user_keys);
      check_id (c, u, p, c->user_ids);

      if (want_string (c, u, "username", p, TRUE, FALSE, &username))
        {
          g_autofree char *up = member_path (p, "username");
          check_unique (c, c->usernames, username, up, "username");
        }
      if (want_string (c, u, "email", p, FALSE, TRUE, &email) && email != NULL)
        {
          g_autofree char *ep = member_path (p, "email");
          check_unique (c, c->emails, email, ep, "email");
        }
      if (want_string (c, u, "phone", p, FALSE, TRUE, &phone) && phone != NULL)
        {
          g_autofree char *pp = member_path (p, "phone");
          check_unique (c, c->phones, phone, pp, "phone");
        }
      {
        g_autofree char *up = member_path (p, "username");
        g_autofree char *ep = member_path (p, "email");
        g_autofree char *pp = member_path (p, "phone");

        check_identifier (c, username, i, "username", up);
        check_identifier (c, email, i, "email", ep);
        check_identifier (c, phone, i, "phone", pp);
        if (username != NULL && !ac_emu_username_allowed (username, email, phone))
          add_expected (c, up, AC_EMU_EXPECT_USERNAME);
      }
      want_string (c, u, "password", p, FALSE, TRUE, &password);
      want_datetime (c, u, "createdAt", p);
      want_bool (c, u, "emailVerified", p);
      want_bool (c, u, "phoneVerified", p);
      {
        g_autofree char *mp = member_path (p, "mfa");
        ac_emu_totp_check_seed (json_object_get_member (u, "mfa"), mp, c->errors);   /* ac-emu-totp.c */
      }

      node = json_object_get_member (u, "profile");
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          g_autofree char *pp = member_path (p, "profile");
          JsonObject *profile = want_object_node (c, node, pp);

          if (profile != NULL)
            check_profile (c, profile, pp, username);
        }
      node = json_object_get_member (u, "customData");
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          g_autofree char *cp = member_path (p, "customData");
          JsonObject *data = want_object_node (c, node, cp);

          if (data != NULL)
            check_custom_data (c, data, cp);
        }
    }
}

static void
check_node (Check      *c,
            JsonNode   *node,
            const char *path,
            guint       depth)
{
  JsonObject *n = want_object_node (c, node, path);
  JsonArray *children;
  const char *name, *code, *description, *leader;
  JsonNode *order;

  if (n == NULL)
    return;
  if (depth > 64)
    {
      add_error (c, path, "the tree is too deep");
      return;
    }
  check_keys (c, n, path, node_keys);
  check_id (c, n, path, c->node_ids);
  want_string (c, n, "name", path, TRUE, FALSE, &name);
  want_string (c, n, "code", path, FALSE, TRUE, &code);
  want_string (c, n, "description", path, FALSE, TRUE, &description);
  order = json_object_get_member (n, "order");
  if (order != NULL && !JSON_NODE_HOLDS_NULL (order) &&
      (!JSON_NODE_HOLDS_VALUE (order) || json_node_get_value_type (order) != G_TYPE_INT64))
    {
      g_autofree char *op = member_path (path, "order");
      add_expected (c, op, AC_EMU_EXPECT_NUMBER);
    }
  check_refs (c, n, "members", path, c->usernames, "user named");
  if (want_string (c, n, "leader", path, FALSE, TRUE, &leader) && leader != NULL &&
      !g_hash_table_contains (c->usernames, leader))
    {
      g_autofree char *lp = member_path (path, "leader");
      add_error (c, lp, "no user named \"%s\"", leader);
    }

  children = want_array (c, n, "children", path);
  if (children != NULL)
    {
      g_autofree char *cp = member_path (path, "children");

      for (guint i = 0; i < json_array_get_length (children); i++)
        {
          g_autofree char *ip = index_path (cp, i);
          check_node (c, json_array_get_element (children, i), ip, depth + 1);
        }
    }
}

static void
check_orgs (Check     *c,
            JsonArray *orgs)
{
  guint n = orgs != NULL ? json_array_get_length (orgs) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("organizations", i);
      g_autofree char *rp = member_path (p, "root");
      JsonObject *o = want_object_node (c, json_array_get_element (orgs, i), p);
      const char *logo, *tenant;

      if (o == NULL)
        continue;
      check_keys (c, o, p, org_keys);
      check_id (c, o, p, c->org_ids);
      want_string (c, o, "logo", p, FALSE, TRUE, &logo);
      want_string (c, o, "tenantId", p, FALSE, TRUE, &tenant);
      want_datetime (c, o, "createdAt", p);
      if (!json_object_has_member (o, "root"))
        add_error (c, rp, "required");
      else
        check_node (c, json_object_get_member (o, "root"), rp, 0);
    }
}

static void
check_roles (Check     *c,
             JsonArray *roles)
{
  guint n = roles != NULL ? json_array_get_length (roles) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("roles", i);
      JsonObject *r = want_object_node (c, json_array_get_element (roles, i), p);
      const char *code, *ns = NULL, *description, *parent;

      if (r == NULL)
        continue;
      check_keys (c, r, p, role_keys);
      check_id (c, r, p, c->role_ids);
      want_string (c, r, "description", p, FALSE, TRUE, &description);
      want_string (c, r, "parentCode", p, FALSE, TRUE, &parent);
      want_bool (c, r, "isSystem", p);
      check_refs (c, r, "members", p, c->usernames, "user named");
      if (json_object_has_member (r, "namespace"))
        want_string (c, r, "namespace", p, TRUE, FALSE, &ns);
      if (want_string (c, r, "code", p, TRUE, FALSE, &code))
        {
          g_autofree char *ref = g_strdup_printf ("%s:%s", ns != NULL ? ns : "default", code);
          g_autofree char *cp = member_path (p, "code");

          check_unique (c, c->role_refs, ref, cp, "role");
        }
    }
}

static void
check_applications (Check     *c,
                    JsonArray *apps)
{
  guint n = apps != NULL ? json_array_get_length (apps) : 0;
  static const char * const string_members[] = {
    "identifier", "domain", "logo", "description", "protocol", "appType", "template", NULL
  };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("applications", i);
      JsonObject *a = want_object_node (c, json_array_get_element (apps, i), p);
      JsonNode *access_node;
      const char *s;

      if (a == NULL)
        continue;
      check_keys (c, a, p, application_keys);
      check_id (c, a, p, c->app_ids);
      want_string (c, a, "name", p, TRUE, FALSE, &s);
      for (guint k = 0; string_members[k] != NULL; k++)
        want_string (c, a, string_members[k], p, FALSE, TRUE, &s);
      want_bool (c, a, "isIntegrate", p);
      want_datetime (c, a, "createdAt", p);

      access_node = json_object_get_member (a, "access");
      if (access_node != NULL && !JSON_NODE_HOLDS_NULL (access_node))
        {
          g_autofree char *ap = member_path (p, "access");
          JsonObject *access = want_object_node (c, access_node, ap);

          if (access == NULL)
            continue;
          check_keys (c, access, ap, access_keys);
          want_bool (c, access, "all", ap);
          check_refs (c, access, "users", ap, c->usernames, "user named");
          check_refs (c, access, "roles", ap, c->role_refs, "role");
          check_refs (c, access, "nodes", ap, c->node_ids, "node with id");
        }
    }
}

static void
check_grant_target (Check      *c,
                    const char *to,
                    const char *path)
{
  if (g_str_has_prefix (to, "user:"))
    {
      if (!g_hash_table_contains (c->usernames, to + 5))
        add_error (c, path, "no user named \"%s\"", to + 5);
    }
  else if (g_str_has_prefix (to, "role:"))
    {
      if (!g_hash_table_contains (c->role_refs, to + 5))
        add_error (c, path, "no role \"%s\"", to + 5);
    }
  else if (g_str_has_prefix (to, "node:"))
    {
      if (!g_hash_table_contains (c->node_ids, to + 5))
        add_error (c, path, "no node with id \"%s\"", to + 5);
    }
  else
    add_error (c, path, "expected \"user:USERNAME\", \"role:NAMESPACE:CODE\" or \"node:ID\"");
}

static void
check_resources (Check     *c,
                 JsonArray *resources)
{
  guint n = resources != NULL ? json_array_get_length (resources) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = index_path ("resources", i);
      JsonObject *r = want_object_node (c, json_array_get_element (resources, i), p);
      const char *code, *type, *ns = NULL, *api, *description;
      JsonArray *grants;

      if (r == NULL)
        continue;
      check_keys (c, r, p, resource_keys);
      if (want_string (c, r, "type", p, TRUE, FALSE, &type) && !ac_emu_is_resource_type (type))
        {
          g_autofree char *tp = member_path (p, "type");
          add_expected (c, tp, AC_EMU_EXPECT_RESOURCE_TYPE);
        }
      if (json_object_has_member (r, "namespace"))
        want_string (c, r, "namespace", p, TRUE, FALSE, &ns);
      want_string (c, r, "apiIdentifier", p, FALSE, TRUE, &api);
      want_string (c, r, "description", p, FALSE, TRUE, &description);
      if (want_string (c, r, "code", p, TRUE, FALSE, &code))
        {
          g_autofree char *key = g_strdup_printf ("%s:%s", ns != NULL ? ns : "default", code);
          g_autofree char *cp = member_path (p, "code");

          check_unique (c, c->resource_keys, key, cp, "resource");
        }

      grants = want_array (c, r, "grants", p);
      if (grants != NULL)
        {
          g_autofree char *gp = member_path (p, "grants");

          for (guint j = 0; j < json_array_get_length (grants); j++)
            {
              g_autofree char *ip = index_path (gp, j);
              JsonObject *g = want_object_node (c, json_array_get_element (grants, j), ip);
              const char *to;
              JsonArray *actions;

              if (g == NULL)
                continue;
              check_keys (c, g, ip, grant_keys);
              if (want_string (c, g, "to", ip, TRUE, FALSE, &to))
                {
                  g_autofree char *tp = member_path (ip, "to");
                  check_grant_target (c, to, tp);
                }
              actions = want_array (c, g, "actions", ip);
              if (actions != NULL)
                {
                  g_autofree char *acp = member_path (ip, "actions");

                  for (guint k = 0; k < json_array_get_length (actions); k++)
                    {
                      JsonNode *a = json_array_get_element (actions, k);

                      if (!JSON_NODE_HOLDS_VALUE (a) || json_node_get_value_type (a) != G_TYPE_STRING)
                        {
                          g_autofree char *kp = index_path (acp, k);
                          add_expected (c, kp, AC_EMU_EXPECT_STRING);
                        }
                    }
                }
            }
        }
    }
}

static void
check_pool (Check      *c,
            JsonObject *root)
{
  static const struct { const char *member; const char * const *keys; } singles[] = {
    { "userPool", pool_keys },
    { "application", app_keys },
  };

  check_keys (c, root, "", root_keys);
  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    {
      JsonNode *node = json_object_get_member (root, singles[i].member);
      JsonObject *o;
      const char *s;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      o = want_object_node (c, node, singles[i].member);
      if (o == NULL)
        continue;
      check_keys (c, o, singles[i].member, singles[i].keys);
      for (guint k = 0; singles[i].keys[k] != NULL; k++)
        want_string (c, o, singles[i].keys[k], singles[i].member, FALSE, TRUE, &s);
      if (json_object_has_member (o, "id"))
        want_string (c, o, "id", singles[i].member, TRUE, FALSE, &s);
    }

  check_fields (c, want_array (c, root, "customFields", ""));
  check_users (c, want_array (c, root, "users", ""));
  check_orgs (c, want_array (c, root, "organizations", ""));
  check_roles (c, want_array (c, root, "roles", ""));
  check_applications (c, want_array (c, root, "applications", ""));
  check_resources (c, want_array (c, root, "resources", ""));
  _ac_emu_seed_devices_check (root, c->errors);
}

gboolean
ac_emu_seed_load (AcEmuStore  *store,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  Check c = { 0, };
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID,
                   _("%s: cannot read: %s"), path, local_error->message);
      return FALSE;
    }
  /* The same strict RFC 8259 parser as for request bodies (numbers read from their text) */
  root = ac_emu_json_parse_strict (contents, length, 512, &local_error);
  if (g_error_matches (local_error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_DEPTH))
    {
      g_set_error (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID,
                   _("%s: nested too deeply"), path);
      return FALSE;
    }
  if (g_error_matches (local_error, AC_EMU_JSON_ERROR, AC_EMU_JSON_ERROR_NUL))
    {
      g_autofree char *msg = ac_emu_msg_no_nul (EN, local_error->message);

      g_set_error (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID, "%s: %s", path, msg);
      return FALSE;
    }
  if (root == NULL)
    {
      g_set_error (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID,
                   _("%s: not a readable JSON file: %s"), path, local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID,
                   _("%s: (root): expected a JSON object"), path);
      return FALSE;
    }

  c.errors = g_ptr_array_new_with_free_func (g_free);
  c.user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.usernames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.phones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.identifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c.fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.org_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.node_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.role_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.role_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.app_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.resource_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  check_pool (&c, json_node_get_object (root));

  if (c.errors->len > 0)
    {
      text = g_string_new (NULL);
      for (guint i = 0; i < c.errors->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", (char *) c.errors->pdata[i]);
      g_set_error_literal (error, AC_EMU_SEED_ERROR, AC_EMU_SEED_ERROR_INVALID, text->str);
      ok = FALSE;
    }
  else
    {
      ok = _ac_emu_seed_insert_pool (store, json_node_get_object (root), error);
    }

  g_ptr_array_unref (c.errors);
  g_hash_table_unref (c.user_ids);
  g_hash_table_unref (c.usernames);
  g_hash_table_unref (c.emails);
  g_hash_table_unref (c.phones);
  g_hash_table_unref (c.identifiers);
  g_hash_table_unref (c.fields);
  g_hash_table_unref (c.org_ids);
  g_hash_table_unref (c.node_ids);
  g_hash_table_unref (c.role_ids);
  g_hash_table_unref (c.role_refs);
  g_hash_table_unref (c.app_ids);
  g_hash_table_unref (c.resource_keys);
  return ok;
}
