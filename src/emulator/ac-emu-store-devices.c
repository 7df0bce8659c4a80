/* ac-emu-store-devices.c: devices, the tokens they hold, sign-in history, linked identities
 * and groups (authing-api-security.md §6, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-store"

#include "config.h"

#include <string.h>

#include "ac-emu-store-devices.h"
#include "ac-emu-store-private.h"

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS devices ("
  "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  device_id TEXT NOT NULL, name TEXT, version TEXT, type TEXT NOT NULL, os TEXT,"
  "  producer TEXT, mod TEXT, created_at INTEGER NOT NULL, last_login_at INTEGER, last_ip TEXT,"
  "  PRIMARY KEY (user_id, device_id));"
  /* No foreign keys: like `tokens`, these rows outlive a deleted user. */
  "CREATE TABLE IF NOT EXISTS token_devices ("
  "  jti TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL, app_id TEXT);"
  "CREATE INDEX IF NOT EXISTS token_devices_by_device ON token_devices (user_id, device_id);"
  "CREATE TABLE IF NOT EXISTS login_history ("
  "  id INTEGER PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  login_at INTEGER NOT NULL, client_ip TEXT, success INTEGER NOT NULL, error_code INTEGER,"
  "  error_message TEXT, user_agent TEXT, app_id TEXT, login_method TEXT, device_id TEXT);"
  "CREATE INDEX IF NOT EXISTS login_history_by_user"
  "  ON login_history (user_id, login_at DESC, id DESC);"
  "CREATE INDEX IF NOT EXISTS login_history_by_user_success"
  "  ON login_history (user_id, success, login_at DESC, id DESC);"
  "CREATE TABLE IF NOT EXISTS identities ("
  "  id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  ext_idp_id TEXT NOT NULL, provider TEXT NOT NULL, type TEXT NOT NULL,"
  "  user_id_in_idp TEXT NOT NULL, user_info TEXT NOT NULL DEFAULT '{}', position INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS identities_by_user ON identities (user_id);"
  "CREATE TABLE IF NOT EXISTS user_groups ("
  "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL, name TEXT NOT NULL, description TEXT, position INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, code));";

gboolean
ac_emu_store_devices_init (AcEmuStore  *self,
                           GError     **error)
{
  return ac_emu_store_exec (self, schema, error);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
ac_emu_time_iso_ms (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *base = NULL;

  if (dt == NULL || ms < 0)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (ms % 1000));
}

/* ---------------------------------------------------------------------------------------- */
/* User agents */

static gboolean
has (const char *haystack,
     const char *needle)
{
  return strstr (haystack, needle) != NULL;
}

void
ac_emu_parse_user_agent (const char  *user_agent,
                         const char **out_type,
                         const char **out_browser,
                         const char **out_os)
{
  const char *ua = user_agent != NULL ? user_agent : "";
  const char *browser = NULL, *os = NULL;
  gboolean mobile;

  if (has (ua, "Android"))
    os = "Android";
  else if (has (ua, "iPhone") || has (ua, "iPad") || has (ua, "iPod"))
    os = "iOS";
  else if (has (ua, "HarmonyOS"))
    os = "HarmonyOS";
  else if (has (ua, "Windows"))
    os = "Windows";
  else if (has (ua, "Mac OS X") || has (ua, "Macintosh"))
    os = "macOS";
  else if (has (ua, "CrOS"))
    os = "ChromeOS";
  else if (has (ua, "Linux") || has (ua, "X11"))
    os = "Linux";

  if (has (ua, "Mozilla/") || has (ua, "Opera/"))
    {
      if (has (ua, "Edg/") || has (ua, "Edge/"))
        browser = "Edge";
      else if (has (ua, "OPR/") || has (ua, "Opera"))
        browser = "Opera";
      else if (has (ua, "Firefox/"))
        browser = "Firefox";
      else if (has (ua, "Chrome/") || has (ua, "Chromium/") || has (ua, "CriOS/"))
        browser = "Chrome";
      else if (has (ua, "Safari/"))
        browser = "Safari";
      else
        browser = "Browser";
    }

  mobile = has (ua, "Mobile") || g_strcmp0 (os, "Android") == 0 || g_strcmp0 (os, "iOS") == 0 ||
           g_strcmp0 (os, "HarmonyOS") == 0;

  if (out_type != NULL)
    *out_type = mobile ? "Mobile" : browser != NULL ? "Browser" : "Desktop";
  if (out_browser != NULL)
    *out_browser = browser;
  if (out_os != NULL)
    *out_os = os;
}

/* The product of a user agent that is no browser ("AccountCenter/1.0 libsoup/3.2" → AccountCenter) */
static char *
user_agent_product (const char *user_agent)
{
  gsize n;

  if (user_agent == NULL)
    return NULL;
  n = strcspn (user_agent, "/ ;(");
  if (n == 0 || n > 64 || !g_utf8_validate (user_agent, (gssize) n, NULL))
    return NULL;
  return g_strndup (user_agent, n);
}

char *
ac_emu_device_id_from_user_agent (const char *user_agent)
{
  g_autofree char *digest =
    g_compute_checksum_for_string (G_CHECKSUM_SHA256, user_agent != NULL ? user_agent : "", -1);

  return g_strdup_printf ("ua-%.16s", digest);
}

char *
ac_emu_device_name_from_user_agent (const char *user_agent)
{
  g_autofree char *product = NULL;
  const char *browser, *os, *what;

  ac_emu_parse_user_agent (user_agent, NULL, &browser, &os);
  if (browser == NULL)
    product = user_agent_product (user_agent);
  what = browser != NULL ? browser : product;
  if (what != NULL && os != NULL)
    return g_strdup_printf ("%s (%s)", what, os);
  if (what != NULL)
    return g_strdup (what);
  if (os != NULL)
    return g_strdup (os);
  return g_strdup ("Unknown device");
}

/* ---------------------------------------------------------------------------------------- */
/* Applications */

char *
ac_emu_store_canonical_app_id (AcEmuStore *self,
                               const char *app_id)
{
  g_autofree char *pool_app = ac_emu_store_get_meta (self, "app_id");
  g_autofree char *pool_identifier = ac_emu_store_get_meta (self, "app_identifier");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (app_id == NULL || *app_id == '\0' || g_strcmp0 (app_id, pool_app) == 0 ||
      g_strcmp0 (app_id, pool_identifier) == 0)
    return g_steal_pointer (&pool_app);

  stmt = ac_emu_store_prepare (self,
                               "SELECT id FROM applications WHERE id = ?1 OR identifier = ?1"
                               " ORDER BY id = ?1 DESC LIMIT 1", NULL);
  if (stmt != NULL)
    {
      ac_emu_bind_text (stmt, 1, app_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return g_strdup (ac_emu_column_text (stmt, 0));
    }
  return g_strdup (app_id);
}

typedef struct
{
  char *pool_app_id;
  char *pool_app_name;
  char *pool_app_logo;
  sqlite3_stmt *lookup;
} AppNames;

static void
app_names_init (AppNames   *names,
                AcEmuStore *store)
{
  names->pool_app_id = ac_emu_store_get_meta (store, "app_id");
  names->pool_app_name = ac_emu_store_get_meta (store, "app_name");
  names->pool_app_logo = ac_emu_store_get_meta (store, "app_logo");
  names->lookup = ac_emu_store_prepare (store, "SELECT name, logo FROM applications WHERE id = ?", NULL);
}

static void
app_names_clear (AppNames *names)
{
  g_free (names->pool_app_id);
  g_free (names->pool_app_name);
  g_free (names->pool_app_logo);
  g_clear_pointer (&names->lookup, sqlite3_finalize);
}

/* Sets appName (and with logo, appLogo) of `object` for the application app_id */
static void
app_names_set (AppNames   *names,
               JsonObject *object,
               const char *app_id,
               gboolean    logo)
{
  const char *name = NULL, *logo_url = NULL;

  if (app_id != NULL && g_strcmp0 (app_id, names->pool_app_id) == 0)
    {
      name = names->pool_app_name;
      logo_url = names->pool_app_logo;
    }
  else if (app_id != NULL && names->lookup != NULL)
    {
      sqlite3_reset (names->lookup);
      ac_emu_bind_text (names->lookup, 1, app_id);
      if (sqlite3_step (names->lookup) == SQLITE_ROW)
        {
          name = ac_emu_column_text (names->lookup, 0);
          logo_url = ac_emu_column_text (names->lookup, 1);
        }
    }
  ac_emu_json_set_string_or_null (object, "appName", name);
  if (logo)
    ac_emu_json_set_string_or_null (object, "appLogo", logo_url);
}

/* ---------------------------------------------------------------------------------------- */
/* Sign-in */

gboolean
ac_emu_store_device_signed_in (AcEmuStore         *self,
                               const char         *user_id,
                               const AcEmuDevice  *device,
                               gint64              now_ms,
                               const char         *ip,
                               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ac_emu_store_prepare (self,
                               "INSERT INTO devices (user_id, device_id, name, version, type, os, producer,"
                               " mod, created_at, last_login_at, last_ip)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)"
                               " ON CONFLICT (user_id, device_id) DO UPDATE SET"
                               " last_login_at = excluded.last_login_at, last_ip = excluded.last_ip",
                               error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  ac_emu_bind_text (stmt, 2, device->device_id);
  ac_emu_bind_text (stmt, 3, device->name);
  ac_emu_bind_text (stmt, 4, device->version);
  ac_emu_bind_text (stmt, 5, device->type);
  ac_emu_bind_text (stmt, 6, device->os);
  ac_emu_bind_text (stmt, 7, device->producer);
  ac_emu_bind_text (stmt, 8, device->mod);
  sqlite3_bind_int64 (stmt, 9, now_ms);
  ac_emu_bind_text (stmt, 10, ip);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_bind_token (AcEmuStore  *self,
                         const char  *jti,
                         const char  *user_id,
                         const char  *device_id,
                         const char  *app_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ac_emu_store_prepare (self,
                               "INSERT OR REPLACE INTO token_devices (jti, user_id, device_id, app_id)"
                               " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  ac_emu_bind_text (stmt, 2, user_id);
  ac_emu_bind_text (stmt, 3, device_id);
  ac_emu_bind_text (stmt, 4, app_id);
  return ac_emu_store_step_done (self, stmt, error);
}

gboolean
ac_emu_store_token_binding (AcEmuStore  *self,
                            const char  *jti,
                            char       **out_device_id,
                            char       **out_app_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *out_device_id = NULL;
  *out_app_id = NULL;
  stmt = ac_emu_store_prepare (self, "SELECT device_id, app_id FROM token_devices WHERE jti = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, jti);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_device_id = g_strdup (ac_emu_column_text (stmt, 0));
      *out_app_id = g_strdup (ac_emu_column_text (stmt, 1));
    }
  return TRUE;
}

sqlite3_stmt *
ac_emu_store_prepare_add_login (AcEmuStore  *self,
                                GError     **error)
{
  return ac_emu_store_prepare (self,
                               "INSERT INTO login_history (user_id, login_at, client_ip, success,"
                               " error_code, error_message, user_agent, app_id, login_method, device_id)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
}

gboolean
ac_emu_store_add_login (AcEmuStore              *self,
                        sqlite3_stmt            *reuse,
                        const AcEmuLoginRecord  *r,
                        GError                 **error)
{
  g_autoptr(sqlite3_stmt) own = NULL;
  sqlite3_stmt *stmt = reuse;
  gboolean ok;

  if (stmt == NULL)
    stmt = own = ac_emu_store_prepare_add_login (self, error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, r->user_id);
  sqlite3_bind_int64 (stmt, 2, r->login_at_ms);
  ac_emu_bind_text (stmt, 3, r->client_ip);
  sqlite3_bind_int (stmt, 4, r->success ? 1 : 0);
  if (r->success)
    sqlite3_bind_null (stmt, 5);
  else
    sqlite3_bind_int (stmt, 5, r->error_code);
  ac_emu_bind_text (stmt, 6, r->error_message);
  ac_emu_bind_text (stmt, 7, r->user_agent);
  ac_emu_bind_text (stmt, 8, r->app_id);
  ac_emu_bind_text (stmt, 9, r->login_method);
  ac_emu_bind_text (stmt, 10, r->device_id);
  ok = ac_emu_store_step_done (self, stmt, error);
  sqlite3_reset (stmt);
  return ok;
}

/* ---------------------------------------------------------------------------------------- */
/* Devices */

#define DEVICE_COLUMNS "d.device_id, d.name, d.version, d.type, d.os, d.producer, d.mod"

static JsonObject *
device_json (sqlite3_stmt *stmt)
{
  JsonObject *d = json_object_new ();

  _ac_emu_set_column (d, "deviceId", stmt, 0);
  _ac_emu_set_column (d, "name", stmt, 1);
  _ac_emu_set_column (d, "version", stmt, 2);
  _ac_emu_set_column (d, "type", stmt, 3);
  _ac_emu_set_column (d, "os", stmt, 4);
  _ac_emu_set_column (d, "producer", stmt, 5);
  _ac_emu_set_column (d, "mod", stmt, 6);
  json_object_set_string_member (d, "status", "activated");
  return d;
}

JsonArray *
ac_emu_store_devices_json (AcEmuStore  *self,
                           const char  *user_id,
                           gint64       page,
                           gint64       limit,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *list;

  stmt = ac_emu_store_prepare (self,
                               "SELECT " DEVICE_COLUMNS ", d.last_login_at, d.last_ip,"
                               " EXISTS (SELECT 1 FROM token_devices td JOIN tokens t ON t.jti = td.jti"
                               "  WHERE td.user_id = d.user_id AND td.device_id = d.device_id"
                               "  AND t.user_id = d.user_id AND t.revoked = 0 AND t.expires_at > ?2)"
                               " FROM devices d WHERE d.user_id = ?1"
                               " ORDER BY COALESCE (d.last_login_at, d.created_at) DESC, d.rowid DESC"
                               " LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, (page - 1) * limit);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_object_member (item, "device", device_json (stmt));
      if (sqlite3_column_type (stmt, 7) == SQLITE_NULL)
        json_object_set_null_member (item, "lastLoginTime");
      else
        {
          g_autofree char *when = ac_emu_time_iso_ms (sqlite3_column_int64 (stmt, 7));
          json_object_set_string_member (item, "lastLoginTime", when);
        }
      _ac_emu_set_column (item, "lastIp", stmt, 8);
      json_object_set_boolean_member (item, "online", sqlite3_column_int (stmt, 9) != 0);
      json_array_add_object_element (list, item);
    }
  return list;
}

gboolean
ac_emu_store_device_exists (AcEmuStore  *self,
                            const char  *user_id,
                            const char  *device_id,
                            gboolean    *out_exists,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *out_exists = FALSE;
  stmt = ac_emu_store_prepare (self, "SELECT 1 FROM devices WHERE user_id = ? AND device_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ac_emu_bind_text (stmt, 1, user_id);
  ac_emu_bind_text (stmt, 2, device_id);
  *out_exists = sqlite3_step (stmt) == SQLITE_ROW;
  return TRUE;
}

gboolean
ac_emu_store_device_sign_out (AcEmuStore  *self,
                              const char  *user_id,
                              const char  *device_id,
                              gboolean     forget,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) revoke = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;

  revoke = ac_emu_store_prepare (self,
                                 "UPDATE tokens SET revoked = 1 WHERE user_id = ?1 AND jti IN"
                                 " (SELECT jti FROM token_devices WHERE user_id = ?1 AND device_id = ?2)",
                                 error);
  if (revoke == NULL)
    return FALSE;
  ac_emu_bind_text (revoke, 1, user_id);
  ac_emu_bind_text (revoke, 2, device_id);
  if (!ac_emu_store_step_done (self, revoke, error))
    return FALSE;
  if (!forget)
    return TRUE;

  remove = ac_emu_store_prepare (self, "DELETE FROM devices WHERE user_id = ? AND device_id = ?", error);
  if (remove == NULL)
    return FALSE;
  ac_emu_bind_text (remove, 1, user_id);
  ac_emu_bind_text (remove, 2, device_id);
  return ac_emu_store_step_done (self, remove, error);
}

JsonObject *
ac_emu_store_device_register (AcEmuStore         *self,
                              const char         *user_id,
                              const AcEmuDevice  *device,
                              gint64              now_ms,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) read = NULL;

  upsert = ac_emu_store_prepare (self,
                                 "INSERT INTO devices (user_id, device_id, name, version, type, os, producer,"
                                 " mod, created_at) VALUES (?1, ?2, ?3, ?4, COALESCE (?5, 'Desktop'), ?6, ?7, ?8, ?9)"
                                 " ON CONFLICT (user_id, device_id) DO UPDATE SET"
                                 " name = COALESCE (?3, name), version = COALESCE (?4, version),"
                                 " type = COALESCE (?5, type), os = COALESCE (?6, os),"
                                 " producer = COALESCE (?7, producer), mod = COALESCE (?8, mod)",
                                 error);
  if (upsert == NULL)
    return NULL;
  ac_emu_bind_text (upsert, 1, user_id);
  ac_emu_bind_text (upsert, 2, device->device_id);
  ac_emu_bind_text (upsert, 3, device->name);
  ac_emu_bind_text (upsert, 4, device->version);
  ac_emu_bind_text (upsert, 5, device->type);
  ac_emu_bind_text (upsert, 6, device->os);
  ac_emu_bind_text (upsert, 7, device->producer);
  ac_emu_bind_text (upsert, 8, device->mod);
  sqlite3_bind_int64 (upsert, 9, now_ms);
  if (!ac_emu_store_step_done (self, upsert, error))
    return NULL;

  read = ac_emu_store_prepare (self, "SELECT " DEVICE_COLUMNS " FROM devices d"
                                     " WHERE d.user_id = ? AND d.device_id = ?", error);
  if (read == NULL)
    return NULL;
  ac_emu_bind_text (read, 1, user_id);
  ac_emu_bind_text (read, 2, device->device_id);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      g_set_error (error, AC_EMU_STORE_ERROR, 0, "device %s vanished", device->device_id);
      return NULL;
    }
  return device_json (read);
}

/* ---------------------------------------------------------------------------------------- */
/* Sign-in history */

typedef struct {
  int code;
  const char *zh;
  const char *en;
} LoginMessage;

static const LoginMessage login_messages[] = {
  { 2333, "帐号或密码错误", "Wrong account or password" },
  { 2001, "验证码错误", "Wrong verification code" },
  { 6001, "动态口令错误", "Wrong one-time code" },
  { 6002, "恢复代码错误", "Wrong recovery code" },
  { 2020, "尚未登录", "Not signed in" },
};

const char *
ac_emu_login_error_message (int        code,
                            AcEmuLang  lang)
{
  for (guint i = 0; i < G_N_ELEMENTS (login_messages); i++)
    if (login_messages[i].code == code)
      return lang == AC_EMU_LANG_EN ? login_messages[i].en : login_messages[i].zh;
  return lang == AC_EMU_LANG_EN ? "Sign-in failed" : "登录失败";
}

/* The WHERE clause of a history query: ?1 user, ?2 success, ?3 start, ?4 end. Only the
 * conditions given are written, so that SQLite picks the matching index. */
static char *
history_where (int    success,
               gint64 start_ms,
               gint64 end_ms)
{
  GString *where = g_string_new (" WHERE user_id = ?1");

  if (success >= 0)
    g_string_append (where, " AND success = ?2");
  if (start_ms >= 0)
    g_string_append (where, " AND login_at >= ?3");
  if (end_ms >= 0)
    g_string_append (where, " AND login_at <= ?4");
  return g_string_free (where, FALSE);
}

static void
history_bind (sqlite3_stmt *stmt,
              const char   *user_id,
              int           success,
              gint64        start_ms,
              gint64        end_ms)
{
  ac_emu_bind_text (stmt, 1, user_id);
  sqlite3_bind_int (stmt, 2, success);
  sqlite3_bind_int64 (stmt, 3, start_ms);
  sqlite3_bind_int64 (stmt, 4, end_ms);
}

static JsonObject *
history_item (sqlite3_stmt *stmt,
              AppNames     *names,
              AcEmuLang     lang)
{
  /* columns: login_at, client_ip, success, error_code, error_message, user_agent, app_id,
   * login_method */
  JsonObject *item = json_object_new ();
  JsonObject *parsed = json_object_new ();
  g_autofree char *when = ac_emu_time_iso_ms (sqlite3_column_int64 (stmt, 0));
  g_autofree char *product = NULL;
  const char *ua = ac_emu_column_text (stmt, 5);
  const char *type, *browser, *os;
  gboolean success = sqlite3_column_int (stmt, 2) != 0;

  _ac_emu_set_column (item, "appId", stmt, 6);
  app_names_set (names, item, ac_emu_column_text (stmt, 6), FALSE);
  json_object_set_string_member (item, "loginAt", when);
  _ac_emu_set_column (item, "clientIp", stmt, 1);
  json_object_set_boolean_member (item, "success", success);
  if (success)
    json_object_set_null_member (item, "errorMessage");
  else if (ac_emu_column_text (stmt, 4) != NULL)
    _ac_emu_set_column (item, "errorMessage", stmt, 4);
  else
    json_object_set_string_member (item, "errorMessage",
                                   ac_emu_login_error_message (sqlite3_column_int (stmt, 3), lang));
  ac_emu_json_set_string_or_null (item, "userAgent", ua);

  ac_emu_parse_user_agent (ua, &type, &browser, &os);
  if (browser == NULL)
    product = user_agent_product (ua);
  json_object_set_string_member (parsed, "device", g_strcmp0 (type, "Mobile") == 0 ? "Mobile" : "Desktop");
  ac_emu_json_set_string_or_null (parsed, "browser", browser != NULL ? browser : product);
  ac_emu_json_set_string_or_null (parsed, "os", os);
  json_object_set_object_member (item, "parsedUserAgent", parsed);
  _ac_emu_set_column (item, "loginMethod", stmt, 7);
  return item;
}

JsonObject *
ac_emu_store_login_history_json (AcEmuStore  *self,
                                 const char  *user_id,
                                 gint64       page,
                                 gint64       limit,
                                 int          success,
                                 gint64       start_ms,
                                 gint64       end_ms,
                                 AcEmuLang    lang,
                                 GError     **error)
{
  g_autofree char *where = history_where (success, start_ms, end_ms);
  g_autofree char *count_sql = g_strconcat ("SELECT COUNT(*) FROM login_history", where, NULL);
  g_autofree char *page_sql = g_strconcat ("SELECT login_at, client_ip, success, error_code, error_message,"
                                           " user_agent, app_id, login_method FROM login_history",
                                           where, " ORDER BY login_at DESC, id DESC LIMIT ?5 OFFSET ?6",
                                           NULL);
  g_autoptr(sqlite3_stmt) count_stmt = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AppNames names = { 0, };
  JsonObject *data;
  JsonArray *list;
  gint64 total = 0;

  count_stmt = ac_emu_store_prepare (self, count_sql, error);
  if (count_stmt == NULL)
    return NULL;
  stmt = ac_emu_store_prepare (self, page_sql, error);
  if (stmt == NULL)
    return NULL;

  history_bind (count_stmt, user_id, success, start_ms, end_ms);
  if (sqlite3_step (count_stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (count_stmt, 0);

  history_bind (stmt, user_id, success, start_ms, end_ms);
  sqlite3_bind_int64 (stmt, 5, limit);
  sqlite3_bind_int64 (stmt, 6, (page - 1) * limit);

  app_names_init (&names, self);
  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_object_element (list, history_item (stmt, &names, lang));
  app_names_clear (&names);

  data = json_object_new ();
  json_object_set_int_member (data, "totalCount", total);
  json_object_set_array_member (data, "list", list);
  return data;
}

JsonArray *
ac_emu_store_logged_in_apps_json (AcEmuStore  *self,
                                  const char  *user_id,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AppNames names = { 0, };
  JsonArray *list;

  stmt = ac_emu_store_prepare (self,
                               "SELECT td.app_id, MAX (td.rowid) AS last FROM token_devices td"
                               " JOIN tokens t ON t.jti = td.jti"
                               " WHERE td.user_id = ?1 AND t.user_id = ?1 AND t.revoked = 0"
                               " AND t.expires_at > ?2 AND td.app_id IS NOT NULL"
                               " GROUP BY td.app_id ORDER BY last DESC, td.app_id", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());

  app_names_init (&names, self);
  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *app = json_object_new ();

      _ac_emu_set_column (app, "appId", stmt, 0);
      app_names_set (&names, app, ac_emu_column_text (stmt, 0), TRUE);
      json_object_set_null_member (app, "appLoginUrl");
      json_object_set_boolean_member (app, "active", TRUE);
      json_array_add_object_element (list, app);
    }
  app_names_clear (&names);
  return list;
}

/* ---------------------------------------------------------------------------------------- */
/* Identities and groups */

char *
ac_emu_ext_idp_id_for_provider (const char *provider)
{
  g_autofree char *input = g_strconcat ("authing-emulator ext-idp ", provider, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);

  return g_strndup (digest, 24);
}

JsonArray *
ac_emu_store_identities_json (AcEmuStore  *self,
                              const char  *user_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *list;

  stmt = ac_emu_store_prepare (self,
                               "SELECT id, ext_idp_id, provider, type, user_id_in_idp, user_info"
                               " FROM identities WHERE user_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *identity = json_object_new ();
      JsonNode *info = ac_emu_json_parse_text (ac_emu_column_text (stmt, 5));

      if (info == NULL || !JSON_NODE_HOLDS_OBJECT (info))
        {
          g_clear_pointer (&info, json_node_unref);
          info = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (info, json_object_new ());
        }
      _ac_emu_set_column (identity, "identityId", stmt, 0);
      _ac_emu_set_column (identity, "extIdpId", stmt, 1);
      _ac_emu_set_column (identity, "provider", stmt, 2);
      _ac_emu_set_column (identity, "type", stmt, 3);
      _ac_emu_set_column (identity, "userIdInIdp", stmt, 4);
      json_object_set_member (identity, "userInfoInIdp", info);
      json_array_add_object_element (list, identity);
    }
  return list;
}

gboolean
ac_emu_store_unlink_identity (AcEmuStore         *self,
                              const char         *user_id,
                              const char         *ext_idp_id,
                              AcEmuUnlinkResult  *out_result,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  AcEmuSecurityFacts facts;
  gint64 these = 0, others = 0;

  *out_result = AC_EMU_UNLINK_NOT_FOUND;
  count = ac_emu_store_prepare (self,
                                "SELECT COUNT(*) FILTER (WHERE ext_idp_id = ?2),"
                                " COUNT(*) FILTER (WHERE ext_idp_id != ?2)"
                                " FROM identities WHERE user_id = ?1", error);
  if (count == NULL)
    return FALSE;
  ac_emu_bind_text (count, 1, user_id);
  ac_emu_bind_text (count, 2, ext_idp_id);
  if (sqlite3_step (count) == SQLITE_ROW)
    {
      these = sqlite3_column_int64 (count, 0);
      others = sqlite3_column_int64 (count, 1);
    }
  if (these == 0)
    return TRUE;

  if (!ac_emu_store_security_facts (self, user_id, &facts, error))
    return FALSE;
  if (!facts.password && !facts.email && !facts.phone && others == 0)
    {
      *out_result = AC_EMU_UNLINK_LAST_METHOD;
      return TRUE;
    }

  remove = ac_emu_store_prepare (self, "DELETE FROM identities WHERE user_id = ? AND ext_idp_id = ?", error);
  if (remove == NULL)
    return FALSE;
  ac_emu_bind_text (remove, 1, user_id);
  ac_emu_bind_text (remove, 2, ext_idp_id);
  if (!ac_emu_store_step_done (self, remove, error))
    return FALSE;
  *out_result = AC_EMU_UNLINK_DONE;
  return TRUE;
}

JsonArray *
ac_emu_store_groups_json (AcEmuStore  *self,
                          const char  *user_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *list;

  stmt = ac_emu_store_prepare (self,
                               "SELECT code, name, description FROM user_groups WHERE user_id = ?"
                               " ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  ac_emu_bind_text (stmt, 1, user_id);

  list = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *group = json_object_new ();

      _ac_emu_set_column (group, "code", stmt, 0);
      _ac_emu_set_column (group, "name", stmt, 1);
      _ac_emu_set_column (group, "description", stmt, 2);
      json_array_add_object_element (list, group);
    }
  return list;
}
