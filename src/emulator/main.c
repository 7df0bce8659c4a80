#include "config.h"
#include <stdio.h>
int main (void) { fputs ("authing-emulator: not implemented yet\n", stderr); return 1; }
