package cmt.replay;

import it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap;
import it.unimi.dsi.fastutil.longs.LongBidirectionalIterator;

/**
 * The check that an allocator hands out only memory that no live block holds: every block it returns,
 * taken as its requested size (at least one byte), must lie outside every block still live. An
 * allocator that returns a live pointer again, or a block overlapping one, would otherwise pass
 * unnoticed, and the re-emitted trace would be one that cmt's own reader rejects.
 *
 * <p>The live blocks are intervals [start, end) in an ordered map, start to end, compared as unsigned
 * 64-bit numbers; since live blocks never overlap each other, a new block [p, e) overlaps one exactly when
 * the live block starting last before e ends after p, so one lookup per allocation decides. It runs after
 * each batch, outside the loop time and the sampled latencies; memory follows the live blocks.
 */
final class BlockCheck {
    /** start -> end (exclusive; 0 stands for 2^64) of every live block. */
    private final Long2LongRBTreeMap live = new Long2LongRBTreeMap(Long::compareUnsigned);

    /** Set once a fault was found: the heap is then not to be trusted, not even to free it. */
    private boolean faulty;

    /**
     * Checks the first {@code done} events of a replayed batch in order.
     *
     * @throws ReplayException naming the event, the pointer and the live block it hits, at the first
     *         block returned that is not outside every live one
     */
    void verify(String allocator, Ops o, int done) {
        for (int i = 0; i < done; i++) {
            byte k = o.op[i];
            if (k >= Ops.REALLOC) {
                live.remove(o.oldAddress[i]);
            }
            if (k == Ops.FREE) {
                continue;
            }
            long p = o.address[i];
            long size = o.size[i];
            long end = p + Math.max(1, size);
            if (end != 0 && Long.compareUnsigned(end, p) <= 0) {
                throw fault(allocator, o, i, "where a block of that size would end past 2^64");
            }
            String hit = overlap(p, end);
            if (hit != null) {
                throw fault(allocator, o, i, hit);
            }
            live.put(p, end);
        }
    }

    /** True once {@link #verify} found a fault. */
    boolean faulty() {
        return faulty;
    }

    /** The live block [p, end) overlaps, described, or null. */
    private String overlap(long p, long end) {
        if (live.isEmpty()) {
            return null;
        }
        // The greatest start <= end - 1 (unsigned): the live block starting last before the new one ends.
        LongBidirectionalIterator it = live.keySet().iterator(end - 1);
        if (!it.hasPrevious()) {
            return null;
        }
        long start = it.previousLong();
        long last = live.get(start);
        boolean overlaps = last == 0 || Long.compareUnsigned(last, p) > 0;
        if (!overlaps) {
            return null;
        }
        String block = "0x" + Long.toHexString(start) + " (" + cmt.dsl.Numbers.formatUnsigned(last - start) + " bytes)";
        return start == p ? "which is the live block " + block : "which overlaps the live block " + block;
    }

    private ReplayException fault(String allocator, Ops o, int i, String why) {
        faulty = true;
        return new ReplayException(allocator + ": allocator fault at event " + (o.base + i) + ": "
                + ReplayException.describe(o.op[i], o.size[i]) + " returned 0x" + Long.toHexString(o.address[i])
                + ", " + why, null, o.base + i);
    }
}
