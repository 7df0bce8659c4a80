/* ac-login-history-page.c: the person's sign-in attempts, newest first, page by page
 *
 * The history may hold a hundred thousand entries: the page asks the server for one page at a
 * time (PAGE_SIZE entries) and keeps only that one. The filter (every attempt, or the failed
 * ones only) goes to the server too. Nothing is read at sign-in: the first page is read when
 * the page is first shown, and again on Refresh while it is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-login-history-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ac-activity-view.h"
#include "ac-error.h"
#include "ac-login-history-page.h"
#include "ac-page.h"
#include "ac-tooltip.h"

#define PAGE_SIZE 20

struct _AcLoginHistoryPage
{
  AdwBin          parent_instance;

  AcAccount      *account;
  AcSession      *session;

  AcActivityView  view;
  GtkDropDown    *filter_dropdown;
  GtkListBox     *list;
  GtkLabel       *empty_label;
  GtkLabel       *page_label;
  GtkWidget      *previous_button;
  GtkWidget      *next_button;

  GCancellable   *cancellable;
  gboolean        loading;
  gboolean        loaded;        /* a page was shown */
  guint           page;          /* the page shown (or asked for), from 1 */
  guint           total;         /* entries of every page, as last answered */
};

static void ac_login_history_page_page_init (AcPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AcLoginHistoryPage, ac_login_history_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (AC_TYPE_PAGE, ac_login_history_page_page_init))

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS,
  PROP_CAN_SAVE = N_PROPS,
  PROP_BUSY,
  PROP_SESSION,
};

static GParamSpec *properties[N_PROPS];

static void load (AcLoginHistoryPage *self);

static void
set_loading (AcLoginHistoryPage *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify (G_OBJECT (self), "busy");
}

static guint
n_pages (AcLoginHistoryPage *self)
{
  return MAX (1, (self->total + PAGE_SIZE - 1) / PAGE_SIZE);
}

static AcLoginResultFilter
selected_filter (AcLoginHistoryPage *self)
{
  return gtk_drop_down_get_selected (self->filter_dropdown) == 1 ? AC_LOGIN_RESULT_FAILED
                                                                 : AC_LOGIN_RESULT_ANY;
}

static void
update_pager (AcLoginHistoryPage *self)
{
  /* Translators: the pager of the sign-in history: page %u of %u */
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page, n_pages (self));

  gtk_label_set_text (self->page_label, text);
  gtk_widget_set_sensitive (self->previous_button, !self->loading && self->page > 1);
  gtk_widget_set_sensitive (self->next_button, !self->loading && self->page < n_pages (self));
}

/* Texts */

static const char *
method_title (const char *method)
{
  if (g_strcmp0 (method, "password") == 0)
    return _("Password");
  if (g_strcmp0 (method, "code") == 0)
    return _("Verification code");
  if (g_strcmp0 (method, "mfa") == 0)
    return _("Two-step verification");
  if (method == NULL || *method == '\0')
    return _("Unknown method");
  return method;
}

/* "Firefox on Ubuntu", from the parsed user agent; the raw one when nothing was parsed */
static char *
client_text (AcLoginRecord *record)
{
  const char *browser = ac_login_record_get_browser (record);
  const char *os = ac_login_record_get_os (record);
  const char *agent = ac_login_record_get_user_agent (record);
  gboolean has_browser = browser != NULL && *browser != '\0';
  gboolean has_os = os != NULL && *os != '\0';

  if (has_browser && has_os)
    /* Translators: a browser or program, then the system it ran on: "Firefox on Linux" */
    return g_strdup_printf (_("%s on %s"), browser, os);
  if (has_browser)
    return g_strdup (browser);
  if (has_os)
    return g_strdup (os);
  if (agent != NULL && *agent != '\0')
    return g_strdup (agent);
  return g_strdup (_("Unknown browser"));
}

static GtkWidget *
record_row_new (AcLoginRecord *record)
{
  gboolean success = ac_login_record_get_success (record);
  const char *app = ac_login_record_get_app_name (record);
  const char *ip = ac_login_record_get_client_ip (record);
  const char *reason = ac_login_record_get_error_message (record);
  g_autofree char *client = client_text (record);
  g_autofree char *when = ac_activity_relative_time (ac_login_record_get_login_at (record), NULL);
  g_autofree char *exact = ac_activity_exact_time (ac_login_record_get_login_at (record));
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *icon, *time;

  if (app == NULL || *app == '\0')
    app = ac_login_record_get_app_id (record);
  if (app == NULL || *app == '\0')
    app = _("Unknown application");

  /* Translators: the title of a sign-in attempt in the history: "Signed in to <application>" */
  title = g_strdup_printf (success ? _("Signed in to %s") : _("Failed sign-in to %s"), app);
  /* Translators: how the person signed in · the IP address · the browser and system */
  details = g_strdup_printf (_("%s · %s · %s"), method_title (ac_login_record_get_login_method (record)),
                             ip != NULL && *ip != '\0' ? ip : _("unknown IP"), client);
  if (!success)
    /* Translators: the details of a failed sign-in, then why it failed on a new line */
    subtitle = g_strdup_printf (_("%s\nReason: %s"), details,
                                reason != NULL && *reason != '\0' ? reason : _("not given"));
  else
    subtitle = g_strdup (details);

  row = adw_action_row_new ();
  gtk_widget_set_name (row, success ? "history-row" : "history-row-failed");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  icon = gtk_image_new_from_icon_name (success ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, success ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  success ? _("Succeeded") : _("Failed"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  time = gtk_label_new (when);
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "caption");
  if (exact != NULL)
    ac_widget_set_tooltip (time, exact);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time);

  return row;
}

/* Loading */

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AcLoginHistoryPage *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  records = ac_account_load_login_history_finish (AC_ACCOUNT (object), result, &total, &error);
  if (records == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (records == NULL)
    {
      if (g_error_matches (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN))
        ac_page_retry_when_ready (AC_PAGE (self), self->cancellable, (AcPageFunc) load);
      ac_activity_view_show_error (&self->view, error);
      update_pager (self);
      return;
    }

  self->total = total;
  /* Fewer entries than before (entries expired, or another filter): back to the last page. */
  if (records->len == 0 && self->page > 1 && self->page > n_pages (self))
    {
      self->page = n_pages (self);
      load (self);
      return;
    }

  ac_activity_list_clear (self->list);
  for (guint i = 0; i < records->len; i++)
    gtk_list_box_append (self->list, record_row_new (g_ptr_array_index (records, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->list), records->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), records->len == 0);
  gtk_label_set_text (self->empty_label,
                      selected_filter (self) == AC_LOGIN_RESULT_FAILED ? _("No failed sign-in attempt.")
                                                                      : _("No sign-in yet."));
  ac_activity_list_restore_focus (self->list);
  self->loaded = TRUE;
  update_pager (self);
  ac_activity_view_show_content (&self->view);
}

static void
load (AcLoginHistoryPage *self)
{
  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  update_pager (self);
  if (!self->loaded)
    ac_activity_view_show_loading (&self->view);
  ac_account_load_login_history_async (self->account, self->page, PAGE_SIZE, selected_filter (self),
                                       self->cancellable, history_loaded_cb, self);
}

static void
filter_changed_cb (AcLoginHistoryPage *self)
{
  self->page = 1;
  load (self);
}

static void
previous_cb (AcLoginHistoryPage *self)
{
  if (self->page > 1)
    {
      self->page--;
      load (self);
    }
}

static void
next_cb (AcLoginHistoryPage *self)
{
  if (self->page < n_pages (self))
    {
      self->page++;
      load (self);
    }
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (AC_LOGIN_HISTORY_PAGE (widget));
}

static void
map_cb (AcLoginHistoryPage *self)
{
  load (self);
}

static void
part_changed_cb (AcLoginHistoryPage *self,
                 AcAccountPart       part)
{
  if (part == AC_ACCOUNT_PART_USER && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      ac_account_get_part_state (self->account, part) == AC_LOAD_STATE_LOADING && !self->loading)
    load (self);
}

static void
ac_login_history_page_page_reload (AcPage *page)
{
  load (AC_LOGIN_HISTORY_PAGE (page));
}

static void
ac_login_history_page_page_init (AcPageInterface *iface)
{
  iface->reload = ac_login_history_page_page_reload;
}

static void
ac_login_history_page_dispose (GObject *object)
{
  AcLoginHistoryPage *self = AC_LOGIN_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ac_login_history_page_parent_class)->dispose (object);
}

static void
ac_login_history_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AcLoginHistoryPage *self = AC_LOGIN_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_login_history_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AcLoginHistoryPage *self = AC_LOGIN_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      if (self->account != NULL)
        g_signal_connect_object (self->account, "part-changed", G_CALLBACK (part_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_login_history_page_class_init (AcLoginHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ac_login_history_page_dispose;
  object_class->get_property = ac_login_history_page_get_property;
  object_class->set_property = ac_login_history_page_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, AC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ac_page_install_properties (object_class, PROP_CAN_SAVE, PROP_BUSY, PROP_SESSION);

  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_action);
}

static void
ac_login_history_page_init (AcLoginHistoryPage *self)
{
  const char *filters[] = { N_("All Attempts"), N_("Failed Attempts Only"), NULL };
  g_autoptr(GtkStringList) filter_model = gtk_string_list_new (NULL);
  GtkWidget *top, *group, *pager;

  for (guint i = 0; filters[i] != NULL; i++)
    gtk_string_list_append (filter_model, _(filters[i]));

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 8);
  gtk_widget_set_margin_bottom (top, 8);
  /* No "Show" label before the filter: its choices say what they show, and at 360 px the
   * filter and the pager share the row. */
  self->filter_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&filter_model)), NULL));
  gtk_widget_set_name (GTK_WIDGET (self->filter_dropdown), "history-filter");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show sign-in attempts"), -1);
  /* (also the name of its inner button: ac_accessible_name_dropdowns()) */
  ac_widget_set_tooltip (GTK_WIDGET (self->filter_dropdown), _("Show sign-in attempts"));
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->filter_dropdown));

  pager = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (pager, TRUE);
  gtk_widget_set_halign (pager, GTK_ALIGN_END);
  self->previous_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_name (self->previous_button, "history-previous");
  ac_widget_set_tooltip (self->previous_button, _("Newer Attempts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Newer attempts"), -1);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_cb), self);
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->page_label), "history-page-label");
  self->next_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_name (self->next_button, "history-next");
  ac_widget_set_tooltip (self->next_button, _("Older Attempts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Older attempts"), -1);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_cb), self);
  gtk_box_append (GTK_BOX (pager), self->previous_button);
  gtk_box_append (GTK_BOX (pager), GTK_WIDGET (self->page_label));
  gtk_box_append (GTK_BOX (pager), self->next_button);
  gtk_box_append (GTK_BOX (top), pager);

  ac_activity_view_build (&self->view, ADW_BIN (self), top, _("Loading the sign-in history"),
                          "history.reload");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Sign-in History"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Every attempt to sign in to your account, newest first. If you do not recognize one, change your password."));
  self->list = ac_activity_boxed_list_new (_("Sign-in attempts"));
  gtk_widget_set_name (GTK_WIDGET (self->list), "history-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));
  self->empty_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_label_set_xalign (self->empty_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->empty_label));
  gtk_box_append (self->view.content, group);

  self->page = 1;
  update_pager (self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
ac_login_history_page_new (AcAccount *account)
{
  return g_object_new (AC_TYPE_LOGIN_HISTORY_PAGE, "account", account, NULL);
}
