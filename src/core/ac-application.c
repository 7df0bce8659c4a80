/* ac-application.c: being written */
#include "config.h"
