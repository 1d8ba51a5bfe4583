package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.Replayed;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@code t.replay(allocator).trace()} from the analyses: one expression, through the service hook. */
class DslReplayTest {
    private static final String TRACE = "malloc(100) = 10\nmalloc(200) = 20\nrealloc(10, 300) = 30\nfree(20)\n"
            + "malloc(50) = 40\nfree(30)\n";

    @Test
    void replayedTraceKeepsEveryOpSizeAndLifetime() {
        Trace t = Trace.of(TRACE);
        Replayed r = t.replay("glibc");
        Table original = t.events();
        Table replayed = r.trace().events();
        assertEquals(original.rowCount(), replayed.rowCount());
        for (String column : original.columnNames()) {
            if (!column.contains("address")) {
                assertEquals(original.column(column).asList(), replayed.column(column).asList(), column);
            }
        }
        assertTrue(r.trace().layout().rowCount() > 0);
        assertTrue(r instanceof ReplayResult rr && rr.toHtml().contains("<table class=\"cmt\">"));
    }

    @Test
    void aWindowReplaysItsOwnEvents() {
        Replayed r = Trace.of(TRACE).window(2, 6).replay("glibc");
        // events 2..5: the realloc of a block from before the window becomes a malloc, the free of block 2
        // (allocated before the window) is dropped
        assertEquals(3, r.trace().count());
        assertEquals(1, r.tables().get(0).rowCount());
    }
}
