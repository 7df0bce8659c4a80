/* ac-device-info.c: this computer, as the service's list of devices shows it
 *
 * The device id is what AcClient sends as `x-authing-device-id` at sign-in and registers with
 * `create-device`, so that the person's list of devices shows this computer as one entry
 * whatever the browser or program. It is not a secret: a random UUID kept in a small key file,
 * `$XDG_CONFIG_HOME/account-center/device-id`:
 *
 *   [Device]
 *   Id=2b0e7c0a-…
 *   Machine=<32 hex digits>
 *
 * `Machine` is a hash of /etc/machine-id keyed with the application's name (machine-id(5) asks
 * for that: the machine id itself never leaves the computer). A home folder copied or roamed to
 * another computer carries the file along; the hash no longer matches there and a new id is
 * made, so two computers never share an entry. A file that cannot be read as such is replaced.
 *
 * The rest describes the computer: the name is the host name ("Shared terminal (host)" for a
 * kiosk), the system is PRETTY_NAME and VERSION_ID of os-release (the host's, inside Flatpak),
 * the maker and model come from DMI when the system exposes them. Each value is cut to
 * AC_DEVICE_INFO_MAX_LENGTH characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-device-info"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ac-device-info.h"

#define GROUP "Device"
#define MACHINE_KEY "io.github.accountcenter.AccountCenter device"
/* The files read here are a few bytes; anything larger is not what we look for */
#define MAX_FILE_SIZE (64 * 1024)

struct _AcDeviceInfo
{
  GObject   parent_instance;

  char     *device_id;
  char     *name;
  char     *host_name;
  char     *os;
  char     *version;
  char     *producer;
  char     *model;
  gboolean  shared_terminal;
  gboolean  is_new;
};

G_DEFINE_FINAL_TYPE (AcDeviceInfo, ac_device_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_NAME,
  PROP_HOST_NAME,
  PROP_TYPE_NAME,
  PROP_OS,
  PROP_VERSION,
  PROP_PRODUCER,
  PROP_MODEL,
  PROP_SHARED_TERMINAL,
  PROP_IS_NEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ac_device_info_finalize (GObject *object)
{
  AcDeviceInfo *self = (AcDeviceInfo *) object;

  g_free (self->device_id);
  g_free (self->name);
  g_free (self->host_name);
  g_free (self->os);
  g_free (self->version);
  g_free (self->producer);
  g_free (self->model);

  G_OBJECT_CLASS (ac_device_info_parent_class)->finalize (object);
}

static void
ac_device_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AcDeviceInfo *self = AC_DEVICE_INFO (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_HOST_NAME:
      g_value_set_string (value, self->host_name);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, ac_device_info_get_type_name (self));
      break;
    case PROP_OS:
      g_value_set_string (value, self->os);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_PRODUCER:
      g_value_set_string (value, self->producer);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_SHARED_TERMINAL:
      g_value_set_boolean (value, self->shared_terminal);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, self->is_new);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ac_device_info_class_init (AcDeviceInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ac_device_info_finalize;
  object_class->get_property = ac_device_info_get_property;

  properties[PROP_DEVICE_ID] = g_param_spec_string ("device-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_HOST_NAME] = g_param_spec_string ("host-name", NULL, NULL, NULL, flags);
  properties[PROP_TYPE_NAME] = g_param_spec_string ("type-name", NULL, NULL, NULL, flags);
  properties[PROP_OS] = g_param_spec_string ("os", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCER] = g_param_spec_string ("producer", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_SHARED_TERMINAL] = g_param_spec_boolean ("shared-terminal", NULL, NULL, FALSE, flags);
  properties[PROP_IS_NEW] = g_param_spec_boolean ("is-new", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ac_device_info_init (AcDeviceInfo *self)
{
}

/* ------------------------------------------------------------------------------------------ */
/* Reading the system                                                                         */

/* Valid UTF-8 without control characters, trimmed and cut to the length limit; NULL when
 * nothing is left */
static char *
clean_text (const char *text)
{
  g_autofree char *copy = NULL;
  GString *out;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  copy = g_strstrip (g_strdup (text));
  out = g_string_new (NULL);
  for (const char *p = copy; *p != '\0' && g_utf8_strlen (out->str, -1) < AC_DEVICE_INFO_MAX_LENGTH;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The contents of a small file under @root, or NULL */
static char *
read_small_file (const char *root,
                 const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (full, &contents, &length, NULL) || length > MAX_FILE_SIZE ||
      memchr (contents, '\0', length) != NULL)
    return NULL;
  return g_steal_pointer (&contents);
}

/* KEY=value of an os-release file (shell quoting, see os-release(5)) */
static char *
os_release_value (const char *contents,
                  const char *key)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gsize key_length = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (strncmp (line, key, key_length) == 0 && line[key_length] == '=')
        {
          g_autofree char *value = g_shell_unquote (line + key_length + 1, NULL);

          return clean_text (value);
        }
    }
  return NULL;
}

static void
read_os_release (AcDeviceInfo *self,
                 const char   *root)
{
  g_autofree char *flatpak_info = g_build_filename (root, ".flatpak-info", NULL);
  const char *candidates[] = { "run/host/os-release", "etc/os-release", "usr/lib/os-release" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *contents = NULL;

      /* Inside Flatpak /etc/os-release describes the runtime, not the computer */
      if (i == 0 && !g_file_test (flatpak_info, G_FILE_TEST_EXISTS))
        continue;
      contents = read_small_file (root, candidates[i]);
      if (contents == NULL)
        continue;
      self->os = os_release_value (contents, "PRETTY_NAME");
      if (self->os == NULL)
        self->os = os_release_value (contents, "NAME");
      self->version = os_release_value (contents, "VERSION_ID");
      return;
    }
}

/* A DMI attribute, unless it is one of the fillers firmware leaves there */
static char *
read_dmi (const char *root,
          const char *attribute)
{
  static const char * const fillers[] = {
    "To Be Filled By O.E.M.", "To be filled by O.E.M.", "System manufacturer", "System Product Name",
    "Default string", "Not Applicable", "Not Specified", "None", "OEM", "O.E.M.", NULL
  };
  g_autofree char *path = g_build_filename ("sys/class/dmi/id", attribute, NULL);
  g_autofree char *contents = read_small_file (root, path);
  g_autofree char *text = clean_text (contents);

  if (text == NULL || g_strv_contains (fillers, text))
    return NULL;
  return g_steal_pointer (&text);
}

/* The keyed hash of this computer's machine id, or NULL when it has none */
static char *
machine_hash (const char *root)
{
  const char *candidates[] = { "etc/machine-id", "var/lib/dbus/machine-id" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *contents = read_small_file (root, candidates[i]);
      g_autofree char *digest = NULL;

      if (contents == NULL || *g_strstrip (contents) == '\0')
        continue;
      digest = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) MACHINE_KEY,
                                          strlen (MACHINE_KEY), contents, -1);
      return g_strndup (digest, 32);
    }
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The id file                                                                                */

/* The id kept in @path for the machine @machine, or NULL (missing, unreadable, another
 * computer's) */
static char *
read_device_id (const char *path,
                const char *machine)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *id = NULL;
  g_autofree char *kept_machine = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("%s is not a device id file (%s): a new id is made", path, error->message);
      return NULL;
    }

  id = g_key_file_get_string (file, GROUP, "Id", NULL);
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_debug ("%s holds no valid id: a new id is made", path);
      return NULL;
    }

  kept_machine = g_key_file_get_string (file, GROUP, "Machine", NULL);
  if (machine != NULL && g_strcmp0 (kept_machine, machine) != 0)
    {
      g_debug ("%s was made on another computer: a new id is made", path);
      return NULL;
    }

  return g_steal_pointer (&id);
}

static gboolean
write_device_id (const char  *dir,
                 const char  *path,
                 const char  *id,
                 const char  *machine,
                 GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: the first %s is a folder, the second the reason */
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  g_key_file_set_comment (file, NULL, NULL,
                          " Account Center: this computer's id in the list of your devices (not a secret)",
                          NULL);
  g_key_file_set_string (file, GROUP, "Id", id);
  if (machine != NULL)
    g_key_file_set_string (file, GROUP, "Machine", machine);
  contents = g_key_file_to_data (file, &length, NULL);

  if (!g_file_set_contents_full (path, contents, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    {
      g_prefix_error (error, _("Could not keep this device’s id: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * ac_device_info_load:
 * @config_dir: the folder of the id file (created when missing)
 * @system_root: where the system's files are ("/"; a test passes a folder of its own)
 * @shared_terminal: whether this computer is a shared terminal (kiosk): its name says so
 * @error: return location for a #GError
 *
 * Reads this computer's device id from @config_dir, or makes one and keeps it there.
 *
 * Returns: (transfer full): the device, or %NULL with a %G_IO_ERROR or %G_FILE_ERROR when the
 *   id cannot be kept (then send no device id: the service names the device from the user
 *   agent)
 */
AcDeviceInfo *
ac_device_info_load (const char  *config_dir,
                     const char  *system_root,
                     gboolean     shared_terminal,
                     GError     **error)
{
  g_autoptr(AcDeviceInfo) self = g_object_new (AC_TYPE_DEVICE_INFO, NULL);
  g_autofree char *path = NULL;
  g_autofree char *machine = NULL;

  g_return_val_if_fail (config_dir != NULL, NULL);
  g_return_val_if_fail (system_root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_build_filename (config_dir, AC_DEVICE_INFO_FILE_NAME, NULL);
  machine = machine_hash (system_root);
  self->device_id = read_device_id (path, machine);
  if (self->device_id == NULL)
    {
      self->device_id = g_uuid_string_random ();
      self->is_new = TRUE;
      if (!write_device_id (config_dir, path, self->device_id, machine, error))
        return NULL;
    }

  self->shared_terminal = shared_terminal;
  self->host_name = clean_text (g_get_host_name ());
  if (self->host_name == NULL)
    self->host_name = g_strdup ("localhost");
  if (shared_terminal)
    {
      /* Translators: the name of this computer in the list of devices when it is a kiosk;
       * %s is its host name */
      g_autofree char *name = g_strdup_printf (_("Shared terminal (%s)"), self->host_name);

      self->name = clean_text (name);
    }
  else
    self->name = g_strdup (self->host_name);

  read_os_release (self, system_root);
  self->producer = read_dmi (system_root, "sys_vendor");
  self->model = read_dmi (system_root, "product_name");

  return g_steal_pointer (&self);
}

/**
 * ac_device_info_load_for_this_device:
 * @shared_terminal: whether this computer is a shared terminal (kiosk)
 * @error: return location for a #GError
 *
 * ac_device_info_load() with the user's config folder
 * (`$XDG_CONFIG_HOME/account-center`) and the real system.
 *
 * Returns: (transfer full): the device, or %NULL with an error
 */
AcDeviceInfo *
ac_device_info_load_for_this_device (gboolean   shared_terminal,
                                     GError   **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), PACKAGE_NAME, NULL);

  return ac_device_info_load (dir, "/", shared_terminal, error);
}

/**
 * ac_device_info_to_json:
 * @self: the device
 *
 * Returns: (transfer full): the body of `create-device`: `{deviceUniqueId, type: "Desktop",
 *   name, version, os, producer, mod}` (members without a value left out)
 */
JsonNode *
ac_device_info_to_json (AcDeviceInfo *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (AC_IS_DEVICE_INFO (self), NULL);

  const struct { const char *member; const char *value; } members[] = {
    { "deviceUniqueId", self->device_id },
    { "type", ac_device_info_get_type_name (self) },
    { "name", self->name },
    { "version", self->version },
    { "os", self->os },
    { "producer", self->producer },
    { "mod", self->model },
  };

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (members[i].value == NULL)
        continue;
      json_builder_set_member_name (builder, members[i].member);
      json_builder_add_string_value (builder, members[i].value);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

#define GETTER(type, field, fallback)                              \
  type                                                             \
  ac_device_info_get_##field (AcDeviceInfo *self)                  \
  {                                                                \
    g_return_val_if_fail (AC_IS_DEVICE_INFO (self), fallback);     \
    return self->field;                                            \
  }

GETTER (const char *, device_id, NULL)
GETTER (const char *, name, NULL)
GETTER (const char *, host_name, NULL)
GETTER (const char *, os, NULL)
GETTER (const char *, version, NULL)
GETTER (const char *, producer, NULL)
GETTER (const char *, model, NULL)
GETTER (gboolean, shared_terminal, FALSE)
GETTER (gboolean, is_new, FALSE)

/**
 * ac_device_info_get_type_name:
 *
 * Returns: `Desktop`: Account Center is a desktop application
 */
const char *
ac_device_info_get_type_name (AcDeviceInfo *self)
{
  g_return_val_if_fail (AC_IS_DEVICE_INFO (self), NULL);
  return "Desktop";
}
