package cmt.codec.compact.modelled;

/**
 * The decoding half of the compact format's range coder, over one block's payload in memory. Reading
 * past the end yields zero bytes instead of failing: a block's checksum has already been verified, and
 * the event count, not the byte count, ends the decoding loop, so a hostile payload can produce wrong
 * values (which the model rejects) but never a hang.
 */
final class RangeDecoder extends BitCoder {
    private byte[] in;
    private int pos;
    private int limit;
    private int range;
    private int code;

    /** Starts decoding {@code buf[from, to)}. */
    void reset(byte[] buf, int from, int to) {
        in = buf;
        pos = from;
        limit = to;
        range = -1;
        code = 0;
        for (int i = 0; i < 5; i++) {
            code = (code << 8) | next();
        }
    }

    private int next() {
        return pos < limit ? in[pos++] & 0xFF : 0;
    }

    @Override
    int bit(int[] probs, int i, int ignored) {
        int s = probs[i];
        int bound = (int) (((range & 0xFFFFFFFFL) * (s >>> COUNT_BITS)) >>> PROB_BITS);
        int bit;
        if (Integer.compareUnsigned(code, bound) < 0) {
            range = bound;
            bit = 0;
        } else {
            code -= bound;
            range -= bound;
            bit = 1;
        }
        probs[i] = update(s, bit);
        while (Integer.compareUnsigned(range, 1 << 24) < 0) {
            range <<= 8;
            code = (code << 8) | next();
        }
        return bit;
    }

    @Override
    long direct(long ignored, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            range >>>= 1;
            int b = Integer.compareUnsigned(code, range) >= 0 ? 1 : 0;
            code -= range & -b;
            v = (v << 1) | b;
            if (Integer.compareUnsigned(range, 1 << 24) < 0) {
                range <<= 8;
                code = (code << 8) | next();
            }
        }
        return v;
    }
}
