package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.compact.OpCode;
import java.util.Arrays;

/**
 * How the modelled coding predicts the address of a new block ({@code FORMAT.md} section 3.3), from what
 * allocators do: the same address for a realloc, a recently freed address of the same size class, or a
 * small step past the end of the previous allocation or of the previous one that took fresh memory; any
 * other address is a signed distance from the previous allocation's end.
 */
final class Addresses {
    /** Freed addresses each size class remembers. */
    static final int STACK = 8;
    static final int CLASSES = 128;

    private final IntCoder ints;
    private final Token token;
    private final boolean enc;
    /** Freed addresses by size class, most recent first. */
    private final long[] stacks = new long[CLASSES * STACK];
    private final int[] depth = new int[CLASSES];
    // Registers: the end of the previous allocation, and the end and size of the previous one that took
    // fresh memory (neither a realloc in place nor a reuse).
    long lastEnd;
    long freshEnd;
    long freshSize;

    Addresses(IntCoder ints, Token token) {
        this.ints = ints;
        this.token = token;
        this.enc = ints.enc;
    }

    /** Forgets the freed addresses, as at the start of a block. */
    void reset() {
        Arrays.fill(depth, 0);
    }

    /** Codes the address of the block the token creates. */
    void code(Event e) {
        int op = token.op;
        long size = token.size;
        long a = e.address;
        if (op == OpCode.REALLOC) {
            int grows = Long.compareUnsigned(size, e.oldSize) > 0 ? 1 : 0;
            if (ints.bit(Regions.SAME + grows, enc && a == e.oldAddress ? 1 : 0) == 1) {
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
        if (ints.bit(Regions.REUSE + op * 9 + n, found >= 0 ? 1 : 0) == 1) {
            found = ints.tree(Regions.REUSE_POS, 3, found);
            if (found >= n) {
                throw new IllegalStateException("freed-address position " + found + " of " + n);
            }
            e.address = stacks[base + found];
            System.arraycopy(stacks, base + found + 1, stacks, base + found, n - found - 1);
            depth[k] = n - 1;
            allocated(e.address, false);
            return;
        }
        if (near(e, 0, lastEnd, token.lastSize) || near(e, 1, freshEnd, freshSize)) {
            allocated(e.address, true);
            return;
        }
        long d = a - lastEnd;
        int neg = ints.bit(Regions.FAR_SIGN, d < 0 ? 1 : 0);
        long m = ints.uint(Regions.FAR, neg == 1 ? -d - 1 : d);
        e.address = lastEnd + (neg == 1 ? -m - 1 : m);
        allocated(e.address, true);
    }

    /** Codes whether the address is within 32 bytes past {@code end}, and where; register 0 or 1. */
    private boolean near(Event e, int register, long end, long endSize) {
        long d = e.address - end;
        int sc = Long.compareUnsigned(endSize, 32) < 0 ? (int) endSize : 32 + (int) (endSize & 15);
        int ctx = register * 48 + sc;
        int is = enc && d >= 0 && d < 32 ? 1 : 0;
        if (ints.bit(Regions.NEAR + ctx, is) == 0) {
            return false;
        }
        e.address = end + ints.tree(Regions.NEAR_V + ctx * 32, 5, d);
        return true;
    }

    private void allocated(long address, boolean fresh) {
        lastEnd = address + token.size;
        if (fresh) {
            freshEnd = lastEnd;
            freshSize = token.size;
        }
    }

    /** Remembers a freed address for the allocations that may reuse it, unless a realloc kept it. */
    void released(long oldAddress, long oldSize, boolean sameAddress) {
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

    /** Size classes of glibc's chunks below 1 KiB (16-byte steps), then one class per power of two. */
    static int sizeClass(long n) {
        if (Long.compareUnsigned(n, 1000) < 0) {
            return (int) (n + 8 + 15) >> 4;
        }
        return 64 + (63 - Long.numberOfLeadingZeros(n));
    }
}
