/*
 * c_sparse_hostile.c — hostile sparse (SR_LAYOUT_CSC) problems through sr_fit_* and sr_path_*.
 *
 * Each case starts from a valid 5 x 3 CSC matrix (8 stored values), breaks one rule of the
 * swiftreg.h block above sr_problem_f64, and calls sr_fit and sr_path, float64 and float32
 * (and both index types where the case allows). Every call must
 *   - return the case's status (a few cases accept either of two, see `alt`);
 *   - leave sr_last_error() naming the array (or field) and, where the case has one, the
 *     position (the number as a token: "indptr[2]", "index 5", ...);
 *   - leave every caller array (indptr, indices, values, y) byte-identical, and every output
 *     (coef, the result struct, the path's arrays) as it was: canary bytes untouched.
 * Then the valid side: rows in any order within a column are accepted and give the fit of the
 * sorted matrix; no stored values at all (nnz = 0, indices = X = NULL) is a valid problem;
 * stored zeros and empty columns are valid; a dense problem in the 0.2 header's 56-byte struct
 * is accepted without a read past its size. (Each problem struct ends where an inaccessible
 * page begins, so that a read past `size` bytes faults.)
 *
 *   usage: tests/check_c_sparse.sh path/to/libswiftreg.so   (builds and runs this file)
 * Exit status 0 when every check passes; the failures are listed otherwise.
 */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS / MAP_NORESERVE */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* ------------------------------------------------------------------------------------------ */

enum { MAXP = 8, MAXNNZ = 16 };

/* A CSC problem in a dtype-neutral form, and what a call on it must do. */
typedef struct {
    const char *name;
    int64_t n, p, nnz;
    int64_t indptr[MAXP + 1];
    int64_t rows[MAXNNZ];   /* stored as int64_t or int32_t per index_type */
    double vals[MAXNNZ];
    int32_t index_type;
    int64_t size;           /* 0: sizeof the struct */
    int null_indptr, null_indices, null_values;
    int32_t expect, alt;    /* the status (alt: another acceptable one, or -1) */
    const char *names;      /* a word the message must contain */
    const char *names_alt;  /* or this one (NULL: none) */
    int64_t pos, pos_alt;   /* a position the message must name (-1: none) */
    int huge_n;             /* n_samples > INT32_MAX: y is a mapped read-only region of zeros */
} Case;

/* The valid base: n = 5, p = 3,
 *   col 0: rows 0, 2, 4   col 1: rows 1, 3   col 2: rows 0, 1, 4 */
static Case base(const char *name) {
    Case c = {0};
    c.name = name;
    c.n = 5, c.p = 3, c.nnz = 8;
    const int64_t ip[] = {0, 3, 5, 8};
    const int64_t r[] = {0, 2, 4, 1, 3, 0, 1, 4};
    const double v[] = {1.0, -2.0, 0.5, 3.0, 1.5, -1.0, 2.0, 4.0};
    memcpy(c.indptr, ip, sizeof ip);
    memcpy(c.rows, r, sizeof r);
    memcpy(c.vals, v, sizeof v);
    c.index_type = SR_INDEX_INT64;
    c.expect = SR_OK, c.alt = -1;
    c.pos = c.pos_alt = -1;
    return c;
}

static const double kY[5] = {1.0, -0.5, 2.0, 0.25, -1.5};

/* Whether `msg` contains the decimal `pos` as a whole number (not inside a longer one). */
static int names_position(const char *msg, int64_t pos) {
    char want[32];
    snprintf(want, sizeof want, "%lld", (long long)pos);
    size_t len = strlen(want);
    for (const char *q = msg; (q = strstr(q, want)) != NULL; q++) {
        int before = q > msg && (q[-1] >= '0' && q[-1] <= '9');
        int after = q[len] >= '0' && q[len] <= '9';
        if (!before && !after) return 1;
    }
    return 0;
}

/* n_samples > INT32_MAX needs a y of that many values: a private read-only mapping of zero
 * pages (MAP_NORESERVE: no memory is committed; reading it maps the shared zero page). */
static void *huge_zeros(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* The storage of one call: the caller's arrays, their copies, and canary-filled outputs. */
typedef struct {
    int64_t indptr[MAXP + 1];
    int64_t rows64[MAXNNZ];
    int32_t rows32[MAXNNZ];
    double vals64[MAXNNZ];
    float vals32[MAXNNZ];
    double y64[8];
    float y32[8];
} Inputs;

static void fill_inputs(const Case *c, Inputs *in) {
    memset(in, 0x5A, sizeof *in);
    memcpy(in->indptr, c->indptr, sizeof in->indptr);
    for (int k = 0; k < MAXNNZ; k++) {
        in->rows64[k] = c->rows[k];
        in->rows32[k] = (int32_t)c->rows[k];
        in->vals64[k] = c->vals[k];
        in->vals32[k] = (float)c->vals[k];
    }
    for (int i = 0; i < 5; i++) in->y64[i] = kY[i], in->y32[i] = (float)kY[i];
}

#define CANARY 0xA5

static int all_canary(const void *p, size_t bytes) {
    const unsigned char *b = p;
    for (size_t i = 0; i < bytes; i++)
        if (b[i] != CANARY) return 0;
    return 1;
}

/* One call of sr_fit_* (path = 0) or sr_path_* (path = 1) on the case; checks the outcome. */
static void run(const Case *c, int f32, int path) {
    char label[160];
    snprintf(label, sizeof label, "%s [%s, %s, %s]", c->name, path ? "sr_path" : "sr_fit", f32 ? "f32" : "f64",
             c->index_type == SR_INDEX_INT32 ? "int32" : c->index_type == SR_INDEX_INT64 ? "int64" : "bad index_type");
    Inputs in, copy;
    fill_inputs(c, &in);
    memcpy(&copy, &in, sizeof in);

    void *y = f32 ? (void *)in.y32 : (void *)in.y64;
    size_t huge_bytes = 0;
    if (c->huge_n) {
        huge_bytes = (size_t)c->n * (f32 ? sizeof(float) : sizeof(double));
        y = huge_zeros(huge_bytes);
        if (!y) {
            printf("skip %s: could not map %zu bytes for y\n", label, huge_bytes);
            return;
        }
    }
    const void *indices = c->index_type == SR_INDEX_INT32 ? (const void *)in.rows32 : (const void *)in.rows64;
    if (c->null_indices) indices = NULL;
    const int64_t *indptr = c->null_indptr ? NULL : in.indptr;
    const void *values = c->null_values ? NULL : f32 ? (const void *)in.vals32 : (const void *)in.vals64;

    /* The problem struct sits at the end of a page followed by an inaccessible page, so that a
     * read past `size` bytes (a caller with an older, smaller struct) faults. */
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *pages = mmap(NULL, (size_t)(2 * page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) { printf("FAIL %s: mmap\n", label); g_failures++; return; }
    mprotect(pages + page, (size_t)page, PROT_NONE);
    int64_t size = c->size ? c->size : (int64_t)sizeof(sr_problem_f64);
    size_t struct_bytes = size < (int64_t)sizeof(sr_problem_f64) && size > 0 ? (size_t)size : sizeof(sr_problem_f64);
    unsigned char *pr_mem = pages + page - struct_bytes;
    if (f32) {
        sr_problem_f32 pr = {.size = size, .n_samples = c->n, .n_features = c->p, .layout = SR_LAYOUT_CSC,
                             .X = values, .y = y, .nnz = c->nnz, .indptr = indptr, .indices = indices,
                             .index_type = c->index_type};
        memcpy(pr_mem, &pr, struct_bytes);
    } else {
        sr_problem_f64 pr = {.size = size, .n_samples = c->n, .n_features = c->p, .layout = SR_LAYOUT_CSC,
                             .X = values, .y = y, .nnz = c->nnz, .indptr = indptr, .indices = indices,
                             .index_type = c->index_type};
        memcpy(pr_mem, &pr, struct_bytes);
    }
    unsigned char pr_copy[sizeof(sr_problem_f64)];
    memcpy(pr_copy, pr_mem, struct_bytes);

    sr_fit_options o;
    sr_fit_options_init(&o, sizeof o);
    o.loss = SR_LOSS_SQUARED, o.penalty = SR_PENALTY_L1, o.alpha = 0.05, o.fit_intercept = 1;

    /* outputs: canary bytes everywhere the call could write */
    enum { K = 3 };
    unsigned char coef[MAXP * K * sizeof(double)], dbl[5 * K * sizeof(double)];
    memset(coef, CANARY, sizeof coef);
    memset(dbl, CANARY, sizeof dbl);
    double *alphas = (double *)(void *)dbl, *icpt = alphas + K, *objs = alphas + 2 * K, *gaps = alphas + 3 * K,
           *gtols = alphas + 4 * K;
    sr_fit_result_f64 r64, r64_copy;
    sr_fit_result_f32 r32, r32_copy;
    sr_path_result_f64 q64, q64_copy;
    sr_path_result_f32 q32, q32_copy;
    memset(&r64, CANARY, sizeof r64), memset(&r32, CANARY, sizeof r32);
    memset(&q64, CANARY, sizeof q64), memset(&q32, CANARY, sizeof q32);
    r64.size = sizeof r64, r64.coef = (double *)(void *)coef;
    r32.size = sizeof r32, r32.coef = (float *)(void *)coef;
    q64 = (sr_path_result_f64){sizeof q64, K, alphas, (double *)(void *)coef, icpt, objs, gaps, gtols, NULL, NULL};
    q32 = (sr_path_result_f32){sizeof q32, K, alphas, (float *)(void *)coef, icpt, objs, gaps, gtols, NULL, NULL};
    memcpy(&r64_copy, &r64, sizeof r64), memcpy(&r32_copy, &r32, sizeof r32);
    memcpy(&q64_copy, &q64, sizeof q64), memcpy(&q32_copy, &q32, sizeof q32);

    sr_status st;
    if (!path) st = f32 ? sr_fit_f32((void *)pr_mem, &o, &r32) : sr_fit_f64((void *)pr_mem, &o, &r64);
    else st = f32 ? sr_path_f32((void *)pr_mem, &o, NULL, 0.01, &q32) : sr_path_f64((void *)pr_mem, &o, NULL, 0.01, &q64);
    const char *msg = sr_last_error();

    CHECK(st == c->expect || (c->alt >= 0 && st == c->alt), "%s: status %d (%s), expected %d%s | %s", label, st,
          sr_status_string(st), c->expect, c->alt >= 0 ? " or the alternative" : "", st ? msg : "");
    CHECK(memcmp(&in, &copy, sizeof in) == 0, "%s: a caller array changed", label);
    CHECK(memcmp(pr_mem, pr_copy, struct_bytes) == 0, "%s: the problem struct changed", label);
    if (st != SR_OK) {
        CHECK(msg && *msg, "%s: empty sr_last_error()", label);
        CHECK(strstr(msg, c->names) || (c->names_alt && strstr(msg, c->names_alt)),
              "%s: the message does not name %s%s%s: \"%s\"", label, c->names, c->names_alt ? " or " : "",
              c->names_alt ? c->names_alt : "", msg);
        if (c->pos >= 0)
            CHECK(names_position(msg, c->pos) || (c->pos_alt >= 0 && names_position(msg, c->pos_alt)),
                  "%s: the message does not name position %lld: \"%s\"", label, (long long)c->pos, msg);
        CHECK(all_canary(coef, sizeof coef) && all_canary(dbl, sizeof dbl), "%s: an output was written on failure", label);
        CHECK(memcmp(&r64, &r64_copy, sizeof r64) == 0 && memcmp(&r32, &r32_copy, sizeof r32) == 0 &&
                  memcmp(&q64, &q64_copy, sizeof q64) == 0 && memcmp(&q32, &q32_copy, sizeof q32) == 0,
              "%s: the result struct was written on failure", label);
        if (getenv("SR_TEST_VERBOSE")) printf("  %-58s %-24s %s\n", label, sr_status_string(st), msg);
    }
    if (c->huge_n) munmap(y, huge_bytes);
    munmap(pages, (size_t)(2 * page));
}

/* A case through every entry point: sr_fit and sr_path, f64 and f32. */
static void run_all(const Case *c) {
    for (int path = 0; path < 2; path++)
        for (int f32 = 0; f32 < 2; f32++) run(c, f32, path);
}

/* The same case with 32-bit indices too. */
static void run_both_index_types(Case c) {
    run_all(&c);
    c.index_type = SR_INDEX_INT32;
    run_all(&c);
}

static void expect(Case *c, int32_t status, const char *names, int64_t pos) {
    c->expect = status, c->names = names, c->pos = pos;
}

/* ------------------------------------------------------------------------------------------ */

static void hostile_cases(void) {
    Case c;

    c = base("indptr not monotone (indptr[2] = 2 < indptr[1] = 3)");
    c.indptr[2] = 2;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 2);
    run_both_index_types(c);

    c = base("indptr not monotone at the end (indptr[3] = 4 < indptr[2] = 5)");
    c.indptr[3] = 4;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 3);
    run_both_index_types(c);

    c = base("indptr[0] = 1");
    c.indptr[0] = 1;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 0);
    run_both_index_types(c);

    c = base("indptr[0] = -1");
    c.indptr[0] = -1;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 0);
    run_both_index_types(c);

    c = base("indptr[p] = 8 < nnz = 9");
    c.nnz = 9, c.rows[8] = 2, c.vals[8] = 1.0;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 3);
    run_both_index_types(c);

    c = base("indptr[p] = 8 > nnz = 7");
    c.nnz = 7;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 3);
    run_both_index_types(c);

    c = base("indptr[1] = INT64_MAX (past nnz)");
    c.indptr[1] = INT64_MAX;
    expect(&c, SR_ERR_INVALID_INDPTR, "indptr", 1);
    c.pos_alt = 2; /* indptr[2] < indptr[1] */
    run_both_index_types(c);

    c = base("indices[4] = -1");
    c.rows[4] = -1;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 4);
    run_both_index_types(c);

    c = base("indices[6] = 5 = n_samples");
    c.rows[6] = 5;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 6);
    run_both_index_types(c);

    c = base("indices[1] = INT64_MAX");
    c.rows[1] = INT64_MAX;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 1);
    run_all(&c);

    c = base("indices[0] = INT64_MIN");
    c.rows[0] = INT64_MIN;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 0);
    run_all(&c);

    c = base("int32 indices[3] = INT32_MIN");
    c.index_type = SR_INDEX_INT32, c.rows[3] = INT32_MIN;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 3);
    run_all(&c);

    c = base("int32 indices[7] = INT32_MAX");
    c.index_type = SR_INDEX_INT32, c.rows[7] = INT32_MAX;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 7);
    run_all(&c);

    c = base("repeated row in column 2 (indices[7] = 0 = indices[5])");
    c.rows[7] = 0;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 7);
    c.pos_alt = 5;
    run_both_index_types(c);

    c = base("repeated row, adjacent (indices[1] = 0 = indices[0])");
    c.rows[1] = 0;
    expect(&c, SR_ERR_INVALID_INDEX, "indices", 1);
    c.pos_alt = 0;
    run_both_index_types(c);

    c = base("n_samples = -1");
    c.n = -1;
    expect(&c, SR_ERR_INVALID_LENGTH, "n_samples", -1);
    c.alt = SR_ERR_INVALID_ARGUMENT;
    run_both_index_types(c);

    c = base("n_samples = INT64_MIN");
    c.n = INT64_MIN;
    expect(&c, SR_ERR_INVALID_LENGTH, "n_samples", -1);
    c.alt = SR_ERR_INVALID_ARGUMENT;
    run_all(&c);

    c = base("n_samples = 0");
    c.n = 0;
    expect(&c, SR_ERR_INVALID_ARGUMENT, "n_samples", -1);
    c.alt = SR_ERR_INVALID_INDEX; /* every row is outside [0, 0) */
    c.names_alt = "indices";
    run_all(&c);

    c = base("n_features = -1");
    c.p = -1;
    expect(&c, SR_ERR_INVALID_LENGTH, "n_features", -1);
    run_all(&c);

    c = base("nnz = -1");
    c.nnz = -1;
    expect(&c, SR_ERR_INVALID_LENGTH, "nnz", -1);
    run_both_index_types(c);

    c = base("nnz = INT64_MIN");
    c.nnz = INT64_MIN;
    expect(&c, SR_ERR_INVALID_LENGTH, "nnz", -1);
    run_all(&c);

    /* 32-bit indices cannot address rows past INT32_MAX: an error, never a wrap. */
    c = base("int32 indices with n_samples = INT32_MAX + 1");
    c.index_type = SR_INDEX_INT32, c.n = (int64_t)INT32_MAX + 1, c.huge_n = 1;
    expect(&c, SR_ERR_INVALID_ARGUMENT, "index_type", -1);
    c.names_alt = "n_samples";
    run_all(&c);

    c = base("NaN in X[5]");
    c.vals[5] = NAN;
    expect(&c, SR_ERR_INVALID_DATA, "X", 5);
    run_both_index_types(c);

    c = base("+Inf in X[0]");
    c.vals[0] = INFINITY;
    expect(&c, SR_ERR_INVALID_DATA, "X", 0);
    run_both_index_types(c);

    c = base("-Inf in X[7]");
    c.vals[7] = -INFINITY;
    expect(&c, SR_ERR_INVALID_DATA, "X", 7);
    run_both_index_types(c);

    c = base("NULL indptr, nnz = 8");
    c.null_indptr = 1;
    expect(&c, SR_ERR_NULL_POINTER, "indptr", -1);
    run_both_index_types(c);

    c = base("NULL indptr, nnz = 0 (it still holds n_features + 1 values)");
    c.null_indptr = 1, c.nnz = 0, c.null_indices = 1, c.null_values = 1;
    memset(c.indptr, 0, sizeof c.indptr);
    expect(&c, SR_ERR_NULL_POINTER, "indptr", -1);
    run_all(&c);

    c = base("NULL indices, nnz = 8");
    c.null_indices = 1;
    expect(&c, SR_ERR_NULL_POINTER, "indices", -1);
    run_both_index_types(c);

    c = base("NULL X (values), nnz = 8");
    c.null_values = 1;
    expect(&c, SR_ERR_NULL_POINTER, "X", -1);
    run_both_index_types(c);

    /* A caller with the 0.2 header (a 56-byte struct without the CSC fields). */
    c = base("size = 56 (the struct before nnz) with layout CSC");
    c.size = (int64_t)offsetof(sr_problem_f64, nnz);
    expect(&c, SR_ERR_INVALID_ARGUMENT, "size", -1);
    run_all(&c);

    c = base("size = offsetof(index_type) (index_type not covered)");
    c.size = (int64_t)offsetof(sr_problem_f64, index_type);
    expect(&c, SR_ERR_INVALID_ARGUMENT, "size", -1);
    run_all(&c);

    const int32_t bad_types[] = {2, -1, INT32_MAX, INT32_MIN};
    for (int k = 0; k < 4; k++) {
        char name[64];
        snprintf(name, sizeof name, "index_type = %d", bad_types[k]);
        c = base(name);
        c.index_type = bad_types[k];
        expect(&c, SR_ERR_INVALID_ARGUMENT, "index_type", -1);
        run_all(&c);
    }
}

/* ------------------------------------------------------------------------------------------ */

static double absd(double x) { return x < 0 ? -x : x; }

/* A CSC fit, f64; returns the status. */
static sr_status fit_csc(const Case *c, double alpha, double *coef, double *intercept, double *objective) {
    Inputs in;
    fill_inputs(c, &in);
    sr_problem_f64 pr = {.size = sizeof pr, .n_samples = c->n, .n_features = c->p, .layout = SR_LAYOUT_CSC,
                         .X = c->null_values ? NULL : in.vals64, .y = in.y64, .nnz = c->nnz,
                         .indptr = in.indptr, .indices = c->null_indices ? NULL : (c->index_type == SR_INDEX_INT32 ? (const void *)in.rows32 : (const void *)in.rows64),
                         .index_type = c->index_type};
    sr_fit_options o;
    sr_fit_options_init(&o, sizeof o);
    o.alpha = alpha, o.tol = 1e-14, o.max_iter = 100000;
    sr_fit_result_f64 r = {.size = sizeof r, .coef = coef};
    sr_status st = sr_fit_f64(&pr, &o, &r);
    *intercept = r.intercept, *objective = r.objective;
    return st;
}

static void valid_cases(void) {
    /* Rows within a column in any order: the same fit as sorted. */
    Case sorted = base("sorted rows"), shuffled = base("unsorted rows");
    const int64_t r[] = {4, 0, 2, 3, 1, 1, 4, 0};
    const double v[] = {0.5, 1.0, -2.0, 1.5, 3.0, 2.0, 4.0, -1.0};
    memcpy(shuffled.rows, r, sizeof r);
    memcpy(shuffled.vals, v, sizeof v);
    for (int t = 0; t < 2; t++) {
        sorted.index_type = shuffled.index_type = t ? SR_INDEX_INT32 : SR_INDEX_INT64;
        double ca[MAXP], cb[MAXP], ia, ib, oa, ob;
        sr_status sa = fit_csc(&sorted, 0.05, ca, &ia, &oa), sb = fit_csc(&shuffled, 0.05, cb, &ib, &ob);
        CHECK(sa == SR_OK && sb == SR_OK, "unsorted rows (%s): statuses %d, %d: %s", t ? "int32" : "int64", sa, sb,
              sr_last_error());
        if (sa == SR_OK && sb == SR_OK) {
            double scale = 0;
            for (int j = 0; j < 3; j++) scale = absd(ca[j]) > scale ? absd(ca[j]) : scale;
            int same = absd(ia - ib) <= 1e-12 * (absd(ia) + 1e-300) && absd(oa - ob) <= 1e-12 * absd(oa);
            for (int j = 0; j < 3; j++) same &= absd(ca[j] - cb[j]) <= 1e-12 * scale;
            CHECK(same, "unsorted rows (%s): coef [%.17g %.17g %.17g] b %.17g vs sorted [%.17g %.17g %.17g] b %.17g",
                  t ? "int32" : "int64", cb[0], cb[1], cb[2], ib, ca[0], ca[1], ca[2], ia);
            CHECK(scale > 0, "unsorted rows: alpha too large for a meaningful comparison (coef all 0)");
        }
    }

    /* No stored values: X = 0, indices and X may be NULL; the fit is w = 0, b = mean(y). */
    Case empty = base("nnz = 0");
    empty.nnz = 0, empty.null_indices = 1, empty.null_values = 1;
    memset(empty.indptr, 0, sizeof empty.indptr);
    double coef[MAXP] = {1, 1, 1}, b, obj;
    sr_status st = fit_csc(&empty, 0.05, coef, &b, &obj);
    CHECK(st == SR_OK, "nnz = 0 with NULL indices and X: status %d: %s", st, sr_last_error());
    if (st == SR_OK) {
        double mean = 0;
        for (int i = 0; i < 5; i++) mean += kY[i] / 5;
        CHECK(coef[0] == 0 && coef[1] == 0 && coef[2] == 0 && absd(b - mean) <= 1e-12,
              "nnz = 0: coef [%g %g %g], intercept %.17g (mean(y) = %.17g)", coef[0], coef[1], coef[2], b, mean);
    }

    /* Explicitly stored zeros and an empty column are valid. */
    Case zeros = base("stored zeros, empty column 1");
    const int64_t ip[] = {0, 3, 3, 6};
    const int64_t zr[] = {0, 2, 4, 0, 1, 4};
    const double zv[] = {1.0, 0.0, 0.5, 0.0, 2.0, 4.0};
    memcpy(zeros.indptr, ip, sizeof ip);
    memcpy(zeros.rows, zr, sizeof zr);
    memcpy(zeros.vals, zv, sizeof zv);
    zeros.nnz = 6;
    st = fit_csc(&zeros, 0.05, coef, &b, &obj);
    CHECK(st == SR_OK, "stored zeros and an empty column: status %d: %s", st, sr_last_error());
    CHECK(st != SR_OK || coef[1] == 0, "an empty column gets coef %g, not 0", coef[1]);
}

/* A caller built with the 0.2 header: a dense problem in a 56-byte struct (no CSC fields) is
 * still accepted, and nothing past its `size` is read (the struct ends where an inaccessible
 * page begins). It fits as the full struct does. */
static void older_dense_struct(void) {
    const double X[5 * 3] = {1, 0, -2, 0, 0.5, 0, 3, 0, 1.5, 0, -1, 2, 0, 0, 4};
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *pages = mmap(NULL, (size_t)(2 * page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pages != MAP_FAILED, "mmap");
    if (pages == MAP_FAILED) return;
    mprotect(pages + page, (size_t)page, PROT_NONE);
    const size_t old_size = offsetof(sr_problem_f64, nnz);
    sr_problem_f64 full = {.size = sizeof full, .n_samples = 5, .n_features = 3, .layout = SR_LAYOUT_COLUMN_MAJOR,
                           .X = X, .y = kY};
    sr_problem_f64 older = full;
    older.size = (int64_t)old_size;
    unsigned char *at = pages + page - old_size;
    memcpy(at, &older, old_size);
    sr_fit_options o;
    sr_fit_options_init(&o, sizeof o);
    o.alpha = 0.05;
    double ca[3], cb[3];
    sr_fit_result_f64 ra = {.size = sizeof ra, .coef = ca}, rb = {.size = sizeof rb, .coef = cb};
    sr_status sa = sr_fit_f64(&full, &o, &ra), sb = sr_fit_f64((const sr_problem_f64 *)(void *)at, &o, &rb);
    CHECK(sa == SR_OK && sb == SR_OK, "dense problem in a %zu-byte struct: statuses %d, %d: %s", old_size, sa, sb,
          sr_last_error());
    CHECK(sa != SR_OK || sb != SR_OK || (memcmp(ca, cb, sizeof ca) == 0 && ra.intercept == rb.intercept),
          "dense problem in a %zu-byte struct: a different fit", old_size);
    munmap(pages, (size_t)(2 * page));
}

int main(void) {
    hostile_cases();
    valid_cases();
    older_dense_struct();
    if (g_failures) {
        printf("c_sparse_hostile: %d of %d checks FAILED\n", g_failures, g_checks);
        return 1;
    }
    printf("c_sparse_hostile: all %d checks pass (hostile CSC problems through sr_fit/sr_path, f64/f32, int64/int32)\n",
           g_checks);
    return 0;
}
