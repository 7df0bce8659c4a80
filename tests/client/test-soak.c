/* test-soak.c: the fault soak of the app's core (issue 14, item 4)
 *
 * AcAccount on AcClient, as the app uses them, against a real authing-emulator that fails one
 * request in five on purpose (`--fail-rate 0.2 --fail-kind mixed`: HTTP 500, a dropped
 * connection or a truncated answer). A few hundred profile and custom-field edits are saved the
 * way the app saves them: a failed save keeps the edit and the person presses Save again (here
 * one to three attempts, then the person gives up and the edit is reported not saved).
 *
 * Then, after every round, the emulator restarts without faults on the same data folder and a
 * fresh sign-in reads what the server holds: every edit reported saved is there (0 lost), no
 * edit reported failed is (0 phantom), and the account the app kept shows exactly what the
 * server holds. Every wait is bounded (no hang).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "client-util.h"

#define SOAK_USER "soak"
#define SOAK_PASSWORD "soak-pass-1"
#define N_CUSTOM 24
#define N_ROUNDS 8
/* Seconds one request may take before the test calls it a hang */
#define HANG_S 30

static const char * const faults[] = { "--fail-rate", "0.2", "--fail-kind", "mixed", NULL };
static const char * const no_faults[] = { NULL };

/* The text profile fields the soak edits (free text, no uniqueness rules) */
static const char * const profile_keys[] = {
  "nickname", "name", "givenName", "middleName", "familyName", "profile", "company",
  "address", "streetAddress", "locality", "city", "region", "province", "postalCode",
  "country", "device", "browser",
};

typedef struct
{
  gboolean    custom;     /* a custom field, else a profile field */
  const char *key;
  char       *server;     /* what the server holds, as last checked (NULL: empty) */
  char       *edit;       /* this round's edit, or NULL */
  gboolean    saved;      /* this round's edit was reported saved */
} SoakField;

typedef struct
{
  guint saves, attempts, failed_attempts;
  guint edits, saved, failed;
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

/* Signs in as the app does; under faults the person simply tries again. */
static AcClient *
sign_in_retrying (AcTestEmulator *emu,
                  guint          *n_attempts)
{
  for (guint attempt = 1; attempt <= 40; attempt++)
    {
      g_autoptr(AcClient) client = client_for (emu);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AcUserInfo) user = NULL;
      g_autoptr(GError) error = NULL;

      ac_client_sign_in_async (client, SOAK_USER, SOAK_PASSWORD, NULL, ac_test_result_cb, &result);
      user = ac_client_sign_in_finish (client, ac_test_await (&result, HANG_S), &error);
      if (user != NULL)
        {
          if (n_attempts)
            *n_attempts = attempt;
          return g_steal_pointer (&client);
        }
      /* A fault is a server or network error, never a wrong password */
      g_assert_false (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT));
      g_test_message ("sign-in attempt %u failed: %s", attempt, error->message);
    }
  g_error ("Could not sign in after 40 attempts");
  return NULL;
}

static gboolean
load_parts (AcAccount *account,
            guint      parts,
            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ac_account_load_async (account, parts, NULL, ac_test_result_cb, &result);
  return ac_account_load_finish (account, ac_test_await (&result, HANG_S), error);
}

static const char *
custom_value (AcAccount  *account,
              const char *key)
{
  GListModel *fields = ac_account_get_custom_fields (account);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(AcCustomField) field = g_list_model_get_item (fields, i);

      if (g_str_equal (ac_custom_field_get_key (field), key))
        return ac_custom_field_get_value (field);
    }
  g_error ("No custom field %s", key);
  return NULL;
}

static const char *
field_value (AcAccount *account,
             SoakField *field)
{
  const char *value;

  if (field->custom)
    value = custom_value (account, field->key);
  else
    value = ac_user_info_get_field (ac_account_get_user (account), field->key);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* One save of the fields [first, first + n) with this round's edits, as the page saves: one
 * request; on failure the page keeps the edits and the person presses Save again, up to
 * max_attempts times. Returns whether it was reported saved. */
static gboolean
save (AcAccount  *account,
      SoakField **fields,
      guint       n,
      guint       max_attempts,
      SoakStats  *stats)
{
  gboolean custom = fields[0]->custom;

  stats->saves++;
  for (guint attempt = 1; attempt <= max_attempts; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      stats->attempts++;
      if (custom)
        {
          g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
          GListModel *store = ac_account_get_custom_fields (account);

          for (guint i = 0; i < n; i++)
            for (guint j = 0; j < g_list_model_get_n_items (store); j++)
              {
                g_autoptr(AcCustomField) field = g_list_model_get_item (store, j);

                if (g_str_equal (ac_custom_field_get_key (field), fields[i]->key))
                  g_ptr_array_add (changes, ac_custom_field_new_changed (field, fields[i]->edit));
              }
          g_assert_cmpuint (changes->len, ==, n);
          ac_account_save_custom_fields_async (account, changes, NULL, ac_test_result_cb, &result);
          ok = ac_account_save_custom_fields_finish (account, ac_test_await (&result, HANG_S), &error);
        }
      else
        {
          g_autoptr(AcProfileChanges) changes = ac_profile_changes_new ();

          for (guint i = 0; i < n; i++)
            ac_profile_changes_set (changes, fields[i]->key, fields[i]->edit);
          ac_account_update_profile_async (account, changes, NULL, ac_test_result_cb, &result);
          ok = ac_account_update_profile_finish (account, ac_test_await (&result, HANG_S), &error);
        }

      if (ok)
        return TRUE;

      /* What an injected fault can give: the server's 500, a dropped connection, a truncated
       * answer. Never "invalid input" (the values are valid) nor a crash. */
      stats->failed_attempts++;
      g_assert_false (g_error_matches (error, AC_ERROR, AC_ERROR_INVALID_INPUT));
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    }
  return FALSE;
}

/* Restarts the emulator with @args on the same data folder */
static void
restart (AcTestEmulator     *emu,
         const char * const *args)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ac_test_emulator_restart (emu, args, &error));
  g_assert_no_error (error);
}

/* A fresh sign-in on a fault-free emulator: every field holds what the soak expects */
static void
check_server (AcTestEmulator *emu,
              SoakField      *fields,
              guint           n_fields,
              AcAccount      *app_account,
              SoakStats      *stats)
{
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint lost = 0, phantom = 0, stale = 0;

  restart (emu, no_faults);
  client = sign_in_retrying (emu, NULL);
  account = ac_account_new (client);
  g_assert_true (load_parts (account, AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_USER) |
                                      AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_CUSTOM_FIELDS), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_fields; i++)
    {
      SoakField *field = &fields[i];
      const char *held = field_value (account, field);
      const char *expected = field->edit != NULL && field->saved ? field->edit : field->server;

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

      /* The app shows what the server holds: after a failed save it still has the old value. */
      if (g_strcmp0 (field_value (app_account, field), held) != 0)
        {
          stale++;
          g_test_message ("STALE: the app shows %s = “%s”, the server holds “%s”", field->key,
                          field_value (app_account, field), held);
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
test_soak_core (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ac-soak-XXXXXX", NULL);
  g_autofree char *pool = write_pool (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(AcTestEmulator) emu = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcAccount) account = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  guint n_fields = G_N_ELEMENTS (profile_keys) + N_CUSTOM;
  g_autofree SoakField *fields = g_new0 (SoakField, n_fields);
  SoakStats stats = { 0, };
  gint64 start = g_get_monotonic_time ();
  guint sign_in_attempts = 0, load_attempts = 0;

  for (guint i = 0; i < G_N_ELEMENTS (profile_keys); i++)
    fields[i].key = profile_keys[i];
  for (guint i = 0; i < N_CUSTOM; i++)
    {
      fields[G_N_ELEMENTS (profile_keys) + i].custom = TRUE;
      char key[16];

      g_snprintf (key, sizeof key, "soak%02u", i);
      fields[G_N_ELEMENTS (profile_keys) + i].key = g_intern_string (key);
      fields[G_N_ELEMENTS (profile_keys) + i].server = g_strdup_printf ("seed-%u", i);
    }
  fields[0].server = g_strdup ("Soak");

  emu = ac_test_emulator_start (pool, faults, &error);
  g_assert_no_error (error);

  /* Sign in and load as the app does, trying again after a failure */
  client = sign_in_retrying (emu, &sign_in_attempts);
  account = ac_account_new (client);
  for (load_attempts = 1; ; load_attempts++)
    {
      g_autoptr(GError) load_error = NULL;

      if (load_parts (account, AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_USER) |
                               AC_ACCOUNT_PART_BIT (AC_ACCOUNT_PART_CUSTOM_FIELDS), &load_error))
        break;
      g_assert_cmpuint (load_attempts, <, 40);
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint i = 0;

      /* Each field gets one edit a round, so that the check sees every edit. */
      for (guint f = 0; f < n_fields; f++)
        fields[f].edit = g_strdup_printf ("r%u-%s-%08x", round, fields[f].key, g_rand_int (rand));

      /* Saves of one to three fields of the same page, in the field order */
      while (i < n_fields)
        {
          SoakField *batch[3] = { NULL, };
          guint n = 0, want = g_rand_int_range (rand, 1, 4);
          guint max_attempts = g_rand_int_range (rand, 1, 4);
          gboolean saved;

          while (n < want && i < n_fields && (n == 0 || fields[i].custom == batch[0]->custom))
            batch[n++] = &fields[i++];

          saved = save (account, batch, n, max_attempts, &stats);
          for (guint b = 0; b < n; b++)
            batch[b]->saved = saved;
          stats.edits += n;
          if (saved)
            stats.saved += n;
          else
            stats.failed += n;
        }

      check_server (emu, fields, n_fields, account, &stats);
    }

  g_test_message ("soak: %u edits in %u saves (%u requests, %u failed on purpose): "
                  "%u reported saved, %u reported not saved; sign-in took %u attempts, "
                  "the first load %u; %.1f s",
                  stats.edits, stats.saves, stats.attempts, stats.failed_attempts,
                  stats.saved, stats.failed, sign_in_attempts, load_attempts,
                  (g_get_monotonic_time () - start) / 1e6);

  /* The soak must have met faults at all, and both outcomes */
  g_assert_cmpuint (stats.edits, >=, 300);
  g_assert_cmpuint (stats.failed_attempts, >, 0);
  g_assert_cmpuint (stats.failed, >, 0);
  g_assert_cmpuint (stats.saved, >, 0);

  g_assert_cmpint (ac_test_emulator_stop (emu), ==, 0);
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
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/soak/core/profile-and-custom-fields", test_soak_core);

  return g_test_run ();
}
