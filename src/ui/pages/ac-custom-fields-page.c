/* ac-custom-fields-page.c: one editor per custom field, by data type
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-custom-fields-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-custom-fields-page.h"
#include "ac-error-text.h"
#include "ac-field-error.h"
#include "ac-focus-place.h"
#include "ac-page.h"
#include "ac-tooltip.h"

typedef struct
{
  AcCustomFieldsPage *page;
  AcCustomField      *field;
  AcCustomFieldType   type;
  GtkWidget          *row;
  GtkWidget          *editor;      /* entry row, switch, combo row or text view */
  GtkWidget          *error_label; /* OBJECT */
  GtkWidget          *error_row;   /* the others: the message under the row */
  GtkWidget          *calendar;    /* DATETIME */
  GtkWidget          *hour;
  GtkWidget          *minute;
  GtkWidget          *clear_button;
  char               *baseline;
  char               *text;        /* DATETIME: the current value */
  char               *error;
  gboolean            updating;
} Editor;

struct _AcCustomFieldsPage
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  AdwPreferencesGroup *fields_group;
  GtkSpinner   *save_spinner;
  GtkLabel     *status_label;
  GtkRevealer  *action_revealer;

  AcAccount    *account;
  AcSession    *session;
  GListModel   *model;
  GCancellable *cancellable;
  GPtrArray    *editors;
  char         *error;
  gboolean      saving;
  gboolean      reloading;
  gboolean      can_save;
  gboolean      rebuild_when_shown;
};

static void ac_custom_fields_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcCustomFieldsPage, ac_custom_fields_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_custom_fields_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void update_state (AcCustomFieldsPage *self);

static void
editor_free (Editor *editor)
{
  g_clear_object (&editor->field);
  g_free (editor->baseline);
  g_free (editor->text);
  g_free (editor->error);
  g_free (editor);
}

/* Values as text */

static char *
editor_get_text (Editor *editor)
{
  switch (editor->type)
    {
    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (editor->editor)) ? "true" : "false");

    case AC_CUSTOM_FIELD_TYPE_SELECT:
      {
        const char * const *values = ac_custom_field_get_option_values (editor->field);
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->editor));

        /* Item 0 is "Not set". */
        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || values == NULL ||
            selected > g_strv_length ((char **) values))
          return g_strdup ("");
        return g_strdup (values[selected - 1]);
      }

    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editor));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }

    case AC_CUSTOM_FIELD_TYPE_DATETIME:
      return g_strdup (editor->text ? editor->text : "");

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->editor)));
    }
}

static gboolean
editor_is_dirty (Editor *editor)
{
  g_autofree char *text = editor_get_text (editor);

  return g_strcmp0 (text, editor->baseline) != 0;
}

/* The field's value as the person edits it. */
static char *
field_initial_text (AcCustomField *field)
{
  const char *value = ac_custom_field_get_value (field);

  switch (ac_custom_field_get_data_type (field))
    {
    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      {
        gboolean b = FALSE;

        if (value == NULL || !ac_custom_field_get_boolean (field, &b, NULL))
          b = FALSE;
        return g_strdup (b ? "true" : "false");
      }
    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      {
        g_autoptr(JsonNode) node = NULL;

        if (value == NULL || *value == '\0')
          return g_strdup ("");
        node = ac_custom_field_get_object (field, NULL);
        if (node == NULL)
          return g_strdup (value);
        return json_to_string (node, TRUE);
      }
    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
    case AC_CUSTOM_FIELD_TYPE_DATETIME:
    case AC_CUSTOM_FIELD_TYPE_SELECT:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      return g_strdup (value ? value : "");
    }
}

static GDateTime *
parse_datetime_text (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  char *end = NULL;
  gint64 ms;

  if (text == NULL || *text == '\0')
    return NULL;
  ms = g_ascii_strtoll (text, &end, 10);
  if (end != NULL && *end == '\0' && end != text)
    return g_date_time_new_from_unix_utc (ms / 1000);
  return g_date_time_new_from_iso8601 (text, utc);
}

static void
update_datetime_row (Editor *editor)
{
  g_autoptr(GDateTime) dt = parse_datetime_text (editor->text);

  gtk_widget_set_sensitive (editor->clear_button, editor->text != NULL && *editor->text != '\0');
  if (editor->text == NULL || *editor->text == '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), _("Not set"));
      return;
    }
  if (dt == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), editor->text);
      return;
    }

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (dt);
    /* Translators: how a date and time is shown, see strftime(3) */
    g_autofree char *shown = g_date_time_format (local, _("%-d %B %Y, %H:%M"));

    adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), shown ? shown : editor->text);

    editor->updating = TRUE;
    gtk_calendar_select_day (GTK_CALENDAR (editor->calendar), local);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->hour), g_date_time_get_hour (local));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->minute), g_date_time_get_minute (local));
    editor->updating = FALSE;
  }
}

static void
editor_set_text (Editor     *editor,
                 const char *text)
{
  editor->updating = TRUE;

  switch (editor->type)
    {
    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (editor->editor), g_strcmp0 (text, "true") == 0);
      break;

    case AC_CUSTOM_FIELD_TYPE_SELECT:
      {
        const char * const *values = ac_custom_field_get_option_values (editor->field);
        guint selected = 0;

        for (guint i = 0; values != NULL && values[i] != NULL; i++)
          if (g_strcmp0 (values[i], text) == 0)
            selected = i + 1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (editor->editor), selected);
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editor)), text ? text : "", -1);
      break;

    case AC_CUSTOM_FIELD_TYPE_DATETIME:
      g_free (editor->text);
      editor->text = g_strdup (text ? text : "");
      update_datetime_row (editor);
      break;

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      gtk_editable_set_text (GTK_EDITABLE (editor->editor), text ? text : "");
      break;
    }

  editor->updating = FALSE;
}

/* Validation */

static void
show_editor_error (Editor *editor)
{
  switch (editor->type)
    {
    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      gtk_label_set_text (GTK_LABEL (editor->error_label), editor->error ? editor->error : "");
      gtk_widget_set_visible (editor->error_label, editor->error != NULL);
      if (editor->error)
        gtk_widget_add_css_class (editor->editor, "error");
      else
        gtk_widget_remove_css_class (editor->editor, "error");
      break;

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
    case AC_CUSTOM_FIELD_TYPE_DATETIME:
    case AC_CUSTOM_FIELD_TYPE_SELECT:
    default:
      ac_field_error_row_set (editor->error_row, editor->row, editor->error);
      break;
    }
}

static void
validate_editor (Editor *editor)
{
  g_autofree char *text = editor_get_text (editor);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&editor->error, g_free);
  if (editor_is_dirty (editor) && *text != '\0')
    {
      node = ac_custom_field_parse_input (editor->field, text, &error);
      if (node == NULL)
        editor->error = g_strdup (error ? error->message : _("Not a valid value"));
    }
  show_editor_error (editor);
}

static void
editor_changed (Editor *editor)
{
  if (editor->updating)
    return;
  validate_editor (editor);
  update_state (editor->page);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Editor      *editor)
{
  editor_changed (editor);
}

static void
switch_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   Editor     *editor)
{
  editor_changed (editor);
}

static void
combo_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  Editor     *editor)
{
  editor_changed (editor);
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   Editor        *editor)
{
  editor_changed (editor);
}

static void
datetime_picked_cb (GtkWidget *widget,
                    Editor    *editor)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (editor->updating)
    return;

  day = gtk_calendar_get_date (GTK_CALENDAR (editor->calendar));
  local = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day),
                                 gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor->hour)),
                                 gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor->minute)), 0);
  if (local == NULL)
    return;
  utc = g_date_time_to_utc (local);
  g_free (editor->text);
  editor->text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
  update_datetime_row (editor);
  editor_changed (editor);
}

static void
datetime_clear_cb (GtkButton *button,
                   Editor    *editor)
{
  g_free (editor->text);
  editor->text = g_strdup ("");
  update_datetime_row (editor);
  editor_changed (editor);
}

/* Building */

/* Hours and minutes with two digits: "09 : 05", not "9 : 5". */
static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  char text[16];

  g_snprintf (text, sizeof text, "%02d", gtk_spin_button_get_value_as_int (spin));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GtkWidget *
create_spin (const char *label,
             int         max)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), NULL);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return spin;
}

static Editor *
create_editor (AcCustomFieldsPage *self,
               AcCustomField      *field)
{
  Editor *editor = g_new0 (Editor, 1);
  const char *label = ac_custom_field_get_label (field);
  const char *key = ac_custom_field_get_key (field);

  if (label == NULL || *label == '\0')
    label = key;

  editor->page = self;
  editor->field = g_object_ref (field);
  editor->type = ac_custom_field_get_data_type (field);

  switch (editor->type)
    {
    case AC_CUSTOM_FIELD_TYPE_BOOLEAN:
      editor->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);
      editor->editor = gtk_switch_new ();
      gtk_widget_set_valign (editor->editor, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (editor->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->editor);
      g_signal_connect (editor->editor, "notify::active", G_CALLBACK (switch_changed_cb), editor);
      break;

    case AC_CUSTOM_FIELD_TYPE_SELECT:
      {
        g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
        const char * const *labels = ac_custom_field_get_option_labels (field);
        const char * const *values = ac_custom_field_get_option_values (field);

        /* Translators: a choice that has no value */
        gtk_string_list_append (list, _("Not set"));
        for (guint i = 0; values != NULL && values[i] != NULL; i++)
          gtk_string_list_append (list, labels && labels[i] && *labels[i] ? labels[i] : values[i]);
        editor->row = adw_combo_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);
        adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (list));
        editor->editor = editor->row;
        g_signal_connect (editor->row, "notify::selected", G_CALLBACK (combo_changed_cb), editor);
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_DATETIME:
      {
        GtkWidget *popover, *box, *time_box, *button, *colon;
        g_autofree char *choose = NULL;
        g_autofree char *clear_label = NULL;

        editor->row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);

        box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
        editor->calendar = gtk_calendar_new ();
        gtk_accessible_update_property (GTK_ACCESSIBLE (editor->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
        editor->hour = create_spin (_("Hour"), 23);
        editor->minute = create_spin (_("Minute"), 59);
        colon = gtk_label_new (":");
        gtk_box_append (GTK_BOX (time_box), editor->hour);
        gtk_box_append (GTK_BOX (time_box), colon);
        gtk_box_append (GTK_BOX (time_box), editor->minute);
        gtk_box_append (GTK_BOX (box), editor->calendar);
        gtk_box_append (GTK_BOX (box), time_box);
        popover = gtk_popover_new ();
        gtk_popover_set_child (GTK_POPOVER (popover), box);

        button = gtk_menu_button_new ();
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        /* Translators: %s is a field name */
        choose = g_strdup_printf (_("Choose %s"), label);
        ac_widget_set_tooltip (button, choose);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, choose, -1);

        editor->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
        gtk_widget_set_valign (editor->clear_button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (editor->clear_button, "flat");
        /* Translators: %s is a field name */
        clear_label = g_strdup_printf (_("Clear %s"), label);
        ac_widget_set_tooltip (editor->clear_button, clear_label);
        gtk_accessible_update_property (GTK_ACCESSIBLE (editor->clear_button), GTK_ACCESSIBLE_PROPERTY_LABEL, clear_label, -1);

        adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->clear_button);
        adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), button);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), button);
        editor->editor = editor->row;

        g_signal_connect (editor->calendar, "day-selected", G_CALLBACK (datetime_picked_cb), editor);
        g_signal_connect (editor->hour, "value-changed", G_CALLBACK (datetime_picked_cb), editor);
        g_signal_connect (editor->minute, "value-changed", G_CALLBACK (datetime_picked_cb), editor);
        g_signal_connect (editor->clear_button, "clicked", G_CALLBACK (datetime_clear_cb), editor);
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_OBJECT:
      {
        GtkWidget *box, *title, *scrolled;
        GtkTextBuffer *buffer;

        /* An AdwPreferencesRow, so that it sits in the group's boxed list with the others. */
        editor->row = adw_preferences_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (editor->row), FALSE);
        box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        gtk_widget_set_margin_top (box, 8);
        gtk_widget_set_margin_bottom (box, 8);
        gtk_widget_set_margin_start (box, 12);
        gtk_widget_set_margin_end (box, 12);
        title = gtk_label_new (label);
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_widget_add_css_class (title, "caption");
        gtk_widget_add_css_class (title, "dim-label");
        editor->editor = gtk_text_view_new ();
        gtk_text_view_set_monospace (GTK_TEXT_VIEW (editor->editor), TRUE);
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (editor->editor), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (editor->editor), FALSE);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (editor->editor), 6);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (editor->editor), 6);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (editor->editor), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (editor->editor), 6);
        gtk_accessible_update_property (GTK_ACCESSIBLE (editor->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (editor->editor), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        _("A JSON object, for example {\"theme\": \"dark\"}"), -1);
        scrolled = gtk_scrolled_window_new ();
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), editor->editor);
        gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
        gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
        gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
        gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
        editor->error_label = gtk_label_new (NULL);
        gtk_label_set_xalign (GTK_LABEL (editor->error_label), 0);
        gtk_label_set_wrap (GTK_LABEL (editor->error_label), TRUE);
        gtk_widget_add_css_class (editor->error_label, "error");
        gtk_widget_set_visible (editor->error_label, FALSE);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (editor->editor),
                                        GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, editor->error_label, NULL, -1);
        gtk_box_append (GTK_BOX (box), title);
        gtk_box_append (GTK_BOX (box), scrolled);
        gtk_box_append (GTK_BOX (box), editor->error_label);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (editor->row), box);
        buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editor));
        g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), editor);
      }
      break;

    case AC_CUSTOM_FIELD_TYPE_STRING:
    case AC_CUSTOM_FIELD_TYPE_NUMBER:
    case AC_CUSTOM_FIELD_TYPE_UNKNOWN:
    default:
      editor->row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);
      if (editor->type == AC_CUSTOM_FIELD_TYPE_NUMBER)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_NUMBER);
      editor->editor = editor->row;
      g_signal_connect (editor->row, "changed", G_CALLBACK (entry_changed_cb), editor);
      g_signal_connect_swapped (editor->row, "entry-activated", G_CALLBACK (ac_custom_fields_page_save), self);
      break;
    }

  gtk_widget_set_name (editor->row, key);
  if (editor->type != AC_CUSTOM_FIELD_TYPE_OBJECT)
    editor->error_row = ac_field_error_row_new (editor->row);
  editor->baseline = field_initial_text (field);
  editor_set_text (editor, editor->baseline);
  return editor;
}

static Editor *
find_editor (AcCustomFieldsPage *self,
             const char         *key)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (g_strcmp0 (ac_custom_field_get_key (editor->field), key) == 0)
        return editor;
    }
  return NULL;
}

/* Rebuilds the editors from the store. Edits in progress are kept when keep_edits is set. */
static void
rebuild (AcCustomFieldsPage *self,
         gboolean            keep_edits)
{
  g_autoptr(GHashTable) edits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n;
  /* the keyboard stays in the field it was in (with its cursor), once the rows are made again */
  AcFocusPlace *focus_place = ac_focus_place_take (GTK_WIDGET (self->fields_group));

  self->rebuild_when_shown = FALSE;

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (keep_edits && editor_is_dirty (editor))
        g_hash_table_insert (edits, g_strdup (ac_custom_field_get_key (editor->field)), editor_get_text (editor));
      adw_preferences_group_remove (self->fields_group, editor->row);
      if (editor->error_row != NULL)
        adw_preferences_group_remove (self->fields_group, editor->error_row);
    }
  g_ptr_array_set_size (self->editors, 0);

  n = self->model ? g_list_model_get_n_items (self->model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (self->model, i);
      Editor *editor;
      const char *edit;

      if (field == NULL)
        continue;
      editor = create_editor (self, field);
      edit = g_hash_table_lookup (edits, ac_custom_field_get_key (field));
      if (edit != NULL)
        {
          editor_set_text (editor, edit);
          validate_editor (editor);
        }
      g_ptr_array_add (self->editors, editor);
      adw_preferences_group_add (self->fields_group, editor->row);
      if (editor->error_row != NULL)
        adw_preferences_group_add (self->fields_group, editor->error_row);
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "fields" : "empty");
  ac_focus_place_restore (focus_place, GTK_WIDGET (self));
  update_state (self);
}

static gboolean has_drafts (AcCustomFieldsPage *self);

static void
items_changed_cb (AcCustomFieldsPage *self)
{
  if (self->saving)
    return;
  /* Off screen and with no draft (the page made at sign-in, before it is shown): the rows
   * are made when the page comes on screen. A draft is kept with the new fields now. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && !has_drafts (self))
    {
      self->rebuild_when_shown = TRUE;
      return;
    }
  rebuild (self, TRUE);
}

static void
map_cb (AcCustomFieldsPage *self)
{
  if (self->rebuild_when_shown)
    rebuild (self, TRUE);
}

/* State */

static void
update_state (AcCustomFieldsPage *self)
{
  gboolean dirty = FALSE;
  const char *first_error = NULL;
  gboolean can_save;

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (editor->error != NULL && first_error == NULL)
        first_error = editor->error;
      if (editor_is_dirty (editor))
        dirty = TRUE;
    }

  can_save = dirty && first_error == NULL && !self->saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.save", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.discard", dirty && !self->saving);

  if (self->saving)
    gtk_label_set_text (self->status_label, _("Saving…"));
  else if (first_error != NULL)
    gtk_label_set_text (self->status_label, _("Correct the marked fields to save."));
  else if (self->error != NULL)
    gtk_label_set_text (self->status_label, self->error);
  else if (dirty)
    gtk_label_set_text (self->status_label, _("Unsaved changes"));
  else
    gtk_label_set_text (self->status_label, "");

  if (!self->saving && (first_error != NULL || self->error != NULL))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  /* The bar shows only when there is something to discard, save or say (never on an empty
   * page: nothing can change there). */
  gtk_revealer_set_reveal_child (self->action_revealer,
                                 self->editors->len > 0 && (dirty || self->saving || self->error != NULL));

  if (can_save != self->can_save)
    {
      self->can_save = can_save;
      g_object_notify (G_OBJECT (self), "can-save");
    }
}

/* Save with a field that is not valid: the person is taken to it. */
static void
focus_first_error (AcCustomFieldsPage *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (editor->error == NULL)
        continue;
      ac_field_error_focus_row (editor->row);
      if (editor->type == AC_CUSTOM_FIELD_TYPE_OBJECT)
        gtk_widget_grab_focus (editor->editor);
      return;
    }
}

/* Saving */

static void
set_saving (AcCustomFieldsPage *self,
            gboolean            saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_group), !saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), saving);
  gtk_spinner_set_spinning (self->save_spinner, saving);
  update_state (self);
  g_object_notify (G_OBJECT (self), "busy");
}

static void
fields_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AcCustomFieldsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_save_custom_fields_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Saved: the store holds the saved values, the new baseline, before "busy" ends (whoever
   * waits for the save sees no changes left). */
  if (error == NULL)
    {
      g_clear_pointer (&self->error, g_free);
      rebuild (self, FALSE);
    }
  set_saving (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *message = ac_describe_error (error);

      g_clear_pointer (&self->error, g_free);
      /* The session expired: saved once the person signed in again. */
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN) && self->session != NULL)
        {
          self->error = g_strdup (_("Not saved yet: sign in again to save your changes."));
          update_state (self);
          ac_page_retry_when_ready (AC_PAGE (self), self->cancellable,
                                    (AcPageFunc) ac_custom_fields_page_save);
          return;
        }
      /* Translators: %s is the reason, e.g. the server's message naming the field */
      self->error = g_strdup_printf (_("Could not save: %s"), message);
      update_state (self);
      return;
    }

  ac_page_show_toast (AC_PAGE (self), _("Custom fields saved"));
}

void
ac_custom_fields_page_save (AcCustomFieldsPage *self)
{
  g_autoptr(GPtrArray) changes = NULL;

  g_return_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self));

  update_state (self);
  if (!self->can_save || self->account == NULL)
    {
      if (!self->saving)
        focus_first_error (self);
      return;
    }

  /* Only the fields the person changed, as typed; the account checks and converts them. */
  changes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = NULL;

      if (!editor_is_dirty (editor))
        continue;
      text = editor_get_text (editor);
      g_ptr_array_add (changes, ac_custom_field_new_changed (editor->field, text));
    }

  if (changes->len == 0)
    return;

  g_clear_pointer (&self->error, g_free);
  set_saving (self, TRUE);
  ac_account_save_custom_fields_async (self->account, changes, self->cancellable, fields_saved_cb, self);
}

void
ac_custom_fields_page_discard (AcCustomFieldsPage *self)
{
  g_return_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self));

  if (self->saving)
    return;
  g_clear_pointer (&self->error, g_free);
  rebuild (self, FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ac_custom_fields_page_save (AC_CUSTOM_FIELDS_PAGE (widget));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ac_custom_fields_page_discard (AC_CUSTOM_FIELDS_PAGE (widget));
}

/* AcPage */

static void
fields_reloaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AcCustomFieldsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ac_account_load_custom_fields_finish (AC_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reloading = FALSE;
  g_object_notify (G_OBJECT (self), "busy");

  if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
    ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, ac_page_reload);
  else if (error != NULL)
    {
      g_autofree char *message = ac_describe_error (error);
      ac_page_show_toast (AC_PAGE (self), message);
    }
}

static void
ac_custom_fields_page_reload (AcPage *page)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (page);

  if (self->account == NULL || self->reloading)
    return;

  /* The store refills; edits in progress are kept (see items_changed_cb()). */
  self->reloading = TRUE;
  g_object_notify (G_OBJECT (self), "busy");
  ac_account_load_custom_fields_async (self->account, self->cancellable, fields_reloaded_cb, self);
}

static gboolean
has_drafts (AcCustomFieldsPage *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    if (editor_is_dirty (g_ptr_array_index (self->editors, i)))
      return TRUE;
  return FALSE;
}

static gboolean
ac_custom_fields_page_has_changes (AcPage *page)
{
  return has_drafts (AC_CUSTOM_FIELDS_PAGE (page));
}

static void
ac_custom_fields_page_page_init (AcPageInterface *iface)
{
  iface->has_changes = ac_custom_fields_page_has_changes;
  iface->save = (AcPageFunc) ac_custom_fields_page_save;
  iface->discard = (AcPageFunc) ac_custom_fields_page_discard;
  iface->reload = ac_custom_fields_page_reload;
}

/* GObject */

static void
ac_custom_fields_page_constructed (GObject *object)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (object);

  G_OBJECT_CLASS (ac_custom_fields_page_parent_class)->constructed (object);

  if (self->account != NULL)
    {
      self->model = g_object_ref (ac_account_get_custom_fields (self->account));
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  rebuild (self, FALSE);
}

static void
ac_custom_fields_page_dispose (GObject *object)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* Nothing of the account reaches the page any more (the session may go with it). */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), AC_TYPE_CUSTOM_FIELDS_PAGE);
  if (self->editors != NULL)
    g_ptr_array_set_size (self->editors, 0);
  g_clear_object (&self->model);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_custom_fields_page_parent_class)->dispose (object);
}

static void
ac_custom_fields_page_finalize (GObject *object)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ac_custom_fields_page_parent_class)->finalize (object);
}

static void
ac_custom_fields_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ac_custom_fields_page_get_busy (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_custom_fields_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AcCustomFieldsPage *self = AC_CUSTOM_FIELDS_PAGE (object);

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
ac_custom_fields_page_class_init (AcCustomFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ac_custom_fields_page_constructed;
  object_class->dispose = ac_custom_fields_page_dispose;
  object_class->finalize = ac_custom_fields_page_finalize;
  object_class->get_property = ac_custom_fields_page_get_property;
  object_class->set_property = ac_custom_fields_page_set_property;

  /**
   * AcCustomFieldsPage:account:
   *
   * The account whose custom fields the page edits.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ac-custom-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AcCustomFieldsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AcCustomFieldsPage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, AcCustomFieldsPage, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, AcCustomFieldsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, AcCustomFieldsPage, action_revealer);

  gtk_widget_class_install_action (widget_class, "fields.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "fields.discard", NULL, discard_action);
}

static void
ac_custom_fields_page_init (AcCustomFieldsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) editor_free);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
ac_custom_fields_page_new (AcAccount *account)
{
  g_return_val_if_fail (AC_IS_ACCOUNT (account), NULL);
  return g_object_new (AC_TYPE_CUSTOM_FIELDS_PAGE, "account", account, NULL);
}

gboolean
ac_custom_fields_page_get_can_save (AcCustomFieldsPage *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), FALSE);
  return self->can_save;
}

gboolean
ac_custom_fields_page_get_busy (AcCustomFieldsPage *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), FALSE);
  return self->saving || self->reloading;
}

GtkWidget *
ac_custom_fields_page_get_row (AcCustomFieldsPage *self,
                               const char         *key)
{
  Editor *editor;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? editor->row : NULL;
}

GtkWidget *
ac_custom_fields_page_get_editor (AcCustomFieldsPage *self,
                                  const char         *key)
{
  Editor *editor;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? editor->editor : NULL;
}

char *
ac_custom_fields_page_get_text (AcCustomFieldsPage *self,
                                const char         *key)
{
  Editor *editor;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? editor_get_text (editor) : NULL;
}

void
ac_custom_fields_page_set_datetime (AcCustomFieldsPage *self,
                                    const char         *key,
                                    GDateTime          *datetime)
{
  Editor *editor;
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self));
  editor = find_editor (self, key);
  if (editor == NULL || editor->type != AC_CUSTOM_FIELD_TYPE_DATETIME)
    return;
  if (datetime == NULL)
    {
      datetime_clear_cb (NULL, editor);
      return;
    }
  local = g_date_time_to_local (datetime);
  editor->updating = TRUE;
  gtk_calendar_select_day (GTK_CALENDAR (editor->calendar), local);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->hour), g_date_time_get_hour (local));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->minute), g_date_time_get_minute (local));
  editor->updating = FALSE;
  datetime_picked_cb (NULL, editor);
}

const char *
ac_custom_fields_page_get_field_error (AcCustomFieldsPage *self,
                                       const char         *key)
{
  Editor *editor;

  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), NULL);
  editor = find_editor (self, key);
  return editor ? editor->error : NULL;
}

const char *
ac_custom_fields_page_get_error (AcCustomFieldsPage *self)
{
  g_return_val_if_fail (AC_IS_CUSTOM_FIELDS_PAGE (self), NULL);
  return self->error;
}
