/* The C baseline of ReplayBenchmark: the replay loop of cmt.replay (LoopTemplate) reduced to what C
 * needs, over the same decoded columns (cmt.replay.Program.Columns), calling the allocator's functions
 * through the same symbol addresses the FFM replay calls. Built with gcc -O2 when the benchmark starts.
 * Returns the index of an allocation that returned NULL, or -1; frees what is still live at the end. */
#include <stddef.h>
#include <stdint.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*memalign_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);

int64_t replay(int64_t n, const uint8_t *op, const int32_t *slot, const int64_t *size, const int64_t *aux,
               void **ptr, int32_t slots, malloc_fn m, calloc_fn c, memalign_fn a, realloc_fn r, free_fn f) {
    int64_t failed = -1;
    for (int64_t i = 0; i < n; i++) {
        int32_t s = slot[i];
        void *p;
        switch (op[i]) {
        case 0: p = m((size_t) size[i]); break;
        case 1: p = c((size_t) aux[i], (size_t) (size[i] / aux[i])); break;
        case 2: p = a((size_t) aux[i], (size_t) size[i]); break;
        case 3: p = r(ptr[s], (size_t) size[i]); break;
        default: f(ptr[s]); ptr[s] = NULL; continue;
        }
        if (p == NULL) { failed = i; break; }
        ptr[s] = p;
    }
    for (int32_t s = 0; s < slots; s++) {
        if (ptr[s] != NULL) { f(ptr[s]); ptr[s] = NULL; }
    }
    return failed;
}

/* The same loop on one thread per lane (cmt.replay.Program.Lanes, the threads of cmt.replay.Crew): lane l
 * replays the events at position[start[l] .. start[l + 1]), each first waiting, if wait_for says so, until
 * that lane has returned from wait_count of its events; counts are published with release stores and
 * read with acquire loads, one cache line per lane, and a waiting thread spins 1,024 times then yields, as
 * Crew does. Lane 0 runs on the calling thread; the others are started for each replay, as a Crew's are. */
#include <pthread.h>
#include <sched.h>

#define PAD 16

struct lane_args {
    int64_t lane, from, to;
    const int32_t *position, *wait_for, *wait_count;
    const uint8_t *op; const int32_t *slot; const int64_t *size, *aux;
    void **ptr; int64_t *counts; volatile int *stopped;
    malloc_fn m; calloc_fn c; memalign_fn a; realloc_fn r; free_fn f;
    int64_t failed;
};

static void *run_lane(void *arg) {
    struct lane_args *l = arg;
    int64_t done = 0;
    for (int64_t j = l->from; j < l->to; j++) {
        int32_t i = l->position[j];
        int32_t other = l->wait_for[j];
        if (other >= 0) {
            for (int spin = 0; __atomic_load_n(&l->counts[other * PAD], __ATOMIC_ACQUIRE) < l->wait_count[j]; spin++) {
                if (*l->stopped) return NULL;
                if (spin < 1024) __builtin_ia32_pause(); else sched_yield();
            }
        }
        int32_t s = l->slot[i];
        void *p;
        switch (l->op[i]) {
        case 0: p = l->m((size_t) l->size[i]); break;
        case 1: p = l->c((size_t) l->aux[i], (size_t) (l->size[i] / l->aux[i])); break;
        case 2: p = l->a((size_t) l->aux[i], (size_t) l->size[i]); break;
        case 3: p = l->r(l->ptr[s], (size_t) l->size[i]); break;
        default: l->f(l->ptr[s]); l->ptr[s] = NULL; p = (void *) 1; break;
        }
        if (p == NULL) { l->failed = i; *l->stopped = 1; return NULL; }
        if (l->op[i] != 4) l->ptr[s] = p;
        __atomic_store_n(&l->counts[l->lane * PAD], ++done, __ATOMIC_RELEASE);
    }
    return NULL;
}

int64_t replay_threads(int64_t lanes, const int64_t *start, const int32_t *position, const int32_t *wait_for,
                       const int32_t *wait_count, const uint8_t *op, const int32_t *slot, const int64_t *size,
                       const int64_t *aux, void **ptr, int32_t slots, malloc_fn m, calloc_fn c, memalign_fn a,
                       realloc_fn r, free_fn f) {
    struct lane_args args[lanes];
    pthread_t threads[lanes];
    int64_t counts[lanes * PAD];
    volatile int stopped = 0;
    for (int64_t l = 0; l < lanes * PAD; l++) counts[l] = 0;
    for (int64_t l = 0; l < lanes; l++) {
        args[l] = (struct lane_args) {l, start[l], start[l + 1], position, wait_for, wait_count, op, slot, size, aux,
                                      ptr, counts, &stopped, m, c, a, r, f, -1};
    }
    for (int64_t l = 1; l < lanes; l++) pthread_create(&threads[l], NULL, run_lane, &args[l]);
    run_lane(&args[0]);
    for (int64_t l = 1; l < lanes; l++) pthread_join(threads[l], NULL);
    int64_t failed = -1;
    for (int64_t l = 0; l < lanes; l++) {
        if (args[l].failed >= 0 && (failed < 0 || args[l].failed < failed)) failed = args[l].failed;
    }
    for (int32_t s = 0; s < slots; s++) {
        if (ptr[s] != NULL) { f(ptr[s]); ptr[s] = NULL; }
    }
    return failed;
}
