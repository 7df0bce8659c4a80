/* ac-security-page.c: the security score, its checklist and the token
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-security-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-error-text.h"
#include "ac-relative-time.h"
#include "ac-page.h"
#include "ac-security-page.h"

/* The level bar's offsets, in step with the bands of ac-security-level.c (medium from 70,
 * high from 85): up to LOW the score is low, up to HIGH medium, above it high. */
#define SCORE_LOW  69.0
#define SCORE_HIGH 84.0
#define SCORE_FULL 100.0

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

  AcAccount    *account;
  AcSession    *session;
  GCancellable *cancellable;
  GPtrArray    *check_rows;
  guint         expiry_timeout_id;
  gboolean      refreshing;
  gboolean      reloading;
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

static GtkWidget *
create_check_row (const AcSecurityCheck *check)
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

  g_object_set_data (G_OBJECT (row), "passed", GINT_TO_POINTER (check->passed));
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

  for (guint i = 0; i < self->check_rows->len; i++)
    adw_preferences_group_remove (self->checks_group, g_ptr_array_index (self->check_rows, i));
  g_ptr_array_set_size (self->check_rows, 0);

  if (level == NULL)
    {
      gtk_stack_set_visible_child_name (self->score_stack, "empty");
      return;
    }

  value = CLAMP (ac_security_level_get_score (level), 0, 100);
  band = ac_security_level_get_band (level);
  /* Translators: the security score out of 100 */
  score = g_strdup_printf (_("%d / 100"), value);
  gtk_label_set_text (self->score_label, score);
  gtk_label_set_text (self->band_label, ac_security_band_get_label (band));
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
      GtkWidget *row = create_check_row (check);

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
      g_signal_connect_object (self->account, "notify::security-level", G_CALLBACK (update_level), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::user", G_CALLBACK (update_expiry), self,
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

  gtk_widget_class_install_action (widget_class, "security.refresh-token", NULL, refresh_token_action);
}

static void
ac_security_page_init (AcSecurityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->check_rows = g_ptr_array_new ();

  /* The named offsets give the bar its low, medium and high colours. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW, SCORE_LOW);
  gtk_level_bar_add_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH, SCORE_HIGH);
  gtk_level_bar_add_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL, SCORE_FULL);

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
  return self->refreshing || self->reloading;
}
