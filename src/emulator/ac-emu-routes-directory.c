/* ac-emu-routes-directory.c: what the user belongs to and may use: applications,
 * organizations, roles, authorized resources, and the security level of the account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include "ac-emu-server-private.h"
#include "ac-emu-util.h"

static void
handle_applications (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  gint64 page, limit;

  if (!_ac_emu_query_int (req, "page", 1, G_MAXINT32, &page) ||
      !_ac_emu_query_int (req, "limit", 10, 1000, &limit))
    return;

  data = ac_emu_store_allowed_apps_json (req->self->store, req->user_id, page, limit, &error);
  if (data == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_APPS_OK, data);
}

static void
handle_orgs (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *who = req->segments[4];
  GString *paths;

  if (g_strcmp0 (who, "me") != 0 && g_strcmp0 (who, req->user_id) != 0)
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_FORBIDDEN);
      return;
    }
  paths = ac_emu_store_org_paths_text (req->self->store, req->user_id, &error);
  if (paths == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_text (req, AC_EMU_MSG_ORGS_OK, paths);
}

void
_ac_emu_handle_roles (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *ns = _ac_emu_query_get (req, "namespace");
  JsonArray *list;

  if (!_ac_emu_check_key (req, "namespace", ns))
    return;
  if (ns != NULL && *ns == '\0')
    ns = NULL;
  list = ac_emu_store_roles_json (req->self->store, req->user_id, ns, &error);
  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  _ac_emu_reply_ok_array (req, AC_EMU_MSG_OK, list);
}

void
_ac_emu_handle_resources (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *ns, *type;
  JsonArray *list;
  JsonObject *data;

  if (!_ac_emu_body_string (req, "namespace", FALSE, &ns) ||
      !_ac_emu_body_string (req, "resourceType", FALSE, &type) ||
      !_ac_emu_check_key (req, "namespace", ns) ||
      !_ac_emu_check_key (req, "resourceType", type))
    return;
  if (ns == NULL || *ns == '\0')
    ns = "default";
  if (type != NULL && *type == '\0')
    type = NULL;
  if (type != NULL && !ac_emu_is_resource_type (type))
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_expected (req->lang, "resourceType", AC_EMU_EXPECT_RESOURCE_TYPE));
      return;
    }

  list = ac_emu_store_resources_json (req->self->store, req->user_id, ns, type, &error);
  if (list == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  data = json_object_new ();
  json_object_set_int_member (data, "totalCount", json_array_get_length (list));
  json_object_set_array_member (data, "list", list);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static void
handle_security_level (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  AcEmuSecurityFacts facts;
  JsonObject *data;
  int score;

  if (!ac_emu_store_security_facts (req->self->store, req->user_id, &facts, &error))
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  if (!facts.found)
    {
      _ac_emu_reply_error (req, 2020, AC_EMU_MSG_NOT_LOGGED_IN);
      return;
    }

  /* pool-format.md: 40 for a password + 20/25/30 for its level 1/2/3 + 5 for an e-mail
   * + 10 for a phone + 15 for MFA, at most 100 (a heuristic matching the known scores). */
  score = 0;
  if (facts.password)
    score += 40 + (facts.password_level >= 3 ? 30 : facts.password_level == 2 ? 25 : 20);
  if (facts.email)
    score += 5;
  if (facts.phone)
    score += 10;
  if (facts.mfa)
    score += 15;
  score = MIN (score, 100);

  data = json_object_new ();
  json_object_set_int_member (data, "score", score);
  json_object_set_boolean_member (data, "email", facts.email);
  json_object_set_boolean_member (data, "phone", facts.phone);
  json_object_set_boolean_member (data, "password", facts.password);
  if (facts.password && facts.password_level > 0)
    json_object_set_int_member (data, "passwordSecurityLevel", facts.password_level);
  else
    json_object_set_null_member (data, "passwordSecurityLevel");
  json_object_set_boolean_member (data, "mfa", facts.mfa);
  _ac_emu_reply_ok_object (req, AC_EMU_MSG_OK, data);
}

static const AcEmuRoute routes[] = {
  { "GET", "/api/v2/users/me/security-level", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_security_level },
  { "GET", "/api/v2/users/me/applications/allowed", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_applications },
  { "GET", "/api/v2/users/*/orgs", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_orgs },
  { "GET", "/api/v2/users/me/roles", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, _ac_emu_handle_roles },
  { "POST", "/api/v2/users/resource/authorized", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, _ac_emu_handle_resources },
};

void
_ac_emu_routes_directory_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
