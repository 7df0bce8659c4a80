/* ac-profile-changes.c: a typed set of profile changes, keyed by the profile field table
 *
 * The keys are the `key` pointers of the static table of ac_profile_fields(), so a change can
 * only name a field `profile/update` accepts; naming another is a programming error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-profile-changes"

#include "config.h"

#include "ac-profile-changes.h"

struct _AcProfileChanges
{
  GObject     parent_instance;

  GHashTable *values;   /* table key (static) -> new value (owned, NULL clears) */
};

G_DEFINE_FINAL_TYPE (AcProfileChanges, ac_profile_changes, G_TYPE_OBJECT)

static void
ac_profile_changes_finalize (GObject *object)
{
  AcProfileChanges *self = AC_PROFILE_CHANGES (object);

  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (ac_profile_changes_parent_class)->finalize (object);
}

static void
ac_profile_changes_class_init (AcProfileChangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ac_profile_changes_finalize;
}

static void
ac_profile_changes_init (AcProfileChanges *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/**
 * ac_profile_changes_new:
 *
 * Returns: (transfer full): an empty set of changes
 */
AcProfileChanges *
ac_profile_changes_new (void)
{
  return g_object_new (AC_TYPE_PROFILE_CHANGES, NULL);
}

/**
 * ac_profile_changes_set:
 * @self: the changes
 * @key: a key of ac_profile_fields()
 * @value: (nullable): the new value; %NULL or "" clears the field
 *
 * Replaces an earlier change of the same field.
 */
void
ac_profile_changes_set (AcProfileChanges *self,
                        const char       *key,
                        const char       *value)
{
  const AcProfileField *field;

  g_return_if_fail (AC_IS_PROFILE_CHANGES (self));
  g_return_if_fail (key != NULL);

  field = ac_profile_field_lookup (key);
  g_return_if_fail (field != NULL);

  g_hash_table_replace (self->values, (gpointer) field->key,
                        value != NULL && *value != '\0' ? g_strdup (value) : NULL);
}

void
ac_profile_changes_remove (AcProfileChanges *self,
                           const char       *key)
{
  g_return_if_fail (AC_IS_PROFILE_CHANGES (self));
  g_return_if_fail (key != NULL);

  g_hash_table_remove (self->values, key);
}

gboolean
ac_profile_changes_lookup (AcProfileChanges  *self,
                           const char        *key,
                           const char       **value)
{
  gpointer found = NULL;

  g_return_val_if_fail (AC_IS_PROFILE_CHANGES (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!g_hash_table_lookup_extended (self->values, key, NULL, &found))
    return FALSE;
  if (value != NULL)
    *value = found;
  return TRUE;
}

guint
ac_profile_changes_get_size (AcProfileChanges *self)
{
  g_return_val_if_fail (AC_IS_PROFILE_CHANGES (self), 0);
  return g_hash_table_size (self->values);
}

/**
 * ac_profile_changes_get_keys:
 *
 * Returns: (transfer container): the changed keys in table order; free with g_free()
 */
const char **
ac_profile_changes_get_keys (AcProfileChanges *self)
{
  const AcProfileField *fields;
  guint n_fields = 0;
  GPtrArray *keys;

  g_return_val_if_fail (AC_IS_PROFILE_CHANGES (self), NULL);

  fields = ac_profile_fields (&n_fields);
  keys = g_ptr_array_new ();
  for (guint i = 0; i < n_fields; i++)
    if (g_hash_table_contains (self->values, fields[i].key))
      g_ptr_array_add (keys, (gpointer) fields[i].key);
  g_ptr_array_add (keys, NULL);

  return (const char **) g_ptr_array_free (keys, FALSE);
}

/**
 * ac_profile_changes_validate:
 * @self: the changes
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every new value is acceptable; otherwise %AC_ERROR_INVALID_INPUT naming
 *   the first field (in table order) that is not
 */
gboolean
ac_profile_changes_validate (AcProfileChanges  *self,
                             GError           **error)
{
  g_autofree const char **keys = NULL;

  g_return_val_if_fail (AC_IS_PROFILE_CHANGES (self), FALSE);

  keys = ac_profile_changes_get_keys (self);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const AcProfileField *field = ac_profile_field_lookup (keys[i]);
      const char *value = g_hash_table_lookup (self->values, keys[i]);

      /* The messages of ac_profile_field_validate() name the field. */
      if (value != NULL && !ac_profile_field_validate (field, value, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ac_profile_changes_to_json:
 *
 * Returns: (transfer full): the `profile/update` body: each changed key with its new value,
 *   or null to clear it
 */
JsonObject *
ac_profile_changes_to_json (AcProfileChanges *self)
{
  g_autofree const char **keys = NULL;
  JsonObject *object;

  g_return_val_if_fail (AC_IS_PROFILE_CHANGES (self), NULL);

  object = json_object_new ();
  keys = ac_profile_changes_get_keys (self);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (self->values, keys[i]);

      if (value == NULL)
        json_object_set_null_member (object, keys[i]);
      else
        json_object_set_string_member (object, keys[i], value);
    }

  return object;
}
