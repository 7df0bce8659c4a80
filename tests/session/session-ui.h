/* session-ui.h: what the app tests of tests/session share (test-session-ui.c for the
 * desktop, test-session-ui-kiosk.c for kiosk mode and the administrator's settings,
 * session-ui-util.c for the fixture and the helpers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ac-account-center.h"
#include "ac-session-store.h"
#include "ac-test-emulator.h"
#include "ac-window.h"

#define DEMO_USER "demo"
#define DEMO_PASSWORD "demo1234"
#define TIMEOUT 60

typedef struct {
  AcTestEmulator  *emu;
  GSettings       *settings;
  AcAccountCenter *app;
  AcWindow        *window;
  const char      *logo;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

/* Where the tests' log goes (every message, debug too): tokens must never be in it. */
extern char *log_path;

void              wait_until            (Fixture    *fixture,
                                         Condition   condition,
                                         guint       timeout_s,
                                         const char *what);
void              run_for               (guint       ms);
gboolean          is_signed_in          (Fixture    *fixture);
gboolean          is_sign_in_page       (Fixture    *fixture);
gboolean          keeper_settled        (Fixture    *fixture);

/* The keyring, through our own store */
AcStoredSession  *stored_session        (void);
void              store_session         (AcStoredSession *session);
void              clear_sessions        (void);
/* A session signed in outside the app, as if stored by an earlier run. */
AcStoredSession  *sign_in_elsewhere     (Fixture    *fixture,
                                         AcClient  **client_out);
void              sign_out_elsewhere    (AcClient   *client);

/* The app, started and stopped the way a person does */
void              fixture_set_up        (Fixture       *fixture,
                                         gconstpointer  data);
void              fixture_tear_down     (Fixture       *fixture,
                                         gconstpointer  data);
void              start_app             (Fixture    *fixture,
                                         gboolean    kiosk);
void              stop_app              (Fixture    *fixture);
void              sign_in_as_person     (Fixture    *fixture);

/* Widget walks */
GPtrArray        *all_texts             (void);
guint             count_traces          (GPtrArray  *texts);
GtkWidget        *find_row              (GtkWidget  *root,
                                         const char *title);
GtkWidget        *find_actionable       (GtkWidget  *root,
                                         const char *action);
gboolean          menu_has_item         (GtkWidget  *window,
                                         const char *action);
gboolean          menu_shows            (AcWindow   *window,
                                         const char *action);

/* Logs */
GLogWriterOutput  tee_writer            (GLogLevelFlags   level,
                                         const GLogField *fields,
                                         gsize            n_fields,
                                         gpointer         user_data);
void              assert_token_nowhere  (Fixture    *fixture,
                                         const char *token);

/* test-session-ui-kiosk.c */
void test_kiosk_idle_sign_out        (Fixture *fixture, gconstpointer data);
void test_kiosk_input_keeps_session  (Fixture *fixture, gconstpointer data);
void test_kiosk_restrictions         (Fixture *fixture, gconstpointer data);
void test_policy_disallowed          (Fixture *fixture, gconstpointer data);
void test_policy_allowed             (Fixture *fixture, gconstpointer data);
void test_admin_profile              (Fixture *fixture, gconstpointer data);
