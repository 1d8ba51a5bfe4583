package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.Made;
import cmt.codec.compact.CompactTraces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Reused model tables are as good as new: clearing the lines a block wrote leaves nothing behind, so a
 * file's bytes never depend on what its thread coded before (FORMAT.md: every block starts from a fresh model).
 */
class ModelTablesTest {
    private static List<Event> loop() throws IOException {
        try (InputStream in = ModelTablesTest.class.getResourceAsStream("/cmt/codec/compact/loop.trace")) {
            return CompactTraces.read(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aSetComesBackFromCodingAllZeroButTheHistory() throws IOException {
        CompactTraces.compact(Made.churn(20_000, 7), true, 5_000);
        CompactTraces.read(CompactTraces.compact(loop(), true));
        ModelTables t = ModelTables.take();
        assertTrue(Arrays.stream(t.hist).anyMatch(x -> x != 0), "the set was not reused");
        assertTrue(Arrays.stream(t.tab).allMatch(x -> x == 0), "ranking slots left");
        assertTrue(Arrays.stream(t.mtab).allMatch(x -> x == 0), "match table left");
        assertTrue(Arrays.stream(t.rtab).allMatch(x -> x == 0), "run table left");
        for (byte c : t.conf) {
            assertEquals(0, c, "confidence left");
        }
    }

    @Test
    void aFileIsTheSameWhateverItsThreadCodedBefore() throws Exception {
        List<Event> churn = Made.churn(20_000, 8);
        CompactTraces.compact(loop(), true);
        byte[] afterOthers = CompactTraces.compact(churn, true, 4_000);
        AtomicReference<byte[]> fresh = new AtomicReference<>();
        Thread t = new Thread(() -> fresh.set(CompactTraces.compact(churn, true, 4_000)));
        t.start();
        t.join();
        assertArrayEquals(fresh.get(), afterOthers);
    }
}
