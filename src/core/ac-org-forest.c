/* ac-org-forest.c: being written */
#include "config.h"
