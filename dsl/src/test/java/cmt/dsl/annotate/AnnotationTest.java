package cmt.dsl.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.AsciiSink;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The two annotations on small traces whose notes are worked out by hand. */
class AnnotationTest {
    static String annotate(String trace, Function<AsciiSink, Annotation> kind, Leniency leniency) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(trace.getBytes(StandardCharsets.US_ASCII)), "t", leniency);
             AsciiSink out = new AsciiSink(bytes, "out")) {
            kind.apply(out).run(r);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void lifetimesOfTheSeedReadmeExample() {
        String in = "malloc(8) = 81d220b48<6655>\nrealloc(81d220b48<6655>, 16) = 81d3b83a0<6656>\nfree(81d3b83a0<6656>)\n";
        assertEquals("""
                malloc(8) = 81d220b48<6655>
                realloc(81d220b48<6655>, 16) = 81d3b83a0<6656>    # 8 bytes, allocated 1 lines ago
                free(81d3b83a0<6656>)                             # 16 bytes, allocated 1 lines ago
                """, annotate(in, LifetimesAnnotation::new, Leniency.STRICT));
    }

    @Test
    void lifetimesCountEveryInputLineAndKeepOtherLines() {
        String in = "malloc(8) = 10\n# note\n\nfree(0x10)\n";
        assertEquals("malloc(8) = 10\n# note\n\nfree(0x10)" + " ".repeat(39) + " # 8 bytes, allocated 3 lines ago\n",
                annotate(in, LifetimesAnnotation::new, Leniency.STRICT));
    }

    @Test
    void lenientDropsKeepTheirLines() {
        String in = "malloc(8) = 10\nfree(0)\nfree(10)\n";
        assertEquals("malloc(8) = 10\nfree(0)\nfree(10)" + " ".repeat(41) + " # 8 bytes, allocated 2 lines ago\n",
                annotate(in, LifetimesAnnotation::new, Leniency.LENIENT));
    }

    @Test
    void overheadNeighboursGapsAndPages() {
        // Page 1 is [0x1000, 0x2000). A at 0x1000 (16 bytes), B at 0x1020 (8 bytes): both on page 1.
        // C at 0x1ff0 (0x20 bytes) covers pages 1 and 2; prev B ends at 0x1028 (gap 0x1ff0-0x1028 = 4040),
        // prev's last page is 1 = C's first, so C adds 1 page. Freeing B: prev A (gap 0x1020-0x1010 = 16),
        // next C (gap 0x1ff0-0x1028 = 4040), 2 lines later; its only page 1 is still covered by A and C: 0 fewer pages.
        String in = "malloc(16) = 1000\nmalloc(8) = 1020\nmalloc(32) = 1ff0\nfree(1020)\nrealloc(1000, 64) = 3000\n";
        String out = annotate(in, OverheadAnnotation::new, Leniency.STRICT);
        String[] lines = out.split("\n");
        assertEquals(pad("malloc(16) = 1000") + " # prev 0, gap -1, next 0, gap -1, pages [1, 1], 1 more pages ", lines[0]);
        assertEquals(pad("malloc(8) = 1020") + " # prev 1000, gap 16, next 0, gap -1, pages [1, 1], 0 more pages ", lines[1]);
        assertEquals(pad("malloc(32) = 1ff0") + " # prev 1020, gap 4040, next 0, gap -1, pages [1, 2], 1 more pages ", lines[2]);
        assertEquals(pad("free(1020)") + " # 8 bytes, allocated 2 lines ago, prev 1000, gap 16, next 1ff0, gap 4040, "
                + "pages [1-1], 0 fewer pages", lines[3]);
        // realloc: A's free note (next C: gap 0x1ff0-0x1010 = 4064); its page 1 is shared with C: 0 fewer.
        assertEquals(pad("realloc(1000, 64) = 3000") + " # 16 bytes, allocated 4 lines ago, prev 0, gap -1, next 1ff0, "
                + "gap 4064, pages [1-1], 0 fewer pages", lines[4]);
        assertEquals(5, lines.length);
    }

    @Test
    void binaryInputIsPrintedInTaggedForm() {
        byte[] cmt = java.util.HexFormat.ofDelimiter(" ").parseHex("88 80 81 80 81");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(cmt), "t", Leniency.STRICT);
             AsciiSink out = new AsciiSink(bytes, "out")) {
            new LifetimesAnnotation(out).run(r);
        }
        assertEquals("malloc(8) = 10000<1>\n" + pad("free(10000<1>)") + " # 8 bytes, allocated 1 lines ago\n",
                bytes.toString(StandardCharsets.US_ASCII));
    }

    private static String pad(String s) {
        return s + " ".repeat(Math.max(0, Annotation.WIDTH - s.length()));
    }
}
