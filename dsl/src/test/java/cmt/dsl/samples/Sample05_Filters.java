package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.Op;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 5: select blocks by size, op or thread.
 *
 * <p>A filter picks blocks by the event that created them and keeps each picked block's whole life, so
 * the view is again a valid trace: live bytes, pages and gaps of the small blocks alone, say. A realloc
 * that crosses the selection shows as a free (the new block is not picked) or a malloc (the old one was
 * not). Filters combine: each narrows the one before.
 */
public class Sample05_Filters {
    static final String TRACE = """
            malloc(24) = 1000 tid=1
            malloc(5000) = 3000 tid=2
            realloc(1000, 48) = 1000 tid=1
            malloc(32) = 2000 tid=2
            free(3000) tid=1
            realloc(2000, 9000) = 8000 tid=2
            """;

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.whereSize(1, 64).stats().printAll());
        System.out.println(t.whereThread(2).events().printAll());
    }

    @Test
    void smallBlocks() {
        Table s = Trace.of(TRACE).whereSize(1, 64).stats();
        // kept: malloc(24), its realloc to 48 (both small), malloc(32), and its realloc to 9000, which
        // shows as the 32-byte block's free; the 5000-byte block's malloc and free are gone
        assertEquals(4, Sample01_OpenAndStats.value(s, "events"));
        assertEquals(1, Sample01_OpenAndStats.value(s, "realloc"));
        assertEquals(1, Sample01_OpenAndStats.value(s, "free"));
        assertEquals(48, Sample01_OpenAndStats.value(s, "live bytes at end"));
    }

    @Test
    void filtersCombine() {
        // blocks made by thread 2 (5000, 32, and the realloc's 9000) that malloc made: 5000 and 32
        Trace t = Trace.of(TRACE).whereThread(2).whereOp(Op.MALLOC);
        assertEquals(4, t.count());
        assertEquals("Trace(<text>, thread in [2], op in [MALLOC])", t.toString());
    }
}
