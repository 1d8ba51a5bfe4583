package cmt.codec.compact.modelled;

import cmt.codec.Event;
import java.util.Arrays;

/**
 * How the modelled coding predicts an event's thread ({@code FORMAT.md} section 3.3): the same thread as
 * the previous event's, one of the {@value #RECENT} most recent, or a new one spelled out.
 */
final class Threads {
    private static final int RECENT = 8;

    private final IntCoder ints;
    private final boolean enc;
    /** The recent threads, most recent first. */
    private final long[] recent = new long[RECENT];
    /** 1 if the previous event's thread was the one before it. */
    private int same;

    Threads(IntCoder ints) {
        this.ints = ints;
        this.enc = ints.enc;
    }

    /** Forgets the threads, as at the start of a block. */
    void reset() {
        Arrays.fill(recent, Event.NONE);
        same = 0;
    }

    void code(Event e) {
        long t = e.thread;
        if (ints.bit(Regions.THREAD + same, enc && t == recent[0] ? 1 : 0) == 1) {
            e.thread = recent[0];
            same = 1;
            return;
        }
        same = 0;
        int found = -1;
        if (enc) {
            for (int i = 1; i < RECENT; i++) {
                if (recent[i] == t) {
                    found = i;
                    break;
                }
            }
        }
        int at;
        if (ints.bit(Regions.THREAD_HIT, found > 0 ? 1 : 0) == 1) {
            at = ints.tree(Regions.THREAD_POS, 3, found);
            if (at == 0) {
                throw new IllegalStateException("thread position 0");
            }
            t = recent[at];
        } else {
            t = ints.uint(Regions.THREAD_V, t + 1) - 1;
            at = RECENT - 1;
        }
        System.arraycopy(recent, 0, recent, 1, at);
        recent[0] = t;
        e.thread = t;
    }
}
