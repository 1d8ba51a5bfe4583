package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cmt.codec.Event;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test helpers: small traces, the comparison of a re-emitted trace with its input, the test allocator. */
final class Traces {
    private Traces() {
    }

    /**
     * Two threads: thread 8 makes one block; thread 7 makes 150 and frees thread 8's block after its 50th,
     * so thread 8's only call has returned long before thread 7's 100th malloc (where a test allocator
     * built with {@code -D..._AT=100} fails, on thread 7).
     */
    static Path twoThreads150(Path dir, String name) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of("malloc(8) = 0x100 tid=8"));
        for (int i = 0; i < 150; i++) {
            lines.add("malloc(" + (16 + i) + ") = 0x" + Long.toHexString(0x10000 + 0x100L * i) + " tid=7");
            if (i == 49) {
                lines.add("free(0x100) tid=7");
            }
        }
        return Files.write(dir.resolve(name), lines);
    }

    /** Writes {@code lines} as a trace file in {@code dir}. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    /**
     * Asserts that {@code replayed} has the events of {@code input}, event for event: operation, sizes,
     * tags, and the lifetime of every ended block (in events) all equal; only pointers may differ. This
     * is what makes the lifetimes annotations of both equal, and it holds only if the allocator's
     * pointers are consistent (no live address handed out twice), since the reader resolves by address.
     */
    static long assertSameLifetimes(Path input, Path replayed) {
        try (TraceReader a = TraceReader.open(input); TraceReader b = TraceReader.open(replayed)) {
            Event x = new Event();
            Event y = new Event();
            long n = 0;
            while (a.next(x)) {
                assertEquals(true, b.next(y), "replayed trace ends early at event " + n);
                String at = "event " + n + ": " + x + " vs " + y;
                assertEquals(x.op, y.op, at);
                assertEquals(x.size, y.size, at);
                assertEquals(x.tag, y.tag, at);
                assertEquals(x.oldTag, y.oldTag, at);
                assertEquals(x.oldSize, y.oldSize, at);
                assertEquals(x.count, y.count, at);
                assertEquals(x.alignment, y.alignment, at);
                assertEquals(x.index - x.oldIndex, y.index - y.oldIndex, at);
                n++;
            }
            assertFalse(b.next(y), "replayed trace has more events than its input");
            return n;
        }
    }

    /** Builds the test allocator (crash-allocator.c) with gcc into {@code dir}; skips without gcc. */
    static Path buildAllocator(Path dir, String name, String... defines) throws IOException, InterruptedException {
        Path src = dir.resolve("crash-allocator.c");
        if (!Files.exists(src)) {
            try (InputStream in = Traces.class.getResourceAsStream("crash-allocator.c")) {
                Files.copy(in, src);
            }
        }
        Path so = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-O1", "-shared", "-fPIC", "-o", so.toString()));
        cmd.addAll(List.of(defines));
        cmd.add(src.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "gcc failed: " + out);
        return so;
    }
}
