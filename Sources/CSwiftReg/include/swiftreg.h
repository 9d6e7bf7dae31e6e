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
#define SR_VERSION_MINOR 1
#define SR_VERSION_PATCH 0
#define SR_VERSION_STRING "0.1.0"
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
#define SR_ERR_INVALID_LENGTH    2 /* a length is negative */
#define SR_ERR_INVALID_ARGUMENT  3 /* a hyperparameter is out of range, NaN or infinite */
#define SR_ERR_INVALID_REDUCTION 4 /* reduction is not SR_REDUCTION_NONE/SUM/MEAN */
#define SR_ERR_INVALID_WEIGHT    5 /* a sample weight is negative, NaN or infinite */
#define SR_ERR_OVERLAP           6 /* an output partially overlaps an input or another output */
#define SR_ERR_INVALID_DATA      7 /* a data array (X, y) holds NaN or Inf where a model needs finite values */
#define SR_ERR_ALLOCATION        8 /* working memory could not be allocated */
#define SR_ERR_CANCELLED         9 /* a progress callback asked the computation to stop */

/* A short static description of a status ("SR_OK: success", ...); never NULL. */
const char *sr_status_string(sr_status status);

/* The message of the most recent failed call on the calling thread, naming the argument and
 * the value that was wrong; "" if no call on this thread has failed. Calls that succeed leave
 * it unchanged (like errno). The pointer stays valid until this thread's next failed call. */
const char *sr_last_error(void);

/* ---------------------------------------------------------------------------------------
 * Threads. Kernels split arrays of at least 131072 elements across up to this many threads
 * (default: the environment variable SWIFTREG_NUM_THREADS if set to a positive integer,
 * else the CPUs this process may run on). Results never depend on it.
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

/* ==== Linear models (solvers) ==== */
/* (section maintained with the model solvers; see Sources/SwiftReg/ModelExports.swift) */
/* ==== end of linear models ==== */

#ifdef __cplusplus
}
#endif

#endif /* SWIFTREG_H */
