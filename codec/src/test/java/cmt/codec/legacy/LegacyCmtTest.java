package cmt.codec.legacy;

import cmt.codec.Repairs;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.Traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The legacy CMT layout against the original encoder's test vectors (FORMATS.md section 2). */
class LegacyCmtTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @ParameterizedTest
    @CsvSource({"0, 80", "1, 81", "127, ff", "128, 00 81", "300, 2c 82", "4096, 00 a0", "20000, 20 1c 81",
        "268435456, 00 00 00 00 81"})
    void varintVectors(long value, String hex) {
        byte[] buf = new byte[10];
        int n = LegacyCmt.putVarint(buf, 0, value);
        assertEquals(hex, HEX.formatHex(buf, 0, n));
        assertEquals(n, LegacyCmt.varintLength(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 14, 21, 28, 35, 42, 49, 56, 63})
    void sizesRoundTripAcrossEveryVarintWidth(int bits) {
        for (long size : new long[] {(1L << bits) - 1, 1L << bits, (1L << bits) + 1}) {
            String text = "malloc(" + Long.toUnsignedString(size) + ") = 10\nfree(10)\n";
            List<Event> in = Traces.read(text);
            List<Event> back = Traces.read(Traces.write(in, Format.LEGACY_CMT, true), Leniency.STRICT);
            assertEquals(size, back.get(0).size);
            assertEquals(Op.FREE, back.get(1).op);
            assertEquals(1, back.get(1).oldTag);
        }
    }

    @Test
    void largestSizeRoundTrips() {
        List<Event> in = Traces.read("malloc(18446744073709551615) = 1\n");
        byte[] cmt = Traces.write(in, Format.LEGACY_CMT, true);
        assertEquals(10 + 2, cmt.length);
        // Read back, the block needs a synthetic address, and no place below 2^64 holds it.
        TraceException x = assertThrows(TraceException.class, () -> Traces.read(cmt, Leniency.STRICT));
        assertEquals("t: byte 0: a block of 18446744073709551615 bytes at synthetic address 0x10000 would end past 2^64",
                x.getMessage());
        byte[] half = Traces.write(Traces.read("malloc(9223372036854775808) = 1\n"), Format.LEGACY_CMT, true);
        assertEquals(Long.MIN_VALUE, Traces.read(half, Leniency.STRICT).get(0).size);
    }

    @Test
    void mallocReallocFreeVector() {
        byte[] cmt = Traces.write(Traces.read("malloc(8) = 10\nrealloc(10, 16) = 10\nfree(10)\n"), Format.LEGACY_CMT, true);
        assertEquals("88 80 81 90 81 81 80 81", HEX.formatHex(cmt));
    }

    @Test
    void longVectorOf413Bytes() {
        StringBuilder t = new StringBuilder("malloc(8) = 1000\nmalloc(300) = 2000\nmalloc(4096) = 3000\n");
        for (int i = 0; i < 130; i++) {
            t.append("malloc(16) = ").append(Long.toHexString(0x10000 + 16 * i)).append('\n');
        }
        t.append("free(2000)\nrealloc(3000, 20000) = 3000\nfree(").append(Long.toHexString(0x10000)).append(")\n");
        byte[] cmt = Traces.write(Traces.read(t.toString()), Format.LEGACY_CMT, true);
        String hex = HEX.formatHex(cmt);
        assertEquals(413, cmt.length);
        assertTrue(hex.startsWith("88 80 81 2c 82 80 81 00 a0 80 81 90 80 81"), hex);
        assertTrue(hex.endsWith("80 04 81 20 1c 81 03 81 81 80 03 81"), hex);
    }

    @Test
    void readsWhatTheOriginalReaderRejected() {
        // free of tag 1 (olddist == last) and a 5-byte size
        byte[] cmt = HEX.parseHex("00 00 00 00 81 80 81 80 81");
        List<Event> events = Traces.read(cmt, Leniency.STRICT);
        assertEquals(1L << 28, events.get(0).size);
        assertEquals(Op.FREE, events.get(1).op);
        assertEquals(1, events.get(1).oldTag);
        assertEquals(1L << 28, events.get(1).oldSize);
    }

    @Test
    void syntheticAddressesAreABumpPointer() {
        List<Event> e = Traces.read(HEX.parseHex("88 80 81 91 80 81 80 82 81 80 81"), Leniency.STRICT);
        assertEquals(0x10000, e.get(0).address);
        assertEquals(0x10010, e.get(1).address);
        assertEquals(0x10000, e.get(2).oldAddress);
        assertEquals(0x10030, e.get(3).address);
    }

    @Test
    void truncatedRecordNamesItsOffset() {
        TraceException x = assertThrows(TraceException.class,
                () -> Traces.read(HEX.parseHex("88 80 81 90 80"), Leniency.STRICT));
        assertEquals("t: byte 3: truncated record at end of input", x.getMessage());
    }

    @Test
    void referenceToNoBlockIsAnError() {
        TraceException x = assertThrows(TraceException.class,
                () -> Traces.read(HEX.parseHex("88 80 81 80 83"), Leniency.STRICT));
        assertEquals("t: byte 3: olddist 3 refers to no block (last tag is 1)", x.getMessage());
    }

    @Test
    void doubleFreeIsAnErrorOrDroppedWhenLenient() {
        byte[] cmt = HEX.parseHex("88 80 81 80 81 80 81");
        TraceException x = assertThrows(TraceException.class, () -> Traces.read(cmt, Leniency.STRICT));
        assertEquals("t: byte 5: free of a block that is not live", x.getMessage());
        List<Event> lenient = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(cmt), "t", Leniency.LENIENT)) {
            r.forEach(e -> lenient.add(e.copy()));
            assertEquals(1, r.repairs().count(Repairs.Kind.FREE_NOT_LIVE));
        }
        assertEquals(2, lenient.size());
    }

    @Test
    void overlongIntegerIsAnError() {
        byte[] cmt = HEX.parseHex("00 00 00 00 00 00 00 00 00 00 81");
        TraceException x = assertThrows(TraceException.class, () -> Traces.read(cmt, Leniency.STRICT));
        assertEquals("t: byte 0: integer longer than 10 bytes", x.getMessage());
        byte[] wide = HEX.parseHex("7f 7f 7f 7f 7f 7f 7f 7f 7f 82 80 81");
        x = assertThrows(TraceException.class, () -> Traces.read(wide, Leniency.STRICT));
        assertEquals("t: byte 0: integer does not fit in 64 bits", x.getMessage());
    }
}
