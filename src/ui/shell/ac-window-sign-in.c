/* ac-window-sign-in.c: the window's sign-in form: what it is filled with (the settings, the
 * command line, the administrator's locks) and what it does (sign in, cancel)
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ac-error-text.h"
#include "ac-oidc-sign-in.h"
#include "ac-window-private.h"

/* The sign-in form */

/* What the person signed in to is remembered for next time (unless the app never remembers). */
static void
remember_server (AcWindow *self)
{
  GSettings *settings = ac_policy_get_settings (self->policy);
  AcClient *client = ac_session_get_client (self->session);

  if (!self->remember || settings == NULL || client == NULL)
    return;
  g_settings_set_string (settings, "host", ac_client_get_host (client));
  g_settings_set_string (settings, "app-id", ac_client_get_app_id (client));
  g_settings_set_string (settings, "last-account", ac_session_get_account_name (self->session));
}

static char *
stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static char *
page_host (AcWindow *self)
{
  char *host = stripped (ac_sign_in_page_get_host (self->sign_in_page));

  while (g_str_has_suffix (host, "/"))
    host[strlen (host) - 1] = '\0';
  return host;
}

/* The last part of a technical message: "Could not connect to a: Could not connect to b:
 * Connection refused" says "Connection refused" once. */
static const char *
innermost_reason (const char *message)
{
  const char *colon = message != NULL ? g_strrstr (message, ": ") : NULL;

  return colon != NULL && colon[2] != '\0' ? colon + 2 : message;
}

/* A refused sign-in, said once, and the field it is about gets the focus. */
void
_ac_window_sign_in_show_error (AcWindow     *self,
                               const GError *error)
{
  AcSignInPage *page = self->sign_in_page;
  g_autofree char *message = NULL;
  AcSignInField field = AC_SIGN_IN_FIELD_NONE;
  gboolean code_step = ac_sign_in_page_get_step (page) == AC_SIGN_IN_STEP_CODE;

  if (!code_step)
    ac_sign_in_page_set_step (page, AC_SIGN_IN_STEP_PASSWORD);
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ac_window_show_sign_in (self, NULL);
      return;
    }

  if (error->domain == AC_ERROR)
    {
      switch (error->code)
        {
        case AC_ERROR_BAD_CREDENTIALS:
        case AC_ERROR_WRONG_PASSWORD:
        case AC_ERROR_USER_NOT_FOUND:
          field = code_step ? AC_SIGN_IN_FIELD_CODE : AC_SIGN_IN_FIELD_PASSWORD;
          break;
        case AC_ERROR_WRONG_VERIFY_CODE:
          message = g_strdup (_("The code is wrong or has expired. Enter the code of the newest message, or send a new code."));
          field = AC_SIGN_IN_FIELD_CODE;
          break;
        case AC_ERROR_NETWORK:
          /* Translators: %s is the technical reason, e.g. "Connection refused" */
          message = g_strdup_printf (_("The server could not be reached. Check the host address and your network connection. (%s)"),
                                     innermost_reason (error->message));
          field = AC_SIGN_IN_FIELD_HOST;
          break;
        case AC_ERROR_CONFIG:
        case AC_ERROR_INVALID_RESPONSE:
        case AC_ERROR_HTTP:
        case AC_ERROR_TLS:
        case AC_ERROR_TIMEOUT:
          field = AC_SIGN_IN_FIELD_HOST;
          break;
        case 404:
          /* The emulator and the service answer "Application not found" (应用不存在) to an
           * unknown x-authing-app-id; any other 404 is described as it is. */
          if (strstr (error->message, "pplication") == NULL && strstr (error->message, "应用") == NULL)
            break;
          {
            g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (page));

            /* The server knows no application of that ID (x-authing-app-id). */
            /* Translators: %s is the application ID the person typed */
            message = g_strdup_printf (_("This server has no application with the ID “%s”. Check the Application ID."), app_id);
            field = AC_SIGN_IN_FIELD_APP_ID;
          }
          break;
        default:
          break;
        }
    }

  if (message == NULL)
    message = ac_describe_session_error (error, ac_session_get_resuming (self->session));
  ac_window_show_sign_in (self, message);
  if (field != AC_SIGN_IN_FIELD_NONE)
    ac_sign_in_page_show_error (page, message, field);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A refusal shows through the session's state (attempt_ended, or the second step). */
  if (!ac_session_sign_in_finish (AC_SESSION (object), result, &error))
    return;

  g_clear_object (&self->sign_in_cancellable);
  remember_server (self);
}

static GCancellable *
new_sign_in_cancellable (AcWindow *self)
{
  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  self->sign_in_cancellable = g_cancellable_new ();
  return self->sign_in_cancellable;
}

static gboolean
warm_up_cb (gpointer data)
{
  AcWindow *self = data;

  self->warm_up_id = 0;
  /* (not while a sign-in is on its way: it has its client) */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sign-in") == 0 &&
      !ac_sign_in_page_get_busy (self->sign_in_page) &&
      ac_session_get_state (self->session) == AC_SESSION_STATE_SIGNED_OUT)
    {
      g_autofree char *host = page_host (self);
      g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (self->sign_in_page));

      ac_session_warm_up (self->session, host, app_id);
      _ac_window_build_pages_soon (self, ac_session_get_next_account (self->session));
    }
  return G_SOURCE_REMOVE;
}

/* The form is on screen: its server is connected to while the person types (not before the
 * first frame, which must not wait for the TLS backend to load). */
void
_ac_window_warm_up_soon (AcWindow *self)
{
  if (self->warm_up_id == 0 && self->session != NULL)
    self->warm_up_id = g_timeout_add (300, warm_up_cb, self);
}

void
_ac_window_sign_in_submit_cb (AcWindow *self)
{
  g_autofree char *host = page_host (self);
  g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (self->sign_in_page));
  GCancellable *cancellable = new_sign_in_cancellable (self);

  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  ac_session_sign_in_async (self->session, host, app_id,
                            ac_sign_in_page_get_account (self->sign_in_page),
                            ac_sign_in_page_get_password (self->sign_in_page),
                            self->remember, cancellable, signed_in_cb, self);
}

void
_ac_window_sign_in_cancel_cb (AcWindow *self)
{
  AcSignInStep step = ac_sign_in_page_get_step (self->sign_in_page);

  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);

  /* Cancelling a code check keeps the second step. */
  if (step == AC_SIGN_IN_STEP_MFA && ac_session_get_state (self->session) == AC_SESSION_STATE_MFA_REQUIRED)
    {
      ac_sign_in_page_focus_first_empty (self->sign_in_page);
      return;
    }

  ac_session_cancel_sign_in (self->session);
  if (step == AC_SIGN_IN_STEP_BROWSER)
    ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
  /* The person's own choice: a status, not an error. */
  ac_sign_in_page_set_error (self->sign_in_page, NULL);
  ac_sign_in_page_set_status (self->sign_in_page, _("Signing in was cancelled."));
  if (self->demo && !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "sign-in"))
    ac_window_show_sign_in (self, NULL);
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

/* The second step of a two-step sign-in */

void
_ac_window_sign_in_show_mfa (AcWindow *self)
{
  AcClient *client = ac_session_get_pending_client (self->session);
  AcMfaChallenge *challenge = client != NULL ? ac_client_get_mfa_challenge (client) : NULL;
  const char *name = NULL;

  if (challenge != NULL)
    {
      name = ac_mfa_challenge_get_nickname (challenge);
      if (name == NULL || *name == '\0')
        name = ac_mfa_challenge_get_username (challenge);
    }
  if (name == NULL || *name == '\0')
    name = ac_session_get_account_name (self->session);

  ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_MFA);
  ac_sign_in_page_set_mfa_name (self->sign_in_page, name);
  ac_window_show_sign_in (self, NULL);
}

/* The second step is done: the session opens. */
static void
finish_mfa (AcWindow *self)
{
  if (ac_session_get_state (self->session) != AC_SESSION_STATE_MFA_REQUIRED)
    return;
  ac_session_finish_sign_in (self->session);
  remember_server (self);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AcWindow *self = user_data;
  AcClient *client = AC_CLIENT (object);
  gboolean recovery = g_async_result_is_tagged (result, ac_client_recover_with_code_async);
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *message = NULL;

  if (recovery)
    user = ac_client_recover_with_code_finish (client, result, &new_code, &error);
  else
    user = ac_client_verify_totp_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (user == NULL)
    {
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        {
          /* Too many wrong codes, or too late: the server forgot this sign-in. */
          ac_session_cancel_sign_in (self->session);
          ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
          ac_sign_in_page_set_password (self->sign_in_page, "");
          ac_window_show_sign_in (self, NULL);
          message = ac_describe_second_step_error (error, recovery);
          ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_PASSWORD);
          return;
        }
      message = ac_describe_second_step_error (error, recovery);
      ac_sign_in_page_set_mfa_code (self->sign_in_page, "");
      ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_MFA_CODE);
      return;
    }

  g_clear_object (&self->sign_in_cancellable);
  if (new_code != NULL && *new_code != '\0')
    {
      /* Shown once; the session opens when the person has seen it. */
      ac_sign_in_page_show_recovery_code (self->sign_in_page, new_code);
      return;
    }
  finish_mfa (self);
}

static void
verify_cb (AcWindow *self)
{
  AcClient *client = ac_session_get_pending_client (self->session);
  g_autofree char *code = stripped (ac_sign_in_page_get_mfa_code (self->sign_in_page));
  GCancellable *cancellable;

  if (client == NULL || ac_session_get_state (self->session) != AC_SESSION_STATE_MFA_REQUIRED)
    {
      ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
      ac_window_show_sign_in (self, _("The server ended this sign-in after too many wrong codes, or because it took too long. Sign in again."));
      return;
    }

  cancellable = new_sign_in_cancellable (self);
  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  if (ac_sign_in_page_get_using_recovery (self->sign_in_page))
    ac_client_recover_with_code_async (client, code, cancellable, verified_cb, self);
  else
    ac_client_verify_totp_async (client, code, cancellable, verified_cb, self);
}

static void
continue_cb (AcWindow *self)
{
  finish_mfa (self);
}

static void
back_cb (AcWindow *self)
{
  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  ac_session_cancel_sign_in (self->session);
  ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
  ac_sign_in_page_set_password (self->sign_in_page, "");
  ac_window_show_sign_in (self, NULL);
}

/* Signing in with a code */

/* Splits what the person typed into a channel, an address and a country code. */
static gboolean
parse_address (const char     *text,
               AcCodeChannel  *channel,
               char          **address,
               char          **country_code)
{
  g_autofree char *value = stripped (text);
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = value;

  *country_code = NULL;
  if (strchr (value, '@') != NULL)
    {
      *channel = AC_CODE_CHANNEL_EMAIL;
      *address = g_steal_pointer (&value);
      return TRUE;
    }

  /* "+86 138 0013 8001": the country code is what precedes the first space. */
  if (*p == '+')
    {
      const char *space = strchr (p, ' ');

      if (space == NULL)
        return FALSE;
      *country_code = g_strndup (p, space - p);
      p = space + 1;
    }
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_clear_pointer (country_code, g_free);
          return FALSE;
        }
    }
  if (digits->len < 5 || digits->len > 20)
    {
      g_clear_pointer (country_code, g_free);
      return FALSE;
    }
  *channel = AC_CODE_CHANNEL_SMS;
  *address = g_string_free (g_steal_pointer (&digits), FALSE);
  return TRUE;
}

static void
invalid_address (AcWindow *self)
{
  g_autofree char *value = stripped (ac_sign_in_page_get_code_address (self->sign_in_page));
  g_autofree char *message = NULL;

  /* Translators: %s is what the person typed */
  message = g_strdup_printf (_("“%s” is not a phone number or an e-mail address."), value);
  ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_ADDRESS);
}

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean sent;

  if (g_async_result_is_tagged (result, ac_client_send_email_code_async))
    sent = ac_client_send_email_code_finish (AC_CLIENT (object), result, &error);
  else
    sent = ac_client_send_sms_code_finish (AC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (sent)
    {
      /* The same answer whether the address has an account or not (the server's rule). */
      ac_sign_in_page_set_status (self->sign_in_page,
                                  _("If an account uses this address, a code is on its way to it. It works for 5 minutes."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
      ac_sign_in_page_focus_first_empty (self->sign_in_page);
      return;
    }

  if (g_error_matches (error, AC_ERROR, AC_ERROR_SENT_TOO_SOON))
    {
      ac_sign_in_page_show_error (self->sign_in_page,
                                  _("A code was sent to this address less than a minute ago. Use that one, or wait to send another."),
                                  AC_SIGN_IN_FIELD_CODE);
      return;
    }

  ac_sign_in_page_start_resend_countdown (self->sign_in_page, 0);
  if (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_EMAIL) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_EMAIL_ADDRESS) ||
      g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_PARAMETER))
    invalid_address (self);
  else
    {
      g_autofree char *message = ac_describe_error (error);

      ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_ADDRESS);
    }
}

static void
send_code_cb (AcWindow *self)
{
  g_autofree char *host = page_host (self);
  g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (self->sign_in_page));
  g_autofree char *address = NULL;
  g_autofree char *country_code = NULL;
  g_autoptr(AcClient) client = NULL;
  AcCodeChannel channel;

  if (!parse_address (ac_sign_in_page_get_code_address (self->sign_in_page), &channel, &address, &country_code))
    {
      invalid_address (self);
      return;
    }

  /* A client of its own: nobody is signed in yet. */
  client = ac_client_new (host, app_id);
  ac_sign_in_page_start_resend_countdown (self->sign_in_page, 60);
  if (channel == AC_CODE_CHANNEL_EMAIL)
    ac_client_send_email_code_async (client, address, AC_EMAIL_SCENE_VERIFY_CODE, self->cancellable,
                                     code_sent_cb, self);
  else
    ac_client_send_sms_code_async (client, address, country_code, self->cancellable, code_sent_cb, self);
}

static void
code_signed_in_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_session_sign_in_with_code_finish (AC_SESSION (object), result, &error))
    return;
  g_clear_object (&self->sign_in_cancellable);
  remember_server (self);
}

static void
code_submit_cb (AcWindow *self)
{
  g_autofree char *host = page_host (self);
  g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (self->sign_in_page));
  g_autofree char *address = NULL;
  g_autofree char *country_code = NULL;
  g_autofree char *code = stripped (ac_sign_in_page_get_code (self->sign_in_page));
  AcCodeChannel channel;
  GCancellable *cancellable;

  if (!parse_address (ac_sign_in_page_get_code_address (self->sign_in_page), &channel, &address, &country_code))
    {
      invalid_address (self);
      return;
    }

  cancellable = new_sign_in_cancellable (self);
  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  ac_session_sign_in_with_code_async (self->session, host, app_id, channel, address, country_code, code,
                                      self->remember, cancellable, code_signed_in_cb, self);
}

/* Signing in with the browser */

static void
oidc_open_uri_cb (AcOidcSignIn *sign_in,
                  const char   *uri,
                  AcWindow     *self)
{
  ac_sign_in_page_open_uri (self->sign_in_page, uri);
}

static void
browser_signed_in_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AcWindow *self = user_data;
  AcOidcSignIn *sign_in = AC_OIDC_SIGN_IN (object);
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  user = ac_oidc_sign_in_run_finish (sign_in, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_signal_handlers_disconnect_by_data (sign_in, self);
  g_clear_object (&self->sign_in_cancellable);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
  if (user == NULL)
    {
      g_autofree char *message = NULL;

      /* The browser's own errors (refused, tampered with, never came back) are sentences
       * already; the rest (the server's discovery, the network) is described as usual. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_BROWSER_SIGN_IN) ||
          g_error_matches (error, AC_ERROR, AC_ERROR_TIMEOUT))
        message = g_strdup (error->message);
      else
        message = ac_describe_error (error);
      ac_window_show_sign_in (self, NULL);
      ac_sign_in_page_show_error (self->sign_in_page, message, AC_SIGN_IN_FIELD_BROWSER);
      return;
    }

  /* A session like any other: the same pages, the keyring, the refresh of the token. */
  name = ac_user_info_get_username (user);
  if (name == NULL || *name == '\0')
    name = ac_user_info_get_email (user);
  if (name == NULL || *name == '\0')
    name = ac_user_info_get_phone (user);
  ac_session_start (self->session, ac_oidc_sign_in_get_client (sign_in), name, self->remember);
  remember_server (self);
}

static void
browser_cb (AcWindow *self)
{
  g_autofree char *host = page_host (self);
  g_autofree char *app_id = stripped (ac_sign_in_page_get_app_id (self->sign_in_page));
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcOidcSignIn) sign_in = NULL;
  GCancellable *cancellable;

  if (!ac_policy_get_can_browser_sign_in (self->policy))
    return;

  cancellable = new_sign_in_cancellable (self);
  client = ac_session_new_client (self->session, host, app_id);
  sign_in = ac_oidc_sign_in_new (client);
  g_signal_connect_object (sign_in, "open-uri", G_CALLBACK (oidc_open_uri_cb), self, 0);
  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  /* The task keeps the sign-in alive until it ends. */
  ac_oidc_sign_in_run_async (sign_in, cancellable, browser_signed_in_cb, self);
}

void
_ac_window_sign_in_setup (AcWindow *self)
{
  g_signal_connect_object (self->sign_in_page, "verify", G_CALLBACK (verify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "continue", G_CALLBACK (continue_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "back", G_CALLBACK (back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "send-code", G_CALLBACK (send_code_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "code-submit", G_CALLBACK (code_submit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sign_in_page, "browser", G_CALLBACK (browser_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify::can-browser-sign-in",
                           G_CALLBACK (_ac_window_apply_server_policy), self, G_CONNECT_SWAPPED);
  _ac_window_apply_server_policy (self);
}

void
ac_window_sign_in (AcWindow   *self,
                   const char *host,
                   const char *app_id,
                   const char *account,
                   const char *password,
                   gboolean    remember)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  self->remember = remember;
  ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
  ac_sign_in_page_set_host (self->sign_in_page, host);
  ac_sign_in_page_set_app_id (self->sign_in_page, app_id);
  ac_sign_in_page_set_account (self->sign_in_page, account);
  ac_sign_in_page_set_password (self->sign_in_page, password);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  ac_sign_in_page_submit (self->sign_in_page);
}

/* Policy: the server rows and what the administrator fixed. */
void
_ac_window_apply_server_policy (AcWindow *self)
{
  const char *host = ac_policy_get_locked_host (self->policy);
  const char *app_id = ac_policy_get_locked_app_id (self->policy);

  /* What the administrator locked wins over the command line. */
  if (host != NULL)
    ac_sign_in_page_set_host (self->sign_in_page, host);
  if (app_id != NULL)
    ac_sign_in_page_set_app_id (self->sign_in_page, app_id);
  ac_sign_in_page_set_server_locked (self->sign_in_page, ac_policy_get_server_locked (self->policy));
  /* A shared terminal keeps no browser session, unless the administrator allows it. */
  ac_sign_in_page_set_alternatives (self->sign_in_page, TRUE, ac_policy_get_can_browser_sign_in (self->policy));
}

/* The application is set after construction (it is no construct property): the form and
 * the window size come from its settings and command line. */
void
_ac_window_application_changed_cb (AcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  AcAccountCenter *center;
  GSettings *settings;
  g_autofree char *host = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *account = NULL;

  if (!AC_IS_ACCOUNT_CENTER (app) || g_object_get_data (G_OBJECT (self), "settings-loaded") != NULL)
    return;
  g_object_set_data (G_OBJECT (self), "settings-loaded", GINT_TO_POINTER (1));

  center = AC_ACCOUNT_CENTER (app);
  settings = ac_account_center_get_settings (center);
  host = g_settings_get_string (settings, "host");
  app_id = g_settings_get_string (settings, "app-id");
  /* No remembered account on a shared terminal. */
  account = ac_policy_get_kiosk (self->policy) ? g_strdup ("") : g_settings_get_string (settings, "last-account");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (ac_account_center_get_host_override (center) != NULL)
    {
      g_free (host);
      host = g_strdup (ac_account_center_get_host_override (center));
    }
  if (ac_account_center_get_app_id_override (center) != NULL)
    {
      g_free (app_id);
      app_id = g_strdup (ac_account_center_get_app_id_override (center));
    }

  ac_sign_in_page_set_host (self->sign_in_page, host);
  ac_sign_in_page_set_app_id (self->sign_in_page, app_id);
  ac_sign_in_page_set_account (self->sign_in_page, account);
  _ac_window_apply_server_policy (self);
  self->remember = !ac_account_center_get_demo (center) && !ac_policy_get_kiosk (self->policy);
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
}

AcSignInPage *
ac_window_get_sign_in_page (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->sign_in_page;
}
