// Latent's worker threads (Swift's `ParallelChunks`): threads that stay
// awake between parallel regions. A training step runs tens of regions of
// 10–500 µs each; libdispatch parks its workers at once and takes 10–20 µs
// to wake one on this kind of virtual machine, which a region of 50 µs
// cannot afford. Here a worker spins for a while (`SPIN_NANOSECONDS`)
// after each region, watching for the next, and only then sleeps on a
// futex. The caller runs indices too and spins until every index is done.
#define _GNU_SOURCE
#include "CLatentKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

// How long an idle worker watches for the next region before it sleeps:
// longer than the serial stretches between a step's regions (a few µs to
// a few tens of µs), short enough that an idle process stops taking a core
// at once.
#define SPIN_NANOSECONDS 200000L

// One job at a time. `ticket` names the job (high 32 bits), its number of
// indices (16 bits) and the next index to hand out (low 16 bits): a claim is
// one atomic add, and a claim reads the count of the job it was made in, so
// a late worker's claim on a finished job fails. A claim that lands after
// the next job's ticket is stored is a claim in that job, made with the
// ticket's acquire, so it sees that job's body and context. Counts stay
// below 2¹⁵: each participant's last claim of a job fails, and those
// failed claims must not carry the index into the count.
static struct {
    atomic_int held;                // a caller owns the pool
    atomic_uint generation;         // bumped for each job; the futex word
    atomic_int sleepers;            // workers asleep on the futex
    atomic_uint_fast64_t ticket;    // job | count | next index
    atomic_long remaining;          // indices of the job not yet finished
    void *_Atomic context;
    _Atomic latent_pool_body body;
    long workers;                   // started
    int started;
    uint32_t job;
} pool;

// Set on the workers, and on a caller while it runs indices: a region
// inside a region runs on its own thread, in order.
static _Thread_local int inside_pool;

static inline void relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

static long nanoseconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000L + now.tv_nsec;
}

static void sleep_while(atomic_uint *word, unsigned value) {
#if defined(__linux__)
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
#else
    if (atomic_load(word) == value) sched_yield();
#endif
}

static void wake_all(atomic_uint *word) {
#if defined(__linux__)
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 0x7FFFFFFF, NULL, NULL, 0);
#else
    (void)word;
#endif
}

// Claims indices of the current job and runs them until none is left.
static void run_claims(void) {
    for (;;) {
        uint64_t ticket = atomic_fetch_add_explicit(&pool.ticket, 1, memory_order_acq_rel);
        long index = (long)(ticket & 0xFFFF), count = (long)((ticket >> 16) & 0xFFFF);
        if (index >= count) return;
        latent_pool_body body = atomic_load_explicit(&pool.body, memory_order_relaxed);
        body(atomic_load_explicit(&pool.context, memory_order_relaxed), index);
        atomic_fetch_sub_explicit(&pool.remaining, 1, memory_order_release);
    }
}

static void *worker(void *unused) {
    (void)unused;
    inside_pool = 1;
    unsigned seen = atomic_load(&pool.generation);
    for (;;) {
        long start = nanoseconds_now();
        unsigned spins = 0, now;
        while ((now = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen) {
            relax();
            if (++spins % 64 == 0 && nanoseconds_now() - start > SPIN_NANOSECONDS) {
                atomic_fetch_add(&pool.sleepers, 1);
                if (atomic_load(&pool.generation) == seen) sleep_while(&pool.generation, seen);
                atomic_fetch_sub(&pool.sleepers, 1);
                start = nanoseconds_now();
            }
        }
        seen = now;
        run_claims();
    }
    return 0;
}

static void start_workers(long workers) {
    pool.started = 1;
    for (long w = 0; w < workers; w++) {
        pthread_t thread;
        pthread_attr_t attributes;
        if (pthread_attr_init(&attributes) != 0) return;
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, worker, 0) == 0) pool.workers++;
        pthread_attr_destroy(&attributes);
    }
}

int latent_pool_run(long workers, long count, void *context, latent_pool_body body) {
    if (inside_pool || count <= 1) {
        for (long index = 0; index < count; index++) body(context, index);
        return 1;
    }
    if (count > 0x7FFF || atomic_exchange_explicit(&pool.held, 1, memory_order_acquire)) return 0;
    if (!pool.started) start_workers(workers);
    if (pool.workers == 0) {
        atomic_store_explicit(&pool.held, 0, memory_order_release);
        return 0;
    }
    atomic_store_explicit(&pool.body, body, memory_order_relaxed);
    atomic_store_explicit(&pool.context, context, memory_order_relaxed);
    atomic_store_explicit(&pool.remaining, count, memory_order_relaxed);
    pool.job++;
    atomic_store_explicit(&pool.ticket, ((uint64_t)pool.job << 32) | ((uint64_t)count << 16), memory_order_release);
    atomic_fetch_add(&pool.generation, 1);
    if (atomic_load(&pool.sleepers) > 0) wake_all(&pool.generation);
    inside_pool = 1;
    run_claims();
    inside_pool = 0;
    for (unsigned spins = 0; atomic_load_explicit(&pool.remaining, memory_order_acquire) != 0;) {
        relax();
        if (++spins % 4096 == 0) sched_yield();
    }
    atomic_store_explicit(&pool.held, 0, memory_order_release);
    return 1;
}
