package cmt.codec.compact.modelled;

/**
 * One direction of the compact format's binary range coder, so that {@link EventModel} describes the
 * format once for both writing and reading: the encoder codes the bit it is given, the decoder ignores the
 * argument and returns the bit it reads.
 *
 * <p>A probability is an {@code int} in a model's table: the chance that the next bit is 0, in units of
 * 2^-22, in the upper bits, and an adaptation count in the low {@value #COUNT_BITS} bits (see
 * {@link #update}).
 */
abstract sealed class BitCoder permits RangeEncoder, RangeDecoder {
    /** Low bits of a probability slot that count its updates. */
    static final int COUNT_BITS = 10;
    /** Bits of a probability: p(0) is stored in units of 2^-22. */
    static final int PROB_BITS = 22;
    private static final int ONE = 1 << PROB_BITS;
    /** Initial slot value: probability one half, count 0. */
    static final int HALF = (ONE >> 1) << COUNT_BITS;
    /** Slowest adaptation: p moves by 1/2^LIMIT of the distance to the observed bit. */
    static final int RATE_LIMIT = 10;
    private static final int MAX_COUNT = (1 << COUNT_BITS) - 1;
    private static final byte[] RATE = new byte[MAX_COUNT + 1];

    static {
        for (int n = 0; n <= MAX_COUNT; n++) {
            RATE[n] = (byte) Math.min(RATE_LIMIT, 31 - Integer.numberOfLeadingZeros(n + 2));
        }
    }

    /** Codes one bit with the adaptive probability {@code probs[i]}; returns the bit. */
    abstract int bit(int[] probs, int i, int bit);

    /** Codes the low {@code n} bits of {@code v} (n at most 32), most significant first, at probability 1/2. */
    abstract long direct(long v, int n);

    /**
     * Adapts slot {@code s} to {@code bit}: p moves towards the bit by 1/2^rate of the remaining distance,
     * rate = min(floor(log2(count + 2)), {@value #RATE_LIMIT}) with the count of earlier updates (saturating
     * at 1023): close to a running average while a slot is young, a steady moving one when settled.
     * p stays within [1, 2^22 - 1] because each step moves by less than the distance.
     */
    static int update(int s, int bit) {
        int n = s & MAX_COUNT;
        int p = s >>> COUNT_BITS;
        int rate = RATE[n];
        if (bit == 0) {
            p += (ONE - p) >> rate;
        } else {
            p -= p >> rate;
        }
        return (p << COUNT_BITS) | (n < MAX_COUNT ? n + 1 : n);
    }
}
