package cmt.dsl;

import cmt.codec.WriteOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Every table's values on one small trace, each answer worked out by hand below. The trace, with tags,
 * block extents and what is live after each event (4096-byte pages: page = address >> 12):
 *
 * <pre>
 * e0 malloc(100) = 1000       t1 [0x1000, 0x1064)       live t1            1 block     100 bytes  pages {1}
 * e1 free(1000)               ends t1: lifetime 1       live -             0             0        {}
 * e2 malloc(200) = 1100       t2 [0x1100, 0x11c8)       live t2            1           200        {1}
 * e3 malloc(5000) = 3000      t3 [0x3000, 0x4388)       live t2 t3         2          5200        {1,3,4}
 * e4 malloc(16) = 1000        t4 [0x1000, 0x1010)       live t4 t2 t3      3          5216        {1,3,4}
 * e5 realloc(1100, 300) = 1100  ends t2 (lifetime 3); t5 [0x1100, 0x122c)
 *                                                       live t4 t5 t3      3          5316        {1,3,4}
 * e6 free(3000)               ends t3: lifetime 3       live t4 t5         2           316        {1}
 * e7 free(1000)               ends t4: lifetime 3       live t5            1           300        {1}
 * e8 malloc(4096) = 8000      t6 [0x8000, 0x9000)       live t5 t6         2          4396        {1,8}
 * </pre>
 */
class TablesTest {
    static final String TRACE = """
            malloc(100) = 1000
            free(1000)
            malloc(200) = 1100
            malloc(5000) = 3000
            malloc(16) = 1000
            realloc(1100, 300) = 1100
            free(3000)
            free(1000)
            malloc(4096) = 8000
            """;

    final Trace t = Trace.of(TRACE);

    static long value(Table measures, String measure) {
        return measures.longColumn("value").get(measures.stringColumn("measure").indexOf(measure));
    }

    static double real(Table measures, String measure) {
        return measures.doubleColumn("value").get(measures.stringColumn("measure").indexOf(measure));
    }

    static long[] longs(Table t, String column) {
        return t.longColumn(column).asLongArray();
    }

    @Test
    void stats() {
        Table s = t.stats();
        assertEquals(9, value(s, "events"));
        assertEquals(5, value(s, "malloc"));
        assertEquals(0, value(s, "calloc"));
        assertEquals(0, value(s, "aligned"));
        assertEquals(1, value(s, "realloc"));
        assertEquals(3, value(s, "free"));
        assertEquals(0, value(s, "threads"));
        // created: 100 + 200 + 5000 + 16 + 300 + 4096; ended: 100 + 200 + 5000 + 16
        assertEquals(9712, value(s, "allocated"));
        assertEquals(5316, value(s, "freed"));
        assertEquals(3, value(s, "peak live blocks"));
        assertEquals(4, value(s, "peak live blocks at"));
        assertEquals(5316, value(s, "peak live bytes"));
        assertEquals(5, value(s, "peak live bytes at"));
        assertEquals(2, value(s, "live blocks at end"));
        assertEquals(9712 - 5316, value(s, "live bytes at end"));
        // sizes sorted: 16 100 200 300 4096 5000; percentile p is the k-th smallest with
        // k = ceil(p / 100 * 6) (nearest rank): p50 -> 3rd, p90 -> 6th (5.4), p99 -> 6th (5.94)
        assertEquals(200, value(s, "size p50"));
        assertEquals(5000, value(s, "size p90"));
        assertEquals(5000, value(s, "size p99"));
        assertEquals(5000, value(s, "size max"));
        // lifetimes sorted: 1 3 3 3
        assertEquals(3, value(s, "lifetime p50"));
        assertEquals(3, value(s, "lifetime p90"));
        assertEquals(3, value(s, "lifetime max"));
        assertEquals(9, t.count());
    }

    @Test
    void theTypedSummaryIsTheStatsTable() {
        Stats s = t.summary();
        assertEquals(9, s.events());
        assertEquals(5, s.count(cmt.codec.Op.MALLOC));
        assertEquals(1, s.count(cmt.codec.Op.REALLOC));
        assertEquals(9712, s.allocatedBytes());
        assertEquals(5316, s.freedBytes());
        assertEquals(3, s.peakLiveBlocks());
        assertEquals(4, s.peakLiveBlocksAt());
        assertEquals(5316, s.peakLiveBytes());
        assertEquals(5, s.peakLiveBytesAt());
        assertEquals(2, s.liveBlocksAtEnd());
        assertEquals(9712 - 5316, s.liveBytesAtEnd());
        assertEquals(200, s.sizePercentile(50));
        assertEquals(3, s.lifetimePercentile(90));
        StatsTable table = t.stats();
        assertEquals(table.rowCount(), s.measures().size());
        // The table answers by name as the summary does.
        assertEquals(5316, table.peakLiveBytes());
        assertEquals(5, table.peakLiveBytesAt());
        assertEquals(List.of(9L, 5L, 1L, 9712L, 5316L, 3L, 4L, 2L, 9712L - 5316, 200L, 3L, 0L),
                List.of(table.events(), table.count(cmt.codec.Op.MALLOC), table.count(cmt.codec.Op.REALLOC),
                        table.allocatedBytes(), table.freedBytes(), table.peakLiveBlocks(), table.peakLiveBlocksAt(),
                        table.liveBlocksAtEnd(), table.liveBytesAtEnd(), table.sizePercentile(50),
                        table.lifetimePercentile(90), (long) table.threads()));
        assertEquals(s.toString(), table.asStats().toString());
        for (int r = 0; r < table.rowCount(); r++) {
            Stats.Measure m = s.measures().get(r);
            assertEquals(table.stringColumn("measure").get(r), m.name());
            assertEquals(table.longColumn("value").get(r), m.value());
            assertEquals(table.stringColumn("unit").get(r), m.unit());
        }
    }

    @Test
    void sizes() {
        Table s = t.sizes();
        // buckets from [16, 31] (16) to [4096, 8191] (4096 and 5000), empty ones between kept
        assertArrayEquals(new long[] {16, 32, 64, 128, 256, 512, 1024, 2048, 4096}, longs(s, "from (bytes)"));
        assertArrayEquals(new long[] {31, 63, 127, 255, 511, 1023, 2047, 4095, 8191}, longs(s, "to (bytes)"));
        assertArrayEquals(new long[] {1, 0, 1, 1, 1, 0, 0, 0, 2}, longs(s, "blocks"));
        assertArrayEquals(new long[] {16, 0, 100, 200, 300, 0, 0, 0, 9096}, longs(s, "bytes"));
        assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 2 / 6.0, 3 / 6.0, 4 / 6.0, 4 / 6.0, 4 / 6.0, 4 / 6.0, 1},
                s.doubleColumn("cumulative fraction").asDoubleArray(), 1e-12);
    }

    @Test
    void lifetimes() {
        Table l = t.lifetimes();
        assertArrayEquals(new long[] {1, 2}, longs(l, "from (events)"));
        assertArrayEquals(new long[] {1, 3}, longs(l, "to (events)"));
        assertArrayEquals(new long[] {1, 3}, longs(l, "blocks"));
        assertArrayEquals(new double[] {0.25, 1}, l.doubleColumn("cumulative fraction").asDoubleArray(), 1e-12);
    }

    @Test
    void liveAtEveryEvent() {
        Table live = t.points(100).live();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, longs(live, "first event"));
        assertArrayEquals(longs(live, "first event"), longs(live, "last event"));
        long[] blocks = {1, 0, 1, 2, 3, 3, 2, 1, 2};
        long[] bytes = {100, 0, 200, 5200, 5216, 5316, 316, 300, 4396};
        for (String q : new String[] {" min", " max", " last"}) {
            assertArrayEquals(blocks, longs(live, "live blocks" + q));
            assertArrayEquals(bytes, longs(live, "live bytes" + q));
        }
    }

    @Test
    void liveDownsampled() {
        // 4 points: 4 one-event buckets fill and merge into 2 of width 2 ([0, 1] [2, 3]); two more fill
        // ([4, 5] [6, 7]) and all merge into 2 of width 4; the 9th event is left in a partial bucket
        Table live = t.points(4).live();
        assertArrayEquals(new long[] {0, 4, 8}, longs(live, "first event"));
        assertArrayEquals(new long[] {3, 7, 8}, longs(live, "last event"));
        assertArrayEquals(new long[] {0, 300, 4396}, longs(live, "live bytes min"));
        assertArrayEquals(new long[] {5200, 5316, 4396}, longs(live, "live bytes max"));
        assertArrayEquals(new long[] {5200, 300, 4396}, longs(live, "live bytes last"));
        assertArrayEquals(new long[] {0, 1, 2}, longs(live, "live blocks min"));
        assertArrayEquals(new long[] {2, 3, 2}, longs(live, "live blocks max"));
    }

    @Test
    void workingSet() {
        Table p = t.points(100).pages();
        assertEquals("working set (4096-byte pages)", p.name());
        // a realloc counts its new block: at e5 page 1 stays covered by t4 and t5
        assertArrayEquals(new long[] {1, 0, 1, 3, 3, 3, 1, 1, 2}, longs(p, "pages last"));
        // 8192-byte pages (page = address >> 13): t1, t2, t4, t5 on page 0; t3 on 1 and 2; t6 on 4
        assertArrayEquals(new long[] {1, 0, 1, 3, 3, 3, 1, 1, 2}, longs(t.points(100).pages(8192), "pages last"));
        // 64 KiB pages: everything but t6 on page 0, t6 on page 0 too
        assertArrayEquals(new long[] {1, 0, 1, 1, 1, 1, 1, 1, 1}, longs(t.points(100).pages(65536), "pages last"));
    }

    @Test
    void layout() {
        Table g = t.layout();
        // e3: t3 at 0x3000 above t2's end 0x11c8: below 0x1e38 = 7736
        // e4: t4 ends 0x1010 under t2 at 0x1100: above 0xf0 = 240
        // e5: t5 (after t2 left) above t4's end 0x1010: below 240; under t3 at 0x3000: above 0x3000 - 0x122c = 7636
        // e8: t6 at 0x8000 above t5's end 0x122c: below 0x6dd4 = 28116
        // at end: t5 and t6, one gap of 28116
        assertArrayEquals(new long[] {128, 256, 512, 1024, 2048, 4096, 8192, 16384}, longs(g, "from (bytes)"));
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 1}, longs(g, "below"));
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 0}, longs(g, "above"));
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 1}, longs(g, "at end"));
    }

    @Test
    void fragmentation() {
        Table f = t.fragmentation();
        assertEquals(4096, real(f, "page size"));
        assertEquals(5316, real(f, "peak live bytes"));
        assertEquals(2, real(f, "pages needed"));
        assertEquals(3, real(f, "peak working set"));
        assertEquals(1.5, real(f, "page fragmentation"));
        // pages 1, 3, 4 and 8 were covered at some moment
        assertEquals(4, real(f, "pages touched"));
        assertEquals(2, real(f, "touched fragmentation"));
        // largest extent after e8: from t5's 0x1100 to t6's end 0x9000
        assertEquals(0x9000 - 0x1100, real(f, "peak extent"));
        assertEquals((0x9000 - 0x1100) / 5316.0, real(f, "extent fragmentation"), 1e-12);
        // when live bytes peak (e5): gaps t4-t5 240 and t5-t3 7636
        assertEquals(240 + 7636, real(f, "holes at peak"));
        assertEquals(7876 / (7876 + 5316.0), real(f, "hole fragmentation"), 1e-12);
        assertEquals(0, real(f, "overlapping blocks"));
    }

    @Test
    void heapMap() {
        Table h = t.heapMap();
        assertArrayEquals(new long[] {0, 2, 3, 4, 5, 8}, longs(h, "first event"));
        assertArrayEquals(new long[] {1, 5, 6, 7, -1, -1}, longs(h, "last event"));
        assertArrayEquals(new long[] {0x1000, 0x1100, 0x3000, 0x1000, 0x1100, 0x8000}, longs(h, "address"));
        assertArrayEquals(new long[] {100, 200, 5000, 16, 300, 4096}, longs(h, "size (bytes)"));
    }

    @Test
    void encoding() {
        Table e = t.encoding(Compression.NONE);
        assertEquals(java.util.List.of("text", "tagged text", "legacy CMT", "compact", "compact + addresses",
                "compact modelled", "compact modelled + addresses", "compact packed", "compact packed + addresses"),
                e.stringColumn("format").asList());
        String plain = """
                malloc(100) = 0x1000
                free(0x1000)
                malloc(200) = 0x1100
                malloc(5000) = 0x3000
                malloc(16) = 0x1000
                realloc(0x1100, 300) = 0x1100
                free(0x3000)
                free(0x1000)
                malloc(4096) = 0x8000
                """;
        String tagged = """
                malloc(100) = 1000<1>
                free(1000<1>)
                malloc(200) = 1100<2>
                malloc(5000) = 3000<3>
                malloc(16) = 1000<4>
                realloc(1100<2>, 300) = 1100<5>
                free(3000<3>)
                free(1000<4>)
                malloc(4096) = 8000<6>
                """;
        // legacy CMT records: malloc 3 bytes below size 128 and 4 bytes below 16384, free 2, realloc(300) 4
        long legacy = 3 + 2 + 4 + 4 + 3 + 4 + 2 + 2 + 4;
        // Nine events are too few for the model to copy: the default coding packs them.
        assertArrayEquals(new long[] {plain.length(), tagged.length(), legacy, compact(false, true), compact(true, true),
            compact(false, false), compact(true, false), compact(false, true), compact(true, true)},
                longs(e, "bytes"));
        assertEquals(legacy / 9.0, e.doubleColumn("bytes per event").get(2), 1e-12);
        Table cheap = t.encoding();
        assertEquals(18, cheap.rowCount());
        assertEquals(java.util.List.of("none", "zstd"), cheap.stringColumn("compression").asList().subList(0, 2));
        assertEquals(legacy, cheap.longColumn("bytes").get(4));
        Table all = t.encoding(Compression.values());
        assertEquals(45, all.rowCount());
        assertEquals(java.util.List.of("none", "gzip", "xz", "bzip2", "zstd"), all.stringColumn("compression").asList().subList(0, 5));
    }

    /** Bytes of TRACE in the compact format, modelled or packed, written directly. */
    private static long compact(boolean addresses, boolean packed) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (cmt.codec.TraceReader r = cmt.codec.TraceReader.open(
                new java.io.ByteArrayInputStream(TRACE.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "t",
                cmt.codec.Leniency.STRICT);
                cmt.codec.TraceWriter w = cmt.codec.TraceWriter.open(b, "t", cmt.codec.Format.COMPACT,
                        cmt.codec.WriteOptions.DEFAULT.withAddresses(addresses).withCoding(packed ? cmt.codec.WriteOptions.Coding.PACKED : cmt.codec.WriteOptions.Coding.MODELLED))) {
            r.forEach(w::write);
        }
        return b.size();
    }

    @Test
    void events() {
        Table e = t.events();
        assertEquals(9, e.rowCount());
        assertEquals("realloc", e.stringColumn("op").get(5));
        assertEquals("1100", e.stringColumn("address").get(5));
        assertEquals("1100", e.stringColumn("old address").get(5));
        assertEquals(5, e.longColumn("tag").get(5));
        assertEquals(2, e.longColumn("old tag").get(5));
        assertEquals(3, e.longColumn("lifetime (events)").get(5));
        assertEquals("", e.stringColumn("address").get(1));
        assertEquals(true, e.longColumn("lifetime (events)").isMissing(0));
        assertEquals(true, e.longColumn("thread").isMissing(0));
    }
}
