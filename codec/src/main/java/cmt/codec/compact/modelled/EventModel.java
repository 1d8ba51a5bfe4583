package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.CompactFormat;
import java.util.Arrays;

/**
 * The compact format's model of a trace: how each event of a block becomes binary decisions for the range
 * coder, written once for both directions (see {@link BitCoder}). {@code FORMAT.md} beside this file
 * describes the same steps for a reader in another language; the two change together.
 *
 * <p>An event is first a token: operation, size, distance from the newest tag to the ended block's tag
 * (free and realloc), and the calloc count or alignment. A size within {@value #NEAR_SIZE} of the previous
 * allocation's is kept relative to it, so that "one more than last time" is one token whatever the size;
 * likewise a freed tag within {@value #NEAR_TAG} of the previously freed one ("the block after the one
 * just freed").
 * Three symbol-ranking tables predict the token, keyed by the previous four tokens in coarse form (size
 * rounded to a quarter octave), the previous two exactly, and the previous one coarsely; each slot
 * remembers the last {@value #WAYS} different tokens seen after its context. A program's loops repeat, so
 * most events cost one or two well-predicted decisions; a token new to its contexts is spelled out field
 * by field. A match model adds the token that followed the last occurrence of the previous four, once
 * twelve tokens of history agree. A loop that repeats itself but for fresh sizes (random lengths, say)
 * becomes a run (version 2 on): each token copies the one after the loop's previous turn for one decision,
 * spelling out only the fresh sizes, and the tables rest, which halves the time such a trace takes; from
 * version 3 each run's length and the fresh sizes come from a table-coded section of the block's own
 * ({@link RunValues}), so that a copied token costs no decision at all.
 * Addresses, when kept, are predicted from what allocators do: the same address for a realloc,
 * a recently freed address of the same size class, or a small step past the previous allocation.
 *
 * <p>Worked example (hmmer, 180,216 events): 45,001 of its mallocs ask for a random sequence length and
 * cost about 9.5 bits each, spelled out; the malloc of length + 1 after each, and the two frees that
 * follow, are copied by one of its 10 runs at no cost of their own: 53,904 bytes in all, 0.2991 bytes/event.
 */
final class EventModel {
    static final int LEVELS = 3;
    static final int WAYS = 4;
    static final int B0 = 16;
    static final int B1 = 14;
    static final int B2 = 12;
    /** log2 of the slots of each level: contexts of the previous 4 (coarse), 2 (exact) and 1 (coarse) tokens. */
    static final int[] LEVEL_BITS = {B0, B1, B2};
    static final int[] LEVEL_BASE = {0, 1 << B0, (1 << B0) + (1 << B1)};
    static final int SLOTS = (1 << B0) + (1 << B1) + (1 << B2);
    /** The slot after the tables that holds the match model's candidate. */
    static final int MATCH = SLOTS;
    static final int HIST = 1 << 18;
    static final int MATCH_BITS = 18;
    static final int MIN_MATCH = 12;
    static final int RUN_BITS = 16;
    /** Token shapes that must agree, at least two of them fresh sizes, before a run starts. */
    static final int MIN_RUN = 32;
    static final int STACK = 8;
    static final int CLASSES = 128;

    // Layout of the probability table: one region per kind of decision.
    static final int SMALL_DEPTH = 3;
    static final int SIZE_DEPTH = 3;
    private static final int UINT = 128 + (32 << SMALL_DEPTH);
    private static final int SIZE_UINT = 128 + (32 << SIZE_DEPTH);
    static final int DIST_DEPTH = 7;
    private static final int DIST_UINT = 128 + (32 << DIST_DEPTH);
    static final int P_RANK = 0;                       // [level 3][way 4][conf 16][last hit 4][agree 3][op 8]
    static final int P_ESCAPE = P_RANK + LEVELS * WAYS * 16 * 4 * 3 * 8; // [level-0 state 16][level-2 state 16]
    static final int P_MATCH = P_ESCAPE + 256;          // [length 16][agrees with level 0 2]
    static final int P_OP = P_MATCH + 32;             // [previous op 6][tree node 8]
    static final int NEAR_SIZE = 2;
    /** A freed tag within this of the previous freed tag is kept relative to it. */
    static final int NEAR_TAG = 8;
    static final int P_SIZE = P_OP + 6 * 8;             // [op 5] uint
    static final int P_DIST = P_SIZE + 5 * SIZE_UINT;        // [op: realloc, free][previous distance class 16] uint
    static final int P_COUNT = P_DIST + 2 * 16 * DIST_UINT;       // uint
    static final int P_ALIGN = P_COUNT + UINT;          // uint
    static final int P_GAP = P_ALIGN + UINT;            // uint
    static final int P_SAME = P_GAP + UINT;             // [grows 2]
    static final int P_REUSE = P_SAME + 2;              // [op creates 5][stack depth 9]
    static final int P_REUSE_POS = P_REUSE + 5 * 9;     // [tree node 8]
    static final int P_NEAR = P_REUSE_POS + 8;          // [register 2][size context 48]
    static final int P_NEAR_V = P_NEAR + 2 * 48;        // [register 2][size context 48][tree node 32]
    static final int P_FAR_SIGN = P_NEAR_V + 2 * 48 * 32; // 1
    static final int P_FAR = P_FAR_SIGN + 1;            // uint
    static final int P_THREAD = P_FAR + UINT;           // [previous same 2]
    static final int P_THREAD_HIT = P_THREAD + 2;       // 1
    static final int P_THREAD_POS = P_THREAD_HIT + 1;   // [tree node 8]
    static final int P_THREAD_V = P_THREAD_POS + 8;     // uint
    static final int P_TIME = P_THREAD_V + UINT;        // [op 5] uint
    static final int P_REGISTER = P_TIME + 5 * UINT;    // uint
    static final int P_RUN = P_REGISTER + UINT;         // [run length class 16][op 8]
    static final int P_TOTAL = P_RUN + 16 * 8;

    private final BitCoder c;
    private final RunValues lengths;
    private final RunValues sizes;
    private final boolean enc;
    private final ModelTables tables = ModelTables.take();
    private boolean released;
    private final int[] p = tables.p;

    // Symbol-ranking tables, one region per level; a slot is 8 longs: WAYS (meta, size) pairs, most
    // recent first, so that one slot is one cache line. meta = code | extra << 8 | dv << 24, 0 = empty.
    private final long[] tab = tables.tab;
    private final long[] hist = tables.hist;
    /** Whether each history token's size was spelled out rather than predicted or copied. */
    private final boolean[] spelled = tables.spelled;
    private final long[] mtab = tables.mtab;
    private int pos;
    private int matchPtr;
    private int matchLen;
    private long h3;
    private long h4;
    private final byte[] conf = tables.conf;
    /** Run finder: the position that followed each context of four token shapes (see {@link #findRun}). */
    private final long[] rtab = tables.rtab;
    private int runPtr;
    /** Tokens copied in the current run plus one; 0 when no run is active. */
    private int runLen;
    /** Decoding, version 3: tokens the current run has yet to copy. */
    private long runLeft;
    /** Candidates rejected so far: the match's and every level's ways. */
    private final int[] tried = new int[1 + LEVELS * WAYS];
    private final int[] slot = new int[LEVELS];
    private long meta;
    /** Encoding: the candidate that is the current token ({@link #firstFit}). */
    private int want;

    // Freed addresses by size class, most recent first.
    private final long[] stacks = new long[CLASSES * STACK];
    private final int[] depth = new int[CLASSES];
    private final long[] threads = new long[8];

    /** Whether the file's format has runs (version 2 on). */
    private boolean runs;
    /** Whether runs take their lengths and fresh sizes from the block's section, {@link RunValues} (version 3 on). */
    private boolean apart;
    /** Block flags: which streams the block carries. */
    private boolean addresses;
    private boolean hasThreads;
    private boolean hasTimes;
    private boolean tagGaps;

    // Decoding state carried from event to event; the block header sets the starting values.
    long lastTag;
    private long lastEnd;
    private long lastSize;
    private long freshEnd;
    private long freshSize;
    private long prevTime;
    private long h1;
    private long h2;
    private long k1;
    private long k2;
    private long k3;
    private long k4;
    private int kind;
    private long sv;
    private int prevOp;
    private long lastDist;
    private int lastHit;
    private int threadSame;

    // The current token.
    private int op;
    private long size;
    private long dist;
    private int dkind;
    private long dv;
    private long prevOldTag;
    private long extra;

    EventModel(BitCoder coder, RunValues lengths, RunValues sizes) {
        this.c = coder;
        this.lengths = lengths;
        this.sizes = sizes;
        this.enc = coder instanceof RangeEncoder;
    }

    /** Hands the tables on to the next model this thread makes (once); this one must not code again. */
    void release() {
        if (!released) {
            released = true;
            ModelTables.give(tables);
        }
    }

    /** Codes as format version {@code v} does (1 to {@link CompactFormat#VERSION}). */
    void version(int v) {
        runs = v >= 2;
        apart = v >= 3;
    }

    /** Starts a block with {@code flags} (CompactFormat.BLOCK_*): forgets everything learned. */
    void begin(int flags) {
        reset();
        addresses = (flags & CompactFormat.BLOCK_ADDRESSES) != 0;
        hasThreads = (flags & CompactFormat.BLOCK_THREADS) != 0;
        hasTimes = (flags & CompactFormat.BLOCK_TIMES) != 0;
        tagGaps = (flags & CompactFormat.BLOCK_TAG_GAPS) != 0;
    }

    /** Forgets everything learned: every block starts from this state. */
    private void reset() {
        Arrays.fill(p, BitCoder.HALF);
        Arrays.fill(threads, Event.NONE);
        Arrays.fill(depth, 0);
        tables.clear();
        pos = matchPtr = matchLen = runPtr = runLen = 0;
        runLeft = 0;
        h1 = h2 = h3 = h4 = k1 = k2 = k3 = k4 = 0;
        prevOp = 5;
        lastDist = 0;
        prevOldTag = 0;
        lastHit = 0;
        threadSame = 0;
    }

    /**
     * Codes the registers a block starts from, first thing in its payload: the previous allocation's
     * end and size, the end and size of the previous allocation that took fresh memory, the previous
     * timestamp, and the next synthetic address (which a file without addresses hands out).
     */
    long codeRegisters(long bump) {
        lastEnd = uint(P_REGISTER, lastEnd);
        lastSize = uint(P_REGISTER, lastSize);
        freshEnd = uint(P_REGISTER, freshEnd);
        freshSize = uint(P_REGISTER, freshSize);
        prevTime = uint(P_REGISTER, prevTime);
        return uint(P_REGISTER, bump);
    }

    /**
     * Codes the token of one event. Encoding reads {@code e} (a resolved event); decoding fills op, size,
     * count, alignment and {@code oldTag}, after which the caller fills the ended block's
     * {@code oldAddress} and {@code oldSize} before {@link #codeRest}.
     */
    void codeToken(Event e) {
        if (enc) {
            op = e.op.ordinal();
            size = e.op == Op.FREE ? 0 : e.size;
            dist = e.op.releases() ? lastTag + 1 - e.oldTag : 0;
            extra = e.op == Op.CALLOC ? e.count : e.op == Op.ALIGNED ? e.alignment : 0;
        }
        token();
        if (!enc) {
            e.op = Op.of(op);
            e.size = size;
            e.count = op == 1 ? extra : 1;
            e.alignment = op == 2 ? extra : 0;
            if (dist != 0) {
                if (Long.compareUnsigned(dist, lastTag) > 0) {
                    throw new IllegalStateException("free distance " + Long.toUnsignedString(dist)
                            + " refers to no block (last tag " + lastTag + ")");
                }
                e.oldTag = lastTag + 1 - dist;
            }
        }
    }

    /** Codes the new tag, the address, the thread and the timestamp of the event whose token was coded. */
    void codeRest(Event e) {
        if (op != 4) {
            long gap = tagGaps ? uint(P_GAP, e.tag - lastTag - 1) : 0;
            if (Long.compareUnsigned(lastTag + gap + 1, lastTag) <= 0) {
                throw new IllegalStateException("tag gap " + Long.toUnsignedString(gap) + " runs past 2^64");
            }
            lastTag += gap + 1;
            e.tag = lastTag;
            if (addresses) {
                address(e);
            }
            lastSize = size;
        }
        if (hasThreads) {
            thread(e);
        }
        if (hasTimes) {
            long d = e.timestamp - prevTime;
            long z = uint(P_TIME + op * UINT, (d << 1) ^ (d >> 63));
            e.timestamp = prevTime + ((z >>> 1) ^ -(z & 1));
            prevTime = e.timestamp;
        }
        if (addresses && op >= 3) {
            released(e.oldAddress, e.oldSize, op == 3 && e.address == e.oldAddress);
        }
    }

    /** Remembers a freed address for the allocations that may reuse it. */
    private void released(long oldAddress, long oldSize, boolean sameAddress) {
        if (sameAddress) {
            return;
        }
        int k = sizeClass(oldSize);
        int base = k * STACK;
        int n = depth[k];
        System.arraycopy(stacks, base, stacks, base + 1, Math.min(n, STACK - 1));
        stacks[base] = oldAddress;
        if (n < STACK) {
            depth[k] = n + 1;
        }
    }

    // ---- token ----

    private void token() {
        if (runLen > 0 && runStep()) {
            return;
        }
        int s0 = LEVEL_BASE[0] + (int) (mix(k1 + k2 * 0x9E3779B97F4A7C15L + k3 * 0xC2B2AE3D27D4EB4FL
                + k4 * 0xD6E8FEB86659FD93L) >>> (64 - LEVEL_BITS[0]));
        int s1 = LEVEL_BASE[1] + (int) (mix(h1 + h2 * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L)
                >>> (64 - LEVEL_BITS[1]));
        int s2 = LEVEL_BASE[2] + (int) (mix(k1 ^ 0x5851F42D4C957F2DL) >>> (64 - LEVEL_BITS[2]));
        slot[0] = s0;
        slot[1] = s1;
        slot[2] = s2;
        long[] t = tab;
        int hit = -1;
        int c0 = conf[s0];
        int c2 = conf[s2];
        int mi = MATCH << 3;
        if (matchLen > 0) {
            int h = (matchPtr & (HIST - 1)) << 1;
            t[mi] = hist[h];
            t[mi + 1] = hist[h + 1];
        } else {
            t[mi] = 0;
        }
        boolean any = t[mi] != 0 || (t[s0 << 3] | t[s1 << 3] | t[s2 << 3]) != 0 && (c0 != 15 || c2 != 15);
        if (any) {
            int escape = 0;
            if (enc) {
                want = firstFit(mi, s0 << 3, s1 << 3, s2 << 3);
                escape = want < 0 ? 1 : 0;
            }
            if (bit(P_ESCAPE + (c0 << 4) + c2, escape) == 0) {
                hit = search();
            }
        }
        if (hit < 0) {
            literal();
        }
        meta = storable() ? (op + 1) | kind << 3 | dkind << 4 | extra << 8 | dv << 24 : 0;
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
        boolean fresh = hit < 0 && kind == 0 && op != 4;
        follow(fresh);
        advance();
        push((op + 1) | kind << 3 | dkind << 4, sv, dv, extra, kind == 1 ? sv : bucket(size), dist);
        lookUp();
        if (runs && fresh) {
            findRun();
        }
    }

    /** Shifts the context hashes by one token. */
    private void push(long code, long sv, long dv, long extra, long sizeKey, long dist) {
        h4 = h3;
        h3 = h2;
        h2 = h1;
        h1 = mix(code * 0x9E3779B97F4A7C15L ^ sv * 0xC2B2AE3D27D4EB4FL ^ dv * 0x165667B19E3779F9L
                ^ extra * 0xD6E8FEB86659FD93L);
        k4 = k3;
        k3 = k2;
        k2 = k1;
        k1 = mix(code * 0x9E3779B97F4A7C15L ^ sizeKey * 0xC2B2AE3D27D4EB4FL
                ^ ((code & 16) != 0 ? 100 + dv : Math.min(dist, 64)) * 0x165667B19E3779F9L);
    }

    // ---- runs ----

    /**
     * A token's shape: the token with a spelled-out size and a distance not relative to the previous freed
     * tag left out, so that a loop whose sizes or lifetimes vary still repeats shape by shape. 0 for an
     * entry that is not storable.
     */
    private static long shape(long meta, long sv) {
        if (meta == 0) {
            return 0;
        }
        return ((meta & 16) != 0 ? meta : meta & 0xFFFFFF) | ((meta & 8) != 0 ? (sv + NEAR_SIZE + 1) << 5 : 0);
    }

    /**
     * Starts a run after a token whose size was spelled out, when the shapes of the last {@value #MIN_RUN}
     * tokens occurred before, and every allocation among them whose size the shape leaves out either
     * repeats the earlier size or had its own spelled out, at least two of them spelled out: a loop that
     * repeats itself but for fresh sizes (random lengths, say), which the ranking tables can only spell out
     * token by token. From then on a token that repeats the token after the earlier occurrence costs one
     * decision and, where that one's size was spelled out, its own size; the tables rest until the run ends.
     * Loops whose sizes the tables predict get no run: there a run would cost more than the tables.
     */
    private void findRun() {
        if (pos < MIN_RUN + 4) {
            return;
        }
        long[] hs = hist;
        int m = HIST - 1;
        long x = 0;
        for (int k = 1; k <= 4; k++) {
            int h = ((pos - k) & m) << 1;
            x = x * 0x9E3779B97F4A7C15L + shape(hs[h], hs[h + 1]);
        }
        x = mix(x);
        int i = (int) (x >>> (64 - RUN_BITS));
        long check = x << 32;
        long entry = rtab[i];
        rtab[i] = check | pos;
        tables.runWritten(i);
        int at = (int) entry;
        if (at < MIN_RUN || (entry & 0xFFFFFFFF00000000L) != check || pos - at >= HIST - 64) {
            return;
        }
        int fresh = 0;
        for (int k = 1; k <= MIN_RUN; k++) {
            int u = ((at - k) & m) << 1;
            int v = ((pos - k) & m) << 1;
            long mu = hs[u];
            long su = shape(mu, hs[u + 1]);
            if (su == 0 || su != shape(hs[v], hs[v + 1])) {
                return;
            }
            if ((mu & 8) == 0 && (mu & 7) != 5 && hs[u + 1] != hs[v + 1]) {
                if (!spelled[(pos - k) & m]) {
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
     * one's size was spelled out; false ends the run (and the token is coded as any other).
     */
    private boolean runStep() {
        int src = runPtr & (HIST - 1);
        long m = hist[src << 1];
        long s = hist[(src << 1) + 1];
        boolean fresh = spelled[src];
        if (!copies(m, s, fresh)) {
            endRun();
            return false;
        }
        unpack(m);
        if (fresh) {
            size = apart ? sizes.code(size) : uint(P_SIZE + op * SIZE_UINT, size, SIZE_DEPTH);
        } else {
            size = kind == 1 ? lastSize + s : s;
        }
        sv = fresh ? size : s;
        meta = m;
        append(fresh);
        runPtr++;
        runLen++;
        advance();
        return true;
    }

    /**
     * Whether the current token is a copy of the source (m, s). Version 3: the encoder compares, and at
     * the first token that is not a copy records the run's length; the decoder counts the length down.
     * Version 2: one decision.
     */
    private boolean copies(long m, long s, boolean fresh) {
        boolean is = enc && standsFor(m, s, fresh);
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
        return m != 0 && bit(P_RUN + (Math.min(32 - Integer.numberOfLeadingZeros(runLen), 15) << 3)
                + (int) (m & 7), is ? 1 : 0) == 1;
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

    /** After a token: the previous operation, distance and ended tag move on. */
    private void advance() {
        if (dist != 0) {
            lastDist = dist;
            prevOldTag = lastTag + 1 - dist;
        }
        prevOp = op;
    }

    /** Leaves run mode: the context hashes catch up with the tokens the run copied. */
    private void endRun() {
        int n = Math.min(runLen - 1, 4);
        for (int k = n; k >= 1; k--) {
            int h = ((pos - k) & (HIST - 1)) << 1;
            long m = hist[h];
            long s = hist[h + 1];
            long dvk = m >>> 24;
            push(m & 31, s, dvk, (m >>> 8) & 0xFFFF, (m & 8) != 0 ? s : bucket(s), dvk);
        }
        runLen = 0;
        matchLen = 0;
        lastHit = 0;
    }

    /** The token's coded form (kind, sv, dkind, dv) from its operation, size and distance. */
    private void fields() {
        long d = size - lastSize;
        kind = op != 4 && d >= -NEAR_SIZE && d <= NEAR_SIZE ? 1 : 0;
        sv = kind == 1 ? d : size;
        long delta = lastTag + 1 - dist - prevOldTag;
        dkind = op >= 3 && prevOldTag != 0 && delta >= -NEAR_TAG && delta <= NEAR_TAG ? 1 : 0;
        dv = dkind == 1 ? delta + NEAR_TAG : dist;
    }

    /**
     * Extends or drops the match: the token that followed the last occurrence of the previous four tokens,
     * which predicts the next one while the trace repeats itself.
     */
    private void follow(boolean fresh) {
        if (matchLen > 0) {
            int m = (matchPtr & (HIST - 1)) << 1;
            if (meta != 0 && hist[m] == meta && hist[m + 1] == sv) {
                matchLen++;
                matchPtr++;
            } else {
                matchLen = 0;
            }
        }
        append(fresh);
    }

    /** Appends the current token (meta, sv) to the history. */
    private void append(boolean fresh) {
        int h = (pos & (HIST - 1)) << 1;
        hist[h] = meta;
        hist[h + 1] = sv;
        spelled[pos & (HIST - 1)] = fresh;
        pos++;
    }

    /**
     * Looks the previous four tokens up in the match table, after the context hashes moved on. An entry
     * keeps the low half of its context's hash beside the position, so that a different context is told
     * apart without reading the history (its last four tokens differ, so no match of twelve can start).
     */
    private void lookUp() {
        long x = mix(h1 + h2 * 0x9E3779B97F4A7C15L + h3 * 0xC2B2AE3D27D4EB4FL + h4 * 0xD6E8FEB86659FD93L);
        int i = (int) (x >>> (64 - MATCH_BITS));
        long check = x << 32;
        if (matchLen == 0) {
            long entry = mtab[i];
            int at = (int) entry;
            if (at > 0 && (entry & 0xFFFFFFFF00000000L) == check && pos - at < HIST - 32) {
                int len = 0;
                while (len < 32 && len < at && same(at - 1 - len, pos - 1 - len)) {
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

    private boolean same(int a, int b) {
        int x = (a & (HIST - 1)) << 1;
        int y = (b & (HIST - 1)) << 1;
        return hist[x] != 0 && hist[x] == hist[y] && hist[x + 1] == hist[y + 1];
    }

    /** Codes which candidate the token is, level by level, way by way; -1 if none (then a literal follows). */
    private int search() {
        long[] t = tab;
        int n = 0;
        int mi = MATCH << 3;
        if (t[mi] != 0) {
            int is = enc && want == mi ? 1 : 0;
            int agree = t[mi] == t[slot[0] << 3] && t[mi + 1] == t[(slot[0] << 3) + 1] ? 1 : 0;
            if (bit(P_MATCH + Math.min(matchLen >> 2, 15) * 2 + agree, is) == 1) {
                take(mi);
                return 100;
            }
            tried[n++] = mi;
        }
        for (int l = 0; l < LEVELS; l++) {
            int base = slot[l] << 3;
            int cf = conf[slot[l]];
            for (int w = 0; w < WAYS; w++) {
                int i = base + 2 * w;
                long m = t[i];
                if (m == 0) {
                    break;
                }
                if (n > 0 && excluded(i, n)) {
                    continue;
                }
                int is = enc && want == i ? 1 : 0;
                int agree = agreement(i, l);
                if (bit(P_RANK + ((((((l * WAYS + w) * 16 + cf) << 2) + lastHit) * 3 + agree) << 3) + (int) (m & 7) - 1, is) == 1) {
                    take(i);
                    return l * WAYS + w;
                }
                tried[n++] = i;
            }
        }
        throw new IllegalStateException("no candidate left after the escape decision said there was one");
    }

    /** Makes entry {@code i} the current token. */
    private void take(int i) {
        unpack(tab[i]);
        sv = tab[i + 1];
        size = kind == 1 ? lastSize + sv : sv;
    }

    /** The fields of packed token {@code m} but its size: op, kind, dkind, extra, dv and dist. */
    private void unpack(long m) {
        op = (int) (m & 7) - 1;
        kind = (int) (m >>> 3) & 1;
        dkind = (int) (m >>> 4) & 1;
        extra = (m >>> 8) & 0xFFFF;
        dv = m >>> 24;
        dist = distOf(m);
    }

    /** How many other levels hold entry {@code i}'s token first (0 to 2): agreement means confidence. */
    private int agreement(int i, int level) {
        long[] t = tab;
        int a = 0;
        for (int l = 0; l < LEVELS; l++) {
            int j = slot[l] << 3;
            if (l != level && t[j] == t[i] && t[j + 1] == t[i + 1]) {
                a++;
            }
        }
        return a;
    }

    /** True if the current token fits the packed table entry: calloc counts and alignments below 2^16, distances below 2^40. */
    private boolean storable() {
        return (extra >>> 16) == 0 && (dv >>> 40) == 0;
    }

    /** The distance packed entry {@code m} stands for: stored, or relative to the previous freed tag. */
    private long distOf(long m) {
        return (m & 16) != 0 ? lastTag + 1 - (prevOldTag + (m >>> 24) - NEAR_TAG) : m >>> 24;
    }

    /** True if entry {@code i} stands for the current event (in either size form). */
    private boolean matches(int i) {
        return standsFor(tab[i], tab[i + 1], false);
    }

    /**
     * True if packed token (m, s) stands for the current event: same op, extra and dist, and the same size
     * unless {@code anySize} (a run's fresh size). An empty entry (m = 0) stands for none.
     */
    private boolean standsFor(long m, long s, boolean anySize) {
        return (m & 7) == op + 1 && ((m >>> 8) & 0xFFFF) == extra && distOf(m) == dist
                && (anySize || ((m & 8) != 0 ? lastSize + s : s) == size);
    }

    /**
     * The first candidate, in the order {@link #search} tries them, that stands for the current event, or
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

    /** The entry of the slot at {@code base} that stands for the current event, or -1. */
    private int fit(int base) {
        for (int w = 0; w < WAYS && tab[base + 2 * w] != 0; w++) {
            if (matches(base + 2 * w)) {
                return base + 2 * w;
            }
        }
        return -1;
    }

    /** The way of the slot at {@code i} holding the current token in its coded form, or -1. */
    private int exact(int i) {
        long[] t = tab;
        for (int w = 0; w < WAYS; w++) {
            if (t[i + 2 * w] == meta && t[i + 2 * w + 1] == sv) {
                return w;
            }
        }
        return -1;
    }

    /** True if entry {@code i} stands for the same event as one of the first {@code n} entries tried. */
    private boolean excluded(int i, int n) {
        long[] t = tab;
        long m = t[i];
        long s = (m & 8) != 0 ? lastSize + t[i + 1] : t[i + 1];
        long d = distOf(m);
        for (int k = 0; k < n; k++) {
            int j = tried[k];
            long mj = t[j];
            if (((mj ^ m) & 0xFFFF07L) == 0 && ((mj & 8) != 0 ? lastSize + t[j + 1] : t[j + 1]) == s
                    && distOf(mj) == d) {
                return true;
            }
        }
        return false;
    }

    /** Moves the current token to the front of the slot at {@code i}, shifting ways 0 to w-1 down. */
    private void promote(int i, int w) {
        long[] t = tab;
        for (int k = 2 * w - 1; k >= 0; k--) {
            t[i + k + 2] = t[i + k];
        }
        t[i] = meta;
        t[i + 1] = sv;
    }

    /** A coarse size for contexts: the bit length and the two bits below the leading one. */
    private static long bucket(long v) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        return len <= 3 ? v : (len << 2) | ((v >>> (len - 3)) & 3);
    }

    private void literal() {
        op = tree(P_OP + prevOp * 8, 3, op);
        if (op > 4) {
            throw new IllegalStateException("operation code " + op);
        }
        size = op == 4 ? 0 : uint(P_SIZE + op * SIZE_UINT, size, SIZE_DEPTH);
        int dc = Math.min(64 - Long.numberOfLeadingZeros(lastDist), 15);
        dist = op >= 3 ? uint(P_DIST + ((op - 3) * 16 + dc) * DIST_UINT, dist - 1, DIST_DEPTH) + 1 : 0;
        extra = op == 1 ? uint(P_COUNT, extra) : op == 2 ? uint(P_ALIGN, extra) : 0;
        fields();
    }

    // ---- addresses ----

    private void address(Event e) {
        long a = e.address;
        if (op == 3) {
            int grows = Long.compareUnsigned(size, e.oldSize) > 0 ? 1 : 0;
            if (bit(P_SAME + grows, enc && a == e.oldAddress ? 1 : 0) == 1) {
                e.address = e.oldAddress;
                allocated(e.address, false);
                return;
            }
        }
        int k = sizeClass(size);
        int base = k * STACK;
        int n = depth[k];
        int found = -1;
        if (enc) {
            for (int i = 0; i < n; i++) {
                if (stacks[base + i] == a) {
                    found = i;
                    break;
                }
            }
        }
        if (bit(P_REUSE + op * 9 + n, found >= 0 ? 1 : 0) == 1) {
            found = tree(P_REUSE_POS, 3, found);
            if (found >= n) {
                throw new IllegalStateException("freed-address position " + found + " of " + n);
            }
            e.address = stacks[base + found];
            System.arraycopy(stacks, base + found + 1, stacks, base + found, n - found - 1);
            depth[k] = n - 1;
            allocated(e.address, false);
            return;
        }
        if (near(e, 0, lastEnd, lastSize) || near(e, 1, freshEnd, freshSize)) {
            allocated(e.address, true);
            return;
        }
        long d = a - lastEnd;
        int neg = bit(P_FAR_SIGN, d < 0 ? 1 : 0);
        long m = uint(P_FAR, neg == 1 ? -d - 1 : d);
        e.address = lastEnd + (neg == 1 ? -m - 1 : m);
        allocated(e.address, true);
    }

    /** Codes whether the address is within 32 bytes past {@code end}, and where. */
    private boolean near(Event e, int reg, long end, long lastSize) {
        long d = e.address - end;
        int sc = Long.compareUnsigned(lastSize, 32) < 0 ? (int) lastSize : 32 + (int) (lastSize & 15);
        int ctx = reg * 48 + sc;
        int is = enc && d >= 0 && d < 32 ? 1 : 0;
        if (bit(P_NEAR + ctx, is) == 0) {
            return false;
        }
        e.address = end + tree(P_NEAR_V + ctx * 32, 5, d);
        return true;
    }

    private void allocated(long address, boolean fresh) {
        lastEnd = address + size;
        if (fresh) {
            freshEnd = lastEnd;
            freshSize = size;
        }
    }

    /** Size classes of glibc's chunks below 1 KiB (16-byte steps), then one class per power of two. */
    static int sizeClass(long n) {
        if (Long.compareUnsigned(n, 1000) < 0) {
            return (int) (n + 8 + 15) >> 4;
        }
        return 64 + (63 - Long.numberOfLeadingZeros(n));
    }

    // ---- threads ----

    private void thread(Event e) {
        long t = e.thread;
        if (bit(P_THREAD + threadSame, enc && t == threads[0] ? 1 : 0) == 1) {
            e.thread = threads[0];
            threadSame = 1;
            return;
        }
        threadSame = 0;
        int found = -1;
        if (enc) {
            for (int i = 1; i < 8; i++) {
                if (threads[i] == t) {
                    found = i;
                    break;
                }
            }
        }
        int at;
        if (bit(P_THREAD_HIT, found > 0 ? 1 : 0) == 1) {
            at = tree(P_THREAD_POS, 3, found);
            if (at == 0) {
                throw new IllegalStateException("thread position 0");
            }
            t = threads[at];
        } else {
            t = uint(P_THREAD_V, t + 1) - 1;
            at = 7;
        }
        System.arraycopy(threads, 0, threads, 1, at);
        threads[0] = t;
        e.thread = t;
    }

    // ---- integers ----

    /**
     * Codes an unsigned 64-bit value: its bit length (0 to 64) as a 7-level binary tree, then up to
     * {@code depth} bits below the leading 1 as a binary tree in the context of the length (lengths above
     * 31 share one), then the remaining bits at probability 1/2. A region for a given depth holds
     * {@code 128 + (32 << depth)} slots.
     */
    private long uint(int base, long v, int depth) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        len = tree(base, 7, len);
        if (len > 64) {
            throw new IllegalStateException("integer of " + len + " bits");
        }
        if (len <= 1) {
            return len;
        }
        int rest = len - 1;
        int modelled = Math.min(rest, depth);
        long r = 1;
        int ctx = base + 128 + (Math.min(len, 31) << depth);
        for (int i = 1; i <= modelled; i++) {
            r = 2 * r + bit(ctx + (int) r, (int) (v >>> (rest - i)) & 1);
        }
        int left = rest - modelled;
        while (left > 0) {
            int nbits = Math.min(left, 32);
            left -= nbits;
            r = (r << nbits) | c.direct((v >>> left) & ((1L << nbits) - 1), nbits);
        }
        return r;
    }

    private long uint(int base, long v) {
        return uint(base, v, SMALL_DEPTH);
    }

    /**
     * Codes the low {@code bits} bits of {@code v}, most significant first, as a binary tree: node 1 at
     * slot {@code base + 1}, each decision moving to node 2 node + bit; returns the value.
     */
    private int tree(int base, int bits, long v) {
        int node = 1;
        for (int i = bits - 1; i >= 0; i--) {
            node = 2 * node + bit(base + node, (int) (v >> i) & 1);
        }
        return node - (1 << bits);
    }

    private int bit(int i, int b) {
        return c.bit(p, i, b);
    }

    private static long mix(long x) {
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }
}
