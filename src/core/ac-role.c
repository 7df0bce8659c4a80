/* ac-role.c: being written */
#include "config.h"
