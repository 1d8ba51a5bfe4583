package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Made;
import cmt.codec.TraceReader;
import cmt.codec.WriteOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The default coding chooses per block ({@code FORMAT.md} section 7.2): modelled where runs copy nearly every
 * token, packed where the model predicts them one by one; the examples of that section.
 */
class ChosenEncoderTest {
    private static WriteOptions options(WriteOptions.Coding coding, int block) {
        return WriteOptions.DEFAULT.withAddresses(false).withCoding(coding).withBlockEvents(block);
    }

    /** The packed flag of each block of {@code file}. */
    private static List<Boolean> packedBlocks(byte[] file) {
        List<Boolean> packed = new ArrayList<>();
        for (long at : CompactTraces.blockOffsets(file)) {
            packed.add((file[(int) at + 12] & CompactFormat.BLOCK_PACKED) != 0);
        }
        return packed;
    }

    private static List<Event> loop() throws IOException {
        try (InputStream in = ChosenEncoderTest.class.getResourceAsStream("loop.trace")) {
            return CompactTraces.read(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aLoopThatRunsCopyIsModelledAndRandomChurnIsPacked() throws IOException {
        List<Event> loop = loop();
        int block = CompactFormat.DEFAULT_BLOCK_EVENTS;
        assertArrayEquals(CompactTraces.write(loop, options(WriteOptions.Coding.MODELLED, block)),
                CompactTraces.write(loop, options(WriteOptions.Coding.CHOSEN, block)));
        List<Event> churn = Made.churn(20_000, 7);
        byte[] chosen = CompactTraces.write(churn, options(WriteOptions.Coding.CHOSEN, 4096));
        assertArrayEquals(CompactTraces.write(churn, options(WriteOptions.Coding.PACKED, 4096)), chosen);
        assertEquals(List.of(true, true, true, true, true), packedBlocks(chosen));
    }

    @Test
    void eachBlockIsChosenOnItsOwn() throws IOException {
        List<Event> loop = loop();
        long shift = loop.stream().mapToLong(e -> e.tag).max().orElseThrow();
        List<Event> both = new ArrayList<>(loop);
        for (Event e : Made.churn(4000, 11)) {
            Event c = e.copy();
            c.tag = c.op.creates() ? c.tag + shift : c.tag;
            c.oldTag = c.op.releases() ? c.oldTag + shift : c.oldTag;
            c.thread = Event.NONE;
            c.timestamp = Event.NONE;
            both.add(c);
        }
        // Block 0 is the loop, blocks 1 and 2 churn, which the model must predict token by token.
        int block = loop.size();
        byte[] chosen = CompactTraces.write(both, options(WriteOptions.Coding.CHOSEN, block));
        assertEquals(List.of(false, true, true), packedBlocks(chosen));
        List<Event> modelled = CompactTraces.read(CompactTraces.write(both, options(WriteOptions.Coding.MODELLED, block)));
        assertEquals(CompactTraces.fields(modelled, true), CompactTraces.fields(CompactTraces.read(chosen), true));
    }

    /** The bundled glibc recordings are packed in every block: their tokens rarely repeat in runs. */
    @ParameterizedTest
    @ValueSource(strings = {"python-heaptrack.trace.xz", "java-valgrind.trace.xz"})
    void glibcRecordingsArePackedThroughout(String name) throws IOException {
        Path sample = Path.of(System.getProperty("cmt.root", ".."), "samples", name);
        assumeTrue(Files.exists(sample), "no samples folder");
        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(sample)) {
            r.forEach(e -> events.add(e.copy()));
        }
        int block = CompactFormat.DEFAULT_BLOCK_EVENTS;
        byte[] chosen = CompactTraces.write(events, options(WriteOptions.Coding.CHOSEN, block));
        assertArrayEquals(CompactTraces.write(events, options(WriteOptions.Coding.PACKED, block)), chosen);
        assertTrue(packedBlocks(chosen).stream().allMatch(p -> p));
    }

    /** 456.hmmer, whose runs copy all but 314 of its tokens, keeps the modelled coding and its 0.299 bytes/event. */
    @Test
    void hmmerIsModelled() {
        List<Event> events = CompactTraces.read(CompactTraces.shared("456.hmmer.test.txt.bz2"));
        byte[] chosen = CompactTraces.write(events, options(WriteOptions.Coding.CHOSEN, CompactFormat.DEFAULT_BLOCK_EVENTS));
        assertEquals(List.of(false), packedBlocks(chosen));
        assertTrue(chosen.length <= 0.30 * events.size(), chosen.length + " bytes");
    }
}
