/*
 * swiftreg.h — the C API of swiftreg: L1/L2 losses, L1/L2 penalties, their proximal
 * operators and the update rules that train with them, for float64 (_f64) and float32 (_f32).
 *
 * Conventions (every function):
 *   - returns an sr_status; SR_OK (0) on success. Results go through the pointers named out*,
 *     which come last. On failure nothing the caller owns is written, and sr_last_error()
 *     describes the failure (per thread).
 *   - lengths are int64_t and must be >= 0; a pointer may be NULL only when its length is 0
 *     (sample_weight may always be NULL: no weights).
 *   - hyperparameters are double for both dtypes and must be finite; their ranges are stated
 *     per function.
 *   - arithmetic is float64 for both dtypes; _f32 results are rounded once to float32.
 *     Reductions (sum, mean, penalty values) are summed in fixed blocks combined in a fixed
 *     order: the result is bit-identical for any number of threads.
 *   - aliasing: an output may be exactly the same buffer as an input (in place) where the
 *     function says so; outputs that partially overlap an input, or each other, are rejected
 *     with SR_ERR_OVERLAP.
 *   - NaN and Inf inside data arrays propagate as IEEE arithmetic says; they are not errors.
 *   - thread safety: every function may be called from many threads at once.
 *
 * Notation: r = y_pred - y_true, s = sample_weight (1 when NULL), sign(0) = 0.
 */
#ifndef SWIFTREG_H
#define SWIFTREG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------------------- */
#define SR_VERSION_MAJOR 0
#define SR_VERSION_MINOR 3
#define SR_VERSION_PATCH 0
#define SR_VERSION_STRING "0.3.0"
/* SR_VERSION_NUMBER = major*10000 + minor*100 + patch */
#define SR_VERSION_NUMBER (SR_VERSION_MAJOR * 10000 + SR_VERSION_MINOR * 100 + SR_VERSION_PATCH)

/* The library's version as "MAJOR.MINOR.PATCH" (static storage; never NULL). */
const char *sr_version(void);

/* ---------------------------------------------------------------------------------------
 * Status codes. Values are pinned: they never change meaning, new ones are only appended.
 * ------------------------------------------------------------------------------------- */
typedef int32_t sr_status;
#define SR_OK                    0 /* success */
#define SR_ERR_NULL_POINTER      1 /* a required pointer is NULL while its length is > 0 */
#define SR_ERR_INVALID_LENGTH    2 /* a length is negative (or below its minimum), or lengths whose product or byte size overflows 64 bits */
#define SR_ERR_INVALID_ARGUMENT  3 /* a hyperparameter is out of range, NaN or infinite */
#define SR_ERR_INVALID_REDUCTION 4 /* reduction is not SR_REDUCTION_NONE/SUM/MEAN */
#define SR_ERR_INVALID_WEIGHT    5 /* a sample weight is negative, NaN or infinite */
#define SR_ERR_OVERLAP           6 /* an output shares a byte with an input or another output (where not allowed) */
#define SR_ERR_INVALID_DATA      7 /* a data array (X, y) holds NaN or Inf where a model needs finite values */
#define SR_ERR_ALLOCATION        8 /* working memory could not be allocated */
#define SR_ERR_CANCELLED         9 /* a progress callback asked the computation to stop */
#define SR_ERR_INVALID_INDPTR   10 /* a sparse X's indptr is not 0 = indptr[0] <= ... <= indptr[n_features] = nnz */
#define SR_ERR_INVALID_INDEX    11 /* a sparse X's row index is outside [0, n_samples) or repeated within a column */
#define SR_ERR_INTERRUPTED      12 /* the caller's interrupt flag (sr_fit_options.interrupt) was set */

/* A short static description of a status ("SR_OK: success", ...); never NULL. */
const char *sr_status_string(sr_status status);

/* The message of the most recent failed call on the calling thread, naming the argument and
 * the value that was wrong; "" if no call on this thread has failed. Calls that succeed leave
 * it unchanged (like errno). The pointer stays valid until this thread's next failed call. */
const char *sr_last_error(void);

/* ---------------------------------------------------------------------------------------
 * Threads. Kernels split arrays of at least 1048576 elements across up to this many threads
 * (default: the environment variable SWIFTREG_NUM_THREADS if set to a positive integer,
 * else the number of online CPUs). Results never depend on it.
 * ------------------------------------------------------------------------------------- */

/* Sets the thread cap; n < 1 is treated as 1. Returns SR_OK. */
sr_status sr_set_num_threads(int64_t n);
/* Writes the current thread cap to *out. SR_ERR_NULL_POINTER if out is NULL. */
sr_status sr_get_num_threads(int64_t *out);

/* ---------------------------------------------------------------------------------------
 * Losses of predictions. Arguments shared by all of them:
 *   y_true, y_pred  n values each.
 *   sample_weight   n weights s_i >= 0, or NULL for s_i = 1.
 *   reduction       SR_REDUCTION_SUM:  L = sum_i s_i * l(r_i)      (*out: 1 value)
 *                   SR_REDUCTION_MEAN: L = sum_i s_i * l(r_i) / sum_i s_i, or / n without
 *                                      weights (*out: 1 value; n = 0 or sum s = 0 gives NaN)
 *                   SR_REDUCTION_NONE: out[i] = s_i * l(r_i)       (out: n values)
 * Gradients are with respect to y_pred: grad[i] = s_i * l'(r_i) * c with c = 1 for SUM and
 * NONE, c = 1 / sum_i s_i (or 1/n) for MEAN.
 * Aliasing: out and grad may be the very buffer y_true, y_pred or sample_weight (n values);
 * in the value-and-gradient calls, value and grad must be disjoint.
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_REDUCTION,
 * SR_ERR_INVALID_WEIGHT, SR_ERR_OVERLAP, and SR_ERR_INVALID_ARGUMENT for a bad delta (Huber).
 * ------------------------------------------------------------------------------------- */
#define SR_REDUCTION_NONE 0
#define SR_REDUCTION_SUM  1
#define SR_REDUCTION_MEAN 2

/* L1 (absolute) loss: l(r) = |r|.
 * Gradient: l'(r) = sign(r), with sign(0) = 0 (a subgradient). */
sr_status sr_l1_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double *out);
sr_status sr_l1_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, float *out);
sr_status sr_l1_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double *grad);
sr_status sr_l1_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, float *grad);
/* Value (as sr_l1_loss_*) and gradient (as sr_l1_loss_grad_*) in one pass. */
sr_status sr_l1_loss_value_and_grad_f64(const double *y_true, const double *y_pred,
                  const double *sample_weight, int64_t n, int32_t reduction,
                  double *value, double *grad);
sr_status sr_l1_loss_value_and_grad_f32(const float *y_true, const float *y_pred,
                  const float *sample_weight, int64_t n, int32_t reduction,
                  float *value, float *grad);

/* L2 (squared) loss: l(r) = r^2 (no 1/2).
 * Gradient: l'(r) = 2r. */
sr_status sr_l2_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double *out);
sr_status sr_l2_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, float *out);
sr_status sr_l2_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double *grad);
sr_status sr_l2_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, float *grad);
/* Value (as sr_l2_loss_*) and gradient (as sr_l2_loss_grad_*) in one pass. */
sr_status sr_l2_loss_value_and_grad_f64(const double *y_true, const double *y_pred,
                  const double *sample_weight, int64_t n, int32_t reduction,
                  double *value, double *grad);
sr_status sr_l2_loss_value_and_grad_f32(const float *y_true, const float *y_pred,
                  const float *sample_weight, int64_t n, int32_t reduction,
                  float *value, float *grad);

/* Huber loss, delta > 0: l(r) = r^2/2 if |r| <= delta, else delta*(|r| - delta/2).
 * Gradient: l'(r) = r clipped to [-delta, delta].
 * delta must be finite and > 0 (else SR_ERR_INVALID_ARGUMENT). */
sr_status sr_huber_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double delta, double *out);
sr_status sr_huber_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, double delta, float *out);
sr_status sr_huber_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight,
                  int64_t n, int32_t reduction, double delta, double *grad);
sr_status sr_huber_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight,
                  int64_t n, int32_t reduction, double delta, float *grad);
/* Value (as sr_huber_loss_*) and gradient (as sr_huber_loss_grad_*) in one pass. */
sr_status sr_huber_loss_value_and_grad_f64(const double *y_true, const double *y_pred,
                  const double *sample_weight, int64_t n, int32_t reduction, double delta,
                  double *value, double *grad);
sr_status sr_huber_loss_value_and_grad_f32(const float *y_true, const float *y_pred,
                  const float *sample_weight, int64_t n, int32_t reduction, double delta,
                  float *value, float *grad);

/* ---------------------------------------------------------------------------------------
 * Penalties on weights w (n values). Values go to *out (1 value); gradients to out (n values).
 * lam, l1, l2 must be finite and >= 0.
 * Aliasing: a gradient's out may be the very buffer w (in place).
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT,
 * SR_ERR_OVERLAP (gradients).
 * ------------------------------------------------------------------------------------- */

/* L1 penalty: *out = lam * sum_j |w_j|. */
sr_status sr_l1_penalty_f64(const double *w, int64_t n, double lam, double *out);
sr_status sr_l1_penalty_f32(const float *w, int64_t n, double lam, float *out);
/* out[j] = lam * sign(w_j), sign(0) = 0. */
sr_status sr_l1_penalty_grad_f64(const double *w, int64_t n, double lam, double *out);
sr_status sr_l1_penalty_grad_f32(const float *w, int64_t n, double lam, float *out);

/* L2 penalty: *out = lam * sum_j w_j^2 (no 1/2). */
sr_status sr_l2_penalty_f64(const double *w, int64_t n, double lam, double *out);
sr_status sr_l2_penalty_f32(const float *w, int64_t n, double lam, float *out);
/* out[j] = 2 * lam * w_j. */
sr_status sr_l2_penalty_grad_f64(const double *w, int64_t n, double lam, double *out);
sr_status sr_l2_penalty_grad_f32(const float *w, int64_t n, double lam, float *out);

/* Elastic-net penalty: *out = l1 * sum_j |w_j| + l2 * sum_j w_j^2. */
sr_status sr_elastic_net_penalty_f64(const double *w, int64_t n, double l1, double l2, double *out);
sr_status sr_elastic_net_penalty_f32(const float *w, int64_t n, double l1, double l2, float *out);
/* out[j] = l1 * sign(w_j) + 2 * l2 * w_j. */
sr_status sr_elastic_net_penalty_grad_f64(const double *w, int64_t n, double l1, double l2, double *out);
sr_status sr_elastic_net_penalty_grad_f32(const float *w, int64_t n, double l1, double l2, float *out);

/* ---------------------------------------------------------------------------------------
 * Proximal operators: out = prox_{step*g}(v) = argmin_u step*g(u) + |u - v|^2 / 2,
 * elementwise over n values. step must be finite and > 0; lam, l1, l2 finite and >= 0.
 * Aliasing: out may be the very buffer v (in place).
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT,
 * SR_ERR_OVERLAP. Bound: |out[j]| <= |v[j]|.
 * ------------------------------------------------------------------------------------- */

/* g = lam*|.|_1: soft-thresholding, out[j] = sign(v_j) * max(|v_j| - step*lam, 0)
 * (exactly 0 where |v_j| <= step*lam). */
sr_status sr_l1_prox_f64(const double *v, int64_t n, double lam, double step, double *out);
sr_status sr_l1_prox_f32(const float *v, int64_t n, double lam, double step, float *out);

/* g = lam*|.|^2: shrinkage, out[j] = v_j / (1 + 2*step*lam). */
sr_status sr_l2_prox_f64(const double *v, int64_t n, double lam, double step, double *out);
sr_status sr_l2_prox_f32(const float *v, int64_t n, double lam, double step, float *out);

/* g = l1*|.|_1 + l2*|.|^2: out[j] = soft(v_j, step*l1) / (1 + 2*step*l2). */
sr_status sr_elastic_net_prox_f64(const double *v, int64_t n, double l1, double l2, double step, double *out);
sr_status sr_elastic_net_prox_f32(const float *v, int64_t n, double l1, double l2, double step, float *out);

/* ---------------------------------------------------------------------------------------
 * Update steps for weights w given the loss gradient grad (n values each), with the
 * penalty l1*sum|w| + l2*sum w^2. lr must be finite and > 0; l1, l2 finite and >= 0.
 * Aliasing: out may be the very buffer w or grad (in place).
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT,
 * SR_ERR_OVERLAP.
 * ------------------------------------------------------------------------------------- */

/* Subgradient step: out[j] = w_j - lr * (grad_j + l1 * sign(w_j) + 2 * l2 * w_j).
 * With a fixed lr it leaves weights oscillating within about lr*l1 of 0, never exactly 0. */
sr_status sr_subgradient_step_f64(const double *w, const double *grad, int64_t n, double lr,
                  double l1, double l2, double *out);
sr_status sr_subgradient_step_f32(const float *w, const float *grad, int64_t n, double lr,
                  double l1, double l2, float *out);

/* Proximal step: out[j] = soft(w_j - lr*grad_j, lr*l1) / (1 + 2*lr*l2).
 * Exactly 0 wherever |w_j - lr*grad_j| <= lr*l1. */
sr_status sr_proximal_step_f64(const double *w, const double *grad, int64_t n, double lr,
                  double l1, double l2, double *out);
sr_status sr_proximal_step_f32(const float *w, const float *grad, int64_t n, double lr,
                  double l1, double l2, float *out);

/* ==== Linear models ==== */
/* Codes and the callback shared by the model functions below (sr_fit_*, sr_path_*). */

/* Coordinate order (sr_fit_options.selection, scikit-learn's selection). */
#define SR_SELECTION_CYCLIC 0
#define SR_SELECTION_RANDOM 1 /* seeded by `seed`: deterministic */
/* Gradient bookkeeping of the squared loss's coordinate descent (sr_fit_options.precompute). */
#define SR_PRECOMPUTE_AUTO 0 /* GRAM when n_samples > 2*n_features and n_features <= 2000 */
#define SR_PRECOMPUTE_GRAM 1 /* covariance updates; Gram columns computed lazily */
#define SR_PRECOMPUTE_NONE 2 /* residual updates */

/* Progress callback of long computations: called after each completed step with
 * done = 1..total; return 0 to continue, non-zero to stop (the call then returns
 * SR_ERR_CANCELLED and writes nothing). It runs on the calling thread. */
typedef int32_t (*sr_progress_fn)(int64_t done, int64_t total, void *ctx);

/* ==== Every loss with every penalty ====
 *
 * One fit and one path function for the whole grid of datafits x penalties:
 *
 *   minimise over w, b   F(r) + alpha * ( rho * sum_j f_j |w_j| + (1 - rho)/2 * sum_j g_j w_j^2 )
 *   subject to           lower_j <= w_j <= upper_j,          r_i = y_i - x_i.w - b
 *
 * with S = sum_i s_i (s = sample_weight, all 1 when NULL) and the datafit F one of
 *   SR_LOSS_SQUARED    1/(2S) * sum_i s_i r_i^2
 *   SR_LOSS_ABSOLUTE   1/S * sum_i s_i |r_i|
 *   SR_LOSS_QUANTILE   1/S * sum_i s_i rho_tau(r_i),  rho_tau(r) = max(tau*r, (tau - 1)*r)
 *                      (tau = quantile in (0, 1); tau = 0.5 is half the absolute loss)
 *   SR_LOSS_HUBER      1/S * sum_i s_i H(r_i),  H(r) = r^2/2 if |r| <= delta,
 *                      delta*(|r| - delta/2) otherwise (delta > 0)
 *   SR_LOSS_HUBER_SCALED  1/(2S) * sum_i s_i sigma (1 + H~(r_i/sigma)), minimised over sigma > 0 too,
 *                      H~(z) = z^2 if |z| <= epsilon, 2 epsilon |z| - epsilon^2 otherwise (epsilon =
 *                      delta): scikit-learn's HuberRegressor objective divided by 2S (its alpha is
 *                      alpha*S here, with the L2 penalty). The scale goes to result->scale;
 *                      dual_gap is the duality gap of the joint problem in (w, b, sigma): the
 *                      dual of min over sigma is u^T y - R*(X^T u) over |u_i| <= epsilon s_i/S,
 *                      sum_i u_i^2 S/s_i <= 1, so the gap bounds the objective at (coef,
 *                      intercept, scale) minus the joint minimum.
 * rho = 1 for SR_PENALTY_L1, 0 for SR_PENALTY_L2, l1_ratio for SR_PENALTY_ELASTIC_NET; no
 * penalty term for SR_PENALTY_NONE. f = l1_factor, g = l2_factor (glmnet's penalty.factor,
 * separately for each part; NULL = all 1; l2_factor NULL takes l1_factor's values). b is never
 * penalised (b = 0 without fit_intercept). These are scikit-learn's scalings: squared loss +
 * L1/elastic net is its Lasso/ElasticNet objective, quantile + L1 its QuantileRegressor's.
 *
 * Every fit is certified by its duality gap P - D >= 0 (a bound on the suboptimality, in the
 * objective's units) and stops when gap <= gap_tol, where gap_tol = tol * sum_i s_i (y_i - ybar)^2 / S
 * for the squared loss (scikit-learn's rule) and tol * F(y - ybar) for the others (ybar: the
 * weighted mean of y, 0 without an intercept); where a box excludes 0, y - ybar - X*clip(0)
 * takes the place of y - ybar in both (clip(0): each coefficient's bound nearest 0, or 0).
 * ------------------------------------------------------------------------------------- */

/* Datafits (sr_fit_options.loss). */
#define SR_LOSS_SQUARED  0
#define SR_LOSS_ABSOLUTE 1
#define SR_LOSS_QUANTILE 2
#define SR_LOSS_HUBER    3
#define SR_LOSS_HUBER_SCALED 4 /* Huber with a fitted scale sigma (scikit-learn's HuberRegressor), see below */
/* Penalties (sr_fit_options.penalty). */
#define SR_PENALTY_NONE        0
#define SR_PENALTY_L1          1
#define SR_PENALTY_L2          2
#define SR_PENALTY_ELASTIC_NET 3
/* Methods (sr_fit_options.solver; sr_fit_result.solver says which ran). */
#define SR_FIT_SOLVER_AUTO           0 /* per datafit: CD for squared and Huber, IPM for absolute/quantile, CHOLESKY for squared + L2 alone */
#define SR_FIT_SOLVER_CD             1 /* coordinate descent with working sets (smooth datafits) */
#define SR_FIT_SOLVER_FISTA          2 /* accelerated proximal gradient (squared loss, no bounds but w >= 0) */
#define SR_FIT_SOLVER_SUBGRADIENT    3 /* w <- w - lr*(g + l1*sign(w) + 2*l2*w) (squared loss): never exact zeros */
#define SR_FIT_SOLVER_INTERIOR_POINT 4 /* interior point, then an exact vertex for linear programmes (absolute, quantile) */
#define SR_FIT_SOLVER_CHOLESKY       5 /* normal equations (squared loss + L2 with uniform factors, no bounds) */
/* Layouts of X (sr_problem.layout). Values are pinned. */
#define SR_LAYOUT_COLUMN_MAJOR 0 /* X[i + j*n_samples] (Fortran order) */
#define SR_LAYOUT_ROW_MAJOR    1 /* X[i*n_features + j] (C order); copied to column-major once */
#define SR_LAYOUT_CSC          2 /* compressed sparse columns (scipy's csc_matrix): see below */
/* Types of a sparse X's row indices (sr_problem.index_type). */
#define SR_INDEX_INT64 0 /* const int64_t * */
#define SR_INDEX_INT32 1 /* const int32_t * (needs n_samples <= 2147483647) */

/* The data. Set size = sizeof(sr_problem_f64). X, y: finite values (else SR_ERR_INVALID_DATA);
 * sample_weight: n_samples values >= 0 with a positive sum, or NULL. Never modified.
 *
 * Sparse X (layout = SR_LAYOUT_CSC; size must cover index_type): the stored values of column j
 * are X[k] for k = indptr[j] .. indptr[j+1] - 1, in rows indices[k]; every other entry is 0.
 * This is scipy's CSC form, read in place (never copied or densified):
 *   - indptr: n_features + 1 values with 0 = indptr[0] <= indptr[1] <= ... <= indptr[n_features]
 *     = nnz, else SR_ERR_INVALID_INDPTR naming the first bad position;
 *   - indices: nnz row numbers in [0, n_samples), each row at most once per column (rows within
 *     a column may come in any order; scipy's sum_duplicates() merges repeated ones), else
 *     SR_ERR_INVALID_INDEX naming the position;
 *   - X: the nnz stored values, finite (else SR_ERR_INVALID_DATA naming the position).
 * Every loss, penalty, fit and path accepts it; the work of a coordinate step grows with the
 * stored values of its column, not with n_samples. The intercept centres the columns implicitly
 * (the weighted column means are kept apart and folded into each inner product) for the
 * squared loss; for the Huber losses the intercept takes its own coordinate step on the
 * uncentred columns. SR_FIT_SOLVER_CHOLESKY, _FISTA and _SUBGRADIENT are dense-only
 * (SR_ERR_INVALID_ARGUMENT); the absolute and quantile losses' exact method copies X to a dense
 * column-major matrix when n_samples * n_features <= 16777216 and returns SR_ERR_INVALID_ARGUMENT
 * beyond that. */
typedef struct sr_problem_f64 {
    int64_t size;
    int64_t n_samples;           /* >= 1 */
    int64_t n_features;          /* >= 0 */
    int32_t layout;              /* SR_LAYOUT_* */
    int32_t reserved;            /* 0 */
    const double *X;             /* dense: n_samples x n_features in `layout` order; CSC: nnz values */
    const double *y;             /* n_samples */
    const double *sample_weight; /* n_samples, or NULL */
    /* SR_LAYOUT_CSC only (ignored for dense X): */
    int64_t nnz;                 /* >= 0: the number of stored values */
    const int64_t *indptr;       /* n_features + 1 */
    const void *indices;         /* nnz row numbers of type index_type */
    int32_t index_type;          /* SR_INDEX_INT64 or SR_INDEX_INT32 */
    int32_t reserved2;           /* 0 */
} sr_problem_f64;
typedef struct sr_problem_f32 {
    int64_t size;
    int64_t n_samples;
    int64_t n_features;
    int32_t layout;
    int32_t reserved;
    const float *X;
    const float *y;
    const float *sample_weight;
    int64_t nnz;
    const int64_t *indptr;
    const void *indices;
    int32_t index_type;
    int32_t reserved2;
} sr_problem_f32;

/* The model and how to fit it, for both dtypes. Fill it with sr_fit_options_init(), then set
 * fields. Defaults in brackets. Arrays are n_features doubles, read only during the call. */
typedef struct sr_fit_options {
    int64_t size;                /* sizeof(sr_fit_options) (set by sr_fit_options_init) */
    int32_t loss;                /* SR_LOSS_* [SR_LOSS_SQUARED] */
    int32_t penalty;             /* SR_PENALTY_* [SR_PENALTY_L1] */
    double alpha;                /* >= 0, finite [1] */
    double l1_ratio;             /* rho in [0, 1] of SR_PENALTY_ELASTIC_NET [0.5] */
    double delta;                /* Huber's delta > 0 [1.35] */
    double quantile;             /* tau in (0, 1) of SR_LOSS_QUANTILE [0.5] */
    const double *l1_factor;     /* f_j >= 0, finite, or NULL for all 1 [NULL] */
    const double *l2_factor;     /* g_j >= 0, finite, or NULL for l1_factor's values [NULL] */
    const double *lower_bounds;  /* lower_j < +inf (may be -INFINITY), or NULL for -inf [NULL] */
    const double *upper_bounds;  /* upper_j >= lower_j, > -inf (may be INFINITY), or NULL for +inf [NULL] */
    int32_t fit_intercept;       /* [1] */
    int32_t solver;              /* SR_FIT_SOLVER_* [SR_FIT_SOLVER_AUTO] */
    int64_t max_iter;            /* >= 1: sweeps (CD), iterations (FISTA, IPM) [1000] */
    double tol;                  /* >= 0: relative gap tolerance, see above [1e-4] */
    int32_t selection;           /* SR_SELECTION_* (squared-loss CD) [SR_SELECTION_CYCLIC] */
    int32_t precompute;          /* SR_PRECOMPUTE_* (squared-loss CD) [SR_PRECOMPUTE_AUTO] */
    uint64_t seed;               /* of SR_SELECTION_RANDOM [0] */
    double learning_rate;        /* SR_FIT_SOLVER_SUBGRADIENT's step, 0 = 1/L [0] */
    int32_t warm_start;          /* non-zero: result->coef is read as the start [0]; a start at
                                    which X*coef or the penalty overflows is not used (clip(0)) */
    int32_t reserved;            /* 0 */
    sr_progress_fn progress;     /* sr_path: called after each alpha; NULL = none [NULL] */
    void *progress_context;      /* passed to progress [NULL] */
    /* appended: a size that ends before this field reads as interrupt = NULL */
    const volatile int32_t *interrupt; /* a flag the call polls, or NULL [NULL]; see below */
} sr_fit_options;

/* Interrupting a call: when options->interrupt is not NULL, sr_fit_*, sr_path_* and
 * sr_cv_path_* read *interrupt at checkpoints inside every solver (each coordinate-descent
 * sweep and a few columns within it, each FISTA, subgradient or interior-point iteration,
 * each block of a Gram matrix or Cholesky factor, each alpha of a path, each fold), from the
 * calling thread and the fold threads, while they run. Once it is non-zero the call stops at
 * its next checkpoint (typically well under 0.1 s later) and returns SR_ERR_INTERRUPTED,
 * writing none of its outputs. The flag may be set from another thread or from a signal
 * handler (a plain store of a non-zero value to a volatile int32_t); the library never writes
 * it, so the caller clears it before its next call. A flag already set makes the call return
 * SR_ERR_INTERRUPTED at its first checkpoint. */

/* Fills *options with the defaults above and options->size = size, which must be
 * sizeof(sr_fit_options) as the caller's header defines it (a larger size from a newer header
 * is accepted: the fields this library does not know are zeroed; the size of an older header,
 * one that ends before `interrupt`, is accepted too, and only those `size` bytes are written).
 * The model functions likewise read only options->size bytes (interrupt = NULL when the size
 * leaves it out).
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_ARGUMENT (size too small). */
sr_status sr_fit_options_init(sr_fit_options *options, int64_t size);

/* One fit's results. Set size = sizeof(sr_fit_result_f64) and coef to n_features writable
 * values (read first as the starting point when options->warm_start); the call fills the rest. */
typedef struct sr_fit_result_f64 {
    int64_t size;
    double *coef;                /* n_features */
    double intercept;
    double objective;            /* F + penalty at (coef, intercept) */
    double dual_gap;             /* P - D >= 0, the certificate */
    double gap_tol;              /* the gap that had to be reached */
    int64_t n_iter;
    int32_t converged;           /* dual_gap <= gap_tol */
    int32_t solver;              /* the SR_FIT_SOLVER_* that ran */
    double scale;                /* SR_LOSS_HUBER_SCALED: the fitted sigma; 0 otherwise */
} sr_fit_result_f64;
typedef struct sr_fit_result_f32 {
    int64_t size;
    float *coef;
    double intercept;
    double objective;
    double dual_gap;
    double gap_tol;
    int64_t n_iter;
    int32_t converged;
    int32_t solver;
    double scale;
} sr_fit_result_f32;

/* Fits the model (see above). On failure nothing the caller owns is written.
 * Aliasing: checked on byte ranges whatever the types: coef must not share a byte with the
 * problem's or the options' arrays, with the problem, options or result structs (the result's
 * scalar fields included), else SR_ERR_OVERLAP naming both.
 * Statuses: SR_OK, SR_ERR_NULL_POINTER (problem, options, result, X, y, coef),
 * SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT (naming the field: size, layout, loss,
 * penalty, alpha, l1_ratio, delta, quantile, l1_factor[j], l2_factor[j], lower_bounds[j],
 * upper_bounds[j], solver (one the datafit does not support), max_iter, tol, learning_rate,
 * selection, precompute, n_samples), SR_ERR_INVALID_WEIGHT, SR_ERR_INVALID_DATA,
 * SR_ERR_OVERLAP, SR_ERR_ALLOCATION, SR_ERR_INTERRUPTED (options->interrupt was set). */
sr_status sr_fit_f64(const sr_problem_f64 *problem, const sr_fit_options *options, sr_fit_result_f64 *result);
sr_status sr_fit_f32(const sr_problem_f32 *problem, const sr_fit_options *options, sr_fit_result_f32 *result);

/* A path's results: n_alphas fits, each warm-started from the previous one. Set size and
 * n_alphas; alphas and coefs are required, the other arrays may be NULL (not written). */
typedef struct sr_path_result_f64 {
    int64_t size;
    int64_t n_alphas;            /* >= 1 */
    double *alphas;              /* n_alphas: the alphas used */
    double *coefs;               /* n_features x n_alphas: coefs[j + k*n_features] at alphas[k] */
    double *intercepts;          /* n_alphas, or NULL */
    double *objectives;          /* n_alphas, or NULL */
    double *dual_gaps;           /* n_alphas, or NULL */
    double *gap_tols;            /* n_alphas, or NULL */
    int64_t *n_iters;            /* n_alphas, or NULL */
    int32_t *converged;          /* n_alphas, or NULL */
} sr_path_result_f64;
typedef struct sr_path_result_f32 {
    int64_t size;
    int64_t n_alphas;
    double *alphas;
    float *coefs;
    double *intercepts;
    double *objectives;
    double *dual_gaps;
    double *gap_tols;
    int64_t *n_iters;
    int32_t *converged;
} sr_path_result_f32;

/* The path over `alphas` (n_alphas values >= 0, used in their order; options->alpha is
 * ignored) or, with alphas NULL, over n_alphas values log-spaced from alpha_max down to
 * eps*alpha_max (0 < eps < 1; alpha_max: an alpha at which every penalised coefficient is 0, or
 * its bound nearest 0, certified by the datafit's subgradient at the fit of the rest: the smallest
 * such alpha for the smooth losses; needs an L1 part, rho > 0). options->progress is
 * called after each alpha (non-zero return: SR_ERR_CANCELLED, nothing written).
 * `alphas` may be result->alphas itself (read before written); every other output array must
 * not share a byte with another output, an input array or the structs (SR_ERR_OVERLAP). Statuses: those of sr_fit_*,
 * SR_ERR_INVALID_ARGUMENT also for n_alphas, eps, alphas[k], SR_ERR_CANCELLED,
 * SR_ERR_INTERRUPTED. */
sr_status sr_path_f64(const sr_problem_f64 *problem, const sr_fit_options *options,
                      const double *alphas, double eps, sr_path_result_f64 *result);
sr_status sr_path_f32(const sr_problem_f32 *problem, const sr_fit_options *options,
                      const double *alphas, double eps, sr_path_result_f32 *result);

/* ---------------------------------------------------------------------------------------
 * Cross-validation: K folds, one path per fold, on up to n_threads threads.
 *
 * The full data's path (as sr_path_*, written to `path`) gives the alpha grid (alphas, or the
 * automatic grid of the full data); each fold fits the path over that grid on its training
 * samples (the held-out ones weigh 0: the fit of the training rows alone) and scores each alpha
 * by the sample_weight-weighted mean over its held-out samples of
 *   e(r) = r^2 (SR_LOSS_SQUARED: the mean squared error), |r| (ABSOLUTE), rho_tau(r) (QUANTILE),
 *          H_delta(r) (HUBER, HUBER_SCALED),
 * r = y - x.w - b. cv_mean is the mean of the folds' errors (scikit-learn's mse_path_.mean over
 * folds), cv_std its standard error sd/sqrt(K) (glmnet's cvsd with equal fold weights);
 * index_min is the alpha of the smallest cv_mean (the largest alpha among ties) and index_1se
 * the largest alpha whose cv_mean <= cv_mean[index_min] + cv_std[index_min] (glmnet's
 * lambda.min and lambda.1se). Each fold's arithmetic does not depend on the thread count: the
 * results are bit-identical for any n_threads. options->progress counts alphas over the full
 * path and the folds (total (K + 1) * n_alphas), called from one thread at a time.
 * ------------------------------------------------------------------------------------- */

/* Roles of a sample in a fold (sr_cv_options.roles). */
#define SR_CV_UNUSED 0
#define SR_CV_TRAIN  1
#define SR_CV_TEST   2

typedef struct sr_cv_options {
    int64_t size;                /* sizeof(sr_cv_options) */
    int64_t n_folds;             /* K >= 2 (<= n_samples for contiguous folds or foldid) */
    const int64_t *foldid;       /* n_samples values in [0, K): sample i is held out in fold foldid[i]
                                    and trains the others (glmnet's foldid); or NULL */
    const int8_t *roles;         /* K x n_samples SR_CV_* values, roles[i + k*n_samples] (any splitter:
                                    a fold may leave samples unused); or NULL. At most one of foldid
                                    and roles; both NULL: K contiguous folds, the first n_samples % K
                                    one sample larger (scikit-learn's KFold without shuffling) */
    int32_t n_threads;           /* folds run on up to this many threads; 0: sr_get_num_threads() */
    int32_t reserved;            /* 0 */
} sr_cv_options;

typedef struct sr_cv_result {
    int64_t size;                /* sizeof(sr_cv_result) */
    double *fold_errors;         /* K x n_alphas: fold_errors[i + k*n_alphas] (fold k, alphas[i]), or NULL */
    double *cv_mean;             /* n_alphas */
    double *cv_std;              /* n_alphas */
    int64_t index_min;           /* out: index into alphas */
    int64_t index_1se;           /* out */
} sr_cv_result;

/* Cross-validates the path of sr_path_* (same problem, options, alphas, eps; path->n_alphas
 * sets the grid length, path's arrays receive the full data's path). Every fold must hold a
 * held-out sample and training samples with a positive weight sum. Statuses: those of
 * sr_path_*, SR_ERR_INVALID_ARGUMENT for n_folds, foldid[i], roles, an empty fold, n_threads < 0,
 * both foldid and roles; SR_ERR_OVERLAP for outputs overlapping inputs or each other.
 * Nothing is written on error. */
sr_status sr_cv_path_f64(const sr_problem_f64 *problem, const sr_fit_options *options,
                         const double *alphas, double eps, const sr_cv_options *cv,
                         sr_path_result_f64 *path, sr_cv_result *result);
sr_status sr_cv_path_f32(const sr_problem_f32 *problem, const sr_fit_options *options,
                         const double *alphas, double eps, const sr_cv_options *cv,
                         sr_path_result_f32 *path, sr_cv_result *result);

/* The duality gap of the squared loss + elastic net (penalty_factor as l1_factor = l2_factor)
 * from sufficient statistics, for solvers that hold the data themselves (a distributed
 * driver keeps its own loop and asks the library for the certificate). With weights s,
 * X~ = sqrt(s)(X - xbar), y~ = sqrt(s)(y - ybar) (xbar, ybar weighted means, 0 without an
 * intercept) and r~ = y~ - X~ coef:
 *   correlations     X~' r~ (n_features values)
 *   residual_norm_sq |r~|^2;  residual_dot_y  r~' y~;  column_norm_sq  |x~_j|^2 (n_features)
 *   weight_sum       S = sum s > 0;  alpha >= 0, l1_ratio in [0, 1], positive as in sr_fit
 *   penalty_factor   n_features values >= 0, or NULL (all 1)
 *   unpenalised_gram n_features x n_unpenalised, column-major: column k = X~' x~_j for the k-th
 *                    feature (in index order) with penalty_factor 0 and column_norm_sq > 0;
 *                    unpenalised_q: x~_j' y~ for those. NULL (and n_unpenalised 0) when there
 *                    are none; required otherwise (the dual point is projected with them).
 * *gap receives the gap in the objective's units (what sr_fit reports as dual_gap, and stops on).
 * Statuses: SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT (alpha,
 * l1_ratio, weight_sum, penalty_factor[j], unpenalised_gram, residual_*), SR_ERR_INVALID_DATA
 * (non-finite correlations, coef, column_norm_sq), SR_ERR_ALLOCATION. */
sr_status sr_enet_gap_f64(const double *correlations, const double *coef, int64_t n_features,
                          double residual_norm_sq, double residual_dot_y,
                          const double *column_norm_sq, double weight_sum, double alpha,
                          double l1_ratio, const double *penalty_factor, int32_t positive,
                          const double *unpenalised_gram, int64_t n_unpenalised,
                          const double *unpenalised_q, double *gap);

/* ==== end of linear models ==== */

#ifdef __cplusplus
}
#endif

#endif /* SWIFTREG_H */
