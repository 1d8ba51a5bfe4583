package cmt.codec.compact.modelled;

import cmt.codec.compact.CompactFormat;
import java.util.Arrays;

/**
 * One of the two sequences of values that runs take from the section at the front of a block's payload
 * (version 3 on): the length of each run, and the sizes runs take fresh. They are kept out of the
 * range-coded stream and coded once per block with a table of the block's own, because a loop's fresh
 * sizes (random lengths, say) come from one distribution that a table describes, and a table-driven decode
 * takes a few nanoseconds where the adaptive integer code takes ten dependent decisions; with the lengths
 * known up front, a run copies its tokens without a decision each. {@code FORMAT.md} (section 3.4)
 * specifies the section; the two change together.
 *
 * <p>A value v becomes a symbol and raw bits: v itself below 16, else its bit length L and the 3 bits below
 * the leading 1 (symbol 16 + (L - 5) * 8 + those bits), with the L - 4 bits below them raw. Symbols are
 * rANS-coded (Duda's range variant, byte-wise, state in [2^23, 2^31)) with frequencies scaled to
 * 2^{@value #SCALE_BITS}; raw bits follow, most significant first. The table travels as a weight level per
 * symbol present, eight levels to an octave, each sent as its difference from the previous symbol's: a
 * size distribution is smooth, so the table of hmmer's 67 size symbols takes 53 bytes.
 *
 * <p>One instance works in one direction: the writer's {@link #code} collects values and {@link #write}
 * codes them at the end of the block; the reader's {@link #read} takes the block's sequence and
 * {@link #code} hands the values out in order.
 */
final class RunValues {
    static final int SCALE_BITS = 12;
    private static final int TOTAL = 1 << SCALE_BITS;
    /** rANS state: at least LOW, below {@code LOW << 8}, between symbols. */
    private static final int LOW = 1 << 23;
    /** Symbols 0 to 15 are values themselves; then 8 per bit length from 5 to 64. */
    static final int SYMBOLS = 16 + 60 * 8;
    /** Weight levels a table gives a symbol (7 bits). */
    private static final int LEVELS = 128;

    private final boolean enc;

    // Writer: the block's values so far, and the sequence's bytes.
    private long[] values = new long[256];
    private byte[] out = new byte[256];
    private int outLength;
    private long acc;
    private int pending;

    // Both: the count and the table. slot[i] packs, for rANS slot i: symbol | freq << 9 | (i - cum) << 22.
    private int count;
    private final int[] freq = new int[SYMBOLS];
    private final int[] cum = new int[SYMBOLS];
    private final long[] slot = new long[TOTAL];

    // Reader: positions in the payload.
    private byte[] in;
    private int used;
    private int state;
    private int ransAt;
    private int ransEnd;
    private int rawAt;
    private int rawEnd;
    private long bits;
    private int bitCount;

    /** What the values are, for error messages: "run lengths" or "run sizes". */
    private final String what;

    RunValues(boolean encoding, String what) {
        this.enc = encoding;
        this.what = what;
    }

    /** Encoding: remembers {@code v} and returns it; decoding: returns the block's next value. */
    long code(long v) {
        if (enc) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
            return v;
        }
        if (used == count) {
            throw new IllegalStateException(what + ": the block's section holds only " + count);
        }
        used++;
        int x = state;
        long e = slot[x & (TOTAL - 1)];
        x = (int) (e >>> 9 & 0x1FFF) * (x >>> SCALE_BITS) + (int) (e >>> 22);
        while (x < LOW) {
            x = x << 8 | (ransAt < ransEnd ? in[ransAt++] & 0xFF : 0);
        }
        state = x;
        int s = (int) e & 0x1FF;
        if (s < 16) {
            return s;
        }
        int raw = (s - 16 >> 3) + 1;
        return (8L | (s & 7)) << raw | raw(raw);
    }

    private static int symbol(long v) {
        int len = 64 - Long.numberOfLeadingZeros(v);
        return len <= 4 ? (int) v : 16 + ((len - 5) << 3) + (int) (v >>> (len - 4) & 7);
    }

    // ---- writer ----

    /** Writer: forgets the values of the previous block. */
    void clear() {
        count = 0;
    }

    /** How many values the block has (writer) or its sequence holds (reader). */
    int count() {
        return count;
    }

    /**
     * Writer: codes the block's values as their sequence in the section; the sequence is then
     * {@code bytes()[0, return)}.
     */
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

    /** Writer: the section's bytes. */
    byte[] bytes() {
        return out;
    }

    /** Level {@code l}'s weight: 8 steps per octave, (8 + l % 8) * 2^(l / 8). */
    private static int weight(int l) {
        return (8 + (l & 7)) << (l >>> 3);
    }

    /**
     * Sets the frequencies (summing to 2^{@value #SCALE_BITS}) and the decoding slots from the weight
     * levels ({@code -1} = absent): each of the k present symbols gets 1 + its share of 2^12 - k by weight,
     * rounded down, and the symbol with the largest frequency (the first of equals) what is left.
     */
    private void table(int[] q) {
        long total = 0;
        int k = 0;
        for (int l : q) {
            if (l >= 0) {
                total += weight(l);
                k++;
            }
        }
        int sum = 0;
        int largest = -1;
        for (int s = 0; s < SYMBOLS; s++) {
            freq[s] = q[s] < 0 ? 0 : 1 + (int) (weight(q[s]) * (long) (TOTAL - k) / total);
            sum += freq[s];
            if (freq[s] > 0 && (largest < 0 || freq[s] > freq[largest])) {
                largest = s;
            }
        }
        freq[largest] += TOTAL - sum;
        for (int s = 0, c = 0; s < SYMBOLS; s++) {
            cum[s] = c;
            for (int i = c; i < c + freq[s]; i++) {
                slot[i] = s | (long) freq[s] << 9 | (long) (i - c) << 22;
            }
            c += freq[s];
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
        if (outLength + 10 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        outLength = CompactFormat.putVarint(out, outLength, v);
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

    // ---- reader ----

    /**
     * Reader: takes the sequence that starts at {@code buf[from]} and lies within {@code to}, of a block of
     * {@code events} events, checking everything a damaged or hostile section could get wrong before a
     * value is handed out; returns where the sequence ends.
     */
    int read(byte[] buf, int from, int to, int events) {
        in = buf;
        rawAt = from;
        rawEnd = to;
        used = 0;
        state = LOW;
        bits = 0;
        bitCount = 0;
        long n = varint();
        if (n < 0 || n > events) {
            throw new IllegalStateException(what + ": " + n + " in a block of " + events + " events");
        }
        count = (int) n;
        ransAt = ransEnd = rawAt;
        if (count == 0) {
            rawEnd = rawAt;
            return rawAt;
        }
        long length = varint();
        long bitsLength = varint();
        if (length < 4 || bitsLength < 0 || length + bitsLength > rawEnd - rawAt) {
            throw new IllegalStateException(what + ": rANS stream of " + length + " bytes and " + bitsLength
                    + " bytes of bits do not fit");
        }
        ransAt = rawAt;
        ransEnd = rawAt + (int) length;
        rawAt = ransEnd;
        rawEnd = ransEnd + (int) bitsLength;
        state = (in[ransAt] & 0xFF) | (in[ransAt + 1] & 0xFF) << 8 | (in[ransAt + 2] & 0xFF) << 16
                | (in[ransAt + 3] & 0xFF) << 24;
        ransAt += 4;
        if (state < LOW) {
            throw new IllegalStateException(what + ": rANS state out of range");
        }
        int symbols = (int) raw(9);
        if (symbols < 1 || symbols > SYMBOLS) {
            throw new IllegalStateException(what + ": " + symbols + " symbols (1 to " + SYMBOLS + ")");
        }
        int[] q = new int[SYMBOLS];
        Arrays.fill(q, -1);
        for (int k = 0, s = -1, level = LEVELS - 1; k < symbols; k++) {
            int gap = gamma();
            int z = gamma() - 1;
            level += z >>> 1 ^ -(z & 1);
            if (gap > SYMBOLS - 1 - s || level < 0 || level >= LEVELS || rawAt > rawEnd) {
                throw new IllegalStateException(what + ": table entry " + k + " out of range");
            }
            s += gap;
            q[s] = level;
        }
        table(q);
        return rawEnd;
    }

    /** Reader: the block has no runs, so its section is empty. */
    void none() {
        count = used = 0;
        state = LOW;
        ransAt = ransEnd = rawAt = rawEnd = 0;
        bitCount = 0;
    }

    /** Reader: at the end of the block, checks that every size was used and every byte consumed. */
    void finish() {
        int unread = rawEnd - rawAt + bitCount / 8;
        if (used != count || state != LOW || ransAt != ransEnd || unread != 0) {
            throw new IllegalStateException(what + ": the section does not match the block's runs ("
                    + used + " of " + count + " used)");
        }
    }

    private long raw(int n) {
        if (n > 32) {
            int low = n - 32;
            return raw(32) << low | raw(low);
        }
        while (bitCount < n) {
            bits = bits << 8 | (rawAt < rawEnd ? in[rawAt] & 0xFF : 0);
            rawAt++;
            bitCount += 8;
        }
        bitCount -= n;
        return bits >>> bitCount & ((1L << n) - 1);
    }

    /** Reads an Elias gamma code of at most 10 bits after the first (a larger one is out of every range). */
    private int gamma() {
        int zeros = 0;
        while (zeros <= 10 && raw(1) == 0) {
            zeros++;
        }
        return zeros > 10 ? Integer.MAX_VALUE : 1 << zeros | (int) raw(zeros);
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (rawAt >= rawEnd) {
                throw new IllegalStateException(what + ": section cut short");
            }
            int b = in[rawAt++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException(what + ": varint longer than 10 bytes");
    }
}
