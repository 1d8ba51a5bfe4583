package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 1: open a trace and ask for its statistics.
 *
 * <p>{@code Trace.open(path)} takes any format cmt reads (text, tagged text, legacy CMT; compressed or
 * not), chosen by content. {@code Trace.of(text)} takes a trace written out in a string, handy for a
 * notebook cell or a test. Nothing is read until an analysis asks: {@code stats()} is one streaming pass,
 * and its result is a tablesaw {@link Table} of {@code measure}, {@code value}, {@code unit}.
 *
 * <p>Run: {@code ./test -pl dsl -Dtest='Sample01*'}, or its {@code main} from an IDE.
 */
public class Sample01_OpenAndStats {
    static final String TRACE = """
            malloc(64) = 1000
            malloc(4000) = 2000
            free(1000)
            realloc(2000, 8000) = 4000
            free(4000)
            """;

    public static void main(String[] args) {
        Trace t = args.length > 0 ? Trace.open(args[0]) : Trace.of(TRACE);
        System.out.println(t.stats().printAll());
    }

    /** A value out of the table: rows are looked up by their measure. */
    static long value(Table stats, String measure) {
        return stats.longColumn("value").get(stats.stringColumn("measure").indexOf(measure));
    }

    @Test
    void statsOfTheTrace() {
        Table stats = Trace.of(TRACE).stats();
        assertEquals(5, value(stats, "events"));
        assertEquals(2, value(stats, "malloc"));
        // the realloc replaces the 4000-byte block by an 8000-byte one: the peak
        assertEquals(8000, value(stats, "peak live bytes"));
        assertEquals(0, value(stats, "live bytes at end"));
    }
}
