/* ac-window.c: the main window: a view of the session, with the sign-in form or the pages
 *
 * The window owns nothing of the person: it shows the AcSession it is given (the
 * application's) and follows its state: the sign-in form, "Restoring…" or "Loading…", the
 * pages of the account. It follows the visible page through the AcPage contract with a
 * GSignalGroup and a GBindingGroup, and the administrator's policy through AcPolicy. The
 * pages are in ac-window-pages.c, the sign-in form in ac-window-sign-in.c, the actions, the
 * dialogs and the toasts in ac-window-actions.c.
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-a11y.h"
#include "ac-error-text.h"
#include "ac-image-loader.h"
#include "ac-page.h"
#include "ac-this-device.h"
#include "ac-tooltip.h"
#include "ac-user-name.h"
#include "ac-window-private.h"

G_DEFINE_FINAL_TYPE (AcWindow, ac_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_POLICY,
  PROP_IDLE_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_open (AcSessionState state)
{
  return state == AC_SESSION_STATE_LOADING ||
         state == AC_SESSION_STATE_READY ||
         state == AC_SESSION_STATE_EXPIRED;
}

/* Header */

static void
header_image_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  AcWindow *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = ac_image_loader_load_finish (AC_IMAGE_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture != NULL && self->header_avatar != NULL)
    adw_avatar_set_custom_image (self->header_avatar, GDK_PAINTABLE (texture));
  else
    g_debug ("Could not load the avatar: %s", error->message);
}

static void
user_changed_cb (AcWindow *self)
{
  AcAccount *account = ac_session_get_account (self->session);
  AcUserInfo *user = account != NULL ? ac_account_get_user (account) : NULL;
  const char *photo = user != NULL ? ac_user_info_get_photo (user) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  /* (nobody yet, and no account view made: nothing to show or clear) */
  if (user == NULL && self->leaflet == NULL)
    return;
  _ac_window_ensure_account_view (self);
  name = ac_user_display_name (user);
  gtk_label_set_text (self->header_name, name);
  adw_avatar_set_text (self->header_avatar, name);
  gtk_widget_set_visible (GTK_WIDGET (self->header_avatar), user != NULL);
  /* Translators: accessible name of the small avatar in the header, %s is the person's name */
  label = g_strdup_printf (_("Signed in as %s"), name);
  ac_widget_set_tooltip (GTK_WIDGET (self->header_name), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_avatar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  adw_avatar_set_custom_image (self->header_avatar, NULL);
  if (photo != NULL && *photo != '\0')
    ac_image_loader_load_async (ac_image_loader_get_default (), photo, self->cancellable,
                                header_image_loaded_cb, self);
}

/* Views */

const char *
ac_window_get_state (AcWindow *self)
{
  const char *shown;

  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  shown = gtk_stack_get_visible_child_name (self->main_stack);
  /* (the account may be on screen while it is read for the first time) */
  if (self->first_loading && g_strcmp0 (shown, "account") == 0)
    return "loading";
  return shown;
}

void
ac_window_show_sign_in (AcWindow   *self,
                        const char *error_message)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
  ac_sign_in_page_set_error (self->sign_in_page, error_message);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  ac_sign_in_page_focus_first_empty (self->sign_in_page);
  _ac_window_warm_up_soon (self);
}

void
ac_window_show_busy (AcWindow   *self,
                     const char *title)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  adw_status_page_set_title (self->loading_status, title);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
}

static void
show_account (AcWindow *self)
{
  _ac_window_ensure_account_view (self);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "account"))
    gtk_stack_set_visible_child_name (self->main_stack, "account");
}

static gboolean
show_account_soon_cb (gpointer data)
{
  AcWindow *self = data;

  self->show_account_id = 0;
  _ac_window_pages_built (self);
  return G_SOURCE_REMOVE;
}

/* The last page was made (ac-window-pages.c): an account still loading for the first time is
 * shown now. */
void
_ac_window_pages_built (AcWindow *self)
{
  if (self->first_loading && _ac_window_get_pages_built (self))
    show_account (self);
}

/* Everything of the person leaves the window: pages, pictures, dialogs, the form's password. */
static void
session_ended (AcWindow       *self,
               AcSessionState  previous)
{
  gboolean kiosk = ac_policy_get_kiosk (self->policy);
  const char *account_name = ac_session_get_account_name (self->session);

  /* The dialogs go with the person (the About window too: whoever comes next starts clean). */
  _ac_window_cancel_leave (self);
  _ac_window_close_dialogs (self, TRUE);
  _ac_window_destroy_pages (self);
  if (self->leaflet != NULL)
    {
      adw_avatar_set_custom_image (self->header_avatar, NULL);
      gtk_label_set_text (self->header_name, "");
    }
  _ac_window_set_refreshing (self, FALSE);
  /* The pictures of the person (their avatar, their applications' logos) leave memory too. */
  ac_image_loader_clear_cache (ac_image_loader_get_default ());

  ac_sign_in_page_set_password (self->sign_in_page, "");
  ac_sign_in_page_set_account (self->sign_in_page,
                               !kiosk && account_name != NULL ? account_name : "");
  ac_window_show_sign_in (self, NULL);
  /* The next person's sign-in is remembered unless the app never remembers (a sign-in by
   * ac_window_sign_in() chose for itself). */
  self->remember = !self->demo && !kiosk;

  if (self->deleting)
    {
      self->deleting = FALSE;
      if (self->delete_remember)
        {
          GSettings *settings = ac_policy_get_settings (self->policy);

          if (settings != NULL)
            g_settings_set_string (settings, "last-account", "");
        }
      /* Inline on the sign-in page: a toast would cover its Sign In button. */
      ac_sign_in_page_set_status (self->sign_in_page, _("Account deleted"));
    }
  else if (is_open (previous))
    ac_sign_in_page_set_status (self->sign_in_page, _("Signed out"));
}

/* A sign-in or a resumption did not open the session. */
static void
attempt_ended (AcWindow *self)
{
  const GError *error = ac_session_get_error (self->session);
  const char *account_name = ac_session_get_account_name (self->session);

  if (ac_session_get_resuming (self->session) && account_name != NULL && !ac_policy_get_kiosk (self->policy))
    ac_sign_in_page_set_account (self->sign_in_page, account_name);
  _ac_window_sign_in_show_error (self, error);
}

static void
session_state_changed_cb (AcWindow *self)
{
  AcSessionState state = ac_session_get_state (self->session);
  AcSessionState previous = self->shown_state;

  self->shown_state = state;

  switch (state)
    {
    case AC_SESSION_STATE_SIGNED_OUT:
      self->first_loading = FALSE;
      g_clear_handle_id (&self->show_account_id, g_source_remove);
      if (is_open (previous))
        session_ended (self, previous);
      else if (previous != AC_SESSION_STATE_SIGNED_OUT)
        attempt_ended (self);
      break;

    case AC_SESSION_STATE_SIGNING_IN:
      if (ac_session_get_resuming (self->session))
        ac_window_show_busy (self, _("Restoring Your Session…"));
      break;

    case AC_SESSION_STATE_MFA_REQUIRED:
      _ac_window_sign_in_show_mfa (self);
      break;

    case AC_SESSION_STATE_LOADING:
      ac_sign_in_page_set_password (self->sign_in_page, "");
      ac_sign_in_page_set_error (self->sign_in_page, NULL);
      ac_sign_in_page_set_busy (self->sign_in_page, FALSE);
      ac_sign_in_page_set_step (self->sign_in_page, AC_SIGN_IN_STEP_PASSWORD);
      /* Made ahead for this account already (then the account is shown at once, each page
       * with its own progress until its part is read: the person can start, and the window
       * is laid out while the reads travel), or made now at a lower priority than the reads
       * the session just started: they go out first, and the pages are made meanwhile. */
      _ac_window_build_pages_soon (self, ac_session_get_account (self->session));
      if (!is_open (previous))
        {
          user_changed_cb (self);
          self->first_loading = TRUE;
          /* (just after the reads the session started went out: showing the account for the
           * first time takes a few milliseconds, which they need not wait for) */
          if (_ac_window_get_pages_built (self))
            {
              if (self->show_account_id == 0)
                self->show_account_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, show_account_soon_cb, self, NULL);
            }
          else
            ac_window_show_busy (self, _("Loading Your Account…"));
        }
      break;

    case AC_SESSION_STATE_READY:
    case AC_SESSION_STATE_EXPIRED:
      self->first_loading = FALSE;
      g_clear_handle_id (&self->show_account_id, g_source_remove);
      _ac_window_build_pages (self);
      show_account (self);
      break;

    default:
      break;
    }

  _ac_window_update_actions (self);
}

static void
load_failed_cb (AcWindow     *self,
                const GError *error)
{
  g_autofree char *message = ac_describe_error (error);

  _ac_window_add_toast (self, message);
}

static void
reauthentication_needed_cb (AcWindow *self)
{
  _ac_window_present_reauth (self);
}

static void
account_changed_cb (AcWindow *self)
{
  g_signal_group_set_target (self->account_signals, ac_session_get_account (self->session));
}

/* The idle countdown */

static void
countdown_changed_cb (AcWindow *self)
{
  guint left = self->idle_monitor != NULL ? ac_idle_monitor_get_countdown (self->idle_monitor) : 0;

  g_clear_pointer (&self->countdown_text, g_free);
  if (left > 0)
    {
      self->countdown_text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Signing out in %u second… Move the mouse or press a key to stay signed in.",
                                      "Signing out in %u seconds… Move the mouse or press a key to stay signed in.",
                                      left),
                         left);
      /* The idle sign-out does not ask: it says what goes with it. */
      if (ac_window_has_unsaved_changes (self))
        {
          char *text = g_strconcat (self->countdown_text, " ",
                                    _("Your unsaved changes will be discarded."), NULL);

          g_free (self->countdown_text);
          self->countdown_text = text;
        }
      gtk_label_set_text (self->countdown_label, self->countdown_text);
    }
  gtk_revealer_set_reveal_child (self->countdown_bar, left > 0);
}

void
ac_window_set_idle_monitor (AcWindow      *self,
                            AcIdleMonitor *monitor)
{
  g_return_if_fail (AC_IS_WINDOW (self));
  g_return_if_fail (monitor == NULL || AC_IS_IDLE_MONITOR (monitor));

  if (self->idle_monitor == monitor)
    return;

  if (self->idle_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->idle_monitor, self);
  g_set_object (&self->idle_monitor, monitor);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "notify::countdown", G_CALLBACK (countdown_changed_cb), self,
                             G_CONNECT_SWAPPED);
  countdown_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stay-signed-in", monitor != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_MONITOR]);
}

/* Window state */

static void
close_confirmed (AcWindow *self,
                 gpointer  user_data)
{
  g_object_set_data (G_OBJECT (self), "ac-close-confirmed", GINT_TO_POINTER (TRUE));
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ac_window_close_request (GtkWindow *window)
{
  AcWindow *self = AC_WINDOW (window);
  GSettings *settings = ac_policy_get_settings (self->policy);

  /* Unsaved edits: "Save changes before closing?" first. */
  if (!g_object_get_data (G_OBJECT (self), "ac-close-confirmed") &&
      ac_window_has_unsaved_changes (self))
    {
      ac_window_confirm_leave (self, AC_WINDOW_LEAVE_CLOSE, close_confirmed, NULL);
      return TRUE;
    }
  g_object_set_data (G_OBJECT (self), "ac-close-confirmed", NULL);

  if (settings != NULL && AC_IS_ACCOUNT_CENTER (gtk_window_get_application (window)))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  _ac_window_close_dialogs (self, FALSE);
  return GTK_WINDOW_CLASS (ac_window_parent_class)->close_request (window);
}

/* GObject */

static void
ac_window_constructed (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  G_OBJECT_CLASS (ac_window_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = ac_session_new ();
  if (self->policy == NULL)
    self->policy = ac_policy_new (NULL);
  ac_this_device_attach (self->session, self->policy);

  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::account", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "reauthentication-needed",
                           G_CALLBACK (reauthentication_needed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "load-failed", G_CALLBACK (load_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify::server-locked", G_CALLBACK (_ac_window_apply_server_policy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify::locked-host", G_CALLBACK (_ac_window_apply_server_policy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify::locked-app-id", G_CALLBACK (_ac_window_apply_server_policy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify::can-delete-account",
                           G_CALLBACK (_ac_window_update_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::application", G_CALLBACK (_ac_window_application_changed_cb), NULL);
  _ac_window_application_changed_cb (self);
  _ac_window_apply_server_policy (self);
  _ac_window_sign_in_setup (self);

  /* A session that is already open (a second window) shows at once. */
  account_changed_cb (self);
  self->shown_state = AC_SESSION_STATE_SIGNED_OUT;
  session_state_changed_cb (self);

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  ac_sign_in_page_focus_first_empty (self->sign_in_page);
  _ac_window_warm_up_soon (self);
}

static void
ac_window_dispose (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  if (self->sign_in_cancellable)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  g_cancellable_cancel (self->cancellable);
  _ac_window_close_dialogs (self, FALSE);
  g_clear_handle_id (&self->toast_timeout_id, g_source_remove);
  g_clear_handle_id (&self->warm_up_id, g_source_remove);
  g_clear_handle_id (&self->pages_build_id, g_source_remove);
  g_clear_handle_id (&self->show_account_id, g_source_remove);
  self->toast = NULL;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->idle_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->idle_monitor, self);
  g_signal_group_set_target (self->page_signals, NULL);
  g_binding_group_set_source (self->page_bindings, NULL);
  g_signal_group_set_target (self->account_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_WINDOW);

  g_clear_object (&self->session);
  g_clear_object (&self->policy);
  g_clear_object (&self->idle_monitor);

  G_OBJECT_CLASS (ac_window_parent_class)->dispose (object);
}

static void
ac_window_finalize (GObject *object)
{
  AcWindow *self = AC_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->page_signals);
  g_clear_object (&self->page_bindings);
  g_clear_object (&self->account_signals);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->countdown_text, g_free);

  G_OBJECT_CLASS (ac_window_parent_class)->finalize (object);
}

static void
ac_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AcWindow *self = AC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    case PROP_IDLE_MONITOR:
      g_value_set_object (value, self->idle_monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AcWindow *self = AC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_POLICY:
      self->policy = g_value_dup_object (value);
      break;
    case PROP_IDLE_MONITOR:
      ac_window_set_idle_monitor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_window_class_init (AcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ac_window_constructed;
  object_class->dispose = ac_window_dispose;
  object_class->finalize = ac_window_finalize;
  object_class->get_property = ac_window_get_property;
  object_class->set_property = ac_window_set_property;
  window_class->close_request = ac_window_close_request;

  /**
   * AcWindow:session:
   *
   * The session the window shows (the application's); a new one when none is given.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, AC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * AcWindow:policy:
   *
   * The administrator's policy the window follows; everything allowed when none is given.
   */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, AC_TYPE_POLICY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * AcWindow:idle-monitor:
   *
   * The idle sign-out's monitor: the window shows its countdown, or %NULL.
   */
  properties[PROP_IDLE_MONITOR] =
    g_param_spec_object ("idle-monitor", NULL, NULL, AC_TYPE_IDLE_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AC_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_title);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, loading_status);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, countdown_bar);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_notice_bar);
  gtk_widget_class_bind_template_child (widget_class, AcWindow, sign_in_notice_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "sign_in_submit_cb",
                                                G_CALLBACK (_ac_window_sign_in_submit_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "sign_in_cancel_cb",
                                                G_CALLBACK (_ac_window_sign_in_cancel_cb));

  _ac_window_class_init_actions (widget_class);
}

static void
ensure_style (void)
{
  static GdkDisplay *styled_display;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL || display == styled_display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/ac-window.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  styled_display = display;
}

/* GTK 4.8 wraps a short CJK tooltip one character per line ("主菜单" stood in a column): the
 * icon buttons of the header show theirs in a label that does not wrap. */
static gboolean
unwrapped_tooltip_cb (GtkWidget  *widget,
                      int         x,
                      int         y,
                      gboolean    keyboard,
                      GtkTooltip *tooltip,
                      gpointer    user_data)
{
  const char *text = gtk_widget_get_tooltip_text (widget);
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return FALSE;
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

static void
unwrap_header_tooltips (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        g_signal_connect (child, "query-tooltip", G_CALLBACK (unwrapped_tooltip_cb), NULL);
      unwrap_header_tooltips (child);
    }
}

/* The demo's bar and subtitle in the account view, once it is made */
static void
apply_demo (AcWindow *self)
{
  if (self->leaflet == NULL)
    return;
  gtk_widget_set_visible (self->demo_bar, self->demo);
  adw_window_title_set_subtitle (self->content_title, self->demo ? _("Demo account on a local server") : NULL);
}

/**
 * _ac_window_ensure_account_view:
 *
 * The account view (sidebar, header, pages: ac-window-account.ui) is made the first time it
 * is needed: for the pages made ahead, a session that opens, or a notice to show in it. The
 * window's first frame, the sign-in form, does not wait for it (about 5 ms of widgets).
 */
void
_ac_window_ensure_account_view (AcWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->leaflet != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_BASE "/ac-window-account.ui");
  self->leaflet = ADW_LEAFLET (gtk_builder_get_object (builder, "leaflet"));
  self->sidebar_list = GTK_LIST_BOX (gtk_builder_get_object (builder, "sidebar_list"));
  self->content_stack = GTK_STACK (gtk_builder_get_object (builder, "content_stack"));
  self->content_title = ADW_WINDOW_TITLE (gtk_builder_get_object (builder, "content_title"));
  self->header_avatar = ADW_AVATAR (gtk_builder_get_object (builder, "header_avatar"));
  self->header_name = GTK_LABEL (gtk_builder_get_object (builder, "header_name"));
  self->refresh_spinner = GTK_SPINNER (gtk_builder_get_object (builder, "refresh_spinner"));
  self->demo_bar = GTK_WIDGET (gtk_builder_get_object (builder, "demo_bar"));
  self->notice_bar = GTK_REVEALER (gtk_builder_get_object (builder, "notice_bar"));
  self->notice_label = GTK_LABEL (gtk_builder_get_object (builder, "notice_label"));
  g_object_bind_property (self->leaflet, "folded", gtk_builder_get_object (builder, "sidebar_header"),
                          "show-end-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", gtk_builder_get_object (builder, "content_header"),
                          "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", gtk_builder_get_object (builder, "back_button"),
                          "visible", G_BINDING_SYNC_CREATE);
  /* (the stack holds the view from now on; the builder's references go with it) */
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->leaflet), "account");

  g_signal_connect_object (self->sidebar_list, "row-activated",
                           G_CALLBACK (_ac_window_sidebar_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child",
                           G_CALLBACK (_ac_window_content_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_binding_group_bind (self->page_bindings, "title", self->content_title, "title",
                        G_BINDING_SYNC_CREATE);
  unwrap_header_tooltips (GTK_WIDGET (self->leaflet));
  apply_demo (self);
  if (gtk_revealer_get_reveal_child (self->sign_in_notice_bar))
    {
      gtk_label_set_text (self->notice_label, gtk_label_get_text (self->sign_in_notice_label));
      gtk_revealer_set_reveal_child (self->notice_bar, TRUE);
    }
}

static void
ac_window_init (AcWindow *self)
{
  self->cancellable = g_cancellable_new ();
  ensure_style ();

  /* (An interface type has no "notify" of its own: the pages are widgets.) */
  self->page_signals = g_signal_group_new (GTK_TYPE_WIDGET);
  g_signal_group_connect_swapped (self->page_signals, "notify::can-save",
                                  G_CALLBACK (_ac_window_update_actions), self);
  g_signal_group_connect_swapped (self->page_signals, "notify::busy",
                                  G_CALLBACK (_ac_window_update_actions), self);
  self->page_bindings = g_binding_group_new ();
  self->account_signals = g_signal_group_new (AC_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify::user",
                                  G_CALLBACK (user_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  unwrap_header_tooltips (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stay-signed-in", FALSE);
}

AcWindow *
ac_window_new (AcAccountCenter *app)
{
  g_return_val_if_fail (app == NULL || AC_IS_ACCOUNT_CENTER (app), NULL);

  return g_object_new (AC_TYPE_WINDOW,
                       "application", app,
                       "session", app != NULL ? ac_account_center_get_session (app) : NULL,
                       "policy", app != NULL ? ac_account_center_get_policy (app) : NULL,
                       NULL);
}

AcSession *
ac_window_get_session (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->session;
}

AcPolicy *
ac_window_get_policy (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->policy;
}

void
ac_window_set_demo (AcWindow *self,
                    gboolean  demo)
{
  g_return_if_fail (AC_IS_WINDOW (self));

  self->demo = !!demo;
  if (demo)
    self->remember = FALSE;
  adw_window_title_set_subtitle (self->sign_in_title, demo ? _("Demo account on a local server") : NULL);
  apply_demo (self);
}

gboolean
ac_window_get_demo (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);
  return self->demo;
}

GtkWidget *
ac_window_get_countdown_bar (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->countdown_bar);
}

const char *
ac_window_get_countdown_text (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return self->countdown_text;
}
