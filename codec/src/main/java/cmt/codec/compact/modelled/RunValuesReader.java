package cmt.codec.compact.modelled;

import cmt.codec.compact.Varint;
import java.util.Arrays;

/**
 * The reader of a block's sequence of run values ({@link RunValues}): {@link #read} takes the sequence and
 * checks everything a damaged or hostile section could get wrong before a value is handed out;
 * {@link #code} then hands the values out in order, and {@link #finish} checks that the block used them all.
 *
 * <p>Values are decoded {@value #AHEAD} at a time (never past the sequence's count), so that handing one
 * out is an array read, which the JIT inlines into a run's copy of a token whatever the share of fresh
 * sizes; the rANS steps run in a loop of their own.
 */
final class RunValuesReader extends RunValues {
    private static final int AHEAD = 256;

    /** The decoding table: slot[i] packs, for rANS slot i, {@code symbol | freq << 9 | (i - cum) << 22}. */
    private final long[] slot = new long[TOTAL];
    /** Values decoded and not yet handed out: ahead[next, filled). */
    private final long[] ahead = new long[AHEAD];
    private int next;
    private int filled;
    /** Values decoded so far. */
    private int decoded;
    /** The numbers in front of the sequence. */
    private final Varint.Reader head;
    private byte[] in;
    private int state;
    private int ransAt;
    private int ransEnd;
    private int rawAt;
    private int rawEnd;
    private long bits;
    private int bitCount;

    RunValuesReader(String what) {
        super(what);
        this.head = new Varint.Reader(what);
    }

    /** Returns the block's next value. */
    @Override
    long code(long ignored) {
        if (next == filled) {
            decodeAhead();
        }
        return ahead[next++];
    }

    /** Decodes the next values, as many as {@link #AHEAD} and the sequence holds. */
    private void decodeAhead() {
        if (decoded == count) {
            throw new IllegalStateException(what + ": the block's section holds only " + count);
        }
        int n = Math.min(AHEAD, count - decoded);
        for (int i = 0; i < n; i++) {
            ahead[i] = decode();
        }
        decoded += n;
        next = 0;
        filled = n;
    }

    /** Values handed out. */
    private int used() {
        return decoded - (filled - next);
    }

    private long decode() {
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

    /**
     * Takes the sequence that starts at {@code buf[from]} and lies within {@code to}, of a block of
     * {@code events} events; returns where the sequence ends.
     */
    int read(byte[] buf, int from, int to, int events) {
        in = buf;
        next = filled = decoded = 0;
        state = LOW;
        bits = 0;
        bitCount = 0;
        head.over(buf, from, to);
        long n = head.varint();
        if (n < 0 || n > events) {
            throw new IllegalStateException(what + ": " + n + " in a block of " + events + " events");
        }
        count = (int) n;
        if (count == 0) {
            ransAt = ransEnd = rawAt = rawEnd = head.at();
            return rawEnd;
        }
        long length = head.varint();
        long bitsLength = head.varint();
        int room = to - head.at();
        if (length < 4 || bitsLength < 0 || length > room || bitsLength > room - length) {
            throw new IllegalStateException(what + ": rANS stream of " + length + " bytes and " + bitsLength
                    + " bytes of bits do not fit");
        }
        ransAt = head.at();
        ransEnd = ransAt + (int) length;
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
        for (int s = 0; s < SYMBOLS; s++) {
            for (int i = cum[s]; i < cum[s] + freq[s]; i++) {
                slot[i] = s | (long) freq[s] << 9 | (long) (i - cum[s]) << 22;
            }
        }
        return rawEnd;
    }

    /** The block has no runs, so its section is empty. */
    void none() {
        count = next = filled = decoded = 0;
        state = LOW;
        ransAt = ransEnd = rawAt = rawEnd = 0;
        bitCount = 0;
    }

    /** At the end of the block, checks that every value was used and every byte consumed. */
    void finish() {
        int unread = rawEnd - rawAt + bitCount / 8;
        int used = used();
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
}
