/* A tiny bump allocator for tests, with one fault chosen at build time (the Nth malloc counts from 1):
 *   (nothing)        crashes (SIGSEGV) on its 100th malloc
 *   -DSLEEP_AT=N     sleeps for a minute in its Nth malloc
 *   -DSPIN_AT=N      never returns from its Nth malloc (a busy loop)
 *   -DSAME_AT=N      returns the previous malloc's pointer again from its Nth
 *   -DOVERLAP_AT=N   returns the previous malloc's pointer + 8 from its Nth
 *   -DSLOW_US=N      takes N microseconds over every malloc
 * Exports only malloc and free, so the replay stands in for calloc, realloc and aligned allocations. */
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

#if !defined(SLEEP_AT) && !defined(SPIN_AT) && !defined(SAME_AT) && !defined(OVERLAP_AT) && !defined(SLOW_US)
#define CRASH_AT 100
#endif

static char *top, *end, *last;
static long calls;

void *malloc(size_t n) {
    calls++;
#ifdef CRASH_AT
    if (calls == CRASH_AT) *(volatile int *) 0 = 1;
#endif
#ifdef SLEEP_AT
    if (calls == SLEEP_AT) sleep(60);
#endif
#ifdef SPIN_AT
    if (calls == SPIN_AT) for (volatile int forever = 1; forever;) { }
#endif
#ifdef SLOW_US
    usleep(SLOW_US);
#endif
#ifdef SAME_AT
    if (calls == SAME_AT) return last;
#endif
#ifdef OVERLAP_AT
    if (calls == OVERLAP_AT) return last + 8;
#endif
    if (!top) {
        top = mmap(NULL, 1 << 28, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        end = top + (1 << 28);
    }
    n = (n + 15) & ~(size_t) 15;
    if (n > (size_t) (end - top)) return NULL;
    last = top;
    top += n;
    return last;
}

void free(void *p) {
    (void) p;
}
