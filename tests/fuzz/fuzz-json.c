/* fuzz-json.c: one input through ac_json_parse(), every model constructor and AcOrgForest
 *
 * The input is a response body as the client gets it. Whatever it is, ac_json_parse() gives
 * a tree or an AC_ERROR, never both, and a tree exactly when the strict check
 * (ac_json_validate()) lets the text through; every object in the tree (at any depth, so a whole
 * envelope reaches the models through its `data`) is given to every constructor, every array
 * to AcOrgForest, and what they build is read back: getters, the forest walked from its roots,
 * a user written out and read in again. Streamed (ac_json_parse_streaming()), the root
 * object's `data` comes out element by element equal to the tree parsed whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ac-core.h"
#include "ac-json.h"
#include "fuzz-common.h"

typedef gpointer (*NewFromJson) (JsonObject *object, GError **error);

static void
check_result (gpointer  result,
              GError   *error)
{
  FUZZ_CHECK ((result != NULL) != (error != NULL));
  if (error != NULL)
    {
      FUZZ_CHECK (error->domain == AC_ERROR);
      FUZZ_CHECK (error->message != NULL);
      if (!g_utf8_validate (error->message, -1, NULL))
        {
          fprintf (stderr, "an error message is not UTF-8: %s\n", error->message);
          abort ();
        }
    }
}

static void
check_custom_field (AcCustomField *field)
{
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL;
  g_autoptr(GDateTime) datetime = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) input = NULL;
  const char * const *values = ac_custom_field_get_option_values (field);
  const char * const *labels = ac_custom_field_get_option_labels (field);
  double number;
  gboolean boolean;

  FUZZ_CHECK (ac_custom_field_get_key (field) != NULL && *ac_custom_field_get_key (field) != '\0');
  FUZZ_CHECK (ac_custom_field_get_label (field) != NULL);
  FUZZ_CHECK (g_strv_length ((char **) values) == g_strv_length ((char **) labels));
  for (guint i = 0; values[i] != NULL; i++)
    FUZZ_CHECK (ac_custom_field_get_option_label (field, values[i]) != NULL);

  if (ac_custom_field_get_number (field, &number, &e1))
    FUZZ_CHECK (isfinite (number));
  else
    FUZZ_CHECK (e1 != NULL);
  if (!ac_custom_field_get_boolean (field, &boolean, &e2))
    FUZZ_CHECK (e2 != NULL);
  datetime = ac_custom_field_get_datetime (field, &e3);
  check_result (datetime, e3);
  object = ac_custom_field_get_object (field, &e4);
  check_result (object, e4);
  if (object != NULL)
    FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (object));

  /* what the editor would send back, starting from the current value */
  input = ac_custom_field_parse_input (field, ac_custom_field_get_value (field), &e5);
  check_result (input, e5);
}

/* A user written out and read in again is the same user. */
static void
check_user (AcUserInfo *user,
            JsonObject *object)
{
  g_autoptr(JsonObject) written = ac_user_info_to_json (user);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reparsed = NULL;
  g_autoptr(AcUserInfo) again = NULL;
  g_autoptr(AcUserInfo) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) merge_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  FUZZ_CHECK (ac_user_info_get_display_name (user) != NULL);
  FUZZ_CHECK (ac_user_info_get_id (user) != NULL);

  json_node_set_object (node, written);
  text = ac_json_to_string (node, &length);

  reparsed = ac_json_parse (text, (gssize) length, &error);
  if (reparsed == NULL)
    {
      fprintf (stderr, "a user written out is not read back: %s\n%s\n", error->message, text);
      abort ();
    }
  FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (reparsed));
  again = ac_user_info_new_from_json (json_node_get_object (reparsed), &error);
  if (again == NULL)
    {
      fprintf (stderr, "a user written out is not read back: %s\n%s\n", error->message, text);
      abort ();
    }
  FUZZ_CHECK (g_strcmp0 (ac_user_info_get_id (again), ac_user_info_get_id (user)) == 0);
  FUZZ_CHECK (g_strcmp0 (ac_user_info_get_display_name (again),
                         ac_user_info_get_display_name (user)) == 0);

  merged = ac_user_info_merge (user, object, &merge_error);
  check_result (merged, merge_error);
}

static void
try_object (JsonObject *object)
{
  static const NewFromJson constructors[] = {
    (NewFromJson) ac_user_info_new_from_json,
    (NewFromJson) ac_application_new_from_json,
    (NewFromJson) ac_organization_new_from_json,
    (NewFromJson) ac_role_new_from_json,
    (NewFromJson) ac_resource_new_from_json,
    (NewFromJson) ac_security_level_new_from_json,
    (NewFromJson) ac_custom_field_new_from_json,
  };

  for (guint i = 0; i < G_N_ELEMENTS (constructors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) result = constructors[i] (object, &error);

      check_result (result, error);
      if (result == NULL)
        continue;

      if (AC_IS_USER_INFO (result))
        check_user (AC_USER_INFO (result), object);
      else if (AC_IS_CUSTOM_FIELD (result))
        check_custom_field (AC_CUSTOM_FIELD (result));
      else if (AC_IS_SECURITY_LEVEL (result))
        {
          AcSecurityLevel *level = AC_SECURITY_LEVEL (result);

          g_array_unref (ac_security_level_get_checks (level));
          FUZZ_CHECK (ac_security_band_get_label (ac_security_level_get_band (level)) != NULL);
          (void) ac_security_level_get_password_strength_label (level);
        }
      else if (AC_IS_ORGANIZATION (result))
        FUZZ_CHECK (ac_organization_get_id (AC_ORGANIZATION (result)) != NULL);
    }
}

/* Every item of the forest once: a tree, named, reachable by id. Returns the items seen. */
static guint
walk (AcOrgForest *forest,
      GListModel  *items,
      guint        depth)
{
  guint n = g_list_model_get_n_items (items);
  guint seen = n;

  FUZZ_CHECK (depth <= 256);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AcOrganization) item = g_list_model_get_item (items, i);
      g_autoptr(GListModel) children = ac_org_forest_create_child_model (item, NULL);

      FUZZ_CHECK (item != NULL);
      FUZZ_CHECK (ac_organization_get_name (item) != NULL && *ac_organization_get_name (item) != '\0');
      FUZZ_CHECK (ac_org_forest_lookup (forest, ac_organization_get_id (item)) != NULL);
      (void) ac_organization_matches (item, "a");

      if (children != NULL)
        seen += walk (forest, children, depth + 1);
      else
        FUZZ_CHECK (ac_organization_get_n_children (item) == 0);
    }

  return seen;
}

static guint
count_elements (JsonArray *paths)
{
  guint total = 0;

  for (guint i = 0; i < json_array_get_length (paths); i++)
    {
      JsonNode *path = json_array_get_element (paths, i);

      if (JSON_NODE_HOLDS_ARRAY (path))
        total += json_array_get_length (json_node_get_array (path));
    }

  return total;
}

static void
try_forest (JsonArray *paths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AcOrgForest) forest = ac_org_forest_new_from_json (paths, &error);
  g_autoptr(GPtrArray) members = NULL;

  check_result (forest, error);
  if (forest == NULL)
    return;

  /* a tree: never more items than elements on the wire */
  FUZZ_CHECK (walk (forest, G_LIST_MODEL (forest), 0) <= count_elements (paths));

  members = ac_org_forest_get_member_nodes (forest);
  FUZZ_CHECK (members->len <= json_array_get_length (paths));
  for (guint i = 0; i < members->len; i++)
    {
      AcOrganization *member = g_ptr_array_index (members, i);

      FUZZ_CHECK (ac_organization_get_is_member (member));
      for (guint j = 0; j < i; j++)
        FUZZ_CHECK (g_ptr_array_index (members, j) != member);
    }
}

static void
try_node (JsonNode *node,
          guint     depth)
{
  FUZZ_CHECK (depth <= AC_JSON_MAX_DEPTH);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      JsonNode *member;

      try_object (object);
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        if (JSON_NODE_HOLDS_OBJECT (member) || JSON_NODE_HOLDS_ARRAY (member))
          try_node (member, depth + 1);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      try_forest (array);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
            try_node (element, depth + 1);
        }
    }
}

/* What ac_json_parse_streaming() hands over */
typedef struct
{
  GPtrArray *elements;
  gboolean   ended;
  guint      count;
} Collected;

static gboolean
collect (JsonNode *element,
         guint     index,
         gpointer  user_data)
{
  Collected *collected = user_data;

  FUZZ_CHECK (!collected->ended);
  if (element == NULL)
    {
      collected->ended = TRUE;
      collected->count = index;
      return TRUE;
    }
  FUZZ_CHECK (index == collected->elements->len);
  g_ptr_array_add (collected->elements, json_node_ref (element));
  return TRUE;
}

/* Streamed, the root object's `data` comes out element by element: the same elements in the
 * same order as in the tree parsed whole, and the same tree around them. */
static void
check_streaming (const uint8_t *data,
                 size_t         size,
                 JsonNode      *root)
{
  Collected collected = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref), FALSE, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) streamed = ac_json_parse_streaming ((const char *) data, (gssize) size, "data",
                                                          collect, &collected, &error);
  JsonNode *whole_data = NULL;

  check_result (streamed, error);
  FUZZ_CHECK ((root != NULL) == (streamed != NULL));
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "data"))
    whole_data = json_object_get_member (json_node_get_object (root), "data");

  if (root == NULL || whole_data == NULL || !JSON_NODE_HOLDS_ARRAY (whole_data))
    {
      FUZZ_CHECK (!collected.ended && collected.elements->len == 0);
      FUZZ_CHECK (root == NULL || json_node_equal (root, streamed));
    }
  else
    {
      JsonArray *array = json_node_get_array (whole_data);
      JsonObject *object = json_node_get_object (root);
      JsonObject *streamed_object = json_node_get_object (streamed);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      FUZZ_CHECK (collected.ended);
      FUZZ_CHECK (collected.count == json_array_get_length (array));
      FUZZ_CHECK (collected.elements->len == json_array_get_length (array));
      for (guint i = 0; i < collected.elements->len; i++)
        FUZZ_CHECK (json_node_equal (json_array_get_element (array, i), g_ptr_array_index (collected.elements, i)));

      FUZZ_CHECK (json_object_get_size (object) == json_object_get_size (streamed_object));
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          JsonNode *other = json_object_get_member (streamed_object, name);

          FUZZ_CHECK (other != NULL);
          if (g_str_equal (name, "data"))
            FUZZ_CHECK (JSON_NODE_HOLDS_ARRAY (other) && json_array_get_length (json_node_get_array (other)) == 0);
          else
            FUZZ_CHECK (json_node_equal (member, other));
        }
    }
  g_ptr_array_unref (collected.elements);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(JsonNode) bytes_root = NULL;

  if (size > G_MAXSSIZE)
    return 0;

  root = ac_json_parse ((const char *) data, (gssize) size, &error);
  check_result (root, error);

  /* json-glib reads everything the strict check lets through */
  {
    g_autoptr(GError) validate_error = NULL;
    gboolean valid = ac_json_validate ((const char *) data, size, &validate_error);

    if (valid && root == NULL)
      {
        fprintf (stderr, "valid JSON refused: %s\n", error->message);
        abort ();
      }
    FUZZ_CHECK (valid || root == NULL);
  }

  /* the GBytes entry point agrees */
  bytes = g_bytes_new_static (data, size);
  bytes_root = ac_json_parse_bytes (bytes, &bytes_error);
  FUZZ_CHECK ((root != NULL) == (bytes_root != NULL));

  check_streaming (data, size, root);

  if (root == NULL)
    return 0;

  FUZZ_CHECK (ac_json_check_depth (root, AC_JSON_MAX_DEPTH, NULL));
  try_node (root, 0);
  return 0;
}
