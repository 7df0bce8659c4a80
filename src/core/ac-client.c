/* ac-client.c: being written */
#include "config.h"
