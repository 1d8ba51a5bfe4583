package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocators built with gcc that do what no allocator may: never return, take longer than the replay's
 * time limit, hand out a live block again or one overlapping it. Each replay stops with a message naming
 * the event, and its output is not left behind, in part or whole.
 */
class FaultyAllocatorTest {
    @TempDir
    static Path dir;
    static Path trace;
    /** Trace index of each malloc, in order (the test allocators count their calls from 1). */
    static final List<Long> MALLOCS = new ArrayList<>();

    @BeforeAll
    static void trace() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            MALLOCS.add((long) lines.size());
            lines.add("malloc(" + (16 + i) + ") = 0x" + Long.toHexString(0x10000 + 0x100L * i));
            if (i % 3 == 2) {
                lines.add("free(0x" + Long.toHexString(0x10000 + 0x100L * (i - 1)) + ")");
            }
        }
        trace = Files.write(dir.resolve("150.trace"), lines);
    }

    /** The trace index of the {@code n}th malloc (from 1); its size is 15 + n. */
    private static long malloc(int n) {
        return MALLOCS.get(n - 1);
    }

    private static Path out(String name) {
        return dir.resolve(name);
    }

    /** Neither the output nor a temporary file of it is there. */
    private static void nothingLeft(Path out) throws IOException {
        assertFalse(Files.exists(out), out + " exists");
        try (Stream<Path> s = Files.list(out.getParent())) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().startsWith("." + out.getFileName())).toList();
            assertEquals(List.of(), temps, "temporary files left");
        }
    }

    @Test
    void anAllocatorThatNeverReturnsIsStoppedNamingTheEvent() throws Exception {
        Path so = Traces.buildAllocator(dir, "libspin.so", "-DSPIN_AT=10");
        Path out = out("spin.trace");
        long t0 = System.nanoTime();
        ReplayException e = assertThrows(ReplayException.class,
                () -> Replay.of(so.toString()).stallTimeout(Duration.ofSeconds(1)).output(out).run(trace));
        assertEquals(so + ": no progress for 1 s: the allocator has not returned, at event " + malloc(10)
                + " (malloc of 25 bytes); replay stopped", e.getMessage());
        assertEquals(malloc(10), e.event());
        assertFalse(e.crashed());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "stopped in time");
        nothingLeft(out);
        // the child is gone, and replaying still works
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        assertEquals(200, Replay.of("glibc").run(trace).events());
    }

    @Test
    void aStallInAThreadedReplayNamesItsThread() throws Exception {
        // Thread 8 is between calls when thread 7's 100th malloc never returns: only thread 7 is in one.
        Path threaded = Traces.twoThreads150(dir, "threaded-spin.trace");
        Path so = Traces.buildAllocator(dir, "libspin100.so", "-DSPIN_AT=100");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(so.toString()).threads(true)
                .stallTimeout(Duration.ofSeconds(1)).run(threaded));
        assertTrue(e.getMessage().matches(Pattern.quote(so + ": no progress for 1 s: the allocator has not returned, at event ")
                + "\\d+ \\(malloc of \\d+ bytes\\) on thread 7; replay stopped"), e.getMessage());
        assertFalse(e.crashed());
    }

    @Test
    void aReplayLongerThanItsTimeLimitIsStoppedWhereItWas() throws Exception {
        Path so = Traces.buildAllocator(dir, "libsleep.so", "-DSLEEP_AT=10");
        Path out = out("sleep.trace");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(so.toString())
                .timeout(Duration.ofSeconds(2)).stallTimeout(Duration.ZERO).output(out).run(trace));
        assertEquals(so + ": replay stopped at its time limit of 2 s, at event " + malloc(10) + " (malloc of 25 bytes)",
                e.getMessage());
        nothingLeft(out);
    }

    @Test
    void inThisProcessATimeLimitStopsTheReplayCleanlyBetweenBatches() throws Exception {
        // 150 mallocs of 20 ms each: the limit passes inside the only batch, which ends, and then the replay stops.
        Path so = Traces.buildAllocator(dir, "libslow.so", "-DSLOW_US=20000");
        Path out = out("slow.trace");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(so.toString()).inProcess(true)
                .timeout(Duration.ofMillis(500)).output(out).run(trace));
        assertTrue(e.getMessage().startsWith(so + ": replay stopped at its time limit of 500 ms, at event "),
                e.getMessage());
        nothingLeft(out);
    }

    private static final Pattern FAULT = Pattern.compile("(.*): allocator fault at event (\\d+): "
            + "malloc of (\\d+) bytes returned 0x([0-9a-f]+), which (is|overlaps) the live block 0x([0-9a-f]+) \\((\\d+) bytes\\)");

    @Test
    void aLivePointerHandedOutAgainIsTheAllocatorsFault() throws Exception {
        Path so = Traces.buildAllocator(dir, "libsame.so", "-DSAME_AT=5");
        for (boolean inProcess : new boolean[] {false, true}) {
            Path out = out("same-" + inProcess + ".trace");
            ReplayException e = assertThrows(ReplayException.class,
                    () -> Replay.of(so.toString()).inProcess(inProcess).output(out).run(trace));
            Matcher m = FAULT.matcher(e.getMessage());
            assertTrue(m.matches(), e.getMessage());
            assertEquals(so.toString(), m.group(1));
            assertEquals(malloc(5), Long.parseLong(m.group(2)));
            assertEquals(malloc(5), e.event());
            assertEquals("20", m.group(3));
            assertEquals("is", m.group(5));
            assertEquals(m.group(4), m.group(6), "the same pointer");
            assertEquals("19", m.group(7), "the 4th block, still live");
            nothingLeft(out);
        }
    }

    @Test
    void aBlockOverlappingALiveOneIsTheAllocatorsFault() throws Exception {
        Path so = Traces.buildAllocator(dir, "liboverlap.so", "-DOVERLAP_AT=5");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(so.toString()).run(trace));
        Matcher m = FAULT.matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertEquals("overlaps", m.group(5));
        assertEquals(Long.parseLong(m.group(6), 16) + 8, Long.parseLong(m.group(4), 16));
    }

    @Test
    void withoutTheCheckSuchAnAllocatorPassesAndItsTraceIsOneCmtRejects() throws Exception {
        // What the check is for: the replay "succeeds", and the trace it re-emits is not a trace.
        Path so = Traces.buildAllocator(dir, "libsame.so", "-DSAME_AT=5");
        Path out = out("unchecked.trace");
        ReplayResult r = Replay.of(so.toString()).check(false).output(out).run(trace);
        assertEquals(200, r.events());
        TraceException bad = assertThrows(TraceException.class, () -> {
            try (TraceReader reader = TraceReader.open(out)) {
                reader.forEach(ev -> { });
            }
        });
        assertTrue(bad.getMessage().contains("which is still live"), bad.getMessage());
    }
}
