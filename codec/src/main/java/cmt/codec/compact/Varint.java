package cmt.codec.compact;

/**
 * The compact format's variable-length integer, the one "varint" of every header field, section length and
 * stream: LEB128, an unsigned 64-bit value in groups of 7 bits, the lowest group first, each group in a
 * byte whose high bit says whether another byte follows.
 *
 * <pre>
 *   byte 0                byte 1                        byte 9, if any
 *   | c | v6 .. v0 |      | c | v13 .. v7 |      ...     | 0 | 0 0 0 0 0 0 v63 |
 *   c = 1 on every byte but the last: another byte follows
 * </pre>
 *
 * <p>Values and their bytes ({@code VarintTest} reads this table and checks it against the code):
 *
 * <pre>
 *   value                              bytes
 *   0                                  00
 *   1                                  01
 *   127                                7F
 *   128                                80 01
 *   300                                AC 02
 *   16383 (2^14 - 1)                   FF 7F
 *   16384 (2^14)                       80 80 01
 *   2097152 (2^21)                     80 80 80 01
 *   4294967295 (2^32 - 1)              FF FF FF FF 0F
 *   9223372036854775807 (2^63 - 1)     FF FF FF FF FF FF FF FF 7F
 *   9223372036854775808 (2^63)         80 80 80 80 80 80 80 80 80 01
 *   18446744073709551615 (2^64 - 1)    FF FF FF FF FF FF FF FF FF 01
 * </pre>
 *
 * Example: 300 is 10 0101100 in binary; its low 7 bits with the high bit set make AC, the rest 02.
 *
 * <p>A writer writes the shortest form; a reader also takes a longer one ({@code 80 00} is 0). What a
 * reader refuses, with an {@link IllegalStateException} naming the stream or section the number is in:
 *
 * <pre>
 *   bytes                              refused as
 *   80 (and the stream ends)           NAME: number cut short
 *   80 80 80 80 80 80 80 80 80 02      NAME: number longer than 64 bits   (a 10th byte above 1)
 *   80 80 80 80 80 80 80 80 80 80 01   NAME: number longer than 64 bits   (an 11th byte)
 * </pre>
 */
public final class Varint {
    /** The most bytes a number takes. */
    public static final int MAX_BYTES = 10;

    private Varint() {
    }

    /** Writes {@code v} into {@code b} from {@code at} (room for {@link #MAX_BYTES}); returns where it ends. */
    public static int put(byte[] b, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            b[at++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    /** How many bytes {@link #put} writes for {@code v}. */
    public static int size(long v) {
        return Math.max(1, (70 - Long.numberOfLeadingZeros(v)) / 7);
    }

    /**
     * A stream or section of the format, {@code b[from, to)}, read number by number (and byte by byte):
     * a number that would run past its end is an error naming it. One reader serves many buffers in turn
     * ({@link #over}), so that reading allocates nothing.
     *
     * <p>The hottest stream, the packed events, is read without a test of the end per number: its buffer
     * has {@link #PADDING} zero bytes past the end, so a number that runs past the end stops on the first
     * of them and every later read takes one; {@link #overran} then tells, once per event, whether any
     * read went past the end. That stream's decoder extends this class, so that the position it reads
     * from lies in the same object as what it decodes against; the reading methods are final.
     */
    public static class Reader {
        /** Zero bytes a buffer read by {@link #paddedVarint} and {@link #paddedU8} needs past its end. */
        public static final int PADDING = 64;

        private final String name;
        private byte[] b;
        private int at;
        private int end;

        /** A reader of the stream or section called {@code name} in messages ("events stream", "run sizes"). */
        public Reader(String name) {
            this.name = name;
        }

        /** Reads {@code b[from, to)} from its start on; returns this reader. */
        public final Reader over(byte[] b, int from, int to) {
            this.b = b;
            this.at = from;
            this.end = to;
            return this;
        }

        /** The next number. */
        public final long varint() {
            byte[] buf = b;
            int p = at;
            if (p < end) {
                int x = buf[p];
                if (x >= 0) {
                    at = p + 1;
                    return x;
                }
            }
            long v = 0;
            for (int shift = 0; shift < 63; shift += 7, p++) {
                if (p >= end) {
                    throw new IllegalStateException(name + ": number cut short");
                }
                int x = buf[p];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    at = p + 1;
                    return v;
                }
            }
            if (p >= end) {
                throw new IllegalStateException(name + ": number cut short");
            }
            return tenth(v, buf[p], p);
        }

        /**
         * The next number of a buffer zero-padded past its end, read without testing the end: at most
         * {@link #PADDING} such reads (and {@link #paddedU8}) before {@link #overran} is asked.
         */
        public final long paddedVarint() {
            // The loop of varint() without its test of the end, which the padding makes needless, and with
            // numbers of two bytes (an eighth to two fifths of the packed events' sizes and distances) out
            // of the loop: the packed events stream's read, the hottest of the codec.
            byte[] buf = b;
            int p = at;
            int x = buf[p];
            if (x >= 0) {
                at = p + 1;
                return x;
            }
            int y = buf[p + 1];
            if (y >= 0) {
                at = p + 2;
                return (x & 0x7F) | (long) y << 7;
            }
            long v = (x & 0x7F) | (long) (y & 0x7F) << 7;
            p++;
            for (int shift = 14; shift < 63; shift += 7) {
                x = buf[++p];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    at = p + 1;
                    return v;
                }
            }
            p++;
            return tenth(v, buf[p], p);
        }

        /** Ends the number {@code v} of nine bytes with its 10th, {@code x} at {@code p}, which holds bit 63 alone. */
        private long tenth(long v, int x, int p) {
            if (x < 0 || x > 1) {
                throw new IllegalStateException(name + ": number longer than 64 bits");
            }
            at = p + 1;
            return v | (long) x << 63;
        }

        /** The next byte, 0 to 255. */
        public final int u8() {
            int p = at;
            if (p >= end) {
                throw new IllegalStateException(name + " ends early");
            }
            at = p + 1;
            return b[p] & 0xFF;
        }

        /** The next byte of a buffer zero-padded past its end, as {@link #paddedVarint} reads numbers. */
        public final int paddedU8() {
            return b[at++] & 0xFF;
        }

        /** True if a padded read went past the end. */
        public final boolean overran() {
            return at > end;
        }

        /** Where the next number starts; on an error, where the refused one starts. */
        public final int at() {
            return at;
        }

        /** Bytes left before the end. */
        public final int left() {
            return end - at;
        }

        /** The next {@code n} bytes (at most {@link #left}), copied. */
        public final byte[] bytes(int n) {
            if (n > end - at) {
                throw new IllegalStateException(name + " ends early");
            }
            byte[] v = java.util.Arrays.copyOfRange(b, at, at + n);
            at += n;
            return v;
        }

        /**
         * An error refusing what was read from {@code from} on (a value that broke a rule of its own): the
         * reader goes back there, so that {@link #at} names the refused value's first byte.
         */
        public final IllegalStateException refuse(int from, String what) {
            at = from;
            return new IllegalStateException(name + ": " + what);
        }

        /** True once everything up to the end has been read. */
        public final boolean atEnd() {
            return at == end;
        }

        /** The stream's or section's name, as messages give it. */
        public final String name() {
            return name;
        }
    }
}
