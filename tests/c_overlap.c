/*
 * c_overlap.c — the overlap rule of swiftreg.h, checked byte range by byte range whatever the
 * types: an output that shares a byte with another output, an input array, or a struct the
 * call reads or writes is SR_ERR_OVERLAP, and nothing the caller owns is written.
 *
 * Every call's memory (the problem, options and result structs, each input array, each output
 * array) lives in one arena. Each case starts from a valid layout (where every call returns
 * SR_OK), moves one pointer (an output array, or an input array onto an output) to a place
 * where it overlaps one region of another buffer, and calls the function:
 *   - exactly at the region's first byte,
 *   - one element before it (the moved buffer runs into the region),
 *   - one element before the region's end (the moved buffer starts inside it),
 *   - 4 bytes into the region (a misaligned start: a double that begins inside an int64_t or
 *     an int32_t field).
 * Each call must return SR_ERR_OVERLAP, name the moved buffer in sr_last_error(), and leave
 * the whole arena byte-identical. (The one pair the header allows, `alphas` being
 * result->alphas itself, must succeed.) sr_fit_*, sr_path_* and sr_cv_path_*, float64 and
 * float32, dense and CSC X; then sr_enet_gap_f64's output against its inputs and the penalty
 * values' out against w.
 *
 *   usage: tests/check_c_sparse.sh path/to/libswiftreg.so   (builds and runs this file too)
 * Exit status 0 when every check passes; the failures are listed otherwise.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swiftreg.h"

static int g_failures = 0, g_checks = 0, g_cases = 0;

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        g_checks++;                                                                               \
        if (!(cond)) {                                                                            \
            g_failures++;                                                                         \
            if (g_failures <= 60) {                                                               \
                printf("FAIL %s:%d: ", __FILE__, __LINE__);                                       \
                printf(__VA_ARGS__);                                                              \
                printf("\n");                                                                     \
            }                                                                                     \
        }                                                                                         \
    } while (0)

enum { ARENA = 1 << 14, N = 6, P = 3, K = 4, FOLDS = 2, MAXR = 48, MAXS = 24 };

/* The arena and its pristine copy (16-byte aligned). */
static union { long double align; unsigned char b[ARENA]; } g_arena, g_pristine, g_before;
static size_t g_top;

static void *take(size_t bytes) {
    g_top = (g_top + 15) & ~(size_t)15;
    void *p = g_arena.b + g_top;
    g_top += bytes;
    if (g_top + 64 > ARENA) {
        printf("c_overlap: arena too small\n");
        exit(2);
    }
    return p;
}

/* A byte range of the call's memory; `output`: the call writes it. */
typedef struct {
    const char *name;
    unsigned char *start;
    size_t len;
    int output;
} Region;

/* A pointer field that a case may move; `home`: its region (never a target of itself). */
typedef struct {
    const char *name; /* as sr_last_error() names it */
    void **slot;
    size_t elem;
    int output;
    int home;
    int allowed_same; /* the region it may be exactly equal to (-1: none) */
} Slot;

static Region g_regions[MAXR];
static Slot g_slots[MAXS];
static int g_nr, g_ns;

static int region(const char *name, void *start, size_t len, int output) {
    g_regions[g_nr] = (Region){name, start, len, output};
    return g_nr++;
}

static void slot(const char *name, void *field, size_t elem, int output, int home) {
    g_slots[g_ns++] = (Slot){name, (void **)field, elem, output, home, -1};
}

typedef sr_status (*Call)(void);

/* Moves each slot onto each region (outputs onto anything, inputs onto outputs) at the four
 * offsets; `call` runs the function on the arena's structs. */
static void run_cases(const char *what, Call call) {
    memcpy(g_pristine.b, g_arena.b, ARENA);
    CHECK(call() == SR_OK, "%s: the valid layout fails: %s", what, sr_last_error());
    for (int s = 0; s < g_ns; s++) {
        for (int r = 0; r < g_nr; r++) {
            const Slot *S = &g_slots[s];
            const Region *R = &g_regions[r];
            if (r == S->home || (!S->output && !R->output)) continue;
            const long shifts[4] = {0, -(long)S->elem, (long)R->len - (long)S->elem, 4};
            for (int k = 0; k < 4; k++) {
                if (k == 3 && R->len <= 4) continue;
                if (k == 2 && (long)R->len - (long)S->elem <= 0) continue; /* same as k = 0 / 1 */
                memcpy(g_arena.b, g_pristine.b, ARENA);
                *S->slot = R->start + shifts[k];
                memcpy(g_before.b, g_arena.b, ARENA);
                g_cases++;
                sr_status st = call();
                const char *msg = sr_last_error();
                if (k == 0 && r == S->allowed_same) {
                    CHECK(st == SR_OK, "%s: %s exactly at %s (allowed) fails: %s", what, S->name, R->name, msg);
                    continue;
                }
                CHECK(st == SR_ERR_OVERLAP, "%s: %s at %s%+ld bytes: status %d, want SR_ERR_OVERLAP (%s)", what,
                      S->name, R->name, shifts[k], (int)st, st ? msg : "");
                if (st == SR_ERR_OVERLAP)
                    CHECK(strstr(msg, S->name) != NULL, "%s: %s at %s%+ld: message does not name %s: %s", what,
                          S->name, R->name, shifts[k], S->name, msg);
                CHECK(memcmp(g_before.b, g_arena.b, ARENA) == 0, "%s: %s at %s%+ld bytes: the caller's memory changed",
                      what, S->name, R->name, shifts[k]);
            }
        }
    }
    memcpy(g_arena.b, g_pristine.b, ARENA);
}

/* The data: X (column-major), y, weights, per-feature options; a path over K alphas. */
static const double kX[N * P] = {1, -2, 0.5, 3, 1.5, -1, 2, 4, -0.5, 1, 0.25, -3, 0.5, 1, -1, 2, 0, 1.5};
static const double kY[N] = {1.0, -0.5, 2.0, 0.25, -1.5, 3.0};

/* ---- one suite per dtype ------------------------------------------------------------------ */

#define SUITE(SUF, T, PROBLEM, FITRES, PATHRES, FIT, PATH, CV)                                     \
    static PROBLEM *pr_##SUF;                                                                     \
    static sr_fit_options *op_##SUF;                                                              \
    static FITRES *fr_##SUF;                                                                      \
    static PATHRES *pa_##SUF;                                                                     \
    static sr_cv_options *cvo_##SUF;                                                              \
    static sr_cv_result *cvr_##SUF;                                                               \
    static double **alphas_##SUF; /* the given alphas' pointer, kept in the arena (reset too) */  \
    static int use_alphas_##SUF;                                                                  \
    static sr_status call_fit_##SUF(void) { return FIT(pr_##SUF, op_##SUF, fr_##SUF); }          \
    static sr_status call_path_##SUF(void) {                                                      \
        return PATH(pr_##SUF, op_##SUF, use_alphas_##SUF ? *alphas_##SUF : NULL, 0.01, pa_##SUF);  \
    }                                                                                             \
    static sr_status call_cv_##SUF(void) {                                                        \
        return CV(pr_##SUF, op_##SUF, use_alphas_##SUF ? *alphas_##SUF : NULL, 0.01, cvo_##SUF,   \
                  pa_##SUF, cvr_##SUF);                                                           \
    }                                                                                             \
    /* The problem, options and their arrays as regions and (input) slots. */                     \
    static void problem_##SUF(int sparse) {                                                       \
        pr_##SUF = take(sizeof *pr_##SUF);                                                        \
        memset(pr_##SUF, 0, sizeof *pr_##SUF);                                                    \
        pr_##SUF->size = sizeof *pr_##SUF;                                                        \
        pr_##SUF->n_samples = N, pr_##SUF->n_features = P;                                        \
        T *x = take(sizeof(T) * N * P), *y = take(sizeof(T) * N), *w = take(sizeof(T) * N);       \
        for (int i = 0; i < N * P; i++) x[i] = (T)kX[i];                                          \
        for (int i = 0; i < N; i++) y[i] = (T)kY[i], w[i] = (T)(1 + 0.25 * i);                    \
        region("problem (the sr_problem struct)", pr_##SUF, sizeof *pr_##SUF, 0);                 \
        int xr;                                                                                   \
        if (sparse) {                                                                             \
            /* every entry stored: indptr 0, N, 2N, 3N; rows 0..N-1 per column */                 \
            int64_t *ip = take(sizeof(int64_t) * (P + 1)), *ix = take(sizeof(int64_t) * N * P);   \
            for (int j = 0; j <= P; j++) ip[j] = (int64_t)j * N;                                  \
            for (int k = 0; k < N * P; k++) ix[k] = k % N;                                        \
            pr_##SUF->layout = SR_LAYOUT_CSC, pr_##SUF->nnz = N * P;                              \
            pr_##SUF->indptr = ip, pr_##SUF->indices = ix, pr_##SUF->index_type = SR_INDEX_INT64; \
            region("indptr", ip, sizeof(int64_t) * (P + 1), 0);                                   \
            region("indices", ix, sizeof(int64_t) * N * P, 0);                                    \
        } else {                                                                                  \
            pr_##SUF->layout = SR_LAYOUT_COLUMN_MAJOR;                                            \
        }                                                                                         \
        pr_##SUF->X = x, pr_##SUF->y = y, pr_##SUF->sample_weight = w;                            \
        xr = region("X", x, sizeof(T) * N * P, 0);                                                \
        int yr = region("y", y, sizeof(T) * N, 0), wr = region("sample_weight", w, sizeof(T) * N, 0); \
        if (!sparse) slot("X", &pr_##SUF->X, sizeof(T), 0, xr);                                   \
        slot("y", &pr_##SUF->y, sizeof(T), 0, yr);                                                \
        slot("sample_weight", &pr_##SUF->sample_weight, sizeof(T), 0, wr);                        \
        op_##SUF = take(sizeof *op_##SUF);                                                        \
        sr_fit_options_init(op_##SUF, sizeof *op_##SUF);                                          \
        op_##SUF->alpha = 0.05;                                                                   \
        op_##SUF->penalty = SR_PENALTY_ELASTIC_NET;                                               \
        region("options (the sr_fit_options struct)", op_##SUF, sizeof *op_##SUF, 0);             \
        const char *names[4] = {"l1_factor", "l2_factor", "lower_bounds", "upper_bounds"};        \
        const double values[4] = {1.0, 0.5, -10.0, 10.0};                                         \
        const double **fields[4] = {&op_##SUF->l1_factor, &op_##SUF->l2_factor,                   \
                                    &op_##SUF->lower_bounds, &op_##SUF->upper_bounds};            \
        for (int f = 0; f < 4; f++) {                                                             \
            double *a = take(sizeof(double) * P);                                                 \
            for (int j = 0; j < P; j++) a[j] = values[f];                                         \
            *fields[f] = a;                                                                       \
            int h = region(names[f], a, sizeof(double) * P, 0);                                   \
            slot(names[f], (void *)fields[f], sizeof(double), 0, h);                              \
        }                                                                                         \
    }                                                                                             \
    static void fit_suite_##SUF(int sparse) {                                                     \
        g_top = 0, g_nr = 0, g_ns = 0;                                                            \
        memset(g_arena.b, 0x5A, ARENA);                                                           \
        problem_##SUF(sparse);                                                                    \
        fr_##SUF = take(sizeof *fr_##SUF);                                                        \
        memset(fr_##SUF, 0, sizeof *fr_##SUF);                                                    \
        fr_##SUF->size = sizeof *fr_##SUF;                                                        \
        T *coef = take(sizeof(T) * P);                                                            \
        fr_##SUF->coef = coef;                                                                    \
        region("result->size and result->coef", fr_##SUF, offsetof(FITRES, intercept), 0);       \
        region("result->intercept", &fr_##SUF->intercept, sizeof(double), 1);                    \
        region("result->objective", &fr_##SUF->objective, sizeof(double), 1);                    \
        region("result->dual_gap", &fr_##SUF->dual_gap, sizeof(double), 1);                      \
        region("result->gap_tol", &fr_##SUF->gap_tol, sizeof(double), 1);                        \
        region("result->n_iter", &fr_##SUF->n_iter, sizeof(int64_t), 1);                         \
        region("result->converged", &fr_##SUF->converged, sizeof(int32_t), 1);                   \
        region("result->solver", &fr_##SUF->solver, sizeof(int32_t), 1);                         \
        region("result->scale", &fr_##SUF->scale, sizeof(double), 1);                            \
        int h = region("result->coef", coef, sizeof(T) * P, 1);                                   \
        slot("result->coef", &fr_##SUF->coef, sizeof(T), 1, h);                                   \
        run_cases(sparse ? "sr_fit_" #SUF " (CSC X)" : "sr_fit_" #SUF, call_fit_##SUF);           \
    }                                                                                             \
    /* The path result's arrays as output regions and slots; `given`: alphas too. */             \
    static void path_outputs_##SUF(int given) {                                                   \
        pa_##SUF = take(sizeof *pa_##SUF);                                                        \
        memset(pa_##SUF, 0, sizeof *pa_##SUF);                                                    \
        pa_##SUF->size = sizeof *pa_##SUF, pa_##SUF->n_alphas = K;                                \
        region("result (the sr_path_result struct)", pa_##SUF, sizeof *pa_##SUF, 0);              \
        int ar = -1;                                                                              \
        alphas_##SUF = take(sizeof(double *));                                                    \
        double *given_alphas = take(sizeof(double) * K);                                          \
        *alphas_##SUF = given_alphas;                                                             \
        for (int k = 0; k < K; k++) given_alphas[k] = 0.4 / (1 << k);                             \
        use_alphas_##SUF = given;                                                                 \
        if (given) ar = region("alphas", given_alphas, sizeof(double) * K, 0);                    \
        struct { const char *name; void **field; size_t elem; size_t count; } outs[8] = {         \
            {"result->alphas", (void **)&pa_##SUF->alphas, sizeof(double), K},                    \
            {"result->coefs", (void **)&pa_##SUF->coefs, sizeof(T), (size_t)K * P},               \
            {"result->intercepts", (void **)&pa_##SUF->intercepts, sizeof(double), K},            \
            {"result->objectives", (void **)&pa_##SUF->objectives, sizeof(double), K},            \
            {"result->dual_gaps", (void **)&pa_##SUF->dual_gaps, sizeof(double), K},              \
            {"result->gap_tols", (void **)&pa_##SUF->gap_tols, sizeof(double), K},                \
            {"result->n_iters", (void **)&pa_##SUF->n_iters, sizeof(int64_t), K},                 \
            {"result->converged", (void **)&pa_##SUF->converged, sizeof(int32_t), K}};            \
        int alphas_out = -1;                                                                      \
        for (int o = 0; o < 8; o++) {                                                             \
            void *a = take(outs[o].elem * outs[o].count);                                         \
            *outs[o].field = a;                                                                   \
            int h = region(outs[o].name, a, outs[o].elem * outs[o].count, 1);                     \
            if (o == 0) alphas_out = h;                                                           \
            slot(outs[o].name, outs[o].field, outs[o].elem, 1, h);                                \
            if (o == 0) g_slots[g_ns - 1].allowed_same = ar; /* result->alphas = alphas */       \
        }                                                                                         \
        if (given) {                                                                              \
            slot("alphas", (void **)alphas_##SUF, sizeof(double), 0, ar);                         \
            g_slots[g_ns - 1].allowed_same = alphas_out;                                          \
        }                                                                                         \
    }                                                                                             \
    static void path_suite_##SUF(int sparse, int given) {                                         \
        g_top = 0, g_nr = 0, g_ns = 0;                                                            \
        memset(g_arena.b, 0x5A, ARENA);                                                           \
        problem_##SUF(sparse);                                                                    \
        path_outputs_##SUF(given);                                                                \
        char what[64];                                                                            \
        snprintf(what, sizeof what, "sr_path_" #SUF "%s%s", sparse ? " (CSC X)" : "",            \
                 given ? " (alphas given)" : "");                                                 \
        run_cases(what, call_path_##SUF);                                                         \
    }                                                                                             \
    static void cv_suite_##SUF(int given) {                                                       \
        g_top = 0, g_nr = 0, g_ns = 0;                                                            \
        memset(g_arena.b, 0x5A, ARENA);                                                           \
        problem_##SUF(0);                                                                         \
        path_outputs_##SUF(given);                                                                \
        /* sr_cv_path names its path result struct `path`: path->alphas, ... */                 \
        for (int r = 0; r < g_nr; r++)                                                            \
            if (strcmp(g_regions[r].name, "result (the sr_path_result struct)") == 0)             \
                g_regions[r].name = "path (the sr_path_result struct)";                           \
        static char renamed[MAXS][40];                                                            \
        for (int s = 0; s < g_ns; s++)                                                            \
            if (strncmp(g_slots[s].name, "result->", 8) == 0) {                                   \
                snprintf(renamed[s], sizeof renamed[0], "path->%s", g_slots[s].name + 8);         \
                g_slots[s].name = renamed[s];                                                     \
            }                                                                                     \
        cvo_##SUF = take(sizeof *cvo_##SUF);                                                      \
        memset(cvo_##SUF, 0, sizeof *cvo_##SUF);                                                  \
        cvo_##SUF->size = sizeof *cvo_##SUF, cvo_##SUF->n_folds = FOLDS, cvo_##SUF->n_threads = 1; \
        int64_t *foldid = take(sizeof(int64_t) * N);                                              \
        for (int i = 0; i < N; i++) foldid[i] = i % FOLDS;                                        \
        cvo_##SUF->foldid = foldid;                                                               \
        region("cv (the sr_cv_options struct)", cvo_##SUF, sizeof *cvo_##SUF, 0);                 \
        int fr = region("cv->foldid", foldid, sizeof(int64_t) * N, 0);                            \
        slot("cv->foldid", (void **)&cvo_##SUF->foldid, sizeof(int64_t), 0, fr);                  \
        cvr_##SUF = take(sizeof *cvr_##SUF);                                                      \
        memset(cvr_##SUF, 0, sizeof *cvr_##SUF);                                                  \
        cvr_##SUF->size = sizeof *cvr_##SUF;                                                      \
        region("the sr_cv_result fields read", cvr_##SUF, offsetof(sr_cv_result, index_min), 0); \
        region("result->index_min", &cvr_##SUF->index_min, sizeof(int64_t), 1);                  \
        region("result->index_1se", &cvr_##SUF->index_1se, sizeof(int64_t), 1);                  \
        struct { const char *name; double **field; size_t count; } outs[3] = {                    \
            {"result->fold_errors", &cvr_##SUF->fold_errors, (size_t)FOLDS * K},                  \
            {"result->cv_mean", &cvr_##SUF->cv_mean, K},                                          \
            {"result->cv_std", &cvr_##SUF->cv_std, K}};                                           \
        for (int o = 0; o < 3; o++) {                                                             \
            double *a = take(sizeof(double) * outs[o].count);                                     \
            *outs[o].field = a;                                                                   \
            int h = region(outs[o].name, a, sizeof(double) * outs[o].count, 1);                   \
            slot(outs[o].name, (void **)outs[o].field, sizeof(double), 1, h);                     \
        }                                                                                         \
        run_cases(given ? "sr_cv_path_" #SUF " (alphas given)" : "sr_cv_path_" #SUF, call_cv_##SUF); \
    }

SUITE(f64, double, sr_problem_f64, sr_fit_result_f64, sr_path_result_f64, sr_fit_f64, sr_path_f64, sr_cv_path_f64)
SUITE(f32, float, sr_problem_f32, sr_fit_result_f32, sr_path_result_f32, sr_fit_f32, sr_path_f32, sr_cv_path_f32)

/* sr_enet_gap_f64's *gap against each of its inputs; a penalty value's *out against w. */
static void kernel_cases(void) {
    double buf[64];
    for (int i = 0; i < 64; i++) buf[i] = 0.5 + 0.01 * i;
    double *corr = buf, *coef = buf + 8, *norms = buf + 16, *pf = buf + 24, *gap = buf + 40;
    double gram[2] = {1.0, 0.0}, q[2] = {0.1, 0.0};
    (void)gram, (void)q;
    double before[64];
    sr_status st = sr_enet_gap_f64(corr, coef, 4, 1.0, 0.5, norms, 1.0, 0.1, 0.5, pf, 0, NULL, 0, NULL, gap);
    CHECK(st == SR_OK, "sr_enet_gap_f64 (valid): %s", sr_last_error());
    double *targets[4] = {corr, coef, norms, pf};
    const char *names[4] = {"correlations", "coef", "column_norm_sq", "penalty_factor"};
    for (int t = 0; t < 4; t++) {
        for (int shift = 0; shift < 4; shift++) {
            memcpy(before, buf, sizeof buf);
            g_cases++;
            st = sr_enet_gap_f64(corr, coef, 4, 1.0, 0.5, norms, 1.0, 0.1, 0.5, pf, 0, NULL, 0, NULL,
                                 targets[t] + shift);
            CHECK(st == SR_ERR_OVERLAP, "sr_enet_gap_f64: gap at %s[%d]: status %d", names[t], shift, (int)st);
            CHECK(memcmp(before, buf, sizeof buf) == 0, "sr_enet_gap_f64: gap at %s[%d] wrote", names[t], shift);
        }
    }
    /* penalty values: out (1 value) inside w (n values) is a partial overlap */
    double w[4] = {1, -2, 3, -4};
    for (int k = 1; k < 4; k++) {
        double wb[4];
        memcpy(wb, w, sizeof w);
        g_cases++;
        st = sr_l1_penalty_f64(w, 4, 1.0, w + k);
        CHECK(st == SR_ERR_OVERLAP, "sr_l1_penalty_f64: out at w[%d]: status %d", k, (int)st);
        CHECK(memcmp(wb, w, sizeof w) == 0, "sr_l1_penalty_f64: out at w[%d] wrote", k);
        float wf[4] = {1, -2, 3, -4}, wfb[4];
        memcpy(wfb, wf, sizeof wf);
        g_cases++;
        st = sr_elastic_net_penalty_f32(wf, 4, 1.0, 0.5, wf + k);
        CHECK(st == SR_ERR_OVERLAP, "sr_elastic_net_penalty_f32: out at w[%d]: status %d", k, (int)st);
        CHECK(memcmp(wfb, wf, sizeof wf) == 0, "sr_elastic_net_penalty_f32: out at w[%d] wrote", k);
    }
    /* the very same buffer (n = 1) stays allowed, and disjoint buffers work */
    double one = 2.0;
    CHECK(sr_l1_penalty_f64(&one, 1, 1.5, &one) == SR_OK && one == 3.0, "sr_l1_penalty_f64 in place (n = 1)");
}

/* Lengths whose products overflow are reported as overflows; counts give their minimum. */
static void length_cases(void) {
    sr_fit_options o;
    sr_fit_options_init(&o, sizeof o);
    double x = 1, y = 1, coef[1];
    sr_problem_f64 pr = {0};
    pr.size = sizeof pr;
    pr.n_samples = (int64_t)1 << 32, pr.n_features = (int64_t)1 << 32;
    pr.layout = SR_LAYOUT_COLUMN_MAJOR, pr.X = &x, pr.y = &y;
    sr_fit_result_f64 r = {0};
    r.size = sizeof r, r.coef = coef;
    sr_status st = sr_fit_f64(&pr, &o, &r);
    const char *m = sr_last_error();
    CHECK(st == SR_ERR_INVALID_LENGTH && strstr(m, "n_samples * n_features") && strstr(m, "overflow") &&
              strstr(m, "4294967296") && !strstr(m, ">= 0"),
          "n = p = 2^32: status %d, %s", (int)st, m);
    pr.n_samples = -5;
    st = sr_fit_f64(&pr, &o, &r);
    m = sr_last_error();
    CHECK(st == SR_ERR_INVALID_LENGTH && strstr(m, "n_samples must be >= 1, got -5"), "n_samples = -5: %d %s", (int)st, m);
    pr.n_samples = 1, pr.n_features = 1;
    double alphas[2], coefs[2];
    sr_path_result_f64 pa = {0};
    pa.size = sizeof pa, pa.alphas = alphas, pa.coefs = coefs;
    const int64_t bad[3] = {-3, 0, INT64_MIN};
    for (int b = 0; b < 3; b++) {
        pa.n_alphas = bad[b];
        st = sr_path_f64(&pr, &o, NULL, 0.01, &pa);
        m = sr_last_error();
        CHECK((st == SR_ERR_INVALID_LENGTH || st == SR_ERR_INVALID_ARGUMENT) && strstr(m, "n_alphas must be >= 1"),
              "n_alphas = %lld: %d %s", (long long)bad[b], (int)st, m);
    }
    pa.n_alphas = INT64_MAX;
    st = sr_path_f64(&pr, &o, NULL, 0.01, &pa);
    m = sr_last_error();
    CHECK(st == SR_ERR_INVALID_LENGTH && strstr(m, "overflow"), "n_alphas = INT64_MAX: %d %s", (int)st, m);
    pr.n_features = (int64_t)1 << 40, pa.n_alphas = (int64_t)1 << 40;
    pr.n_samples = 1;
    st = sr_path_f64(&pr, &o, NULL, 0.01, &pa);
    m = sr_last_error();
    CHECK(st == SR_ERR_INVALID_LENGTH && strstr(m, "overflow"), "p = n_alphas = 2^40: %d %s", (int)st, m);
    pr.n_features = 1, pa.n_alphas = 2;
    sr_cv_options cv = {0};
    cv.size = sizeof cv;
    sr_cv_result cr = {0};
    double mean[2], sd[2];
    cr.size = sizeof cr, cr.cv_mean = mean, cr.cv_std = sd;
    const int64_t folds[3] = {-7, 0, 1};
    for (int b = 0; b < 3; b++) {
        cv.n_folds = folds[b];
        st = sr_cv_path_f64(&pr, &o, NULL, 0.01, &cv, &pa, &cr);
        m = sr_last_error();
        CHECK((st == SR_ERR_INVALID_LENGTH || st == SR_ERR_INVALID_ARGUMENT) && strstr(m, "n_folds must be >= 2"),
              "n_folds = %lld: %d %s", (long long)folds[b], (int)st, m);
    }
    /* a kernel length whose byte size overflows */
    double out;
    st = sr_l1_loss_f64(&x, &y, NULL, INT64_MAX / 4, SR_REDUCTION_SUM, &out);
    m = sr_last_error();
    CHECK(st == SR_ERR_INVALID_LENGTH && strstr(m, "overflow"), "kernel n = 2^61: %d %s", (int)st, m);
}

int main(void) {
    for (int sparse = 0; sparse < 2; sparse++) {
        fit_suite_f64(sparse);
        fit_suite_f32(sparse);
        for (int given = 0; given < 2; given++) {
            path_suite_f64(sparse, given);
            path_suite_f32(sparse, given);
        }
    }
    for (int given = 0; given < 2; given++) {
        cv_suite_f64(given);
        cv_suite_f32(given);
    }
    kernel_cases();
    length_cases();
    if (g_failures) {
        printf("c_overlap: %d of %d checks FAILED (%d cases)\n", g_failures, g_checks, g_cases);
        return 1;
    }
    printf("c_overlap: all %d checks pass (%d overlapping layouts of sr_fit/sr_path/sr_cv_path f64/f32, "
           "dense and CSC, the gap and penalty kernels; length overflows and minimums)\n",
           g_checks, g_cases);
    return 0;
}
