/* ac-main.c: the entry point of account-center
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "account-center"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ac-account-center.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AcAccountCenter) app = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  setlocale (LC_ALL, "");
  /* Run from the build tree (build-aux/dev demo): use the message catalogs built there. */
  bindtextdomain (GETTEXT_PACKAGE,
                  exe != NULL && g_str_has_prefix (exe, BUILD_ROOT "/") ? BUILD_ROOT "/po" : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Account Center"));

  app = ac_account_center_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
