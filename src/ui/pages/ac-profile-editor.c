/* ac-profile-editor.c: the editor row of one profile field
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-profile-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ac-field-error.h"
#include "ac-profile-choices.h"
#include "ac-profile-editor.h"
#include "ac-tooltip.h"

struct _AcProfileEditor
{
  const AcProfileField *field;
  GtkWidget            *row;
  GtkWidget            *error_row;
  GtkWidget            *calendar;       /* date */
  GtkWidget            *year;           /* date */
  GtkWidget            *drop_down;      /* time zone, locale */
  GtkStringList        *choice_labels;  /* time zone, locale: what the list shows */
  GPtrArray            *choice_values;  /* time zone, locale: the value of each item */
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
  if (field->kind == AC_PROFILE_KIND_TIMEZONE || field->kind == AC_PROFILE_KIND_LOCALE)
    return g_strdup (value ? value : "");
  /* What the entry gives back is stripped (ac_profile_editor_get_value()): a value from the
   * server with blanks around it must not count as an edit the moment it is shown. */
  return g_strstrip (g_strdup (value ? value : ""));
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
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
      {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor->drop_down));

        return g_strdup (selected < editor->choice_values->len ?
                         (const char *) g_ptr_array_index (editor->choice_values, selected) : "");
      }
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
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

/* The item of value in the list of a time zone or locale. A value the list does not have
 * (from the server: an old zone name, a tag we do not list) is added as it is, so it shows
 * and is kept, never replaced by another. */
static guint
find_choice (AcProfileEditor *editor,
             const char      *value)
{
  if (value == NULL)
    value = "";
  for (guint i = 0; i < editor->choice_values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (editor->choice_values, i), value) == 0)
      return i;

  /* After "Not set", before the known values. */
  g_ptr_array_insert (editor->choice_values, 1, g_strdup (value));
  gtk_string_list_splice (editor->choice_labels, 1, 0, (const char * const[]) { value, NULL });
  return 1;
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
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (editor->drop_down), find_choice (editor, value));
      break;
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
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

/* Why value is refused, without the field's name (the row above the message names it). */
static char *
describe_invalid (const AcProfileField *field,
                  const char           *value)
{
  g_autoptr(GError) error = NULL;

  if (ac_profile_field_validate (field, value, &error))
    return NULL;

  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > 1024)
    return g_strdup (_("Too long: at most 1024 characters"));
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return g_strdup (_("Contains characters that are not allowed"));

  switch (field->kind)
    {
    case AC_PROFILE_KIND_DATE:
      return g_strdup (_("Not a date"));
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
      return g_strdup (_("Not a web address: it starts with https:// or http://"));
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_GENDER:
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
    default:
      /* These messages name no field. */
      return g_strdup (error != NULL ? error->message : _("Not a valid value"));
    }
}

/* A birthdate after today. */
static gboolean
is_future_date (const char *value)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  int y, m, d;

  return sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y) &&
         strlen (value) == 10 && g_strcmp0 (value, today) > 0;
}

void
ac_profile_editor_validate (AcProfileEditor *editor)
{
  g_autofree char *value = ac_profile_editor_get_value (editor);

  g_clear_pointer (&editor->error, g_free);
  /* Only what the person changed: a value from the server is shown as it is. */
  if (ac_profile_editor_is_dirty (editor) && *value != '\0')
    {
      editor->error = describe_invalid (editor->field, value);
      if (editor->error == NULL && editor->field->kind == AC_PROFILE_KIND_DATE &&
          is_future_date (value))
        editor->error = g_strdup (_("The date is in the future"));
    }

  ac_field_error_row_set (editor->error_row, editor->row, editor->error);
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

/* The year of a birthdate is picked by typing it or with the arrows of a spin button, not
 * one click per year in the calendar's heading. */
static void
year_changed_cb (GtkSpinButton   *spin,
                 AcProfileEditor *editor)
{
  g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (editor->calendar));
  int year = gtk_spin_button_get_value_as_int (spin);
  int month = g_date_time_get_month (shown);
  int day = MIN (g_date_time_get_day_of_month (shown), g_date_get_days_in_month (month, year));
  g_autoptr(GDateTime) date = NULL;

  if (year == g_date_time_get_year (shown))
    return;
  date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date != NULL)
    gtk_calendar_select_day (GTK_CALENDAR (editor->calendar), date);
}

static void
calendar_year_changed_cb (GtkCalendar     *calendar,
                          GParamSpec      *pspec,
                          AcProfileEditor *editor)
{
  g_signal_handlers_block_by_func (editor->year, year_changed_cb, editor);
  int year = 0;

  g_object_get (calendar, "year", &year, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->year), year);
  g_signal_handlers_unblock_by_func (editor->year, year_changed_cb, editor);
}

static GtkWidget *
create_year_box (AcProfileEditor *editor,
                 GtkWidget       *calendar)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *year_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *year_label = gtk_label_new_with_mnemonic (_("_Year"));

  editor->calendar = calendar;
  editor->year = gtk_spin_button_new_with_range (1900, g_date_time_get_year (now), 1);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (editor->year), TRUE);
  calendar_year_changed_cb (GTK_CALENDAR (calendar), NULL, editor);
  gtk_label_set_mnemonic_widget (GTK_LABEL (year_label), editor->year);
  gtk_widget_set_hexpand (year_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (year_label), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->year), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Year"), -1);
  gtk_box_append (GTK_BOX (year_box), year_label);
  gtk_box_append (GTK_BOX (year_box), editor->year);
  gtk_box_append (GTK_BOX (box), year_box);
  gtk_box_append (GTK_BOX (box), calendar);

  g_signal_connect (editor->year, "value-changed", G_CALLBACK (year_changed_cb), editor);
  g_signal_connect (calendar, "notify::year", G_CALLBACK (calendar_year_changed_cb), editor);
  return box;
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
  gtk_popover_set_child (GTK_POPOVER (popover), create_year_box (editor, calendar));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a field name such as "Birthdate" */
  choose = g_strdup_printf (_("Choose %s"), label);
  ac_widget_set_tooltip (button, choose);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, choose, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  /* Translators: %s is a field name such as "Birthdate" */
  clear_label = g_strdup_printf (_("Clear %s"), label);
  ac_widget_set_tooltip (clear, clear_label);
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

/* The items of the list as labels; in the button an ellipsized one, so that a long zone name
 * never widens the page (the full name shows in the list). */
static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
    }
  gtk_list_item_set_child (item, label);
}

/* Only the button's label, which may be cut, has the whole text as its tooltip: the list shows
 * every name whole (and binds about 200 items when the page is built, each tooltip a round
 * trip to the display). */
static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = string != NULL ? gtk_string_object_get_string (string) : "";

  gtk_label_set_text (GTK_LABEL (label), text);
  if (GPOINTER_TO_INT (ellipsize))
    ac_widget_set_tooltip (label, text);
}

static GtkListItemFactory *
choice_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), GINT_TO_POINTER (ellipsize));
  return factory;
}

static void
choice_selected_cb (AcProfileEditor *editor)
{
  changed (editor);
}

/* A time zone or a locale: chosen from a list with a search entry, not typed. */
static GtkWidget *
create_choice_row (AcProfileEditor *editor,
                   const char      *label)
{
  gboolean zones = editor->field->kind == AC_PROFILE_KIND_TIMEZONE;
  const char * const *values = zones ? ac_profile_time_zones () : ac_profile_locales ();
  const char * const *names = zones ? NULL : ac_profile_locale_names ();
  g_autoptr(GtkExpression) expression = NULL;
  GtkWidget *row = adw_action_row_new ();

  editor->choice_labels = gtk_string_list_new (NULL);
  editor->choice_values = g_ptr_array_new_with_free_func (g_free);
  /* Translators: the item of a list that clears the value */
  gtk_string_list_append (editor->choice_labels, C_("choice", "Not set"));
  g_ptr_array_add (editor->choice_values, g_strdup (""));
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *shown = names != NULL ? g_strdup_printf ("%s · %s", names[i], values[i])
                                             : g_strdup (values[i]);

      gtk_string_list_append (editor->choice_labels, shown);
      g_ptr_array_add (editor->choice_values, g_strdup (values[i]));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  editor->drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (editor->choice_labels)),
                                         g_steal_pointer (&expression));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (editor->drop_down), TRUE);
  {
    g_autoptr(GtkListItemFactory) button_factory = choice_factory_new (TRUE);
    g_autoptr(GtkListItemFactory) list_factory = choice_factory_new (FALSE);

    gtk_drop_down_set_factory (GTK_DROP_DOWN (editor->drop_down), button_factory);
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (editor->drop_down), list_factory);
  }
  /* Flat, as the value of a combo row: the button inside takes the style, and the name (the
   * person reaches it with the keyboard). */
  for (GtkWidget *child = gtk_widget_get_first_child (editor->drop_down); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        gtk_widget_add_css_class (child, "flat");
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      }
  gtk_widget_set_valign (editor->drop_down, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (editor->drop_down, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor->drop_down);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor->drop_down);
  g_signal_connect_swapped (editor->drop_down, "notify::selected", G_CALLBACK (choice_selected_cb), editor);
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
    case AC_PROFILE_KIND_TIMEZONE:
    case AC_PROFILE_KIND_LOCALE:
      editor->row = create_choice_row (editor, label);
      break;
    case AC_PROFILE_KIND_TEXT:
    case AC_PROFILE_KIND_URL:
    case AC_PROFILE_KIND_IMAGE:
    default:
      editor->row = create_text_row (editor, label);
      break;
    }

  gtk_widget_set_name (editor->row, field->key);
  editor->error_row = ac_field_error_row_new (editor->row);
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
  g_clear_object (&editor->choice_labels);
  g_clear_pointer (&editor->choice_values, g_ptr_array_unref);
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

GtkWidget *
ac_profile_editor_get_error_row (AcProfileEditor *editor)
{
  return editor->error_row;
}

GtkDropDown *
ac_profile_editor_get_drop_down (AcProfileEditor *editor)
{
  return editor->drop_down != NULL ? GTK_DROP_DOWN (editor->drop_down) : NULL;
}

/* The item of value in the list of a time zone or locale (added when the list lacks it). */
guint
ac_profile_editor_find_choice (AcProfileEditor *editor,
                               const char      *value)
{
  g_return_val_if_fail (editor->drop_down != NULL, GTK_INVALID_LIST_POSITION);
  return find_choice (editor, value);
}

GtkCalendar *
ac_profile_editor_get_calendar (AcProfileEditor *editor)
{
  return editor->calendar != NULL ? GTK_CALENDAR (editor->calendar) : NULL;
}
