package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ReplayTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path small() throws IOException {
        return Traces.write(dir, "small.trace",
                "malloc(100) = 0x1000",
                "malloc(200) = 0x2000",
                "calloc(4, 8) = 0x3000",
                "memalign(64, 100) = 0x4000",
                "realloc(0x1000, 1000) = 0x5000",
                "free(0x2000)",
                "free(0x3000)",
                "free(0x4000)");
    }

    @Test
    void countsSizesAndPeaksOfASmallTrace() throws IOException {
        ReplayResult r = Replay.of("glibc").inProcess(true).sampleEvery(1).run(small());
        assertEquals(8, r.events());
        assertEquals(1, r.calls().of(Op.MALLOC) - 1);
        assertEquals(1, r.calls().of(Op.CALLOC));
        assertEquals(1, r.calls().of(Op.ALIGNED));
        assertEquals(1, r.calls().of(Op.REALLOC));
        assertEquals(3, r.calls().of(Op.FREE));
        assertEquals(100 + 200 + 32 + 100 + 1000, r.memory().requestedBytes());
        // live after event 5: 200 + 32 + 100 + 1000
        assertEquals(1332, r.memory().peakLiveRequested());
        assertEquals(4, r.memory().peakLiveBlocks());
        assertEquals(1, r.memory().liveBlocksAtEnd());
        assertTrue(r.memory().usableBytes() >= r.memory().requestedBytes(), "usable " + r.memory().usableBytes());
        assertTrue(r.memory().peakLiveUsable() >= r.memory().peakLiveRequested());
        for (Op op : Op.values()) {
            assertEquals(r.calls().of(op), r.latency().of(op).getTotalCount(), "every call timed: " + op);
        }
        assertTrue(r.latency().timerNanos() > 0 && r.latency().downcallNanos() > 0);
        assertTrue(r.notes().isEmpty(), r.notes().toString());
        assertTrue(r.library().contains("libc"), r.library());
    }

    @Test
    void reEmittedTraceHasTheAllocatorsPointersAndTheInputsLifetimes() throws IOException {
        Path out = dir.resolve("small.glibc.trace");
        Path in = small();
        ReplayResult r = Replay.of("glibc").inProcess(true).output(out).run(in);
        assertEquals(out, r.emitted());
        assertEquals(8, Traces.assertSameLifetimes(in, out));
        List<Event> events = new ArrayList<>();
        try (TraceReader t = TraceReader.open(out)) {
            t.forEach(e -> events.add(e.copy()));
        }
        Event aligned = events.get(3);
        assertEquals(Op.ALIGNED, aligned.op);
        assertEquals(0, aligned.address % 64, "memalign(64) honoured: " + aligned);
        assertTrue(events.stream().allMatch(e -> e.op == Op.FREE || e.address != 0x1000 && e.address != 0x5000),
                "pointers are the allocator's, not the input's");
        assertTrue(Files.readString(out).startsWith("malloc(100) = "), "tagged text form");
    }

    @Test
    void isolatedAndInProcessReplaysAgree() throws IOException {
        Path in = small();
        ReplayResult child = Replay.of("glibc").sampleEvery(1).run(in);
        ReplayResult here = Replay.of("glibc").inProcess(true).sampleEvery(1).run(in);
        assertTrue(child.isolated());
        assertEquals(here.events(), child.events());
        assertEquals(here.memory().requestedBytes(), child.memory().requestedBytes());
        assertTrue(child.memory().usableBytes() >= child.memory().requestedBytes());
        assertEquals(here.memory().peakLiveRequested(), child.memory().peakLiveRequested());
        assertEquals(here.latency().of(Op.FREE).getTotalCount(), child.latency().of(Op.FREE).getTotalCount());
        assertTrue(child.residentSet().before() > 0 && child.residentSet().peak() >= child.residentSet().before());
        assertTrue(child.statisticsAfter().containsKey("mallinfo2.uordblks"), child.statisticsAfter().toString());
    }

    @Test
    void touchModesDecideWhatBecomesResident() throws IOException {
        Path in = Traces.write(dir, "big.trace", "malloc(268435456) = 0x10000000", "free(0x10000000)");
        long none = growth(Replay.of("glibc").touch(Touch.NONE).run(in));
        long page = growth(Replay.of("glibc").touch(Touch.PAGE).run(in));
        long full = growth(Replay.of("glibc").touch(Touch.FULL).run(in));
        assertTrue(none < 32 * MIB, "untouched 256 MiB block stays virtual: " + none);
        assertTrue(page > 200 * MIB, "one write per page makes it resident: " + page);
        assertTrue(full > 200 * MIB, "a full fill makes it resident: " + full);
    }

    private static long growth(ReplayResult r) {
        return r.residentSet().peak() - r.residentSet().before();
    }

    @Test
    void tablesHoldTheMeasurements() throws IOException {
        ReplayResult r = Replay.of("glibc").inProcess(true).sampleEvery(1).run(small());
        List<Table> tables = r.tables();
        assertEquals(4, tables.size());
        Table summary = r.summary();
        assertEquals(1, summary.rowCount());
        assertEquals("glibc", summary.stringColumn("allocator").get(0));
        assertEquals(8L, summary.longColumn("events").get(0));
        Table lat = r.latencies();
        assertEquals(List.of("malloc", "calloc", "aligned", "realloc", "free"), lat.stringColumn("op").asList());
        assertEquals(3L, lat.longColumn("calls").get(4));
        assertTrue(r.rss().rowCount() >= 1);
        assertTrue(r.statistics().stringColumn("statistic").asList().contains("mallinfo2.arena"));
        assertTrue(r.toString().contains("8 (2 malloc, 1 calloc, 1 aligned, 1 realloc, 3 free)"), r.toString());
    }

    @Test
    void anAllocationThatReturnsNullStopsTheReplayAtItsEvent() throws IOException {
        Path in = Traces.write(dir, "huge.trace", "malloc(16) = 0x10", "malloc(1152921504606846976) = 0x20");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of("glibc").inProcess(true).run(in));
        assertEquals("glibc: malloc of 1,152,921,504,606,846,976 bytes returned NULL at event 1", e.getMessage());
        assertEquals(1, e.event());
        assertTrue(!e.crashed());
        ReplayException child = assertThrows(ReplayException.class, () -> Replay.of("glibc").run(in));
        assertEquals(e.getMessage(), child.getMessage());
    }

    @Test
    void badInputIsReportedWithFileAndLineFromTheChildToo() throws IOException {
        Path in = Traces.write(dir, "bad.trace", "malloc(16) = 0x10", "free(0x99)");
        TraceException e = assertThrows(TraceException.class, () -> Replay.of("glibc").run(in));
        assertTrue(e.getMessage().startsWith(in + ":2: "), e.getMessage());
        ReplayResult lenient = Replay.of("glibc").leniency(cmt.codec.Leniency.LENIENT).run(in);
        assertEquals(1, lenient.events());
        assertTrue(lenient.notes().get(0).startsWith("lenient: 1 free"), lenient.notes().toString());
    }

    @Test
    void anExistingOutputIsNotReplacedUnlessAsked() throws IOException {
        Path in = small();
        Path out = Files.writeString(dir.resolve("taken.trace"), "keep me\n");
        TraceException e = assertThrows(TraceException.class, () -> Replay.of("glibc").output(out).run(in));
        assertEquals(out + ": already exists (use --force to replace it)", e.getMessage());
        assertEquals("keep me\n", Files.readString(out));
        Replay.of("glibc").output(out).overwrite(true).run(in);
        Traces.assertSameLifetimes(in, out);
    }

    @Test
    void unknownAllocatorsAreNamedInTheError() {
        ReplayException e = assertThrows(ReplayException.class, () -> Allocator.load("nosuch"));
        assertEquals("nosuch: no such allocator (known: glibc, jemalloc, mimalloc, tcmalloc; "
                + "or give the path of a shared library)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Replay.of("glibc").sampleEvery(3));
    }

    @Test
    void samplingTimesOneEventInNWhateverThePattern() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add("malloc(16) = 0x" + Integer.toHexString(0x1000 + 16 * i));
            lines.add("free(0x" + Integer.toHexString(0x1000 + 16 * i) + ")");
        }
        Path in = Files.write(dir.resolve("pairs.trace"), lines);
        ReplayResult r = Replay.of("glibc").inProcess(true).sampleEvery(64).run(in);
        long mallocs = r.latency().of(Op.MALLOC).getTotalCount();
        long frees = r.latency().of(Op.FREE).getTotalCount();
        assertTrue(Math.abs(mallocs + frees - 40_000 / 64) < 40, mallocs + " + " + frees);
        assertTrue(mallocs > 200 && frees > 200, "both kinds timed, not only every other one: " + mallocs + ", " + frees);
        assertEquals(0, Replay.of("glibc").inProcess(true).sampleEvery(0).run(in).latency().of(Op.MALLOC).getTotalCount());
    }
}
