/* ac-about.c: the About window, filled from the AppStream metainfo compiled into the app
 *
 * Copyright 2026 The Account Center authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ac-about"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ac-a11y.h"
#include "ac-about.h"

/* The metainfo after i18n.merge_file holds every translatable element once untranslated and
 * once per language with xml:lang, e.g. <p>Hello</p><p xml:lang="zh_CN">你好</p>. For each
 * element we keep the variant whose language comes first in g_get_language_names(). */

typedef struct
{
  char  *text;
  guint  rank;   /* position of its language in g_get_language_names(); G_MAXUINT: none yet */
} Localized;

typedef enum
{
  NOTE_P,
  NOTE_LI,
  NOTE_UL_OPEN,
  NOTE_UL_CLOSE,
  NOTE_OL_OPEN,
  NOTE_OL_CLOSE,
} NoteKind;

typedef struct
{
  NoteKind  kind;
  Localized text;
} Note;

typedef struct
{
  const char * const *languages;

  /* where we are */
  GPtrArray *stack;              /* element names, borrowed from the parser */
  gboolean   in_first_release;
  gboolean   seen_release;
  GString   *text;               /* the text of the current leaf */
  guint      leaf_rank;          /* G_MAXUINT: not wanted (a language we don't show) */
  char      *url_type;

  /* what we found */
  gboolean   is_component;
  Localized  name;
  Localized  summary;
  Localized  developer;
  char      *license;
  char      *version;
  char      *homepage;
  char      *bugtracker;
  char      *help;
  GArray    *notes;              /* of Note, the newest release's description */
} Metainfo;

static void
localized_clear (Localized *l)
{
  g_clear_pointer (&l->text, g_free);
  l->rank = G_MAXUINT;
}

static void
note_clear (gpointer data)
{
  Note *note = data;

  localized_clear (&note->text);
}

static void
metainfo_init (Metainfo *mi)
{
  memset (mi, 0, sizeof *mi);
  mi->languages = g_get_language_names ();
  mi->stack = g_ptr_array_new ();
  mi->text = g_string_new (NULL);
  mi->name.rank = mi->summary.rank = mi->developer.rank = G_MAXUINT;
  mi->notes = g_array_new (FALSE, TRUE, sizeof (Note));
  g_array_set_clear_func (mi->notes, note_clear);
}

static void
metainfo_clear (Metainfo *mi)
{
  g_ptr_array_unref (mi->stack);
  g_string_free (mi->text, TRUE);
  g_free (mi->url_type);
  localized_clear (&mi->name);
  localized_clear (&mi->summary);
  localized_clear (&mi->developer);
  g_free (mi->license);
  g_free (mi->version);
  g_free (mi->homepage);
  g_free (mi->bugtracker);
  g_free (mi->help);
  g_array_unref (mi->notes);
}

/* G_MAXUINT when LANG is not one the person reads. No xml:lang is the untranslated text, which
 * ranks as "C" (always the last entry of g_get_language_names()). */
static guint
language_rank (Metainfo   *mi,
               const char *lang)
{
  if (lang == NULL || *lang == '\0')
    lang = "C";
  for (guint i = 0; mi->languages[i] != NULL; i++)
    {
      if (g_strcmp0 (mi->languages[i], lang) == 0)
        return i;
    }
  return G_MAXUINT;
}

static void
localized_offer (Localized  *l,
                 const char *text,
                 guint       rank)
{
  if (rank == G_MAXUINT || rank >= l->rank)
    return;
  g_free (l->text);
  l->text = g_strdup (text);
  l->rank = rank;
}

/* Whitespace in metainfo text is not significant: collapse it as AppStream does. */
static char *
collapse_whitespace (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
replace_str (char       **slot,
             const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static const char *
parent_element (Metainfo *mi,
                guint     up)
{
  if (mi->stack->len < up + 1)
    return NULL;
  return g_ptr_array_index (mi->stack, mi->stack->len - 1 - up);
}

static gboolean
in_path (Metainfo   *mi,
         const char *a,
         const char *b)
{
  /* the current element is B inside A inside <component> */
  return mi->stack->len == 3 &&
         g_strcmp0 (g_ptr_array_index (mi->stack, 0), "component") == 0 &&
         g_strcmp0 (g_ptr_array_index (mi->stack, 1), a) == 0 &&
         g_strcmp0 (g_ptr_array_index (mi->stack, 2), b) == 0;
}

static gboolean
in_release_description (Metainfo *mi)
{
  /* component > releases > release > description > (p | ul > li | ol > li) */
  for (guint i = 0; i + 3 < mi->stack->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (mi->stack, i), "releases") == 0 &&
          g_strcmp0 (g_ptr_array_index (mi->stack, i + 1), "release") == 0 &&
          g_strcmp0 (g_ptr_array_index (mi->stack, i + 2), "description") == 0)
        return mi->in_first_release;
    }
  return FALSE;
}

static void
add_note (Metainfo *mi,
          NoteKind  kind)
{
  Note note = { kind, { NULL, G_MAXUINT } };

  g_array_append_val (mi->notes, note);
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Metainfo *mi = user_data;
  const char *lang = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "xml:lang"))
        lang = values[i];
    }

  if (mi->stack->len == 0)
    {
      if (!g_str_equal (element, "component"))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "The root element is <%s>, not <component>", element);
          return;
        }
      mi->is_component = TRUE;
    }

  g_ptr_array_add (mi->stack, (gpointer) element);
  g_string_truncate (mi->text, 0);
  mi->leaf_rank = language_rank (mi, lang);

  if (in_path (mi, "releases", "release") && !mi->seen_release)
    {
      mi->seen_release = TRUE;
      mi->in_first_release = TRUE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "version"))
            mi->version = g_strdup (values[i]);
        }
    }
  else if (mi->stack->len == 2 && g_str_equal (element, "url"))
    {
      g_free (mi->url_type);
      mi->url_type = NULL;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "type"))
            mi->url_type = g_strdup (values[i]);
        }
    }
  else if (in_release_description (mi) && lang == NULL)
    {
      /* An untranslated block opens a new slot; its translations fill the same slot. */
      if (g_str_equal (element, "p"))
        add_note (mi, NOTE_P);
      else if (g_str_equal (element, "li"))
        add_note (mi, NOTE_LI);
      else if (g_str_equal (element, "ul"))
        add_note (mi, NOTE_UL_OPEN);
      else if (g_str_equal (element, "ol"))
        add_note (mi, NOTE_OL_OPEN);
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Metainfo *mi = user_data;
  g_autofree char *text = collapse_whitespace (mi->text->str);
  guint depth = mi->stack->len;

  if (depth == 2 && g_str_equal (element, "name"))
    localized_offer (&mi->name, text, mi->leaf_rank);
  else if (depth == 2 && g_str_equal (element, "summary"))
    localized_offer (&mi->summary, text, mi->leaf_rank);
  else if (depth == 2 && g_str_equal (element, "developer_name"))
    localized_offer (&mi->developer, text, mi->leaf_rank);
  else if (in_path (mi, "developer", "name"))
    localized_offer (&mi->developer, text, mi->leaf_rank);
  else if (depth == 2 && g_str_equal (element, "project_license"))
    replace_str (&mi->license, text);
  else if (depth == 2 && g_str_equal (element, "url"))
    {
      if (g_strcmp0 (mi->url_type, "homepage") == 0)
        replace_str (&mi->homepage, text);
      else if (g_strcmp0 (mi->url_type, "bugtracker") == 0)
        replace_str (&mi->bugtracker, text);
      else if (g_strcmp0 (mi->url_type, "help") == 0)
        replace_str (&mi->help, text);
    }
  else if (in_release_description (mi) && mi->notes->len > 0)
    {
      if (g_str_equal (element, "p") || g_str_equal (element, "li"))
        {
          NoteKind kind = g_str_equal (element, "p") ? NOTE_P : NOTE_LI;

          /* the latest slot of this kind */
          for (guint i = mi->notes->len; i > 0; i--)
            {
              Note *note = &g_array_index (mi->notes, Note, i - 1);

              if (note->kind == kind)
                {
                  localized_offer (&note->text, text, mi->leaf_rank);
                  break;
                }
            }
        }
      else if (g_str_equal (element, "ul"))
        add_note (mi, NOTE_UL_CLOSE);
      else if (g_str_equal (element, "ol"))
        add_note (mi, NOTE_OL_CLOSE);
    }

  if (depth == 3 && g_str_equal (element, "release") &&
      g_strcmp0 (parent_element (mi, 1), "releases") == 0)
    mi->in_first_release = FALSE;

  g_ptr_array_set_size (mi->stack, depth - 1);
  g_string_truncate (mi->text, 0);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Metainfo *mi = user_data;

  /* inline markup such as <em> inside <p> adds its text to the paragraph */
  g_string_append_len (mi->text, text, text_len);
}

static const GMarkupParser metainfo_parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

/* The release notes in the subset of markup AdwAboutWindow shows. */
static char *
build_release_notes (Metainfo *mi)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < mi->notes->len; i++)
    {
      Note *note = &g_array_index (mi->notes, Note, i);
      g_autofree char *escaped = NULL;

      switch (note->kind)
        {
        case NOTE_P:
        case NOTE_LI:
          if (note->text.text == NULL)
            break;
          escaped = g_markup_escape_text (note->text.text, -1);
          g_string_append_printf (out, note->kind == NOTE_P ? "<p>%s</p>\n" : "<li>%s</li>\n", escaped);
          break;
        case NOTE_UL_OPEN:
          g_string_append (out, "<ul>\n");
          break;
        case NOTE_UL_CLOSE:
          g_string_append (out, "</ul>\n");
          break;
        case NOTE_OL_OPEN:
          g_string_append (out, "<ol>\n");
          break;
        case NOTE_OL_CLOSE:
          g_string_append (out, "</ol>\n");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static GtkLicense
license_type (const char *spdx)
{
  static const struct { const char *spdx; GtkLicense type; } licenses[] = {
    { "GPL-3.0-or-later", GTK_LICENSE_GPL_3_0 },
    { "GPL-3.0-only", GTK_LICENSE_GPL_3_0_ONLY },
    { "GPL-2.0-or-later", GTK_LICENSE_GPL_2_0 },
    { "GPL-2.0-only", GTK_LICENSE_GPL_2_0_ONLY },
    { "LGPL-3.0-or-later", GTK_LICENSE_LGPL_3_0 },
    { "LGPL-2.1-or-later", GTK_LICENSE_LGPL_2_1 },
    { "AGPL-3.0-or-later", GTK_LICENSE_AGPL_3_0 },
    { "MIT", GTK_LICENSE_MIT_X11 },
    { "Apache-2.0", GTK_LICENSE_APACHE_2_0 },
  };

  for (guint i = 0; spdx != NULL && i < G_N_ELEMENTS (licenses); i++)
    {
      if (g_str_equal (spdx, licenses[i].spdx))
        return licenses[i].type;
    }
  return GTK_LICENSE_UNKNOWN;
}

static char *
debug_info (void)
{
  return g_strdup_printf ("Account Center %s (%s)\n"
                          "GLib %u.%u.%u\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n",
                          PACKAGE_VERSION, APP_ID,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
}

/* The About window's text views: the release notes and the debugging information. */
static void
name_text_views (GtkWidget *root,
                 char      *debug)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT_VIEW (child))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          ac_accessible_set_label (child, g_strcmp0 (g_strstrip (text), g_strstrip (debug)) == 0
                                       ? _("Debugging Information") : _("Release Notes"));
        }
      name_text_views (child, debug);
    }
}

GtkWidget *
ac_about_window_new_from_resource (const char  *resource_path,
                                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *debug = NULL;
  static const char *developers[] = { "The Account Center developers", NULL };
  Metainfo mi;
  GtkWidget *about;
  gboolean ok;

  g_return_val_if_fail (resource_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  metainfo_init (&mi);
  context = g_markup_parse_context_new (&metainfo_parser, G_MARKUP_PREFIX_ERROR_POSITION, &mi, NULL);
  ok = g_markup_parse_context_parse (context, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error) &&
       g_markup_parse_context_end_parse (context, error);
  if (ok && (!mi.is_component || mi.name.text == NULL))
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "%s is not AppStream metainfo with a <name>", resource_path);
      ok = FALSE;
    }
  if (!ok)
    {
      metainfo_clear (&mi);
      return NULL;
    }

  notes = build_release_notes (&mi);
  debug = debug_info ();
  about = adw_about_window_new ();
  g_object_set (about,
                "application-name", mi.name.text,
                "application-icon", APP_ID,
                "comments", mi.summary.text,
                "developer-name", mi.developer.text,
                "version", mi.version != NULL ? mi.version : PACKAGE_VERSION,
                "release-notes-version", mi.version,
                "release-notes", notes,
                "license-type", license_type (mi.license),
                "website", mi.homepage,
                "issue-url", mi.bugtracker,
                "support-url", mi.help,
                "developers", developers,
                /* Translators: put your names here, one per line; they are shown in the
                 * About window */
                "translator-credits", _("translator-credits"),
                /* Translators: the copyright line of the About window */
                "copyright", _("© 2026 The Account Center developers"),
                "debug-info", debug,
                NULL);
  metainfo_clear (&mi);

  ac_accessible_name_toolkit_controls (about);
  name_text_views (about, debug);
  return about;
}

void
ac_show_about (GtkWindow *parent)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *about;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  about = ac_about_window_new_from_resource (AC_ABOUT_METAINFO_RESOURCE, &error);
  if (about == NULL)
    {
      /* The metainfo is compiled into the app: this is a packaging mistake, but the
       * person still gets an About window. */
      g_warning ("Could not read the application metainfo: %s", error->message);
      about = adw_about_window_new ();
      g_object_set (about,
                    "application-name", _("Account Center"),
                    "application-icon", APP_ID,
                    "version", PACKAGE_VERSION,
                    "license-type", GTK_LICENSE_GPL_3_0,
                    NULL);
      ac_accessible_name_toolkit_controls (about);
    }
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (about), parent);
      gtk_window_set_modal (GTK_WINDOW (about), TRUE);
    }
  gtk_window_present (GTK_WINDOW (about));
}
