/* ac-page.c: the contract between the window and the pages of the signed-in account
 *
 * The window follows the visible page (gnome-text-editor follows its current page the same
 * way, with GSignalGroup and GBindingGroup; gnome-calendar's management pages share an
 * interface like this one): Save and Discard go to whichever page shows, and no code
 * anywhere asks which page it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-page"

#include "config.h"

#include "ac-page.h"

G_DEFINE_INTERFACE (AcPage, ac_page, GTK_TYPE_WIDGET)

static void
ac_page_default_init (AcPageInterface *iface)
{
  /**
   * AcPage:can-save:
   *
   * The page holds a draft that is valid, and no save is running.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * AcPage:busy:
   *
   * A save or a load of the page is on its way.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * AcPage:session:
   *
   * The session whose account the page shows, or %NULL (a page shown on its own).
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("session", NULL, NULL, AC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
}

void
ac_page_install_properties (GObjectClass *klass,
                            guint         can_save_id,
                            guint         busy_id,
                            guint         session_id)
{
  g_object_class_override_property (klass, can_save_id, "can-save");
  g_object_class_override_property (klass, busy_id, "busy");
  g_object_class_override_property (klass, session_id, "session");
}

static gboolean
get_boolean (AcPage     *self,
             const char *name)
{
  gboolean value = FALSE;

  g_object_get (self, name, &value, NULL);
  return value;
}

gboolean
ac_page_get_can_save (AcPage *self)
{
  g_return_val_if_fail (AC_IS_PAGE (self), FALSE);
  return get_boolean (self, "can-save");
}

gboolean
ac_page_get_busy (AcPage *self)
{
  g_return_val_if_fail (AC_IS_PAGE (self), FALSE);
  return get_boolean (self, "busy");
}

/**
 * ac_page_get_session:
 *
 * Returns: (transfer none) (nullable): the page's session
 */
AcSession *
ac_page_get_session (AcPage *self)
{
  g_autoptr(AcSession) session = NULL;

  g_return_val_if_fail (AC_IS_PAGE (self), NULL);

  g_object_get (self, "session", &session, NULL);
  /* The page holds a reference of its own. */
  return session;
}

void
ac_page_save (AcPage *self)
{
  g_return_if_fail (AC_IS_PAGE (self));

  if (AC_PAGE_GET_IFACE (self)->save != NULL)
    AC_PAGE_GET_IFACE (self)->save (self);
}

void
ac_page_discard (AcPage *self)
{
  g_return_if_fail (AC_IS_PAGE (self));

  if (AC_PAGE_GET_IFACE (self)->discard != NULL)
    AC_PAGE_GET_IFACE (self)->discard (self);
}

void
ac_page_reload (AcPage *self)
{
  g_return_if_fail (AC_IS_PAGE (self));

  if (AC_PAGE_GET_IFACE (self)->reload != NULL)
    AC_PAGE_GET_IFACE (self)->reload (self);
}

gboolean
ac_page_has_changes (AcPage *self)
{
  g_return_val_if_fail (AC_IS_PAGE (self), FALSE);

  if (AC_PAGE_GET_IFACE (self)->has_changes != NULL)
    return AC_PAGE_GET_IFACE (self)->has_changes (self);
  return ac_page_get_can_save (self);
}

void
ac_page_show_toast (AcPage     *self,
                    const char *title)
{
  g_return_if_fail (AC_IS_PAGE (self));
  g_return_if_fail (title != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", title);
}

typedef struct
{
  AcPage     *page;    /* weak */
  AcPageFunc  again;
} Retry;

static void
retry_free (Retry *retry)
{
  g_clear_weak_pointer (&retry->page);
  g_free (retry);
}

static void
ready_again_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Retry *retry = user_data;
  g_autoptr(GError) error = NULL;

  if (ac_session_wait_ready_finish (AC_SESSION (object), result, &error) && retry->page != NULL)
    retry->again (retry->page);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Not done again: %s", error->message);

  retry_free (retry);
}

void
ac_page_retry_when_ready (AcPage       *self,
                          GCancellable *cancellable,
                          AcPageFunc    again)
{
  AcSession *session;
  Retry *retry;

  g_return_if_fail (AC_IS_PAGE (self));
  g_return_if_fail (again != NULL);

  session = ac_page_get_session (self);
  if (session == NULL)
    return;

  retry = g_new0 (Retry, 1);
  g_set_weak_pointer (&retry->page, self);
  retry->again = again;
  ac_session_wait_ready_async (session, cancellable, ready_again_cb, retry);
}
