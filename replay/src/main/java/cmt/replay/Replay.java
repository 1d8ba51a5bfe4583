package cmt.replay;


import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A replay of a trace through one allocator, to be run: the entry point of this module.
 *
 * <pre>{@code
 * ReplayResult r = Replay.of("jemalloc")            // glibc, jemalloc, mimalloc, tcmalloc or a .so path
 *         .touch(Touch.PAGE)                        // none (default), page or full
 *         .output(Path.of("ls.jemalloc.trace"))     // re-emit the trace with jemalloc's pointers
 *         .run(Path.of("ls.trace"));
 * r.summary();  r.latencies();  r.trace().layout();
 * }</pre>
 *
 * By default the replay runs in a child JVM ({@link #inProcess(boolean)} to change that): an allocator
 * that crashes ends with a {@link ReplayException} such as
 * {@code mine.so: allocator crashed (SIGSEGV) at event 99 (malloc of 16 bytes)} and this JVM lives on.
 * Interrupting the calling thread kills the child and throws {@link java.util.concurrent.CancellationException}.
 * A replay is a value: each method returns a changed copy.
 */
public final class Replay {
    /** Default of {@link #sampleEvery(int)}: one event in 64 is timed. */
    public static final int SAMPLE_EVERY = 64;
    /** Default of {@link #stallTimeout(Duration)}: an allocator call that has not returned in 60 s stops the replay. */
    public static final int STALL_SECONDS = 60;

    // What the replay does, handed as it is to a child process; the other two say only where it runs
    // and who hears of its progress, which a child has no use for.
    private final Settings settings;
    private final boolean inProcess;
    private final TraceReader.ProgressListener progress;

    private Replay(Settings settings, boolean inProcess, TraceReader.ProgressListener progress) {
        this.settings = settings;
        this.inProcess = inProcess;
        this.progress = progress;
    }

    /** A replay through the allocator {@code nameOrPath} ({@link Allocator#NAMED} or a shared library's path). */
    public static Replay of(String nameOrPath) {
        return new Replay(Settings.of(Objects.requireNonNull(nameOrPath, "allocator")), false, null);
    }

    private Replay with(Settings changed) {
        return new Replay(changed, inProcess, progress);
    }

    Touch touch() {
        return settings.touch();
    }

    Leniency leniency() {
        return settings.leniency();
    }

    /** The same replay through another allocator. */
    public Replay allocator(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "allocator");
        return with(settings.withAllocator(nameOrPath));
    }

    /** What is done to each block after it is allocated (default {@link Touch#NONE}). */
    public Replay touch(Touch mode) {
        Objects.requireNonNull(mode, "touch");
        return with(settings.withTouch(mode));
    }

    /** True if {@code n} is a valid {@link #sampleEvery}: 0 or a power of two. */
    public static boolean isSampleEvery(int n) {
        return n >= 0 && (n & (n - 1)) == 0;
    }

    /**
     * Times one event in {@code n} (a power of two; default {@value #SAMPLE_EVERY}; 1 times every call,
     * 0 none). Timing costs two clock readings per timed call.
     */
    public Replay sampleEvery(int n) {
        if (!isSampleEvery(n)) {
            throw new IllegalArgumentException("sampleEvery must be 0 or a power of two, not " + n);
        }
        return with(settings.withSampleEvery(n));
    }

    /** Whether malloc_usable_size is asked after every allocation (default true; one more call each). */
    public Replay usableSizes(boolean measure) {
        return with(settings.withUsable(measure));
    }

    /**
     * Whether each recorded thread is replayed by a native thread of its own (default false: every event on
     * one thread, in trace order). Each thread keeps its own events' order; a block freed or reallocated by
     * another thread than the one that last had it is touched only after that thread's call on it has
     * returned, and nothing else is ordered, so the threads run concurrently as the program's did. A trace
     * without thread ids replays on one thread either way. See {@link Crew}.
     */
    public Replay threads(boolean perThread) {
        return with(settings.withThreads(perThread));
    }

    /**
     * Whether calls are paced by the trace's timestamps ({@code ns=}; default false: as fast as they go):
     * each call waits until the replay is as far from its start as the call was from the trace's first, so
     * that threads overlap as they did when recorded. Events without a timestamp are not held back.
     */
    public Replay pace(boolean paced) {
        return with(settings.withPace(paced));
    }

    /** How the trace is read (default {@link Leniency#STRICT}). */
    public Replay leniency(Leniency mode) {
        Objects.requireNonNull(mode, "leniency");
        return with(settings.withLeniency(mode));
    }

    /**
     * Re-emits the trace to {@code out} (a path named {@code -} is standard output): every event in the
     * tagged text form, with the pointers this allocator returned. An existing file is refused unless
     * {@link #overwrite(boolean)}.
     */
    public Replay output(Path out) {
        return with(settings.withOutput(out == null ? null : out.toString()));
    }

    /** Whether {@link #output(Path)} may replace an existing file (default false). */
    public Replay overwrite(boolean replace) {
        return with(settings.withOverwrite(replace));
    }

    /**
     * Whether every block the allocator returns is checked to lie outside every live block (default
     * true): an allocator that hands out a live block again, or one overlapping it, stops the replay with
     * a {@link ReplayException} naming the event. The check runs between batches, outside the measured
     * loop time; turning it off saves its cost in wall time (see docs/replay.md).
     */
    public Replay check(boolean on) {
        return with(settings.withCheck(on));
    }

    /**
     * The longest the whole replay may take (default: no limit; {@code Duration.ZERO} for none). A replay
     * that reaches it stops with a {@link ReplayException} saying where it was.
     */
    public Replay timeout(Duration limit) {
        return with(settings.withTimeoutMillis(millis(limit, "timeout")));
    }

    /**
     * The longest one allocator call (or loading the allocator, or freeing the blocks left at the end)
     * may take before the replay is stopped as making no progress (default {@value #STALL_SECONDS} s;
     * {@code Duration.ZERO} waits for ever). Time spent reading the trace does not count. In a child
     * process the child is killed and a {@link ReplayException} names the event; in process, nothing can
     * take the call back, so the process prints that line on standard error and exits with status 1.
     */
    public Replay stallTimeout(Duration limit) {
        return with(settings.withStallMillis(millis(limit, "stallTimeout")));
    }

    private static long millis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        // Limits are compared in nanoseconds: past 292 years a limit is no limit.
        long most = Long.MAX_VALUE / 1_000_000;
        long ms = d.compareTo(Duration.ofMillis(most)) > 0 ? most : d.toMillis();
        return ms == 0 && !d.isZero() ? 1 : ms;
    }

    /**
     * Replays in this JVM instead of a child (default false): faster to start, but an allocator that
     * crashes takes this JVM with it, and Debian's jemalloc loads only if this JVM was started with
     * {@code GLIBC_TUNABLES=}{@value Allocator#TUNABLE}.
     */
    public Replay inProcess(boolean here) {
        return new Replay(settings, here, progress);
    }

    /** Reports reading progress to {@code listener} (from the calling thread). */
    public Replay onProgress(TraceReader.ProgressListener listener) {
        return new Replay(settings, inProcess, listener);
    }

    /** Runs the replay over the trace in {@code trace} (any format and compression cmt reads). */
    public ReplayResult run(Path trace) {
        return run(trace.toString());
    }

    /** Runs the replay over {@code spec}, a path or {@code -} for standard input. */
    public ReplayResult run(String spec) {
        if (!inProcess) {
            return ChildProcess.run(settings, spec, progress);
        }
        // shared: the RSS sampler thread reads the cursor too
        try (Arena arena = Arena.ofShared()) {
            return Engine.run(settings, spec, Cursor.inMemory(arena), false, progress);
        }
    }

    /** The allocator this replay goes through. */
    public String allocator() {
        return settings.allocator();
    }

    @Override
    public String toString() {
        return "replay through " + settings.allocator() + ", touch " + settings.touch()
                + (inProcess ? ", in process" : ", in a child process");
    }
}
