package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.OpCode;

/**
 * The token being coded ({@code FORMAT.md} section 3.1) and the registers it is coded against: operation,
 * size, distance from the newest tag to the ended block's tag, and the calloc count or alignment; then
 * its coded form, a size within {@value #NEAR_SIZE} of the previous allocation's relative to it and an
 * ended tag within {@value #NEAR_TAG} of the previous ended tag relative to that, so that "one more than
 * last time" and "the block after the one just freed" are one token whatever the values.
 */
final class Token {
    /** A size within this of the previous allocation's is kept relative to it. */
    static final int NEAR_SIZE = 2;
    /** A freed tag within this of the previous freed tag is kept relative to it. */
    static final int NEAR_TAG = 8;
    /** The previous operation before a block's first token: a context of its own. */
    static final int NO_OP = OpCode.COUNT;

    // The token: its values (OpCode op), then its coded form and word.
    int op;
    long size;
    long dist;
    long extra;
    int kind;
    long sv;
    int dkind;
    long dv;
    /** The token's {@link TokenWord}, 0 if it does not fit one. */
    long meta;

    // What it is coded against, carried from token to token; the block header and registers set the first two.
    long lastTag;
    long lastSize;
    long prevOldTag;
    long lastDist;
    int prevOp;

    /** Forgets the previous tokens, as at the start of a block. */
    void reset() {
        prevOp = NO_OP;
        lastDist = 0;
        prevOldTag = 0;
    }

    /** Encoding: the values of resolved event {@code e}. */
    void of(Event e) {
        op = e.op.ordinal();
        size = e.op == Op.FREE ? 0 : e.size;
        dist = e.op.releases() ? lastTag + 1 - e.oldTag : 0;
        extra = e.op == Op.CALLOC ? e.count : e.op == Op.ALIGNED ? e.alignment : 0;
    }

    /** Decoding: fills the operation, size, count, alignment and ended tag of {@code e}. */
    void into(Event e) {
        e.op = Op.of(op);
        e.size = size;
        e.count = op == OpCode.CALLOC ? extra : 1;
        e.alignment = op == OpCode.ALIGNED ? extra : 0;
        if (dist != 0) {
            if (Long.compareUnsigned(dist, lastTag) > 0) {
                throw new IllegalStateException("free distance " + Long.toUnsignedString(dist)
                        + " refers to no block (last tag " + lastTag + ")");
            }
            e.oldTag = lastTag + 1 - dist;
        }
    }

    /** Sets the coded form (kind, sv, dkind, dv) from the operation, size and distance. */
    void fields() {
        long d = size - lastSize;
        kind = op != OpCode.FREE && d >= -NEAR_SIZE && d <= NEAR_SIZE ? 1 : 0;
        sv = kind == 1 ? d : size;
        long delta = lastTag + 1 - dist - prevOldTag;
        dkind = OpCode.releases(op) && prevOldTag != 0 && delta >= -NEAR_TAG && delta <= NEAR_TAG ? 1 : 0;
        dv = dkind == 1 ? delta + NEAR_TAG : dist;
    }

    /** Sets the word from the coded form, or 0 if the token does not fit one. */
    void pack() {
        meta = TokenWord.fits(extra, dv) ? TokenWord.pack(op, kind, dkind, extra, dv) : 0;
    }

    /** Sets everything but the size and sv from word {@code m}. */
    void unpack(long m) {
        op = TokenWord.op(m);
        kind = TokenWord.kind(m);
        dkind = TokenWord.dkind(m);
        extra = TokenWord.extra(m);
        dv = TokenWord.dv(m);
        dist = distOf(m);
    }

    /** Makes the table entry (m, s) the token. */
    void take(long m, long s) {
        unpack(m);
        sv = s;
        size = kind == 1 ? lastSize + s : s;
    }

    /** The size entry (m, s) stands for. */
    long sizeOf(long m, long s) {
        return TokenWord.sizeRelative(m) ? lastSize + s : s;
    }

    /** The distance word {@code m} stands for: stored, or relative to the previous freed tag. */
    long distOf(long m) {
        return TokenWord.distRelative(m) ? lastTag + 1 - (prevOldTag + TokenWord.dv(m) - NEAR_TAG) : TokenWord.dv(m);
    }

    /**
     * True if entry (m, s) stands for the token: same op, extra and dist, and the same size unless
     * {@code anySize} (a run's fresh size). An empty entry (m = 0) stands for none.
     */
    boolean standsFor(long m, long s, boolean anySize) {
        return TokenWord.opBits(m) == op + 1 && TokenWord.extra(m) == extra && distOf(m) == dist
                && (anySize || sizeOf(m, s) == size);
    }

    /** After a token: the previous operation, distance and ended tag move on. */
    void advance() {
        if (dist != 0) {
            lastDist = dist;
            prevOldTag = lastTag + 1 - dist;
        }
        prevOp = op;
    }
}
