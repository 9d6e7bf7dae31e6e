/*
 * sparse_training.c — L1-regularised linear regression (the lasso) with swiftreg's C API.
 *
 * A small regression problem is generated deterministically (n = 200 samples, p = 20
 * features, only 5 non-zero true weights, a little noise). The same model is then trained
 * twice by full-batch gradient descent on
 *
 *     mean_i (x_i . w - y_i)^2  +  l1 * sum_j |w_j|
 *
 * with the same learning rate and the same l1:
 *   - once with sr_subgradient_step_f64: w <- w - lr * (grad + l1 * sign(w));
 *   - once with sr_proximal_step_f64:    w <- soft(w - lr * grad, lr * l1).
 * Each iteration computes the predictions X w with a plain C loop, the value and gradient
 * of the mean squared loss with respect to the predictions with
 * sr_l2_loss_value_and_grad_f64, and the weight gradient X^T g with another plain C loop.
 *
 * The proximal step sets the weights of the irrelevant features to exactly 0; the
 * subgradient step leaves them oscillating around 0 (|w| of the order of lr * l1), never
 * exactly 0. Finally one call with a bad argument shows how errors are reported.
 *
 * Build against an installed copy (`make install PREFIX=...`, see README.md here):
 *   cc examples/c/sparse_training.c $(pkg-config --cflags --libs swiftreg) -o sparse_training
 * or against the build tree: see tests/check_c_example.sh (the library's SONAME is
 * libswiftreg.so.0, so the directory on the rpath must hold a file of that name).
 * It needs only the C standard library and swiftreg (no libm).
 *
 * Exit status: 0 on success, 1 if any swiftreg call returns an unexpected status.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swiftreg.h"

#define N_SAMPLES 200
#define N_FEATURES 20
#define N_ITERS 500
#define LR 0.1
#define L1 0.1
#define NOISE 0.1

/* Calls a swiftreg function; on any status but SR_OK, reports it and exits with 1. */
#define CHECK(call)                                                                   \
    do {                                                                              \
        sr_status check_status_ = (call);                                             \
        if (check_status_ != SR_OK) {                                                 \
            fprintf(stderr, "%s:%d: %s failed: %s\n  %s\n", __FILE__, __LINE__, #call, \
                    sr_status_string(check_status_), sr_last_error());                \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

/* ---- A tiny deterministic PRNG (splitmix64); no libm needed. ---- */
static uint64_t rng_state = 20240601u;

static uint64_t rng_next(void) {
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
static double rng_uniform(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }

/* Approximately standard normal: the sum of 12 uniforms minus 6 (mean 0, variance 1). */
static double rng_normal(void) {
    double s = 0.0;
    int k;
    for (k = 0; k < 12; k++) s += rng_uniform();
    return s - 6.0;
}

/* ---- The problem. ---- */
static double X[N_SAMPLES][N_FEATURES]; /* row-major design matrix */
static double y[N_SAMPLES];             /* targets */
static double w_true[N_FEATURES];

static void make_problem(void) {
    /* Five informative features; the other fifteen have true weight 0. */
    static const int support[5] = {1, 4, 9, 13, 18};
    static const double values[5] = {2.0, -1.5, 1.0, -0.75, 0.5};
    int i, j, k;
    memset(w_true, 0, sizeof w_true);
    for (k = 0; k < 5; k++) w_true[support[k]] = values[k];
    for (i = 0; i < N_SAMPLES; i++) {
        double t = 0.0;
        for (j = 0; j < N_FEATURES; j++) {
            X[i][j] = rng_normal();
            t += X[i][j] * w_true[j];
        }
        y[i] = t + NOISE * rng_normal();
    }
}

/* pred = X w */
static void predict(const double *w, double *pred) {
    int i, j;
    for (i = 0; i < N_SAMPLES; i++) {
        double t = 0.0;
        for (j = 0; j < N_FEATURES; j++) t += X[i][j] * w[j];
        pred[i] = t;
    }
}

/* Mean squared loss at w; if grad_w is not NULL, also its gradient X^T g with respect to w,
 * where g = d loss / d pred comes from sr_l2_loss_value_and_grad_f64. */
static double loss_and_weight_grad(const double *w, double *grad_w) {
    double pred[N_SAMPLES], g[N_SAMPLES], loss = 0.0;
    int i, j;
    predict(w, pred);
    CHECK(sr_l2_loss_value_and_grad_f64(y, pred, NULL, N_SAMPLES, SR_REDUCTION_MEAN, &loss, g));
    if (grad_w != NULL) {
        for (j = 0; j < N_FEATURES; j++) grad_w[j] = 0.0;
        for (i = 0; i < N_SAMPLES; i++)
            for (j = 0; j < N_FEATURES; j++) grad_w[j] += X[i][j] * g[i];
    }
    return loss;
}

typedef sr_status (*step_fn)(const double *w, const double *grad, int64_t n, double lr,
                             double l1, double l2, double *out);

/* Full-batch gradient descent from w = 0; the step updates w in place. */
static void train(step_fn step, double *w) {
    double grad[N_FEATURES];
    int it, j;
    for (j = 0; j < N_FEATURES; j++) w[j] = 0.0;
    for (it = 0; it < N_ITERS; it++) {
        (void)loss_and_weight_grad(w, grad);
        CHECK(step(w, grad, N_FEATURES, LR, L1, 0.0, w));
    }
}

static int count_exact_zeros(const double *w) {
    int j, zeros = 0;
    for (j = 0; j < N_FEATURES; j++)
        if (w[j] == 0.0) zeros++;
    return zeros;
}

static double max_abs_off_support(const double *w) {
    double m = 0.0;
    int j;
    for (j = 0; j < N_FEATURES; j++) {
        double a = w[j] < 0.0 ? -w[j] : w[j];
        if (w_true[j] == 0.0 && a > m) m = a;
    }
    return m;
}

static void report_fit(const char *name, const double *w) {
    double loss = loss_and_weight_grad(w, NULL), penalty = 0.0;
    CHECK(sr_l1_penalty_f64(w, N_FEATURES, L1, &penalty));
    printf("%-11s  final loss (mean squared error) = %.6f   objective (loss + l1*|w|_1) = %.6f\n",
           name, loss, loss + penalty);
}

/* Shows how a failed call reports itself: a negative learning rate is rejected with
 * SR_ERR_INVALID_ARGUMENT, sr_last_error() names the argument, and the output is untouched. */
static int error_demo(void) {
    double w[3] = {1.0, -2.0, 0.5}, grad[3] = {0.1, 0.1, 0.1};
    double out[3] = {42.0, 42.0, 42.0};
    sr_status st = sr_proximal_step_f64(w, grad, 3, -0.1, L1, 0.0, out);
    printf("error demo: sr_proximal_step_f64(lr = -0.1) returned %d\n", (int)st);
    printf("  sr_status_string: %s\n", sr_status_string(st));
    printf("  sr_last_error:    %s\n", sr_last_error());
    if (st != SR_ERR_INVALID_ARGUMENT) {
        fprintf(stderr, "error demo: expected SR_ERR_INVALID_ARGUMENT (%d), got %d\n",
                SR_ERR_INVALID_ARGUMENT, (int)st);
        return 1;
    }
    if (out[0] != 42.0 || out[1] != 42.0 || out[2] != 42.0) {
        fprintf(stderr, "error demo: the failed call wrote to its output\n");
        return 1;
    }
    printf("  (expected: SR_ERR_INVALID_ARGUMENT, output left untouched)\n");
    return 0;
}

int main(void) {
    double w_sub[N_FEATURES], w_prox[N_FEATURES];
    int j, zeros_sub, zeros_prox;
    int64_t threads = 0;

    if (strcmp(sr_version(), SR_VERSION_STRING) != 0) {
        fprintf(stderr, "library version %s does not match header version %s\n", sr_version(),
                SR_VERSION_STRING);
        return 1;
    }
    CHECK(sr_get_num_threads(&threads));
    printf("swiftreg %s (header %s), thread cap %" PRId64 "\n", sr_version(), SR_VERSION_STRING,
           threads);
    printf("lasso by full-batch gradient descent: n = %d samples, p = %d features, "
           "5 non-zero true weights\n",
           N_SAMPLES, N_FEATURES);
    printf("lr = %g, l1 = %g, %d iterations, noise sd = %g\n\n", LR, L1, N_ITERS, NOISE);

    make_problem();
    train(sr_subgradient_step_f64, w_sub);
    train(sr_proximal_step_f64, w_prox);

    printf("   j      true   subgradient      proximal\n");
    printf("  --  --------  ------------  ------------\n");
    for (j = 0; j < N_FEATURES; j++)
        printf("  %2d  %8.4f  %12.6f  %12.6f%s\n", j, w_true[j], w_sub[j], w_prox[j],
               w_prox[j] == 0.0 ? "  (exact 0)" : "");
    printf("\n");

    zeros_sub = count_exact_zeros(w_sub);
    zeros_prox = count_exact_zeros(w_prox);
    printf("subgradient exact zeros: %d of %d (largest |w| off the true support: %.6f; lr*l1 = %g)\n",
           zeros_sub, N_FEATURES, max_abs_off_support(w_sub), LR * L1);
    printf("proximal exact zeros: %d of %d (largest |w| off the true support: %.6f)\n",
           zeros_prox, N_FEATURES, max_abs_off_support(w_prox));
    report_fit("subgradient", w_sub);
    report_fit("proximal", w_prox);
    printf("\n");

    return error_demo();
}
