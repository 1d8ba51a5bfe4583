package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's allocator built with gcc: one that crashes, one that hangs, and what it lacks. */
class IsolationTest {
    @TempDir
    static Path dir;
    static Path crashing;
    static Path sleeping;
    static Path trace;
    /** Index of the 100th malloc in {@link #trace}. */
    static long hundredthMalloc;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        crashing = Traces.buildAllocator(dir, "libcrash.so");
        sleeping = Traces.buildAllocator(dir, "libsleep.so", "-DSLEEP_AT=10");
        List<String> lines = new ArrayList<>();
        long mallocs = 0;
        for (int i = 0; i < 150; i++) {
            lines.add("malloc(" + (16 + i) + ") = 0x" + Long.toHexString(0x10000 + 0x100L * i));
            if (++mallocs == 100) {
                hundredthMalloc = lines.size() - 1;
            }
            if (i % 3 == 2) {
                lines.add("free(0x" + Long.toHexString(0x10000 + 0x100L * (i - 1)) + ")");
            }
        }
        trace = Files.write(dir.resolve("150.trace"), lines);
    }

    @Test
    void anAllocatorThatCrashesIsReportedAndThisJvmLivesOn() {
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(crashing.toString()).run(trace));
        assertTrue(e.crashed());
        assertEquals("SIGSEGV", e.signal());
        assertEquals(hundredthMalloc, e.event());
        assertTrue(e.getMessage().startsWith(crashing + ": allocator crashed (SIGSEGV) at event " + hundredthMalloc
                + " (malloc of 115 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains("libcrash.so"), "names the frame: " + e.getMessage());
        // still here, and replaying works
        assertEquals(200, Replay.of("glibc").run(trace).events());
    }

    @Test
    void aCrashInAThreadedReplayNamesTheThread() throws IOException {
        Path threaded = Traces.twoThreads150(dir, "threaded-150.trace");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.of(crashing.toString()).threads(true).run(threaded));
        assertTrue(e.crashed(), e.getMessage());
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(crashing.toString())
                + ": allocator crashed \\(SIGSEGV\\) at event \\d+ \\(malloc of \\d+ bytes\\) on thread 7.*"), e.getMessage());
        assertEquals(200, Replay.of("glibc").threads(true).run(trace).events(), "and this JVM replays on");
    }

    @Test
    void anAllocatorWithoutCallocOrReallocGetsStandIns() throws IOException {
        Allocator a = Allocator.load(sleeping.toString());
        assertTrue(a.function("malloc").isPresent());
        assertTrue(a.function("calloc").isEmpty(), "glibc's calloc, found through the dependencies, is not its own");
        assertEquals(List.of("no calloc: malloc + memset", "no realloc: malloc + memcpy + free",
                "no aligned allocation: malloc, alignment ignored",
                "no malloc_usable_size: usable bytes not measured"), a.notes());
        Path in = Traces.write(dir, "kinds.trace", "calloc(2, 8) = 0x10", "realloc(0x10, 64) = 0x20",
                "memalign(32, 8) = 0x30", "free(0x20)", "free(0x30)");
        Path out = dir.resolve("kinds.out");
        ReplayResult r = Replay.of(crashing.toString()).inProcess(true).output(out).run(in);
        assertEquals(5, Traces.assertSameLifetimes(in, out));
        assertEquals(-1, r.memory().usableBytes());
        assertEquals(1, r.calls().of(Op.REALLOC));
    }

    @Test
    void interruptingTheCallerKillsTheChild() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                Replay.of(sleeping.toString()).run(trace);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.current().children().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ProcessHandle child = ProcessHandle.current().children().findAny().orElseThrow();
        Thread.sleep(1500); // let it reach the sleeping malloc
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(failure.get() instanceof CancellationException, String.valueOf(failure.get()));
        assertTrue(failure.get().getMessage().startsWith("replay interrupted after"), failure.get().getMessage());
        child.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(!child.isAlive());
    }
}
