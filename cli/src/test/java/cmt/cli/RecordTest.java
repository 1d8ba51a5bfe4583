package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a small C program compiled here, under each installed recorder, and checks the traces. */
class RecordTest {
    /** Two threads; every odd case a recorder meets: NULL, zero sizes, realloc to 0, aligned and calloc. */
    private static final String PROGRAM = """
            #include <malloc.h>
            #include <pthread.h>
            #include <stdlib.h>
            static void *work(void *arg) {
                void *p[64] = {0};
                for (int i = 0; i < 2000; i++) {
                    int k = (i * 7) % 64;
                    free(p[k]);
                    p[k] = malloc(8 + (i * 13) % 500);
                    if (i % 5 == 0) p[k] = realloc(p[k], 16 + i % 900);
                }
                for (int k = 0; k < 64; k++) free(p[k]);
                return arg;
            }
            int main(void) {
                void *volatile nothing = 0;
                free(nothing);
                void *z = malloc(0);
                void *c = calloc(10, 24);
                void *a = 0;
                if (posix_memalign(&a, 64, 200)) return 1;
                void *m = memalign(128, 50);
                void *r = realloc(nothing, 40);
                r = realloc(r, 0);
                pthread_t t;
                pthread_create(&t, 0, work, 0);
                work(0);
                pthread_join(t, 0);
                free(z); free(c); free(a); free(m); free(r);
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    static Path binary;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        assumeTrue(onPath("gcc"), "gcc is not installed");
        Path source = Files.writeString(dir.resolve("churn.c"), PROGRAM);
        binary = dir.resolve("churn");
        Process p = new ProcessBuilder("gcc", "-O1", "-pthread", "-o", binary.toString(), source.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "gcc failed");
    }

    @Test
    void valgrindCountsMatchItsOwnSummary() throws IOException, InterruptedException {
        assumeTrue(onPath("valgrind"), "valgrind is not installed");
        Process p = new ProcessBuilder("valgrind", "--leak-check=no", binary.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        Matcher m = Pattern.compile("total heap usage: ([0-9,]+) allocs, ([0-9,]+) frees").matcher(log);
        assertTrue(m.find(), log);
        long allocs = Long.parseLong(m.group(1).replace(",", ""));
        long frees = Long.parseLong(m.group(2).replace(",", ""));

        Path trace = dir.resolve("churn-valgrind.trace");
        CommandRun run = CommandRun.of("record", "--with", "valgrind", "-o", trace.toString(), "--", binary.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("(they match)"), run.err());
        Map<Op, Long> ops = readBothWays(trace);
        long creates = ops.getOrDefault(Op.MALLOC, 0L) + ops.getOrDefault(Op.CALLOC, 0L)
                + ops.getOrDefault(Op.ALIGNED, 0L) + ops.getOrDefault(Op.REALLOC, 0L);
        long ends = ops.getOrDefault(Op.FREE, 0L) + ops.getOrDefault(Op.REALLOC, 0L);
        assertEquals(allocs, creates);
        assertEquals(frees, ends);
        assertTrue(ops.getOrDefault(Op.ALIGNED, 0L) >= 2 && ops.getOrDefault(Op.CALLOC, 0L) >= 1, ops.toString());
        assertTrue(Files.readString(trace).contains(" tid=2"), "thread numbers are written");
    }

    @Test
    void heaptrackTraceReads() throws IOException {
        assumeTrue(Files.exists(Path.of("/usr/lib/heaptrack/libheaptrack_preload.so")), "heaptrack is not installed");
        Path trace = dir.resolve("churn-heaptrack.trace.zst");
        CommandRun run = CommandRun.of("record", "--with", "heaptrack", "-o", trace.toString(), "--", binary.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("under heaptrack: "), run.err());
        Map<Op, Long> ops = readBothWays(trace);
        // Both threads' 2 x 2000 mallocs and 2 x 400 reallocs, each of the latter as free + malloc.
        assertTrue(ops.get(Op.MALLOC) >= 2 * 2400, ops.toString());
        assertTrue(ops.get(Op.FREE) >= 2 * 2400, ops.toString());
    }

    @Test
    void missingProgramIsAnError() {
        assumeTrue(onPath("valgrind"), "valgrind is not installed");
        CommandRun run = CommandRun.of("record", "--with", "valgrind", "-o", dir.resolve("none.trace").toString(),
                "--", dir.resolve("no-such-program").toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("cmt: record: " + dir.resolve("no-such-program") + ": no such program (or not executable)\n", run.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("none.trace")), "no empty trace left behind");
    }

    /**
     * Reads a recorded trace strictly and leniently (neither may fail), runs the annotating commands over it,
     * and counts its operations.
     */
    private static Map<Op, Long> readBothWays(Path trace) {
        for (String command : new String[] {"lifetimes", "overhead"}) {
            Path out = trace.resolveSibling(trace.getFileName() + "." + command);
            CommandRun run = CommandRun.of(command, trace.toString(), "-o", out.toString(), "--force");
            assertEquals(0, run.status(), command + ": " + run.err());
        }
        Map<Op, Long> ops = new EnumMap<>(Op.class);
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            r.forEach((Event e) -> ops.merge(e.op, 1L, Long::sum));
        }
        try (TraceReader r = TraceReader.open(trace, Leniency.LENIENT)) {
            assertEquals(ops.values().stream().mapToLong(Long::longValue).sum(), r.forEach((Event e) -> { }));
            assertEquals(0, r.repairs().total(), r.repairs().toString());
        }
        return ops;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
