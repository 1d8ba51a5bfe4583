package cmt.codec.compact.modelled;

import cmt.codec.Event;
import java.util.Arrays;

/**
 * How the modelled coding predicts a value that keeps coming back ({@code FORMAT.md} section 3.3): an
 * event's thread, a new block's call site. The value is the previous one, one of the {@value #RECENT}
 * most recent, or a new one spelled out; it then moves to the front of the list. Each use has a region
 * of its own ({@link Regions#RECENT_SLOTS} slots), so threads and sites learn apart.
 */
final class RecentValues {
    private static final int RECENT = 8;
    /** Slots of a region, from its base: [previous was the same 2], hit 1, [position tree 8], uint. */
    private static final int HIT = 2;
    private static final int POS = 3;
    private static final int VALUE = 11;

    private final IntCoder ints;
    private final boolean enc;
    private final int region;
    /** The recent values, most recent first. */
    private final long[] recent = new long[RECENT];
    /** 1 if the previous value coded was the one before it. */
    private int same;

    RecentValues(IntCoder ints, int region) {
        this.ints = ints;
        this.enc = ints.enc;
        this.region = region;
    }

    /** Forgets the values, as at the start of a block: every entry "none" (-1). */
    void reset() {
        Arrays.fill(recent, Event.NONE);
        same = 0;
    }

    /** Codes {@code v} (encoding; ignored decoding) and returns it; "none" (-1) codes like any value. */
    long code(long v) {
        if (ints.bit(region + same, enc && v == recent[0] ? 1 : 0) == 1) {
            same = 1;
            return recent[0];
        }
        same = 0;
        int found = -1;
        if (enc) {
            for (int i = 1; i < RECENT; i++) {
                if (recent[i] == v) {
                    found = i;
                    break;
                }
            }
        }
        int at;
        if (ints.bit(region + HIT, found > 0 ? 1 : 0) == 1) {
            at = ints.tree(region + POS, 3, found);
            if (at == 0) {
                throw new IllegalStateException("recent position 0");
            }
            v = recent[at];
        } else {
            v = ints.uint(region + VALUE, v + 1) - 1;
            at = RECENT - 1;
        }
        System.arraycopy(recent, 0, recent, 1, at);
        recent[0] = v;
        return v;
    }
}
