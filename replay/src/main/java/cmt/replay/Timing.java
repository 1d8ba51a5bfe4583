package cmt.replay;

/**
 * How long one replay took, in nanoseconds.
 *
 * @param wallNanos from opening the trace to the last event: reading, decoding, replaying, re-emitting
 * @param loopNanos time in the replay loop only: allocator calls, touching memory and the loop's own
 *                  bookkeeping
 */
public record Timing(long wallNanos, long loopNanos) {
    /** {@link #loopNanos()} per event, or NaN for a replay of no events. */
    public double nanosPerEvent(long events) {
        return events == 0 ? Double.NaN : (double) loopNanos / events;
    }
}
