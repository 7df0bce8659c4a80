/* ac-organization.c: being written */
#include "config.h"
