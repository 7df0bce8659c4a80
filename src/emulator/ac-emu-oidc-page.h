/* ac-emu-oidc-page.h: the OpenID provider's hosted pages (HTML), in Chinese and English
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ac-emu-messages.h"

G_BEGIN_DECLS

typedef enum {
  AC_EMU_OIDC_TEXT_WRONG_CREDENTIALS,
  AC_EMU_OIDC_TEXT_MISSING_CREDENTIALS,
  AC_EMU_OIDC_TEXT_NO_CLIENT,
  AC_EMU_OIDC_TEXT_UNKNOWN_CLIENT,
  AC_EMU_OIDC_TEXT_BAD_REDIRECT,
  AC_EMU_OIDC_TEXT_MALFORMED,
  AC_EMU_OIDC_TEXT_EXPIRED,
  AC_EMU_OIDC_TEXT_SIGNED_OUT,
  AC_EMU_OIDC_TEXT_WRONG_TOTP,
  AC_EMU_OIDC_TEXT_MISSING_TOTP,
} AcEmuOidcText;

/* `ui_locales` first (space-separated tags), then Accept-Language by its q values; Chinese when
 * neither names Chinese or English (the emulator's default language) */
AcEmuLang    ac_emu_oidc_page_lang        (const char   *ui_locales,
                                           const char   *accept_language);
const char  *ac_emu_oidc_text             (AcEmuOidcText  text,
                                           AcEmuLang      lang);

/* The sign-in form: posts interaction, account, password and action (sign-in or cancel) to
 * /oidc/interaction. account (kept after a wrong password) and error may be NULL. */
char        *ac_emu_oidc_page_sign_in     (AcEmuLang     lang,
                                           const char   *app_name,
                                           const char   *interaction,
                                           const char   *account,
                                           const char   *error);
/* The second step of a user with TOTP on: posts interaction, code and action (totp or cancel)
 * to /oidc/interaction. error may be NULL. */
char        *ac_emu_oidc_page_second_step (AcEmuLang     lang,
                                           const char   *app_name,
                                           const char   *interaction,
                                           const char   *error);
/* A page that explains why the sign-in cannot go on (nothing to go back to) */
char        *ac_emu_oidc_page_message     (AcEmuLang     lang,
                                           gboolean      is_error,
                                           const char   *detail);

G_END_DECLS
