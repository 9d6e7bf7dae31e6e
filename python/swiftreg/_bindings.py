"""ctypes bindings: one per C function of ``swiftreg.h``, argument types set once.

No logic lives here. Pointers are passed as plain integers (``c_void_p``): the array layer
(``_arrays.py``) has already checked dtype, contiguity and length. ``ctypes.CDLL`` releases
the GIL during every call. The C prototype stands above each binding.
"""

from __future__ import annotations

import ctypes

from ._loader import load_library
from ._version import __version__

_lib = load_library(__version__)

_P = ctypes.c_void_p
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32
_D = ctypes.c_double
_STR = ctypes.c_char_p


def _bind(name: str, restype, *argtypes):
    fn = getattr(_lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


# const char *sr_version(void);
sr_version = _bind("sr_version", _STR)

# const char *sr_status_string(sr_status status);
sr_status_string = _bind("sr_status_string", _STR, _I32)

# const char *sr_last_error(void);
sr_last_error = _bind("sr_last_error", _STR)

# sr_status sr_set_num_threads(int64_t n);
sr_set_num_threads = _bind("sr_set_num_threads", _I32, _I64)

# sr_status sr_get_num_threads(int64_t *out);
sr_get_num_threads = _bind("sr_get_num_threads", _I32, _P)

# sr_status sr_l1_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *out);
sr_l1_loss_f64 = _bind("sr_l1_loss_f64", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l1_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *out);
sr_l1_loss_f32 = _bind("sr_l1_loss_f32", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l1_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *grad);
sr_l1_loss_grad_f64 = _bind("sr_l1_loss_grad_f64", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l1_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *grad);
sr_l1_loss_grad_f32 = _bind("sr_l1_loss_grad_f32", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l1_loss_value_and_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *value, double *grad);
sr_l1_loss_value_and_grad_f64 = _bind(
    "sr_l1_loss_value_and_grad_f64", _I32, _P, _P, _P, _I64, _I32, _P, _P
)

# sr_status sr_l1_loss_value_and_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *value, float *grad);
sr_l1_loss_value_and_grad_f32 = _bind(
    "sr_l1_loss_value_and_grad_f32", _I32, _P, _P, _P, _I64, _I32, _P, _P
)

# sr_status sr_l2_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *out);
sr_l2_loss_f64 = _bind("sr_l2_loss_f64", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l2_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *out);
sr_l2_loss_f32 = _bind("sr_l2_loss_f32", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l2_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *grad);
sr_l2_loss_grad_f64 = _bind("sr_l2_loss_grad_f64", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l2_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *grad);
sr_l2_loss_grad_f32 = _bind("sr_l2_loss_grad_f32", _I32, _P, _P, _P, _I64, _I32, _P)

# sr_status sr_l2_loss_value_and_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double *value, double *grad);
sr_l2_loss_value_and_grad_f64 = _bind(
    "sr_l2_loss_value_and_grad_f64", _I32, _P, _P, _P, _I64, _I32, _P, _P
)

# sr_status sr_l2_loss_value_and_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, float *value, float *grad);
sr_l2_loss_value_and_grad_f32 = _bind(
    "sr_l2_loss_value_and_grad_f32", _I32, _P, _P, _P, _I64, _I32, _P, _P
)

# sr_status sr_huber_loss_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double delta, double *out);
sr_huber_loss_f64 = _bind("sr_huber_loss_f64", _I32, _P, _P, _P, _I64, _I32, _D, _P)

# sr_status sr_huber_loss_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, double delta, float *out);
sr_huber_loss_f32 = _bind("sr_huber_loss_f32", _I32, _P, _P, _P, _I64, _I32, _D, _P)

# sr_status sr_huber_loss_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double delta, double *grad);
sr_huber_loss_grad_f64 = _bind("sr_huber_loss_grad_f64", _I32, _P, _P, _P, _I64, _I32, _D, _P)

# sr_status sr_huber_loss_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, double delta, float *grad);
sr_huber_loss_grad_f32 = _bind("sr_huber_loss_grad_f32", _I32, _P, _P, _P, _I64, _I32, _D, _P)

# sr_status sr_huber_loss_value_and_grad_f64(const double *y_true, const double *y_pred, const double *sample_weight, int64_t n, int32_t reduction, double delta, double *value, double *grad);
sr_huber_loss_value_and_grad_f64 = _bind(
    "sr_huber_loss_value_and_grad_f64", _I32, _P, _P, _P, _I64, _I32, _D, _P, _P
)

# sr_status sr_huber_loss_value_and_grad_f32(const float *y_true, const float *y_pred, const float *sample_weight, int64_t n, int32_t reduction, double delta, float *value, float *grad);
sr_huber_loss_value_and_grad_f32 = _bind(
    "sr_huber_loss_value_and_grad_f32", _I32, _P, _P, _P, _I64, _I32, _D, _P, _P
)

# sr_status sr_l1_penalty_f64(const double *w, int64_t n, double lam, double *out);
sr_l1_penalty_f64 = _bind("sr_l1_penalty_f64", _I32, _P, _I64, _D, _P)

# sr_status sr_l1_penalty_f32(const float *w, int64_t n, double lam, float *out);
sr_l1_penalty_f32 = _bind("sr_l1_penalty_f32", _I32, _P, _I64, _D, _P)

# sr_status sr_l1_penalty_grad_f64(const double *w, int64_t n, double lam, double *out);
sr_l1_penalty_grad_f64 = _bind("sr_l1_penalty_grad_f64", _I32, _P, _I64, _D, _P)

# sr_status sr_l1_penalty_grad_f32(const float *w, int64_t n, double lam, float *out);
sr_l1_penalty_grad_f32 = _bind("sr_l1_penalty_grad_f32", _I32, _P, _I64, _D, _P)

# sr_status sr_l2_penalty_f64(const double *w, int64_t n, double lam, double *out);
sr_l2_penalty_f64 = _bind("sr_l2_penalty_f64", _I32, _P, _I64, _D, _P)

# sr_status sr_l2_penalty_f32(const float *w, int64_t n, double lam, float *out);
sr_l2_penalty_f32 = _bind("sr_l2_penalty_f32", _I32, _P, _I64, _D, _P)

# sr_status sr_l2_penalty_grad_f64(const double *w, int64_t n, double lam, double *out);
sr_l2_penalty_grad_f64 = _bind("sr_l2_penalty_grad_f64", _I32, _P, _I64, _D, _P)

# sr_status sr_l2_penalty_grad_f32(const float *w, int64_t n, double lam, float *out);
sr_l2_penalty_grad_f32 = _bind("sr_l2_penalty_grad_f32", _I32, _P, _I64, _D, _P)

# sr_status sr_elastic_net_penalty_f64(const double *w, int64_t n, double l1, double l2, double *out);
sr_elastic_net_penalty_f64 = _bind("sr_elastic_net_penalty_f64", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_elastic_net_penalty_f32(const float *w, int64_t n, double l1, double l2, float *out);
sr_elastic_net_penalty_f32 = _bind("sr_elastic_net_penalty_f32", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_elastic_net_penalty_grad_f64(const double *w, int64_t n, double l1, double l2, double *out);
sr_elastic_net_penalty_grad_f64 = _bind(
    "sr_elastic_net_penalty_grad_f64", _I32, _P, _I64, _D, _D, _P
)

# sr_status sr_elastic_net_penalty_grad_f32(const float *w, int64_t n, double l1, double l2, float *out);
sr_elastic_net_penalty_grad_f32 = _bind(
    "sr_elastic_net_penalty_grad_f32", _I32, _P, _I64, _D, _D, _P
)

# sr_status sr_l1_prox_f64(const double *v, int64_t n, double lam, double step, double *out);
sr_l1_prox_f64 = _bind("sr_l1_prox_f64", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_l1_prox_f32(const float *v, int64_t n, double lam, double step, float *out);
sr_l1_prox_f32 = _bind("sr_l1_prox_f32", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_l2_prox_f64(const double *v, int64_t n, double lam, double step, double *out);
sr_l2_prox_f64 = _bind("sr_l2_prox_f64", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_l2_prox_f32(const float *v, int64_t n, double lam, double step, float *out);
sr_l2_prox_f32 = _bind("sr_l2_prox_f32", _I32, _P, _I64, _D, _D, _P)

# sr_status sr_elastic_net_prox_f64(const double *v, int64_t n, double l1, double l2, double step, double *out);
sr_elastic_net_prox_f64 = _bind("sr_elastic_net_prox_f64", _I32, _P, _I64, _D, _D, _D, _P)

# sr_status sr_elastic_net_prox_f32(const float *v, int64_t n, double l1, double l2, double step, float *out);
sr_elastic_net_prox_f32 = _bind("sr_elastic_net_prox_f32", _I32, _P, _I64, _D, _D, _D, _P)

# sr_status sr_subgradient_step_f64(const double *w, const double *grad, int64_t n, double lr, double l1, double l2, double *out);
sr_subgradient_step_f64 = _bind("sr_subgradient_step_f64", _I32, _P, _P, _I64, _D, _D, _D, _P)

# sr_status sr_subgradient_step_f32(const float *w, const float *grad, int64_t n, double lr, double l1, double l2, float *out);
sr_subgradient_step_f32 = _bind("sr_subgradient_step_f32", _I32, _P, _P, _I64, _D, _D, _D, _P)

# sr_status sr_proximal_step_f64(const double *w, const double *grad, int64_t n, double lr, double l1, double l2, double *out);
sr_proximal_step_f64 = _bind("sr_proximal_step_f64", _I32, _P, _P, _I64, _D, _D, _D, _P)

# sr_status sr_proximal_step_f32(const float *w, const float *grad, int64_t n, double lr, double l1, double l2, float *out);
sr_proximal_step_f32 = _bind("sr_proximal_step_f32", _I32, _P, _P, _I64, _D, _D, _D, _P)

# ==== Linear models (solvers) ====

_U64 = ctypes.c_uint64

# typedef int32_t (*sr_progress_fn)(int64_t done, int64_t total, void *ctx);
sr_progress_fn = ctypes.CFUNCTYPE(_I32, _I64, _I64, _P)


# ---- Every loss with every penalty: the structs of swiftreg.h, field for field ----
# (python/tests/test_abi_layout.py checks these layouts and constants against the header.)

SR_LOSS_SQUARED, SR_LOSS_ABSOLUTE, SR_LOSS_QUANTILE, SR_LOSS_HUBER, SR_LOSS_HUBER_SCALED = (
    0,
    1,
    2,
    3,
    4,
)
SR_PENALTY_NONE, SR_PENALTY_L1, SR_PENALTY_L2, SR_PENALTY_ELASTIC_NET = 0, 1, 2, 3
(
    SR_FIT_SOLVER_AUTO,
    SR_FIT_SOLVER_CD,
    SR_FIT_SOLVER_FISTA,
    SR_FIT_SOLVER_SUBGRADIENT,
    SR_FIT_SOLVER_INTERIOR_POINT,
    SR_FIT_SOLVER_CHOLESKY,
) = 0, 1, 2, 3, 4, 5
SR_LAYOUT_COLUMN_MAJOR, SR_LAYOUT_ROW_MAJOR, SR_LAYOUT_CSC = 0, 1, 2
SR_INDEX_INT64, SR_INDEX_INT32 = 0, 1


def _problem(name: str) -> type:
    # typedef struct sr_problem_f64 { int64_t size; int64_t n_samples; int64_t n_features; int32_t layout; int32_t reserved; const double *X; const double *y; const double *sample_weight; int64_t nnz; const int64_t *indptr; const void *indices; int32_t index_type; int32_t reserved2; } sr_problem_f64;
    return type(
        name,
        (ctypes.Structure,),
        {
            "_fields_": [
                ("size", _I64),
                ("n_samples", _I64),
                ("n_features", _I64),
                ("layout", _I32),
                ("reserved", _I32),
                ("X", _P),
                ("y", _P),
                ("sample_weight", _P),
                ("nnz", _I64),
                ("indptr", _P),
                ("indices", _P),
                ("index_type", _I32),
                ("reserved2", _I32),
            ]
        },
    )


sr_problem_f64 = _problem("sr_problem_f64")
sr_problem_f32 = _problem("sr_problem_f32")


# typedef struct sr_fit_options { int64_t size; int32_t loss; int32_t penalty; double alpha; double l1_ratio; double delta; double quantile; const double *l1_factor; const double *l2_factor; const double *lower_bounds; const double *upper_bounds; int32_t fit_intercept; int32_t solver; int64_t max_iter; double tol; int32_t selection; int32_t precompute; uint64_t seed; double learning_rate; int32_t warm_start; int32_t reserved; sr_progress_fn progress; void *progress_context; const volatile int32_t *interrupt; } sr_fit_options;
class sr_fit_options(ctypes.Structure):
    _fields_ = [
        ("size", _I64),
        ("loss", _I32),
        ("penalty", _I32),
        ("alpha", _D),
        ("l1_ratio", _D),
        ("delta", _D),
        ("quantile", _D),
        ("l1_factor", _P),
        ("l2_factor", _P),
        ("lower_bounds", _P),
        ("upper_bounds", _P),
        ("fit_intercept", _I32),
        ("solver", _I32),
        ("max_iter", _I64),
        ("tol", _D),
        ("selection", _I32),
        ("precompute", _I32),
        ("seed", _U64),
        ("learning_rate", _D),
        ("warm_start", _I32),
        ("reserved", _I32),
        ("progress", sr_progress_fn),
        ("progress_context", _P),
        ("interrupt", _P),
    ]


def _fit_result(name: str) -> type:
    # typedef struct sr_fit_result_f64 { int64_t size; double *coef; double intercept; double objective; double dual_gap; double gap_tol; int64_t n_iter; int32_t converged; int32_t solver; double scale; } sr_fit_result_f64;
    return type(
        name,
        (ctypes.Structure,),
        {
            "_fields_": [
                ("size", _I64),
                ("coef", _P),
                ("intercept", _D),
                ("objective", _D),
                ("dual_gap", _D),
                ("gap_tol", _D),
                ("n_iter", _I64),
                ("converged", _I32),
                ("solver", _I32),
                ("scale", _D),
            ]
        },
    )


sr_fit_result_f64 = _fit_result("sr_fit_result_f64")
sr_fit_result_f32 = _fit_result("sr_fit_result_f32")


def _path_result(name: str) -> type:
    # typedef struct sr_path_result_f64 { int64_t size; int64_t n_alphas; double *alphas; double *coefs; double *intercepts; double *objectives; double *dual_gaps; double *gap_tols; int64_t *n_iters; int32_t *converged; } sr_path_result_f64;
    return type(
        name,
        (ctypes.Structure,),
        {
            "_fields_": [
                ("size", _I64),
                ("n_alphas", _I64),
                ("alphas", _P),
                ("coefs", _P),
                ("intercepts", _P),
                ("objectives", _P),
                ("dual_gaps", _P),
                ("gap_tols", _P),
                ("n_iters", _P),
                ("converged", _P),
            ]
        },
    )


sr_path_result_f64 = _path_result("sr_path_result_f64")
sr_path_result_f32 = _path_result("sr_path_result_f32")

# sr_status sr_fit_options_init(sr_fit_options *options, int64_t size);
sr_fit_options_init = _bind("sr_fit_options_init", _I32, ctypes.POINTER(sr_fit_options), _I64)

# sr_status sr_fit_f64(const sr_problem_f64 *problem, const sr_fit_options *options, sr_fit_result_f64 *result);
sr_fit_f64 = _bind(
    "sr_fit_f64",
    _I32,
    ctypes.POINTER(sr_problem_f64),
    ctypes.POINTER(sr_fit_options),
    ctypes.POINTER(sr_fit_result_f64),
)

# sr_status sr_fit_f32(const sr_problem_f32 *problem, const sr_fit_options *options, sr_fit_result_f32 *result);
sr_fit_f32 = _bind(
    "sr_fit_f32",
    _I32,
    ctypes.POINTER(sr_problem_f32),
    ctypes.POINTER(sr_fit_options),
    ctypes.POINTER(sr_fit_result_f32),
)

# sr_status sr_path_f64(const sr_problem_f64 *problem, const sr_fit_options *options, const double *alphas, double eps, sr_path_result_f64 *result);
sr_path_f64 = _bind(
    "sr_path_f64",
    _I32,
    ctypes.POINTER(sr_problem_f64),
    ctypes.POINTER(sr_fit_options),
    _P,
    _D,
    ctypes.POINTER(sr_path_result_f64),
)

# sr_status sr_path_f32(const sr_problem_f32 *problem, const sr_fit_options *options, const double *alphas, double eps, sr_path_result_f32 *result);
sr_path_f32 = _bind(
    "sr_path_f32",
    _I32,
    ctypes.POINTER(sr_problem_f32),
    ctypes.POINTER(sr_fit_options),
    _P,
    _D,
    ctypes.POINTER(sr_path_result_f32),
)

# sr_status sr_enet_gap_f64(const double *correlations, const double *coef, int64_t n_features, double residual_norm_sq, double residual_dot_y, const double *column_norm_sq, double weight_sum, double alpha, double l1_ratio, const double *penalty_factor, int32_t positive, const double *unpenalised_gram, int64_t n_unpenalised, const double *unpenalised_q, double *gap);
sr_enet_gap_f64 = _bind(
    "sr_enet_gap_f64", _I32, _P, _P, _I64, _D, _D, _P, _D, _D, _D, _P, _I32, _P, _I64, _P, _P
)

# ==== end of linear models ====

# ==== Cross-validation (swiftreg.h: sr_cv_path_*) ====

SR_CV_UNUSED, SR_CV_TRAIN, SR_CV_TEST = 0, 1, 2


# typedef struct sr_cv_options { int64_t size; int64_t n_folds; const int64_t *foldid; const int8_t *roles; int32_t n_threads; int32_t reserved; } sr_cv_options;
class sr_cv_options(ctypes.Structure):
    _fields_ = [
        ("size", _I64),
        ("n_folds", _I64),
        ("foldid", _P),
        ("roles", _P),
        ("n_threads", _I32),
        ("reserved", _I32),
    ]


# typedef struct sr_cv_result { int64_t size; double *fold_errors; double *cv_mean; double *cv_std; int64_t index_min; int64_t index_1se; } sr_cv_result;
class sr_cv_result(ctypes.Structure):
    _fields_ = [
        ("size", _I64),
        ("fold_errors", _P),
        ("cv_mean", _P),
        ("cv_std", _P),
        ("index_min", _I64),
        ("index_1se", _I64),
    ]


# sr_status sr_cv_path_f64(const sr_problem_f64 *problem, const sr_fit_options *options, const double *alphas, double eps, const sr_cv_options *cv, sr_path_result_f64 *path, sr_cv_result *result);
sr_cv_path_f64 = _bind(
    "sr_cv_path_f64",
    _I32,
    ctypes.POINTER(sr_problem_f64),
    ctypes.POINTER(sr_fit_options),
    _P,
    _D,
    ctypes.POINTER(sr_cv_options),
    ctypes.POINTER(sr_path_result_f64),
    ctypes.POINTER(sr_cv_result),
)

# sr_status sr_cv_path_f32(const sr_problem_f32 *problem, const sr_fit_options *options, const double *alphas, double eps, const sr_cv_options *cv, sr_path_result_f32 *path, sr_cv_result *result);
sr_cv_path_f32 = _bind(
    "sr_cv_path_f32",
    _I32,
    ctypes.POINTER(sr_problem_f32),
    ctypes.POINTER(sr_fit_options),
    _P,
    _D,
    ctypes.POINTER(sr_cv_options),
    ctypes.POINTER(sr_path_result_f32),
    ctypes.POINTER(sr_cv_result),
)

# ==== end of cross-validation ====
