/* ac-json.c: being written */
#include "config.h"
