package cmt.codec;

import cmt.codec.compact.CompactParser;
import cmt.codec.legacy.LegacyCmtParser;
import cmt.codec.resolve.EventParser;
import cmt.codec.resolve.Resolver;
import cmt.codec.text.TextParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A pull reader over a trace in any format cmt knows, chosen by content: one {@link Event} at a time,
 * refilled in place.
 *
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("ls.trace.gz"))) {
 *     Event e = new Event();
 *     while (r.next(e)) {
 *         if (e.op == Op.FREE) lifetime.record(e.index - e.oldIndex);
 *     }
 * }
 * }</pre>
 *
 * Every event comes out resolved: tags assigned, and a free or realloc carries the tag, size and
 * position of the block it ends, so most analyses need no map of their own. Memory follows the number
 * of live blocks. A reader checks its thread's interrupt flag every {@value #CHECK_EVERY} events and
 * then stops with a {@link CancellationException}.
 */
public final class TraceReader implements AutoCloseable {
    /** How often (in events) progress is reported and interruption checked. */
    public static final int CHECK_EVERY = 1 << 16;

    /** Receives progress: events and raw input bytes consumed so far, and the total (-1 when unknown). */
    @FunctionalInterface
    public interface ProgressListener {
        /** Called every {@value TraceReader#CHECK_EVERY} events. */
        void progress(long events, long bytesDone, long bytesTotal);

        /** Called once when the input is exhausted. */
        default void finished(long events, long bytes) {
        }
    }

    /**
     * Receives the lines of a text trace that yield no event: blank lines, {@code #} comments, and lines
     * whose event a lenient reader dropped. Annotating tools copy them so that every input line is output.
     */
    @FunctionalInterface
    public interface LineListener {
        /** Line {@code number} (1-based) is {@code len} bytes of {@code buf} from {@code off}, right-stripped. */
        void line(long number, byte[] buf, int off, int len);
    }

    /** Receives every event of a push-style pass. */
    @FunctionalInterface
    public interface Handler {
        /** One resolved event; it is reused after this call returns. */
        void accept(Event e);
    }

    private final String name;
    private final Format format;
    private final EventParser parser;
    private final Resolver resolver;
    private final Input source;
    private ProgressListener progress;
    private long count;

    private TraceReader(Input source, Format format, EventParser parser, Leniency leniency) {
        this.name = source.name();
        this.source = source;
        this.format = format;
        this.parser = parser;
        this.resolver = new Resolver(parser, leniency);
    }

    /** Opens a file strictly. */
    public static TraceReader open(Path path) {
        return open(path, Leniency.STRICT);
    }

    /** Opens a file. */
    public static TraceReader open(Path path, Leniency leniency) {
        return open(Input.open(path), leniency);
    }

    /** Opens a path, or standard input for {@code -}. */
    public static TraceReader open(String spec, Leniency leniency) {
        return open(Input.open(spec), leniency);
    }

    /** Reads from a stream; {@code name} is used in messages. */
    public static TraceReader open(InputStream in, String name, Leniency leniency) {
        return open(Input.of(in, name, -1), leniency);
    }

    /** Reads an opened input. */
    public static TraceReader open(Input source, Leniency leniency) {
        try {
            PushbackInputStream in = new PushbackInputStream(source.stream(), Format.SNIFF_BYTES);
            byte[] head = new byte[Format.SNIFF_BYTES];
            int n = in.readNBytes(head, 0, head.length);
            in.unread(head, 0, n);
            Format format = Format.detect(head, n);
            EventParser parser = switch (format) {
                case TEXT -> new TextParser(in, source.name());
                case LEGACY_CMT -> new LegacyCmtParser(in, source.name());
                case COMPACT -> new CompactParser(in, source.name());
            };
            return new TraceReader(source, format, parser, leniency);
        } catch (IOException e) {
            // Reading the first bytes to detect the format: a compressed stream damaged near its start.
            throw new TraceException(source.name() + ": byte 0: cannot read the start of the input: "
                    + TraceException.reason(e), e);
        }
    }

    /** Reads the next event into {@code e}; false at the end. */
    public boolean next(Event e) {
        if (!resolver.next(e)) {
            if (progress != null) {
                progress.finished(count, source.rawBytesRead());
                progress = null;
            }
            return false;
        }
        if ((++count & (CHECK_EVERY - 1)) == 0) {
            checkpoint();
        }
        return true;
    }

    private void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(name + ": interrupted after " + count + " events");
        }
        if (progress != null) {
            progress.progress(count, source.rawBytesRead(), source.rawSize());
        }
    }

    /** Hands every remaining event to {@code handler}; returns how many. */
    public long forEach(Handler handler) {
        Event e = new Event();
        long n = 0;
        while (next(e)) {
            handler.accept(e);
            n++;
        }
        return n;
    }

    /** Asks for non-event lines (blank, {@code #} comments) of a text trace; ignored for binary formats. */
    public TraceReader onOtherLine(LineListener listener) {
        parser.otherLines(listener);
        return this;
    }

    /** Asks for progress reports. */
    public TraceReader onProgress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /**
     * The raw text of the current event's line (right-stripped), or null for binary formats. Valid until
     * the next call to {@link #next}; an annotating tool copies it straight to its output.
     */
    public byte[] lineBuffer() {
        return parser.lineBuffer();
    }

    /** Start of the current line in {@link #lineBuffer()}. */
    public int lineStart() {
        return parser.lineStart();
    }

    /** Length of the current line in {@link #lineBuffer()}. */
    public int lineLength() {
        return parser.lineLength();
    }

    /**
     * What the file says of how it was written: a compact file's header (what recorded the trace, page
     * size, pointer width, event count when the writer knew it, whether addresses were kept, how the
     * blocks are coded: one coding for versions 4 and 5, {@code CHOSEN} for version 6, whose blocks each say
     * theirs); empty for the formats without a header.
     */
    public Optional<WriteOptions> options() {
        return parser.options();
    }

    /**
     * The call sites of the trace's events ({@link Event#site}), as far as read: complete once
     * {@link #next} returned false (a text trace carries them after its events); empty for a trace
     * without sites.
     */
    public Sites sites() {
        return parser.sites();
    }

    /** The detected format. */
    public Format format() {
        return format;
    }

    /** The input's name as used in messages. */
    public String name() {
        return name;
    }

    /** What a lenient reader changed so far. */
    public Repairs repairs() {
        return resolver.repairs();
    }

    /** Blocks live at the current position. */
    public int liveBlocks() {
        return resolver.liveCount();
    }

    /** Events read so far. */
    public long count() {
        return count;
    }

    @Override
    public void close() {
        parser.close();
    }
}
