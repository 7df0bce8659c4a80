/* core-test-util.h: fixtures and small assertions shared by the model tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "ac-core.h"
#include "ac-json.h"

/* Reads tests/fixtures/core/NAME and parses it with ac_json_parse(), as the client would. */
static inline JsonNode *
core_test_load_fixture (const char *name)
{
  const char *root = g_getenv ("AC_SOURCE_ROOT") ? g_getenv ("AC_SOURCE_ROOT") : SOURCE_ROOT;
  g_autofree char *path = g_build_filename (root, "tests", "fixtures", "core", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  JsonNode *node;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  node = ac_json_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static inline JsonNode *
core_test_parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = ac_json_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The `data` member of an envelope {code: 200, message, data}. */
static inline JsonNode *
core_test_envelope_data (JsonNode *root)
{
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 200);
  g_assert_true (json_object_has_member (object, "data"));
  return json_object_get_member (object, "data");
}

/* Asserts an AC_ERROR_INVALID_RESPONSE whose message names MEMBER. */
#define core_test_assert_invalid(error, member)                                  \
  G_STMT_START {                                                                 \
    g_assert_error ((error), AC_ERROR, AC_ERROR_INVALID_RESPONSE);               \
    if ((member) != NULL && strstr ((error)->message, (member)) == NULL)         \
      g_error ("error “%s” does not name “%s”", (error)->message, (char *) (member)); \
  } G_STMT_END

/* A string of N copies of C. */
static inline char *
core_test_repeat (char  c,
                  gsize n)
{
  char *s = g_malloc (n + 1);

  memset (s, c, n);
  s[n] = '\0';
  return s;
}

/* A model's constructor from JSON: ac_*_new_from_json() */
typedef gpointer (*CoreTestNewFromJson) (JsonObject *object, GError **error);

/* Builds the model from JSON and asserts that it is refused naming MEMBER. */
static inline void
core_test_assert_refused (CoreTestNewFromJson  new_from_json,
                          const char          *json,
                          const char          *member)
{
  g_autoptr(JsonNode) root = core_test_parse (json);
  g_autoptr(GError) error = NULL;
  gpointer object = new_from_json (json_node_get_object (root), &error);

  if (object != NULL)
    g_error ("%s was accepted", json);
  core_test_assert_invalid (error, member);
}

/* Builds the model from JSON, which must be accepted. */
static inline gpointer
core_test_build (CoreTestNewFromJson  new_from_json,
                 const char          *json)
{
  g_autoptr(JsonNode) root = core_test_parse (json);
  g_autoptr(GError) error = NULL;
  gpointer object = new_from_json (json_node_get_object (root), &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

/* Drops the last reference to OBJECT and asserts that it is finalized. */
static inline void
core_test_assert_finalized (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  g_assert_null (weak);
}
