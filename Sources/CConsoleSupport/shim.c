#include "CConsoleSupport.h"
void gs_console_placeholder(void) {}
