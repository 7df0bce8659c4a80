/* ac-resource.c: being written */
#include "config.h"
