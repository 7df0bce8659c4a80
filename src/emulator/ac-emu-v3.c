/* ac-emu-v3.c: the v3 envelope of /api/v3/ (authing-api-security.md §1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-server"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-v3.h"

gboolean
_ac_emu_v3_is_request (AcEmuRequest *req)
{
  return req->gql_field == NULL && req->path != NULL && g_str_has_prefix (req->path, "/api/v3/");
}

void
_ac_emu_v3_reply (AcEmuRequest *req,
                  guint         http_status,
                  int           status_code,
                  int           api_code,
                  const char   *message,
                  JsonNode     *data)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *request_id = ac_emu_random_hex (16);
  JsonObject *envelope = json_object_new ();

  json_object_set_int_member (envelope, "statusCode", status_code);
  json_object_set_string_member (envelope, "message", message != NULL ? message : "");
  if (api_code != 0)
    json_object_set_int_member (envelope, "apiCode", api_code);
  json_object_set_string_member (envelope, "requestId", request_id);
  json_object_set_member (envelope, "data", data != NULL ? data : json_node_new (JSON_NODE_NULL));
  json_node_take_object (root, envelope);
  _ac_emu_reply_json (req, http_status, root);
}

void
_ac_emu_v3_reply_envelope (AcEmuRequest *req,
                           guint         http_status,
                           int           code,
                           const char   *message,
                           JsonNode     *data)
{
  int status_code;

  if (code == 200 && http_status == 200)
    {
      _ac_emu_v3_reply (req, http_status, 200, 0, message, data);
      return;
    }

  if (http_status != 200)
    status_code = (int) http_status;
  else if (code == 2020 || code == 2206 || code == 2207)
    status_code = 401;
  else if (code >= 400 && code < 600)
    status_code = code;
  else
    status_code = 400;
  _ac_emu_v3_reply (req, http_status, status_code, code, message, data);
}

const char *
_ac_emu_v3_token_from_header (const char *authorization)
{
  const char *token = authorization;

  if (token == NULL)
    return NULL;
  if (g_ascii_strncasecmp (token, "Bearer ", 7) == 0)
    token += 7;
  while (*token == ' ')
    token++;
  return *token != '\0' ? token : NULL;
}
