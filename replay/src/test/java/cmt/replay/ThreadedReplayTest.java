package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threaded replay ({@link Replay#threads}) on traces written here: blocks handed between threads in a
 * ping-pong, a producer and a consumer, 64 threads freeing each other's blocks. The allocator under test
 * (checking-allocator.c, glibc underneath) counts every free or realloc of a pointer it has not handed out
 * or has taken back, which is what touching a block before the thread that made it had returned would be,
 * and the kernel threads that called it; the re-emitted trace must be a valid trace holding each thread's
 * calls in its order.
 */
class ThreadedReplayTest {
    @TempDir
    static Path dir;
    static Path checking;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        Path src = dir.resolve("checking-allocator.c");
        try (InputStream in = ThreadedReplayTest.class.getResourceAsStream("checking-allocator.c")) {
            Files.copy(in, src);
        }
        checking = dir.resolve("libchecking.so");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-O1", "-shared", "-fPIC", "-pthread", "-o", checking.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "gcc failed: " + out);
    }

    @Test
    void pingPong() throws Throwable {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int maker = 1 + i % 2;
            long a = 0x10000 + (i % 50) * 0x100L;
            lines.add("malloc(" + (16 + i % 64) + ") = " + Long.toHexString(a) + " tid=" + maker);
            lines.add("free(" + Long.toHexString(a) + ") tid=" + (3 - maker));
        }
        ReplayResult r = replayChecked("ping-pong", lines, 2);
        assertEquals(20_000, r.threads().crossing(), "every free is of the other thread's block");
        assertEquals(List.of(20_000L, 20_000L), r.threads().events());
    }

    @Test
    void producerAndConsumer() throws Throwable {
        // Thread 1 makes blocks in runs of 100; thread 2 grows each (realloc) and frees it.
        List<String> lines = new ArrayList<>();
        long next = 0x100000;
        for (int run = 0; run < 200; run++) {
            List<Long> made = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lines.add("malloc(" + (32 + i) + ") = " + Long.toHexString(next) + " tid=1");
                made.add(next);
                next += 0x1000;
            }
            for (long a : made) {
                lines.add("realloc(" + Long.toHexString(a) + ", 200) = " + Long.toHexString(a + 0x800) + " tid=2");
                lines.add("free(" + Long.toHexString(a + 0x800) + ") tid=2");
            }
        }
        ReplayResult r = replayChecked("producer-consumer", lines, 2);
        assertEquals(20_000, r.threads().crossing(), "each realloc is of the producer's block; the free is the consumer's own");
        assertEquals(2, r.threads().used());
    }

    @Test
    void sixtyFourThreadsFreeEachOthersBlocks() throws Throwable {
        SplittableRandom rnd = new SplittableRandom(64);
        List<String> lines = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        long next = 0x1000000;
        long crossing = 0;
        List<Integer> maker = new ArrayList<>();
        for (int i = 0; i < 150_000; i++) {
            int t = 1 + rnd.nextInt(64);
            if (live.size() < 500 || (live.size() < 5000 && rnd.nextBoolean())) {
                lines.add("malloc(" + (8 + rnd.nextInt(500)) + ") = " + Long.toHexString(next) + " tid=" + t);
                live.add(next);
                maker.add(t);
                next += 0x400;
            } else {
                int k = rnd.nextInt(live.size());
                long a = live.get(k);
                int by = maker.get(k);
                live.set(k, live.getLast());
                live.removeLast();
                maker.set(k, maker.getLast());
                maker.removeLast();
                lines.add("free(" + Long.toHexString(a) + ") tid=" + t);
                if (by != t) {
                    crossing++;
                }
            }
        }
        ReplayResult r = replayChecked("64-threads", lines, 64);
        assertEquals(crossing, r.threads().crossing());
        assertEquals(64, r.threads().events().size());
        assertTrue(r.threads().waits().stream().mapToLong(Long::longValue).sum() > 0, "some frees had to wait");
    }

    @Test
    void inversionsAreRepairedAndCounted() throws Throwable {
        // Thread 2 frees each block thread 1 has just been given, and its record comes first, as a recorder
        // writing each thread's records when the call returns can write them.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long a = 0x20000 + (i % 20) * 0x100L;
            lines.add("free(" + Long.toHexString(a) + ") tid=2");
            lines.add("malloc(" + (24 + i % 10) + ") = " + Long.toHexString(a) + " tid=1");
        }
        Path in = Files.write(dir.resolve("inverted.trace"), lines);
        org.junit.jupiter.api.Assertions.assertThrows(cmt.codec.TraceException.class,
                () -> Replay.of("glibc").inProcess(true).threads(true).run(in), "strict reading refuses them");
        ReplayResult r = Replay.of(checking.toString()).inProcess(true).threads(true)
                .leniency(cmt.codec.Leniency.LENIENT).run(in);
        assertEquals(1000, r.threads().crossing(), "every free, moved after its malloc, is of the other thread's block");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("1000 free recorded before its block's allocation on "
                + "another thread moved after it")), r.notes().toString());
    }

    @Test
    void pacedCallsWaitForTheirTimestamps() throws Exception {
        // 40 calls on two threads, 5 ms apart as recorded: paced, the replay takes at least the 195 ms they
        // took; unpaced, a few microseconds.
        List<String> lines = new ArrayList<>();
        long ns = 1_000_000_000L;
        for (int i = 0; i < 20; i++) {
            long a = 0x30000 + i * 0x100L;
            lines.add("malloc(64) = " + Long.toHexString(a) + " tid=" + (1 + i % 2) + " ns=" + (ns += 5_000_000));
            lines.add("free(" + Long.toHexString(a) + ") tid=" + (2 - i % 2) + " ns=" + (ns += 5_000_000));
        }
        Path in = Files.write(dir.resolve("paced.trace"), lines);
        ReplayResult paced = Replay.of("glibc").inProcess(true).threads(true).pace(true).run(in);
        assertTrue(paced.timing().loopNanos() >= 195_000_000L, "paced loop time " + paced.timing().loopNanos());
        ReplayResult fast = Replay.of("glibc").inProcess(true).threads(true).run(in);
        assertTrue(fast.timing().loopNanos() < 100_000_000L, "unpaced loop time " + fast.timing().loopNanos());
    }

    @Test
    void aTraceWithoutThreadsReplaysOnOneThread() throws Exception {
        Path in = Traces.write(dir, "plain.trace", "malloc(8) = 10", "malloc(16) = 20", "free(10)", "free(20)");
        ReplayResult r = Replay.of("glibc").inProcess(true).threads(true).run(in);
        assertEquals(1, r.threads().used());
        assertEquals(0, r.threads().crossing());
        assertEquals(List.of(4L), r.threads().events());
    }

    @Test
    void withoutThreadsTheCrossingIsCountedButNotReplayed() throws Exception {
        Path in = Traces.write(dir, "two.trace", "malloc(8) = 10 tid=1", "free(10) tid=2");
        ReplayResult r = Replay.of("glibc").inProcess(true).run(in);
        assertEquals(2, r.threads().recorded());
        assertEquals(1, r.threads().used());
        assertEquals(1, r.threads().crossing());
        assertTrue(r.toString().contains("on one replay thread: a threaded replay needs --threads"), r.toString());
    }

    /**
     * Each thread's events in order, as op, size and the size of the block ended: what a threaded replay
     * keeps (its trace is written in the order the calls happened, its blocks numbered anew). Reading the
     * re-emitted trace strictly also checks that it is valid: every block freed before its address is
     * handed out again, every free of a block that exists.
     */
    private static java.util.Map<Long, List<String>> perThread(Path trace) {
        java.util.Map<Long, List<String>> m = new java.util.TreeMap<>();
        try (TraceReader r = TraceReader.open(trace)) {
            Event e = new Event();
            while (r.next(e)) {
                m.computeIfAbsent(e.thread, t -> new ArrayList<>()).add(e.op + " " + e.size + " " + e.oldSize);
            }
        }
        return m;
    }

    /**
     * Replays {@code lines} in this process through the checking allocator on its own threads, and checks
     * that no call touched a block out of turn, that {@code threads} kernel threads called the allocator
     * (the caller's is one of them), and that the re-emitted trace keeps every lifetime and thread id.
     */
    private static ReplayResult replayChecked(String name, List<String> lines, int threads) throws Throwable {
        Path in = Files.write(dir.resolve(name + ".trace"), lines);
        Path out = dir.resolve(name + ".replayed");
        ReplayResult r = Replay.of(checking.toString()).inProcess(true).threads(true).output(out).overwrite(true).run(in);
        assertEquals(threads, r.threads().used());
        SymbolLookup lib = SymbolLookup.libraryLookup(checking, Arena.global());
        MethodHandle faults = Linker.nativeLinker().downcallHandle(lib.find("checking_faults").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG));
        MethodHandle seen = Linker.nativeLinker().downcallHandle(lib.find("checking_threads").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG));
        assertEquals(0L, (long) faults.invokeExact(), "calls on a block before it was made, or after it was freed");
        assertTrue((long) seen.invokeExact() >= threads, "kernel threads that called the allocator: " + (long) seen.invokeExact());
        assertEquals(perThread(in), perThread(out), "each thread's calls, in its order, on the same blocks");
        return r;
    }
}
