package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Made;
import cmt.codec.TraceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block index: event counts and block positions without decoding, and its damage detected. */
class CompactIndexTest {
    @Test
    void indexLocatesEveryEventsBlock(@TempDir Path dir) throws Exception {
        List<Event> events = Made.churn(1000, 7);
        Path f = dir.resolve("t.cmtz");
        Files.write(f, CompactTraces.compact(events, true, 64));
        CompactIndex ix = CompactIndex.read(f);
        assertEquals(1000, ix.events());
        assertEquals(16, ix.blocks());
        assertEquals(0, ix.blockOf(0));
        assertEquals(0, ix.blockOf(63));
        assertEquals(1, ix.blockOf(64));
        assertEquals(15, ix.blockOf(999));
        assertEquals(-1, ix.blockOf(1000));
        byte[] b = Files.readAllBytes(f);
        for (int i = 0; i < ix.blocks(); i++) {
            assertEquals(64L * i, ix.firstEvent(i));
            assertEquals((byte) 0xB1, b[(int) ix.offset(i)]);
        }
    }

    @Test
    void damagedOrMissingIndexIsAnError(@TempDir Path dir) throws Exception {
        byte[] b = CompactTraces.compact(Made.churn(300, 8), false, 100);
        Path cut = dir.resolve("cut.cmtz");
        Files.write(cut, Arrays.copyOf(b, b.length - 5));
        assertTrue(assertThrows(TraceException.class, () -> CompactIndex.read(cut)).getMessage().contains("no compact index"));
        Path flipped = dir.resolve("flip.cmtz");
        byte[] d = b.clone();
        d[d.length - 30] ^= 1;
        Files.write(flipped, d);
        assertTrue(assertThrows(TraceException.class, () -> CompactIndex.read(flipped)).getMessage().contains("index"));
    }
}
