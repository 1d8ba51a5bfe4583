package cmt.codec.compact.modelled;

import cmt.codec.compact.OpCode;

/**
 * The layout of the modelled coding's probability table ({@code FORMAT.md} section 4): one region per kind
 * of decision, each starting where the previous ends, and the slot each decision takes within its region.
 * A region coded with {@link IntCoder#uint} of depth D takes {@code 128 + (32 << D)} slots.
 *
 * <pre>
 * region      slots                                          used for
 * RANK        [level 3][way 4][conf 16][last hit 4][agree 3][op 8]   a ranking candidate
 * ESCAPE      [level-0 conf 16][level-2 conf 16]             none of the candidates
 * MATCH       [length / 4, at most 15: 16][agrees with level 0: 2]   the match candidate
 * OP          [previous op 6][tree node 8]                   a literal's operation
 * SIZE        [op 5] uint of depth 3                         a literal's size, a run's fresh size (version 2)
 * DIST        [realloc, free 2][previous distance class 16] uint of depth 7
 * COUNT, ALIGN, GAP      uint                                calloc count, alignment, tag gap
 * SAME        [grows 2]                                      a realloc keeps its address
 * REUSE       [op 5][stack depth 9]; REUSE_POS [tree node 8] a recently freed address
 * NEAR        [register 2][size context 48]; NEAR_V [register 2][size context 48][tree node 32]
 * FAR_SIGN 1, FAR uint                                       any other address
 * THREAD      recent values: [previous same 2], hit 1, [tree node 8], uint   an event's thread
 * TIME        [op 5] uint                                    timestamp deltas
 * REGISTER    uint                                           the registers a block starts from
 * RUN         [run length class 16][op + 1: 8]               a run copies the token (version 2)
 * SITE        recent values, as THREAD                       a new block's call site (version 5)
 * </pre>
 */
final class Regions {
    /** uint depth of sizes, of distances and of every other value. */
    static final int SIZE_DEPTH = 3;
    static final int DIST_DEPTH = 7;
    static final int SMALL_DEPTH = 3;
    static final int UINT = 128 + (32 << SMALL_DEPTH);
    static final int SIZE_UINT = 128 + (32 << SIZE_DEPTH);
    static final int DIST_UINT = 128 + (32 << DIST_DEPTH);

    static final int RANK = 0;
    static final int ESCAPE = RANK + TokenModel.LEVELS * TokenModel.WAYS * 16 * 4 * 3 * 8;
    static final int MATCH = ESCAPE + 256;
    static final int OP = MATCH + 32;
    static final int SIZE = OP + 6 * 8;
    static final int DIST = SIZE + 5 * SIZE_UINT;
    static final int COUNT = DIST + 2 * 16 * DIST_UINT;
    static final int ALIGN = COUNT + UINT;
    static final int GAP = ALIGN + UINT;
    static final int SAME = GAP + UINT;
    static final int REUSE = SAME + 2;
    static final int REUSE_POS = REUSE + 5 * 9;
    static final int NEAR = REUSE_POS + 8;
    static final int NEAR_V = NEAR + 2 * 48;
    static final int FAR_SIGN = NEAR_V + 2 * 48 * 32;
    static final int FAR = FAR_SIGN + 1;
    /** A region of {@link RecentValues}: same 2, hit 1, position tree 8, then a uint. */
    static final int RECENT_SLOTS = 2 + 1 + 8 + UINT;

    static final int THREAD = FAR + UINT;
    static final int TIME = THREAD + RECENT_SLOTS;
    static final int REGISTER = TIME + 5 * UINT;
    static final int RUN = REGISTER + UINT;
    static final int SITE = RUN + 16 * 8;
    /** Slots in all. */
    static final int TOTAL = SITE + RECENT_SLOTS;

    private Regions() {
    }

    /** The slot of ranking candidate {@code way} of {@code level} for a token of operation {@code op}. */
    static int rank(int level, int way, int conf, int lastHit, int agree, int op) {
        return RANK + ((((((level * TokenModel.WAYS + way) * 16 + conf) << 2) + lastHit) * 3 + agree) << 3) + op;
    }

    /** The escape decision's slot, by the confidence of levels 0 and 2. */
    static int escape(int conf0, int conf2) {
        return ESCAPE + (conf0 << 4) + conf2;
    }

    /** The match candidate's slot, by the match's length and whether level 0 offers the same token. */
    static int match(int length, int agree) {
        return MATCH + Math.min(length >> 2, 15) * 2 + agree;
    }

    /** The tree of a literal's operation after {@code prevOp} (5 before a block's first token). */
    static int op(int prevOp) {
        return OP + prevOp * 8;
    }

    /** The uint region of the sizes of operation {@code op}. */
    static int size(int op) {
        return SIZE + op * SIZE_UINT;
    }

    /** The uint region of the distances of {@code op} (realloc or free) after a distance of class {@code dc}. */
    static int dist(int op, int dc) {
        return DIST + ((op - OpCode.REALLOC) * 16 + dc) * DIST_UINT;
    }

    /** The uint region of the timestamp deltas of operation {@code op}. */
    static int time(int op) {
        return TIME + op * UINT;
    }

    /** The decision whether a run copies a token whose word's low bits are {@code opBits}, by the run's length. */
    static int run(int runLength, int opBits) {
        return RUN + (Math.min(32 - Integer.numberOfLeadingZeros(runLength), 15) << 3) + opBits;
    }
}
