package cmt.codec.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The varint: the tables of {@link Varint}'s description are what the code writes and refuses, every width
 * comes back at its boundaries, and the plain and padded reads agree.
 */
class VarintTest {
    private static final Pattern ROW = Pattern.compile("^ \\*\\s+(\\d+)(?: \\([^)]*\\))?\\s{2,}((?:[0-9A-F]{2} ?)+)$");
    private static final Pattern REFUSED = Pattern.compile("^ \\*\\s+((?:[0-9A-F]{2} ?)+?)(?: \\([^)]*\\))?\\s{2,}NAME: (.+?)(?:\\s{2,}\\(.*\\))?$");

    /** The lines of the {@code <pre>} block of Varint's javadoc whose first line is {@code heading}. */
    private static List<String> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/main/java/cmt/codec/compact/Varint.java"));
        int at = 0;
        while (!lines.get(at).matches(" \\*\\s+" + heading + "\\s+.*")) {
            at++;
        }
        List<String> out = new ArrayList<>();
        for (int i = at + 1; !lines.get(i).contains("</pre>"); i++) {
            out.add(lines.get(i));
        }
        return out;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] written(long v) {
        byte[] b = new byte[Varint.MAX_BYTES];
        return Arrays.copyOf(b, Varint.put(b, 0, v));
    }

    private static long read(byte[] b) {
        Varint.Reader r = new Varint.Reader("t").over(b, 0, b.length);
        long v = r.varint();
        assertTrue(r.atEnd(), "read all of " + HexFormat.of().formatHex(b));
        return v;
    }

    private static long readPadded(byte[] b) {
        Varint.Reader r = new Varint.Reader("t").over(Arrays.copyOf(b, b.length + Varint.Reader.PADDING), 0, b.length);
        long v = r.paddedVarint();
        assertTrue(r.atEnd() && !r.overran(), "read all of " + HexFormat.of().formatHex(b));
        return v;
    }

    @Test
    void theTableOfValuesIsWhatTheCodeWritesAndReads() throws IOException {
        int rows = 0;
        for (String line : table("value")) {
            Matcher m = ROW.matcher(line);
            assertTrue(m.matches(), line);
            long v = Long.parseUnsignedLong(m.group(1));
            byte[] bytes = hex(m.group(2));
            assertArrayEquals(bytes, written(v), line);
            assertEquals(bytes.length, Varint.size(v), line);
            assertEquals(v, read(bytes), line);
            assertEquals(v, readPadded(bytes), line);
            rows++;
        }
        assertEquals(12, rows);
    }

    @Test
    void theTableOfRefusalsIsWhatTheCodeRefuses() throws IOException {
        int rows = 0;
        for (String line : table("bytes")) {
            Matcher m = REFUSED.matcher(line);
            assertTrue(m.matches(), line);
            byte[] bytes = hex(m.group(1));
            String expected = "t: " + m.group(2);
            assertEquals(expected, assertThrows(IllegalStateException.class, () -> read(bytes)).getMessage(), line);
            if (!expected.endsWith("cut short")) {
                assertEquals(expected, assertThrows(IllegalStateException.class, () -> readPadded(bytes)).getMessage(), line);
            }
            rows++;
        }
        assertEquals(3, rows);
    }

    @Test
    void everyWidthComesBackAtItsBoundaries() {
        comesBackIn(0, 1);
        for (int k = 1; k <= 9; k++) {
            // The largest number of k bytes, then the smallest of k + 1: 2^7 - 1 and 2^7, ..., 2^63 - 1 and 2^63.
            long largest = (1L << 7 * k) - 1;
            comesBackIn(largest, k);
            comesBackIn(largest + 1, k + 1);
        }
        comesBackIn(-1L, Varint.MAX_BYTES);
    }

    private static void comesBackIn(long v, int bytes) {
        String what = Long.toUnsignedString(v);
        byte[] b = written(v);
        assertEquals(bytes, b.length, what);
        assertEquals(bytes, Varint.size(v), what);
        assertEquals(v, read(b), what);
        assertEquals(v, readPadded(b), what);
    }

    @Test
    void aLongerFormIsReadAndTheTenthByteMayHoldOneBit() {
        assertEquals(0, read(hex("80 00")));
        assertEquals(1, read(hex("81 80 80 80 80 80 80 80 80 00")));
        assertEquals(1L << 63, read(hex("80 80 80 80 80 80 80 80 80 01")));
    }

    @Test
    void aNumberCutByItsEndIsRefusedWhereverTheEndFalls() {
        byte[] whole = written(-1L);
        for (int n = 0; n < whole.length; n++) {
            byte[] b = Arrays.copyOf(whole, n + 1);
            int end = n;
            // The reader stops at the end even when the buffer goes on.
            Varint.Reader r = new Varint.Reader("times stream").over(b, 0, end);
            assertEquals("times stream: number cut short", assertThrows(IllegalStateException.class, r::varint).getMessage());
            assertEquals(0, r.at());
        }
    }

    @Test
    void aPaddedReadPastTheEndStopsInThePaddingAndIsTold() {
        byte[] b = Arrays.copyOf(hex("05 80"), 2 + Varint.Reader.PADDING);
        Varint.Reader r = new Varint.Reader("events stream").over(b, 0, 2);
        assertEquals(5, r.paddedVarint());
        assertTrue(!r.overran());
        assertEquals(0, r.paddedVarint());
        assertTrue(r.overran());
        assertEquals(0, r.paddedU8());
        assertTrue(r.overran());
    }

    @Test
    void bytesAreReadWithinTheEnd() {
        Varint.Reader r = new Varint.Reader("addresses stream").over(new byte[] {(byte) 0xFF, 7}, 0, 1);
        assertEquals(255, r.u8());
        assertEquals("addresses stream ends early", assertThrows(IllegalStateException.class, r::u8).getMessage());
    }
}
