package cmt.dsl;

import static cmt.dsl.TablesTest.longs;
import static cmt.dsl.TablesTest.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Op;
import cmt.codec.TraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Windows, block filters and samples on {@link TablesTest#TRACE}, answers worked out from its table. */
class ViewsTest {
    final Trace t = Trace.of(TablesTest.TRACE);

    @TempDir
    Path dir;

    @Test
    void eventsRefusesANegativeLimit() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> t.events(-1));
        assertEquals("events(limit) needs a limit of 0 or more: -1", x.getMessage());
    }

    @Test
    void saveCompressesByNameAndNeverReplacesItsOwnFile() throws IOException {
        Path gz = t.window(0, 5).save(dir.resolve("first.trace.gz"));
        assertEquals(0x1F, Files.readAllBytes(gz)[0]);
        assertEquals(5, Trace.open(gz).lenient().count());
        byte[] before = Files.readAllBytes(gz);
        TraceException x = assertThrows(TraceException.class, () -> Trace.open(gz).save(gz));
        assertEquals(gz + ": is the input being read; write to another file", x.getMessage());
        assertArrayEquals(before, Files.readAllBytes(gz));
    }

    @Test
    void windowKeepsTheHeapBuiltBeforeIt() {
        // events 3..6; before them t2 (200 bytes) is live
        Trace w = t.window(3, 7);
        Table s = w.stats();
        assertEquals(4, value(s, "events"));
        assertEquals(2, value(s, "malloc"));
        assertEquals(1, value(s, "realloc"));
        assertEquals(1, value(s, "free"));
        assertEquals(5000 + 16 + 300, value(s, "allocated"));
        assertEquals(200 + 5000, value(s, "freed"));
        assertEquals(3, value(s, "peak live blocks"));
        assertEquals(4, value(s, "peak live blocks at"));
        assertEquals(5316, value(s, "peak live bytes"));
        assertEquals(316, value(s, "live bytes at end"));
        // t2 ended at e5 (created at e2) and t3 at e6 (created at e3)
        assertArrayEquals(new long[] {2}, longs(w.lifetimes(), "blocks"));
        assertArrayEquals(new long[] {3, 4, 5, 6}, longs(w.points(100).live(), "first event"));
        assertArrayEquals(new long[] {5200, 5216, 5316, 316}, longs(w.points(100).live(), "live bytes last"));
        assertArrayEquals(new long[] {3, 3, 3, 1}, longs(w.points(100).pages(), "pages last"));
        // a window of a window is their intersection
        assertEquals(2, t.window(3, 7).window(5, 100).count());
        assertEquals("Trace(<text>, window [5, 7))", t.window(3, 7).window(5, 100).toString());
    }

    @Test
    void sizeFilterKeepsWholeLives() {
        // blocks of at most 256 bytes: t1 (100), t2 (200), t4 (16); the realloc of t2 into t5 (300) is t2's free
        Trace small = t.whereSize(1, 256);
        Table s = small.stats();
        assertEquals(6, value(s, "events"));
        assertEquals(3, value(s, "malloc"));
        assertEquals(0, value(s, "realloc"));
        assertEquals(3, value(s, "free"));
        assertEquals(316, value(s, "allocated"));
        assertEquals(0, value(s, "live blocks at end"));
        assertArrayEquals(new long[] {0, 1, 2, 4, 5, 7}, longs(small.events(), "event"));
        assertArrayEquals(new long[] {1, 0, 1, 1, 1, 0}, longs(small.points(100).pages(), "pages last"));
    }

    @Test
    void opFilterSelectsBlocksByTheirCreator() {
        // only t5 was created by a realloc; its old block t2 is not selected, so it shows as a malloc
        Trace r = t.whereOp(Op.REALLOC);
        Table s = r.stats();
        assertEquals(1, value(s, "events"));
        assertEquals(1, value(s, "malloc"));
        assertEquals(300, value(s, "live bytes at end"));
        // every event touches a malloc-made block: the realloc of t2 stays, as t2's free
        assertEquals(9, t.whereOp(Op.MALLOC).count());
        assertEquals(4, value(t.whereOp(Op.MALLOC).stats(), "free"));
        assertThrows(IllegalArgumentException.class, () -> t.whereOp(Op.FREE));
    }

    @Test
    void threadFilter() {
        Trace threads = Trace.of("""
                malloc(10) = 100 tid=1
                malloc(20) = 200 tid=2
                free(100) tid=2
                realloc(200, 40) = 300 tid=1
                free(300) tid=2
                """);
        assertEquals(2, value(threads.stats(), "threads"));
        // thread 1 created the 10-byte block and, by realloc, the 40-byte one; both lives kept whole
        Table s = threads.whereThread(1).stats();
        assertEquals(4, value(s, "events"));
        assertEquals(2, value(s, "malloc"));
        assertEquals(2, value(s, "free"));
        assertEquals(50, value(s, "allocated"));
        // thread 2 created the 20-byte block, whose realloc by thread 1 is its free
        assertEquals(2, threads.whereThread(2).count());
        assertEquals(0, t.whereThread(1).count());
    }

    @Test
    void samplesKeepWholeLivesOfAboutTheFraction() {
        StringBuilder text = new StringBuilder();
        int blocks = 20_000;
        for (int i = 0; i < blocks; i++) {
            text.append("malloc(16) = ").append(Long.toHexString(0x1000 + 16L * i)).append('\n');
        }
        for (int i = 0; i < blocks; i += 2) {
            text.append("free(").append(Long.toHexString(0x1000 + 16L * i)).append(")\n");
        }
        Trace all = Trace.of(text.toString());
        Trace half = all.sample(0.5);
        Table e = half.events();
        Set<Long> created = new HashSet<>();
        for (int i = 0; i < e.rowCount(); i++) {
            if (e.stringColumn("op").get(i).equals("malloc")) {
                created.add(e.longColumn("tag").get(i));
            } else {
                assertTrue(created.contains(e.longColumn("old tag").get(i)), "free of a block not in the sample");
            }
        }
        long kept = created.size();
        assertTrue(Math.abs(kept - blocks / 2) < 500, "kept " + kept + " of " + blocks);
        assertEquals(e.rowCount(), half.events().rowCount(), "the same blocks on every pass");
        assertEquals(all.count(), all.sample(1).count());
        assertThrows(IllegalArgumentException.class, () -> all.sample(0));
    }

    @Test
    void eventsRefusesLargeViews() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.events(5));
        assertTrue(e.getMessage().contains("more than 5 events"), e.getMessage());
        assertEquals(4, t.window(0, 4).events(5).rowCount());
    }

    @Test
    void viewsCheckTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> t.window(5, 4));
        assertThrows(IllegalArgumentException.class, () -> t.pageSize(4000));
        assertThrows(IllegalArgumentException.class, () -> t.points(1));
    }
}
