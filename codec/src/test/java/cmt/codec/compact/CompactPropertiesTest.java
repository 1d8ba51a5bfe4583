package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.TraceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Round trips of generated traces: any valid trace, with sizes and addresses across every varint width
 * boundary (2^7 to 2^63, and sizes up to 2^64 - 1), threads, timestamps and call sites or not, in blocks of any size,
 * comes back exactly; so do loops that repeat themselves but for fresh sizes, however they break off.
 */
class CompactPropertiesTest {
    /** One step of a generated trace: what to do, a size, a choice among live blocks, an address step. */
    record Step(int kind, long size, int pick, long step, long thread, long time, long site) {
    }

    /** Traces of up to 400 steps; every draw goes through the source, so that failures shrink. */
    static Gen<List<Step>> traces() {
        Gen<Long> sizes = Generate.oneOf(
                longs().between(1, 300),
                integers().between(1, 63).map(b -> (1L << b) + (b % 3) - 1),
                longs().between(1, Long.MAX_VALUE),
                longs().between(Long.MIN_VALUE, -1));
        Gen<Long> steps = Generate.oneOf(
                longs().between(0, 64),
                integers().between(4, 62).map(b -> 1L << b),
                longs().between(-(1L << 40), 1L << 40));
        Gen<Integer> kinds = integers().between(0, 9);
        Gen<Integer> picks = integers().between(0, 1000);
        Gen<Long> threads = longs().between(-1, 5);
        Gen<Long> times = longs().between(-1, 1L << 50);
        Gen<Long> sites = Generate.oneOf(longs().between(-1, 12), longs().between(0, Long.MAX_VALUE).map(v -> v * 2));
        Gen<Step> step = r -> new Step(kinds.generate(r), sizes.generate(r), picks.generate(r), steps.generate(r),
                threads.generate(r), times.generate(r), sites.generate(r));
        return lists().of(step).ofSizeBetween(0, 400).map(ArrayList::new);
    }

    /** Text of the trace the steps describe, with unique addresses. */
    static String text(List<Step> steps, boolean extras) {
        StringBuilder b = new StringBuilder();
        List<Long> live = new ArrayList<>();
        java.util.Set<Long> used = new java.util.HashSet<>();
        long next = 0x10000;
        for (Step step : steps) {
            Step s = step;
            boolean alloc = live.isEmpty() || s.kind() < 5;
            long a = next + s.step();
            while (a == 0 || used.contains(a) || live.contains(a)) {
                a += 16;
            }
            String ptr = Long.toHexString(a);
            // The largest size that still ends within 2^64 at this address: a longer block is bad input.
            long size = Long.compareUnsigned(a + (s.size() - 1), a) < 0 ? -a : s.size();
            s = new Step(s.kind(), size, s.pick(), s.step(), s.thread(), s.time(), s.site());
            if (alloc) {
                switch (s.kind() % 4) {
                    case 0 -> b.append("malloc(").append(Long.toUnsignedString(s.size())).append(") = ").append(ptr);
                    case 1 -> b.append("calloc(1, ").append(Long.toUnsignedString(s.size())).append(") = ").append(ptr);
                    case 2 -> b.append("memalign(").append(1L << (s.pick() % 20)).append(", ").append(Long.toUnsignedString(s.size()))
                            .append(") = ").append(ptr);
                    default -> b.append("malloc(").append(Long.remainderUnsigned(s.size(), 64) + 1).append(") = ").append(ptr);
                }
                live.add(a);
                used.add(a);
                next = a + 16;
            } else {
                int k = s.pick() % live.size();
                long old = live.get(k);
                if (s.kind() == 9) {
                    long na = s.pick() % 2 == 0 ? old : a;
                    if (Long.compareUnsigned(na + (s.size() - 1), na) < 0) {
                        s = new Step(s.kind(), -na, s.pick(), s.step(), s.thread(), s.time(), s.site());
                    }
                    b.append("realloc(").append(Long.toHexString(old)).append(", ").append(Long.toUnsignedString(s.size())).append(") = ")
                            .append(Long.toHexString(na));
                    live.set(k, na);
                    used.add(na);
                    next = Math.max(next, na + 16);
                } else {
                    b.append("free(").append(Long.toHexString(old)).append(')');
                    live.remove(k);
                }
            }
            if (extras && s.thread() >= 0) {
                b.append(" tid=").append(s.thread());
            }
            if (extras && s.time() >= 0) {
                b.append(" ns=").append(s.time());
            }
            if (extras && s.site() != -1 && (alloc || s.kind() == 9)) {
                b.append(" site=").append(Long.toUnsignedString(s.site()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void everyTraceComesBackExactly() {
        qt().withExamples(150).forAll(traces(), booleans().all(), integers().between(1, 500))
                .checkAssert(CompactPropertiesTest::everyTraceComesBackExactly);
    }

    private static void everyTraceComesBackExactly(List<Step> steps, boolean extras, int block) {
        List<Event> events = CompactTraces.read(text(steps, extras));
        List<Event> with = CompactTraces.read(CompactTraces.compact(events, true, block));
        assertEquals(CompactTraces.text(events), CompactTraces.text(with));
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(with, true));
        if (!syntheticLayoutFits(events)) {
            TraceException x = assertThrows(TraceException.class, () -> CompactTraces.compact(events, false, block));
            assertTrue(x.getMessage().endsWith("would end past 2^64"), x.getMessage());
            return;
        }
        List<Event> without = CompactTraces.read(CompactTraces.compact(events, false, block));
        assertEquals(CompactTraces.fields(events, false), CompactTraces.fields(without, false));
    }

    /** True if the blocks' synthetic addresses, one after the other, all end within 2^64. */
    static boolean syntheticLayoutFits(List<Event> events) {
        long bump = cmt.codec.resolve.Resolver.SYNTHETIC_BASE;
        for (Event e : events) {
            if (e.op.creates()) {
                long at = cmt.codec.resolve.Resolver.synthetic(bump, e);
                bump = at == 0 ? 0 : cmt.codec.resolve.Resolver.nextBump(at, e.size);
                if (bump == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Text of a loop run {@code turns} times, whose body allocates fresh random sizes (op 0), a fixed size
     * (1), one more than the previous size (2), or frees the newest (3) or oldest (4) live block; with
     * {@code deviate}% chance an extra malloc breaks the pattern. Such traces are what runs are for.
     */
    static String loop(List<Integer> body, int turns, long seed, int deviate) {
        java.util.Random r = new java.util.Random(seed);
        java.util.ArrayDeque<Long> live = new java.util.ArrayDeque<>();
        StringBuilder b = new StringBuilder();
        long next = 0x10000;
        long last = 8;
        for (int t = 0; t < turns; t++) {
            for (int op : body) {
                boolean extra = r.nextInt(100) < deviate;
                if (op >= 3 && !live.isEmpty() && !extra) {
                    long a = op == 3 ? live.removeLast() : live.removeFirst();
                    b.append("free(").append(Long.toHexString(a)).append(")\n");
                    continue;
                }
                long size = extra || op == 0 ? 1 + r.nextInt(1 << (1 + r.nextInt(20))) : op == 1 ? 24 : op == 2 ? last + 1 : 16;
                b.append("malloc(").append(size).append(") = ").append(Long.toHexString(next)).append('\n');
                live.addLast(next);
                next += (size + 23) / 16 * 16;
                last = size;
            }
        }
        while (!live.isEmpty()) {
            b.append("free(").append(Long.toHexString(live.removeFirst())).append(")\n");
        }
        return b.toString();
    }

    /** One case of {@link #loopsWithFreshSizesComeBackExactly()}. */
    record Loop(List<Integer> body, int turns, long seed, int deviate, int block) {
    }

    @Test
    void loopsWithFreshSizesComeBackExactly() {
        Gen<Loop> loops = lists().of(integers().between(0, 4)).ofSizeBetween(1, 12).map(ArrayList::new)
                .zip(integers().between(1, 150), longs().all(), integers().between(0, 5), integers().between(1, 3000), Loop::new);
        qt().withExamples(100).forAll(loops).checkAssert(c -> loopsWithFreshSizesComeBackExactly(c.body(), c.turns(), c.seed(),
                c.deviate(), c.block()));
    }

    private static void loopsWithFreshSizesComeBackExactly(List<Integer> body, int turns, long seed, int deviate, int block) {
        List<Event> events = CompactTraces.read(loop(body, turns, seed, deviate));
        List<Event> with = CompactTraces.read(CompactTraces.compact(events, true, block));
        assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(with, true));
        if (!syntheticLayoutFits(events)) {
            TraceException x = assertThrows(TraceException.class, () -> CompactTraces.compact(events, false, block));
            assertTrue(x.getMessage().endsWith("would end past 2^64"), x.getMessage());
            return;
        }
        List<Event> without = CompactTraces.read(CompactTraces.compact(events, false, block));
        assertEquals(CompactTraces.fields(events, false), CompactTraces.fields(without, false));
    }
}
