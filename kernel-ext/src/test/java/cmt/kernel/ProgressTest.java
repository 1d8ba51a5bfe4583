package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** Records what a kernel would be sent. */
    static final class Recording implements Frontend {
        final List<String> calls = new ArrayList<>();

        @Override
        public void show(Object value) {
            calls.add("show " + Renderers.text(value));
        }

        private String id;

        @Override
        public void display(String id, Rendered r) {
            this.id = id;
            calls.add("display " + r.text());
        }

        @Override
        public void update(String id, Rendered r) {
            calls.add((id.equals(this.id) ? "update " : "update of another output ") + r.text());
        }
    }

    @Test
    void oneOutputUpdatedInPlaceAndEndingWithTheTotal() {
        Recording k = new Recording();
        Progress p = new Progress("big", k);
        int step = TraceReader.CHECK_EVERY;
        p.progress(step, 100, 1000);
        p.progress(2L * step, 200, 1000);
        assertEquals(1, k.calls.size(), "the second report came too soon to redraw: " + k.calls);
        assertTrue(k.calls.getFirst().matches("display big: 10% 65,536 events \\(.* M events/s\\)"), k.calls.toString());
        assertFalse(p.finished());
        p.finished(150_000, 1000);
        assertEquals(2, k.calls.size(), "the end is always drawn");
        assertTrue(k.calls.get(1).matches("update big: 150,000 events in .* s \\(.* M events/s\\)"), k.calls.toString());
        assertTrue(p.finished());
        p.progress(150_000, 1000, 1000);
        p.finished(150_000, 1000);
        assertEquals(2, k.calls.size(), "nothing after the end");
    }

    @Test
    void aShortPassShowsOnlyItsEnd() {
        Recording k = new Recording();
        new Progress("small", k).finished(12, 300);
        assertEquals(1, k.calls.size());
        assertTrue(k.calls.getFirst().startsWith("display small: 12 events in "), k.calls.toString());
    }

    @Test
    void aRealPassShowsItsEventCount() {
        StringBuilder trace = new StringBuilder();
        int pairs = 100_000;
        for (int i = 0; i < pairs; i++) {
            trace.append("malloc(16) = ").append(Long.toHexString(0x1000 + 16L * (i % 64))).append('\n');
            trace.append("free(").append(Long.toHexString(0x1000 + 16L * (i % 64))).append(")\n");
        }
        Recording k = new Recording();
        Progress p = new Progress("pass", k);
        byte[] bytes = trace.toString().getBytes(StandardCharsets.US_ASCII);
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "pass", Leniency.STRICT)) {
            r.onProgress(p);
            assertEquals(2L * pairs, r.forEach(e -> { }));
        }
        assertTrue(p.finished());
        assertTrue(k.calls.getFirst().startsWith("display pass: "), k.calls.toString());
        assertTrue(k.calls.getLast().contains("pass: 200,000 events in"), k.calls.toString());
    }

    @Test
    void htmlHasABarAndTheSameWords() {
        Rendered r = new Progress("a<b", new Recording()).render(500, 50, 100, 1.0, false);
        assertEquals("a<b: 50% 500 events (0.0 M events/s)", r.text());
        assertTrue(r.html().contains("<progress max=\"1000\" value=\"500\"></progress> <span>a&lt;b: 50%"), r.html());
    }
}
