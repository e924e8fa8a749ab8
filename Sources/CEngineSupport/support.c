#include "CEngineSupport.h"
#include <sys/resource.h>
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
void gs_set_num_threads(int n) { omp_set_num_threads(n); }
int gs_get_max_threads(void) { return omp_get_max_threads(); }
long gs_peak_rss_kib(void) { struct rusage ru; getrusage(RUSAGE_SELF, &ru); return ru.ru_maxrss; }
