package cmt.codec.compact.modelled;

/**
 * The block's tokens in order, as (word, sv) pairs ({@link TokenWord}) with whether each size was spelled
 * out: what the match model and the run finder look back at. A ring of {@value #SIZE} tokens, which the
 * tables ({@link ModelTables}) hold; nothing reads an entry the block has not written.
 */
final class History {
    static final int SIZE = 1 << 18;
    private static final int MASK = SIZE - 1;

    private final long[] hist;
    /** Whether each token's size was spelled out rather than predicted or copied. */
    private final boolean[] spelled;
    /** Tokens so far in the block. */
    int pos;

    History(ModelTables tables) {
        this.hist = tables.hist;
        this.spelled = tables.spelled;
    }

    void reset() {
        pos = 0;
    }

    /** Appends the token (m, sv); {@code fresh}: its size was spelled out. */
    void append(long m, long sv, boolean fresh) {
        int h = (pos & MASK) << 1;
        hist[h] = m;
        hist[h + 1] = sv;
        spelled[pos & MASK] = fresh;
        pos++;
    }

    /** The word of token {@code i}. */
    long word(int i) {
        return hist[(i & MASK) << 1];
    }

    long sv(int i) {
        return hist[((i & MASK) << 1) + 1];
    }

    boolean spelled(int i) {
        return spelled[i & MASK];
    }

    /** True if tokens {@code a} and {@code b} are the same and not empty. */
    boolean same(int a, int b) {
        int x = (a & MASK) << 1;
        int y = (b & MASK) << 1;
        return hist[x] != 0 && hist[x] == hist[y] && hist[x + 1] == hist[y + 1];
    }
}
