package cmt.replay;

/**
 * The bytes and blocks one replay asked for, and what the allocator gave for them. Requested sizes and
 * block counts are the trace's, whatever the allocator; usable sizes are the allocator's answers to
 * {@code malloc_usable_size}, -1 where that was not asked ({@link Replay#usableSizes}) or not offered.
 *
 * @param requestedBytes    bytes requested by all allocations
 * @param usableBytes       usable bytes the allocator gave for all allocations, or -1 if not measured
 * @param peakLiveRequested most requested bytes live at once
 * @param peakLiveUsable    most usable bytes live at once, or -1 if not measured
 * @param peakLiveBlocks    most blocks live at once
 * @param liveBlocksAtEnd   blocks still live after the last event
 */
public record Memory(long requestedBytes, long usableBytes, long peakLiveRequested, long peakLiveUsable,
        long peakLiveBlocks, long liveBlocksAtEnd) {
    /** True if usable sizes were measured. */
    public boolean usableMeasured() {
        return usableBytes >= 0;
    }

    /**
     * Internal fragmentation: usable bytes over requested bytes, minus one, over all allocations; NaN if
     * not measured.
     */
    public double usableOverhead() {
        return usableMeasured() && requestedBytes > 0 ? (double) usableBytes / requestedBytes - 1 : Double.NaN;
    }
}
