/* ac-profile-editor.c: the editor row of one profile field
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-profile-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-profile-editor.h"

struct _AcProfileEditor
{
  const AcProfileField *field;
  GtkWidget            *row;
  GtkWidget            *calendar;       /* date */
  GtkWidget            *clear_button;   /* date */
  char                 *baseline;
  char                 *date_value;     /* date */
  char                 *error;

  AcProfileEditorFunc   changed;
  AcProfileEditorFunc   activated;
  gpointer              user_data;
};

static const char *gender_codes[] = { "U", "M", "F" };

/* Values */

static char *
normalize_date (const char *value)
{
  int y, m, d;

  if (value == NULL || *value == '\0')
    return g_strdup ("");
  if (strlen (value) >= 10 && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return g_strdup (value);
}

char *
ac_profile_editor_normalize (const AcProfileField *field,
                             const char           *value)
{
  if (field->kind == AC_PROFILE_KIND_GENDER)
    {
      if (value == NULL || (g_strcmp0 (value, "M") != 0 && g_strcmp0 (value, "F") != 0))
        return g_strdup ("U");
      return g_strdup (value);
    }
  if (field->kind == AC_PROFILE_KIND_DATE)
    return normalize_date (value);
  return g_strdup (value ? value : "");
}

char *
ac_profile_editor_get_value (AcProfileEditor *editor)
{
  switch (editor->field->kind)
    {
    case AC_PROFILE_KIND_GENDER:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));

        return g_strdup (selected < G_N_ELEMENTS (gender_codes) ? gender_codes[selected] : "U");
      }
    case AC_PROFILE_KIND_DATE:
      return g_strdup (editor->date_value ? editor->date_value : "");
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row))));
    }
}

gboolean
ac_profile_editor_is_dirty (AcProfileEditor *editor)
{
  g_autofree char *value = ac_profile_editor_get_value (editor);

  return g_strcmp0 (value, editor->baseline) != 0;
}

static void
update_date_row (AcProfileEditor *editor)
{
  const char *value = editor->date_value;
  int y, m, d;

  if (value == NULL || *value == '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), _("Not set"));
      gtk_widget_set_sensitive (editor->clear_button, FALSE);
      return;
    }

  gtk_widget_set_sensitive (editor->clear_button, TRUE);
  if (sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (y, m, d, 0, 0, 0);
      /* Translators: how a birthdate is shown, see strftime(3) */
      g_autofree char *text = dt ? g_date_time_format (dt, _("%-d %B %Y")) : NULL;

      adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), text ? text : value);
      if (dt != NULL)
        {
          g_signal_handlers_block_matched (editor->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, editor);
          gtk_calendar_select_day (GTK_CALENDAR (editor->calendar), dt);
          g_signal_handlers_unblock_matched (editor->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, editor);
        }
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), value);
}

void
ac_profile_editor_set_value (AcProfileEditor *editor,
                             const char      *value)
{
  switch (editor->field->kind)
    {
    case AC_PROFILE_KIND_GENDER:
      {
        guint selected = 0;

        for (guint i = 0; i < G_N_ELEMENTS (gender_codes); i++)
          if (g_strcmp0 (value, gender_codes[i]) == 0)
            selected = i;
        adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), selected);
      }
      break;
    case AC_PROFILE_KIND_DATE:
      g_free (editor->date_value);
      editor->date_value = g_strdup (value ? value : "");
      update_date_row (editor);
      break;
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
    default:
      gtk_editable_set_text (GTK_EDITABLE (editor->row), value ? value : "");
      break;
    }
}

const char *
ac_profile_editor_get_baseline (AcProfileEditor *editor)
{
  return editor->baseline;
}

void
ac_profile_editor_set_baseline (AcProfileEditor *editor,
                                const char      *value)
{
  g_free (editor->baseline);
  editor->baseline = g_strdup (value);
}

void
ac_profile_editor_validate (AcProfileEditor *editor)
{
  g_autofree char *value = ac_profile_editor_get_value (editor);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&editor->error, g_free);
  if (ac_profile_editor_is_dirty (editor) && *value != '\0' &&
      !ac_profile_field_validate (editor->field, value, &error))
    editor->error = g_strdup_printf ("%s: %s", ac_profile_field_get_label (editor->field),
                                     error ? error->message : _("not valid"));

  if (editor->field->kind != AC_PROFILE_KIND_GENDER && editor->field->kind != AC_PROFILE_KIND_DATE)
    {
      if (editor->error != NULL)
        gtk_widget_add_css_class (editor->row, "error");
      else
        gtk_widget_remove_css_class (editor->row, "error");
      gtk_widget_set_tooltip_text (editor->row, editor->error);
    }
}

const char *
ac_profile_editor_get_error (AcProfileEditor *editor)
{
  return editor->error;
}

void
ac_profile_editor_set_editable (AcProfileEditor *editor,
                                gboolean         editable)
{
  if (ADW_IS_ENTRY_ROW (editor->row))
    {
      /* Read-only: the value stays readable and selectable. */
      gtk_editable_set_editable (GTK_EDITABLE (editor->row), editable);
      gtk_widget_set_sensitive (editor->row, TRUE);
    }
  else
    gtk_widget_set_sensitive (editor->row, editable);
}

/* Signals of the row */

static void
changed (AcProfileEditor *editor)
{
  if (editor->changed != NULL)
    editor->changed (editor, editor->user_data);
}

static void
entry_activated_cb (AcProfileEditor *editor)
{
  if (editor->activated != NULL)
    editor->activated (editor, editor->user_data);
}

static void
calendar_day_selected_cb (GtkCalendar     *calendar,
                          AcProfileEditor *editor)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);

  g_free (editor->date_value);
  editor->date_value = g_date_time_format (dt, "%Y-%m-%d");
  update_date_row (editor);
  /* The popover stays open: arrow keys select a day on each move, so closing here would make
   * choosing a date with the keyboard impossible. Escape or a click outside closes it. */
  changed (editor);
}

static void
date_clear_clicked_cb (GtkButton       *button,
                       AcProfileEditor *editor)
{
  g_free (editor->date_value);
  editor->date_value = g_strdup ("");
  update_date_row (editor);
  changed (editor);
}

void
ac_profile_editor_set_date (AcProfileEditor *editor,
                            GDateTime       *date)
{
  if (editor->calendar == NULL)
    return;
  if (date == NULL)
    date_clear_clicked_cb (NULL, editor);
  else
    {
      gtk_calendar_select_day (GTK_CALENDAR (editor->calendar), date);
      calendar_day_selected_cb (GTK_CALENDAR (editor->calendar), editor);
    }
}

/* Building */

static GtkWidget *
create_gender_row (AcProfileEditor *editor,
                   const char      *label)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *row;

  /* Translators: a gender choice */
  gtk_string_list_append (list, C_("gender", "Unknown"));
  gtk_string_list_append (list, C_("gender", "Male"));
  gtk_string_list_append (list, C_("gender", "Female"));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (changed), editor);
  return row;
}

static GtkWidget *
create_date_row (AcProfileEditor *editor,
                 const char      *label)
{
  GtkWidget *row, *popover, *calendar, *button, *clear;
  g_autofree char *choose = NULL;
  g_autofree char *clear_label = NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  calendar = gtk_calendar_new ();
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a field name such as "Birthdate" */
  choose = g_strdup_printf (_("Choose %s"), label);
  gtk_widget_set_tooltip_text (button, choose);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, choose, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  /* Translators: %s is a field name such as "Birthdate" */
  clear_label = g_strdup_printf (_("Clear %s"), label);
  gtk_widget_set_tooltip_text (clear, clear_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, clear_label, -1);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  editor->calendar = calendar;
  editor->clear_button = clear;
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), editor);
  g_signal_connect (clear, "clicked", G_CALLBACK (date_clear_clicked_cb), editor);
  return row;
}

static GtkWidget *
create_text_row (AcProfileEditor *editor,
                 const char      *label)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  if (editor->field->kind == AC_PROFILE_KIND_URL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed), editor);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated_cb), editor);
  return row;
}

/**
 * ac_profile_editor_new:
 * @field: the field to edit
 * @changed: (nullable): called when the person changed the value
 * @activated: (nullable): called on Enter in a text row
 * @user_data: data for both
 *
 * Returns: (transfer full): an editor showing the empty value (its baseline too)
 */
AcProfileEditor *
ac_profile_editor_new (const AcProfileField *field,
                       AcProfileEditorFunc   changed_func,
                       AcProfileEditorFunc   activated,
                       gpointer              user_data)
{
  AcProfileEditor *editor = g_new0 (AcProfileEditor, 1);
  const char *label = ac_profile_field_get_label (field);

  editor->field = field;
  editor->changed = changed_func;
  editor->activated = activated;
  editor->user_data = user_data;
  editor->baseline = ac_profile_editor_normalize (field, NULL);

  switch (field->kind)
    {
    case AC_PROFILE_KIND_GENDER:
      editor->row = create_gender_row (editor, label);
      break;
    case AC_PROFILE_KIND_DATE:
      editor->row = create_date_row (editor, label);
      editor->date_value = g_strdup ("");
      update_date_row (editor);
      break;
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
    default:
      editor->row = create_text_row (editor, label);
      break;
    }

  gtk_widget_set_name (editor->row, field->key);
  return editor;
}

/* The row belongs to the page's group and goes with it (before the editors are freed), with
 * its handlers. */
void
ac_profile_editor_free (AcProfileEditor *editor)
{
  g_free (editor->baseline);
  g_free (editor->date_value);
  g_free (editor->error);
  g_free (editor);
}

const AcProfileField *
ac_profile_editor_get_field (AcProfileEditor *editor)
{
  return editor->field;
}

GtkWidget *
ac_profile_editor_get_row (AcProfileEditor *editor)
{
  return editor->row;
}

GtkCalendar *
ac_profile_editor_get_calendar (AcProfileEditor *editor)
{
  return editor->calendar != NULL ? GTK_CALENDAR (editor->calendar) : NULL;
}
