/* ac-account.c: being written */
#include "config.h"
