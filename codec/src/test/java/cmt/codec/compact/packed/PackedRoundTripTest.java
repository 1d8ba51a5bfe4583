package cmt.codec.compact.packed;

import cmt.codec.WriteOptions;

import cmt.codec.Format;
import cmt.codec.compact.CompactWriter;
import cmt.codec.resolve.Resolver;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.CompactTraces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact round trips through packed compact files ({@code FORMAT.md} section 7), with and without
 * addresses: every operation, realloc in place and moving, threads and timestamps that appear part way
 * (each forcing a new block), tag gaps, every varint width, blocks of one event and more, an empty trace
 * and the bundled recordings. Without addresses the reader must hand out the same synthetic addresses
 * as for a modelled file, since tools compare the two codings event for event. The header must say
 * "packed" in both the record and the bytes another reader would look at, and the packed coding must
 * stay within its size promise on glibc traces, which is what makes it worth choosing over plain zstd.
 */
class PackedRoundTripTest {
    /**
     * Starts without threads or times so that the first {@code tid=} and the first {@code ns=} each open
     * a block; a thread and a time later go missing again, which a block with those streams must carry.
     */
    private static final String MIXED = """
            malloc(8) = 0x10
            calloc(3, 40) = 0x2000
            memalign(64, 100) = 0x3000
            realloc(0x10, 16) = 0x10
            realloc(0x2000, 1000) = 0x9000 tid=7
            free(0x3000) tid=7 ns=1000
            malloc(300) = 0x3000 ns=999
            malloc(4096) = 0xffffffffffff0000 tid=9223372036854775807 ns=5
            calloc(1, 24) = 0x3140 tid=0 ns=9223372036854775806
            free(0x10)
            free(0x9000) tid=3 ns=0
            valloc(5000) = 0x4000
            realloc(0x4000, 10) = 0x4000
            realloc(0x4000, 100000) = 0x3000000
            free(0x3140) tid=1
            """;

    private static List<String> fields(List<Event> events, boolean addresses) {
        return CompactTraces.fields(events, addresses);
    }
    private static WriteOptions header(byte[] file) {
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(file), "mem", Leniency.STRICT)) {
            return r.options().orElseThrow();
        }
    }

    private static List<Event> loop() throws IOException {
        try (InputStream in = PackedRoundTripTest.class.getResourceAsStream("/cmt/codec/compact/loop.trace")) {
            return CompactTraces.read(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void mixedOperationsThreadsAndTimesComeBackExactly() {
        List<Event> events = CompactTraces.read(MIXED);
        for (int block : new int[] {1, 2, 3, CompactFormat.DEFAULT_BLOCK_EVENTS}) {
            byte[] with = CompactTraces.packed(events, true, block);
            assertEquals(fields(events, true), fields(CompactTraces.read(with), true), "block " + block);
            assertEquals(CompactTraces.text(events), CompactTraces.text(CompactTraces.read(with)), "block " + block);
        }
        // The first tid= and the first ns= each need a stream the block before lacks.
        assertEquals(3, CompactTraces.blockOffsets(CompactTraces.packed(events, true)).length);
    }

    @Test
    void withoutAddressesTheSyntheticAddressesAreThoseOfAModelledFile() {
        List<Event> events = CompactTraces.read(MIXED);
        for (int block : new int[] {1, 4, CompactFormat.DEFAULT_BLOCK_EVENTS}) {
            List<Event> back = CompactTraces.read(CompactTraces.packed(events, false, block));
            assertEquals(fields(events, false), fields(back, false), "block " + block);
            assertEquals(fields(CompactTraces.read(CompactTraces.compact(events, false, block)), true), fields(back, true),
                    "block " + block);
            assertEquals(Resolver.SYNTHETIC_BASE, back.get(0).address);
        }
    }

    @Test
    void aTimestampThatAppearsAfterThreadsOpensItsOwnBlock() {
        String text = "malloc(1) = 0x100 tid=1\nmalloc(2) = 0x200 tid=1\nfree(0x100) tid=2 ns=77\nfree(0x200) tid=2 ns=5\n";
        List<Event> events = CompactTraces.read(text);
        byte[] with = CompactTraces.packed(events, true);
        assertEquals(2, CompactTraces.blockOffsets(with).length);
        assertEquals(fields(events, true), fields(CompactTraces.read(with), true));
        assertEquals(fields(events, false), fields(CompactTraces.read(CompactTraces.packed(events, false)), false));
    }

    @Test
    void reallocsInPlaceAndMovingKeepTheirAddressesAndTheFreedLists() {
        // A moving realloc frees its old chunk: the next malloc of that class takes it back, which the
        // address stream names by its place in the class's list.
        String text = """
                malloc(24) = 0x1000
                malloc(24) = 0x1020
                realloc(0x1000, 24) = 0x1000
                realloc(0x1000, 200) = 0x2000
                malloc(20) = 0x1000
                realloc(0x1020, 10) = 0x1040
                malloc(24) = 0x1020
                realloc(0x2000, 16) = 0x2000
                free(0x2000)
                free(0x1000)
                free(0x1020)
                free(0x1040)
                malloc(8) = 0x1040
                """;
        List<Event> events = CompactTraces.read(text);
        for (int block : new int[] {1, 5, 100}) {
            assertEquals(fields(events, true), fields(CompactTraces.read(CompactTraces.packed(events, true, block)), true));
            assertEquals(fields(events, false), fields(CompactTraces.read(CompactTraces.packed(events, false, block)), false));
        }
    }

    @Test
    void taggedTextWithGapsInItsTagsKeepsTheTags() {
        String text = "malloc(8) = 10<5>\nmalloc(9) = 20<6>\nfree(10<5>)\nrealloc(20<6>, 30) = 30<40>\nfree(30<40>)\n"
                + "malloc(1) = 50<41>\nmalloc(2) = 60<4294967337>\nfree(60<4294967337>)\ncalloc(2, 3) = 70<9223372036854775807>\n"
                + "free(50<41>)\n";
        List<Event> events = CompactTraces.read(text);
        for (int block : new int[] {1, 2, 3, 100}) {
            assertEquals(text, CompactTraces.text(CompactTraces.read(CompactTraces.packed(events, true, block))), "block " + block);
            assertEquals(fields(events, false), fields(CompactTraces.read(CompactTraces.packed(events, false, block)), false));
        }
    }

    @Test
    void aFirstGapAfterGaplessTagsOpensABlockWithGaps() {
        String text = "malloc(8) = 10<1>\nmalloc(8) = 20<2>\nmalloc(8) = 30<9>\nfree(20<2>)\nmalloc(8) = 20<10>\n";
        List<Event> events = CompactTraces.read(text);
        byte[] with = CompactTraces.packed(events, true);
        assertEquals(2, CompactTraces.blockOffsets(with).length);
        assertEquals(text, CompactTraces.text(CompactTraces.read(with)));
    }

    @Test
    void everyVarintWidthOfSizesAddressesThreadsAndTimesComesBack() {
        StringBuilder b = new StringBuilder();
        List<Long> values = new ArrayList<>();
        for (int bits = 6; bits < 64; bits += 7) {
            values.add((1L << bits) - 1);
            values.add(1L << bits);
            values.add((1L << bits) + 1);
        }
        values.add(-0x50L); // the largest size that ends within 2^64 at 0x40
        long time = 0;
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            // Addresses far apart, both ways, so the "top plus a delta" code takes every width too.
            long address = (i % 2 == 0 ? v : -v) & ~15L;
            if (address == 0 || Long.compareUnsigned(address + (v - 1), address) < 0) {
                address = 0x40; // where a block of the largest sizes still ends within 2^64
            }
            time = i % 3 == 0 ? (v >>> 2) + (time >>> 2) : time / 2;
            b.append("malloc(").append(Long.toUnsignedString(v)).append(") = 0x").append(Long.toHexString(address))
                    .append(" tid=").append(Long.toUnsignedString(v >>> 1)).append(" ns=").append(time).append('\n');
            b.append("free(0x").append(Long.toHexString(address)).append(")\n");
        }
        List<Event> events = CompactTraces.read(b.toString());
        // Without addresses, the blocks are laid out one after the other: as many as fit below 2^64.
        int fit = 0;
        for (long bump = Resolver.SYNTHETIC_BASE; fit < events.size(); fit++) {
            Event e = events.get(fit);
            if (e.op.creates() && (bump = Resolver.nextBump(Resolver.synthetic(bump, e), e.size)) == 0) {
                break;
            }
        }
        assertTrue(fit > events.size() / 2, fit + " of " + events.size());
        List<Event> fitting = events.subList(0, fit);
        for (int block : new int[] {1, 3, 1000}) {
            assertEquals(fields(events, true), fields(CompactTraces.read(CompactTraces.packed(events, true, block)), true));
            assertEquals(fields(fitting, false), fields(CompactTraces.read(CompactTraces.packed(fitting, false, block)), false));
        }
    }

    @Test
    void anEmptyTraceIsAHeaderAndAnIndex() {
        for (boolean addresses : new boolean[] {true, false}) {
            byte[] b = CompactTraces.packed(List.of(), addresses);
            assertEquals(Format.COMPACT, Format.detect(b, b.length));
            assertEquals(0, CompactTraces.blockOffsets(b).length);
            assertEquals(0, CompactTraces.read(b).size());
            assertEquals(WriteOptions.Coding.CHOSEN, header(b).coding());
        }
    }

    @Test
    void everyBlockSaysPackedInItsFlagsAndTheHeaderKeepsTheRest() {
        List<Event> events = CompactTraces.read(MIXED);
        for (boolean addresses : new boolean[] {true, false}) {
            byte[] b = CompactTraces.packed(events, addresses, 100);
            WriteOptions h = header(b);
            assertEquals(WriteOptions.Coding.CHOSEN, h.coding());
            assertEquals(addresses, h.addresses());
            assertEquals(CompactFormat.VERSION, b[8]);
            assertEquals(addresses ? CompactFormat.FLAG_ADDRESSES : 0, b[9]);
            long[] blocks = CompactTraces.blockOffsets(b);
            assertTrue(blocks.length > 1);
            for (long at : blocks) {
                assertEquals(CompactFormat.BLOCK_PACKED, b[(int) at + 12] & CompactFormat.BLOCK_PACKED, "block at " + at);
            }
            byte[] modelled = CompactTraces.compact(events, addresses, 100);
            for (long at : CompactTraces.blockOffsets(modelled)) {
                assertEquals(0, modelled[(int) at + 12] & CompactFormat.BLOCK_PACKED, "block at " + at);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WriteOptions h = WriteOptions.DEFAULT.withRecorder("heaptrack 1.4.0").withMachine(16384, 32).withEvents(2)
                .withCoding(WriteOptions.Coding.PACKED);
        try (CompactWriter w = new CompactWriter(out, "mem", h)) {
            CompactTraces.read("malloc(8) = 0x10\nfree(0x10)\n").forEach(w::write);
        }
        assertEquals(h.withCoding(WriteOptions.Coding.CHOSEN), header(out.toByteArray()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, CompactFormat.DEFAULT_BLOCK_EVENTS})
    void loopComesBackInBlocksOfAnySize(int block) throws IOException {
        List<Event> events = loop();
        byte[] with = CompactTraces.packed(events, true, block);
        assertEquals((events.size() + block - 1) / block, CompactTraces.blockOffsets(with).length);
        assertEquals(fields(events, true), fields(CompactTraces.read(with), true));
        List<Event> without = CompactTraces.read(CompactTraces.packed(events, false, block));
        assertEquals(fields(events, false), fields(without, false));
        assertEquals(fields(CompactTraces.read(CompactTraces.compact(events, false, block)), true), fields(without, true));
    }

    /**
     * loop.trace is a loop whose sizes are fresh random numbers, one per four events: no coding predicts
     * them, and a packed file spends their varint bytes, so it sits just above a byte per event; its
     * addresses are glibc-like chunks, each the top or a recent free, and must cost next to nothing.
     */
    @Test
    void loopTakesAboutABytePerEventAndItsAddressesAlmostNothing() throws IOException {
        List<Event> events = loop();
        byte[] with = CompactTraces.packed(events, true);
        byte[] without = CompactTraces.packed(events, false);
        assertTrue(with.length <= 1.1 * events.size(), with.length + " bytes for " + events.size() + " events");
        assertTrue(with.length - without.length <= 0.05 * events.size(),
                (with.length - without.length) + " bytes of addresses for " + events.size() + " events");
    }

    /** The bundled recordings are glibc programs: the free lists and the top predict nearly every address. */
    @ParameterizedTest
    @ValueSource(strings = {"cc1plus-heaptrack.trace.xz", "python-heaptrack.trace.xz", "java-valgrind.trace.xz"})
    void bundledSamplesComeBackExactlyInUnderABytePerEvent(String name) {
        Path sample = Path.of(System.getProperty("cmt.root", ".."), "samples", name);
        ByteArrayOutputStream with = new ByteArrayOutputStream();
        ByteArrayOutputStream without = new ByteArrayOutputStream();
        long n;
        try (TraceReader r = TraceReader.open(sample);
                CompactWriter a = new CompactWriter(with, "with", WriteOptions.DEFAULT.withAddresses(true).withCoding(WriteOptions.Coding.PACKED));
                CompactWriter b = new CompactWriter(without, "without", WriteOptions.DEFAULT.withAddresses(false).withCoding(WriteOptions.Coding.PACKED))) {
            n = r.forEach(e -> {
                a.write(e);
                b.write(e);
            });
        }
        assertTrue(n > 80_000, n + " events");
        // Compared event by event as the three are read side by side: a list of a million events would
        // take more memory than the test deserves.
        try (TraceReader original = TraceReader.open(sample);
                TraceReader packed = TraceReader.open(new ByteArrayInputStream(with.toByteArray()), "with", Leniency.STRICT);
                TraceReader bare = TraceReader.open(new ByteArrayInputStream(without.toByteArray()), "without", Leniency.STRICT)) {
            assertTrue(packed.options().orElseThrow().addresses());
            assertTrue(!bare.options().orElseThrow().addresses());
            Event e = new Event();
            Event p = new Event();
            Event q = new Event();
            long bump = Resolver.SYNTHETIC_BASE;
            long i = 0;
            while (original.next(e)) {
                assertTrue(packed.next(p) && bare.next(q), "event " + i + " missing");
                String want = CompactTraces.fields(e, true);
                if (!want.equals(CompactTraces.fields(p, true))) {
                    assertEquals(want, CompactTraces.fields(p, true), "event " + i + " with addresses");
                }
                if (!CompactTraces.fields(e, false).equals(CompactTraces.fields(q, false)) || (q.op.creates() && q.address != Resolver.synthetic(bump, q))) {
                    assertEquals(CompactTraces.fields(e, false) + " at " + Long.toHexString(bump),
                            CompactTraces.fields(q, false) + " at " + Long.toHexString(q.address), "event " + i + " without addresses");
                }
                if (q.op.creates()) {
                    bump = Resolver.nextBump(q.address, q.size);
                }
                i++;
            }
            assertEquals(n, i);
            assertTrue(!packed.next(p) && !bare.next(q), "events after the end");
        }
        double perEvent = (double) with.size() / n;
        assertTrue(perEvent <= 1.0, name + ": " + with.size() + " bytes, " + perEvent + " bytes/event with addresses");
        assertTrue(without.size() <= with.size(), name + ": " + without.size() + " bytes without addresses");
    }
}
