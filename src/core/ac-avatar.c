/* ac-avatar.c: being written */
#include "config.h"
