package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 6: one row per event, but only for a window or a sample.
 *
 * <p>Real traces have 10^8 events and more; a table with a row for each is neither computable in memory nor
 * readable. {@code events()} refuses a view of more than {@code Trace.EVENTS_LIMIT} events (or a limit you
 * give); narrow it first with {@code window(from, to)} or {@code sample(fraction)}. A sample keeps about
 * that fraction of the blocks, chosen by a hash of their tag (the same ones on every pass), with whole
 * lives: counts shrink by the fraction, distributions keep their shape.
 */
public class Sample06_SamplesAndEvents {
    /** 3,000 blocks: each allocated and freed right away. */
    static final String TRACE = "malloc(32) = 100\nfree(100)\n".repeat(3000);

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.window(0, 10).events().printAll());
        System.out.println(t.sample(0.01).events().print(20));
    }

    @Test
    void narrowBeforeListing() {
        Trace t = Trace.of(TRACE);
        assertThrows(IllegalStateException.class, () -> t.events(1000));
        assertEquals(10, t.window(0, 10).events(1000).rowCount());
        Table sampled = t.sample(0.1).events(1000);
        // about 300 blocks, two events each
        assertTrue(sampled.rowCount() > 400 && sampled.rowCount() < 800, sampled.rowCount() + " rows");
        assertEquals(0, sampled.rowCount() % 2);
    }
}
