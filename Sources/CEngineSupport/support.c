#include "CEngineSupport.h"
#include <sys/resource.h>
#include <malloc.h>
#include <stdlib.h>
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
void gs_set_num_threads(int n) { omp_set_num_threads(n); }
int gs_get_max_threads(void) { return omp_get_max_threads(); }
long gs_peak_rss_kib(void) { struct rusage ru; getrusage(RUSAGE_SELF, &ru); return ru.ru_maxrss; }

void gs_tune_malloc(void) {
#ifdef M_TRIM_THRESHOLD
    // Respect explicit settings from the environment (glibc's MALLOC_*_ variables).
    if (getenv("MALLOC_TRIM_THRESHOLD_") || getenv("MALLOC_MMAP_THRESHOLD_")) return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
