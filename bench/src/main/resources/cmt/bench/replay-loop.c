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
