package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 7: how the blocks lie in memory.
 *
 * <p>{@code layout()} counts the gaps between address neighbours: below and above each new block, and
 * between neighbours at the end. {@code fragmentation()} turns the layout into ratios, each with its
 * definition in the table: page fragmentation (peak working set / pages the peak live bytes need), extent
 * fragmentation (the widest address range of live blocks / peak live bytes) and hole fragmentation (bytes
 * in gaps under 1 MiB / those plus live bytes, when live bytes peak). A perfectly packed heap scores 1, 1
 * and 0.
 */
public class Sample07_Fragmentation {
    /** Two 100-byte blocks two pages apart: 200 live bytes need 1 page but cover 2. */
    static final String TRACE = """
            malloc(100) = 1000
            malloc(100) = 3000
            """;

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.layout().printAll());
        System.out.println(t.fragmentation().printAll());
    }

    static double value(Table f, String measure) {
        return f.doubleColumn("value").get(f.stringColumn("measure").indexOf(measure));
    }

    @Test
    void spreadOutBlocks() {
        Table f = Trace.of(TRACE).fragmentation();
        assertEquals(2.0, value(f, "page fragmentation"));
        // from 0x1000 to 0x3064
        assertEquals(0x2064 / 200.0, value(f, "extent fragmentation"), 1e-12);
        // the gap 0x3000 - 0x1064 = 8092 bytes is a hole
        assertEquals(8092 / 8292.0, value(f, "hole fragmentation"), 1e-12);
        Table gaps = Trace.of(TRACE).layout();
        assertEquals(1, gaps.longColumn("below").sum());
        assertEquals(1, gaps.longColumn("at end").sum());
    }
}
