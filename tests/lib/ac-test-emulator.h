/* ac-test-emulator.h: start a real authing-emulator for a test, and other shared test helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AcTestEmulator AcTestEmulator;

AcTestEmulator *ac_test_emulator_start         (const char          *seed_path,
                                                const char * const  *extra_args,
                                                GError             **error);
const char     *ac_test_emulator_get_url       (AcTestEmulator      *self);
const char     *ac_test_emulator_get_host      (AcTestEmulator      *self);
guint16         ac_test_emulator_get_port      (AcTestEmulator      *self);
const char     *ac_test_emulator_get_data_dir  (AcTestEmulator      *self);
const char     *ac_test_emulator_get_app_id    (AcTestEmulator      *self);
gboolean        ac_test_emulator_is_running    (AcTestEmulator      *self);
int             ac_test_emulator_stop          (AcTestEmulator      *self);
void            ac_test_emulator_kill          (AcTestEmulator      *self);
gboolean        ac_test_emulator_restart       (AcTestEmulator      *self,
                                                const char * const  *extra_args,
                                                GError             **error);
void            ac_test_emulator_free          (AcTestEmulator      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AcTestEmulator, ac_test_emulator_free)

/* The path of a file in the source tree ($AC_SOURCE_ROOT), e.g. "tests/fixtures/pools/basic.json" */
char           *ac_test_source_path            (const char          *relative);
/* An http:// URL of a local port on which nothing listens */
char           *ac_test_closed_port_url        (void);

/* Async helpers: pass ac_test_result_cb with &result as user data, then ac_test_await (&result).
 * ac_test_await fails the test after @timeout_s seconds. */
void            ac_test_result_cb              (GObject             *object,
                                                GAsyncResult        *result,
                                                gpointer             user_data);
GAsyncResult   *ac_test_await                  (GAsyncResult       **result,
                                                guint                timeout_s);
/* Runs the default main context for @ms milliseconds */
void            ac_test_run_for                (guint                ms);

G_END_DECLS
