package cmt.codec.convert;

import cmt.codec.Sources;
import cmt.codec.TraceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one recorder's output line by line and hands the heap events it describes, normalised and
 * resolved, to a handler: a {@code TraceWriter}'s {@code write}, or any analysis.
 *
 * <pre>{@code
 * try (TraceWriter w = new TextWriter(out, "ls.trace", false)) {
 *     Converter c = new KdumpConverter(null);
 *     c.convert(Sources.open("ls.kdump"), w::write);
 *     System.err.println(c.report());
 * }
 * }</pre>
 *
 * A converter is used once. Lines it cannot read stop it with a {@code TraceException} naming the file and
 * line; everything it had to change is counted in {@link #normalisations()} with the first line of each
 * kind. Subclasses are the formats: {@link KdumpConverter}, {@link DtraceLogConverter},
 * {@link HeaptrackConverter}, {@link ValgrindConverter}.
 */
public abstract class Converter {
    private final List<String> notes = new ArrayList<>();
    /** Where the current line came from; set for the duration of {@link #convert}. */
    LineSource in;
    /** Receives the calls that subclasses recognise. */
    Normaliser out;

    /** Converts the whole input; returns the number of events handed out. */
    public final long convert(Sources.Opened source, TraceReader.Handler handler) {
        if (in != null) {
            throw new IllegalStateException("a converter converts one input");
        }
        try (LineSource lines = new LineSource(source.in(), source.name())) {
            in = lines;
            out = new Normaliser(handler, lines);
            String line;
            while ((line = lines.next()) != null) {
                line(line);
            }
            finish();
        }
        return out.written();
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

    /** What was changed, by kind. */
    public final Normalisations normalisations() {
        return out.normalisations();
    }

    /** Events handed out. */
    public final long written() {
        return out.written();
    }

    /** Blocks still live at the end of the input. */
    public final int live() {
        return out.live();
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
        Normalisations n = out.normalisations();
        if (n.total() > 0) {
            b.append("; normalised: ").append(n);
        }
        for (String s : notes) {
            b.append("; ").append(s);
        }
        return b.toString();
    }
}
