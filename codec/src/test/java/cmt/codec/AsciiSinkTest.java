package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Number formatting of the ASCII sink agrees with the JDK's at every width. */
class AsciiSinkTest {
    /** Any long, every width as likely as the full one: a uniform long almost always has 19 digits. */
    static final Gen<Long> ANY_LONG = Generate.oneOf(longs().all(),
            integers().between(0, 63).zip(longs().all(), (bits, v) -> v >> bits));

    @Test
    void decimalAndHexAgreeWithTheJdk() {
        qt().withExamples(2000).forAll(ANY_LONG).checkAssert(v ->
                assertEquals(Long.toString(v) + " " + Long.toUnsignedString(v) + " " + Long.toHexString(v), render(v)));
    }

    @Test
    void everyPowerOfTenBoundary() {
        long p = 1;
        for (int i = 0; i < 19; i++) {
            for (long v : new long[] {p - 1, p, p + 1}) {
                assertEquals(Long.toString(v) + " " + Long.toUnsignedString(v) + " " + Long.toHexString(v), render(v));
            }
            p *= 10;
        }
        assertEquals("-9223372036854775808 9223372036854775808 8000000000000000", render(Long.MIN_VALUE));
    }

    @Test
    void padsLikePythonLjust() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (AsciiSink s = new AsciiSink(b, "t")) {
            s.text("ab").padTo(5).ch('|').newline().text("abcdef").padTo(3).ch('|');
        }
        assertEquals("ab   |\nabcdef|", b.toString(StandardCharsets.US_ASCII));
    }

    private static String render(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (AsciiSink s = new AsciiSink(b, "t")) {
            s.dec(v).ch(' ').udec(v).ch(' ').hex(v);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
