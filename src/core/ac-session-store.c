/* ac-session-store.c: being written */
#include "config.h"
