package cmt.codec.compact.packed;

import cmt.codec.compact.CompactTraces;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.WriteOptions;
import cmt.codec.resolve.Resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the packed coding. Generated traces come back exactly, with addresses and without
 * (then with the synthetic addresses every tag-keyed reader gives), in blocks of any size. The traces
 * are made by a small glibc-like heap, because the address stream only earns its keep when addresses
 * repeat: chunks come back from per-class free lists at any depth (beyond the coding's 32 too), from the
 * top, from near it and from anywhere, and a realloc stays or moves; sizes, tags, threads, times and call
 * sites cross every varint width, and sizes of 0 and above 2^63, which only a binary format can carry, are in.
 * {@link FreedAddresses} is checked on its own against a plain list per class, since writer and reader
 * share it and a bug there would round-trip without a trace.
 */
class PackedPropertiesTest {
    /** One step of a generated trace; each field is read as its operation needs. */
    record Step(int op, long size, int pick, int where, long offset, long thread, long time, long gap, long site) {
    }

    /** How a trace's steps turn into operations: mixed, or fill, empty and refill one size class. */
    enum Shape { MIXED, FILL_EMPTY_REFILL }

    /** Any long, every width as likely as the full one: a uniform long almost always needs ten varint bytes. */
    static final Gen<Long> ANY_LONG = Generate.oneOf(longs().all(),
            integers().between(0, 63).zip(longs().all(), (bits, v) -> v >> bits));

    /** Traces of up to 400 steps; every draw goes through the source, so that failures shrink. */
    static Gen<List<Step>> steps() {
        Gen<Long> sizes = Generate.frequency(List.of(
                Pair.of(5, arbitrary().pick(List.of(8L, 24L, 40L, 100L))),
                Pair.of(3, longs().between(1, 300)),
                Pair.of(1, Generate.constant(0L)),
                Pair.of(1, integers().between(1, 63).map(b -> (1L << b) + (b % 3) - 1)),
                Pair.of(1, longs().between(16_350, 16_370)),
                Pair.of(1, ANY_LONG)));
        Gen<Long> offsets = Generate.oneOf(
                longs().between(-4096, 4096),
                integers().between(0, 63).map(b -> 1L << b),
                ANY_LONG);
        Gen<Long> threads = Generate.oneOf(longs().between(-1, 5),
                integers().between(0, 63).map(b -> (1L << b) - 2), ANY_LONG);
        Gen<Long> times = Generate.oneOf(longs().between(-1, 1000),
                integers().between(0, 63).map(b -> 1L << b), ANY_LONG);
        Gen<Long> gaps = Generate.frequency(List.of(
                Pair.of(6, Generate.constant(0L)),
                Pair.of(2, longs().between(1, 200)),
                Pair.of(1, integers().between(7, 40).map(b -> 1L << b))));
        Gen<Integer> ops = integers().between(0, 11);
        Gen<Integer> picks = integers().between(0, 1 << 20);
        Gen<Integer> wheres = integers().between(0, 9);
        Gen<Step> step = r -> new Step(ops.generate(r), sizes.generate(r), picks.generate(r), wheres.generate(r),
                offsets.generate(r), threads.generate(r), times.generate(r), gaps.generate(r), threads.generate(r));
        return lists().of(step).ofSizeBetween(0, 400).map(ArrayList::new);
    }

    /** A live block of the generated heap: what a reader hands out for the free that ends it. */
    private record Live(long tag, long address, long size, long index, long synthetic) {
    }

    /**
     * The resolved events the steps describe, as a reader of a file with addresses hands them out;
     * {@code synthetic} gets the same events as a file without addresses gives them.
     */
    static List<Event> trace(List<Step> steps, Shape shape, boolean extras, boolean gaps, List<Event> synthetic) {
        List<Event> out = new ArrayList<>();
        List<Live> live = new ArrayList<>();
        Map<Integer, List<Long>> freed = new HashMap<>();
        long top = 0x5555_5555_0000L;
        long lastTag = 0;
        long bump = Resolver.SYNTHETIC_BASE;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int op = s.op();
            if (shape == Shape.FILL_EMPTY_REFILL) {
                op = 3 * i < steps.size() || 3 * i >= 2 * steps.size() ? 0 : 11;
            }
            Event e = new Event().clear();
            e.index = i;
            boolean creates = live.isEmpty() || op < 9;
            if (creates) {
                e.op = op < 5 ? Op.MALLOC : op == 5 ? Op.CALLOC : op == 6 ? Op.ALIGNED : live.isEmpty() ? Op.MALLOC : Op.REALLOC;
                // Filling and emptying one class makes lists longer than the 32 entries the coding keeps.
                e.size = shape == Shape.FILL_EMPTY_REFILL ? 8 + 16 * (s.pick() & 1) : s.size();
                if (e.op == Op.CALLOC) {
                    long count = s.pick() % 16 == 0 ? 0 : 1 + s.pick() % 4;
                    if (Math.unsignedMultiplyHigh(count, e.size) != 0) {
                        count = 1;
                    }
                    e.count = count;
                    e.size = count * e.size;
                } else if (e.op == Op.ALIGNED) {
                    e.alignment = 1L << (s.pick() % 64);
                }
            } else {
                e.op = Op.FREE;
            }
            Live old = null;
            long at = 0;
            if (e.op.releases()) {
                old = live.remove(s.pick() % live.size());
                e.oldTag = old.tag();
                e.oldAddress = old.address();
                e.oldSize = old.size();
                e.oldIndex = old.index();
            }
            if (creates) {
                List<Long> list = freed.computeIfAbsent(FreedAddresses.sizeClass(e.size), c -> new ArrayList<>());
                if (e.op == Op.REALLOC && s.where() == 9) {
                    e.address = e.oldAddress;
                } else if (s.where() < 4 && !list.isEmpty()) {
                    // Any depth, so that entries past the 32 the coding remembers are asked for too.
                    e.address = list.remove(list.size() - 1 - s.pick() % Math.min(list.size(), 40));
                } else if (s.where() < 7) {
                    e.address = top;
                    top += FreedAddresses.chunk(e.size);
                } else if (s.where() < 9) {
                    e.address = top + s.offset();
                    top = e.address + FreedAddresses.chunk(e.size);
                } else {
                    e.address = s.offset();
                }
                e.tag = lastTag + 1 + (gaps ? s.gap() : 0);
                lastTag = e.tag;
                at = bump == 0 ? 0 : Resolver.synthetic(bump, e);
                live.add(new Live(e.tag, e.address, e.size, e.index, at));
            }
            if (old != null && e.address != old.address()) {
                freed.computeIfAbsent(FreedAddresses.sizeClass(old.size()), c -> new ArrayList<>()).add(old.address());
            }
            if (extras) {
                e.thread = s.thread();
                e.timestamp = s.time();
                e.site = creates ? s.site() : Event.NONE;
            }
            out.add(e);
            Event b = e.copy();
            if (creates) {
                b.address = at;
                bump = at == 0 ? 0 : Resolver.nextBump(at, e.size);
                if (bump == 0 && !synthetic.contains(null)) {
                    synthetic.add(null); // the blocks pass 2^64 bytes: no synthetic layout holds them
                }
            }
            if (old != null) {
                b.oldAddress = old.synthetic();
            }
            synthetic.add(b);
        }
        return out;
    }

    /** One case of {@link #everyTraceComesBackExactly()}. */
    record Case(List<Step> steps, Shape shape, boolean extras, boolean gaps, int block) {
    }

    @Test
    void everyTraceComesBackExactly() {
        Gen<Case> cases = steps().zip(arbitrary().enumValues(Shape.class), booleans().all(), booleans().all(),
                integers().between(1, 500), Case::new);
        qt().withExamples(200).forAll(cases).checkAssert(c -> everyTraceComesBackExactly(c.steps(), c.shape(), c.extras(),
                c.gaps(), c.block()));
    }

    private static void everyTraceComesBackExactly(List<Step> steps, Shape shape, boolean extras, boolean gaps, int block) {
        List<Event> synthetic = new ArrayList<>();
        List<Event> events = trace(steps, shape, extras, gaps, synthetic);
        List<Event> with = CompactTraces.read(CompactTraces.packed(events, true, block));
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(with, true));
        assertWithoutAddresses(events, synthetic, block);
    }

    @Test
    void longTracesComeBackInTheDefaultBlockSize() {
        qt().withExamples(30).forAll(steps(), integers().between(1, 30), booleans().all())
                .checkAssert(PackedPropertiesTest::longTracesComeBackInTheDefaultBlockSize);
    }

    private static void longTracesComeBackInTheDefaultBlockSize(List<Step> steps, int repeat, boolean extras) {
        // Repeating the steps makes the loops zstd's matches are made for, and crosses block-sized buffers.
        List<Step> longer = new ArrayList<>();
        for (int k = 0; k < repeat; k++) {
            longer.addAll(steps);
        }
        List<Event> synthetic = new ArrayList<>();
        List<Event> events = trace(longer, Shape.MIXED, extras, false, synthetic);
        List<Event> with = CompactTraces.read(CompactTraces.packed(events, true));
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(with, true));
        assertWithoutAddresses(events, synthetic, WriteOptions.DEFAULT_BLOCK_EVENTS);
    }

    /** Without addresses the synthetic layout comes back, or, if the blocks pass 2^64 bytes, writing fails. */
    private static void assertWithoutAddresses(List<Event> events, List<Event> synthetic, int block) {
        if (synthetic.contains(null)) {
            TraceException x = assertThrows(TraceException.class, () -> CompactTraces.packed(events, false, block));
            assertTrue(x.getMessage().endsWith("would end past 2^64"), x.getMessage());
            return;
        }
        List<Event> without = CompactTraces.read(CompactTraces.packed(events, false, block));
        assertEquals(CompactTraces.fields(synthetic, true), CompactTraces.fields(without, true));
    }

    // ---- FreedAddresses against a reference ----

    /** Sizes on both sides of class edges: 0 to 24 share class 2, 16,360 and up share the last class. */
    private static final long[] SIZES = {0, 1, 8, 9, 24, 25, 40, 41, 100, 16_344, 16_345, 16_360, 16_361, 1L << 40, -16, -1};
    private static final long[] ADDRESSES = {0, 0x10, 0x20, 0x1000, 0x7fff_0000_0000L, -16};

    /** One call on the free lists: 0 to 3 freed, 4 find, 5 take, 6 count, 7 cut, 8 clear. */
    record Call(int kind, int size, int address, int k) {
    }

    static Gen<List<Call>> calls() {
        Gen<Call> call = Generate.frequency(List.of(Pair.of(40, integers().between(0, 7)), Pair.of(1, Generate.constant(8))))
                .zip(integers().between(0, SIZES.length - 1), integers().between(0, ADDRESSES.length - 1),
                        integers().between(0, 40), Call::new);
        return lists().of(call).ofSizeBetween(0, 600).map(ArrayList::new);
    }

    /** The size class as FORMAT.md section 7 defines it, written out independently. */
    static int referenceClass(long size) {
        if (Long.compareUnsigned(size, 16_361) >= 0) {
            return 1023;
        }
        return (int) Math.max(2, (size + 23) / 16);
    }

    static long referenceChunk(long size) {
        long c = (size + 23) & ~15L;
        return Long.compareUnsigned(c, 32) < 0 ? 32 : c;
    }

    @Test
    void freedAddressesActLikeAListPerClassNewestFirstOfAtMost32() {
        qt().withExamples(300).forAll(calls()).checkAssert(PackedPropertiesTest::freedAddressesActLikeAListPerClass);
    }

    private static void freedAddressesActLikeAListPerClass(List<Call> calls) {
        FreedAddresses f = new FreedAddresses();
        Map<Integer, List<Long>> ref = new HashMap<>();
        long top = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            long size = SIZES[c.size()];
            long address = ADDRESSES[c.address()];
            List<Long> list = ref.computeIfAbsent(referenceClass(size), x -> new ArrayList<>());
            String at = "call " + i + " " + c + " on " + list;
            switch (c.kind()) {
                case 4 -> assertEquals(list.indexOf(address), f.find(FreedAddresses.sizeClass(size), address), at);
                case 5 -> {
                    if (!list.isEmpty()) {
                        int k = c.k() % list.size();
                        assertEquals(list.remove(k), f.take(FreedAddresses.sizeClass(size), k), at);
                    }
                }
                case 6 -> assertEquals(list.size(), f.count(FreedAddresses.sizeClass(size)), at);
                case 7 -> {
                    f.cut(address, size);
                    top = address + referenceChunk(size);
                }
                case 8 -> {
                    f.clear();
                    ref.clear();
                    top = 0;
                }
                default -> {
                    f.freed(FreedAddresses.sizeClass(size), address);
                    list.add(0, address);
                    if (list.size() > 32) {
                        list.remove(32);
                    }
                }
            }
            assertEquals(ref.getOrDefault(referenceClass(size), List.of()).size(), f.count(FreedAddresses.sizeClass(size)), at);
            assertEquals(top, f.top, at);
        }
        // Every list in full: each entry found where the reference has it, newest first.
        for (long size : SIZES) {
            List<Long> list = ref.getOrDefault(referenceClass(size), List.of());
            assertEquals(list.size(), f.count(FreedAddresses.sizeClass(size)));
            for (long a : ADDRESSES) {
                assertEquals(list.indexOf(a), f.find(FreedAddresses.sizeClass(size), a), "size " + size + " address " + a + " in " + list);
            }
        }
    }

    @Test
    void sizeClassesAndChunksAreThoseOfTheSpecification() {
        qt().withExamples(1000).forAll(ANY_LONG, integers().between(0, 20_000))
                .checkAssert(PackedPropertiesTest::sizeClassesAndChunksAreThoseOfTheSpecification);
    }

    private static void sizeClassesAndChunksAreThoseOfTheSpecification(long size, int small) {
        assertEquals(referenceClass(size), FreedAddresses.sizeClass(size));
        assertEquals(referenceClass(small), FreedAddresses.sizeClass(small));
        assertEquals(referenceChunk(size), FreedAddresses.chunk(size));
        assertEquals(referenceChunk(small), FreedAddresses.chunk(small));
    }
}
