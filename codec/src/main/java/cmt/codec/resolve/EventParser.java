package cmt.codec.resolve;

import cmt.codec.Event;
import cmt.codec.Sites;
import cmt.codec.TraceReader;
import cmt.codec.WriteOptions;
import java.util.Optional;

/**
 * One format's decoder, before tags and liveness are resolved: fills the operation, sizes, addresses or
 * tags that the format carries, and says what else it can (its lines, its header). Users meet
 * {@link TraceReader}, which holds one.
 */
public interface EventParser extends Position, AutoCloseable {
    /**
     * Reads the next raw event into {@code e}.
     *
     * <p>Text parsers fill {@code address}/{@code oldAddress} and, where written, {@code tag}/{@code oldTag}
     * (0 when absent); tag-keyed binary parsers fill {@code tag}/{@code oldTag} and leave addresses 0.
     *
     * @return false at the end of the input
     */
    boolean next(Event e);

    /** True if blocks are identified by tag (no addresses in the input). */
    boolean keyedByTag();

    /** True if the parser hands out resolved events itself (a format written from resolved events). */
    default boolean resolves() {
        return false;
    }

    /** Live blocks, for a parser that {@link #resolves()}. */
    default int liveCount() {
        return 0;
    }

    /** Asks for the input's lines that yield no event; formats without lines ignore it. */
    default void otherLines(TraceReader.LineListener listener) {
    }

    /** The buffer holding the current event's line, or null for formats without lines. */
    default byte[] lineBuffer() {
        return null;
    }

    /** Start of the current line in {@link #lineBuffer()}. */
    default int lineStart() {
        return 0;
    }

    /** Length of the current line in {@link #lineBuffer()}. */
    default int lineLength() {
        return 0;
    }

    /** The trace's call sites read so far; empty for formats and traces without them. */
    default Sites sites() {
        return new Sites();
    }

    /** What the input's header says of how it was written; empty for formats without a header. */
    default Optional<WriteOptions> options() {
        return Optional.empty();
    }

    @Override
    void close();
}
