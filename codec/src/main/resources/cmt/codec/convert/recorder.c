/*
 * cmt's recorder: an LD_PRELOAD library that writes every malloc-family call of a program, as made, to
 * the pipe named by CMT_RECORD_PIPE, in the stream RecorderStream.java specifies (read it first: this
 * file is its writer, PreloadConverter its reader). `cmt record` builds it with gcc on first use.
 *
 * Hot path: one call into the real allocator, one clock read, one atomic increment of the process's
 * event counter (what orders events across threads exactly), a few varints into the calling thread's
 * buffer, and an uncontended flag that only the flusher thread ever competes for. A full buffer (at most
 * PIPE_BUF bytes, so that writes of several threads and processes never interleave) is one write(2).
 *
 * Environment: CMT_RECORD_PIPE (path), CMT_RECORD_DEPTH (frames per stack, 0: no stacks),
 * CMT_RECORD_FOLLOW (1: record forked children and exec'd programs too, each as its own process).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define TLS __attribute__((tls_model("initial-exec"))) __thread
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Record kinds and operations: RecorderStream.java. */
enum { REC_START = 1, REC_EVENTS = 2, REC_END = 3 };
enum { OP_MALLOC = 1, OP_CALLOC, OP_REALLOC, OP_FREE, OP_MEMALIGN, OP_POSIX_MEMALIGN, OP_ALIGNED_ALLOC,
       OP_VALLOC, OP_PVALLOC, OP_REALLOCARRAY, OP_SITE = 0x20, OP_MODULE = 0x21 };
enum { END_EXIT = 0, END__EXIT = 1, END_SIGNAL = 2 };
#define VERSION 1
#define RECORD_MAX 4096          /* PIPE_BUF: a write of at most this much is atomic on a pipe */
#define HEADER 12
#define EVENTS_HEADER (HEADER + 16)
#define MAX_DEPTH 256
#define MAX_BUFFERS 65536
#define SITE_SLOTS (1u << 21)    /* open addressing, never more than 3/4 full */
#define MAX_MODULES 4096
#define FLUSH_NS 20000000ull     /* the flusher writes a buffer whose oldest event is this old */

struct buffer {
    _Atomic int busy;            /* 1 while its thread or the flusher writes to it */
    _Atomic int in_use;          /* 1 while a thread owns it */
    uint32_t tid;
    uint32_t len;                /* bytes in data, EVENTS_HEADER included once anything is in */
    int fresh;                   /* no event in the chunk yet: its first seq and time are unset */
    uint64_t prev_seq, prev_ns, first_ns;
    unsigned char data[RECORD_MAX];
};

struct site_slot {
    _Atomic uint64_t hash;
    uint64_t id;
};

struct module {
    uintptr_t start, end, bias;
};

static struct {
    void *(*malloc)(size_t);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void (*free)(void *);
    int (*posix_memalign)(void **, size_t, size_t);
    void *(*aligned_alloc)(size_t, size_t);
    void *(*memalign)(size_t, size_t);
    void *(*valloc)(size_t);
    void *(*pvalloc)(size_t);
    void *(*reallocarray)(void *, size_t, size_t);
    void (*_exit)(int) __attribute__((noreturn));
    int (*unw_backtrace)(void **, int);
} real;

static int fd = -1;
static _Atomic int active;       /* recording: set once the pipe is open, cleared in an ignored child */
static int resolving;
static int depth;
static int follow;
static uint32_t pid;
static long page;
static _Atomic uint64_t next_seq;
static struct buffer *_Atomic buffers[MAX_BUFFERS];
static _Atomic uint32_t buffer_count;
static _Atomic int threads_seen;
static pthread_key_t exit_key;
static struct site_slot *sites;
static _Atomic uint64_t site_count;
static pthread_mutex_t site_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module modules[MAX_MODULES];
static int module_count;
static _Atomic int flusher_started;
static _Atomic int finished;     /* the library's destructor ran: write every event at once */

static TLS int guard;            /* inside a hook: calls the allocator makes for us are not recorded */
static TLS struct buffer *mine;

/* dlsym may allocate before the real functions are known: those few blocks come from here. */
static char boot[1 << 16] __attribute__((aligned(64)));
static size_t boot_used;

static void *boot_alloc(size_t n) {
    size_t at = (boot_used + 63) & ~(size_t)63;
    if (at + n > sizeof boot) {
        return NULL;
    }
    boot_used = at + n;
    return boot + at;
}

static int in_boot(const void *p) {
    return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void resolve(void) {
    resolving = 1;
    real.malloc = dlsym(RTLD_NEXT, "malloc");
    real.calloc = dlsym(RTLD_NEXT, "calloc");
    real.realloc = dlsym(RTLD_NEXT, "realloc");
    real.free = dlsym(RTLD_NEXT, "free");
    real.posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real.aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    real.memalign = dlsym(RTLD_NEXT, "memalign");
    real.valloc = dlsym(RTLD_NEXT, "valloc");
    real.pvalloc = dlsym(RTLD_NEXT, "pvalloc");
    real.reallocarray = dlsym(RTLD_NEXT, "reallocarray");
    real._exit = dlsym(RTLD_NEXT, "_exit");
    resolving = 0;
}

static uint64_t now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static unsigned char *put64(unsigned char *p, uint64_t v) {
    memcpy(p, &v, 8);
    return p + 8;
}

static unsigned char *put32(unsigned char *p, uint32_t v) {
    memcpy(p, &v, 4);
    return p + 4;
}

static unsigned char *varint(unsigned char *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

static void write_all(const unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            /* The reader is gone (cmt was stopped): the program runs on unrecorded. */
            atomic_store(&active, 0);
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static unsigned char *header(unsigned char *p, int kind, uint32_t len, uint32_t tid) {
    uint16_t l = (uint16_t)len;
    memcpy(p, &l, 2);
    p[2] = (unsigned char)kind;
    p[3] = VERSION;
    p = put32(p + 4, pid);
    return put32(p, tid);
}

/* Writes out a buffer its caller holds (busy) and empties it. */
static void flush(struct buffer *b) {
    if (b->len <= EVENTS_HEADER) {
        b->len = 0;
        return;
    }
    header(b->data, REC_EVENTS, b->len, b->tid);
    int errno_saved = errno;
    write_all(b->data, b->len);
    errno = errno_saved;
    b->len = 0;
}

static int try_hold(struct buffer *b) {
    int free_ = 0;
    return atomic_compare_exchange_strong_explicit(&b->busy, &free_, 1, memory_order_acquire,
                                                   memory_order_relaxed);
}

static void hold(struct buffer *b) {
    while (atomic_exchange_explicit(&b->busy, 1, memory_order_acquire)) {
        /* Only the flusher competes, for the time of one write. */
    }
}

static void release(struct buffer *b) {
    atomic_store_explicit(&b->busy, 0, memory_order_release);
}

/* Writes out every buffer not being written to now; for exit, a crash, and the flusher (stale only). */
static void flush_all(uint64_t older_than) {
    uint32_t n = atomic_load(&buffer_count);
    for (uint32_t i = 0; i < n; i++) {
        struct buffer *b = atomic_load(&buffers[i]);
        if (b && b->len > EVENTS_HEADER && try_hold(b)) {
            if (b->len > EVENTS_HEADER && b->first_ns < older_than) {
                flush(b);
            }
            release(b);
        }
    }
}

/*
 * A thread that allocates after its key destructors ran (glibc's own cleanup) takes a buffer that no
 * destructor gives back: once the thread is gone, its buffer is written out and reused.
 */
static void reclaim(void) {
    uint32_t n = atomic_load(&buffer_count);
    for (uint32_t i = 0; i < n; i++) {
        struct buffer *b = atomic_load(&buffers[i]);
        if (b && atomic_load(&b->in_use) && syscall(SYS_tgkill, pid, b->tid, 0) != 0 && errno == ESRCH
            && try_hold(b)) {
            flush(b);
            atomic_store(&b->in_use, 0);
            release(b);
        }
    }
}

static void *flusher(void *arg) {
    (void)arg;
    guard = 1;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        struct timespec t = {0, FLUSH_NS / 2};
        nanosleep(&t, NULL);
        if (atomic_load(&active)) {
            uint64_t n = now();
            flush_all(n > FLUSH_NS ? n - FLUSH_NS : 0);
            reclaim();
        }
    }
    return NULL;
}

/* A buffer is only reordering's problem once a second thread records: then the flusher starts. */
static void start_flusher(void) {
    int no = 0;
    if (atomic_compare_exchange_strong(&flusher_started, &no, 1)) {
        pthread_t t;
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&a, 64 * 1024);
        if (pthread_create(&t, &a, flusher, NULL) != 0) {
            atomic_store(&flusher_started, 0);
        }
        pthread_attr_destroy(&a);
    }
}

static struct buffer *own_buffer(void) {
    uint32_t n = atomic_load(&buffer_count);
    for (uint32_t i = 0; i < n; i++) {
        struct buffer *b = atomic_load(&buffers[i]);
        int no = 0;
        if (b && atomic_compare_exchange_strong(&b->in_use, &no, 1)) {
            return b;
        }
    }
    struct buffer *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED) {
        return NULL;
    }
    atomic_store(&b->in_use, 1);
    uint32_t i = atomic_fetch_add(&buffer_count, 1);
    if (i >= MAX_BUFFERS) {
        atomic_fetch_sub(&buffer_count, 1);
        munmap(b, sizeof *b);
        return NULL;
    }
    atomic_store(&buffers[i], b);
    return b;
}

/* The calling thread's buffer, held; NULL if it has none and cannot get one. */
static struct buffer *begin(void) {
    struct buffer *b = mine;
    if (UNLIKELY(b == NULL)) {
        b = own_buffer();
        if (b == NULL) {
            return NULL;
        }
        b->tid = (uint32_t)syscall(SYS_gettid);
        b->len = 0;
        mine = b;
        pthread_setspecific(exit_key, b);
        if (atomic_fetch_add(&threads_seen, 1) == 1) {
            start_flusher();
        }
    }
    hold(b);
    return b;
}

/* Room for n more bytes in a held buffer, flushing it if needed. */
static void room(struct buffer *b, uint32_t n) {
    if (b->len + n > RECORD_MAX) {
        flush(b);
    }
    if (b->len == 0) {
        b->len = EVENTS_HEADER;
        b->fresh = 1;
        b->first_ns = 0;
        memset(b->data + HEADER, 0, 16);
    }
}

static void end(struct buffer *b) {
    if (UNLIKELY(atomic_load_explicit(&finished, memory_order_relaxed))) {
        flush(b);
    }
    release(b);
}

static void thread_exit(void *arg) {
    struct buffer *b = arg;
    int was = guard;
    guard = 1;
    hold(b);
    flush(b);
    release(b);
    mine = NULL;
    atomic_store(&b->in_use, 0);
    /* glibc frees the thread's own blocks after this (its DTV, for one): those are recorded too. */
    guard = was;
}

static int module_index(uintptr_t pc) {
    for (int i = 0; i < module_count; i++) {
        if (pc >= modules[i].start && pc < modules[i].end) {
            return i;
        }
    }
    return -1;
}

struct scan {
    struct buffer *b;
};

static int add_module(struct dl_phdr_info *info, size_t size, void *arg) {
    (void)size;
    struct scan *s = arg;
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD) {
            uintptr_t a = info->dlpi_addr + ph->p_vaddr;
            if (a < lo) lo = a;
            if (a + ph->p_memsz > hi) hi = a + ph->p_memsz;
        }
    }
    if (lo >= hi || module_index(lo) >= 0 || module_count == MAX_MODULES) {
        return 0;
    }
    char exe[PATH_MAX];
    const char *name = info->dlpi_name;
    if (name == NULL || name[0] == 0) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = 0;
        name = exe;
    }
    size_t nl = strlen(name);
    if (nl > 1024) {
        nl = 1024;
    }
    modules[module_count++] = (struct module){lo, hi, info->dlpi_addr};
    room(s->b, (uint32_t)(40 + nl));
    unsigned char *p = s->b->data + s->b->len;
    *p++ = OP_MODULE;
    p = varint(p, lo);
    p = varint(p, hi);
    p = varint(p, info->dlpi_addr);
    p = varint(p, nl);
    memcpy(p, name, nl);
    s->b->len = (uint32_t)(p + nl - s->b->data);
    return 0;
}

static uint64_t stack_hash(void **pcs, int n) {
    uint64_t h = 0x243F6A8885A308D3ull ^ (uint64_t)n;
    for (int i = 0; i < n; i++) {
        h = (h ^ (uint64_t)pcs[i]) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    return h == 0 ? 1 : h;
}

/*
 * The site of the calling allocation: its stack, looked up without a lock; a stack seen for the first
 * time is defined (and the modules it runs in) under a lock, into the caller's buffer. Returns the site
 * id + 1, or 0 when stacks are off or the table is full.
 */
static uint64_t site(struct buffer *b, void **pcs, int n) {
    if (n <= 0 || sites == NULL) {
        return 0;
    }
    uint64_t h = stack_hash(pcs, n);
    uint32_t mask = SITE_SLOTS - 1;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        uint64_t seen = atomic_load_explicit(&sites[i].hash, memory_order_acquire);
        if (seen == h) {
            return sites[i].id + 1;
        }
        if (seen == 0) {
            break;
        }
    }
    pthread_mutex_lock(&site_lock);
    uint64_t id = UINT64_MAX;
    uint32_t i = (uint32_t)h & mask;
    for (;; i = (i + 1) & mask) {
        uint64_t seen = atomic_load_explicit(&sites[i].hash, memory_order_relaxed);
        if (seen == h) {
            id = sites[i].id;
            break;
        }
        if (seen == 0) {
            break;
        }
    }
    if (id == UINT64_MAX && atomic_load(&site_count) < SITE_SLOTS / 4 * 3) {
        for (int k = 0; k < n; k++) {
            if (module_index((uintptr_t)pcs[k]) < 0) {
                struct scan s = {b};
                dl_iterate_phdr(add_module, &s);
                break;
            }
        }
        id = atomic_fetch_add(&site_count, 1);
        room(b, (uint32_t)(24 + 10 * n));
        unsigned char *p = b->data + b->len;
        *p++ = OP_SITE;
        p = varint(p, id);
        p = varint(p, (uint64_t)n);
        for (int k = 0; k < n; k++) {
            p = varint(p, (uint64_t)pcs[k]);
        }
        b->len = (uint32_t)(p - b->data);
        sites[i].id = id;
        atomic_store_explicit(&sites[i].hash, h, memory_order_release);
    }
    pthread_mutex_unlock(&site_lock);
    return id == UINT64_MAX ? 0 : id + 1;
}

/* The stack of the hook that calls this (always inlined, so frame 0 is the hook, which is skipped). */
#define CAPTURE(pcs, n)                                                                \
    void *pcs[MAX_DEPTH + 1];                                                          \
    int n = 0;                                                                         \
    if (depth > 0) {                                                                   \
        n = real.unw_backtrace ? real.unw_backtrace(pcs, depth + 1) : backtrace(pcs, depth + 1); \
    }

/*
 * One event: seq taken after the allocator returned for calls that create a block, before it is called
 * for free (the caller passes it), so that across threads a block's creation orders before its end.
 */
static void event(int op, uint64_t seq, uint64_t a, uint64_t b_, uint64_t c, uint64_t result, int creates,
                  void **pcs, int n) {
    uint64_t t = now();
    struct buffer *b = begin();
    if (b == NULL) {
        return;
    }
    uint64_t s = creates ? site(b, pcs + 1, n - 1) : 0;
    room(b, 80);
    if (b->fresh) {
        unsigned char *h = b->data + HEADER;
        h = put64(h, seq);
        put64(h, t);
        b->prev_seq = seq - 1;
        b->prev_ns = t;
        b->first_ns = t;
        b->fresh = 0;
    }
    unsigned char *p = b->data + b->len;
    *p++ = (unsigned char)op;
    p = varint(p, seq - b->prev_seq - 1);
    p = varint(p, t - b->prev_ns);
    b->prev_seq = seq;
    b->prev_ns = t;
    switch (op) {
    case OP_FREE:
        p = varint(p, a);
        break;
    case OP_MALLOC:
    case OP_VALLOC:
    case OP_PVALLOC:
        p = varint(p, a);
        p = varint(p, result);
        break;
    case OP_REALLOCARRAY:
        p = varint(p, a);
        p = varint(p, b_);
        p = varint(p, c);
        p = varint(p, result);
        break;
    default:
        p = varint(p, a);
        p = varint(p, b_);
        p = varint(p, result);
        break;
    }
    if (depth > 0 && creates) {
        p = varint(p, s);
    }
    b->len = (uint32_t)(p - b->data);
    end(b);
}

static uint64_t take_seq(void) {
    return atomic_fetch_add_explicit(&next_seq, 1, memory_order_seq_cst);
}

static void write_start(void) {
    unsigned char r[RECORD_MAX];
    unsigned char *p = r + HEADER;
    p = put32(p, (uint32_t)getppid());
    p = put32(p, (uint32_t)((depth > 0) | (follow << 1)));
    p = put32(p, (uint32_t)depth);
    p = put64(p, now());
    p = put32(p, (uint32_t)page);
    ssize_t n = readlink("/proc/self/exe", (char *)p, 1024);
    p += n > 0 ? n : 0;
    header(r, REC_START, (uint32_t)(p - r), (uint32_t)syscall(SYS_gettid));
    write_all(r, (size_t)(p - r));
}

static void write_end(int how, int value) {
    unsigned char r[HEADER + 16];
    unsigned char *p = r + HEADER;
    p = put32(p, (uint32_t)how);
    p = put32(p, (uint32_t)value);
    p = put64(p, atomic_load(&next_seq));
    header(r, REC_END, (uint32_t)(p - r), (uint32_t)syscall(SYS_gettid));
    write_all(r, (size_t)(p - r));
}

/* Everything buffered, then the end record: the last thing the process writes. */
static void finish(int how, int value) {
    if (!atomic_load(&active)) {
        return;
    }
    atomic_store(&finished, 1);
    if (mine != NULL && try_hold(mine)) {
        flush(mine);
        release(mine);
    }
    flush_all(UINT64_MAX);
    write_end(how, value);
}

static void on_crash(int sig) {
    guard = 1;
    finish(END_SIGNAL, sig);
    atomic_store(&active, 0);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Removes this library from LD_PRELOAD in place (no allocation), so that exec'd programs run unrecorded. */
static void forget_preload(void) {
    char *v = getenv("LD_PRELOAD");
    Dl_info self;
    if (v == NULL || !dladdr((void *)forget_preload, &self) || self.dli_fname == NULL) {
        return;
    }
    const char *name = strrchr(self.dli_fname, '/');
    name = name ? name + 1 : self.dli_fname;
    for (char *s = v; *s;) {
        size_t n = strcspn(s, " :");
        const char *base = memrchr(s, '/', n);
        base = base ? base + 1 : s;
        if ((size_t)(s + n - base) == strlen(name) && memcmp(base, name, strlen(name)) == 0) {
            memset(s, ':', n);
        }
        s += n;
        if (*s) {
            s++;
        }
    }
    unsetenv("CMT_RECORD_PIPE");
}

static void forked_child(void) {
    if (!follow) {
        atomic_store(&active, 0);
        close(fd); /* or a daemon child would hold the pipe open, and cmt would wait for it */
        return;
    }
    /* The parent's buffers are the parent's to write: this process starts its own stream. */
    uint32_t n = atomic_load(&buffer_count);
    for (uint32_t i = 0; i < n; i++) {
        struct buffer *b = atomic_load(&buffers[i]);
        if (b) {
            b->len = 0;
            atomic_store(&b->busy, 0);
            atomic_store(&b->in_use, b == mine);
        }
    }
    pid = (uint32_t)getpid();
    if (mine) {
        mine->tid = pid;
    }
    atomic_store(&next_seq, 0);
    /* Sites and modules are defined anew in this stream: the parent's definitions are in the parent's. */
    if (sites != NULL) {
        munmap(sites, sizeof(struct site_slot) * SITE_SLOTS);
        sites = mmap(NULL, sizeof(struct site_slot) * SITE_SLOTS, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (sites == MAP_FAILED) {
            sites = NULL;
        }
    }
    atomic_store(&site_count, 0);
    module_count = 0;
    atomic_store(&threads_seen, mine ? 1 : 0);
    atomic_store(&flusher_started, 0);
    pthread_mutex_init(&site_lock, NULL);
    write_start();
}

static void before_fork(void) {
    pthread_mutex_lock(&site_lock);
}

static void after_fork(void) {
    pthread_mutex_unlock(&site_lock);
}

__attribute__((constructor)) static void init(void) {
    if (real.malloc == NULL) {
        resolve();
    }
    guard = 1;
    const char *path = getenv("CMT_RECORD_PIPE");
    const char *d = getenv("CMT_RECORD_DEPTH");
    const char *f = getenv("CMT_RECORD_FOLLOW");
    follow = f != NULL && f[0] == '1';
    depth = d ? atoi(d) : 0;
    if (depth < 0) depth = 0;
    if (depth > MAX_DEPTH) depth = MAX_DEPTH;
    page = sysconf(_SC_PAGESIZE);
    pid = (uint32_t)getpid();
    if (path == NULL) {
        guard = 0;
        return;
    }
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        /* A larger pipe lets the program run ahead of cmt's reader instead of waiting on each write. */
        fcntl(fd, F_SETPIPE_SZ, 1 << 20);
    }
    if (!follow) {
        forget_preload();
    }
    if (fd < 0) {
        guard = 0;
        return;
    }
    if (depth > 0) {
        sites = mmap(NULL, sizeof(struct site_slot) * SITE_SLOTS, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (sites == MAP_FAILED) {
            sites = NULL;
        }
        void *unwind = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
        if (unwind) {
            real.unw_backtrace = dlsym(unwind, "unw_backtrace");
            /* Per-thread caches: the global one takes a lock on every step. */
            int (*policy)(void *, int) = dlsym(unwind, "_ULx86_64_set_caching_policy");
            void **space = dlsym(unwind, "_ULx86_64_local_addr_space");
            if (policy && space) {
                policy(*space, 2);
            }
        } else {
            void *warm[2];
            backtrace(warm, 2); /* loads libgcc_s now rather than inside a hook */
        }
    }
    pthread_key_create(&exit_key, thread_exit);
    pthread_atfork(before_fork, after_fork, forked_child);
    int crash[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof crash / sizeof *crash; i++) {
        struct sigaction now_, mine_;
        if (sigaction(crash[i], NULL, &now_) == 0 && now_.sa_handler == SIG_DFL) {
            memset(&mine_, 0, sizeof mine_);
            mine_.sa_handler = on_crash;
            mine_.sa_flags = SA_NODEFER | SA_RESETHAND;
            sigaction(crash[i], &mine_, NULL);
        }
    }
    write_start();
    atomic_store(&active, 1);
    guard = 0;
}

__attribute__((destructor)) static void fini(void) {
    guard = 1;
    finish(END_EXIT, 0);
    guard = 0;
}

#define RECORDING LIKELY(!guard && atomic_load_explicit(&active, memory_order_relaxed))

EXPORT void *malloc(size_t n) {
    if (UNLIKELY(real.malloc == NULL)) {
        if (resolving) return boot_alloc(n);
        resolve();
    }
    if (!RECORDING) {
        return real.malloc(n);
    }
    guard = 1;
    void *r = real.malloc(n);
    uint64_t seq = take_seq();
    CAPTURE(pcs, k);
    event(OP_MALLOC, seq, n, 0, 0, (uint64_t)r, 1, pcs, k);
    guard = 0;
    return r;
}

EXPORT void *calloc(size_t count, size_t n) {
    if (UNLIKELY(real.calloc == NULL)) {
        if (resolving) {
            void *p = boot_alloc(count * n);
            return p; /* static memory is zero */
        }
        resolve();
    }
    if (!RECORDING) {
        return real.calloc(count, n);
    }
    guard = 1;
    void *r = real.calloc(count, n);
    uint64_t seq = take_seq();
    CAPTURE(pcs, k);
    event(OP_CALLOC, seq, count, n, 0, (uint64_t)r, 1, pcs, k);
    guard = 0;
    return r;
}

EXPORT void free(void *p) {
    if (UNLIKELY(p == NULL ? 0 : in_boot(p))) {
        return;
    }
    if (UNLIKELY(real.free == NULL)) {
        resolve();
    }
    if (!RECORDING) {
        real.free(p);
        return;
    }
    guard = 1;
    uint64_t seq = take_seq();
    real.free(p);
    event(OP_FREE, seq, (uint64_t)p, 0, 0, 0, 0, NULL, 0);
    guard = 0;
}

EXPORT void *realloc(void *p, size_t n) {
    if (UNLIKELY(in_boot(p))) {
        void *q = malloc(n);
        size_t left = (size_t)(boot + sizeof boot - (char *)p);
        if (q) memcpy(q, p, n < left ? n : left);
        return q;
    }
    if (UNLIKELY(real.realloc == NULL)) {
        resolve();
    }
    if (!RECORDING) {
        return real.realloc(p, n);
    }
    guard = 1;
    void *r = real.realloc(p, n);
    uint64_t seq = take_seq();
    CAPTURE(pcs, k);
    event(OP_REALLOC, seq, (uint64_t)p, n, 0, (uint64_t)r, 1, pcs, k);
    guard = 0;
    return r;
}

EXPORT void *reallocarray(void *p, size_t count, size_t n) {
    if (UNLIKELY(real.reallocarray == NULL)) {
        resolve();
    }
    if (!RECORDING) {
        return real.reallocarray(p, count, n);
    }
    guard = 1;
    void *r = real.reallocarray(p, count, n);
    uint64_t seq = take_seq();
    CAPTURE(pcs, k);
    event(OP_REALLOCARRAY, seq, (uint64_t)p, count, n, (uint64_t)r, 1, pcs, k);
    guard = 0;
    return r;
}

EXPORT int posix_memalign(void **out, size_t align, size_t n) {
    if (UNLIKELY(real.posix_memalign == NULL)) {
        resolve();
    }
    if (!RECORDING) {
        return real.posix_memalign(out, align, n);
    }
    guard = 1;
    void *r = NULL;
    int status = real.posix_memalign(&r, align, n);
    uint64_t seq = take_seq();
    if (status == 0) {
        *out = r;
    } else {
        r = NULL;
    }
    CAPTURE(pcs, k);
    event(OP_POSIX_MEMALIGN, seq, align, n, 0, (uint64_t)r, 1, pcs, k);
    guard = 0;
    return status;
}

#define ALIGNED(name, OP)                                                        \
    EXPORT void *name(size_t align, size_t n) {                                  \
        if (UNLIKELY(real.name == NULL)) {                                       \
            resolve();                                                           \
        }                                                                        \
        if (!RECORDING) {                                                        \
            return real.name(align, n);                                          \
        }                                                                        \
        guard = 1;                                                               \
        void *r = real.name(align, n);                                           \
        uint64_t seq = take_seq();                                               \
        CAPTURE(pcs, k);                                                         \
        event(OP, seq, align, n, 0, (uint64_t)r, 1, pcs, k);                     \
        guard = 0;                                                               \
        return r;                                                                \
    }

ALIGNED(memalign, OP_MEMALIGN)
ALIGNED(aligned_alloc, OP_ALIGNED_ALLOC)

#define PAGED(name, OP)                                                          \
    EXPORT void *name(size_t n) {                                                \
        if (UNLIKELY(real.name == NULL)) {                                       \
            resolve();                                                           \
        }                                                                        \
        if (!RECORDING) {                                                        \
            return real.name(n);                                                 \
        }                                                                        \
        guard = 1;                                                               \
        void *r = real.name(n);                                                  \
        uint64_t seq = take_seq();                                               \
        CAPTURE(pcs, k);                                                         \
        event(OP, seq, n, 0, 0, (uint64_t)r, 1, pcs, k);                         \
        guard = 0;                                                               \
        return r;                                                                \
    }

PAGED(valloc, OP_VALLOC)
PAGED(pvalloc, OP_PVALLOC)

EXPORT void _exit(int status) {
    if (real._exit == NULL) {
        resolve();
    }
    guard = 1;
    finish(END__EXIT, status);
    real._exit(status);
}

EXPORT void _Exit(int status) {
    _exit(status);
}
