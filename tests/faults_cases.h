/* faults_cases.h — the fit, path and cross-validation cases of faults.c for one precision.
 * Included twice by faults.c, with REAL = double, SFX(x) = x##_f64 and REAL = float,
 * SFX(x) = x##_f32. */

/* Every input and output of one call, and the structs that point at them, in one block of
 * memory: comparing the block's bytes before and after a failed call checks that nothing the
 * caller owns was written. */
typedef struct {
    REAL X[N * P], y[N], w[N];
    REAL values[N * P];
    int64_t indptr[P + 1];
    int32_t indices[N * P];
    double l1_factor[P];
    REAL coef[P * NA];
    double alphas[NA], intercepts[NA], objectives[NA], gaps[NA], gap_tols[NA];
    int64_t iters[NA];
    int32_t converged[NA];
    double fold_errors[K * NA], cv_mean[NA], cv_std[NA];
    SFX(sr_problem) problem;
    sr_fit_options options;
    SFX(sr_fit_result) fit;
    SFX(sr_path_result) path;
    sr_cv_options cv;
    sr_cv_result cv_result;
} SFX(Arena);

/* Fills the block for case c (layout, loss, call) with its inputs and sentinel outputs. */
static void SFX(setup)(SFX(Arena) *a, const Case *c) {
    memset(a, 0, sizeof *a);
    int64_t nnz = 0;
    for (int j = 0; j < P; j++) {
        a->indptr[j] = nnz;
        for (int i = 0; i < N; i++) {
            double v = xval(i, j);
            a->X[c->layout == SR_LAYOUT_ROW_MAJOR ? i * P + j : i + j * N] = (REAL)v;
            if (v != 0) { a->values[nnz] = (REAL)v; a->indices[nnz] = i; nnz++; }
        }
    }
    a->indptr[P] = nnz;
    for (int i = 0; i < N; i++) { a->y[i] = (REAL)yval(i); a->w[i] = (REAL)(0.5 + (i % 4) * 0.25); }
    for (int j = 0; j < P; j++) a->l1_factor[j] = j == 2 ? 0.0 : 1.0; /* one unpenalised feature */
    memset(a->coef, 0xA5, sizeof a->coef);
    memset(a->alphas, 0xA5, sizeof a->alphas);
    memset(a->intercepts, 0xA5, sizeof a->intercepts);
    memset(a->objectives, 0xA5, sizeof a->objectives);
    memset(a->gaps, 0xA5, sizeof a->gaps);
    memset(a->gap_tols, 0xA5, sizeof a->gap_tols);
    memset(a->iters, 0xA5, sizeof a->iters);
    memset(a->converged, 0xA5, sizeof a->converged);
    memset(a->fold_errors, 0xA5, sizeof a->fold_errors);
    memset(a->cv_mean, 0xA5, sizeof a->cv_mean);
    memset(a->cv_std, 0xA5, sizeof a->cv_std);

    SFX(sr_problem) *pr = &a->problem;
    pr->size = sizeof *pr;
    pr->n_samples = N;
    pr->n_features = P;
    pr->layout = c->layout;
    pr->y = a->y;
    pr->sample_weight = c->weighted ? a->w : NULL;
    if (c->layout == SR_LAYOUT_CSC) {
        pr->X = a->values;
        pr->nnz = nnz;
        pr->indptr = a->indptr;
        pr->indices = a->indices;
        pr->index_type = SR_INDEX_INT32;
    } else {
        pr->X = a->X;
    }
    if (sr_fit_options_init(&a->options, sizeof a->options) != SR_OK) abort();
    sr_fit_options *o = &a->options;
    o->loss = c->loss;
    o->alpha = c->loss == SR_LOSS_SQUARED || c->loss == SR_LOSS_HUBER ? 0.05 : 0.01;
    o->tol = 1e-8;
    if (c->loss == SR_LOSS_SQUARED) {
        o->penalty = SR_PENALTY_ELASTIC_NET;
        o->l1_ratio = 0.7;
        o->l1_factor = c->factor ? a->l1_factor : NULL;
    }
    if (c->loss == SR_LOSS_QUANTILE) o->quantile = 0.3;
    if (c->loss == SR_LOSS_HUBER) o->delta = 1.0;

    a->fit.size = sizeof a->fit;
    a->fit.coef = a->coef;
    a->fit.intercept = a->fit.objective = a->fit.dual_gap = a->fit.gap_tol = a->fit.scale = -7.0;
    a->fit.n_iter = -7;
    a->fit.converged = a->fit.solver = -7;

    SFX(sr_path_result) *pa = &a->path;
    pa->size = sizeof *pa;
    pa->n_alphas = NA;
    pa->alphas = a->alphas;
    pa->coefs = a->coef;
    pa->intercepts = a->intercepts;
    pa->objectives = a->objectives;
    pa->dual_gaps = a->gaps;
    pa->gap_tols = a->gap_tols;
    pa->n_iters = a->iters;
    pa->converged = a->converged;

    a->cv.size = sizeof a->cv;
    a->cv.n_folds = K;
    a->cv.n_threads = c->cv_threads;
    a->cv_result.size = sizeof a->cv_result;
    a->cv_result.fold_errors = a->fold_errors;
    a->cv_result.cv_mean = a->cv_mean;
    a->cv_result.cv_std = a->cv_std;
    a->cv_result.index_min = a->cv_result.index_1se = -7;
}

static sr_status SFX(call)(SFX(Arena) *a, const Case *c) {
    switch (c->call) {
    case CALL_FIT: return SFX(sr_fit)(&a->problem, &a->options, &a->fit);
    case CALL_PATH: return SFX(sr_path)(&a->problem, &a->options, NULL, 1e-2, &a->path);
    default: return SFX(sr_cv_path)(&a->problem, &a->options, NULL, 1e-2, &a->cv, &a->path, &a->cv_result);
    }
}

/* Fails the k-th allocation for k = 1, 2, ... until the call succeeds; returns the number of
 * failures seen, or -1 after printing what went wrong. */
static int SFX(run_case)(const Case *c, const char *name) {
    static SFX(Arena) a, before, reference;
    SFX(setup)(&reference, c);
    sr_status st = SFX(call)(&reference, c);
    if (st != SR_OK) { printf("FAIL %s: status %d without injection: %s\n", name, st, sr_last_error()); return -1; }
    for (int64_t k = 1; k < 100000; k++) {
        SFX(setup)(&a, c);
        memcpy(&before, &a, sizeof a);
        sr_testing_fail_allocation(k);
        st = SFX(call)(&a, c);
        int64_t left = sr_testing_fail_allocation(0);
        if (left != -1) {
            /* Fewer than k allocations: the call ran to the end and must equal the reference. */
            if (st != SR_OK) { printf("FAIL %s: k=%lld not fired but status %d\n", name, (long long)k, st); return -1; }
            /* The arrays, then the scalar results (the structs' pointers differ between blocks). */
            if (memcmp(&a, &reference, offsetof(SFX(Arena), problem)) != 0 || a.fit.intercept != reference.fit.intercept ||
                a.fit.n_iter != reference.fit.n_iter || a.cv_result.index_min != reference.cv_result.index_min) {
                printf("FAIL %s: result differs from the reference\n", name);
                return -1;
            }
            return (int)(k - 1);
        }
        if (st != SR_ERR_ALLOCATION) {
            printf("FAIL %s: allocation %lld failed but status %d (%s)\n", name, (long long)k, st, st ? sr_last_error() : "");
            return -1;
        }
        if (memcmp(&a, &before, sizeof a) != 0) {
            const unsigned char *x = (const unsigned char *)&a, *y = (const unsigned char *)&before;
            size_t at = 0;
            while (x[at] == y[at]) at++;
            printf("FAIL %s: allocation %lld failed and byte %zu of the caller's memory changed\n", name, (long long)k, at);
            return -1;
        }
    }
    printf("FAIL %s: no success after 100000 allocations\n", name);
    return -1;
}
