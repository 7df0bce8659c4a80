/* ac-emu-routes-security.c: the password, verification codes and their outbox, signing in with
 * a code, binding a phone or an e-mail address, deleting the account with a code
 * (protocol-security.md §2–§4, §8)
 *
 * Every handler checks all of a request before it changes anything, and checks the codes last:
 * a request refused for another reason never counts against (or consumes) a code. Nothing here
 * logs a password, a code or a token: the only place a code is printed is the outbox line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-security"

#include "config.h"

#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-devices.h"
#include "ac-emu-outbox.h"
#include "ac-emu-security-private.h"
#include "ac-emu-store-security.h"
#include "ac-emu-totp.h"
#include "ac-emu-util.h"

#define PASSWORD_MIN_CHARS 8
#define EMAIL_MAX 254

typedef struct {
  const char *zh;
  const char *en;
} Text;

static const Text messages[] = {
  [AC_EMU_SEC_PASSWORD_CHANGED] = { "密码修改成功", "Password changed" },
  [AC_EMU_SEC_PASSWORD_RIGHT] = { "密码正确", "The password is right" },
  [AC_EMU_SEC_PASSWORD_WRONG] = { "密码错误", "Wrong password" },
  [AC_EMU_SEC_OLD_PASSWORD_WRONG] = { "原密码错误", "The old password is wrong" },
  [AC_EMU_SEC_PASSWORD_TOO_SHORT] = { "newPassword：密码至少需要 8 个字符",
                                      "newPassword: the password must have at least 8 characters" },
  [AC_EMU_SEC_PASSWORD_IS_USERNAME] = { "newPassword：密码不能与用户名相同",
                                        "newPassword: the password must not be the username" },
  [AC_EMU_SEC_SENT] = { "发送成功", "Sent" },
  [AC_EMU_SEC_TOO_SOON] = { "发送过于频繁，请 60 秒后再试", "Sent too recently: try again in 60 seconds" },
  [AC_EMU_SEC_BAD_EMAIL] = { "邮箱格式不正确", "The e-mail address is not valid" },
  [AC_EMU_SEC_WRONG_CODE] = { "验证码错误或已过期", "Wrong or expired verification code" },
  [AC_EMU_SEC_PHONE_TAKEN] = { "该手机号已被绑定", "This phone number is already bound" },
  [AC_EMU_SEC_EMAIL_TAKEN] = { "该邮箱已被其他用户使用", "This e-mail address belongs to another user" },
  [AC_EMU_SEC_SAME_PHONE] = { "新手机号与当前手机号相同", "The new phone number is the current one" },
  [AC_EMU_SEC_SAME_EMAIL] = { "email：新邮箱与当前邮箱相同", "email: the new e-mail address is the current one" },
  [AC_EMU_SEC_PHONE_ALREADY] = { "phone：已绑定手机号，请使用修改手机号",
                                 "phone: a phone number is already bound; change it instead" },
  [AC_EMU_SEC_EMAIL_ALREADY] = { "email：已绑定邮箱，请使用修改邮箱",
                                 "email: an e-mail address is already bound; change it instead" },
  [AC_EMU_SEC_NO_PHONE] = { "phone：尚未绑定手机号", "phone: no phone number is bound" },
  [AC_EMU_SEC_NO_EMAIL] = { "尚未绑定邮箱", "No e-mail address is bound" },
  [AC_EMU_SEC_LAST_METHOD] = { "无法解绑：这是唯一的登录方式", "Cannot unbind: it is the only way left to sign in" },
  [AC_EMU_SEC_OLD_PHONE_MISMATCH] = { "oldPhone：不是当前绑定的手机号", "oldPhone: not the phone number that is bound" },
  [AC_EMU_SEC_OLD_EMAIL_MISMATCH] = { "oldEmail：不是当前绑定的邮箱", "oldEmail: not the e-mail address that is bound" },
  [AC_EMU_SEC_BOUND] = { "绑定成功", "Bound" },
  [AC_EMU_SEC_UNBOUND] = { "解绑成功", "Unbound" },
  [AC_EMU_SEC_CHANGED] = { "修改成功", "Changed" },
  [AC_EMU_SEC_MFA_REQUIRED] = { "请输入 MFA 口令完成登录", "Enter the code of your authenticator app to sign in" },
  [AC_EMU_SEC_MFA_TOKEN_INVALID] = { "二次认证已过期或无效，请重新登录",
                                     "The two-step sign-in expired or is not valid: sign in again" },
  [AC_EMU_SEC_MFA_LOCKED] = { "错误次数过多，请重新登录", "Too many wrong codes: sign in again" },
  [AC_EMU_SEC_TOTP_WRONG] = { "MFA 口令错误", "Wrong TOTP code" },
  [AC_EMU_SEC_TOTP_MISSING] = { "请输入 MFA 口令", "The TOTP code is missing" },
  [AC_EMU_SEC_RECOVERY_WRONG] = { "恢复代码错误", "Wrong recovery code" },
  [AC_EMU_SEC_RECOVERY_MISSING] = { "请输入恢复代码", "The recovery code is missing" },
  [AC_EMU_SEC_NO_ENROLMENT] = { "尚未开始绑定 TOTP MFA", "No TOTP enrolment was started" },
  [AC_EMU_SEC_TOTP_ALREADY] = { "已开启 TOTP MFA，请先解绑", "TOTP is already on: turn it off first" },
  [AC_EMU_SEC_TOTP_ON] = { "TOTP MFA 绑定成功", "TOTP turned on" },
  [AC_EMU_SEC_TOTP_OFF] = { "TOTP MFA 解绑成功", "TOTP turned off" },
  [AC_EMU_SEC_LOOPBACK_ONLY] = { "仅限本机访问", "Only for clients on this machine" },
  [AC_EMU_SEC_CLOCK_DISABLED] = { "接口不存在", "No such endpoint" },
};

static const Text expectations[] = {
  [AC_EMU_SEC_EXPECT_PHONE] = { "手机号（5 到 20 位数字）", "a phone number (5 to 20 digits)" },
  [AC_EMU_SEC_EXPECT_COUNTRY_CODE] = { "国家区号（如 +86）", "a country code such as +86" },
  [AC_EMU_SEC_EXPECT_EMAIL] = { "不超过 254 个 ASCII 字符的邮箱地址",
                                "an e-mail address of at most 254 ASCII characters" },
  [AC_EMU_SEC_EXPECT_CODE] = { "不超过 64 个 ASCII 字符的验证码", "a code of at most 64 ASCII characters" },
  [AC_EMU_SEC_EXPECT_SCENE] = { "VERIFY_CODE、CHANGE_EMAIL、MFA_VERIFY、RESET_PASSWORD 或 VERIFY_EMAIL",
                                "VERIFY_CODE, CHANGE_EMAIL, MFA_VERIFY, RESET_PASSWORD or VERIFY_EMAIL" },
  [AC_EMU_SEC_EXPECT_TOTP_TYPE] = { "totp", "totp" },
  [AC_EMU_SEC_EXPECT_ENCRYPTED] = { "用公钥加密的密码", "a password encrypted with the public key" },
  [AC_EMU_SEC_EXPECT_SECONDS] = { "非负整数秒数", "a number of seconds (a non-negative integer)" },
};

static const char * const email_scenes[] = {
  "VERIFY_CODE", "CHANGE_EMAIL", "MFA_VERIFY", "RESET_PASSWORD", "VERIFY_EMAIL", NULL
};

/* ---------------------------------------------------------------------------------------- */
/* Answers */

const char *
_ac_emu_sec_message (AcEmuRequest *req,
                     AcEmuSecMsg   message)
{
  g_return_val_if_fail (message < G_N_ELEMENTS (messages), "");

  return req->lang == AC_EMU_LANG_EN ? messages[message].en : messages[message].zh;
}

void
_ac_emu_sec_reply_error (AcEmuRequest *req,
                         int           code,
                         AcEmuSecMsg   message)
{
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, code, _ac_emu_sec_message (req, message), NULL);
}

static void
reply_ok (AcEmuRequest *req,
          AcEmuSecMsg   message,
          JsonNode     *data)
{
  _ac_emu_reply_envelope (req, SOUP_STATUS_OK, 200, _ac_emu_sec_message (req, message), data);
}

static void
reply_user (AcEmuRequest *req,
            AcEmuSecMsg   message)
{
  g_autoptr(GError) error = NULL;
  JsonObject *u = _ac_emu_user_json (req, NULL, 0, &error);
  JsonNode *node;

  if (u == NULL)
    {
      _ac_emu_reply_internal (req, error);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, u);
  reply_ok (req, message, node);
}

gboolean
_ac_emu_sec_reply_expected (AcEmuRequest   *req,
                            const char     *field,
                            AcEmuSecExpect  expect)
{
  const Text *t = &expectations[expect];

  if (req->lang == AC_EMU_LANG_EN)
    _ac_emu_reply_invalid (req, g_strdup_printf ("%s: expected %s", field, t->en));
  else
    _ac_emu_reply_invalid (req, g_strdup_printf ("%s：应为%s", field, t->zh));
  return FALSE;
}

gboolean
_ac_emu_sec_body_code (AcEmuRequest  *req,
                       const char    *member,
                       const char   **out)
{
  if (!_ac_emu_body_string (req, member, FALSE, out))
    return FALSE;
  if (*out != NULL && !ac_emu_is_short_ascii (*out, AC_EMU_CODE_INPUT_MAX))
    return _ac_emu_sec_reply_expected (req, member, AC_EMU_SEC_EXPECT_CODE);
  if (*out != NULL && **out == '\0')
    *out = NULL;
  return TRUE;
}

/* A required code member: 400 when missing */
static gboolean
body_required_code (AcEmuRequest  *req,
                    const char    *member,
                    const char   **out)
{
  if (!_ac_emu_sec_body_code (req, member, out))
    return FALSE;
  if (*out == NULL)
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, member));
      return FALSE;
    }
  return TRUE;
}

static void
reply_store_failure (AcEmuRequest *req,
                     GError       *error)
{
  _ac_emu_reply_internal (req, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Addresses */

/* A required phone member (and the optional country code); answers 400 when malformed */
static gboolean
body_phone (AcEmuRequest  *req,
            const char    *member,
            gboolean       required,
            const char   **out_phone,
            const char   **out_country_code)
{
  if (!_ac_emu_body_string (req, member, required, out_phone))
    return FALSE;
  if (*out_phone != NULL && !ac_emu_phone_is_valid (*out_phone))
    return _ac_emu_sec_reply_expected (req, member, AC_EMU_SEC_EXPECT_PHONE);
  if (out_country_code != NULL)
    {
      if (!_ac_emu_body_string (req, "phoneCountryCode", FALSE, out_country_code))
        return FALSE;
      if (*out_country_code != NULL && **out_country_code == '\0')
        *out_country_code = NULL;
      if (*out_country_code != NULL && !ac_emu_country_code_is_valid (*out_country_code))
        return _ac_emu_sec_reply_expected (req, "phoneCountryCode", AC_EMU_SEC_EXPECT_COUNTRY_CODE);
    }
  return TRUE;
}

/* An e-mail member: 400 when not a short ASCII string (Unicode, a megabyte), 2003 when it is
 * not shaped like an address */
static gboolean
body_email (AcEmuRequest  *req,
            const char    *member,
            gboolean       required,
            const char   **out)
{
  if (!_ac_emu_body_string (req, member, required, out))
    return FALSE;
  if (*out == NULL)
    return TRUE;
  if (!ac_emu_is_short_ascii (*out, EMAIL_MAX))
    return _ac_emu_sec_reply_expected (req, member, AC_EMU_SEC_EXPECT_EMAIL);
  if (!ac_emu_email_shape_is_valid (*out))
    {
      _ac_emu_sec_reply_error (req, 2003, AC_EMU_SEC_BAD_EMAIL);
      return FALSE;
    }
  return TRUE;
}

/* Begins a write transaction; answers 500 on failure */
static gboolean
begin (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!ac_emu_store_begin (req->self->store, &error))
    {
      reply_store_failure (req, error);
      return FALSE;
    }
  return TRUE;
}

/* Checks one code inside the open transaction. A wrong one is committed (it counted) and
 * answered 2001; returns FALSE when it answered. */
static gboolean
check_code (AcEmuRequest *req,
            const char   *channel,
            const char   *address,
            const char   *code)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  gboolean right = FALSE;

  if (!ac_emu_codes_check (store, channel, address, code, &right, &error))
    {
      reply_store_failure (req, error);
      return FALSE;
    }
  if (right)
    return TRUE;
  if (!ac_emu_store_commit (store, &error))
    {
      reply_store_failure (req, error);
      return FALSE;
    }
  _ac_emu_sec_reply_error (req, 2001, AC_EMU_SEC_WRONG_CODE);
  return FALSE;
}

static gboolean
load_account (AcEmuRequest *req,
              AcEmuAccount *account)
{
  g_autoptr(GError) error = NULL;

  if (!ac_emu_store_get_account (req->self->store, req->user_id, account, &error) || !account->found)
    {
      if (error == NULL)
        g_set_error_literal (&error, AC_EMU_STORE_ERROR, 0, "the user vanished");
      reply_store_failure (req, error);
      return FALSE;
    }
  return TRUE;
}

/* Whether value is another user's identifier; answers 500 on failure (returns TRUE then too,
 * with *answered set) */
static gboolean
identifier_taken (AcEmuRequest *req,
                  const char   *value,
                  gboolean     *answered)
{
  g_autoptr(GError) error = NULL;
  gboolean taken = FALSE;

  *answered = FALSE;
  if (!ac_emu_store_identifier_in_use (req->self->store, value, req->user_id, &taken, &error))
    {
      reply_store_failure (req, error);
      *answered = TRUE;
      return TRUE;
    }
  return taken;
}

/* ---------------------------------------------------------------------------------------- */
/* Password (§2) */

static char *
decrypt (AcEmuRequest *req,
         const char   *encrypted)
{
  g_autofree char *fixed = NULL;

  if (encrypted == NULL)
    return NULL;
  /* A query's '+' may arrive as a space when the client did not escape it */
  fixed = g_strdup (encrypted);
  g_strdelimit (fixed, " ", '+');
  return ac_emu_keys_decrypt_password (req->self->keys, fixed, NULL);
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

typedef char AcEmuSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcEmuSecret, free_secret)

static gboolean
password_is_username (const char *password,
                      const char *username)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (username == NULL)
    return FALSE;
  a = g_utf8_casefold (password, -1);
  b = g_utf8_casefold (username, -1);
  return g_str_equal (a, b);
}

static void
handle_password_update (AcEmuRequest *req)
{
  AcEmuStore *store = req->self->store;
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AcEmuSecret) old_plain = NULL;
  g_autoptr(AcEmuSecret) new_plain = NULL;
  g_autofree char *hash = NULL;
  const char *new_encrypted, *old_encrypted;

  if (!_ac_emu_body_string (req, "newPassword", TRUE, &new_encrypted) ||
      !_ac_emu_body_string (req, "oldPassword", FALSE, &old_encrypted) ||
      !load_account (req, &account))
    return;

  new_plain = decrypt (req, new_encrypted);
  if (new_plain == NULL)
    {
      _ac_emu_sec_reply_expected (req, "newPassword", AC_EMU_SEC_EXPECT_ENCRYPTED);
      return;
    }
  if (account.password_hash != NULL)
    {
      if (old_encrypted == NULL || *old_encrypted == '\0')
        {
          _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, "oldPassword"));
          return;
        }
      old_plain = decrypt (req, old_encrypted);
      if (old_plain == NULL || !ac_emu_password_verify (old_plain, account.password_hash))
        {
          _ac_emu_sec_reply_error (req, 1320011, AC_EMU_SEC_OLD_PASSWORD_WRONG);
          return;
        }
    }
  if (g_utf8_strlen (new_plain, -1) < PASSWORD_MIN_CHARS)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_PASSWORD_TOO_SHORT);
      return;
    }
  if (password_is_username (new_plain, account.username))
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_PASSWORD_IS_USERNAME);
      return;
    }

  hash = ac_emu_password_hash (new_plain, &error);
  if (hash == NULL ||
      !ac_emu_store_begin (store, &error) ||
      !ac_emu_store_set_password (store, req->user_id, hash, ac_emu_password_level (new_plain),
                                  req->jti, &error) ||
      !ac_emu_store_commit (store, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  reply_user (req, AC_EMU_SEC_PASSWORD_CHANGED);
}

static void
handle_password_check (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(AcEmuSecret) plain = NULL;
  const char *encrypted = _ac_emu_query_get (req, "password");

  if (encrypted == NULL || *encrypted == '\0')
    {
      _ac_emu_reply_invalid (req, ac_emu_msg_required (req->lang, "password"));
      return;
    }
  if (!load_account (req, &account))
    return;
  plain = decrypt (req, encrypted);
  if (plain == NULL || account.password_hash == NULL ||
      !ac_emu_password_verify (plain, account.password_hash))
    {
      _ac_emu_sec_reply_error (req, 2006, AC_EMU_SEC_PASSWORD_WRONG);
      return;
    }
  reply_ok (req, AC_EMU_SEC_PASSWORD_RIGHT, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Sending codes (§3) */

/* Sends a code to address. A caller without a valid token only reaches addresses bound to a
 * user; to any other address the answer is the same 200 and nothing is sent. */
static void
send_code (AcEmuRequest *req,
           const char   *channel,
           const char   *address,
           const char   *country_code,
           const char   *scene,
           gboolean      bound)
{
  AcEmuStore *store = req->self->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  gboolean too_soon = FALSE;
  gboolean deliver;

  /* A signed-in user may send to a new address (to bind it); a bad token is simply nobody. */
  deliver = bound || _ac_emu_authenticate (req);

  if (!begin (req))
    return;
  if (!ac_emu_codes_send (store, channel, address, country_code, scene, deliver, &too_soon, &code, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  if (too_soon)
    {
      ac_emu_store_rollback (store);
      _ac_emu_sec_reply_error (req, 2080, AC_EMU_SEC_TOO_SOON);
      return;
    }
  if (!ac_emu_store_commit (store, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  if (code != NULL)
    ac_emu_outbox_announce (channel, address, country_code, code, scene);
  reply_ok (req, AC_EMU_SEC_SENT, NULL);
}

static void
handle_sms_send (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *phone, *country_code;

  if (!body_phone (req, "phone", TRUE, &phone, &country_code))
    return;
  if (!ac_emu_store_find_by_phone (req->self->store, phone, &owner, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  send_code (req, AC_EMU_CHANNEL_SMS, phone, country_code, NULL, owner != NULL);
}

static void
handle_email_send (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *email, *scene;

  if (!body_email (req, "email", TRUE, &email) ||
      !_ac_emu_body_string (req, "scene", FALSE, &scene))
    return;
  if (scene == NULL)
    scene = "VERIFY_CODE";
  if (!g_strv_contains (email_scenes, scene))
    {
      _ac_emu_sec_reply_expected (req, "scene", AC_EMU_SEC_EXPECT_SCENE);
      return;
    }
  if (!ac_emu_store_find_by_email (req->self->store, email, &owner, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  send_code (req, AC_EMU_CHANNEL_EMAIL, email, NULL, scene, owner != NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Signing in with a code (§3) */

static void
code_sign_in (AcEmuRequest *req,
              const char   *channel,
              const char   *address,
              const char   *owner,
              const char   *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = g_strdup (owner);

  /* An address that belongs to nobody gets the answer of a wrong code, and no code counts. */
  if (user_id == NULL)
    {
      _ac_emu_sec_reply_error (req, 2001, AC_EMU_SEC_WRONG_CODE);
      return;
    }
  if (!begin (req))
    return;
  if (!check_code (req, channel, address, code))
    {
      _ac_emu_devices_login_failed (req, user_id, "code", 2001);   /* the history (§6) */
      return;
    }
  if (!ac_emu_codes_consume (req->self->store, channel, address, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  _ac_emu_sec_finish_sign_in (req, user_id, FALSE);
}

static void
handle_login_phone_code (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *phone, *country_code, *code;

  if (!body_phone (req, "phone", TRUE, &phone, &country_code) ||
      !body_required_code (req, "code", &code))
    return;
  if (!ac_emu_store_find_by_phone (req->self->store, phone, &owner, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  code_sign_in (req, AC_EMU_CHANNEL_SMS, phone, owner, code);
}

static void
handle_login_email_code (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  const char *email, *code;

  if (!body_email (req, "email", TRUE, &email) ||
      !body_required_code (req, "code", &code))
    return;
  if (!ac_emu_store_find_by_email (req->self->store, email, &owner, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  code_sign_in (req, AC_EMU_CHANNEL_EMAIL, email, owner, code);
}

/* ---------------------------------------------------------------------------------------- */
/* Binding (§4) */

/* Commits the change made since begin() and answers the user */
static void
commit_and_reply_user (AcEmuRequest *req,
                       AcEmuSecMsg   message)
{
  g_autoptr(GError) error = NULL;

  if (!ac_emu_store_commit (req->self->store, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  reply_user (req, message);
}

static void
handle_phone_bind (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  const char *phone, *country_code, *code;
  gboolean answered;

  if (!body_phone (req, "phone", TRUE, &phone, &country_code) ||
      !body_required_code (req, "phoneCode", &code) ||
      !load_account (req, &account))
    return;
  if (g_strcmp0 (account.phone, phone) == 0)
    {
      _ac_emu_sec_reply_error (req, 1320004, AC_EMU_SEC_PHONE_TAKEN);
      return;
    }
  if (account.phone != NULL)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_PHONE_ALREADY);
      return;
    }
  if (identifier_taken (req, phone, &answered))
    {
      if (!answered)
        _ac_emu_sec_reply_error (req, 1320004, AC_EMU_SEC_PHONE_TAKEN);
      return;
    }
  if (!begin (req) || !check_code (req, AC_EMU_CHANNEL_SMS, phone, code))
    return;
  if (!ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_SMS, phone, &error) ||
      !ac_emu_store_set_phone (req->self->store, req->user_id, phone, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_BOUND);
}

static void
handle_phone_update (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  const char *phone, *country_code, *code, *old_phone, *old_code;
  gboolean answered;

  if (!body_phone (req, "phone", TRUE, &phone, &country_code) ||
      !body_required_code (req, "phoneCode", &code) ||
      !body_phone (req, "oldPhone", FALSE, &old_phone, NULL) ||
      !load_account (req, &account))
    return;
  if (account.phone == NULL)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_NO_PHONE);
      return;
    }
  if (old_phone != NULL && g_strcmp0 (old_phone, account.phone) != 0)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_OLD_PHONE_MISMATCH);
      return;
    }
  if (g_str_equal (phone, account.phone))
    {
      _ac_emu_sec_reply_error (req, 2230, AC_EMU_SEC_SAME_PHONE);
      return;
    }
  if (identifier_taken (req, phone, &answered))
    {
      if (!answered)
        _ac_emu_sec_reply_error (req, 1320004, AC_EMU_SEC_PHONE_TAKEN);
      return;
    }
  /* Our rule: a change needs the current phone's code too */
  if (!body_required_code (req, "oldPhoneCode", &old_code))
    return;
  if (!begin (req) ||
      !check_code (req, AC_EMU_CHANNEL_SMS, phone, code) ||
      !check_code (req, AC_EMU_CHANNEL_SMS, account.phone, old_code))
    return;
  if (!ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_SMS, phone, &error) ||
      !ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_SMS, account.phone, &error) ||
      !ac_emu_store_set_phone (req->self->store, req->user_id, phone, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_CHANGED);
}

static void
handle_phone_unbind (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;

  if (!load_account (req, &account))
    return;
  if (account.phone == NULL)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_NO_PHONE);
      return;
    }
  /* Without a password, the phone or the e-mail address is how the person signs in (a code) */
  if (account.password_hash == NULL && account.email == NULL)
    {
      _ac_emu_sec_reply_error (req, 1320005, AC_EMU_SEC_LAST_METHOD);
      return;
    }
  if (!begin (req))
    return;
  if (!ac_emu_store_set_phone (req->self->store, req->user_id, NULL, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_UNBOUND);
}

static void
handle_email_bind (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  const char *email, *code;
  gboolean answered;

  if (!body_email (req, "email", TRUE, &email) ||
      !body_required_code (req, "emailCode", &code) ||
      !load_account (req, &account))
    return;
  if (account.email != NULL)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_EMAIL_ALREADY);
      return;
    }
  if (identifier_taken (req, email, &answered))
    {
      if (!answered)
        _ac_emu_sec_reply_error (req, 2026, AC_EMU_SEC_EMAIL_TAKEN);
      return;
    }
  if (!begin (req) || !check_code (req, AC_EMU_CHANNEL_EMAIL, email, code))
    return;
  if (!ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_EMAIL, email, &error) ||
      !ac_emu_store_set_email (req->self->store, req->user_id, email, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_BOUND);
}

static void
handle_email_update (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  const char *email, *code, *old_email, *old_code;
  gboolean answered;

  if (!body_email (req, "email", TRUE, &email) ||
      !body_required_code (req, "emailCode", &code) ||
      !body_email (req, "oldEmail", FALSE, &old_email) ||
      !load_account (req, &account))
    return;
  if (account.email == NULL)
    {
      _ac_emu_sec_reply_error (req, 1320009, AC_EMU_SEC_NO_EMAIL);
      return;
    }
  if (old_email != NULL && g_strcmp0 (old_email, account.email) != 0)
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_OLD_EMAIL_MISMATCH);
      return;
    }
  if (g_str_equal (email, account.email))
    {
      _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_SAME_EMAIL);
      return;
    }
  if (identifier_taken (req, email, &answered))
    {
      if (!answered)
        _ac_emu_sec_reply_error (req, 2026, AC_EMU_SEC_EMAIL_TAKEN);
      return;
    }
  if (!body_required_code (req, "oldEmailCode", &old_code))
    return;
  if (!begin (req) ||
      !check_code (req, AC_EMU_CHANNEL_EMAIL, email, code) ||
      !check_code (req, AC_EMU_CHANNEL_EMAIL, account.email, old_code))
    return;
  if (!ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_EMAIL, email, &error) ||
      !ac_emu_codes_consume (req->self->store, AC_EMU_CHANNEL_EMAIL, account.email, &error) ||
      !ac_emu_store_set_email (req->self->store, req->user_id, email, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_CHANGED);
}

static void
handle_email_unbind (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;

  if (!load_account (req, &account))
    return;
  if (account.email == NULL)
    {
      _ac_emu_sec_reply_error (req, 1320009, AC_EMU_SEC_NO_EMAIL);
      return;
    }
  if (account.password_hash == NULL && account.phone == NULL)
    {
      _ac_emu_sec_reply_error (req, 1320010, AC_EMU_SEC_LAST_METHOD);
      return;
    }
  if (!begin (req))
    return;
  if (!ac_emu_store_set_email (req->self->store, req->user_id, NULL, &error))
    {
      reply_store_failure (req, error);
      return;
    }
  commit_and_reply_user (req, AC_EMU_SEC_UNBOUND);
}

/* ---------------------------------------------------------------------------------------- */
/* Deleting with a code (§8) */

/* A code-like query parameter: 400 when too long or not ASCII */
static gboolean
query_code (AcEmuRequest  *req,
            const char    *name,
            const char   **out)
{
  *out = _ac_emu_query_get (req, name);
  if (*out != NULL && !ac_emu_is_short_ascii (*out, AC_EMU_CODE_INPUT_MAX))
    return _ac_emu_sec_reply_expected (req, name, AC_EMU_SEC_EXPECT_CODE);
  if (*out != NULL && **out == '\0')
    *out = NULL;
  return TRUE;
}

gboolean
_ac_emu_sec_check_delete (AcEmuRequest *req)
{
  g_auto(AcEmuAccount) account = { 0, };
  g_autoptr(GError) error = NULL;
  const char *phone_code, *email_code, *channel, *address;

  if (!query_code (req, "phoneCode", &phone_code) || !query_code (req, "emailCode", &email_code))
    return FALSE;
  if (phone_code == NULL && email_code == NULL)
    return TRUE;
  if (!load_account (req, &account))
    return FALSE;

  channel = phone_code != NULL ? AC_EMU_CHANNEL_SMS : AC_EMU_CHANNEL_EMAIL;
  address = phone_code != NULL ? account.phone : account.email;
  if (address == NULL)
    {
      if (phone_code != NULL)
        _ac_emu_sec_reply_error (req, 400, AC_EMU_SEC_NO_PHONE);
      else
        _ac_emu_sec_reply_error (req, 1320009, AC_EMU_SEC_NO_EMAIL);
      return FALSE;
    }
  if (!begin (req) || !check_code (req, channel, address, phone_code != NULL ? phone_code : email_code))
    return FALSE;
  if (!ac_emu_codes_consume (req->self->store, channel, address, &error) ||
      !ac_emu_store_commit (req->self->store, &error))
    {
      reply_store_failure (req, error);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* The outbox and the test clock (ours) */

static gboolean
from_loopback (AcEmuRequest *req)
{
  GSocketAddress *address = soup_server_message_get_remote_address (req->msg);
  GInetAddress *inet;
  g_autofree char *text = NULL;

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  if (g_inet_address_get_is_loopback (inet))
    return TRUE;
  /* An IPv4 loopback client of a dual-stack socket */
  text = g_inet_address_to_string (inet);
  return g_str_has_prefix (text, "::ffff:127.");
}

static void
handle_outbox (AcEmuRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (!from_loopback (req))
    {
      _ac_emu_reply_envelope (req, SOUP_STATUS_FORBIDDEN, 403,
                              _ac_emu_sec_message (req, AC_EMU_SEC_LOOPBACK_ONLY), NULL);
      return;
    }
  array = ac_emu_store_outbox_json (req->self->store, _ac_emu_query_get (req, "to"), &error);
  if (array == NULL)
    {
      reply_store_failure (req, error);
      return;
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, node);
}

static void
handle_clock (AcEmuRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *answer;
  JsonNode *advance;

  if (!ac_emu_security_clock_enabled ())
    {
      _ac_emu_reply_envelope (req, SOUP_STATUS_NOT_FOUND, 404,
                              _ac_emu_sec_message (req, AC_EMU_SEC_CLOCK_DISABLED), NULL);
      return;
    }
  if (!from_loopback (req))
    {
      _ac_emu_reply_envelope (req, SOUP_STATUS_FORBIDDEN, 403,
                              _ac_emu_sec_message (req, AC_EMU_SEC_LOOPBACK_ONLY), NULL);
      return;
    }
  advance = json_object_get_member (req->body, "advance");
  if (advance == NULL || !JSON_NODE_HOLDS_VALUE (advance) ||
      json_node_get_value_type (advance) != G_TYPE_INT64 || json_node_get_int (advance) < 0 ||
      json_node_get_int (advance) > G_MAXINT32)
    {
      _ac_emu_sec_reply_expected (req, "advance", AC_EMU_SEC_EXPECT_SECONDS);
      return;
    }
  root = json_node_new (JSON_NODE_OBJECT);
  answer = json_object_new ();
  json_object_set_int_member (answer, "offset",
                              ac_emu_security_clock_advance (json_node_get_int (advance)));
  json_object_set_int_member (answer, "now", ac_emu_security_now ());
  json_node_take_object (root, answer);
  _ac_emu_reply_json (req, SOUP_STATUS_OK, root);
}

static const AcEmuRoute routes[] = {
  { "POST", "/api/v2/password/update", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_password_update },
  { "GET", "/api/v2/users/password/check", AC_EMU_BODY_NONE, AC_EMU_ROUTE_AUTH, handle_password_check },
  { "POST", "/api/v2/sms/send", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_sms_send },
  { "POST", "/api/v2/email/send", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_email_send },
  { "POST", "/api/v2/login/phone-code", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_login_phone_code },
  { "POST", "/api/v2/login/email-code", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_login_email_code },
  { "POST", "/api/v2/users/phone/bind", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_phone_bind },
  { "POST", "/api/v2/users/phone/unbind", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_phone_unbind },
  { "POST", "/api/v2/users/phone/update", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_phone_update },
  { "POST", "/api/v2/users/email/bind", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_email_bind },
  { "POST", "/api/v2/users/email/unbind", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_email_unbind },
  { "POST", "/api/v2/users/email/update", AC_EMU_BODY_JSON, AC_EMU_ROUTE_AUTH, handle_email_update },
  { "GET", "/_emulator/outbox", AC_EMU_BODY_NONE, AC_EMU_ROUTE_PUBLIC, handle_outbox },
  { "POST", "/_emulator/clock", AC_EMU_BODY_JSON, AC_EMU_ROUTE_PUBLIC, handle_clock },
};

void
_ac_emu_routes_security_register (AcEmuServer *self)
{
  _ac_emu_server_add_routes (self, routes, G_N_ELEMENTS (routes));
  _ac_emu_routes_mfa_register (self);
}
