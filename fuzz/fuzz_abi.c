/*
 * fuzz_abi.c — libFuzzer harness for the swiftreg C ABI (swiftreg.h).
 *
 * Every input is a byte string that the harness reads as a small program: which function
 * family and dtype to call, the lengths (0, negative, huge with NULL pointers), the values
 * (NaN, ±Inf, subnormals, huge, tiny, raw bit patterns), the hyperparameters (valid and
 * invalid), NULL pointers and aliased / partially overlapping buffers. After the call it
 * checks the contract of swiftreg.h:
 *
 *   - the status is a documented code (0..9) and sr_status_string / sr_last_error answer;
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
 *   - models: on success the scalar outputs obey their documented ranges (n_iter within
 *     max_iter, converged == (dual_gap <= gap_tol), dual_gap >= 0 up to rounding,
 *     positive => coef >= 0, intercept 0 without fit_intercept, LAD objective >= 0), and the
 *     outputs are finite for moderate finite data; a cancelled path writes nothing.
 *
 * Build (see fuzz/build.sh): the library with -sanitize=address and sanitizer coverage, this
 * file with clang -fsanitize=fuzzer,address,undefined.
 */
#include <float.h>
#include <math.h>
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
typedef enum { LEN_OK, LEN_NEGATIVE, LEN_HUGE_NULL } LenKind;

static int64_t kernel_length(Src *s, LenKind *kind) {
    uint8_t sel = u8(s);
    *kind = LEN_OK;
    if (sel < 8) return 0;
    if (sel < 16) return 1;
    if (sel < 200) return 1 + sel % 40;
    if (sel < 208) return BIG_N + sel % 5;
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

#define MAX_ARENAS 16
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
    const unsigned char *lo[8], *hi[8];
    int count;
} Regions;

static void region_add(Regions *r, const void *p, size_t bytes) {
    if (!p || !bytes) return;
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

/* Known, reported, not yet fixed library bugs (see fuzz/known/README.md). Fuzzing steers
 * around them so that it can find new ones; SR_FUZZ_STRICT=1 (used to replay fuzz/known/)
 * drives straight into them. */
static int g_avoid_known = 1; /* none at present: every bug found so far is fixed */

#define FAIL(...)                                                                           \
    do {                                                                                    \
        fprintf(stderr, "\nfuzz_abi: INVARIANT VIOLATED in %s: ", g_what);                  \
        fprintf(stderr, __VA_ARGS__);                                                       \
        fprintf(stderr, "\n  sr_last_error: %s\n", sr_last_error());                        \
        abort();                                                                            \
    } while (0)

/* Every byte outside `written` is as it was before the call (all of them when written == NULL). */
static void arenas_check(const Arenas *as, const Regions *written, const char *when) {
    for (int i = 0; i < as->count; i++) {
        const Arena *a = &as->a[i];
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
    if (st < 0 || st > 9) FAIL("status %d is not a documented code", st);
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
                    expect_close(d, get(d, grad, i), ref, fabs(ref), 0, "grad", i);
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
            expect_close(d, v, ref, fabs(ref), 1e-13 * (double)cnt, "penalty", 0);
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
            if (!(fabs(o) <= fabs(v))) FAIL("|prox(v)| > |v|: v=%.17g out=%.17g", v, o);
            if (o != 0 && sgn(o) != sgn(v)) FAIL("prox changed the sign: v=%.17g out=%.17g", v, o);
            if (v == 0 && o != 0) FAIL("prox(0) = %.17g", o);
            if (kind != P_L2 && fabs(v) <= t1 && o != 0) FAIL("prox not exactly 0 where |v| <= step*l1: v=%.17g t=%.17g out=%.17g", v, t1, o);
            if (isfinite(v) && !isfinite(o)) FAIL("prox of finite %.17g is %.17g", v, o);
            double ref = soft(v, t1) / (1.0 + 2.0 * step * l2);
            if (isfinite(v)) expect_close(d, o, ref, fabs(ref), 0, "prox", i);
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
} Design;

static int64_t model_dim(Src *s, int features, LenKind *lk) {
    uint8_t sel = u8(s);
    if (sel < 224) return features ? sel % 7 : 1 + sel % 14; /* n_samples >= 1 mostly */
    if (sel < 232) return 0;
    if (sel < 244) { *lk = LEN_NEGATIVE; return sel & 1 ? -1 : INT64_MIN; }
    *lk = LEN_HUGE_NULL;
    return sel & 1 ? ((int64_t)1 << 33) : INT64_MAX;
}

static int moderate(double x) { return isfinite(x) && (x == 0 || (fabs(x) >= 1e-3 && fabs(x) <= 1e3)); }

static void design(Src *s, const Dt *d, Arenas *as, Design *g) {
    g->lk = LEN_OK;
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

/* SR_FUZZ_DEBUG=1: print the model inputs (to turn a crash input into a bug report). */
static void dump_design(const Dt *d, const Design *g) {
    if (!getenv("SR_FUZZ_DEBUG") || g->lk != LEN_OK) return;
    fprintf(stderr, "design n=%lld p=%lld f32=%d\n  X (column-major):", (long long)g->n, (long long)g->p, d->f32);
    for (int64_t i = 0; g->X && i < g->n * g->p; i++) fprintf(stderr, " %.17g", get(d, g->X, i));
    fprintf(stderr, "\n  y:");
    for (int64_t i = 0; g->y && i < g->n; i++) fprintf(stderr, " %.17g", get(d, g->y, i));
    fprintf(stderr, "\n  sample_weight:");
    for (int64_t i = 0; g->sw && i < g->n; i++) fprintf(stderr, " %.17g", get(d, g->sw, i));
    fprintf(stderr, "\n  penalty_factor:");
    for (int64_t j = 0; g->pf && j < g->p; j++) fprintf(stderr, " %.17g", g->pf[j]);
    fprintf(stderr, "\n");
}

/* statuses every model shares, as far as a caller can predict them */
static void model_expect(const Dt *d, const Design *g, Expect *e, int strict_nulls) {
    (void)strict_nulls;
    if (g->lk == LEN_NEGATIVE) violate(e, SR_ERR_INVALID_LENGTH);
    if (g->lk == LEN_HUGE_NULL) { violate(e, SR_ERR_NULL_POINTER); violate(e, SR_ERR_INVALID_LENGTH); return; }
    if (g->lk != LEN_OK) return;
    if (g->n == 0) violate(e, SR_ERR_INVALID_ARGUMENT);
    if (g->n * g->p > 0 && !g->X) violate(e, SR_ERR_NULL_POINTER);
    if (g->n > 0 && !g->y) violate(e, SR_ERR_NULL_POINTER);
    int bad_data = 0;
    for (int64_t i = 0; g->X && i < g->n * g->p; i++) bad_data |= !isfinite(get(d, g->X, i));
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
        else if (sum == 0 && g->n > 0) violate(e, SR_ERR_INVALID_ARGUMENT);
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

static void fuzz_ridge(Src *s, const Dt *d) {
    g_what = "ridge_fit";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    double alpha = hyper(s);
    int32_t fi = u8(s) & 1;
    int64_t p = g.lk == LEN_OK ? g.p : 0;
    unsigned char *outs = arena_new(&as, (size_t)(p + 1) * d->size);
    void *coef = outs, *icpt = outs + p * d->size;
    uint8_t place = u8(s) % 8;
    int partial = 0;
    if (place == 1 && p > 0) { icpt = outs + (p - 1) * d->size; partial = 1; }
    if (place == 2) coef = NULL;
    if (place == 3) icpt = NULL;
    if (g.lk == LEN_HUGE_NULL) coef = icpt = NULL;
    dump_design(d, &g);
    model_expect(d, &g, &e, 1);
    if (!nonneg_ok(alpha)) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (g.lk == LEN_OK && ((p > 0 && !coef) || !icpt)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    e.allowed = 1u << SR_ERR_ALLOCATION;
    if (alpha == 0) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT; /* rank-deficient X at alpha = 0 */
    if (!g.moderate || alpha > 1e6) e.allowed |= 1u << SR_ERR_INVALID_DATA; /* sums overflow float64 */
    Regions written = {0};
    region_add(&written, outs, (size_t)(p + 1) * d->size);
    arenas_snapshot(&as);
    sr_status st = d->f32 ? sr_ridge_fit_f32(g.X, g.y, g.sw, g.n, g.p, alpha, fi, coef, icpt)
                          : sr_ridge_fit_f64(g.X, g.y, g.sw, g.n, g.p, alpha, fi, coef, icpt);
    check_status(st, &e);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        if (!fi && get(d, icpt, 0) != 0) FAIL("intercept %.17g without fit_intercept", get(d, icpt, 0));
        if (g.moderate && alpha >= 1e-3 && alpha <= 1e3) {
            for (int64_t j = 0; j < p; j++) if (!isfinite(get(d, coef, j))) FAIL("coef[%lld] = %g for moderate data", (long long)j, get(d, coef, j));
            if (!isfinite(get(d, icpt, 0))) FAIL("intercept %g for moderate data", get(d, icpt, 0));
        }
    }
    arenas_free(&as);
}

static void fuzz_lad(Src *s, const Dt *d) {
    g_what = "lad_fit";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    double alpha = hyper(s);
    int32_t fi = u8(s) & 1;
    int64_t max_iter = pick_iter(s);
    double tol = u8(s) < 200 ? 1e-8 : hyper(s);
    int64_t p = g.lk == LEN_OK ? g.p : 0;
    unsigned char *outs = arena_new(&as, (size_t)(p + 2) * d->size);
    int64_t *nit = arena_new(&as, sizeof(int64_t));
    void *coef = outs, *icpt = outs + p * d->size, *obj = outs + (p + 1) * d->size;
    uint8_t place = u8(s) % 10;
    int partial = 0;
    if (place == 1) { obj = icpt; partial = 1; }
    if (place == 2 && p > 0) { icpt = outs + (p - 1) * d->size; partial = 1; }
    if (place == 3) coef = NULL;
    if (place == 4) icpt = NULL;
    if (place == 5) obj = NULL;
    if (place == 6) nit = NULL;
    if (g.lk == LEN_HUGE_NULL) coef = icpt = obj = nit = NULL;
    dump_design(d, &g);
    model_expect(d, &g, &e, 1);
    if (!nonneg_ok(alpha) || !pos_ok(tol) || max_iter < 1) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (g.lk == LEN_OK && ((p > 0 && !coef) || !icpt || !obj || !nit)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    e.allowed = 1u << SR_ERR_ALLOCATION;
    if (!g.moderate || alpha > 1e6) e.allowed |= 1u << SR_ERR_INVALID_DATA; /* sums overflow float64 */
    Regions written = {0};
    region_add(&written, outs, (size_t)(p + 2) * d->size);
    if (nit) region_add(&written, nit, sizeof(int64_t));
    arenas_snapshot(&as);
    sr_status st = d->f32 ? sr_lad_fit_f32(g.X, g.y, g.sw, g.n, g.p, alpha, fi, max_iter, tol, coef, icpt, obj, nit)
                          : sr_lad_fit_f64(g.X, g.y, g.sw, g.n, g.p, alpha, fi, max_iter, tol, coef, icpt, obj, nit);
    check_status(st, &e);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        double o = get(d, obj, 0);
        if (!(o >= 0) || !isfinite(o)) FAIL("LAD objective %.17g", o); /* overflow is rejected (SR_ERR_INVALID_DATA) */
        if (*nit < 0 || *nit > max_iter) FAIL("n_iter %lld outside [0, %lld]", (long long)*nit, (long long)max_iter);
        if (!fi && get(d, icpt, 0) != 0) FAIL("intercept %.17g without fit_intercept", get(d, icpt, 0));
        if (g.moderate && alpha <= 1e3) {
            for (int64_t j = 0; j < p; j++) if (!isfinite(get(d, coef, j))) FAIL("coef[%lld] = %g for moderate data", (long long)j, get(d, coef, j));
            if (!isfinite(get(d, icpt, 0)) || !isfinite(o)) FAIL("intercept %g objective %g for moderate data", get(d, icpt, 0), o);
        }
    }
    arenas_free(&as);
}

static void fuzz_enet(Src *s, const Dt *d) {
    g_what = "enet_fit";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    double alpha = hyper(s), l1r = u8(s) < 200 ? (double)(u8(s) % 5) / 4.0 : hyper(s);
    int32_t fi = u8(s) & 1, pos = u8(s) % 4 == 0;
    int32_t solver = pick_code(s, 2), selection = pick_code(s, 1), pre = pick_code(s, 2);
    uint64_t seed = u64(s);
    int64_t max_iter = pick_iter(s);
    double tol = u8(s) < 200 ? 1e-4 : hyper(s);
    double lr = u8(s) < 200 ? 0.0 : hyper(s);
    int32_t warm = u8(s) & 1;
    int64_t p = g.lk == LEN_OK ? g.p : 0;
    unsigned char *outs = arena_new(&as, (size_t)(p + 1) * d->size);
    void *coef = outs, *icpt = outs + p * d->size;
    fill(s, d, coef, p);
    double *gaps = arena_new(&as, 2 * sizeof(double));
    int64_t *nit = arena_new(&as, sizeof(int64_t));
    int32_t *conv = arena_new(&as, sizeof(int32_t));
    double *gap = gaps, *gtol = gaps + 1;
    uint8_t place = u8(s) % 12;
    int partial = 0;
    if (place == 1) { gtol = gap; partial = 1; }
    if (place == 2 && p > 0) { icpt = outs + (p - 1) * d->size; partial = 1; }
    if (place == 3) coef = NULL;
    if (place == 4) icpt = NULL;
    if (place == 5) gap = NULL;
    if (place == 6) nit = NULL;
    if (place == 7) conv = NULL;
    if (place == 8) gtol = NULL;
    if (g.lk == LEN_HUGE_NULL) coef = icpt = gap = gtol = NULL, nit = NULL, conv = NULL;
    dump_design(d, &g);
    model_expect(d, &g, &e, 1);
    if (!nonneg_ok(alpha) || !(l1r >= 0 && l1r <= 1) || max_iter < 1 || !nonneg_ok(tol) || !nonneg_ok(lr) ||
        solver < 0 || solver > 2 || selection < 0 || selection > 1 || pre < 0 || pre > 2)
        violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (g.pf && g.lk == LEN_OK)
        for (int64_t j = 0; j < p; j++) if (!nonneg_ok(g.pf[j])) { violate(&e, SR_ERR_INVALID_ARGUMENT); break; }
    if (warm && coef && g.lk == LEN_OK)
        for (int64_t j = 0; j < p; j++) if (!isfinite(get(d, coef, j))) { violate(&e, SR_ERR_INVALID_DATA); break; }
    if (g.lk == LEN_OK && ((p > 0 && !coef) || !icpt || !gap || !nit || !conv || !gtol)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    e.allowed = 1u << SR_ERR_ALLOCATION;
    /* extreme but finite data or alpha: sums, products or the derived penalty (alpha * S ...)
     * may overflow float64; the library then rejects the data as SR_ERR_INVALID_DATA */
    if (!g.moderate || alpha > 1e6) e.allowed |= 1u << SR_ERR_INVALID_DATA;
    Regions written = {0};
    region_add(&written, outs, (size_t)(p + 1) * d->size);
    region_add(&written, gaps, 2 * sizeof(double));
    if (nit) region_add(&written, nit, sizeof(int64_t));
    if (conv) region_add(&written, conv, sizeof(int32_t));
    arenas_snapshot(&as);
    sr_status st = d->f32 ? sr_enet_fit_f32(g.X, g.y, g.sw, g.pf, g.n, g.p, alpha, l1r, fi, pos, solver, selection, seed, pre,
                                            max_iter, tol, lr, warm, coef, icpt, nit, gap, gtol, conv)
                          : sr_enet_fit_f64(g.X, g.y, g.sw, g.pf, g.n, g.p, alpha, l1r, fi, pos, solver, selection, seed, pre,
                                            max_iter, tol, lr, warm, coef, icpt, nit, gap, gtol, conv);
    check_status(st, &e);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        if (*nit < 0 || *nit > max_iter) FAIL("n_iter %lld outside [0, %lld]", (long long)*nit, (long long)max_iter);
        if (*conv != 0 && *conv != 1) FAIL("converged = %d", *conv);
        /* overflowing finite data (sum s_i (y_i - ybar)^2 = Inf, Inf/Inf) can give NaN: see fuzz/known/README.md */
        if (!(*gtol >= 0) && (g.moderate || !isnan(*gtol))) FAIL("gap_tol %.17g", *gtol);
        if (*conv != (*gap <= *gtol)) FAIL("converged %d but dual_gap %.17g, gap_tol %.17g", *conv, *gap, *gtol);
        int finite_coef = 1;
        for (int64_t j = 0; j < p; j++) finite_coef &= isfinite(get(d, coef, j)) != 0;
        if (!fi && finite_coef && get(d, icpt, 0) != 0) FAIL("intercept %.17g without fit_intercept", get(d, icpt, 0));
        /* (extreme data gave coef = -7e-40 with positive = 1: reported, fuzz/known/README.md) */
        if (pos) for (int64_t j = 0; j < p; j++) if (get(d, coef, j) < 0) FAIL("positive=1 but coef[%lld] = %.17g", (long long)j, get(d, coef, j));
        if (g.moderate && alpha <= 1e3 && (solver != 2 || lr == 0) && (!warm || p == 0)) {
            if (!isfinite(*gap)) FAIL("dual_gap %g for moderate data", *gap);
            if (*gap < -1e-9 * (1 + *gtol) && solver == 0) FAIL("dual_gap %.17g < 0 beyond rounding", *gap);
            for (int64_t j = 0; j < p; j++) if (!isfinite(get(d, coef, j))) FAIL("coef[%lld] = %g for moderate data", (long long)j, get(d, coef, j));
            if (!isfinite(get(d, icpt, 0))) FAIL("intercept %g for moderate data", get(d, icpt, 0));
        }
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

static void fuzz_path(Src *s, const Dt *d) {
    g_what = "enet_path";
    Arenas as = {0};
    Expect e = {0};
    Design g;
    design(s, d, &as, &g);
    double l1r = u8(s) < 200 ? (double)(u8(s) % 5) / 4.0 : hyper(s);
    uint8_t ka = u8(s);
    int64_t k = ka < 240 ? 1 + ka % 6 : (ka < 248 ? 0 : -1);
    int64_t kk = k > 0 ? k : 0;
    double *alphas = NULL;
    if (u8(s) & 1) {
        alphas = arena_new(&as, (size_t)kk * sizeof(double));
        Dt dd = {0, 8};
        fill(s, &dd, alphas, kk);
        if (u8(s) & 1) for (int64_t i = 0; i < kk; i++) alphas[i] = fabs(alphas[i]);
    }
    double eps = u8(s) < 200 ? 1e-3 : hyper(s);
    int32_t fi = u8(s) & 1, pos = u8(s) % 4 == 0;
    int32_t selection = pick_code(s, 1), pre = pick_code(s, 2);
    uint64_t seed = u64(s);
    int64_t max_iter = pick_iter(s);
    double tol = u8(s) < 200 ? 1e-4 : hyper(s);
    Progress pr = {0};
    uint8_t cb = u8(s);
    int use_cb = cb & 1;
    pr.cancel_at = (cb >> 1) % 8; /* 0: never cancel */
    int64_t p = g.lk == LEN_OK ? g.p : 0;
    double *dbl = arena_new(&as, (size_t)(3 * kk + 1) * sizeof(double)); /* alphas_out, gaps, (spare), gtol */
    double *aout = dbl, *gaps = dbl + kk, *gtol = dbl + 3 * kk;
    unsigned char *coefs = arena_new(&as, (size_t)(p * kk + kk) * d->size);
    void *icpts = coefs + p * kk * d->size;
    int64_t *nits = arena_new(&as, (size_t)kk * sizeof(int64_t));
    int32_t *conv = arena_new(&as, (size_t)kk * sizeof(int32_t));
    uint8_t place = u8(s) % 12;
    int partial = 0;
    if (place == 1 && alphas && kk > 0) aout = alphas;            /* allowed: the very buffer */
    if (place == 2 && kk > 1) { gaps = aout + 1; partial = 1; }   /* alphas_out / dual_gaps */
    if (place == 3 && p > 0 && kk > 0) { icpts = coefs + (p * kk - 1) * d->size; partial = 1; }
    if (place == 4) coefs = NULL;
    if (place == 5) aout = NULL;
    if (place == 6) nits = NULL;
    if (place == 7) gtol = NULL;
    if (g.lk == LEN_HUGE_NULL) aout = gaps = gtol = NULL, coefs = NULL, icpts = NULL, nits = NULL, conv = NULL;
    dump_design(d, &g);
    model_expect(d, &g, &e, 1);
    if (k < 0) violate(&e, SR_ERR_INVALID_LENGTH);
    if (k == 0) violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (!(l1r >= 0 && l1r <= 1) || max_iter < 1 || !nonneg_ok(tol) || selection < 0 || selection > 1 || pre < 0 || pre > 2)
        violate(&e, SR_ERR_INVALID_ARGUMENT);
    if (alphas) for (int64_t i = 0; i < kk; i++) if (!nonneg_ok(alphas[i])) { violate(&e, SR_ERR_INVALID_ARGUMENT); break; }
    if (g.pf && g.lk == LEN_OK) for (int64_t j = 0; j < p; j++) if (!nonneg_ok(g.pf[j])) { violate(&e, SR_ERR_INVALID_ARGUMENT); break; }
    if (g.lk == LEN_OK && kk > 0 && (!aout || (p > 0 && !coefs) || !icpts || !gaps || !nits || !conv || !gtol)) violate(&e, SR_ERR_NULL_POINTER);
    if (partial) violate(&e, SR_ERR_OVERLAP);
    /* The default grid needs l1_ratio > 0, eps > 0 and some penalised feature (a degenerate
     * alpha_max may be rejected too); eps may be checked even when alphas are given. */
    e.allowed = 1u << SR_ERR_ALLOCATION | 1u << SR_ERR_CANCELLED;
    if (!alphas || !(eps > 0 && isfinite(eps))) e.allowed |= 1u << SR_ERR_INVALID_ARGUMENT;
    if (!alphas && !(l1r > 0)) violate(&e, SR_ERR_INVALID_ARGUMENT);
    /* as in fuzz_enet: overflow (huge alphas[k] or data) is rejected as SR_ERR_INVALID_DATA */
    if (!g.moderate) e.allowed |= 1u << SR_ERR_INVALID_DATA;
    for (int64_t i = 0; alphas && i < kk; i++) if (alphas[i] > 1e6) e.allowed |= 1u << SR_ERR_INVALID_DATA;
    Regions written = {0};
    region_add(&written, dbl, (size_t)(3 * kk + 1) * sizeof(double));
    if (aout == alphas) region_add(&written, alphas, (size_t)kk * sizeof(double));
    if (coefs) region_add(&written, coefs, (size_t)(p * kk) * d->size);
    if (icpts) region_add(&written, icpts, (size_t)kk * d->size);
    if (nits) region_add(&written, nits, (size_t)kk * sizeof(int64_t));
    if (conv) region_add(&written, conv, (size_t)kk * sizeof(int32_t));
    arenas_snapshot(&as);
    sr_progress_fn fn = use_cb ? on_progress : NULL;
    if (getenv("SR_FUZZ_DEBUG")) {
        fprintf(stderr, "path l1_ratio=%.17g k=%lld eps=%.17g fit_intercept=%d positive=%d selection=%d seed=%llu precompute=%d max_iter=%lld tol=%.17g callback=%d cancel_at=%lld\n  alphas:",
                l1r, (long long)k, eps, fi, pos, selection, (unsigned long long)seed, pre, (long long)max_iter, tol, use_cb, (long long)pr.cancel_at);
        for (int64_t i = 0; alphas && i < kk; i++) fprintf(stderr, " %.17g", alphas[i]);
        fprintf(stderr, "\n");
    }
    sr_status st = d->f32 ? sr_enet_path_f32(g.X, g.y, g.sw, g.pf, g.n, g.p, l1r, alphas, k, eps, fi, pos, selection, seed, pre,
                                             max_iter, tol, fn, &pr, aout, (float *)coefs, (float *)icpts, gaps, nits, conv, gtol)
                          : sr_enet_path_f64(g.X, g.y, g.sw, g.pf, g.n, g.p, l1r, alphas, k, eps, fi, pos, selection, seed, pre,
                                             max_iter, tol, fn, &pr, aout, (double *)coefs, (double *)icpts, gaps, nits, conv, gtol);
    check_status(st, &e);
    if (st == SR_ERR_CANCELLED && !(use_cb && pr.cancel_at >= 1 && pr.last == pr.cancel_at))
        FAIL("SR_ERR_CANCELLED without a callback asking for it (last done %lld)", (long long)pr.last);
    if (use_cb && pr.bad) FAIL("progress called out of order (last %lld of %lld)", (long long)pr.last, (long long)pr.total);
    if (st == SR_OK && use_cb && pr.last != k) FAIL("progress ended at %lld of %lld", (long long)pr.last, (long long)k);
    after_call(st, &as, &written);
    if (st == SR_OK) {
        for (int64_t i = 0; i < k; i++) {
            if (nits[i] < 0 || nits[i] > max_iter) FAIL("n_iters[%lld] = %lld", (long long)i, (long long)nits[i]);
            if (conv[i] != (gaps[i] <= *gtol)) FAIL("converged[%lld] = %d, gap %.17g, gap_tol %.17g", (long long)i, conv[i], gaps[i], *gtol);
            if (!(aout[i] >= 0)) FAIL("alphas_out[%lld] = %.17g", (long long)i, aout[i]);
            /* (with finite coefficients: overflowing data gives NaN coefficients and then
             * b = ybar - xbar.w = 0 - 0*NaN = NaN; reported, see the note in fuzz/known/README.md) */
            int finite_coef = 1;
            for (int64_t j = 0; j < p; j++) finite_coef &= isfinite(get(d, coefs, i * p + j)) != 0;
            if (!fi && finite_coef && get(d, icpts, i) != 0) FAIL("intercepts[%lld] = %.17g without fit_intercept (n %lld, p %lld, k %lld, f32 %d, alphas %s)", (long long)i, get(d, icpts, i), (long long)g.n, (long long)g.p, (long long)k, d->f32, alphas ? "given" : "grid");
            if (g.moderate && aout[i] <= 1e3 && !isfinite(gaps[i])) FAIL("dual_gaps[%lld] = %g", (long long)i, gaps[i]);
        }
        if (pos) for (int64_t i = 0; i < p * k; i++) if (get(d, coefs, i) < 0) FAIL("positive but coefs[%lld] < 0", (long long)i);
        if (g.moderate)
            for (int64_t i = 0; i < p * k; i++) if (!isfinite(get(d, coefs, i))) FAIL("coefs[%lld] = %g for moderate data", (long long)i, get(d, coefs, i));
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
    /* Two threads: the BIG_N inputs exercise the threaded kernels. SR_FUZZ_THREADS=1 (the
     * seeded run in `make test`) makes a run reproducible: coverage counters bumped from two
     * threads at once race, and libFuzzer then keeps different inputs from run to run. */
    const char *threads = getenv("SR_FUZZ_THREADS");
    sr_set_num_threads(threads && *threads ? atoll(threads) : 2);
    const char *strict = getenv("SR_FUZZ_STRICT");
    g_avoid_known = !(strict && strcmp(strict, "1") == 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Src s = {data, size};
    uint8_t fam = u8(&s);
    Dt d = (u8(&s) & 1) ? (Dt){1, sizeof(float)} : (Dt){0, sizeof(double)};
    switch (fam % 16) {
    case 0: case 1: case 2: fuzz_loss(&s, &d, (LossKind)(fam % 16), u8(&s) % 3); break;
    case 3: case 4: case 5: fuzz_penalty(&s, &d, (PenKind)(fam % 16 - 3), u8(&s) % 3); break;
    case 6: fuzz_step(&s, &d, 0); break;
    case 7: fuzz_step(&s, &d, 1); break;
    case 8: fuzz_ridge(&s, &d); break;
    case 9: fuzz_lad(&s, &d); break;
    case 10: case 11: fuzz_enet(&s, &d); break;
    case 12: fuzz_path(&s, &d); break;
    case 13: fuzz_info(&s); break;
    case 14: fuzz_loss(&s, &d, (LossKind)(u8(&s) % 3), u8(&s) % 3); break;
    default: fuzz_penalty(&s, &d, (PenKind)(u8(&s) % 3), u8(&s) % 3); break;
    }
    return 0;
}
