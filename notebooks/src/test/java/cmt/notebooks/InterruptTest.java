package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interrupting a long trace pass through the Jupyter protocol (interrupt_request, as the notebook's
 * stop button sends it): the cell stops within seconds, the pass itself stops (not only the reply), and
 * the kernel answers the next cell. The protocol side is {@code interrupt.py}, run with jupyter_client.
 */
class InterruptTest {
    @Test
    void aRunningTracePassStopsAndTheKernelAnswersTheNextCell() throws Exception {
        Path script = Path.of("src/test/resources/cmt/notebooks/interrupt.py").toAbsolutePath();
        String out = Jupyter.run(List.of(Jupyter.PYTHON.toString(), script.toString()), Duration.ofMinutes(6),
                Jupyter.environment());
        String[] lines = out.strip().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertEquals("ok", r.path("setup").asText(), out);
        assertEquals("error", r.path("interrupted_status").asText(), "the interrupted cell ends in an error: " + r);
        double seconds = r.path("interrupt_to_reply_seconds").asDouble();
        assertTrue(seconds < 5, "the cell stopped " + seconds + " s after the interrupt");
        assertFalse(r.path("progress").isEmpty(), "the pass was running and showing progress: " + r);
        assertEquals("[\"0\"]", r.path("counter_moved_after_interrupt").toString(), "the pass itself stopped: " + r);
        assertEquals("ok", r.path("next_cell_status").asText(), r.toString());
        assertEquals("[\"2\"]", r.path("next_cell").toString(), r.toString());
    }
}
