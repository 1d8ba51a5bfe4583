package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Sites.Frame;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records small C programs built here with cmt's own recorder and checks the traces against what the
 * programs say they did: each logs its calls (thread id, call, arguments, result) without allocating,
 * and every logged call must be in the trace, on its thread, in order, exactly.
 */
class PreloadRecordTest {
    /** Shared by the programs: a log of calls kept in static memory, written out at the end. */
    private static final String LOG = """
            #define _GNU_SOURCE
            #include <malloc.h>
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <sys/syscall.h>
            #include <sys/wait.h>
            static char logbuf[1 << 20];
            static int logpos;
            static pthread_mutex_t loglock = PTHREAD_MUTEX_INITIALIZER;
            static void logcall(const char *op, size_t a, size_t b, void *r) {
                char line[128];
                int n = snprintf(line, sizeof line, "%ld %s %zu %zu %lx\\n", (long) syscall(SYS_gettid), op, a, b,
                                 (unsigned long) r);
                pthread_mutex_lock(&loglock);
                memcpy(logbuf + logpos, line, n);
                logpos += n;
                pthread_mutex_unlock(&loglock);
            }
            static void writelog(const char *path) {
                int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                write(fd, logbuf, logpos);
                close(fd);
            }
            """;

    private static final String THREADS = LOG + """
            #define THREADS 3
            static void *shared[THREADS][8];
            __attribute__((noinline)) void *alloc_a(size_t n) { void *p = malloc(n); logcall("malloc", n, 0, p); return p; }
            __attribute__((noinline)) void *alloc_b(size_t n) { void *p = malloc(n); logcall("malloc", n, 0, p); return p; }
            static void *work(void *arg) {
                long k = (long) arg;
                void *c = calloc(3, 40); logcall("calloc", 3, 40, c);
                void *p = malloc(100); logcall("malloc", 100, 0, p);
                void *q = realloc(p, 104); logcall("realloc", (size_t) p, 104, q);       /* fits its chunk: in place */
                void *fence = malloc(100); logcall("malloc", 100, 0, fence);
                void *m = malloc(100); logcall("malloc", 100, 0, m);
                void *fence2 = malloc(100); logcall("malloc", 100, 0, fence2);
                void *moved = realloc(m, 100000); logcall("realloc", (size_t) m, 100000, moved);
                void *a1 = 0; posix_memalign(&a1, 64, 200); logcall("posix_memalign", 64, 200, a1);
                void *a2 = aligned_alloc(256, 512); logcall("aligned_alloc", 256, 512, a2);
                void *a3 = memalign(128, 50); logcall("memalign", 128, 50, a3);
                void *a4 = valloc(100); logcall("valloc", 100, 0, a4);
                void *a5 = pvalloc(5000); logcall("pvalloc", 5000, 0, a5);
                void *ra = reallocarray(c, 10, 30); logcall("reallocarray", (size_t) c, 300, ra);
                for (int i = 0; i < 8; i++) shared[k][i] = (i & 1) ? alloc_b(16 + i) : alloc_a(16 + i);
                free(q); logcall("free", (size_t) q, 0, 0);
                free(fence); logcall("free", (size_t) fence, 0, 0);
                free(fence2); logcall("free", (size_t) fence2, 0, 0);
                free(moved); logcall("free", (size_t) moved, 0, 0);
                free(a1); logcall("free", (size_t) a1, 0, 0);
                free(a2); logcall("free", (size_t) a2, 0, 0);
                free(a3); logcall("free", (size_t) a3, 0, 0);
                free(a4); logcall("free", (size_t) a4, 0, 0);
                free(a5); logcall("free", (size_t) a5, 0, 0);
                free(ra); logcall("free", (size_t) ra, 0, 0);
                return 0;
            }
            int main(int argc, char **argv) {
                pthread_t t[THREADS];
                for (long i = 0; i < THREADS; i++) pthread_create(&t[i], 0, work, (void *) i);
                for (int i = 0; i < THREADS; i++) pthread_join(t[i], 0);
                /* Frees across threads: every thread's blocks end on the main thread. */
                for (int k = 0; k < THREADS; k++)
                    for (int i = 0; i < 8; i++) { free(shared[k][i]); logcall("free", (size_t) shared[k][i], 0, 0); }
                writelog(argv[1]);
                return 0;
            }
            """;

    private static final String FORK = LOG + """
            int main(int argc, char **argv) {
                void *p = malloc(10); logcall("malloc", 10, 0, p);
                pid_t child = fork();
                if (child == 0) {
                    for (int i = 0; i < 100; i++) { void *volatile q = malloc(1000 + i); free(q); }
                    exit(0);
                }
                int status;
                waitpid(child, &status, 0);
                free(p); logcall("free", (size_t) p, 0, 0);
                writelog(argv[1]);
                return 0;
            }
            """;

    private static final String EXIT_IN_THREAD = LOG + """
            static void *work(void *arg) {
                for (int i = 0; i < 500; i++) { void *p = malloc(24 + i); logcall("malloc", 24 + i, 0, p); }
                writelog(arg);
                _exit(3);
            }
            int main(int argc, char **argv) {
                pthread_t t;
                for (int i = 0; i < 300; i++) { void *p = malloc(8); logcall("malloc", 8, 0, p); }
                pthread_create(&t, 0, work, argv[1]);
                pthread_join(t, 0);
                return 0;
            }
            """;

    private static final String CRASH = LOG + """
            int main(int argc, char **argv) {
                for (int i = 0; i < 1000; i++) { void *p = malloc(32); logcall("malloc", 32, 0, p); }
                writelog(argv[1]);
                *(volatile int *) (long) (argc * 0) = 1;
                return 0;
            }
            """;

    /** Only the calls heaptrack hooks, on two threads. */
    private static final String CHURN = """
            #include <pthread.h>
            #include <stdlib.h>
            static void *work(void *arg) {
                void *p[64] = {0};
                for (int i = 0; i < 3000; i++) {
                    int k = (i * 7) % 64;
                    free(p[k]);
                    p[k] = (i % 3) ? malloc(8 + (i * 13) % 500) : calloc(1 + i % 4, 16);
                    if (i % 5 == 0) p[k] = realloc(p[k], 16 + i % 900);
                    if (i % 11 == 0) { free(p[k]); posix_memalign(&p[k], 64, 100 + i % 50); }
                }
                for (int k = 0; k < 64; k++) free(p[k]);
                return arg;
            }
            int main(void) {
                pthread_t t;
                pthread_create(&t, 0, work, 0);
                work(0);
                pthread_join(t, 0);
                return 0;
            }
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void gcc() {
        assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "gcc"))), "gcc is not installed");
    }

    @Test
    void everyCallKindOnEveryThreadExactly() throws Exception {
        Path trace = dir.resolve("threads.trace");
        Path log = dir.resolve("threads.log");
        CommandRun run = CommandRun.of("record", "-o", trace.toString(), "--", build("threads", THREADS).toString(),
                log.toString());
        assertEquals(0, run.status(), run.err());
        List<Event> events = read(trace);
        Map<Long, List<Event>> byThread = new HashMap<>();
        for (Event e : events) {
            assertTrue(e.thread > 0 && e.timestamp > 0, "every event has a thread and a time: " + e);
            byThread.computeIfAbsent(e.thread, k -> new ArrayList<>()).add(e);
        }
        for (List<Event> l : byThread.values()) {
            for (int i = 1; i < l.size(); i++) {
                assertTrue(l.get(i).timestamp >= l.get(i - 1).timestamp, "time never goes back on a thread: " + l.get(i));
            }
        }
        Map<Long, List<String[]>> logged = logged(log);
        assertEquals(4, logged.size(), "three workers and the main thread");
        for (Map.Entry<Long, List<String[]>> t : logged.entrySet()) {
            List<Event> mine = byThread.getOrDefault(t.getKey(), List.of());
            int at = 0;
            for (String[] call : t.getValue()) {
                while (at < mine.size() && !matches(mine.get(at), call)) {
                    at++;
                }
                assertTrue(at < mine.size(), "thread " + t.getKey() + ": " + String.join(" ", call) + " is in the trace, in order");
                at++;
            }
        }
        // The program's own checks of what the allocator did: one realloc in place, one moved.
        List<Event> reallocs = events.stream().filter(e -> e.op == Op.REALLOC && (e.size == 104 || e.size == 100000)).toList();
        assertEquals(6, reallocs.size(), reallocs.toString());
        // What the allocator did is its business (the log check above holds either way), but glibc grows the
        // first in place and must move the second, fenced in by a live block.
        assertTrue(reallocs.stream().anyMatch(e -> e.size == 104 && e.address == e.oldAddress), reallocs.toString());
        assertTrue(reallocs.stream().anyMatch(e -> e.size == 100000 && e.address != e.oldAddress), reallocs.toString());
        assertTrue(run.err().contains("under preload: "), run.err());
    }

    @Test
    void aForkedChildIsIgnoredOrFollowed() throws Exception {
        Path program = build("fork", FORK);
        Path trace = dir.resolve("fork.trace");
        CommandRun run = CommandRun.of("record", "--no-stacks", "-o", trace.toString(), "--", program.toString(),
                dir.resolve("fork.log").toString());
        assertEquals(0, run.status(), run.err());
        List<Event> events = read(trace);
        assertFalse(events.stream().anyMatch(e -> e.size >= 1000 && e.size < 1100), "the child is not in the trace");
        assertTrue(events.stream().anyMatch(e -> e.op == Op.MALLOC && e.size == 10));

        Path followed = dir.resolve("followed.trace");
        run = CommandRun.of("record", "--no-stacks", "--follow-forks", "-o", followed.toString(), "--",
                program.toString(), dir.resolve("followed.log").toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(read(trace).size(), read(followed).size(), "the parent's trace is the same");
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.filter(p -> p.getFileName().toString().matches("followed\\.\\d+\\.trace")).toList();
        }
        assertEquals(1, children.size(), run.err());
        List<Event> child = read(children.getFirst());
        assertEquals(100, child.stream().filter(e -> e.op == Op.MALLOC && e.size >= 1000 && e.size < 1100).count(), run.err() + child);
        assertTrue(run.err().contains("process "), run.err());
    }

    @Test
    void exitFromAThreadKeepsTheTrace() throws Exception {
        Path trace = dir.resolve("exit.trace");
        Path log = dir.resolve("exit.log");
        CommandRun run = CommandRun.of("record", "-o", trace.toString(), "--", build("exit", EXIT_IN_THREAD).toString(),
                log.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("_exit(3)") && run.err().contains("exited with status 3"), run.err());
        List<Event> events = read(trace);
        long logged = logged(log).values().stream().mapToLong(List::size).sum();
        assertEquals(800, logged);
        assertTrue(events.stream().filter(e -> e.op == Op.MALLOC && (e.size == 8 || e.size >= 24 && e.size < 524)).count() >= 800,
                "every call before _exit is in the trace");
    }

    @Test
    void aCrashKeepsTheEventsBeforeIt() throws Exception {
        Path trace = dir.resolve("crash.trace");
        CommandRun run = CommandRun.of("record", "-o", trace.toString(), "--", build("crash", CRASH).toString(),
                dir.resolve("crash.log").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("died of SIGSEGV") && run.err().contains("was killed by SIGSEGV"), run.err());
        assertEquals(1000, read(trace).stream().filter(e -> e.op == Op.MALLOC && e.size == 32).count());
    }

    @Test
    void stacksNameTheAllocatingFunctions() throws Exception {
        // Text and, by the name, the compact format (which keeps the addresses and the stacks).
        for (String name : List.of("stacks.trace", "stacks.cmtz")) {
            Path trace = dir.resolve(name);
            CommandRun run = CommandRun.of("record", "--stacks", "8", "-o", trace.toString(), "--",
                    build("threads", THREADS).toString(), dir.resolve("stacks.log").toString());
            assertEquals(0, run.status(), run.err());
            assertFalse(run.err().contains("lost") || run.err().contains("cannot hold"), run.err());
            try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
                assertEquals(name.endsWith(".cmtz") ? Format.COMPACT : Format.TEXT, r.format(), name);
            }
            allocationsNamed(trace);
        }
    }

    /** Checks that the 24 mallocs of 16 to 23 bytes name alloc_a or alloc_b, as their size says, with file and line. */
    private static void allocationsNamed(Path trace) {
        int a = 0;
        int b = 0;
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            List<Event> events = new ArrayList<>();
            r.forEach((Event e) -> events.add(e.copy()));
            for (Event e : events) {
                if (e.op == Op.MALLOC && e.size >= 16 && e.size < 24) {
                    List<Frame> frames = r.sites().frames(e.site);
                    assertFalse(frames.isEmpty(), "site " + e.site + " of " + e);
                    assertTrue(frames.size() <= 8);
                    String innermost = frames.getFirst().function();
                    assertEquals((e.size & 1) == 1 ? "alloc_b" : "alloc_a", innermost, frames.toString());
                    assertTrue(frames.getFirst().file().endsWith("threads.c") && frames.getFirst().line() > 0, frames.toString());
                    if ((e.size & 1) == 1) {
                        b++;
                    } else {
                        a++;
                    }
                } else if (e.op == Op.FREE) {
                    assertEquals(Event.NONE, e.site);
                }
            }
        }
        assertEquals(12, a);
        assertEquals(12, b);
    }

    @Test
    void sameAllocationsAndFreesAsHeaptrack() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/lib/heaptrack/libheaptrack_preload.so")), "heaptrack is not installed");
        Path program = build("churn", CHURN);
        Path ours = dir.resolve("churn.trace");
        Path theirs = dir.resolve("churn-heaptrack.trace");
        CommandRun run = CommandRun.of("record", "-o", ours.toString(), "--", program.toString());
        assertEquals(0, run.status(), run.err());
        run = CommandRun.of("record", "--with", "heaptrack", "-o", theirs.toString(), "--", program.toString());
        assertEquals(0, run.status(), run.err());
        List<Event> a = read(ours);
        // heaptrack's own library is C++: libstdc++'s exception pool (72,704 bytes, allocated when the library
        // loads, freed at exit) is in heaptrack's recording of every program and in no program of its own.
        List<Event> b = read(theirs).stream()
                .filter(e -> !(e.op == Op.MALLOC && e.size == 72704 || e.op == Op.FREE && e.oldSize == 72704)).toList();
        // heaptrack writes a realloc as a free and a malloc: compare blocks made and blocks ended.
        assertTrue(a.size() > 12000, "both threads' calls: " + a.size());
        assertEquals(b.stream().filter(e -> e.op.creates()).count(), a.stream().filter(e -> e.op.creates()).count());
        assertEquals(b.stream().filter(e -> e.op.releases()).count(), a.stream().filter(e -> e.op.releases()).count());
        assertTrue(a.stream().anyMatch(e -> e.op == Op.REALLOC) && a.stream().anyMatch(e -> e.op == Op.CALLOC));
    }

    private static boolean matches(Event e, String[] call) {
        long a = Long.parseUnsignedLong(call[2]);
        long b = Long.parseUnsignedLong(call[3]);
        long r = Long.parseUnsignedLong(call[4], 16);
        return switch (call[1]) {
            case "malloc" -> e.op == Op.MALLOC && e.size == a && e.address == r;
            case "calloc" -> e.op == Op.CALLOC && e.count == a && e.size == a * b && e.address == r;
            case "realloc", "reallocarray" -> e.op == Op.REALLOC && e.oldAddress == a && e.size == b && e.address == r;
            case "free" -> e.op == Op.FREE && e.oldAddress == a;
            case "posix_memalign", "aligned_alloc", "memalign" ->
                    e.op == Op.ALIGNED && e.alignment == a && e.size == b && e.address == r;
            case "valloc" -> e.op == Op.ALIGNED && e.alignment == 4096 && e.size == a && e.address == r;
            case "pvalloc" -> e.op == Op.ALIGNED && e.alignment == 4096 && e.size == (a + 4095) / 4096 * 4096 && e.address == r;
            default -> throw new IllegalArgumentException(call[1]);
        };
    }

    /** The logged calls by thread, in order. */
    private static Map<Long, List<String[]>> logged(Path log) throws IOException {
        Map<Long, List<String[]>> m = new HashMap<>();
        for (String l : Files.readAllLines(log)) {
            String[] f = l.split(" ");
            m.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>()).add(f);
        }
        return m;
    }

    /** The trace's events, read strictly. */
    private static List<Event> read(Path trace) {
        List<Event> l = new ArrayList<>();
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            r.forEach((Event e) -> l.add(e.copy()));
        }
        return l;
    }

    private static Path build(String name, String source) throws IOException, InterruptedException {
        Path bin = dir.resolve(name);
        if (!Files.exists(bin)) {
            Path c = Files.writeString(dir.resolve(name + ".c"), source);
            Process p = new ProcessBuilder("gcc", "-O1", "-g", "-pthread", "-o", bin.toString(), c.toString())
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "gcc failed on " + name);
        }
        return bin;
    }
}
