package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real traces of ../shared/data on every named allocator: 401.bzip2 (a block of 294,649,856 bytes,
 * beyond what the original's reader could replay) and 456.hmmer (frees tag 1), each re-emitted with the
 * allocator's pointers and compared event by event with its input.
 */
class SharedTracesTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("401.bzip2.txt", "456.hmmer.test.txt.bz2")
                .flatMap(t -> Allocator.NAMED.stream().map(a -> Arguments.of(t, a)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void replaysWithTheInputsLifetimes(String name, String allocator) {
        Path in = Path.of(System.getProperty("cmt.shared", "../shared"), "data", name);
        Assumptions.assumeTrue(Files.isRegularFile(in), in + " is not here");
        Path out = dir.resolve(name + "." + allocator + ".trace");
        ReplayResult r = Replay.of(allocator).output(out).run(in);
        long events = Traces.assertSameLifetimes(in, out);
        assertEquals(events, r.events());
        assertEquals(allocator, r.allocator());
        assertTrue(r.library().contains(allocator.equals("glibc") ? "libc" : allocator), r.library());
        if (name.startsWith("401")) {
            assertEquals(53, events);
            assertEquals(29, r.calls().of(Op.MALLOC));
            assertTrue(r.memory().peakLiveRequested() >= 294_649_856L);
        } else {
            assertEquals(180_216, events);
            assertEquals(45, r.memory().peakLiveBlocks());
            assertEquals(1, r.memory().liveBlocksAtEnd());
        }
        assertTrue(!r.statisticsAfter().isEmpty(), allocator + " offers statistics");
    }
}
