/* ac-error.c: being written */
#include "config.h"
