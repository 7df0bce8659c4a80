/* ac-emu-outbox.c: verification codes, their outbox, and the clock of the security rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-outbox"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ac-emu-crypto.h"
#include "ac-emu-outbox.h"
#include "ac-emu-store-security.h"
#include "ac-emu-totp.h"
#include "ac-emu-util.h"

/* Main thread only, like the server */
static gint64 clock_offset;

gint64
ac_emu_security_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + clock_offset;
}

gboolean
ac_emu_security_clock_enabled (void)
{
  return g_strcmp0 (g_getenv ("AC_EMULATOR_TEST_CLOCK"), "1") == 0;
}

gint64
ac_emu_security_clock_advance (gint64 seconds)
{
  if (seconds > 0 && seconds <= G_MAXINT32 && clock_offset <= G_MAXINT32)
    clock_offset += seconds;
  return clock_offset;
}

gboolean
ac_emu_codes_send (AcEmuStore  *store,
                   const char  *channel,
                   const char  *address,
                   const char  *country_code,
                   const char  *scene,
                   gboolean     deliver,
                   gboolean    *out_too_soon,
                   char       **out_code,
                   GError     **error)
{
  g_auto(AcEmuCodeRow) row = { 0, };
  g_autofree char *code = NULL;
  g_autofree char *sent_at = NULL;
  gint64 now = ac_emu_security_now ();

  *out_too_soon = FALSE;
  *out_code = NULL;
  if (!ac_emu_store_get_code (store, channel, address, &row, error))
    return FALSE;
  if (row.found && now >= row.sent_at && now - row.sent_at < AC_EMU_CODE_RESEND)
    {
      *out_too_soon = TRUE;
      return TRUE;
    }

  if (deliver)
    code = ac_emu_new_verify_code ();
  if (!ac_emu_store_put_code (store, channel, address, code, now, now + AC_EMU_CODE_TTL, error))
    return FALSE;
  if (code == NULL)
    return TRUE;

  sent_at = ac_emu_time_iso (now);
  if (!ac_emu_store_add_outbox (store, channel, address, country_code, code, scene, sent_at,
                                AC_EMU_OUTBOX_KEEP, error))
    return FALSE;
  *out_code = g_steal_pointer (&code);
  return TRUE;
}

void
ac_emu_outbox_announce (const char *channel,
                        const char *address,
                        const char *country_code,
                        const char *code,
                        const char *scene)
{
  /* The one place a code is printed: the outbox is the emulator's stand-in for a phone. */
  if (country_code != NULL)
    fprintf (stderr, "outbox: %s %s %s code %s\n", channel, country_code, address, code);
  else if (scene != NULL)
    fprintf (stderr, "outbox: %s %s code %s (%s)\n", channel, address, code, scene);
  else
    fprintf (stderr, "outbox: %s %s code %s\n", channel, address, code);
  fflush (stderr);
}

gboolean
ac_emu_codes_check (AcEmuStore  *store,
                    const char  *channel,
                    const char  *address,
                    const char  *code,
                    gboolean    *out_right,
                    GError     **error)
{
  g_auto(AcEmuCodeRow) row = { 0, };
  gint64 now = ac_emu_security_now ();

  *out_right = FALSE;
  if (!ac_emu_store_get_code (store, channel, address, &row, error))
    return FALSE;
  /* No live code: nothing to count against */
  if (!row.found || row.code == NULL || now >= row.expires_at)
    return TRUE;

  if (code != NULL && strlen (code) == strlen (row.code) &&
      ac_emu_equal_constant_time ((const guint8 *) code, (const guint8 *) row.code, strlen (code)))
    {
      *out_right = TRUE;
      return TRUE;
    }
  return ac_emu_store_fail_code (store, channel, address,
                                 row.failures + 1 >= AC_EMU_CODE_MAX_FAILURES, error);
}

gboolean
ac_emu_codes_consume (AcEmuStore  *store,
                      const char  *channel,
                      const char  *address,
                      GError     **error)
{
  return ac_emu_store_clear_code (store, channel, address, error);
}
