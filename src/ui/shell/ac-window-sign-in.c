/* ac-window-sign-in.c: the window's sign-in form: what it is filled with (the settings, the
 * command line, the administrator's locks) and what it does (sign in, cancel)
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error-text.h"
#include "ac-window-private.h"

/* The sign-in form */

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GSettings *settings;

  if (!ac_session_sign_in_finish (AC_SESSION (object), result, &error))
    {
      /* A refusal shows through the session's state; two-step sign-in is not here yet. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_MFA_REQUIRED))
        {
          g_autofree char *message = ac_describe_error (error);

          ac_session_cancel_sign_in (AC_SESSION (object));
          ac_window_show_sign_in (self, message);
        }
      return;
    }

  g_clear_object (&self->sign_in_cancellable);
  settings = ac_policy_get_settings (self->policy);
  if (self->remember && settings != NULL)
    {
      AcClient *client = ac_session_get_client (self->session);

      g_settings_set_string (settings, "host", ac_client_get_host (client));
      g_settings_set_string (settings, "app-id", ac_client_get_app_id (client));
      g_settings_set_string (settings, "last-account", ac_session_get_account_name (self->session));
    }
}

void
_ac_window_sign_in_submit_cb (AcWindow *self)
{
  g_autofree char *host = NULL;
  g_autofree char *app_id = NULL;

  host = g_strstrip (g_strdup (ac_sign_in_page_get_host (self->sign_in_page)));
  while (g_str_has_suffix (host, "/"))
    host[strlen (host) - 1] = '\0';
  app_id = g_strstrip (g_strdup (ac_sign_in_page_get_app_id (self->sign_in_page)));

  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  self->sign_in_cancellable = g_cancellable_new ();

  ac_sign_in_page_set_busy (self->sign_in_page, TRUE);
  ac_session_sign_in_async (self->session, host, app_id,
                            ac_sign_in_page_get_account (self->sign_in_page),
                            ac_sign_in_page_get_password (self->sign_in_page),
                            self->remember, self->sign_in_cancellable, signed_in_cb, self);
}

void
_ac_window_sign_in_cancel_cb (AcWindow *self)
{
  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  ac_session_cancel_sign_in (self->session);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_error (self->sign_in_page, _("Signing in was cancelled."));
  if (self->demo && !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "sign-in"))
    ac_window_show_sign_in (self, NULL);
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
