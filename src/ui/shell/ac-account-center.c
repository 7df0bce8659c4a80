/* ac-account-center.c: the application
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-account-center"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-about.h"
#include "ac-account-center.h"
#include "ac-demo-server.h"
#include "ac-window.h"

struct _AcAccountCenter
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  AcPolicy       *policy;
  AcSession      *session;
  AcSessionKeeper *keeper;        /* while there is a window */
  AcKiosk        *kiosk_controller;
  AcDemoServer   *demo_server;
  GCancellable   *cancellable;
  char           *host;
  char           *app_id;
  gboolean        kiosk;
  gboolean        demo;
  gboolean        demo_started;
};

G_DEFINE_FINAL_TYPE (AcAccountCenter, ac_account_center, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_KIOSK,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  /* Translators: help text of the --host command line option */
  { "host", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The application host, for example https://example.authing.cn"), N_("URL") },
  /* Translators: help text of the --app-id command line option */
  { "app-id", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The Authing application ID"), N_("ID") },
  /* Translators: help text of the --demo command line option */
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start the bundled demo server and sign in to its demo account"), NULL },
  /* Translators: help text of the --kiosk command line option */
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run as a kiosk on a shared terminal"), NULL },
  { NULL }
};

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AcAccountCenter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autofree char *app_id = NULL;
  GtkWindow *window;

  url = ac_demo_server_start_finish (AC_DEMO_SERVER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!AC_IS_WINDOW (window))
    return;

  if (url == NULL ||
      !ac_demo_server_read_credentials (ac_demo_server_get_pool_path (self->demo_server),
                                        &username, &password, &app_id, &error))
    {
      g_autofree char *message =
        /* Translators: %s is the reason */
        g_strdup_printf (_("The demo could not be started: %s"), error->message);

      g_warning ("%s", message);
      ac_window_show_sign_in (AC_WINDOW (window), message);
      return;
    }

  /* The demo account is never remembered. */

  ac_window_set_demo (AC_WINDOW (window), TRUE);
  ac_window_sign_in (AC_WINDOW (window), url, app_id, username, password, FALSE);
}

static void
notice_cb (AcAccountCenter *self,
           const char      *text)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* A banner the person dismisses, not a toast that goes before it is read. */
  if (AC_IS_WINDOW (window))
    ac_window_show_notice (AC_WINDOW (window), text);
}

/* --demo: the emulator's outbox, shown as if the message had arrived */
static void
demo_message_cb (AcAccountCenter *self,
                 const char      *to,
                 const char      *code)
{
  /* Translators: the first %s is a phone number or e-mail address, the second a code */
  g_autofree char *text = g_strdup_printf (_("Message to %s: your code is %s (demo server)"), to, code);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!AC_IS_WINDOW (window))
    return;
  /* A notification-like toast; on the sign-in page (a code sign-in) its status line instead,
   * as no toast covers that page. */
  if (g_strcmp0 (ac_window_get_state (AC_WINDOW (window)), "sign-in") == 0)
    ac_sign_in_page_set_status (ac_window_get_sign_in_page (AC_WINDOW (window)), text);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s", text);
}

/* Where the remembered session must belong: what the sign-in form is set up with. */
static char *
configured (AcAccountCenter *self,
            const char      *key,
            const char      *override,
            const char      *locked)
{
  if (locked != NULL)
    return g_strdup (locked);
  if (override != NULL)
    return g_strdup (override);
  return g_settings_get_string (ac_account_center_get_settings (self), key);
}

static void
window_removed_cb (AcAccountCenter *self)
{
  if (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL)
    return;

  /* The app goes away with its last window: what kept or guarded the session lets go first,
   * then the session is forgotten here (a kept one stays valid for the next start). */
  g_clear_object (&self->keeper);
  if (self->kiosk_controller != NULL)
    ac_kiosk_set_window (self->kiosk_controller, NULL);
  g_clear_object (&self->kiosk_controller);
  ac_session_close (self->session);
}

static void
ac_account_center_activate (GApplication *app)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (app);
  AcPolicy *policy = ac_account_center_get_policy (self);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (ac_window_new (self));

      self->kiosk_controller = ac_kiosk_new (self->session, policy);
      ac_kiosk_set_window (self->kiosk_controller, window);
      ac_window_set_idle_monitor (AC_WINDOW (window), ac_kiosk_get_idle_monitor (self->kiosk_controller));

      self->keeper = ac_session_keeper_new (self->session, policy, self->demo);
      g_signal_connect_object (self->keeper, "notice", G_CALLBACK (notice_cb), self, G_CONNECT_SWAPPED);

      if (self->demo && !self->demo_started)
        {
          self->demo_started = TRUE;
          self->demo_server = ac_demo_server_new ();
          g_signal_connect_object (self->demo_server, "message", G_CALLBACK (demo_message_cb),
                                   self, G_CONNECT_SWAPPED);
          ac_window_show_busy (AC_WINDOW (window), _("Starting the Demo Server…"));
          ac_demo_server_start_async (self->demo_server, self->cancellable, demo_started_cb,
                                      g_object_ref (self));
        }
      else if (!self->demo)
        {
          g_autofree char *host = configured (self, "host", self->host, ac_policy_get_locked_host (policy));
          g_autofree char *app_id = configured (self, "app-id", self->app_id,
                                                ac_policy_get_locked_app_id (policy));

          ac_session_keeper_restore (self->keeper, host, app_id);
        }
    }

  gtk_window_present (window);
}

static int
ac_account_center_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (app);
  const char *host = NULL;
  const char *app_id = NULL;

  if (g_variant_dict_lookup (options, "host", "&s", &host))
    {
      g_free (self->host);
      self->host = g_strdup (host);
    }
  if (g_variant_dict_lookup (options, "app-id", "&s", &app_id))
    {
      g_free (self->app_id);
      self->app_id = g_strdup (app_id);
    }
  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }
  if (g_variant_dict_contains (options, "kiosk"))
    g_object_set (self, "kiosk", TRUE, NULL);

  return G_APPLICATION_CLASS (ac_account_center_parent_class)->handle_local_options (app, options);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  AcAccountCenter *self = user_data;

  ac_show_about (gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void quit_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data);

static void
quit_confirmed (AcWindow *window,
                gpointer  user_data)
{
  /* The next window with edits asks too; then the application quits. */
  quit_action (NULL, NULL, user_data);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  AcAccountCenter *self = user_data;

  if (ac_policy_get_kiosk (ac_account_center_get_policy (self)))
    return;

  /* Unsaved edits: "Save changes before quitting?" first. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (AC_IS_WINDOW (l->data) && ac_window_has_unsaved_changes (AC_WINDOW (l->data)))
      {
        ac_window_confirm_leave (AC_WINDOW (l->data), AC_WINDOW_LEAVE_QUIT, quit_confirmed, self);
        return;
      }
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static void
ac_account_center_startup (GApplication *app)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };

  G_APPLICATION_CLASS (ac_account_center_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
ac_account_center_shutdown (GApplication *app)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (app);

  g_cancellable_cancel (self->cancellable);
  if (self->demo_server != NULL)
    ac_demo_server_stop (self->demo_server);

  G_APPLICATION_CLASS (ac_account_center_parent_class)->shutdown (app);
}

static void
ac_account_center_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (object);

  switch (prop_id)
    {
    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_account_center_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (object);

  switch (prop_id)
    {
    case PROP_KIOSK:
      if (self->kiosk != g_value_get_boolean (value))
        {
          self->kiosk = g_value_get_boolean (value);
          if (self->policy != NULL)
            ac_policy_set_kiosk_requested (self->policy, self->kiosk);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DEMO:
      if (self->demo != g_value_get_boolean (value))
        {
          self->demo = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_account_center_dispose (GObject *object)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (object);

  if (self->demo_server != NULL)
    ac_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->keeper);
  g_clear_object (&self->kiosk_controller);
  if (self->session != NULL)
    ac_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->policy);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ac_account_center_parent_class)->dispose (object);
}

static void
ac_account_center_finalize (GObject *object)
{
  AcAccountCenter *self = AC_ACCOUNT_CENTER (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->app_id, g_free);

  G_OBJECT_CLASS (ac_account_center_parent_class)->finalize (object);
}

static void
ac_account_center_class_init (AcAccountCenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ac_account_center_dispose;
  object_class->finalize = ac_account_center_finalize;
  object_class->get_property = ac_account_center_get_property;
  object_class->set_property = ac_account_center_set_property;

  app_class->activate = ac_account_center_activate;
  app_class->startup = ac_account_center_startup;
  app_class->shutdown = ac_account_center_shutdown;
  app_class->handle_local_options = ac_account_center_handle_local_options;

  /**
   * AcAccountCenter:kiosk:
   *
   * --kiosk: kiosk mode whatever the settings say (AcPolicy:kiosk says whether it is on).
   */
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * AcAccountCenter:demo:
   *
   * Whether the app runs against its bundled demo server (--demo).
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_account_center_init (AcAccountCenter *self)
{
  self->cancellable = g_cancellable_new ();
  self->session = ac_session_new ();
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage your own Authing account."));
}

AcAccountCenter *
ac_account_center_new (void)
{
  return g_object_new (AC_TYPE_ACCOUNT_CENTER,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
ac_account_center_get_settings (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  return self->settings;
}

/**
 * ac_account_center_get_session:
 *
 * Returns: (transfer none): the application's session
 */
AcSession *
ac_account_center_get_session (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->session;
}

/**
 * ac_account_center_get_policy:
 *
 * Returns: (transfer none): the administrator's policy (from the settings, and --kiosk)
 */
AcPolicy *
ac_account_center_get_policy (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);

  if (self->policy == NULL)
    {
      self->policy = ac_policy_new (ac_account_center_get_settings (self));
      ac_policy_set_kiosk_requested (self->policy, self->kiosk);
    }
  return self->policy;
}

/**
 * ac_account_center_get_session_keeper:
 *
 * Returns: (transfer none) (nullable): the keeper of the session, while there is a window
 */
AcSessionKeeper *
ac_account_center_get_session_keeper (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->keeper;
}

/**
 * ac_account_center_get_kiosk:
 *
 * Returns: (transfer none) (nullable): kiosk mode and the idle sign-out, while there is a
 *   window
 */
AcKiosk *
ac_account_center_get_kiosk (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->kiosk_controller;
}

gboolean
ac_account_center_get_demo (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), FALSE);
  return self->demo;
}

const char *
ac_account_center_get_host_override (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->host;
}

const char *
ac_account_center_get_app_id_override (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->app_id;
}

AcDemoServer *
ac_account_center_get_demo_server (AcAccountCenter *self)
{
  g_return_val_if_fail (AC_IS_ACCOUNT_CENTER (self), NULL);
  return self->demo_server;
}
