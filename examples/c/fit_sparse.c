/*
 * fit_sparse.c — a Lasso on a sparse X in compressed-sparse-column (CSC) form, through the
 * general model API of swiftreg.h (sr_fit_f64, sr_path_f64 with layout SR_LAYOUT_CSC).
 *
 * CSC is scipy's csc_matrix: for column j the stored values are X[k] for
 * k = indptr[j] .. indptr[j+1] - 1, in rows indices[k]; every other entry is 0. The library
 * reads these three arrays in place (no copy, no densifying).
 *
 * The program builds a 6 x 4 matrix by hand with 12 stored values, fits
 *     (1/(2n)) sum_i (y_i - x_i.w - b)^2 + alpha * sum_j |w_j|
 * and checks that the fit and a 5-alpha path equal those on the dense column-major copy of
 * the same matrix to 1e-10 relative. Exit status: 0 when they agree and every fit is
 * certified, 1 when a call fails, 2 when sparse and dense disagree.
 *
 * Build: see tests/check_c_example.sh (cc -std=c99 ... -lswiftreg; no libm needed).
 */
#include <stdint.h>
#include <stdio.h>

#include "swiftreg.h"

#define N 6       /* samples */
#define P 4       /* features */
#define NNZ 12    /* stored values */
#define N_ALPHAS 5

/*        col 0  col 1  col 2  col 3
 * row 0    1      .      2      .
 * row 1    .      3      .      1
 * row 2    2      .      .     -1
 * row 3    .      1      4      .
 * row 4    3      .      1      2
 * row 5    .      2      .      .      ("." = not stored, i.e. 0) */
static const int64_t indptr[P + 1] = {0, 3, 6, 9, NNZ};
static const int64_t rows[NNZ] = {0, 2, 4, /**/ 1, 3, 5, /**/ 0, 3, 4, /**/ 1, 2, 4};
static const double values[NNZ] = {1, 2, 3, /**/ 3, 1, 2, /**/ 2, 4, 1, /**/ 1, -1, 2};
/* y ~ 1 + 1.5 x0 - 2 x1 + 0.5 x2, plus a little noise; x3 is unused. */
static const double y[N] = {3.6, -4.9, 3.8, 1.1, 6.2, -3.1};

static double absd(double x) { return x < 0 ? -x : x; }

/* |a - b| <= 1e-10 * scale, scale = the largest magnitude of the quantity compared (a vector
 * is compared relative to its largest entry, so that exact zeros compare too). */
static int close_to(double a, double b, double scale) { return absd(a - b) <= 1e-10 * scale; }

static double max_abs(const double *v, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) m = absd(v[i]) > m ? absd(v[i]) : m;
    return m;
}

static int check(sr_status st, const char *what) {
    if (st == SR_OK) return 1;
    fprintf(stderr, "%s: %s\n  %s\n", what, sr_status_string(st), sr_last_error());
    return 0;
}

int main(void) {
    /* The dense column-major copy: X_dense[i + j*N], scattered from the CSC arrays. */
    double dense[N * P] = {0};
    for (int j = 0; j < P; j++)
        for (int64_t k = indptr[j]; k < indptr[j + 1]; k++) dense[rows[k] + j * N] = values[k];

    sr_problem_f64 sparse = {
        .size = sizeof sparse, .n_samples = N, .n_features = P, .layout = SR_LAYOUT_CSC,
        .X = values, .y = y, .sample_weight = NULL,
        .nnz = NNZ, .indptr = indptr, .indices = rows, .index_type = SR_INDEX_INT64,
    };
    sr_problem_f64 full = {
        .size = sizeof full, .n_samples = N, .n_features = P, .layout = SR_LAYOUT_COLUMN_MAJOR,
        .X = dense, .y = y,
    };

    sr_fit_options options;
    if (!check(sr_fit_options_init(&options, sizeof options), "sr_fit_options_init")) return 1;
    options.loss = SR_LOSS_SQUARED;
    options.penalty = SR_PENALTY_L1;
    options.alpha = 0.1;
    options.fit_intercept = 1;
    options.tol = 1e-14; /* converge to rounding, so that the two fits can be compared tightly */
    options.max_iter = 100000;

    /* One fit, sparse and dense. */
    double coef_s[P], coef_d[P];
    sr_fit_result_f64 rs = {.size = sizeof rs, .coef = coef_s};
    sr_fit_result_f64 rd = {.size = sizeof rd, .coef = coef_d};
    if (!check(sr_fit_f64(&sparse, &options, &rs), "sr_fit_f64 (CSC)")) return 1;
    if (!check(sr_fit_f64(&full, &options, &rd), "sr_fit_f64 (dense)")) return 1;

    printf("CSC %d x %d, %d stored values, Lasso alpha = %g\n", N, P, NNZ, options.alpha);
    printf("coef = [%.6f, %.6f, %.6f, %.6f], intercept = %.6f\n", coef_s[0], coef_s[1], coef_s[2],
           coef_s[3], rs.intercept);
    printf("objective = %.10f, duality gap = %.3g <= %.3g: %s\n", rs.objective, rs.dual_gap, rs.gap_tol,
           rs.converged ? "certified" : "not converged");

    int ok = rs.converged && rd.converged;
    double cscale = max_abs(coef_d, P);
    for (int j = 0; j < P; j++) ok &= close_to(coef_s[j], coef_d[j], cscale);
    ok &= close_to(rs.intercept, rd.intercept, absd(rd.intercept));
    ok &= close_to(rs.objective, rd.objective, absd(rd.objective));
    printf("fit: sparse and dense %s (1e-10 relative)\n", ok ? "agree" : "DISAGREE");
    if (!ok) {
        printf("  dense coef = [%.17g, %.17g, %.17g, %.17g], intercept = %.17g\n", coef_d[0], coef_d[1],
               coef_d[2], coef_d[3], rd.intercept);
        return 2;
    }

    /* A path over N_ALPHAS alphas log-spaced from alpha_max down to 0.01 * alpha_max. */
    double alphas_s[N_ALPHAS], alphas_d[N_ALPHAS], coefs_s[P * N_ALPHAS], coefs_d[P * N_ALPHAS];
    double icpt_s[N_ALPHAS], icpt_d[N_ALPHAS], gaps[N_ALPHAS];
    int32_t conv[N_ALPHAS];
    sr_path_result_f64 ps = {.size = sizeof ps, .n_alphas = N_ALPHAS, .alphas = alphas_s, .coefs = coefs_s,
                             .intercepts = icpt_s, .dual_gaps = gaps, .converged = conv};
    sr_path_result_f64 pd = {.size = sizeof pd, .n_alphas = N_ALPHAS, .alphas = alphas_d, .coefs = coefs_d,
                             .intercepts = icpt_d};
    if (!check(sr_path_f64(&sparse, &options, NULL, 1e-2, &ps), "sr_path_f64 (CSC)")) return 1;
    if (!check(sr_path_f64(&full, &options, NULL, 1e-2, &pd), "sr_path_f64 (dense)")) return 1;

    int path_ok = 1;
    double pscale = max_abs(coefs_d, P * N_ALPHAS);
    printf("path:    alpha      coef[0]    coef[1]    coef[2]    coef[3]  intercept\n");
    for (int k = 0; k < N_ALPHAS; k++) {
        const double *c = coefs_s + k * P;
        printf("  %10.6f %10.6f %10.6f %10.6f %10.6f %10.6f%s\n", alphas_s[k], c[0], c[1], c[2], c[3],
               icpt_s[k], conv[k] ? "" : "  (not converged)");
        path_ok &= conv[k] != 0;
        path_ok &= close_to(alphas_s[k], alphas_d[k], alphas_d[k]);
        path_ok &= close_to(icpt_s[k], icpt_d[k], absd(icpt_d[k]));
        for (int j = 0; j < P; j++) path_ok &= close_to(c[j], coefs_d[k * P + j], pscale);
    }
    /* alpha_max: every coefficient is exactly 0 at the first alpha. */
    for (int j = 0; j < P; j++) path_ok &= coefs_s[j] == 0.0;
    printf("path: sparse and dense %s (1e-10 relative)\n", path_ok ? "agree" : "DISAGREE");
    return path_ok ? 0 : 2;
}
