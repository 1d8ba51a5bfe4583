package cmt.codec.compact.packed;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.OpCode;
import cmt.codec.compact.Varint;

/**
 * A packed block's events stream ({@code FORMAT.md} section 7), read event by event: the head, then the
 * distance, size, tag gap, count or alignment, thread and call site it calls for, each checked against the block.
 *
 * <p>This is the codec's hottest loop (about 60 million events a second), and it is laid out for that:
 * the stream is its own reader (this class extends {@link Varint.Reader} rather than holding one), and
 * {@link PackedDecoder} extends this class rather than holding one, so that the position, the buffer and
 * the block's registers lie in the decoder's own object and {@link #token} is the decoder's method; held
 * in objects of their own, either costs the packed decode 3 to 7% (measured on cc1plus). The buffer is
 * zero-padded, so the reads test the end once per event ({@link #overran}).
 */
abstract class EventsStream extends Varint.Reader {
    private static final String CUT = "events stream ends inside an event";

    private boolean hasThreads;
    private boolean tagGaps;
    private boolean hasSites;
    /** The newest tag handed out. */
    private long lastTag;

    EventsStream() {
        super("events stream");
    }

    /**
     * Starts a block after {@code lastTag} with {@code flags} (CompactFormat.BLOCK_*), the stream's buffer
     * already given with {@link #over}; returns the
     * block's next synthetic address, the stream's first number.
     */
    final long beginEvents(long lastTag, int flags) {
        this.lastTag = lastTag;
        this.hasThreads = (flags & CompactFormat.BLOCK_THREADS) != 0;
        this.tagGaps = (flags & CompactFormat.BLOCK_TAG_GAPS) != 0;
        this.hasSites = (flags & CompactFormat.BLOCK_SITES) != 0;
        return varint();
    }

    /** Reads the event's fields from the events stream, its thread and call site included. */
    public final void token(Event e) {
        int head = paddedU8();
        int code = head & PackedEncoder.HEAD_OP;
        if ((head & ~(PackedEncoder.HEAD_OP | PackedEncoder.HEAD_GAP)) != 0 || code >= OpCode.COUNT) {
            throw bad("bad event head " + head);
        }
        e.op = Op.of(code);
        if (OpCode.releases(code)) {
            long dist = paddedVarint();
            if (dist == 0 || Long.compareUnsigned(dist, lastTag) > 0) {
                throw bad("free distance " + Long.toUnsignedString(dist)
                        + " refers to no block (last tag " + lastTag + ")");
            }
            e.oldTag = lastTag + 1 - dist;
        }
        if (OpCode.creates(code)) {
            e.size = paddedVarint();
            long gap = 0;
            if ((head & PackedEncoder.HEAD_GAP) != 0) {
                if (!tagGaps) {
                    throw bad("tag gap in a block without gaps");
                }
                gap = paddedVarint();
            }
            long tag = lastTag + gap + 1;
            if (Long.compareUnsigned(tag, lastTag) <= 0) {
                throw bad("tag gap " + Long.toUnsignedString(gap) + " runs past 2^64");
            }
            lastTag = tag;
            e.tag = tag;
        } else if (head != code) {
            throw bad("tag gap on a free");
        }
        if (code == OpCode.CALLOC) {
            e.count = paddedVarint();
        } else if (code == OpCode.ALIGNED) {
            e.alignment = paddedVarint();
        }
        if (hasThreads) {
            e.thread = paddedVarint() - 1;
        }
        if (hasSites && OpCode.creates(code)) {
            e.site = paddedVarint() - 1;
        }
        if (overran()) {
            throw new IllegalStateException(CUT);
        }
    }

    /** The error {@code what}, unless a read went past the end of the stream, the cause of anything odd. */
    private IllegalStateException bad(String what) {
        return new IllegalStateException(overran() ? CUT : what);
    }
}
