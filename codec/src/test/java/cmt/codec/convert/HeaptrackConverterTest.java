package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.TraceException;
import cmt.codec.Repairs.Kind;
import org.junit.jupiter.api.Test;

class HeaptrackConverterTest {
    /** What heaptrack 1.4 wrote for a small C program (modules shortened): see the comments in the test. */
    private static final String RAW = """
            v 10400 3
            x 9 /tmp/ht/t
            X ./t
            I 1000 5e2922
            m 1 -
            m 1 x 55646319a000 0 848 1000 349 2000 104 3dd0 298
            t 7fa9aefe4b9f 0
            + 11c00 4 5564954a0530
            t 55646319b100 0
            + a 8 5564954b21d0
            - 5564954b21d0
            t 55646319b21c 7
            + 64 9 5564954b22b0
            + 0 e 5564954b21d0
            + 10 f 5564954b2810
            c 1
            R 3ec
            - 5564954b2580
            + 20 f 5564954b2810
            - 5564954b22b0
            """;

    @Test
    void rawRecords() {
        Converted c = Converted.of(new HeaptrackConverter(), RAW);
        // realloc(a, 100) is "- a" then "+ 64"; malloc(0) has size 0; memalign's block (2580) was never
        // seen; realloc(r, 0) freed 2810 without a record, so its address comes back while still live.
        assertEquals("""
                malloc(72704) = 0x5564954a0530
                malloc(10) = 0x5564954b21d0
                free(0x5564954b21d0)
                malloc(100) = 0x5564954b22b0
                malloc(1) = 0x5564954b21d0
                malloc(16) = 0x5564954b2810
                free(0x5564954b2810)
                malloc(32) = 0x5564954b2810
                free(0x5564954b22b0)
                """, c.text());
        assertEquals(1, c.count(Kind.ZERO_SIZE));
        assertEquals(14, c.converter().repairs().firstLine(Kind.ZERO_SIZE));
        assertEquals(1, c.count(Kind.FREE_NOT_LIVE));
        assertEquals(18, c.converter().repairs().firstLine(Kind.FREE_NOT_LIVE));
        assertEquals(1, c.count(Kind.ADDRESS_STILL_LIVE));
        assertEquals(3, c.converter().live());
    }

    @Test
    void interpretedDataIsRefusedNamingTheLine() {
        String interpreted = "v 10400 3\nX ./t\ns 5 main\na 40 1\n+ 0\n";
        TraceException e = assertThrows(TraceException.class, () -> Converted.of(new HeaptrackConverter(), interpreted));
        assertTrue(e.getMessage().startsWith("fixture:3: interpreted heaptrack data"), e.getMessage());
        TraceException plus = assertThrows(TraceException.class, () -> Converted.of(new HeaptrackConverter(), "+ 0\n"));
        assertTrue(plus.getMessage().startsWith("fixture:1: interpreted heaptrack data"), plus.getMessage());
    }

    @Test
    void badRecordsNameTheLine() {
        TraceException e = assertThrows(TraceException.class,
                () -> Converted.of(new HeaptrackConverter(), "+ 10 1 55aa\n- 55zz\n"));
        assertTrue(e.getMessage().startsWith("fixture:2: unexpected text after the heaptrack record: - 55zz"),
                e.getMessage());
    }

    @Test
    void otherTextIsRefusedAtItsFirstLine() {
        TraceException e = assertThrows(TraceException.class,
                () -> Converted.of(new HeaptrackConverter(), "v 10400 3\nmalloc(8) = 0x10\n"));
        assertTrue(e.getMessage().startsWith("fixture:2: not heaptrack raw data"), e.getMessage());
    }
}
