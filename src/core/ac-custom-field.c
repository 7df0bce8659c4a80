/* ac-custom-field.c: being written */
#include "config.h"
