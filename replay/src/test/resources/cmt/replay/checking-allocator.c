/* An allocator for tests of threaded replay: glibc's malloc underneath, and a table of the blocks it has
 * handed out, so that it can tell when it is asked to free or reallocate a pointer it never returned or
 * already took back (a replay that touched a block before the thread that made it had returned it). Such
 * a call is counted and ignored. It also counts the distinct kernel threads that called it.
 * checking_faults() and checking_threads() read the counts. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

#define SLOTS (1u << 22)
static uintptr_t table[SLOTS];          /* open addressing; 1 marks a removed entry */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long faults;
static pid_t tids[4096];
static int ntids;

static size_t hash(uintptr_t p) { return (size_t) ((p >> 4) * 0x9E3779B97F4A7C15ull >> 42) & (SLOTS - 1); }

static void seen_thread(void) {
    pid_t t = (pid_t) syscall(SYS_gettid);
    for (int i = 0; i < ntids; i++) if (tids[i] == t) return;
    if (ntids < 4096) tids[ntids++] = t;
}

static void add(void *p) {
    if (!p) return;
    for (size_t h = hash((uintptr_t) p);; h = (h + 1) & (SLOTS - 1)) {
        if (table[h] <= 1) { table[h] = (uintptr_t) p; return; }
    }
}

/* Removes p; 0 if it was not there. */
static int take(void *p) {
    for (size_t h = hash((uintptr_t) p);; h = (h + 1) & (SLOTS - 1)) {
        if (table[h] == 0) return 0;
        if (table[h] == (uintptr_t) p) { table[h] = 1; return 1; }
    }
}

void *malloc(size_t n) {
    void *p = __libc_malloc(n);
    pthread_mutex_lock(&lock); seen_thread(); add(p); pthread_mutex_unlock(&lock);
    return p;
}

void *calloc(size_t c, size_t n) {
    void *p = __libc_calloc(c, n);
    pthread_mutex_lock(&lock); seen_thread(); add(p); pthread_mutex_unlock(&lock);
    return p;
}

void *memalign(size_t a, size_t n) {
    void *p = __libc_memalign(a, n);
    pthread_mutex_lock(&lock); seen_thread(); add(p); pthread_mutex_unlock(&lock);
    return p;
}

void *realloc(void *old, size_t n) {
    pthread_mutex_lock(&lock);
    seen_thread();
    int known = old == NULL || take(old);
    if (!known) faults++;
    pthread_mutex_unlock(&lock);
    if (!known) return __libc_malloc(n);
    void *p = __libc_realloc(old, n);
    pthread_mutex_lock(&lock); add(p); pthread_mutex_unlock(&lock);
    return p;
}

void free(void *p) {
    if (!p) return;
    pthread_mutex_lock(&lock);
    seen_thread();
    int known = take(p);
    if (!known) faults++;
    pthread_mutex_unlock(&lock);
    if (known) __libc_free(p);
}

long checking_faults(void) { return faults; }
long checking_threads(void) { return ntids; }
