package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interrupting long cells through the Jupyter protocol (interrupt_request, as the notebook's stop button
 * sends it): the cell stops within seconds, the work itself stops (not only the reply), and the kernel
 * answers the next cell. The protocol side is {@code interrupt.py}, run with jupyter_client.
 */
class InterruptTest {
    /** Runs interrupt.py with {@code args} and returns the JSON object it prints last. */
    private static JsonNode interrupt(String... args) throws Exception {
        Path script = Path.of("src/test/resources/cmt/notebooks/interrupt.py").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Jupyter.PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        String out = Jupyter.run(cmd, Duration.ofMinutes(6), Jupyter.environment());
        String[] lines = out.strip().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("ok", r.path("setup").asText(), out);
        return r;
    }

    private static void assertStoppedSoonAndTheKernelAnswers(JsonNode r) {
        assertEquals("error", r.path("interrupted_status").asText(), "the interrupted cell ends in an error: " + r);
        double seconds = r.path("interrupt_to_reply_seconds").asDouble();
        assertTrue(seconds < 5, "the cell stopped " + seconds + " s after the interrupt");
        assertFalse(r.path("progress").isEmpty(), "the work was running and showing progress: " + r);
        assertEquals("ok", r.path("next_cell_status").asText(), r.toString());
        assertEquals("[\"2\"]", r.path("next_cell").toString(), r.toString());
    }

    @Test
    void aRunningTracePassStopsAndTheKernelAnswersTheNextCell() throws Exception {
        JsonNode r = interrupt("pass");
        assertStoppedSoonAndTheKernelAnswers(r);
        assertEquals("[\"0\"]", r.path("counter_moved_after_interrupt").toString(), "the pass itself stopped: " + r);
    }

    @Test
    void aRunningReplayStopsItsChildProcessIsKilledAndTheKernelAnswersTheNextCell() throws Exception {
        Path big = Files.createDirectories(Path.of("target")).toAbsolutePath().resolve("interrupt-replay.trace.gz");
        try {
            JsonNode r = interrupt("replay", big.toString());
            assertStoppedSoonAndTheKernelAnswers(r);
            assertEquals("EvaluationInterruptedException", r.path("interrupted_ename").asText(), r.toString());
            assertEquals(1, r.path("replay_children_before").size(), "one replay child while the replay ran: " + r);
            assertTrue(r.path("replay_children_alive_after").isEmpty(), "the replay's child process is gone: " + r);
            String last = r.path("progress").get(r.path("progress").size() - 1).asText();
            assertTrue(last.startsWith("replay: "), last);
        } finally {
            Files.deleteIfExists(big);
        }
    }
}
