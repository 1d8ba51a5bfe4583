package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmt replay} and {@code cmt compare} on traces the test writes. */
class ReplayCliTest {
    @TempDir
    Path dir;

    private Path trace() throws IOException {
        return Files.write(dir.resolve("t.trace"), List.of("malloc(100) = 0x1000", "malloc(200) = 0x2000",
                "realloc(0x1000, 300) = 0x3000", "free(0x2000)", "free(0x3000)"));
    }

    /** Runs {@code run} with standard output captured; returns what it printed. */
    private static <T> String stdout(Supplier<T> run, T[] result) {
        PrintStream saved = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            result[0] = run.get();
        } finally {
            System.setOut(saved);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void replayPrintsAReportAndReEmitsTheTrace() throws IOException {
        Path in = trace();
        Path out = dir.resolve("t.glibc.trace");
        Run[] run = new Run[1];
        String report = stdout(() -> Run.of("replay", "--touch", "page", "-o", out.toString(), in.toString()), run);
        assertEquals(0, run[0].status(), run[0].err());
        assertTrue(report.startsWith("replay   " + in + " with glibc ("), report);
        assertTrue(report.contains("touch page, in a child process"), report);
        assertTrue(report.contains("events   5 (2 malloc, 1 realloc, 2 free)"), report);
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size());
        assertTrue(lines.get(2).matches("realloc\\([0-9a-f]+<1>, 300\\) = [0-9a-f]+<3>"), lines.get(2));
        assertTrue(lines.get(4).matches("free\\([0-9a-f]+<3>\\)"), lines.get(4));
        Run again = Run.of("replay", "-o", out.toString(), in.toString());
        assertEquals(1, again.status());
        assertEquals("cmt: " + out + ": already exists (use --force to replace it)\n", again.err());
    }

    @Test
    void compareHasOneRowPerAllocatorAndSaysWhyOneFailed() throws IOException {
        Path in = trace();
        Run[] run = new Run[1];
        String table = stdout(() -> Run.of("compare", "--allocators", "glibc,nosuch", in.toString()), run);
        assertEquals(1, run[0].status(), "a failed allocator makes the status 1");
        List<String> lines = table.lines().toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.get(1).startsWith("allocator "), table);
        assertTrue(lines.get(2).matches("glibc +5 .*"), table);
        assertTrue(lines.get(3).startsWith("nosuch       no such allocator"), table);
    }

    /**
     * The bundled recording of a JVM (18 threads) through each installed allocator with --threads: one row
     * each, with the threads used and the frees of blocks from another thread, and the one-thread replay of
     * the same trace counting the same crossings without making them.
     */
    @Test
    void compareWithThreadsOnTheMultiThreadedSample() {
        Path sample = Path.of("../samples/java-preload.trace.xz");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(sample), "bundled sample missing");
        List<String> allocators = installedAllocators();
        Run[] run = new Run[1];
        String table = stdout(() -> Run.of("compare", "--threads", "--allocators", String.join(",", allocators),
                sample.toString()), run);
        assertEquals(0, run[0].status(), run[0].err() + table);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(1).matches("allocator\\s+events\\s+threads\\s+x-thread.*"), table);
        for (int i = 0; i < allocators.size(); i++) {
            String[] cells = lines.get(2 + i).trim().split("\\s+");
            assertEquals(allocators.get(i), cells[0], table);
            assertEquals("94,891", cells[1], table);
            assertEquals("18", cells[2], "threads used: " + table);
            assertEquals("160", cells[3], "frees and reallocs of another thread's block: " + table);
        }
        String one = stdout(() -> Run.of("replay", sample.toString()), run);
        assertTrue(one.contains("threads  18 recorded, replayed on 1; 160 frees and reallocs of a block from another "
                + "thread (on one replay thread: a threaded replay needs --threads)"), one);
    }

    /**
     * A javac-like trace written here: 20 threads, one main thread making most small blocks (symbols, trees),
     * the others arenas of 4 to 64 KiB and buffers they grow by realloc, and about one block in 30 freed by
     * another thread than its maker (work handed between compiler and GC threads). Every installed
     * allocator replays it on its 20 threads, and the table counts the handed-over blocks exactly.
     */
    @Test
    void aJavacLikeTraceOfTwentyThreads() throws IOException {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(20);
        List<String> lines = new java.util.ArrayList<>();
        List<long[]> live = new java.util.ArrayList<>();  // {address, thread}
        long next = 0x7f0000000000L;
        long crossing = 0;
        for (int i = 0; i < 60_000; i++) {
            int t = rnd.nextInt(10) < 7 ? 1 : 2 + rnd.nextInt(19);
            boolean make = live.size() < 200 || (live.size() < 4000 && rnd.nextInt(100) < 55);
            if (make) {
                long size = t == 1 ? 16 + rnd.nextInt(200) : 4096L << rnd.nextInt(5);
                lines.add("malloc(" + size + ") = 0x" + Long.toHexString(next) + " tid=" + t);
                live.add(new long[] {next, t});
                next += 0x10000;
            } else {
                int k = rnd.nextInt(live.size());
                long[] b = live.get(k);
                // Mostly the maker frees its own; one in 30 is freed, or grown, by another thread.
                int by = rnd.nextInt(30) == 0 ? (b[1] == 1 ? 2 + rnd.nextInt(19) : 1) : (int) b[1];
                if (by != b[1]) {
                    crossing++;
                }
                if (rnd.nextInt(10) == 0) {
                    lines.add("realloc(0x" + Long.toHexString(b[0]) + ", 8192) = 0x" + Long.toHexString(next) + " tid=" + by);
                    live.set(k, new long[] {next, by});
                    next += 0x10000;
                } else {
                    lines.add("free(0x" + Long.toHexString(b[0]) + ") tid=" + by);
                    live.set(k, live.getLast());
                    live.removeLast();
                }
            }
        }
        Path in = Files.write(dir.resolve("javac-like.trace"), lines);
        List<String> allocators = installedAllocators();
        Run[] run = new Run[1];
        String table = stdout(() -> Run.of("compare", "--threads", "--allocators", String.join(",", allocators),
                in.toString()), run);
        assertEquals(0, run[0].status(), run[0].err() + table);
        List<String> rows = table.lines().toList();
        for (int i = 0; i < allocators.size(); i++) {
            String[] cells = rows.get(2 + i).trim().split("\\s+");
            assertEquals(allocators.get(i), cells[0], table);
            assertEquals("60,000", cells[1], table);
            assertEquals("20", cells[2], table);
            assertEquals(String.format(java.util.Locale.ROOT, "%,d", crossing), cells[3], table);
        }
        String report = stdout(() -> Run.of("replay", "--threads", in.toString()), run);
        assertTrue(report.contains("threads  20 recorded, replayed on 20; " + String.format(java.util.Locale.ROOT, "%,d", crossing)
                + " frees and reallocs of a block from another thread"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("crossing free ")), "crossing latency by op: " + report);
    }

    /** --layout adds each replay's peak working set and page fragmentation, and the recording's row. */
    @Test
    void compareWithLayoutsPutsEachReplayBesideTheRecording() throws IOException {
        Path in = trace();
        Run[] run = new Run[1];
        String table = stdout(() -> Run.of("compare", "--layout", "--allocators", "glibc", in.toString()), run);
        assertEquals(0, run[0].status(), run[0].err() + table);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(1).endsWith("pages page frag"), table);
        tech.tablesaw.api.Table f = cmt.dsl.Trace.open(in).fragmentation();
        long pages = Math.round(f.doubleColumn("value").getDouble(f.stringColumn("measure").indexOf("peak working set")));
        String recorded = lines.getLast();
        assertTrue(recorded.startsWith("recorded ") && recorded.contains("(the trace's own addresses)"), table);
        assertEquals(pages, Long.parseLong(recorded.trim().split("\\s+")[5].replace(",", "")), table);
        assertTrue(lines.get(2).startsWith("glibc "), table);
    }

    /** glibc and those of jemalloc, mimalloc and tcmalloc that are installed. */
    private static List<String> installedAllocators() {
        List<String> allocators = new java.util.ArrayList<>(List.of("glibc"));
        for (String a : List.of("jemalloc", "mimalloc", "tcmalloc")) {
            if (installed(a)) {
                allocators.add(a);
            }
        }
        return allocators;
    }

    private static boolean installed(String allocator) {
        return java.nio.file.Files.exists(Path.of(switch (allocator) {
            case "jemalloc" -> "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
            case "mimalloc" -> "/usr/lib/x86_64-linux-gnu/libmimalloc.so.2";
            default -> "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
        }));
    }

    @Test
    void errorsAndUsage() throws IOException {
        Path in = trace();
        Run bad = Run.of("replay", "--allocator", "nosuch", in.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("cmt: nosuch: no such allocator"), bad.err());
        assertEquals(2, Run.of("replay", "--touch", "sometimes", in.toString()).status());
        Run sample = Run.of("replay", "--sample-every", "3", in.toString());
        assertEquals(2, sample.status());
        assertTrue(sample.err().contains("3 is not 0 or a power of two"), sample.err());
        Run missing = Run.of("replay", dir.resolve("absent.trace").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("cmt: " + dir.resolve("absent.trace")), missing.err());
    }
}
