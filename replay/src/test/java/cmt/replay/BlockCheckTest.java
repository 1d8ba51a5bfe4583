package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockCheck} against the definition: a returned block [p, p + max(1, size)) is a fault exactly
 * when it shares a byte with a live block, at any alignment (small blocks at unaligned addresses share
 * words without sharing bytes).
 */
class BlockCheckTest {
    private record Block(long start, long end, int slot) {
        boolean overlaps(long p, long e) {
            return Long.compareUnsigned(p, end) < 0 && Long.compareUnsigned(start, e) < 0;
        }
    }

    /** Replays a random malloc/free sequence near {@code base}; returns whether the model and the check agree. */
    private static void agree(long seed, long base, int align) {
        SplittableRandom r = new SplittableRandom(seed);
        BlockCheck check = new BlockCheck();
        List<Block> live = new ArrayList<>();
        Ops ops = new Ops(1, false, true);
        ops.count = 1;
        for (int n = 0; n < 600; n++) {
            ops.base = n;
            if (!live.isEmpty() && r.nextInt(3) == 0) {
                Block b = live.remove(r.nextInt(live.size()));
                ops.op[0] = Ops.FREE;
                ops.size[0] = 0;
                ops.oldAddress[0] = b.start();
                ops.slot[0] = b.slot();
                check.verify("model", ops, 1);
                continue;
            }
            // Mostly small blocks (marked word by word), some large ones (intervals, more than 64 KiB) across a
            // few 64 KiB regions, and now and then one of more than 4 GiB (not marked page by page).
            int kind = r.nextInt(40);
            long size = kind == 0 ? r.nextLong(1L << 32, 1L << 40)
                    : kind < 4 ? r.nextLong(60_000, 600_000)
                    : kind < 12 ? r.nextLong(1, 20_000) : r.nextLong(0, align < 8 ? 12 : 100);
            // Often just after or before a live block: where blocks share words and nearly overlap.
            long p;
            if (!live.isEmpty() && r.nextBoolean()) {
                Block b = live.get(r.nextInt(live.size()));
                p = r.nextBoolean() ? b.end() + r.nextInt(-2, 3) : b.start() - Math.max(1, size) + r.nextInt(-2, 3);
                p = base + Math.floorDiv(p - base, align) * align;
            } else {
                p = base + r.nextLong(0, r.nextBoolean() ? 1 << 16 : 1 << 22) / align * align;
            }
            if (Long.compareUnsigned(p + Math.max(1, size), p) <= 0) {
                p = base; // before a block near 0, a large one would wrap: past 2^64 is tested below
            }
            final long at = p;
            long e = p + Math.max(1, size);
            boolean overlaps = live.stream().anyMatch(b -> b.overlaps(at, e));
            ops.op[0] = Ops.MALLOC;
            ops.size[0] = size;
            ops.address[0] = p;
            ops.slot[0] = n;
            if (overlaps) {
                ReplayException x = assertThrows(ReplayException.class, () -> check.verify("model", ops, 1),
                        "seed " + seed + ": [" + Long.toHexString(at) + ", " + Long.toHexString(e) + ") overlaps");
                assertTrue(x.getMessage().startsWith("model: allocator fault at event " + n + ": malloc of "), x.getMessage());
                assertTrue(check.faulty());
                continue; // the block was refused, the check's tables are as before: go on
            }
            check.verify("model", ops, 1);
            live.add(new Block(p, e, n));
        }
    }

    @Test
    void faultsExactlyWhenABlockSharesAByteWithALiveOne() {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> agree(seed, 0x7f00_0000_0000L, 8));
    }

    @Test
    void alsoAtAddressesThatAreNotWordAligned() {
        for (int align : new int[] {1, 2, 4, 16}) {
            qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> agree(seed, 0x5555_0000L + 3, align));
        }
    }

    @Test
    void blocksAtTheTopOfTheAddressSpace() {
        BlockCheck check = new BlockCheck();
        Ops ops = new Ops(2, false, true);
        ops.count = 2;
        ops.op[0] = Ops.MALLOC;
        ops.address[0] = -4096L;
        ops.size[0] = 4096; // ends exactly at 2^64
        ops.slot[1] = 1;
        ops.op[1] = Ops.MALLOC;
        ops.address[1] = -16L;
        ops.size[1] = 8;
        ReplayException e = assertThrows(ReplayException.class, () -> check.verify("top", ops, 2));
        assertEquals("top: allocator fault at event 1: malloc of 8 bytes returned 0xfffffffffffffff0, which overlaps "
                + "the live block 0xfffffffffffff000 (4,096 bytes)", e.getMessage());
        BlockCheck again = new BlockCheck();
        ops.size[1] = 17;
        ops.address[0] = 0;
        ops.size[0] = 8;
        ReplayException past = assertThrows(ReplayException.class, () -> again.verify("top", ops, 2));
        assertTrue(past.getMessage().endsWith("returned 0xfffffffffffffff0, where a block of that size would end past 2^64"),
                past.getMessage());
    }
}
