/* ac-window-leave.c: "Save changes before …?" when quitting, closing the window or signing out
 * would lose edits
 *
 * Every page says through the AcPage contract whether it holds edits that are not saved
 * (ac_page_has_changes()); the window asks once for all of them, the way gnome-text-editor
 * asks before closing documents: Save (each page saves; the window goes on only when every
 * save succeeded), Discard (the edits are dropped), Cancel (nothing happens, the edits stay).
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-page.h"
#include "ac-window-private.h"

typedef struct
{
  AcWindow          *window;     /* weak */
  AcWindowLeave      why;
  AcWindowLeaveFunc  done;
  gpointer           user_data;
  GPtrArray         *pages;      /* the pages with changes, then those still saving */
  guint              idle_id;    /* the end, once every save ended */
  gboolean           failed;
} Leave;

/* The one question of a window, while it is asked or its saves run. */
static GQuark
leave_quark (void)
{
  return g_quark_from_static_string ("ac-window-leave");
}

static GQuark
dialog_quark (void)
{
  return g_quark_from_static_string ("ac-window-leave-dialog");
}

static void
leave_free (Leave *leave)
{
  if (leave->pages != NULL)
    for (guint i = 0; i < leave->pages->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (leave->pages, i), leave);
  g_clear_pointer (&leave->pages, g_ptr_array_unref);
  g_clear_handle_id (&leave->idle_id, g_source_remove);
  g_clear_weak_pointer (&leave->window);
  g_free (leave);
}

static GPtrArray *
pages_with_changes (AcWindow *self)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  if (self->content_stack == NULL)
    return pages;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (AC_IS_PAGE (child) && ac_page_has_changes (AC_PAGE (child)))
      g_ptr_array_add (pages, g_object_ref (child));
  return pages;
}

gboolean
ac_window_has_unsaved_changes (AcWindow *self)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (AC_IS_WINDOW (self), FALSE);

  pages = pages_with_changes (self);
  return pages->len > 0;
}

AdwMessageDialog *
ac_window_get_save_changes_dialog (AcWindow *self)
{
  g_return_val_if_fail (AC_IS_WINDOW (self), NULL);
  return g_object_get_qdata (G_OBJECT (self), dialog_quark ());
}

static void
forget_leave (AcWindow *self)
{
  g_object_set_qdata (G_OBJECT (self), leave_quark (), NULL);
}

/* The question ended: the window goes on (or not). Takes leave. */
static void
finish (Leave    *leave,
        gboolean  go_on)
{
  AcWindow *window = leave->window;

  if (window != NULL)
    forget_leave (window);
  if (go_on && window != NULL)
    leave->done (window, leave->user_data);
  leave_free (leave);
}

static gboolean
finish_idle_cb (gpointer user_data)
{
  Leave *leave = user_data;

  leave->idle_id = 0;
  finish (leave, !leave->failed);
  return G_SOURCE_REMOVE;
}

/* Every save ended. Not from inside a page's callback: signing out destroys the pages, and
 * the page that just saved must first return from its own code. */
static void
saves_ended (Leave *leave)
{
  if (leave->idle_id == 0)
    leave->idle_id = g_idle_add (finish_idle_cb, leave);
}

static void
show_failed_page (Leave  *leave,
                  AcPage *page)
{
  GtkWidget *widget = GTK_WIDGET (page);

  GtkStackPage *stack_page;

  /* The page shows why (the marked field, the error of the save), with the edits kept; the
   * sidebar follows. */
  if (leave->window == NULL || gtk_widget_get_parent (widget) != GTK_WIDGET (leave->window->content_stack))
    return;
  stack_page = gtk_stack_get_page (leave->window->content_stack, widget);
  if (stack_page != NULL && gtk_stack_page_get_name (stack_page) != NULL)
    ac_window_show_page (leave->window, gtk_stack_page_get_name (stack_page));
}

static void
page_busy_changed_cb (AcPage     *page,
                      GParamSpec *pspec,
                      Leave      *leave)
{
  if (ac_page_get_busy (page))
    return;

  g_signal_handlers_disconnect_by_data (page, leave);
  if (ac_page_has_changes (page) && !leave->failed)
    {
      leave->failed = TRUE;
      show_failed_page (leave, page);
    }
  g_ptr_array_remove (leave->pages, page);

  if (leave->pages->len == 0)
    saves_ended (leave);
}

static void
save_all (Leave *leave)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_ref (leave->pages);

  g_clear_pointer (&leave->pages, g_ptr_array_unref);
  leave->pages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < pages->len; i++)
    {
      AcPage *page = g_ptr_array_index (pages, i);

      ac_page_save (page);
      if (ac_page_get_busy (page))
        {
          g_ptr_array_add (leave->pages, g_object_ref (page));
          g_signal_connect (page, "notify::busy", G_CALLBACK (page_busy_changed_cb), leave);
        }
      else if (ac_page_has_changes (page) && !leave->failed)
        {
          /* Not even sent (a field is not valid: the page marked it). Shown, then asked
           * again: now visible, the page takes the person to the field. */
          leave->failed = TRUE;
          show_failed_page (leave, page);
          ac_page_save (page);
        }
    }

  if (leave->pages->len == 0)
    saves_ended (leave);
}

/* Destroyed without an answer (the window closed its dialogs): as Cancel. */
static void
dialog_destroyed_cb (GtkWidget *dialog,
                     Leave     *leave)
{
  if (leave->window != NULL)
    g_object_set_qdata (G_OBJECT (leave->window), dialog_quark (), NULL);
  finish (leave, FALSE);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Leave            *leave)
{
  g_signal_handlers_disconnect_by_func (dialog, dialog_destroyed_cb, leave);
  if (leave->window != NULL)
    g_object_set_qdata (G_OBJECT (leave->window), dialog_quark (), NULL);

  if (leave->window == NULL || g_strcmp0 (response, "cancel") == 0)
    finish (leave, FALSE);
  else if (g_strcmp0 (response, "discard") == 0)
    {
      for (guint i = 0; i < leave->pages->len; i++)
        ac_page_discard (g_ptr_array_index (leave->pages, i));
      finish (leave, TRUE);
    }
  else
    save_all (leave);
}

static char *
page_titles (AcWindow  *self,
             GPtrArray *pages)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      GtkStackPage *stack_page = gtk_stack_get_page (self->content_stack, g_ptr_array_index (pages, i));
      const char *title = stack_page != NULL ? gtk_stack_page_get_title (stack_page) : NULL;

      if (title == NULL)
        continue;
      if (text->len > 0)
        /* Translators: the separator between page names in "Your changes to Profile, Custom Fields…" */
        g_string_append (text, _(", "));
      g_string_append (text, title);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
heading_for (AcWindowLeave why)
{
  switch (why)
    {
    case AC_WINDOW_LEAVE_QUIT:
      return _("Save Changes Before Quitting?");
    case AC_WINDOW_LEAVE_CLOSE:
      return _("Save Changes Before Closing?");
    case AC_WINDOW_LEAVE_SIGN_OUT:
    default:
      return _("Save Changes Before Signing Out?");
    }
}

/**
 * ac_window_confirm_leave:
 * @self: the window
 * @why: what would lose the edits
 * @done: what to do once nothing is lost (the edits were saved or discarded)
 * @user_data: for @done
 *
 * Calls @done at once when no page holds unsaved edits; else asks "Save changes before …?"
 * and calls @done after Discard, or after Save once every page saved. Cancel, a save that
 * failed or a field that is not valid: @done is not called, the page shows why and keeps the
 * edits. While a question is open, a second call is ignored (the dialog is presented again).
 */
void
ac_window_confirm_leave (AcWindow          *self,
                         AcWindowLeave      why,
                         AcWindowLeaveFunc  done,
                         gpointer           user_data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Leave *leave;

  g_return_if_fail (AC_IS_WINDOW (self));
  g_return_if_fail (done != NULL);

  if (g_object_get_qdata (G_OBJECT (self), leave_quark ()) != NULL)
    {
      dialog = ac_window_get_save_changes_dialog (self);
      if (dialog != NULL)
        gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  pages = pages_with_changes (self);
  if (pages->len == 0)
    {
      done (self, user_data);
      return;
    }

  leave = g_new0 (Leave, 1);
  g_set_weak_pointer (&leave->window, self);
  leave->why = why;
  leave->done = done;
  leave->user_data = user_data;
  leave->pages = g_steal_pointer (&pages);
  /* A marker only: the Leave is freed by finish(). */
  g_object_set_qdata (G_OBJECT (self), leave_quark (), leave);

  titles = page_titles (self, leave->pages);
  /* Translators: %s is one or more page names, e.g. "Profile" */
  body = g_strdup_printf (_("Your changes to %s will be lost if you don't save them."), titles);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading_for (why), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), leave);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), leave);
  g_object_set_qdata (G_OBJECT (self), dialog_quark (), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The session ended under a question (an idle sign-out, the account deleted): its pages are
 * gone, nothing is left to ask about. */
void
_ac_window_cancel_leave (AcWindow *self)
{
  Leave *leave = g_object_get_qdata (G_OBJECT (self), leave_quark ());
  AdwMessageDialog *dialog = ac_window_get_save_changes_dialog (self);

  if (dialog != NULL)
    {
      /* Its "destroy" ends the question. */
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (leave != NULL)
    finish (leave, FALSE);
}
