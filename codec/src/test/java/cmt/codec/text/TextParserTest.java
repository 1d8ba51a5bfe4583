package cmt.codec.text;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.Traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every form of the text trace that FORMATS.md section 1 allows, and the extensions. */
class TextParserTest {
    @Test
    void plainAndTaggedFormsReadTheSame() {
        String plain = "malloc(8) = 0x81d220b48\nrealloc(0x81d220b48, 16) = 0x81d3b83a0\nfree(0x81d3b83a0)\n";
        String tagged = "malloc(8) = 81d220b48<1>\nrealloc(81d220b48<1>, 16) = 81d3b83a0<2>\nfree(81d3b83a0<2>)\n";
        List<Event> a = Traces.read(plain);
        List<Event> b = Traces.read(tagged);
        assertEquals(Traces.text(a, true), Traces.text(b, true));
        assertEquals(tagged, Traces.text(a, true));
        assertEquals(plain, Traces.text(b, false));
    }

    @Test
    void resolvedFieldsOfARealloc() {
        Event e = Traces.read("malloc(8) = 10\nmalloc(9) = 20\nrealloc(10, 16) = 30\n").get(2);
        assertEquals(Op.REALLOC, e.op);
        assertEquals(16, e.size);
        assertEquals(0x30, e.address);
        assertEquals(3, e.tag);
        assertEquals(0x10, e.oldAddress);
        assertEquals(1, e.oldTag);
        assertEquals(8, e.oldSize);
        assertEquals(0, e.oldIndex);
        assertEquals(1, e.oldLine);
        assertEquals(2, e.index);
        assertEquals(3, e.line);
    }

    @Test
    void writtenTagsAreKeptAndMustIncrease() {
        List<Event> e = Traces.read("malloc(8) = 81d220b48<6655>\nrealloc(81d220b48<6655>, 16) = 81d3b83a0<6656>\n");
        assertEquals(6655, e.get(0).tag);
        assertEquals(6656, e.get(1).tag);
        TraceException x = assertThrows(TraceException.class, () -> Traces.read("malloc(8) = 10<5>\nmalloc(8) = 20<5>\n"));
        assertEquals("t:2: tag 5 is not greater than the previous tag 5: malloc(8) = 20<5>", x.getMessage());
        x = assertThrows(TraceException.class, () -> Traces.read("malloc(8) = 10<5>\nfree(10<4>)\n"));
        assertEquals("t:2: tag <4> does not match the live block's tag <5> (allocated at line 1): free(10<4>)", x.getMessage());
    }

    @Test
    void crlfTrailingBlanksCommentsAndBlankLines() {
        List<Event> e = Traces.read("# recorded by hand\r\nmalloc(8) = 0X1A  \t\r\n\r\n   free(1a)\t\n");
        assertEquals(2, e.size());
        assertEquals(0x1a, e.get(0).address);
        assertEquals(2, e.get(0).line);
        assertEquals(4, e.get(1).line);
    }

    @Test
    void largestSizeAndAddress() {
        Event e = Traces.read("malloc(18446744073709551615) = 1\n").get(0);
        assertEquals(-1L, e.size);
        assertEquals("malloc(18446744073709551615) = 1<1>", e.toString());
        e = Traces.read("malloc(1) = ffffffffffffffff\n").get(0);
        assertEquals(-1L, e.address);
        assertEquals("malloc(1) = ffffffffffffffff<1>", e.toString());
    }

    @Test
    void aBlockEndingPast2To64IsBadInputNotAWrappedEnd() {
        TraceException x = assertThrows(TraceException.class, () -> Traces.read("malloc(18446744073709551615) = 0x10\nfree(0x10)\n"));
        assertEquals("t:1: malloc of 18446744073709551615 bytes at 0x10 would end past 2^64: "
                + "malloc(18446744073709551615) = 0x10", x.getMessage());
        x = assertThrows(TraceException.class, () -> Traces.read("malloc(8) = 0x10\nrealloc(0x10, 16) = 0xfffffffffffffff8\n"));
        assertEquals("t:2: realloc of 16 bytes at 0xfffffffffffffff8 would end past 2^64: "
                + "realloc(0x10, 16) = 0xfffffffffffffff8", x.getMessage());
        assertEquals(1, Traces.read("malloc(16) = 0xfffffffffffffff0\n").size(), "ending exactly at 2^64 is fine");
    }

    @Test
    void threadAndTimeOf2To64Minus1AreRejectedNotDropped() {
        TraceException x = assertThrows(TraceException.class, () -> Traces.read("malloc(8) = 0x10 tid=18446744073709551615\n"));
        assertEquals("t:1: thread id 18446744073709551615 is reserved: 2^64-1 stands for none: "
                + "malloc(8) = 0x10 tid=18446744073709551615", x.getMessage());
        x = assertThrows(TraceException.class, () -> Traces.read("malloc(8) = 0x10 ns=18446744073709551615\n"));
        assertTrue(x.getMessage().startsWith("t:1: timestamp 18446744073709551615 is reserved"), x.getMessage());
        Event e = Traces.read("malloc(8) = 0x10 tid=18446744073709551614 ns=18446744073709551614\n").get(0);
        assertEquals(-2L, e.thread);
        assertEquals(-2L, e.timestamp);
    }

    @Test
    void callocSizesAreUnsignedLikeSizeT() {
        Event e = Traces.read("calloc(2, 4611686018427387904) = 10\n").get(0);
        assertEquals("9223372036854775808", Long.toUnsignedString(e.size));
        assertEquals(2, e.count);
        assertEquals(-1L, Traces.read("calloc(1, 18446744073709551615) = 1\n").get(0).size);
        TraceException x = assertThrows(TraceException.class, () -> Traces.read("calloc(2, 9223372036854775808) = 10\n"));
        assertEquals("t:1: calloc size overflows 64 bits: calloc(2, 9223372036854775808) = 10", x.getMessage());
    }

    @Test
    void extensions() {
        String t = "calloc(3, 8) = 10 tid=7 ns=123\nmemalign(64, 100) = 40\nposix_memalign(32, 5) = 100\n"
                + "aligned_alloc(16, 32) = 200\nvalloc(10) = 1000\nfree(10) tid=8\n";
        List<Event> e = Traces.read(t);
        assertEquals(Op.CALLOC, e.get(0).op);
        assertEquals(24, e.get(0).size);
        assertEquals(3, e.get(0).count);
        assertEquals(7, e.get(0).thread);
        assertEquals(123, e.get(0).timestamp);
        assertEquals(64, e.get(1).alignment);
        assertEquals(Op.ALIGNED, e.get(2).op);
        assertEquals(4096, e.get(4).alignment);
        assertEquals(24, e.get(5).oldSize);
        assertEquals("calloc(3, 8) = 0x10 tid=7 ns=123\nmemalign(64, 100) = 0x40\nmemalign(32, 5) = 0x100\n"
                + "memalign(16, 32) = 0x200\nmemalign(4096, 10) = 0x1000\nfree(0x10) tid=8\n", Traces.text(e, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mallocc(8) = 10|t:1: not a trace event (expected malloc, calloc, memalign, realloc or free): mallocc(8) = 10",
        "malloc(8) = |t:1: expected a hexadecimal pointer at column 12: malloc(8) =",
        "malloc(x) = 10|t:1: expected a decimal number at column 8: malloc(x) = 10",
        "malloc(18446744073709551616) = 10|t:1: number does not fit in 64 bits: malloc(18446744073709551616) = 10",
        "malloc(8) = 10000000000000000|t:1: pointer longer than 64 bits: malloc(8) = 10000000000000000",
        "malloc(8) = 10 junk|t:1: unexpected text after the event: malloc(8) = 10 junk",
        "hello|t:1: not a trace event (expected malloc, calloc, memalign, realloc or free): hello",
        "malloc(8) = 10<0>|t:1: tag 0 (tags start at 1): malloc(8) = 10<0>",
    })
    void malformedLinesNameFileLineAndText(String line, String message) {
        TraceException x = assertThrows(TraceException.class, () -> Traces.read(line + "\n"));
        assertEquals(message, x.getMessage());
    }
}
