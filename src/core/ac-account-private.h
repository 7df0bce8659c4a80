/* ac-account-private.h: what ac-account.c (stores and state), ac-account-load.c (reads) and
 * ac-account-write.c (writes) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ac-account.h"

G_BEGIN_DECLS

/* One part: a generation (a load applies its answer only if no later load of the part started)
 * and the state of the last load that ended. */
typedef struct
{
  guint        generation;
  gboolean     in_flight;   /* a load of the current generation is on its way */
  AcLoadState  settled;     /* NONE, LOADED or FAILED */
  GError      *error;       /* of the last failed load */
} AcAccountPartState;

struct _AcAccount
{
  GObject             parent_instance;

  AcClient           *client;
  char               *user_id;         /* whose data the stores hold */

  GListStore         *applications;
  guint               applications_page;
  guint               applications_page_size;
  guint               applications_total;

  GListStore         *organizations;
  AcOrgForest        *forest;

  GListStore         *roles;
  char               *roles_namespace;

  GListStore         *resources;
  char               *resources_namespace;
  char               *resources_type;

  GListStore         *custom_fields;
  AcSecurityLevel    *security_level;

  /* What the filtered and paged stores were last asked for: a load of everything asks for the
   * same again (so a refresh keeps the person's page, namespace and type). */
  guint               wanted_applications_page;
  char               *wanted_roles_namespace;
  char               *wanted_resources_namespace;
  char               *wanted_resources_type;

  AcAccountPartState  parts[AC_ACCOUNT_N_PARTS];
};

enum {
  AC_ACCOUNT_PROP_0,
  AC_ACCOUNT_PROP_CLIENT,
  AC_ACCOUNT_PROP_USER,
  AC_ACCOUNT_PROP_SECURITY_LEVEL,
  AC_ACCOUNT_PROP_TOKEN_EXPIRES_AT,
  AC_ACCOUNT_PROP_APPLICATIONS_PAGE,
  AC_ACCOUNT_PROP_APPLICATIONS_PAGE_SIZE,
  AC_ACCOUNT_PROP_APPLICATIONS_TOTAL,
  AC_ACCOUNT_PROP_APPLICATIONS_N_PAGES,
  AC_ACCOUNT_PROP_ROLES_NAMESPACE,
  AC_ACCOUNT_PROP_RESOURCES_NAMESPACE,
  AC_ACCOUNT_PROP_RESOURCES_TYPE,
  AC_ACCOUNT_N_PROPS
};

extern GParamSpec *_ac_account_properties[AC_ACCOUNT_N_PROPS];

/* ac-account.c */
void      _ac_account_replace_store  (GListStore     *store,
                                      GPtrArray      *items);
void      _ac_account_set_string     (AcAccount      *self,
                                      char          **field,
                                      const char     *value,
                                      guint           prop);
void      _ac_account_set_uint       (AcAccount      *self,
                                      guint          *field,
                                      guint           value,
                                      guint           prop);
void      _ac_account_set_total      (AcAccount      *self,
                                      guint           total);
void      _ac_account_set_security_level (AcAccount       *self,
                                          AcSecurityLevel *level);

/* Part state: a load starts (returns its generation), a load of @generation ended. */
guint     _ac_account_part_begin     (AcAccount      *self,
                                      AcAccountPart   part);
void      _ac_account_part_end       (AcAccount      *self,
                                      AcAccountPart   part,
                                      guint           generation,
                                      const GError   *error);
gboolean  _ac_account_part_is_current (AcAccount     *self,
                                       AcAccountPart  part,
                                       guint          generation);
/* A write that answers with a whole store: earlier loads of @part are not applied, and the
 * part is not loading (the write's answer replaces the store). Returns the generation. */
guint     _ac_account_part_supersede (AcAccount      *self,
                                      AcAccountPart   part);
/* The store holds a fresh answer (a write's or the client's user): LOADED, no error. */
void      _ac_account_part_loaded    (AcAccount      *self,
                                      AcAccountPart   part);

/* ac-account-load.c: the task data of a part load, and what every part load does with the
 * client's answer. */
typedef struct
{
  AcAccountPart  part;
  guint          generation;
  guint          page;          /* applications */
  char          *namespace_;    /* roles, resources */
  char          *type;          /* resources */
} AcAccountLoad;

GTask    *_ac_account_load_task_new  (AcAccount           *self,
                                      AcAccountPart        part,
                                      gpointer             source_tag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  _ac_account_task_finish    (AcAccount           *self,
                                      GAsyncResult        *result,
                                      gpointer             source_tag,
                                      GError             **error);

G_END_DECLS
