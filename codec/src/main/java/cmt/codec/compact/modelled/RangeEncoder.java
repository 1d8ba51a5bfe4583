package cmt.codec.compact.modelled;

import java.util.Arrays;

/**
 * The encoding half of the compact format's range coder: LZMA's carry-propagating coder with 22-bit
 * probabilities, writing into a growing byte array that the caller takes with {@link #finish()}.
 */
final class RangeEncoder extends BitCoder {
    private byte[] out = new byte[1 << 16];
    private int pos;
    private long low;
    private int range = -1;
    private int cache;
    private long cacheSize = 1;

    /** Starts a new stream, keeping the buffer. */
    void reset() {
        pos = 0;
        low = 0;
        range = -1;
        cache = 0;
        cacheSize = 1;
    }

    @Override
    int bit(int[] probs, int i, int bit) {
        int s = probs[i];
        int bound = (int) (((range & 0xFFFFFFFFL) * (s >>> COUNT_BITS)) >>> PROB_BITS);
        if (bit == 0) {
            range = bound;
        } else {
            low += bound & 0xFFFFFFFFL;
            range -= bound;
        }
        probs[i] = update(s, bit);
        while (Integer.compareUnsigned(range, 1 << 24) < 0) {
            range <<= 8;
            shiftLow();
        }
        return bit;
    }

    @Override
    long direct(long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            range >>>= 1;
            if (((v >>> i) & 1) != 0) {
                low += range & 0xFFFFFFFFL;
            }
            while (Integer.compareUnsigned(range, 1 << 24) < 0) {
                range <<= 8;
                shiftLow();
            }
        }
        return v;
    }

    private void shiftLow() {
        if (low < 0xFF000000L || low > 0xFFFFFFFFL) {
            int carry = (int) (low >>> 32);
            int c = cache;
            do {
                put(c + carry);
                c = 0xFF;
            } while (--cacheSize != 0);
            cache = (int) (low >>> 24) & 0xFF;
        }
        cacheSize++;
        low = (low & 0x00FFFFFFL) << 8;
    }

    private void put(int b) {
        if (pos == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[pos++] = (byte) b;
    }

    /** Flushes the coder; the stream is then {@code buffer()[0, length)}. */
    int finish() {
        for (int i = 0; i < 5; i++) {
            shiftLow();
        }
        return pos;
    }

    byte[] buffer() {
        return out;
    }
}
