package cmt.codec.compact.modelled;

import cmt.codec.compact.OpCode;

/**
 * How the modelled coding predicts a token ({@code FORMAT.md} section 3.1). Three symbol-ranking tables,
 * keyed by the previous four tokens in coarse form (size rounded to a quarter octave), the previous two
 * exactly, and the previous one coarsely; each slot remembers the last {@value #WAYS} different tokens seen
 * after its context. A match model adds the token that followed the last occurrence of the previous four,
 * once {@value #MIN_MATCH} tokens of history agree. A program's loops repeat, so most tokens cost one or
 * two well-predicted decisions; a token new to its contexts is a literal, spelled out field by field.
 */
final class TokenModel {
    static final int LEVELS = 3;
    static final int WAYS = 4;
    private static final int B0 = 16;
    private static final int B1 = 14;
    private static final int B2 = 12;
    /** log2 of the slots of each level: contexts of the previous 4 (coarse), 2 (exact) and 1 (coarse) tokens. */
    private static final int[] LEVEL_BITS = {B0, B1, B2};
    private static final int[] LEVEL_BASE = {0, 1 << B0, (1 << B0) + (1 << B1)};
    static final int SLOTS = (1 << B0) + (1 << B1) + (1 << B2);
    /** The slot after the tables that holds the match model's candidate. */
    static final int MATCH = SLOTS;
    static final int MATCH_BITS = 18;
    static final int MIN_MATCH = 12;
    /** What {@link #search} returns for the match candidate. */
    private static final int MATCH_HIT = 100;

    private final IntCoder ints;
    private final Token token;
    private final History history;
    private final ModelTables tables;
    private final boolean enc;
    // Ranking slots, one region per level; a slot is 8 longs, WAYS (word, sv) pairs, most recent first, so
    // that one slot is one cache line.
    private final long[] tab;
    private final byte[] conf;
    private final long[] mtab;
    private int matchPtr;
    private int matchLen;
    /** Context hashes of the previous four tokens, exact (h) and coarse (k). */
    private long h1;
    private long h2;
    private long h3;
    private long h4;
    private long k1;
    private long k2;
    private long k3;
    private long k4;
    /** Consecutive hits of level 0's first way, at most 3. */
    private int lastHit;
    /** Candidates rejected so far: the match's and every level's ways. */
    private final int[] tried = new int[1 + LEVELS * WAYS];
    private final int[] slot = new int[LEVELS];
    /** Encoding: the candidate that is the current token ({@link #firstFit}). */
    private int want;

    TokenModel(IntCoder ints, Token token, History history, ModelTables tables) {
        this.ints = ints;
        this.token = token;
        this.history = history;
        this.tables = tables;
        this.enc = ints.enc;
        this.tab = tables.tab;
        this.conf = tables.conf;
        this.mtab = tables.mtab;
    }

    /** Forgets the previous tokens, as at the start of a block (the tables clear themselves). */
    void reset() {
        matchPtr = matchLen = 0;
        h1 = h2 = h3 = h4 = k1 = k2 = k3 = k4 = 0;
        lastHit = 0;
    }

    /**
     * Codes the token by the tables and the match model, or as a literal, and learns it; returns whether
     * its size was spelled out (a literal that is not relative and not a free), after which a run may start.
     */
    boolean code() {
        Token t = token;
        int s0 = LEVEL_BASE[0] + (int) (ContextHash.mix(k1 + k2 * 0x9E3779B97F4A7C15L + k3 * 0xC2B2AE3D27D4EB4FL
                + k4 * 0xD6E8FEB86659FD93L) >>> (64 - LEVEL_BITS[0]));
        int s1 = LEVEL_BASE[1] + (int) (ContextHash.mix(h1 + h2 * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L)
                >>> (64 - LEVEL_BITS[1]));
        int s2 = LEVEL_BASE[2] + (int) (ContextHash.mix(k1 ^ 0x5851F42D4C957F2DL) >>> (64 - LEVEL_BITS[2]));
        slot[0] = s0;
        slot[1] = s1;
        slot[2] = s2;
        long[] tb = tab;
        int hit = -1;
        int c0 = conf[s0];
        int c2 = conf[s2];
        int mi = MATCH << 3;
        if (matchLen > 0) {
            tb[mi] = history.word(matchPtr);
            tb[mi + 1] = history.sv(matchPtr);
        } else {
            tb[mi] = 0;
        }
        boolean any = tb[mi] != 0 || (tb[s0 << 3] | tb[s1 << 3] | tb[s2 << 3]) != 0 && (c0 != 15 || c2 != 15);
        if (any) {
            int escape = 0;
            if (enc) {
                want = firstFit(mi, s0 << 3, s1 << 3, s2 << 3);
                escape = want < 0 ? 1 : 0;
            }
            if (ints.bit(Regions.escape(c0, c2), escape) == 0) {
                hit = search();
            }
        }
        if (hit < 0) {
            literal();
        }
        t.pack();
        long meta = t.meta;
        for (int l = 0; l < LEVELS; l++) {
            int s = slot[l];
            int w = meta == 0 ? -1 : exact(s << 3);
            int cf = conf[s];
            tables.slotWritten(s);
            conf[s] = (byte) (w == 0 ? (cf < 7 ? cf + 1 : cf == 7 ? 7 : 1)
                    : hit < 0 ? (cf >= 8 ? Math.min(cf + 1, 15) : 8) : 0);
            if (w != 0 && meta != 0) {
                promote(s << 3, w < 0 ? WAYS - 1 : w);
            }
        }
        lastHit = hit == 0 ? Math.min(lastHit + 1, 3) : 0;
        boolean fresh = hit < 0 && t.kind == 0 && t.op != OpCode.FREE;
        follow(fresh);
        t.advance();
        push(TokenWord.code(t.op, t.kind, t.dkind), t.sv, t.dv, t.extra, t.kind == 1 ? t.sv : bucket(t.size), t.dist);
        lookUp();
        return fresh;
    }

    /**
     * After a run that copied {@code copied} tokens: the context hashes catch up with the last of them
     * (at most four, oldest first), and the match ends.
     */
    void catchUp(int copied) {
        int pos = history.pos;
        for (int k = Math.min(copied, 4); k >= 1; k--) {
            long m = history.word(pos - k);
            long s = history.sv(pos - k);
            long dv = TokenWord.dv(m);
            push(TokenWord.code(m), s, dv, TokenWord.extra(m), TokenWord.sizeRelative(m) ? s : bucket(s), dv);
        }
        matchLen = 0;
        lastHit = 0;
    }

    /** Shifts the context hashes by one token. */
    private void push(long code, long sv, long dv, long extra, long sizeKey, long dist) {
        h4 = h3;
        h3 = h2;
        h2 = h1;
        h1 = ContextHash.mix(code * 0x9E3779B97F4A7C15L ^ sv * 0xC2B2AE3D27D4EB4FL ^ dv * 0x165667B19E3779F9L
                ^ extra * 0xD6E8FEB86659FD93L);
        k4 = k3;
        k3 = k2;
        k2 = k1;
        k1 = ContextHash.mix(code * 0x9E3779B97F4A7C15L ^ sizeKey * 0xC2B2AE3D27D4EB4FL
                ^ ((code & TokenWord.DKIND) != 0 ? 100 + dv : Math.min(dist, 64)) * 0x165667B19E3779F9L);
    }

    /**
     * Extends or drops the match, the token that followed the last occurrence of the previous four tokens,
     * which predicts the next one while the trace repeats itself; then appends the token to the history.
     */
    private void follow(boolean fresh) {
        Token t = token;
        if (matchLen > 0) {
            if (t.meta != 0 && history.word(matchPtr) == t.meta && history.sv(matchPtr) == t.sv) {
                matchLen++;
                matchPtr++;
            } else {
                matchLen = 0;
            }
        }
        history.append(t.meta, t.sv, fresh);
    }

    /**
     * Looks the previous four tokens up in the match table, after the context hashes moved on. An entry
     * keeps the low half of its context's hash beside the position, so that a different context is told
     * apart without reading the history (its last four tokens differ, so no match of twelve can start).
     */
    private void lookUp() {
        int pos = history.pos;
        long x = ContextHash.mix(h1 + h2 * 0x9E3779B97F4A7C15L + h3 * 0xC2B2AE3D27D4EB4FL + h4 * 0xD6E8FEB86659FD93L);
        int i = (int) (x >>> (64 - MATCH_BITS));
        long check = x << 32;
        if (matchLen == 0) {
            long entry = mtab[i];
            int at = (int) entry;
            if (at > 0 && (entry & 0xFFFFFFFF00000000L) == check && pos - at < History.SIZE - 32) {
                int len = 0;
                while (len < 32 && len < at && history.same(at - 1 - len, pos - 1 - len)) {
                    len++;
                }
                if (len >= MIN_MATCH) {
                    matchPtr = at;
                    matchLen = len;
                }
            }
        }
        mtab[i] = check | pos;
        tables.matchWritten(i);
    }

    /** Codes which candidate the token is, level by level, way by way; -1 if none (then a literal follows). */
    private int search() {
        long[] tb = tab;
        int n = 0;
        int mi = MATCH << 3;
        if (tb[mi] != 0) {
            int is = enc && want == mi ? 1 : 0;
            int agree = tb[mi] == tb[slot[0] << 3] && tb[mi + 1] == tb[(slot[0] << 3) + 1] ? 1 : 0;
            if (ints.bit(Regions.match(matchLen, agree), is) == 1) {
                token.take(tb[mi], tb[mi + 1]);
                return MATCH_HIT;
            }
            tried[n++] = mi;
        }
        for (int l = 0; l < LEVELS; l++) {
            int base = slot[l] << 3;
            int cf = conf[slot[l]];
            for (int w = 0; w < WAYS; w++) {
                int i = base + 2 * w;
                long m = tb[i];
                if (m == 0) {
                    break;
                }
                if (n > 0 && excluded(i, n)) {
                    continue;
                }
                int is = enc && want == i ? 1 : 0;
                if (ints.bit(Regions.rank(l, w, cf, lastHit, agreement(i, l), TokenWord.op(m)), is) == 1) {
                    token.take(m, tb[i + 1]);
                    return l * WAYS + w;
                }
                tried[n++] = i;
            }
        }
        throw new IllegalStateException("no candidate left after the escape decision said there was one");
    }

    /** How many other levels hold entry {@code i}'s token first (0 to 2): agreement means confidence. */
    private int agreement(int i, int level) {
        long[] tb = tab;
        int a = 0;
        for (int l = 0; l < LEVELS; l++) {
            int j = slot[l] << 3;
            if (l != level && tb[j] == tb[i] && tb[j + 1] == tb[i + 1]) {
                a++;
            }
        }
        return a;
    }

    /**
     * The first candidate, in the order {@link #search} tries them, that stands for the current token, or
     * -1: the encoder's answer to every decision of the search at once.
     */
    private int firstFit(int match, int s0, int s1, int s2) {
        if (matches(match)) {
            return match;
        }
        int i = fit(s0);
        if (i < 0) {
            i = fit(s1);
        }
        return i < 0 ? fit(s2) : i;
    }

    /** The entry of the slot at {@code base} that stands for the current token, or -1. */
    private int fit(int base) {
        for (int w = 0; w < WAYS && tab[base + 2 * w] != 0; w++) {
            if (matches(base + 2 * w)) {
                return base + 2 * w;
            }
        }
        return -1;
    }

    /** True if entry {@code i} stands for the current token (in either size form). */
    private boolean matches(int i) {
        return token.standsFor(tab[i], tab[i + 1], false);
    }

    /** The way of the slot at {@code i} holding the current token in its coded form, or -1. */
    private int exact(int i) {
        long[] tb = tab;
        long meta = token.meta;
        long sv = token.sv;
        for (int w = 0; w < WAYS; w++) {
            if (tb[i + 2 * w] == meta && tb[i + 2 * w + 1] == sv) {
                return w;
            }
        }
        return -1;
    }

    /** True if entry {@code i} stands for the same token as one of the first {@code n} entries tried. */
    private boolean excluded(int i, int n) {
        long[] tb = tab;
        Token t = token;
        long m = tb[i];
        long s = t.sizeOf(m, tb[i + 1]);
        long d = t.distOf(m);
        for (int k = 0; k < n; k++) {
            int j = tried[k];
            long mj = tb[j];
            if (TokenWord.sameOpAndExtra(mj, m) && t.sizeOf(mj, tb[j + 1]) == s && t.distOf(mj) == d) {
                return true;
            }
        }
        return false;
    }

    /** Moves the current token to the front of the slot at {@code i}, shifting ways 0 to w-1 down. */
    private void promote(int i, int w) {
        long[] tb = tab;
        for (int k = 2 * w - 1; k >= 0; k--) {
            tb[i + k + 2] = tb[i + k];
        }
        tb[i] = token.meta;
        tb[i + 1] = token.sv;
    }

    /** A coarse size for contexts: the bit length and the two bits below the leading one. */
    private static long bucket(long v) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        return len <= 3 ? v : (len << 2) | ((v >>> (len - 3)) & 3);
    }

    /** Codes the token field by field: operation, size, distance and count or alignment. */
    private void literal() {
        Token t = token;
        int op = ints.tree(Regions.op(t.prevOp), 3, t.op);
        if (op >= OpCode.COUNT) {
            throw new IllegalStateException("operation code " + op);
        }
        t.op = op;
        t.size = op == OpCode.FREE ? 0 : ints.uint(Regions.size(op), t.size, Regions.SIZE_DEPTH);
        int dc = Math.min(64 - Long.numberOfLeadingZeros(t.lastDist), 15);
        t.dist = OpCode.releases(op) ? ints.uint(Regions.dist(op, dc), t.dist - 1, Regions.DIST_DEPTH) + 1 : 0;
        t.extra = op == OpCode.CALLOC ? ints.uint(Regions.COUNT, t.extra)
                : op == OpCode.ALIGNED ? ints.uint(Regions.ALIGN, t.extra) : 0;
        t.fields();
    }
}
