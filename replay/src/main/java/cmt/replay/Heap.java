package cmt.replay;

import java.util.Arrays;

/**
 * What one replay holds of the allocator's heap: for every slot the live block's pointer and usable
 * size, and the usable-size totals the result reports. The replay loop reads its settings once per
 * batch and updates the rest in place; nothing here is allocated per event.
 */
final class Heap {
    // Settings, fixed for a replay.
    /** How memory is touched after each allocation (ordinal of {@link Touch}). */
    final int touch;
    /**
     * An event is timed when its index times {@link #GOLDEN}, unsigned, is below this: one event in
     * {@code sampleEvery}, spread evenly but in no period a trace could fall into step with (timing every
     * 64th event of a trace that alternates malloc and free would time only mallocs).
     */
    final long sampleLimit;
    /** 2^64 / golden ratio: Fibonacci hashing. */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Whether malloc_usable_size is asked after each allocation. */
    final boolean usable;
    /** Address of the {@link Cursor} words the loop publishes the current event to. */
    final long cursor;

    // By slot: the live block's pointer and usable size.
    long[] ptr = new long[1024];
    long[] use = new long[1024];

    // Usable-size totals (when measured).
    long usableTotal;
    long liveUsable;
    long peakUsable;

    // Timed samples of the current batch: op ordinal and nanoseconds.
    final byte[] sampleOp;
    final long[] sampleNs;
    int samples;

    Heap(Touch touch, int sampleEvery, boolean usable, long cursor, int batch) {
        this.touch = touch.ordinal();
        this.sampleLimit = sampleEvery <= 0 ? 0 : sampleEvery == 1 ? -1 : Long.divideUnsigned(-1L, sampleEvery);
        this.usable = usable;
        this.cursor = cursor;
        // Hashing picks close to batch / sampleEvery events of any run of a batch's length, never twice as many.
        int cap = sampleEvery <= 0 ? 0 : Math.min(batch, 2 * (batch / sampleEvery) + 64);
        this.sampleOp = new byte[cap];
        this.sampleNs = new long[cap];
    }

    /**
     * Adds the usable sizes of the first {@code done} events of a replayed batch to the usable totals.
     * Kept out of the replay loop: every value live across a downcall costs a spill and a reload, and
     * this pass runs with everything in registers. (Requested bytes and counts need no allocator: the
     * {@link Decoder} adds them up.)
     */
    void accountUsable(Ops o, int done) {
        final byte[] op = o.op;
        final int[] slot = o.slot;
        final long[] usableOf = o.usable;
        final long[] use = this.use;
        long live = liveUsable;
        long peak = peakUsable;
        long total = usableTotal;
        for (int i = 0; i < done; i++) {
            final byte k = op[i];
            final int s = slot[i];
            if (k >= Ops.REALLOC) {
                live -= use[s];
            }
            if (k != Ops.FREE) {
                long u = usableOf[i];
                use[s] = u;
                live += u;
                total += u;
                peak = Math.max(peak, live);
            }
        }
        liveUsable = live;
        peakUsable = peak;
        usableTotal = total;
    }

    /** Makes room for slots [0, n). */
    void ensure(int n) {
        if (n > ptr.length) {
            int c = Math.max(n, ptr.length * 2);
            ptr = Arrays.copyOf(ptr, c);
            use = Arrays.copyOf(use, c);
        }
    }
}
