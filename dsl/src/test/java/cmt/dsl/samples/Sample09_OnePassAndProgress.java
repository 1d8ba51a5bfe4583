package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cmt.codec.TraceReader;
import cmt.dsl.Analysis;
import cmt.dsl.Trace;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sample 9: long traces: one pass for several analyses, progress, and stopping.
 *
 * <p>Each analysis asked on its own is a pass over the whole trace; {@code compute(...)} runs several in
 * one pass and keeps them, so the tables that follow cost nothing. {@code onProgress(listener)} is called
 * every 65,536 events with the events and bytes read (a command line prints it, a notebook updates a bar);
 * interrupting the thread stops a pass soon after with a {@link CancellationException} (a notebook's
 * interrupt button), and nothing half-done is kept.
 */
public class Sample09_OnePassAndProgress {
    static final String TRACE = "malloc(64) = 100\nfree(100)\n".repeat(100_000);

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE).onProgress((events, done, total) ->
                System.err.printf("\r%,d events, %d%%", events, done * 100 / total));
        t.compute(Analysis.STATS, Analysis.LIFETIMES, Analysis.PAGES);
        System.err.println();
        System.out.println(t.stats().printAll());
    }

    @Test
    void onePassReportsProgress() {
        AtomicLong last = new AtomicLong();
        Trace t = Trace.of(TRACE).onProgress((events, done, total) -> last.set(events));
        t.compute(Analysis.STATS, Analysis.LIFETIMES, Analysis.PAGES);
        assertEquals(196_608, last.get());
        assertEquals(200_000, t.count());
    }

    @Test
    void interruptionStopsAPass() {
        TraceReader.ProgressListener interrupt = (events, done, total) -> Thread.currentThread().interrupt();
        Trace t = Trace.of(TRACE).onProgress(interrupt);
        try {
            assertThrows(CancellationException.class, t::stats);
        } finally {
            Thread.interrupted();
        }
    }
}
