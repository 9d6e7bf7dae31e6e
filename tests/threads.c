/*
 * threads.c — the C ABI under pthreads.
 *
 * 1. Every function family (losses with each reduction, with and without weights; penalties,
 *    their gradients, proximal operators, update steps; sr_fit_* and sr_path_* for squared,
 *    absolute, quantile and Huber losses with L1, L2 and elastic-net penalties) is run serially
 *    once, then by NTHREADS threads at once, each in its own order, several rounds, on the
 *    same read-only inputs with its own outputs: every result must be bit-identical (memcmp)
 *    to the serial one. Sizes include one above the library's threading threshold, so its
 *    own worker threads run inside ours.
 * 2. sr_last_error is per thread: every thread fails with its own bad value, all wait at a
 *    barrier, then each reads its message: it names its own value and no other thread's; a
 *    success leaves it unchanged; a thread that never failed reads "".
 *
 * Build: cc -O1 -pthread threads.c -lswiftreg   (tests/check_threads.sh)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swiftreg.h"

#define NTHREADS 8
#define ROUNDS 4
#define MAXN 1048579 /* > 1048576 (2^20): the kernels split the work across their own threads */

static int n_sizes[] = {0, 1, 7, 1000, MAXN};
#define N_SIZES ((int)(sizeof n_sizes / sizeof n_sizes[0]))

static double yt64[MAXN], yp64[MAXN], sw64[MAXN];
static float yt32[MAXN], yp32[MAXN], sw32[MAXN];

/* Model data: 40 x 5, column-major. */
#define MS 40
#define MF 5
static double X64[MS * MF], X64r[MS * MF], y64m[MS];
static float X32[MS * MF], X32r[MS * MF], y32m[MS];

#define CAP (2 * MAXN * sizeof(double) + 4096)
typedef struct {
    unsigned char *bytes; /* CAP bytes while computing; exactly len bytes in `serial` */
    size_t len;
    sr_status st;
} Result;

/* One job: fills r (its outputs and status). */
typedef void (*JobFn)(int arg, Result *r);

typedef struct {
    const char *name;
    JobFn fn;
    int arg;
} Job;

#define MAX_JOBS 1024
static Job jobs[MAX_JOBS];
static int n_jobs;
static Result *serial;

static void add(const char *name, JobFn fn, int arg) {
    if (n_jobs == MAX_JOBS) abort();
    jobs[n_jobs++] = (Job){name, fn, arg};
}

/* arg encodes: size index (3 bits), f32 (1 bit), reduction (2 bits), weighted (1 bit), kind (3 bits) */
#define ARG(si, f32, red, w, kind) ((si) | (f32) << 3 | (red) << 4 | (w) << 6 | (kind) << 7)
#define SI(a) ((a) & 7)
#define F32(a) (((a) >> 3) & 1)
#define RED(a) (((a) >> 4) & 3)
#define W(a) (((a) >> 6) & 1)
#define KIND(a) (((a) >> 7) & 7)

static void loss_job(int a, Result *r) {
    int64_t n = n_sizes[SI(a)];
    int red = RED(a), kind = KIND(a) % 3, mode = KIND(a) / 3; /* mode 0 value, 1 grad */
    int64_t cnt = red == SR_REDUCTION_NONE || mode == 1 ? n : 1;
    if (F32(a)) {
        float *out = (float *)r->bytes;
        const float *w = W(a) ? sw32 : NULL;
        r->len = (size_t)cnt * sizeof(float);
        if (mode == 0)
            r->st = kind == 0 ? sr_l1_loss_f32(yt32, yp32, w, n, red, out)
                  : kind == 1 ? sr_l2_loss_f32(yt32, yp32, w, n, red, out)
                              : sr_huber_loss_f32(yt32, yp32, w, n, red, 0.7, out);
        else
            r->st = kind == 0 ? sr_l1_loss_grad_f32(yt32, yp32, w, n, red, out)
                  : kind == 1 ? sr_l2_loss_grad_f32(yt32, yp32, w, n, red, out)
                              : sr_huber_loss_grad_f32(yt32, yp32, w, n, red, 0.7, out);
    } else {
        double *out = (double *)r->bytes;
        const double *w = W(a) ? sw64 : NULL;
        r->len = (size_t)cnt * sizeof(double);
        if (mode == 0)
            r->st = kind == 0 ? sr_l1_loss_f64(yt64, yp64, w, n, red, out)
                  : kind == 1 ? sr_l2_loss_f64(yt64, yp64, w, n, red, out)
                              : sr_huber_loss_f64(yt64, yp64, w, n, red, 0.7, out);
        else
            r->st = kind == 0 ? sr_l1_loss_grad_f64(yt64, yp64, w, n, red, out)
                  : kind == 1 ? sr_l2_loss_grad_f64(yt64, yp64, w, n, red, out)
                              : sr_huber_loss_grad_f64(yt64, yp64, w, n, red, 0.7, out);
    }
}

static void both_job(int a, Result *r) {
    int64_t n = n_sizes[SI(a)];
    int red = RED(a), kind = KIND(a) % 3;
    int64_t cnt = red == SR_REDUCTION_NONE ? n : 1;
    if (F32(a)) {
        float *v = (float *)r->bytes, *g = v + cnt;
        const float *w = W(a) ? sw32 : NULL;
        r->len = (size_t)(cnt + n) * sizeof(float);
        r->st = kind == 0 ? sr_l1_loss_value_and_grad_f32(yt32, yp32, w, n, red, v, g)
              : kind == 1 ? sr_l2_loss_value_and_grad_f32(yt32, yp32, w, n, red, v, g)
                          : sr_huber_loss_value_and_grad_f32(yt32, yp32, w, n, red, 0.7, v, g);
    } else {
        double *v = (double *)r->bytes, *g = v + cnt;
        const double *w = W(a) ? sw64 : NULL;
        r->len = (size_t)(cnt + n) * sizeof(double);
        r->st = kind == 0 ? sr_l1_loss_value_and_grad_f64(yt64, yp64, w, n, red, v, g)
              : kind == 1 ? sr_l2_loss_value_and_grad_f64(yt64, yp64, w, n, red, v, g)
                          : sr_huber_loss_value_and_grad_f64(yt64, yp64, w, n, red, 0.7, v, g);
    }
}

/* kind: 0-2 penalty values, 3-5 gradients, 6-8 prox, 9 subgradient step, 10 proximal step */
static void pen_job(int a, Result *r) {
    int64_t n = n_sizes[SI(a)];
    int kind = a >> 4;
    if (F32(a)) {
        float *o = (float *)r->bytes;
        r->len = (size_t)(kind < 3 ? 1 : n) * sizeof(float);
        switch (kind) {
        case 0: r->st = sr_l1_penalty_f32(yt32, n, 0.3, o); break;
        case 1: r->st = sr_l2_penalty_f32(yt32, n, 0.3, o); break;
        case 2: r->st = sr_elastic_net_penalty_f32(yt32, n, 0.3, 0.2, o); break;
        case 3: r->st = sr_l1_penalty_grad_f32(yp32, n, 0.3, o); break;
        case 4: r->st = sr_l2_penalty_grad_f32(yt32, n, 0.3, o); break;
        case 5: r->st = sr_elastic_net_penalty_grad_f32(yp32, n, 0.3, 0.2, o); break;
        case 6: r->st = sr_l1_prox_f32(yt32, n, 0.3, 0.5, o); break;
        case 7: r->st = sr_l2_prox_f32(yt32, n, 0.3, 0.5, o); break;
        case 8: r->st = sr_elastic_net_prox_f32(yt32, n, 0.3, 0.2, 0.5, o); break;
        case 9: r->st = sr_subgradient_step_f32(yt32, yp32, n, 0.1, 0.2, 0.1, o); break;
        default: r->st = sr_proximal_step_f32(yt32, yp32, n, 0.1, 0.2, 0.1, o); break;
        }
    } else {
        double *o = (double *)r->bytes;
        r->len = (size_t)(kind < 3 ? 1 : n) * sizeof(double);
        switch (kind) {
        case 0: r->st = sr_l1_penalty_f64(yt64, n, 0.3, o); break;
        case 1: r->st = sr_l2_penalty_f64(yt64, n, 0.3, o); break;
        case 2: r->st = sr_elastic_net_penalty_f64(yt64, n, 0.3, 0.2, o); break;
        case 3: r->st = sr_l1_penalty_grad_f64(yp64, n, 0.3, o); break;
        case 4: r->st = sr_l2_penalty_grad_f64(yt64, n, 0.3, o); break;
        case 5: r->st = sr_elastic_net_penalty_grad_f64(yp64, n, 0.3, 0.2, o); break;
        case 6: r->st = sr_l1_prox_f64(yt64, n, 0.3, 0.5, o); break;
        case 7: r->st = sr_l2_prox_f64(yt64, n, 0.3, 0.5, o); break;
        case 8: r->st = sr_elastic_net_prox_f64(yt64, n, 0.3, 0.2, 0.5, o); break;
        case 9: r->st = sr_subgradient_step_f64(yt64, yp64, n, 0.1, 0.2, 0.1, o); break;
        default: r->st = sr_proximal_step_f64(yt64, yp64, n, 0.1, 0.2, 0.1, o); break;
        }
    }
}

/* Models through sr_fit_* / sr_path_*: arg bit 3 = f32, bits 4.. = which model. Outputs packed
 * into r->bytes: coef (or the path's coefs) from byte 0, the scalar results from byte 1024. */
enum {
    M_RIDGE,      /* squared + L2 (Cholesky): the old ridge fit, alpha 1 -> 1/S */
    M_LAD,        /* absolute + L1 (interior point, exact vertex), weighted */
    M_ENET_CD,    /* squared + elastic net, cyclic coordinate descent */
    M_ENET_RAND,  /* the same, random selection with a seed */
    M_ENET_FISTA, /* the same, accelerated proximal gradient */
    M_PATH,       /* squared + elastic net path over 4 given alphas */
    M_HUBER,      /* Huber + L1, row-major X */
    M_QUANTILE,   /* quantile 0.3 + elastic net with factors and bounds */
    M_PATH_GRID,  /* Huber + elastic net path over the default grid */
    N_MODELS
};

static void model_job(int a, Result *r) {
    int f32 = F32(a), which = a >> 4;
    unsigned char *b = r->bytes;
    memset(b, 0, 4096);
    r->len = 4096;
    static const double alphas[4] = {0.5, 0.2, 0.05, 0.01};
    static const double l1f[MF] = {1, 0.5, 2, 0, 1}, lower[MF] = {0, -1, -INFINITY, -INFINITY, 0},
                        upper[MF] = {INFINITY, 1, INFINITY, 0.5, INFINITY};
    sr_fit_options o;
    if (sr_fit_options_init(&o, sizeof o) != SR_OK) abort();
    o.loss = SR_LOSS_SQUARED;
    o.penalty = SR_PENALTY_ELASTIC_NET;
    o.alpha = 0.05;
    o.l1_ratio = 0.7;
    o.max_iter = 1000;
    o.tol = 1e-6;
    int row_major = 0, path = 0, weighted = 0;
    switch (which) {
    case M_RIDGE: o.penalty = SR_PENALTY_L2, o.alpha = 1.0 / MS; break;
    case M_LAD: o.loss = SR_LOSS_ABSOLUTE, o.penalty = SR_PENALTY_L1, o.alpha = 0.01, o.tol = 1e-8, weighted = 1; break;
    case M_ENET_CD: o.solver = SR_FIT_SOLVER_CD; break;
    case M_ENET_RAND: o.solver = SR_FIT_SOLVER_CD, o.selection = SR_SELECTION_RANDOM, o.seed = 42; break;
    case M_ENET_FISTA: o.solver = SR_FIT_SOLVER_FISTA; break;
    case M_PATH: o.l1_ratio = 0.5, path = 1; break;
    case M_HUBER: o.loss = SR_LOSS_HUBER, o.penalty = SR_PENALTY_L1, row_major = 1; break;
    case M_QUANTILE:
        o.loss = SR_LOSS_QUANTILE, o.quantile = 0.3, o.alpha = 0.02, o.l1_ratio = 0.5, o.tol = 1e-8;
        o.l1_factor = l1f, o.lower_bounds = lower, o.upper_bounds = upper, weighted = 1;
        break;
    default: o.loss = SR_LOSS_HUBER, o.delta = 0.8, path = 2; break;
    }
    unsigned char *tail = b + 1024;
    if (!path) {
        double sc[5] = {0};
        int64_t it = 0;
        int32_t ci[2] = {0};
        if (!f32) {
            sr_problem_f64 pr = {sizeof pr, MS, MF, row_major ? SR_LAYOUT_ROW_MAJOR : SR_LAYOUT_COLUMN_MAJOR, 0,
                                 row_major ? X64r : X64, y64m, weighted ? sw64 : NULL, 0, NULL, NULL, 0, 0};
            sr_fit_result_f64 res = {sizeof res, (double *)b, 0, 0, 0, 0, 0, 0, 0, 0};
            r->st = sr_fit_f64(&pr, &o, &res);
            double v[5] = {res.intercept, res.objective, res.dual_gap, res.gap_tol, res.scale};
            memcpy(sc, v, sizeof v), it = res.n_iter, ci[0] = res.converged, ci[1] = res.solver;
        } else {
            sr_problem_f32 pr = {sizeof pr, MS, MF, row_major ? SR_LAYOUT_ROW_MAJOR : SR_LAYOUT_COLUMN_MAJOR, 0,
                                 row_major ? X32r : X32, y32m, weighted ? sw32 : NULL, 0, NULL, NULL, 0, 0};
            sr_fit_result_f32 res = {sizeof res, (float *)b, 0, 0, 0, 0, 0, 0, 0, 0};
            r->st = sr_fit_f32(&pr, &o, &res);
            double v[5] = {res.intercept, res.objective, res.dual_gap, res.gap_tol, res.scale};
            memcpy(sc, v, sizeof v), it = res.n_iter, ci[0] = res.converged, ci[1] = res.solver;
        }
        memcpy(tail, sc, sizeof sc);
        memcpy(tail + 64, &it, 8);
        memcpy(tail + 72, ci, sizeof ci);
    } else {
        double aout[4], icpts[4], objs[4], gaps[4], gtols[4];
        int64_t its[4];
        int32_t convs[4];
        const double *given = path == 1 ? alphas : NULL;
        if (!f32) {
            sr_problem_f64 pr = {sizeof pr, MS, MF, SR_LAYOUT_COLUMN_MAJOR, 0, X64, y64m, NULL, 0, NULL, NULL, 0, 0};
            sr_path_result_f64 res = {sizeof res, 4, aout, (double *)b, icpts, objs, gaps, gtols, its, convs};
            r->st = sr_path_f64(&pr, &o, given, 1e-2, &res);
        } else {
            sr_problem_f32 pr = {sizeof pr, MS, MF, SR_LAYOUT_COLUMN_MAJOR, 0, X32, y32m, NULL, 0, NULL, NULL, 0, 0};
            sr_path_result_f32 res = {sizeof res, 4, aout, (float *)b, icpts, objs, gaps, gtols, its, convs};
            r->st = sr_path_f32(&pr, &o, given, 1e-2, &res);
        }
        memcpy(tail, aout, sizeof aout);
        memcpy(tail + 32, icpts, sizeof icpts);
        memcpy(tail + 64, objs, sizeof objs);
        memcpy(tail + 96, gaps, sizeof gaps);
        memcpy(tail + 128, gtols, sizeof gtols);
        memcpy(tail + 160, its, sizeof its);
        memcpy(tail + 192, convs, sizeof convs);
    }
}

static void build_jobs(void) {
    for (int si = 0; si < N_SIZES; si++)
        for (int f32 = 0; f32 < 2; f32++) {
            for (int red = 0; red < 3; red++)
                for (int w = 0; w < 2; w++) {
                    if (n_sizes[si] == MAXN && w == 1 && red != SR_REDUCTION_MEAN) continue; /* keep it quick */
                    for (int kind = 0; kind < 6; kind++) add("loss", loss_job, ARG(si, f32, red, w, kind));
                    for (int kind = 0; kind < 3; kind++) add("loss_value_and_grad", both_job, ARG(si, f32, red, w, kind));
                }
            for (int kind = 0; kind < 11; kind++) add("penalty/prox/step", pen_job, si | f32 << 3 | kind << 4);
        }
    for (int f32 = 0; f32 < 2; f32++)
        for (int which = 0; which < N_MODELS; which++) add("model", model_job, f32 << 3 | which << 4);
}

/* ---- concurrent = serial ---- */

static pthread_barrier_t start;
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *p) {
    unsigned seed = (unsigned)(uintptr_t)p * 2654435761u + 1;
    int order[MAX_JOBS];
    for (int i = 0; i < n_jobs; i++) order[i] = i;
    Result *r = malloc(sizeof *r);
    r->bytes = malloc(CAP);
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = n_jobs - 1; i > 0; i--) { /* shuffle */
            seed = seed * 1103515245u + 12345u;
            int j = (int)(seed % (unsigned)(i + 1)), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int k = 0; k < n_jobs; k++) {
            int i = order[k];
            memset(r->bytes, 0x5A, serial[i].len + 8);
            jobs[i].fn(jobs[i].arg, r);
            if (r->st != serial[i].st || r->len != serial[i].len || memcmp(r->bytes, serial[i].bytes, r->len) != 0) {
                pthread_mutex_lock(&lock);
                if (failures++ < 10)
                    fprintf(stderr, "FAIL: %s (arg %d, n %d): status %d vs %d, result differs from serial\n",
                            jobs[i].name, jobs[i].arg, n_sizes[SI(jobs[i].arg)], r->st, serial[i].st);
                pthread_mutex_unlock(&lock);
            }
        }
    }
    free(r->bytes);
    free(r);
    return NULL;
}

/* ---- per-thread last error ---- */

static pthread_barrier_t failed;
static char messages[NTHREADS][512];

static double bad_value(int i) { return -1000.0 * (i + 1) - 0.25; }

static void *error_worker(void *p) {
    int i = (int)(intptr_t)p;
    double v[4] = {1, 2, 3, 4}, out[4];
    if (i == NTHREADS - 1) { /* the bystander: never fails */
        pthread_barrier_wait(&failed);
        snprintf(messages[i], sizeof messages[i], "%s", sr_last_error());
        return NULL;
    }
    for (int rep = 0; rep < 200; rep++) {
        if (sr_l1_prox_f64(v, 4, bad_value(i), 1.0, out) != SR_ERR_INVALID_ARGUMENT) {
            fprintf(stderr, "FAIL: thread %d: bad lam accepted\n", i);
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
        }
        if (rep % 2 && sr_l1_prox_f64(v, 4, 0.5, 1.0, out) != SR_OK) __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
    }
    pthread_barrier_wait(&failed); /* every thread has failed with its own value by now */
    snprintf(messages[i], sizeof messages[i], "%s", sr_last_error());
    if (sr_l2_prox_f64(v, 4, 0.5, 1.0, out) != SR_OK || strcmp(messages[i], sr_last_error()) != 0) {
        fprintf(stderr, "FAIL: thread %d: a successful call changed sr_last_error\n", i);
        __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static int check_messages(void) {
    int bad = 0;
    for (int i = 0; i < NTHREADS - 1; i++) {
        char own[32];
        snprintf(own, sizeof own, "%d", 1000 * (i + 1));
        if (!strstr(messages[i], "lam") || !strstr(messages[i], own)) {
            fprintf(stderr, "FAIL: thread %d reads \"%s\", expected its own value %s\n", i, messages[i], own);
            bad++;
        }
        for (int j = 0; j < NTHREADS - 1; j++) {
            char other[32];
            snprintf(other, sizeof other, "%d.25", 1000 * (j + 1));
            if (j != i && strstr(messages[i], other)) {
                fprintf(stderr, "FAIL: thread %d reads thread %d's message: %s\n", i, j, messages[i]);
                bad++;
            }
        }
    }
    if (messages[NTHREADS - 1][0] != 0) {
        fprintf(stderr, "FAIL: a thread that never failed reads \"%s\"\n", messages[NTHREADS - 1]);
        bad++;
    }
    return bad;
}

int main(void) {
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < MAXN; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double u = (double)(s >> 11) / 9007199254740992.0;
        yt64[i] = (u - 0.5) * 4;
        yp64[i] = (double)((int)(s % 9) - 4) * 0.5; /* ties and exact zeros of r */
        sw64[i] = u * 2;
        yt32[i] = (float)yt64[i], yp32[i] = (float)yp64[i], sw32[i] = (float)sw64[i];
    }
    for (int i = 0; i < MS * MF; i++) X64[i] = yt64[i + 7], X32[i] = (float)X64[i];
    for (int i = 0; i < MS; i++) /* the same matrix row by row */
        for (int j = 0; j < MF; j++) X64r[i * MF + j] = X64[i + j * MS], X32r[i * MF + j] = X32[i + j * MS];
    for (int i = 0; i < MS; i++) {
        y64m[i] = 0.3 * X64[i] - 0.7 * X64[i + MS] + 0.1 * yt64[i + 5000];
        y32m[i] = (float)y64m[i];
    }
    sr_set_num_threads(2);
    build_jobs();
    serial = calloc((size_t)n_jobs, sizeof *serial);
    Result scratch = {malloc(CAP), 0, 0};
    for (int i = 0; i < n_jobs; i++) {
        jobs[i].fn(jobs[i].arg, &scratch);
        serial[i] = scratch;
        serial[i].bytes = malloc(scratch.len + 1);
        memcpy(serial[i].bytes, scratch.bytes, scratch.len);
        if (serial[i].st != SR_OK) {
            fprintf(stderr, "FAIL: serial %s (arg %d) status %d: %s\n", jobs[i].name, jobs[i].arg, serial[i].st, sr_last_error());
            return 1;
        }
    }
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (intptr_t i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
    printf("threads: %d jobs x %d rounds x %d threads: %s\n", n_jobs, ROUNDS, NTHREADS,
           failures ? "MISMATCH" : "all bit-identical to serial");

    pthread_barrier_init(&failed, NULL, NTHREADS);
    for (intptr_t i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, error_worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
    int bad = check_messages();
    printf("threads: sr_last_error per thread: %s\n", bad ? "LEAKED" : "each thread reads its own message");
    for (int i = 0; i < n_jobs; i++) free(serial[i].bytes);
    free(serial);
    free(scratch.bytes);
    return failures || bad ? 1 : 0;
}
