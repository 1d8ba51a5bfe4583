package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Any well-formed trace replays, and its re-emitted form keeps every event's lifetime. */
class RandomTracesTest {
    /** A trace from a list of choices: each allocates a new block or ends a live one (free or realloc). */
    @Test
    void reEmittedTracesKeepLifetimes() {
        qt().withExamples(40).forAll(choices()).checkAssert(choices -> {
            try {
                reEmittedTraceKeepsLifetimes(choices);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void reEmittedTraceKeepsLifetimes(List<Integer> choices) throws IOException {
        Path dir = Files.createTempDirectory("cmt-replay-prop");
        try {
            List<String> lines = new ArrayList<>();
            List<Long> live = new ArrayList<>();
            long next = 0x10000;
            for (int c : choices) {
                long size = 1 + (c & 0xfff) * (c % 7 == 0 ? 4096L : 1);
                if (live.isEmpty() || c % 3 != 0) {
                    String op = c % 5 == 1 ? "calloc(2, " + size + ")" : c % 11 == 0 ? "memalign(64, " + size + ")"
                            : "malloc(" + size + ")";
                    lines.add(op + " = " + Long.toHexString(next));
                    live.add(next);
                    next += 0x10000000L;
                } else {
                    int k = c % live.size();
                    long p = live.get(k);
                    if (c % 2 == 0) {
                        lines.add("free(" + Long.toHexString(p) + ")");
                        live.remove(k);
                    } else {
                        lines.add("realloc(" + Long.toHexString(p) + ", " + size + ") = " + Long.toHexString(next));
                        live.set(k, next);
                        next += 0x10000000L;
                    }
                }
            }
            Path in = Files.write(dir.resolve("in.trace"), lines);
            Path out = dir.resolve("out.trace");
            ReplayResult r = Replay.of("glibc").inProcess(true).touch(Touch.PAGE).output(out).run(in);
            assertEquals(lines.size(), Traces.assertSameLifetimes(in, out));
            assertEquals(lines.size(), r.events());
            assertEquals(live.size(), r.memory().liveBlocksAtEnd());
        } finally {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.delete(dir);
        }
    }

    static Gen<List<Integer>> choices() {
        return lists().of(integers().between(0, 1 << 20)).ofSizeBetween(1, 300).map(ArrayList::new);
    }
}
