package cmt.codec;

/**
 * One encoding's decoder, before tags and liveness are resolved: fills the operation, sizes, addresses or
 * tags that the encoding carries. Internal to the codec; users meet {@link TraceReader}.
 */
interface EventParser extends AutoCloseable {
    /**
     * Reads the next raw event into {@code e}.
     *
     * <p>Text parsers fill {@code address}/{@code oldAddress} and, where written, {@code tag}/{@code oldTag}
     * (0 when absent); tag-keyed binary parsers fill {@code tag}/{@code oldTag} and leave addresses 0.
     *
     * @return false at the end of the input
     */
    boolean next(Event e);

    /** An error at the current position, in the encoding's own terms (line or byte offset). */
    TraceException error(String what);

    /** Called when a lenient reader drops the current event, so that its line still reaches listeners. */
    default void dropped() {
    }

    /** True if blocks are identified by tag (no addresses in the input). */
    boolean keyedByTag();

    @Override
    void close();
}
