#ifndef GRADSTEP_CSIGNALS_H
#define GRADSTEP_CSIGNALS_H
// CSignals: gradstep's one SIGINT/SIGWINCH mechanism. The front end (the CLI, Interrupts.swift)
// installs the handlers and runs the one watcher thread; library code only marks "a command is
// running" (gs_set_busy) and asks "was I interrupted?" (gs_sigint_take).
//
// Why C: a signal handler must only touch async-signal-safe state (a counter and a semaphore);
// Swift code may allocate or lock. Why the deferral: a signal handled on a thread inside oneDNN's
// dnnl_sgemm corrupted glibc's heap (README, "How it is built"; Sources/GradEngine/Gemm.swift,
// which also holds signals around each GEMM).
//
// Non-goals: readline (CConsoleSupport), other signals (SIGTERM etc. keep their default action).

/// Installs handlers for SIGINT (counts, wakes `gs_sigint_wait`, interrupts `select`/`read`) and
/// SIGWINCH. Without SA_RESTART, so a blocking read returns EINTR. Idempotent.
void gs_signals_install(void);
/// Returns the number of SIGINTs received since the last call, and resets it.
int gs_sigint_take(void);
/// The number of SIGINTs received since the last `gs_sigint_take`, without resetting it.
int gs_sigint_pending(void);
/// Returns 1 when SIGWINCH arrived since the last call (and resets it), else 0.
int gs_sigwinch_take(void);
/// Blocks the calling thread until a SIGINT arrives (for the watcher thread, which from then on
/// takes SIGINT and SIGWINCH). Returns 0, or -1 on error or when the handlers are not installed.
int gs_sigint_wait(void);
/// Sets / reads the "a command is running" flag the watcher thread consults. Setting it also keeps
/// SIGINT and SIGWINCH off the calling thread (the mask nests), so they reach the watcher thread and no
/// handler runs in the middle of a computation; a no-op for the mask until a watcher exists.
void gs_set_busy(int busy);
int gs_is_busy(void);

#endif
