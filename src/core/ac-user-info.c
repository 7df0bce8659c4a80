/* ac-user-info.c: being written */
#include "config.h"
