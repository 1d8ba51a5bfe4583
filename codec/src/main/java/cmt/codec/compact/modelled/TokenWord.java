package cmt.codec.compact.modelled;

/**
 * The packed form of a token ({@code FORMAT.md} section 3.1), one {@code long} beside its sv in the ranking
 * tables, the history and the match model: everything about a token but its size, so that comparing two
 * tokens is comparing two words and their svs.
 *
 * <pre>
 *  63                      24 23               8 7     5    4       3      2      0
 * +--------------------------+------------------+-------+-------+------+--------+
 * |        dv (40 bits)      | extra (16 bits)  | 0 0 0 | dkind | kind | op + 1 |
 * +--------------------------+------------------+-------+-------+------+--------+
 *  word 0: empty (no token, or one that does not fit: extra >= 2^16 or dv >= 2^40)
 * </pre>
 *
 * kind: sv is the size relative to the previous allocation's; dkind: dv is the ended tag relative to the
 * previous ended tag. The low 5 bits, op + 1, kind and dkind, are the token's code in the context hashes.
 */
final class TokenWord {
    /** Bits 0-2: op + 1, 0 in an empty word. */
    static final long OP_BITS = 7;
    /** Bit 3, kind: the size is relative to the previous allocation's. */
    static final long KIND = 1 << 3;
    /** Bit 4, dkind: the ended tag is relative to the previous ended tag. */
    static final long DKIND = 1 << 4;
    /** Bits 0-4: the code of the context hashes. */
    static final long CODE = 31;
    static final int EXTRA_SHIFT = 8;
    static final long EXTRA_MASK = 0xFFFF;
    static final int DV_SHIFT = 24;
    /** Everything below dv. */
    static final long BELOW_DV = (1L << DV_SHIFT) - 1;
    /** The bits of op and extra: two words with these equal are the same operation with the same extra. */
    static final long OP_AND_EXTRA = OP_BITS | EXTRA_MASK << EXTRA_SHIFT;

    private TokenWord() {
    }

    /** True if a token with {@code extra} and {@code dv} fits a word: extra below 2^16, dv below 2^40. */
    static boolean fits(long extra, long dv) {
        return (extra >>> 16) == 0 && (dv >>> 40) == 0;
    }

    /** The code of a token: op + 1, kind and dkind. */
    static long code(int op, int kind, int dkind) {
        return (op + 1) | kind << 3 | dkind << 4;
    }

    /** The word of a token that {@link #fits}. */
    static long pack(int op, int kind, int dkind, long extra, long dv) {
        return code(op, kind, dkind) | extra << EXTRA_SHIFT | dv << DV_SHIFT;
    }

    /** Bits 0-2: op + 1, or 0 for an empty word. */
    static int opBits(long m) {
        return (int) (m & OP_BITS);
    }

    static int op(long m) {
        return opBits(m) - 1;
    }

    static int kind(long m) {
        return (int) (m >>> 3) & 1;
    }

    static int dkind(long m) {
        return (int) (m >>> 4) & 1;
    }

    static boolean sizeRelative(long m) {
        return (m & KIND) != 0;
    }

    static boolean distRelative(long m) {
        return (m & DKIND) != 0;
    }

    static long code(long m) {
        return m & CODE;
    }

    static long extra(long m) {
        return (m >>> EXTRA_SHIFT) & EXTRA_MASK;
    }

    static long dv(long m) {
        return m >>> DV_SHIFT;
    }

    /** True if words {@code a} and {@code b} have the same op and extra. */
    static boolean sameOpAndExtra(long a, long b) {
        return ((a ^ b) & OP_AND_EXTRA) == 0;
    }
}
