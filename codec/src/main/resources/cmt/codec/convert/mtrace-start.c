/*
 * Starts glibc's mtrace in a program that does not call mtrace() itself: `cmt record --with mtrace`
 * preloads this library after libc_malloc_debug.so.0 (which holds mtrace from glibc 2.34 on) and names
 * its pipe in MALLOC_TRACE; MtraceConverter reads what glibc writes there. Built with gcc on first use.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mcheck.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int log_fd = -1;
static dev_t log_dev;
static ino_t log_ino;

/*
 * A forked child inherits the log and a copy of what glibc has buffered for it, and glibc writes the log
 * in 512-byte pieces that split lines: the child's writes would repeat the parent's lines and cut into
 * them. Its log goes to /dev/null instead, so only the program itself is recorded. Only if the descriptor
 * is still the log: the program may have closed it and opened something else under its number.
 */
static void child(void) {
    struct stat st;
    if (fstat(log_fd, &st) == 0 && st.st_dev == log_dev && st.st_ino == log_ino) {
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0) {
            dup3(null, log_fd, O_CLOEXEC);
            close(null);
        }
    }
}

__attribute__((constructor)) static void cmt_mtrace_start(void) {
    const char *path = getenv("MALLOC_TRACE");
    struct stat log;
    mtrace();
    if (path != NULL && stat(path, &log) == 0) {
        /* glibc keeps its stream to itself: find the descriptor it opened by the file it refers to. */
        for (int fd = 0; fd < 4096 && log_fd < 0; fd++) {
            struct stat st;
            if (fstat(fd, &st) == 0 && st.st_dev == log.st_dev && st.st_ino == log.st_ino) {
                log_fd = fd;
                log_dev = st.st_dev;
                log_ino = st.st_ino;
            }
        }
        if (log_fd >= 0) {
            pthread_atfork(NULL, NULL, child);
        }
    }
    /* The programs this one execs inherit the environment and the preload: without this they would open
       the same pipe and write their calls into it as if this one made them. */
    unsetenv("MALLOC_TRACE");
}
