package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The call-site analyses: exact values on a trace worked by hand, and invariants on real recordings. */
class SitesTest {
    /** Three sites; the peak of 360 live bytes is reached at event 6 (see the comments). */
    static final String TRACE = """
            malloc(100) = 1000 site=0
            malloc(200) = 2000 site=1
            malloc(50) = 3000 site=0
            free(1000)
            malloc(10) = 4000 site=2
            free(2000)
            malloc(300) = 5000 site=1
            free(4000)
            #site\t0\talloc_a\tt.c:12\t/usr/bin/t\t0x1189\tmain\tt.c:40\t/usr/bin/t\t0x11c4
            #site\t1\talloc_b\tt.c:20\t/usr/bin/t\t0x1200\tmain\tt.c:41\t/usr/bin/t\t0x11d0
            #site\t2\talloc_a\tt.c:12\t/usr/bin/t\t0x1189\thelper\tt.c:50\t/usr/bin/t\t0x1300
            """;

    @Test
    void perSiteByHand() {
        Table s = Trace.of(TRACE).sites();
        // Sorted by live bytes at the peak (event 6: site 0 holds 50, site 1 300, site 2 10).
        assertEquals(java.util.List.of(1L, 0L, 2L), s.longColumn("site").asList());
        assertEquals("alloc_b (t.c:20) \u2190 main (t.c:41)", s.stringColumn("stack").get(0));
        assertRow(s, 0, "blocks", 2, "allocated (bytes)", 500, "live at peak (bytes)", 300, "live at peak (blocks)", 1,
                "live at end (bytes)", 300, "own peak (bytes)", 300, "lifetime p50 (events)", 4, "min size (bytes)", 200,
                "max size (bytes)", 300);
        assertRow(s, 1, "blocks", 2, "allocated (bytes)", 150, "live at peak (bytes)", 50, "live at end (bytes)", 50,
                "own peak (bytes)", 150, "lifetime p50 (events)", 3, "lifetime p90 (events)", 3, "min size (bytes)", 50);
        assertRow(s, 2, "blocks", 1, "allocated (bytes)", 10, "live at peak (bytes)", 10, "live at end (bytes)", 0,
                "own peak (bytes)", 10);
        assertEquals(0.5, s.doubleColumn("dies within 1000 events (fraction)").get(1));
        assertEquals(1.0, s.doubleColumn("dies within 1000 events (fraction)").get(2));
        assertTrue(!s.columnNames().contains("lifetime p50 (ns)"), "no timestamps, no ns columns");
    }

    @Test
    void byFunctionHasItsOwnPeak() {
        Table f = Trace.of(TRACE).sites(By.FUNCTION);
        assertEquals(java.util.List.of("alloc_b", "alloc_a"), f.stringColumn("function").asList());
        // alloc_a is sites 0 and 2: live 100, 150, 50, 60, 50 over time, so its own peak is 150, not 150 + 10.
        assertRow(f, 1, "blocks", 3, "allocated (bytes)", 160, "live at peak (bytes)", 60, "live at end (bytes)", 50,
                "own peak (bytes)", 150);
        assertEquals(2, Trace.of(TRACE).sites(By.stack(2)).rowCount() - 1, "stack 2 tells site 2 from site 0");
        assertEquals(1, Trace.of(TRACE).sites(By.MODULE).rowCount());
        assertEquals(java.util.List.of("t.c:20", "t.c:12"), Trace.of(TRACE).sites(By.FILE_LINE).stringColumn("line").asList());
    }

    @Test
    void innermostFramesForReading() {
        Table s = By.innermost(Trace.of(TRACE).sites(), 1);
        assertEquals("alloc_b (t.c:20) \u2190 (1 more)", s.stringColumn("stack").get(0));
        assertEquals(Trace.of(TRACE).sites().stringColumn("stack").get(0), By.innermost(Trace.of(TRACE).sites(), 2)
                .stringColumn("stack").get(0), "stacks no deeper stay whole");
    }

    @Test
    void whereSiteKeepsOneSitesBlocks() {
        Trace t = Trace.of(TRACE);
        assertEquals(150, value(t.whereSite(0).stats(), "allocated"));
        assertEquals(160, value(t.whereFunction("alloc_a").stats(), "allocated"));
        assertEquals(10, value(t.whereSite(frames -> "helper".equals(frames.get(1).function())).stats(), "allocated"));
        assertEquals(0, value(t.whereSite(7).stats(), "events"));
    }

    @Test
    void predictabilityByHand() {
        // Classes: lifetime < 4 events, and the rest; blocks never freed count as the rest.
        Table p = Trace.of(TRACE).predictability(1, 4);
        assertEquals(java.util.List.of("1", "whole stack"), p.stringColumn("depth").asList());
        assertEquals(5, p.longColumn("blocks").get(0));
        assertEquals(0.8, p.doubleColumn("right by site (fraction)").get(1), 1e-12);
        assertEquals(0.6, p.doubleColumn("right without sites (fraction)").get(1), 1e-12);
        Table bySite = Trace.of(TRACE).predictability(By.FUNCTION, 4);
        assertEquals("alloc_a", bySite.stringColumn("function").get(0));
        assertEquals(2, bySite.longColumn("< 4 (blocks)").get(0));
        assertEquals("< 4", bySite.stringColumn("majority class").get(0));
        assertEquals(2.0 / 3, bySite.doubleColumn("right (fraction)").get(0), 1e-12);
    }

    @Test
    void diffMatchesSitesByTheirFrames() {
        // The same program with its sites numbered otherwise, and one more alloc_b block.
        String after = TRACE.replace("site=1", "site=9").replace("#site\t1\t", "#site\t9\t")
                .replace("free(4000)\n", "free(4000)\nmalloc(7) = 6000 site=9\n");
        Table d = Trace.diff(Trace.of(TRACE), Trace.of(after)).sites(By.FUNCTION);
        assertEquals(2, d.rowCount());
        int b = d.stringColumn("function").indexOf("alloc_b");
        assertEquals(2, d.longColumn("blocks before").get(b));
        assertEquals(3, d.longColumn("blocks after").get(b));
        assertEquals(7, d.longColumn("allocated change (bytes)").get(b));
        assertEquals(7, d.longColumn("live at end change (bytes)").get(b));
        assertEquals(0, d.longColumn("blocks change").get(1 - b));
    }

    @Test
    void aTraceWithoutSitesSaysSo() {
        TraceException e = assertThrows(TraceException.class, () -> Trace.of("malloc(8) = 10\nfree(10)\n").sites());
        assertEquals("<text>: " + Trace.NO_SITES, e.getMessage());
        assertTrue(!Trace.of("malloc(8) = 10\n").hasSites());
    }

    @Test
    void flameGraphTotalsTheStacks() {
        String js = Charts.flame(Trace.of(TRACE).sites()).asJavascript("f");
        assertTrue(js.contains("type: 'bar', orientation: 'h'"), js);
        // Root: 360 bytes live at the peak; under it main at line 41 over site 1 (300), then main at line 40
        // over site 0 (50), then helper over site 2 (10), each starting where its elder siblings end.
        assertTrue(js.contains("base: [0.0,0.0,0.0,300.0,300.0,350.0,350.0], x: [360.0,300.0,300.0,50.0,50.0,10.0,10.0],"
                + " y: [0,1,2,1,2,1,2]"), js);
        assertTrue(js.contains("\"main (t.c:40)\""), js);
    }

    @Test
    void liveBytesOfTheTopSites() {
        Table l = Trace.of(TRACE).siteLive(2);
        assertEquals(java.util.Set.of(1L, 0L), new java.util.HashSet<>(l.longColumn("site").asList()));
        Table site1 = l.where(l.longColumn("site").isEqualTo(1));
        assertEquals(300, site1.longColumn("live bytes max").max());
        assertEquals(300, site1.longColumn("live bytes last").get(site1.rowCount() - 1));
    }

    /** The columns add up to what {@code stats} says, and the peak agrees with a brute-force replay. */
    @ParameterizedTest
    @ValueSource(strings = {"python-preload.trace.xz", "java-preload.trace.xz"})
    void realRecordingsAddUp(String name) {
        Path file = Path.of("../samples", name);
        assumeTrue(Files.exists(file), "bundled sample missing");
        Trace t = Trace.open(file);
        Table s = t.sites();
        Table stats = t.stats();
        assertEquals(value(stats, "peak live bytes"), (long) s.longColumn("live at peak (bytes)").sum());
        assertEquals(value(stats, "live bytes at end"), (long) s.longColumn("live at end (bytes)").sum());
        assertEquals(value(stats, "malloc") + value(stats, "calloc") + value(stats, "aligned") + value(stats, "realloc"),
                (long) s.longColumn("blocks").sum());
        Table f = t.sites(By.FUNCTION);
        assertEquals((long) s.longColumn("live at peak (bytes)").sum(), (long) f.longColumn("live at peak (bytes)").sum());
        assertEquals((long) s.longColumn("allocated (bytes)").sum(), (long) f.longColumn("allocated (bytes)").sum());

        Map<Long, Long> atPeak = bruteForceAtPeak(file, value(stats, "peak live bytes at"));
        for (int r = 0; r < s.rowCount(); r++) {
            long site = s.longColumn("site").get(r);
            assertEquals(atPeak.getOrDefault(site, 0L), s.longColumn("live at peak (bytes)").get(r), "site " + site);
        }
        long top = s.longColumn("site").get(0);
        assertEquals(s.longColumn("allocated (bytes)").get(0), value(t.whereSite(top).stats(), "allocated"));
        assertEquals(s.longColumn("own peak (bytes)").get(0), value(t.whereSite(top).stats(), "peak live bytes"));
    }

    /** Live bytes per site after event {@code at}, by replaying the trace into a map. */
    private static Map<Long, Long> bruteForceAtPeak(Path file, long at) {
        Map<Long, Long> live = new HashMap<>();
        Long2LongOpenHashMap siteOf = new Long2LongOpenHashMap();
        try (TraceReader r = TraceReader.open(file, Leniency.STRICT)) {
            Event e = new Event();
            while (r.next(e) && e.index <= at) {
                if (e.op.releases()) {
                    live.merge(siteOf.remove(e.oldTag), -e.oldSize, Long::sum);
                }
                if (e.op.creates()) {
                    siteOf.put(e.tag, e.site);
                    live.merge(e.site, e.size, Long::sum);
                }
            }
        }
        return live;
    }

    static long value(Table stats, String measure) {
        return stats.longColumn("value").get(stats.stringColumn("measure").indexOf(measure));
    }

    private static void assertRow(Table t, int row, Object... columnsAndValues) {
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            String c = (String) columnsAndValues[i];
            assertEquals(((Number) columnsAndValues[i + 1]).longValue(), t.longColumn(c).get(row), c + " of row " + row);
        }
    }
}
