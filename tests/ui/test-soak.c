/* test-soak.c: the fault soak through the real Profile and Custom Fields pages (issue 14,
 * item 4)
 *
 * A real AcWindow under Xvfb signs in to a real authing-emulator; the emulator then restarts
 * on the same data folder and port with `--fail-rate 0.2 --fail-kind mixed`, and edits are
 * typed into the pages and saved as a person would: after "Could not save" the page keeps the
 * edits and the person presses Save again (one to three times), or gives up and discards them.
 *
 * After every round the emulator restarts without faults and a fresh sign-in reads what the
 * server holds: every edit the page reported saved is there (0 lost), no edit it reported not
 * saved is (0 phantom), and each page shows what the server holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "shell-test-util.h"
#include "ac-custom-fields-page.h"
#include "ac-profile-page.h"

#define SOAK_USER "soak"
#define SOAK_PASSWORD "soak-pass-1"
#define N_CUSTOM 8
#define N_ROUNDS 5
#define HANG_S 30

static const char * const faults[] = { "--fail-rate", "0.2", "--fail-kind", "mixed", NULL };
static const char * const no_faults[] = { NULL };

static const char * const profile_keys[] = {
  "nickname", "givenName", "familyName", "company", "city", "province", "country", "postalCode",
};

typedef struct
{
  gboolean    custom;
  const char *key;
  char       *server;  /* what the server holds, as last checked (NULL: empty) */
  char       *edit;    /* this round's edit, or NULL */
  gboolean    saved;
} SoakField;

typedef struct
{
  guint saves, attempts, failed_attempts, edits, saved, failed;
} SoakStats;

static char *
write_pool (const char *dir)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *path = g_build_filename (dir, "soak-pool.json", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append (json, "{\"userPool\":{\"name\":\"Soak\"},"
                         "\"application\":{\"id\":\"5f00000000000000000050a1\",\"identifier\":\"soak\",\"name\":\"Account Center\"},"
                         "\"customFields\":[");
  for (guint i = 0; i < N_CUSTOM; i++)
    g_string_append_printf (json, "%s{\"key\":\"soak%02u\",\"label\":\"Soak %u\",\"dataType\":\"STRING\"}",
                            i ? "," : "", i, i);
  g_string_append (json, "],\"users\":[{\"username\":\"" SOAK_USER "\",\"password\":\"" SOAK_PASSWORD "\","
                         "\"profile\":{\"nickname\":\"Soak\"},\"customData\":{");
  for (guint i = 0; i < N_CUSTOM; i++)
    g_string_append_printf (json, "%s\"soak%02u\":\"seed-%u\"", i ? "," : "", i, i);
  g_string_append (json, "}}]}");

  g_file_set_contents (path, json->str, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
restart (AcTestEmulator     *emu,
         const char * const *args)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ac_test_emulator_restart (emu, args, &error));
  g_assert_no_error (error);
}

static gboolean
profile_idle (gpointer data)
{
  return !ac_profile_page_get_busy (AC_PROFILE_PAGE (data));
}

static gboolean
fields_idle (gpointer data)
{
  return !ac_custom_fields_page_get_busy (AC_CUSTOM_FIELDS_PAGE (data));
}

static gboolean
signed_in_or_error (gpointer data)
{
  AcWindow *window = data;

  return shell_state_is_account (window) ||
         ac_sign_in_page_get_error (ac_window_get_sign_in_page (window)) != NULL;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* What a page shows for a field (NULL: empty) */
static char *
shown (AcWindow  *window,
       SoakField *field)
{
  g_autofree char *text = NULL;

  if (field->custom)
    text = ac_custom_fields_page_get_text (AC_CUSTOM_FIELDS_PAGE (ac_window_get_page (window, "custom-fields")),
                                           field->key);
  else
    text = ac_profile_page_get_value (AC_PROFILE_PAGE (ac_window_get_page (window, "profile")), field->key);
  return g_strdup (nonempty (text));
}

/* Types this round's edits of @batch into its page and saves as a person would. */
static gboolean
save_batch (AcWindow   *window,
            SoakField **batch,
            guint       n,
            guint       max_attempts,
            SoakStats  *stats)
{
  gboolean custom = batch[0]->custom;
  AcProfilePage *profile = AC_PROFILE_PAGE (ac_window_get_page (window, "profile"));
  AcCustomFieldsPage *fields = AC_CUSTOM_FIELDS_PAGE (ac_window_get_page (window, "custom-fields"));

  ac_window_show_page (window, custom ? "custom-fields" : "profile");
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = custom ? ac_custom_fields_page_get_editor (fields, batch[i]->key)
                              : ac_profile_page_get_row (profile, batch[i]->key);

      g_assert_true (ADW_IS_ENTRY_ROW (row));
      gtk_editable_set_text (GTK_EDITABLE (row), batch[i]->edit);
    }
  g_assert_true (custom ? ac_custom_fields_page_get_can_save (fields) : ac_profile_page_get_can_save (profile));

  stats->saves++;
  for (guint attempt = 1; attempt <= max_attempts; attempt++)
    {
      const char *error;

      stats->attempts++;
      /* Ctrl+S: the window's save action, for the page shown */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
      if (custom)
        {
          shell_wait_until (fields_idle, fields, HANG_S, "the custom fields to be saved");
          error = ac_custom_fields_page_get_error (fields);
        }
      else
        {
          shell_wait_until (profile_idle, profile, HANG_S, "the profile to be saved");
          error = ac_profile_page_get_error (profile);
        }

      if (error == NULL)
        {
          /* Saved: the page shows the edits as its new baseline, nothing left to save */
          g_assert_false (custom ? ac_custom_fields_page_get_can_save (fields)
                                 : ac_profile_page_get_can_save (profile));
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *text = shown (window, batch[i]);
              g_assert_cmpstr (text, ==, batch[i]->edit);
            }
          return TRUE;
        }

      /* Not saved: the page says so and keeps every edit for the next try */
      stats->failed_attempts++;
      g_assert_true (g_str_has_prefix (error, "Could not save"));
      g_assert_true (custom ? ac_custom_fields_page_get_can_save (fields) : ac_profile_page_get_can_save (profile));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = shown (window, batch[i]);
          g_assert_cmpstr (text, ==, batch[i]->edit);
        }
    }

  /* The person gives up: the page goes back to what the server holds */
  if (custom)
    ac_custom_fields_page_discard (fields);
  else
    ac_profile_page_discard (profile);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = shown (window, batch[i]);
      g_assert_cmpstr (text, ==, batch[i]->server);
    }
  return FALSE;
}

static const char *
custom_value (GPtrArray  *items,
              const char *key)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (ac_custom_field_get_key (g_ptr_array_index (items, i)), key))
      return nonempty (ac_custom_field_get_value (g_ptr_array_index (items, i)));
  g_error ("No custom field %s", key);
  return NULL;
}

static void
check_server (AcTestEmulator *emu,
              AcWindow       *window,
              SoakField      *fields,
              guint           n_fields)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint lost = 0, phantom = 0, stale = 0;

  restart (emu, no_faults);
  client = shell_fresh_client (emu, SOAK_USER, SOAK_PASSWORD);
  user = shell_fetch_user (client);
  ac_client_get_custom_fields_async (client, NULL, ac_test_result_cb, &result);
  items = ac_client_get_custom_fields_finish (client, ac_test_await (&result, HANG_S), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_fields; i++)
    {
      SoakField *field = &fields[i];
      const char *held = field->custom ? custom_value (items, field->key)
                                       : nonempty (ac_user_info_get_field (user, field->key));
      const char *expected = field->edit != NULL && field->saved ? field->edit : field->server;
      g_autofree char *on_page = shown (window, field);

      if (field->edit != NULL && field->saved && g_strcmp0 (held, field->edit) != 0)
        {
          lost++;
          g_test_message ("LOST: %s saved as “%s”, server holds “%s”", field->key, field->edit, held);
        }
      else if (field->edit != NULL && !field->saved && g_strcmp0 (held, field->edit) == 0)
        {
          phantom++;
          g_test_message ("PHANTOM: %s reported not saved, server holds “%s”", field->key, held);
        }
      else if (g_strcmp0 (held, expected) != 0)
        {
          lost++;
          g_test_message ("CHANGED: %s expected “%s”, server holds “%s”", field->key, expected, held);
        }
      if (g_strcmp0 (on_page, held) != 0)
        {
          stale++;
          g_test_message ("STALE: the page shows %s = “%s”, the server holds “%s”", field->key, on_page, held);
        }

      g_free (field->server);
      field->server = g_strdup (held);
      g_clear_pointer (&field->edit, g_free);
    }

  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (phantom, ==, 0);
  g_assert_cmpuint (stale, ==, 0);

  restart (emu, faults);
}

static void
test_soak_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ac-ui-soak-XXXXXX", NULL);
  g_autofree char *pool = write_pool (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcTestEmulator) emu = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1414);
  guint n_fields = G_N_ELEMENTS (profile_keys) + N_CUSTOM;
  g_autofree SoakField *fields = g_new0 (SoakField, n_fields);
  SoakStats stats = { 0, };
  gint64 start = g_get_monotonic_time ();
  AcWindow *window;

  for (guint i = 0; i < G_N_ELEMENTS (profile_keys); i++)
    fields[i].key = profile_keys[i];
  for (guint i = 0; i < N_CUSTOM; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "soak%02u", i);
      fields[G_N_ELEMENTS (profile_keys) + i].custom = TRUE;
      fields[G_N_ELEMENTS (profile_keys) + i].key = g_intern_string (key);
      fields[G_N_ELEMENTS (profile_keys) + i].server = g_strdup_printf ("seed-%u", i);
    }
  fields[0].server = g_strdup ("Soak");

  /* Signed in and every page loaded first, then the faults start (same folder, same port) */
  emu = ac_test_emulator_start (pool, NULL, &error);
  g_assert_no_error (error);
  window = shell_window_new (NULL);
  ac_window_sign_in (window, ac_test_emulator_get_url (emu), ac_test_emulator_get_app_id (emu),
                     SOAK_USER, SOAK_PASSWORD, FALSE);
  /* Sign-in and the first load of every page, before any fault: as the other UI tests allow,
   * generously (a shared machine under load) */
  shell_wait_until (signed_in_or_error, window, 2 * HANG_S, "the signed-in window");
  g_assert_cmpstr (ac_sign_in_page_get_error (ac_window_get_sign_in_page (window)), ==, NULL);
  g_assert_cmpstr (ac_window_get_state (window), ==, "account");
  restart (emu, faults);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint i = 0;

      for (guint f = 0; f < n_fields; f++)
        fields[f].edit = g_strdup_printf ("r%u-%s-%08x", round, fields[f].key, g_rand_int (rand));

      while (i < n_fields)
        {
          SoakField *batch[3];
          guint n = 0, want = g_rand_int_range (rand, 1, 4);
          guint max_attempts = g_rand_int_range (rand, 1, 4);
          gboolean saved;

          while (n < want && i < n_fields && (n == 0 || fields[i].custom == batch[0]->custom))
            batch[n++] = &fields[i++];

          saved = save_batch (window, batch, n, max_attempts, &stats);
          for (guint b = 0; b < n; b++)
            batch[b]->saved = saved;
          stats.edits += n;
          if (saved)
            stats.saved += n;
          else
            stats.failed += n;
        }

      check_server (emu, window, fields, n_fields);
    }

  g_test_message ("UI soak: %u edits in %u saves (%u attempts, %u failed on purpose): %u saved, "
                  "%u not saved; %.1f s", stats.edits, stats.saves, stats.attempts,
                  stats.failed_attempts, stats.saved, stats.failed,
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (stats.edits, >=, 80);
  g_assert_cmpuint (stats.failed_attempts, >, 0);
  g_assert_cmpuint (stats.failed, >, 0);
  g_assert_cmpuint (stats.saved, >, 0);

  shell_destroy_window (window);
  for (guint i = 0; i < n_fields; i++)
    g_free (fields[i].server);
  g_clear_pointer (&emu, ac_test_emulator_free);
  g_remove (pool);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  shell_test_init (&argc, &argv);

  g_test_add_func ("/soak/ui/profile-and-custom-fields", test_soak_pages);

  return g_test_run ();
}
