package cmt.codec.compact.modelled;

import cmt.codec.Event;

/**
 * How the modelled coding codes timestamps ({@code FORMAT.md} section 3.3): each as the zigzag form of its
 * difference from the previous one, in the context of the event's operation.
 */
final class Times {
    private final IntCoder ints;
    /** The previous timestamp, a register the block starts from. */
    long prevTime;

    Times(IntCoder ints) {
        this.ints = ints;
    }

    /** Codes the timestamp of {@code e}, an event of operation {@code op}. */
    void code(Event e, int op) {
        long d = e.timestamp - prevTime;
        long z = ints.uint(Regions.time(op), (d << 1) ^ (d >> 63));
        e.timestamp = prevTime + ((z >>> 1) ^ -(z & 1));
        prevTime = e.timestamp;
    }
}
