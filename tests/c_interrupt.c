/*
 * c_interrupt.c — sr_fit_options.interrupt: a flag set from a signal handler stops the model
 * functions with SR_ERR_INTERRUPTED, writing none of their outputs.
 *
 * Each long case (a fit, path or cross-validation that would run for many seconds: tol = 0
 * and a huge iteration budget, or a large exact problem) arms a 0.3 s SIGALRM whose handler
 * stores 1 in the flag and notes the time (clock_gettime is async-signal-safe). The call must
 *   - return SR_ERR_INTERRUPTED with sr_last_error() mentioning the interrupt;
 *   - return within 1 s of the signal (the time is printed: typically a few milliseconds);
 *   - leave every output as it was (canary values) and every input byte-identical.
 * Then: a flag already set stops a call at once; a clear flag changes nothing; the options
 * struct of a header before `interrupt` (which ends at progress_context) is accepted, and its
 * bytes beyond `size` are never read.
 *
 *   usage: tests/check_c_interrupt.sh path/to/libswiftreg.so   (builds and runs this file)
 * Exit status 0 when every check passes; the failures are listed otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "swiftreg.h"

static int g_failures = 0, g_checks = 0;

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        g_checks++;                                                                               \
        if (!(cond)) {                                                                            \
            g_failures++;                                                                         \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                           \
            printf(__VA_ARGS__);                                                                  \
            printf("\n");                                                                         \
        }                                                                                         \
    } while (0)

static volatile int32_t g_flag = 0;
static volatile sig_atomic_t g_fired = 0;
static struct timespec g_fired_at;

static void on_alarm(int sig) {
    (void)sig;
    clock_gettime(CLOCK_MONOTONIC, &g_fired_at);
    g_flag = 1;
    g_fired = 1;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Arms a one-shot SIGALRM `seconds` from now, with the flag cleared. */
static void arm(double seconds) {
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    g_flag = 0;
    g_fired = 0;
    setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void) {
    struct itimerval it;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Seconds from the signal to now (+inf if it never fired). */
static double latency(void) {
    if (!g_fired) return 1e300;
    return now() - ((double)g_fired_at.tv_sec + 1e-9 * (double)g_fired_at.tv_nsec);
}

static uint64_t g_state = 88172645463325252ull;
static double uniform(void) { /* xorshift64 in [-1, 1) */
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return (double)(g_state >> 11) / 4503599627370496.0 - 1.0;
}

typedef struct {
    int64_t n, p;
    double *X, *y, *X0, *y0;
    float *Xf, *yf;
} data_t;

static data_t make_data(int64_t n, int64_t p) {
    data_t d;
    d.n = n;
    d.p = p;
    d.X = malloc(sizeof(double) * (size_t)(n * p));
    d.y = malloc(sizeof(double) * (size_t)n);
    d.Xf = malloc(sizeof(float) * (size_t)(n * p));
    d.yf = malloc(sizeof(float) * (size_t)n);
    if (!d.X || !d.y || !d.Xf || !d.yf) { printf("FAIL: out of memory\n"); exit(1); }
    for (int64_t c = 0; c < n * p; c++) d.X[c] = uniform();
    for (int64_t i = 0; i < n; i++) {
        double s = 0.3 * uniform();
        for (int64_t j = 0; j < p; j++) s += d.X[i + j * n] * (double)((j % 7) - 3);
        d.y[i] = s;
    }
    for (int64_t c = 0; c < n * p; c++) d.Xf[c] = (float)d.X[c];
    for (int64_t i = 0; i < n; i++) d.yf[i] = (float)d.y[i];
    d.X0 = malloc(sizeof(double) * (size_t)(n * p));
    d.y0 = malloc(sizeof(double) * (size_t)n);
    if (!d.X0 || !d.y0) { printf("FAIL: out of memory\n"); exit(1); }
    memcpy(d.X0, d.X, sizeof(double) * (size_t)(n * p));
    memcpy(d.y0, d.y, sizeof(double) * (size_t)n);
    return d;
}

static int inputs_intact(const data_t *d) {
    return memcmp(d->X, d->X0, sizeof(double) * (size_t)(d->n * d->p)) == 0 &&
           memcmp(d->y, d->y0, sizeof(double) * (size_t)d->n) == 0;
}

static sr_problem_f64 problem64(const data_t *d) {
    sr_problem_f64 pr;
    memset(&pr, 0, sizeof pr);
    pr.size = sizeof pr;
    pr.n_samples = d->n;
    pr.n_features = d->p;
    pr.layout = SR_LAYOUT_COLUMN_MAJOR;
    pr.X = d->X;
    pr.y = d->y;
    return pr;
}

static sr_problem_f32 problem32(const data_t *d) {
    sr_problem_f32 pr;
    memset(&pr, 0, sizeof pr);
    pr.size = sizeof pr;
    pr.n_samples = d->n;
    pr.n_features = d->p;
    pr.layout = SR_LAYOUT_COLUMN_MAJOR;
    pr.X = d->Xf;
    pr.y = d->yf;
    return pr;
}

/* Options for a fit that does not end by itself within the test: tol = 0, a huge budget. */
static sr_fit_options endless(void) {
    sr_fit_options o;
    sr_fit_options_init(&o, sizeof o);
    o.alpha = 1e-4;
    o.tol = 0;
    o.max_iter = 100000000;
    o.interrupt = &g_flag;
    return o;
}

static const double CANARY = -12345.5;

static int all_canary(const double *a, int64_t count) {
    for (int64_t i = 0; i < count; i++)
        if (a[i] != CANARY) return 0;
    return 1;
}

static void expect_interrupted(sr_status st, double waited, const char *what) {
    if (st == SR_ERR_INTERRUPTED)
        printf("  %-44s SR_ERR_INTERRUPTED %.1f ms after the signal\n", what, 1e3 * waited);
    else
        printf("  %-44s status %d %s\n", what, (int)st, g_fired ? "after the signal" : "before the signal");
    CHECK(st == SR_ERR_INTERRUPTED, "%s: status %d (%s), expected SR_ERR_INTERRUPTED", what, (int)st,
          sr_status_string(st));
    CHECK(strstr(sr_last_error(), "interrupt") != NULL, "%s: sr_last_error() = \"%s\"", what, sr_last_error());
    CHECK(!g_fired || waited < 1.0, "%s: returned %.3f s after the signal (bound 1 s)", what, waited);
}

/* One interrupted sr_fit_f64 with options o, the signal `delay` s into the call; the fit
 * must not touch coef or the result. */
static void interrupted_fit_at(const data_t *d, sr_fit_options o, double delay, const char *what) {
    sr_problem_f64 pr = problem64(d);
    double *coef = malloc(sizeof(double) * (size_t)d->p);
    if (!coef) { printf("FAIL: out of memory\n"); exit(1); }
    for (int64_t j = 0; j < d->p; j++) coef[j] = CANARY;
    sr_fit_result_f64 r, r0;
    memset(&r, 0x5a, sizeof r);
    r.size = sizeof r;
    r.coef = coef;
    r0 = r;
    arm(delay);
    sr_status st = sr_fit_f64(&pr, &o, &r);
    double waited = latency();
    disarm();
    expect_interrupted(st, waited, what);
    CHECK(all_canary(coef, d->p), "%s: coef written", what);
    CHECK(memcmp(&r, &r0, sizeof r) == 0, "%s: result struct written", what);
    CHECK(inputs_intact(d), "%s: X or y changed", what);
    free(coef);
}

static void interrupted_fit(const data_t *d, sr_fit_options o, const char *what) {
    interrupted_fit_at(d, o, 0.3, what);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);

    data_t d = make_data(3000, 300);
    printf("c_interrupt: SIGALRM 0.3 s into each call sets the interrupt flag\n");

    /* Fits: each solver of the squared loss, Huber, and the exact absolute-loss method. */
    sr_fit_options o = endless();
    o.precompute = SR_PRECOMPUTE_NONE;
    interrupted_fit(&d, o, "sr_fit_f64 lasso, residual CD");
    o = endless();
    o.precompute = SR_PRECOMPUTE_GRAM;
    o.penalty = SR_PENALTY_ELASTIC_NET;
    interrupted_fit(&d, o, "sr_fit_f64 elastic net, covariance CD");
    o = endless();
    o.solver = SR_FIT_SOLVER_FISTA;
    interrupted_fit(&d, o, "sr_fit_f64 FISTA");
    o = endless();
    o.solver = SR_FIT_SOLVER_SUBGRADIENT;
    interrupted_fit(&d, o, "sr_fit_f64 subgradient");
    {
        data_t big = make_data(20000, 200);
        o = endless();
        o.loss = SR_LOSS_HUBER;
        o.delta = 0.1;
        o.alpha = 1e-7;
        interrupted_fit_at(&big, o, 0.1, "sr_fit_f64 Huber CD");
        o = endless();
        o.loss = SR_LOSS_ABSOLUTE;
        o.alpha = 0;
        o.tol = 1e-4;
        interrupted_fit(&big, o, "sr_fit_f64 absolute loss, interior point");
        free(big.X); free(big.y); free(big.X0); free(big.y0); free(big.Xf); free(big.yf);
    }
    {
        data_t wide = make_data(3000, 2500);   /* a 2500 x 2500 Gram and its Cholesky factor */
        o = endless();
        o.penalty = SR_PENALTY_L2;
        o.alpha = 1;
        o.solver = SR_FIT_SOLVER_CHOLESKY;
        interrupted_fit_at(&wide, o, 0.3, "sr_fit_f64 ridge, Cholesky (0.3 s)");
        interrupted_fit_at(&wide, o, 1.5, "sr_fit_f64 ridge, Cholesky (1.5 s)");
        free(wide.X); free(wide.y); free(wide.X0); free(wide.y0); free(wide.Xf); free(wide.yf);
    }

    /* float32. */
    {
        sr_problem_f32 pr = problem32(&d);
        float coef[300];
        for (int j = 0; j < 300; j++) coef[j] = (float)CANARY;
        sr_fit_result_f32 r;
        memset(&r, 0, sizeof r);
        r.size = sizeof r;
        r.coef = coef;
        o = endless();
        o.precompute = SR_PRECOMPUTE_NONE;
        arm(0.3);
        sr_status st = sr_fit_f32(&pr, &o, &r);
        double waited = latency();
        disarm();
        expect_interrupted(st, waited, "sr_fit_f32 lasso");
        int same = 1;
        for (int j = 0; j < 300; j++) same &= coef[j] == (float)CANARY;
        CHECK(same && r.n_iter == 0 && r.dual_gap == 0, "sr_fit_f32: outputs written");
    }

    /* The path (default grid and given alphas) and the cross-validation. */
    enum { K = 20 };
    double alphas[K], coefs[300 * K], gaps[K], intercepts[K];
    int64_t iters[K];
    for (int pass = 0; pass < 2; pass++) {
        sr_problem_f64 pr = problem64(&d);
        double given[K];
        for (int k = 0; k < K; k++) given[k] = 0.5 / (double)(k + 1) / (double)(k + 1);
        for (int k = 0; k < K; k++) alphas[k] = gaps[k] = intercepts[k] = CANARY;
        for (int c = 0; c < 300 * K; c++) coefs[c] = CANARY;
        for (int k = 0; k < K; k++) iters[k] = -7;
        sr_path_result_f64 r;
        memset(&r, 0, sizeof r);
        r.size = sizeof r;
        r.n_alphas = K;
        r.alphas = alphas;
        r.coefs = coefs;
        r.dual_gaps = gaps;
        r.intercepts = intercepts;
        r.n_iters = iters;
        o = endless();
        o.precompute = SR_PRECOMPUTE_NONE;
        arm(0.3);
        sr_status st = sr_path_f64(&pr, &o, pass ? given : NULL, 1e-3, &r);
        double waited = latency();
        disarm();
        expect_interrupted(st, waited, pass ? "sr_path_f64 given alphas" : "sr_path_f64 default grid");
        int same = all_canary(alphas, K) && all_canary(coefs, 300 * K) && all_canary(gaps, K) && all_canary(intercepts, K);
        for (int k = 0; k < K; k++) same &= iters[k] == -7;
        CHECK(same, "sr_path_f64: outputs written");
        CHECK(inputs_intact(&d), "sr_path_f64: X or y changed");
    }
    {
        sr_problem_f64 pr = problem64(&d);
        double mean[K], sd[K], folds[4 * K];
        for (int k = 0; k < K; k++) mean[k] = sd[k] = alphas[k] = CANARY;
        for (int c = 0; c < 4 * K; c++) folds[c] = CANARY;
        sr_path_result_f64 r;
        memset(&r, 0, sizeof r);
        r.size = sizeof r;
        r.n_alphas = K;
        r.alphas = alphas;
        r.coefs = coefs;
        sr_cv_options cv;
        memset(&cv, 0, sizeof cv);
        cv.size = sizeof cv;
        cv.n_folds = 4;
        cv.n_threads = 2;
        sr_cv_result res;
        memset(&res, 0, sizeof res);
        res.size = sizeof res;
        res.fold_errors = folds;
        res.cv_mean = mean;
        res.cv_std = sd;
        res.index_min = res.index_1se = -3;
        o = endless();
        arm(0.3);
        sr_status st = sr_cv_path_f64(&pr, &o, NULL, 1e-3, &cv, &r, &res);
        double waited = latency();
        disarm();
        expect_interrupted(st, waited, "sr_cv_path_f64 4 folds, 2 threads");
        CHECK(all_canary(mean, K) && all_canary(sd, K) && all_canary(folds, 4 * K) && all_canary(alphas, K) &&
                  res.index_min == -3 && res.index_1se == -3,
              "sr_cv_path_f64: outputs written");
        CHECK(inputs_intact(&d), "sr_cv_path_f64: X or y changed");
    }

    /* A flag already set stops at once; a clear flag and the old struct change nothing. */
    {
        data_t s = make_data(60, 8);
        sr_problem_f64 pr = problem64(&s);
        double c1[8], c2[8], c3[8];
        for (int j = 0; j < 8; j++) c1[j] = c2[j] = c3[j] = CANARY;
        sr_fit_result_f64 r1, r2, r3;
        memset(&r1, 0, sizeof r1);
        r1.size = sizeof r1;
        r2 = r3 = r1;
        r1.coef = c1;
        r2.coef = c2;
        r3.coef = c3;
        sr_fit_options on;
        sr_fit_options_init(&on, sizeof on);
        on.alpha = 0.01;
        on.interrupt = &g_flag;
        g_flag = 1;
        double t0 = now();
        sr_status st = sr_fit_f64(&pr, &on, &r1);
        double took = now() - t0;
        CHECK(st == SR_ERR_INTERRUPTED && all_canary(c1, 8), "flag set before the call: status %d", (int)st);
        CHECK(took < 0.05, "flag set before the call: returned after %.3f s", took);
        g_flag = 0;
        st = sr_fit_f64(&pr, &on, &r1);
        CHECK(st == SR_OK, "clear flag: status %d (%s)", (int)st, sr_last_error());
        /* The options of a header before `interrupt`: size = offsetof(interrupt); whatever
         * lies beyond is never read (a set flag there has no effect). */
        sr_fit_options old;
        int64_t old_size = (int64_t)offsetof(sr_fit_options, interrupt);
        CHECK(old_size == 152, "offsetof(sr_fit_options, interrupt) = %lld", (long long)old_size);
        CHECK(sr_fit_options_init(&old, old_size) == SR_OK, "sr_fit_options_init with the old size");
        CHECK(sr_fit_options_init(&old, old_size - 8) == SR_ERR_INVALID_ARGUMENT, "sr_fit_options_init below the old size");
        sr_fit_options_init(&old, sizeof old);
        old.size = old_size;
        old.alpha = 0.01;
        g_flag = 1;
        old.interrupt = &g_flag;
        st = sr_fit_f64(&pr, &old, &r2);
        CHECK(st == SR_OK, "old options size: status %d (%s)", (int)st, sr_last_error());
        g_flag = 0;
        sr_fit_options none;
        sr_fit_options_init(&none, sizeof none);
        none.alpha = 0.01;
        st = sr_fit_f64(&pr, &none, &r3);
        CHECK(st == SR_OK, "no flag: status %d", (int)st);
        CHECK(memcmp(c1, c2, sizeof c1) == 0 && memcmp(c1, c3, sizeof c1) == 0 && r1.n_iter == r2.n_iter &&
                  r1.dual_gap == r3.dual_gap,
              "a clear flag, the old struct and no flag give the same fit");
        free(s.X); free(s.y); free(s.X0); free(s.y0); free(s.Xf); free(s.yf);
    }

    printf("c_interrupt: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
