/* ac-focus-place.c: the keyboard focus kept across a rebuild of a part of a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ac-focus-place.h"

struct _AcFocusPlace
{
  GtkWidget *container;   /* (owned) */
  GArray    *path;        /* of guint: the position of each child, from the container down */
  int        cursor;      /* in a text field; -1 otherwise */
};

void
ac_focus_place_free (AcFocusPlace *place)
{
  if (place == NULL)
    return;
  g_clear_object (&place->container);
  g_array_unref (place->path);
  g_free (place);
}

static guint
child_position (GtkWidget *child)
{
  guint position = 0;

  for (GtkWidget *w = gtk_widget_get_prev_sibling (child); w != NULL; w = gtk_widget_get_prev_sibling (w))
    position++;
  return position;
}

AcFocusPlace *
ac_focus_place_take (GtkWidget *container)
{
  GtkRoot *root;
  GtkWidget *focus;
  AcFocusPlace *place;

  g_return_val_if_fail (GTK_IS_WIDGET (container), NULL);

  root = gtk_widget_get_root (container);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, container))
    return NULL;

  place = g_new0 (AcFocusPlace, 1);
  place->container = g_object_ref (container);
  place->path = g_array_new (FALSE, FALSE, sizeof (guint));
  place->cursor = GTK_IS_EDITABLE (focus) ? gtk_editable_get_position (GTK_EDITABLE (focus)) : -1;
  for (GtkWidget *w = focus; w != container; w = gtk_widget_get_parent (w))
    {
      guint position = child_position (w);

      g_array_prepend_val (place->path, position);
    }

  /* Away from the widgets about to go, so that it does not stay on one of them. */
  gtk_root_set_focus (root, NULL);
  return place;
}

static gboolean
focus_widget (GtkWidget *widget,
              int        cursor)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget) ||
      !gtk_widget_get_focusable (widget))
    return FALSE;
  if (GTK_IS_TEXT (widget))
    {
      /* The cursor where it was, and nothing selected: a key must not replace the value. */
      if (!gtk_text_grab_focus_without_selecting (GTK_TEXT (widget)))
        return FALSE;
      if (cursor >= 0)
        gtk_editable_set_position (GTK_EDITABLE (widget), cursor);
      return TRUE;
    }
  if (GTK_IS_EDITABLE (widget))
    return FALSE;   /* an entry's own text gets it, above */
  return gtk_widget_grab_focus (widget);
}

void
ac_focus_place_restore (AcFocusPlace *place,
                        GtkWidget    *fallback)
{
  g_autoptr(GPtrArray) chain = NULL;
  GtkRoot *root;
  GtkWidget *w;

  if (place == NULL)
    return;

  root = gtk_widget_get_root (place->container);
  if (root == NULL || gtk_root_get_focus (root) != NULL)
    {
      ac_focus_place_free (place);
      return;
    }

  /* Down the same path, as far as the new children go (a shorter list: its last row). */
  chain = g_ptr_array_new ();
  w = place->container;
  for (guint depth = 0; depth < place->path->len; depth++)
    {
      guint position = g_array_index (place->path, guint, depth);
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (child == NULL)
        break;
      for (guint i = 0; i < position && gtk_widget_get_next_sibling (child) != NULL; i++)
        child = gtk_widget_get_next_sibling (child);
      if (!gtk_widget_get_visible (child))
        break;
      w = child;
      g_ptr_array_add (chain, w);
    }

  /* The deepest widget on that path that takes the focus. */
  for (guint i = chain->len; i > 0; i--)
    if (focus_widget (g_ptr_array_index (chain, i - 1),
                      i == place->path->len ? place->cursor : -1))
      {
        ac_focus_place_free (place);
        return;
      }

  if (fallback != NULL)
    {
      gtk_widget_set_focusable (fallback, TRUE);
      gtk_widget_grab_focus (fallback);
    }
  ac_focus_place_free (place);
}
