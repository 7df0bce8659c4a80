/* ac-emu-messages.h: the texts of the `message` field, in Chinese and English
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  AC_EMU_LANG_ZH,
  AC_EMU_LANG_EN,
} AcEmuLang;

typedef enum {
  AC_EMU_MSG_OK,
  AC_EMU_MSG_LOGIN_OK,
  AC_EMU_MSG_LOGOUT_OK,
  AC_EMU_MSG_UPDATE_OK,
  AC_EMU_MSG_DELETE_OK,
  AC_EMU_MSG_APPS_OK,
  AC_EMU_MSG_ORGS_OK,
  AC_EMU_MSG_UPLOAD_OK,
  AC_EMU_MSG_REFRESH_OK,
  AC_EMU_MSG_NOT_LOGGED_IN,
  AC_EMU_MSG_FORBIDDEN,
  AC_EMU_MSG_BAD_CREDENTIALS,
  AC_EMU_MSG_USER_EXISTS,
  AC_EMU_MSG_BAD_JSON,
  AC_EMU_MSG_NOT_OBJECT,
  AC_EMU_MSG_BAD_CONTENT_TYPE,
  AC_EMU_MSG_NOT_FOUND,
  AC_EMU_MSG_APP_NOT_FOUND,
  AC_EMU_MSG_METHOD_NOT_ALLOWED,
  AC_EMU_MSG_TOO_LARGE,
  AC_EMU_MSG_INTERNAL,
  AC_EMU_MSG_NOT_AN_IMAGE,
  AC_EMU_MSG_NO_FILE_PART,
  AC_EMU_MSG_BAD_MULTIPART,
  AC_EMU_MSG_INJECTED,
  AC_EMU_MSG_LOGGED_IN,
  AC_EMU_MSG_LOGIN_EXPIRED,
  AC_EMU_MSG_UNSUPPORTED_OPERATION,
  AC_EMU_MSG_USERNAME_TAKEN,
  AC_EMU_MSG_BAD_REQUEST,
  AC_EMU_MSG_EXPECTATION_FAILED,
  AC_EMU_MSG_HEADERS_TOO_LARGE,
  AC_EMU_MSG_TOO_MANY_CONNECTIONS,
  AC_EMU_MSG_HTTP_VERSION,
} AcEmuMsg;

/* What a value was expected to be, for ac_emu_msg_expected() */
typedef enum {
  AC_EMU_EXPECT_STRING,
  AC_EMU_EXPECT_NUMBER,
  AC_EMU_EXPECT_BOOLEAN,
  AC_EMU_EXPECT_DATETIME,
  AC_EMU_EXPECT_OBJECT,
  AC_EMU_EXPECT_ARRAY,
  AC_EMU_EXPECT_STRING_OR_NULL,
  AC_EMU_EXPECT_GENDER,
  AC_EMU_EXPECT_DATE,
  AC_EMU_EXPECT_POSITIVE_INTEGER,
  AC_EMU_EXPECT_NON_EMPTY_STRING,
  AC_EMU_EXPECT_RESOURCE_TYPE,
  AC_EMU_EXPECT_TARGET_USER,
  AC_EMU_EXPECT_USERNAME,
  AC_EMU_EXPECT_EXACT_NUMBER,
  AC_EMU_EXPECT_ENCODED_TEXT,
} AcEmuExpect;

AcEmuLang    ac_emu_lang_from_header         (const char  *header);
const char  *ac_emu_message                  (AcEmuMsg     id,
                                              AcEmuLang    lang);
const char  *ac_emu_expect_name              (AcEmuExpect  expect,
                                              AcEmuLang    lang);
char        *ac_emu_msg_expected             (AcEmuLang    lang,
                                              const char  *field,
                                              AcEmuExpect  expect);
char        *ac_emu_msg_expected_option      (AcEmuLang    lang,
                                              const char  *field,
                                              const char  *choices);
char        *ac_emu_msg_unknown_field        (AcEmuLang    lang,
                                              const char  *field);
char        *ac_emu_msg_field_not_allowed    (AcEmuLang    lang,
                                              const char  *field);
/* "field: must not contain NUL characters" */
char        *ac_emu_msg_no_nul               (AcEmuLang    lang,
                                              const char  *field);
/* "field: must not contain control characters" */
char        *ac_emu_msg_no_control           (AcEmuLang    lang,
                                              const char  *field);
char        *ac_emu_msg_required             (AcEmuLang    lang,
                                              const char  *field);

G_END_DECLS
