package cmt.codec.compact;

import cmt.codec.WriteOptions;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.codec.resolve.Resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact round trips through the compact format, with and without addresses, on real and made traces. */
class CompactRoundTripTest {
    private static final String MIXED = """
            malloc(8) = 0x10
            calloc(3, 40) = 0x2000
            memalign(64, 100) = 0x3000
            realloc(0x10, 16) = 0x10
            realloc(0x2000, 1000) = 0x9000 tid=7
            free(0x3000) tid=7 ns=1000
            malloc(300) = 0x3000 ns=999
            malloc(4096) = 0xffffffffffff0000 tid=18446744073709551614
            free(0x10)
            free(0x9000)
            valloc(5000) = 0x4000
            """;

    @Test
    void mixedOperationsThreadsAndTimesComeBackExactly() {
        List<Event> events = CompactTraces.read(MIXED);
        assertEquals(CompactTraces.text(events), CompactTraces.text(CompactTraces.read(CompactTraces.compact(events, true))));
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(CompactTraces.read(CompactTraces.compact(events, true, 3)), true));
    }

    @Test
    void withoutAddressesEverythingElseComesBackAndAddressesAreSynthetic() {
        List<Event> events = CompactTraces.read(MIXED);
        List<Event> back = CompactTraces.read(CompactTraces.compact(events, false));
        assertEquals(CompactTraces.fields(events, false), CompactTraces.fields(back, false));
        assertEquals(Resolver.SYNTHETIC_BASE, back.get(0).address);
    }

    @Test
    void taggedTextWithGapsInItsTagsKeepsTheTags() {
        String text = "malloc(8) = 10<5>\nmalloc(9) = 20<6>\nfree(10<5>)\nrealloc(20<6>, 30) = 30<40>\nfree(30<40>)\n";
        List<Event> events = CompactTraces.read(text);
        assertEquals(text, CompactTraces.text(CompactTraces.read(CompactTraces.compact(events, true))));
        assertEquals(text, CompactTraces.text(CompactTraces.read(CompactTraces.compact(events, true, 2))));
    }

    @Test
    void headerSaysWhatRecordedTheTrace() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        WriteOptions h = WriteOptions.DEFAULT.withRecorder("heaptrack 1.4.0 \u00e9").withMachine(16384, 32).withEvents(2).withAddresses(false);
        try (CompactWriter w = new CompactWriter(b, "mem", h)) {
            CompactTraces.read("malloc(8) = 0x10\nfree(0x10)\n").forEach(w::write);
        }
        try (TraceReader r = TraceReader.open(new java.io.ByteArrayInputStream(b.toByteArray()), "m", Leniency.STRICT)) {
            assertEquals(h, r.options().orElseThrow());
            assertEquals(2, r.forEach(e -> { }));
        }
        try (TraceReader r = TraceReader.open(new java.io.ByteArrayInputStream(MIXED.getBytes()), "m", Leniency.STRICT)) {
            assertTrue(r.options().isEmpty());
        }
    }

    @Test
    void emptyTraceIsAHeaderAndAnIndex() {
        byte[] b = CompactTraces.compact(List.of(), true);
        assertEquals(Format.COMPACT, Format.detect(b, b.length));
        assertEquals(0, CompactTraces.read(b).size());
    }

    @Test
    void detectionTellsTheThreeFormatsApart() {
        List<Event> events = CompactTraces.read(MIXED);
        byte[] compact = CompactTraces.compact(events, true);
        byte[] legacy = CompactTraces.write(events, Format.LEGACY_CMT);
        assertEquals(Format.COMPACT, Format.detect(compact, Format.SNIFF_BYTES));
        assertEquals(Format.LEGACY_CMT, Format.detect(legacy, Format.SNIFF_BYTES));
        assertEquals(Format.TEXT, Format.detect(MIXED.getBytes(), Format.SNIFF_BYTES));
        try (TraceReader r = TraceReader.open(new java.io.ByteArrayInputStream(compact), "m", Leniency.STRICT)) {
            assertEquals(Format.COMPACT, r.format());
        }
    }

    @Test
    void bzip2SampleRoundTripsAndMatchesTheLegacyReadingWithoutAddresses() {
        Path p = CompactTraces.shared("401.bzip2.txt");
        List<Event> events = CompactTraces.read(p);
        assertEquals(CompactTraces.text(events), CompactTraces.text(CompactTraces.read(CompactTraces.compact(events, true))));
        List<Event> legacy = CompactTraces.read(CompactTraces.write(events, Format.LEGACY_CMT));
        assertEquals(CompactTraces.text(legacy), CompactTraces.text(CompactTraces.read(CompactTraces.compact(events, false))));
    }

    @Test
    void hmmerRoundTripsWithinTheIssueSevenTargets() throws Exception {
        Path bz = CompactTraces.shared("456.hmmer.test.txt.bz2");
        List<Event> events = CompactTraces.read(bz);
        assertEquals(180_216, events.size());
        byte[] with = CompactTraces.compact(events, true);
        byte[] without = CompactTraces.compact(events, false);
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(CompactTraces.read(with), true));
        assertEquals(CompactTraces.fields(events, false), CompactTraces.fields(CompactTraces.read(without), false));
        assertTrue(without.length <= 0.30 * events.size(), without.length + " bytes without addresses");
        assertTrue(with.length <= 0.40 * events.size(), with.length + " bytes with addresses");
        Path tmp = Files.createTempFile("hmmer", ".cmtz");
        try {
            Files.write(tmp, with);
            assertEquals(CompactTraces.text(events), CompactTraces.text(CompactTraces.read(tmp)));
        } finally {
            Files.delete(tmp);
        }
    }
}
