package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cmt.codec.TraceException;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 4: look at part of a trace without losing the heap.
 *
 * <p>Cutting lines out of a trace loses the blocks allocated before the cut: their frees then refer to
 * nothing, and a strict reader stops. {@code window(from, to)} reads from the start but reports only events
 * {@code from} to {@code to - 1} (indices of the whole trace), so blocks born earlier are live in the window
 * and their frees count.
 */
public class Sample04_Windows {
    static final String TRACE = """
            malloc(1000) = 1000
            malloc(2000) = 2000
            free(1000)
            malloc(10) = 3000
            free(2000)
            """;

    public static void main(String[] args) {
        System.out.println(Trace.of(TRACE).window(2, 5).stats().printAll());
    }

    /** Wrong: the last three lines on their own. */
    static Trace cutLines() {
        return Trace.of(TRACE.lines().skip(2).map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void windowKeepsEarlierBlocks() {
        assertThrows(TraceException.class, () -> cutLines().stats());
        Table s = Trace.of(TRACE).window(2, 5).stats();
        assertEquals(3, Sample01_OpenAndStats.value(s, "events"));
        assertEquals(3000, Sample01_OpenAndStats.value(s, "freed"));
        // live after event 2: the 2000-byte block, after event 3: and the 10-byte one
        assertEquals(2010, Sample01_OpenAndStats.value(s, "peak live bytes"));
    }
}
