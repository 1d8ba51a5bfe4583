package cmt.bench;

import cmt.codec.TraceReader;
import cmt.replay.Allocator;
import cmt.replay.Program;
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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The replay loop through FFM against the same loop in C, on the same decoded trace, the same allocator
 * functions, in the same process: one operation is one replay of the whole trace (then the blocks still
 * live are freed), so JMH times both the same way. Scores are divided by the trace's events, in ns.
 *
 * <ul>
 * <li>{@code c}: {@code replay-loop.c}, built with {@code gcc -O2} at setup, called once per replay
 *     through one downcall; it calls malloc/free/... through the symbol addresses FFM uses.</li>
 * <li>{@code ffm}: {@code cmt.replay}'s loop as shipped, with timing and malloc_usable_size off; it still
 *     does its own bookkeeping (live and peak bytes, the crash cursor, the columns -v re-emits), which
 *     the C loop does not.</li>
 * <li>{@code ffmMeasured}: the loop as {@code cmt replay} runs it by default (1 call in 64 timed,
 *     malloc_usable_size after every allocation).</li>
 * </ul>
 * Shapes: {@code churn} (10^6 events of {@link Shapes#generateChurn}: about 1,000 live blocks, 3% large
 * ones) and {@code hmmer} (the real 180,216-event trace from {@code cmt.shared}: small blocks, at most 45
 * live, so nearly all the time is call overhead). Run: {@code bench/run.sh ReplayBenchmark} (the script
 * sets {@code GLIBC_TUNABLES} so that jemalloc loads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx2g"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class ReplayBenchmark {
    @Param({"glibc", "jemalloc"})
    public String allocator;

    @Param({"churn", "hmmer"})
    public String shape;

    private Allocator alloc;
    private Program program;
    private Program.Columns columns;
    private MemorySegment ptrs;
    private MethodHandle cLoop;
    private MemorySegment[] functions;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        alloc = Allocator.load(allocator);
        byte[] text = shape.equals("churn") ? churn() : Inputs.text(shape);
        program = Program.load(Inputs.open(text));
        columns = program.columns(Arena.global());
        ptrs = Arena.global().allocate(8L * program.slots(), 8);
        functions = new MemorySegment[] {fn("malloc"), fn("calloc"), fn("memalign"), fn("realloc"), fn("free")};
        Path so = compile();
        MemorySegment replay = SymbolLookup.libraryLookup(so, Arena.global()).find("replay").orElseThrow();
        cLoop = Linker.nativeLinker().downcallHandle(replay, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        System.out.printf("%n%s: %,d events, %,d slots%n", shape, program.events(), program.slots());
    }

    private static byte[] churn() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 25);
        try (cmt.codec.TraceWriter w = cmt.codec.TraceWriter.of(cmt.codec.Format.TEXT, out, "churn", true)) {
            Shapes.generateChurn(1_000_000, w::write);
        }
        return out.toByteArray();
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
        Process p = new ProcessBuilder("gcc", "-O2", "-shared", "-fPIC", "-o", so.toString(), src.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("gcc failed on " + src);
        }
        return so;
    }

    @Benchmark
    public long c() throws Throwable {
        long failed = (long) cLoop.invokeExact((long) program.events(), columns.op(), columns.slot(), columns.size(),
                columns.aux(), ptrs, program.slots(), functions[0], functions[1], functions[2], functions[3],
                functions[4]);
        if (failed >= 0) {
            throw new IllegalStateException("NULL at event " + failed);
        }
        return program.events();
    }

    @Benchmark
    public long ffm() {
        return program.replay(alloc, Touch.NONE, 0, false);
    }

    @Benchmark
    public long ffmMeasured() {
        return program.replay(alloc, Touch.NONE, 64, true);
    }
}
