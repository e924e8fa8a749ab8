// CSignals: the SIGINT/SIGWINCH handlers, the watcher's semaphore and the deferral of signals
// around computation. See include/CSignals.h for the contract of every function.
#define _GNU_SOURCE
#include "CSignals.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>

// ---- signals ---------------------------------------------------------------------------------

static volatile sig_atomic_t sigint_count = 0;
static volatile sig_atomic_t sigwinch_seen = 0;
static volatile sig_atomic_t busy_flag = 0;
static sem_t sigint_sem;
static int installed = 0;

static void on_sigint(int sig) {
    (void)sig;
    sigint_count++;
    sem_post(&sigint_sem);  // async-signal-safe
}

static void on_sigwinch(int sig) {
    (void)sig;
    sigwinch_seen = 1;
}

void gs_signals_install(void) {
    if (!installed) {
        sem_init(&sigint_sem, 0, 0);
        installed = 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: select() must return EINTR
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_sigwinch;
    sigaction(SIGWINCH, &sa, NULL);
}

int gs_sigint_take(void) {
    int n = sigint_count;
    sigint_count = 0;
    return n;
}

int gs_sigint_pending(void) { return sigint_count; }

int gs_sigwinch_take(void) {
    int seen = sigwinch_seen;
    sigwinch_seen = 0;
    return seen;
}

// SIGINT and SIGWINCH, the two signals gradstep handles.
static void handled_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGWINCH);
}

// Set once a thread that only waits takes the signals (gs_signals_watch_here).
static volatile sig_atomic_t watcher_present = 0;

// Makes the calling thread (one that only waits) take SIGINT and SIGWINCH.
static void gs_signals_watch_here(void) {
    sigset_t set;
    handled_signals(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    watcher_present = 1;
}

int gs_sigint_wait(void) {
    if (!installed) return -1;
    // The watcher must be able to take the signals while the main thread has them blocked.
    gs_signals_watch_here();
    while (sem_wait(&sigint_sem) != 0) {
        if (errno != EINTR) return -1;
    }
    return 0;
}

// Nesting depth of gs_defer_signals(1) on the main thread (only the main thread calls it).
static int defer_depth = 0;

// on != 0: the calling thread stops taking SIGINT and SIGWINCH; calls nest.
static void gs_defer_signals(int on) {
    // While a command runs, the main thread does not take SIGINT/SIGWINCH: the kernel delivers
    // them to a thread that has them unblocked (the front end's watcher, which only waits), and the engine's workers block them for good (gs_block_async_signals). So no
    // handler runs in the middle of a computation. Why it matters: a signal handled on a thread
    // inside oneDNN's dnnl_sgemm corrupted the heap (see Sources/GradEngine/Gemm.swift, which
    // also guards each GEMM itself).
    // Without a watcher (piped input, no handlers) the default action must not wait for the
    // command to end, so nothing is blocked then.
    if (on && !watcher_present) return;
    sigset_t set;
    handled_signals(&set);
    if (on) {
        if (defer_depth++ == 0) pthread_sigmask(SIG_BLOCK, &set, NULL);
    } else if (defer_depth > 0 && --defer_depth == 0) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);  // a pending SIGWINCH is handled here
    }
}

void gs_set_busy(int busy) {
    if (busy) {
        busy_flag = 1;
        gs_defer_signals(1);
    } else {
        gs_defer_signals(0);
        busy_flag = 0;
    }
}
int gs_is_busy(void) { return busy_flag; }
