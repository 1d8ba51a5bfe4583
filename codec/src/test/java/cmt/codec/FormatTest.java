package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Detection by content where text and legacy CMT come close. */
class FormatTest {
    @Test
    void aShortLegacyFileThatIsAlsoAUtf8CommentIsLegacy() {
        // malloc(11299) with tag 11357: 23 d8 | 80 | 5d d8, i.e. "#" and two UTF-8 characters, no line end
        // (found by LegacyReaderFuzzTest).
        byte[] b = HexFormat.of().parseHex("23d8805dd8");
        assertEquals(Format.LEGACY_CMT, Format.detect(b, b.length));
        assertEquals(1, Traces.read(b, Leniency.STRICT).size());
        // The same with a tag whose last byte starts a UTF-8 sequence that the end of the input cuts off.
        byte[] cut = HexFormat.of().parseHex("23d8805de0");
        assertEquals(Format.LEGACY_CMT, Format.detect(cut, cut.length));
        assertEquals(1, Traces.read(cut, Leniency.STRICT).size());
    }

    @Test
    void utf8CommentsWithALineEndOrLaterInTheFileAreText() {
        for (String t : new String[] {"# café\n", "# café\nmalloc(8) = 0x10\n", "malloc(8) = 0x10\n# café",
                "malloc(8) = 0x10\n# caf", "\uFEFF# café"}) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            assertEquals(Format.TEXT, Format.detect(b, b.length), t);
        }
    }
}
