// signal-gemm.c: does a signal handled in the middle of oneDNN's dnnl_sgemm corrupt memory?
//
// Why this exists: Ctrl-C during `fit` at the REPL used to abort gradstep now and then with glibc's
// "corrupted size vs. prev_size" inside dnnl_sgemm. This program reproduces the conditions without
// gradstep: the main thread runs the GEMMs of a Linear(784, 4608) layer's forward and backward
// (the sizes gradstep splits over two threads) and checks every result, a second thread runs
// another dnnl_sgemm at the same time (like gradstep's worker), and with `sig` a third thread sends
// SIGUSR1 to the main thread every ~20 us (the handler only posts a semaphore, like gradstep's
// SIGINT handler). `held` sends the signals too but blocks SIGUSR1 around each dnnl_sgemm call,
// which is gradstep's fix (Sources/GradEngine/Gemm.swift; the REPL also keeps signals off the
// thread that computes, Sources/CSignals/signals.c).
//
// Build and run (exit status 0: every result right and no abort):
//   cc -O2 -o /tmp/signal-gemm scripts/signal-gemm.c -ldnnl -lgomp -lpthread -lm
//   /tmp/signal-gemm sig|held|none SECONDS one|two
// Measured on this project's machine, runs of 3 s each: `none 3 two` 0 of 30 failed, `sig 3 one`
// 0 of 30, `sig 3 two` 9 of 60 (glibc aborts such as "free(): invalid next size (fast)"),
// `held 3 two` 0 of 30.
#define _GNU_SOURCE
#include <dnnl.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sem_t sem;
static pthread_t main_thread;
static volatile int stop = 0;
static long sent = 0;
static float *WA, *WB, *WC;

static void on_signal(int s) { (void)s; sem_post(&sem); }

static void *sender(void *arg) {
    (void)arg;
    while (!stop) { pthread_kill(main_thread, SIGUSR1); sent++; usleep(20); }
    return NULL;
}

// The concurrent GEMM of the other thread (gradstep's worker running its half of a split GEMM).
static void *other_gemm(void *arg) {
    (void)arg;
    omp_set_num_threads(1);
    while (!stop) {
        void *junk = malloc(3000);
        dnnl_sgemm('N', 'T', 50, 2304, 784, 1.0f, WA, 784, WB, 784, 0.0f, WC, 2304);
        free(junk);
    }
    return NULL;
}

// Row-major reference product in double precision.
static void reference(char ta, char tb, int m, int n, int k, const float *A, int lda, const float *B, int ldb,
                      float *C, int ldc) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++)
                s += (double)(ta == 'N' ? A[i * lda + p] : A[p * lda + i]) * (tb == 'N' ? B[p * ldb + j] : B[j * ldb + p]);
            C[i * ldc + j] = (float)s;
        }
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s sig|held|none SECONDS one|two\n", argv[0]); return 2; }
    int held = !strcmp(argv[1], "held");
    int with_signals = held || !strcmp(argv[1], "sig"), two = !strcmp(argv[3], "two");
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    double seconds = atof(argv[2]);
    omp_set_num_threads(1);
    sem_init(&sem, 0, 0);
    main_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);

    // Forward, weight gradient, input gradient of the main thread's half, and a small GEMM.
    struct { char ta, tb; int m, n, k; } S[] = {
        {'N', 'T', 50, 2304, 784}, {'T', 'N', 2304, 784, 50}, {'N', 'N', 50, 2304, 10}, {'N', 'T', 50, 10, 4608}};
    float *A[4], *B[4], *C[4], *R[4];
    srand(1);
    for (int s = 0; s < 4; s++) {
        int m = S[s].m, n = S[s].n, k = S[s].k;
        A[s] = malloc(sizeof(float) * m * k); B[s] = malloc(sizeof(float) * k * n);
        C[s] = malloc(sizeof(float) * m * n); R[s] = malloc(sizeof(float) * m * n);
        for (int i = 0; i < m * k; i++) A[s][i] = rand() / (float)RAND_MAX - 0.5f;
        for (int i = 0; i < k * n; i++) B[s][i] = rand() / (float)RAND_MAX - 0.5f;
        reference(S[s].ta, S[s].tb, m, n, k, A[s], S[s].ta == 'N' ? k : m, B[s], S[s].tb == 'N' ? n : k, R[s], n);
    }
    WA = malloc(sizeof(float) * 50 * 784); WB = malloc(sizeof(float) * 2304 * 784); WC = malloc(sizeof(float) * 50 * 2304);
    for (int i = 0; i < 50 * 784; i++) WA[i] = 1;
    for (int i = 0; i < 2304 * 784; i++) WB[i] = 1;

    pthread_t other, send;
    if (two) pthread_create(&other, NULL, other_gemm, NULL);
    if (with_signals) pthread_create(&send, NULL, sender, NULL);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long iterations = 0, wrong = 0;
    do {
        for (int s = 0; s < 4; s++) {
            int m = S[s].m, n = S[s].n, k = S[s].k;
            void *junk = malloc(1000 + (iterations % 7) * 4000);  // keep the heap busy like the engine
            memset(C[s], 0, sizeof(float) * m * n);
            if (held) pthread_sigmask(SIG_BLOCK, &usr1, NULL);
            dnnl_sgemm(S[s].ta, S[s].tb, m, n, k, 1.0f, A[s], S[s].ta == 'N' ? k : m, B[s], S[s].tb == 'N' ? n : k,
                       1.0f, C[s], n);
            if (held) pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
            free(junk);
            for (int i = 0; i < m * n; i++)
                if (fabsf(C[s][i] - R[s][i]) > 1e-3f) { wrong++; break; }
        }
        iterations++;
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
    stop = 1;
    if (with_signals) pthread_join(send, NULL);
    if (two) pthread_join(other, NULL);
    printf("%s, %s: %ld iterations, %ld wrong results, %ld signals sent\n", held ? "signals held during GEMMs" : with_signals ? "signals" : "no signals",
           two ? "two threads" : "one thread", iterations, wrong, sent);
    return wrong != 0;
}
