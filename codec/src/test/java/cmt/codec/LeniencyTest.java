package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each case the original tools treated as fatal: a one-line error when strict, the documented rewrite
 * (counted) when lenient.
 */
class LeniencyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // trace (\n-separated) | strict error | lenient result (tagged text, ; separated) | repair
        "malloc(0) = 10|t:1: zero-size malloc: malloc(0) = 10|malloc(1) = 10<1>|ZERO_SIZE",
        "malloc(8) = 10;realloc(10, 0) = 0|t:2: realloc to size 0: realloc(10, 0) = 0|malloc(8) = 10<1>;free(10<1>)|REALLOC_TO_ZERO",
        "malloc(8) = 10;realloc(10, 0) = 20|t:2: zero-size realloc: realloc(10, 0) = 20|malloc(8) = 10<1>;realloc(10<1>, 1) = 20<2>|ZERO_SIZE",
        "free(0)|t:1: free(NULL): free(0)||FREE_NULL",
        "malloc(8) = 10;free(20)|t:2: free of a block that is not live: free(20)|malloc(8) = 10<1>|FREE_NOT_LIVE",
        "realloc(0, 8) = 10|t:1: realloc of NULL: realloc(0, 8) = 10|malloc(8) = 10<1>|REALLOC_NULL",
        "realloc(30, 8) = 10|t:1: realloc of a block that is not live: realloc(30, 8) = 10|malloc(8) = 10<1>|REALLOC_NOT_LIVE",
        "malloc(8) = 0|t:1: malloc returned NULL: malloc(8) = 0||FAILED_ALLOCATION",
        "malloc(8) = 10;malloc(4) = 10|t:2: malloc returned 10, which is still live (allocated at line 1): malloc(4) = 10|malloc(8) = 10<1>;free(10<1>);malloc(4) = 10<2>|ADDRESS_STILL_LIVE",
    })
    void strictStopsLenientRewrites(String trace, String error, String lenient, Repairs.Kind kind) {
        byte[] bytes = (trace.replace(';', '\n') + "\n").getBytes(StandardCharsets.US_ASCII);
        TraceException x = assertThrows(TraceException.class, () -> Traces.read(bytes, Leniency.STRICT));
        assertEquals(error, x.getMessage());

        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "t", Leniency.LENIENT)) {
            r.forEach(e -> events.add(e.copy()));
            assertEquals(1, r.repairs().count(kind));
            assertEquals(1, r.repairs().total());
            long line = trace.split(";").length; // each case's repaired event is its last line
            assertEquals(line, r.repairs().firstLine(kind));
            assertEquals("1 " + kind.phrase() + " (first at line " + line + ")", r.repairs().toString());
        }
        String expected = lenient == null ? "" : lenient.replace(';', '\n') + "\n";
        assertEquals(expected, Traces.text(events, true));
    }

    /**
     * Thread 2 frees the block thread 1 was just given, and its record came first: lenient reading moves
     * the free after the allocation (counted); a held free that no other thread's allocation claims is
     * dropped as a free of no live block, as are frees without thread ids at once.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "free(10) tid=2;malloc(8) = 10 tid=1|malloc(8) = 10<1> tid=1;free(10<1>) tid=2|FREE_BEFORE_ALLOCATION|1",
        "malloc(4) = 30 tid=1;free(10) tid=2;malloc(5) = 40 tid=2;malloc(8) = 10 tid=1;free(30) tid=1"
                + "|malloc(4) = 30<1> tid=1;malloc(5) = 40<2> tid=2;malloc(8) = 10<3> tid=1;free(10<3>) tid=2;free(30<1>) tid=1"
                + "|FREE_BEFORE_ALLOCATION|2",
        "free(10) tid=1;malloc(8) = 10 tid=1|malloc(8) = 10<1> tid=1|FREE_NOT_LIVE|1",
        "free(10) tid=2;malloc(8) = 20 tid=1|malloc(8) = 20<1> tid=1|FREE_NOT_LIVE|1",
    })
    void aFreeRecordedBeforeItsAllocationOnAnotherThread(String trace, String lenient, Repairs.Kind kind, long line) {
        byte[] bytes = (trace.replace(';', '\n') + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThrows(TraceException.class, () -> Traces.read(bytes, Leniency.STRICT));
        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "t", Leniency.LENIENT)) {
            r.forEach(e -> events.add(e.copy()));
            assertEquals(1, r.repairs().count(kind));
            assertEquals(1, r.repairs().total());
            assertEquals(line, r.repairs().firstLine(kind));
        }
        assertEquals(lenient.replace(';', '\n') + "\n", Traces.text(events, true));
    }
}
