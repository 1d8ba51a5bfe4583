package cmt.replay;

import java.util.Arrays;

/**
 * What one replay holds of the allocator's heap: for every slot the live block's pointer, requested and
 * usable size, and the running totals the result reports. The replay loop reads its settings once per
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

    // By slot.
    long[] ptr = new long[1024];
    long[] req = new long[1024];
    long[] use = new long[1024];

    // Totals.
    final long[] opCount = new long[5];
    long requested;
    long usableTotal;
    long liveRequested;
    long liveUsable;
    long peakRequested;
    long peakUsable;
    long liveBlocks;
    long peakBlocks;

    // Timed samples of the current batch: op ordinal and nanoseconds.
    final byte[] sampleOp;
    final long[] sampleNs;
    int samples;

    Heap(Touch touch, int sampleEvery, boolean usable, long cursor, int batch) {
        this.touch = touch.ordinal();
        this.sampleLimit = sampleEvery <= 0 ? 0 : sampleEvery == 1 ? -1 : Long.divideUnsigned(-1L, sampleEvery);
        this.usable = usable;
        this.cursor = cursor;
        int cap = sampleEvery <= 0 ? 0 : batch / sampleEvery + 2;
        this.sampleOp = new byte[cap];
        this.sampleNs = new long[cap];
    }

    /** Makes room for slots [0, n). */
    void ensure(int n) {
        if (n > ptr.length) {
            int c = Math.max(n, ptr.length * 2);
            ptr = Arrays.copyOf(ptr, c);
            req = Arrays.copyOf(req, c);
            use = Arrays.copyOf(use, c);
        }
    }
}
