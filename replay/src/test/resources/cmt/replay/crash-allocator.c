/* A tiny bump allocator for tests: malloc crashes (SIGSEGV) on its 100th call, or, built with
 * -DSLEEP_AT=N, sleeps for a minute at its Nth call. Exports only malloc and free, so the replay
 * stands in for calloc, realloc and aligned allocations itself. */
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

static char *top, *end;
static long calls;

void *malloc(size_t n) {
    calls++;
#ifdef SLEEP_AT
    if (calls == SLEEP_AT) sleep(60);
#else
    if (calls == 100) *(volatile int *) 0 = 1;
#endif
    if (!top) {
        top = mmap(NULL, 1 << 28, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        end = top + (1 << 28);
    }
    n = (n + 15) & ~(size_t) 15;
    if (n > (size_t) (end - top)) return NULL;
    char *p = top;
    top += n;
    return p;
}

void free(void *p) {
    (void) p;
}
