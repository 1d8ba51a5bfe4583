package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

/**
 * The working set and the layout measures against a brute-force recomputation at every event: the set of
 * pages covered by the live blocks rebuilt from scratch (every live block's page range, sorted and merged),
 * on the hmmer trace of the original project and on random heaps.
 */
class WorkingSetTest {
    /**
     * What a brute force finds at every event of a trace; the extent and holes (-1 when not computed) need
     * the whole live set sorted at every event.
     */
    record Truth(long[] pages, long peakPages, long touched, long peakExtent, long holesAtPeak, long peakLive) {
    }

    /**
     * Rebuilds the page set from scratch: at every event a count for every page of every live block (no
     * assumption about overlaps), and every {@code stride} events (every event when 1) the union of the
     * live blocks' page ranges, sorted and merged, which must agree; with stride 1 also the extent and the
     * holes.
     */
    static Truth bruteForce(TraceReader reader, long pageSize, int stride) {
        int shift = Long.numberOfTrailingZeros(pageSize);
        Map<Long, Long> live = new HashMap<>();
        Map<Long, Integer> blocksOnPage = new HashMap<>();
        List<Long> pages = new ArrayList<>();
        Set<Long> touched = new HashSet<>();
        long peakPages = 0;
        long peakExtent = stride == 1 ? 0 : -1;
        long liveBytes = 0;
        long peakLive = 0;
        long holesAtPeak = stride == 1 ? 0 : -1;
        try (reader) {
            Event e = new Event();
            while (reader.next(e)) {
                if (e.op.releases()) {
                    live.remove(e.oldAddress);
                    liveBytes -= e.oldSize;
                    for (long p = e.oldAddress >>> shift; p <= (e.oldAddress + e.oldSize - 1) >>> shift; p++) {
                        blocksOnPage.merge(p, -1, (a, b) -> a + b == 0 ? null : a + b);
                    }
                }
                if (e.op.creates()) {
                    live.put(e.address, e.size);
                    liveBytes += e.size;
                    for (long p = e.address >>> shift; p <= (e.address + e.size - 1) >>> shift; p++) {
                        touched.add(p);
                        blocksOnPage.merge(p, 1, Integer::sum);
                    }
                }
                long count = blocksOnPage.size();
                pages.add(count);
                peakPages = Math.max(peakPages, count);
                boolean peak = liveBytes > peakLive;
                peakLive = Math.max(peakLive, liveBytes);
                if (e.index % stride != 0) {
                    continue;
                }
                long[][] ranges = live.entrySet().stream()
                        .map(b -> new long[] {b.getKey(), b.getKey() + b.getValue()})
                        .sorted((x, y) -> Long.compareUnsigned(x[0], y[0])).toArray(long[][]::new);
                long union = 0;
                long runStart = -1;
                long runEnd = -2;
                long holes = 0;
                for (int i = 0; i < ranges.length; i++) {
                    long first = ranges[i][0] >>> shift;
                    long last = (ranges[i][1] - 1) >>> shift;
                    if (first > runEnd) {
                        union += runEnd - runStart + 1;
                        runStart = first;
                    }
                    runEnd = Math.max(runEnd, last);
                    if (i > 0) {
                        long gap = ranges[i][0] - ranges[i - 1][1];
                        holes += gap > 0 && gap < Layout.HOLE_LIMIT ? gap : 0;
                    }
                }
                union += runEnd - runStart + 1;
                assertEquals(count, union, "page set at event " + e.index);
                if (stride == 1) {
                    if (ranges.length > 0) {
                        peakExtent = Math.max(peakExtent, ranges[ranges.length - 1][1] - ranges[0][0]);
                    }
                    if (peak) {
                        holesAtPeak = holes;
                    }
                }
            }
        }
        return new Truth(pages.stream().mapToLong(Long::longValue).toArray(), peakPages, touched.size(), peakExtent,
                holesAtPeak, peakLive);
    }

    static void check(Trace trace, Truth truth, long pageSize) {
        int n = truth.pages().length;
        Trace exact = trace.pageSize(pageSize).points(Math.max(2, n + 2));
        assertArrayEquals(truth.pages(), exact.pages().longColumn("pages last").asLongArray(), "per event");
        // downsampled: every bucket's min, max and last are those of its events
        Table buckets = trace.pageSize(pageSize).pages();
        for (int r = 0; r < buckets.rowCount(); r++) {
            int from = (int) buckets.longColumn("first event").getLong(r);
            int to = (int) buckets.longColumn("last event").getLong(r);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = from; i <= to; i++) {
                min = Math.min(min, truth.pages()[i]);
                max = Math.max(max, truth.pages()[i]);
            }
            assertEquals(min, buckets.longColumn("pages min").getLong(r), "bucket " + r);
            assertEquals(max, buckets.longColumn("pages max").getLong(r), "bucket " + r);
            assertEquals(truth.pages()[to], buckets.longColumn("pages last").getLong(r), "bucket " + r);
        }
        Table f = exact.fragmentation();
        assertEquals(truth.peakPages(), TablesTest.real(f, "peak working set"));
        assertEquals(truth.touched(), TablesTest.real(f, "pages touched"));
        assertEquals(truth.peakLive(), TablesTest.real(f, "peak live bytes"));
        if (truth.peakExtent() >= 0) {
            assertEquals(truth.peakExtent(), TablesTest.real(f, "peak extent"));
            assertEquals(truth.holesAtPeak(), TablesTest.real(f, "holes at peak"));
        }
        assertEquals(0, TablesTest.real(f, "overlapping blocks"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomHeaps(long seed) {
        String text = RandomHeap.trace(seed, 6000);
        for (long pageSize : new long[] {4096, 256, 65536}) {
            TraceReader reader = TraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                    "random", Leniency.STRICT);
            check(Trace.of(text), bruteForce(reader, pageSize, 1), pageSize);
        }
    }

    @Test
    void hmmer() throws Exception {
        Path bz = Path.of(System.getProperty("cmt.shared", "../shared"), "data", "456.hmmer.test.txt.bz2");
        Assumptions.assumeTrue(Files.exists(bz), bz + " is absent");
        Truth truth = bruteForce(TraceReader.open(bz), 4096, 1);
        assertEquals(180_216, truth.pages().length);
        check(Trace.open(bz), truth, 4096);
    }

    /** The project's recorded samples (up to 1.3 million events): the union rebuilt every 1000 events. */
    @ParameterizedTest
    @ValueSource(strings = {"python-heaptrack.trace.xz", "cc1plus-heaptrack.trace.xz", "java-valgrind.trace.xz"})
    void projectSamples(String name) {
        Path sample = Path.of(System.getProperty("cmt.root", ".."), "samples", name);
        Assumptions.assumeTrue(Files.exists(sample), sample + " is absent");
        check(Trace.open(sample), bruteForce(TraceReader.open(sample), 4096, 1000), 4096);
    }
}
