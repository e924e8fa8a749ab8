#ifndef GRADSTEP_CCONSOLESUPPORT_H
#define GRADSTEP_CCONSOLESUPPORT_H
/// Small shims over readline's globals, which Swift 6 language mode rejects as shared mutable state.
void gs_console_placeholder(void);
#endif
