package cmt.codec;

import cmt.codec.compact.CompactWriter;
import cmt.codec.legacy.LegacyCmtWriter;
import cmt.codec.text.TextWriter;
import java.io.OutputStream;

/**
 * Writes resolved events (as every {@link TraceReader} hands them out) in one {@link Format}.
 *
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("ls.trace"));
 *      Output out = Output.create(Path.of("ls.cmtz"), false, "ls.trace")) {
 *     try (TraceWriter w = TraceWriter.open(out, Format.COMPACT, WriteOptions.DEFAULT)) {
 *         r.forEach(w::write);
 *     }
 *     out.commit();
 * }
 * }</pre>
 *
 * Writers buffer; {@link #close()} flushes and closes the stream. A write error is a
 * {@link TraceException} naming the output. Files are written through an {@link Output}, so that a
 * failure half-way leaves no partial trace.
 */
public interface TraceWriter extends AutoCloseable {
    /** Appends one event. */
    void write(Event e);

    /**
     * What the format could not hold of the events written, for one line on stderr ({@code legacy CMT
     * cannot hold them: 69 callocs written as malloc, 3,021 thread ids dropped}); empty when nothing was
     * lost. Only legacy CMT loses anything: it has no calloc, aligned allocation, thread or time.
     */
    default String lost() {
        return "";
    }

    /**
     * The call-site table of the events written, written when the writer closes: the caller may go on
     * filling it (symbolizing a recording, say) until then. A format that cannot hold sites says so in
     * {@link #lost()}.
     */
    void sites(Sites table);

    /** Flushes and closes the underlying stream. */
    @Override
    void close();

    /** A writer of {@code format} to {@code out}, which it closes; {@code name} is used in messages. */
    static TraceWriter open(OutputStream out, String name, Format format, WriteOptions options) {
        return switch (format) {
            case TEXT -> new TextWriter(out, name, options.tagged());
            case LEGACY_CMT -> new LegacyCmtWriter(out, name);
            case COMPACT -> new CompactWriter(out, name, options);
        };
    }

    /**
     * A writer of {@code format} to {@code out}, which appears only when the caller
     * {@linkplain Output#commit() commits} it after closing the writer.
     */
    static TraceWriter open(Output out, Format format, WriteOptions options) {
        return open(out.stream(), out.name(), format, options);
    }
}
