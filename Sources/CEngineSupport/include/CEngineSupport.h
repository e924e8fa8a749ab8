#ifndef GRADSTEP_CENGINESUPPORT_H
#define GRADSTEP_CENGINESUPPORT_H
/// Sets the number of OpenMP threads oneDNN uses (libgomp's omp_set_num_threads).
void gs_set_num_threads(int n);
/// The number of OpenMP threads oneDNN will use.
int gs_get_max_threads(void);
/// Peak resident set size of this process, in KiB (getrusage).
long gs_peak_rss_kib(void);
#endif
