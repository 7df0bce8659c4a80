/* test-sign-in-requests.c: from pressing Sign In to a full account, each read goes to the
 * server exactly once, counted in the emulator's own request trace (--request-log)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"
#include "ac-custom-field.h"
#include "ac-custom-fields-page.h"
#include "ac-page.h"
#include "ac-profile-page.h"
#include "ac-security-level.h"
#include "ac-security-page.h"

/* What a sign-in reads: the key, the sign-in itself (its answer is the user: no users/me),
 * then one read per part of the account. The organizations are at users/<id>/orgs. Plus one
 * write, CREATE_DEVICE below: the session registers this computer once per sign-in (issue 12),
 * and a Refresh does not register it again. Devices, history, linked accounts, groups and the
 * applications signed in to are read only when their page is shown, never at sign-in. */
static const char *expected[] = {
  "GET /api/v2/.well-known 200",
  "POST /api/v2/login/account 200",
  "POST /api/v2/udvs/get 200",
  "GET /api/v2/users/me/security-level 200",
  "GET /api/v2/users/me/applications/allowed 200",
  "GET /api/v2/users/me/roles 200",
  "POST /api/v2/users/resource/authorized 200",
};

#define CREATE_DEVICE "POST /api/v3/create-device 200"

typedef struct
{
  AcWindow *window;
  char     *log_path;
} Run;

static gboolean
pages_idle (gpointer data)
{
  Run *run = data;
  const char *names[] = { "profile", "custom-fields", "security", "applications",
                          "organizations", "roles", "resources" };

  if (!shell_state_is_account (run->window) ||
      ac_session_get_state (ac_window_get_session (run->window)) != AC_SESSION_STATE_READY)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (ac_page_get_busy (AC_PAGE (ac_window_get_page (run->window, names[i]))))
      return FALSE;

  return TRUE;
}

/* The lines of the request log from @from (a byte offset) on. */
static GStrv
log_lines (const char *path,
           gsize       from)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, from);
  return g_strsplit_set (g_strstrip (contents + from), "\n", -1);
}

static gsize
log_size (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return 0;
  return length;
}

static guint
count (GStrv        lines,
       const char  *line)
{
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], line))
      n++;
  return n;
}

/* What the window shows when the session starts reading the account */
typedef struct
{
  AcWindow *window;
  gboolean  seen;
  gboolean  profile_mapped;
  char     *nickname;
} AtLoading;

static void
state_cb (AcSession *session,
          GParamSpec *pspec,
          AtLoading  *at)
{
  GtkWidget *profile;

  if (at->seen || ac_session_get_state (session) != AC_SESSION_STATE_LOADING)
    return;
  at->seen = TRUE;
  profile = ac_window_get_page (at->window, "profile");
  if (profile == NULL)
    return;
  at->nickname = ac_profile_page_get_value (AC_PROFILE_PAGE (profile), "nickname");
}

/* The profile page is on screen, or the account was read */
static gboolean
profile_shown_or_ready (gpointer data)
{
  AtLoading *at = data;
  GtkWidget *profile = ac_window_get_page (at->window, "profile");

  if (ac_session_get_state (ac_window_get_session (at->window)) == AC_SESSION_STATE_READY)
    return TRUE;
  at->profile_mapped = profile != NULL && gtk_widget_get_mapped (profile);
  return at->profile_mapped;
}

/* Widgets of type @type_name under @root */
static guint
count_of_type (GtkWidget  *root,
               const char *type_name)
{
  GType type = g_type_from_name (type_name);
  guint n = 0;

  g_assert_true (type != G_TYPE_INVALID);
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_of_type (child, type_name);
  return n;
}

typedef struct
{
  GtkWidget  *page;
  const char *row_type;
  guint       n;
} RowsWait;

static gboolean
rows_there (gpointer data)
{
  RowsWait *wait = data;

  return count_of_type (wait->page, wait->row_type) >= wait->n;
}

/* A page shown for the first time after the sign-in shows what was read: a page not on screen
 * makes its rows only then, from the stores filled at sign-in. */
static void
check_pages_shown_filled (AcWindow *window)
{
  AcAccount *account = ac_session_get_account (ac_window_get_session (window));
  const struct { const char *page; const char *row_type; GListModel *store; } lists[] = {
    { "applications", "AcApplicationRow", ac_account_get_applications (account) },
    { "roles", "AcRoleRow", ac_account_get_roles (account) },
    { "resources", "AcResourceRow", ac_account_get_resources (account) },
    { "organizations", "AcOrganizationRow", NULL },
  };
  GListModel *fields = ac_account_get_custom_fields (account);
  g_autoptr(GArray) checks = ac_security_level_get_checks (ac_account_get_security_level (account));
  GtkWidget *page;
  GPtrArray *check_rows;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      /* (the demo user has some of each; the organizations show at least their root) */
      RowsWait wait = { NULL, lists[i].row_type,
                        lists[i].store != NULL ? g_list_model_get_n_items (lists[i].store) : 1 };
      g_autofree char *what = g_strdup_printf ("the %s rows", lists[i].page);

      g_test_message ("showing %s: %u rows expected", lists[i].page, wait.n);
      g_assert_cmpuint (wait.n, >, 0);
      ac_window_show_page (window, lists[i].page);
      wait.page = ac_window_get_page (window, lists[i].page);
      g_assert_true (gtk_widget_get_mapped (wait.page));
      shell_wait_until (rows_there, &wait, 10, what);
    }

  ac_window_show_page (window, "custom-fields");
  page = ac_window_get_page (window, "custom-fields");
  g_assert_cmpuint (g_list_model_get_n_items (fields), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (fields, i);

      g_assert_nonnull (ac_custom_fields_page_get_editor (AC_CUSTOM_FIELDS_PAGE (page),
                                                          ac_custom_field_get_key (field)));
    }

  ac_window_show_page (window, "security");
  page = ac_window_get_page (window, "security");
  check_rows = ac_security_page_get_check_rows (AC_SECURITY_PAGE (page));
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, >, 0);
  g_assert_cmpuint (check_rows->len, ==, checks->len);
}

/* @typed_slowly: the person takes a while between filling in the form and Sign In (else
 * Sign In is pressed at once, before the window could prepare anything). Long enough, the window has connected ahead and made the pages ahead: then they
 * show the account as soon as the sign-in answers, and they read nothing themselves before. */
static void
check_each_read_once (gboolean typed_slowly)
{
  g_autofree char *dir = g_dir_make_tmp ("requests-XXXXXX", NULL);
  g_autofree char *log_path = g_build_filename (dir, "requests.log", NULL);
  /* (slowly: the reads take long enough to look at the window meanwhile) */
  const char *args[] = { "--request-log", log_path, typed_slowly ? "--latency" : NULL, "400", NULL };
  g_autoptr(AcTestEmulator) emu = shell_start_emulator (args);
  AcWindow *window = shell_window_new (NULL);
  AcSignInPage *page = ac_window_get_sign_in_page (window);
  g_auto(GStrv) lines = NULL;
  g_autofree char *orgs = NULL;
  Run run = { window, log_path };
  AtLoading at = { window, FALSE, FALSE, NULL };
  gsize mark;
  guint n_expected = G_N_ELEMENTS (expected) + 2;   /* + the organizations, + CREATE_DEVICE */

  /* The form, filled in as a person would; the trace starts when Sign In is pressed. */
  ac_sign_in_page_set_host (page, ac_test_emulator_get_url (emu));
  ac_sign_in_page_set_app_id (page, ac_test_emulator_get_app_id (emu));
  ac_sign_in_page_set_account (page, DEMO_USER);
  ac_sign_in_page_set_password (page, DEMO_PASSWORD);
  /* (at once: the main loop has not run, so the window has not connected or made anything
   * ahead, whatever the machine's speed; slowly: well past the 300 ms after which it does) */
  if (typed_slowly)
    ac_test_run_for (1500);
  mark = log_size (log_path);
  /* Connecting ahead and making the pages ahead asked the server nothing. */
  g_assert_cmpuint (mark, ==, 0);
  g_signal_connect (ac_window_get_session (window), "notify::state", G_CALLBACK (state_cb), &at);
  g_assert_true (ac_sign_in_page_submit (page));
  if (typed_slowly)
    {
      /* Made ahead, the account's view is on screen while it is read, with the person in it
       * (the sign-in's answer is the user) and each page showing its own progress. */
      shell_wait_until (profile_shown_or_ready, &at, 60, "the profile page or the account read");
      g_assert_true (at.profile_mapped);
      g_assert_cmpint (ac_session_get_state (ac_window_get_session (window)), ==, AC_SESSION_STATE_LOADING);
      g_assert_cmpstr (ac_window_get_state (window), ==, "loading");
      g_assert_true (ac_page_get_busy (AC_PAGE (ac_window_get_page (window, "roles"))));
    }

  /* Signed in, every page filled, nothing loading; then a moment for any straggler. */
  shell_wait_until (pages_idle, &run, 60, "the whole account");
  ac_test_run_for (1500);
  g_signal_handlers_disconnect_by_data (ac_window_get_session (window), &at);

  /* Made ahead, the pages showed the person as soon as the sign-in answered; else they were
   * still being made then. */
  g_assert_true (at.seen);
  if (typed_slowly)
    {
      g_assert_cmpstr (at.nickname, ==, ac_user_info_get_nickname (ac_account_get_user (ac_session_get_account (ac_window_get_session (window)))));
      g_assert_cmpstr (at.nickname, !=, "");
    }
  else
    g_assert_null (at.nickname);
  g_free (at.nickname);

  lines = log_lines (log_path, mark);
  for (guint i = 0; lines[i] != NULL; i++)
    g_test_message ("request: %s", lines[i]);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("expecting once: %s", expected[i]);
      g_assert_cmpuint (count (lines, expected[i]), ==, 1);
    }
  orgs = g_strdup_printf ("GET /api/v2/users/%s/orgs 200",
                          ac_user_info_get_id (ac_account_get_user (ac_session_get_account (ac_window_get_session (window)))));
  g_assert_cmpuint (count (lines, orgs), ==, 1);
  g_assert_cmpuint (count (lines, CREATE_DEVICE), ==, 1);

  /* The sign-in answer is the user: users/me is not asked again. */
  g_assert_cmpuint (count (lines, "GET /api/v2/users/me 200"), ==, 0);
  /* And nothing else at all (the demo user has no avatar, the applications no logos). */
  g_assert_cmpuint (g_strv_length (lines), ==, n_expected);

  /* A Refresh reads each part once again, the user too. */
  mark = log_size (log_path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  ac_test_run_for (100);
  shell_wait_until (pages_idle, &run, 60, "the refreshed account");
  ac_test_run_for (1500);
  g_clear_pointer (&lines, g_strfreev);
  lines = log_lines (log_path, mark);
  for (guint i = 0; lines[i] != NULL; i++)
    g_test_message ("refresh: %s", lines[i]);
  g_assert_cmpuint (count (lines, "GET /api/v2/users/me 200"), ==, 1);
  for (guint i = 2; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (count (lines, expected[i]), ==, 1);
  g_assert_cmpuint (count (lines, orgs), ==, 1);
  g_assert_cmpuint (count (lines, CREATE_DEVICE), ==, 0);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);

  check_pages_shown_filled (window);

  shell_destroy_window (window);
  g_unlink (log_path);
  g_rmdir (dir);
}

static void
test_each_read_once (void)
{
  check_each_read_once (FALSE);
}

static void
test_pages_made_ahead (void)
{
  check_each_read_once (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/ui/sign-in/each-read-once", test_each_read_once);
  g_test_add_func ("/ui/sign-in/each-read-once/pages-made-ahead", test_pages_made_ahead);

  return g_test_run ();
}
