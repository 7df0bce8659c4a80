/* ac-sign-in-page.c: host, application id, account and password, with inline errors; the
 * second step of a two-step sign-in, a sign-in with a code, and the wait for the browser
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-sign-in-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-sign-in-page.h"
#include "ac-a11y.h"
#include "ac-tooltip.h"

#define MFA_CODE_LENGTH 6

struct _AcSignInPage
{
  AdwBin       parent_instance;

  GtkWidget   *avatar_image;
  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkWidget   *server_group;
  AdwEntryRow *host_row;
  AdwEntryRow *app_id_row;
  AdwEntryRow *account_row;
  AdwEntryRow *password_row;
  GtkStack    *step_stack;
  GtkLabel    *mfa_subtitle_label;
  AdwEntryRow *mfa_row;
  GtkButton   *recovery_toggle;
  GtkLabel    *recovery_code_label;
  AdwEntryRow *address_row;
  AdwEntryRow *code_row;
  GtkWidget   *send_code_button;
  GtkLabel    *send_code_label;
  GtkSpinner  *browser_spinner;
  GtkLabel    *status_label;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  GtkWidget   *back_button;
  GtkWidget   *cancel_button;
  GtkWidget   *sign_in_button;
  GtkSpinner  *spinner;
  GtkLabel    *sign_in_label;
  GtkWidget   *alternatives_box;
  GtkWidget   *code_button;
  GtkWidget   *browser_button;

  AcSignInStep step;
  gboolean     busy;
  gboolean     using_recovery;
  gboolean     filtering;        /* mfa_changed_cb is rewriting the entry */
  guint        countdown;        /* seconds before the code can be sent again */
  guint        countdown_id;
  char        *uri;
};

G_DEFINE_FINAL_TYPE (AcSignInPage, ac_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_STEP,
  N_PROPS
};

enum {
  SUBMIT,
  CANCEL,
  VERIFY,
  CONTINUE,
  SEND_CODE,
  CODE_SUBMIT,
  BROWSER,
  BACK,
  OPEN_URI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const step_names[] = { "password", "mfa", "recovery-code", "code", "browser" };

gboolean
ac_sign_in_page_check_host (const char  *host,
                            char       **message)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (host == NULL || *host == '\0')
    {
      if (message)
        *message = g_strdup (_("Enter the address of the application host, for example https://example.authing.cn."));
      return FALSE;
    }

  uri = g_uri_parse (host, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      if (message)
        /* Translators: %s is what the person typed as the host */
        *message = g_strdup_printf (_("“%s” is not a valid host address. It must start with https:// or http://, for example https://example.authing.cn."),
                                    host);
      return FALSE;
    }

  return TRUE;
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Whether @row holds more than spaces */
static gboolean
has_text (AdwEntryRow *row)
{
  for (const char *p = text_of (row); *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static gboolean
form_complete (AcSignInPage *self)
{
  return *text_of (self->host_row) != '\0' &&
         *text_of (self->account_row) != '\0' &&
         *text_of (self->password_row) != '\0';
}

static gboolean
mfa_code_complete (AcSignInPage *self)
{
  const char *code = text_of (self->mfa_row);

  if (self->using_recovery)
    return has_text (self->mfa_row);
  return strlen (code) == MFA_CODE_LENGTH;
}

static gboolean
code_form_complete (AcSignInPage *self)
{
  return has_text (self->address_row) && has_text (self->code_row);
}

static gboolean
primary_allowed (AcSignInPage *self)
{
  if (self->busy)
    return FALSE;
  switch (self->step)
    {
    case AC_SIGN_IN_STEP_PASSWORD:
      return form_complete (self);
    case AC_SIGN_IN_STEP_MFA:
      return mfa_code_complete (self);
    case AC_SIGN_IN_STEP_RECOVERY_CODE:
      return TRUE;
    case AC_SIGN_IN_STEP_CODE:
      return code_form_complete (self);
    case AC_SIGN_IN_STEP_BROWSER:
    default:
      return FALSE;
    }
}

static void
update_actions (AcSignInPage *self)
{
  gboolean second = self->step == AC_SIGN_IN_STEP_MFA || self->step == AC_SIGN_IN_STEP_CODE;
  gboolean can_send = !self->busy && self->countdown == 0 &&
                      has_text (self->address_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", primary_allowed (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel",
                                 self->busy || self->step == AC_SIGN_IN_STEP_BROWSER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.back", second && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.toggle-recovery", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.send-code", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.show-code", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.browser", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.copy-link", self->uri != NULL);
}

/* The primary button: its label follows the step and the busy state. */
static void
update_buttons (AcSignInPage *self)
{
  const char *label;
  const char *a11y;
  gboolean second = self->step == AC_SIGN_IN_STEP_MFA || self->step == AC_SIGN_IN_STEP_CODE;

  switch (self->step)
    {
    case AC_SIGN_IN_STEP_MFA:
      label = self->busy ? _("Verifying…") : _("_Verify");
      a11y = _("Verify");
      break;
    case AC_SIGN_IN_STEP_RECOVERY_CODE:
      label = _("_Continue");
      a11y = _("Continue");
      break;
    default:
      label = self->busy ? _("Signing In…") : _("_Sign In");
      a11y = _("Sign In");
      break;
    }
  gtk_label_set_text_with_mnemonic (self->sign_in_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_in_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_set_visible (self->sign_in_button, self->step != AC_SIGN_IN_STEP_BROWSER);
  gtk_widget_set_visible (self->cancel_button, self->busy || self->step == AC_SIGN_IN_STEP_BROWSER);
  gtk_widget_set_visible (self->back_button, second && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy && self->step != AC_SIGN_IN_STEP_BROWSER);
  gtk_spinner_set_spinning (self->spinner, self->busy && self->step != AC_SIGN_IN_STEP_BROWSER);
  gtk_spinner_set_spinning (self->browser_spinner, self->step == AC_SIGN_IN_STEP_BROWSER);
  update_actions (self);
}

static void
field_changed_cb (AcSignInPage *self)
{
  update_actions (self);
}

static void
code_changed_cb (AcSignInPage *self)
{
  update_actions (self);
}

/* A 6-digit code: only its digits are kept (a paste of "123 456" works), and the sixth
 * digit submits. A recovery code is kept as typed. */
static void
mfa_changed_cb (AcSignInPage *self)
{
  const char *text = text_of (self->mfa_row);

  if (self->filtering)
    return;

  if (!self->using_recovery)
    {
      GString *digits = g_string_new (NULL);

      for (const char *p = text; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (digits, *p);
      if (digits->len > MFA_CODE_LENGTH)
        g_string_truncate (digits, MFA_CODE_LENGTH);
      if (!g_str_equal (digits->str, text))
        {
          self->filtering = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->mfa_row), digits->str);
          gtk_editable_set_position (GTK_EDITABLE (self->mfa_row), -1);
          self->filtering = FALSE;
        }
      g_string_free (digits, TRUE);
    }

  update_actions (self);
  if (!self->using_recovery && !self->busy && mfa_code_complete (self))
    ac_sign_in_page_submit (self);
}

gboolean
ac_sign_in_page_submit (AcSignInPage *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), FALSE);

  if (self->busy)
    return FALSE;

  switch (self->step)
    {
    case AC_SIGN_IN_STEP_MFA:
      if (!mfa_code_complete (self))
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->mfa_row));
          return FALSE;
        }
      ac_sign_in_page_set_error (self, NULL);
      g_signal_emit (self, signals[VERIFY], 0);
      return TRUE;

    case AC_SIGN_IN_STEP_RECOVERY_CODE:
      g_signal_emit (self, signals[CONTINUE], 0);
      return TRUE;

    case AC_SIGN_IN_STEP_CODE:
      if (!code_form_complete (self))
        {
          gtk_widget_grab_focus (GTK_WIDGET (!has_text (self->address_row) ? self->address_row : self->code_row));
          return FALSE;
        }
      if (!ac_sign_in_page_check_host (ac_sign_in_page_get_host (self), &message))
        {
          ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_PASSWORD);
          ac_sign_in_page_show_error (self, message, AC_SIGN_IN_FIELD_HOST);
          return FALSE;
        }
      ac_sign_in_page_set_error (self, NULL);
      ac_sign_in_page_set_status (self, NULL);
      g_signal_emit (self, signals[CODE_SUBMIT], 0);
      return TRUE;

    case AC_SIGN_IN_STEP_BROWSER:
      return FALSE;

    case AC_SIGN_IN_STEP_PASSWORD:
    default:
      break;
    }

  if (!form_complete (self))
    {
      ac_sign_in_page_focus_first_empty (self);
      return FALSE;
    }
  if (!ac_sign_in_page_check_host (ac_sign_in_page_get_host (self), &message))
    {
      ac_sign_in_page_show_error (self, message, AC_SIGN_IN_FIELD_HOST);
      return FALSE;
    }

  ac_sign_in_page_set_error (self, NULL);
  ac_sign_in_page_set_status (self, NULL);
  g_signal_emit (self, signals[SUBMIT], 0);
  return TRUE;
}

static void
entry_activated_cb (AcSignInPage *self,
                    AdwEntryRow  *row)
{
  if (!form_complete (self))
    {
      ac_sign_in_page_focus_first_empty (self);
      return;
    }
  ac_sign_in_page_submit (self);
}

static void
mfa_activated_cb (AcSignInPage *self)
{
  ac_sign_in_page_submit (self);
}

static void
address_activated_cb (AcSignInPage *self)
{
  /* Enter in the address: send the code (or go to the code, once sent). */
  if (self->countdown == 0 && !self->busy)
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.send-code", NULL);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
code_activated_cb (AcSignInPage *self)
{
  ac_sign_in_page_submit (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ac_sign_in_page_submit (AC_SIGN_IN_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);

  if (self->busy || self->step == AC_SIGN_IN_STEP_BROWSER)
    g_signal_emit (self, signals[CANCEL], 0);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);

  if (self->busy)
    return;
  if (self->step == AC_SIGN_IN_STEP_MFA)
    g_signal_emit (self, signals[BACK], 0);
  else if (self->step == AC_SIGN_IN_STEP_CODE)
    {
      ac_sign_in_page_set_error (self, NULL);
      ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_PASSWORD);
    }
}

static void
toggle_recovery_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);

  ac_sign_in_page_set_using_recovery (self, !self->using_recovery);
  gtk_widget_grab_focus (GTK_WIDGET (self->mfa_row));
}

static void
copy_recovery_code_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_text (self->recovery_code_label));
  ac_sign_in_page_set_status (self, _("Recovery code copied"));
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);

  if (self->uri == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->uri);
  ac_sign_in_page_set_status (self, _("Link copied: open it in a web browser on this computer."));
}

static void
show_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);
  const char *account = text_of (self->account_row);

  /* What was typed as the account is likely the phone or e-mail address. */
  if (*text_of (self->address_row) == '\0' && (strchr (account, '@') != NULL || g_ascii_isdigit (*account) || *account == '+'))
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), account);
  ac_sign_in_page_set_error (self, NULL);
  ac_sign_in_page_set_status (self, NULL);
  ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_CODE);
  gtk_widget_grab_focus (GTK_WIDGET (*text_of (self->address_row) == '\0' || self->countdown == 0
                                     ? self->address_row : self->code_row));
}

static void
send_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);
  g_autofree char *message = NULL;

  if (self->busy || self->countdown > 0)
    return;
  if (!ac_sign_in_page_check_host (ac_sign_in_page_get_host (self), &message))
    {
      ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_PASSWORD);
      ac_sign_in_page_show_error (self, message, AC_SIGN_IN_FIELD_HOST);
      return;
    }
  ac_sign_in_page_set_error (self, NULL);
  ac_sign_in_page_set_status (self, NULL);
  g_signal_emit (self, signals[SEND_CODE], 0);
}

static void
browser_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (widget);
  g_autofree char *message = NULL;

  if (self->busy)
    return;
  if (!ac_sign_in_page_check_host (ac_sign_in_page_get_host (self), &message))
    {
      ac_sign_in_page_show_error (self, message, AC_SIGN_IN_FIELD_HOST);
      return;
    }
  ac_sign_in_page_set_error (self, NULL);
  ac_sign_in_page_set_status (self, NULL);
  g_signal_emit (self, signals[BROWSER], 0);
}

static void
real_open_uri (AcSignInPage *self,
               const char   *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Through the OpenURI portal inside Flatpak. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
ac_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      ac_sign_in_page_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_STEP:
      ac_sign_in_page_set_step (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_sign_in_page_dispose (GObject *object)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (ac_sign_in_page_parent_class)->dispose (object);
}

static void
ac_sign_in_page_finalize (GObject *object)
{
  AcSignInPage *self = AC_SIGN_IN_PAGE (object);

  g_free (self->uri);

  G_OBJECT_CLASS (ac_sign_in_page_parent_class)->finalize (object);
}

#define SIMPLE_SIGNAL(id, name) \
  signals[id] = g_signal_new (name, G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, \
                              0, NULL, NULL, NULL, G_TYPE_NONE, 0)

static void
ac_sign_in_page_class_init (AcSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_sign_in_page_dispose;
  object_class->finalize = ac_sign_in_page_finalize;
  object_class->get_property = ac_sign_in_page_get_property;
  object_class->set_property = ac_sign_in_page_set_property;

  /**
   * AcSignInPage:busy:
   *
   * Whether a sign-in is in progress: shows the spinner and makes the form insensitive.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * AcSignInPage:step:
   *
   * The #AcSignInStep shown.
   */
  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, AC_SIGN_IN_STEP_PASSWORD, AC_SIGN_IN_STEP_BROWSER,
                      AC_SIGN_IN_STEP_PASSWORD,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The person asked to sign in with a complete form. */
  SIMPLE_SIGNAL (SUBMIT, "submit");
  /* The person cancelled the sign-in in progress (or the wait for the browser). */
  SIMPLE_SIGNAL (CANCEL, "cancel");
  /* The second step: a complete code (ac_sign_in_page_get_mfa_code()). */
  SIMPLE_SIGNAL (VERIFY, "verify");
  /* The new recovery code was seen. */
  SIMPLE_SIGNAL (CONTINUE, "continue");
  /* Send a code to ac_sign_in_page_get_code_address(). */
  SIMPLE_SIGNAL (SEND_CODE, "send-code");
  /* Sign in with the address and the code. */
  SIMPLE_SIGNAL (CODE_SUBMIT, "code-submit");
  /* Sign in with the browser. */
  SIMPLE_SIGNAL (BROWSER, "browser");
  /* Leave the second step for the password form. */
  SIMPLE_SIGNAL (BACK, "back");
  /**
   * AcSignInPage::open-uri:
   * @uri: the authorization URI
   *
   * Opens @uri in the web browser (the default handler, gtk_show_uri()).
   */
  signals[OPEN_URI] = g_signal_new_class_handler ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  G_CALLBACK (real_open_uri), NULL, NULL, NULL,
                                                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, avatar_image);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, app_id_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, mfa_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, mfa_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, recovery_toggle);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, recovery_code_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, send_code_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, send_code_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, browser_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, alternatives_box);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, code_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, browser_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mfa_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, mfa_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sign-in.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "sign-in.toggle-recovery", NULL, toggle_recovery_action);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-recovery-code", NULL, copy_recovery_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "sign-in.show-code", NULL, show_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.send-code", NULL, send_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.browser", NULL, browser_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.cancel", NULL);
}

static void
ac_sign_in_page_init (AcSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPasswordEntryRow's show/hide button has only a tooltip (libadwaita 1.2) */
  ac_accessible_name_toolkit_controls (GTK_WIDGET (self->password_row));
  update_buttons (self);
}

GtkWidget *
ac_sign_in_page_new (void)
{
  return g_object_new (AC_TYPE_SIGN_IN_PAGE, NULL);
}

#define TEXT_ACCESSORS(field)                                                         \
  const char *                                                                        \
  ac_sign_in_page_get_##field (AcSignInPage *self)                                    \
  {                                                                                   \
    g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);                           \
    return gtk_editable_get_text (GTK_EDITABLE (self->field##_row));                  \
  }                                                                                   \
  void                                                                                \
  ac_sign_in_page_set_##field (AcSignInPage *self,                                    \
                               const char   *value)                                   \
  {                                                                                   \
    g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));                                     \
    gtk_editable_set_text (GTK_EDITABLE (self->field##_row), value ? value : "");     \
  }

TEXT_ACCESSORS (host)
TEXT_ACCESSORS (app_id)
TEXT_ACCESSORS (account)
TEXT_ACCESSORS (password)
TEXT_ACCESSORS (code)

const char *
ac_sign_in_page_get_mfa_code (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  return text_of (self->mfa_row);
}

void
ac_sign_in_page_set_mfa_code (AcSignInPage *self,
                              const char   *code)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->mfa_row), code ? code : "");
}

const char *
ac_sign_in_page_get_code_address (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  return text_of (self->address_row);
}

void
ac_sign_in_page_set_code_address (AcSignInPage *self,
                                  const char   *address)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address ? address : "");
}

gboolean
ac_sign_in_page_get_busy (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}

void
ac_sign_in_page_set_busy (AcSignInPage *self,
                          gboolean      busy)
{
  gboolean sensitive;

  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  sensitive = !busy;

  update_buttons (self);
  /* Move the focus away before the entries become insensitive. */
  if (busy && gtk_widget_get_visible (self->cancel_button))
    gtk_widget_grab_focus (self->cancel_button);
  gtk_widget_set_sensitive (self->server_group, sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mfa_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), sensitive);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
ac_sign_in_page_set_server_locked (AcSignInPage *self,
                                   gboolean      locked)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  gtk_widget_set_visible (self->server_group, !locked);
}

void
ac_sign_in_page_set_title (AcSignInPage *self,
                           const char   *title,
                           const char   *subtitle)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  if (title != NULL)
    gtk_label_set_text (self->title_label, title);
  if (subtitle != NULL)
    gtk_label_set_text (self->subtitle_label, subtitle);
}

void
ac_sign_in_page_set_error (AcSignInPage *self,
                           const char   *message)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  /* An error replaces the status: one line of news at a time. */
  if (message != NULL)
    ac_sign_in_page_set_status (self, NULL);
}

const char *
ac_sign_in_page_get_error (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

static GtkWidget *
field_widget (AcSignInPage  *self,
              AcSignInField  field)
{
  switch (field)
    {
    case AC_SIGN_IN_FIELD_HOST:
      return GTK_WIDGET (self->host_row);
    case AC_SIGN_IN_FIELD_APP_ID:
      return GTK_WIDGET (self->app_id_row);
    case AC_SIGN_IN_FIELD_ACCOUNT:
      return GTK_WIDGET (self->account_row);
    case AC_SIGN_IN_FIELD_PASSWORD:
      return GTK_WIDGET (self->password_row);
    case AC_SIGN_IN_FIELD_MFA_CODE:
      return GTK_WIDGET (self->mfa_row);
    case AC_SIGN_IN_FIELD_ADDRESS:
      return GTK_WIDGET (self->address_row);
    case AC_SIGN_IN_FIELD_CODE:
      return GTK_WIDGET (self->code_row);
    case AC_SIGN_IN_FIELD_BROWSER:
      return self->browser_button;
    case AC_SIGN_IN_FIELD_NONE:
    default:
      return NULL;
    }
}

void
ac_sign_in_page_show_error (AcSignInPage  *self,
                            const char    *message,
                            AcSignInField  field)
{
  GtkWidget *widget;

  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  ac_sign_in_page_set_error (self, message);
  widget = field_widget (self, field);
  /* Hidden host and app id rows (locked by the administrator): the message says it all. */
  if (widget != NULL && gtk_widget_is_visible (widget) && gtk_widget_is_sensitive (widget))
    {
      gtk_widget_grab_focus (widget);
      if (GTK_IS_EDITABLE (widget))
        gtk_editable_select_region (GTK_EDITABLE (widget), 0, -1);
    }
  else
    ac_sign_in_page_focus_first_empty (self);
}

AcSignInField
ac_sign_in_page_get_focus_field (AcSignInPage *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), AC_SIGN_IN_FIELD_NONE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL)
    return AC_SIGN_IN_FIELD_NONE;
  for (AcSignInField field = AC_SIGN_IN_FIELD_HOST; field <= AC_SIGN_IN_FIELD_BROWSER; field++)
    {
      GtkWidget *widget = field_widget (self, field);

      if (widget != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
        return field;
    }
  return AC_SIGN_IN_FIELD_NONE;
}

void
ac_sign_in_page_set_status (AcSignInPage *self,
                            const char   *message)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

const char *
ac_sign_in_page_get_status (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}

void
ac_sign_in_page_focus_first_empty (AcSignInPage *self)
{
  AdwEntryRow *rows[] = { self->host_row, self->app_id_row, self->account_row, self->password_row };

  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  switch (self->step)
    {
    case AC_SIGN_IN_STEP_MFA:
      gtk_widget_grab_focus (GTK_WIDGET (self->mfa_row));
      return;
    case AC_SIGN_IN_STEP_CODE:
      gtk_widget_grab_focus (GTK_WIDGET (*text_of (self->address_row) == '\0' ? self->address_row : self->code_row));
      return;
    case AC_SIGN_IN_STEP_RECOVERY_CODE:
      gtk_widget_grab_focus (self->sign_in_button);
      return;
    case AC_SIGN_IN_STEP_BROWSER:
      gtk_widget_grab_focus (self->cancel_button);
      return;
    case AC_SIGN_IN_STEP_PASSWORD:
    default:
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (!gtk_widget_is_visible (GTK_WIDGET (rows[i])) || rows[i] == self->app_id_row)
        continue;
      if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
        {
          gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
          return;
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

AcSignInStep
ac_sign_in_page_get_step (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), AC_SIGN_IN_STEP_PASSWORD);
  return self->step;
}

void
ac_sign_in_page_set_step (AcSignInPage *self,
                          AcSignInStep  step)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (step <= AC_SIGN_IN_STEP_BROWSER);

  if (step != AC_SIGN_IN_STEP_MFA)
    {
      /* Codes do not outlive their step. */
      self->filtering = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->mfa_row), "");
      self->filtering = FALSE;
    }
  if (step != AC_SIGN_IN_STEP_RECOVERY_CODE)
    gtk_label_set_text (self->recovery_code_label, "");
  if (step == AC_SIGN_IN_STEP_PASSWORD)
    gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  if (step != AC_SIGN_IN_STEP_BROWSER)
    g_clear_pointer (&self->uri, g_free);

  if (self->step == step)
    {
      update_buttons (self);
      return;
    }
  self->step = step;
  gtk_stack_set_visible_child_name (self->step_stack, step_names[step]);
  /* The browser step has its spinner where the picture is. */
  gtk_widget_set_visible (self->avatar_image, step != AC_SIGN_IN_STEP_BROWSER);
  gtk_widget_set_visible (self->alternatives_box,
                          step == AC_SIGN_IN_STEP_PASSWORD &&
                          (gtk_widget_get_visible (self->code_button) || gtk_widget_get_visible (self->browser_button)));
  if (step == AC_SIGN_IN_STEP_MFA)
    ac_sign_in_page_set_using_recovery (self, FALSE);
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

void
ac_sign_in_page_set_alternatives (AcSignInPage *self,
                                  gboolean      code,
                                  gboolean      browser)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_visible (self->code_button, code);
  gtk_widget_set_visible (self->browser_button, browser);
  gtk_widget_set_visible (self->alternatives_box, self->step == AC_SIGN_IN_STEP_PASSWORD && (code || browser));
}

gboolean
ac_sign_in_page_get_browser_offered (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->alternatives_box) && gtk_widget_get_visible (self->browser_button);
}

void
ac_sign_in_page_set_mfa_name (AcSignInPage *self,
                              const char   *name)
{
  g_autofree char *text = NULL;

  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  if (name != NULL && *name != '\0')
    /* Translators: %s is the name of the person signing in */
    text = g_strdup_printf (_("%s has two-step sign-in turned on. Enter the 6-digit code that the authenticator app shows now."), name);
  else
    text = g_strdup (_("This account has two-step sign-in turned on. Enter the 6-digit code that the authenticator app shows now."));
  gtk_label_set_text (self->mfa_subtitle_label, text);
}

gboolean
ac_sign_in_page_get_using_recovery (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), FALSE);
  return self->using_recovery;
}

void
ac_sign_in_page_set_using_recovery (AcSignInPage *self,
                                    gboolean      recovery)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  self->using_recovery = !!recovery;
  self->filtering = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->mfa_row), "");
  self->filtering = FALSE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->mfa_row),
                                 recovery ? _("Recovery Code") : _("6-Digit Code"));
  adw_entry_row_set_input_purpose (self->mfa_row, recovery ? GTK_INPUT_PURPOSE_FREE_FORM : GTK_INPUT_PURPOSE_DIGITS);
  ac_widget_set_tooltip (GTK_WIDGET (self->mfa_row),
                               recovery ? _("The recovery code you saved when you turned on two-step sign-in") : NULL);
  gtk_button_set_label (self->recovery_toggle,
                        recovery ? _("Use the _Authenticator App Instead") : _("Use a _Recovery Code Instead"));
  ac_sign_in_page_set_error (self, NULL);
  update_actions (self);
}

void
ac_sign_in_page_show_recovery_code (AcSignInPage *self,
                                    const char   *code)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (code != NULL);

  ac_sign_in_page_set_busy (self, FALSE);
  ac_sign_in_page_set_error (self, NULL);
  ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_RECOVERY_CODE);
  gtk_label_set_text (self->recovery_code_label, code);
  gtk_widget_grab_focus (self->sign_in_button);
}

const char *
ac_sign_in_page_get_recovery_code (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  if (self->step != AC_SIGN_IN_STEP_RECOVERY_CODE)
    return NULL;
  return gtk_label_get_text (self->recovery_code_label);
}

static void
update_countdown_label (AcSignInPage *self)
{
  g_autofree char *text = NULL;

  if (self->countdown > 0)
    {
      /* Translators: the send button while it waits, %u is seconds */
      text = g_strdup_printf (_("Resend in %u s"), self->countdown);
      gtk_label_set_text (self->send_code_label, text);
    }
  else
    gtk_label_set_text_with_mnemonic (self->send_code_label, _("Send _Code"));
  update_actions (self);
}

static gboolean
countdown_tick_cb (gpointer data)
{
  AcSignInPage *self = data;

  if (self->countdown > 0)
    self->countdown--;
  update_countdown_label (self);
  if (self->countdown == 0)
    {
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
ac_sign_in_page_start_resend_countdown (AcSignInPage *self,
                                        guint         seconds)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  self->countdown = seconds;
  if (seconds > 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_tick_cb, self);
  update_countdown_label (self);
}

guint
ac_sign_in_page_get_resend_countdown (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), 0);
  return self->countdown;
}

void
ac_sign_in_page_open_uri (AcSignInPage *self,
                          const char   *uri)
{
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (uri != NULL);

  ac_sign_in_page_set_step (self, AC_SIGN_IN_STEP_BROWSER);
  g_free (self->uri);
  self->uri = g_strdup (uri);
  update_actions (self);
  gtk_widget_grab_focus (self->cancel_button);
  g_signal_emit (self, signals[OPEN_URI], 0, uri);
}

const char *
ac_sign_in_page_get_uri (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  return self->uri;
}
