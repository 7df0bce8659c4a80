/* ac-types.h: forward declarations and shared enums of the core models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _AcUserInfo      AcUserInfo;
typedef struct _AcApplication   AcApplication;
typedef struct _AcOrganization  AcOrganization;
typedef struct _AcOrgForest     AcOrgForest;
typedef struct _AcRole          AcRole;
typedef struct _AcResource      AcResource;
typedef struct _AcSecurityLevel AcSecurityLevel;
typedef struct _AcCustomField   AcCustomField;

/**
 * AcOrganizationKind:
 * @AC_ORGANIZATION_KIND_ORG: an organization (the top level of a tree)
 * @AC_ORGANIZATION_KIND_NODE: a node (department) of an organization
 */
typedef enum {
  AC_ORGANIZATION_KIND_ORG,
  AC_ORGANIZATION_KIND_NODE,
} AcOrganizationKind;

#define AC_TYPE_ORGANIZATION_KIND (ac_organization_kind_get_type ())
GType ac_organization_kind_get_type (void) G_GNUC_CONST;

/**
 * AcResourceType:
 *
 * The kinds of resource of `resource/authorized`. A type the client does not know is
 * %AC_RESOURCE_TYPE_UNKNOWN (the wire string is kept, see ac_resource_get_type_string()).
 */
typedef enum {
  AC_RESOURCE_TYPE_UNKNOWN,
  AC_RESOURCE_TYPE_DATA,
  AC_RESOURCE_TYPE_API,
  AC_RESOURCE_TYPE_MENU,
  AC_RESOURCE_TYPE_UI,
  AC_RESOURCE_TYPE_BUTTON,
} AcResourceType;

#define AC_TYPE_RESOURCE_TYPE (ac_resource_type_get_type ())
GType ac_resource_type_get_type (void) G_GNUC_CONST;

/**
 * AcCustomFieldType:
 *
 * The data types of a user-defined field (`dataType` on the wire).
 */
typedef enum {
  AC_CUSTOM_FIELD_TYPE_UNKNOWN,
  AC_CUSTOM_FIELD_TYPE_STRING,
  AC_CUSTOM_FIELD_TYPE_NUMBER,
  AC_CUSTOM_FIELD_TYPE_BOOLEAN,
  AC_CUSTOM_FIELD_TYPE_DATETIME,
  AC_CUSTOM_FIELD_TYPE_SELECT,
  AC_CUSTOM_FIELD_TYPE_OBJECT,
} AcCustomFieldType;

#define AC_TYPE_CUSTOM_FIELD_TYPE (ac_custom_field_type_get_type ())
GType ac_custom_field_type_get_type (void) G_GNUC_CONST;

/**
 * AcSecurityBand:
 * @AC_SECURITY_BAND_LOW: score below 70 (a password alone, or less)
 * @AC_SECURITY_BAND_MEDIUM: score 70 to 84
 * @AC_SECURITY_BAND_HIGH: score 85 or more
 *
 * See ac_security_level_get_band() for why these thresholds.
 */
typedef enum {
  AC_SECURITY_BAND_LOW,
  AC_SECURITY_BAND_MEDIUM,
  AC_SECURITY_BAND_HIGH,
} AcSecurityBand;

#define AC_TYPE_SECURITY_BAND (ac_security_band_get_type ())
GType ac_security_band_get_type (void) G_GNUC_CONST;

G_END_DECLS
