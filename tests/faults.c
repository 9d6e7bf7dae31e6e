/*
 * faults.c — injected allocation and thread-creation failures (make test-faults).
 *
 * Built against a library made with -Xswiftc -DSWIFTREG_FAULT_INJECTION, which adds the
 * entry points of tests/fault_injection.h.
 *
 * 1. Allocation: for a fit, a path and a cross-validation, for each loss family (squared with
 *    an elastic net and an unpenalised feature, Huber, absolute, quantile), on dense X in both
 *    orders and sparse X, with and without weights, in float64 and float32: the k-th
 *    allocation of the call fails, k = 1, 2, ... until the call succeeds. Each failure must
 *    return SR_ERR_ALLOCATION with every byte of the caller's inputs, outputs and result
 *    structs unchanged; the final success must equal a run without injection bit for bit.
 * 2. Threads: with every thread creation failing (from the first threaded call of the
 *    process), kernels of 2^21 elements, a fit of 40000 x 8 and a cross-validation on 2
 *    threads finish and give the same bits as afterwards with 4 threads that could be made.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swiftreg.h"
#include "fault_injection.h"

#define N 30
#define P 6
#define NA 4
#define K 3

enum { CALL_FIT, CALL_PATH, CALL_CV };

typedef struct {
    int layout, loss, call, weighted, factor, cv_threads;
} Case;

static double xval(int i, int j) {
    if ((i * 7 + j * 3) % 5 == 0) return 0; /* some zeros: a sparse X stores fewer values */
    return sin(0.7 * i + 1.3 * j) + 0.1 * j;
}
static double yval(int i) { return 1.5 * xval(i, 0) - 2 * xval(i, 1) + 0.5 * xval(i, 3) + 0.3 * cos(2.1 * i) + 1; }

#define REAL double
#define SFX(x) x##_f64
#include "faults_cases.h"
#undef REAL
#undef SFX
#define REAL float
#define SFX(x) x##_f32
#include "faults_cases.h"
#undef REAL
#undef SFX

/* ---- threads ---- */
#define BIG (1 << 21)
#define FN 40000
#define FP 8

static double *yt, *yp, *fx, *fy;

/* Every threaded result, in one buffer, for comparison. */
static size_t threaded_results(unsigned char *out) {
    size_t at = 0;
    double v;
    if (sr_l2_loss_f64(yt, yp, NULL, BIG, SR_REDUCTION_SUM, &v) != SR_OK) abort();
    memcpy(out + at, &v, sizeof v); at += sizeof v;
    double *g = (double *)(out + at);
    if (sr_huber_loss_grad_f64(yt, yp, NULL, BIG, 1.0, SR_REDUCTION_MEAN, g) != SR_OK) abort();
    at += BIG * sizeof(double);
    sr_problem_f64 pr = {sizeof pr, FN, FP, SR_LAYOUT_COLUMN_MAJOR, 0, fx, fy, NULL, 0, NULL, NULL, 0, 0};
    sr_fit_options o;
    if (sr_fit_options_init(&o, sizeof o) != SR_OK) abort();
    o.alpha = 0.01;
    o.precompute = SR_PRECOMPUTE_NONE; /* residual updates: X^T r over 320000 values, threaded */
    double coef[FP];
    sr_fit_result_f64 r = {sizeof r, coef, 0, 0, 0, 0, 0, 0, 0, 0};
    if (sr_fit_f64(&pr, &o, &r) != SR_OK) abort();
    memcpy(out + at, coef, sizeof coef); at += sizeof coef;
    memcpy(out + at, &r.intercept, sizeof r.intercept); at += sizeof r.intercept;
    memcpy(out + at, &r.n_iter, sizeof r.n_iter); at += sizeof r.n_iter;
    double alphas[3], coefs[3 * FP], mean[3], sd[3];
    sr_path_result_f64 pa = {sizeof pa, 3, alphas, coefs, NULL, NULL, NULL, NULL, NULL, NULL};
    sr_cv_options cv = {sizeof cv, 3, NULL, NULL, 2, 0};
    sr_cv_result cr = {sizeof cr, NULL, mean, sd, 0, 0};
    if (sr_cv_path_f64(&pr, &o, NULL, 1e-2, &cv, &pa, &cr) != SR_OK) abort();
    memcpy(out + at, coefs, sizeof coefs); at += sizeof coefs;
    memcpy(out + at, mean, sizeof mean); at += sizeof mean;
    return at;
}

static int threads_test(void) {
    size_t cap = (BIG + 64) * sizeof(double) + 4096;
    yt = malloc(BIG * sizeof(double)); yp = malloc(BIG * sizeof(double));
    fx = malloc(FN * FP * sizeof(double)); fy = malloc(FN * sizeof(double));
    unsigned char *a = malloc(cap), *b = malloc(cap);
    if (!yt || !yp || !fx || !fy || !a || !b) abort();
    for (int i = 0; i < BIG; i++) { yt[i] = sin(0.001 * i); yp[i] = cos(0.0007 * i) * 2; }
    for (int i = 0; i < FN; i++) {
        double s = 0;
        for (int j = 0; j < FP; j++) { fx[i + j * FN] = sin(0.37 * i + j); s += (j % 3 - 1) * fx[i + j * FN]; }
        fy[i] = s + 0.1 * cos(1.7 * i);
    }
    if (sr_set_num_threads(4) != SR_OK) abort();
    sr_testing_fail_threads(1);
    size_t la = threaded_results(a);
    int32_t made = sr_testing_fail_threads(0);
    if (made != 0) { printf("FAIL threads: %d helper threads were made while creation failed\n", made); return 1; }
    size_t lb = threaded_results(b);
    made = sr_testing_fail_threads(0);
    if (la != lb || memcmp(a, b, la) != 0) { printf("FAIL threads: results differ with and without threads\n"); return 1; }
    printf("ok: with thread creation failing, kernels (2^21), a 40000x8 fit and a 2-thread CV ran on the caller; "
           "the same bits with %d helper threads\n", made);
    if (made == 0) { printf("FAIL threads: no helper thread was made afterwards\n"); return 1; }
    return 0;
}

int main(void) {
    static const int layouts[] = {SR_LAYOUT_COLUMN_MAJOR, SR_LAYOUT_ROW_MAJOR, SR_LAYOUT_CSC};
    static const char *layout_names[] = {"column-major", "row-major", "CSC"};
    static const int losses[] = {SR_LOSS_SQUARED, SR_LOSS_HUBER, SR_LOSS_ABSOLUTE, SR_LOSS_QUANTILE};
    static const char *loss_names[] = {"squared", "huber", "absolute", "quantile"};
    static const char *call_names[] = {"fit", "path", "cv"};
    setvbuf(stdout, NULL, _IOLBF, 0);
    int failed = threads_test(); /* first: no helper thread exists yet */
    int cases = 0;
    long failures = 0;
    if (sr_set_num_threads(1) != SR_OK) abort(); /* one order of allocations */
    for (int prec = 0; prec < 2; prec++)
        for (int l = 0; l < 3; l++)
            for (int s = 0; s < 4; s++)
                for (int c = 0; c < 3; c++) {
                    Case cs = {layouts[l], losses[s], c, (l + s + c) % 2, s == 0 && l != 1, c == CALL_CV && l == 0 ? 2 : 1};
                    char name[160];
                    snprintf(name, sizeof name, "%s %s %s %s%s%s", prec ? "f32" : "f64", layout_names[l], loss_names[s],
                             call_names[c], cs.weighted ? " weighted" : "", cs.factor ? " l1_factor" : "");
                    int got = prec ? run_case_f32(&cs, name) : run_case_f64(&cs, name);
                    if (getenv("FAULTS_VERBOSE")) printf("  %s: %d allocations\n", name, got);
                    cases++;
                    if (got < 0) failed++; else failures += got;
                }
    printf("%s: %d cases, %ld injected allocation failures, each SR_ERR_ALLOCATION with the caller's memory unchanged\n",
           failed ? "FAIL" : "ok", cases, failures);
    int32_t made = sr_testing_fail_threads(0);
    if (made > 16) { printf("FAIL: %d helper threads kept for calls that use at most 4 threads each\n", made); failed++; }
    return failed ? 1 : 0;
}
