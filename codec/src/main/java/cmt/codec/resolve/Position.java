package cmt.codec.resolve;

import cmt.codec.TraceException;

/**
 * Where the event being resolved came from, so that the {@link Resolver} can say so: a parser's line or
 * byte offset, a converter's input line.
 */
public interface Position {
    /** An error at the current position, in the input's own terms: {@code FILE:LINE: ...} or {@code FILE: byte N: ...}. */
    TraceException error(String what);

    /** Called when a lenient resolver drops the current event, so that its line can still reach listeners. */
    default void dropped() {
    }
}
