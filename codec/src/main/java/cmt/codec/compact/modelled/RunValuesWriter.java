package cmt.codec.compact.modelled;

import cmt.codec.compact.Varint;
import java.util.Arrays;

/**
 * The writer of a block's sequence of run values ({@link RunValues}): {@link #code} collects the values,
 * {@link #write} codes them at the end of the block: the count, the lengths of the rANS bytes and of the
 * bits, the rANS bytes, then the bits (the table, then each value's raw bits).
 */
final class RunValuesWriter extends RunValues {
    private long[] values = new long[256];
    private byte[] out = new byte[256];
    private int outLength;
    /** Bits not yet a whole byte: the last {@code pending} bits of {@code acc}. */
    private long acc;
    private int pending;

    RunValuesWriter(String what) {
        super(what);
    }

    /** Remembers {@code v} and returns it. */
    @Override
    long code(long v) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = v;
        return v;
    }

    /** Forgets the values of the previous block. */
    void clear() {
        count = 0;
    }

    /** Codes the block's values as their sequence; the sequence is then {@code bytes()[0, return)}. */
    int write() {
        outLength = 0;
        varint(count);
        if (count == 0) {
            return outLength;
        }
        int[] counts = new int[SYMBOLS];
        int most = 0;
        for (int i = 0; i < count; i++) {
            most = Math.max(most, ++counts[symbol(values[i])]);
        }
        int[] q = new int[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            q[s] = counts[s] == 0 ? -1 : level(counts[s] * (double) weight(LEVELS - 1) / most);
        }
        table(q);
        byte[] rans = rans();
        int head = outLength;
        int symbols = 0;
        for (int s : q) {
            symbols += s >= 0 ? 1 : 0;
        }
        bits(symbols, 9);
        int previous = -1;
        int level = LEVELS - 1;
        for (int s = 0; s < SYMBOLS; s++) {
            if (q[s] >= 0) {
                gamma(s - previous);
                int d = q[s] - level;
                gamma((d << 1 ^ d >> 31) + 1);
                previous = s;
                level = q[s];
            }
        }
        for (int i = 0; i < count; i++) {
            long v = values[i];
            int raw = Math.max(60 - Long.numberOfLeadingZeros(v), 0);
            if (raw > 32) {
                bits(v >>> 32, raw - 32);
                raw = 32;
            }
            bits(v, raw);
        }
        if (pending > 0) {
            put((byte) (acc << (8 - pending)));
            pending = 0;
        }
        // The bits went out first, behind the count; the lengths and the rANS bytes go in front of them.
        byte[] bits = Arrays.copyOfRange(out, head, outLength);
        outLength = head;
        varint(rans.length);
        varint(bits.length);
        put(rans, rans.length);
        put(bits, bits.length);
        return outLength;
    }

    /** The sequence's bytes. */
    byte[] bytes() {
        return out;
    }

    /** The weight level nearest (in ratio) to {@code w}. */
    private static int level(double w) {
        int guess = (int) Math.floor(8 * Math.log(w / 8) / Math.log(2));
        int best = 0;
        for (int l = Math.max(0, guess - 1); l <= Math.min(LEVELS - 1, guess + 2); l++) {
            if (Math.abs(Math.log(weight(l) / w)) < Math.abs(Math.log(weight(best) / w))) {
                best = l;
            }
        }
        return best;
    }

    /** Appends {@code v} (at least 1) in Elias's gamma code: as many 0s as it has bits after the first, then its bits. */
    private void gamma(int v) {
        int n = 31 - Integer.numberOfLeadingZeros(v);
        bits(0, n);
        bits(v, n + 1);
    }

    /** Appends the low {@code n} bits of {@code v} (n at most 32) to the bit stream, most significant first. */
    private void bits(long v, int n) {
        acc = acc << n | (v & ((1L << n) - 1));
        pending += n;
        while (pending >= 8) {
            pending -= 8;
            put((byte) (acc >>> pending));
        }
    }

    /** The rANS bytes of the block's symbols, as the reader consumes them: encoded last symbol first. */
    private byte[] rans() {
        byte[] rev = new byte[16 + count * 2];
        int n = 0;
        int x = LOW;
        for (int i = count - 1; i >= 0; i--) {
            int s = symbol(values[i]);
            int f = freq[s];
            long max = ((long) LOW >>> SCALE_BITS << 8) * f;
            while (x >= max) {
                if (n == rev.length) {
                    rev = Arrays.copyOf(rev, n * 2);
                }
                rev[n++] = (byte) x;
                x >>>= 8;
            }
            x = (x / f << SCALE_BITS) + x % f + cum[s];
        }
        if (n + 4 > rev.length) {
            rev = Arrays.copyOf(rev, n + 4);
        }
        for (int k = 3; k >= 0; k--) {
            rev[n++] = (byte) (x >>> (8 * k));
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = rev[n - 1 - i];
        }
        return bytes;
    }

    private void varint(long v) {
        if (outLength + Varint.MAX_BYTES > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        outLength = Varint.put(out, outLength, v);
    }

    private void put(byte b) {
        if (outLength == out.length) {
            out = Arrays.copyOf(out, outLength * 2);
        }
        out[outLength++] = b;
    }

    private void put(byte[] b, int n) {
        if (outLength + n > out.length) {
            out = Arrays.copyOf(out, Math.max(outLength + n, outLength * 2));
        }
        System.arraycopy(b, 0, out, outLength, n);
        outLength += n;
    }
}
