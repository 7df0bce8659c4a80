#include "config.h"
#include <stdio.h>
int main (void) { fputs ("account-center: the application is not written yet\n", stderr); return 1; }
