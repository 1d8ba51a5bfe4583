package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of every earlier version stay readable. {@code loop-v1.cmtz} is {@code loop.trace} (600 turns of a
 * loop that allocates a random length and length + 1, with a calloc and a realloc every 50 turns) as the
 * version-1 writer wrote it, with addresses, in blocks of 1000 events: the kind of trace on which version 2
 * codes differently (runs), so a reader that took it for version 2 would not get the trace back.
 */
class CompactVersionTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CompactVersionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void versionOneFilesReadAsTheyWereWritten() throws IOException {
        byte[] v1 = resource("loop-v1.cmtz");
        assertEquals(1, v1[8]);
        List<Event> text = CompactTraces.read(new String(resource("loop.trace"), StandardCharsets.US_ASCII));
        assertEquals(2436, text.size());
        assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(v1), true));
    }

    @Test
    void theWriterWritesTheNewestVersionAndItsRunsShortenTheLoop() throws IOException {
        List<Event> text = CompactTraces.read(new String(resource("loop.trace"), StandardCharsets.US_ASCII));
        byte[] v2 = CompactTraces.compact(text, true, 1000);
        assertEquals(CompactFormat.VERSION, v2[8]);
        assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(v2), true));
        assertTrue(v2.length < resource("loop-v1.cmtz").length, v2.length + " bytes");
    }
}
