/* test-device-info.c: AcDeviceInfo, this computer's stable device id and description, against
 * a made-up system root (os-release, machine-id, DMI) in a temporary folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "core-test-util.h"

#include "ac-device-info.h"

typedef struct
{
  char *dir;        /* removed at the end */
  char *config;     /* dir/config/account-center */
  char *root;       /* dir/root */
} Fixture;

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ac-device-info-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = g_build_filename (f->dir, "config", "account-center", NULL);
  f->root = g_build_filename (f->dir, "root", NULL);
  write_file (f->root, "etc/os-release",
              "# a comment\n"
              "NAME=\"Debian GNU/Linux\"\n"
              "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
              "VERSION_ID='12'\n"
              "ID=debian\n");
  write_file (f->root, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  write_file (f->root, "sys/class/dmi/id/sys_vendor", "LENOVO\n");
  write_file (f->root, "sys/class/dmi/id/product_name", "21AH00BXGE\n");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->config);
  g_free (f->root);
}

static AcDeviceInfo *
load (Fixture  *f,
      gboolean  shared)
{
  g_autoptr(GError) error = NULL;
  AcDeviceInfo *info = ac_device_info_load (f->config, f->root, shared, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static char *
id_file_contents (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->config, AC_DEVICE_INFO_FILE_NAME, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_first_run_and_stable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AcDeviceInfo) first = load (f, FALSE);
  g_autoptr(AcDeviceInfo) second = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (f->config, AC_DEVICE_INFO_FILE_NAME, NULL);
  GStatBuf st;

  g_assert_true (g_uuid_string_is_valid (ac_device_info_get_device_id (first)));
  g_assert_true (ac_device_info_get_is_new (first));
  g_assert_cmpstr (ac_device_info_get_type_name (first), ==, "Desktop");
  g_assert_cmpstr (ac_device_info_get_os (first), ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpstr (ac_device_info_get_version (first), ==, "12");
  g_assert_cmpstr (ac_device_info_get_producer (first), ==, "LENOVO");
  g_assert_cmpstr (ac_device_info_get_model (first), ==, "21AH00BXGE");
  g_assert_nonnull (ac_device_info_get_host_name (first));
  g_assert_cmpstr (ac_device_info_get_name (first), ==, ac_device_info_get_host_name (first));
  g_assert_false (ac_device_info_get_shared_terminal (first));

  /* the file holds the id and a hash of the machine id, never the machine id itself */
  contents = id_file_contents (f);
  g_assert_nonnull (strstr (contents, ac_device_info_get_device_id (first)));
  g_assert_null (strstr (contents, "0123456789abcdef0123456789abcdef"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  second = load (f, FALSE);
  g_assert_cmpstr (ac_device_info_get_device_id (second), ==, ac_device_info_get_device_id (first));
  g_assert_false (ac_device_info_get_is_new (second));
}

static void
test_new_machine_new_id (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AcDeviceInfo) here = load (f, FALSE);
  g_autoptr(AcDeviceInfo) there = NULL;
  g_autoptr(AcDeviceInfo) back = NULL;

  /* the same home folder on another computer */
  write_file (f->root, "etc/machine-id", "fedcba9876543210fedcba9876543210\n");
  there = load (f, FALSE);
  g_assert_cmpstr (ac_device_info_get_device_id (there), !=, ac_device_info_get_device_id (here));
  g_assert_true (ac_device_info_get_is_new (there));
  /* that computer keeps its own from now on */
  back = load (f, FALSE);
  g_assert_cmpstr (ac_device_info_get_device_id (back), ==, ac_device_info_get_device_id (there));
}

static void
test_broken_file_is_replaced (Fixture       *f,
                              gconstpointer  data)
{
  const char *bad[] = {
    "garbage \x01\x02 not a key file",
    "[Device]\nId=not-a-uuid\n",
    "[Device]\n",
    "[Other]\nId=2b0e7c0a-0000-4000-8000-000000000000\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(AcDeviceInfo) info = NULL;
      g_autoptr(AcDeviceInfo) again = NULL;

      write_file (f->config, AC_DEVICE_INFO_FILE_NAME, bad[i]);
      info = load (f, FALSE);
      g_assert_true (g_uuid_string_is_valid (ac_device_info_get_device_id (info)));
      g_assert_true (ac_device_info_get_is_new (info));
      again = load (f, FALSE);
      g_assert_cmpstr (ac_device_info_get_device_id (again), ==, ac_device_info_get_device_id (info));
    }
}

static void
test_without_machine_id (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AcDeviceInfo) first = NULL;
  g_autoptr(AcDeviceInfo) second = NULL;
  g_autofree char *machine = g_build_filename (f->root, "etc", "machine-id", NULL);

  g_unlink (machine);
  first = load (f, FALSE);
  second = load (f, FALSE);
  g_assert_cmpstr (ac_device_info_get_device_id (first), ==, ac_device_info_get_device_id (second));
}

static void
test_shared_terminal (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AcDeviceInfo) normal = load (f, FALSE);
  g_autoptr(AcDeviceInfo) kiosk = load (f, TRUE);
  g_autoptr(JsonNode) body = ac_device_info_to_json (kiosk);
  JsonObject *object = json_node_get_object (body);

  g_assert_true (ac_device_info_get_shared_terminal (kiosk));
  g_assert_cmpstr (ac_device_info_get_device_id (kiosk), ==, ac_device_info_get_device_id (normal));
  g_assert_cmpstr (ac_device_info_get_name (kiosk), !=, ac_device_info_get_name (normal));
  g_assert_nonnull (strstr (ac_device_info_get_name (kiosk), ac_device_info_get_host_name (kiosk)));

  g_assert_cmpstr (json_object_get_string_member (object, "deviceUniqueId"), ==,
                   ac_device_info_get_device_id (kiosk));
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "Desktop");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, ac_device_info_get_name (kiosk));
  g_assert_cmpstr (json_object_get_string_member (object, "os"), ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (object, "producer"), ==, "LENOVO");
  g_assert_cmpstr (json_object_get_string_member (object, "mod"), ==, "21AH00BXGE");
}

static void
test_odd_system_files (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *long_name = core_test_repeat ('n', 1000);
  g_autofree char *os_release = g_strdup_printf ("NAME=\"%s\"\nVERSION_ID=\"unterminated\n", long_name);
  g_autoptr(AcDeviceInfo) info = NULL;
  g_autoptr(AcDeviceInfo) bare = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *os = NULL;

  write_file (f->root, "etc/os-release", os_release);
  write_file (f->root, "sys/class/dmi/id/sys_vendor", "To Be Filled By O.E.M.\n");
  write_file (f->root, "sys/class/dmi/id/product_name", "\xff\xfe not UTF-8\n");
  info = load (f, FALSE);
  /* no PRETTY_NAME: NAME, cut to the limit; a value that does not unquote is left out */
  g_assert_cmpuint (g_utf8_strlen (ac_device_info_get_os (info), -1), ==, AC_DEVICE_INFO_MAX_LENGTH);
  g_assert_null (ac_device_info_get_version (info));
  g_assert_null (ac_device_info_get_producer (info));
  g_assert_null (ac_device_info_get_model (info));

  /* a system without any of these files */
  remove_tree (f->root);
  bare = load (f, FALSE);
  g_assert_null (ac_device_info_get_os (bare));
  g_assert_cmpstr (ac_device_info_get_device_id (bare), ==, ac_device_info_get_device_id (info));
  body = ac_device_info_to_json (bare);
  g_assert_false (json_object_has_member (json_node_get_object (body), "os"));
  g_assert_false (json_object_has_member (json_node_get_object (body), "mod"));
  g_object_get (bare, "os", &os, NULL);
  g_assert_null (os);
}

static void
test_flatpak_reads_the_host (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AcDeviceInfo) info = NULL;

  write_file (f->root, ".flatpak-info", "[Application]\nname=io.github.accountcenter.AccountCenter\n");
  write_file (f->root, "etc/os-release", "PRETTY_NAME=\"Freedesktop SDK 23.08 (Flatpak runtime)\"\n");
  write_file (f->root, "run/host/os-release", "PRETTY_NAME=\"Fedora Linux 40 (Workstation Edition)\"\n"
                                              "VERSION_ID=40\n");
  info = load (f, FALSE);
  g_assert_cmpstr (ac_device_info_get_os (info), ==, "Fedora Linux 40 (Workstation Edition)");
  g_assert_cmpstr (ac_device_info_get_version (info), ==, "40");
}

static void
test_cannot_keep_the_id (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *config = g_build_filename (blocker, "account-center", NULL);
  AcDeviceInfo *info;

  /* the config folder's parent is a file: nothing can be created there, even as root */
  write_file (f->dir, "a-file", "x");
  info = ac_device_info_load (config, f->root, FALSE, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, config));
}

static void
test_default_location (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcDeviceInfo) first = ac_device_info_load_for_this_device (FALSE, &error);
  g_autoptr(AcDeviceInfo) second = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), PACKAGE_NAME,
                                            AC_DEVICE_INFO_FILE_NAME, NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  second = ac_device_info_load_for_this_device (TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ac_device_info_get_device_id (first), ==, ac_device_info_get_device_id (second));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("ac-device-info-home-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  /* the default location is under a throwaway config folder */
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/device-info/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-run-and-stable", test_first_run_and_stable);
  ADD ("new-machine-new-id", test_new_machine_new_id);
  ADD ("broken-file-is-replaced", test_broken_file_is_replaced);
  ADD ("without-machine-id", test_without_machine_id);
  ADD ("shared-terminal", test_shared_terminal);
  ADD ("odd-system-files", test_odd_system_files);
  ADD ("flatpak-reads-the-host", test_flatpak_reads_the_host);
  ADD ("cannot-keep-the-id", test_cannot_keep_the_id);
#undef ADD
  g_test_add_func ("/core/device-info/default-location", test_default_location);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
