package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Format;
import cmt.codec.Repairs;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** How passes run: progress, interruption, one pass for several analyses, bad input, lenient repairs. */
class PassTest {
    /** 200,000 events: 100,000 blocks allocated and freed in pairs. */
    static final String LONG = "malloc(16) = 10\nfree(10)\n".repeat(100_000);

    @Test
    void progressIsReported() {
        List<Long> seen = new ArrayList<>();
        long[] finished = {-1};
        Trace t = Trace.of(LONG).onProgress(new TraceReader.ProgressListener() {
            @Override
            public void progress(long events, long bytesDone, long bytesTotal) {
                seen.add(events);
            }

            @Override
            public void finished(long events, long bytes) {
                finished[0] = events;
            }
        });
        assertEquals(200_000, t.count());
        assertEquals(List.of(65_536L, 131_072L, 196_608L), seen);
        assertEquals(200_000, finished[0]);
    }

    @Test
    void anInterruptedPassStopsAndKeepsNoResult() {
        Trace t = Trace.of(LONG);
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, t::stats);
        } finally {
            Thread.interrupted();
        }
        assertEquals(200_000, t.count(), "a later pass starts afresh");
    }

    @Test
    void computeRunsOnePassForSeveralAnalysesAndKeepsThem() {
        int[] passes = {0};
        Trace t = Trace.of(TablesTest.TRACE).onProgress(new TraceReader.ProgressListener() {
            @Override
            public void progress(long events, long bytesDone, long bytesTotal) {
            }

            @Override
            public void finished(long events, long bytes) {
                passes[0]++;
            }
        });
        assertSame(t, t.compute(Analysis.values()));
        t.stats();
        t.pages();
        t.fragmentation();
        t.heapMap();
        t.encoding();
        assertEquals(1, passes[0]);
        assertEquals(Format.TEXT, t.format());
    }

    @Test
    void badInputStopsWithTheFileAndLine() {
        TraceException e = assertThrows(TraceException.class, () -> Trace.of("malloc(8) = 10\nfree(20)\n").stats());
        assertEquals("<text>:2: free of a block that is not live: free(20)", e.getMessage());
    }

    @Test
    void lenientRepairsAreCountedInStats() {
        Trace t = Trace.of("malloc(8) = 10\nfree(0)\nfree(20)\nfree(10)\n").lenient();
        assertEquals(2, t.count());
        assertEquals(1, TablesTest.value(t.stats(), "lenient: " + Repairs.Kind.FREE_NULL.phrase()));
        assertEquals(2, t.repairs().total());
        assertTrue(t.toString().endsWith(", lenient)"), t.toString());
    }

    @Test
    void legacyCmtInputHasSyntheticAddresses() {
        // malloc(8), realloc to 16, free: 88 80 81 | 90 81 81 | 80 81
        byte[] cmt = {(byte) 0x88, (byte) 0x80, (byte) 0x81, (byte) 0x90, (byte) 0x81, (byte) 0x81, (byte) 0x80, (byte) 0x81};
        Trace t = Trace.of(cmt, "three.cmt");
        assertEquals(3, t.count());
        assertEquals(Format.LEGACY_CMT, t.format());
        assertEquals(16, TablesTest.value(t.stats(), "peak live bytes"));
    }
}
