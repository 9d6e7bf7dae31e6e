/*
 * fuzz_abi.c — libFuzzer harness for the swiftreg C ABI (swiftreg.h).
 *
 * Every input is a byte string that the harness reads as a small program: which function
 * family and dtype to call, the lengths (0, negative, huge with NULL pointers), the values
 * (NaN, ±Inf, subnormals, huge, tiny, raw bit patterns), the hyperparameters (valid and
 * invalid), NULL pointers and aliased / partially overlapping buffers. After the call it
 * checks the contract of swiftreg.h:
 *
 *   - the status is a documented code (0..11) and sr_status_string / sr_last_error answer;
 *   - kernels: the status is SR_OK exactly when every documented precondition holds, and
 *     when exactly one kind of precondition fails the status names it;
 *   - on failure every buffer the caller owns is byte-identical to before (canary-filled
 *     outputs are compared with copies), and sr_last_error() is a non-empty message;
 *   - on success the inputs that are not outputs are unchanged; the results equal a float64
 *     reference computed from the documented formula (same operation order), within a
 *     tolerance scaled by the magnitude of the terms, wherever that reference and the terms
 *     are finite (squares of huge values overflow legitimately: no claim is made there);
 *     |prox(v)| <= |v|, prox(0) = 0, exact zeros where the header promises them, losses and
 *     penalty values >= 0 (or NaN when NaN/Inf data propagate);
 *   - models (sr_fit_*, sr_path_*: every loss, penalty and solver code, l1/l2 factors, bounds,
 *     every layout (column-major, row-major, and compressed sparse columns: valid ones built from
 *     the dense design, rows in any order, both index types, and hostile ones with a bad indptr,
 *     out-of-range or repeated rows, a wrong nnz, NaN/Inf stored values, NULL arrays, a bad
 *     index_type or an older caller's smaller struct, checked against a reference validator of
 *     the header's CSC rules), struct sizes too small or larger, NULL structs, warm starts, progress
 *     callbacks that cancel): the status names a failing precondition (or one the header leaves
 *     open, such as a solver that depends on the bounds); on success n_iter is within max_iter,
 *     converged == (dual_gap <= gap_tol), the coefficients lie within their bounds, there is no
 *     intercept without fit_intercept, the solver is the one asked for (AUTO: one the datafit
 *     allows), and for moderate data the outputs are finite, the objective is F + R recomputed at
 *     the returned coefficients and intercept, dual_gap >= 0 up to rounding, and the certificate
 *     is sound: objective - dual_gap never exceeds the objective at the feasible point clip(0);
 *     a path uses the given alphas in their order (the default grid decreases), calls progress
 *     once per alpha, and a cancelled path writes nothing. sr_fit_options_init gives the
 *     documented defaults, zeroes a larger struct's tail and rejects a too-small size.
 *
 * Build (see fuzz/build.sh): the library with -sanitize=address and sanitizer coverage, this
 * file with clang -fsanitize=fuzzer,address,undefined.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swiftreg.h"

/* ------------------------------------------------------------------------------------ */
/* Reading the fuzzer's bytes                                                            */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    const uint8_t *p;
    size_t n;
} Src;

static uint8_t u8(Src *s) {
    if (s->n == 0) return 0;
    s->n--;
    return *s->p++;
}

static uint64_t u64(Src *s) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)u8(s) << (8 * i);
    return v;
}

static uint32_t u32(Src *s) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)u8(s) << (8 * i);
    return v;
}

static const double kSpecial[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -3.0, 0.25, 1e-8, -1e-8, 100.0,
    NAN, -NAN, INFINITY, -INFINITY,
    DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, 4.9406564584124654e-324, -4.9406564584124654e-324,
    1e300, -1e300, 1e-300, -1e-300, 1e154, -1e154, 1e-160,
    FLT_MAX, -FLT_MAX, FLT_MIN, 1.40129846e-45, 3.4028235677973366e38 * 2.0, 1e38, 1e-38,
    1e20, -1e20, 0.1, 0.7, 1.5, 1e6,
};
#define N_SPECIAL (sizeof kSpecial / sizeof kSpecial[0])

/* A double: mostly a small grid value (ties, exact zeros), often a special, sometimes raw bits. */
static double value(Src *s) {
    uint8_t sel = u8(s);
    if (sel < 110) return (double)((int)(sel % 17) - 8) * 0.5;
    if (sel < 200) return kSpecial[(sel - 110) % N_SPECIAL];
    if (sel < 230) {
        uint64_t bits = u64(s);
        double d;
        memcpy(&d, &bits, 8);
        return d;
    }
    if (sel < 245) {
        uint32_t bits = u32(s);
        float f;
        memcpy(&f, &bits, 4);
        return (double)f;
    }
    return ldexp((double)(int8_t)u8(s), (int)(int8_t)u8(s) * 8);
}

/* A hyperparameter: valid magnitudes most of the time, invalid ones (negative, NaN, Inf) often. */
static double hyper(Src *s) { return value(s); }


/* A length for the kernels: 0, 1, small, rarely a size that takes the threaded path. */
#define BIG_N 1048579 /* >= 1048576 (2^20): the kernels split it across threads */
/* The library's thread cap: 1 for every call (waking worker threads costs more than these small
 * problems take, on a loaded machine most of all), g_big_threads for the BIG_N kernel calls; the
 * CV family asks for its own n_threads. SR_FUZZ_THREADS=K sets both to K. */
static int64_t g_threads = 1, g_big_threads = 2;
static int g_big = 0; /* the input being decoded has a BIG_N kernel length */
typedef enum { LEN_OK, LEN_NEGATIVE, LEN_HUGE_NULL } LenKind;

static int64_t kernel_length(Src *s, LenKind *kind) {
    uint8_t sel = u8(s);
    *kind = LEN_OK;
    if (sel < 8) return 0;
    if (sel < 16) return 1;
    if (sel < 200) return 1 + sel % 40;
    if (sel < 208) { /* rare larger sizes: mostly up to ~4k, once in 256 of these the threaded size */
        uint8_t b = u8(s);
        if (b == 255) g_big = 1, sr_set_num_threads(g_big_threads); /* until the end of this input */
        return b == 255 ? BIG_N + sel % 5 : 41 + (int64_t)b * 16 + sel % 5;
    }
    if (sel < 232) {
        *kind = LEN_NEGATIVE;
        static const int64_t neg[] = {-1, -2, -1000, INT64_MIN, INT64_MIN + 1, -((int64_t)1 << 40)};
        return neg[sel % 6];
    }
    *kind = LEN_HUGE_NULL; /* every pointer will be NULL: the library must not dereference */
    static const int64_t huge[] = {INT64_MAX, (int64_t)1 << 31, ((int64_t)1 << 31) + 1,
                                   (int64_t)1 << 62, (int64_t)1 << 40, INT64_MAX / 8 + 1};
    return huge[sel % 6];
}

/* ------------------------------------------------------------------------------------ */
/* Buffers: every buffer the caller owns is an arena; snapshots prove "untouched"        */
/* ------------------------------------------------------------------------------------ */

#define MAX_ARENAS 24
typedef struct {
    unsigned char *base;
    size_t bytes;
    unsigned char *copy;
} Arena;

typedef struct {
    Arena a[MAX_ARENAS];
    int count;
} Arenas;

static void *arena_new(Arenas *as, size_t bytes) {
    if (as->count == MAX_ARENAS) abort();
    Arena *a = &as->a[as->count++];
    a->base = malloc(bytes ? bytes : 1);
    a->bytes = bytes;
    a->copy = NULL;
    if (!a->base) abort();
    memset(a->base, 0xA5, bytes); /* canary: a pattern no kernel writes by accident */
    return a->base;
}

static void arenas_snapshot(Arenas *as) {
    for (int i = 0; i < as->count; i++) {
        Arena *a = &as->a[i];
        free(a->copy);
        a->copy = malloc(a->bytes ? a->bytes : 1);
        memcpy(a->copy, a->base, a->bytes);
    }
}

static void arenas_free(Arenas *as) {
    for (int i = 0; i < as->count; i++) {
        free(as->a[i].base);
        free(as->a[i].copy);
    }
    as->count = 0;
}

/* Output regions written on success: [lo, hi) byte ranges excluded from the "inputs unchanged" check. */
typedef struct {
    const unsigned char *lo[16], *hi[16];
    int count;
} Regions;

static void region_add(Regions *r, const void *p, size_t bytes) {
    if (!p || !bytes) return;
    if (r->count == 16) abort();
    r->lo[r->count] = p;
    r->hi[r->count] = (const unsigned char *)p + bytes;
    r->count++;
}

static int in_regions(const Regions *r, const unsigned char *q) {
    for (int i = 0; i < r->count; i++)
        if (q >= r->lo[i] && q < r->hi[i]) return 1;
    return 0;
}

static const char *g_what = "?";
static int g_debug = 0;          /* SR_FUZZ_DEBUG is set */
static size_t g_input_size = 0;  /* of the input being decoded (for the byte offsets that the debug output gives) */

/* Known, reported, not yet fixed library bugs (see fuzz/known/README.md). Fuzzing steers
 * around them so that it can find new ones; SR_FUZZ_STRICT=1 (used to replay fuzz/known/)
 * drives straight into them. */
static uint64_t g_strict = 0; /* bit k: drive into BUG k; SR_FUZZ_STRICT=1: every bug, =7: BUG 7 only */
static __attribute__((unused)) int avoid(int bug) { return !(g_strict >> bug & 1u); } /* open now: see fuzz/known/README.md */

#define FAIL(...)                                                                           \
    do {                                                                                    \
        fprintf(stderr, "\nfuzz_abi: INVARIANT VIOLATED in %s: ", g_what);                  \
        fprintf(stderr, __VA_ARGS__);                                                       \
        fprintf(stderr, "\n  sr_last_error: %s\n", sr_last_error());                        \
        abort();                                                                            \
    } while (0)

/* a == b over n bytes, without coverage instrumentation: libFuzzer's memcmp hook would record the
 * differing bytes (library outputs, pointers) as comparison operands, which made the seeded run
 * keep different inputs from run to run. */
__attribute__((no_sanitize("coverage"))) static int same_bytes(const unsigned char *a, const unsigned char *b, size_t n) {
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t x, y;
        memcpy(&x, a + k, 8), memcpy(&y, b + k, 8);
        if (x != y) return 0;
    }
    for (; k < n; k++) if (a[k] != b[k]) return 0;
    return 1;
}

/* Every byte outside `written` is as it was before the call (all of them when written == NULL). */
static void arenas_check(const Arenas *as, const Regions *written, const char *when) {
    for (int i = 0; i < as->count; i++) {
        const Arena *a = &as->a[i];
        if (same_bytes(a->base, a->copy, a->bytes)) continue;
        for (size_t k = 0; k < a->bytes; k++) {
            if (a->base[k] == a->copy[k]) continue;
            if (written && in_regions(written, a->base + k)) continue;
            FAIL("%s: buffer %d (%zu bytes) changed at byte %zu", when, i, a->bytes, k);
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Status bookkeeping                                                                    */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    unsigned violated; /* bit k: a precondition whose status is k fails */
    unsigned allowed;  /* bit k: status k is a legitimate outcome even if nothing above fails */
    int ambiguous;     /* the outcome may legitimately be OK or an error (see uses) */
} Expect;

static void violate(Expect *e, int code) { e->violated |= 1u << code; }

static void check_status(sr_status st, const Expect *e) {
    if (st < 0 || st > 11) FAIL("status %d is not a documented code", st);
    const char *name = sr_status_string(st);
    if (!name || !*name) FAIL("sr_status_string(%d) is empty", st);
    if (e->ambiguous) return;
    if (st != SR_OK && (e->allowed & (1u << st))) return;
    if (e->violated == 0 && st != SR_OK) FAIL("status %d (%s) but every precondition holds", st, name);
    if (e->violated != 0) {
        if (st == SR_OK) FAIL("SR_OK although preconditions fail (mask 0x%x)", e->violated);
        if (!(e->violated & (1u << st))) FAIL("status %d (%s) not among the failing preconditions (mask 0x%x)", st, name, e->violated);
    }
}

static void after_call(sr_status st, const Arenas *as, const Regions *written) {
    if (st != SR_OK) {
        const char *msg = sr_last_error();
        if (!msg || !*msg) FAIL("failed with status %d but sr_last_error() is empty", st);
        if (strlen(msg) >= 512) FAIL("sr_last_error() longer than its buffer");
        arenas_check(as, NULL, "after a failed call");
    } else {
        arenas_check(as, written, "after a successful call (an input changed)");
    }
}

/* ------------------------------------------------------------------------------------ */
/* Dtype-generic element access                                                          */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    int f32; /* 1: float, 0: double */
    size_t size;
} Dt;

static double get(const Dt *d, const void *p, int64_t i) {
    return d->f32 ? (double)((const float *)p)[i] : ((const double *)p)[i];
}

static void put(const Dt *d, void *p, int64_t i, double v) {
    if (d->f32) ((float *)p)[i] = (float)v; /* NaN/Inf/overflow: IEEE conversion, not UB in C */
    else ((double *)p)[i] = v;
}

/* Fills n elements: the first few come from the fuzzer, the rest repeat them (big n). */
static void fill(Src *s, const Dt *d, void *p, int64_t n) {
    if (!p || n <= 0) return;
    double vals[48];
    int k = (int)(n < 48 ? n : 48);
    for (int i = 0; i < k; i++) {
        double v = value(s);
        if (d->f32 && isfinite(v) && fabs(v) > FLT_MAX) v = copysign(FLT_MAX, v); /* keep float finite */
        vals[i] = v;
    }
    for (int64_t i = 0; i < n; i++) put(d, p, i, vals[i % k]);
}

/* |got - ref| within rounding of a result of magnitude `mag` (the sum of |terms|). Returns 1 if the
 * comparison is meaningful and passes, 0 if it is skipped, and fails the run otherwise. */
static void expect_close(const Dt *d, double got, double ref, double mag, double extra_rel, const char *what, int64_t i) {
    if (!isfinite(ref) || !isfinite(mag)) return; /* overflow / NaN by the formula: no claim */
    double limit = d->f32 ? FLT_MAX : DBL_MAX;
    if (mag > limit / 4 || fabs(ref) > limit / 4) return; /* near overflow of the result dtype */
    double eps = d->f32 ? 0x1p-23 : 0x1p-52;
    double tiny = d->f32 ? 8 * 1.40129846e-45 : 8 * 4.9406564584124654e-324;
    double tol = (4 * eps + extra_rel) * mag + tiny;
    if (!isfinite(got) || fabs(got - ref) > tol)
        FAIL("%s[%lld] = %.17g, reference %.17g (magnitude %.3g, tolerance %.3g)", what, (long long)i, got, ref, mag, tol);
}

/* Where an output of `ocount` elements at element offset `off` from an input of `icount`
 * elements sits: 0 disjoint, 1 the very same buffer, 2 a partial overlap. */
static int overlap_kind(int64_t off, int64_t ocount, int64_t icount) {
    if (ocount <= 0 || icount <= 0) return 0;
    if (off == 0 && ocount == icount) return 1;
    return (off < icount && 0 < off + ocount) ? 2 : 0;
}

static double sgn(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }
static double soft(double v, double t) { return fmax(v - t, 0.0) + fmin(v + t, 0.0); }

/* ------------------------------------------------------------------------------------ */
/* Losses                                                                                */
/* ------------------------------------------------------------------------------------ */

typedef enum { L1, L2, HUBER } LossKind;

static double loss_term(LossKind k, double r, double delta) {
    double a = fabs(r);
    if (k == L1) return a;
    if (k == L2) return r * r;
    return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

static double loss_deriv(LossKind k, double r, double delta) {
    if (k == L1) return sgn(r);
    if (k == L2) return 2 * r;
    return fmin(fmax(r, -delta), delta);
}

/* One call of sr_{l1,l2,huber}_loss{,_grad,_value_and_grad}_{f64,f32}. */
static void fuzz_loss(Src *s, const Dt *d, LossKind kind, int mode /* 0 value, 1 grad, 2 both */) {
    static const char *names[3][3] = {
        {"l1_loss", "l1_loss_grad", "l1_loss_value_and_grad"},
        {"l2_loss", "l2_loss_grad", "l2_loss_value_and_grad"},
        {"huber_loss", "huber_loss_grad", "huber_loss_value_and_grad"}};
    g_what = names[kind][mode];
    Arenas as = {0};
    Expect e = {0};
    LenKind lk;
    int64_t n = kernel_length(s, &lk);
    int64_t cnt = n > 0 && lk == LEN_OK ? n : 0; /* elements really allocated */
    uint8_t flags = u8(s);
    int32_t reduction;
    uint8_t rsel = u8(s);
    reduction = rsel < 240 ? (int32_t)(rsel % 3) : (int32_t)u32(s);
    double delta = kind == HUBER ? hyper(s) : 1.0;

    /* inputs: y_true, y_pred, weights; a padded arena lets an output overlap one partially */
    const int pad = 4;
    int with_w = flags & 1;
    void *in[3] = {0};
    for (int k = 0; k < 3; k++) {
        if (k == 2 && !with_w) continue;
        unsigned char *ar = arena_new(&as, (size_t)(cnt + 2 * pad) * d->size);
        in[k] = ar + pad * d->size;
        fill(s, d, in[k], cnt);
    }
    if (lk == LEN_HUGE_NULL) in[0] = in[1] = in[2] = NULL;
    if (flags & 2) in[u8(s) % 2] = NULL; /* a NULL data pointer */
    if (with_w && (flags & 4) && cnt > 0) { /* make the weights valid most of the time */
        for (int64_t i = 0; i < cnt; i++) put(d, in[2], i, fabs(get(d, in[2], i)));
        if (u8(s) & 1) for (int64_t i = 0; i < cnt; i++) if (!isfinite(get(d, in[2], i))) put(d, in[2], i, 1.0);
    }

    int64_t vcount = (reduction == SR_REDUCTION_NONE) ? cnt : 1; /* elements in out / value */
    int64_t vcount_decl = (reduction == SR_REDUCTION_NONE) ? n : 1;
    void *out = NULL, *grad = NULL;
    /* output placement: 0 fresh, 1 exactly an input, 2 partial overlap with an input, 3 NULL */
    uint8_t place = u8(s);
    int target = u8(s) % 3;
    if (!in[target]) target = 0;
    int partial = 0, exact = 0;
    void **primary = mode == 0 ? &out : &grad;
    int64_t pcount = mode == 0 ? vcount : cnt;
    switch (place % 8) {
    case 1:
        if (in[target]) {
            *primary = in[target];
            exact = 1;
            partial = overlap_kind(0, pcount, cnt) == 2;
        }
        break;
    case 2:
        if (in[target] && cnt > 0) {
            int off = 1 + u8(s) % pad;
            if (u8(s) & 1) off = -off;
            *primary = (unsigned char *)in[target] + off * (int)d->size;
            partial = overlap_kind(off, pcount, cnt) == 2;
            exact = 2; /* placed inside the input's arena */
        }
        break;
    case 3:
        *primary = NULL;
        break;
    default:
        *primary = arena_new(&as, (size_t)pcount * d->size);
    }
    if (place % 8 == 1 && !exact) *primary = arena_new(&as, (size_t)pcount * d->size);
    if (place % 8 == 2 && !exact) *primary = arena_new(&as, (size_t)pcount * d->size);
    if (mode == 2) { /* the value output: fresh, NULL, or sharing the grad buffer */
        uint8_t vp = u8(s) % 6;
        if (vp == 0) out = NULL;
        else if (vp == 1 && grad && cnt > 0) out = grad; /* value and grad must be disjoint */
        else out = arena_new(&as, (size_t)vcount * d->size);
    }
    if (lk == LEN_HUGE_NULL) out = grad = NULL;

    /* what the header says the status must be */
    if (lk == LEN_NEGATIVE) violate(&e, SR_ERR_INVALID_LENGTH);
    if (reduction < 0 || reduction > 2) violate(&e, SR_ERR_INVALID_REDUCTION);
    if (kind == HUBER && !(isfinite(delta) && delta > 0)) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (n > 0 && (!in[0] || !in[1])) violate(&e, SR_ERR_NULL_POINTER);
    if (mode != 1 && !out && (vcount_decl > 0 || reduction != SR_REDUCTION_NONE)) violate(&e, SR_ERR_NULL_POINTER);
    if (mode != 0 && !grad && n > 0) violate(&e, SR_ERR_NULL_POINTER);
    if (lk == LEN_NEGATIVE && reduction >= 1 && reduction <= 2 && mode != 1 && !out) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    if (mode == 2 && out && out == grad && cnt > 0) violate(&e, SR_ERR_OVERLAP);
    if (with_w && in[2] && cnt > 0 && lk == LEN_OK)
        for (int64_t i = 0; i < cnt; i++) {
            double w = get(d, in[2], i);
            if (!(isfinite(w) && w >= 0)) { violate(&e, SR_ERR_INVALID_WEIGHT); break; }
        }
    /* An invalid reduction code: how many values `out` was meant to hold is undefined. */
    if ((reduction < 0 || reduction > 2) && exact) e.ambiguous = 1;

    /* reference values from the inputs as they are before the call */
    double *ref_terms = NULL, *ref_mags = NULL, *ref_grad = NULL, ref_sum = 0, ref_mag = 0, wsum = 0, gmag = 0;
    int finite_in = 1;
    if (lk == LEN_OK && in[0] && in[1] && cnt > 0 && cnt < BIG_N) {
        ref_terms = malloc((size_t)cnt * sizeof(double));
        ref_grad = malloc((size_t)cnt * sizeof(double));
        ref_mags = malloc((size_t)cnt * sizeof(double));
        for (int64_t i = 0; i < cnt; i++) {
            double yt = get(d, in[0], i), yp = get(d, in[1], i);
            double w = in[2] ? get(d, in[2], i) : 1.0;
            if (!isfinite(yt) || !isfinite(yp) || !isfinite(w)) finite_in = 0;
            double r = yp - yt;
            ref_terms[i] = w * loss_term(kind, r, delta);
            ref_grad[i] = w * loss_deriv(kind, r, delta);
            /* Huber's linear branch delta*(|r| - delta/2) may be evaluated as delta*|r| - delta^2/2 */
            double a = fabs(r);
            ref_mags[i] = fabs(w) * ((kind == HUBER && a > delta) ? delta * (a + 0.5 * delta) : fabs(loss_term(kind, r, delta)));
            ref_sum += ref_terms[i];
            ref_mag += ref_mags[i];
            wsum += w;
        }
        if (!in[2]) wsum = (double)cnt;
        (void)gmag;
    }

    Regions written = {0};
    if (mode != 1 && out) region_add(&written, out, (size_t)vcount * d->size);
    if (mode != 0 && grad) region_add(&written, grad, (size_t)cnt * d->size);
    arenas_snapshot(&as);

    const void *yt = in[0], *yp = in[1], *sw = in[2];
    sr_status st;
    if (d->f32) {
        const float *a = yt, *b = yp, *c = sw;
        float *o = out, *g = grad;
        switch (kind * 3 + mode) {
        case 0: st = sr_l1_loss_f32(a, b, c, n, reduction, o); break;
        case 1: st = sr_l1_loss_grad_f32(a, b, c, n, reduction, g); break;
        case 2: st = sr_l1_loss_value_and_grad_f32(a, b, c, n, reduction, o, g); break;
        case 3: st = sr_l2_loss_f32(a, b, c, n, reduction, o); break;
        case 4: st = sr_l2_loss_grad_f32(a, b, c, n, reduction, g); break;
        case 5: st = sr_l2_loss_value_and_grad_f32(a, b, c, n, reduction, o, g); break;
        case 6: st = sr_huber_loss_f32(a, b, c, n, reduction, delta, o); break;
        case 7: st = sr_huber_loss_grad_f32(a, b, c, n, reduction, delta, g); break;
        default: st = sr_huber_loss_value_and_grad_f32(a, b, c, n, reduction, delta, o, g); break;
        }
    } else {
        const double *a = yt, *b = yp, *c = sw;
        double *o = out, *g = grad;
        switch (kind * 3 + mode) {
        case 0: st = sr_l1_loss_f64(a, b, c, n, reduction, o); break;
        case 1: st = sr_l1_loss_grad_f64(a, b, c, n, reduction, g); break;
        case 2: st = sr_l1_loss_value_and_grad_f64(a, b, c, n, reduction, o, g); break;
        case 3: st = sr_l2_loss_f64(a, b, c, n, reduction, o); break;
        case 4: st = sr_l2_loss_grad_f64(a, b, c, n, reduction, g); break;
        case 5: st = sr_l2_loss_value_and_grad_f64(a, b, c, n, reduction, o, g); break;
        case 6: st = sr_huber_loss_f64(a, b, c, n, reduction, delta, o); break;
        case 7: st = sr_huber_loss_grad_f64(a, b, c, n, reduction, delta, g); break;
        default: st = sr_huber_loss_value_and_grad_f64(a, b, c, n, reduction, delta, o, g); break;
        }
    }
    check_status(st, &e);
    after_call(st, &as, &written);

    if (st == SR_OK) {
        /* values: >= 0 or NaN; equal to the reference where it is finite */
        if (mode != 1 && out) {
            if (reduction == SR_REDUCTION_NONE) {
                for (int64_t i = 0; i < cnt; i++) {
                    double v = get(d, out, i);
                    if (v < 0) FAIL("negative loss term %.17g at %lld", v, (long long)i);
                    if (ref_terms && finite_in) expect_close(d, v, ref_terms[i], ref_mags[i], 0, "loss term", i);
                }
            } else {
                double v = get(d, out, 0);
                if (v < 0) FAIL("negative loss %.17g", v);
                if (cnt == 0 && reduction == SR_REDUCTION_MEAN && !isnan(v)) FAIL("mean of 0 values is %.17g, not NaN", v);
                if (cnt == 0 && reduction == SR_REDUCTION_SUM && v != 0) FAIL("sum over 0 values is %.17g", v);
                if (ref_terms && finite_in && isfinite(wsum) && wsum > 0) {
                    double denom = reduction == SR_REDUCTION_MEAN ? wsum : 1.0;
                    if (denom >= 1e-300)
                        expect_close(d, v, ref_sum / denom, ref_mag / denom, 1e-13 * (double)cnt, "loss", 0);
                }
                if (ref_terms && finite_in && reduction == SR_REDUCTION_MEAN && in[2] && wsum == 0 && !isnan(v))
                    FAIL("mean with zero total weight is %.17g, not NaN", v);
            }
        }
        if (mode != 0 && grad && ref_grad && finite_in && isfinite(wsum)) {
            double c = 1.0;
            if (reduction == SR_REDUCTION_MEAN) c = 1.0 / wsum;
            if (isfinite(c))
                for (int64_t i = 0; i < cnt; i++) {
                    double ref = ref_grad[i] * c;
                    /* (MEAN: 1 / sum s_i, summed in blocks, carries up to n roundings) */
                    expect_close(d, get(d, grad, i), ref, fabs(ref), reduction == SR_REDUCTION_MEAN ? 0x1p-52 * (double)cnt : 0, "grad", i);
                }
        }
    }
    free(ref_terms);
    free(ref_mags);
    free(ref_grad);
    arenas_free(&as);
}

/* ------------------------------------------------------------------------------------ */
/* Penalties, proximal operators and update steps                                        */
/* ------------------------------------------------------------------------------------ */

typedef enum { P_L1, P_L2, P_EN } PenKind;

static int nonneg_ok(double x) { return isfinite(x) && x >= 0; }
static int pos_ok(double x) { return isfinite(x) && x > 0; }

/* mode 0: penalty value, 1: penalty gradient, 2: prox */
static void fuzz_penalty(Src *s, const Dt *d, PenKind kind, int mode) {
    static const char *names[3][3] = {
        {"l1_penalty", "l1_penalty_grad", "l1_prox"},
        {"l2_penalty", "l2_penalty_grad", "l2_prox"},
        {"elastic_net_penalty", "elastic_net_penalty_grad", "elastic_net_prox"}};
    g_what = names[kind][mode];
    Arenas as = {0};
    Expect e = {0};
    LenKind lk;
    int64_t n = kernel_length(s, &lk);
    int64_t cnt = n > 0 && lk == LEN_OK ? n : 0;
    double a = hyper(s), b = kind == P_EN ? hyper(s) : 0.0, step = mode == 2 ? hyper(s) : 1.0;
    const int pad = 4;
    unsigned char *ar = arena_new(&as, (size_t)(cnt + 2 * pad) * d->size);
    void *w = ar + pad * d->size;
    fill(s, d, w, cnt);
    uint8_t place = u8(s) % 8;
    int64_t ocount = mode == 0 ? 1 : cnt;
    void *out;
    int partial = 0, exact = 0;
    if (place == 1) { out = w; exact = 1; partial = overlap_kind(0, ocount, cnt) == 2; }
    else if (place == 2 && cnt > 0) {
        int off = 1 + u8(s) % pad;
        if (u8(s) & 1) off = -off;
        out = (unsigned char *)w + off * (int)d->size;
        partial = overlap_kind(off, ocount, cnt) == 2;
        exact = partial;
    } else if (place == 3) out = NULL;
    else out = arena_new(&as, (size_t)ocount * d->size);
    if (place == 4 && u8(s) < 64) w = NULL;
    if (lk == LEN_HUGE_NULL) w = out = NULL;

    if (lk == LEN_NEGATIVE) violate(&e, SR_ERR_INVALID_LENGTH);
    if (!nonneg_ok(a) || (kind == P_EN && !nonneg_ok(b))) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (mode == 2 && !pos_ok(step)) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (n > 0 && !w) violate(&e, SR_ERR_NULL_POINTER);
    if (!out && (mode == 0 || n > 0)) violate(&e, SR_ERR_NULL_POINTER);
    if (mode != 0 && partial) violate(&e, SR_ERR_OVERLAP);
    /* the penalty value's 1-value out inside w: not an "output" the header constrains; the
     * value is written after the reduction, so SR_OK or SR_ERR_OVERLAP are both sound */
    if (mode == 0 && partial) e.ambiguous = 1;
    if (mode != 0 && exact) { /* in place: fine */ }

    /* references */
    double *vin = NULL;
    int finite_in = nonneg_ok(a) && nonneg_ok(b);
    if (cnt > 0 && w) {
        vin = malloc((size_t)cnt * sizeof(double));
        for (int64_t i = 0; i < cnt; i++) { vin[i] = get(d, w, i); if (!isfinite(vin[i])) finite_in = 0; }
    }

    Regions written = {0};
    if (out) region_add(&written, out, (size_t)ocount * d->size);
    arenas_snapshot(&as);
    sr_status st;
    int sel = kind * 3 + mode;
    if (d->f32) {
        const float *x = w;
        float *o = out;
        switch (sel) {
        case 0: st = sr_l1_penalty_f32(x, n, a, o); break;
        case 1: st = sr_l1_penalty_grad_f32(x, n, a, o); break;
        case 2: st = sr_l1_prox_f32(x, n, a, step, o); break;
        case 3: st = sr_l2_penalty_f32(x, n, a, o); break;
        case 4: st = sr_l2_penalty_grad_f32(x, n, a, o); break;
        case 5: st = sr_l2_prox_f32(x, n, a, step, o); break;
        case 6: st = sr_elastic_net_penalty_f32(x, n, a, b, o); break;
        case 7: st = sr_elastic_net_penalty_grad_f32(x, n, a, b, o); break;
        default: st = sr_elastic_net_prox_f32(x, n, a, b, step, o); break;
        }
    } else {
        const double *x = w;
        double *o = out;
        switch (sel) {
        case 0: st = sr_l1_penalty_f64(x, n, a, o); break;
        case 1: st = sr_l1_penalty_grad_f64(x, n, a, o); break;
        case 2: st = sr_l1_prox_f64(x, n, a, step, o); break;
        case 3: st = sr_l2_penalty_f64(x, n, a, o); break;
        case 4: st = sr_l2_penalty_grad_f64(x, n, a, o); break;
        case 5: st = sr_l2_prox_f64(x, n, a, step, o); break;
        case 6: st = sr_elastic_net_penalty_f64(x, n, a, b, o); break;
        case 7: st = sr_elastic_net_penalty_grad_f64(x, n, a, b, o); break;
        default: st = sr_elastic_net_prox_f64(x, n, a, b, step, o); break;
        }
    }
    check_status(st, &e);
    after_call(st, &as, &written);

    if (st == SR_OK && mode == 0) {
        double v = get(d, out, 0);
        if (v < 0) FAIL("negative penalty %.17g", v);
        if (cnt == 0 && v != 0) FAIL("penalty of 0 weights is %.17g", v);
        if (vin && finite_in && cnt < BIG_N) {
            double s1 = 0, s2 = 0;
            for (int64_t i = 0; i < cnt; i++) { s1 += fabs(vin[i]); s2 += vin[i] * vin[i]; }
            double ref = kind == P_L1 ? a * s1 : kind == P_L2 ? a * s2 : a * s1 + b * s2;
            /* squares in the subnormal range round to a multiple of the smallest double, whatever
             * their size: up to half of it per term, times the weight, in any summation order */
            double sub = (double)cnt * fmax(1.0, a + b) * 4.9406564584124654e-324;
            if (!(fabs(v - ref) <= sub)) expect_close(d, v, ref, fabs(ref), 1e-13 * (double)cnt, "penalty", 0);
        }
    }
    if (st == SR_OK && mode == 1 && vin && finite_in) {
        for (int64_t i = 0; i < cnt; i++) {
            double x = vin[i];
            double ref = kind == P_L1 ? a * sgn(x) : kind == P_L2 ? 2 * a * x : a * sgn(x) + 2 * b * x;
            double mag = kind == P_L1 ? fabs(ref) : kind == P_L2 ? fabs(ref) : a + fabs(2 * b * x);
            expect_close(d, get(d, out, i), ref, mag, 0, "penalty grad", i);
        }
    }
    if (st == SR_OK && mode == 2 && vin) {
        double t1 = kind == P_L2 ? 0.0 : step * a;
        double l2 = kind == P_L1 ? 0.0 : kind == P_L2 ? a : b;
        for (int64_t i = 0; i < cnt; i++) {
            double v = vin[i], o = get(d, out, i);
            if (isnan(v) || (!isfinite(v) && !isfinite(t1))) continue; /* Inf - Inf: NaN by IEEE */
            if (!isfinite(v) && !isfinite(1 + 2 * (step * l2))) continue;  /* Inf / Inf: NaN by IEEE */
            if (!(fabs(o) <= fabs(v))) FAIL("|prox(v)| > |v|: v=%.17g out=%.17g", v, o);
            if (o != 0 && sgn(o) != sgn(v)) FAIL("prox changed the sign: v=%.17g out=%.17g", v, o);
            if (v == 0 && o != 0) FAIL("prox(0) = %.17g", o);
            if (kind != P_L2 && fabs(v) <= t1 && o != 0) FAIL("prox not exactly 0 where |v| <= step*l1: v=%.17g t=%.17g out=%.17g", v, t1, o);
            if (isfinite(v) && !isfinite(o)) FAIL("prox of finite %.17g is %.17g", v, o);
            double ref = soft(v, t1) / (1.0 + 2.0 * step * l2);
            /* (an overflowing 1 + 2*step*l2 may be formed in another order: no reference there) */
            if (isfinite(v) && isfinite(2.0 * step * l2) && isfinite(2.0 * (step * l2))) expect_close(d, o, ref, fabs(ref), 0, "prox", i);
        }
    }
    free(vin);
    arenas_free(&as);
}

/* sr_subgradient_step_* (prox = 0) and sr_proximal_step_* (prox = 1). */
static void fuzz_step(Src *s, const Dt *d, int prox) {
    g_what = prox ? "proximal_step" : "subgradient_step";
    Arenas as = {0};
    Expect e = {0};
    LenKind lk;
    int64_t n = kernel_length(s, &lk);
    int64_t cnt = n > 0 && lk == LEN_OK ? n : 0;
    double lr = hyper(s), l1 = hyper(s), l2 = hyper(s);
    const int pad = 4;
    void *in[2];
    for (int k = 0; k < 2; k++) {
        unsigned char *ar = arena_new(&as, (size_t)(cnt + 2 * pad) * d->size);
        in[k] = ar + pad * d->size;
        fill(s, d, in[k], cnt);
    }
    uint8_t flags = u8(s);
    if (flags & 1) in[1] = in[0]; /* w and grad the same buffer (inputs may alias) */
    uint8_t place = u8(s) % 8;
    int target = u8(s) & 1;
    void *out;
    int partial = 0;
    if (place == 1) out = in[target];
    else if (place == 2 && cnt > 0) {
        int off = 1 + u8(s) % pad;
        if (u8(s) & 1) off = -off;
        out = (unsigned char *)in[target] + off * (int)d->size;
        partial = overlap_kind(off, cnt, cnt) == 2;
    } else if (place == 3) out = NULL;
    else out = arena_new(&as, (size_t)cnt * d->size);
    if (flags & 2) in[(flags >> 2) & 1] = NULL;
    if (lk == LEN_HUGE_NULL) in[0] = in[1] = out = NULL;

    if (lk == LEN_NEGATIVE) violate(&e, SR_ERR_INVALID_LENGTH);
    if (!pos_ok(lr) || !nonneg_ok(l1) || !nonneg_ok(l2)) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (n > 0 && (!in[0] || !in[1] || !out)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);

    double *wv = NULL, *gv = NULL;
    int finite_in = 1;
    if (cnt > 0 && in[0] && in[1]) {
        wv = malloc((size_t)cnt * sizeof(double));
        gv = malloc((size_t)cnt * sizeof(double));
        for (int64_t i = 0; i < cnt; i++) {
            wv[i] = get(d, in[0], i);
            gv[i] = get(d, in[1], i);
            if (!isfinite(wv[i]) || !isfinite(gv[i])) finite_in = 0;
        }
    }
    Regions written = {0};
    if (out) region_add(&written, out, (size_t)cnt * d->size);
    arenas_snapshot(&as);
    sr_status st;
    if (d->f32) st = (prox ? sr_proximal_step_f32 : sr_subgradient_step_f32)(in[0], in[1], n, lr, l1, l2, out);
    else st = (prox ? sr_proximal_step_f64 : sr_subgradient_step_f64)(in[0], in[1], n, lr, l1, l2, out);
    check_status(st, &e);
    after_call(st, &as, &written);

    if (st == SR_OK && wv) {
        for (int64_t i = 0; i < cnt; i++) {
            double w = wv[i], g = gv[i], o = get(d, out, i);
            if (prox) {
                double u = w - lr * g, t = lr * l1;
                /* Inf <= Inf (overflowed u and lr*l1 from finite inputs) gives Inf - Inf = NaN: no claim */
                int overflowed = !isfinite(u) && !isfinite(t);
                /* likewise an overflowed u divided by an overflowed shrink factor 1 + 2*lr*l2: Inf/Inf */
                if (!isfinite(u) && !isfinite(1 + 2 * lr * l2)) overflowed = 1;
                if (!overflowed && fabs(u) <= t && o != 0) FAIL("proximal step not exactly 0: |w - lr*g| = %.17g <= lr*l1 = %.17g, out %.17g", fabs(u), t, o);
                double ubound = d->f32 ? (double)(float)fabs(u) : fabs(u); /* float32 rounding may reach Inf */
                if (!isnan(u) && !overflowed && !(fabs(o) <= ubound)) FAIL("proximal step grew: |out| %.17g > |w - lr*g| %.17g", fabs(o), fabs(u));
                if (finite_in) {
                    double ref = soft(u, t) / (1.0 + 2.0 * lr * l2);
                    double mag = (fabs(w) + fabs(lr * g) + t) / (1.0 + 2.0 * lr * l2);
                    expect_close(d, o, ref, mag, 0, "proximal step", i);
                }
            } else if (finite_in) {
                double ref = w - lr * (g + l1 * sgn(w) + 2 * l2 * w);
                double mag = fabs(w) + lr * (fabs(g) + l1 + fabs(2 * l2 * w));
                expect_close(d, o, ref, mag, 0, "subgradient step", i);
            }
        }
    }
    free(wv);
    free(gv);
    arenas_free(&as);
}

/* ------------------------------------------------------------------------------------ */
/* Models                                                                                */
/* ------------------------------------------------------------------------------------ */

typedef struct {
    int64_t n, p;
    LenKind lk;
    void *X, *y, *sw;
    double *pf;
    int moderate; /* every data value finite with |x| in {0} ∪ [1e-3, 1e3], weights likewise */
    /* SR_LAYOUT_CSC (make_csc): the arrays the library gets. X above is then the dense
     * column-major matrix they describe (the reference of the checks), never passed. */
    int csc;
    int64_t nnz;
    int32_t itype;
    int64_t *indptr;
    void *indices; /* int64_t or int32_t, per itype */
    void *vals;
    int64_t cap;   /* elements allocated behind indices and vals */
} Design;

static int64_t model_dim(Src *s, int features, LenKind *lk) {
    uint8_t sel = u8(s);
    if (sel >= 216 && sel < 224) { /* rarely a larger dimension (a byte under 32 after it), else small */
        uint8_t b = u8(s);
        if (b < 32) return features ? 7 + b : 15 + (int64_t)b * 8 + sel % 8;
        return features ? b % 7 : 1 + b % 14;
    }
    if (sel < 224) return features ? sel % 7 : 1 + sel % 14; /* n_samples >= 1 mostly */
    if (sel < 232) return 0;
    if (sel < 244) { *lk = LEN_NEGATIVE; return sel & 1 ? -1 : INT64_MIN; }
    *lk = LEN_HUGE_NULL;
    return sel & 1 ? ((int64_t)1 << 33) : INT64_MAX;
}

static int moderate(double x) { return isfinite(x) && (x == 0 || (fabs(x) >= 1e-3 && fabs(x) <= 1e3)); }

static void design(Src *s, const Dt *d, Arenas *as, Design *g) {
    g->lk = LEN_OK;
    g->csc = 0, g->nnz = 0, g->itype = 0, g->indptr = NULL, g->indices = g->vals = NULL, g->cap = 0;
    LenKind a = LEN_OK, b = LEN_OK;
    g->n = model_dim(s, 0, &a);
    g->p = model_dim(s, 1, &b);
    g->lk = (a == LEN_NEGATIVE || b == LEN_NEGATIVE) ? LEN_NEGATIVE : (a == LEN_HUGE_NULL || b == LEN_HUGE_NULL) ? LEN_HUGE_NULL : LEN_OK;
    int64_t n = g->lk == LEN_OK ? g->n : 0, p = g->lk == LEN_OK ? g->p : 0;
    uint8_t flags = u8(s);
    g->X = arena_new(as, (size_t)(n * p) * d->size);
    g->y = arena_new(as, (size_t)n * d->size);
    fill(s, d, g->X, n * p);
    fill(s, d, g->y, n);
    g->sw = NULL;
    g->pf = NULL;
    if (flags & 1) {
        g->sw = arena_new(as, (size_t)n * d->size);
        fill(s, d, g->sw, n);
        if (flags & 2) for (int64_t i = 0; i < n; i++) put(d, g->sw, i, fabs(get(d, g->sw, i)));
    }
    if (flags & 4) {
        g->pf = arena_new(as, (size_t)p * sizeof(double));
        Dt dd = {0, 8};
        fill(s, &dd, g->pf, p);
        if (flags & 8) for (int64_t j = 0; j < p; j++) g->pf[j] = fabs(g->pf[j]);
    }
    if (flags & 16) { /* sanitize data: mostly finite so that the solvers run */
        for (int64_t i = 0; i < n * p; i++) if (!isfinite(get(d, g->X, i))) put(d, g->X, i, 1.0);
        for (int64_t i = 0; i < n; i++) if (!isfinite(get(d, g->y, i))) put(d, g->y, i, -1.0);
        if (g->sw) for (int64_t i = 0; i < n; i++) if (!isfinite(get(d, g->sw, i))) put(d, g->sw, i, 2.0);
    }
    if (flags & 32) g->X = NULL; /* (p = 0 with X = NULL trapped once: fuzz/regressions/enet-fit-p0-null-X) */
    if (flags & 64) g->y = NULL;
    if (g->lk == LEN_HUGE_NULL) g->X = g->y = g->sw = g->pf = NULL;
    g->moderate = 1;
    for (int64_t i = 0; i < n * p && g->X; i++) g->moderate &= moderate(get(d, g->X, i));
    for (int64_t i = 0; i < n && g->y; i++) g->moderate &= moderate(get(d, g->y, i));
    for (int64_t i = 0; i < n && g->sw; i++) g->moderate &= moderate(get(d, g->sw, i));
}

/* Row index k of a CSC design, either index type (valid index_type only). */
static int64_t csc_row(const Design *g, int64_t k) {
    return g->itype == SR_INDEX_INT32 ? (int64_t)((const int32_t *)g->indices)[k] : ((const int64_t *)g->indices)[k];
}

/* SR_FUZZ_DEBUG=1: print the model inputs (to turn a crash input into a bug report). */
static void dump_design(const Dt *d, const Design *g) {
    if (!g_debug || g->lk != LEN_OK) return;
    fprintf(stderr, "design n=%lld p=%lld f32=%d\n  X (in the layout below):", (long long)g->n, (long long)g->p, d->f32);
    for (int64_t i = 0; g->X && i < g->n * g->p; i++) fprintf(stderr, " %.17g", get(d, g->X, i));
    fprintf(stderr, "\n  y:");
    for (int64_t i = 0; g->y && i < g->n; i++) fprintf(stderr, " %.17g", get(d, g->y, i));
    fprintf(stderr, "\n  sample_weight:");
    for (int64_t i = 0; g->sw && i < g->n; i++) fprintf(stderr, " %.17g", get(d, g->sw, i));
    fprintf(stderr, "\n  l1_factor:");
    for (int64_t j = 0; g->pf && j < g->p; j++) fprintf(stderr, " %.17g", g->pf[j]);
    fprintf(stderr, "\n");
    if (!g->csc) return;
    int64_t shown = g->nnz < 0 ? 0 : g->nnz < g->cap ? g->nnz : g->cap;
    fprintf(stderr, "  CSC (X above: the dense matrix the arrays describe, when valid) nnz=%lld index_type=%d\n  indptr:", (long long)g->nnz, g->itype);
    for (int64_t j = 0; g->indptr && j <= g->p; j++) fprintf(stderr, " %lld", (long long)g->indptr[j]);
    fprintf(stderr, "%s\n  indices:", g->indptr ? "" : " NULL");
    int type_ok = g->itype == SR_INDEX_INT64 || g->itype == SR_INDEX_INT32;
    for (int64_t k = 0; g->indices && type_ok && k < shown; k++) fprintf(stderr, " %lld", (long long)csc_row(g, k));
    fprintf(stderr, "%s\n  values:", g->indices ? "" : " NULL");
    for (int64_t k = 0; g->vals && k < shown; k++) fprintf(stderr, " %.17g", get(d, g->vals, k));
    fprintf(stderr, "%s\n", g->vals ? "" : " NULL");
}

/* statuses every model shares, as far as a caller can predict them */
static void model_expect(const Dt *d, const Design *g, Expect *e, int strict_nulls) {
    (void)strict_nulls;
    if (g->lk == LEN_NEGATIVE) {
        violate(e, SR_ERR_INVALID_LENGTH);
        if (g->n == 0) violate(e, SR_ERR_INVALID_ARGUMENT); /* n_samples >= 1, checked first */
    }
    if (g->lk == LEN_HUGE_NULL) {
        violate(e, SR_ERR_NULL_POINTER);
        violate(e, SR_ERR_INVALID_LENGTH);
        if (g->n == 0) violate(e, SR_ERR_INVALID_ARGUMENT); /* n_samples >= 1, checked first */
        return;
    }
    if (g->lk != LEN_OK) return;
    if (g->n == 0) violate(e, SR_ERR_INVALID_ARGUMENT);
    if (g->n * g->p > 0 && !g->X && !g->csc) violate(e, SR_ERR_NULL_POINTER); /* (CSC: make_csc) */
    if (g->n > 0 && !g->y) violate(e, SR_ERR_NULL_POINTER);
    int bad_data = 0;
    for (int64_t i = 0; g->X && !g->csc && i < g->n * g->p; i++) bad_data |= !isfinite(get(d, g->X, i));
    for (int64_t i = 0; g->y && i < g->n; i++) bad_data |= !isfinite(get(d, g->y, i));
    if (bad_data) violate(e, SR_ERR_INVALID_DATA);
    if (g->sw) {
        double sum = 0;
        int bad = 0;
        for (int64_t i = 0; i < g->n; i++) {
            double w = get(d, g->sw, i);
            if (!(isfinite(w) && w >= 0)) bad = 1; else sum += w;
        }
        if (bad) violate(e, SR_ERR_INVALID_WEIGHT);
        else if (sum == 0 && g->n > 0) violate(e, SR_ERR_INVALID_ARGUMENT); /* sum(sample_weight) */
        /* a sum that overflows: the models rescale the weights by a power of 2 first (their
         * objectives divide by the sum), so such weights may fit; block sums may still overflow */
        else if (!isfinite(sum) || sum > DBL_MAX / 4) e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    }
}

static int64_t pick_iter(Src *s) {
    static const int64_t it[] = {1, 2, 5, 20, 100, 300, 0, -1, INT64_MIN};
    uint8_t sel = u8(s);
    return it[sel % 9];
}

static int32_t pick_code(Src *s, int hi) {
    uint8_t sel = u8(s);
    if (sel < 240) return (int32_t)(sel % (hi + 1));
    return (int32_t)u32(s);
}

/* ---- sr_fit_* / sr_path_*: every loss with every penalty ---------------------------- */

/* The model of one call as the harness decoded it (the options' fields, before the call). */
typedef struct {
    int32_t loss, penalty, solver;
    double alpha, l1_ratio, delta, quantile, tol;
    const double *l1f, *l2f, *lo, *hi;
    int fi, row_major, csc;
    int64_t max_iter;
    int wild_warm; /* a warm start with a coefficient outside {0} ∪ [1e-3, 1e3] (BUG 19) */
} Model;

static double eff_rho(const Model *m) {
    return m->penalty == SR_PENALTY_L2 ? 0.0 : m->penalty == SR_PENALTY_ELASTIC_NET ? m->l1_ratio : 1.0;
}

static double xat(const Dt *d, const Design *g, int rm, int64_t i, int64_t j) {
    return get(d, g->X, rm ? i * g->p + j : i + j * g->n);
}

static double lower_of(const Model *m, int64_t j) { return m->lo ? m->lo[j] : -INFINITY; }
static double upper_of(const Model *m, int64_t j) { return m->hi ? m->hi[j] : INFINITY; }

/* F + R at (w, b) in float64 (sigma: the scale of SR_LOSS_HUBER_SCALED), and in *slack a bound on
 * what rounding may move it by: `rel` is the relative rounding of w (float32 results), plus a
 * generous 1e-10 of the magnitudes of the terms (the library sums centred data in blocks). */
static double model_value(const Dt *d, const Design *g, const Model *m, double alpha, const double *w, double b,
                          double sigma, double rel, double *slack) {
    int64_t n = g->n, p = g->p;
    double S = 0, F = 0, dF = 0, ymax = 0, xmax[8] = {0};
    for (int64_t i = 0; i < n; i++) {
        S += g->sw ? get(d, g->sw, i) : 1.0;
        ymax = fmax(ymax, fabs(get(d, g->y, i)));
        for (int64_t j = 0; j < p && j < 8; j++) xmax[j] = fmax(xmax[j], fabs(xat(d, g, m->row_major, i, j)));
    }
    double q = m->quantile, dl = m->loss == SR_LOSS_HUBER_SCALED ? m->delta * sigma : m->delta;
    for (int64_t i = 0; i < n; i++) {
        double s = g->sw ? get(d, g->sw, i) : 1.0;
        double yi = get(d, g->y, i), r = yi - b, mi = fabs(yi) + ymax + fabs(b), under = 0;
        for (int64_t j = 0; j < p; j++) {
            double x = xat(d, g, m->row_major, i, j);
            r -= x * w[j];
            mi += (fabs(x) + xmax[j < 8 ? j : 7]) * fabs(w[j]);
            /* a float32 coefficient rounds to 0 below 2^-149 (a bound of 2.9e-173 came back
             * as 0, the objective reported at the float64 point) */
            if (d->f32) under += (fabs(x) + xmax[j < 8 ? j : 7]) * 0x1p-149;
        }
        double dr = (rel + 1e-10) * mi + under, a = fabs(r), term, lip;
        switch (m->loss) {
        case SR_LOSS_SQUARED: term = 0.5 * r * r, lip = a + dr; break;
        case SR_LOSS_ABSOLUTE: term = a, lip = 1; break;
        case SR_LOSS_QUANTILE: term = r >= 0 ? q * r : (q - 1) * r, lip = fmax(q, 1 - q); break;
        case SR_LOSS_HUBER: term = a <= dl ? 0.5 * r * r : dl * (a - 0.5 * dl), lip = fmin(a + dr, dl); break;
        default: /* sigma * H~(r/sigma) / 2 without r * r overflowing (r of 1e154) */
            term = a <= dl ? 0.5 * a * (a / sigma) : m->delta * (a - 0.5 * dl), lip = fmin((a + dr) / sigma, m->delta);
        }
        F += s * term;
        dF += s * lip * dr;
    }
    F /= S, dF /= S;
    if (m->loss == SR_LOSS_HUBER_SCALED) F += 0.5 * sigma;
    double R = 0, dR = 0, rho = eff_rho(m), a = m->penalty == SR_PENALTY_NONE ? 0.0 : alpha;
    for (int64_t j = 0; j < p; j++) {
        double f = m->l1f ? m->l1f[j] : 1.0, gg = m->l2f ? m->l2f[j] : f;
        double t1 = f == 0 ? 0 : a * rho * f * fabs(w[j]), t2 = gg == 0 ? 0 : 0.5 * a * (1 - rho) * gg * w[j] * w[j];
        R += t1 + t2;
        dR += (rel + 1e-12) * (t1 + 2.2 * t2);
    }
    *slack = dF + dR + 1e-10 * (fabs(F) + R) + 1e-300;
    return F + R;
}

/* Moderate data, alpha, factors and finite bounds: the outputs must be finite. */
static int model_moderate(const Design *g, const Model *m, double alpha) {
    int moderate = g->moderate && alpha <= 1e3;
    for (int64_t j = 0; j < g->p && moderate; j++) {
        double f = m->l1f ? m->l1f[j] : 1, gg = m->l2f ? m->l2f[j] : f;
        moderate &= f <= 1e3 && gg <= 1e3 && (!isfinite(lower_of(m, j)) || fabs(lower_of(m, j)) <= 1e3) &&
                    (!isfinite(upper_of(m, j)) || fabs(upper_of(m, j)) <= 1e3);
    }
    return moderate;
}

/* The checks every successful fit (or alpha of a path) passes: bounds, no intercept without
 * fit_intercept, finite for moderate data, the objective is F + R at the returned (coef,
 * intercept), and the certificate is sound: objective - dual_gap (a lower bound on the minimum)
 * is no larger than the objective at the feasible point clip(0). */
static void check_fit(const Dt *d, const Design *g, const Model *m, double alpha, const void *coef, int64_t off,
                      const double *intercept, const double *objective, const double *gap, double sigma, int converged,
                      int64_t k, int path) {
    int64_t p = g->p;
    double icpt = intercept ? *intercept : 0.0;
    int finite = isfinite(icpt);
    for (int64_t j = 0; j < p; j++) {
        double c = get(d, coef, off + j), lo = lower_of(m, j), hi = upper_of(m, j);
        if (d->f32) lo = (double)(float)lo, hi = (double)(float)hi; /* rounding is monotonic */
        if (c < lo || c > hi) FAIL("[%lld] coef[%lld] = %.17g outside [%.17g, %.17g]", (long long)k, (long long)j, c, lo, hi);
        finite &= isfinite(c) != 0;
    }
    if (!m->fi && finite && icpt != 0) FAIL("[%lld] intercept %.17g without fit_intercept", (long long)k, icpt);
    if (objective && !(*objective >= 0) && (g->moderate || !isnan(*objective))) FAIL("[%lld] objective %.17g", (long long)k, *objective);
    if (!model_moderate(g, m, alpha)) return;
    /* a warm start far out (|coef| up to FLT_MAX, one sweep) is an extreme input too: no claim
     * that the outputs or the gap are finite there */
    if (!finite && !m->wild_warm) FAIL("[%lld] coef or intercept not finite for moderate data", (long long)k);
    /* BUG 18 (fixed: fuzz/regressions/fit-squared-alpha-dbl-min-infinite-gap,
     * cv-squared-en-fista-alpha-denormal-negative-gap): alpha near DBL_MIN, inf or negative gap */
    int bug18 = 0 && /* BUG 18 fixed */ m->loss == SR_LOSS_SQUARED && alpha > 0 && alpha < 1e-300;
    /* BUG 47 (fuzz/known/fit-squared-en-alpha-denormal-wide-negative-gap): alpha = 5e-324 with
     * the elastic net, p > n: a negative gap (-5.7e-10) certified */
    int bug47 = m->loss == SR_LOSS_SQUARED && alpha > 0 && alpha < 1e-300 && avoid(47);
    /* BUG 20 (fuzz/known/path-huber-l1-infinite-gap, fit-huber-scaled-l1-infinite-gap): an
     * unconverged Huber + L1 point (fixed or fitted scale), inf gap */
    int bug20 = 0 && /* BUG 20 fixed */ (m->loss == SR_LOSS_HUBER || m->loss == SR_LOSS_HUBER_SCALED) && !converged;
    /* BUG 21 (fuzz/known/cv-squared-l1-*-infinite-gap): an unconverged squared-loss point of the
     * general solver (bounds, even all infinite, or l2_factor given), inf gap */
    int bug21 = 0 && /* BUG 21 fixed */ m->loss == SR_LOSS_SQUARED && (m->lo || m->hi || m->l2f) && !converged;
    /* BUG 26 (fuzz/known/cv-absolute-l1-bounds-unconverged-infinite-gap): an unconverged point of
     * the pinball losses' interior point with bounds, inf gap */
    int bug26 = 0 && /* BUG 26 fixed */ (m->loss == SR_LOSS_ABSOLUTE || m->loss == SR_LOSS_QUANTILE) && (m->lo || m->hi) && !converged;
    if (gap && !isfinite(*gap) && !bug18 && !bug20 && !bug21 && !bug26 && !m->wild_warm) FAIL("[%lld] dual_gap %g for moderate data", (long long)k, *gap);
    /* (a path does not report the fitted Huber scale: sigma is NaN there) */
    if (m->loss == SR_LOSS_HUBER_SCALED && isnan(sigma)) return;
    if (m->wild_warm && (!finite || (gap && !isfinite(*gap)))) return;
    if (m->loss == SR_LOSS_HUBER_SCALED && !(sigma > 0 && isfinite(sigma))) FAIL("[%lld] scale %.17g", (long long)k, sigma);
    if (!objective || !intercept || p > 64) return;
    double w[64], slack;
    for (int64_t j = 0; j < p; j++) w[j] = get(d, coef, off + j);
    double ref = model_value(d, g, m, alpha, w, icpt, sigma, d->f32 ? 0x1p-24 : 0x1p-52, &slack);
    if (!(fabs(ref - *objective) <= slack))
        FAIL("[%lld] objective %.17g but F + R at the returned coef and intercept is %.17g (slack %.3g)", (long long)k,
             *objective, ref, slack);
    if (!gap) return;
    /* For the unpenalised squared loss the gap is only a convergence measure (DualityGap.swift). */
    if (m->loss == SR_LOSS_SQUARED && (m->penalty == SR_PENALTY_NONE || alpha == 0)) return;
    if (*gap < -slack && !bug18 && !bug47) FAIL("[%lld] dual_gap %.17g < 0 beyond rounding (%.3g)", (long long)k, *gap, slack);
    double w0[64], b0 = 0, S = 0, slack0;
    for (int64_t j = 0; j < p; j++) w0[j] = fmin(fmax(0.0, lower_of(m, j)), upper_of(m, j));
    if (m->fi) {
        for (int64_t i = 0; i < g->n; i++) {
            double s = g->sw ? get(d, g->sw, i) : 1.0, r = get(d, g->y, i);
            for (int64_t j = 0; j < p; j++) r -= xat(d, g, m->row_major, i, j) * w0[j];
            b0 += s * r, S += s;
        }
        b0 /= S;
    }
    double p0 = model_value(d, g, m, alpha, w0, b0, sigma, 0, &slack0);
    double lower_bound = *objective - *gap;
    if (lower_bound > p0 + slack0 + slack + 1e-9 * fabs(*gap))
        FAIL("[%lld] false certificate: objective %.17g - dual_gap %.17g = %.17g exceeds the objective %.17g at the "
             "feasible point clip(0) (intercept %.17g)", (long long)k, *objective, *gap, lower_bound, p0, b0);
}

/* 1: swiftreg.h promises this solver for the model, 0: it rules it out, -1: it depends on details. */
static int solver_fits(const Model *m) {
    int sq = m->loss == SR_LOSS_SQUARED;
    int smooth = sq || m->loss == SR_LOSS_HUBER || m->loss == SR_LOSS_HUBER_SCALED;
    int plain = !m->l2f && !m->lo && !m->hi; /* one factor per feature, no bounds */
    switch (m->solver) {
    case SR_FIT_SOLVER_AUTO: return 1;
    case SR_FIT_SOLVER_CD: return smooth;
    case SR_FIT_SOLVER_FISTA:
    case SR_FIT_SOLVER_SUBGRADIENT: return !sq ? 0 : plain ? 1 : -1;
    case SR_FIT_SOLVER_INTERIOR_POINT: return !smooth;
    case SR_FIT_SOLVER_CHOLESKY: return !sq ? 0 : (plain && !m->l1f && m->penalty == SR_PENALTY_L2 && m->alpha > 0) ? 1 : -1;
    default: return 0;
    }
}

static const int64_t kProblemSize = (int64_t)sizeof(sr_problem_f64);
static const int64_t kOptionsSize = (int64_t)sizeof(sr_fit_options);
/* The options struct of a header before `interrupt`: still accepted. */
static const int64_t kOptionsOldSize = (int64_t)offsetof(sr_fit_options, interrupt);

/* A struct's size field: mostly right, sometimes a newer caller's larger size (accepted),
 * sometimes too small (SR_ERR_INVALID_ARGUMENT naming "<struct>->size"). *bad says which. */
static int64_t pick_size(Src *s, int64_t good, int *bad) {
    uint8_t sel = u8(s);
    *bad = 0;
    if (sel < 240) return good;
    if (sel < 246) return good + 8 * (sel % 3 + 1);
    static const int64_t small[] = {0, -1, 8, INT64_MIN, 16};
    *bad = 1;
    return sel == 255 ? good - 8 : small[sel % 5];
}

/* A bound: free, 0, a small grid value, or anything (NaN, ±Inf, huge). */
static double pick_bound(Src *s, int upper) {
    uint8_t sel = u8(s);
    if (sel < 64) return upper ? INFINITY : -INFINITY;
    if (sel < 128) return 0.0;
    if (sel < 224) return (double)((int)(sel % 9) - 4) * 0.5;
    return value(s);
}

/* sr_fit_options_init: NULL, a too-small size (nothing written), a newer caller's larger
 * struct (the tail zeroed); then the defaults of swiftreg.h. */
static void fuzz_options_init(Src *s, Arenas *as) {
    uint8_t sel = u8(s);
    if (sel < 232) return;
    const char *saved = g_what;
    g_what = "sr_fit_options_init";
    size_t bytes = sizeof(sr_fit_options) + 64;
    unsigned char *buf = arena_new(as, bytes);
    int64_t size = sel < 240 ? kOptionsSize + 8 * (sel % 8 + 1) : (int64_t[]){0, -1, 8, kOptionsOldSize - 8, INT64_MIN, kOptionsOldSize}[sel % 6];
    int null = sel == 255;
    arenas_snapshot(as);
    sr_status st = sr_fit_options_init(null ? NULL : (sr_fit_options *)buf, size);
    if (null || size < kOptionsOldSize) {
        if (st != (null ? SR_ERR_NULL_POINTER : SR_ERR_INVALID_ARGUMENT)) FAIL("status %d for size %lld%s", st, (long long)size, null ? " (NULL)" : "");
        if (!null && !strstr(sr_last_error(), "size")) FAIL("the message does not name size: %s", sr_last_error());
        after_call(st, as, NULL);
    } else {
        if (st != SR_OK) FAIL("status %d for size %lld", st, (long long)size);
        sr_fit_options o;
        memcpy(&o, buf, sizeof o);
        if (o.size != size) FAIL("size %lld, expected %lld", (long long)o.size, (long long)size);
        for (size_t k = sizeof o; k < (size_t)size; k++) if (buf[k]) FAIL("byte %zu of a %lld-byte struct not zeroed", k, (long long)size);
        for (size_t k = (size_t)size; k < bytes; k++) if (buf[k] != 0xA5) FAIL("byte %zu beyond size %lld written", k, (long long)size);
    }
    g_what = saved;
}

/* Decodes the options (in an arena: the library must not write them) and what they make
 * the status. `path`: options->alpha is ignored, warm_start too. */
static sr_fit_options *decode_options(Src *s, const Dt *d, Arenas *as, Design *g, Model *m, Expect *e, int path) {
    fuzz_options_init(s, as);
    sr_fit_options *o = arena_new(as, sizeof *o);
    if (sr_fit_options_init(o, kOptionsSize) != SR_OK) FAIL("sr_fit_options_init failed: %s", sr_last_error());
    if (o->loss != SR_LOSS_SQUARED || o->penalty != SR_PENALTY_L1 || o->alpha != 1 || o->l1_ratio != 0.5 || o->delta != 1.35 ||
        o->quantile != 0.5 || o->l1_factor || o->l2_factor || o->lower_bounds || o->upper_bounds || o->fit_intercept != 1 ||
        o->solver != SR_FIT_SOLVER_AUTO || o->max_iter != 1000 || o->tol != 1e-4 || o->selection != 0 || o->precompute != 0 ||
        o->seed != 0 || o->learning_rate != 0 || o->warm_start != 0 || o->reserved != 0 || o->progress || o->progress_context)
        FAIL("sr_fit_options_init: not the documented defaults");
    int bad_size;
    o->size = pick_size(s, kOptionsSize, &bad_size);
    if (o->size == kOptionsSize - 8) o->size = kOptionsOldSize - 8;  /* the old struct's size is valid */
    if (bad_size) violate(e, SR_ERR_INVALID_ARGUMENT);
    int64_t p = g->lk == LEN_OK ? g->p : 0;
    uint8_t sel = u8(s);
    o->loss = sel < 240 ? (int32_t)(sel % 5) : (int32_t)u32(s);
    sel = u8(s);
    o->penalty = sel < 240 ? (int32_t)(sel % 4) : (int32_t)u32(s);
    sel = u8(s);
    o->solver = sel < 128 ? SR_FIT_SOLVER_AUTO : sel < 240 ? (int32_t)(1 + sel % 5) : (int32_t)u32(s);
    o->alpha = hyper(s);
    if (u8(s) < 200) o->alpha = fabs(o->alpha);
    o->l1_ratio = u8(s) < 200 ? (double)(u8(s) % 5) / 4.0 : hyper(s);
    o->delta = u8(s) < 200 ? (double[]){1.35, 0.5, 1.0, 2.0, 0.1}[u8(s) % 5] : hyper(s);
    o->quantile = u8(s) < 200 ? (double[]){0.5, 0.25, 0.75, 0.1, 0.9}[u8(s) % 5] : hyper(s);
    o->l1_factor = g->pf;
    Dt dd = {0, 8};
    double *l2f = NULL, *lo = NULL, *hi = NULL;
    if ((u8(s) & 3) == 0 && g->lk == LEN_OK) {
        l2f = arena_new(as, (size_t)p * sizeof(double));
        fill(s, &dd, l2f, p);
        if (u8(s) & 1) for (int64_t j = 0; j < p; j++) l2f[j] = fabs(l2f[j]);
    }
    uint8_t bsel = u8(s) % 8;
    if (bsel >= 3 && g->lk == LEN_OK) {
        if (bsel == 3 || bsel == 4 || bsel >= 6) lo = arena_new(as, (size_t)p * sizeof(double));
        if (bsel == 5 || bsel >= 6) hi = arena_new(as, (size_t)p * sizeof(double));
        for (int64_t j = 0; j < p; j++) {
            if (lo) lo[j] = bsel == 3 ? 0.0 : pick_bound(s, 0); /* 3: scikit-learn's positive */
            if (hi) hi[j] = pick_bound(s, 1);
            if (bsel == 6 && lo[j] > hi[j]) { double t = lo[j]; lo[j] = hi[j], hi[j] = t; }
        }
    }
    o->l2_factor = l2f, o->lower_bounds = lo, o->upper_bounds = hi;
    o->fit_intercept = u8(s) & 1;
    o->max_iter = pick_iter(s);
    o->tol = u8(s) < 200 ? (double[]){1e-4, 1e-6, 1e-8, 1e-3}[u8(s) % 4] : hyper(s);
    o->selection = pick_code(s, 1);
    o->precompute = pick_code(s, 2);
    o->seed = u64(s);
    o->learning_rate = u8(s) < 200 ? 0.0 : hyper(s);
    o->warm_start = path ? 0 : u8(s) & 1;

    *m = (Model){o->loss, o->penalty, o->solver, o->alpha, o->l1_ratio, o->delta, o->quantile, o->tol,
                 g->pf, l2f, lo, hi, o->fit_intercept, 0, 0, o->max_iter, 0};
    if (o->loss < 0 || o->loss > 4 || o->penalty < 0 || o->penalty > 3 || o->solver < 0 || o->solver > 5 ||
        o->selection < 0 || o->selection > 1 || o->precompute < 0 || o->precompute > 2 || o->max_iter < 1 ||
        !nonneg_ok(o->tol) || !nonneg_ok(o->learning_rate))
        violate(e, SR_ERR_INVALID_ARGUMENT);
    if (!path && !nonneg_ok(o->alpha)) violate(e, SR_ERR_INVALID_ARGUMENT);
    if (o->penalty == SR_PENALTY_ELASTIC_NET && !(o->l1_ratio >= 0 && o->l1_ratio <= 1)) violate(e, SR_ERR_INVALID_ARGUMENT);
    int bad_datafit = ((o->loss == SR_LOSS_HUBER || o->loss == SR_LOSS_HUBER_SCALED) && !pos_ok(o->delta)) ||
                      (o->loss == SR_LOSS_QUANTILE && !(o->quantile > 0 && o->quantile < 1));
    if (bad_datafit) violate(e, SR_ERR_INVALID_ARGUMENT); /* (BUG 15, fixed) */
    int big = 0;
    for (int64_t j = 0; j < p && g->lk == LEN_OK; j++) {
        double f = g->pf ? g->pf[j] : 1, gg = l2f ? l2f[j] : f, l = lo ? lo[j] : -INFINITY, u = hi ? hi[j] : INFINITY;
        if (!nonneg_ok(f) || !nonneg_ok(gg) || isnan(l) || l == INFINITY || isnan(u) || u == -INFINITY || u < l)
            violate(e, SR_ERR_INVALID_ARGUMENT);
        big |= f > 1e6 || gg > 1e6 || (isfinite(l) && fabs(l) > 1e6) || (isfinite(u) && fabs(u) > 1e6) ||
               (f > 0 && f < 1e-6) || (gg > 0 && gg < 1e-6);
    }
    /* BUG 16 (fuzz/known/path-absolute-tiny-box-invalid-data): the pinball losses reject a box
     * lower_j < upper_j narrower than about 1e-154 as overflowing data */
    int pinball = o->loss == SR_LOSS_ABSOLUTE || o->loss == SR_LOSS_QUANTILE;
    for (int64_t j = 0; 0 && /* BUG 16 fixed */ lo && hi && j < p && pinball; j++)
        if (isfinite(lo[j]) && isfinite(hi[j]) && hi[j] > lo[j] && hi[j] - lo[j] < 1e-140) e->allowed |= 1u << SR_ERR_INVALID_DATA;
    /* BUG 17 (fuzz/known/fit-quantile-bounds-exact-fit-invalid-data): the pinball losses with bounds
     * reject a problem whose minimum loss is 0 (an exact fit) as overflowing data; without a
     * penalty (or a negligible one) that cannot be told apart here */
    int unpenalised = 0; /* a feature the penalty does not weigh (factor 0): an exact fit may exist */
    for (int64_t j = 0; j < p && g->lk == LEN_OK; j++) {
        double f = g->pf ? g->pf[j] : 1, gg = l2f ? l2f[j] : f;
        double rho = o->penalty == SR_PENALTY_L1 ? 1 : o->penalty == SR_PENALTY_L2 ? 0 : o->l1_ratio;
        if (!((rho > 0 && f > 0) || (rho < 1 && gg > 0))) unpenalised = 1;
    }
    if (0 && /* BUG 17 fixed */ pinball && (lo || hi) &&
        (o->penalty == SR_PENALTY_NONE || !(fabs(o->alpha) >= 1e-6) || unpenalised || (o->fit_intercept && g->n <= p + 1)))
        e->allowed |= 1u << SR_ERR_INVALID_DATA;
    /* BUG 38 (fixed; fuzz/regressions/fit-absolute-fixed-coefficient-exact-fit-invalid-data): the
     * pinball losses with a coefficient fixed by lower_j = upper_j reported an exact fit as
     * overflowing data; the harness no longer steers around it */
    /* BUGs 46 and 48 (fixed; fuzz/regressions/fit-absolute-zero-y-tiny-lower-bound-invalid-data,
     * path-absolute-tiny-box-single-weight-invalid-data): pinball losses with a bound of 1e-316
     * excluding 0 and y = 0, or a box narrower than 1e-100 beside fixed coefficients, were
     * reported as overflowing data; the harness no longer steers around them */
    /* BUG 39 (fixed; fuzz/regressions/cv-quantile-tiny-quantile-invalid-data): a quantile below
     * about 1e-200 was reported as overflowing data; the harness no longer steers around it */
    int fits = o->loss >= 0 && o->loss <= 4 ? solver_fits(m) : 1;
    if (fits == 0) violate(e, SR_ERR_INVALID_ARGUMENT);
    e->allowed |= 1u << SR_ERR_ALLOCATION;
    if (fits < 0) e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    /* Cholesky (asked for, or AUTO's choice for squared + L2) on rank-deficient X with alpha ~ 0 */
    if (o->loss == SR_LOSS_SQUARED && (o->solver == SR_FIT_SOLVER_CHOLESKY || o->penalty == SR_PENALTY_L2) && !(o->alpha > 1e-100))
        e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    /* extreme but finite data, alpha, factors or bounds: sums and products may overflow float64;
     * the library then rejects the data (SR_ERR_INVALID_DATA), or names alpha or the factor that
     * overflowed (SR_ERR_INVALID_ARGUMENT) */
    if (!g->moderate || o->alpha > 1e6 || big) e->allowed |= 1u << SR_ERR_INVALID_DATA | 1u << SR_ERR_INVALID_ARGUMENT;
    /* (BUG 28, fixed: fuzz/regressions/fit-quantile-huge-tol-invalid-data) */
    return o;
}

/* The size of the problem struct before the CSC fields (swiftreg 0.2): a caller built with that
 * header passes a struct of this size, which dense layouts may accept and CSC must reject. */
static const int64_t kProblemSizeDense = (int64_t)offsetof(sr_problem_f64, nnz);
/* The smallest size that covers index_type ("size must cover index_type"). */
static const int64_t kProblemSizeCSC = (int64_t)offsetof(sr_problem_f64, index_type) + (int64_t)sizeof(int32_t);

static int64_t *csc_indptr_new(Arenas *as, int64_t p) { return arena_new(as, (size_t)(p + 1) * sizeof(int64_t)); }

static void csc_set_row(Design *g, int64_t k, int64_t r) {
    if (g->itype == SR_INDEX_INT32) ((int32_t *)g->indices)[k] = (int32_t)r;
    else ((int64_t *)g->indices)[k] = r;
}

/* indices and values of `cap` elements (index_type decides the width; a bad one gets int64). */
static void csc_alloc(const Dt *d, Arenas *as, Design *g, int64_t cap) {
    g->cap = cap;
    g->indices = arena_new(as, (size_t)cap * (g->itype == SR_INDEX_INT32 ? sizeof(int32_t) : sizeof(int64_t)));
    g->vals = arena_new(as, (size_t)cap * d->size);
}

/* The header's CSC rules as a reference validator: which statuses the arrays make (violated)
 * or make legitimate (allowed). Returns 1 when the structure and values are valid. */
static int csc_expect(const Dt *d, const Design *g, Expect *e) {
    int64_t n = g->n, p = g->p, nnz = g->nnz;
    int ok = 1;
    if (nnz < 0) violate(e, SR_ERR_INVALID_LENGTH), ok = 0;
    if (!g->indptr) violate(e, SR_ERR_NULL_POINTER), ok = 0;
    if (nnz > 0 && !g->indices) violate(e, SR_ERR_NULL_POINTER), ok = 0;
    if (nnz > 0 && !g->vals) violate(e, SR_ERR_NULL_POINTER), ok = 0;
    int type_ok = g->itype == SR_INDEX_INT64 || g->itype == SR_INDEX_INT32;
    if (!type_ok) violate(e, SR_ERR_INVALID_ARGUMENT), ok = 0;
    int columns_known = g->indptr && nnz >= 0;
    if (columns_known) {
        int bad = g->indptr[0] != 0 || g->indptr[p] != nnz;
        for (int64_t j = 0; j < p; j++) bad |= g->indptr[j + 1] < g->indptr[j];
        if (bad) violate(e, SR_ERR_INVALID_INDPTR), ok = 0, columns_known = 0;
    }
    /* every k < nnz is an element the caller declared: (only then are the arrays read) */
    int64_t have = nnz < 0 ? 0 : nnz;
    if (have > g->cap) have = 0; /* (huge nnz: only with NULL arrays, see make_csc) */
    if (g->indices && type_ok && have > 0) {
        for (int64_t k = 0; k < have; k++) {
            int64_t r = csc_row(g, k);
            if (r < 0 || r >= n) { violate(e, SR_ERR_INVALID_INDEX), ok = 0; break; }
        }
        if (columns_known) {
            for (int64_t j = 0; j < p; j++)
                for (int64_t a = g->indptr[j]; a < g->indptr[j + 1]; a++)
                    for (int64_t b = a + 1; b < g->indptr[j + 1]; b++)
                        if (csc_row(g, a) == csc_row(g, b)) violate(e, SR_ERR_INVALID_INDEX), ok = 0;
        } else {
            /* without valid columns, a repeated row may be what the library reports */
            e->allowed |= 1u << SR_ERR_INVALID_INDEX;
        }
    }
    if (g->vals && have > 0)
        for (int64_t k = 0; k < have; k++)
            if (!isfinite(get(d, g->vals, k))) { violate(e, SR_ERR_INVALID_DATA), ok = 0; break; }
    return ok;
}

/* SR_LAYOUT_CSC: the arrays of a sparse X, usually built from the dense design X (column-major,
 * a byte-chosen mask of its entries zeroed: density 1/1 .. 1/8), sometimes from raw bytes; rows
 * in order or rotated/reversed within each column; int64 or int32 indices; then at most one
 * hostile change. The checks run against the dense matrix the arrays describe (g->X). */
static void make_csc(Src *s, const Dt *d, Arenas *as, Design *g, Model *m, Expect *e, int64_t *size, int *bad_size) {
    g->csc = 1, m->csc = 1, m->row_major = 0;
    uint8_t cf = u8(s), hk = u8(s), mk = u8(s);
    g->itype = (cf & 1) ? SR_INDEX_INT32 : SR_INDEX_INT64;
    int kind = hk < 112 ? -1 : hk % 16;
    if (g->lk != LEN_OK) {
        /* negative or huge dimensions: no arrays; the library must not dereference any */
        static const int64_t nnzs[] = {0, 1, -1, INT64_MAX, (int64_t)1 << 40, INT64_MIN};
        g->nnz = nnzs[mk % 6];
        g->cap = 0;
        if (g->nnz < 0) violate(e, SR_ERR_INVALID_LENGTH);
        if (g->p >= 0) violate(e, SR_ERR_NULL_POINTER);               /* indptr: p + 1 values */
        e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;                  /* n_samples < 1, int32 with a huge n */
        return;
    }
    int64_t n = g->n, p = g->p, np = n * p;
    unsigned char *dense = arena_new(as, (size_t)np * d->size); /* the reference matrix, never passed */
    memset(dense, 0, (size_t)np * d->size);
    int modulus = 1 + (mk >> 5);
    if (g->X)
        for (int64_t j = 0; j < p; j++)
            for (int64_t i = 0; i < n; i++)
                if ((i * 5 + j * 3 + mk) % modulus == 0) put(d, dense, i + j * n, get(d, g->X, i + j * n));
    g->X = dense;
    g->indptr = csc_indptr_new(as, p);
    if (!(cf & 8)) {
        /* from the dense matrix: the non-zero entries (NaN included), or every entry (cf & 2) */
        int64_t nnz = 0;
        for (int64_t k = 0; k < np; k++) nnz += (cf & 2) || get(d, dense, k) != 0;
        csc_alloc(d, as, g, nnz + 2); /* room for a hostile nnz + 1 */
        int64_t k = 0;
        for (int64_t j = 0; j < p; j++) {
            g->indptr[j] = k;
            for (int64_t i = 0; i < n; i++) {
                double v = get(d, dense, i + j * n);
                if (!(cf & 2) && !(v != 0)) continue;
                csc_set_row(g, k, i);
                put(d, g->vals, k, v);
                k++;
            }
        }
        g->indptr[p] = g->nnz = nnz;
        if (cf & 4) { /* rows in another order: each column rotated, and reversed (sh & 128) */
            uint8_t sh = u8(s);
            for (int64_t j = 0; j < p; j++) {
                int64_t lo = g->indptr[j], len = g->indptr[j + 1] - lo;
                if (len < 2) continue;
                int64_t rows[64];
                double vals[64];
                if (len > 64) continue;
                for (int64_t t = 0; t < len; t++) rows[t] = csc_row(g, lo + t), vals[t] = get(d, g->vals, lo + t);
                for (int64_t t = 0; t < len; t++) {
                    int64_t src = (t + sh % len) % len;
                    if (sh & 128) src = len - 1 - src;
                    csc_set_row(g, lo + t, rows[src]);
                    put(d, g->vals, lo + t, vals[src]);
                }
            }
        }
    } else {
        /* raw structure from the bytes: a monotone indptr (cf & 16) or any; rows in [-1, n] */
        int64_t nnz = u8(s) % 13;
        csc_alloc(d, as, g, nnz + 2);
        g->indptr[0] = (cf & 32) ? (int64_t)(u8(s) % 3) - 1 : 0;
        for (int64_t j = 1; j <= p; j++) {
            int64_t v = (cf & 16) ? g->indptr[j - 1] + u8(s) % 4 : (int64_t)(u8(s) % (nnz + 3)) - 1;
            g->indptr[j] = (cf & 16) && v > nnz ? nnz : v;
        }
        if ((cf & 16) && (cf & 64)) g->indptr[p] = nnz;
        for (int64_t k = 0; k < nnz; k++) csc_set_row(g, k, (int64_t)(u8(s) % (n + 2)) - 1);
        fill(s, d, g->vals, nnz);
        g->nnz = nnz;
    }
    /* one hostile change */
    int64_t nnz = g->nnz, at = nnz > 0 ? u8(s) % nnz : 0, j = p > 0 ? u8(s) % p : 0;
    switch (kind) {
    case 0: g->indptr[0] = (int64_t[]){1, -1, INT64_MAX, INT64_MIN}[at % 4]; break;
    case 1: if (p > 0) g->indptr[j + 1] = g->indptr[j] - 1 - at % 2; else g->indptr[0] = 1; break; /* not monotone */
    case 2: csc_set_row(g, nnz, 0), put(d, g->vals, nnz, 1.0), g->nnz = nnz + 1; break; /* indptr[p] < nnz */
    case 3: g->nnz = nnz - 1; break;                                                     /* indptr[p] > nnz */
    case 4: if (nnz) csc_set_row(g, at, g->itype == SR_INDEX_INT32 ? (at & 1 ? INT32_MIN : -1) : (at & 1 ? INT64_MIN : -1)); break;
    case 5: if (nnz) csc_set_row(g, at, g->itype == SR_INDEX_INT32 ? (at & 1 ? INT32_MAX : n) : (at & 1 ? INT64_MAX : n)); break;
    case 6: /* a repeated row: the next stored value of the same column gets this one's row */
        for (int64_t c = 0; c < p; c++)
            if (g->indptr[c] >= 0 && g->indptr[c + 1] <= nnz && g->indptr[c + 1] - g->indptr[c] >= 2) { csc_set_row(g, g->indptr[c] + 1, csc_row(g, g->indptr[c])); break; }
        break;
    case 7: if (nnz) put(d, g->vals, at, (double[]){NAN, INFINITY, -INFINITY, -NAN}[j % 4]); break;
    case 8: g->nnz = at & 1 ? -1 : INT64_MIN; break;
    case 9: g->indptr = NULL; break;
    case 10: g->indices = NULL; break;
    case 11: g->vals = NULL; break;
    case 12: g->itype = (int32_t[]){2, -1, INT32_MAX, INT32_MIN}[at % 4]; break;
    case 13: *size = at & 1 ? kProblemSizeDense : kProblemSizeCSC - 4, *bad_size = 1; break; /* an older, smaller struct */
    case 14: if (p > 0) g->indptr[j + 1] = at & 1 ? INT64_MAX : (int64_t)1 << 62; break;  /* past nnz */
    case 15: g->nnz = at & 1 ? INT64_MAX : (int64_t)1 << 40, g->indices = g->vals = NULL; break; /* huge, no arrays */
    default: break;
    }
    if (csc_expect(d, g, e)) {
        /* valid: the reference is the matrix the arrays describe (they may differ from the
         * dense one after a hostile change that keeps them valid, or from raw bytes) */
        memset(dense, 0, (size_t)np * d->size);
        for (int64_t c = 0; c < p; c++)
            for (int64_t k = g->indptr[c]; k < g->indptr[c + 1]; k++) put(d, dense, csc_row(g, k) + c * n, get(d, g->vals, k));
    }
    /* extreme stored values (raw bytes): sums and products may overflow */
    int mod = 1;
    for (int64_t k = 0; k < np; k++) mod &= moderate(get(d, dense, k));
    if (!mod) g->moderate = 0, e->allowed |= 1u << SR_ERR_INVALID_DATA;
    /* SR_FIT_SOLVER_CHOLESKY, _FISTA and _SUBGRADIENT are dense-only */
    if (m->solver == SR_FIT_SOLVER_CHOLESKY || m->solver == SR_FIT_SOLVER_FISTA || m->solver == SR_FIT_SOLVER_SUBGRADIENT)
        violate(e, SR_ERR_INVALID_ARGUMENT);
}

/* The problem struct (in an arena) in one of the layouts; the data stay where design() put them
 * (CSC: make_csc's arrays). A size between the 0.2 struct's and sizeof gets an arena of exactly
 * that many bytes, so that a read past `size` is an ASan report. */
static void *make_problem(Src *s, const Dt *d, Arenas *as, Design *g, Model *m, Expect *e) {
    int bad;
    int64_t size = pick_size(s, kProblemSize, &bad);
    if (g_debug) fprintf(stderr, "layout byte at offset %zu\n", g_input_size - s->n);
    uint8_t sel = u8(s);
    int32_t layout = sel < 120 ? SR_LAYOUT_COLUMN_MAJOR : sel < 240 ? SR_LAYOUT_ROW_MAJOR
                   : sel < 248 ? SR_LAYOUT_CSC : (int32_t)u32(s);
    if (layout == SR_LAYOUT_CSC) make_csc(s, d, as, g, m, e, &size, &bad);
    if (layout != SR_LAYOUT_COLUMN_MAJOR && layout != SR_LAYOUT_ROW_MAJOR && layout != SR_LAYOUT_CSC)
        violate(e, SR_ERR_INVALID_ARGUMENT);
    m->row_major = layout == SR_LAYOUT_ROW_MAJOR;
    /* A smaller struct: CSC needs index_type covered; a dense layout may accept the 0.2 size. */
    int older = size >= kProblemSizeDense && size < kProblemSize;
    if (bad && older && layout != SR_LAYOUT_CSC) e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    else if (bad || (layout == SR_LAYOUT_CSC && size < kProblemSizeCSC)) violate(e, SR_ERR_INVALID_ARGUMENT);
    else if (layout == SR_LAYOUT_CSC && size < kProblemSize) e->allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    size_t bytes = older ? (size_t)size : sizeof(sr_problem_f64);
    void *pr = arena_new(as, bytes);
    if (d->f32) {
        sr_problem_f32 v = {size, g->n, g->p, layout, 0, g->X, g->y, g->sw, 0, NULL, NULL, 0, 0};
        if (g->csc) v.X = g->vals, v.nnz = g->nnz, v.indptr = g->indptr, v.indices = g->indices, v.index_type = g->itype;
        memcpy(pr, &v, bytes);
    } else {
        sr_problem_f64 v = {size, g->n, g->p, layout, 0, g->X, g->y, g->sw, 0, NULL, NULL, 0, 0};
        if (g->csc) v.X = g->vals, v.nnz = g->nnz, v.indptr = g->indptr, v.indices = g->indices, v.index_type = g->itype;
        memcpy(pr, &v, bytes);
    }
    return pr;
}

/* SR_FUZZ_DEBUG=1: the options as decoded. */
static void dump_model(const Model *m, const sr_fit_options *o, const Design *g) {
    if (!g_debug) return;
    fprintf(stderr, "model loss=%d penalty=%d solver=%d alpha=%.17g l1_ratio=%.17g delta=%.17g quantile=%.17g fit_intercept=%d "
            "layout=%s max_iter=%lld tol=%.17g selection=%d precompute=%d seed=%llu lr=%.17g warm=%d options->size=%lld\n",
            m->loss, m->penalty, m->solver, m->alpha, m->l1_ratio, m->delta, m->quantile, m->fi, m->row_major ? "row" : "column",
            (long long)m->max_iter, m->tol, o->selection, o->precompute, (unsigned long long)o->seed, o->learning_rate,
            o->warm_start, (long long)o->size);
    int64_t p = g->lk == LEN_OK ? g->p : 0;
    for (int k = 0; k < 3; k++) {
        const double *a = k == 0 ? m->l2f : k == 1 ? m->lo : m->hi;
        if (!a) continue;
        fprintf(stderr, "  %s:", k == 0 ? "l2_factor" : k == 1 ? "lower_bounds" : "upper_bounds");
        for (int64_t j = 0; j < p; j++) fprintf(stderr, " %.17g", a[j]);
        fprintf(stderr, "\n");
    }
}

/* One sr_fit_f64 / sr_fit_f32 call. */
static void fuzz_fit(Src *s, const Dt *d) {
    g_what = "sr_fit";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    Model m;
    sr_fit_options *o = decode_options(s, d, &as, &g, &m, &e, 0);
    void *pr = make_problem(s, d, &as, &g, &m, &e);
    int64_t p = g.lk == LEN_OK ? g.p : 0, n = g.lk == LEN_OK ? g.n : 0;
    void *coef = arena_new(&as, (size_t)p * d->size);
    fill(s, d, coef, p);
    int bad_rsize;
    int64_t rsize = pick_size(s, (int64_t)sizeof(sr_fit_result_f64), &bad_rsize);
    if (bad_rsize) violate(&e, SR_ERR_INVALID_ARGUMENT);
    uint8_t place = u8(s) % 8, nulls = u8(s);
    int partial = 0;
    if (place == 1) coef = NULL;
    /* coef partially over the end of y (swiftreg.h: outputs that partially overlap an input are
     * rejected; BUG 6, fixed: fuzz/regressions/fit-coef-overlaps-y) */
    if (place == 2 && n >= 2 && p >= 1 && g.y) {
        unsigned char *both = arena_new(&as, (size_t)(n + p) * d->size);
        memcpy(both, g.y, (size_t)n * d->size);
        g.y = both;
        coef = both + (n - 1) * d->size;
        partial = 1;
        if (d->f32) ((sr_problem_f32 *)pr)->y = (const float *)g.y; else ((sr_problem_f64 *)pr)->y = (const double *)g.y;
    }
    if (g.lk == LEN_HUGE_NULL) coef = NULL;
    void *res = arena_new(&as, sizeof(sr_fit_result_f64));
    memcpy(res, &rsize, 8);
    memcpy((unsigned char *)res + 8, &coef, sizeof coef);
    int null_pr = nulls == 253, null_o = nulls == 254, null_r = nulls == 255;
    if (null_pr || null_o || null_r) violate(&e, SR_ERR_NULL_POINTER);
    dump_design(d, &g);
    dump_model(&m, o, &g);
    if (getenv("SR_FUZZ_DEBUG") && coef) {
        fprintf(stderr, "  coef (the warm start when warm=1):");
        for (int64_t j = 0; j < p; j++) fprintf(stderr, " %.17g", get(d, coef, j));
        fprintf(stderr, "\n");
    }
    model_expect(d, &g, &e, 1);
    if (g.lk == LEN_OK && p > 0 && !coef) violate(&e, SR_ERR_NULL_POINTER);
    if (o->warm_start && coef && g.lk == LEN_OK)
        for (int64_t j = 0; j < p; j++) {
            double c = get(d, coef, j);
            if (!isfinite(c)) { violate(&e, SR_ERR_INVALID_DATA); break; }
            if (!moderate(c)) e.allowed |= 1u << SR_ERR_INVALID_DATA, m.wild_warm = 1;
        }
    if (partial) violate(&e, SR_ERR_OVERLAP);
    Regions written = {0};
    region_add(&written, (unsigned char *)res + 16, sizeof(sr_fit_result_f64) - 16); /* not size, not coef */
    if (coef) region_add(&written, coef, (size_t)p * d->size);
    arenas_snapshot(&as);
    sr_status st;
    if (d->f32) st = sr_fit_f32(null_pr ? NULL : pr, null_o ? NULL : o, null_r ? NULL : res);
    else st = sr_fit_f64(null_pr ? NULL : pr, null_o ? NULL : o, null_r ? NULL : res);
    if (g_debug) fprintf(stderr, "status %d %s\n", st, st ? sr_last_error() : "");
    check_status(st, &e);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        sr_fit_result_f64 r;
        memcpy(&r, res, sizeof r); /* the f32 struct has the same layout (coef is a pointer) */
        if (g_debug) {
            fprintf(stderr, "result: intercept %.17g objective %.17g dual_gap %.17g gap_tol %.17g n_iter %lld converged %d solver %d scale %.17g\n  coef:",
                    r.intercept, r.objective, r.dual_gap, r.gap_tol, (long long)r.n_iter, r.converged, r.solver, r.scale);
            for (int64_t j = 0; j < p; j++) fprintf(stderr, " %.17g", get(d, coef, j));
            fprintf(stderr, "\n");
        }
        if (r.n_iter < 0 || r.n_iter > m.max_iter) FAIL("n_iter %lld outside [0, %lld]", (long long)r.n_iter, (long long)m.max_iter);
        if (r.converged != 0 && r.converged != 1) FAIL("converged = %d", r.converged);
        if (!(r.gap_tol >= 0) && (g.moderate || !isnan(r.gap_tol))) FAIL("gap_tol %.17g", r.gap_tol);
        if (r.converged != (r.dual_gap <= r.gap_tol)) FAIL("converged %d but dual_gap %.17g, gap_tol %.17g", r.converged, r.dual_gap, r.gap_tol);
        /* (BUG 14, fixed: fuzz/regressions/fit-constant-y-solver-not-the-one-asked) */
        if (m.solver != SR_FIT_SOLVER_AUTO && r.solver != m.solver) FAIL("solver %d ran, %d was asked for", r.solver, m.solver);
        int sq = m.loss == SR_LOSS_SQUARED, ipm = m.loss == SR_LOSS_ABSOLUTE || m.loss == SR_LOSS_QUANTILE;
        if (m.solver == SR_FIT_SOLVER_AUTO &&
            !(ipm ? r.solver == SR_FIT_SOLVER_INTERIOR_POINT : (r.solver == SR_FIT_SOLVER_CD || (sq && r.solver == SR_FIT_SOLVER_CHOLESKY))))
            FAIL("AUTO ran solver %d for loss %d", r.solver, m.loss);
        if (m.csc && r.solver == SR_FIT_SOLVER_CHOLESKY) FAIL("CHOLESKY (dense-only) ran on a CSC X");
        if (m.loss != SR_LOSS_HUBER_SCALED && r.scale != 0) FAIL("scale %.17g for loss %d", r.scale, m.loss);
        /* FISTA and the subgradient rule with a given step, and warm starts from anywhere, may stop anywhere */
        check_fit(d, &g, &m, m.alpha, coef, 0, &r.intercept, &r.objective, &r.dual_gap, r.scale, r.converged, 0, 0);
    }
    arenas_free(&as);
}

typedef struct {
    int64_t cancel_at, last, total;
    int bad;
} Progress;

static int32_t on_progress(int64_t done, int64_t total, void *ctx) {
    Progress *pr = ctx;
    if (done != pr->last + 1 || done > total || (pr->total && total != pr->total)) pr->bad = 1;
    pr->last = done;
    pr->total = total;
    return done == pr->cancel_at;
}

/* The default grid starts at alpha_max, "the smallest alpha at which every penalised
 * coefficient is 0, or its bound nearest 0": there w0 = clip(0) with its best intercept is a
 * minimiser, so the path's first objective cannot be below the objective at w0. The best
 * intercept for w0 is known for the squared loss (the weighted mean of y - X w0) and the pinball
 * losses (a weighted tau-quantile); every feature must be penalised (no l1_factor 0). */
static void check_alpha_max(const Dt *d, const Design *g, const Model *m, double alpha, double objective) {
    int pinball = m->loss == SR_LOSS_ABSOLUTE || m->loss == SR_LOSS_QUANTILE;
    if (!(m->loss == SR_LOSS_SQUARED || pinball) || !g->moderate || !(alpha <= 1e3) || g->n > 64 || g->p > 64) return;
    /* (BUG 8, fixed: fuzz/regressions/path-grid-alpha-max-absolute-loss) */
    /* (BUG 27, fixed: fuzz/regressions/cv-quantile-en-bounds-grid-below-alpha-max) */
    double w0[64], r[64], s[64], S = 0;
    for (int64_t j = 0; j < g->p; j++) {
        if (m->l1f && !(m->l1f[j] > 0)) return;
        if (m->l1f && m->l1f[j] > 1e3) return;
        /* (BUG 40, fixed: fuzz/regressions/cv-quantile-en-subnormal-factors-grid-below-alpha-max) */
        w0[j] = fmin(fmax(0.0, lower_of(m, j)), upper_of(m, j));
        if (fabs(w0[j]) > 1e3) return;
    }
    for (int64_t i = 0; i < g->n; i++) {
        s[i] = g->sw ? get(d, g->sw, i) : 1.0, S += s[i];
        r[i] = get(d, g->y, i);
        for (int64_t j = 0; j < g->p; j++) r[i] -= xat(d, g, m->row_major, i, j) * w0[j];
    }
    double b = 0;
    if (m->fi && m->loss == SR_LOSS_SQUARED) {
        for (int64_t i = 0; i < g->n; i++) b += s[i] * r[i];
        b /= S;
    } else if (m->fi) { /* the smallest r_(k) whose cumulative weight reaches tau * S */
        double tau = m->loss == SR_LOSS_ABSOLUTE ? 0.5 : m->quantile, best = INFINITY;
        for (int64_t i = 0; i < g->n; i++) {
            double below = 0;
            for (int64_t k = 0; k < g->n; k++) if (r[k] <= r[i]) below += s[k];
            if (below >= tau * S && r[i] < best) best = r[i];
        }
        b = best;
    }
    double slack, p0 = model_value(d, g, m, alpha, w0, b, 0, 0, &slack);
    if (objective < p0 - 2 * slack - 1e-9 * fabs(p0))
        FAIL("the default grid's first alpha %.17g is below alpha_max: objective %.17g there, below %.17g at clip(0) "
             "with intercept %.17g, so clip(0) is no minimiser", alpha, objective, p0, b);
}

static void check_path_outputs(const Dt *d, const Design *gp, const Model *mp, int64_t k, const double *alphas,
                               const double *given, const double *aout, const unsigned char *coefs, const double *icpt,
                               const double *objs, const double *gaps, const double *gtols, const int64_t *nits,
                               const int32_t *conv);

/* The statuses a path's grid makes (sr_path and sr_cv_path): alphas given (kk values) or the
 * default grid from eps. */
static void path_grid_expect(const Design *gp, const Model *mp, Expect *ep, const double *alphas, int64_t kk, double eps) {
    const Design g = *gp;
    const Model m = *mp;
    Expect e = *ep;
    int64_t p = g.lk == LEN_OK ? g.p : 0;
    e.allowed |= 1u << SR_ERR_CANCELLED;
    /* The default grid needs eps in (0, 1), an L1 part (rho > 0) and not the fitted Huber scale; a
     * degenerate alpha_max may be rejected too; eps may be checked even when alphas are given. */
    if (!alphas) {
        if (!(eps > 0 && eps < 1) || m.penalty == SR_PENALTY_NONE || !(eff_rho(&m) > 0) || m.loss == SR_LOSS_HUBER_SCALED)
            violate(&e, SR_ERR_INVALID_ARGUMENT);
        e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    } else if (!(eps > 0 && eps < 1)) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    /* alpha_max grows as 1 / (rho * l1_factor_j): a tiny positive factor or l1_ratio overflows the
     * default grid, which the library reports as overflowing data (SR_ERR_INVALID_DATA) */
    if (!alphas) {
        double rho = eff_rho(&m);
        if (rho > 0 && rho < 1e-6) e.allowed |= 1u << SR_ERR_INVALID_DATA | 1u << SR_ERR_INVALID_ARGUMENT;
        for (int64_t j = 0; g.pf && j < p; j++)
            if (g.pf[j] > 0 && g.pf[j] < 1e-6) e.allowed |= 1u << SR_ERR_INVALID_DATA | 1u << SR_ERR_INVALID_ARGUMENT;
    }
    for (int64_t i = 0; alphas && i < kk; i++) {
        if (alphas[i] > 1e6) e.allowed |= 1u << SR_ERR_INVALID_DATA | 1u << SR_ERR_INVALID_ARGUMENT;
        if (m.loss == SR_LOSS_SQUARED && m.penalty == SR_PENALTY_L2 && !(alphas[i] > 1e-100)) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    }
    *ep = e;
}

/* One sr_path_f64 / sr_path_f32 call. */
static void fuzz_path(Src *s, const Dt *d) {
    g_what = "sr_path";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    Model m;
    sr_fit_options *o = decode_options(s, d, &as, &g, &m, &e, 1);
    void *pr = make_problem(s, d, &as, &g, &m, &e);
    int64_t p = g.lk == LEN_OK ? g.p : 0, n = g.lk == LEN_OK ? g.n : 0;
    uint8_t ka = u8(s);
    int64_t k = ka < 240 ? 1 + ka % 6 : (ka < 248 ? 0 : -1);
    int64_t kk = k > 0 ? k : 0;
    double *alphas = NULL, given[8];
    if (u8(s) & 1) {
        alphas = arena_new(&as, (size_t)(kk + 1) * sizeof(double)); /* one spare: a partial overlap fits */
        Dt dd = {0, 8};
        fill(s, &dd, alphas, kk);
        if (u8(s) & 1) for (int64_t i = 0; i < kk; i++) alphas[i] = fabs(alphas[i]);
        memcpy(given, alphas, (size_t)kk * sizeof(double));
    }
    double eps = u8(s) < 200 ? (double[]){1e-3, 1e-2, 0.1, 0.5}[u8(s) % 4] : hyper(s);
    Progress prog = {0};
    uint8_t cb = u8(s);
    int use_cb = cb & 1;
    prog.cancel_at = (cb >> 1) % 8; /* 0: never cancel */
    if (use_cb) o->progress = on_progress, o->progress_context = &prog;
    /* outputs: alphas, coefs, and the optional arrays (NULL: not written) */
    double *dbl = arena_new(&as, (size_t)(5 * kk) * sizeof(double));
    double *aout = dbl, *icpt = dbl + kk, *objs = dbl + 2 * kk, *gaps = dbl + 3 * kk, *gtols = dbl + 4 * kk;
    unsigned char *coefs = arena_new(&as, (size_t)(p * kk) * d->size);
    int64_t *nits = arena_new(&as, (size_t)kk * sizeof(int64_t));
    int32_t *conv = arena_new(&as, (size_t)kk * sizeof(int32_t));
    uint8_t opt = u8(s);
    if (opt & 1) icpt = NULL;
    if (opt & 2) objs = NULL;
    if (opt & 4) gaps = NULL;
    if (opt & 8) gtols = NULL;
    if (opt & 16) nits = NULL;
    if (opt & 32) conv = NULL;
    if ((opt & 192) == 192) icpt = objs = gaps = gtols = NULL, nits = NULL, conv = NULL;
    uint8_t place = u8(s) % 10, nulls = u8(s);
    int partial = 0;
    if (place == 1 && alphas && kk > 0) aout = alphas;                           /* allowed: the very buffer */
    if (place == 2 && alphas && kk > 1) { aout = alphas + 1; partial = 1; }      /* rejected: checked */
    if (place == 3) coefs = NULL;
    if (place == 4) aout = NULL;
    /* output/output and output/input partial overlaps (BUG 6, fixed) */
    if (place == 5 && kk > 1) { icpt = dbl + 3 * kk + 1; gaps = dbl + 3 * kk; partial = 1; }
    if (place == 6 && n >= 2 && p >= 1 && kk >= 1 && g.y) {
        unsigned char *both = arena_new(&as, (size_t)(n + p * kk) * d->size);
        memcpy(both, g.y, (size_t)n * d->size);
        g.y = both;
        coefs = both + (n - 1) * d->size;
        partial = 1;
        if (d->f32) ((sr_problem_f32 *)pr)->y = (const float *)g.y; else ((sr_problem_f64 *)pr)->y = (const double *)g.y;
    }
    if (g.lk == LEN_HUGE_NULL) aout = icpt = objs = gaps = gtols = NULL, coefs = NULL, nits = NULL, conv = NULL;
    int bad_rsize;
    int64_t rsize = pick_size(s, (int64_t)sizeof(sr_path_result_f64), &bad_rsize);
    if (bad_rsize) violate(&e, SR_ERR_INVALID_ARGUMENT);
    void *res = arena_new(&as, sizeof(sr_path_result_f64));
    if (d->f32) {
        sr_path_result_f32 v = {rsize, k, aout, (float *)coefs, icpt, objs, gaps, gtols, nits, conv};
        memcpy(res, &v, sizeof v);
    } else {
        sr_path_result_f64 v = {rsize, k, aout, (double *)coefs, icpt, objs, gaps, gtols, nits, conv};
        memcpy(res, &v, sizeof v);
    }
    int null_pr = nulls == 253, null_o = nulls == 254, null_r = nulls == 255;
    if (null_pr || null_o || null_r) violate(&e, SR_ERR_NULL_POINTER);
    dump_design(d, &g);
    dump_model(&m, o, &g);
    model_expect(d, &g, &e, 1);
    if (k < 0) violate(&e, SR_ERR_INVALID_LENGTH);
    if (k == 0) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (alphas) for (int64_t i = 0; i < kk; i++) if (!nonneg_ok(alphas[i])) { violate(&e, SR_ERR_INVALID_ARGUMENT); break; }
    if (g.lk == LEN_OK && kk > 0 && (!aout || (p > 0 && !coefs))) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    path_grid_expect(&g, &m, &e, alphas, kk, eps);
    Regions written = {0};
    region_add(&written, dbl, (size_t)(5 * kk) * sizeof(double));
    if (aout && alphas && (unsigned char *)aout >= (unsigned char *)alphas && aout <= alphas + 1)
        region_add(&written, aout, (size_t)kk * sizeof(double));
    if (coefs) region_add(&written, coefs, (size_t)(p * kk) * d->size);
    if (nits) region_add(&written, nits, (size_t)kk * sizeof(int64_t));
    if (conv) region_add(&written, conv, (size_t)kk * sizeof(int32_t));
    arenas_snapshot(&as);
    if (g_debug) {
        fprintf(stderr, "path k=%lld eps=%.17g callback=%d cancel_at=%lld outputs=0x%x place=%d\n  alphas:", (long long)k, eps,
                use_cb, (long long)prog.cancel_at, opt, place);
        for (int64_t i = 0; alphas && i < kk; i++) fprintf(stderr, " %.17g", alphas[i]);
        fprintf(stderr, "\n");
    }
    sr_status st;
    if (d->f32) st = sr_path_f32(null_pr ? NULL : pr, null_o ? NULL : o, alphas, eps, null_r ? NULL : res);
    else st = sr_path_f64(null_pr ? NULL : pr, null_o ? NULL : o, alphas, eps, null_r ? NULL : res);
    if (g_debug) fprintf(stderr, "status %d %s\n", st, st ? sr_last_error() : "");
    check_status(st, &e);
    if (st == SR_ERR_CANCELLED && !(use_cb && prog.cancel_at >= 1 && prog.last == prog.cancel_at))
        FAIL("SR_ERR_CANCELLED without a callback asking for it (last done %lld)", (long long)prog.last);
    if (use_cb && prog.bad) FAIL("progress called out of order (last %lld of %lld)", (long long)prog.last, (long long)prog.total);
    if (st == SR_OK && use_cb && prog.last != k) FAIL("progress ended at %lld of %lld", (long long)prog.last, (long long)k);
    if (st == SR_OK && use_cb && prog.cancel_at >= 1 && prog.cancel_at <= k) FAIL("SR_OK although progress asked to cancel at %lld", (long long)prog.cancel_at);
    after_call(st, &as, &written);
    if (st == SR_OK) check_path_outputs(d, &g, &m, k, alphas, given, aout, coefs, icpt, objs, gaps, gtols, nits, conv);
    arenas_free(&as);
}

/* The checks of a successful path's k alphas (sr_path, and the full data's path of sr_cv_path). */
static void check_path_outputs(const Dt *d, const Design *gp, const Model *mp, int64_t k, const double *alphas,
                               const double *given, const double *aout, const unsigned char *coefs, const double *icpt,
                               const double *objs, const double *gaps, const double *gtols, const int64_t *nits,
                               const int32_t *conv) {
    const Design g = *gp;
    const Model m = *mp;
    int64_t p = g.p;
    {
        for (int64_t i = 0; i < k; i++) {
            if (nits && (nits[i] < 0 || nits[i] > m.max_iter)) FAIL("n_iters[%lld] = %lld", (long long)i, (long long)nits[i]);
            if (conv && conv[i] != 0 && conv[i] != 1) FAIL("converged[%lld] = %d", (long long)i, conv[i]);
            if (conv && gaps && gtols && conv[i] != (gaps[i] <= gtols[i]))
                FAIL("converged[%lld] = %d, gap %.17g, gap_tol %.17g", (long long)i, conv[i], gaps[i], gtols[i]);
            if (gtols && !(gtols[i] >= 0) && (g.moderate || !isnan(gtols[i]))) FAIL("gap_tols[%lld] = %.17g", (long long)i, gtols[i]);
            if (!(aout[i] >= 0 && isfinite(aout[i]))) FAIL("alphas[%lld] out = %.17g", (long long)i, aout[i]);
            if (alphas && memcmp(&aout[i], &given[i], 8) != 0 && !(aout[i] == 0 && given[i] == 0))
                FAIL("alphas[%lld] out = %.17g, given %.17g (used in their order)", (long long)i, aout[i], given[i]);
            if (!alphas && i > 0 && aout[i] > aout[i - 1]) FAIL("the default grid increases: %.17g then %.17g", aout[i - 1], aout[i]);
            check_fit(d, &g, &m, aout[i], coefs, i * p, icpt ? &icpt[i] : NULL, objs ? &objs[i] : NULL,
                      gaps ? &gaps[i] : NULL, NAN, conv ? conv[i] : 0, i, 1);
        }
        if (!alphas && objs && k >= 1) check_alpha_max(d, &g, &m, aout[0], objs[0]);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Cross-validation: sr_cv_path_f64 / sr_cv_path_f32                                     */
/* ------------------------------------------------------------------------------------ */

/* The roles of the folds the library must build (K x n, roles[i + k*n]), for the checks of the
 * header's fold rules. 0 when they cannot be known (a bad foldid, a bad role code). */
static int cv_roles(int64_t K, int64_t n, const int64_t *foldid, const int8_t *roles, int8_t *out) {
    if (foldid) {
        for (int64_t i = 0; i < n; i++) if (foldid[i] < 0 || foldid[i] >= K) return 0;
        for (int64_t k = 0; k < K; k++) for (int64_t i = 0; i < n; i++) out[i + k * n] = foldid[i] == k ? SR_CV_TEST : SR_CV_TRAIN;
    } else if (roles) {
        for (int64_t c = 0; c < K * n; c++) {
            if (roles[c] < 0 || roles[c] > 2) return 0;
            out[c] = roles[c];
        }
    } else { /* K contiguous folds, the first n % K one sample larger */
        int64_t start = 0;
        for (int64_t k = 0; k < K; k++) {
            int64_t size = n / K + (k < n % K ? 1 : 0);
            for (int64_t i = 0; i < n; i++) out[i + k * n] = (i >= start && i < start + size) ? SR_CV_TEST : SR_CV_TRAIN;
            start += size;
        }
    }
    return 1;
}

static void fuzz_cv(Src *s, const Dt *d) {
    g_what = "sr_cv_path";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    Model m;
    sr_fit_options *o = decode_options(s, d, &as, &g, &m, &e, 1);
    void *pr = make_problem(s, d, &as, &g, &m, &e);
    int64_t p = g.lk == LEN_OK ? g.p : 0, n = g.lk == LEN_OK ? g.n : 0;
    uint8_t ka = u8(s);
    int64_t k = ka < 240 ? 1 + ka % 5 : (ka < 248 ? 0 : -1);
    int64_t kk = k > 0 ? k : 0;
    double *alphas = NULL, given[8];
    if (u8(s) & 1) {
        alphas = arena_new(&as, (size_t)kk * sizeof(double));
        Dt dd = {0, 8};
        fill(s, &dd, alphas, kk);
        if (u8(s) & 1) for (int64_t i = 0; i < kk; i++) alphas[i] = fabs(alphas[i]);
        memcpy(given, alphas, (size_t)kk * sizeof(double));
    }
    double eps = u8(s) < 200 ? (double[]){1e-3, 1e-2, 0.1, 0.5}[u8(s) % 4] : hyper(s);
    /* the folds: K, then contiguous / foldid / roles / both */
    uint8_t ks = u8(s);
    static const int64_t hostile_k[] = {0, 1, -1, INT64_MIN, INT64_MAX, ((int64_t)1 << 62) + 1, (int64_t)1 << 40, -2};
    int64_t K = ks < 200 ? 2 + ks % 3 : ks < 216 ? (n > 0 ? n : 2) : ks < 224 ? n + 1 : hostile_k[ks % 8];
    int small_k = K >= 2 && K <= 64;
    uint8_t fk = u8(s) % 8;
    int64_t *foldid = NULL;
    int8_t *roles = NULL;
    if ((fk == 3 || fk == 4 || fk == 7) && g.lk == LEN_OK && small_k) {
        foldid = arena_new(&as, (size_t)n * sizeof(int64_t));
        for (int64_t i = 0; i < n; i++) {
            uint8_t b = u8(s);
            foldid[i] = b < 244 ? (fk == 4 ? (int64_t)b % K : i % K) : (int64_t[]){-1, K, INT64_MIN, INT64_MAX}[b % 4];
        }
    }
    if ((fk == 5 || fk == 6 || fk == 7) && g.lk == LEN_OK && small_k) {
        roles = arena_new(&as, (size_t)(K * n));
        for (int64_t kf = 0; kf < K; kf++)
            for (int64_t i = 0; i < n; i++) {
                uint8_t b = u8(s);
                int8_t r = fk == 5 ? (i % K == kf ? SR_CV_TEST : SR_CV_TRAIN) : (int8_t)(b % 3); /* 5: contiguous-like */
                if (fk == 5 && b >= 224) r = SR_CV_UNUSED;
                if (b >= 250) r = (int8_t[]){3, -1, 127, -128, 4, 100}[b % 6];
                roles[i + kf * n] = r;
            }
    }
    uint8_t ts = u8(s);
    /* 0 is the library's cap (g_threads); the seeded run (SR_FUZZ_THREADS) keeps one thread */
    int32_t n_threads = ts < 112 ? 0 : ts < 216 ? 1 : ts < 240 ? 2 : (int32_t[]){-1, INT32_MIN, 64, 3}[ts % 4];
    if (n_threads > 1 && g_threads == g_big_threads) n_threads = (int32_t)g_threads;
    int bad_cvsize, bad_cvrsize;
    int64_t cvsize = pick_size(s, (int64_t)sizeof(sr_cv_options), &bad_cvsize);
    int64_t cvrsize = pick_size(s, (int64_t)sizeof(sr_cv_result), &bad_cvrsize);
    sr_cv_options *cvo = arena_new(&as, sizeof *cvo);
    *cvo = (sr_cv_options){cvsize, K, foldid, roles, n_threads, 0};

    Progress prog = {0};
    uint8_t cb = u8(s);
    int use_cb = cb & 1;
    prog.cancel_at = (cb >> 1) % 8;
    if (use_cb) o->progress = on_progress, o->progress_context = &prog;

    /* outputs: the full path's arrays, then fold_errors (optional), cv_mean, cv_std */
    int64_t Ke = small_k ? K : 0; /* fold_errors only when K x n_alphas can be allocated */
    double *dbl = arena_new(&as, (size_t)(5 * kk) * sizeof(double));
    double *aout = dbl, *icpt = dbl + kk, *objs = dbl + 2 * kk, *gaps = dbl + 3 * kk, *gtols = dbl + 4 * kk;
    unsigned char *coefs = arena_new(&as, (size_t)(p * kk) * d->size);
    int64_t *nits = arena_new(&as, (size_t)kk * sizeof(int64_t));
    int32_t *conv = arena_new(&as, (size_t)kk * sizeof(int32_t));
    double *cvd = arena_new(&as, (size_t)((Ke + 2) * kk + 1) * sizeof(double)); /* one spare: a partial overlap fits */
    double *ferr = cvd, *cmean = cvd + Ke * kk, *cstd = cvd + (Ke + 1) * kk;
    uint8_t opt = u8(s);
    if (opt & 1) icpt = NULL;
    if (opt & 2) objs = NULL;
    if (opt & 4) gaps = NULL;
    if (opt & 8) gtols = NULL;
    if (opt & 16) nits = NULL;
    if (opt & 32) conv = NULL;
    if ((opt & 64) || !Ke) ferr = NULL;
    uint8_t place = u8(s) % 12, nulls = u8(s);
    int partial = 0;
    if (place == 1) cmean = NULL;
    if (place == 2) cstd = NULL;
    if (place == 3 && kk > 1) { cstd = cmean + 1; partial = 1; }              /* cv_std over cv_mean */
    if (place == 4 && kk >= 1 && p >= 1) { ferr = (double *)(void *)coefs; partial = 1; } /* fold_errors over coefs */
    if (place == 5 && kk >= 1 && foldid && n >= kk) { cmean = (double *)(void *)foldid; partial = 1; } /* an output over cv->foldid */
    if (place == 6 && kk >= 1 && ferr) { cmean = ferr + Ke * kk - 1; partial = 1; } /* cv_mean over fold_errors' end */
    if (place == 7) coefs = NULL;
    if (place == 8 && kk >= 1) { cmean = aout; partial = 1; }                 /* cv_mean is result->alphas */
    if (place == 9 && alphas && kk >= 1) { cmean = alphas; partial = 1; }    /* cv_mean over the given alphas */
    if (g.lk == LEN_HUGE_NULL) aout = icpt = objs = gaps = gtols = NULL, coefs = NULL, nits = NULL, conv = NULL, ferr = cmean = cstd = NULL;
    int bad_rsize;
    int64_t rsize = pick_size(s, (int64_t)sizeof(sr_path_result_f64), &bad_rsize);
    void *res = arena_new(&as, sizeof(sr_path_result_f64));
    if (d->f32) {
        sr_path_result_f32 v = {rsize, k, aout, (float *)coefs, icpt, objs, gaps, gtols, nits, conv};
        memcpy(res, &v, sizeof v);
    } else {
        sr_path_result_f64 v = {rsize, k, aout, (double *)coefs, icpt, objs, gaps, gtols, nits, conv};
        memcpy(res, &v, sizeof v);
    }
    sr_cv_result *cres = arena_new(&as, sizeof *cres);
    *cres = (sr_cv_result){cvrsize, ferr, cmean, cstd, -7, -7};
    int null_pr = nulls == 251, null_o = nulls == 252, null_cv = nulls == 253, null_path = nulls == 254, null_res = nulls == 255;

    /* expectations */
    dump_design(d, &g);
    dump_model(&m, o, &g);
    model_expect(d, &g, &e, 1);
    if (null_pr || null_o || null_cv || null_path || null_res) violate(&e, SR_ERR_NULL_POINTER);
    if (bad_cvsize || bad_cvrsize || bad_rsize) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (k < 0) violate(&e, SR_ERR_INVALID_LENGTH);
    if (k == 0) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (alphas) for (int64_t i = 0; i < kk; i++) if (!nonneg_ok(alphas[i])) { violate(&e, SR_ERR_INVALID_ARGUMENT); break; }
    if (g.lk == LEN_OK && kk > 0 && (!aout || (p > 0 && !coefs) || !cmean || !cstd)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    path_grid_expect(&g, &m, &e, alphas, kk, eps);
    if (K < 0) violate(&e, SR_ERR_INVALID_LENGTH);
    if (K < 2) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (n_threads < 0) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (foldid && roles) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (K > n && !roles && g.lk == LEN_OK) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (K > 64) e.allowed |= 1u << SR_ERR_INVALID_LENGTH; /* K * n or K * n_alphas may overflow */
    /* the folds: each must hold a held-out sample and training samples, with positive weight sums */
    int8_t fr[64 * 64 + 64];
    int folds_known = 0;
    if (g.lk == LEN_OK && small_k && n <= 64 && !(foldid && roles) && !(K > n && !roles)) {
        folds_known = cv_roles(K, n, foldid, roles, fr);
        if (!folds_known) violate(&e, SR_ERR_INVALID_ARGUMENT); /* a foldid out of [0, K) or a bad role */
        for (int64_t kf = 0; folds_known && kf < K; kf++) {
            int has_test = 0, has_train = 0;
            double wtest = 0, wtrain = 0;
            for (int64_t i = 0; i < n; i++) {
                double w = g.sw ? get(d, g.sw, i) : 1.0;
                if (fr[i + kf * n] == SR_CV_TEST) has_test = 1, wtest += w;
                if (fr[i + kf * n] == SR_CV_TRAIN) has_train = 1, wtrain += w;
            }
            if (!has_test || !has_train) violate(&e, SR_ERR_INVALID_ARGUMENT);
            if (g.sw && (!(wtest > 0) || !(wtrain > 0))) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT; /* (or bad weights) */
        }
    }
    if (g.lk == LEN_OK && n > 64) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT; /* (folds not modelled) */
    /* a fold's training rows alone may be degenerate where the full data are not (an exact fit of the
     * pinball losses with bounds, BUG 17; overflow in extreme data): its path fails as sr_path would */
    if (!g.moderate) e.allowed |= 1u << SR_ERR_INVALID_DATA;

    Regions written = {0};
    region_add(&written, dbl, (size_t)(5 * kk) * sizeof(double));
    if (coefs) region_add(&written, coefs, (size_t)(p * kk) * d->size);
    if (nits) region_add(&written, nits, (size_t)kk * sizeof(int64_t));
    if (conv) region_add(&written, conv, (size_t)kk * sizeof(int32_t));
    region_add(&written, cvd, (size_t)((Ke + 2) * kk + 1) * sizeof(double));
    region_add(&written, (unsigned char *)cres + offsetof(sr_cv_result, index_min), 2 * sizeof(int64_t));
    arenas_snapshot(&as);
    if (g_debug) {
        fprintf(stderr, "cv k=%lld eps=%.17g K=%lld folds=%d n_threads=%d callback=%d cancel_at=%lld outputs=0x%x place=%d\n  alphas:",
                (long long)k, eps, (long long)K, fk, n_threads, use_cb, (long long)prog.cancel_at, opt, place);
        for (int64_t i = 0; alphas && i < kk; i++) fprintf(stderr, " %.17g", alphas[i]);
        fprintf(stderr, "\n  foldid:");
        for (int64_t i = 0; foldid && i < n; i++) fprintf(stderr, " %lld", (long long)foldid[i]);
        fprintf(stderr, "\n  roles:");
        for (int64_t c = 0; roles && c < K * n; c++) fprintf(stderr, " %d", roles[c]);
        fprintf(stderr, "\n");
    }
    sr_status st;
    const sr_cv_options *cvp = null_cv ? NULL : cvo;
    if (d->f32) st = sr_cv_path_f32(null_pr ? NULL : pr, null_o ? NULL : o, alphas, eps, cvp, null_path ? NULL : res, null_res ? NULL : cres);
    else st = sr_cv_path_f64(null_pr ? NULL : pr, null_o ? NULL : o, alphas, eps, cvp, null_path ? NULL : res, null_res ? NULL : cres);
    if (g_debug) fprintf(stderr, "status %d %s\n", st, st ? sr_last_error() : "");
    check_status(st, &e);
    if (st == SR_ERR_CANCELLED && !(use_cb && prog.cancel_at >= 1 && prog.last == prog.cancel_at))
        FAIL("SR_ERR_CANCELLED without a callback asking for it (last done %lld)", (long long)prog.last);
    if (use_cb && prog.bad) FAIL("progress called out of order (last %lld of %lld)", (long long)prog.last, (long long)prog.total);
    if (st == SR_OK && use_cb && prog.last != (K + 1) * k)
        FAIL("progress ended at %lld of %lld, not (n_folds + 1) * n_alphas", (long long)prog.last, (long long)prog.total);
    if (st == SR_OK && use_cb && prog.total != (K + 1) * k) FAIL("progress total %lld", (long long)prog.total);
    if (st == SR_OK && use_cb && prog.cancel_at >= 1 && prog.cancel_at <= (K + 1) * k)
        FAIL("SR_OK although progress asked to cancel at %lld", (long long)prog.cancel_at);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        check_path_outputs(d, &g, &m, k, alphas, given, aout, coefs, icpt, objs, gaps, gtols, nits, conv);
        int64_t imin = cres->index_min, i1se = cres->index_1se;
        if (imin < 0 || imin >= k || i1se < 0 || i1se >= k) FAIL("index_min %lld, index_1se %lld of %lld alphas", (long long)imin, (long long)i1se, (long long)k);
        int all_finite = 1;
        for (int64_t i = 0; i < k; i++) {
            if (!(cmean[i] >= 0) && !isnan(cmean[i])) FAIL("cv_mean[%lld] = %.17g", (long long)i, cmean[i]);
            if (!(cstd[i] >= 0) && !isnan(cstd[i])) FAIL("cv_std[%lld] = %.17g", (long long)i, cstd[i]);
            all_finite &= isfinite(cmean[i]) && isfinite(cstd[i]);
            if (ferr) {
                double sum = 0, mag = 0;
                for (int64_t kf = 0; kf < K; kf++) {
                    double v = ferr[i + kf * k];
                    if (!(v >= 0) && !isnan(v)) FAIL("fold_errors[%lld] = %.17g", (long long)(i + kf * k), v);
                    sum += v, mag += fabs(v);
                }
                double mean = sum / (double)K, var = 0;
                for (int64_t kf = 0; kf < K; kf++) var += (ferr[i + kf * k] - mean) * (ferr[i + kf * k] - mean);
                double se = sqrt(var / (double)(K - 1) / (double)K);
                Dt dd = {0, 8};
                if (isfinite(mean)) {
                    expect_close(&dd, cmean[i], mean, mag / (double)K, 1e-13 * (double)K, "cv_mean", i);
                    expect_close(&dd, cstd[i], se, mag / (double)K, 1e-9, "cv_std", i);
                }
            }
        }
        if (!all_finite) {
            /* a fold's path may stop unconverged; its held-out error stays finite for moderate data */
            int bounded = 1;
            for (int64_t i = 0; i < k; i++) bounded &= model_moderate(&g, &m, aout[i]);
            if (bounded) FAIL("cv_mean or cv_std not finite for moderate data");
        }
        if (all_finite) {
            for (int64_t i = 0; i < k; i++) {
                if (cmean[i] < cmean[imin]) FAIL("index_min %lld: cv_mean %.17g > cv_mean[%lld] = %.17g", (long long)imin, cmean[imin], (long long)i, cmean[i]);
                if (cmean[i] == cmean[imin] && aout[i] > aout[imin]) FAIL("index_min %lld is not the largest alpha among ties (%lld)", (long long)imin, (long long)i);
                if (cmean[i] <= cmean[imin] + cstd[imin] && aout[i] > aout[i1se])
                    FAIL("index_1se %lld (alpha %.17g): alpha[%lld] = %.17g is larger within one standard error", (long long)i1se, aout[i1se], (long long)i, aout[i]);
            }
            if (!(cmean[i1se] <= cmean[imin] + cstd[imin])) FAIL("index_1se %lld beyond one standard error", (long long)i1se);
        }
        /* results are bit-identical for any n_threads: rerun on another thread count (1 in 4 inputs) */
        if ((cb & 0x30) == 0x30 && !use_cb && kk <= 8) {
            Arenas as2 = {0};
            double *dbl2 = arena_new(&as2, (size_t)(5 * kk) * sizeof(double));
            unsigned char *coefs2 = arena_new(&as2, (size_t)(p * kk) * d->size);
            double *cvd2 = arena_new(&as2, (size_t)((Ke + 2) * kk + 1) * sizeof(double));
            double *a2 = dbl2, *i2 = icpt ? dbl2 + kk : NULL, *o2 = objs ? dbl2 + 2 * kk : NULL, *g2 = gaps ? dbl2 + 3 * kk : NULL;
            double *f2 = ferr ? cvd2 : NULL, *m2 = cvd2 + Ke * kk, *s2 = cvd2 + (Ke + 1) * kk;
            sr_cv_options cv2 = *cvo;
            cv2.n_threads = n_threads <= 1 ? (int32_t)g_big_threads : 1; /* (0: the cap, g_threads) */
            sr_cv_result r2 = {(int64_t)sizeof r2, f2, m2, s2, -7, -7};
            sr_status st2;
            if (d->f32) {
                sr_path_result_f32 v = {(int64_t)sizeof v, k, a2, (float *)coefs2, i2, o2, g2, NULL, NULL, NULL};
                st2 = sr_cv_path_f32(pr, o, alphas, eps, &cv2, &v, &r2);
            } else {
                sr_path_result_f64 v = {(int64_t)sizeof v, k, a2, (double *)coefs2, i2, o2, g2, NULL, NULL, NULL};
                st2 = sr_cv_path_f64(pr, o, alphas, eps, &cv2, &v, &r2);
            }
            if (st2 != SR_OK) FAIL("status %d with n_threads %d, SR_OK with %d: %s", st2, cv2.n_threads, n_threads, sr_last_error());
            if (memcmp(a2, aout, (size_t)kk * 8) || (p && memcmp(coefs2, coefs, (size_t)(p * kk) * d->size)) ||
                (i2 && memcmp(i2, icpt, (size_t)kk * 8)) || (o2 && memcmp(o2, objs, (size_t)kk * 8)) || (g2 && memcmp(g2, gaps, (size_t)kk * 8)) ||
                (f2 && memcmp(f2, ferr, (size_t)(Ke * kk) * 8)) || memcmp(m2, cmean, (size_t)kk * 8) || memcmp(s2, cstd, (size_t)kk * 8) ||
                r2.index_min != imin || r2.index_1se != i1se)
                FAIL("results differ between n_threads %d and %d", n_threads, cv2.n_threads);
            arenas_free(&as2);
        }
    }
    arenas_free(&as);
}

/* ------------------------------------------------------------------------------------ */
/* Library information calls                                                             */
/* ------------------------------------------------------------------------------------ */

static void fuzz_info(Src *s) {
    g_what = "info";
    sr_status code = (sr_status)u32(s);
    const char *t = sr_status_string(code);
    if (!t || !*t) FAIL("sr_status_string(%d) empty", code);
    if (strcmp(sr_version(), SR_VERSION_STRING) != 0) FAIL("sr_version %s != header %s", sr_version(), SR_VERSION_STRING);
    int64_t before;
    if (sr_get_num_threads(&before) != SR_OK || before < 1) FAIL("sr_get_num_threads");
    if (sr_get_num_threads(NULL) != SR_ERR_NULL_POINTER) FAIL("sr_get_num_threads(NULL) is not SR_ERR_NULL_POINTER");
    static const int64_t caps[] = {1, 2, 0, -5, INT64_MIN, INT64_MAX, 3};
    int64_t want = caps[u8(s) % 7], got;
    if (sr_set_num_threads(want) != SR_OK) FAIL("sr_set_num_threads(%lld)", (long long)want);
    if (sr_get_num_threads(&got) != SR_OK || got < 1) FAIL("thread cap %lld after setting %lld", (long long)got, (long long)want);
    if (want >= 1 && want <= 64 && got != want) FAIL("thread cap %lld after setting %lld", (long long)got, (long long)want);
    sr_set_num_threads(before);
}

/* ------------------------------------------------------------------------------------ */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    /* Two threads for the BIG_N inputs (the threaded kernels), one otherwise. SR_FUZZ_THREADS=1
     * (the seeded run in `make test`) makes a run reproducible: coverage counters bumped from two
     * threads at once race, and libFuzzer then keeps different inputs from run to run. */
    const char *threads = getenv("SR_FUZZ_THREADS");
    if (threads && *threads) g_threads = g_big_threads = atoll(threads);
    sr_set_num_threads(g_threads);
    g_debug = getenv("SR_FUZZ_DEBUG") != NULL;
    const char *strict = getenv("SR_FUZZ_STRICT");
    if (strict && strcmp(strict, "1") == 0) g_strict = ~0ull;
    else if (strict && *strict) g_strict = 1ull << (atoi(strict) & 63);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Src s = {data, size};
    g_input_size = size;
    g_big = 0;
    uint8_t fam = u8(&s);
    Dt d = (u8(&s) & 1) ? (Dt){1, sizeof(float)} : (Dt){0, sizeof(double)};
    switch (fam % 16) {
    case 0: case 1: case 2: fuzz_loss(&s, &d, (LossKind)(fam % 16), u8(&s) % 3); break;
    case 3: case 4: case 5: fuzz_penalty(&s, &d, (PenKind)(fam % 16 - 3), u8(&s) % 3); break;
    case 6: fuzz_step(&s, &d, 0); break;
    case 7: fuzz_step(&s, &d, 1); break;
    case 8: case 9: case 10: case 11: fuzz_fit(&s, &d); break; /* (once ridge, LAD, elastic net) */
    case 12: fuzz_path(&s, &d); break;
    case 13: fuzz_info(&s); break;
    case 14: fuzz_cv(&s, &d); break;
    default: fuzz_penalty(&s, &d, (PenKind)(u8(&s) % 3), u8(&s) % 3); break;
    }
    if (g_big) sr_set_num_threads(g_threads);
    return 0;
}
