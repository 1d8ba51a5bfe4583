package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random valid traces survive every writer and reader; random damage ends cleanly. */
class RoundTripProperties {
    @Test
    void textRoundTripsInBothForms() {
        qt().withExamples(200).forAll(longs().all(), integers().between(1, 400), booleans().all()).checkAssert((seed, n, extensions) -> {
            List<Event> events = Traces.read(Traces.random(seed, n, extensions));
            String tagged = Traces.text(events, true);
            String plain = Traces.text(events, false);
            assertEquals(tagged, Traces.text(Traces.read(tagged), true));
            assertEquals(tagged, Traces.text(Traces.read(plain), true));
        });
    }

    @Test
    void legacyCmtKeepsEveryOpSizeAndTag() {
        qt().withExamples(200).forAll(longs().all(), integers().between(1, 400)).checkAssert((seed, n) -> {
            List<Event> events = Traces.read(Traces.random(seed, n, false));
            List<Event> back = Traces.read(Traces.write(events, Format.LEGACY_CMT, true), Leniency.STRICT);
            assertEquals(events.size(), back.size());
            for (int i = 0; i < events.size(); i++) {
                Event a = events.get(i);
                Event b = back.get(i);
                assertEquals(a.op, b.op);
                assertEquals(a.size, b.size);
                assertEquals(a.tag, b.tag);
                assertEquals(a.oldTag, b.oldTag);
                assertEquals(a.oldSize, b.oldSize);
                assertEquals(a.oldIndex, b.oldIndex);
            }
            // and the synthetic addresses make a valid text trace that encodes to the same bytes
            byte[] cmt = Traces.write(events, Format.LEGACY_CMT, true);
            byte[] again = Traces.write(Traces.read(Traces.text(back, true)), Format.LEGACY_CMT, true);
            assertEquals(java.util.HexFormat.of().formatHex(cmt), java.util.HexFormat.of().formatHex(again));
        });
    }

    @Test
    void damagedTextEndsInACleanErrorOrAValidTrace() {
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 200), arbitrary().enumValues(Damage.class), booleans().all())
                .checkAssert((seed, n, damage, lenient) -> {
                    byte[] bytes = damage.apply(Traces.random(seed, n, true).getBytes(StandardCharsets.US_ASCII), seed);
                    readCleanly(bytes, lenient);
                });
    }

    @Test
    void damagedLegacyCmtEndsInACleanErrorOrAValidTrace() {
        qt().withExamples(300).forAll(longs().all(), integers().between(1, 200), arbitrary().enumValues(Damage.class), booleans().all())
                .checkAssert((seed, n, damage, lenient) -> {
                    List<Event> events = Traces.read(Traces.random(seed, n, false));
                    byte[] bytes = damage.apply(Traces.write(events, Format.LEGACY_CMT, true), seed);
                    readCleanly(bytes, lenient);
                });
    }

    /** Reading either succeeds or throws a TraceException with a one-line message; nothing else. */
    private static void readCleanly(byte[] bytes, boolean lenient) {
        try {
            Traces.read(bytes, lenient ? Leniency.LENIENT : Leniency.STRICT);
        } catch (TraceException e) {
            assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
        }
    }

    /** Ways a file gets damaged. */
    enum Damage {
        FLIP_BIT, TRUNCATE, GARBAGE_TAIL, OVERWRITE_RUN;

        byte[] apply(byte[] b, long seed) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
            if (b.length == 0) {
                return b;
            }
            byte[] out = b.clone();
            switch (this) {
                case FLIP_BIT -> out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                case TRUNCATE -> out = java.util.Arrays.copyOf(out, r.nextInt(out.length));
                case GARBAGE_TAIL -> {
                    out = java.util.Arrays.copyOf(out, out.length + 64);
                    for (int i = b.length; i < out.length; i++) {
                        out[i] = (byte) r.nextInt(256);
                    }
                }
                case OVERWRITE_RUN -> {
                    int at = r.nextInt(out.length);
                    for (int i = at; i < Math.min(out.length, at + 16); i++) {
                        out[i] = (byte) r.nextInt(256);
                    }
                }
            }
            return out;
        }
    }
}
