package cmt.codec.compact.modelled;

/**
 * One of the two sequences of values that runs take from the section at the front of a block's payload
 * (version 3 on): the length of each run, and the sizes runs take fresh. They are kept out of the
 * range-coded stream and coded once per block with a table of the block's own, because a loop's fresh
 * sizes (random lengths, say) come from one distribution that a table describes, and a table-driven decode
 * takes a few nanoseconds where the adaptive integer code takes ten dependent decisions; with the lengths
 * known up front, a run copies its tokens without a decision each. {@code FORMAT.md} (section 3.4)
 * specifies the section; the two change together.
 *
 * <p>A value v becomes a symbol and raw bits: v itself below 16, else its bit length L and the 3 bits below
 * the leading 1 (symbol 16 + (L - 5) * 8 + those bits), with the L - 4 bits below them raw. Symbols are
 * rANS-coded (Duda's range variant, byte-wise, state in [2^23, 2^31)) with frequencies scaled to
 * 2^{@value #SCALE_BITS}; raw bits follow, most significant first. The table travels as a weight level per
 * symbol present, eight levels to an octave, each sent as its difference from the previous symbol's: a
 * size distribution is smooth, so the table of hmmer's 67 size symbols takes 53 bytes.
 *
 * <p>The writer ({@link RunValuesWriter}) collects a block's values and codes them at its end; the reader
 * ({@link RunValuesReader}) takes the block's sequence and hands the values out in order. This class holds
 * what they share: the symbols and the table.
 */
abstract sealed class RunValues permits RunValuesWriter, RunValuesReader {
    static final int SCALE_BITS = 12;
    static final int TOTAL = 1 << SCALE_BITS;
    /** rANS state: at least LOW, below {@code LOW << 8}, between symbols. */
    static final int LOW = 1 << 23;
    /** Symbols 0 to 15 are values themselves; then 8 per bit length from 5 to 64. */
    static final int SYMBOLS = 16 + 60 * 8;
    /** Weight levels a table gives a symbol (7 bits). */
    static final int LEVELS = 128;

    /** What the values are, for error messages: "run lengths" or "run sizes". */
    final String what;
    /** How many values the block has (writer) or its sequence holds (reader). */
    int count;
    /** The table: each symbol's frequency (of 2^12) and the sum of those of the symbols below it. */
    final int[] freq = new int[SYMBOLS];
    final int[] cum = new int[SYMBOLS];

    RunValues(String what) {
        this.what = what;
    }

    /**
     * Like the {@link BitCoder}, one direction of the same code: the writer remembers {@code v} and returns
     * it; the reader ignores it and returns the block's next value.
     */
    abstract long code(long v);

    int count() {
        return count;
    }

    static int symbol(long v) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        return len <= 4 ? (int) v : 16 + ((len - 5) << 3) + (int) (v >>> (len - 4) & 7);
    }

    /** Level {@code l}'s weight: 8 steps per octave, (8 + l % 8) * 2^(l / 8). */
    static int weight(int l) {
        return (8 + (l & 7)) << (l >>> 3);
    }

    /**
     * Sets the frequencies (summing to 2^{@value #SCALE_BITS}) from the weight levels ({@code -1} =
     * absent): each of the k present symbols gets 1 + its share of 2^12 - k by weight, rounded down, and
     * the symbol with the largest frequency (the first of equals) what is left.
     */
    void table(int[] q) {
        long total = 0;
        int k = 0;
        for (int l : q) {
            if (l >= 0) {
                total += weight(l);
                k++;
            }
        }
        int sum = 0;
        int largest = -1;
        for (int s = 0; s < SYMBOLS; s++) {
            freq[s] = q[s] < 0 ? 0 : 1 + (int) (weight(q[s]) * (long) (TOTAL - k) / total);
            sum += freq[s];
            if (freq[s] > 0 && (largest < 0 || freq[s] > freq[largest])) {
                largest = s;
            }
        }
        freq[largest] += TOTAL - sum;
        for (int s = 0, c = 0; s < SYMBOLS; s++) {
            cum[s] = c;
            c += freq[s];
        }
    }
}
