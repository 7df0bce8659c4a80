/* ac-emu-store-devices.h: devices, the tokens they hold, sign-in history, linked identities
 * and groups (authing-api-security.md §6, §7)
 *
 * Tables (created by ac_emu_store_devices_init(), next to the main schema):
 *
 *   devices        per user: (user_id, device_id) with name, type, OS, last sign-in
 *   token_devices  which device and application each token was issued to (by jti); the token
 *                  itself, its expiry and revocation stay in `tokens`
 *   login_history  every sign-in attempt, recorded or seeded; paged in SQL by
 *                  (user_id, login_at DESC, id DESC), so a long history is never loaded whole
 *   identities     linked accounts of external identity providers (seeded only)
 *   user_groups    the user's groups (seeded only)
 *
 * Times of devices and history are milliseconds since the epoch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-messages.h"
#include "ac-emu-store.h"

G_BEGIN_DECLS

/* The longest device id and device attribute accepted */
#define AC_EMU_DEVICE_TEXT_MAX 256
/* The largest page of history and devices */
#define AC_EMU_DEVICES_PAGE_MAX 50

typedef struct
{
  const char *device_id;
  const char *name;
  const char *version;
  const char *type;        /* Browser, Mobile or Desktop */
  const char *os;
  const char *producer;
  const char *mod;
} AcEmuDevice;

typedef struct
{
  const char *user_id;
  gint64 login_at_ms;
  const char *client_ip;
  gboolean success;
  int error_code;           /* 0 on success; the message follows the reader's language */
  const char *error_message; /* a fixed message (seeded), or NULL */
  const char *user_agent;
  const char *app_id;
  const char *login_method;
  const char *device_id;
} AcEmuLoginRecord;

typedef enum {
  AC_EMU_UNLINK_DONE,
  AC_EMU_UNLINK_NOT_FOUND,
  AC_EMU_UNLINK_LAST_METHOD,
} AcEmuUnlinkResult;

gboolean     ac_emu_store_devices_init       (AcEmuStore        *self,
                                              GError           **error);

/* What a user agent says: type Browser, Mobile or Desktop; browser and OS names or NULL */
void         ac_emu_parse_user_agent         (const char        *user_agent,
                                              const char       **out_type,
                                              const char       **out_browser,
                                              const char       **out_os);
/* The id of the device a sign-in without x-authing-device-id comes from ("ua-" + a hash) */
char        *ac_emu_device_id_from_user_agent (const char       *user_agent);
/* A name for a device known only by its user agent ("Firefox (Linux)", "AccountCenter (Linux)") */
char        *ac_emu_device_name_from_user_agent (const char     *user_agent);
/* The application a token is for: the id of the pool's application or of applications[]
 * named by id or identifier; NULL or "" is the pool's application; anything else as given */
char        *ac_emu_store_canonical_app_id   (AcEmuStore        *self,
                                              const char        *app_id);

/* Sign-in */
gboolean     ac_emu_store_device_signed_in   (AcEmuStore        *self,
                                              const char        *user_id,
                                              const AcEmuDevice *device_if_new,
                                              gint64             now_ms,
                                              const char        *ip,
                                              GError           **error);
gboolean     ac_emu_store_bind_token         (AcEmuStore        *self,
                                              const char        *jti,
                                              const char        *user_id,
                                              const char        *device_id,
                                              const char        *app_id,
                                              GError           **error);
/* The device and application of a token (both NULL when it has none) */
gboolean     ac_emu_store_token_binding      (AcEmuStore        *self,
                                              const char        *jti,
                                              char             **out_device_id,
                                              char             **out_app_id,
                                              GError           **error);
/* Adds one entry of the history; reuse is NULL or a statement of
 * ac_emu_store_prepare_add_login() (to add many) */
sqlite3_stmt *ac_emu_store_prepare_add_login (AcEmuStore       *self,
                                              GError           **error);
gboolean     ac_emu_store_add_login          (AcEmuStore        *self,
                                              sqlite3_stmt      *reuse,
                                              const AcEmuLoginRecord *record,
                                              GError           **error);

/* Devices */
JsonArray   *ac_emu_store_devices_json       (AcEmuStore        *self,
                                              const char        *user_id,
                                              gint64             page,
                                              gint64             limit,
                                              GError           **error);
gboolean     ac_emu_store_device_exists      (AcEmuStore        *self,
                                              const char        *user_id,
                                              const char        *device_id,
                                              gboolean          *out_exists,
                                              GError           **error);
/* Revokes every token of the device; with forget, removes the device too */
gboolean     ac_emu_store_device_sign_out    (AcEmuStore        *self,
                                              const char        *user_id,
                                              const char        *device_id,
                                              gboolean           forget,
                                              GError           **error);
/* Registers the device (or updates the attributes given); answers the device object */
JsonObject  *ac_emu_store_device_register    (AcEmuStore        *self,
                                              const char        *user_id,
                                              const AcEmuDevice *device,
                                              gint64             now_ms,
                                              GError           **error);

/* History: success -1 (any), 0 or 1; start_ms / end_ms -1 when not given */
JsonObject  *ac_emu_store_login_history_json (AcEmuStore        *self,
                                              const char        *user_id,
                                              gint64             page,
                                              gint64             limit,
                                              int                success,
                                              gint64             start_ms,
                                              gint64             end_ms,
                                              AcEmuLang          lang,
                                              GError           **error);
JsonArray   *ac_emu_store_logged_in_apps_json (AcEmuStore       *self,
                                              const char        *user_id,
                                              GError           **error);

/* Identities and groups */
JsonArray   *ac_emu_store_identities_json    (AcEmuStore        *self,
                                              const char        *user_id,
                                              GError           **error);
gboolean     ac_emu_store_unlink_identity    (AcEmuStore        *self,
                                              const char        *user_id,
                                              const char        *ext_idp_id,
                                              AcEmuUnlinkResult *out_result,
                                              GError           **error);
JsonArray   *ac_emu_store_groups_json        (AcEmuStore        *self,
                                              const char        *user_id,
                                              GError           **error);

/* The ext_idp_id of a provider: the same for every user of the pool, like the service's id
 * of an identity provider connection */
char        *ac_emu_ext_idp_id_for_provider  (const char        *provider);

/* The message of a failed sign-in, for its code (2333, 2001, 6001, ...) */
const char  *ac_emu_login_error_message      (int                code,
                                              AcEmuLang          lang);
/* Milliseconds since the epoch as ISO-8601 UTC with milliseconds */
char        *ac_emu_time_iso_ms              (gint64             ms);

G_END_DECLS
