package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.compact.CompactTraces;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Format detection by content, which a byte order mark or a UTF-8 comment must not fool. */
class DetectionTest {
    private static Format detect(byte[] b) {
        return Format.detect(b, b.length);
    }

    @Test
    void textWithAByteOrderMarkOrUtf8CommentsIsText() {
        byte[] bom = "\ufeffmalloc(8) = 0x10\nfree(0x10)\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(Format.TEXT, detect(bom));
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bom), "bom", Leniency.STRICT)) {
            assertEquals(2, r.forEach(e -> { }));
        }
        for (String comment : List.of("# caf\u00e9", "  # \u00c0 la carte", "#\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac", "# \ud83d\ude00")) {
            byte[] t = (comment + "\nmalloc(8) = 0x10\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(Format.TEXT, detect(t), comment);
            try (TraceReader r = TraceReader.open(new ByteArrayInputStream(t), "c", Leniency.STRICT)) {
                assertEquals(1, r.forEach(e -> { }), comment);
            }
        }
        // Cut off where the sniffed bytes end (a shorter input has been seen whole: see FormatTest).
        byte[] cut = ("# " + "a".repeat(Format.SNIFF_BYTES - 3) + "\u00e9").getBytes(StandardCharsets.UTF_8);
        assertEquals(Format.TEXT, Format.detect(cut, Format.SNIFF_BYTES), "a sequence cut off by the sniffed length");
    }

    @Test
    void binaryStaysBinary() {
        byte[] legacy = Traces.write(Traces.read("malloc(8) = 10\nrealloc(10, 16) = 10\nfree(10)\n"), Format.LEGACY_CMT, true);
        assertEquals(Format.LEGACY_CMT, detect(legacy));
        assertEquals(Format.LEGACY_CMT, detect(new byte[] {'#', ' ', (byte) 0xc3, 0x28, '\n'}), "not UTF-8");
        assertEquals(Format.LEGACY_CMT, detect(new byte[] {'#', ' ', 0x01, '\n'}), "a control byte in a comment");
        assertEquals(Format.LEGACY_CMT, detect("malloc(8) = 0x10 \u00e9\n".getBytes(StandardCharsets.UTF_8)),
                "non-ASCII outside a comment");
        assertEquals(Format.COMPACT, detect(CompactTraces.compact(Traces.read("malloc(8) = 0x10\n"), true)));
        assertEquals(Format.TEXT, detect(new byte[0]));
    }

    @Test
    void syntheticAddressesHonourAlignmentAndNeverWrap() {
        List<Event> events = Traces.read("malloc(8) = 0x10\nmemalign(9223372036854775808, 1) = 0x8000000000000000\n"
                + "malloc(8) = 0x20\n");
        List<Event> back = CompactTraces.read(CompactTraces.compact(events, false));
        assertEquals(0x10000L, back.get(0).address);
        assertEquals(Long.MIN_VALUE, back.get(1).address, "2^63, aligned as asked");
        assertEquals(Long.MIN_VALUE + 16, back.get(2).address);
        List<Event> full = Traces.read("malloc(9223372036854775808) = 0x10\nfree(0x10)\nmalloc(9223372036854775808) = 0x10\n");
        TraceException x = org.junit.jupiter.api.Assertions.assertThrows(TraceException.class,
                () -> CompactTraces.compact(full, false));
        assertEquals("mem: event 2: a block of 9223372036854775808 bytes at synthetic address 0x8000000000010000 "
                + "would end past 2^64", x.getMessage());
    }
}
