package cmt.codec;

/**
 * One direction of the compact format's binary range coder, so that {@link EventModel} describes the
 * format once for both writing and reading: the encoder codes the bit it is given, the decoder ignores the
 * argument and returns the bit it reads.
 *
 * <p>A probability is an {@code int} in a model's table: the chance that the next bit is 0, in units of
 * 2^-16, in the upper bits, and an adaptation count in the low {@value #COUNT_BITS} bits (see
 * {@link #update}).
 */
abstract sealed class BitCoder permits RangeEncoder, RangeDecoder {
    /** Low bits of a probability slot that count its updates. */
    static final int COUNT_BITS = 4;
    /** Initial slot value: probability one half, count 0. */
    static final int HALF = 0x8000 << COUNT_BITS;
    /** Slowest adaptation: p moves by 1/2^LIMIT of the distance to the observed bit. */
    static final int RATE_LIMIT = 6;

    /** Codes one bit with the adaptive probability {@code probs[i]}; returns the bit. */
    abstract int bit(int[] probs, int i, int bit);

    /** Codes the low {@code n} bits of {@code v} (n at most 32), most significant first, at probability 1/2. */
    abstract long direct(long v, int n);

    /**
     * Adapts slot {@code s} to {@code bit}: p moves towards the bit by 1/2^rate of the remaining distance,
     * rate = min(count + 1, {@value #RATE_LIMIT}), so a fresh slot learns fast and a settled one is steady.
     * p stays within [1, 65535] because each step moves by a strictly smaller amount than the distance.
     */
    static int update(int s, int bit) {
        int n = s & ((1 << COUNT_BITS) - 1);
        int p = s >>> COUNT_BITS;
        int rate = n < RATE_LIMIT ? n + 1 : RATE_LIMIT;
        if (bit == 0) {
            p += (65536 - p) >> rate;
        } else {
            p -= p >> rate;
        }
        return (p << COUNT_BITS) | (n < RATE_LIMIT ? n + 1 : n);
    }
}
