/* ac-application-row.c: one application: logo, name, protocol badge, domain, description
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-application-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-application-row.h"
#include "ac-lists-common.h"
#include "ac-tooltip.h"

struct _AcApplicationRow
{
  GtkWidget      parent_instance;

  AcImageLoader *loader;
  AcApplication *application;
  GCancellable  *logo_cancellable;
  gboolean       logo_loaded;

  AdwAvatar     *initials;   /* coloured initials while there is no logo */
  GtkImage      *logo;
  GtkLabel      *name_label;
  GtkLabel      *protocol_badge;
  GtkLabel      *domain_label;
  GtkLabel      *description_label;
};

G_DEFINE_FINAL_TYPE (AcApplicationRow, ac_application_row, GTK_TYPE_WIDGET)

/* No logo (yet): the name's initials on a colour of its own, told apart at a glance. */
static void
show_placeholder (AcApplicationRow *self)
{
  const char *name = self->application != NULL ? ac_application_get_name (self->application) : NULL;

  adw_avatar_set_text (self->initials, name != NULL && *name != '\0' ? name : "?");
  gtk_widget_set_visible (GTK_WIDGET (self->initials), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->logo), FALSE);
  self->logo_loaded = FALSE;
}

static void
show_logo (AcApplicationRow *self,
           GdkTexture       *texture)
{
  gtk_image_set_from_paintable (self->logo, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->initials), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->logo), TRUE);
  self->logo_loaded = TRUE;
}

static void
logo_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AcApplicationRow *self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = ac_image_loader_load_finish (AC_IMAGE_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = AC_APPLICATION_ROW (user_data);
  g_clear_object (&self->logo_cancellable);

  if (texture == NULL)
    {
      /* The placeholder stays: a missing logo is not worth an error message. */
      g_debug ("No logo for %s: %s",
               self->application ? ac_application_get_name (self->application) : "?",
               error->message);
      return;
    }

  show_logo (self, texture);
}

static void
load_logo (AcApplicationRow *self)
{
  const char *url = self->application ? ac_application_get_logo (self->application) : NULL;
  GdkTexture *cached;

  g_cancellable_cancel (self->logo_cancellable);
  g_clear_object (&self->logo_cancellable);

  if (url == NULL || *url == '\0')
    {
      show_placeholder (self);
      return;
    }

  cached = ac_image_loader_lookup (self->loader, url);
  if (cached != NULL)
    {
      show_logo (self, cached);
      return;
    }

  show_placeholder (self);
  self->logo_cancellable = g_cancellable_new ();
  ac_image_loader_load_async (self->loader, url, self->logo_cancellable, logo_loaded_cb, self);
}

static void
ac_application_row_dispose (GObject *object)
{
  AcApplicationRow *self = AC_APPLICATION_ROW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->logo_cancellable);
  g_clear_object (&self->logo_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_APPLICATION_ROW);
  /* The template's top-level box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->application);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (ac_application_row_parent_class)->dispose (object);
}

static void
ac_application_row_class_init (AcApplicationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_application_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ac-application-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, initials);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, logo);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, protocol_badge);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, domain_label);
  gtk_widget_class_bind_template_child (widget_class, AcApplicationRow, description_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ac_application_row_init (AcApplicationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ac_application_row_new (AcImageLoader *loader)
{
  AcApplicationRow *self;

  g_return_val_if_fail (loader == NULL || AC_IS_IMAGE_LOADER (loader), NULL);

  self = g_object_new (AC_TYPE_APPLICATION_ROW, NULL);
  self->loader = g_object_ref (loader ? loader : ac_image_loader_get_default ());

  return GTK_WIDGET (self);
}

AcApplication *
ac_application_row_get_application (AcApplicationRow *self)
{
  g_return_val_if_fail (AC_IS_APPLICATION_ROW (self), NULL);

  return self->application;
}

void
ac_application_row_set_application (AcApplicationRow *self,
                                    AcApplication    *application)
{
  g_autofree char *protocol = NULL;
  const char *proto;
  const char *name;

  g_return_if_fail (AC_IS_APPLICATION_ROW (self));
  g_return_if_fail (application == NULL || AC_IS_APPLICATION (application));

  if (!g_set_object (&self->application, application))
    return;

  load_logo (self);

  if (application == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      ac_lists_set_label (self->protocol_badge, NULL);
      ac_lists_set_label (self->domain_label, NULL);
      ac_lists_set_label (self->description_label, NULL);
      return;
    }

  name = ac_application_get_name (application);
  proto = ac_application_get_protocol (application);
  protocol = proto != NULL ? g_ascii_strup (proto, -1) : NULL;

  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  /* A long name is cut: the tooltip has all of it. */
  ac_widget_set_tooltip (GTK_WIDGET (self->name_label), name);
  ac_lists_set_label (self->protocol_badge, protocol);
  ac_widget_set_tooltip (GTK_WIDGET (self->protocol_badge),
                               /* Translators: tooltip of the badge that shows an application's sign-in protocol (OIDC, SAML, CAS, OAUTH) */
                               protocol != NULL ? _("Sign-in protocol") : NULL);
  ac_lists_set_label (self->domain_label, ac_application_get_domain (application));
  ac_lists_set_label (self->description_label, ac_application_get_description (application));
}

GtkWidget *
ac_application_row_get_initials (AcApplicationRow *self)
{
  g_return_val_if_fail (AC_IS_APPLICATION_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->initials)) ? GTK_WIDGET (self->initials) : NULL;
}

gboolean
ac_application_row_get_logo_loaded (AcApplicationRow *self)
{
  g_return_val_if_fail (AC_IS_APPLICATION_ROW (self), FALSE);

  return self->logo_loaded;
}
