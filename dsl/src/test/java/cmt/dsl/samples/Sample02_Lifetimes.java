package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 2: how long blocks live.
 *
 * <p>A lifetime is counted in events, from the event that created a block to the one that ended it (a free,
 * or a realloc, which ends the old block and starts a new one). {@code lifetimes()} gives the distribution
 * in power-of-two buckets with exact counts and the cumulative fraction (the CDF); {@code stats()} gives
 * p50, p90, p99 and max. Blocks still live at the end have no lifetime yet and are left out.
 */
public class Sample02_Lifetimes {
    static final String TRACE = """
            malloc(16) = 10
            free(10)
            malloc(16) = 20
            malloc(16) = 30
            malloc(16) = 40
            free(30)
            free(20)
            free(40)
            """;

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.lifetimes().printAll());
    }

    @Test
    void lifetimesInEvents() {
        // 10: 1 - 0 = 1; 30: 5 - 3 = 2; 20: 6 - 2 = 4; 40: 7 - 4 = 3
        Table l = Trace.of(TRACE).lifetimes();
        assertArrayEquals(new long[] {1, 2, 4}, l.longColumn("from (events)").asLongArray());
        assertArrayEquals(new long[] {1, 2, 1}, l.longColumn("blocks").asLongArray());
        assertEquals(1.0, l.doubleColumn("cumulative fraction").get(2));
    }
}
