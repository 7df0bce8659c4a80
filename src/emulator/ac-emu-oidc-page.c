/* ac-emu-oidc-page.c: the OpenID provider's hosted pages (HTML), in Chinese and English
 *
 * Plain HTML forms without scripts: the pages are served with a CSP that allows none. Every
 * value that comes from a request is escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-oidc"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ac-emu-oidc-page.h"

typedef struct
{
  const char *zh;
  const char *en;
} Text;

static const Text texts[] = {
  [AC_EMU_OIDC_TEXT_WRONG_CREDENTIALS] = { "账号或密码错误。", "Wrong account or password." },
  [AC_EMU_OIDC_TEXT_MISSING_CREDENTIALS] = { "请输入账号和密码。", "Enter your account and password." },
  [AC_EMU_OIDC_TEXT_NO_CLIENT] = { "请求没有指明应用（client_id）。",
                                   "The request names no application (client_id)." },
  [AC_EMU_OIDC_TEXT_UNKNOWN_CLIENT] = { "本用户池没有这个应用（client_id）。",
                                        "This user pool has no such application (client_id)." },
  [AC_EMU_OIDC_TEXT_BAD_REDIRECT] = { "不允许此返回地址（redirect_uri）。只接受 http://127.0.0.1:端口/… 和 "
                                      "http://[::1]:端口/…（RFC 8252），不接受 localhost。",
                                      "The return address (redirect_uri) is not allowed. Only "
                                      "http://127.0.0.1:PORT/… and http://[::1]:PORT/… are accepted "
                                      "(RFC 8252), localhost is not." },
  [AC_EMU_OIDC_TEXT_MALFORMED] = { "请求格式不正确。", "The request is malformed." },
  [AC_EMU_OIDC_TEXT_EXPIRED] = { "此登录页面已过期，请回到应用重新开始。",
                                 "This sign-in page has expired. Start again from the application." },
  [AC_EMU_OIDC_TEXT_SIGNED_OUT] = { "您已退出登录。", "You have signed out." },
  [AC_EMU_OIDC_TEXT_WRONG_TOTP] = { "验证码错误。", "Wrong code." },
  [AC_EMU_OIDC_TEXT_MISSING_TOTP] = { "请输入 6 位验证码。", "Enter the 6-digit code." },
};

typedef struct
{
  const char *html_lang;
  const char *title;
  const char *heading;
  const char *continue_to;   /* followed by the application's name */
  const char *account;
  const char *account_hint;
  const char *password;
  const char *sign_in;
  const char *cancel;
  const char *cannot_continue;
  const char *done;
  const char *two_step;
  const char *two_step_hint;
  const char *code;
  const char *verify;
} Strings;

static const Strings strings_zh = {
  "zh-CN", "登录", "登录", "以继续使用 ", "账号", "用户名、邮箱或手机号", "密码", "登录", "取消",
  "无法继续登录", "完成", "两步验证", "请输入身份验证器应用中显示的 6 位验证码。", "验证码", "验证",
};

static const Strings strings_en = {
  "en", "Sign in", "Sign in", "to continue to ", "Account", "Username, e-mail or phone",
  "Password", "Sign in", "Cancel", "Sign-in cannot continue", "Done", "Two-step verification",
  "Enter the 6-digit code your authenticator app shows.", "Code", "Verify",
};

static const char style[] =
  "body{font-family:system-ui,sans-serif;background:#f6f5f4;color:#1e1e1e;margin:0}"
  "main{max-width:22rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;"
  "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
  "h1{font-size:1.5rem;margin:0 0 .25rem}p{margin:.25rem 0 1rem}"
  "label{display:block;font-weight:600;margin-top:1rem}"
  "input{box-sizing:border-box;width:100%;padding:.5rem;margin-top:.25rem;font-size:1rem}"
  ".hint{font-weight:400;color:#555;font-size:.875rem}"
  ".error{color:#c01c28;font-weight:600}"
  ".buttons{display:flex;gap:.5rem;margin-top:1.5rem}"
  "button{flex:1;padding:.6rem;font-size:1rem;border-radius:6px;border:1px solid #999;background:#fff}"
  "button.primary{background:#3584e4;color:#fff;border-color:#3584e4}";

const char *
ac_emu_oidc_text (AcEmuOidcText text,
                  AcEmuLang     lang)
{
  g_return_val_if_fail (text < G_N_ELEMENTS (texts), "");
  return lang == AC_EMU_LANG_EN ? texts[text].en : texts[text].zh;
}

static const Strings *
strings_for (AcEmuLang lang)
{
  return lang == AC_EMU_LANG_EN ? &strings_en : &strings_zh;
}

/* Chinese or English for a language tag, -1 for another language */
static int
lang_of_tag (const char *tag)
{
  if (g_ascii_strncasecmp (tag, "zh", 2) == 0 && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
    return AC_EMU_LANG_ZH;
  if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
    return AC_EMU_LANG_EN;
  return -1;
}

AcEmuLang
ac_emu_oidc_page_lang (const char *ui_locales,
                       const char *accept_language)
{
  int best = -1;
  double best_q = 0.0;

  if (ui_locales != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (ui_locales, " ", 16);

      for (guint i = 0; tags[i] != NULL; i++)
        {
          int lang = lang_of_tag (tags[i]);

          if (lang >= 0)
            return (AcEmuLang) lang;
        }
    }

  if (accept_language != NULL)
    {
      g_auto(GStrv) items = g_strsplit (accept_language, ",", 32);

      for (guint i = 0; items[i] != NULL; i++)
        {
          g_auto(GStrv) parts = g_strsplit (items[i], ";", 4);
          char *tag = g_strstrip (parts[0]);
          double q = 1.0;
          int lang;

          for (guint j = 1; parts[j] != NULL; j++)
            {
              char *param = g_strstrip (parts[j]);

              if (g_ascii_strncasecmp (param, "q=", 2) == 0)
                {
                  char *end = NULL;

                  q = g_ascii_strtod (param + 2, &end);
                  if (end == param + 2 || *end != '\0' || !(q >= 0.0 && q <= 1.0))
                    q = 0.0;
                }
            }
          lang = lang_of_tag (tag);
          if (lang >= 0 && q > best_q)
            {
              best = lang;
              best_q = q;
            }
        }
    }

  return best >= 0 ? (AcEmuLang) best : AC_EMU_LANG_ZH;
}

static void
begin_page (GString       *html,
            const Strings *s,
            const char    *title)
{
  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<title>%s</title><link rel=\"icon\" href=\"data:,\"><style>%s</style>"
                          "</head><body><main>",
                          s->html_lang, title, style);
}

static void
end_page (GString *html)
{
  g_string_append (html, "</main></body></html>\n");
}

char *
ac_emu_oidc_page_sign_in (AcEmuLang   lang,
                          const char *app_name,
                          const char *interaction,
                          const char *account,
                          const char *error)
{
  const Strings *s = strings_for (lang);
  GString *html = g_string_new (NULL);
  g_autofree char *name = g_markup_escape_text (app_name != NULL ? app_name : "", -1);
  g_autofree char *id = g_markup_escape_text (interaction, -1);
  g_autofree char *acc = g_markup_escape_text (account != NULL ? account : "", -1);

  begin_page (html, s, s->title);
  g_string_append_printf (html, "<h1>%s</h1><p>", s->heading);
  g_string_append_printf (html, "%s%s</p>", s->continue_to, name);
  if (error != NULL)
    {
      g_autofree char *err = g_markup_escape_text (error, -1);

      g_string_append_printf (html, "<p class=\"error\" id=\"error\" role=\"alert\">%s</p>", err);
    }
  g_string_append_printf (html,
                          "<form method=\"post\" action=\"/oidc/interaction\">"
                          "<input type=\"hidden\" name=\"interaction\" value=\"%s\">"
                          "<label for=\"account\">%s <span class=\"hint\">(%s)</span></label>"
                          "<input id=\"account\" name=\"account\" type=\"text\" value=\"%s\" "
                          "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"%s>"
                          "<label for=\"password\">%s</label>"
                          "<input id=\"password\" name=\"password\" type=\"password\" "
                          "autocomplete=\"current-password\"%s>"
                          "<div class=\"buttons\">"
                          "<button id=\"cancel\" type=\"submit\" name=\"action\" value=\"cancel\">%s</button>"
                          "<button id=\"sign-in\" class=\"primary\" type=\"submit\" name=\"action\" "
                          "value=\"sign-in\">%s</button>"
                          "</div></form>",
                          id, s->account, s->account_hint, acc,
                          *acc == '\0' ? " autofocus" : "",
                          s->password, *acc != '\0' ? " autofocus" : "",
                          s->cancel, s->sign_in);
  end_page (html);
  return g_string_free (html, FALSE);
}

char *
ac_emu_oidc_page_second_step (AcEmuLang   lang,
                              const char *app_name,
                              const char *interaction,
                              const char *error)
{
  const Strings *s = strings_for (lang);
  GString *html = g_string_new (NULL);
  g_autofree char *name = g_markup_escape_text (app_name != NULL ? app_name : "", -1);
  g_autofree char *id = g_markup_escape_text (interaction, -1);

  begin_page (html, s, s->two_step);
  g_string_append_printf (html, "<h1>%s</h1><p>%s%s</p><p>%s</p>", s->two_step, s->continue_to, name,
                          s->two_step_hint);
  if (error != NULL)
    {
      g_autofree char *err = g_markup_escape_text (error, -1);

      g_string_append_printf (html, "<p class=\"error\" id=\"error\" role=\"alert\">%s</p>", err);
    }
  g_string_append_printf (html,
                          "<form method=\"post\" action=\"/oidc/interaction\">"
                          "<input type=\"hidden\" name=\"interaction\" value=\"%s\">"
                          "<label for=\"code\">%s</label>"
                          "<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" "
                          "autocomplete=\"one-time-code\" maxlength=\"6\" autofocus>"
                          "<div class=\"buttons\">"
                          "<button id=\"cancel\" type=\"submit\" name=\"action\" value=\"cancel\">%s</button>"
                          "<button id=\"verify\" class=\"primary\" type=\"submit\" name=\"action\" "
                          "value=\"totp\">%s</button>"
                          "</div></form>",
                          id, s->code, s->cancel, s->verify);
  end_page (html);
  return g_string_free (html, FALSE);
}

char *
ac_emu_oidc_page_message (AcEmuLang   lang,
                          gboolean    is_error,
                          const char *detail)
{
  const Strings *s = strings_for (lang);
  GString *html = g_string_new (NULL);
  g_autofree char *text = g_markup_escape_text (detail, -1);
  const char *title = is_error ? s->cannot_continue : s->done;

  begin_page (html, s, title);
  g_string_append_printf (html, "<h1>%s</h1><p id=\"message\"%s>%s</p>", title,
                          is_error ? " class=\"error\" role=\"alert\"" : "", text);
  end_page (html);
  return g_string_free (html, FALSE);
}
