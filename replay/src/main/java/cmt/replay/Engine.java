package cmt.replay;


import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Output;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Runs one replay in this process: loads the allocator, calibrates the clock, warms the loop up, then
 * streams the trace through it batch by batch and gathers the measurements.
 *
 * <p>Order of a replay, and what each step's numbers include:
 * <ol>
 * <li>open the trace and the output (errors here cost nothing);</li>
 * <li>load the allocator and bind its loop; calibrate; for a named allocator, warm up with small batches
 *     of calls of every kind, with the replay's own settings, until a batch no longer gets faster (at
 *     least a million calls), then decode a synthetic trace and wait for the JIT to go quiet, so that the
 *     loop and the reader are compiled before the first event; the calls leave no block behind. A
 *     user's library is not warmed up: it sees exactly the trace's calls, so a call counter in it (or a
 *     crash at its Nth malloc) matches the trace;</li>
 * <li>statistics and RSS "before"; start the RSS sampler and the wall clock;</li>
 * <li>per batch of {@value Settings#BATCH} events: decode, replay (timed as the loop time), record the
 *     sampled latencies, re-emit;</li>
 * <li>stop the clock; statistics and RSS "after"; free the blocks still live (not timed).</li>
 * </ol>
 */
final class Engine {
    // Small batches, many calls: the JIT compiles a method as a whole (not only its loop, "on stack")
    // after enough calls, and only that version serves the replay's batches from their first event.
    private static final int WARM_UP_BATCH = 250;
    private static final int WARM_UP_MIN_BATCHES = 4000;
    private static final int WARM_UP_MAX_BATCHES = 40000;
    private static final int WARM_UP_STABLE = 500;
    private static final int WARM_UP_READER_PAIRS = 200_000;
    private static final long QUIET_MAX_MILLIS = 2000;

    private final Settings s;
    private final Cursor cursor;
    private final boolean isolated;

    private Engine(Settings s, Cursor cursor, boolean isolated) {
        this.s = s;
        this.cursor = cursor;
        this.isolated = isolated;
    }

    static ReplayResult run(Settings s, String input, Cursor cursor, boolean isolated,
            TraceReader.ProgressListener progress) {
        return new Engine(s, cursor, isolated).run(input, progress);
    }

    private ReplayResult run(String input, TraceReader.ProgressListener progress) {
        cursor.phase(Cursor.STARTING);
        // A child is watched by its parent; in this process, by a thread of its own.
        Guard guard = isolated ? null : Guard.start(cursor, s);
        try (guard; TraceReader reader = TraceReader.open(input, s.leniency());
                Output out = output(input)) {
            // Not a resource: closing it would finish a partial trace; an error leaves it to out.close().
            // A threaded replay's trace is written in the order its calls happened, so its blocks are
            // numbered anew in that order: tags must grow, and the input's do not in that order.
            TraceWriter writer = out == null ? null : TraceWriter.open(out, Format.TEXT,
                    s.threads() ? WriteOptions.DEFAULT.withTagged(false) : WriteOptions.DEFAULT);
            reader.onProgress(new TraceReader.ProgressListener() {
                @Override
                public void progress(long events, long done, long total) {
                    cursor.progress(events, done, total);
                    if (progress != null) {
                        progress.progress(events, done, total);
                    }
                }

                @Override
                public void finished(long events, long bytes) {
                    cursor.progress(events, bytes, bytes);
                    if (progress != null) {
                        progress.finished(events, bytes);
                    }
                }
            });
            Allocator a = Allocator.load(s.allocator());
            Crew crew = s.crew() ? new Crew(a.loop()) : null;
            Loop loop = crew != null ? crew : a.loop();
            Calibration cal = s.sampleEvery() > 0 ? Calibration.measure() : new Calibration(Double.NaN, Double.NaN);
            List<String> notes = new ArrayList<>(a.notes());
            if (Allocator.NAMED.contains(s.allocator())) {
                warmUp(loop);
                warmUpReader();
                awaitQuietCompiler();
            } else {
                notes.add("no warm-up: a user's library sees exactly the trace's calls, so the first events "
                        + "ran before the loop was compiled");
            }
            ReplayResult r;
            try {
                r = replay(reader, writer, a, loop, crew, cal, notes, guard);
            } finally {
                if (crew != null) {
                    crew.close();
                }
            }
            if (writer != null) {
                writer.close();
                out.commit();
            }
            cursor.phase(Cursor.DONE);
            return r;
        }
    }

    /**
     * Where the re-emitted trace goes, or null: a file, or standard output, which for a child is its own
     * descriptor 1 (inherited from the caller, so write errors keep their reason) and in this process
     * whatever {@code System.out} is (a command line keeps descriptor 1 from the JVM then; a notebook's is
     * the cell).
     */
    private Output output(String input) {
        if (s.output() == null) {
            return null;
        }
        if (s.output().equals("-") && isolated) {
            return Output.of(new java.io.FileOutputStream(java.io.FileDescriptor.out), "standard output");
        }
        return Output.open(s.output(), s.overwrite(), input);
    }

    /** Replays every event and gathers what was measured; the one place a result is made. */
    private ReplayResult replay(TraceReader reader, TraceWriter writer, Allocator a, Loop loop, Crew crew,
            Calibration cal, List<String> notes, Guard guard) {
        Map<String, Long> statsBefore = AllocatorStats.read(a);
        if (crew != null) {
            crew.clearCounts();
            if (s.pace()) {
                crew.pace();
            }
        }
        boolean usable = s.usable() && a.hasUsable();
        Heap heap = new Heap(s.touch(), s.sampleEvery(), s.usable(), cursor.address(), s.batch());
        // The check follows the trace's order; a threaded replay's threads make their calls in another.
        BlockCheck check = s.check() && !s.threads() ? new BlockCheck() : null;
        if (s.check() && s.threads()) {
            notes.add("blocks not checked: the block check follows the trace's order, and a threaded replay's "
                    + "threads make their calls in an order of their own");
        }
        Ops ops = new Ops(s.batch(), writer != null, check != null, s.pace());
        Decoder decoder = new Decoder(reader, s.threads());
        if (crew != null) {
            crew.threadIds(decoder::recorded);
        }
        PerOp<Histogram> latency = Latency.emptyHistograms();
        Event e = new Event();
        if (isolated) {
            ResidentSet.touchYoung();
        }
        long rssBefore = Rss.current();
        long jvmBefore = ResidentSet.jvmOwn();
        cursor.event(0);
        Rss rss = new Rss(cursor::event).start();
        cursor.phase(Cursor.READING);
        long loopNanos = 0;
        long start = System.nanoTime();
        long wallNanos;
        long rssAfter;
        long jvmAfter;
        Map<String, Long> statsAfter;
        try {
            while (decoder.next(ops)) {
                heap.ensure(decoder.slotsUsed());
                cursor.phase(Cursor.REPLAYING);
                long t0 = System.nanoTime();
                int failed = loop.run(ops, heap);
                loopNanos += System.nanoTime() - t0;
                cursor.phase(Cursor.READING);
                if (guard != null) {
                    guard.stopIfExpired();
                }
                for (int i = 0; i < heap.samples; i++) {
                    latency.of(Op.of(heap.sampleOp[i])).recordValue(Math.max(0, heap.sampleNs[i]));
                }
                int done = failed < 0 ? ops.count : failed;
                if (check != null) {
                    check.verify(a.name(), ops, done);
                }
                if (writer != null) {
                    int[] happened = crew == null ? null : crew.happened(ops, done);
                    for (int k = 0; k < done; k++) {
                        ops.replayed(happened == null ? k : happened[k], e);
                        writer.write(e);
                    }
                }
                if (failed >= 0) {
                    throw ReplayException.returnedNull(a.name(), ops, failed);
                }
            }
            wallNanos = System.nanoTime() - start;
            rss.stop();
            cursor.phase(Cursor.FINISHING);
            rssAfter = Rss.current();
            jvmAfter = ResidentSet.jvmOwn();
            statsAfter = AllocatorStats.read(a);
        } finally {
            rss.stop();
            cursor.phase(Cursor.FINISHING);
            if (check == null || !check.faulty()) {
                // An allocator that handed out a live block again would be given it twice here.
                loop.freeAll(heap, decoder.slotsUsed());
            }
        }
        if (reader.repairs().total() > 0) {
            notes.add("lenient: " + reader.repairs());
        }
        if (crew != null && crew.reordered() > 0) {
            notes.add(String.format(java.util.Locale.ROOT, "re-emitted trace: %,d frees and reallocs written before the "
                    + "allocation that found their block's address (a realloc that moved its block raced another "
                    + "thread's free)", crew.reordered()));
        }
        return new ReplayResult(s.allocator(), a.library(), reader.name(), s.touch(), isolated, s.output(), notes,
                PerOp.from(op -> decoder.opCount[op.ordinal()]),
                new Timing(wallNanos, loopNanos),
                new Latency(s.sampleEvery(), cal.timerNs(), cal.downcallNs(), latency),
                new Memory(decoder.requested, usable ? heap.usableTotal : -1, decoder.peakRequested,
                        usable ? heap.peakUsable : -1, decoder.peakBlocks, decoder.liveBlocks),
                new ResidentSet(rssBefore, rssAfter, Math.max(Math.max(rss.max(), rssAfter), rssBefore), Rss.peak(),
                        rss.series(), jvmBefore, jvmAfter),
                crew == null ? new Threads(decoder.threads(), 1, decoder.crossEnds, List.of(decoder.events()), List.of(0L),
                        List.of(loopNanos), Latency.emptyHistograms())
                        : new Threads(decoder.threads(), decoder.threads(), decoder.crossEnds,
                                crew.eventsByThread().subList(0, decoder.threads()),
                                crew.waitsByThread().subList(0, decoder.threads()),
                                crew.busyByThread().subList(0, decoder.threads()), crew.crossingLatency()),
                statsBefore, statsAfter);
    }

    /**
     * Runs every kind of call through the loop until the JIT has compiled all its paths (a path first
     * taken during the replay would cost a deoptimisation there), leaving nothing allocated.
     */
    private void warmUp(Loop loop) {
        byte[] op = {Ops.MALLOC, Ops.CALLOC, Ops.ALIGNED, Ops.REALLOC, Ops.FREE, Ops.FREE, Ops.FREE,
            Ops.MALLOC, Ops.REALLOC, Ops.FREE};
        int[] slot = {0, 1, 2, 0, 0, 1, 2, 3, 3, 3};
        long[] size = {32, 64, 64, 48, 0, 0, 0, 16, 4096, 0};
        long[] aux = {0, 2, 64, 0, 0, 0, 0, 0, 0, 0};
        // The same settings as the replay: a branch never taken here would be compiled as a trap, and the
        // first event that takes it would send the loop back to the interpreter.
        Ops ops = new Ops(WARM_UP_BATCH, s.output() != null, s.check() && !s.threads());
        for (int i = 0; i < ops.capacity(); i++) {
            int k = i % op.length;
            ops.op[i] = op[k];
            ops.slot[i] = slot[k];
            ops.size[i] = size[k];
            ops.aux[i] = aux[k];
            // A threaded replay warms up on two threads that hand blocks to each other, so that waiting is
            // compiled too; each slot is taken again by the thread that freed it, as the Decoder has it.
            ops.worker[i] = s.threads() ? i % 2 : 0;
        }
        ops.count = ops.capacity();
        Heap heap = new Heap(s.touch(), s.sampleEvery(), s.usable(), cursor.address(), s.batch());
        // Compilation happens in the background: go on until the batch time has stopped improving.
        long best = Long.MAX_VALUE;
        int sinceBest = 0;
        for (int b = 0; b < WARM_UP_MAX_BATCHES && (b < WARM_UP_MIN_BATCHES || sinceBest < WARM_UP_STABLE); b++) {
            long t0 = System.nanoTime();
            loop.run(ops, heap);
            long t = System.nanoTime() - t0;
            if (t < best * 0.97) {
                best = t;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
    }

    /**
     * Decodes a synthetic text trace (without replaying it) so that the reader and decoder are compiled
     * before the first real event: otherwise the JIT compiles them during the first million events, and
     * on a machine with two cores its threads take time from the replay loop that the loop time would
     * count.
     */
    private static void warmUpReader() {
        byte[] pair = "malloc(32) = 10000\nfree(10000)\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] text = new byte[pair.length * WARM_UP_READER_PAIRS];
        for (int i = 0; i < WARM_UP_READER_PAIRS; i++) {
            System.arraycopy(pair, 0, text, i * pair.length, pair.length);
        }
        try (TraceReader r = TraceReader.open(new java.io.ByteArrayInputStream(text), "warm-up", cmt.codec.Leniency.STRICT)) {
            Decoder d = new Decoder(r);
            Ops ops = new Ops(Settings.BATCH, true);
            while (d.next(ops)) {
                // decoding is the work
            }
        }
    }

    /**
     * Waits (at most {@value #QUIET_MAX_MILLIS} ms) until the JIT has compiled nothing for a while, so that
     * its threads do not share the CPU with the first events.
     */
    private static void awaitQuietCompiler() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + QUIET_MAX_MILLIS * 1_000_000L;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }
}
