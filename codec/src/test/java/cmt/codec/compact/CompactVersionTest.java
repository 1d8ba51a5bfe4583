package cmt.codec.compact;

import cmt.codec.Event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of every earlier version stay readable. {@code loop-v1.cmtz} to {@code loop-v3.cmtz} are
 * {@code loop.trace} (600 turns of a loop that allocates a random length and length + 1, with a calloc and
 * a realloc every 50 turns) as the version-1, 2 and 3 writers wrote it, with addresses, in blocks of 1000
 * events: the kind of trace each later version codes differently (version 2 with runs, version 3 with the
 * runs' fresh sizes apart), so a reader that took an older file for the newest version would not get the
 * trace back.
 */
class CompactVersionTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CompactVersionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static List<Event> loop() throws IOException {
        return CompactTraces.read(new String(resource("loop.trace"), StandardCharsets.US_ASCII));
    }

    @Test
    void olderFilesReadAsTheyWereWritten() throws IOException {
        List<Event> text = loop();
        assertEquals(2436, text.size());
        for (int version = 1; version < CompactFormat.VERSION; version++) {
            byte[] old = resource("loop-v" + version + ".cmtz");
            assertEquals(version, old[8]);
            assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(old), true));
        }
    }

    @Test
    void theWriterWritesTheNewestVersionWithTheRunsFreshSizesApart() throws IOException {
        List<Event> text = loop();
        byte[] file = CompactTraces.compact(text, true, 1000);
        assertEquals(CompactFormat.VERSION, file[8]);
        assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(file), true));
        int payload = 12 + ((file[10] & 0xFF) | (file[11] & 0xFF) << 8) + 4 + CompactFormat.BLOCK_HEADER + 4;
        int section = (file[payload] & 0x7F) | (file[payload + 1] & 0x7F) << 7;
        assertTrue(file[payload] < 0 && section > 200, "the first block's run sizes take " + section + " bytes");
    }
}
