/* ac-crypto.c: being written */
#include "config.h"
