package cmt.codec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eight hexadecimal digits at a time agree with one at a time, for every byte value around them. */
class HexTest {
    private static long word(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void check(byte[] b) {
        int n = 0;
        long v = 0;
        while (n < 8 && Hex.digit(b[n] & 0xff) >= 0) {
            v = v << 4 | Hex.digit(b[n] & 0xff);
            n++;
        }
        long w = word(b);
        assertEquals(n, Hex.digits(w), () -> new String(b, StandardCharsets.ISO_8859_1));
        if (n > 0) {
            assertEquals(v, Hex.value(w, n), () -> new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void theWorkedExample() {
        long w = word("7f1a\n...".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, Hex.digits(w));
        assertEquals(0x7f1a, Hex.value(w, 4));
        long all = word("DeadBeef".getBytes(StandardCharsets.US_ASCII));
        assertEquals(8, Hex.digits(all));
        assertEquals(0xdeadbeefL, Hex.value(all, 8));
    }

    @Test
    void everyByteValueAfterEveryRunOfDigits() {
        byte[] digits = "0123456789abcdefABCDEF".getBytes(StandardCharsets.US_ASCII);
        Random r = new Random(7);
        for (int run = 0; run <= 7; run++) {
            for (int stop = 0; stop < 256; stop++) {
                byte[] b = new byte[8];
                for (int k = 0; k < 8; k++) {
                    b[k] = (byte) r.nextInt(256);
                }
                for (int k = 0; k < run; k++) {
                    b[k] = digits[r.nextInt(digits.length)];
                }
                b[run] = (byte) stop;
                check(b);
            }
        }
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[8];
            for (int k = 0; k < 8; k++) {
                b[k] = r.nextBoolean() ? digits[r.nextInt(digits.length)] : (byte) r.nextInt(256);
            }
            check(b);
        }
    }
}
