/* ac-sign-in-page.c: host, application id, account and password, with inline errors
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-sign-in-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-sign-in-page.h"
#include "ac-a11y.h"

struct _AcSignInPage
{
  AdwBin       parent_instance;

  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkWidget   *server_group;
  AdwEntryRow *host_row;
  AdwEntryRow *app_id_row;
  AdwEntryRow *account_row;
  AdwEntryRow *password_row;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  GtkWidget   *cancel_button;
  GtkWidget   *sign_in_button;
  GtkSpinner  *spinner;
  GtkLabel    *sign_in_label;

  gboolean     busy;
};

G_DEFINE_FINAL_TYPE (AcSignInPage, ac_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SUBMIT,
  CANCEL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

static gboolean
form_complete (AcSignInPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->host_row)) != '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (self->account_row)) != '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
}

static void
update_actions (AcSignInPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", !self->busy && form_complete (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel", self->busy);
}

static void
field_changed_cb (AcSignInPage *self)
{
  update_actions (self);
}

gboolean
ac_sign_in_page_submit (AcSignInPage *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), FALSE);

  if (self->busy)
    return FALSE;
  if (!form_complete (self))
    {
      ac_sign_in_page_focus_first_empty (self);
      return FALSE;
    }
  if (!ac_sign_in_page_check_host (ac_sign_in_page_get_host (self), &message))
    {
      ac_sign_in_page_set_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return FALSE;
    }

  ac_sign_in_page_set_error (self, NULL);
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

  if (self->busy)
    g_signal_emit (self, signals[CANCEL], 0);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_sign_in_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AC_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (ac_sign_in_page_parent_class)->dispose (object);
}

static void
ac_sign_in_page_class_init (AcSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_sign_in_page_dispose;
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AcSignInPage::submit:
   *
   * The person asked to sign in with a complete form.
   */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * AcSignInPage::cancel:
   *
   * The person cancelled the sign-in in progress.
   */
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, app_id_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AcSignInPage, sign_in_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.cancel", NULL);
}

static void
ac_sign_in_page_init (AcSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPasswordEntryRow's show/hide button has only a tooltip (libadwaita 1.2) */
  ac_accessible_name_toolkit_controls (GTK_WIDGET (self->password_row));
  update_actions (self);
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
  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_label_set_text_with_mnemonic (self->sign_in_label,
                                    busy ? _("Signing In…") : _("_Sign In"));
  update_actions (self);
  /* Move the focus away before the entries become insensitive. */
  if (busy)
    gtk_widget_grab_focus (self->cancel_button);
  gtk_widget_set_sensitive (self->server_group, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
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
}

const char *
ac_sign_in_page_get_error (AcSignInPage *self)
{
  g_return_val_if_fail (AC_IS_SIGN_IN_PAGE (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
ac_sign_in_page_focus_first_empty (AcSignInPage *self)
{
  AdwEntryRow *rows[] = { self->host_row, self->app_id_row, self->account_row, self->password_row };

  g_return_if_fail (AC_IS_SIGN_IN_PAGE (self));

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
