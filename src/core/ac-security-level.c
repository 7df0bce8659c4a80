/* ac-security-level.c: being written */
#include "config.h"
