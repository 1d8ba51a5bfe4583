package cmt.codec;

import java.util.Arrays;

/**
 * The compact format's model of a trace: how each event of a block is turned into binary decisions for
 * the range coder, written once for both directions (see {@link BitCoder}). {@code FORMAT.md} beside this
 * file describes the same steps for a reader in another language; the two must change together.
 *
 * <p>An event is first seen as a token: operation, size, distance to the ended block's tag (free and
 * realloc), and the calloc count or alignment. Two symbol-ranking tables predict the token: one keyed by
 * the previous three tokens, one by the previous token, each slot remembering the last two different
 * tokens seen after its context. A trace from a program's loops repeats itself, so most events cost one
 * well-predicted decision; a token never seen in its context is spelled out field by field. Addresses,
 * when kept, are predicted from the allocator's likely moves: the same address for a realloc, the most
 * recently freed addresses of the same size class, or a small step past the previous allocation.
 */
final class EventModel {
    static final int LEVELS = 3;
    static final int WAYS = 4;
    /** log2 of the slots of each level: contexts of the previous 3, 2 and 1 tokens. */
    static final int[] LEVEL_BITS = {16, 16, 14};
    static final int[] LEVEL_BASE = {0, 1 << 16, 2 << 16};
    static final int SLOTS = (2 << 16) + (1 << 14);
    static final int STACK = 8;
    static final int CLASSES = 128;

    // Layout of the probability table: one region per kind of decision.
    static final int SMALL_DEPTH = 3;
    static final int SIZE_DEPTH = 3;
    private static final int UINT = 128 + (32 << SMALL_DEPTH);
    private static final int SIZE_UINT = 128 + (32 << SIZE_DEPTH);
    static final int P_RANK = 0;                       // [level 3][way 4][conf 16][last hit 4]
    static final int P_ESCAPE = P_RANK + LEVELS * WAYS * 16 * 4; // [level-0 state 16][level-2 state 16]
    static final int P_OP = P_ESCAPE + 256;             // [previous op 6][tree node 8]
    static final int NEAR_SIZE = 2;
    static final int P_SIZE = P_OP + 6 * 8;             // [op 5] uint
    static final int P_DIST = P_SIZE + 5 * SIZE_UINT;        // [free, realloc] uint
    static final int P_COUNT = P_DIST + 2 * UINT;       // uint
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
    static final int P_TOTAL = P_REGISTER + UINT;

    private final BitCoder c;
    private final boolean enc;
    private final int[] p = new int[P_TOTAL];

    // Symbol-ranking tables, one region per level: WAYS candidate tokens per slot, most recent first.
    private final byte[] tOp = new byte[SLOTS * WAYS];
    private final long[] tSize = new long[SLOTS * WAYS];
    private final long[] tDist = new long[SLOTS * WAYS];
    private final long[] tExtra = new long[SLOTS * WAYS];
    private final byte[] conf = new byte[SLOTS];
    private final int[] tried = new int[LEVELS * WAYS];
    private final int[] slot = new int[LEVELS];

    // Freed addresses by size class, most recent first.
    private final long[] stacks = new long[CLASSES * STACK];
    private final int[] depth = new int[CLASSES];
    private final long[] threads = new long[8];

    /** Block flags: which streams the block carries. */
    boolean addresses;
    boolean hasThreads;
    boolean hasTimes;
    boolean tagGaps;

    // Decoding state carried from event to event; the block header sets the starting values.
    long lastTag;
    long lastEnd;
    long lastSize;
    long freshEnd;
    long freshSize;
    long prevTime;
    private long h1;
    private long h2;
    private long h3;
    private long k1;
    private long k2;
    private long k3;
    private long k4;
    private int kind;
    private long sv;
    private int prevOp;
    private int lastHit;
    private int threadSame;

    // The current token.
    private int op;
    private long size;
    private long dist;
    private long extra;

    EventModel(BitCoder coder) {
        this.c = coder;
        this.enc = coder instanceof RangeEncoder;
    }

    /** Forgets everything learned: every block starts from this state. */
    void reset() {
        Arrays.fill(p, BitCoder.HALF);
        Arrays.fill(tOp, (byte) 0);
        Arrays.fill(conf, (byte) 0);
        Arrays.fill(depth, 0);
        Arrays.fill(threads, Event.NONE);
        h1 = h2 = h3 = k1 = k2 = k3 = k4 = 0;
        prevOp = 5;
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
        long c1 = k1;
        slot[0] = LEVEL_BASE[0] + (int) (mix(k1 + k2 * 0x9E3779B97F4A7C15L + k3 * 0xC2B2AE3D27D4EB4FL + k4 * 0xD6E8FEB86659FD93L) >>> (64 - LEVEL_BITS[0]));
        slot[1] = LEVEL_BASE[1] + (int) (mix(h1 + h2 * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L) >>> (64 - LEVEL_BITS[1]));
        slot[2] = LEVEL_BASE[2] + (int) (mix(c1 ^ 0x5851F42D4C957F2DL) >>> (64 - LEVEL_BITS[2]));
        int n = 0;
        int hit = -1;
        boolean any = tOp[slot[0] * WAYS] != 0 || tOp[slot[1] * WAYS] != 0 || tOp[slot[2] * WAYS] != 0;
        int escape = enc ? 1 : 0;
        if (enc && any) {
            for (int l = 0; l < LEVELS && escape == 1; l++) {
                escape = find(slot[l] * WAYS, -1) >= 0 ? 0 : 1;
            }
        }
        if (conf[slot[0]] == 15 && conf[slot[2]] == 15) {
            any = false;
        }
        if (any && bit(P_ESCAPE + (conf[slot[0]] << 4) + conf[slot[2]], escape) == 1) {
            any = false;
        }
        search:
        for (int l = 0; l < LEVELS && any; l++) {
            int s = slot[l];
            int cf = conf[s];
            for (int w = 0; w < WAYS; w++) {
                int i = s * WAYS + w;
                if (tOp[i] == 0) {
                    break;
                }
                if (excluded(i, n)) {
                    continue;
                }
                int is = enc && (tOp[i] & 7) == op + 1 && resolve(i) == size && tDist[i] == dist
                        && tExtra[i] == extra ? 1 : 0;
                if (bit(P_RANK + (((l * WAYS + w) * 16 + cf) << 2) + lastHit, is) == 1) {
                    op = (tOp[i] & 7) - 1;
                    kind = tOp[i] >> 3;
                    sv = tSize[i];
                    size = resolve(i);
                    dist = tDist[i];
                    extra = tExtra[i];
                    hit = l * WAYS + w;
                    break search;
                }
                tried[n++] = i;
            }
        }
        if (hit < 0) {
            literal();
        }
        byte code = (byte) ((op + 1) | kind << 3);
        for (int l = 0; l < LEVELS; l++) {
            int s = slot[l];
            int w = find(s * WAYS, code);
            int cf = conf[s];
            conf[s] = (byte) (w == 0 ? (cf < 7 ? cf + 1 : cf == 7 ? 7 : 1)
                    : hit < 0 ? (cf >= 8 ? Math.min(cf + 1, 15) : 8) : 0);
            promote(s * WAYS, w < 0 ? WAYS - 1 : w, code);
        }
        lastHit = hit == 0 ? Math.min(lastHit + 1, 3) : 0;
        prevOp = op;
        long t = code * 0x9E3779B97F4A7C15L ^ sv * 0xC2B2AE3D27D4EB4FL ^ dist * 0x165667B19E3779F9L
                ^ extra * 0xD6E8FEB86659FD93L;
        h3 = h2;
        h2 = h1;
        h1 = mix(t);
        long coarse = code * 0x9E3779B97F4A7C15L ^ (kind == 1 ? sv : bucket(size)) * 0xC2B2AE3D27D4EB4FL
                ^ Math.min(dist, 64) * 0x165667B19E3779F9L;
        k4 = k3;
        k3 = k2;
        k2 = k1;
        k1 = mix(coarse);
    }

    /** The size that table entry {@code i} stands for: absolute, or relative to the previous allocation. */
    private long resolve(int i) {
        return (tOp[i] & 8) != 0 ? lastSize + tSize[i] : tSize[i];
    }

    /** A coarse size for contexts: the bit length and the two bits below the leading one. */
    private static long bucket(long v) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        return len <= 3 ? v : (len << 2) | ((v >>> (len - 3)) & 3);
    }

    /** True if entry {@code i} stands for the same event as one of the first {@code n} entries tried. */
    private boolean excluded(int i, int n) {
        for (int k = 0; k < n; k++) {
            int j = tried[k];
            if (((tOp[j] ^ tOp[i]) & 7) == 0 && resolve(j) == resolve(i) && tDist[j] == tDist[i]
                    && tExtra[j] == tExtra[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The way of the slot starting at {@code i} that holds the current token, or -1; with code -1, the way
     * whose entry stands for the current event in either size form.
     */
    private int find(int i, int code) {
        for (int w = 0; w < WAYS; w++) {
            int j = i + w;
            if (code < 0 ? tOp[j] != 0 && (tOp[j] & 7) == op + 1 && resolve(j) == size && tDist[j] == dist
                    && tExtra[j] == extra
                    : tOp[j] == code && tSize[j] == sv && tDist[j] == dist && tExtra[j] == extra) {
                return w;
            }
        }
        return -1;
    }

    /** Moves the current token to the front of the slot at {@code i}, shifting ways 0 to w-1 down. */
    private void promote(int i, int w, byte code) {
        if (w == 0) {
            return;
        }
        System.arraycopy(tOp, i, tOp, i + 1, w);
        System.arraycopy(tSize, i, tSize, i + 1, w);
        System.arraycopy(tDist, i, tDist, i + 1, w);
        System.arraycopy(tExtra, i, tExtra, i + 1, w);
        tOp[i] = code;
        tSize[i] = sv;
        tDist[i] = dist;
        tExtra[i] = extra;
    }

    private void literal() {
        int node = 1;
        for (int i = 2; i >= 0; i--) {
            node = 2 * node + bit(P_OP + prevOp * 8 + node, (op >> i) & 1);
        }
        op = node - 8;
        if (op > 4) {
            throw new IllegalStateException("operation code " + op);
        }
        size = op == 4 ? 0 : uint(P_SIZE + op * SIZE_UINT, size, SIZE_DEPTH);
        long d = size - lastSize;
        kind = op != 4 && d >= -NEAR_SIZE && d <= NEAR_SIZE ? 1 : 0;
        sv = kind == 1 ? d : size;
        dist = op >= 3 ? uint(P_DIST + (op - 3) * UINT, dist - 1) + 1 : 0;
        extra = op == 1 ? uint(P_COUNT, extra) : op == 2 ? uint(P_ALIGN, extra) : 0;
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
            int node = 1;
            for (int i = 2; i >= 0; i--) {
                node = 2 * node + bit(P_REUSE_POS + node, (found >> i) & 1);
            }
            found = node - 8;
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
        int sc = lastSize < 32 ? (int) lastSize : 32 + (int) (lastSize & 15);
        int ctx = reg * 48 + sc;
        int is = enc && d >= 0 && d < 32 ? 1 : 0;
        if (bit(P_NEAR + ctx, is) == 0) {
            return false;
        }
        int node = 1;
        for (int i = 4; i >= 0; i--) {
            node = 2 * node + bit(P_NEAR_V + ctx * 32 + node, (int) (d >> i) & 1);
        }
        e.address = end + (node - 32);
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
        int pos;
        if (bit(P_THREAD_HIT, found > 0 ? 1 : 0) == 1) {
            int node = 1;
            for (int i = 2; i >= 0; i--) {
                node = 2 * node + bit(P_THREAD_POS + node, (found >> i) & 1);
            }
            pos = node - 8;
            if (pos == 0) {
                throw new IllegalStateException("thread position 0");
            }
            t = threads[pos];
        } else {
            t = uint(P_THREAD_V, t + 1) - 1;
            pos = 7;
        }
        System.arraycopy(threads, 0, threads, 1, pos);
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
    long uint(int base, long v, int depth) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        int node = 1;
        for (int i = 6; i >= 0; i--) {
            node = 2 * node + bit(base + node, (len >> i) & 1);
        }
        len = node - 128;
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
        r &= (1L << modelled) - 1;
        r |= 1L << modelled;
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

    static final double[] COST = new double[P_TOTAL];
    static final long[] COUNT = new long[P_TOTAL];

    private int bit(int i, int b) {
        double p0 = (p[i] >>> BitCoder.COUNT_BITS) / (double) (1 << BitCoder.PROB_BITS);
        int r = c.bit(p, i, b);
        if (enc) { COST[i] += -Math.log(r == 0 ? p0 : 1 - p0) / Math.log(2); COUNT[i]++; }
        return r;
    }

    private static long mix(long x) {
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }
}
