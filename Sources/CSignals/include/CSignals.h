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
/// 1 once `gs_signals_install` ran.
int gs_signals_installed(void);
/// Returns the number of SIGINTs received since the last call, and resets it.
int gs_sigint_take(void);
/// The number of SIGINTs received since the last `gs_sigint_take`, without resetting it.
int gs_sigint_pending(void);
/// Returns 1 when SIGWINCH arrived since the last call (and resets it), else 0.
int gs_sigwinch_take(void);
/// Blocks the calling thread until a SIGINT arrives (for the watcher thread). Returns 0, or -1 on
/// error or when the handlers are not installed.
int gs_sigint_wait(void);
/// Sets / reads the "a command is running" flag the watcher thread consults. Setting it also
/// defers signals on the calling thread (gs_defer_signals), so they reach the watcher thread.
void gs_set_busy(int busy);
int gs_is_busy(void);
/// Makes the calling thread (one that only waits) take SIGINT and SIGWINCH, and enables
/// gs_defer_signals. `gs_sigint_wait` calls it itself.
void gs_signals_watch_here(void);
/// on != 0: the calling thread stops taking SIGINT and SIGWINCH, so they go to the watcher thread;
/// calls nest. No-op until a watcher exists (gs_signals_watch_here). Used around computation.
void gs_defer_signals(int on);
/// Sends SIGINT to this process (tests; what `kill -INT` does).
void gs_raise_sigint(void);

#endif
