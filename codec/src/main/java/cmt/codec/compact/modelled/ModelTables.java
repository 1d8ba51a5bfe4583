package cmt.codec.compact.modelled;

import cmt.codec.compact.Idle;
import java.util.Arrays;

/**
 * The compact model's big tables (about 12 MB), which every block must start with cleared. Clearing them
 * whole costs as much as a block of a trace like hmmer's takes to decode, and the JVM clears a new set as
 * dearly, so a set records which 64-byte lines were written and {@link #clear} zeroes only those, and a
 * thread keeps one idle set for the next reader or writer it opens ({@link #take}, {@link #give}, {@link Idle}).
 *
 * <p>The history and its flags need no clearing: nothing reads an entry a block has not written.
 */
final class ModelTables {
    final int[] p = new int[Regions.TOTAL];
    /** Ranking slots of 8 longs each, the match model's candidate after them. */
    final long[] tab = new long[(TokenModel.SLOTS + 1) * 8];
    final byte[] conf = new byte[TokenModel.SLOTS];
    final long[] hist = new long[2 * History.SIZE];
    final boolean[] spelled = new boolean[History.SIZE];
    final long[] mtab = new long[1 << TokenModel.MATCH_BITS];
    final long[] rtab = new long[1 << Runs.RUN_BITS];

    /** One bit per ranking slot (tab and conf) written; one per 8 entries of mtab and of rtab. */
    private final long[] slotsWritten = new long[(TokenModel.SLOTS + 63) >>> 6];
    private final long[] matchWritten = new long[((1 << TokenModel.MATCH_BITS) >>> 3) >>> 6];
    private final long[] runWritten = new long[((1 << Runs.RUN_BITS) >>> 3) >>> 6];

    private static final Idle<ModelTables> IDLE = new Idle<>();

    /** This thread's idle set, or a new one; cleared either way. */
    static ModelTables take() {
        ModelTables t = IDLE.take();
        if (t == null) {
            return new ModelTables();
        }
        t.clear();
        return t;
    }

    /** Hands a set its user no longer needs to this thread's next {@link #take}. */
    static void give(ModelTables t) {
        IDLE.give(t);
    }

    void slotWritten(int s) {
        slotsWritten[s >>> 6] |= 1L << s;
    }

    void matchWritten(int i) {
        matchWritten[i >>> 9] |= 1L << (i >>> 3);
    }

    void runWritten(int i) {
        runWritten[i >>> 9] |= 1L << (i >>> 3);
    }

    /** Zeroes every line written since the last clear, and the match model's candidate. */
    void clear() {
        for (int w = 0; w < slotsWritten.length; w++) {
            for (long bits = slotsWritten[w]; bits != 0; bits &= bits - 1) {
                int s = (w << 6) + Long.numberOfTrailingZeros(bits);
                Arrays.fill(tab, s << 3, (s + 1) << 3, 0);
                conf[s] = 0;
            }
            slotsWritten[w] = 0;
        }
        Arrays.fill(tab, TokenModel.MATCH << 3, (TokenModel.MATCH + 1) << 3, 0);
        clearLines(mtab, matchWritten);
        clearLines(rtab, runWritten);
    }

    private static void clearLines(long[] table, long[] written) {
        for (int w = 0; w < written.length; w++) {
            for (long bits = written[w]; bits != 0; bits &= bits - 1) {
                int line = (w << 6) + Long.numberOfTrailingZeros(bits);
                Arrays.fill(table, line << 3, (line + 1) << 3, 0);
            }
            written[w] = 0;
        }
    }
}
