#include "CEngineSupport.h"
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <malloc.h>
#include <stdlib.h>
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
void gs_set_num_threads(int n) { omp_set_num_threads(n); }
int gs_get_max_threads(void) { return omp_get_max_threads(); }
// The asynchronous signals a front end may handle.
static void async_signals(sigset_t *set) {
    sigemptyset(set);
    int signals[] = {SIGINT, SIGWINCH, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaddset(set, signals[i]);
}

// Set on threads that blocked the signals for good (the engine's workers): holds are then no-ops.
static __thread int blocked_for_good;
// Nesting depth of holds on this thread; only the outermost hold and release change the mask.
static __thread int hold_depth;
static __thread sigset_t held_mask;

void gs_block_async_signals(void) {
    sigset_t set;
    async_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    blocked_for_good = 1;
}

void gs_async_signals_hold(void) {
    if (blocked_for_good || hold_depth++ > 0) return;
    sigset_t set;
    async_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &held_mask);
}

void gs_async_signals_release(void) {
    if (blocked_for_good || hold_depth == 0 || --hold_depth > 0) return;
    pthread_sigmask(SIG_SETMASK, &held_mask, NULL);
}

long gs_peak_rss_kib(void) { struct rusage ru; getrusage(RUSAGE_SELF, &ru); return ru.ru_maxrss; }

void gs_tune_malloc(void) {
#ifdef M_TRIM_THRESHOLD
    // Respect explicit settings from the environment (glibc's MALLOC_*_ variables).
    if (getenv("MALLOC_TRIM_THRESHOLD_") || getenv("MALLOC_MMAP_THRESHOLD_")) return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
