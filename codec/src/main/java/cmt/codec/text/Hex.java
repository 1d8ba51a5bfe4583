package cmt.codec.text;

/**
 * Hexadecimal digits eight at a time (SWAR: one 64-bit word holds eight text bytes, the first in its
 * lowest byte), for the text parser's pointers.
 *
 * <p>A byte is a digit if, with bit 5 set (which lower-cases letters and leaves digits alone), it lies
 * in {@code 0x30..0x39} or {@code 0x61..0x66}: each range is two additions whose carries into bit 7 of
 * each byte say "at least the low end" and "past the high end". Bytes from {@code 0x80} are never
 * digits, and are masked to 7 bits first so that no addition carries into the next byte. A digit's value
 * is its low nibble, plus 9 for a letter.
 *
 * <p>Example: the bytes {@code "7f1a\n..."} load as the word {@code 0x....0a61_3166_37}, read from the
 * right: {@link #digits} is 4 and {@link #value} of 4 digits is {@code 0x7f1a}.
 */
final class Hex {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

    private Hex() {
    }

    /** Bit 7 of each byte of {@code y7} (7-bit bytes, bit 5 set) in 'a'..'f'. */
    private static long letters(long y7) {
        return (y7 + 0x1f * ONES) & ~(y7 + 0x19 * ONES) & HIGH;
    }

    /** Bit 7 of each byte of {@code x7} (7-bit bytes) in '0'..'9'. */
    private static long decimals(long x7) {
        return (x7 + 0x50 * ONES) & ~(x7 + 0x46 * ONES) & HIGH;
    }

    /** How many of {@code w}'s bytes, from its lowest, are hexadecimal digits before the first that is not (0 to 8). */
    static int digits(long w) {
        long x7 = w & LOW7;
        long valid = (letters(x7 | 0x20 * ONES) | decimals(x7)) & ~w;
        return Long.numberOfTrailingZeros(~valid & HIGH) >>> 3;
    }

    /** The number the first {@code n} (1 to 8) bytes of {@code w} spell, all of them digits. */
    static long value(long w, int n) {
        long x7 = w & LOW7;
        long v = (x7 & 0x0f * ONES) + 9 * (letters(x7 | 0x20 * ONES) >>> 7);
        // The first digit to the top, the n digits to the bottom (the rest shifted out), then two nibbles
        // per byte, four per 16 bits, eight per 32.
        v = Long.reverseBytes(v) >>> 8 * (8 - n);
        v = (v | v >>> 4) & 0x00ff00ff00ff00ffL;
        v = (v | v >>> 8) & 0x0000ffff0000ffffL;
        return (v | v >>> 16) & 0xffffffffL;
    }

    /** The value of one hexadecimal digit, or -1. */
    static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
