package cmt.codec.compact.modelled;

import cmt.codec.compact.OpCode;

/**
 * Runs ({@code FORMAT.md} section 3.2, version 2 on): a loop that repeats itself but for fresh sizes
 * (random lengths, say), which the ranking tables can only spell out token by token. Once the shapes of
 * the last {@value #MIN_RUN} tokens occurred before, each token copies the one after the loop's previous
 * turn for one decision, spelling out only the fresh sizes, and the tables rest, which halves the time such
 * a trace takes; from version 3 each run's length and the fresh sizes come from a table-coded section of
 * the block's own ({@link RunValues}), so that a copied token costs no decision at all.
 */
final class Runs {
    static final int RUN_BITS = 16;
    /** Token shapes that must agree, at least two of them fresh sizes, before a run starts. */
    static final int MIN_RUN = 32;

    private final IntCoder ints;
    private final Token token;
    private final History history;
    private final TokenModel tokens;
    private final ModelTables tables;
    private final RunValues lengths;
    private final RunValues sizes;
    private final boolean enc;
    /** The run finder's table: the position that followed each context of four token shapes. */
    private final long[] rtab;
    /** Whether the file's format has runs (version 2 on). */
    private boolean on;
    /** Whether runs take their lengths and fresh sizes from the block's section (version 3 on). */
    private boolean apart;
    private int runPtr;
    /** Tokens copied in the current run plus one; 0 when no run is active. */
    private int runLen;
    /** Decoding, version 3: tokens the current run has yet to copy. */
    private long runLeft;

    Runs(IntCoder ints, Token token, History history, TokenModel tokens, ModelTables tables,
            RunValues lengths, RunValues sizes) {
        this.ints = ints;
        this.token = token;
        this.history = history;
        this.tokens = tokens;
        this.tables = tables;
        this.lengths = lengths;
        this.sizes = sizes;
        this.enc = ints.enc;
        this.rtab = tables.rtab;
    }

    /** Codes as format version {@code v} does. */
    void version(int v) {
        on = v >= 2;
        apart = v >= 3;
    }

    /** Ends any run, as at the start of a block (the run finder's table clears itself). */
    void reset() {
        runPtr = runLen = 0;
        runLeft = 0;
    }

    boolean active() {
        return runLen > 0;
    }

    /**
     * A token's shape: the token with a spelled-out size and a distance not relative to the previous freed
     * tag left out, so that a loop whose sizes or lifetimes vary still repeats shape by shape. 0 for an
     * entry that is not storable.
     */
    private static long shape(long meta, long sv) {
        if (meta == 0) {
            return 0;
        }
        return (TokenWord.distRelative(meta) ? meta : meta & TokenWord.BELOW_DV)
                | (TokenWord.sizeRelative(meta) ? (sv + Token.NEAR_SIZE + 1) << 5 : 0);
    }

    /**
     * After a token whose size was spelled out, starts a run when the shapes of the last {@value #MIN_RUN}
     * tokens occurred before, and every allocation among them whose size the shape leaves out either
     * repeats the earlier size or had its own spelled out, at least two of them spelled out. Loops whose
     * sizes the tables predict get no run: there a run would cost more than the tables.
     */
    void find() {
        History hs = history;
        int pos = hs.pos;
        if (!on || pos < MIN_RUN + 4) {
            return;
        }
        long x = 0;
        for (int k = 1; k <= 4; k++) {
            x = x * 0x9E3779B97F4A7C15L + shape(hs.word(pos - k), hs.sv(pos - k));
        }
        x = ContextHash.mix(x);
        int i = (int) (x >>> (64 - RUN_BITS));
        long check = x << 32;
        long entry = rtab[i];
        rtab[i] = check | pos;
        tables.runWritten(i);
        int at = (int) entry;
        if (at < MIN_RUN || (entry & 0xFFFFFFFF00000000L) != check || pos - at >= History.SIZE - 64) {
            return;
        }
        int fresh = 0;
        for (int k = 1; k <= MIN_RUN; k++) {
            long mu = hs.word(at - k);
            long su = shape(mu, hs.sv(at - k));
            if (su == 0 || su != shape(hs.word(pos - k), hs.sv(pos - k))) {
                return;
            }
            if (!TokenWord.sizeRelative(mu) && TokenWord.op(mu) != OpCode.FREE && hs.sv(at - k) != hs.sv(pos - k)) {
                if (!hs.spelled(pos - k)) {
                    return;
                }
                fresh++;
            }
        }
        if (fresh >= 2) {
            runPtr = at;
            runLen = 1;
            if (apart && !enc) {
                runLeft = lengths.code(0);
            }
        }
    }

    /**
     * Copies the token after the run's source if the token repeats it, with a size of its own where that
     * one's size was spelled out; false ends the run, and the token is then coded as any other.
     */
    boolean copy() {
        History hs = history;
        long m = hs.word(runPtr);
        long s = hs.sv(runPtr);
        boolean fresh = hs.spelled(runPtr);
        if (!copies(m, s, fresh)) {
            tokens.catchUp(runLen - 1);
            runLen = 0;
            return false;
        }
        Token t = token;
        t.unpack(m);
        if (fresh) {
            t.size = apart ? sizes.code(t.size) : ints.uint(Regions.size(t.op), t.size, Regions.SIZE_DEPTH);
        } else {
            t.size = t.kind == 1 ? t.lastSize + s : s;
        }
        t.sv = fresh ? t.size : s;
        t.meta = m;
        hs.append(m, t.sv, fresh);
        runPtr++;
        runLen++;
        t.advance();
        return true;
    }

    /**
     * Whether the token is a copy of the source (m, s). Version 3: the encoder compares, and at the first
     * token that is not a copy records the run's length; the decoder counts the length down. Version 2:
     * one decision.
     */
    private boolean copies(long m, long s, boolean fresh) {
        boolean is = enc && token.standsFor(m, s, fresh);
        if (apart) {
            if (enc) {
                if (!is) {
                    lengths.code(runLen - 1);
                }
                return is;
            }
            if (runLeft == 0) {
                return false;
            }
            if (m == 0) {
                throw new IllegalStateException("run lengths: a run copies a token that cannot be copied");
            }
            runLeft--;
            return true;
        }
        return m != 0 && ints.bit(Regions.run(runLen, TokenWord.opBits(m)), is ? 1 : 0) == 1;
    }

    /** Ends a block: the encoder records the length of a run still going; the decoder checks its run is done. */
    void endBlock() {
        if (apart && runLen > 0) {
            if (enc) {
                lengths.code(runLen - 1);
            } else if (runLeft != 0) {
                throw new IllegalStateException("run lengths: a run longer than the rest of its block");
            }
        }
    }
}
