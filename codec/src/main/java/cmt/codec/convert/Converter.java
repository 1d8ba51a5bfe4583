package cmt.codec.convert;

import cmt.codec.Input;
import cmt.codec.Repairs;
import cmt.codec.Sites;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one recorder's output line by line and hands the heap events it describes, resolved, to a handler:
 * a {@code TraceWriter}'s {@code write}, or any analysis.
 *
 * <pre>{@code
 * try (Output out = Output.create(Path.of("make.trace"), false, null)) {
 *     Converter c = Converter.kdump(null);
 *     try (TraceWriter w = TraceWriter.open(out, Format.TEXT, WriteOptions.DEFAULT)) {
 *         c.convert(Input.open("make.kdump"), w::write);
 *     }
 *     out.commit();
 *     System.err.println(c.report());
 * }
 * }</pre>
 *
 * A converter is used once. Lines it cannot read stop it with a {@code TraceException} naming the file and
 * line. The calls it reads go through the same rules as a lenient {@link TraceReader}'s events
 * ({@code Leniency}), so that the trace it writes reads back strictly; what those rules changed, and
 * what the converter skipped, is counted in {@link #repairs()} with the first line of each kind. The
 * formats: {@link #kdump}, {@link #dtrace}, {@link #heaptrack}, {@link #valgrind}, glibc's
 * {@link #mtrace}, and cmt's own recorder, {@link #preload}.
 */
public abstract class Converter {
    private final List<String> notes = new ArrayList<>();
    private boolean used;
    /** Where the current line came from; set for the duration of {@link #convert}. */
    LineSource in;
    /** Receives the calls that subclasses recognise. */
    Calls out;

    /** FreeBSD kdump of jemalloc's utrace records, keeping the process {@code pid} or, if null, the first with a malloc record. */
    public static Converter kdump(Long pid) {
        return new KdumpConverter(pid);
    }

    /** CHERI dtrace logs, in both of their layouts. */
    public static Converter dtrace() {
        return new DtraceLogConverter();
    }

    /** heaptrack's raw data. */
    public static Converter heaptrack() {
        return new HeaptrackConverter();
    }

    /** The log of {@code valgrind --trace-malloc=yes}, keeping the process {@code pid} or, if null, the first. */
    public static Converter valgrind(Long pid) {
        return new ValgrindConverter(pid);
    }

    /**
     * glibc's mtrace log ({@code MALLOC_TRACE}), with relative module paths taken from the program's working
     * {@code directory} (null: the current one) and a module named without a '/' (the program, by its
     * argv[0], when it was run from PATH) taken as {@code program} if not null.
     */
    public static Converter mtrace(Path directory, Path program) {
        return new MtraceConverter(directory, program);
    }

    /**
     * The C source of the library that {@code cmt record --with mtrace} preloads after glibc's
     * {@code libc_malloc_debug.so.0}: it calls {@code mtrace()} as the program starts.
     */
    public static byte[] mtraceStartSource() {
        return resource("mtrace-start.c");
    }

    /** A file beside the converters in cmt's jar. */
    static byte[] resource(String name) {
        try (InputStream in = Converter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from cmt's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stream of cmt's own recorder ({@link RecorderStream}): the first program's events, with other
     * processes' (followed children, exec'd programs) going to {@code others} if not null.
     */
    public static PreloadConverter preload(PreloadConverter.Processes others) {
        return new PreloadConverter(others);
    }

    /** Converts the whole input; returns the number of events handed out. */
    public final long convert(Input source, TraceReader.Handler handler) {
        if (used) {
            throw new IllegalStateException("a converter converts one input");
        }
        used = true;
        read(source, handler);
        return out.written();
    }

    /** Reads the whole input, line by line for recorders that write text. */
    void read(Input source, TraceReader.Handler handler) {
        try (LineSource lines = new LineSource(source.stream(), source.name())) {
            in = lines;
            out = new Calls(handler, lines);
            String line;
            while ((line = lines.next()) != null) {
                line(line);
            }
            finish();
            out.end();
        }
    }

    /** Handles one input line. */
    abstract void line(String line);

    /** Called after the last line. */
    void finish() {
    }

    /** Adds a sentence to the report. */
    final void note(String sentence) {
        notes.add(sentence);
    }

    /** What was changed or skipped, by kind. */
    public final Repairs repairs() {
        return out.repairs();
    }

    /** Events handed out. */
    public final long written() {
        return out.written();
    }

    /** Blocks still live at the end of the input. */
    public final int live() {
        return out.live();
    }

    /**
     * The call sites the events' {@link cmt.codec.Event#site} ids name, complete after {@link #convert}; empty
     * for recorders that keep no stacks. Symbolized when first asked, so ask while the program's files are
     * as it ran them.
     */
    public Sites sites() {
        return new Sites();
    }

    /** Facts about the input beyond the counts, e.g. which processes were skipped. */
    public final List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * One paragraph for stderr, e.g. {@code 1204 events, 17 blocks live at the end; normalised: 3 free(NULL)
     * dropped (first at line 12)}.
     */
    public final String report() {
        StringBuilder b = new StringBuilder();
        b.append(out.written()).append(" events, ").append(out.live()).append(" blocks live at the end");
        Repairs n = out.repairs();
        if (n.total() > 0) {
            b.append("; normalised: ").append(n);
        }
        for (String s : notes) {
            b.append("; ").append(s);
        }
        return b.toString();
    }
}
