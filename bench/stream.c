/* Memory bandwidth, independent of swiftreg (used by bench/kernels.py).
 *
 *   stream [N] [REPS]
 *
 * read: a read-only sum over N float64 (8 accumulators per thread), bytes = 8*N;
 * copy: b[i] = a[i] over N/2 float64, bytes = 2 * 8 * N/2 (read once + written once,
 *       the same convention the kernel table uses; write-allocate traffic is not counted).
 * Each is timed best-of-REPS, with as many OpenMP threads as OMP_NUM_THREADS says.
 * Prints "threads T", "read_gbs X", "copy_gbs Y" and the checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double read_sum(const double *restrict a, long n) {
    double total = 0.0;
#pragma omp parallel reduction(+:total)
    {
        /* Each thread sums its contiguous share with 8 independent accumulators. */
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        long lo = n * t / nt, hi = n * (t + 1) / nt, i = lo;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (; i + 8 <= hi; i += 8) {
            s0 += a[i];     s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3];
            s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
        }
        for (; i < hi; i++) s0 += a[i];
        total += ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
    return total;
}

static void copy(double *restrict b, const double *restrict a, long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) b[i] = a[i];
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000000L;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    long m = n / 2;
    double *a = aligned_alloc(64, ((n * sizeof(double)) + 63) / 64 * 64);
    double *b = aligned_alloc(64, ((m * sizeof(double)) + 63) / 64 * 64);
    if (!a || !b) { fprintf(stderr, "stream: out of memory\n"); return 1; }
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) a[i] = (double)(i & 1023) * 0.5;
#pragma omp parallel for schedule(static)
    for (long i = 0; i < m; i++) b[i] = 0.0;

    double best_read = 1e30, best_copy = 1e30, check = 0.0;
    for (int r = 0; r < reps + 1; r++) {  /* first round is a warm-up */
        double t0 = now();
        check += read_sum(a, n);
        double t1 = now();
        copy(b, a + (r & 1), m);
        double t2 = now();
        check += b[m / 3];
        if (r > 0) {
            if (t1 - t0 < best_read) best_read = t1 - t0;
            if (t2 - t1 < best_copy) best_copy = t2 - t1;
        }
    }
    printf("threads %d\n", omp_get_max_threads());
    printf("read_gbs %.3f\n", 8.0 * n / best_read / 1e9);
    printf("copy_gbs %.3f\n", 16.0 * m / best_copy / 1e9);
    printf("checksum %.6e\n", check);
    free(a);
    free(b);
    return 0;
}
