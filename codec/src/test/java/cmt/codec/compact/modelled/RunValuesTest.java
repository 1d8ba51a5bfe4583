package cmt.codec.compact.modelled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A sequence of run values: every value comes back, a table costs little, and a bad sequence is refused. */
class RunValuesTest {
    /** Codes {@code values} into a sequence and returns its bytes. */
    private static byte[] section(long... values) {
        RunValuesWriter w = new RunValuesWriter("run sizes");
        w.clear();
        for (long v : values) {
            assertEquals(v, w.code(v));
        }
        int n = w.write();
        return Arrays.copyOf(w.bytes(), n);
    }

    /** Reads {@code count} values back from a sequence, all of {@code section}, of a block of {@code events} events. */
    private static long[] read(byte[] section, int count, int events) {
        RunValuesReader r = new RunValuesReader("run sizes");
        assertEquals(section.length, r.read(section, 0, section.length, events));
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = r.code(0);
        }
        r.finish();
        return out;
    }

    private static void roundTrip(long... values) {
        assertArrayEquals(values, read(section(values), values.length, values.length));
    }

    @Test
    void everySizeComesBackAtEveryBitLength() {
        long[] v = new long[2 + 64 * 3];
        int n = 0;
        v[n++] = 0;
        v[n++] = -1L;
        for (int bits = 0; bits < 64; bits++) {
            v[n++] = 1L << bits;
            v[n++] = (1L << bits) - 1 + (1L << bits);
            v[n++] = Long.reverse(bits * 0x9E3779B97F4A7C15L) >>> (63 - bits);
        }
        roundTrip(v);
        roundTrip(12345);
        roundTrip(7, 7, 7, 7, 7);
    }

    @Test
    void randomLengthsComeBackAtLittleMoreThanTheSymbolsEntropyAndTheirRawBits() {
        SplittableRandom rnd = new SplittableRandom(5);
        long[] v = new long[40_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + (long) Math.abs(rnd.nextGaussian() * 300 + Math.exp(rnd.nextDouble() * 9));
        }
        byte[] s = section(v);
        assertArrayEquals(v, read(s, v.length, v.length));
        // The least any code of these symbols can cost: their order-0 entropy, plus the raw bits.
        int[] counts = new int[RunValues.SYMBOLS];
        double bits = 0;
        for (long x : v) {
            int len = 64 - Long.numberOfLeadingZeros(x);
            counts[len <= 4 ? (int) x : 16 + (len - 5) * 8 + (int) (x >>> (len - 4) & 7)]++;
            bits += Math.max(len - 4, 0);
        }
        for (int c : counts) {
            bits -= c == 0 ? 0 : c * Math.log(c / (double) v.length) / Math.log(2);
        }
        double least = bits / 8;
        assertTrue(s.length < least * 1.001 + 100, s.length + " bytes against at least " + least);
    }

    @Test
    void noValuesTakeOneByte() {
        assertArrayEquals(new byte[] {0}, section());
        assertEquals(0, read(new byte[] {0}, 0, 10).length);
    }

    @Test
    void aBadSectionIsRefusedWithAReason() {
        byte[] good = section(3, 300, 301, 3000, 3);
        assertTrue(refused(good, 5, 4).contains("run sizes: 5 in a block of 4 events"));
        assertTrue(refused(Arrays.copyOf(good, 3), 5, 5).contains("do not fit"));
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertEquals(good.length, new RunValuesReader("run sizes").read(longer, 0, longer.length, 5));
        byte[] moreBits = good.clone();
        moreBits[2]++;
        assertTrue(refused(Arrays.copyOf(moreBits, good.length + 1), 5, 5).contains("does not match"));
        byte[] state = good.clone();
        state[6] = (byte) 0x80;
        assertTrue(refused(state, 5, 5).contains("state out of range"));
        RunValuesReader r = new RunValuesReader("run sizes");
        r.read(good, 0, good.length, 5);
        for (int i = 0; i < 4; i++) {
            r.code(0);
        }
        assertTrue(assertThrows(IllegalStateException.class, r::finish).getMessage().contains("4 of 5 used"));
        r.code(0);
        assertTrue(assertThrows(IllegalStateException.class, () -> r.code(0)).getMessage().contains("holds only 5"));
    }

    /** The message of the error reading {@code count} sizes of {@code s} gives. */
    private static String refused(byte[] s, int count, int events) {
        return assertThrows(IllegalStateException.class, () -> read(s, count, events)).getMessage();
    }

    @Test
    void noiseIsRefusedOrReadNeverHangs() {
        SplittableRandom rnd = new SplittableRandom(11);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int refused = 0;
            for (int k = 0; k < 5_000; k++) {
                byte[] s = section(3, 300, 301, 3000, 3, 17, 1L << 40);
                for (int flips = 1 + rnd.nextInt(4); flips > 0; flips--) {
                    s[rnd.nextInt(s.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                RunValuesReader r = new RunValuesReader("run sizes");
                try {
                    if (r.read(s, 0, s.length, 7) != s.length) {
                        refused++; // the section's reader refuses a sequence that ends early
                        continue;
                    }
                    for (int i = 0; i < 7; i++) {
                        r.code(0);
                    }
                    r.finish();
                } catch (IllegalStateException ex) {
                    assertTrue(ex.getMessage().startsWith("run sizes: "), ex.getMessage());
                    refused++;
                }
            }
            assertTrue(refused > 2_500, refused + " of 5000 damaged sections refused");
        });
    }
}
