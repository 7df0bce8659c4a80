/* ac-focus-place.h: the keyboard focus kept across a rebuild of a part of a page
 *
 * A page that replaces its rows (a list read again, the checks of the security level, the
 * custom fields) would otherwise leave the focus on a widget that is no longer in the window:
 * GTK 4.8 keeps pointing at it, and every key the person presses goes nowhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _AcFocusPlace AcFocusPlace;

/* Before @container's children are removed: if the focus is inside it, remembers where (the
 * path of child positions from @container, and the cursor of a text field), takes the focus
 * away (so that it does not stay on a removed widget) and returns the place; NULL otherwise. */
AcFocusPlace *ac_focus_place_take    (GtkWidget    *container);

/* After the children are made again: the focus goes back to the widget at the same path, or
 * as near to it as the new children allow; a text field gets its cursor back, with nothing
 * selected. If nothing there can take the focus, @fallback gets it (made focusable). Nothing
 * happens when someone else took the focus meanwhile. Frees @place (NULL is fine). */
void          ac_focus_place_restore (AcFocusPlace *place,
                                      GtkWidget    *fallback);

void          ac_focus_place_free    (AcFocusPlace *place);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcFocusPlace, ac_focus_place_free)

G_END_DECLS
