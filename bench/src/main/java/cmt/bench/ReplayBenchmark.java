package cmt.bench;

import cmt.codec.TraceReader;
import cmt.replay.Allocator;
import cmt.replay.Program;
import cmt.replay.Replay;
import cmt.replay.Touch;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The replay loop through FFM against the same loop in C, on the same decoded trace, calling the same
 * allocator functions, in the same process. One operation replays the whole trace once with each of:
 *
 * <ul>
 * <li>C: {@code replay-loop.c}, built with {@code gcc -O2} at setup and called through one downcall per
 *     replay; it calls malloc/free/... through the symbol addresses FFM uses;</li>
 * <li>FFM: {@code cmt.replay}'s loop as shipped, with timing and malloc_usable_size off; it still does
 *     its own bookkeeping (the crash cursor, the usable-size and sampling checks) that C does not;</li>
 * <li>FFM measured: the loop as {@code cmt replay} runs it by default (1 call in 64 timed,
 *     malloc_usable_size after every allocation);</li>
 * </ul>
 * each followed by freeing the blocks still live, in an order that rotates from one operation to the
 * next. The machine is shared and its load changes from second to second, so the engines are compared
 * within each operation rather than in separate benchmarks: each replay is timed, and when the fork ends
 * the median ns per event of each engine and FFM's throughput against C are printed (JMH's own score is
 * the time of the three replays together).
 *
 * <p>Shapes: {@code churn} (10^6 events of {@link Shapes#generateChurn}: about 1,000 live blocks, 3% of
 * them 4 KiB to 1 MiB) and {@code hmmer} (the real 180,216-event trace from {@code cmt.shared}: small
 * blocks, at most 45 live, so nearly all the time is the cost of a call). Run:
 * {@code bench/run.sh ReplayBenchmark} (the script sets {@code GLIBC_TUNABLES} so that jemalloc loads).
 * The forks make critical downcalls ({@code -Dcmt.replay.critical=true}), as a replay's child process does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx2g",
        "-Dcmt.replay.critical=true"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
public class ReplayBenchmark {
    @Param({"glibc", "jemalloc"})
    public String allocator;

    @Param({"churn", "hmmer"})
    public String shape;

    /**
     * Whether each engine replays on the trace's recorded threads ({@code -p threaded=true -p shape=java},
     * the bundled 18-thread JVM recording, or {@code java8}, eight runs of it one after the other on the same
     * threads): the C loop then runs one pthread per thread with the same waits.
     */
    @Param({"false"})
    public boolean threaded;

    private Program.Lanes lanes;
    private MethodHandle cThreads;
    private Allocator alloc;
    private Program program;
    private Program.Columns columns;
    private MemorySegment ptrs;
    private MethodHandle cLoop;
    private MemorySegment[] functions;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        alloc = Allocator.load(allocator);
        byte[] text = switch (shape) {
            case "churn" -> Inputs.churn(1_000_000);
            case "java" -> javaSample();
            case "java8" -> Inputs.repeated(javaSample(), 8);
            default -> Inputs.text(shape);
        };
        program = Program.load(Inputs.open(text), threaded);
        columns = program.columns(Arena.global());
        ptrs = Arena.global().allocate(8L * program.slots(), 8);
        functions = new MemorySegment[] {fn("malloc"), fn("calloc"), fn("memalign"), fn("realloc"), fn("free")};
        Path so = compile();
        MemorySegment replay = SymbolLookup.libraryLookup(so, Arena.global()).find("replay").orElseThrow();
        cLoop = Linker.nativeLinker().downcallHandle(replay, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        if (threaded) {
            lanes = program.lanes(Arena.global());
            MemorySegment rt = SymbolLookup.libraryLookup(so, Arena.global()).find("replay_threads").orElseThrow();
            cThreads = Linker.nativeLinker().downcallHandle(rt, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        }
        System.out.printf("%n%s: %,d events, %,d slots%s%n", shape, program.events(), program.slots(),
                threaded ? ", " + lanes.count() + " threads" : "");
    }

    private static byte[] javaSample() throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty("cmt.samples", "samples"), "java-preload.trace.xz"));
    }

    private MemorySegment fn(String name) {
        return alloc.function(name).orElseThrow(() -> new IllegalStateException(allocator + " lacks " + name));
    }

    private static Path compile() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cmt-bench");
        Path src = dir.resolve("replay-loop.c");
        try (InputStream in = ReplayBenchmark.class.getResourceAsStream("replay-loop.c")) {
            Files.copy(in, src);
        }
        Path so = dir.resolve("libreplayloop.so");
        Process p = new ProcessBuilder("gcc", "-O2", "-shared", "-fPIC", "-pthread", "-o", so.toString(), src.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("gcc failed on " + src);
        }
        return so;
    }

    private long c() throws Throwable {
        long failed = threaded ? (long) cThreads.invokeExact((long) lanes.count(), lanes.start(), lanes.position(),
                lanes.waitFor(), lanes.waitCount(), columns.op(), columns.slot(), columns.size(), columns.aux(), ptrs,
                program.slots(), functions[0], functions[1], functions[2], functions[3], functions[4])
                : (long) cLoop.invokeExact((long) program.events(), columns.op(), columns.slot(), columns.size(),
                columns.aux(), ptrs, program.slots(), functions[0], functions[1], functions[2], functions[3],
                functions[4]);
        if (failed >= 0) {
            throw new IllegalStateException("NULL at event " + failed);
        }
        return program.events();
    }

    /**
     * Kept out of the benchmark method: inlined into JMH's measurement loop, the replay loop compiles
     * into code unlike the one {@code cmt replay} runs (measured: twice as slow with sampling and
     * usable sizes on); as its own compilation unit it is what a replay runs.
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private long ffm(int sampleEvery, boolean usable) {
        return program.replay(alloc, Touch.NONE, sampleEvery, usable);
    }

    /** One replay of the whole trace by each engine, in an order that rotates from one call to the next. */
    @Benchmark
    public long replay(Times times) throws Throwable {
        long sum = 0;
        for (int k = 0; k < 3; k++) {
            int engine = (times.calls + k) % 3;
            long t0 = System.nanoTime();
            sum += switch (engine) {
                case 0 -> c();
                case 1 -> ffm(0, false);
                default -> ffm(Replay.SAMPLE_EVERY, true);
            };
            times.add(engine, System.nanoTime() - t0);
        }
        times.calls++;
        return sum;
    }

    /** The time of every replay by each engine in measurement iterations, printed as medians when the fork ends. */
    @State(Scope.Thread)
    public static class Times {
        private static final String[] ENGINES = {"C", "FFM", "FFM measured"};
        private final long[][] nanos = new long[3][1 << 12];
        private final int[] n = new int[3];
        private boolean measuring;
        int calls;

        void add(int engine, long t) {
            if (measuring) {
                if (n[engine] == nanos[engine].length) {
                    nanos[engine] = Arrays.copyOf(nanos[engine], 2 * n[engine]);
                }
                nanos[engine][n[engine]++] = t;
            }
        }

        /** Only measurement iterations count. */
        @Setup(Level.Iteration)
        public void iteration(IterationParams params) {
            measuring = params.getType() == IterationType.MEASUREMENT;
        }

        /** Prints e.g. {@code replay glibc hmmer: 1638 rounds; ns/event: C 4.66, FFM 6.82, FFM measured 8.1; ...}. */
        @TearDown(Level.Trial)
        public void report(ReplayBenchmark b) {
            double events = b.program.events();
            double[] median = new double[3];
            for (int e = 0; e < 3; e++) {
                long[] t = Arrays.copyOf(nanos[e], n[e]);
                Arrays.sort(t);
                median[e] = t.length == 0 ? Double.NaN : t[t.length / 2] / events;
            }
            System.out.printf("%nreplay %s %s%s: %d rounds; median ns/event: C %.2f, FFM %.2f, FFM measured %.2f; "
                    + "throughput against C: FFM %.2fx, FFM measured %.2fx%n", b.allocator, b.shape,
                    b.threaded ? " (threads)" : "", n[0], median[0],
                    median[1], median[2], median[0] / median[1], median[0] / median[2]);
        }
    }
}
