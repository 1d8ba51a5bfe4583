package cmt.codec.compact.modelled;

import java.util.Arrays;

/**
 * How the modelled coding turns values into binary decisions ({@code FORMAT.md} section 2): single bits,
 * binary trees of a few bits, and unsigned 64-bit integers, each decision with its own adaptive slot of
 * the probability table ({@link Regions}), coded by one direction of the range coder. Encoding, a method
 * codes the value it is given and returns it; decoding, it ignores the value and returns what it reads.
 */
final class IntCoder {
    private final BitCoder c;
    private final int[] p;
    /** True when encoding: the models then know the value every decision codes. */
    final boolean enc;

    IntCoder(BitCoder coder, int[] probabilities) {
        this.c = coder;
        this.p = probabilities;
        this.enc = coder instanceof RangeEncoder;
    }

    /** Sets every slot to probability one half, as at the start of each block. */
    void reset() {
        Arrays.fill(p, BitCoder.HALF);
    }

    /** Codes bit {@code b} with slot {@code i}. */
    int bit(int i, int b) {
        return c.bit(p, i, b);
    }

    /**
     * Codes the low {@code bits} bits of {@code v}, most significant first, as a binary tree: node 1 at
     * slot {@code base + 1}, each decision moving to node 2 node + bit; returns the value.
     */
    int tree(int base, int bits, long v) {
        int node = 1;
        for (int i = bits - 1; i >= 0; i--) {
            node = 2 * node + bit(base + node, (int) (v >> i) & 1);
        }
        return node - (1 << bits);
    }

    /**
     * Codes an unsigned 64-bit value: its bit length (0 to 64) as a 7-level binary tree, then up to
     * {@code depth} bits below the leading 1 as a binary tree in the context of the length (lengths above
     * 31 share one), then the remaining bits at probability 1/2. A region for a given depth holds
     * {@code 128 + (32 << depth)} slots.
     */
    long uint(int base, long v, int depth) {
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

    /** {@link #uint(int, long, int)} at the depth of most values, {@link Regions#SMALL_DEPTH}. */
    long uint(int base, long v) {
        return uint(base, v, Regions.SMALL_DEPTH);
    }
}
