/* ac-emu-messages.c: the texts of the `message` field, in Chinese and English
 *
 * The service localises `message` by the x-authing-lang header; Chinese is the default
 * (authing-api.md §2, §3). These are wire texts chosen per request, not gettext strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-messages"

#include "config.h"

#include "ac-emu-messages.h"

typedef struct {
  const char *zh;
  const char *en;
} Text;

static const Text messages[] = {
  [AC_EMU_MSG_OK] = { "获取成功", "Success" },
  [AC_EMU_MSG_LOGIN_OK] = { "登录成功", "Logged in" },
  [AC_EMU_MSG_LOGOUT_OK] = { "退出成功", "Logged out" },
  [AC_EMU_MSG_UPDATE_OK] = { "更新成功", "Updated" },
  [AC_EMU_MSG_DELETE_OK] = { "删除成功", "Account deleted" },
  [AC_EMU_MSG_APPS_OK] = { "获取可访问的应用列表成功", "Got the applications you can access" },
  [AC_EMU_MSG_ORGS_OK] = { "获取用户组织机构列表成功", "Got the user's organizations" },
  [AC_EMU_MSG_UPLOAD_OK] = { "上传成功", "Uploaded" },
  [AC_EMU_MSG_REFRESH_OK] = { "刷新 token 成功", "Token refreshed" },
  [AC_EMU_MSG_NOT_LOGGED_IN] = { "尚未登录，无权限访问此请求",
                                 "Not logged in: no permission to access this request" },
  [AC_EMU_MSG_FORBIDDEN] = { "无权限访问其他用户的数据",
                             "No permission to access another user's data" },
  [AC_EMU_MSG_BAD_CREDENTIALS] = { "帐号或密码错误", "Wrong account or password" },
  [AC_EMU_MSG_USER_EXISTS] = { "用户已存在", "User already exists" },
  [AC_EMU_MSG_BAD_JSON] = { "请求体不是合法的 JSON", "The request body is not valid JSON" },
  [AC_EMU_MSG_NOT_OBJECT] = { "请求体必须是 JSON 对象", "The request body must be a JSON object" },
  [AC_EMU_MSG_BAD_CONTENT_TYPE] = { "Content-Type 必须是 application/json",
                                    "Content-Type must be application/json" },
  [AC_EMU_MSG_NOT_FOUND] = { "接口不存在", "No such endpoint" },
  [AC_EMU_MSG_APP_NOT_FOUND] = { "应用不存在", "Application not found" },
  [AC_EMU_MSG_METHOD_NOT_ALLOWED] = { "不支持该请求方法", "Method not allowed" },
  [AC_EMU_MSG_TOO_LARGE] = { "请求体过大", "Request body too large" },
  [AC_EMU_MSG_INTERNAL] = { "服务器内部错误", "Internal server error" },
  [AC_EMU_MSG_NOT_AN_IMAGE] = { "只能上传图片（PNG、JPEG、GIF 或 WebP）",
                                "Only images (PNG, JPEG, GIF or WebP) can be uploaded" },
  [AC_EMU_MSG_NO_FILE_PART] = { "缺少名为 file 的文件字段", "Missing the multipart part \"file\"" },
  [AC_EMU_MSG_BAD_MULTIPART] = { "请求体必须是 multipart/form-data",
                                 "The request body must be multipart/form-data" },
  [AC_EMU_MSG_INJECTED] = { "服务器内部错误（模拟故障）", "Internal server error (injected fault)" },
  [AC_EMU_MSG_LOGGED_IN] = { "已登录", "Logged in" },
  [AC_EMU_MSG_LOGIN_EXPIRED] = { "登录信息已过期", "Login information expired" },
  [AC_EMU_MSG_UNSUPPORTED_OPERATION] = { "不支持的 GraphQL 操作", "Unsupported GraphQL operation" },
  [AC_EMU_MSG_BAD_REQUEST] = { "HTTP 请求格式错误", "Malformed HTTP request" },
  [AC_EMU_MSG_EXPECTATION_FAILED] = { "不支持该 Expect 请求头", "Unsupported Expect header" },
  [AC_EMU_MSG_HEADERS_TOO_LARGE] = { "请求头过大", "Request header too large" },
  [AC_EMU_MSG_TOO_MANY_CONNECTIONS] = { "连接数过多，请稍后再试", "Too many connections, try again later" },
  [AC_EMU_MSG_HTTP_VERSION] = { "只支持 HTTP/1.0 和 HTTP/1.1", "Only HTTP/1.0 and HTTP/1.1 are supported" },
  [AC_EMU_MSG_USERNAME_TAKEN] = { "该用户名已被其他账号使用（作为用户名、邮箱或手机号）",
                                  "This username is already used by another account (as its username, e-mail address or phone number)" },
};

static const Text expectations[] = {
  [AC_EMU_EXPECT_STRING] = { "字符串", "a string" },
  [AC_EMU_EXPECT_NUMBER] = { "数字", "a number" },
  [AC_EMU_EXPECT_BOOLEAN] = { "布尔值", "a boolean" },
  [AC_EMU_EXPECT_DATETIME] = { "ISO-8601 日期时间或毫秒数", "an ISO-8601 date-time or milliseconds" },
  [AC_EMU_EXPECT_OBJECT] = { "JSON 对象", "a JSON object" },
  [AC_EMU_EXPECT_ARRAY] = { "数组", "an array" },
  [AC_EMU_EXPECT_STRING_OR_NULL] = { "字符串或 null", "a string or null" },
  [AC_EMU_EXPECT_GENDER] = { "M、F 或 U", "M, F or U" },
  [AC_EMU_EXPECT_DATE] = { "日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)" },
  [AC_EMU_EXPECT_POSITIVE_INTEGER] = { "正整数", "a positive integer" },
  [AC_EMU_EXPECT_NON_EMPTY_STRING] = { "非空字符串", "a non-empty string" },
  [AC_EMU_EXPECT_RESOURCE_TYPE] = { "DATA、API、MENU、UI 或 BUTTON", "DATA, API, MENU, UI or BUTTON" },
  [AC_EMU_EXPECT_TARGET_USER] = { "USER", "USER" },
  [AC_EMU_EXPECT_EXACT_NUMBER] = { "可精确存储的有限数字（整数须在 -2^63 到 2^63-1 之间）",
                                   "a finite number that can be stored exactly (integers from -2^63 to 2^63-1)" },
  [AC_EMU_EXPECT_ENCODED_TEXT] = { "正确百分号编码的 UTF-8 文本", "correctly percent-encoded UTF-8 text" },
  [AC_EMU_EXPECT_USERNAME] = { "不像邮箱地址或手机号的用户名（本人的邮箱或手机号除外）",
                               "a username that does not look like an e-mail address or phone number (except your own)" },
};

AcEmuLang
ac_emu_lang_from_header (const char *header)
{
  if (header != NULL && g_ascii_strncasecmp (header, "en", 2) == 0)
    return AC_EMU_LANG_EN;
  return AC_EMU_LANG_ZH;
}

const char *
ac_emu_message (AcEmuMsg  id,
                AcEmuLang lang)
{
  g_return_val_if_fail (id < G_N_ELEMENTS (messages), "");

  return lang == AC_EMU_LANG_EN ? messages[id].en : messages[id].zh;
}

const char *
ac_emu_expect_name (AcEmuExpect expect,
                    AcEmuLang   lang)
{
  g_return_val_if_fail (expect < G_N_ELEMENTS (expectations), "");

  return lang == AC_EMU_LANG_EN ? expectations[expect].en : expectations[expect].zh;
}

char *
ac_emu_msg_expected (AcEmuLang    lang,
                     const char  *field,
                     AcEmuExpect  expect)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: expected %s", field, ac_emu_expect_name (expect, lang));
  return g_strdup_printf ("%s：应为%s", field, ac_emu_expect_name (expect, lang));
}

char *
ac_emu_msg_expected_option (AcEmuLang   lang,
                            const char *field,
                            const char *choices)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: expected one of %s", field, choices);
  return g_strdup_printf ("%s：应为以下之一：%s", field, choices);
}

char *
ac_emu_msg_unknown_field (AcEmuLang   lang,
                          const char *field)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: unknown field", field);
  return g_strdup_printf ("%s：未知字段", field);
}

char *
ac_emu_msg_field_not_allowed (AcEmuLang   lang,
                              const char *field)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: cannot be changed here", field);
  return g_strdup_printf ("%s：不能通过此接口修改", field);
}

char *
ac_emu_msg_required (AcEmuLang   lang,
                     const char *field)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: required", field);
  return g_strdup_printf ("%s：必填", field);
}

char *
ac_emu_msg_no_nul (AcEmuLang   lang,
                   const char *field)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: must not contain NUL characters", field);
  return g_strdup_printf ("%s：不能包含 NUL 字符", field);
}

char *
ac_emu_msg_no_control (AcEmuLang   lang,
                       const char *field)
{
  if (lang == AC_EMU_LANG_EN)
    return g_strdup_printf ("%s: must not contain control characters", field);
  return g_strdup_printf ("%s：不能包含控制字符", field);
}
