// Writes the seed corpora of the fuzz tests: small slices of the bundled sample traces (samples/*.trace.xz)
// and of the codec's own test traces, re-encoded in every format and rendered as each recorder writes them,
// plus hand-made edge cases. Run once by `./fuzz seeds`; the files it writes are committed.
package cmt.codec.fuzz;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Input;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.WriteOptions;
import cmt.codec.convert.Converter;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The seeds, by fuzz test: {@code codec/src/test/resources/cmt/codec/fuzz/CLASSInputs/METHOD/NAME}, the
 * layout in which Jazzer runs every file as a regression test. Each seed is a few KB at most. Files it did not
 * write (findings kept as regression inputs) are left alone; its own are overwritten.
 */
public final class SeedCorpus {
    /** Lines of a sample in one slice: about 2.5 KB of text. */
    private static final int SLICE = 80;
    /** The largest seed: libFuzzer's default input length limit, which inputs loaded from a corpus are cut to. */
    private static final int MAX_SEED = 4096;
    /** Events rendered in the recorders' longer lines, so that a seed stays within {@link #MAX_SEED}. */
    private static final int RECORDS = 50;

    private final Path resources;
    private final Path samples;
    private int written;

    private SeedCorpus(Path root) {
        this.resources = root.resolve("codec/src/test/resources/cmt/codec/fuzz");
        this.samples = root.resolve("samples");
    }

    /** Writes every seed; the argument is the repository's root (default: the working directory's parent). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        SeedCorpus c = new SeedCorpus(root);
        c.all();
        System.out.println("wrote " + c.written + " seeds under " + c.resources);
    }

    private void all() throws IOException {
        String python = slice("python-heaptrack.trace.xz", 0);
        String valgrind = slice("java-valgrind.trace.xz", 0);
        String compilerMiddle = slice("cc1plus-heaptrack.trace.xz", 600_000);
        String loop = loopSlice();
        List<Event> pythonEvents = events(python);
        List<Event> valgrindEvents = events(valgrind);
        List<Event> compilerEvents = events(compilerMiddle);
        List<Event> loopEvents = events(loop);
        List<Event> extended = events(EVERY_CALL);

        // Text: slices as recorded, the middle of one (frees of blocks allocated before it: lenient cases),
        // the same normalised in the tagged form, and the hand-made cases.
        seed("TextReaderFuzzTest", "text", "python-heaptrack-head.trace", python);
        seed("TextReaderFuzzTest", "text", "java-valgrind-head.trace", valgrind);
        seed("TextReaderFuzzTest", "text", "cc1plus-heaptrack-middle.trace", compilerMiddle);
        seed("TextReaderFuzzTest", "text", "cc1plus-heaptrack-middle-tagged.trace",
                Harness.write(compilerEvents, Format.TEXT, WriteOptions.DEFAULT));
        seed("TextReaderFuzzTest", "text", "loop-head.trace", loop);
        seed("TextReaderFuzzTest", "text", "every-call.trace", EVERY_CALL);
        seed("TextReaderFuzzTest", "text", "lenient-cases.trace", LENIENT_CASES);
        seed("TextReaderFuzzTest", "text", "limits.trace", LIMITS);
        seed("TextReaderFuzzTest", "text", "tag-gaps.trace", TAG_GAPS);

        // Legacy CMT: the same slices encoded, and the extended calls (which it reduces to its three).
        seed("LegacyReaderFuzzTest", "legacy", "python-heaptrack-head.cmt", legacy(pythonEvents));
        seed("LegacyReaderFuzzTest", "legacy", "java-valgrind-head.cmt", legacy(valgrindEvents));
        seed("LegacyReaderFuzzTest", "legacy", "cc1plus-heaptrack-middle.cmt", legacy(compilerEvents));
        seed("LegacyReaderFuzzTest", "legacy", "loop-head.cmt", legacy(loopEvents));
        seed("LegacyReaderFuzzTest", "legacy", "every-call.cmt", legacy(events(TAG_GAPS)));

        // Compact: with and without addresses, threads and times or not, one block or several; the older
        // versions of the modelled coding from the codec's test resources.
        for (boolean packed : new boolean[] {false, true}) {
            String cls = packed ? "CompactPackedFuzzTest" : "CompactModelledFuzzTest";
            String method = packed ? "packed" : "modelled";
            String suffix = packed ? "-packed.cmtz" : ".cmtz";
            WriteOptions o = WriteOptions.DEFAULT.withCoding(packed ? WriteOptions.Coding.PACKED : WriteOptions.Coding.MODELLED);
            seed(cls, method, "python-heaptrack-head" + suffix, compact(pythonEvents, o.withRecorder("heaptrack 1.4.0")));
            seed(cls, method, "java-valgrind-head-blocks-of-20" + suffix,
                    compact(valgrindEvents, o.withBlockEvents(20).withEvents(valgrindEvents.size())));
            seed(cls, method, "cc1plus-heaptrack-middle-no-addresses" + suffix,
                    compact(compilerEvents, o.withAddresses(false)));
            seed(cls, method, "loop-head-blocks-of-7" + suffix, compact(loopEvents, o.withBlockEvents(7)));
            seed(cls, method, "every-call-threads-times" + suffix, compact(extended, o.withBlockEvents(3)));
            seed(cls, method, "tag-gaps" + suffix, compact(events(TAG_GAPS), o));
            seed(cls, method, "empty" + suffix, compact(List.of(), o));
        }
        for (int v = 1; v <= 5; v++) {
            seed("CompactModelledFuzzTest", "modelled", "loop-v" + v + ".cmtz", resource("/cmt/codec/compact/loop-v" + v + ".cmtz"));
        }
        for (int v = 4; v <= 5; v++) {
            seed("CompactPackedFuzzTest", "packed", "loop-v" + v + "-packed.cmtz",
                    resource("/cmt/codec/compact/loop-v" + v + "-packed.cmtz"));
        }
        // The default coding, which mixes the two: the loop's block modelled, the python slice's packed.
        List<Event> wholeLoop = events(new String(resource("/cmt/codec/compact/loop.trace"), StandardCharsets.US_ASCII));
        seed("CompactModelledFuzzTest", "modelled", "chosen-loop-then-python.cmtz",
                compact(then(wholeLoop, pythonEvents), WriteOptions.DEFAULT.withBlockEvents(wholeLoop.size())));

        // Recorders: the slices rendered in each one's syntax, and the hand-made odd lines.
        seed("ValgrindConverterFuzzTest", "valgrind", "java-valgrind-head.log", valgrind(valgrindEvents, 7301));
        seed("ValgrindConverterFuzzTest", "valgrind", "python-heaptrack-head.log", valgrind(pythonEvents, 42));
        seed("ValgrindConverterFuzzTest", "valgrind", "odd-lines.log", VALGRIND_ODD);
        seed("KdumpConverterFuzzTest", "kdump", "python-heaptrack-head.kdump", kdump(pythonEvents, false));
        seed("KdumpConverterFuzzTest", "kdump", "java-valgrind-head-threads-times.kdump", kdump(valgrindEvents.subList(0, RECORDS), true));
        seed("KdumpConverterFuzzTest", "kdump", "odd-lines.kdump", KDUMP_ODD);
        seed("DtraceConverterFuzzTest", "dtrace", "python-heaptrack-head-2018.log", dtrace(pythonEvents.subList(0, RECORDS), false));
        seed("DtraceConverterFuzzTest", "dtrace", "java-valgrind-head-header.log", dtrace(valgrindEvents.subList(0, RECORDS), true));
        seed("DtraceConverterFuzzTest", "dtrace", "every-call-header.log", dtrace(extended, true));
        seed("DtraceConverterFuzzTest", "dtrace", "stacks-header.log", DTRACE_STACKS);
        seed("HeaptrackConverterFuzzTest", "heaptrack", "python-heaptrack-head.raw", heaptrack(pythonEvents));
        seed("HeaptrackConverterFuzzTest", "heaptrack", "cc1plus-heaptrack-middle.raw", heaptrack(compilerEvents));
        seed("HeaptrackConverterFuzzTest", "heaptrack", "records.raw", HEAPTRACK_RECORDS);
        seed("HeaptrackConverterFuzzTest", "heaptrack", "stacks.raw", HEAPTRACK_STACKS);
        seed("MtraceConverterFuzzTest", "mtrace", "python-heaptrack-head.log", mtrace(pythonEvents.subList(0, RECORDS)));
        seed("MtraceConverterFuzzTest", "mtrace", "java-valgrind-head.log", mtrace(valgrindEvents.subList(0, RECORDS)));
        seed("MtraceConverterFuzzTest", "mtrace", "every-record.log", MTRACE_RECORDS);

        // Detection: one of each format and each compression around a text slice.
        byte[] text = python.getBytes(StandardCharsets.US_ASCII);
        seed("FormatDetectionFuzzTest", "detect", "text.trace", text);
        seed("FormatDetectionFuzzTest", "detect", "legacy.cmt", legacy(loopEvents));
        seed("FormatDetectionFuzzTest", "detect", "modelled.cmtz", compact(loopEvents, WriteOptions.DEFAULT.withCoding(WriteOptions.Coding.MODELLED)));
        seed("FormatDetectionFuzzTest", "detect", "packed.cmtz", compact(loopEvents, WriteOptions.DEFAULT.withCoding(WriteOptions.Coding.PACKED)));
        seed("FormatDetectionFuzzTest", "detect", "text.trace.gz", compress(text, GZIPOutputStream::new));
        seed("FormatDetectionFuzzTest", "detect", "text.trace.bz2", compress(text, BZip2CompressorOutputStream::new));
        seed("FormatDetectionFuzzTest", "detect", "text.trace.xz", compress(text, o -> new XZOutputStream(o, new LZMA2Options())));
        seed("FormatDetectionFuzzTest", "detect", "text.trace.zst", compress(text, ZstdOutputStream::new));
        seed("FormatDetectionFuzzTest", "detect", "legacy.cmt.gz", compress(legacy(loopEvents), GZIPOutputStream::new));

        // What each seed gives, to see that the seeds reach past the first line.
        try (var files = Files.list(resources.resolve("TextReaderFuzzTestInputs/text"))) {
            for (Path f : files.sorted().toList()) {
                Harness.Read r = Harness.read(Files.readAllBytes(f), Leniency.STRICT);
                System.out.println(f.getFileName() + ": " + (r.ok() ? r.events().size() + " events" : r.error().getMessage()));
            }
        }
        for (String[] t : new String[][] {{"ValgrindConverterFuzzTest", "valgrind"}, {"KdumpConverterFuzzTest", "kdump"},
                {"DtraceConverterFuzzTest", "dtrace"}, {"HeaptrackConverterFuzzTest", "heaptrack"},
                {"MtraceConverterFuzzTest", "mtrace"}}) {
            try (var files = Files.list(resources.resolve(t[0] + "Inputs").resolve(t[1]))) {
                for (Path f : files.sorted().toList()) {
                    Converter c = switch (t[1]) {
                        case "valgrind" -> Converter.valgrind(null);
                        case "kdump" -> Converter.kdump(null);
                        case "dtrace" -> Converter.dtrace();
                        case "mtrace" -> Converter.mtrace(null, null);
                        default -> Converter.heaptrack();
                    };
                    List<Event> events = Harness.convert(c, Files.readAllBytes(f));
                    System.out.println(f.getFileName() + ": " + (events == null ? "error" : events.size() + " events; " + c.report()));
                }
            }
        }
    }

    // ---- slices ----

    /** {@value #SLICE} lines of a sample from line {@code from} on. */
    private String slice(String sample, int from) throws IOException {
        try (InputStream in = Input.open(samples.resolve(sample)).stream();
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            StringBuilder b = new StringBuilder();
            String line;
            for (int i = 0; i < from + SLICE && (line = r.readLine()) != null; i++) {
                if (i >= from) {
                    b.append(line).append('\n');
                }
            }
            return b.toString();
        }
    }

    /** The first lines of the codec's loop trace (a test resource, like the older compact files made from it). */
    private static String loopSlice() {
        String all = new String(resource("/cmt/codec/compact/loop.trace"), StandardCharsets.US_ASCII);
        int end = 0;
        for (int i = 0; i < 2 * SLICE && end >= 0; i++) {
            end = all.indexOf('\n', end + 1);
        }
        return all.substring(0, end < 0 ? all.length() : end + 1);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SeedCorpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of a text trace as the lenient reader makes them (so that a middle slice becomes valid). */
    private static List<Event> events(String text) {
        Harness.Read r = Harness.read(text.getBytes(StandardCharsets.US_ASCII), Leniency.LENIENT);
        if (!r.ok()) {
            throw new IllegalStateException("a seed's source does not read: " + r.error().getMessage());
        }
        return r.events();
    }

    // ---- encodings ----

    private static byte[] legacy(List<Event> events) {
        return Harness.write(events, Format.LEGACY_CMT, WriteOptions.DEFAULT);
    }

    /** {@code first}, then {@code second} with its tags moved past {@code first}'s (a trace of two phases). */
    private static List<Event> then(List<Event> first, List<Event> second) {
        long shift = first.stream().mapToLong(e -> e.tag).max().orElse(0);
        List<Event> all = new java.util.ArrayList<>(first);
        for (Event e : second) {
            Event c = e.copy();
            c.tag = c.op.creates() ? c.tag + shift : c.tag;
            c.oldTag = c.op.releases() ? c.oldTag + shift : c.oldTag;
            all.add(c);
        }
        return all;
    }

    private static byte[] compact(List<Event> events, WriteOptions options) {
        return Harness.write(events, Format.COMPACT, options);
    }

    /** A compressing stream over {@code out}. */
    private interface Compressor {
        OutputStream open(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] data, Compressor c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = c.open(b)) {
            o.write(data);
        }
        return b.toByteArray();
    }

    // ---- recorders' syntax ----

    /** {@code --PID-- call = result} lines, SCHED lines where the thread changes, and the summary. */
    private static String valgrind(List<Event> events, long pid) {
        StringBuilder b = new StringBuilder("==" + pid + "== Memcheck, a memory error detector\n");
        String p = "--" + pid + "-- ";
        long thread = -1;
        long allocs = 0;
        long frees = 0;
        for (Event e : events) {
            long t = e.thread < 0 ? 1 : e.thread;
            if (t != thread) {
                b.append(p).append("  SCHED[").append(t).append("]:  acquired lock (VG_(scheduler):timeslice)\n");
                thread = t;
            }
            b.append(p);
            switch (e.op) {
                case MALLOC -> b.append("malloc(").append(e.size).append(") = 0x").append(hex(e.address));
                case CALLOC -> b.append("calloc(").append(e.count).append(',').append(e.size / e.count).append(") = 0x")
                        .append(hex(e.address));
                case ALIGNED -> b.append("memalign(al ").append(e.alignment).append(", size ").append(e.size).append(") = 0x")
                        .append(hex(e.address));
                case REALLOC -> b.append("realloc(0x").append(hex(e.oldAddress)).append(',').append(e.size).append(") = 0x")
                        .append(hex(e.address));
                case FREE -> b.append("free(0x").append(hex(e.oldAddress)).append(')');
            }
            b.append('\n');
            allocs += e.op.creates() ? 1 : 0;
            frees += e.op.releases() ? 1 : 0;
        }
        return b.append("==").append(pid).append("==   total heap usage: ").append(allocs).append(" allocs, ").append(frees)
                .append(" frees, 1,234 bytes allocated\n").toString();
    }

    /** jemalloc's utrace records as kdump prints them, with {@code -H -T} (thread and time columns) or without. */
    private static String kdump(List<Event> events, boolean threadsAndTimes) {
        StringBuilder b = new StringBuilder(" 61039 make     CALL  mmap(0,0x200000,0x3<PROT_READ|PROT_WRITE>,0x1002,0xffffffff,0)\n");
        b.append(" 61039 make     USER  malloc_init()\n");
        long seconds = 1536334807;
        int i = 0;
        for (Event e : events) {
            b.append(" 61039 ");
            if (threadsAndTimes) {
                b.append(100_200 + Math.max(0, e.thread)).append(" make     ").append(seconds).append('.')
                        .append(String.format("%06d", 907_404 + 7 * i++)).append(' ');
            } else {
                b.append("make     ");
            }
            b.append("USER  ");
            switch (e.op) {
                case FREE -> b.append("free(0x").append(hex(e.oldAddress)).append(')');
                case REALLOC -> b.append("0x").append(hex(e.address)).append(" = realloc(0x").append(hex(e.oldAddress))
                        .append(", ").append(e.size).append(')');
                default -> b.append("0x").append(hex(e.address)).append(" = malloc(").append(e.size).append(')');
            }
            b.append('\n');
        }
        return b.append(" 61039 make     NAMI  \"/etc/make.conf\"\n").toString();
    }

    /** CHERI dtrace call-trace records: the 2018 layout, or the later one with its header. */
    private static String dtrace(List<Event> events, boolean header) {
        StringBuilder b = new StringBuilder();
        if (header) {
            b.append("@record-type:call-trace\ttimestamp-unix-ns\tcallstack\ttid\tname\targs\tresult\talloc-stack\tcpu-time-ns\n");
            b.append("@record-type:aspace-sample\ttimestamp-unix-ns\taspace-size\tcore-file\tcpu-time-ns\n");
        }
        long ns = 1_536_334_807_907_404_599L;
        for (Event e : events) {
            ns += 4_401;
            String name;
            String args;
            String result = hex(e.address);
            switch (e.op) {
                case MALLOC -> { name = "malloc"; args = Long.toString(e.size); }
                case CALLOC -> { name = "calloc"; args = e.count + " " + e.size / e.count; }
                case ALIGNED -> { name = "posix_memalign"; args = e.alignment + " " + e.size; }
                case REALLOC -> { name = "realloc"; args = hex(e.oldAddress) + " " + e.size; }
                default -> { name = "free"; args = hex(e.oldAddress); result = ""; }
            }
            b.append("call-trace\t").append(ns).append('\t').append(e.op == Op.FREE ? "" : "50a0805 14");
            if (header) {
                b.append('\t').append(Math.max(1, e.thread));
            }
            b.append('\t').append(name).append('\t').append(args).append('\t').append(result);
            if (header) {
                b.append("\tmalloc\t").append(ns % 1000);
            }
            b.append('\n');
        }
        if (header) {
            b.append("aspace-sample\t").append(ns + 1).append("\t1048576\tcore.1\t9\n");
        }
        return b.toString();
    }

    /** heaptrack's raw records: a realloc is a free and a malloc, sizes and addresses in hex. */
    private static String heaptrack(List<Event> events) {
        StringBuilder b = new StringBuilder("v 10400 3\nx 9 /tmp/ht/t\nX ./t\nI 1000 5e2922\nm 1 -\n");
        int trace = 1;
        for (Event e : events) {
            if (e.op.releases()) {
                b.append("- ").append(hex(e.oldAddress)).append('\n');
            }
            if (e.op.creates()) {
                b.append("t 55646319b").append(hex(trace & 0xfff)).append(" 0\n");
                b.append("+ ").append(hex(e.size)).append(' ').append(hex(trace++)).append(' ').append(hex(e.address)).append('\n');
            }
        }
        return b.append("c 1\nR 3ec\n").toString();
    }

    /**
     * glibc's mtrace records: every allocation as +, a realloc as its two lines, callers in a few functions of
     * a program and of libc, some without a symbol. The modules are paths of no file (libc as if in another
     * root), so that fuzzing does not spend its time symbolizing with binutils.
     */
    private static String mtrace(List<Event> events) {
        String[] callers = {"@ ./t:(alloc_a+18)[0x11e1] ", "@ ./t:[0x1230] ",
            "@ /chroot/lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] ", ""};
        StringBuilder b = new StringBuilder("= Start\n");
        int i = 0;
        for (Event e : events) {
            String at = callers[i++ % callers.length];
            switch (e.op) {
                case FREE -> b.append(at).append("- 0x").append(hex(e.oldAddress)).append('\n');
                case REALLOC -> b.append(at).append("< 0x").append(hex(e.oldAddress)).append('\n')
                        .append(at).append("> 0x").append(hex(e.address)).append(" 0x").append(hex(e.size)).append('\n');
                default -> b.append(at).append("+ 0x").append(hex(e.address)).append(" 0x").append(hex(e.size)).append('\n');
            }
        }
        return b.append("= End\n").toString();
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    // ---- writing ----

    private void seed(String cls, String method, String name, String text) throws IOException {
        seed(cls, method, name, text.getBytes(StandardCharsets.US_ASCII));
    }

    private void seed(String cls, String method, String name, byte[] data) throws IOException {
        if (data.length > MAX_SEED) {
            throw new IllegalStateException(cls + "/" + name + ": " + data.length + " bytes, more than a seed should be");
        }
        Path dir = resources.resolve(cls + "Inputs").resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), data);
        written++;
    }

    // ---- hand-made cases ----

    /** Every call form the reader takes, optional fields, comments, blank lines, CRLF and spacing variants. */
    private static final String EVERY_CALL = """
            # every call the text reader takes
            malloc(8) = 0x10 tid=1 ns=100
            calloc(4, 24) = 0x30 tid=2 ns=110
            memalign(64, 100) = 0x100 tid=1
            posix_memalign(32, 64) = 0x200 ns=130
            aligned_alloc(4096, 8192) = 0x1000
            valloc(10) = 0x4000
            realloc(0x10, 16) = 0x10

            realloc(0x10<7>, 48) = 0X5000<9>\r
            free(0x30)  \t
              free(0x100) tid=3 ns=18446744073709551614
            free(200)
            free(1000)
            free(0x4000)
            malloc(1)=0x6000
            realloc(6000 ,  2)   =   6010
            free(0x6010)
            free(0x5000<9>)
            """;

    /** What the lenient reader rewrites, one line each (Leniency's table). */
    private static final String LENIENT_CASES = """
            malloc(16) = 0x10
            free(0x0)
            free(0x20)
            realloc(0x0, 8) = 0x30
            realloc(0x40, 8) = 0x50
            malloc(0) = 0x60
            realloc(0x10, 0) = 0x0
            realloc(0x30, 0) = 0x70
            malloc(8) = 0x0
            malloc(8) = 0x50
            calloc(0, 8) = 0x80
            realloc(0x70, 4) = 0x60
            """;

    /** Numbers at their limits: 2^64 - 1 (and 2^64 - 2 where that marks an absent field), 16 hex digits. */
    private static final String LIMITS = """
            malloc(18446744073709551615) = 0x1 tid=18446744073709551614 ns=9223372036854775807
            calloc(4294967296, 4294967295) = 0x10 ns=18446744073709551614
            free(0x1)
            memalign(9223372036854775808, 1) = 0xffffffffffffffff<18446744073709551615>
            free(0x10)
            """;

    /** Tags written in the input, with gaps, kept by every format. */
    private static final String TAG_GAPS = """
            malloc(24) = 10<1>
            malloc(40) = 40<5>
            realloc(10<1>, 100) = 80<9>
            calloc(2, 8) = 100<4000000000>
            free(40<5>)
            memalign(16, 32) = 200<4000000001>
            free(80<9>)
            free(100<4000000000>)
            free(200<4000000001>)
            """;

    /** Lines of a valgrind 3.19 log that the converter must take: nested calls, results on the next line, C++. */
    private static final String VALGRIND_ODD = """
            ==9363== Memcheck, a memory error detector
            --9363--   SCHED[1]:  acquired lock (thread_wrapper(starting new thread))
            program output without a prefix
            --9363-- malloc(10) = 0x4A40040
            --9363-- realloc(0x4A40040,100) = 0x4A40090
            --9363-- calloc(3,8) = 0x4A40140
            --9363-- memalign(al 64, size 100) = 0x4A40200
            --9363-- posix_memalign(al 64, size 100)
            --9363-- malloc(0) = 0x4A40410
            --9363-- realloc(0x0,1600)malloc(1600) = 0x4A41000
            --9363-- malloc(16) = 0x4A401A0
            --9363-- realloc(0x4A401A0,0)free(0x4A401A0)
            --9363--  = 0
            --9363-- _Znwm(4) = 0x4D6DC80
            --9363-- _ZdlPvm(0x4D6DC80)
            --9363-- _ZnwmSt11align_val_t(size 128, al 64) = 0x4D6DD80
            --9363-- _ZdlPvmSt11align_val_t(0x4D6DD80)
            --9363-- malloc_usable_size(0x4A40410) = 24
            --9363-- malloc(26)  SCHED[1]: releasing lock (VG_(scheduler):timeslice) -> VgTs_Yielding
            --9363--   SCHED[2]:  acquired lock (VG_(scheduler):timeslice)
            --9363-- malloc(8) = 0x100
            --9363--   SCHED[1]:  acquired lock (x)
            --9363--  = 0x200
            --9364-- malloc(8) = 0x10
            --9363-- free(0x0)
            --9363-- free(0x4A40090)
            ==9363==   total heap usage: 10 allocs, 5 frees, 3,442 bytes allocated
            """;

    /** kdump lines with other record types, long command names, ABI fields, 9-digit times and another process. */
    private static final String KDUMP_ODD = """
             61039 make     CALL  mmap(0,0x200000,0x3<PROT_READ|PROT_WRITE>,0x1002<MAP_PRIVATE|MAP_ANON>,0xffffffff,0)
             61039 make     RET   mmap 34365243392/0x800600000
             61039 make     USER  malloc_init()
             61039 make     USER  0x800607420 = malloc(26)
             61039 make     NAMI  "/etc/make.conf"
             61039 make     USER  0x800607440 = realloc(0x800607420, 17)
             61039 make     USER  free(0x0)
             61039 100201 make     1536334807.907404599 0.000007 USER  F64  free(0x800607440)
                77 Web Content USER  0x10 = malloc(4)
             61039 USER     USER  0x0 = malloc(1099511627776)
             61039 make     USER  0x800010000 = realloc(0x80000b000, 64)
             61039 make     USER  0x800030000 = malloc(16)
             61039 make     USER  0x800030000 = malloc(16)
             61039 make     USER  RTLD: dlopen("libfoo.so")
                   "a continuation line of a GIO dump"
            """;

    /**
     * dtrace stacks of every frame form ustack prints, repeated, empty and on a free, with the callstack
     * column last (the header names the columns).
     */
    private static final String DTRACE_STACKS = """
            @record-type:call-trace\ttid\ttimestamp-unix-ns\tname\targs\tresult\tcallstack
            call-trace\t7\t100\tmalloc\t24\t1000\tlibc.so.7`malloc+0x2a prog`main+0x1f4 prog`_start+0x9b
            call-trace\t7\t110\tcalloc\t3 8\t2000\tlibc.so.7`0x8011a2b3c prog`main 0x4012ab 4011f0
            call-trace\t7\t120\tmalloc\t24\t3000\tlibc++.so.1`std::vector<int>::push_back(int---const&)+0x10 <<---JIT--->>
            call-trace\t8\t130\tmalloc\t24\t4000\tlibc.so.7`malloc+0x2a prog`main+0x1f4 prog`_start+0x9b
            call-trace\t8\t140\tfree\t1000\t\tlibc.so.7`free+0x4
            call-trace\t8\t150\tmalloc\t24\t5000\t
            call-trace\t8\t160\trealloc\t2000 64\t6000\t`0x10 prog` ` 0xffffffffffffffff 0x10000000000000000
            """;

    /**
     * Every kind of mtrace line glibc 2.36 writes, repeated markers and a last line cut without its line end
     * (modules of no file, as above).
     */
    private static final String MTRACE_RECORDS = """
            = Start
            @ ./q:(alloc_a+18)[0x11e1] + 0x556d9ae642a0 0xa
            @ ./q:(main+2a)[0x120d] + 0x556d9ae644a0 0x18
            @ ./q:(main+4d)[0x1230] - 0x556d9ae644a0
            @ /chroot/lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x556d9ae644a0 0x6
            @ ./p:[0x11a8] < 0x556d9ae642a0
            @ ./p:[0x11a8] > 0x556d9ae644c0 0x64
            @ ./p:[0x11b2] + 0x556d9ae64600 0x5
            @ ./p:[0x11bf] - 0x556d9ae64600
            @ ./p:[0x121c] ! 0x556d9ae644c0 0xffffffffffffffff
            @ ./p:[0x12de] + (nil) 0xffffffffffffff9b
            @ ./p:[0x13bf] + 0x556d9ae64700 0
            @ ./q:(alloc_b-10)[0x1190] + 0x556d9ae64800 0x40
            @ [0x7f3a1c2b4e10] + 0x556d9ae64900 0x20
            + 0x556d9ae64a00 0x30
            @ ./p:[0x13a0] - (nil)
            = End
            = Start
            @ ./p:[0x11bf] - 0x556d9ae644c0
            @ ./p:[0x11d5] + 0x5637a3""";

    /** heaptrack records of every letter, a zero-size allocation and a free of a block never seen. */
    private static final String HEAPTRACK_RECORDS = """
            v 10400 3
            x 9 /tmp/ht/t
            X ./t
            I 1000 5e2922
            m 1 -
            m 1 x 55646319a000 0 848 1000 349 2000 104 3dd0 298
            t 7fa9aefe4b9f 0
            + 11c00 1 5564954a0530
            t 55646319b100 0
            + a 2 5564954b21d0
            - 5564954b21d0
            t 55646319b21c 2
            + 64 3 5564954b22b0
            + 0 3 5564954b21d0
            + 10 2 5564954b2810
            c 1
            R 3ec
            A 1
            - 5564954b2580
            + 20 3 5564954b2810
            - 5564954b22b0

            """;

    /**
     * heaptrack call stacks: nested nodes, a path with a blank, a frame in no object, the objects listed again
     * after a dlopen, and an allocation without a stack.
     */
    private static final String HEAPTRACK_STACKS = """
            v 10400 3
            x 14 /nonexistent/my prog
            X ./my prog
            m 1 -
            m 1 x 555555554000 0 1000 1000 2000
            m 18 /nonexistent/libfoo.so.1 7f0000000000 0 3000
            t 555555555123 0
            t 7f0000001abc 1
            + 10 2 1000
            t 600000000000 1
            + 20 3 2000
            + 8 0 3000
            t 555555556fff 1
            + 40 4 4000
            - 1000
            m 1 -
            m 1 x 555555554000 0 1000 1000 2000
            m 18 /nonexistent/libbar.so.2 7f0000000000 0 3000
            t 555555555456 0
            t 7f0000001abc 5
            t 7f0000002000 6
            + 50 7 5000
            + 60 2 6000
            - 2000
            c a
            R 3ec
            """;
}
