/* ac-security-page.c: the security score, its checklist and the token
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-security-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-address-dialog.h"
#include "ac-error-text.h"
#include "ac-focus-place.h"
#include "ac-relative-time.h"
#include "ac-page.h"
#include "ac-password-dialog.h"
#include "ac-security-page.h"
#include "ac-totp-dialog.h"

/* The level bar's offsets, in step with the bands of ac-security-level.c (medium from 70,
 * high from 85): up to LOW the score is low, up to HIGH medium, above it high. */
#define SCORE_LOW  69.0
#define SCORE_HIGH 84.0
#define SCORE_FULL 100.0

/* The gauge's colour by band: the level bar gives its filled block the style class of the
 * offset it reached. */
#define OFFSET_LOW    "security-low"
#define OFFSET_MEDIUM "security-medium"
#define OFFSET_HIGH   "security-high"
static const char gauge_css[] =
  "levelbar.security-gauge block.security-low { background-color: @error_color; }\n"
  "levelbar.security-gauge block.security-medium { background-color: @warning_color; }\n"
  "levelbar.security-gauge block.security-high { background-color: @success_color; }\n"
  ".security-band-low { color: @error_color; }\n"
  ".security-band-medium { color: @warning_color; }\n"
  ".security-band-high { color: @success_color; }\n";

struct _AcSecurityPage
{
  AdwBin        parent_instance;

  GtkStack     *score_stack;
  GtkLabel     *score_label;
  GtkLabel     *band_label;
  GtkLevelBar  *level_bar;
  AdwPreferencesGroup *checks_group;
  AdwActionRow *expiry_row;
  GtkSpinner   *refresh_spinner;
  AdwActionRow *password_row;
  GtkWidget    *password_button;
  AdwActionRow *email_row;
  GtkLabel     *email_state;
  GtkWidget    *email_button;
  GtkWidget    *email_remove_button;
  AdwActionRow *phone_row;
  GtkLabel     *phone_state;
  GtkWidget    *phone_button;
  GtkWidget    *phone_remove_button;
  AdwActionRow *totp_row;
  GtkWidget    *totp_button;

  GtkWindow    *dialog;         /* the last dialog opened (weak) */
  gboolean      writing;        /* an unbind or turning TOTP off is on its way */
  AcCodeChannel writing_channel;

  AcAccount    *account;
  AcSession    *session;
  GCancellable *cancellable;
  GPtrArray    *check_rows;
  guint         expiry_timeout_id;
  gboolean      refreshing;
  gboolean      reloading;
  gboolean      level_when_shown; /* a new level came while the page was off screen */
};

static void ac_security_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcSecurityPage, ac_security_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_security_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void update_methods (AcSecurityPage *self);

char *
ac_format_expiry (GDateTime *expires,
                  GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;
  gboolean past;

  if (expires == NULL)
    return g_strdup (_("Unknown"));

  local = g_date_time_to_local (expires);
  /* Translators: the absolute expiry time of the token, see strftime(3) */
  absolute = g_date_time_format (local, _("%a %-d %b %Y %H:%M"));
  relative = ac_format_relative_time (expires, now, &past);

  if (past)
    /* Translators: first %s is e.g. "5 minutes ago", second the date and time */
    return g_strdup_printf (_("Expired %s (%s)"), relative, absolute);
  /* Translators: first %s is e.g. "in 6 days", second the date and time */
  return g_strdup_printf (_("%s (%s)"), relative, absolute);
}

static void
update_expiry (AcSecurityPage *self)
{
  GDateTime *expires = self->account ? ac_account_get_token_expires_at (self->account) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;

  text = ac_format_expiry (expires, now);
  adw_action_row_set_subtitle (self->expiry_row, text);
}

static gboolean
expiry_tick_cb (gpointer user_data)
{
  update_expiry (AC_SECURITY_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void check_row_activated_cb (AcSecurityPage *self,
                                    AdwActionRow   *row);

static GtkWidget *
create_check_row (AcSecurityPage        *self,
                  const AcSecurityCheck *check)
{
  GtkWidget *row, *icon, *state;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title ? check->title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), check->explanation ? check->explanation : "");

  icon = gtk_image_new_from_icon_name (check->passed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, check->passed ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  check->passed ? _("Done") : _("Not done"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* Never colour alone: the state is also written out. */
  state = gtk_label_new (check->passed ? _("Done") : _("Not done"));
  gtk_widget_add_css_class (state, check->passed ? "success" : "dim-label");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  /* Each check leads to what satisfies it. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect_object (row, "activated", G_CALLBACK (check_row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  g_object_set_data (G_OBJECT (row), "passed", GINT_TO_POINTER (check->passed));
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (check->kind));
  return row;
}

static void
update_level (AcSecurityPage *self)
{
  AcSecurityLevel *level = self->account ? ac_account_get_security_level (self->account) : NULL;
  g_autoptr(GArray) checks = NULL;
  g_autofree char *score = NULL;
  AcSecurityBand band;
  int value;
  /* the keyboard stays on the check it was on, once the rows are made again */
  AcFocusPlace *focus_place = ac_focus_place_take (GTK_WIDGET (self->checks_group));

  self->level_when_shown = FALSE;
  for (guint i = 0; i < self->check_rows->len; i++)
    adw_preferences_group_remove (self->checks_group, g_ptr_array_index (self->check_rows, i));
  g_ptr_array_set_size (self->check_rows, 0);

  update_methods (self);
  if (level == NULL)
    {
      gtk_stack_set_visible_child_name (self->score_stack, "empty");
      ac_focus_place_restore (focus_place, GTK_WIDGET (self));
      return;
    }

  value = CLAMP (ac_security_level_get_score (level), 0, 100);
  band = ac_security_level_get_band (level);
  /* Translators: the security score out of 100 */
  score = g_strdup_printf (_("%d / 100"), value);
  gtk_label_set_text (self->score_label, score);
  gtk_label_set_text (self->band_label, ac_security_band_get_label (band));
  gtk_widget_remove_css_class (GTK_WIDGET (self->band_label), "security-band-low");
  gtk_widget_remove_css_class (GTK_WIDGET (self->band_label), "security-band-medium");
  gtk_widget_remove_css_class (GTK_WIDGET (self->band_label), "security-band-high");
  gtk_widget_add_css_class (GTK_WIDGET (self->band_label),
                            value > SCORE_HIGH ? "security-band-high"
                            : value > SCORE_LOW ? "security-band-medium" : "security-band-low");
  gtk_level_bar_set_value (self->level_bar, value);
  {
    g_autofree char *description =
      /* Translators: accessible description of the score bar: "65 / 100, Medium" */
      g_strdup_printf (_("%s, %s"), score, ac_security_band_get_label (band));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_bar),
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, description, -1);
  }

  checks = ac_security_level_get_checks (level);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const AcSecurityCheck *check = &g_array_index (checks, AcSecurityCheck, i);
      GtkWidget *row = create_check_row (self, check);

      if (check->kind == AC_SECURITY_CHECK_PASSWORD_STRENGTH)
        {
          g_autofree char *title =
            /* Translators: %s is Low, Medium or High */
            g_strdup_printf (_("%s (%s)"), check->title ? check->title : "",
                             ac_security_level_get_password_strength_label (level));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        }
      adw_preferences_group_add (self->checks_group, row);
      g_ptr_array_add (self->check_rows, row);
    }

  gtk_stack_set_visible_child_name (self->score_stack, "score");
  update_expiry (self);
  ac_focus_place_restore (focus_place, GTK_WIDGET (self));
}

/* A new level: shown now, or when the page comes on screen (the page made at sign-in and not
 * shown yet makes its rows then) */
static void
level_changed_cb (AcSecurityPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->level_when_shown = TRUE;
      return;
    }
  update_level (self);
}

static void
map_cb (AcSecurityPage *self)
{
  if (self->level_when_shown)
    update_level (self);
}

static void
set_refreshing (AcSecurityPage *self,
                gboolean        refreshing)
{
  self->refreshing = refreshing;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), refreshing);
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.refresh-token", !refreshing);
  g_object_notify (G_OBJECT (self), "busy");
}

/* A failure of the page's own work: after an expiry, done again once signed in again;
 * otherwise said in a toast. */
static void
report_error (AcSecurityPage *self,
              const GError   *error,
              AcPageFunc      again)
{
  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, again);
  else
    {
      g_autofree char *message = ac_describe_error (error);
      ac_page_show_toast (AC_PAGE (self), message);
    }
}

static void
token_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcSecurityPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_refresh_token_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_refreshing (self, FALSE);
  update_expiry (self);

  if (error != NULL)
    report_error (self, error, (AcPageFunc) ac_security_page_refresh_token);
  else
    ac_page_show_toast (AC_PAGE (self), _("Token refreshed"));
}

void
ac_security_page_refresh_token (AcSecurityPage *self)
{
  g_return_if_fail (AC_IS_SECURITY_PAGE (self));

  if (self->refreshing || self->account == NULL)
    return;
  set_refreshing (self, TRUE);
  ac_account_refresh_token_async (self->account, self->cancellable, token_refreshed_cb, self);
}

static void
refresh_token_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ac_security_page_refresh_token (AC_SECURITY_PAGE (widget));
}

/* Sign-in methods */

static void
update_address_row (AdwActionRow *row,
                    GtkLabel     *state,
                    GtkWidget    *button,
                    GtkWidget    *remove_button,
                    const char   *value,
                    gboolean      verified)
{
  gboolean bound = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, bound ? value : _("Not bound"));
  gtk_widget_set_visible (GTK_WIDGET (state), bound);
  gtk_label_set_text (state, verified ? _("Verified") : _("Not verified"));
  gtk_widget_remove_css_class (GTK_WIDGET (state), verified ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (state), verified ? "success" : "warning");
  gtk_button_set_label (GTK_BUTTON (button), bound ? _("_Change…") : _("_Bind…"));
  gtk_widget_set_visible (remove_button, bound);
}

static void
update_methods (AcSecurityPage *self)
{
  AcUserInfo *user = self->account ? ac_account_get_user (self->account) : NULL;
  AcSecurityLevel *level = self->account ? ac_account_get_security_level (self->account) : NULL;
  gboolean has_password = level == NULL || ac_security_level_get_password (level);
  gboolean mfa = level != NULL && ac_security_level_get_mfa (level);

  adw_action_row_set_subtitle (self->password_row,
                               level == NULL ? "" : has_password ? _("Set") : _("Not set: you sign in with a code"));
  gtk_button_set_label (GTK_BUTTON (self->password_button),
                        has_password ? _("C_hange…") : _("_Set…"));

  update_address_row (self->email_row, self->email_state, self->email_button,
                      self->email_remove_button,
                      user ? ac_user_info_get_email (user) : NULL,
                      user ? ac_user_info_get_email_verified (user) : FALSE);
  update_address_row (self->phone_row, self->phone_state, self->phone_button,
                      self->phone_remove_button,
                      user ? ac_user_info_get_phone (user) : NULL,
                      user ? ac_user_info_get_phone_verified (user) : FALSE);

  adw_action_row_set_subtitle (self->totp_row,
                               level == NULL ? ""
                               : mfa ? _("On: signing in also asks for a code from your authenticator app")
                                     : _("Off"));
  gtk_button_set_label (GTK_BUTTON (self->totp_button), mfa ? _("_Turn Off…") : _("Set _Up…"));
  gtk_widget_set_sensitive (self->totp_button, level != NULL && !self->writing);
  gtk_widget_set_sensitive (self->email_remove_button, !self->writing);
  gtk_widget_set_sensitive (self->phone_remove_button, !self->writing);
}

static GtkWindow *
page_window (AcSecurityPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_dialog (AcSecurityPage *self,
                GtkWidget      *dialog)
{
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_password_dialog (AcSecurityPage *self)
{
  if (self->account != NULL)
    present_dialog (self, ac_password_dialog_new (page_window (self), self->account));
}

static void
open_address_dialog (AcSecurityPage *self,
                     AcCodeChannel   channel)
{
  if (self->account != NULL)
    present_dialog (self, ac_address_dialog_new (page_window (self), self->account, channel));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AcSecurityPage *self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  const char *done;

  if (tag == ac_account_disable_totp_async)
    {
      ac_account_disable_totp_finish (AC_ACCOUNT (object), result, &error);
      done = _("Two-step sign-in turned off");
    }
  else
    {
      ac_account_unbind_address_finish (AC_ACCOUNT (object), result, &error);
      done = self->writing_channel == AC_CODE_CHANNEL_SMS
             ? _("Phone number removed") : _("E-mail address removed");
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->writing = FALSE;
  g_object_notify (G_OBJECT (self), "busy");
  update_methods (self);

  if (error == NULL)
    ac_page_show_toast (AC_PAGE (self), done);
  else if (g_error_matches (error, AC_ERROR, AC_ERROR_CANNOT_UNBIND) ||
           g_error_matches (error, AC_ERROR, AC_ERROR_NO_OTHER_LOGIN_METHOD))
    ac_page_show_toast (AC_PAGE (self),
                        _("This is your only way to sign in. Set a password or bind another address first."));
  else if (!g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    {
      /* (After an expiry the session asks to sign in again by itself.) */
      g_autofree char *message = ac_describe_error (error);
      ac_page_show_toast (AC_PAGE (self), message);
    }
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     AcSecurityPage   *self)
{
  if (g_strcmp0 (response, "unbind-email") == 0 || g_strcmp0 (response, "unbind-phone") == 0)
    {
      AcCodeChannel channel = g_str_equal (response, "unbind-phone") ? AC_CODE_CHANNEL_SMS
                                                                      : AC_CODE_CHANNEL_EMAIL;

      self->writing = TRUE;
      self->writing_channel = channel;
      ac_account_unbind_address_async (self->account, channel, self->cancellable, written_cb, self);
    }
  else if (g_strcmp0 (response, "turn-off") == 0)
    {
      self->writing = TRUE;
      ac_account_disable_totp_async (self->account, self->cancellable, written_cb, self);
    }
  else
    return;

  g_object_notify (G_OBJECT (self), "busy");
  update_methods (self);
}

static void
ask (AcSecurityPage *self,
     const char     *heading,
     const char     *body,
     const char     *response,
     const char     *label)
{
  GtkWidget *dialog = adw_message_dialog_new (page_window (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  present_dialog (self, dialog);
}

static void
unbind (AcSecurityPage *self,
        AcCodeChannel   channel)
{
  if (self->account == NULL || self->writing)
    return;
  if (channel == AC_CODE_CHANNEL_SMS)
    ask (self, _("Remove the Phone Number?"),
         _("You will no longer sign in with it or receive codes on it."),
         "unbind-phone", _("_Remove"));
  else
    ask (self, _("Remove the E-mail Address?"),
         _("You will no longer sign in with it or receive codes there."),
         "unbind-email", _("_Remove"));
}

static void
two_step (AcSecurityPage *self)
{
  AcSecurityLevel *level = self->account ? ac_account_get_security_level (self->account) : NULL;

  if (level == NULL || self->writing)
    return;
  if (ac_security_level_get_mfa (level))
    ask (self, _("Turn Off Two-Step Sign-In?"),
         _("Signing in will ask only for your password or a code, and your recovery code stops working. Your account will be easier to take over."),
         "turn-off", _("_Turn Off"));
  else
    present_dialog (self, ac_totp_dialog_new (page_window (self), self->account));
}

static void
check_row_activated_cb (AcSecurityPage *self,
                        AdwActionRow   *row)
{
  AcSecurityCheckKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));

  switch (kind)
    {
    case AC_SECURITY_CHECK_PASSWORD:
    case AC_SECURITY_CHECK_PASSWORD_STRENGTH:
      open_password_dialog (self);
      break;
    case AC_SECURITY_CHECK_EMAIL:
      open_address_dialog (self, AC_CODE_CHANNEL_EMAIL);
      break;
    case AC_SECURITY_CHECK_PHONE:
      open_address_dialog (self, AC_CODE_CHANNEL_SMS);
      break;
    case AC_SECURITY_CHECK_MFA:
      two_step (self);
      break;
    default:
      break;
    }
}

static void
method_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (widget);

  if (g_str_equal (action_name, "security.change-password"))
    open_password_dialog (self);
  else if (g_str_equal (action_name, "security.edit-email"))
    open_address_dialog (self, AC_CODE_CHANNEL_EMAIL);
  else if (g_str_equal (action_name, "security.edit-phone"))
    open_address_dialog (self, AC_CODE_CHANNEL_SMS);
  else if (g_str_equal (action_name, "security.unbind-email"))
    unbind (self, AC_CODE_CHANNEL_EMAIL);
  else if (g_str_equal (action_name, "security.unbind-phone"))
    unbind (self, AC_CODE_CHANNEL_SMS);
  else if (g_str_equal (action_name, "security.two-step"))
    two_step (self);
}

/* AcPage */

static void
level_reloaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcSecurityPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_security_level_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reloading = FALSE;
  g_object_notify (G_OBJECT (self), "busy");
  if (error != NULL)
    report_error (self, error, ac_page_reload);
}

static void
ac_security_page_reload (AcPage *page)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (page);

  if (self->account == NULL || self->reloading)
    return;

  self->reloading = TRUE;
  g_object_notify (G_OBJECT (self), "busy");
  ac_account_load_security_level_async (self->account, self->cancellable, level_reloaded_cb, self);
}

static void
ac_security_page_page_init (AcPageInterface *iface)
{
  /* Nothing to save: the page shows, and refreshes the token. */
  iface->reload = ac_security_page_reload;
}

/* GObject */

static void
ac_security_page_constructed (GObject *object)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (object);

  G_OBJECT_CLASS (ac_security_page_parent_class)->constructed (object);

  if (self->account != NULL)
    {
      g_signal_connect_object (self->account, "notify::security-level", G_CALLBACK (level_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::user", G_CALLBACK (update_expiry), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::user", G_CALLBACK (update_methods), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::token-expires-at",
                               G_CALLBACK (update_expiry), self, G_CONNECT_SWAPPED);
    }
  update_level (self);
  update_expiry (self);
}

static void
ac_security_page_dispose (GObject *object)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->expiry_timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->dialog);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_SECURITY_PAGE);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_security_page_parent_class)->dispose (object);
}

static void
ac_security_page_finalize (GObject *object)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ac_security_page_parent_class)->finalize (object);
}

static void
ac_security_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ac_security_page_get_busy (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_security_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AcSecurityPage *self = AC_SECURITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_security_page_class_init (AcSecurityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ac_security_page_constructed;
  object_class->dispose = ac_security_page_dispose;
  object_class->finalize = ac_security_page_finalize;
  object_class->get_property = ac_security_page_get_property;
  object_class->set_property = ac_security_page_set_property;

  /**
   * AcSecurityPage:account:
   *
   * The account whose security level and token the page shows.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-security-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, score_stack);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, band_label);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, level_bar);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, checks_group);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, password_button);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, email_state);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, email_button);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, email_remove_button);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, phone_state);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, phone_button);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, phone_remove_button);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, totp_row);
  gtk_widget_class_bind_template_child (widget_class, AcSecurityPage, totp_button);

  gtk_widget_class_install_action (widget_class, "security.refresh-token", NULL, refresh_token_action);
  gtk_widget_class_install_action (widget_class, "security.change-password", NULL, method_action);
  gtk_widget_class_install_action (widget_class, "security.edit-email", NULL, method_action);
  gtk_widget_class_install_action (widget_class, "security.edit-phone", NULL, method_action);
  gtk_widget_class_install_action (widget_class, "security.unbind-email", NULL, method_action);
  gtk_widget_class_install_action (widget_class, "security.unbind-phone", NULL, method_action);
  gtk_widget_class_install_action (widget_class, "security.two-step", NULL, method_action);
}

static void
ac_security_page_init (AcSecurityPage *self)
{
  static gboolean css_loaded;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);

  if (!css_loaded && gdk_display_get_default () != NULL)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, gauge_css, -1);
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      css_loaded = TRUE;
    }

  self->cancellable = g_cancellable_new ();
  self->check_rows = g_ptr_array_new ();

  /* The named offsets give the bar its low, medium and high colours. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->level_bar, OFFSET_LOW, SCORE_LOW);
  gtk_level_bar_add_offset_value (self->level_bar, OFFSET_MEDIUM, SCORE_HIGH);
  gtk_level_bar_add_offset_value (self->level_bar, OFFSET_HIGH, SCORE_FULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->level_bar), "security-gauge");

  self->expiry_timeout_id = g_timeout_add_seconds (30, expiry_tick_cb, self);
}

GtkWidget *
ac_security_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);
  return g_object_new (AC_TYPE_SECURITY_PAGE, "account", account, NULL);
}

GtkLevelBar *
ac_security_page_get_level_bar (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), NULL);
  return self->level_bar;
}

const char *
ac_security_page_get_score_text (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), NULL);
  return gtk_label_get_text (self->score_label);
}

GPtrArray *
ac_security_page_get_check_rows (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), NULL);
  return self->check_rows;
}

const char *
ac_security_page_get_expiry_text (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), NULL);
  return adw_action_row_get_subtitle (self->expiry_row);
}

gboolean
ac_security_page_get_busy (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), FALSE);
  return self->refreshing || self->reloading || self->writing;
}

GtkWindow *
ac_security_page_get_dialog (AcSecurityPage *self)
{
  g_return_val_if_fail (AC_IS_SECURITY_PAGE (self), NULL);
  return self->dialog;
}
