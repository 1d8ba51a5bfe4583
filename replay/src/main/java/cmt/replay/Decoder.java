package cmt.replay;


import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * Turns a stream of resolved events into {@link Ops} batches, giving every live block a small integer
 * slot: tag -> slot here, slot -> pointer in the {@link Heap}. Slots of ended blocks are reused, so both
 * tables follow the number of live blocks, never the trace length (no table indexed by tag).
 */
final class Decoder {
    private final TraceReader reader;
    private final Event e = new Event();
    /** Sized up front, as in {@code LiveBlocks}: fastutil rehashes a map whenever it falls to a quarter full. */
    private final Long2IntOpenHashMap slots = new Long2IntOpenHashMap(1 << 12);
    private int[] freeSlots = new int[256];
    private int freeCount;
    private int used;

    // What the trace asks for, whatever the allocator: counts by op, requested bytes, live blocks.
    final long[] opCount = new long[5];
    long requested;
    long liveRequested;
    long peakRequested;
    long liveBlocks;
    long peakBlocks;

    Decoder(TraceReader reader) {
        this.reader = reader;
        slots.defaultReturnValue(-1);
    }

    /** Slots handed out so far: the size the Heap's tables must have. */
    int slotsUsed() {
        return used;
    }

    /** Refills {@code ops} with the next events; false when the trace has no more. */
    boolean next(Ops ops) {
        ops.count = 0;
        boolean full = ops.tag.length > 0;
        while (!ops.full() && reader.next(e)) {
            int i = ops.count++;
            if (i == 0) {
                ops.base = e.index;
            }
            Op op = e.op;
            opCount[op.ordinal()]++;
            if (op.releases()) {
                liveRequested -= e.oldSize;
                liveBlocks--;
            }
            if (op.creates()) {
                requested += e.size;
                liveRequested += e.size;
                liveBlocks++;
                peakRequested = Math.max(peakRequested, liveRequested);
                peakBlocks = Math.max(peakBlocks, liveBlocks);
            }
            ops.op[i] = (byte) op.ordinal();
            ops.size[i] = e.size;
            ops.aux[i] = op == Op.CALLOC ? Math.max(1, e.count) : op == Op.ALIGNED ? e.alignment
                    : op == Op.REALLOC ? e.oldSize : 0;
            int s;
            if (op.releases()) {
                s = slots.remove(e.oldTag);
                if (op == Op.FREE) {
                    release(s);
                } else {
                    slots.put(e.tag, s);
                }
            } else {
                s = take();
                slots.put(e.tag, s);
            }
            ops.slot[i] = s;
            if (full) {
                ops.tag[i] = e.tag;
                ops.oldTag[i] = e.oldTag;
                ops.thread[i] = e.thread;
                ops.timestamp[i] = e.timestamp;
            }
        }
        return ops.count > 0;
    }

    private int take() {
        return freeCount > 0 ? freeSlots[--freeCount] : used++;
    }

    private void release(int s) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = s;
    }
}
